"""Dense network: any small fully connected network, its forward pass, backward pass and update.

Notation is the course's (TD n°1): neurons are numbered 1, 2, … across the layers after the input;
neuron k has pre-activation a_k, activation h_k = f(a_k), bias b_k, and weight w_kj from unit j of
the previous layer (x_j for the first layer, h_j after). δ_k = ∂L/∂a_k.

SymPy derives, once per architecture (``network`` is cached) and layer by layer, as a person does:
- each activation's derivative, written with h_k (σ′ = h(1 − h), tanh′ = 1 − h², relu′ = H(a));
- ∂L/∂h_k of the loss, and the output δ_k through the activation's Jacobian;
- the backward recurrence δ_k = (Σ_i w_ik δ_i) · f′(a_k) and ∂L/∂w_kj = δ_k · (source j);
- independently, ∂h/∂a of each layer straight from h = f(a) and ∂L/∂h of the loss, multiplied
  backwards as matrices: a second route to ∂L/∂θ the δ recurrence must match.
Nothing is composed into one expression of the whole network, so the cost grows with the layers
(a 5-layer network of width 16 derives in about a second; ``bench/bench_derive.py``), and
variants only evaluate small compiled functions and numpy products.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Callable

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
    compiled: Any  # (per-layer functions, loss, ∂L/∂h, output δ), L(x, θ, y)

    @cached_property  # read in every finite-difference evaluation of the loss
    def parameters(self) -> tuple[sp.Symbol, ...]:
        return tuple(s for n in self.neurons for s in (*n.weights, n.b))

    def layer(self, number: int) -> tuple[Neuron, ...]:
        return tuple(n for n in self.neurons if n.layer == number)

    @property
    def output(self) -> tuple[Neuron, ...]:
        return self.layer(len(self.sizes) - 1)


def _activation_derivative(name: str, a: sp.Symbol, h: sp.Symbol) -> sp.Expr:
    """f′(a) by SymPy, rewritten with h = f(a) wherever f(a) appears (σ′ = h(1 − h))."""
    z, hz, derivative = _generic_derivative(name)
    return derivative.xreplace({z: a, hz: h})


@lru_cache(maxsize=None)
def _generic_derivative(name: str):
    """f′(z) written with h = f(z), derived once per activation and renamed for each neuron."""
    z, hz = S("z"), S("h")
    f = ELEMENTWISE[name]
    return z, hz, sp.diff(f(z), z).subs(f(z), hz) if name != "identity" else sp.Integer(1)


def softmax_jacobian(hs: tuple[sp.Symbol, ...], j: int, k: int) -> sp.Expr:
    """∂h_j/∂a_k of softmax, h_j (𝟙[j = k] − h_k); ``_prove_softmax_jacobian`` checks it with SymPy."""
    return hs[j] * ((1 if j == k else 0) - hs[k])


@lru_cache(maxsize=None)
def _prove_softmax_jacobian(m: int) -> None:
    """Entries (1, 1) and (1, 2) for m units: every other entry is one of them with the units
    renumbered (softmax is symmetric in its inputs), so these two prove the whole Jacobian."""
    a = sp.symbols(f"z1:{m + 1}", real=True)
    s = [sp.exp(ai) / sp.Add(*(sp.exp(ak) for ak in a)) for ai in a]
    for j, k in ((0, 0), (0, 1))[:m]:
        if sp.cancel(sp.diff(s[j], a[k]) - softmax_jacobian(tuple(s), j, k)) != 0:
            raise AssertionError(f"softmax Jacobian ({j + 1}, {k + 1}) is wrong")


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
                                  tuple(S(_weight_name(k, _index(s))) for s in sources), sources))
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
                d = sp.collect(d, n.h).subs(sum(y), 1)  # h_k − y_k
            delta[n.k] = d
    else:
        for n in outputs:
            delta[n.k] = sp.factor(dL_dh[n.k] * derivative[n.k]) if loss == "cross_entropy" \
                else dL_dh[n.k] * derivative[n.k]
    for n in reversed(neurons):
        if n.k in delta:
            continue
        j = [m.k for m in neurons if m.layer == n.layer].index(n.k)  # n's place among the sources
        nxt = [o for o in neurons if o.layer == n.layer + 1]
        back = sum(o.weights[j] * delta_symbol[o.k] for o in nxt)
        delta[n.k] = back * derivative[n.k]

    net = Network(tuple(sizes), tuple(activations), loss, x, y, tuple(neurons), loss_expr,
                  derivative, dL_dh, delta, delta_symbol, None)
    object.__setattr__(net, "compiled", _compile(net))
    return net


def _weight_name(k: int, j: str) -> str:
    """w_31 as the course writes it; w_1,11 once an index has two digits (w_111 would be ambiguous)."""
    return f"w_{k}{j}" if k < 10 and len(j) == 1 else f"w_{k},{j}"


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


@dataclass(frozen=True)
class Layer:
    """What one layer needs at run time; every formula in it was derived for a layer, not a net."""

    neurons: tuple[Neuron, ...]
    forward: Callable  # a (array) → h = f(a)
    jacobian: Callable  # a (array) → ∂h/∂a by SymPy, from h = f(a) itself (the independent route)
    local: Callable | None  # (a, h) → f′(a_k) as ``net.derivative`` writes it (None for softmax)


@lru_cache(maxsize=None)
def _activation_layer(act: str):
    """h = f(a) for a layer, and SymPy's ∂h/∂a taken from h = f(a) itself (the independent
    second derivation), both derived once per activation and applied to a whole layer."""
    z = S("z")
    if act == "softmax":
        # SymPy differentiates h_1 = e^{a_1} / (e^{a_1} + e^{a_2} + R) along a_1 and a_2 (R: the
        # other units); every other entry is one of these two with the units renumbered
        a1, a2, R = S("a_1"), S("a_2"), sp.Symbol("R", positive=True)
        h1 = sp.exp(a1) / (sp.exp(a1) + sp.exp(a2) + R)
        same, other = (compile([a1, a2, R], sp.diff(h1, v)) for v in (a1, a2))

        def jacobian(a):
            e = np.exp(a)
            rest = np.sum(e) - e[:, None] - e[None, :]  # R for the pair (j, k), j ≠ k
            J = other(a[:, None], a[None, :], rest)
            pair = np.sum(e) - e - np.roll(e, 1)  # any second unit for the diagonal
            np.fill_diagonal(J, same(a, np.roll(a, 1), pair))
            return J

        return (lambda a: np.exp(a) / np.sum(np.exp(a))), jacobian
    f = compile(z, ELEMENTWISE[act](z))
    f_prime = compile(z, sp.diff(ELEMENTWISE[act](z), z))
    return (lambda a: np.broadcast_to(f(a), np.shape(a)).astype(float),
            lambda a: np.diag(np.broadcast_to(f_prime(a), np.shape(a)).astype(float)))


def activate(act: str, a) -> np.ndarray:
    """h = f(a) for one layer's pre-activations, as numbers (what drawing values needs)."""
    with np.errstate(all="ignore"):
        return np.asarray(_activation_layer(act)[0](np.asarray(a, dtype=np.float64)), dtype=np.float64)


def _plain(args, exprs):
    """``compile`` with the arguments renamed v0, v1, … in one pass: lambdify would otherwise
    rename an unsafe name such as w_1,11 one substitution at a time (minutes on a wide layer)."""
    plain = {a: sp.Symbol(f"v{i}") for i, a in enumerate(args)}
    return compile(list(plain.values()), [e.xreplace(plain) for e in exprs])


def _compile(net: Network):
    """Per-layer functions, the output δ, and the loss of (x, θ, y) for the finite differences."""
    layers = []
    for number in range(1, len(net.sizes)):
        group, act = net.layer(number), net.activations[number - 1]
        a, h = [n.a for n in group], [n.h for n in group]
        local = (_plain([*a, *h], [net.derivative[n.k] for n in group]) if act != "softmax"
                 else None)
        forward, jacobian = _activation_layer(act)
        layers.append(Layer(group, forward, jacobian, local))
    hs, a_out = [n.h for n in net.output], [n.a for n in net.output]
    delta_out = _plain([*a_out, *hs, *net.y], [net.delta[n.k] for n in net.output])
    loss = compile([*hs, *net.y], net.loss_expr)
    dL_dh = compile([*hs, *net.y], [sp.diff(net.loss_expr, h) for h in hs])

    def loss_of(*args):
        p = len(net.parameters)
        x, theta, y = args[:len(net.x)], args[len(net.x):len(net.x) + p], args[len(net.x) + p:]
        with np.errstate(all="ignore"):
            a, h = _forward_values(layers, x, _split(layers, theta))
        return loss(*h[-1], *y)

    return (tuple(layers), loss, dL_dh, delta_out), loss_of


def _split(layers, theta) -> list[tuple[np.ndarray, np.ndarray]]:
    """θ cut into each layer's (W, b); θ lists neuron by neuron its weights, then its bias."""
    out, start = [], 0
    for layer in layers:
        n = len(layer.neurons)
        size = n * (len(layer.neurons[0].weights) + 1)
        block = np.asarray(theta[start:start + size], dtype=np.float64).reshape(n, -1)
        out.append((block[:, :-1], block[:, -1]))
        start += size
    return out


def _forward_values(layers, x, params) -> tuple[list, list]:
    """Every layer's a_k = b_k + Σ_j w_kj s_j and h_k = f(a_k), as arrays, at (x, θ)."""
    a_all, h_all, sources = [], [], np.asarray(x, dtype=np.float64)
    for layer, (W, b) in zip(layers, params):
        a = b + W @ sources
        sources = np.asarray(layer.forward(a), dtype=np.float64)
        a_all.append(a)
        h_all.append(sources)
    return a_all, h_all


@dataclass(frozen=True)
class Pass:
    """Every number of one forward + backward pass (in neuron order)."""

    a: tuple[float, ...]
    h: tuple[float, ...]
    loss: float
    delta: tuple[float, ...]
    gradient: tuple[float, ...]  # chain rule, aligned with Network.parameters
    symbolic_gradient: tuple[float, ...]  # SymPy's layer Jacobians, multiplied backwards
    local: tuple[float, ...]  # f′(a_k)


def evaluate(net: Network, x, theta, y) -> Pass:
    """The forward pass, then the δ recurrence as ``net.delta`` writes it, layer by layer: the
    output δ's compiled from their formulas, then δ_k = (Σ_i w_ik δ_i) · f′(a_k) with f′ compiled
    from ``net.derivative`` (what the correction prints is what is computed);
    ∂L/∂w_kj = δ_k s_j, ∂L/∂b_k = δ_k."""
    (layers, loss_fn, dL_dh, delta_out), _ = net.compiled
    params = _split(layers, theta)
    with np.errstate(all="ignore"):
        a, h = _forward_values(layers, x, params)
        loss = float(loss_fn(*h[-1], *y))
        local = [np.asarray(layer.local(*ai, *hi), dtype=np.float64) if layer.local else np.zeros_like(ai)
                 for layer, ai, hi in zip(layers, a, h)]
        deltas = [np.zeros(0)] * len(layers)
        deltas[-1] = np.asarray(delta_out(*a[-1], *h[-1], *y), dtype=np.float64)
        for i in reversed(range(len(layers) - 1)):  # net.delta[k] = (Σ_i w_ik δ_i) · f′(a_k)
            deltas[i] = (params[i + 1][0].T @ deltas[i + 1]) * local[i]
        sources = [np.asarray(x, dtype=np.float64), *h[:-1]]
        gradient = np.concatenate([np.column_stack([np.outer(d, s), d]).ravel()
                                   for d, s in zip(deltas, sources)])
        symbolic = _jacobian_gradient(layers, a, sources, [W for W, _ in params], dL_dh(*h[-1], *y))

    def flat(arrays):
        return tuple(float(v) for arr in arrays for v in np.ravel(arr))

    return Pass(flat(a), flat(h), loss, flat(deltas), flat([gradient]), flat([symbolic]), flat(local))


def _jacobian_gradient(layers, a, sources, W, dL_dh) -> np.ndarray:
    """∂L/∂θ the matrix way: g_a = (∂h/∂a)ᵀ g_h, ∂L/∂W = g_a sᵀ, g_s = Wᵀ g_a, with SymPy's
    derivatives of f and of the loss (not the δ formulas), so the two routes check each other."""
    g_h = np.asarray(dL_dh, dtype=np.float64)
    blocks = []
    for i in reversed(range(len(layers))):
        g_a = np.asarray(layers[i].jacobian(a[i]), dtype=np.float64).T @ g_h
        blocks.append(np.column_stack([np.outer(g_a, sources[i]), g_a]).ravel())
        g_h = W[i].T @ g_a
    return np.concatenate(blocks[::-1])


@lru_cache(maxsize=None)
def _activation(name: str):
    z = S("z")
    return compile(z, ELEMENTWISE[name](z))


def _first(f: Callable) -> Callable:
    """f as a function of a point's first coordinate (what a Claim differentiates)."""
    return lambda v: f(v[0])


def claims(net: Network, x, theta, y, result: Pass, label: str) -> list[Claim]:
    """∂L/∂θ for every parameter (chain rule and SymPy's own), and every f′(a_k), against FD."""
    loss_fn = net.compiled[1]  # the layers' forward formulas: no δ in it

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
        out.append(Claim(f"{label}: f′(a_{n.k})", _first(_activation(act)), [result.a[n.k - 1]], 0,
                         result.local[n.k - 1]))
    return out
