"""Values of large SymPy formulas at many points, each shared subformula computed once.

An expanded network formula is a DAG: the forward pass appears in every entry of every gradient.
``lambdify`` prints it as a tree and SymPy's traversals (``free_symbols``, ``atoms``) walk it as a
tree, which for a softmax network costs seconds; this walk visits each distinct node once.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from tdgrad.functions import relu, sigmoid, softplus

POINTS = 256

_UNARY = {sp.exp: np.exp, sp.log: np.log, sp.tanh: np.tanh, sp.Abs: np.abs, sp.sign: np.sign,
          sp.sqrt: np.sqrt, relu: lambda a: np.maximum(a, 0.0),
          sigmoid: lambda a: 0.5 * (1 + np.tanh(0.5 * a)), softplus: lambda a: np.logaddexp(0.0, a)}
_KINKS = (sp.Heaviside, sp.Abs, sp.sign, relu)


def as_expr(value) -> sp.Basic:
    """A SymPy object or a number as a SymPy expression; anything else (text above all) is
    refused, so no string can reach SymPy's parser from here."""
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return sp.Integer(int(value))
    if isinstance(value, (float, np.floating)):
        return sp.Float(float(value))
    raise TypeError(f"not a SymPy expression or a number: {type(value).__name__}")


def inventory(exprs) -> tuple[list[sp.Symbol], list[sp.Expr], int]:
    """The symbols, the kink arguments (relu, |·|, sign, H, max) and the number of distinct nodes."""
    seen, symbols, kinks = set(), set(), []
    todo = list(exprs)
    while todo:
        e = todo.pop()
        if e in seen:
            continue
        seen.add(e)
        if e.is_Symbol:
            symbols.add(e)
        elif isinstance(e, _KINKS):
            kinks.append(e.args[0])
        elif isinstance(e, (sp.Max, sp.Min)) and len(e.args) == 2:
            kinks.append(e.args[0] - e.args[1])
        todo.extend(e.args)
    return sorted(symbols, key=str), kinks, len(seen)


def evaluate(exprs, values: dict) -> list[np.ndarray]:
    """Each formula at the points (``values``: symbol → array of point coordinates)."""
    memo: dict = {}
    n = len(next(iter(values.values()))) if values else 1

    def ev(e):
        if e in memo:
            return memo[e]
        if e.is_Symbol:
            out = values[e]
        elif e.is_Number or e.is_NumberSymbol:
            out = np.full(n, float(e))
        elif e.is_Add:
            out = sum(ev(a) for a in e.args)
        elif e.is_Mul:
            out = np.prod([ev(a) for a in e.args], axis=0)
        elif e.is_Pow:
            out = np.power(ev(e.args[0]), ev(e.args[1]))
        elif isinstance(e, sp.Heaviside):
            a = ev(e.args[0])
            at0 = float(e.args[1]) if len(e.args) > 1 else 0.5
            out = np.where(a > 0, 1.0, np.where(a < 0, 0.0, at0))
        elif isinstance(e, (sp.Max, sp.Min)):
            out = (np.maximum if isinstance(e, sp.Max) else np.minimum).reduce([ev(a) for a in e.args])
        elif type(e) in _UNARY or e.func in _UNARY:
            out = _UNARY[e.func](ev(e.args[0]))
        else:
            raise TypeError(f"cannot compute {e.func}")
        memo[e] = out
        return out

    with np.errstate(all="ignore"):
        return [np.broadcast_to(np.asarray(ev(as_expr(e)), dtype=float), (n,)) for e in exprs]


def sample(symbols, kinks, rng) -> np.ndarray:
    """``sampling.sample``'s points at moderate sizes (see ``_scaled`` in the package): instances
    of indexed formulas multiply and add many of them."""
    from tdgrad.student import sampling

    def values(g):
        return lambda points: evaluate([g], dict(zip(symbols, points.T)))[0]

    points, _ = sampling.sample(len(symbols), [values(g) for g in kinks], rng, scales=(0.25, 0.5, 1.5),
                                margin=0.02, wide=4.0)
    return points
