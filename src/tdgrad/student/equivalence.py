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
from tdgrad.student import sampling
from tdgrad.student.runner import within
from tdgrad.student.sampling import MIN_VALID, RTOL  # noqa: F401 (also imported from here)
from tdgrad.student.verdict import Verdict, different, rationals

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


def values_at(expr: sp.Expr, symbols, points: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        out = compile(symbols, expr)(*points.T)
        out = np.asarray(out, dtype=complex if np.iscomplexobj(out) else float)
    out = np.broadcast_to(out, (len(points),)).astype(complex)
    real = np.where(np.abs(out.imag) < 1e-12, out.real, np.nan)
    return real


def _compiled(symbols, expr: sp.Expr) -> sampling.Values:
    f = compile(symbols, expr)
    return lambda points: f(*points.T)


def numeric(a: sp.Expr, b: sp.Expr, seed: int = 0) -> tuple[Verdict, dict]:
    """``sampling.compare`` of two SymPy expressions (``data["symbols"]``: their symbols, sorted)."""
    symbols = sorted(a.free_symbols | b.free_symbols, key=str)
    kinks = [g for g in _kinks(a) + _kinks(b) if g.free_symbols]
    verdict, data = sampling.compare([str(s) for s in symbols], lambda p: values_at(a, symbols, p),
                                     lambda p: values_at(b, symbols, p), [_compiled(symbols, g) for g in kinks], seed)
    data["symbols"] = symbols
    return verdict, data


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
        return sampling.counterexample(symbols, [point[s] for s in symbols], float(va), float(vb),
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
