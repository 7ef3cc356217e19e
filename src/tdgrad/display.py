"""How a number is shown to students: one rounding policy for a whole sheet, as done by hand.

The policy: **4 decimals, and at least 3 significant digits** (0.000123456 shows 0.000123, not
0.0001), rounded half-up on the decimal digits as a student rounds by hand (2.28125 → 2.2813,
where binary floats and ``round`` would give 2.2812), trailing zeros dropped, a decimal comma in
French. ``rounded`` is the same number as a float: answer keys store it beside the full
precision (``clean``), so grading and Moodle see exactly what the correction printed.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

DIGITS = 4  # decimals shown for a computed (non-grid) value
SIGNIFICANT = 3  # at least this many significant digits for small values
PRECISION = 12  # significant digits kept as "full precision": float noise (1.2999999999999998) goes
NOISE = 1e-12  # below this a computed value is a rounding residue of 0 (exercises use grid values)
POLICY = f"{DIGITS} decimals, at least {SIGNIFICANT} significant digits, half-up"


def clean(x: float) -> float:
    """``x`` without binary noise or a negative zero: 0.1 * 13 → 1.3, -0.0 → 0.0.

    >>> clean(0.1 * 13), clean(-0.0), clean(2 / 3)
    (1.3, 0.0, 0.666666666667)
    """
    if not math.isfinite(x):  # kept: the pipeline refuses it with a message naming the question
        return x
    if abs(x) < NOISE:
        return 0.0
    return float(f"{x:.{PRECISION}g}") + 0.0


def decimals(x: float) -> int:
    """How many decimals the policy shows for ``x``."""
    x = abs(clean(x))
    if x == 0 or x >= 10 ** -(DIGITS - SIGNIFICANT + 1):
        return DIGITS
    return SIGNIFICANT - 1 - math.floor(math.log10(x))


def _decimal(x: float) -> Decimal:
    # from the shortest repr of the cleaned value, so 2.28125 is rounded as the student sees it
    return _quantize(Decimal(repr(clean(x))), decimals(x))


def _quantize(d: Decimal, places: int) -> Decimal:
    """``d`` rounded half-up to ``places`` decimals, whatever its size (a student's 10^30 in a
    message: the default 28 digits of precision would refuse it)."""
    with localcontext() as ctx:
        ctx.prec = 400  # a float's 309 integer digits and its decimals
        return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rounded(x: float) -> float:
    """The number the sheet shows, as a float.

    >>> rounded(2.28125), rounded(-1e-15), rounded(0.000123456)
    (2.2813, 0.0, 0.000123)
    """
    return float(_decimal(x)) + 0.0 if math.isfinite(x) else x


def show(x: float, lang: str = "fr", math_mode: bool = True) -> str:
    """``x`` as printed: the policy above, a decimal comma (``{,}`` in LaTeX math) in French.

    >>> show(0.73105857, "fr")
    '0{,}7311'
    >>> show(-1.5, "en"), show(2.0, "fr"), show(2.28125, "fr", math_mode=False)
    ('-1.5', '2', '2,2813')
    """
    if not math.isfinite(x):
        raise ValueError(f"cannot display the non-finite number {x!r}")
    text = f"{_decimal(x):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if lang == "fr":
        text = text.replace(".", "{,}" if math_mode else ",")
    return text


def fixed(x: float, significant: int = 4) -> str:
    """``x`` with exactly ``significant`` significant digits (trailing zeros kept), for answer
    boxes that must all look alike: 0.2231, 0.0000, -1.500, 12.35.

    >>> fixed(0.22314), fixed(0.0), fixed(-1.5), fixed(12.345), fixed(0.000123456)
    ('0.2231', '0.0000', '-1.500', '12.35', '0.0001235')
    """
    x = clean(x)
    if x == 0:
        return "0." + "0" * significant
    places = max(0, significant - 1 - math.floor(math.log10(abs(x))))
    return f"{_quantize(Decimal(repr(x)), places):f}"
