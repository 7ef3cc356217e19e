"""moodle.xml's statement figures cut out of the statements' own PDF instead of typeset again.

The batch statements (``batch.tex.j2`` with ``marks``) put each figure of the environments below
in a box of its own size and write, at shipout, one line to ``doc.crop``: the environment, the
box's width, height and depth, the page and the box's position on it (``\\pdfsavepos``). Right
after pdflatex, in the worker that typeset the chunk, each box plus a ``BORDER`` becomes a page
of its own (pypdf: the page with its media box set to that rectangle) and pdftocairo makes it an
SVG: the drawing exactly as printed, nothing else of the page (cairo leaves out what lies outside
the page). Its -x/-y/-W/-H crop only images, and one run per figure costs ~35 ms of start-up, so
pages of one size are converted in one run and its multi-page SVG split (``split``). ``match``
pairs the crops with the converter's figures, in document order; a figure it cannot pair is
typeset as before (``moodle._typeset``). The figures are 11 pt as printed (the web page's
standalone figures are 10 pt).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tdgrad import typeset

ENVIRONMENTS = ("tikzpicture", "drawnonce")  # horizontal boxes: boxed again, nothing moves
BORDER = 3.0  # TeX points around the box, as the web page's standalone figures have (sheet.py)
BP = 72 / 72.27  # PDF points per TeX point
SP = 65536  # scaled points per TeX point
_LINE = re.compile(r"(\w+) (-?[\d.]+)pt (-?[\d.]+)pt (-?[\d.]+)pt (\d+) (-?\d+) (-?\d+)")


@dataclass(frozen=True)
class Crop:
    environment: str
    width: float  # of the SVG, in PDF points: the box and its border
    height: float
    svg: bytes

    @property
    def name(self) -> str:
        return hashlib.sha256(self.svg).hexdigest()[:20] + ".svg"


def boxes(marks: str) -> list[tuple[str, int, list[float]]]:
    """(environment, page, [left, bottom, right, top] in PDF points) of each line of ``doc.crop``."""
    out = []
    for line in marks.splitlines():
        m = _LINE.fullmatch(line.strip())
        if not m:
            raise RuntimeError(f"unreadable figure position: {line!r}")
        wd, ht, dp = (float(m.group(i)) for i in (2, 3, 4))
        x, y = int(m.group(6)) / SP, int(m.group(7)) / SP
        rect = [x - BORDER, y - dp - BORDER, x + wd + BORDER, y + ht + BORDER]
        out.append((m.group(1), int(m.group(5)), [round(v * BP, 4) for v in rect]))
    return out


def crop(folder: Path) -> list[Crop]:
    """The figures of ``folder/doc.pdf`` whose positions pdflatex wrote to ``folder/doc.crop``."""
    marks = folder / "doc.crop"
    found = boxes(marks.read_text()) if marks.exists() else []
    if not found:
        return []
    from pypdf import PdfReader, PdfWriter  # only a batch with PDFs needs it
    from pypdf.generic import RectangleObject

    # pages of one size in a row: pdftocairo makes each run of them one SVG of that size
    order = sorted(range(len(found)), key=lambda i: (_size(found[i][2]), i))
    reader, writer = PdfReader(folder / "doc.pdf"), PdfWriter()
    for i in order:
        copy = writer.add_page(reader.pages[found[i][1] - 1])
        copy.mediabox = copy.cropbox = RectangleObject(found[i][2])
    writer.write(folder / "figures.pdf")
    runs: list[list[int]] = []
    for k, i in enumerate(order):
        if k and _size(found[i][2]) == _size(found[order[k - 1]][2]):
            runs[-1].append(k)
        else:
            runs.append([k])

    def convert(run: list[int]) -> list[bytes]:
        svg, pages = folder / f"figures-{run[0] + 1}.svg", f"{run[0] + 1}-{run[-1] + 1}"
        try:  # killed with pdflatex on Ctrl-C or SIGTERM
            code, said = typeset.run(["pdftocairo", "-svg", "-f", str(run[0] + 1), "-l", str(run[-1] + 1),
                                      "figures.pdf", svg.name], str(folder))
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"pdftocairo did not finish converting figures {pages}") from None
        except FileNotFoundError:
            raise RuntimeError("pdftocairo not found: install poppler-utils, or use --tex-only") from None
        if code != 0 or not svg.exists():
            raise RuntimeError(f"pdftocairo could not convert figures {pages}: {said.strip()[-300:]}")
        return split(svg.read_bytes()) if len(run) > 1 else [svg.read_bytes()]

    svgs: dict[int, bytes] = {}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # the last chunk's crops are the
        for run, made in zip(runs, pool.map(convert, runs)):           # batch's tail: every core
            svgs.update((order[k], data) for k, data in zip(run, made))
    return [Crop(env, rect[2] - rect[0], rect[3] - rect[1], svgs[i]) for i, (env, _, rect) in enumerate(found)]


def _size(rect: list[float]) -> tuple[float, float]:
    return round(rect[2] - rect[0], 3), round(rect[3] - rect[1], 3)


def split(svg: bytes) -> list[bytes]:
    """A multi-page SVG of pdftocairo (``<pageSet>``, pages of one size, shared ``<defs>``) as one
    SVG per page, each with the definitions (glyphs, clip paths) its page uses."""
    root = ET.fromstring(svg)
    defs = root.find(f"{{{_SVG}}}defs")
    defined: dict[str, ET.Element] = {}
    if defs is not None:
        for node in defs.iter():
            if (name := node.get("id")) is not None:
                defined[name] = node
    out = []
    for page in root.iter(f"{{{_SVG}}}page"):
        wanted, todo = set(), _references(page)
        while todo:  # a definition may use others
            name = todo.pop()
            if name in defined and name not in wanted:
                wanted.add(name)
                todo |= _references(defined[name])
        one = ET.Element(root.tag, root.attrib)
        own = ET.SubElement(one, f"{{{_SVG}}}defs")
        for child in defs if defs is not None else []:
            if child.get("id") in wanted:
                own.append(child)
            elif child.get("id") is None:  # cairo's <g> around the glyph symbols
                kept = [g for g in child if g.get("id") in wanted]
                if kept:
                    ET.SubElement(own, child.tag, child.attrib).extend(kept)
        one.extend(page)
        out.append(b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(one, encoding="utf-8",
                                                                           xml_declaration=False) + b"\n")
    return out


_SVG, _XLINK = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"
ET.register_namespace("", _SVG)
ET.register_namespace("xlink", _XLINK)


def _references(node: ET.Element) -> set[str]:
    found = set()
    for n in node.iter():
        for key, value in n.attrib.items():
            if key == f"{{{_XLINK}}}href" and value.startswith("#"):
                found.add(value[1:])
            found.update(re.findall(r"url\(#([^)]+)\)", value))
    return found


def match(asked: list[list[str]], crops: list[Crop]) -> dict[str, Crop]:
    """Each statement figure's LaTeX (per variant, in order) → its crop; empty when the crops are
    not the figures of those environments one for one (then every figure is typeset again)."""
    expected = [tex for figures in asked for tex in figures if _environment(tex) in ENVIRONMENTS]
    if [_environment(t) for t in expected] != [c.environment for c in crops]:
        return {}
    out: dict[str, Crop] = {}
    for tex, c in zip(expected, crops):
        out.setdefault(tex, c)  # the same figure in several variants: one file
    return out


def _environment(tex: str) -> str:
    m = re.match(r"\\begin\{(\w+)\}", tex)
    return m.group(1) if m else ""
