"""A batch as a Moodle XML quiz: one self-contained cloze question per exercise per variant.

Each question holds the variant's statement with its numbers and figures (SVG, embedded as
``<file encoding="base64">`` and shown through ``@@PLUGINFILE@@``), one gap per number to find
(``question.py``, ``gaps.py``) and the exercise's correction as general feedback. Questions sit in
one sub-category per variant, ``$course$/top/tdgrad/<spec title>/<variant id>``, and carry the tags
``tdgrad-ex<N>`` and the variant id, so a random-question slot can draw one exercise across
variants (README, *Moodle*). A batch with PDFs cuts the figures out of its statements' PDF
(``crop.py``: ``Quiz`` makes the questions while LaTeX runs, ``Quiz.xml`` links the crops after);
what it cannot cut, or every figure without crops, is typeset by the web page's mechanism
(``web.sheet``: one pdflatex run per hundred figures, then pdftocairo); ``figures=False``
(``--tex-only``) names the PDF instead. Tables are HTML (``sheet.Converter.table``); the correction's drawings are left to
``corriges.pdf``.
"""

from __future__ import annotations

import base64
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tdgrad.errors import TypesetError
from tdgrad.moodle import crop
from tdgrad.moodle.question import WORDS, question_text
from tdgrad.pipeline import documents
from tdgrad.typeset import MARK
from tdgrad.web import sheet

CHUNK = 100  # figures per pdflatex document
FIGURE = re.compile(r'<img class="figure" data-figure="(\d+)" alt="">')


def category_path(*names: str) -> str:
    # Moodle reads "/" as a level: a slash inside a name is written "//"
    return "$course$/top/" + "/".join(n.replace("/", "//") for n in names)


def moodle_xml(batch, figures: bool = True, crops: list | None = None) -> str:
    """The quiz; ``crops``: the statement figures cut from enonces.pdf (``crop.crop``, in document
    order), any figure they do not hold being typeset again; ``figures=False``: none at all."""
    return Quiz(batch).xml(figures, crops)


class Quiz:
    """The questions of a batch, made before its figures exist (while LaTeX typesets the PDFs)."""

    def __init__(self, batch, texts: dict[str, str] | None = None):
        """``texts``: the batch's rendered ``enonces`` and ``corriges`` (cut into variants rather
        than each variant rendered again)."""
        lang = batch.lang if batch.lang in WORDS else "en"
        self.title = batch.spec.title_in(lang)
        converted = [sheet.convert(enonce, corrige, math="mathjax") for enonce, corrige in _documents(batch, texts)]
        self.preamble = converted[0][2]
        # the statements' figures; the correction's drawings stay in corriges.pdf (its tables and
        # formulas are text): typesetting them all would make a batch half again as long
        self.asked = [[figs[int(i)] for e in exercises for i in FIGURE.findall(_statement(e))]
                      for exercises, figs, _ in converted]
        self.variants = []  # (variant id, [(name, idnumber, text, solution, tags, mark, figures)])
        for v, (exercises, figs, _) in zip(batch.variants, converted):
            questions = []
            for sheet_ex, exercise in zip(exercises, v.exercises):
                text, solution, mark = question_text(sheet_ex, exercise, lang)
                questions.append((f"{v.id} · {WORDS[lang]['exercise']} {exercise.number} · {exercise.title}",
                                  f"{batch.spec.stem}-{v.id}-{exercise.number}", text, solution,
                                  ("tdgrad", f"tdgrad-ex{exercise.number}", v.id), mark, figs))
            self.variants.append((v.id, questions))
        self.words = WORDS[lang]

    def xml(self, figures: bool = True, crops: list | None = None) -> str:
        svg = {}
        if figures:
            cropped = crop.match(self.asked, crops or [])
            svg = {tex: (c.name, c.svg) for tex, c in cropped.items()}
            rest = [[f for f in figs if f not in svg] for figs in self.asked]
            svg.update(_typeset(rest, self.preamble))
        quiz = ET.Element("quiz")
        _category(quiz, category_path("tdgrad", self.title))
        for vid, questions in self.variants:
            _category(quiz, category_path("tdgrad", self.title, vid))
            for name, idnumber, text, solution, tags, mark, figs in questions:
                _cloze(quiz, name, idnumber, _with_files(text, figs, svg, self.words["no_figure"]),
                       _with_files(solution, figs, svg, self.words["see_correction"]), tags, mark)
        ET.indent(quiz)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _typeset(per_variant: list[list[str]], preamble: str) -> dict[str, tuple[str, bytes]]:
    """Every figure of the batch typeset once: its LaTeX → (file name, SVG bytes). In one document
    per core, or more of at most CHUNK figures (pdflatex's time limit), run at once; a few
    figures share one document (each pays pdflatex's start and the preamble again, ~0.7 s)."""
    unique = list(dict.fromkeys(f for figs in per_variant for f in figs))
    parts = max(min(os.cpu_count() or 1, -(-len(unique) // 25)), -(-len(unique) // CHUNK))
    chunks = [unique[i::parts] for i in range(parts)] if parts else []
    with tempfile.TemporaryDirectory(prefix="tdgrad-moodle-") as tmp:

        def typeset(chunk: list[str]) -> dict[str, tuple[str, bytes]]:
            doc, names = sheet.figure_document(chunk, preamble)
            sheet.typeset_figures(doc, names, Path(tmp))
            return {tex: (name, (Path(tmp) / name).read_bytes()) for tex, name in zip(chunk, names)}

        try:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                return {k: v for done in pool.map(typeset, chunks) for k, v in done.items()}
        except RuntimeError as exc:
            raise TypesetError(f"moodle.xml: {exc}") from None


def _documents(batch, texts: dict[str, str] | None):
    """Each variant's statement and correction: rendered alone, or cut out of the batch's."""
    if texts is None:
        yield from ((d["enonce"], d["corrige"]) for d in map(documents, batch.variants))
        return
    alone = documents(batch.variants[0])  # the preambles (the batch's statements mark figures)
    parts = {name: re.split(f"(?m)^{re.escape(MARK)}.*\n", sheet.body(texts[f"{name}s"]))[1:]
             for name in alone}
    assert all(len(p) == len(batch.variants) for p in parts.values()), "one part per variant"
    for enonce, corrige in zip(parts["enonce"], parts["corrige"]):
        yield tuple(sheet.preamble(alone[name]) + "\\begin{document}" + body + "\\end{document}\n"
                    for name, body in (("enonce", enonce), ("corrige", corrige)))


def _statement(e: sheet.Exercise) -> str:
    return e.intro + "".join(item.html for item in e.items) + e.outro


def _with_files(text: str, figs: list[str], svg: dict, missing: str) -> tuple[str, list[tuple[str, bytes]]]:
    """The HTML with its figures pointing at the question's files (or at the PDF, ``missing``),
    and those files."""
    files: dict[str, bytes] = {}

    def link(m: re.Match) -> str:
        tex = figs[int(m.group(1))]
        if tex not in svg:
            return f"<em>{missing}</em>"
        name, data = svg[tex]
        files[name] = data
        return f'<img src="@@PLUGINFILE@@/{name}" alt="" width="{_width(data)}" style="max-width:100%;height:auto">'

    return FIGURE.sub(link, text), sorted(files.items())


def _width(svg: bytes) -> int:
    """Pixels to show an SVG at: its size in points, 1.4 times larger as on the web page (td.js)."""
    m = re.search(rb'width="([\d.]+)(pt)?"', svg)
    return round(float(m.group(1)) * (4 / 3 if m.group(2) else 1) * 1.4) if m else 400


def _text(parent, tag: str, value: str, fmt: str | None = None, files=()) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(node, "text").text = value
    for name, data in files:
        f = ET.SubElement(node, "file", name=name, path="/", encoding="base64")
        f.text = base64.b64encode(data).decode("ascii")
    return node


def _category(quiz, path: str) -> None:
    q = ET.SubElement(quiz, "question", type="category")
    _text(q, "category", path)


def _cloze(quiz, name: str, idnumber: str, text, solution, tags, mark: int) -> None:
    q = ET.SubElement(quiz, "question", type="cloze")
    _text(q, "name", name)
    _text(q, "questiontext", text[0], "html", text[1])
    _text(q, "generalfeedback", solution[0], "html", solution[1])
    # Moodle's importer takes a cloze question's mark from its gaps; written here as it will be
    ET.SubElement(q, "defaultgrade").text = str(mark)
    ET.SubElement(q, "penalty").text = "0.3333333"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = idnumber
    tags_node = ET.SubElement(q, "tags")
    for t in tags:
        _text(tags_node, "tag", t)
