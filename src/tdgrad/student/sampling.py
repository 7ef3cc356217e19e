"""Two functions compared at random points: the float stage of every expression check.

The functions come as plain callables (points → values, NaN where undefined), so the same stage
serves SymPy expressions compiled by ``lambdify`` (``equivalence.numeric``) and the numpy
evaluators ``floats`` builds without SymPy (``tdgrad check``'s fast path): same points, same
tolerance, same counterexample. Both signs of every kink (relu, |·|, H, an indicator's condition)
are made to appear in the sample, so a mistake on one side of a kink is seen.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

import numpy as np

from tdgrad.student.verdict import Verdict

POINTS = 256
RTOL = 1e-9  # |a − b| ≤ RTOL · (1 + |a| + |b|): equal up to rounding
MIN_VALID = 16  # points where both sides are defined, at least

# the exact stage's rational points (``exact.py``): every variable takes, in turn, each value
VALUES = [Fraction(-2), Fraction(1, 2), Fraction(3), Fraction(-1), Fraction(1, 3), Fraction(2),
          Fraction(-1, 2), Fraction(-3), Fraction(1), Fraction(0), Fraction(-3, 2), Fraction(3, 2),
          Fraction(-5, 2), Fraction(5, 2), Fraction(-1, 3), Fraction(2, 3)]
PROBES = 10  # points

Values = Callable[[np.ndarray], np.ndarray]  # points (rows) → one real value per point, NaN if undefined


SCALES, MARGIN, WIDE = (0.5, 2.0, 6.0), 0.05, 50.0  # of the points; a missing kink side is searched WIDE


def sample(n: int, kinks: list[Values], rng, scales=SCALES, margin=MARGIN, wide=WIDE) -> tuple[np.ndarray, bool]:
    """Random points (rows), mixing ``scales``, a quarter of them positive (at least ``margin``),
    with both signs of every kink argument present; and whether a sign had to be searched for
    further out (more draws from ``rng``, ``wide`` times larger)."""
    scales = rng.choice(scales, size=(POINTS, 1))
    points = rng.standard_normal((POINTS, n)) * scales
    points[: POINTS // 4] = np.abs(points[: POINTS // 4]) + margin  # where logs and roots live
    searched = False
    for g in kinks:
        values = np.broadcast_to(np.asarray(g(points), dtype=float), (POINTS,))
        for sign in (1, -1):
            if not np.any(np.sign(values) == sign):  # search wider for the missing side
                searched = True
                extra = rng.standard_normal((POINTS, n)) * wide
                ev = np.broadcast_to(np.asarray(g(extra), dtype=float), (POINTS,))
                hits = extra[np.sign(ev) == sign][: POINTS // 8]
                if len(hits):
                    points[-len(hits):] = hits
    return points, searched


def probes(n: int, values=VALUES) -> list[list]:
    """``PROBES`` points of ``n`` coordinates from ``values``, shifted per variable so that
    variables differ at most points."""
    return [[values[(j + 3 * i) % len(values)] for i in range(n)] for j in range(PROBES)]


def compare(names: list[str], fa: Values, fb: Values, kinks: list[Values], seed: int = 0) -> tuple[Verdict, dict]:
    """Float evaluation at random points: "equivalent" here means equal wherever both are defined.

    ``data`` keeps the points where both are defined (``points``, ``a``, ``b``) and those where
    only one side is (``only``, with which side in ``only_first``) for the domain check, and
    whether the sample searched for a kink's side (``searched``).
    """
    rng = np.random.default_rng(seed)
    points, searched = sample(len(names), kinks, rng) if names else (np.zeros((1, 0)), False)
    va, vb = fa(points), fb(points)
    ok = np.isfinite(va) & np.isfinite(vb)
    one_sided = np.flatnonzero(np.isfinite(va) ^ np.isfinite(vb))
    fa_one = np.isfinite(va)[one_sided]
    data: dict[str, Any] = {"names": names, "points": points[ok], "a": va[ok], "b": vb[ok],
            "only": points[one_sided], "only_first": fa_one, "searched": searched}
    if ok.sum() < (1 if not names else MIN_VALID):
        if len(one_sided) and fa_one.any() and (~fa_one).any():
            i = one_sided[0]  # each side is defined where the other is not: different domains
            return counterexample(names, points[i], va[i], vb[i], "defined on different domains"), data
        return Verdict("undecided", "too few points where both expressions are defined"), data
    diff = np.abs(va[ok] - vb[ok])
    bad = diff > RTOL * (1 + np.abs(va[ok]) + np.abs(vb[ok]))
    if bad.any():
        i = np.flatnonzero(bad)
        return differ(names, fa, fb, data["points"][i], data["a"][i], data["b"][i]), data
    return Verdict("equivalent", f"equal at {int(ok.sum())} random points"), data


def differ(names, fa: Values, fb: Values, points, va, vb, why="") -> Verdict:
    """A counterexample: the simplest rounded point where the two sides still clearly differ."""
    points, va, vb = np.atleast_2d(points), np.atleast_1d(va), np.atleast_1d(vb)
    order = np.argsort(np.max(np.abs(points), axis=1), kind="stable") if names else np.array([0])
    for digits in (0, 1, 2):
        # every differing point, the simplest first: near 0, 1 − tanh(x²) and 1 − tanh²(x) agree
        # to 4 digits, and a counterexample there would read "0,9999 instead of 0,9999"
        nice = _unique(np.round(points[order], digits))
        na, nb = fa(nice), fb(nice)
        with np.errstate(all="ignore"):
            clear = np.isfinite(na) & np.isfinite(nb) & (np.abs(na - nb) > 1e-3 * (1 + np.abs(na) + np.abs(nb)))
        if clear.any():
            j = int(np.flatnonzero(clear)[0])
            return counterexample(names, nice[j], na[j], nb[j], why)
    with np.errstate(all="ignore"):
        j = int(np.nanargmax(np.abs(va - vb) / (1 + np.abs(va) + np.abs(vb))))  # the clearest raw point
    return counterexample(names, points[j], va[j], vb[j], why)


def _unique(points: np.ndarray) -> np.ndarray:
    """The rows once each, in their order (``np.unique`` would sort them)."""
    _, first = np.unique(points, axis=0, return_index=True)
    return points[np.sort(first)]


def counterexample(names, point, va, vb, why) -> Verdict:
    where = {str(s): round(float(v), 6) + 0.0 for s, v in zip(names, point)}

    def clean(x):
        return float(x) + 0.0 if np.isfinite(x) else None

    return Verdict("not equivalent", why or "the values differ", where, (clean(va), clean(vb)))
