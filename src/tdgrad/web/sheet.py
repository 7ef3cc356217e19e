"""A variant's worksheet and correction as HTML, from the very LaTeX that makes the PDFs.

The web page must say what ``enonce.pdf`` says, so it is not written a second time: the rendered
``.tex`` is cut into exercises, items and solutions, its text macros become HTML, its math is left
as TeX for KaTeX to typeset in the browser, and what HTML cannot say (TikZ figures, tables) is
typeset by pdflatex with the document's own preamble and shown as SVG (``pdftocairo``).
Nothing here evaluates anything: it is string surgery on tdgrad's own output. Moodle questions
(``tdgrad.moodle``) are made by the same conversion, with math written between ``\\( \\)`` for
Moodle's MathJax filter instead of KaTeX's spans.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

FIGURES = ("tikzpicture", "tabular", "tabbing")  # typeset as SVG
TRANSPARENT = ("keep",)  # page-break control in the PDF (preamble.tex.j2): nothing on a web page
DISPLAY = ("align*", "gather*", "equation*", "multline*")  # display math for KaTeX
_TEXT_MACROS = {r"\og": "«\u00a0", r"\fg{}": "\u00a0»", r"\fg": "\u00a0»", r"\enskip": " ",
                r"\quad": "\u2003", r"\qquad": "\u2003\u2003", r"\ldots": "…", r"\dots": "…",
                r"\noindent": "", r"\smallskip": "", r"\medskip": "", r"\bigskip": "",
                r"\par": "\n\n", r"\null": "", r"\centering": "", r"\small": "", r"\footnotesize": "",
                r"\large": "", r"\Large": "", r"\bfseries": "", r"\newline": "<br>"}
_STYLES = {r"\emph": "em", r"\textbf": "strong", r"\textit": "em", r"\texttt": "code",
           r"\underline": "u"}


@dataclass
class Item:
    number: int
    html: str
    solution: str = ""  # HTML of the item's solution (correction only)


@dataclass
class Exercise:
    number: int
    title: str
    intro: str  # HTML before the questions
    items: list[Item] = field(default_factory=list)
    outro: str = ""  # HTML after the questions (and exercise-level solutions)
    solution: str = ""  # HTML of the correction's solutions outside the items (correction only)


def body(tex: str) -> str:
    start = tex.index(r"\begin{document}") + len(r"\begin{document}")
    return tex[start:tex.rindex(r"\end{document}")]


def preamble(tex: str) -> str:
    return tex[:tex.index(r"\begin{document}")]


def strip_comments(tex: str) -> str:
    # An unescaped % removes the rest of the line and the line break, as in TeX.
    return re.sub(r"(?<!\\)%[^\n]*\n?", "", tex)


def _group(text: str, start: int) -> tuple[str, int]:
    """The balanced {…} that opens at ``start``: its content and the index after it."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{" and text[i - 1] != "\\":
            depth += 1
        elif text[i] == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
    raise ValueError("unbalanced braces in tdgrad's LaTeX")


def _environment(text: str, name: str, start: int) -> int:
    """Index just after the ``\\end{name}`` matching the ``\\begin{name}`` at ``start``."""
    begin, end = rf"\begin{{{name}}}", rf"\end{{{name}}}"
    depth, i = 0, start
    while True:
        b, e = text.find(begin, i), text.find(end, i)
        if e < 0:
            raise ValueError(f"\\begin{{{name}}} without its end in tdgrad's LaTeX")
        if 0 <= b < e:
            depth, i = depth + 1, b + len(begin)
        else:
            depth, i = depth - 1, e + len(end)
            if depth == 0:
                return i


class Converter:
    """LaTeX of tdgrad's templates → HTML; figures are collected for one pdflatex run."""

    def __init__(self, math: str = "katex") -> None:
        self.figures: list[str] = []
        self.math = math  # "katex": spans for the web page; "mathjax": \( \) for Moodle

    def figure(self, tex: str) -> str:
        self.figures.append(tex)
        return f'<img class="figure" data-figure="{len(self.figures) - 1}" alt="">'

    def html(self, tex: str) -> str:
        out, i = [], 0
        while i < len(tex):
            c = tex[i]
            if tex.startswith(r"\begin{", i):
                name, after = _group(tex, i + 6)
                end = _environment(tex, name, i)
                inner = tex[after:end - len(rf"\end{{{name}}}")]
                out.append(self._environment(name, inner, tex[i:end]))
                i = end
            elif tex.startswith(r"\[", i):
                end = tex.index(r"\]", i)
                out.append(_math(tex[i + 2:end], True, self.math))
                i = end + 2
            elif c == "$":
                end = i + 1
                while tex[end] != "$" or tex[end - 1] == "\\":
                    end += 1
                out.append(_math(tex[i + 1:end], False, self.math))
                i = end + 1
            elif c == "\\":
                m = re.match(r"\\([A-Za-z]+|.)", tex[i:], re.S)
                name = m.group(0) if m else "\\"  # a lone backslash ends the text
                i = self._macro(tex, i, name, out)
            elif c in "{}":
                i += 1
            elif c == "~":
                out.append("\u00a0")
                i += 1
            else:
                j = i
                while j < len(tex) and tex[j] not in "\\${}~":
                    j += 1
                out.append(html.escape(tex[i:j], quote=False))
                i = j
        return "".join(out)

    def _macro(self, tex: str, i: int, name: str, out: list[str]) -> int:
        after = i + len(name)
        if name in _STYLES and after < len(tex) and tex[after] == "{":
            inner, after = _group(tex, after)
            tag = _STYLES[name]
            out.append(f"<{tag}>{self.html(inner)}</{tag}>")
        elif name == r"\\":
            out.append("<br>")
            if tex.startswith("[", after):
                after = tex.index("]", after) + 1
        elif name == r"\fg" and tex.startswith("{}", after):
            out.append(_TEXT_MACROS[r"\fg"])
            after += 2
        elif name in (r"\renewcommand", r"\setlength"):  # settings: their two arguments are no text
            for _ in range(2):
                while tex.startswith(" ", after):
                    after += 1
                if tex.startswith("{", after):
                    after = _group(tex, after)[1]
        elif name in (r"\hspace", r"\vspace"):  # spacing: its argument is no text
            after += tex.startswith("*", after)
            if tex.startswith("{", after):
                after = _group(tex, after)[1]
            out.append(" " if name == r"\hspace" else "")
        elif name in _TEXT_MACROS:
            out.append(_TEXT_MACROS[name])
        elif name in (r"\section*", r"\section"):
            pass
        elif len(name) == 2 and not name[1].isalpha():
            out.append(html.escape(name[1]))  # \% \& \_ \{ …
        # any other command (\clearpage, \variantstart{…}) does not show on a web page
        return after

    def _environment(self, name: str, inner: str, whole: str) -> str:
        if name == "tabular" and self.math == "mathjax":  # Moodle: a table is text, not a picture
            return self.table(inner)
        if name in FIGURES:
            return self.figure(whole)
        if name in DISPLAY:
            env = "aligned" if name in ("align*", "multline*") else "gathered"
            return _math(rf"\begin{{{env}}}{inner}\end{{{env}}}", True, self.math)
        if name in TRANSPARENT:
            return self.html(inner)
        if name == "center":
            return f'<div class="center">{self.html(inner)}</div>'
        if name in ("enumerate", "itemize"):
            inner = re.sub(r"^\s*\[[^\]]*\]", "", inner)
            tag = "ol" if name == "enumerate" else "ul"
            items = [self.html(part) for part in re.split(r"\\item\b", inner)[1:]]
            return f"<{tag}>" + "".join(f"<li>{x}</li>" for x in items) + f"</{tag}>"
        if name == "solution":
            return f'<div class="solution">{self.html(inner)}</div>'
        return self.figure(whole)  # an environment this page does not know: typeset it

    def table(self, inner: str) -> str:
        """A tabular as an HTML table: columns marked >{$}…<{$} hold math, rules become lines."""
        spec, after = _group(inner, inner.index("{"))
        body = inner[after:]
        math_columns = [">{$}" in c for c in _COLUMN.findall(spec)]
        rows, rule = [], False
        for row in _split(body, r"\\"):
            row = re.sub(r"^\s*\[[^\]]*\]", "", row)  # \\[8pt]
            cells = row.strip()
            while (m := _RULE.match(cells)) is not None:
                cells, rule = cells[m.end():].strip(), True
            if not cells:
                continue
            out, col = [], 0
            for cell in _split(cells, "&"):
                span, is_math = 1, col < len(math_columns) and math_columns[col]
                if (m := re.match(r"\s*\\multicolumn\{(\d+)\}", cell)):  # its own column spec
                    own, after = _group(cell, cell.index("{", m.end()))
                    span, is_math = int(m.group(1)), ">{$}" in own
                    cell = _group(cell, cell.index("{", after))[0]
                text = _math(cell, False, self.math) if is_math and cell.strip() else self.html(cell.strip())
                line = "border-top:1px solid #888;" if rule else ""
                out.append(f'<td style="padding:2px 8px;{line}"' + (f' colspan="{span}"' if span > 1 else "")
                           + f">{text}</td>")
                col += span
            rows.append("<tr>" + "".join(out) + "</tr>")
            rule = False
        return '<table style="border-collapse:collapse;margin:0.5em 0">' + "".join(rows) + "</table>"




MACROS = {r"\dd": r"\mathrm{d}"}  # the sheets' own math macros (preamble.tex.j2; td.js for KaTeX)


_COLUMN = re.compile(r"(?:>\{[^}]*\})?(?:[lcr]|p\{[^}]*\})(?:<\{[^}]*\})?")
_RULE = re.compile(r"\\(?:toprule|midrule|bottomrule|hline|cmidrule(?:\([^)]*\))?\{[^}]*\})")


def _split(tex: str, separator: str) -> list[str]:
    """``tex`` cut at ``separator`` outside braces, math and environments."""
    parts, depth, start, i, math = [], 0, 0, 0, False
    while i < len(tex):
        if tex.startswith(r"\begin{", i) or tex.startswith(r"\left", i):
            depth += 1
        elif tex.startswith(r"\end{", i) or tex.startswith(r"\right", i):
            depth -= 1
        elif tex[i] == "\\" and not tex.startswith(separator, i):
            i += 2
            continue
        elif tex[i] in "{}":
            depth += 1 if tex[i] == "{" else -1
        elif tex[i] == "$":
            math = not math
        elif depth == 0 and not math and tex.startswith(separator, i):
            parts.append(tex[start:i])
            i = start = i + len(separator)
            continue
        i += 1
    parts.append(tex[start:])
    return parts


def _math(tex: str, display: bool, math: str = "katex") -> str:
    # KaTeX's array takes no @{…} column separators: the page spaces columns itself
    tex = re.sub(r"@\{\\[a-z]+\}", "", tex)
    if math == "mathjax":  # Moodle's filter knows no preamble: its macros are written out
        tex = re.sub(r"\\[A-Za-z]+(?![A-Za-z])", lambda m: MACROS.get(m.group(), m.group()), tex.strip())
        return html.escape(rf"\[{tex}\]" if display else rf"\({tex}\)", quote=False)
    cls = "tex display" if display else "tex"
    tag = "div" if display else "span"
    return f'<{tag} class="{cls}">{html.escape(tex.strip(), quote=False)}</{tag}>'


def _sections(tex: str) -> list[tuple[str, str]]:
    """(title, LaTeX) of each ``\\section*`` of a document body."""
    parts = re.split(r"\\section\*", tex)[1:]
    out = []
    for part in parts:
        title, after = _group(part, part.index("{"))
        out.append((title, part[after:]))
    return out


def _items(tex: str) -> tuple[str, list[str], str]:
    """An exercise's LaTeX around its (first) enumerate: intro, items, outro."""
    start = tex.find(r"\begin{enumerate}")
    if start < 0:
        return tex, [], ""
    end = _environment(tex, "enumerate", start)
    inner = tex[start + len(r"\begin{enumerate}"):end - len(r"\end{enumerate}")]
    inner = re.sub(r"^\s*\[[^\]]*\]", "", inner)
    items = re.split(r"\\item\b", inner)[1:]
    return tex[:start], items, tex[end:]


def _solutions(tex: str) -> tuple[str, str]:
    """Split one item's LaTeX into what it asks and its ``solution`` environments."""
    asked, solved, i = [], [], 0
    while (start := tex.find(r"\begin{solution}", i)) >= 0:
        end = _environment(tex, "solution", start)
        asked.append(tex[i:start])
        solved.append(tex[start + len(r"\begin{solution}"):end - len(r"\end{solution}")])
        i = end
    asked.append(tex[i:])
    return "".join(asked), "\n\n".join(solved)


def convert(enonce_tex: str, corrige_tex: str, math: str = "katex") -> tuple[list[Exercise], list[str], str]:
    """Exercises (statement and solutions as HTML), the figures' LaTeX, and the preamble."""
    conv = Converter(math)
    exercises = []
    statement = _sections(strip_comments(body(enonce_tex)))
    correction = _sections(strip_comments(body(corrige_tex)))
    for number, ((title, tex), (_, solved)) in enumerate(zip(statement, correction), start=1):
        intro, items, outro = _items(tex)
        solved_intro, solved_items, solved_outro = _items(solved)
        ex = Exercise(number, conv.html(title), conv.html(intro), outro=conv.html(outro))
        if math == "mathjax":  # a Moodle question's feedback is the whole correction (the web page
            # shows the items' solutions only, and typesets nothing more for it)
            own = [s for part in (solved_intro, solved_outro) if (s := _solutions(part)[1].strip())]
            ex.solution = "".join(conv.html(s) for s in own)
        for k, item in enumerate(items, start=1):
            answer = _solutions(solved_items[k - 1])[1] if k <= len(solved_items) else ""
            ex.items.append(Item(k, conv.html(item), conv.html(answer) if answer else ""))
        exercises.append(ex)
    return exercises, conv.figures, preamble(enonce_tex)


_PAGE_SETUP = re.compile(r"geometry|fancyhdr|\\pagestyle|\\fancyhf|\\[lcr](head|foot)\b")


def figure_document(figures: list[str], preamble_tex: str) -> tuple[str, list[str]]:
    """One standalone document with a page per figure, and the SVG names (named by content)."""
    pre = re.sub(r"\\documentclass(\[[^\]]*\])?\{[^}]*\}",
                 lambda _: "\\documentclass[border=3pt,multi=tdfig]{standalone}", preamble_tex, 1)
    # page geometry and headers move a standalone page's content off its own box
    pre = "\n".join(line for line in pre.splitlines() if not _PAGE_SETUP.search(line))
    # tabbing is a paragraph of its own: on a standalone page it needs a box around it, of the
    # sheets' text width (A4, 2.2 cm margins: preamble.tex.j2) for its rules to keep their length
    boxed = [rf"\begin{{varwidth}}{{16.6cm}}{f}\end{{varwidth}}" if f.startswith(r"\begin{tabbing}")
             else f for f in figures]
    doc = (pre + "\\usepackage{varwidth}\n\\newenvironment{tdfig}{}{}\n\\begin{document}\n"
           + "\n".join(f"\\begin{{tdfig}}{f}\\end{{tdfig}}" for f in boxed) + "\n\\end{document}\n")
    digest = hashlib.sha256(doc.encode()).hexdigest()[:20]
    return doc, [f"{digest}-{i}.svg" for i in range(len(figures))]


def typeset_figures(doc: str, names: list[str], cache: Path) -> None:
    """Write the figures' SVG files into ``cache`` unless they are there (once per content)."""
    with _LOCK:
        lock = _DIGESTS.setdefault(names[0].split("-")[0], threading.Lock())
    with lock:  # the same figures asked by many students at once are typeset once
        if not all((cache / n).exists() for n in names):
            _typeset(doc, names, cache)


_LOCK = threading.Lock()
_DIGESTS: dict[str, threading.Lock] = {}


def _typeset(doc: str, names: list[str], cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tdgrad-web-") as tmp:
        work = Path(tmp)
        (work / "fig.tex").write_text(doc, encoding="utf-8")
        try:
            run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "fig.tex"],
                                 cwd=work, capture_output=True, text=True, timeout=60 + 2 * len(names))
        except subprocess.TimeoutExpired:  # a figure TeX cannot finish: say so, no traceback
            raise RuntimeError(f"pdflatex did not finish typesetting {len(names)} figures in "
                               f"{60 + 2 * len(names)} s") from None
        if run.returncode != 0:
            raise RuntimeError("pdflatex could not typeset the figures (see fig.log)")
        for i, name in enumerate(names):
            try:
                subprocess.run(["pdftocairo", "-svg", "-f", str(i + 1), "-l", str(i + 1), "fig.pdf",
                                name], cwd=work, check=True, capture_output=True, timeout=60)
            except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as exc:
                raise RuntimeError(f"pdftocairo could not convert figure {i + 1}: {exc}") from None
            # move into place whole (a unique partial name: pages are made in parallel)
            partial = cache / f".{name}.{uuid.uuid4().hex}.part"
            shutil.move(str(work / name), str(partial))
            partial.replace(cache / name)
