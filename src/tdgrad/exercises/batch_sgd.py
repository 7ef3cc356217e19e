"""Batch size in stochastic gradient descent: one epoch by hand (seed 003, Ex 2).

Trains: the SGD loop with mini-batches of size n_b (average the gradients of the batch, then one
update), counting updates per epoch, and the lesson on batch size. Mistakes it targets: the sign
of the gradient (the seed itself writes ∇ℓ = x(y − ŷ), which is −∂ℓ/∂w), summing instead of
averaging over a batch, updating inside the batch.
"""

from __future__ import annotations

import sympy as sp

from tdgrad import answers as answer
from tdgrad.check import Claim
from tdgrad.exercises.base import Solution, grid
from tdgrad.functions import compile
from tdgrad.parse import symbol
from tdgrad.schema import Integer, ListOf, Number, Tuple
from tdgrad.spec import Fields

KIND = "batch_sgd"
SUMMARY = "one epoch of SGD with batch sizes 1, 2, 4 on y = wx: every update and the lesson"
TITLE = {"fr": "Taille des batchs en descente de gradient stochastique",
         "en": "Batch size in stochastic gradient descent"}
FIELDS = {
    "data": ListOf(Tuple((Number(-100, 100, help="x"), Number(-100, 100, help="y"))), 2, 12,
                   help="the examples, e.g. [[1, 2], [2, 4]]"),
    "w0": Number(-100, 100, help="the starting weight"),
    "learning_rate": Number(None, 10, positive=True, help="α"),
    "batch_sizes": ListOf(Integer(1, "len(data)"), 1, 6, unique=True, drawn=False, default=[1, 2, 4],
                          help="at most the number of examples"),
}

w, x, y = symbol("w"), symbol("x"), symbol("y")
LOSS = (y - w * x) ** 2 / 2
GRADIENT = sp.diff(LOSS, w)  # −x(y − wx), derived once
_loss, _gradient = compile([w, x, y], LOSS), compile([w, x, y], GRADIENT)


def generate(fields: Fields, rng):
    data = fields.raw("data")
    if data is None:
        slope = [1.5, 2.0, 2.5, 3.0][int(rng.integers(4))]
        xs = sorted(rng.choice([0.5, 1.0, 1.5, 2.0, 2.5, 3.0], size=4, replace=False).tolist())
        data = [[xi, slope * xi] for xi in xs]
    w0 = fields.number("w0")
    alpha = fields.number("learning_rate")
    sizes = fields.raw("batch_sizes", [1, 2, 4])
    n = len(data)
    if max(sizes) > n:  # drawn data: FIELDS could not know n
        raise fields.error("batch_sizes", f"expected batch sizes between 1 and {n}, e.g. [1, 2, 4]")
    return {"data": [[float(a), float(b)] for a, b in data],
            "w0": w0 if w0 is not None else grid(rng, 0, 1, 0.1),
            "learning_rate": alpha if alpha is not None else [0.05, 0.1][int(rng.integers(2))],
            "batch_sizes": sizes}


def epoch(data, w0, alpha, nb):
    """One epoch: ⌊n / n_b⌋ batches, each one averaged gradient and one update."""
    steps, wk = [], w0
    for b in range(len(data) // nb):
        batch = data[b * nb:(b + 1) * nb]
        grads = [float(_gradient(wk, xi, yi)) for xi, yi in batch]
        g = sum(grads) / nb
        steps.append({"batch": list(range(b * nb + 1, (b + 1) * nb + 1)), "w": wk, "grads": grads,
                      "G": g, "new": wk - alpha * g})
        wk = wk - alpha * g
    return steps


def solve(params, label):
    data, alpha = params["data"], params["learning_rate"]
    runs = {nb: epoch(data, params["w0"], alpha, nb) for nb in params["batch_sizes"]}
    claims = [Claim(f"{label}: ∂ℓ/∂w at example {i} (n_b = {nb})",
                    lambda v, xi=data[i - 1][0], yi=data[i - 1][1]: _loss(v[0], xi, yi),
                    [s["w"]], 0, gi)
              for nb, steps in runs.items() for s in steps for i, gi in zip(s["batch"], s["grads"])]
    final = {nb: steps[-1]["new"] for nb, steps in runs.items()}
    degenerate = None
    if any(abs(v) > 100 for v in final.values()):
        degenerate = "the learning rate makes SGD diverge"
    first = runs[params["batch_sizes"][0]][0]  # the correction's first row: example 1 at w_0
    at = {"w": params["w0"], "x": data[0][0], "y": data[0][1]}
    sizes = list(enumerate(params["batch_sizes"], 2))
    answers = [answer.expression("q1.gradient", "∂ℓ/∂w", GRADIENT, value=first["grads"][0], at=at,
                                 definitions={"yhat": w * x}),  # x(ŷ − y): the statement's ŷ = wx
               *(answer.number(f"q{k}.w_final", (f"w final (n_b = {nb})", f"final w (n_b = {nb})"),
                               final[nb]) for k, nb in sizes),
               *(answer.integer(f"q{k}.updates", (f"mises à jour (n_b = {nb})", f"updates (n_b = {nb})"),
                                len(runs[nb])) for k, nb in sizes)]
    # the lesson read off the computed numbers: which batch size ends nearest the best w
    w_star = sum(a * b for a, b in data) / sum(a * a for a, _ in data)
    ratios = {b / a for a, b in data if a != 0}
    slope = ratios.pop() if len(ratios) == 1 and all(a != 0 for a, _ in data) else None
    gap = {nb: abs(final[nb] - w_star) for nb in final}
    context = {"runs": runs, "final": final, "gradient": GRADIENT, "loss": LOSS, "slope": slope,
               "w_star": w_star, "gap": gap, "nearest": min(gap, key=gap.get),
               "farthest": max(gap, key=gap.get)}
    return Solution(params, answers, context, claims, degenerate)
