"""Backpropagation through shared weights: a mini convolutional network (seed 003, Ex 1).

Trains: the chain rule through both places a shared weight is used (∂ℓ/∂w_1 sums the paths
through a_1 and a_2), ReLU's derivative H(a) = 𝟙(a > 0), writing gradients with e = y − ŷ, the
backpropagation loop and its stopping criteria, one SGD step by hand. Mistakes it targets:
keeping only one path for w_1, forgetting H(a), the sign of e. A configuration of the expression
-trace engine: the model's equations are the graph's nodes.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from tdgrad.engines import trace as engine
from tdgrad import answers as answer
from tdgrad.exercises.base import Solution, coinciding, grid
from tdgrad.parse import parse_expression, symbol
from tdgrad.schema import ListOf, Number
from tdgrad.spec import Fields

KIND = "convolution"
SUMMARY = "mini convolutional network with shared weights: chain rule through both uses, one SGD step"
TITLE = {"fr": "Rétropropagation dans un mini réseau de convolution",
         "en": "Backpropagation in a mini convolutional network"}
FIELDS = {
    "x": ListOf(Number(-100, 100), 3, help="x_1, x_2, x_3"),
    "y": Number(-100, 100, help="the target"),
    "w": ListOf(Number(-100, 100), 2, help="the shared weights w_1, w_2"),
    "v": ListOf(Number(-100, 100), 2, help="the output weights v_1, v_2"),
    "learning_rate": Number(None, 10, positive=True, help="α"),
}

EQUATIONS = (("a_1", "x_1*w_1 + x_2*w_2"), ("a_2", "x_2*w_1 + x_3*w_2"),
             ("o_1", "relu(a_1)"), ("o_2", "relu(a_2)"),
             ("yhat", "o_1*v_1 + o_2*v_2"), ("ell", "(y - yhat)^2/2"))
YHAT = dict(EQUATIONS)["yhat"]
DEFINED = {"yhat": YHAT, "y": f"e + {YHAT}"}  # a student may write y − ŷ for e, as the statement names it
WEIGHTS = ("w_1", "w_2", "v_1", "v_2")
INPUTS = (*WEIGHTS, "x_1", "x_2", "x_3", "y")


@lru_cache(maxsize=None)
def graph() -> engine.Graph:
    known: list[str] = list(INPUTS)
    equations = []
    for name, text in EQUATIONS:
        equations.append((name, parse_expression(text, tuple(known))))
        known.append(name)
    return engine.build_equations(tuple(equations), INPUTS)


def generate(fields: Fields, rng):
    x = fields.numbers("x", 3) or tuple(grid(rng, -2, 2, 0.5) for _ in range(3))
    w = fields.numbers("w", 2) or tuple(grid(rng, -1, 1, 0.1) for _ in range(2))
    v = fields.numbers("v", 2) or tuple(grid(rng, -1, 1, 0.1) for _ in range(2))
    y = fields.number("y")
    alpha = fields.number("learning_rate")
    return {"x": list(x), "y": y if y is not None else grid(rng, -2, 2, 0.5),
            "w": list(w), "v": list(v),
            "learning_rate": alpha if alpha is not None else [0.1, 0.05][int(rng.integers(2))]}


def with_e(expr: sp.Expr) -> sp.Expr:
    """Write a gradient with e = y − ŷ, as the seed asks."""
    e, y, yhat = symbol("e"), symbol("y"), symbol("yhat")
    return sp.factor(sp.expand(expr.subs(y, e + yhat)))


@lru_cache(maxsize=None)
def formulas() -> tuple[dict, dict]:
    """∂ℓ/∂θ written with e and H, and as the adjoint chain: derived once for all variants."""
    g = graph()
    return ({name: with_e(g.expanded_adjoint(g.node(name).index)) for name in WEIGHTS},
            {name: g.adjoint_formula(g.node(name).index) for name in WEIGHTS})


def formulas_e_variables(formulas_e) -> set[str]:
    return {str(s) for f in formulas_e.values() for s in f.free_symbols} - {"e"}


def solve(params, label):
    g = graph()
    formulas_e, chain = formulas()
    values = dict(zip(INPUTS, [*params["w"], *params["v"], *params["x"], params["y"]]))
    t = engine.run(g, values, "w_1")
    alpha = params["learning_rate"]
    grads = {name: t.gradient[name] for name in WEIGHTS}
    new = {name: values[name] - alpha * grads[name] for name in WEIGHTS}
    t2 = engine.run(g, {**values, **new}, "w_1")
    a = [t.primal[g.node(n).index - 1] for n in ("a_1", "a_2")]
    degenerate = None
    # a ReLU switched off is kept (it shows H(a) at work: v_i's gradient is 0, one path of each
    # w_j is cut); both off, or a gradient zero for another reason, is not
    silent = {f"v_{i}" for i, ai in enumerate(a, start=1) if ai < 0}
    if any(abs(ai) < 0.05 for ai in a):
        degenerate = "a pre-activation is at the kink of relu"
    elif len(silent) == 2:
        degenerate = "both ReLUs are off"
    elif any(abs(gv) < 1e-4 for name, gv in grads.items() if name not in silent):
        degenerate = "a gradient is zero"
    elif coinciding(grads):
        degenerate = f"the gradients of {coinciding(grads)}"
    at = {str(n.symbol): t.primal[n.index - 1] for n in g.nodes}
    point = {**{n: at[n] for n in formulas_e_variables(formulas_e)}, "e": params["y"] - at["yhat"]}
    h = answer.human
    answers = [
        *(answer.expression(f"q{1 if n[0] == 'v' else 2}.dl/d{n}", answer.partial("ell", n), formulas_e[n],
                            value=grads[n], at={k: point[k] for k in map(str, formulas_e[n].free_symbols)},
                            definitions=DEFINED,  # −(y − ŷ)o₁ for −e·o₁
                            equations=dict(EQUATIONS[:4]))  # −e·max(0, a₁) for −e·o₁
          for n in ("v_1", "v_2", "w_1", "w_2")),
        *(answer.number(f"q5.{n}", h(n), at[n]) for n in ("a_1", "a_2", "o_1", "o_2", "yhat", "ell")),
        answer.number("q5.e", "e", params["y"] - at["yhat"]),
        *(answer.number(f"q5.new_{n}", (f"{h(n)} (nouveau)", f"new {h(n)}"), new[n]) for n in WEIGHTS),
        answer.number("q5.new_ell", ("ℓ (après la mise à jour)", "ℓ (after the update)"), t2.value),
    ]
    claims = [c for c in engine.claims(t, label) if "forward mode" not in c.label]
    context = {"graph": g, "trace": t, "at": at, "formulas": formulas_e, "grads": grads,
               "new": new, "alpha": alpha, "after": t2, "equations": g.nodes[len(INPUTS):],
               "chain": chain}
    return Solution(params, answers, context, claims, degenerate)
