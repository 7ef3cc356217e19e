"""moodle.xml's statement figures cut out of the statements' own PDF instead of typeset again.

The batch statements (``batch.tex.j2`` with ``marks``) put each figure of the environments below
in a box of its own size and write, at shipout, one line to ``doc.crop``: the environment, the
box's width, height and depth, the page and the box's position on it (``\\pdfsavepos``). Right
after pdflatex, in the worker that typeset the chunk, each box plus a ``BORDER`` becomes a page
of its own (pypdf: the page with its media box set to that rectangle) and pdftocairo makes it an
SVG: the drawing exactly as printed, nothing else of the page (cairo leaves out what lies outside
the page). ``match`` pairs the crops with the converter's figures, in document order; a figure
it cannot pair is typeset as before (``moodle._typeset``).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ENVIRONMENTS = ("tikzpicture", "drawnonce")  # horizontal boxes: boxed again, nothing moves
BORDER = 3.0  # TeX points around the box, as the web page's standalone figures have (sheet.py)
BP = 72 / 72.27  # PDF points per TeX point
SP = 65536  # scaled points per TeX point
_LINE = re.compile(r"(\w+) ([\d.]+)pt ([\d.]+)pt ([\d.]+)pt (\d+) (-?\d+) (-?\d+)")


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

    reader, writer = PdfReader(folder / "doc.pdf"), PdfWriter()
    for _, page, rect in found:
        copy = writer.add_page(reader.pages[page - 1])
        copy.mediabox = copy.cropbox = RectangleObject(rect)
    writer.write(folder / "figures.pdf")
    out = []
    for i, (env, _, (left, bottom, right, top)) in enumerate(found, 1):
        svg = folder / f"figure-{i}.svg"
        try:
            subprocess.run(["pdftocairo", "-svg", "-f", str(i), "-l", str(i), "figures.pdf", svg.name],
                           cwd=folder, check=True, capture_output=True, timeout=60)
        except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as exc:
            raise RuntimeError(f"pdftocairo could not convert figure {i}: {exc}") from None
        out.append(Crop(env, right - left, top - bottom, svg.read_bytes()))
    return out


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
