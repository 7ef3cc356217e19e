"""What every exercise unit returns, and the small helpers units share for drawing values.

A unit is a module with ``KIND``, ``SUMMARY``, ``TITLE`` ({lang: text}), ``FIELDS`` (its schema:
what the spec may fix, and which fields are drawn when left out; see ``schema.py``),
``generate(fields, rng) -> params`` and
``solve(params, label) -> Solution``; its template ``templates/exercises/<KIND>.tex.j2`` holds
statement and solution. Nothing else needs to change to add one (see ``exercises/__init__.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from tdgrad.answers import Answer
from tdgrad.check import Claim


@dataclass(frozen=True)
class Solution:
    params: dict[str, Any]  # JSON-ready: what was drawn or fixed
    answers: dict[str, Answer]  # question id -> Answer (give a list; it is keyed by id here)
    context: dict[str, Any]  # what the template needs
    claims: list[Claim] = field(default_factory=list)  # derivatives checked before writing
    degenerate: str | None = None  # why a random draw makes a poor exercise

    def __post_init__(self):
        records = list(self.answers.values() if isinstance(self.answers, dict) else self.answers)
        keyed = {a.id: a for a in records if isinstance(a, Answer)}
        if len(keyed) != len(records):
            raise TypeError("solve() must return Answer records with distinct ids (tdgrad.answers)")
        object.__setattr__(self, "answers", keyed)


def grid(rng: np.random.Generator, low: float, high: float, step: float, nonzero=True) -> float:
    """A hand-computable value: a multiple of ``step`` in [low, high] (not 0 unless allowed)."""
    values = _grid(low, high, step, nonzero)
    return values[int(rng.integers(len(values)))]


def distinct(rng: np.random.Generator, low: float, high: float, step: float, n: int) -> list[float]:
    """``n`` different values of the grid (two equal inputs make two gradients equal); the step
    is halved until the grid holds enough values."""
    while len(_grid(low, high, step, True)) < n:
        step /= 2
    values = _grid(low, high, step, True)
    return [values[int(i)] for i in rng.choice(len(values), n, replace=False)]


@lru_cache(maxsize=None)
def _grid(low: float, high: float, step: float, nonzero: bool) -> tuple[float, ...]:
    values = (round(float(v), 10) for v in np.arange(low, high + step / 2, step))
    return tuple(v for v in values if v != 0 or not nonzero)


def coinciding(values: dict[str, float], tol: float = 1e-4) -> str | None:
    """Why a draw is poor when two different quantities come out equal (z₁ = z₂ makes the w₁ and
    w₂ gradients equal, so a student who swaps them cannot be caught), or None."""
    items = [(name, v) for name, v in values.items() if abs(v) > tol]
    for i, (p, u) in enumerate(items):
        for q, v in items[i + 1:]:
            if abs(u - v) < tol:
                return f"{p} and {q} coincide"
    return None
