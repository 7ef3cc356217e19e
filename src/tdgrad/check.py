"""The gate before anything is written: every derivative shown is compared with finite differences.

A derivative is a ``Claim``: a label naming exercise and quantity, a scalar function, the point, the
coordinate it differentiates along and the value the correction will print. ``verify`` raises
``CheckError`` on the first claim that central differences contradict.
"""

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from tdgrad.errors import CheckError

STEP = 1e-6  # relative step of the central difference
# Central differences err by ~STEP² · f‴ (truncation) + ε/STEP (rounding) ≈ 1e-10 here; a wrong
# derivative is off by far more. Tolerance: |fd − claimed| ≤ RTOL · max(1, |claimed|).
RTOL = 1e-6


@dataclass(frozen=True)
class Claim:
    label: str  # "exercise 2 (mlp): ∂L/∂w_31"
    f: Callable[[np.ndarray], float]
    point: Sequence[float]
    index: int
    value: float


def central_difference(f, point, index: int) -> float:
    x = np.array(point, dtype=float)
    h = STEP * max(1.0, abs(x[index]))
    up, down = x.copy(), x.copy()
    up[index] += h
    down[index] -= h
    return (float(f(up)) - float(f(down))) / (2 * h)


def verify(claims: Sequence[Claim]) -> int:
    """Check every claim; return how many were checked."""
    differences: dict = {}  # two routes to one derivative (chain rule, SymPy) share one difference
    for claim in claims:
        key = (id(claim.f), id(claim.point), claim.index)
        if key not in differences:
            differences[key] = central_difference(claim.f, claim.point, claim.index)
        fd = differences[key]
        if not np.isfinite(claim.value) or abs(fd - claim.value) > RTOL * max(1.0, abs(claim.value)):
            raise CheckError(
                f"{claim.label}: derived value {claim.value!r} disagrees with finite differences "
                f"{fd!r} (tolerance {RTOL:g}); nothing was written")
    return len(claims)
