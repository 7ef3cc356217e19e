"""Are two expressions the same function? Floats first, exact points next, SymPy to prove.

Order of work (PrairieLearn's and R/exams' lesson: format errors, wrong and right are different
outcomes): both sides are compiled and evaluated at a few hundred random points at once; points where
either side is undefined (log of a negative, 0/0) are left out, and every kink (relu, |·|, sign, H,
max, indicators) is checked to be crossed by the sample, so a mistake on one side of a kink is seen.
A difference beyond floating-point noise gives **not equivalent** with the point and both values,
and the usual mistake when ``feedback`` recognises it. Then ``exact`` compares both sides exactly
at chosen rational points where float sampling is blind (negative bases with integer exponents,
constants like 10⁻²⁰), and numbers without variables are compared exactly (two different
rationals are never equivalent). Where only one side is defined the verdict is **partly
equivalent**, with the point. Agreement everywhere is **equivalent** only when proven (exact
arithmetic, or ``sympy.simplify`` over the reals, on each side of a kink, within
``SYMBOLIC_SECONDS``); otherwise it is **numerically equivalent**, and the reason says why it is
not proven. **undecided** is for what cannot be tested: too few points where both sides are
defined, or numbers that are not real.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import sympy as sp

from tdgrad.errors import ExpressionError
from tdgrad.functions import compile
from tdgrad.student.exact import DIGITS, at, exact, real_value, same, show
from tdgrad.student.exact import probe as exact_probe
from tdgrad.student.runner import within
from tdgrad.student.verdict import Verdict, different, rationals

POINTS = 256
RTOL = 1e-9  # |a − b| ≤ RTOL · (1 + |a| + |b|): equal up to rounding
MIN_VALID = 16  # points where both sides are defined, at least
MIN_EXACT = 5  # exact points that stand in for too few float points (x^n, (-1)^n)
SYMBOLIC_SECONDS = 2.0
EXACT_SECONDS = 1.0  # for the exact points, and again for the domain check


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
    """Float evaluation at random points: "equivalent" here means equal wherever both are defined.

    ``data`` keeps the points where both are defined (``points``, ``a``, ``b``) and those where
    only one side is (``only``, with which side in ``only_first``) for the domain check.
    """
    symbols = sorted(a.free_symbols | b.free_symbols, key=str)
    rng = np.random.default_rng(seed)
    points = sample(symbols, _kinks(a) + _kinks(b), rng) if symbols else np.zeros((1, 0))
    va, vb = values_at(a, symbols, points), values_at(b, symbols, points)
    fa, fb = np.isfinite(va), np.isfinite(vb)
    ok = fa & fb
    one_sided = np.flatnonzero(fa ^ fb)
    data = {"symbols": symbols, "points": points[ok], "a": va[ok], "b": vb[ok],
            "only": points[one_sided], "only_first": fa[one_sided]}
    if ok.sum() < (1 if not symbols else MIN_VALID):
        if len(one_sided) and fa[one_sided].any() and fb[one_sided].any():
            i = one_sided[0]  # each side is defined where the other is not: different domains
            return _counterexample(symbols, points[i], va[i], vb[i], "defined on different domains"), data
        return Verdict("undecided", "too few points where both expressions are defined"), data
    diff = np.abs(va[ok] - vb[ok])
    bad = diff > RTOL * (1 + np.abs(va[ok]) + np.abs(vb[ok]))
    if bad.any():
        i = np.flatnonzero(bad)
        return _differ(a, b, symbols, data["points"][i], data["a"][i], data["b"][i]), data
    return Verdict("equivalent", f"equal at {int(ok.sum())} random points"), data


def _differ(a, b, symbols, points, va, vb, why="") -> Verdict:
    """A counterexample: the simplest rounded point where the two sides still clearly differ."""
    points, va, vb = np.atleast_2d(points), np.atleast_1d(va), np.atleast_1d(vb)
    order = np.argsort(np.max(np.abs(points), axis=1))[:24] if symbols else [0]
    for digits in (0, 1, 2):
        nice = np.unique(np.round(points[order], digits), axis=0)
        na, nb = values_at(a, symbols, nice), values_at(b, symbols, nice)
        with np.errstate(all="ignore"):
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
        return bool(sp.simplify(difference.rewrite(sp.exp)) == 0)
    except Exception:  # noqa: BLE001 — a SymPy failure is "not confirmed", not a crash
        return False


def _prove_zero(difference: sp.Expr) -> bool:
    """SymPy's simplify over the reals; with a kink on a bare variable (relu(x), |x|, H(x)), on
    each side of it (x = p and x = −p, p > 0), where the kink evaluates away."""
    real = {s: sp.Dummy(s.name, real=True) for s in difference.free_symbols}
    difference = difference.xreplace(real)
    if _simplify_is_zero(difference):
        return True
    bare = sorted({g for g in _kinks(difference) if g.is_Symbol}, key=str)
    if not bare or len(bare) > 3:
        return False
    for signs in product((1, -1), repeat=len(bare)):
        side = {x: sign * sp.Dummy(x.name, positive=True) for x, sign in zip(bare, signs)}
        if not _simplify_is_zero(difference.xreplace(side)):
            return False
    return True


def symbolic_zero(difference: sp.Expr, seconds: float = SYMBOLIC_SECONDS) -> bool | None:
    """True if SymPy proves ``difference == 0`` within ``seconds`` (None: out of time)."""
    if difference == 0:
        return True
    ok, proved = within(seconds, _prove_zero, difference)
    return proved if ok else None


def equivalent(a: sp.Expr, b: sp.Expr, symbolic: bool = True, seed: int = 0) -> Verdict:
    """Compare two expressions: ``a`` is the student's (or left side), ``b`` the reference.

    The verdict is "equivalent" only when it is proven (SymPy, or exact arithmetic), "numerically
    equivalent" when the values agree everywhere they were computed but nothing proves it,
    "partly equivalent" when they agree where both are defined but one is defined where the
    other is not, else "not equivalent" (with a point) or "undecided".

    >>> from tdgrad.student.read import read
    >>> equivalent(read("sigmoid(x)(1 - sigmoid(x))"), read("e^(-x)/(1+e^(-x))^2")).verdict
    'equivalent'
    >>> v = equivalent(read("relu(x)"), read("x"))
    >>> v.verdict, v.point["x"] < 0
    ('not equivalent', True)
    >>> equivalent(read("99999999/10^8"), read("99999998/99999999")).verdict
    'not equivalent'
    >>> equivalent(read("sqrt((x-3)(x-5))"), read("sqrt(x-3) sqrt(x-5)")).verdict
    'partly equivalent'
    """
    from tdgrad.student.feedback import diagnose

    a, b = exact(a), exact(b)
    if not (a.free_symbols or b.free_symbols):
        return _constants(a, b, symbolic)
    verdict, data = numeric(a, b, seed)
    if verdict.verdict == "not equivalent":
        mistake = diagnose(a, b, data) if len(data["a"]) else None
        return Verdict(verdict.verdict, verdict.reason, verdict.point, verdict.values, mistake)
    symbols = data["symbols"]
    done, found = within(EXACT_SECONDS, exact_probe, a, b, symbols)
    agreed, counter = found if done else (0, None)
    if verdict.verdict == "undecided" and (counter is None and agreed < MIN_EXACT):
        return verdict  # too few float points, and too few exact ones to stand in for them
    if counter:
        point, va, vb = counter
        where = ", ".join(f"{s} = {point[s]}" for s in symbols)
        return _counterexample(symbols, [point[s] for s in symbols], float(va), float(vb),
                               f"the values differ at {where}: {show(va)} and {show(vb)} "
                               "(computed exactly where random sampling is blind)")
    done, partial = within(EXACT_SECONDS, _domain, a, b, symbols, data)
    if partial:
        return partial
    floats = verdict.reason if verdict.verdict == "equivalent" else "too few random points"
    evidence = f"{floats} and {agreed} exact points" + ("" if done else " (exact check out of time)")
    proved = symbolic_zero(a - b) if symbolic else None
    if proved:
        return Verdict("equivalent", evidence + "; SymPy simplifies the difference to 0",
                       details={"proof": "sympy"})
    why = {False: "SymPy could not simplify the difference to 0",
           None: f"SymPy ran out of time ({SYMBOLIC_SECONDS:g} s)" if symbolic else "no proof attempted"}
    return Verdict("numerically equivalent", f"{evidence}; not proven: {why[proved]}",
                   details={"proof": "numeric"})


def _constants(a: sp.Expr, b: sp.Expr, symbolic: bool) -> Verdict:
    """Two numbers: exact rationals compared exactly, other constants to 40 digits, then proved."""
    va, vb = real_value(a), real_value(b)
    if va is None or vb is None:
        return Verdict("undecided", "not a real number: " + ", ".join(
            str(e) for e, v in ((a, va), (b, vb)) if v is None))
    if va.is_Rational and vb.is_Rational:
        return rationals(va, vb)
    if not same(va, vb):
        return different(va, vb, show(va), show(vb))
    if symbolic and symbolic_zero(a - b):
        return Verdict("equivalent", "the same number; SymPy simplifies the difference to 0",
                       details={"proof": "sympy"})
    return Verdict("numerically equivalent", f"equal to {DIGITS - 10} significant digits; not proven",
                   details={"proof": "numeric"})


def _domain(a: sp.Expr, b: sp.Expr, symbols, data) -> Verdict | None:
    """Where the float sampling saw only one side defined, confirm it exactly at a rounded point:
    "partly equivalent" with that point, or None (no such point, or float overflow only)."""
    for point, first in list(zip(data["only"], data["only_first"]))[:8]:
        for digits in (0, 1, 2):
            nice = [sp.Rational(round(float(v), digits)).limit_denominator(100) for v in point]
            va, vb = at(a, dict(zip(symbols, nice))), at(b, dict(zip(symbols, nice)))
            value = va if vb is None else vb  # the side that is defined, if only one is
            if value is not None and (va is None) != (vb is None):
                side = "first" if vb is None else "second"
                return Verdict("partly equivalent",
                               f"equal where both are defined, but only the {side} is defined here",
                               {str(s): float(v) + 0.0 for s, v in zip(symbols, nice)},
                               (None if va is None else float(va), None if vb is None else float(vb)),
                               details={"defined": side, "value": float(value)})
    return None


def judge(first: str, second: str) -> Verdict:
    """Read two texts and compare them: the task ``tdgrad equiv`` runs in the bounded runner.

    An unreadable side gives the verdict "unreadable" with the reader's message.
    """
    from tdgrad.student.read import read

    try:
        a, b = read(first), read(second)
    except ExpressionError as exc:
        return Verdict("unreadable", str(exc), details={"refusal": exc.sentence})
    v = equivalent(a, b)
    return Verdict(v.verdict, v.reason, v.point, v.values, v.mistake, {**v.details, "read": (a, b)})
