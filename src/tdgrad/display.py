"""How a number is shown to students: rounded once, with the language's decimal mark.

Every number printed in a sheet goes through ``show``; ``answers.json`` records both the exact
value and this display, so grading checks what was printed.
"""

import math

DIGITS = 4  # decimals shown for a computed (non-grid) value


def show(x: float, lang: str = "fr", digits: int = DIGITS, math_mode: bool = True) -> str:
    """Round ``x`` to ``digits`` decimals, drop trailing zeros, use a decimal comma in French.

    >>> show(0.73105857, "fr")
    '0{,}7311'
    >>> show(-1.5, "en")
    '-1.5'
    >>> show(2.0, "fr")
    '2'
    """
    if not math.isfinite(x):
        raise ValueError(f"cannot display the non-finite number {x!r}")
    text = f"{round(x, digits) + 0.0:.{digits}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if lang == "fr":
        text = text.replace(".", "{,}" if math_mode else ",")
    return text
