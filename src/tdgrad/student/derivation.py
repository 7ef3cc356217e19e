"""Check a written derivation step by step and find the first step that does not hold.

A derivation is text, LaTeX or plain, with one or several displayed chains ``A = B = C`` and
equations joined by ⇔ (``\\Leftrightarrow``, ``\\iff``, ``<=>``), as students write them in seed 001.
Math is taken from ``$…$``, ``$$…$$`` and ``\\[…\\]`` when the text has any, else from every line
with an ``=``; aligned continuations (``&= …``) join the chain above. Each link ``A = B`` is a step
checked with ``equivalence.equivalent``; a step ``A = B ⇔ C = D`` holds when C − D is a nonzero
constant multiple of A − B (the same equation rearranged). Text that cannot be read makes its step
**undecided**, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from tdgrad.errors import ExpressionError
from tdgrad.student.equivalence import Verdict, equivalent, numeric
from tdgrad.student.read import read

_IFF = re.compile(r"\\Leftrightarrow|\\iff|\\Longleftrightarrow|⇔|⟺|<=>")
_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\$(.+?)\$", re.S)
_ENV = re.compile(r"\\(?:begin|end)\{(?:aligned|align\*?|equation\*?|gathered|split|array)\}(?:\{[^}]*\})?")


@dataclass(frozen=True)
class Step:
    number: int
    lhs: str
    rhs: str
    kind: str  # "=" or "⇔"
    verdict: Verdict

    def json(self) -> dict:
        v = self.verdict
        out = {"step": self.number, "lhs": self.lhs, "rhs": self.rhs, "kind": self.kind,
               "verdict": {"equivalent": "holds", "not equivalent": "fails"}.get(v.verdict, "undecided"),
               "reason": v.reason}
        if v.point is not None:
            out.update(point=v.point, values=list(v.values))
        return out


def chains(text: str) -> list[list[list[str]]]:
    """Lines of math → for each line, its equations (split at ⇔) → each equation's members."""
    blocks = [next(g for g in m.groups() if g) for m in _MATH.finditer(text)] if "$" in text or "\\[" in text else [text]
    lines: list[str] = []
    for block in blocks:
        block = _ENV.sub(" ", block).replace("\\\\", "\n")
        for raw in block.splitlines():
            line = raw.replace("&", " ").strip()
            if not line:
                continue
            if line.startswith("=") and lines:
                lines[-1] += " " + line
            elif "=" in line:
                lines.append(line)
    return [[_members(eq) for eq in _IFF.split(line)] for line in lines]


def _members(equation: str) -> list[str]:
    """Split at the '=' signs that are not inside brackets and not part of <=, >=, ==."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(equation):
        depth += {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}.get(ch, 0)
        if ch == "=" and depth == 0 and equation[i - 1:i] not in ("<", ">", "!", "=") \
                and equation[i + 1:i + 2] != "=":
            parts.append(equation[start:i].strip())
            start = i + 1
    parts.append(equation[start:].strip())
    return [p for p in parts if p]


def _read(text: str) -> sp.Expr | str:
    try:
        return read(text)
    except ExpressionError as exc:
        return f"could not read '{text[:60]}': {exc}"


def _same_equation(first: tuple[sp.Expr, sp.Expr], second: tuple[sp.Expr, sp.Expr]) -> Verdict:
    d1, d2 = first[0] - first[1], second[0] - second[1]
    v1, data1 = numeric(d1, sp.Integer(0))
    v2, _ = numeric(d2, sp.Integer(0))
    if v1.verdict == "equivalent" and v2.verdict == "equivalent":
        return Verdict("equivalent", "both equations hold identically")
    verdict, data = numeric(d2, d1)
    if verdict.verdict == "equivalent":
        return Verdict("equivalent", "the same equation")
    ratio = data["a"] / data["b"]
    ratio = ratio[abs(data["b"]) > 1e-9]
    if len(ratio) and abs(ratio[0]) > 1e-12 and all(abs(r - ratio[0]) < 1e-7 * (1 + abs(r)) for r in ratio):
        return Verdict("equivalent", f"the same equation multiplied by {ratio[0]:.6g}")
    return Verdict("not equivalent", "the two equations are not the same (not a multiple)",
                   verdict.point, verdict.values)


def check(text: str, symbolic: bool = True) -> tuple[list[Step], int | None]:
    """Every step in reading order, and the number of the first one that fails (or None)."""
    steps: list[Step] = []
    for line in chains(text):
        previous_equation, previous_text = None, ""
        for members in line:
            exprs = [_read(m) for m in members]
            for (ta, a), (tb, b) in zip(zip(members, exprs), zip(members[1:], exprs[1:])):
                if isinstance(a, str) or isinstance(b, str):
                    verdict = Verdict("undecided", a if isinstance(a, str) else b)
                else:
                    verdict = equivalent(a, b, symbolic=symbolic)
                steps.append(Step(len(steps) + 1, ta, tb, "=", verdict))
            if previous_equation and len(members) >= 2:
                (pa, pb), (ca, cb) = previous_equation, (exprs[0], exprs[-1])
                if any(isinstance(e, str) for e in (pa, pb, ca, cb)):
                    verdict = Verdict("undecided", "one of the equations could not be read")
                else:
                    verdict = _same_equation((pa, pb), (ca, cb))
                steps.append(Step(len(steps) + 1, previous_text, " = ".join(members), "⇔", verdict))
            if len(members) >= 2:
                previous_equation, _previous_text = (exprs[0], exprs[-1]), " = ".join(members)
    first = next((s.number for s in steps if s.verdict.verdict == "not equivalent"), None)
    return steps, first
