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


STEP_SECONDS = 5.0  # per step, in the runner


def _judge(kind: str, first: tuple[str, ...], second: tuple[str, ...], symbolic: bool) -> Verdict:
    """One step, read and decided (what a runner worker does): ``first = second`` for "=",
    the equation ``first[0] = first[1]`` against ``second[0] = second[1]`` for "⇔"."""
    exprs = [_read(t) for t in (*first, *second)]
    unreadable = next((e for e in exprs if isinstance(e, str)), None)
    if unreadable:
        return Verdict("undecided", unreadable)
    if kind == "=":
        return equivalent(exprs[0], exprs[1], symbolic=symbolic)
    return _same_equation((exprs[0], exprs[1]), (exprs[2], exprs[3]))


def check(text: str, symbolic: bool = True, pool=None) -> tuple[list[Step], int | None]:
    """Every step in reading order, and the number of the first one that fails (or None).

    The steps run in the bounded runner (``pool``, or one made for this call): a step that is too
    slow, too big or breaks something is undecided, and the others are still checked.
    """
    from tdgrad.student import runner

    plan: list[tuple[str, str, str, tuple, tuple]] = []  # (kind, lhs text, rhs text, task args)
    for line in chains(text):
        previous: tuple[str, str] | None = None
        previous_text = ""
        for members in line:
            for ta, tb in zip(members, members[1:]):
                plan.append(("=", ta, tb, (ta,), (tb,)))
            if len(members) < 2:
                continue
            equation, equation_text = (members[0], members[-1]), " = ".join(members)
            if previous:
                plan.append(("⇔", previous_text, equation_text, previous, equation))
            previous, previous_text = equation, equation_text
    if pool is None:
        with runner.Pool(seconds=STEP_SECONDS) as own:
            outcomes = own.map(_judge, [(k, a, b, symbolic) for k, _, _, a, b in plan])
    else:
        outcomes = pool.map(_judge, [(k, a, b, symbolic) for k, _, _, a, b in plan])
    steps = [Step(n, lhs, rhs, kind, o.value if o.ok else Verdict("undecided", f"stopped: {o.undecided}"))
             for n, ((kind, lhs, rhs, _, _), o) in enumerate(zip(plan, outcomes), start=1)]
    first = next((s.number for s in steps if s.verdict.verdict == "not equivalent"), None)
    return steps, first
