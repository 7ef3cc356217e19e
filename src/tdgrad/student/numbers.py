"""When is a number a student wrote the right number?

- **Integers** (counts, sizes, indices, fold members) are right only when exactly equal.
- **Other numbers** are right within a relative tolerance (1 % unless the key says otherwise), so
  a student who carried a rounded intermediate value is right, and with the **same sign**: there is
  no absolute floor, so for a true value of 5.8e-5 neither 0 nor −0.0004 is right.
- **A rounded decimal** is right when it is the correct rounding of the true value to the
  decimals written, with at least two significant digits: 0.994 for 0.9943 (and 0,99), but not 1,
  and not 0.0001 for 5.8e-5. Ties may round either way.

A true value below ``NOISE`` in size is zero that floating point did not quite reach.
"""

from __future__ import annotations

import re
from fractions import Fraction

NOISE = 1e-12
RTOL = 0.01

_LITERAL = re.compile(
    r"^\s*\$?\s*(?P<sign>[-+−]?)\s*(?P<int>\d+)(?:[.,]|\{,\})?(?P<frac>\d*)"
    r"(?:\s*(?:[eE]|(?:\*|×|·|\\times|\\cdot|\.)\s*10\s*\^\s*)\{?\s*(?P<exp>[-+−]?\d+)\s*\}?)?\s*\$?\s*$")


def literal(text: str) -> tuple[Fraction, int] | None:
    """A plain decimal number as written: its exact value and the number of decimals it carries.

    >>> literal("0,994")
    (Fraction(497, 500), 3)
    >>> literal("5.8e-5")
    (Fraction(29, 500000), 6)
    >>> literal("2x") is None
    True
    """
    m = _LITERAL.match(text)
    if not m:
        return None
    exponent = int(m["exp"].replace("−", "-")) if m["exp"] else 0
    value = Fraction(int(m["int"] + m["frac"]), 10 ** len(m["frac"])) * Fraction(10) ** exponent
    return (-value if m["sign"] in "-−" and m["sign"] else value), len(m["frac"]) - exponent


# what the reader reads as exactly the decimal written (at most 15 digits: a float holds them
# exactly as typed, and 12 before the point: below the reader's 1e12 bound); ASCII digits only
_PLAIN = re.compile(r"\A[ \t\r\n]*(?P<sign>[-+−]?)(?P<int>0|[1-9][0-9]{0,11})(?:[.,](?P<frac>[0-9]+))?[ \t\r\n]*\Z")


def plain(text: str) -> Fraction | None:
    """The exact value of a plain decimal (``0,0336``, ``-12``, ``3.5``), which ``read`` would
    read as the same number, or None for anything else; no SymPy needed.

    >>> plain("0,0336"), plain("−2"), plain("2x"), plain("1e-3"), plain("007")
    (Fraction(21, 625), Fraction(-2, 1), None, None, None)
    """
    m = _PLAIN.match(text)
    if not m or len(m["int"]) + len(m["frac"] or "") > 15:
        return None
    value = Fraction(int(m["int"] + (m["frac"] or "")), 10 ** len(m["frac"] or ""))
    return -value if m["sign"] in ("-", "−") else value


def significant_digits(value: Fraction, decimals: int) -> int:
    """How many significant digits a number written with ``decimals`` decimals shows."""
    if value == 0:
        return 0
    return len(str(abs(int(value * Fraction(10) ** decimals))))


def is_rounding(true: float | Fraction, text: str) -> bool:
    """``text`` is ``true`` rounded to the decimals written, with two significant digits or more."""
    written = literal(text)
    if written is None:
        return False
    value, decimals = written
    if significant_digits(value, decimals) < 2:
        return False
    half = Fraction(1, 2) * Fraction(10) ** -decimals
    return abs(Fraction(true) - value) <= half * (1 + Fraction(1, 10**9))


def is_integer_reference(ref) -> bool:
    return isinstance(ref, int) and not isinstance(ref, bool)


def close(student: float, true: float, rtol: float = RTOL) -> bool:
    """Within ``rtol`` of ``true`` and on the same side of zero (no absolute floor)."""
    if abs(true) < NOISE:
        return abs(student) < NOISE
    if student == 0 or (student > 0) != (true > 0):
        return False
    return abs(student - true) <= rtol * abs(true)


def right(student: float, text: str, true: float, rtol: float = RTOL) -> bool:
    """The number policy for one real answer (``text`` is what the student typed)."""
    return close(student, true, rtol) or (abs(true) >= NOISE and is_rounding(true, text))


def array_decimals(values) -> int | None:
    """The decimals every entry of a student's array was written with (None beyond 8)."""
    for d in range(9):
        if all(abs(v * 10**d - round(v * 10**d)) < 1e-6 for v in values):
            return d
    return None


def right_array(student, true, rtol: float = RTOL, decimals: int | None = None) -> list[bool]:
    """Entry by entry: close, or — when every entry was written with the same decimals, fine enough
    for two significant digits of the array's largest entry — rounded right to those decimals.
    ``decimals``: as the student wrote them (0,30 has two), when the text is known."""
    student, true = [float(v) for v in student], [float(v) for v in true]
    d = array_decimals(student) if decimals is None else decimals
    scale = max((abs(t) for t in true), default=0.0)
    unit = None if d is None else 10.0 ** -d  # the last decimal place written
    fine = unit is not None and scale >= NOISE and unit <= scale / 10
    out = []
    for s, t in zip(student, true):
        ok = close(s, t, rtol)
        if not ok and fine and unit is not None:
            rounded = abs(s - t) <= 0.5 * unit * (1 + 1e-9)
            ok = rounded and (s == 0 or (s > 0) == (t > 0))
        out.append(ok)
    return out
