"""Gradients of a multiclass MLP, ReLU hidden layer, softmax output, negative log-likelihood
(seed 001, part 2: its sixteen questions, then a numeric instance).

Trains: pre-activations in matrix and element form, dimensions, n_θ, the empirical risk,
gradient descent, ∂L/∂oᵃ = oˢ − onehot(y), and every layer's gradient in element form, matrix form
and as a numpy one-liner. Mistakes it targets: onehot(y − 1) against onehot(y) (0- or 1-based
classes), a transposed W⁽²⁾ in ∂L/∂hˢ, forgetting 𝟙(hᵃ > 0). The numbers come from the dense-network
engine; the numpy lines below are printed in the correction and executed by the tests.
"""

from __future__ import annotations

import numpy as np

from tdgrad import answers as answer
from tdgrad.engines import dense
from tdgrad.exercises import mlp
from tdgrad.exercises.base import Solution, grid
from tdgrad.schema import Integer, ListOf, Number, PerLayer
from tdgrad.spec import Fields

KIND = "classification"
SUMMARY = "multiclass MLP (ReLU, softmax, NLL): all gradients in element, matrix and numpy form"
TITLE = {"fr": "Gradient d'un réseau de neurones pour la classification multiclasse",
         "en": "Gradients of a neural network for multiclass classification"}
FIELDS = {
    "d": Integer(1, 4, help="inputs"),
    "d_h": Integer(1, 5, help="hidden units"),
    "m": Integer(2, 4, help="classes"),
    "x": ListOf(Number(-100, 100), "d", help="the input"),
    "y": Integer(0, "m-1", help="the class, numbered from 0"),
    "weights": PerLayer(("d", "d_h", "m"), True, Number(-100, 100)),
    "biases": PerLayer(("d", "d_h", "m"), False, Number(-100, 100)),
}

# printed in the correction, executed by the tests (classes numbered 0 … m−1, as in numpy)
NUMPY = {
    "grad_oa": "grad_oa = os - np.eye(m)[y]",
    "grad_b2": "grad_b2 = grad_oa",
    "grad_W2": "grad_W2 = np.outer(grad_oa, hs)",
    "grad_hs": "grad_hs = W2.T @ grad_oa",
    "grad_ha": "grad_ha = grad_hs * (ha > 0)",
    "grad_b1": "grad_b1 = grad_ha",
    "grad_W1": "grad_W1 = np.outer(grad_ha, x)",
}
LABELS = {"ha": "hᵃ", "hs": "hˢ", "oa": "oᵃ", "os": "oˢ", "grad_oa": "∂L/∂oᵃ", "grad_hs": "∂L/∂hˢ",
          "grad_ha": "∂L/∂hᵃ", "grad_W1": "∂L/∂W⁽¹⁾", "grad_b1": "∂L/∂b⁽¹⁾", "grad_W2": "∂L/∂W⁽²⁾",
          "grad_b2": "∂L/∂b⁽²⁾"}


def generate(fields: Fields, rng):
    d = fields.integer("d", None, 1, 4) or int(rng.integers(2, 4))
    d_h = fields.integer("d_h", None, 1, 5) or int(rng.integers(2, 4))
    m = fields.integer("m", None, 2, 4) or int(rng.integers(2, 4))
    x = fields.numbers("x", d) or tuple(grid(rng, -2, 2, 0.5) for _ in range(d))
    y = fields.integer("y", None, 0, m - 1)
    y = y if y is not None else int(rng.integers(m))
    sizes = (d, d_h, m)
    weights = mlp.read_layers(fields, "weights", sizes, rng, matrix=True)
    biases = mlp.read_layers(fields, "biases", sizes, rng, matrix=False)
    return {"d": d, "d_h": d_h, "m": m, "x": list(x), "y": y, "weights": weights, "biases": biases}


def arrays(params) -> tuple:
    """Every quantity of the numeric instance, in the seed's names, from the dense engine."""
    d, d_h, m = params["d"], params["d_h"], params["m"]
    net = dense.network((d, d_h, m), ("relu", "softmax"), "cross_entropy")
    onehot = [float(k == params["y"]) for k in range(m)]
    theta = mlp.flatten(net, params["weights"], params["biases"])
    r = dense.evaluate(net, params["x"], theta, onehot)
    g = np.array(r.gradient)
    first, second = g[:d_h * (d + 1)].reshape(d_h, d + 1), g[d_h * (d + 1):].reshape(m, d_h + 1)
    delta = np.array(r.delta)
    W2 = np.array(params["weights"][1])
    return {"x": np.array(params["x"]), "W1": np.array(params["weights"][0]),
            "b1": np.array(params["biases"][0]), "W2": W2, "b2": np.array(params["biases"][1]),
            "ha": np.array(r.a[:d_h]), "hs": np.array(r.h[:d_h]), "oa": np.array(r.a[d_h:]),
            "os": np.array(r.h[d_h:]), "L": np.array(r.loss),
            "grad_oa": delta[d_h:], "grad_hs": W2.T @ delta[d_h:], "grad_ha": delta[:d_h],
            "grad_W1": first[:, :d], "grad_b1": first[:, d], "grad_W2": second[:, :d_h],
            "grad_b2": second[:, d_h]}, net, theta, onehot, r


def _env(values, params) -> dict:
    """The arrays a numpy answer may use, under the names the correction prints, and the sizes."""
    names = ("x", "W1", "b1", "W2", "b2", "ha", "hs", "oa", "os", "grad_oa", "grad_hs", "grad_ha")
    return {**{k: values[k].tolist() for k in names}, "y": params["y"],
            **{k: params[k] for k in ("m", "d_h", "d")}}


def solve(params, label):
    values, net, theta, onehot, r = arrays(params)
    degenerate = None
    if np.any(np.abs(values["ha"]) < 0.05):
        degenerate = "a hidden pre-activation is at the kink of relu"
    elif not np.any(values["ha"] > 0):
        degenerate = "every hidden unit is off: all hidden gradients vanish"
    elif params["d_h"] > 1 and np.all(values["ha"] > 0):
        # one unit off shows ReLU at work: ∂L/∂hᵃ_j = 0 while ∂L/∂hˢ_j is not
        degenerate = "no hidden unit is off"
    d, d_h, m = params["d"], params["d_h"], params["m"]
    envs = [_env(values, params)]
    # two more consistent data sets, with other sizes (all different) and other classes, so that
    # neither a lucky guess nor a size or class written by hand can pass
    rng = np.random.default_rng(0)
    for i, (d2, d_h2, m2) in enumerate(((2, 4, 3), (3, 2, 5)), start=1):
        other = {"d": d2, "d_h": d_h2, "m": m2, "x": rng.normal(size=d2).tolist(), "y": (params["y"] + i) % m2,
                 "weights": [rng.normal(size=(d_h2, d2)).tolist(), rng.normal(size=(m2, d_h2)).tolist()],
                 "biases": [rng.normal(size=d_h2).tolist(), rng.normal(size=m2).tolist()]}
        envs.append(_env(arrays(other)[0], other))
    numpy_questions = {"grad_oa": 8, "grad_W2": 10, "grad_b2": 10, "grad_hs": 12, "grad_ha": 14,
                       "grad_W1": 16, "grad_b1": 16}
    n_theta = d_h * d + d_h + m * d_h + m
    answers = [answer.array("q2.shape_W2", ("dimensions de W⁽²⁾", "shape of W⁽²⁾"), [m, d_h]),
               answer.array("q2.shape_b2", ("dimensions de b⁽²⁾", "shape of b⁽²⁾"), [m]),
               answer.integer("q5.n_theta", ("nombre de paramètres n_θ", "number of parameters n_θ"), n_theta),
               *(answer.numpy(f"q{n}.{name}", (f"{LABELS[name]} en numpy", f"{LABELS[name]} in numpy"),
                              NUMPY[name].split("=", 1)[1].strip(), envs, name=name)
                 for name, n in numpy_questions.items()),
               answer.number("num.L", "L", float(values["L"])),
               *(answer.array(f"num.{k}", LABELS[k], v) for k, v in values.items()
                 if k not in ("x", "W1", "b1", "W2", "b2", "L"))]
    claims = dense.claims(net, params["x"], theta, onehot, r, label)
    off = [j for j, a in enumerate(values["ha"], start=1) if a < 0]
    return Solution(params, answers, {"v": values, "numpy": NUMPY, "n_theta": n_theta, "off": off},
                    claims, degenerate)
