"""A vector or a matrix written as numbers, the ways students write one by hand.

``[0,338 ; -0,666 ; 0,328]``, ``(0,338 -0,666 0,328)``, ``(0,34, -0,67, 0,33)``, ``0 0 0,296``,
``[0 0 0 ; 0 0 -0,3]`` (rows at ``;``, ``\\\\``, ``|`` or a new line), ``\\begin{pmatrix} 0 & 1 \\\\ 2 & 3
\\end{pmatrix}``, a transpose mark ``(…)ᵀ``, ``[…]^T``, ``ᵗ(…)``. A comma is a decimal comma where the
text has no decimal point and its entries are apart (spaces, ``;``, ``&``, ``, ``); with a decimal
point it separates entries; with neither (``0,338,-0,666``) it could be either, and the answer is
refused with both readings. Anything else (``np.array``, nested lists, names, formulas) is left to
``arrays.evaluate``: ``read`` returns None for it.
"""

from __future__ import annotations

import re

import numpy as np

from tdgrad.errors import ExpressionError

_ENV = re.compile(r"\\(?:begin|end)\{[pbvBV]?matrix\*?\}(?:\[[a-z]\])?|\\left\s*[(\[]|\\right\s*[)\]]|\$|\\[,;! ]")
_TRANSPOSE_AFTER = re.compile(r"\s*(?:ᵀ|ᵗ|\^\s*\{?\s*(?:T|t|\\top|\\intercal|\\mathsf\{T\})\s*\}?|')\s*\Z")
_TRANSPOSE_BEFORE = re.compile(r"\A\s*(?:ᵗ|\^\s*\{?t\}?)\s*(?=[(\[])")
_NUMBER = r"[-+−]?\d+(?:[.,]\d+)?(?:[eE][-+−]?\d+|/[1-9]\d*)?"
# "≈ (…)", "env. […]", "(…) environ", "[…] (arrondi)": said of the numbers, not part of them
_ROUGHLY = re.compile(r"\A(?:≈|~|≃|env\.?|environ|approx\.?)\s*|\s*(?:environ|à peu près|\(arrondis?\)|\(environ\))\s*\Z", re.I)
_ROWS = re.compile(r"\s*(?:;|\\\\|\||\n)\s*")
_ENTRY = re.compile(r"\s*(?:&|,\s+|\s+,?\s*|,)\s*")


_DIMENSIONS = re.compile(r"\A\s*(?:\\?mathbb\{R\}|ℝ)?\s*\^?\s*\{?\s*(\d+(?:\s*(?:×|x|\*|\\times)\s*\d+)*)\s*\}?\s*\Z")


def read(text: str, dimensions: bool = False) -> np.ndarray | None:
    """The numbers of ``text`` as a 1-d array (one row or one column) or a 2-d one; None when the
    text is not a table of plain numbers. ``dimensions``: the answer is a shape, written ``3×3``,
    ``3x3``, ``ℝ^{3×3}`` or ``3`` (a column ``3×1`` is the vector's 3)."""
    d = _DIMENSIONS.match(text) if dimensions else None
    if d:
        sizes = [float(n) for n in re.split(r"\s*(?:×|x|\*|\\times)\s*", d[1])]
        return np.array(sizes[:-1] if len(sizes) == 2 and sizes[1] == 1 else sizes)
    body = _ENV.sub(" ", text.replace("\\\\", " ; ").replace("{,}", ",")).strip()
    body = _ROUGHLY.sub("", body).rstrip(".").strip()
    body = re.sub(r"(?:(?<=^)|(?<=[\s,;&(\[|]))([-+−])\s+(?=\d)", r"\1", body)  # "- 0,666": one entry
    transposed = False
    for mark in (_TRANSPOSE_AFTER, _TRANSPOSE_BEFORE):
        if mark.search(body):
            body, transposed = mark.sub("", body).strip(), True
    if body[:1] in "([{" and body[-1:] in ")]}":
        body = body[1:-1].strip()
    if not body or not re.fullmatch(rf"(?:{_NUMBER}|[\s,;&|]|\\\\)+", body) or re.search(r"[(\[{]", body):
        return None
    decimal_point = dimensions or re.search(r"\d\.\d", body) is not None  # sizes are whole: (3,3)
    apart = re.search(r"[\s;&|]|\\\\", body) is not None
    if not decimal_point and not apart and "," in body and re.search(r"\d,\d", body):
        raise ExpressionError("'{text}': the commas may separate the entries or be decimal commas: write "
                              "({semi}) with decimal commas, or [{points}] with decimal points",
                              text=text.strip()[:60], semi=" ; ".join(re.findall(r"[-+−]?\d+(?:,\d+)?", body)),
                              points=", ".join(body.split(",")))
    rows = [r for r in _ROWS.split(body) if r.strip()]
    table = [[_number(e, decimal_point) for e in _split(row, decimal_point)] for row in rows]
    if len({len(r) for r in table}) != 1:
        raise ExpressionError("'{text}': the rows have different lengths ({lengths}): write every row in full",
                              text=text.strip()[:60], lengths=", ".join(str(len(r)) for r in table))
    array = np.array(table, dtype=float)
    if 1 in array.shape:
        return array.ravel()  # a row or a column: the vector's entries (its orientation is the notation's)
    return array.T if transposed else array


def decimals(text: str) -> int:
    """The most decimals an entry of a table was written with (``0,30`` has two, as written)."""
    return max((len(m[1]) for m in re.finditer(r"\d[.,](\d+)", text.replace("{,}", ","))), default=0)


def _split(row: str, decimal_point: bool) -> list[str]:
    row = row.strip()
    if decimal_point:
        return [e for e in re.split(r"\s*(?:&|,|\s)\s*", row) if e]
    # a decimal comma sits between two digits with nothing around it; any other comma separates
    return [e for e in re.split(r"\s*&\s*|\s*,\s+|\s+,?\s*|,(?!\d)|(?<!\d),", row) if e]


def _number(entry: str, decimal_point: bool) -> float:
    if not re.fullmatch(_NUMBER, entry):
        raise ExpressionError("'{entry}' is not a number", entry=entry)
    entry = entry.replace("−", "-").replace(",", ".")
    if "/" in entry:  # 3/4
        top, bottom = entry.split("/")
        return float(top) / float(bottom)
    return float(entry)
