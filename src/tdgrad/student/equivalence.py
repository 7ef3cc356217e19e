"""Are two expressions the same function? Numbers first, SymPy to confirm, always bounded in time.

Order of work (PrairieLearn's and R/exams' lesson: format errors, wrong and right are different
outcomes): both sides are compiled and evaluated at a few hundred random points at once; points where
either side is undefined (log of a negative, 0/0) are left out, and every kink (relu, |·|, sign, H,
max, indicators) is checked to be crossed by the sample, so a mistake on one side of a kink is seen.
A difference beyond floating-point noise gives **not equivalent** with the point and both values,
and the usual mistake when ``feedback`` recognises it. Agreement everywhere is confirmed by
``sympy.simplify`` of the difference in a child process killed after ``SYMBOLIC_SECONDS``;
agreement that SymPy cannot confirm in time still counts (hundreds of random points do not agree by
chance), and the reason says so. **undecided** is for what cannot be tested: too few points where
both sides are defined, or the whole check running out of time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from tdgrad.errors import ExpressionError
from tdgrad.functions import compile
from tdgrad.student.runner import within

POINTS = 256
RTOL = 1e-9  # |a − b| ≤ RTOL · (1 + |a| + |b|): equal up to rounding
MIN_VALID = 16  # points where both sides are defined, at least
SYMBOLIC_SECONDS = 2.0


@dataclass(frozen=True)
class Verdict:
    verdict: str  # "equivalent" | "not equivalent" | "undecided"
    reason: str = ""
    point: dict | None = None
    values: tuple | None = None  # (first, second) at the point
    mistake: dict | None = None  # {"code": ..., "detail": ...} from feedback.diagnose
    details: dict = field(default_factory=dict)

    @property
    def equivalent(self) -> bool:
        return self.verdict == "equivalent"

    def json(self) -> dict:
        out = {"verdict": self.verdict, "reason": self.reason}
        if self.point is not None:
            out.update(point=self.point, values=list(self.values))
        if self.mistake:
            out["mistake"] = self.mistake
        return out


def _kinks(expr: sp.Expr) -> list[sp.Expr]:
    """Arguments whose sign changes the formula: relu, |·|, sign, H, max/min, indicators."""
    from tdgrad.functions import relu

    out = [a.args[0] for a in expr.atoms(sp.Heaviside, sp.Abs, sp.sign, relu)]
    out += [m.args[0] - m.args[1] for m in expr.atoms(sp.Max, sp.Min) if len(m.args) == 2]
    for pw in expr.atoms(sp.Piecewise):
        for _, cond in pw.args:
            if isinstance(cond, sp.core.relational.Relational):
                out.append(cond.lhs - cond.rhs)
    return out


def sample(symbols: list[sp.Symbol], kinks: list[sp.Expr], rng) -> np.ndarray:
    """Random points (rows), mixing scales, with both signs of every kink argument present."""
    n = len(symbols)
    scales = rng.choice([0.5, 2.0, 6.0], size=(POINTS, 1))
    points = rng.standard_normal((POINTS, n)) * scales
    points[: POINTS // 4] = np.abs(points[: POINTS // 4]) + 0.05  # where logs and roots live
    for g in kinks:
        if not g.free_symbols:
            continue
        values = np.broadcast_to(np.asarray(compile(symbols, g)(*points.T), dtype=float), (POINTS,))
        for sign in (1, -1):
            if not np.any(np.sign(values) == sign):  # search wider for the missing side
                extra = rng.standard_normal((POINTS, n)) * 50
                ev = np.broadcast_to(np.asarray(compile(symbols, g)(*extra.T), dtype=float), (POINTS,))
                hits = extra[np.sign(ev) == sign][: POINTS // 8]
                if len(hits):
                    points[-len(hits):] = hits
    return points


def values_at(expr: sp.Expr, symbols, points: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        out = compile(symbols, expr)(*points.T)
        out = np.asarray(out, dtype=complex if np.iscomplexobj(out) else float)
    out = np.broadcast_to(out, (len(points),)).astype(complex)
    real = np.where(np.abs(out.imag) < 1e-12, out.real, np.nan)
    return real


def numeric(a: sp.Expr, b: sp.Expr, seed: int = 0) -> tuple[Verdict, dict]:
    symbols = sorted(a.free_symbols | b.free_symbols, key=str)
    rng = np.random.default_rng(seed)
    points = sample(symbols, _kinks(a) + _kinks(b), rng) if symbols else np.zeros((1, 0))
    va, vb = values_at(a, symbols, points), values_at(b, symbols, points)
    fa, fb = np.isfinite(va), np.isfinite(vb)
    ok = fa & fb
    data = {"symbols": symbols, "points": points[ok], "a": va[ok], "b": vb[ok]}
    one_sided = np.flatnonzero(fa ^ fb)
    if len(one_sided) and fa[one_sided].any() and fb[one_sided].any():
        i = one_sided[0]  # each side is defined where the other is not: different domains
        return _counterexample(symbols, points[i], va[i], vb[i], "defined on different domains"), data
    if ok.sum() < (1 if not symbols else MIN_VALID):
        return Verdict("undecided", "too few points where both expressions are defined"), data
    diff = np.abs(va[ok] - vb[ok])
    bad = diff > RTOL * (1 + np.abs(va[ok]) + np.abs(vb[ok]))
    if bad.any():
        i = np.flatnonzero(bad)
        return _differ(a, b, symbols, data["points"][i], data["a"][i], data["b"][i]), data
    where = "" if ok.all() else " (where both are defined)"
    return Verdict("equivalent", f"equal at {int(ok.sum())} random points{where}"), data


def _differ(a, b, symbols, points, va, vb, why="") -> Verdict:
    """A counterexample: the simplest rounded point where the two sides still clearly differ."""
    points, va, vb = np.atleast_2d(points), np.atleast_1d(va), np.atleast_1d(vb)
    order = np.argsort(np.max(np.abs(points), axis=1))[:24] if symbols else [0]
    for digits in (0, 1, 2):
        nice = np.unique(np.round(points[order], digits), axis=0)
        na, nb = values_at(a, symbols, nice), values_at(b, symbols, nice)
        clear = np.isfinite(na) & np.isfinite(nb) & (np.abs(na - nb) > 1e-3 * (1 + np.abs(na) + np.abs(nb)))
        if clear.any():
            j = int(np.flatnonzero(clear)[0])
            return _counterexample(symbols, nice[j], na[j], nb[j], why)
    return _counterexample(symbols, points[order[0]], va[order[0]], vb[order[0]], why)


def _counterexample(symbols, point, va, vb, why) -> Verdict:
    where = {str(s): round(float(v), 6) + 0.0 for s, v in zip(symbols, point)}

    def clean(x):
        return float(x) + 0.0 if np.isfinite(x) else None

    return Verdict("not equivalent", why or "the values differ", where, (clean(va), clean(vb)))


def _simplify_is_zero(difference: sp.Expr) -> bool:
    try:
        return bool(sp.simplify(sp.expand(difference).rewrite(sp.exp)) == 0)
    except Exception:  # noqa: BLE001 — a SymPy failure is "not confirmed", not a crash
        return False


def symbolic_zero(difference: sp.Expr, seconds: float = SYMBOLIC_SECONDS) -> bool | None:
    """True if SymPy proves ``difference == 0`` within ``seconds`` (None: out of time)."""
    if difference == 0:
        return True
    ok, proved = within(seconds, _simplify_is_zero, difference)
    return proved if ok else None


def equivalent(a: sp.Expr, b: sp.Expr, symbolic: bool = True, seed: int = 0) -> Verdict:
    """Compare two expressions: ``a`` is the student's (or left side), ``b`` the reference.

    >>> from tdgrad.student.read import read
    >>> equivalent(read("sigmoid(x)(1 - sigmoid(x))"), read("e^(-x)/(1+e^(-x))^2")).verdict
    'equivalent'
    >>> v = equivalent(read("relu(x)"), read("x"))
    >>> v.verdict, v.point["x"] < 0
    ('not equivalent', True)
    """
    from tdgrad.student.feedback import diagnose

    verdict, data = numeric(a, b, seed)
    if verdict.verdict == "not equivalent":
        mistake = diagnose(a, b, data) if len(data["a"]) else None
        return Verdict(verdict.verdict, verdict.reason, verdict.point, verdict.values, mistake)
    if verdict.verdict == "equivalent" and symbolic:
        proved = symbolic_zero(a - b)
        how = {True: "; SymPy simplifies the difference to 0",
               False: "; SymPy could not simplify the difference to 0 (numeric evidence only)",
               None: f"; SymPy ran out of time ({SYMBOLIC_SECONDS:g} s), numeric evidence only"}[proved]
        return Verdict("equivalent", verdict.reason + how, details={"symbolic": proved})
    return verdict


def judge(first: str, second: str) -> Verdict:
    """Read two texts and compare them: the task ``tdgrad equiv`` runs in the bounded runner.

    An unreadable side gives the verdict "unreadable" with the reader's message.
    """
    from tdgrad.student.read import read

    try:
        a, b = read(first), read(second)
    except ExpressionError as exc:
        return Verdict("unreadable", str(exc))
    v = equivalent(a, b)
    return Verdict(v.verdict, v.reason, v.point, v.values, v.mistake, {**v.details, "read": (a, b)})
