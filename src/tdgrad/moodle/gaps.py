"""Answer records → the gaps of a Moodle cloze question: ``{weight:NUMERICAL:=answer:tolerance}``.

What Moodle's parser reads (``qtype_multianswer_extract_question``): a gap is
``{w:TYPE:=answer:tolerance}``, ``w`` a whole number (the gap's share of the question's mark,
which is the sum of its gaps' weights), the tolerance absolute around the written answer.
tdgrad grades a real number within a *relative* tolerance of its exact value and on the same side of
zero (``student/numbers.py``), so each gap gets the widest interval around its written answer that
stays inside ``|x − exact| ≤ rtol·|exact|``: what Moodle accepts, tdgrad accepts. A true 0 is
then exactly 0, as tdgrad grades it. Every answer is written with the same number of significant
digits (``display.fixed``): Moodle sizes a box from its longest answer, and ``0.0000`` beside
``0.2231`` tells nothing.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from tdgrad.display import clean, fixed

SIGNIFICANT = 4  # digits of every written answer (4: rounding costs at most 0.05 %, far inside 1 %)
MAX_SCALE = 1000  # weights are whole: points × k for the smallest such k up to this


def written(x) -> str:
    """The answer as the gap holds it (and Moodle shows it as the right answer): 0.2231, -1.500, 24."""
    if isinstance(x, int) and not isinstance(x, bool):
        return str(x)
    return fixed(float(x), SIGNIFICANT)


def tolerance(exact: float, shown: str, rtol: float) -> str:
    """Moodle's absolute tolerance around ``shown``, kept inside tdgrad's relative one (3 digits,
    rounded down).

    >>> tolerance(0.22314, "0.2231", 0.01)
    '0.00219'
    >>> tolerance(0.0, "0.0000", 0.01), tolerance(24, "24", 0.0)
    ('0', '0')
    """
    exact_d = Decimal(repr(clean(float(exact))))
    room = Decimal(repr(rtol)) * abs(exact_d) - abs(Decimal(shown) - exact_d)
    if room <= 0:
        return "0"
    places = 2 - math.floor(math.log10(room))
    return f"{room.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN):f}"


def numerical(weight: int, exact, rtol: float) -> str:
    shown = written(exact)
    tol = "0" if isinstance(exact, int) else tolerance(exact, shown, rtol)
    return f"{{{weight}:NUMERICAL:={shown}:{tol}}}"


WORD = re.compile(r"""["']?([A-Za-z_][\w.-]{0,30})["']?""")


def word(value) -> str | None:
    """The one word a text answer is (``"rbf"`` → rbf), or None when it is more than a word."""
    m = WORD.fullmatch(str(value).strip())
    return m.group(1) if m else None


def shortanswer(weight: int, value: str) -> str:
    """A one-word answer, case ignored (as tdgrad grades it), with or without quotes."""
    return f"{{{weight}:SHORTANSWER:={value}~='{value}'~=\"{value}\"}}"


def weights(shares: list[Fraction], total: Fraction) -> tuple[list[int], int]:
    """Whole weights proportional to the gaps' ``shares`` of an exercise worth ``total`` points,
    and the factor k with sum(weights) = k·total (k = 1 whenever the shares are whole points).

    >>> weights([Fraction(1), Fraction(2)], Fraction(3))
    ([1, 2], 1)
    >>> weights([Fraction(1, 3)] * 3 + [Fraction(1)], Fraction(2))
    ([1, 1, 1, 3], 3)
    """
    # the gaps carry the whole mark, that of answers Moodle cannot grade too
    whole = sum(shares)  # once: summed per gap it was most of moodle.xml's Python time
    points = [(s * total / whole).limit_denominator(MAX_SCALE) for s in shares]
    k = math.lcm(*(p.denominator for p in points))
    if k > MAX_SCALE:  # not met with tdgrad's exercises: close weights rather than huge ones
        k = MAX_SCALE
    return [max(1, round(p * k)) for p in points], k
