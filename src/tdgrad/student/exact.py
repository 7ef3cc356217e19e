"""Exact arithmetic where floating-point sampling is blind.

Random float points cannot tell 99999999/10⁸ from 99999998/99999999 (they differ by 10⁻¹⁶), nor
x + 10⁻²⁰ from x, and they never land where a negative base meets an integer or rational exponent
(``x^n`` with n = 3, x = −2 is real; at a random n it is undefined, so the point is dropped and
``x^n`` looks like ``|x|^n``). So the verdict also evaluates both sides **exactly** (SymPy
rationals, or 40 significant digits for π, e, √2, logs…) at a few chosen rational points: negative
and positive integers, halves, a third, zero. Only real values count: a side that is complex or
undefined at a point is "not defined there", as for the float sampling.
"""

from __future__ import annotations

import random
from itertools import product

import sympy as sp

from tdgrad.student import sampling
from tdgrad.student.verdict import exact_text

DIGITS = 40
CLOSE = sp.Rational(1, 10**30)  # relative, for values known to 40 digits
VALUES = [sp.Rational(v.numerator, v.denominator) for v in sampling.VALUES]
GRID = 300  # points when a power has a variable exponent: (a^b)^c, (n+1)^(1/(n+1))


def exact(expr: sp.Expr) -> sp.Expr:
    """Floats replaced by the decimal numbers they print as (0.731 → 731/1000)."""
    floats = expr.atoms(sp.Float)
    return expr.xreplace({f: sp.Rational(str(f)) for f in floats}) if floats else expr


def real_value(expr: sp.Expr) -> sp.Expr | None:
    """A number's exact value (a Rational) or 40-digit value (a Float); None where it is not
    a finite real number (undefined, infinite, or with an imaginary part)."""
    if expr.is_Rational:
        return expr
    if expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    try:
        v = sp.N(expr, DIGITS)
        if v.atoms(sp.Function):  # sigmoid, softplus, relu: no evalf of their own
            v = sp.N(expr.rewrite(sp.exp), DIGITS)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not v.is_number or v.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    re, im = v.as_real_imag()
    if not (re.is_Number and im.is_Number) or abs(im) > CLOSE * (1 + abs(re)):
        return None
    return re


def same(va: sp.Expr, vb: sp.Expr) -> bool:
    """Equal exactly (two rationals), or to 30 significant digits (anything else)."""
    if va.is_Rational and vb.is_Rational:
        return va == vb
    return bool(abs(va - vb) <= CLOSE * (1 + abs(va) + abs(vb)))


def points(symbols: list[sp.Symbol], *exprs: sp.Expr) -> list[dict]:
    """Rational points: ``sampling.PROBES`` of them where every variable takes, in turn, each of ``VALUES``
    (shifted per variable so that variables differ at most points); where a power has a variable
    exponent — real at a negative base only for some exponents, which random floats never hit —
    every combination of ``VALUES`` (a fixed sample of ``GRID`` beyond two variables)."""
    variable_exponent = any(p.exp.free_symbols for e in exprs for p in e.atoms(sp.Pow))
    if not variable_exponent:
        return [dict(zip(symbols, p)) for p in sampling.probes(len(symbols), VALUES)]
    if len(VALUES) ** len(symbols) <= GRID:
        return [dict(zip(symbols, combo)) for combo in product(VALUES, repeat=len(symbols))]
    rng = random.Random(0)
    return [{s: rng.choice(VALUES) for s in symbols} for _ in range(GRID)]


_BRANCHED = (sp.log, sp.asin, sp.acos, sp.acosh, sp.atanh, sp.acoth, sp.asec, sp.acsc)


def at(expr: sp.Expr, point: dict) -> sp.Expr | None:
    """``expr``'s real value at ``point``, None where it is not defined over the reals.

    Every root, non-integer power and log inside must be real too, as for a person (and for the
    float sampling): √(x−3)·√(x−5) is not defined at x = 0 even though i√3 · i√5 = −√15 is real.
    """
    try:
        for sub in expr.atoms(sp.Pow, *_BRANCHED):
            if (not isinstance(sub, sp.Pow) or not sub.exp.is_integer) and \
                    real_value(sub.xreplace(point)) is None:
                return None
        return real_value(expr.xreplace(point))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
        return None


def show(value: sp.Expr) -> str:
    """A value as a short exact text when it has one (−199999999999999999999/10²⁰ stays exact)."""
    return exact_text(value) if value.is_Rational else f"{float(value):.12g}"


def probe(a: sp.Expr, b: sp.Expr, symbols: list[sp.Symbol]):
    """Compare ``a`` and ``b`` exactly at the chosen points.

    Returns ``(agreed, counterexample)``: how many points had both sides real and equal, and the
    first point (with both values) where both are real and differ, or None.
    """
    agreed = 0
    for point in points(symbols, a, b):
        va, vb = at(a, point), at(b, point)
        if va is None or vb is None:
            continue
        if not same(va, vb):
            return agreed, (point, va, vb)
        agreed += 1
    return agreed, None
