"""The verdict on two expressions, and the one case decided without SymPy: two exact numbers.

``Verdict`` is what ``equivalence.equivalent`` returns (and ``tdgrad equiv`` prints). Two rationals
(Fractions from ``numbers.plain`` or SymPy Rationals) are equal or not, with nothing to prove:
``rationals`` decides it in the same words for both, so ``tdgrad equiv 0,5 1/2``'s sides typed as
plain decimals are compared before SymPy is even imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tdgrad.student import feedback

VERDICTS = ("equivalent", "numerically equivalent", "partly equivalent", "not equivalent", "undecided")


@dataclass(frozen=True)
class Verdict:
    verdict: str  # one of VERDICTS (and "unreadable" from ``judge``)
    reason: str = ""
    point: dict | None = None
    values: tuple | None = None  # (first, second) at the point
    mistake: dict | None = None  # {"code": ..., "detail": ...} from feedback.diagnose
    details: dict = field(default_factory=dict)

    @property
    def equivalent(self) -> bool:
        """Equal as functions: proven, or at every point computed (see ``verdict`` for which)."""
        return self.verdict in ("equivalent", "numerically equivalent")

    def json(self) -> dict:
        out: dict[str, Any] = {"verdict": self.verdict, "reason": self.reason}
        if "proof" in self.details:
            out["proof"] = self.details["proof"]
        if self.point is not None:
            out.update(point=self.point, values=list(self.values or ()))
        if self.mistake:
            out["mistake"] = self.mistake
        return out



def exact_text(q) -> str:
    """A rational as a short exact text (−199999999999999999999/10²⁰ as a float beyond 48 characters)."""
    text = str(q)
    return text if len(text) <= 48 else f"{float(q):.17g}"


def different(va, vb, shown_a: str, shown_b: str) -> Verdict:
    """Two real numbers that differ (shown as ``shown_a``, ``shown_b``), with the slip their ratio shows."""
    return Verdict("not equivalent", f"different numbers: {shown_a} ≠ {shown_b}", None, None,
                   feedback.number_slip(float(va), float(vb)), {"values": (float(va), float(vb))})


def rationals(va, vb) -> Verdict:
    """Two exact rationals: "equivalent" (proof: exact arithmetic) or "not equivalent"."""
    if va != vb:
        return different(va, vb, exact_text(va), exact_text(vb))
    return Verdict("equivalent", f"the same exact number {va}", details={"proof": "exact"})


def graded(v: Verdict, ref, lang: str):
    """A ``Result`` (``number_grade``) for an expression answer compared with the key's ``ref``."""
    from tdgrad.display import show
    from tdgrad.student.number_grade import Result

    if v.equivalent:
        return Result("correct", "" if v.verdict == "equivalent" else feedback.say("numeric_only", lang),
                      points=ref.points)
    if v.verdict == "undecided":
        from tdgrad.student import reasons

        return Result("undecided", reasons.say(v.reason, lang))
    point = ", ".join(f"{k} = {show(x, lang, math_mode=False)}" for k, x in (v.point or {}).items())
    if v.verdict == "partly equivalent":
        return Result("wrong", feedback.say("partly", lang, point=point), 0.0, "domain")
    got, want = v.values or v.details.get("values", (None, None))
    text = feedback.message(v.mistake, lang) or feedback.say("counterexample", lang, point=point,
        got=_fmt(got, lang), want=_fmt(want, lang))
    return Result("wrong", text, 0.0, (v.mistake or {}).get("code"))


def _fmt(x, lang):
    if x is None:
        return "—"
    text = f"{x + 0.0:.4g}".replace("-0", "0") if x == 0 else f"{x:.4g}"
    return text.replace(".", ",") if lang == "fr" else text

