"""Forward and reverse automatic differentiation of any scalar expression (seed 002, Ex 2).

Trains: drawing a computation graph, the tangent sweep (one input at a time), the adjoint sweep
(every input at once). Mistakes it targets: forgetting a path when a variable is used twice
(x1 in x1·x2 + sin x1), summing adjoints in the wrong direction, mixing up ẇ and w̄.
The teacher gives any expression; the point is drawn on a 0.5 grid unless fixed.
"""

from __future__ import annotations

import math


from tdgrad import answers as answer
from tdgrad.engines import trace as engine
from tdgrad.exercises.base import Solution, grid
from tdgrad.parse import parse_expression
from tdgrad.schema import Expression, Point, Variable
from tdgrad.spec import Fields

KIND = "trace"
SUMMARY = "forward and reverse automatic differentiation of any expression, with its graph"
TITLE = {"fr": "Différentiation automatique d'une fonction de plusieurs variables",
         "en": "Automatic differentiation of a function of several variables"}
DEFAULT = "x1*x2 + sin(x1)"
FIELDS = {
    "expression": Expression(drawn=False, default=DEFAULT, help="the function, e.g. \"x1*x2 + sin(x1)\""),
    "at": Point("expression", help="the point, e.g. { x1 = 2, x2 = 5 }"),
    "wrt": Variable("expression", drawn=False, absent="the first variable",
                    help="input of the forward sweep"),
}


def generate(fields: Fields, rng):
    text = fields.text("expression", DEFAULT)
    expr = fields.expression("expression", DEFAULT)
    names = sorted(str(s) for s in expr.free_symbols)
    at = fields.raw("at")  # one finite number per variable: checked by FIELDS
    if at is not None:
        point = {n: float(at[n]) for n in names}
    else:
        point = {n: grid(rng, -2, 2, 0.5) for n in names}
    wrt = fields.choice("wrt", names, names[0])
    return {"expression": text, "inputs": names, "at": point, "wrt": wrt}


def sweep(expr, inputs, point, wrt, label):
    """The trace of ``expr``, its checked claims, and why the point is poor (or None)."""
    graph = engine.build_graph(expr, tuple(inputs))
    t = engine.run(graph, point, wrt)
    values = (*t.primal, *t.tangent, *t.adjoint)
    degenerate = None
    if not all(math.isfinite(v) for v in values) or not all(
            math.isfinite(d) for row in t.partials for d in row):
        degenerate = "the expression is not defined at this point"
    elif any(abs(g) < 1e-6 for g in t.gradient.values()):
        degenerate = "a partial derivative is zero at this point"
    finite = degenerate is None or "zero" in degenerate
    return t, engine.claims(t, label) if finite else [], degenerate


def answers(t: engine.Trace, output: str = "f", forward: str = "q2", reverse: str = "q3") -> list:
    """By question: q1 the graph's values, then the forward and the reverse sweep."""
    return [answer.number("q1.value", output, t.value),
            answer.array("q1.primal", ("valeurs wᵢ", "values wᵢ"), list(t.primal)),
            answer.array(f"{forward}.tangent", ("tangentes ẇᵢ", "tangents ẇᵢ"), list(t.tangent)),
            answer.number(f"{forward}.d{t.wrt}", answer.partial(output, t.wrt), t.tangent[-1]),
            answer.array(f"{reverse}.adjoint", ("adjoints w̄ᵢ", "adjoints w̄ᵢ"), list(t.adjoint)),
            *(answer.number(f"{reverse}.d{name}", answer.partial(output, name), g)
              for name, g in t.gradient.items())]


def solve(params, label):
    expr = parse_expression(params["expression"])
    t, claims, degenerate = sweep(expr, params["inputs"], params["at"], params["wrt"], label)
    return Solution(params, answers(t), {"trace": t, "expr": expr}, claims, degenerate)
