"""The logistic sigmoid by automatic differentiation (seed 000, Ex 1; seed 002's notes).

Trains: the computation graph of y = 1/(1 + e^{−ax}), dy/dx by forward mode, dy/dx by reverse mode,
dy/da read off the same reverse sweep without new computation, and when forward mode beats reverse
mode. Mistakes it targets: a sign lost at w_3 = −w_1 w_2, the derivative of 1/u, believing dy/da
needs a new sweep. A configuration of the expression-trace engine (``exercises.trace``).
"""

from __future__ import annotations

import math

from functools import lru_cache

import sympy as sp

from tdgrad.exercises import trace
from tdgrad import answers as answer
from tdgrad.exercises.base import Solution, grid
from tdgrad.functions import compile
from tdgrad.parse import parse_expression, symbol
from tdgrad.schema import Number
from tdgrad.spec import Fields

KIND = "sigmoid_ad"
SUMMARY = "sigmoid y = 1/(1+e^(-ax)): graph, forward and reverse mode, dy/da for free"
TITLE = {"fr": "Fonction logistique (sigmoïde)", "en": "The logistic (sigmoid) function"}
FIELDS = {"x": Number(-10, 10, help="the point"), "a": Number(-10, 10, help="the slope a")}
EXPRESSION = "1/(1 + exp(-a*x))"


def generate(fields: Fields, rng):
    x = fields.number("x")
    a = fields.number("a")
    return {"x": x if x is not None else grid(rng, -2, 2, 0.5),
            "a": a if a is not None else grid(rng, 0.5, 2, 0.5)}


@lru_cache(maxsize=None)
def derived():
    """y, its closed-form derivatives, and their compiled forms: once per run."""
    expr = parse_expression(EXPRESSION)
    x, a = symbol("x"), symbol("a")
    dy_da = sp.diff(expr, a)
    return expr, dy_da, sp.diff(expr, x), compile([x, a], dy_da)


def solve(params, label):
    expr, dy_da, dy_dx, dy_da_fn = derived()
    point = {"x": params["x"], "a": params["a"]}
    t, claims, degenerate = trace.sweep(expr, ("x", "a"), point, "x", label)
    if degenerate is None and abs(params["a"] * params["x"]) > 3:
        degenerate = "the sigmoid is saturated (|ax| > 3)"
    dy_da_value = float(dy_da_fn(params["x"], params["a"]))  # the closed form, compiled once
    if not math.isclose(dy_da_value, t.gradient["a"], rel_tol=1e-9):
        raise AssertionError(f"{label}: closed form of dy/da disagrees with the reverse sweep")
    answers = [a for a in trace.answers(t, "y") if a.id != "q3.da"]  # asked on its own in q4
    answers.append(answer.expression("q4.da", answer.partial("y", "a"), dy_da, value=t.gradient["a"],
                                     at=point, definitions={"y": expr}))  # x y(1 − y), as the seed writes it
    context = {"trace": t, "expr": expr, "dy_da": dy_da, "dy_dx": dy_dx}
    return Solution(params, answers, context, claims, degenerate)
