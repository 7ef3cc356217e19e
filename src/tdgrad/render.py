"""The one Jinja environment that writes LaTeX, and where its templates are found.

Delimiters are LaTeX-safe: ``\\VAR{x}`` for values, ``%% if …`` line statements (or ``\\BLOCK{…}``)
for control, ``\\#{…}`` for comments; undefined variables are errors (``StrictUndefined``). Filters:
``num`` (a number as shown to students), ``tex`` (a SymPy expression in the course's notation),
``esc`` (plain text made LaTeX-safe), ``title`` (a title: escaped, "n°" typeset as such),
``signed`` (a number with parentheses when negative), ``times`` (computed factors written out as
"0,109 × 0,3 × 0,721", each shown as ``num`` shows it, so a substituted computation is printed
from the very values it multiplies; tests/layout.py checks that the printed product is the
printed result), ``once`` (a figure without numbers, the same in many variants: TeX draws it
once per document and reuses the box).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from tdgrad.display import show
from tdgrad.functions import course_latex
from tdgrad.parse import symbol


def template_dir() -> Path:
    """Installed wheel: ``tdgrad/templates``; source checkout: the top-level ``templates/``."""
    packaged = Path(str(resources.files("tdgrad") / "templates"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
            "#": r"\#", "%": r"\%", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def title(text: str) -> str:
    r"""A spec's title or course name for LaTeX: escaped; "n°" (a degree sign) as n\textsuperscript{o}.

    >>> title("TD n°1 & co")
    'TD n\\textsuperscript{o}~1 \\& co'
    """
    return re.sub(r"\b([nN])°\s*", r"\1\\textsuperscript{o}~", escape(text))


def escape(text: str) -> str:
    r"""Plain text made safe for LaTeX.

    >>> escape("50% of x_1 & {y}")
    '50\\% of x\\_1 \\& \\{y\\}'
    """
    return re.sub(r"[\\{}$&#%_^~]", lambda m: _SPECIAL[m.group()], str(text))


@lru_cache(maxsize=None)
def environment(lang: str) -> jinja2.Environment:
    """The LaTeX environment for ``lang`` (numbers and formulas follow the language)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        block_start_string=r"\BLOCK{", block_end_string="}",
        variable_start_string=r"\VAR{", variable_end_string="}",
        comment_start_string=r"\#{", comment_end_string="}",
        line_statement_prefix="%%", line_comment_prefix="%#",
        trim_blocks=True, lstrip_blocks=True, autoescape=False,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, extensions=["jinja2.ext.do"])
    env.filters["esc"] = escape
    env.filters["zip"] = lambda a, b: list(zip(a, b))
    # one rounding policy for the whole sheet (display.py): the filters take no digits
    env.filters["num"] = lambda x: show(float(x), lang)
    env.filters["matrix"] = lambda a: _matrix(a, lambda v: show(float(v), lang))
    env.filters["signed"] = lambda x: _parenthesized(show(float(x), lang))
    env.filters["times"] = lambda xs: r" \times ".join(_parenthesized(show(float(x), lang)) for x in xs)
    env.filters["title"] = title
    env.filters["once"] = drawn_once
    # a name (str) is shown as its symbol: "x1" -> x_{1}
    env.filters["tex"] = lambda e: upright_d(course_latex(symbol(e) if isinstance(e, str) else e, lang))
    env.globals.update(lang=lang, fr=(lang == "fr"))
    return env


def drawn_once(picture: str) -> str:
    r"""A figure wrapped for the preamble's ``drawnonce`` environment, keyed by its text (TikZ
    costs most of a correction's TeX time; the same graph in 100 variants is drawn once).

    >>> drawn_once("\\begin{tikzpicture}\\end{tikzpicture}\n")
    '\\begin{drawnonce}{55f12d455926}%\n\\begin{tikzpicture}\\end{tikzpicture}%\n\\end{drawnonce}\n'
    """
    key = hashlib.sha1(picture.strip().encode()).hexdigest()[:12]
    return f"\\begin{{drawnonce}}{{{key}}}%\n{picture.strip()}%\n\\end{{drawnonce}}\n"


def upright_d(latex: str) -> str:
    r"""SymPy's d/dx with the course's upright d (\dd, defined in the preamble).

    >>> upright_d(r"\frac{d}{d x_{1}} \left|{x_{1}}\right|")
    '\\frac{\\dd}{\\dd x_{1}} \\left|{x_{1}}\\right|'
    """
    return re.sub(r"\\frac\{d\}\{d ", r"\\frac{\\dd}{\\dd ", latex)


def _matrix(a, fmt) -> str:
    """A vector (as a column) or a matrix as a LaTeX pmatrix."""
    import numpy as np

    rows = np.atleast_2d(np.asarray(a, dtype=float))
    rows = rows.T if np.ndim(a) == 1 else rows
    body = r" \\ ".join(" & ".join(fmt(v) for v in row) for row in rows)
    return rf"\begin{{pmatrix}} {body} \end{{pmatrix}}"


def _parenthesized(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


def render(template: str, lang: str, **context) -> str:
    return environment(lang).get_template(template).render(**context)
