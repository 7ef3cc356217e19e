"""The lecture's worked backpropagation example: 1 input, 2 hidden units, 2 outputs (seed 004).

Trains: F_W(x) = f₂(W⁽²⁾ f₁(W⁽¹⁾x + b⁽¹⁾) + b⁽²⁾) and its two usual losses, then backpropagation
with the lecture's deltas: δ₃, δ₄ for the outputs, the output-layer gradients, δ₁, δ₂ summing both
outputs, the hidden-layer gradients; first with generic f₁′, f₂′ (SymPy differentiates the
undefined functions), then with chosen activations and numbers. Mistakes it targets: a hidden δ
that keeps one output only, f′ evaluated at a instead of z. A configuration of the trace engine
with the lecture's equations as nodes.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from tdgrad import answers as answer
from tdgrad.engines import trace as engine
from tdgrad.engines.dense import ELEMENTWISE
from tdgrad.exercises.base import Solution, coinciding, grid
from tdgrad.parse import symbol
from tdgrad.schema import Choice, ListOf, Number
from tdgrad.spec import Fields

KIND = "backprop_deltas"
SUMMARY = "lecture example 1-2-2 with generic f1, f2: deltas and gradients, then with numbers"
TITLE = {"fr": "Rétropropagation sur un exemple : les deltas", "en": "Backpropagation on an example: the deltas"}
FIELDS = {
    "f1": Choice(tuple(ELEMENTWISE), help="hidden activation"),
    "f2": Choice(tuple(ELEMENTWISE), help="output activation (drawn: identity)"),
    "x": Number(-100, 100, help="the input"),
    "y": ListOf(Number(-100, 100), 2, help="the targets"),
    "u": ListOf(Number(-100, 100), 2, help="input → hidden weights"),
    "w": ListOf(Number(-100, 100), 2, help="hidden → output 1 weights"),
    "v": ListOf(Number(-100, 100), 2, help="hidden → output 2 weights"),
    "b": ListOf(Number(-100, 100), 4, help="b_1 … b_4"),
}

f1, f2 = sp.Function("f_1"), sp.Function("f_2")
PARAMS = ("u_1", "b_1", "u_2", "b_2", "w_1", "w_2", "b_3", "v_1", "v_2", "b_4")
INPUTS = (*PARAMS, "x", "y_1", "y_2")
S = {n: symbol(n) for n in (*INPUTS, "z_1", "z_2", "z_3", "z_4", "a_1", "a_2", "a_3", "a_4", "L")}


def equations(g1, g2) -> tuple:
    s = S
    return (("z_1", s["u_1"] * s["x"] + s["b_1"]), ("a_1", g1(s["z_1"])),
            ("z_2", s["u_2"] * s["x"] + s["b_2"]), ("a_2", g1(s["z_2"])),
            ("z_3", s["w_1"] * s["a_1"] + s["w_2"] * s["a_2"] + s["b_3"]), ("a_3", g2(s["z_3"])),
            ("z_4", s["v_1"] * s["a_1"] + s["v_2"] * s["a_2"] + s["b_4"]), ("a_4", g2(s["z_4"])),
            ("L", sp.Rational(1, 2) * (s["a_3"] - s["y_1"]) ** 2
             + sp.Rational(1, 2) * (s["a_4"] - s["y_2"]) ** 2))


def generate(fields: Fields, rng):
    def pair(key, low, high, step):
        return list(fields.numbers(key, 2) or (grid(rng, low, high, step), grid(rng, low, high, step)))

    acts = list(ELEMENTWISE)
    a1 = fields.choice("f1", acts) or ["sigmoid", "tanh"][int(rng.integers(2))]
    a2 = fields.choice("f2", acts) or "identity"
    x = fields.number("x")
    return {"x": x if x is not None else grid(rng, -2, 2, 0.5), "y": pair("y", -1, 1, 0.5),
            "u": pair("u", -1, 1, 0.1), "w": pair("w", -1, 1, 0.1), "v": pair("v", -1, 1, 0.1),
            "b": list(fields.numbers("b", 4) or [grid(rng, -0.5, 0.5, 0.1) for _ in range(4)]),
            "f1": a1, "f2": a2}


@lru_cache(maxsize=None)
def generic_graph() -> engine.Graph:
    return engine.build_equations(equations(f1, f2), INPUTS)


@lru_cache(maxsize=None)
def formulas():
    """δ_k and every ∂L/∂θ with generic f₁, f₂, derived once for all variants."""
    g = generic_graph()
    deltas = {k: g.expanded_adjoint(g.node(f"z_{k}").index) for k in (1, 2, 3, 4)}
    # the lecture's δ form: written with δ₃, δ₄ for the hidden units
    d3, d4 = symbol("delta_3"), symbol("delta_4")
    hidden = {k: g.adjoint_formula(g.node(f"a_{k}").index).subs(
        {symbol("zbar_3"): d3, symbol("zbar_4"): d4}) * sp.diff(f1(S[f"z_{k}"]), S[f"z_{k}"])
        for k in (1, 2)}
    grads = {p: g.adjoint_formula(g.node(p).index) for p in PARAMS}
    grads = {p: e.subs({symbol(f"zbar_{k}"): symbol(f"delta_{k}") for k in (1, 2, 3, 4)})
             for p, e in grads.items()}
    return g, deltas, hidden, grads


@lru_cache(maxsize=None)
def concrete_graph(a1: str, a2: str) -> engine.Graph:
    return engine.build_equations(equations(ELEMENTWISE[a1], ELEMENTWISE[a2]), INPUTS)


def solve(params, label):
    g, deltas, hidden, grads = formulas()
    concrete = concrete_graph(params["f1"], params["f2"])
    u, w, v, b = params["u"], params["w"], params["v"], params["b"]
    values = dict(zip(INPUTS, [u[0], b[0], u[1], b[1], w[0], w[1], b[2], v[0], v[1], b[3],
                               params["x"], *params["y"]]))
    t = engine.run(concrete, values, "x")
    at = {str(n.symbol): t.primal[n.index - 1] for n in concrete.nodes}
    bar = {str(n.symbol): t.adjoint[n.index - 1] for n in concrete.nodes}
    degenerate = None
    weights = {p: t.gradient[p] for p in PARAMS if not p.startswith("b")}
    if any(abs(t.gradient[p]) < 1e-4 for p in PARAMS):
        degenerate = "a gradient is zero"
    elif coinciding(weights):  # z₁ = z₂ makes w₁'s and w₂'s gradients equal
        degenerate = f"the gradients of {coinciding(weights)}"
    elif any(abs(at[f"z_{k}"]) > 3 for k in (1, 2)) and params["f1"] in ("sigmoid", "tanh"):
        degenerate = "a hidden unit saturates"
    h = answer.human
    answers = [*(answer.expression(f"generic.delta_{k}", (f"δ{h(str(k))} (f₁, f₂ quelconques)",
                                                          f"δ{h(str(k))} (any f₁, f₂)"),
                                   deltas[k], functions=("f_1", "f_2")) for k in (3, 4)),
               *(answer.number(f"num.z_{k}", h(f"z_{k}"), at[f"z_{k}"]) for k in (1, 2, 3, 4)),
               *(answer.number(f"num.a_{k}", h(f"a_{k}"), at[f"a_{k}"]) for k in (1, 2, 3, 4)),
               answer.number("num.L", "L", at["L"]),
               *(answer.number(f"num.delta_{k}", h(f"delta_{k}"), bar[f"z_{k}"]) for k in (1, 2, 3, 4)),
               *(answer.number(f"num.dL/d{p}", answer.partial("L", p), t.gradient[p]) for p in PARAMS)]
    claims = [c for c in engine.claims(t, label) if "forward mode" not in c.label]
    z = symbol("z")
    slope = {k: float(sp.diff(ELEMENTWISE[params["f1" if k < 3 else "f2"]](z), z).subs(z, at[f"z_{k}"]))
             for k in (1, 2, 3, 4)}  # f′(z_k), the last factor of δ_k
    context = {"slope": slope, "generic": g, "deltas": deltas, "hidden": hidden, "grads": grads, "at": at,
               "bar": bar, "t": t, "equations": g.nodes[len(INPUTS):],
               "f1": ELEMENTWISE[params["f1"]](symbol("z")), "f2": ELEMENTWISE[params["f2"]](symbol("z"))}
    return Solution(params, answers, context, claims, degenerate)
