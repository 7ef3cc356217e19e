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
from tdgrad.exercises.base import Solution, distinct, grid
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
    drawn = any(fields.raw(key) is None for key in ("x", "y", "weights", "biases", "learning_rate"))
    for _ in range(DRAWS if drawn else 1):  # a draw costs milliseconds here, a solve far more
        params = _draw(fields, rng, sizes, acts, loss)
        net, _, _, before, after = _passes(params)
        if _degenerate(net, before, after) is None:
            break
    return params


DRAWS = 200


def _draw(fields: Fields, rng, sizes, acts, loss) -> dict:
    x = fields.numbers("x", sizes[0]) or tuple(distinct(rng, -2, 2, 0.5, sizes[0]))
    y = _target(fields, rng, sizes[-1], acts[-1], loss)
    drawn = [fields.raw(key) is None for key in ("weights", "biases")]
    weights = read_layers(fields, "weights", sizes, rng, matrix=True)
    biases = read_layers(fields, "biases", sizes, rng, matrix=False)
    if any(drawn):
        _redraw_poor_units(weights, biases, x, acts, rng, *drawn)
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
        return [np.vectorize(lambda _: grid(rng, -high, high, 0.1))(np.zeros(s)).tolist()
                for s, high in zip(shapes, (_bound(fan_in, matrix) for fan_in in sizes))]
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


def _bound(fan_in: int, matrix: bool) -> float:
    """Drawn values lie in [−high, high]: wide layers get smaller weights, else every
    tanh/sigmoid saturates (|a| > 3)."""
    return (1 if matrix else 0.5) if fan_in <= 5 else max(0.1, round(0.8 / math.sqrt(fan_in), 1))


REDRAWS = 100  # tries for one unit


def _redraw_poor_units(weights, biases, x, acts, rng, weights_drawn: bool, biases_drawn: bool):
    """Layer by layer, redraw the drawn values of each unit that would make a poor exercise (see
    ``_poor``). Drawing the whole network again instead would almost never end for a deep one:
    every unit of every layer would have to pass at once."""
    sources = np.asarray(x, dtype=np.float64)
    for layer, act in enumerate(acts):
        W, b = np.array(weights[layer]), np.array(biases[layer])
        hidden = layer < len(acts) - 1
        high, high_b = _bound(len(sources), True), _bound(len(sources), False)
        for k in range(len(b)):
            for _ in range(REDRAWS):
                if not _poor(act, (W @ sources + b)[:k + 1], hidden, last=k == len(b) - 1):
                    break
                if weights_drawn:
                    W[k] = [grid(rng, -high, high, 0.1) for _ in sources]
                if biases_drawn:
                    b[k] = grid(rng, -high_b, high_b, 0.1)
        weights[layer], biases[layer] = W.tolist(), b.tolist()
        sources = dense.activate(act, W @ sources + b)


def _poor(act: str, a: np.ndarray, hidden: bool, last: bool) -> bool:
    """Whether the last unit of ``a`` (a layer's pre-activations so far) makes a poor exercise:
    relu at its kink, σ/tanh saturated, a hidden h = 0 that silences the weights it feeds, the
    same a as another unit (their gradients would print alike), or the last relu of a layer
    whose other units are all off."""
    ak, before = a[-1], a[:-1]
    if act == "relu":
        on = before > 0
        return abs(ak) < 0.05 or (last and ak < 0 and not on.any()) or bool(
            np.any(on & (np.abs(before - ak) < 0.01)) if ak > 0 else False)
    if act in ("sigmoid", "tanh") and abs(ak) > 3:
        return True
    if hidden and act in ("tanh", "identity") and abs(ak) < 0.01:
        return True
    return bool(np.any(np.abs(before - ak) < 0.01))


def flatten(net: dense.Network, weights, biases) -> list[float]:
    """θ in ``net.parameters`` order: each neuron's weights, then its bias."""
    theta = []
    for _layer, (W, b) in enumerate(zip(weights, biases), start=1):
        for row, bias in zip(W, b):
            theta += [*row, bias]
    return theta


def _passes(params) -> tuple[dense.Network, list[float], list[float], dense.Pass, dense.Pass]:
    """The network, θ, the updated θ − α ∂L/∂θ, and the passes at both."""
    net = dense.network(tuple(params["layers"]), tuple(params["activations"]), params["loss"])
    x, y, alpha = params["x"], params["y"], params["learning_rate"]
    theta = flatten(net, params["weights"], params["biases"])
    before = dense.evaluate(net, x, theta, y)
    new_theta = [t - alpha * g for t, g in zip(theta, before.gradient)]
    return net, theta, new_theta, before, dense.evaluate(net, x, new_theta, y)


def solve(params, label):
    net, theta, new_theta, before, after = _passes(params)
    x, y, alpha = params["x"], params["y"], params["learning_rate"]
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
    context = {"net": net, "before": before, "after": after, "alpha": alpha,
               "inputs": dict(zip(net.x, x)), "targets": list(zip(net.y, y)),
               "off": [n for n in net.neurons if net.activations[n.layer - 1] == "relu"
                       and before.a[n.k - 1] <= 0],
               "value": dict(zip(net.parameters, theta)),
               "new_value": dict(zip(net.parameters, new_theta)),
               "matrix_form": max(net.sizes) > MATRIX_WIDTH}
    if context["matrix_form"]:
        context["layers"] = _layers(net, x, alpha, theta, new_theta, before, after)
    else:
        context.update(_units(net, x, y, alpha, theta, new_theta, before, after))
    return Solution(params, answers, context, claims, degenerate)


MATRIX_WIDTH = 4  # a wider layer is written with matrices: its sums and arrow labels no longer fit


def _units(net, x, y, alpha, theta, new_theta, before, after) -> dict:
    """Neuron by neuron, as the course writes a small network: sums, chain-rule products."""
    known = {**dict(zip(net.x, x)), **{n.h: v for n, v in zip(net.neurons, before.h)}}
    rows, chains = _symbolic(net.sizes, net.activations, net.loss)
    return {"known": known, "rows": rows,
            "known_after": {**dict(zip(net.x, x)), **{n.h: v for n, v in zip(net.neurons, after.h)}},
            "numbers": {n.k: substituted(net, n, before, dict(zip(net.y, y)),
                                         dict(zip(net.parameters, theta))) for n in net.neurons},
            "params": [{"symbol": p, "chain": chain, "factors": factors, "value": t, "gradient": g,
                        "step": -alpha * g, "new": t2}
                       for p, chain, factors, t, g, t2 in zip(
                           net.parameters, chains, _factors(net, before, known), theta,
                           before.gradient, new_theta)]}


def _layers(net, x, alpha, theta, new_theta, before, after) -> list[dict]:
    """Layer by layer, as matrices (a wide network): W, b, the vectors a, h, f′(a), δ of both
    passes, and ∂L/∂W, ∂L/∂b, the updated W, b, all cut from the checked numbers."""
    out, start, sources = [], 0, len(x)
    for number in range(1, len(net.sizes)):
        group = net.layer(number)
        ks = slice(group[0].k - 1, group[-1].k)
        size = len(group) * (sources + 1)

        def block(values):
            return np.asarray(values[start:start + size], dtype=float).reshape(len(group), -1)

        W, grad, new = block(theta), block(before.gradient), block(new_theta)
        out.append({"number": number, "act": net.activations[number - 1], "units": group,
                    "W": W[:, :-1], "b": W[:, -1], "dW": grad[:, :-1], "db": grad[:, -1],
                    "new_W": new[:, :-1], "new_b": new[:, -1],
                    "step_W": -alpha * grad[:, :-1], "step_b": -alpha * grad[:, -1],
                    "before": {k: list(getattr(before, k)[ks]) for k in ("a", "h", "delta", "local")},
                    "after": {k: list(getattr(after, k)[ks]) for k in ("a", "h")}})
        start, sources = start + size, len(group)
    return out


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
    a = sp.Add(n.b, *(w * s for w, s in zip(n.weights, n.sources)))  # sum(): quadratic in width
    if act == "softmax":
        group = net.layer(n.layer)
        h = sp.exp(n.a) / sp.Add(*(sp.exp(o.a) for o in group))
    else:
        h = dense.ELEMENTWISE[act](n.a)
    output = n in net.output
    if output:
        factors = [net.delta[n.k]] if act == "softmax" else [net.dL_dh[n.k], net.derivative[n.k]]
    else:
        j = n.k - net.layer(n.layer)[0].k  # n's column in the next layer's weights
        back = sp.Add(*(o.weights[j] * net.delta_symbol[o.k] for o in net.layer(n.layer + 1)))
        factors = [back, net.derivative[n.k]]
    return {"n": n, "act": act, "a_expr": a, "h_expr": h, "output": output, "factors": factors,
            "delta": net.delta_symbol[n.k]}


def substituted(net: dense.Network, n: dense.Neuron, run: dense.Pass, targets: dict,
                value: dict) -> dict:
    """δ_k with the numbers put in, as the seed writes 0,109 × 0,3 × 0,721 × 0,269: the output's
    ∂L/∂h_k, or each path (δ_i, w_ik) back from the next layer, then the factors of f′(a_k)."""
    values = {**targets, n.h: run.h[n.k - 1], n.a: run.a[n.k - 1],
              **{m.h: run.h[m.k - 1] for m in net.output}}
    local = [_at(f, values) for f in sp.Mul.make_args(net.derivative[n.k] or sp.Integer(0))
             if f != 1] if net.derivative[n.k] is not None else []
    if n in net.output:
        first = _at(net.dL_dh[n.k], values) if net.activations[-1] != "softmax" else None
        return {"first": first, "paths": [], "local": local}
    j = net.layer(n.layer)[0].k  # n is unit n.k - j of its layer: column n.k - j of the next
    paths = [(run.delta[o.k - 1], value[o.weights[n.k - j]]) for o in net.layer(n.layer + 1)]
    return {"first": None, "paths": paths, "local": local}


def _at(expr: sp.Expr, values: dict) -> float:
    return float(expr.xreplace({s: values[s] for s in expr.free_symbols}))


def _factors(net: dense.Network, run: dense.Pass, known: dict) -> list[list[float]]:
    """∂L/∂θ = δ_k × (what θ multiplies), as numbers, in ``net.parameters`` order."""
    return [[run.delta[n.k - 1], *([known[s]] if s is not None else [])]
            for n in net.neurons for s in (*n.sources, None)]


def _degenerate(net, before, after) -> str | None:
    """A kink, a saturation, a zero gradient that no switched-off ReLU explains (a ReLU switched
    off is kept: it shows what ReLU does), a whole layer off, or two gradients a student could
    swap (one unit's weights, or the weights leaving one unit) that print alike."""
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
    gradient = dict(zip(net.parameters, before.gradient))
    for layer in range(1, len(net.sizes)):
        # relative to the layer: gradients vanishing through a deep net are a lesson, not a flaw
        group = [p for n in net.layer(layer) for p in (n.b, *n.weights)]
        scale = max(abs(gradient[p]) for p in group)
        if any(abs(gradient[p]) < 1e-4 * min(1.0, scale) and p not in silent for p in group):
            return "a gradient is zero"
    swappable = [n.weights for n in net.neurons] + [  # one unit's row, one source's column
        [n.weights[j] for n in net.layer(layer)]
        for layer in range(1, len(net.sizes)) for j in range(net.sizes[layer - 1])]
    for group in swappable:
        same = _alike({str(p): gradient[p] for p in group if p not in silent})
        if same:
            return f"the gradients of {same}"
    if not math.isfinite(after.loss):
        return "the update diverges"
    return None


def _alike(values: dict[str, float]) -> str | None:
    """Two values equal to 3 significant digits (they print alike), or None."""
    items = sorted(values.items(), key=lambda item: item[1])
    for (p, u), (q, v) in zip(items, items[1:]):
        if abs(u - v) <= 1e-3 * max(abs(u), abs(v)):
            return f"{p} and {q} coincide"
    return None
