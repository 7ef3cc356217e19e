"""One number a student wrote, against a numeric answer of the key: a verdict and the slip it shows.

The rules are ``numbers.py``'s (integers exactly, reals within the tolerance or correctly rounded);
the feedback names the classic slips of one number (sign, factor 2 or ½, rounding). A plain decimal
(``0,0336``, ``-12``) is graded here as the reader would read it, without SymPy or numpy, which is
what lets ``tdgrad check`` answer in milliseconds; anything else goes through the reader first
(``grade.py``) and comes back here with its exact value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tdgrad.student import feedback, numbers


@dataclass(frozen=True)
class Result:
    verdict: str
    feedback: str = ""
    points: float = 0.0
    mistake: str | None = None


def grade_plain(ref, answer: str, lang: str = "fr") -> Result | None:
    """``answer`` graded against a ``number`` or ``integer`` Answer when it is a plain decimal;
    None otherwise (the reader decides)."""
    if ref.type not in ("number", "integer"):
        return None
    value = numbers.plain(answer)
    if value is None:
        return None
    return grade_value(value, float(value), answer, ref, ref.graded_value(), lang)


def grade_value(value: Fraction | Any, s: float | None, answer: str, key, ref, lang: str) -> Result:
    """The number ``value`` (exact: a Fraction or a SymPy number; ``s`` its float, None when it is
    not a real number) the student wrote as ``answer``, against the key's ``ref``."""
    from tdgrad.display import show

    rtol = key.tolerance
    if s is None:
        return Result("wrong", feedback.say("not_real", lang), 0.0, "not_real")
    if numbers.is_integer_reference(ref):
        if value == ref:
            return Result("correct", points=key.points)
        return Result("wrong", feedback.say("expected", lang, value=str(ref)), 0.0,
                      "sign" if s == -ref != 0 else None)
    r = float(ref)
    if numbers.right(s, answer if numbers.plain(answer) is not None else _core(answer), r, rtol):
        return Result("correct", points=key.points)
    mistake = None  # one number: only the classic slips are worth naming
    for c, m in ((-1, {"code": "sign"}), (2, {"code": "factor", "factor": "2"}),
                 (0.5, {"code": "factor", "factor": "1/2"})):
        if numbers.close(s, c * r, rtol):
            mistake = m
            break
    if mistake is None and numbers.close(s, r, 10 * rtol):
        mistake = {"code": "rounding"}
    text = feedback.message(mistake, lang) or feedback.say("expected", lang,
        value=show(r, lang, math_mode=False))
    return Result("wrong", text, 0.0, (mistake or {}).get("code"))


# σ′(x), tanh′(x): a question that asks for a derivative, which an answer must not just restate
_ASKS_DERIVATIVE = re.compile(r"\S+′\(\w+\)")
_DERIVATIVE = re.compile(r"['′’]|\\prime|\bd\s*/\s*d|\bd\w*\s*/\s*d\w")


def restated(ref, answer: str, lang: str = "fr") -> Result | None:
    """"wrong" for ``σ'(x)``, ``(σ(x))'`` or ``dσ/dx`` answered where σ′(x) is asked (its label):
    the question restated, true but no answer; None otherwise. Both grading paths ask first."""
    asked = ref.text_label("en")
    if ref.type != "expression" or not _ASKS_DERIVATIVE.fullmatch(asked):
        return None
    from tdgrad.student.text import right_hand_side  # here: a plain number's check needs no reader

    if _DERIVATIVE.search(right_hand_side(answer)):  # what follows "σ'(x) =" is the answer
        return Result("wrong", feedback.say("restated", lang, asked=asked), mistake="restated")
    return None


def _core(answer: str) -> str:
    """The digits the student wrote, which the rounding rule counts: "L ≈ 0,034 environ" → 0,034."""
    from tdgrad.student.text import core  # here: a plain decimal's check needs no reader

    return core(answer)
