"""Sheets a teacher hands out as they are: every example in both languages and a 20-variant batch
of every kind, typeset, with nothing past the margin, no glued words or template leftovers, no
line that announces what follows left alone at a page bottom, and every printed computation
"a × b + c = r" true for the printed numbers (tests/layout.py says how each is read).

Typesetting is one pdflatex run per document, two at a time: about 40 s for the 28 documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from layout import computations, glued, lonely_bottom_lines, overfull, pdf_pages, typeset
from tdgrad import batch, pipeline, spec
from tdgrad.render import render

VARIANTS = 20


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    root = ROOT
    texts = {}
    for path in sorted(root.glob("examples/*.toml")):
        for lang in ("fr", "en"):
            variant = pipeline.make_variant(spec.load(path), lang=lang)
            for name, text in pipeline.documents(variant).items():
                texts[f"{path.stem}-{lang}-{name}"] = text
    every_kind = spec.load(root / "bench/all-kinds.toml")
    for lang in ("fr", "en"):
        drawn = batch.draw(every_kind, VARIANTS, every_kind.seed, lang)
        for name, solution in (("enonces", False), ("corriges", True)):
            texts[f"all-kinds-{lang}-{name}"] = render("batch.tex.j2", lang, spec=drawn.spec,
                                                       variants=drawn.variants, solution=solution)
    folders = typeset(texts, tmp_path_factory.mktemp("sheets"))
    return texts, folders


def test_every_sheet_compiles(sheets):
    texts, folders = sheets
    assert [name for name in texts if not (folders[name] / "doc.pdf").exists()] == []


def test_nothing_past_the_margin(sheets):
    _, folders = sheets
    problems = {name: overfull((folder / "doc.log").read_text(errors="replace"))
                for name, folder in folders.items()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_no_glued_words_nor_template_leftovers(sheets):
    _, folders = sheets
    problems = {name: glued("\n".join(pdf_pages(folder / "doc.pdf")))
                for name, folder in folders.items() if (folder / "doc.pdf").exists()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_no_announcing_line_alone_at_a_page_bottom(sheets):
    _, folders = sheets
    problems = {name: lonely_bottom_lines(pdf_pages(folder / "doc.pdf"))
                for name, folder in folders.items() if (folder / "doc.pdf").exists()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_every_printed_computation_holds_for_the_printed_numbers(sheets):
    texts, _ = sheets
    checked, wrong = 0, []
    for name, text in texts.items():
        for shown, result, ok in computations(text):
            checked += 1
            if not ok:
                wrong.append(f"{name}: {shown} = {result}")
    assert wrong == []
    assert checked > 500  # the substituted-number reasoning is really there
