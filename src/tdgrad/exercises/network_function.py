"""The function a small network computes: 1 input, a tanh hidden layer, identity output (seed 004,
lecture Ex 1).

Trains: reading a network diagram as a formula, ŷ = Σ_i v_i tanh(w_i x + b_i) + c, and seeing
the curve it draws (each unit is a smoothed step placed at x = −b_i/w_i). Mistakes it targets:
swapping weight and bias, forgetting the output bias. SymPy writes the formula from the
dense-network engine's symbolic output; the curve's points are evaluated from it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from tdgrad.engines import dense
from tdgrad.exercises import mlp
from tdgrad import answers as answer
from tdgrad.check import Claim
from tdgrad.exercises.base import Solution, grid
from tdgrad.functions import compile
from tdgrad.schema import ListOf, Number
from tdgrad.spec import Fields

KIND = "network_function"
SUMMARY = "closed formula and graph of the function computed by a small tanh network"
TITLE = {"fr": "Quelle fonction calcule ce réseau ?", "en": "Which function does this network compute?"}
FIELDS = {
    "hidden_weights": ListOf(Number(-10, 10), 1, 6, help="w_i, one per hidden unit"),
    "hidden_biases": ListOf(Number(-10, 10), "len(hidden_weights)", help="b_i"),
    "output_weights": ListOf(Number(-10, 10), "len(hidden_weights)", help="v_i"),
    "output_bias": Number(-10, 10, help="c"),
    "at": Number(-10, 10, help="the x of questions 2 and 3"),
}


def generate(fields: Fields, rng):
    n = len(fields.raw("hidden_weights") or []) or 3
    def vec(key, low, high, step):
        return list(fields.numbers(key, n) or [grid(rng, low, high, step) for _ in range(n)])
    c = fields.number("output_bias")
    at = fields.number("at")
    return {"hidden_weights": vec("hidden_weights", -5, 5, 1), "hidden_biases": vec("hidden_biases", -2, 2, 0.5),
            "output_weights": vec("output_weights", -3, 3, 1),
            "output_bias": c if c is not None else grid(rng, -1, 1, 0.5, nonzero=False),
            "at": at if at is not None else grid(rng, -1, 1, 0.5, nonzero=False)}


X = sp.Symbol("x", real=True)


def _number(v: float) -> sp.Expr:
    return sp.Integer(int(v)) if float(v).is_integer() else sp.Float(v)


def _times(c: float, e: sp.Expr) -> sp.Expr:
    return e if c == 1 else -e if c == -1 else _number(c) * e


def as_written(params) -> sp.Expr:
    """ŷ = Σ v_i tanh(w_i x + b_i) + c in the order of the neurons, as the lecture writes it."""
    with sp.evaluate(False):  # a zero bias is left out, never written "+ 0"
        terms = [_times(v, sp.tanh(_times(w, X) + _number(b) if b else _times(w, X))) for w, b, v in
                 zip(params["hidden_weights"], params["hidden_biases"], params["output_weights"])]
        c = params["output_bias"]
        return sp.Add(*terms, _number(c)) if c else sp.Add(*terms)


def slope_as_written(params) -> sp.Expr:
    """dŷ/dx = Σ v_i w_i (1 − tanh²(w_i x + b_i)), term by term."""
    with sp.evaluate(False):
        return sp.Add(*(_number(v * w) * (1 - sp.tanh(_times(w, X) + _number(b) if b else _times(w, X)) ** 2)
                        for w, b, v in zip(params["hidden_weights"], params["hidden_biases"],
                                           params["output_weights"])))


@lru_cache(maxsize=None)
def compiled(n: int):
    """ŷ(x; w, b, v, c), its slope, and the engine's own output, compiled once per width n."""
    w, b, v = (sp.symbols(f"{c}1:{n + 1}", real=True) for c in "wbv")
    c = sp.Symbol("c", real=True)
    f = sum(vi * sp.tanh(wi * X + bi) for wi, bi, vi in zip(w, b, v)) + c
    net = dense.network((1, n, 1), ("tanh", "identity"), "mse")
    engine = compile([net.x[0], *net.parameters], dense.outputs(net)[0])
    return (compile([X, *w, *b, *v, c], f), compile([X, *w, *b, *v, c], sp.diff(f, X)),
            lambda xs, *theta: np.asarray(engine(xs, *theta), dtype=float) * np.ones_like(xs))


@lru_cache(maxsize=None)
def slope_rule_holds(n: int) -> bool:
    """SymPy proves, once per width n and for symbolic weights, that the term-by-term slope is
    the derivative of the written formula."""
    w, b, v = (sp.symbols(f"{c}1:{n + 1}", real=True) for c in "wbv")
    c = sp.Symbol("c", real=True)
    f = sum(vi * sp.tanh(wi * X + bi) for wi, bi, vi in zip(w, b, v)) + c
    slope = sum(vi * wi * (1 - sp.tanh(wi * X + bi) ** 2) for wi, bi, vi in zip(w, b, v))
    return sp.simplify(sp.diff(f, X) - slope) == 0


def solve(params, label):
    n = len(params["hidden_weights"])
    net = dense.network((1, n, 1), ("tanh", "identity"), "mse")  # cached per width
    weights = [[[w] for w in params["hidden_weights"]], [params["output_weights"]]]
    biases = [params["hidden_biases"], [params["output_bias"]]]
    theta = mlp.flatten(net, weights, biases)
    formula, slope_expr = as_written(params), slope_as_written(params)
    f, df, engine = compiled(n)
    args = (*params["hidden_weights"], *params["hidden_biases"], *params["output_weights"],
            params["output_bias"])
    xs = np.linspace(-2, 2, 161)
    ys = np.asarray(f(xs, *args), dtype=float) * np.ones_like(xs)
    if not np.allclose(ys, engine(xs, *theta), rtol=1e-12, atol=1e-12):
        raise AssertionError(f"{label}: the written formula disagrees with the network")
    if not slope_rule_holds(n):
        raise AssertionError(f"{label}: the written slope is not the derivative")
    value, slope = float(f(params["at"], *args)), float(df(params["at"], *args))
    claims = [Claim(f"{label}: dŷ/dx at x = {params['at']}", lambda v: f(v[0], *args),
                    [params["at"]], 0, slope)]
    at = {"x": params["at"]}
    answers = [answer.expression("q1.formula", "ŷ(x)", formula, value=value, at=at),
               answer.number("q2.yhat", f"ŷ({params['at']:g})", value),
               answer.expression("q3.dyhat_dx", "dŷ/dx", slope_expr.doit(), value=slope, at=at)]
    x0 = params["at"]
    units = [{"z": w * x0 + b, "t": float(np.tanh(w * x0 + b)), "w": w, "b": b, "v": v}
             for w, b, v in zip(params["hidden_weights"], params["hidden_biases"],
                                params["output_weights"])]
    context = {"units": units, "net": net, "formula": formula, "value": value, "slope": slope, "slope_expr": slope_expr, "theta": dict(zip(net.parameters, theta)),
               "points": list(zip(xs.round(4).tolist(), ys.round(4).tolist())),
               "ymin": float(np.floor(ys.min())) - 0.5, "ymax": float(np.ceil(ys.max())) + 0.5}
    return Solution(params, answers, context, claims)
