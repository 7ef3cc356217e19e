"""Softmax output with cross-entropy, sigmoid hidden layer, over a small data set (seed 004,
lecture Ex 3).

Trains: the softmax Jacobian ∂a_k/∂z_k′ in both cases (k = k′ and k ≠ k′), ∂L/∂z_k = a_k − y_k,
the output- and hidden-layer gradients with σ′ = σ(1 − σ), and averaging them over the data set
for E(W) = (1/J) Σ_j L_j. Mistakes it targets: a_k(1 − a_k) used for every pair (k, k′), forgetting
the 1/J, a hidden gradient without σ′. Numbers from the dense-network engine, one pass per example.
"""

from __future__ import annotations

import numpy as np

from tdgrad import answers as answer
from tdgrad.check import Claim
from tdgrad.engines import dense
from tdgrad.exercises import mlp
from tdgrad.exercises.base import Solution, grid
from tdgrad.schema import Integer, ListOf, Number, PerLayer, Table, Tuple
from tdgrad.spec import Fields

KIND = "softmax_ce"
SUMMARY = "sigmoid hidden layer, softmax + cross-entropy: Jacobian, a - y, gradients averaged over data"
TITLE = {"fr": "Sortie softmax et entropie croisée", "en": "Softmax output and cross-entropy"}
FIELDS = {
    "layers": Tuple((Integer(1, 4, help="N inputs"), Integer(1, 4, help="P hidden"),
                     Integer(2, 4, help="K classes")), drawn=False, default=[2, 2, 3]),
    "data": ListOf(Table({"x": ListOf(Number(-100, 100), "layers[0]"),
                          "y": Integer(0, "layers[2]-1", help="the class")}), 1, 8,
                   help="the examples, e.g. [{ x = [1, 2], y = 0 }]"),
    "weights": PerLayer("layers", True, Number(-100, 100)),
    "biases": PerLayer("layers", False, Number(-100, 100)),
}


def generate(fields: Fields, rng):
    sizes = tuple(fields.raw("layers", [2, 2, 3]))  # types and sizes: checked by FIELDS
    data = fields.raw("data")
    if data is None:
        data = [{"x": [grid(rng, -2, 2, 0.5) for _ in range(sizes[0])], "y": int(rng.integers(sizes[2]))}
                for _ in range(2)]
    return {"layers": list(sizes), "data": [{"x": [float(v) for v in e["x"]], "y": e["y"]} for e in data],
            "weights": mlp.read_layers(fields, "weights", sizes, rng, matrix=True),
            "biases": mlp.read_layers(fields, "biases", sizes, rng, matrix=False)}


def solve(params, label):
    N, P, K = params["layers"]
    net = dense.network((N, P, K), ("sigmoid", "softmax"), "cross_entropy")
    theta = mlp.flatten(net, params["weights"], params["biases"])
    examples = [(e["x"], [float(k == e["y"]) for k in range(K)]) for e in params["data"]]
    passes = [dense.evaluate(net, x, theta, y) for x, y in examples]
    grad = np.mean([r.gradient for r in passes], axis=0)
    E = float(np.mean([r.loss for r in passes]))
    loss = net.compiled[1]

    def risk(t):
        return np.mean([loss(*x, *t, *y) for x, y in examples])

    claims = [Claim(f"{label}: ∂E/∂{p}", risk, theta, i, float(g))
              for i, (p, g) in enumerate(zip(net.parameters, grad))]
    first = grad[:P * (N + 1)].reshape(P, N + 1)
    second = grad[P * (N + 1):].reshape(K, P + 1)
    rows = [{"x": x, "y": e["y"], "z1": r.a[:P], "a1": r.h[:P], "z2": r.a[P:], "a2": r.h[P:],
             "delta2": r.delta[P:], "delta1": r.delta[:P], "L": r.loss}
            for (x, _), e, r in zip(examples, params["data"], passes)]
    degenerate = "a gradient is zero" if np.any(np.abs(grad) < 1e-4) else None
    answers = [answer.number("E", "E", E),
               answer.array("dE/dW2", "∂E/∂W⁽²⁾", second[:, :P]), answer.array("dE/db2", "∂E/∂b⁽²⁾", second[:, P]),
               answer.array("dE/dW1", "∂E/∂W⁽¹⁾", first[:, :N]), answer.array("dE/db1", "∂E/∂b⁽¹⁾", first[:, N]),
               *(answer.array(f"example{j}.delta_out", (f"a − y (exemple {j})", f"a − y (example {j})"),
                              list(r["delta2"])) for j, r in enumerate(rows, 1))]
    context = {"rows": rows, "E": E, "gW2": second[:, :P], "gb2": second[:, P], "gW1": first[:, :N],
               "gb1": first[:, N], "W1": np.array(params["weights"][0]), "b1": np.array(params["biases"][0]),
               "W2": np.array(params["weights"][1]), "b2": np.array(params["biases"][1]), "K": K}
    return Solution(params, answers, context, claims, degenerate)
