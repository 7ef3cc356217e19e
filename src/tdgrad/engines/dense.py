"""Dense network: any small fully connected network, its forward pass, backward pass and update.

Notation is the course's (TD n°1): neurons are numbered 1, 2, … across the layers after the input;
neuron k has pre-activation a_k, activation h_k = f(a_k), bias b_k, and weight w_kj from unit j of
the previous layer (x_j for the first layer, h_j after). δ_k = ∂L/∂a_k.

SymPy derives, once per architecture (``network`` is cached):
- each activation's derivative, written with h_k (σ′ = h(1 − h), tanh′ = 1 − h², relu′ = H(a));
- ∂L/∂h_k of the loss, and the output δ_k through the activation's Jacobian;
- the backward recurrence δ_k = (Σ_i w_ik δ_i) · f′(a_k) and ∂L/∂w_kj = δ_k · (source j);
- independently, ∂L/∂θ of the fully composed loss, a second derivation the chain rule must match.
Variants then only call one compiled function.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp

from tdgrad.check import Claim
from tdgrad.functions import compile, relu, sigmoid

ELEMENTWISE = {"identity": lambda z: z, "sigmoid": sigmoid, "tanh": sp.tanh, "relu": relu}
ACTIVATIONS = (*ELEMENTWISE, "softmax")
LOSSES = ("mse", "cross_entropy")
MAX_WIDTH = 16  # units in a layer
MAX_SIZES = 6  # entries of ``layers``: the input and at most 5 layers of neurons


def S(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


@dataclass(frozen=True)
class Neuron:
    k: int
    layer: int  # 1 = first layer after the input
    a: sp.Symbol
    h: sp.Symbol
    b: sp.Symbol
    weights: tuple[sp.Symbol, ...]  # w_kj, j over the sources
    sources: tuple[sp.Symbol, ...]  # x_j or h_j


@dataclass(frozen=True)
class Network:
    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    x: tuple[sp.Symbol, ...]
    y: tuple[sp.Symbol, ...]
    neurons: tuple[Neuron, ...]
    loss_expr: sp.Expr  # L in the output h's and y's
    derivative: dict  # k -> f'(a_k) written with h_k / a_k
    dL_dh: dict  # output k -> ∂L/∂h_k
    delta: dict  # k -> δ_k in h, a, y, w and the next layer's δ symbols
    delta_symbol: dict  # k -> δ_k
    compiled: object  # (x, θ, y) -> every value the correction shows

    @property
    def parameters(self) -> tuple[sp.Symbol, ...]:
        return tuple(s for n in self.neurons for s in (*n.weights, n.b))

    def layer(self, l: int) -> tuple[Neuron, ...]:
        return tuple(n for n in self.neurons if n.layer == l)

    @property
    def output(self) -> tuple[Neuron, ...]:
        return self.layer(len(self.sizes) - 1)


def _activation_derivative(name: str, a: sp.Symbol, h: sp.Symbol) -> sp.Expr:
    """f′(a) by SymPy, rewritten with h = f(a) wherever f(a) appears (σ′ = h(1 − h))."""
    f = ELEMENTWISE[name]
    return sp.diff(f(a), a).subs(f(a), h) if name != "identity" else sp.Integer(1)


def softmax_jacobian(hs: tuple[sp.Symbol, ...], j: int, k: int) -> sp.Expr:
    """∂h_j/∂a_k of softmax, h_j (𝟙[j = k] − h_k); ``_prove_softmax_jacobian`` checks it with SymPy."""
    return hs[j] * ((1 if j == k else 0) - hs[k])


@lru_cache(maxsize=None)
def _prove_softmax_jacobian(m: int) -> None:
    a = sp.symbols(f"z1:{m + 1}", real=True)
    s = [sp.exp(ai) / sum(sp.exp(ak) for ak in a) for ai in a]
    for j in range(m):
        for k in range(m):
            if sp.simplify(sp.diff(s[j], a[k]) - softmax_jacobian(tuple(s), j, k)) != 0:
                raise AssertionError(f"softmax Jacobian ({j}, {k}) is wrong")


def _loss(loss: str, act: str, h, y) -> sp.Expr:
    if loss == "mse":
        return sp.Rational(1, 2) * sum((hk - yk) ** 2 for hk, yk in zip(h, y))
    if act == "softmax":
        return -sum(yk * sp.log(hk) for hk, yk in zip(h, y))
    return -sum(yk * sp.log(hk) + (1 - yk) * sp.log(1 - hk) for hk, yk in zip(h, y))


def check_architecture(sizes, activations, loss) -> None:
    """Raise ValueError with a readable reason for an architecture the engine cannot serve."""
    if len(sizes) < 2 or any(not isinstance(n, int) or n < 1 for n in sizes):
        raise ValueError("layers must list at least two positive sizes, e.g. [2, 2, 1]")
    if len(sizes) > MAX_SIZES or max(sizes) > MAX_WIDTH:
        raise ValueError(f"network too large: at most {MAX_SIZES - 1} layers after the input, "
                         f"each of at most {MAX_WIDTH} units")
    if len(activations) != len(sizes) - 1:
        raise ValueError(f"need {len(sizes) - 1} activations (one per layer after the input), "
                         f"got {len(activations)}")
    for act in activations:
        if act not in ACTIVATIONS:
            raise ValueError(f"unknown activation '{act}' (known: {', '.join(ACTIVATIONS)})")
    if "softmax" in activations[:-1]:
        raise ValueError("softmax is only available on the output layer")
    if loss not in LOSSES:
        raise ValueError(f"unknown loss '{loss}' (known: {', '.join(LOSSES)})")
    if loss == "cross_entropy" and activations[-1] not in ("softmax", "sigmoid"):
        raise ValueError("cross_entropy needs a softmax or sigmoid output layer")


@lru_cache(maxsize=64)
def network(sizes: tuple[int, ...], activations: tuple[str, ...], loss: str) -> Network:
    check_architecture(sizes, activations, loss)
    x = tuple(S(f"x_{j}") for j in range(1, sizes[0] + 1))
    m = sizes[-1]
    y = (S("y"),) if m == 1 else tuple(S(f"y_{k}") for k in range(1, m + 1))
    neurons: list[Neuron] = []
    sources = x
    k = 0
    for layer, size in enumerate(sizes[1:], start=1):
        current = []
        for _ in range(size):
            k += 1
            current.append(Neuron(k, layer, S(f"a_{k}"), S(f"h_{k}"), S(f"b_{k}"),
                                  tuple(S(f"w_{k}{_index(s)}") for s in sources), sources))
        neurons += current
        sources = tuple(n.h for n in current)
    out_act = activations[-1]
    outputs = [n for n in neurons if n.layer == len(sizes) - 1]
    hs = tuple(n.h for n in outputs)
    loss_expr = _loss(loss, out_act, hs, y)

    derivative = {n.k: (_activation_derivative(activations[n.layer - 1], n.a, n.h)
                        if activations[n.layer - 1] != "softmax" else None) for n in neurons}
    dL_dh = {n.k: sp.diff(loss_expr, n.h) for n in outputs}
    delta_symbol = {n.k: S(f"delta_{n.k}") for n in neurons}
    delta: dict[int, sp.Expr] = {}
    if out_act == "softmax":
        _prove_softmax_jacobian(m)
        for i, n in enumerate(outputs):
            d = sum(dL_dh[o.k] * softmax_jacobian(hs, j, i) for j, o in enumerate(outputs))
            d = sp.expand(d)
            if loss == "cross_entropy":  # Σ y_j = 1 for a one-hot target
                d = sp.collect(d, n.h).subs(sum(y), 1)
            delta[n.k] = sp.simplify(d) if loss == "cross_entropy" else d
    else:
        for n in outputs:
            delta[n.k] = sp.factor(dL_dh[n.k] * derivative[n.k]) if loss == "cross_entropy" \
                else dL_dh[n.k] * derivative[n.k]
    for n in reversed(neurons):
        if n.k in delta:
            continue
        nxt = [o for o in neurons if n.h in o.sources]
        back = sum(o.weights[o.sources.index(n.h)] * delta_symbol[o.k] for o in nxt)
        delta[n.k] = back * derivative[n.k]

    net = Network(tuple(sizes), tuple(activations), loss, x, y, tuple(neurons), loss_expr,
                  derivative, dL_dh, delta, delta_symbol, None)
    object.__setattr__(net, "compiled", _compile(net))
    return net


def _index(s: sp.Symbol) -> str:
    return str(s).split("_")[1]


def _forward(net: Network) -> dict[sp.Symbol, sp.Expr]:
    """Every a_k and h_k composed down to the inputs and parameters."""
    values: dict[sp.Symbol, sp.Expr] = {}
    for layer in range(1, len(net.sizes)):
        group = net.layer(layer)
        for n in group:
            values[n.a] = n.b + sum(wj * values.get(s, s) for wj, s in zip(n.weights, n.sources))
        for n in group:
            act = net.activations[layer - 1]
            values[n.h] = (sp.exp(values[n.a]) / sum(sp.exp(values[o.a]) for o in group)
                           if act == "softmax" else ELEMENTWISE[act](values[n.a]))
    return values


def outputs(net: Network) -> list[sp.Expr]:
    """The network's outputs as formulas in x and θ: F_W(x)."""
    values = _forward(net)
    return [values[n.h] for n in net.output]


def _compile(net: Network):
    """One function (x, θ, y) → a, h, L, δ, chain-rule gradients, SymPy gradients, f′(a)."""
    values = _forward(net)  # then δ_k too, all composed down to (x, θ, y)
    loss = net.loss_expr.subs({n.h: values[n.h] for n in net.output})
    for n in reversed(net.neurons):
        values[net.delta_symbol[n.k]] = net.delta[n.k].subs(values)
    local = {n.k: (net.derivative[n.k].subs(values) if net.derivative[n.k] is not None
                   else sp.Integer(0)) for n in net.neurons}
    chain = [values[net.delta_symbol[n.k]] * values.get(s, s) for n in net.neurons
             for s in (*n.sources, sp.Integer(1))]
    symbolic = [sp.diff(loss, p) for p in net.parameters]
    outputs = [*(values[n.a] for n in net.neurons), *(values[n.h] for n in net.neurons), loss,
               *(values[net.delta_symbol[n.k]] for n in net.neurons), *chain, *symbolic,
               *(local[n.k] for n in net.neurons)]
    args = [*net.x, *net.parameters, *net.y]
    return compile(args, outputs, cse=True), compile(args, loss)


@dataclass(frozen=True)
class Pass:
    """Every number of one forward + backward pass (in neuron order)."""

    a: tuple[float, ...]
    h: tuple[float, ...]
    loss: float
    delta: tuple[float, ...]
    gradient: tuple[float, ...]  # chain rule, aligned with Network.parameters
    symbolic_gradient: tuple[float, ...]  # ∂L/∂θ of the composed loss
    local: tuple[float, ...]  # f′(a_k)


def evaluate(net: Network, x, theta, y) -> Pass:
    n = len(net.neurons)
    with np.errstate(all="ignore"):
        out = [float(v) for v in net.compiled[0](*x, *theta, *y)]
    p = len(theta)
    return Pass(tuple(out[:n]), tuple(out[n:2 * n]), out[2 * n], tuple(out[2 * n + 1:3 * n + 1]),
                tuple(out[3 * n + 1:3 * n + 1 + p]), tuple(out[3 * n + 1 + p:3 * n + 1 + 2 * p]),
                tuple(out[3 * n + 1 + 2 * p:]))


@lru_cache(maxsize=None)
def _activation(name: str):
    z = S("z")
    return compile(z, ELEMENTWISE[name](z))


def claims(net: Network, x, theta, y, result: Pass, label: str) -> list[Claim]:
    """∂L/∂θ for every parameter (chain rule and SymPy's own), and every f′(a_k), against FD."""
    loss_fn = net.compiled[1]

    def L(t):
        return loss_fn(*x, *t, *y)

    out = []
    for i, p in enumerate(net.parameters):
        out.append(Claim(f"{label}: ∂L/∂{p} (chain rule)", L, theta, i, result.gradient[i]))
        out.append(Claim(f"{label}: ∂L/∂{p} (SymPy)", L, theta, i, result.symbolic_gradient[i]))
    for n in net.neurons:
        act = net.activations[n.layer - 1]
        if act == "softmax":
            continue
        f = _activation(act)
        out.append(Claim(f"{label}: f′(a_{n.k})", lambda v, f=f: f(v[0]), [result.a[n.k - 1]], 0,
                         result.local[n.k - 1]))
    return out
