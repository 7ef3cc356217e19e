"""PDFs: the example compiles and shows the computed numbers; a LaTeX error leaves no good-looking PDF."""

import re
import subprocess

import pytest

from tdgrad import batch, pipeline, spec, typeset
from tdgrad.errors import TypesetError
from tdgrad.typeset import compile_pdf


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_td1_pdfs_show_the_computed_values(root, tmp_path):
    target = pipeline.generate(spec.load(root / "examples/td1.toml"), tmp_path)
    corrige, enonce = pdf_text(target / "corrige.pdf"), pdf_text(target / "enonce.pdf")
    for value in ("0,7593", "0,0336", "0,2197", "0,0095", "0,1098"):
        assert value in corrige
        assert value not in enonce
    assert "Exercice 3" in enonce and "Corrigé" in corrige
    pages = subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1",
                            str(target / "corrige.pdf"), str(tmp_path / "p")], check=True)
    assert pages.returncode == 0 and list(tmp_path.glob("p*.png"))


def test_latex_failure_reports_the_error_and_leaves_no_pdf(tmp_path):
    good = tmp_path / "doc.pdf"
    good.write_bytes(b"%PDF-old")  # the file an earlier run left
    with pytest.raises(TypesetError) as info:
        compile_pdf("\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}", good)
    assert "Undefined control sequence" in str(info.value)
    assert good.read_bytes() == b"%PDF-old" and not list(tmp_path.glob("*.part"))


# One pass when nothing asks for another; chunks typeset in parallel and joined as the whole.

def outline(path):
    """(title, page) of every bookmark of a PDF, as poppler reads them."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(path)], capture_output=True,
                         text=True, check=True).stdout
    return [(title, int(page)) for page, title in re.findall(r'<item page="(\d+)">([^<]*)</item>', xml)]


def pages(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_texts(path):
    return pdf_text(path).split("\f")[:-1]


@pytest.fixture(scope="module")
def batch_tex(tmp_path_factory):
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("b")
    target = batch.run(spec.load(root / "examples/td1-random.toml"), 5, out, seed=11, tex_only=True, quiet=True)
    return (target / "corriges.tex").read_text(encoding="utf-8")


def test_a_batch_document_needs_one_pass(batch_tex, tmp_path):
    (tmp_path / "doc.tex").write_text(batch_tex, encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                   check=True, capture_output=True)
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert "Rerun" not in log.replace("Rerun checks for auxiliary files", "")
    assert "undefined" not in log.lower() and "has been already used" not in log
    assert not typeset.needs_rerun(log)
    # the bookmarks are there after that one pass: one per variant, each on an odd page
    assert [t for t, _ in outline(tmp_path / "doc.pdf")] == [f"Variante V00{i}" for i in range(1, 6)]
    assert all(page % 2 == 1 for _, page in outline(tmp_path / "doc.pdf"))


def test_a_document_with_a_forward_reference_gets_its_second_pass(tmp_path):
    doc = ("\\documentclass{article}\\begin{document}See section~\\ref{far}.\\newpage"
           "\\section{Far}\\label{far}Here.\\end{document}")
    (tmp_path / "once.tex").write_text(doc)
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "once.tex"], cwd=tmp_path, check=True,
                   capture_output=True)
    assert typeset.needs_rerun((tmp_path / "once.log").read_text())  # LaTeX's own "Rerun" warning
    assert "See section ??" in pdf_text(tmp_path / "once.pdf")
    compile_pdf(doc, tmp_path / "twice.pdf")
    assert "See section 1." in pdf_text(tmp_path / "twice.pdf")


def test_chunks_hold_every_variant_once_in_order(batch_tex):
    parts = typeset.chunks(batch_tex, 3)
    assert len(parts) == 3
    head = batch_tex[:batch_tex.index("% tdgrad-variant")]
    marks = [re.findall(r"% tdgrad-variant (V\d+)", p) for p in parts]
    assert sum(marks, []) == ["V001", "V002", "V003", "V004", "V005"] and all(marks)
    assert all(p.startswith(head) and p.endswith("\\end{document}\n") for p in parts)
    assert [p.count("\\evenpages\n\\end{document}") for p in parts] == [1, 1, 0]
    assert typeset.chunks(batch_tex, 1) == [batch_tex]
    assert typeset.chunks("\\documentclass{article}\\begin{document}x\\end{document}", 4) == \
        ["\\documentclass{article}\\begin{document}x\\end{document}"]


def test_plan_cuts_only_what_is_worth_cutting():
    big = typeset.MIN_CHUNK * 6
    assert typeset.plan([big, big // 4], 1) == [1, 1]  # one core: nothing to win
    assert typeset.plan([big, big // 4], 2) == [3, 1]  # two chunks a core: 6 + 1.5 = 7.5 → 3 + 1
    assert typeset.plan([1000, 3000], 4) == [1, 1]  # small documents: start-up would eat the gain


def test_chunks_joined_paginate_as_the_whole_document(batch_tex, tmp_path, monkeypatch):
    whole, joined = tmp_path / "whole.pdf", tmp_path / "joined.pdf"
    compile_pdf(batch_tex, whole)
    monkeypatch.setattr(typeset, "MIN_CHUNK", 1000)
    assert typeset.plan([len(batch_tex)], 2) == [4]
    typeset.compile_all([(batch_tex, joined)], 2)
    # the same pages with the same text (headers, page numbers restarting in every variant)
    assert pages(joined) == pages(whole)
    assert page_texts(joined) == page_texts(whole)
    marks = outline(joined)
    assert [t for t, _ in marks] == [f"Variante V00{i}" for i in range(1, 6)]
    assert marks == outline(whole) and all(page % 2 == 1 for _, page in marks)
    texts = page_texts(joined)
    for (title, first), (_, after) in zip(marks, marks[1:] + [("", len(texts) + 1)]):
        vid = title.split()[-1]
        content = [t for t in texts[first - 1:after - 1] if t.strip()]  # blank pages aside
        assert content and all(vid in t and "Corrigé" in t for t in content)
        assert content[0].rstrip().endswith("1")  # page numbering restarts
    assert not list(tmp_path.glob("*.part"))


def test_a_figure_drawn_once_looks_the_same_in_every_variant(batch_tex, tmp_path):
    keys = re.findall(r"\\begin\{drawnonce\}\{(\w+)\}", batch_tex)
    assert len(keys) == 10 and len(set(keys)) == 2  # two graphs a variant, the same in all five
    # the same document with every figure drawn where it stands: the same pixels on every page
    plain = re.sub(r"\\begin\{drawnonce\}\{\w+\}%\n|%\n\\end\{drawnonce\}", "", batch_tex)
    assert "drawnonce}{" not in plain.split("\\begin{document}")[1]
    images = {}
    for name, text in (("once", batch_tex), ("plain", plain)):
        compile_pdf(text, tmp_path / f"{name}.pdf")
        subprocess.run(["pdftoppm", "-r", "50", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
        images[name] = [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.ppm"))]
    assert len(images["once"]) == pages(tmp_path / "once.pdf") > 10
    assert images["once"] == images["plain"]
