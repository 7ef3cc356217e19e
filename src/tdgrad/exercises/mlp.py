"""One training step of a small dense network by hand (seed 000, Ex 2; any architecture).

Trains: the forward pass (every pre-activation and activation), the loss, the backward pass as
chain-rule products δ_k = ∂L/∂a_k, the update w ← w − α ∂L/∂w, and a second forward pass that shows
the loss going down. Mistakes it targets: σ′ written as σ instead of σ(1 − σ), tanh′ = 1 − tanh²
applied to the wrong unit, a forgotten path in the hidden δ, the sign of the update.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import sympy as sp

from tdgrad import answers as answer
from tdgrad.engines import dense
from tdgrad.exercises.base import Solution, coinciding, grid
from tdgrad.schema import Choice, Integer, ListOf, Number, PerLayer
from tdgrad.spec import Fields

KIND = "mlp"
SUMMARY = "forward pass, backpropagation and one gradient step of any small dense network"
TITLE = {"fr": "Perceptron multicouche : une étape d'apprentissage",
         "en": "Multilayer perceptron: one training step"}
FIELDS = {
    "layers": ListOf(Integer(1, dense.MAX_WIDTH), 2, dense.MAX_SIZES, drawn=False, default=[2, 2, 1],
                     help="sizes from the input to the output, e.g. [2, 2, 1]"),
    "activations": ListOf(Choice(dense.ACTIVATIONS), "len(layers)-1",
                          help="one per layer after the input (softmax: output only)"),
    "loss": Choice(dense.LOSSES, drawn=False, absent="mse (cross_entropy after softmax)"),
    "x": ListOf(Number(-100, 100), "layers[0]", help="the input"),
    "y": ListOf(Number(-100, 100), "layers[-1]", scalar=True, help="the target"),
    "weights": PerLayer("layers", True, Number(-100, 100)),
    "biases": PerLayer("layers", False, Number(-100, 100)),
    "learning_rate": Number(None, 100, positive=True, help="α in w ← w − α ∂L/∂w"),
}


def generate(fields: Fields, rng):
    sizes = tuple(fields.raw("layers", [2, 2, 1]))  # types and sizes: checked by FIELDS
    acts = fields.raw("activations")
    if acts is None:
        hidden = ["sigmoid", "tanh", "relu"][int(rng.integers(3))]
        acts = [hidden] * (len(sizes) - 2) + [["identity", "tanh", "sigmoid"][int(rng.integers(3))]]
    loss = fields.choice("loss", dense.LOSSES,
                         "cross_entropy" if acts and acts[-1] == "softmax" else "mse")
    try:
        dense.check_architecture(sizes, tuple(acts), loss)
    except ValueError as exc:
        raise fields.error("activations" if "loss" not in str(exc) else "loss", str(exc)) from None
    x = fields.numbers("x", sizes[0]) or tuple(grid(rng, -2, 2, 0.5) for _ in range(sizes[0]))
    y = _target(fields, rng, sizes[-1], acts[-1], loss)
    weights = read_layers(fields, "weights", sizes, rng, matrix=True)
    biases = read_layers(fields, "biases", sizes, rng, matrix=False)
    alpha = fields.number("learning_rate")
    if alpha is None:
        alpha = [0.1, 0.5, 1.0][int(rng.integers(3))]
    return {"layers": list(sizes), "activations": list(acts), "loss": loss, "x": list(x),
            "y": list(y), "weights": weights, "biases": biases, "learning_rate": alpha}


def _target(fields, rng, m, out_act, loss):
    y = fields.raw("y")
    if isinstance(y, (int, float)) and not isinstance(y, bool):
        y = [y]
    if y is not None:
        if out_act == "softmax" and loss == "cross_entropy" and sorted(y) != [0] * (m - 1) + [1]:
            raise fields.error("y", f"a softmax/cross-entropy target is one-hot, got {y!r}")
        return tuple(float(v) for v in y)
    if out_act == "softmax":
        c = int(rng.integers(m))
        return tuple(float(k == c) for k in range(m))
    if loss == "cross_entropy":
        return tuple(float(rng.integers(2)) for _ in range(m))
    low, high = {"sigmoid": (0.1, 0.9), "tanh": (-0.9, 0.9)}.get(out_act, (-1, 1))
    return tuple(grid(rng, low, high, 0.1) for _ in range(m))


def read_layers(fields, key, sizes, rng, matrix):
    value = fields.raw(key)
    shapes = [(n, p) if matrix else (n,) for p, n in zip(sizes, sizes[1:])]
    if value is None:
        draws = []
        for s, fan_in in zip(shapes, sizes):
            # wide layers get smaller weights, else every tanh/sigmoid saturates (|a| > 3)
            high = (1 if matrix else 0.5) if fan_in <= 5 else max(0.1, round(0.8 / math.sqrt(fan_in), 1))
            draws.append(np.vectorize(lambda _: grid(rng, -high, high, 0.1))(np.zeros(s)).tolist())
        return draws
    try:
        arrays = [np.array(v, dtype=float) for v in value]
        ok = len(arrays) == len(shapes) and all(a.shape == s for a, s in zip(arrays, shapes))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        want = ", ".join("×".join(map(str, s)) for s in shapes)
        raise fields.error(key, f"expected one {'matrix' if matrix else 'vector'} per layer, "
                           f"of shapes {want} (rows = neurons of the layer)")
    return [a.tolist() for a in arrays]


def flatten(net: dense.Network, weights, biases) -> list[float]:
    """θ in ``net.parameters`` order: each neuron's weights, then its bias."""
    theta = []
    for _layer, (W, b) in enumerate(zip(weights, biases), start=1):
        for row, bias in zip(W, b):
            theta += [*row, bias]
    return theta


def solve(params, label):
    net = dense.network(tuple(params["layers"]), tuple(params["activations"]), params["loss"])
    x, y, alpha = params["x"], params["y"], params["learning_rate"]
    theta = flatten(net, params["weights"], params["biases"])
    before = dense.evaluate(net, x, theta, y)
    new_theta = [t - alpha * g for t, g in zip(theta, before.gradient)]
    after = dense.evaluate(net, x, new_theta, y)
    degenerate = _degenerate(net, before, after)
    claims = dense.claims(net, x, theta, y, before, label)
    names = [str(p) for p in net.parameters]
    h, new, after_step = answer.human, ("{} (nouveau)", "new {}"), ("{} (après la mise à jour)",
                                                                     "{} (after the update)")
    answers = [  # by question, as numbered in the sheet
        *(answer.number(f"q1.a_{n.k}", h(f"a_{n.k}"), before.a[n.k - 1]) for n in net.neurons),
        *(answer.number(f"q1.h_{n.k}", h(f"h_{n.k}"), before.h[n.k - 1]) for n in net.neurons),
        answer.number("q1.loss", "L", before.loss),
        *(answer.number(f"q2.delta_{n.k}", h(f"delta_{n.k}"), before.delta[n.k - 1]) for n in net.neurons),
        *(answer.number(f"q2.dL/d{p}", answer.partial("L", p), g) for p, g in zip(names, before.gradient)),
        *(answer.number(f"q2.Delta_{p}", f"Δ{h(p)}", -alpha * g) for p, g in zip(names, before.gradient)),
        *(answer.number(f"q3.{p}", [w.format(h(p)) for w in new], t) for p, t in zip(names, new_theta)),
        *(answer.number(f"q4.h_{n.k}", [w.format(h(f"h_{n.k}")) for w in after_step], after.h[n.k - 1])
          for n in net.output),
        answer.number("q4.loss", [w.format("L") for w in after_step], after.loss),
    ]
    known = {**dict(zip(net.x, x)), **{n.h: v for n, v in zip(net.neurons, before.h)}}
    context = {"net": net, "before": before, "after": after, "alpha": alpha,
               "inputs": dict(zip(net.x, x)), "targets": list(zip(net.y, y)), "known": known,
               "known_after": {**dict(zip(net.x, x)),
                               **{n.h: v for n, v in zip(net.neurons, after.h)}},
               "rows": _symbolic(net.sizes, net.activations, net.loss)[0],
               "numbers": {n.k: substituted(net, n, before, dict(zip(net.y, y)),
                                            dict(zip(net.parameters, theta)))
                           for n in net.neurons},
               "off": [n for n in net.neurons if net.activations[n.layer - 1] == "relu"
                       and before.a[n.k - 1] <= 0],
               "params": [{"symbol": p, "chain": chain, "factors": _factors(net, p, before, known),
                           "value": t, "gradient": g, "step": -alpha * g, "new": t2}
                          for p, chain, t, g, t2 in zip(net.parameters, _symbolic(
                              net.sizes, net.activations, net.loss)[1], theta, before.gradient,
                              new_theta)],
               "value": dict(zip(net.parameters, theta)),
               "new_value": dict(zip(net.parameters, new_theta))}
    return Solution(params, answers, context, claims, degenerate)


@lru_cache(maxsize=64)
def _symbolic(sizes, activations, loss) -> tuple[list[dict], list[sp.Expr]]:
    """Every neuron's row and every parameter's chain: the same for all variants of a network."""
    net = dense.network(sizes, activations, loss)
    chains = [c for n in net.neurons
              for c in (*(net.delta_symbol[n.k] * s for s in n.sources), net.delta_symbol[n.k])]
    return [_row(net, n) for n in net.neurons], chains  # ∂L/∂θ = δ_k · (what θ multiplies)


def _row(net: dense.Network, n: dense.Neuron) -> dict:
    """What the template shows for neuron k: a_k, h_k = f(a_k), f′, δ_k as a chain-rule product."""
    act = net.activations[n.layer - 1]
    a = n.b + sum(w * s for w, s in zip(n.weights, n.sources))
    if act == "softmax":
        group = net.layer(n.layer)
        h = sp.exp(n.a) / sp.Add(*(sp.exp(o.a) for o in group))
    else:
        h = dense.ELEMENTWISE[act](n.a)
    output = n in net.output
    if output:
        factors = [net.delta[n.k]] if act == "softmax" else [net.dL_dh[n.k], net.derivative[n.k]]
    else:
        back = sum(o.weights[o.sources.index(n.h)] * net.delta_symbol[o.k]
                   for o in net.layer(n.layer + 1))
        factors = [back, net.derivative[n.k]]
    return {"n": n, "act": act, "a_expr": a, "h_expr": h, "output": output, "factors": factors,
            "delta": net.delta_symbol[n.k]}


def substituted(net: dense.Network, n: dense.Neuron, run: dense.Pass, targets: dict,
                value: dict) -> dict:
    """δ_k with the numbers put in, as the seed writes 0,109 × 0,3 × 0,721 × 0,269: the output's
    ∂L/∂h_k, or each path (δ_i, w_ik) back from the next layer, then the factors of f′(a_k)."""
    values = {**targets, **{m.h: run.h[m.k - 1] for m in net.neurons},
              **{m.a: run.a[m.k - 1] for m in net.neurons}}
    local = [float(f.subs(values)) for f in sp.Mul.make_args(net.derivative[n.k] or sp.Integer(0))
             if f != 1] if net.derivative[n.k] is not None else []
    if n in net.output:
        first = float(net.dL_dh[n.k].subs(values)) if net.activations[-1] != "softmax" else None
        return {"first": first, "paths": [], "local": local}
    paths = [(run.delta[o.k - 1], value[o.weights[o.sources.index(n.h)]])
             for o in net.neurons if n.h in o.sources]
    return {"first": None, "paths": paths, "local": local}


def _factors(net: dense.Network, p, run: dense.Pass, known: dict) -> list[float]:
    """∂L/∂θ = δ_k × (what θ multiplies), as numbers."""
    for n in net.neurons:
        if p == n.b:
            return [run.delta[n.k - 1]]
        if p in n.weights:
            return [run.delta[n.k - 1], known[n.sources[n.weights.index(p)]]]
    raise KeyError(p)


def _degenerate(net, before, after) -> str | None:
    """A kink, a saturation, a zero gradient that no switched-off ReLU explains (a ReLU switched
    off is kept: it shows what ReLU does), a whole layer off, or two weight gradients equal."""
    off = set()
    for n in net.neurons:
        act, a = net.activations[n.layer - 1], before.a[n.k - 1]
        if act == "relu" and abs(a) < 0.05:
            return f"a_{n.k} is at the kink of relu"
        if act in ("sigmoid", "tanh") and abs(a) > 3:
            return f"a_{n.k} saturates {act}"
        if act == "relu" and a < 0:
            off.add(n)
    if any(off.issuperset(net.layer(layer)) for layer in range(1, len(net.sizes))):
        return "every unit of a layer is switched off"
    silent = {p for n in off for p in (n.b, *n.weights)} | {
        w for m in net.neurons for w, s in zip(m.weights, m.sources) if s in {n.h for n in off}}
    if any(abs(g) < 1e-4 and p not in silent for p, g in zip(net.parameters, before.gradient)):
        return "a gradient is zero"
    weights = {w for n in net.neurons for w in n.weights}
    same = coinciding({str(p): g for p, g in zip(net.parameters, before.gradient) if p in weights})
    if same:
        return f"the gradients of {same}"
    if not math.isfinite(after.loss):
        return "the update diverges"
    return None
