"""Expression trace: any scalar expression as a computation graph, with its three sweeps.

The graph has one node w_k per elementary operation, as a teacher writes it on the board:
inputs first (w_1 = x, w_2 = a, …), then each operation of SymPy's expression tree once (shared
subexpressions are one node), numeric constants folded into the operation that uses them
(w_3 = −w_1 w_2, w_5 = w_4 + 1, w_6 = 1/w_5). Each node carries its local partial derivatives,
derived by SymPy; the primal, tangent (forward mode) and adjoint (reverse mode) sweeps only
evaluate them. ``build_graph`` is cached: one derivation per expression, many points.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp

from tdgrad.check import Claim
from tdgrad.functions import compile


@dataclass(frozen=True)
class Node:
    index: int  # k of w_k
    symbol: sp.Symbol  # w_k
    definition: sp.Expr  # in the parents' symbols (an input's own name for an input)
    parents: tuple[int, ...]
    partials: tuple[sp.Expr, ...]  # ∂w_k/∂w_p for each parent p, in the w symbols
    input_name: str | None = None


@dataclass(frozen=True)
class Graph:
    expr: sp.Expr  # what the graph decomposes: the reference of the finite-difference check
    inputs: tuple[str, ...]
    nodes: tuple[Node, ...]

    @property
    def output(self) -> Node:
        return self.nodes[-1]

    def children(self, k: int) -> tuple[int, ...]:
        return tuple(n.index for n in self.nodes if k in n.parents)

    def depth(self) -> dict[int, int]:
        depth: dict[int, int] = {}
        for n in self.nodes:
            depth[n.index] = 1 + max((depth[p] for p in n.parents), default=-1)
        return depth

    def positions(self) -> dict[int, tuple[int, float]]:
        """(x, y) of each node for drawing: columns by depth, centred, first node on top."""
        depth = self.depth()
        columns: dict[int, list[int]] = {}
        for k, d in depth.items():
            columns.setdefault(d, []).append(k)
        return {k: (d, (len(ks) - 1) / 2 - i) for d, ks in columns.items() for i, k in enumerate(ks)}

    def tangent_formula(self, k: int) -> sp.Expr:
        """ẇ_k = Σ_p ∂w_k/∂w_p · ẇ_p (the chain rule, forward)."""
        n = self.nodes[k - 1]
        return sum((d * decorated(self.nodes[p - 1].symbol, "dot")
                    for p, d in zip(n.parents, n.partials)), sp.Integer(0))

    def adjoint_formula(self, k: int) -> sp.Expr:
        """w̄_k = Σ_c w̄_c · ∂w_c/∂w_k over the nodes c that use w_k (the chain rule, backward)."""
        terms = [decorated(self.nodes[c - 1].symbol, "bar") * self.nodes[c - 1].partials[
            self.nodes[c - 1].parents.index(k)] for c in self.children(k)]
        return sum(terms, sp.Integer(0)) if terms else sp.Integer(1)

    def expanded_adjoint(self, k: int) -> sp.Expr:
        """∂y/∂w_k as one expression in the node values (adjoint formulas substituted back)."""
        bars: dict[sp.Symbol, sp.Expr] = {}
        for n in reversed(self.nodes):
            bars[decorated(n.symbol, "bar")] = self.adjoint_formula(n.index).subs(bars)
        return bars[decorated(self.nodes[k - 1].symbol, "bar")]

    def node(self, name: str) -> Node:
        return next(n for n in self.nodes if str(n.symbol) == name)


def w(k: int) -> sp.Symbol:
    return sp.Symbol(f"w_{k}", real=True)


def decorated(s: sp.Symbol, accent: str) -> sp.Symbol:
    """w_3 → wbar_3 (printed \\bar{w}_{3}), yhat → yhatbar: SymPy's own accent names."""
    base, sep, sub = str(s).partition("_")
    return sp.Symbol(f"{base}{accent}{sep}{sub}", real=True)


@lru_cache(maxsize=64)
def build_equations(equations: tuple[tuple[str, sp.Expr], ...], inputs: tuple[str, ...]) -> Graph:
    """A graph whose nodes are the teacher's named equations (a_1 = x_1 w_1 + x_2 w_2, …).

    Each right-hand side may use the inputs and the names defined before it; the last equation
    is the output. Same sweeps and checks as ``build_graph``.
    """
    nodes: list[Node] = []
    index: dict[sp.Symbol, int] = {}
    composed: dict[sp.Symbol, sp.Expr] = {}  # the equations substituted into each other
    for name in inputs:
        s = sp.Symbol(name, real=True)
        index[s] = len(nodes) + 1
        nodes.append(Node(index[s], s, s, (), (), name))
    for name, rhs in equations:
        s = sp.Symbol(name, real=True)
        unknown = rhs.free_symbols - set(index)
        if unknown:
            raise ValueError(f"{name}: {', '.join(map(str, unknown))} is not defined before")
        parents = tuple(sorted(index[p] for p in rhs.free_symbols))
        partials = tuple(sp.diff(rhs, nodes[p - 1].symbol) for p in parents)
        index[s] = len(nodes) + 1
        nodes.append(Node(index[s], s, rhs, parents, partials))
        composed[s] = rhs.subs(composed)
    return Graph(composed[s], tuple(inputs), tuple(nodes))


@lru_cache(maxsize=256)
def build_graph(expr: sp.Expr, inputs: tuple[str, ...]) -> Graph:
    """Decompose ``expr`` into elementary operations over ``inputs`` (in that order).

    >>> from tdgrad.parse import parse_expression
    >>> g = build_graph(parse_expression("1/(1+exp(-a*x))"), ("x", "a"))
    >>> [str(n.definition) for n in g.nodes]
    ['x', 'a', '-w_1*w_2', 'exp(w_3)', 'w_4 + 1', '1/w_5']
    """
    names = {str(s) for s in expr.free_symbols}
    missing = names - set(inputs)
    if missing:
        raise ValueError(f"no value given for {', '.join(sorted(missing))}")
    nodes: list[Node] = []
    seen: dict[sp.Expr, int] = {}

    def add(definition, parents, input_name=None) -> int:
        k = len(nodes) + 1
        parents = tuple(sorted(set(parents)))
        partials = tuple(sp.diff(definition, w(p)) for p in parents)
        nodes.append(Node(k, w(k), definition, parents, partials, input_name))
        return k

    for name in inputs:
        seen[sp.Symbol(name, real=True)] = add(sp.Symbol(name, real=True), (), name)

    def node_of(e: sp.Expr) -> int:
        if e in seen:
            return seen[e]
        parents: list[int] = []

        def lift(a: sp.Expr, context) -> sp.Expr:
            if a.is_number:
                return a
            if context is sp.Add:  # c·u: the coefficient stays in the sum
                c, rest = a.as_coeff_Mul()
                if c != 1:
                    return c * lift(rest, None)
            if context is sp.Mul and a.is_Pow and a.exp.is_number:  # u^n inside a product
                return lift(a.base, None) ** a.exp
            k = node_of(a)
            parents.append(k)
            return w(k)

        if e.is_Pow and e.exp.is_number:
            definition = lift(e.base, None) ** e.exp
        else:
            definition = e.func(*(lift(a, e.func) for a in e.args))
        seen[e] = add(definition, parents)
        return seen[e]

    if expr.is_number:
        raise ValueError("the expression is a constant: there is nothing to differentiate")
    node_of(expr)
    return Graph(expr, tuple(inputs), tuple(nodes))


@dataclass(frozen=True)
class Trace:
    graph: Graph
    point: dict[str, float]
    wrt: str
    primal: tuple[float, ...]  # w_k
    partials: tuple[tuple[float, ...], ...]  # ∂w_k/∂w_p values, aligned with node.parents
    tangent: tuple[float, ...]  # ẇ_k = dw_k/d(wrt)
    adjoint: tuple[float, ...]  # w̄_k = ∂y/∂w_k

    @property
    def value(self) -> float:
        return self.primal[-1]

    @property
    def gradient(self) -> dict[str, float]:
        return {n.input_name: self.adjoint[n.index - 1] for n in self.graph.nodes if n.input_name}


@lru_cache(maxsize=256)
def _compiled(graph: Graph):
    """One compiled function per node: its value and its partials from its parents' values."""
    out: list[tuple | None] = []
    for n in graph.nodes:
        if n.input_name:
            out.append(None)
            continue
        args = [graph.nodes[p - 1].symbol for p in n.parents]
        out.append((compile(args, n.definition),
                    [compile(args, d) for d in n.partials]))
    return out


def run(graph: Graph, point: dict[str, float], wrt: str) -> Trace:
    """Evaluate the primal, tangent (d/d ``wrt``) and adjoint sweeps at ``point``."""
    primal: list[float] = []
    partials: list[tuple[float, ...]] = []
    with np.errstate(all="ignore"):
        for n, fn in zip(graph.nodes, _compiled(graph)):
            if fn is None:
                primal.append(float(point[str(n.input_name)]))
                partials.append(())
                continue
            args = [np.float64(primal[p - 1]) for p in n.parents]  # 1/0 → inf, not an exception
            primal.append(float(fn[0](*args)))
            partials.append(tuple(float(d(*args)) for d in fn[1]))
    tangent: list[float] = []
    for n, d in zip(graph.nodes, partials):
        tangent.append(float(n.input_name == wrt) if n.input_name else
                       sum(dp * tangent[p - 1] for p, dp in zip(n.parents, d)))
    adjoint = [0.0] * len(graph.nodes)
    adjoint[-1] = 1.0
    for n, d in zip(reversed(graph.nodes), reversed(partials)):
        for p, dp in zip(n.parents, d):
            adjoint[p - 1] += adjoint[n.index - 1] * dp
    return Trace(graph, dict(point), wrt, tuple(primal), tuple(partials), tuple(tangent),
                 tuple(adjoint))


@lru_cache(maxsize=256)
def _function(graph: Graph):
    """The output as a function of the inputs, from the original expression (or the equations
    composed), never from the graph's nodes: a wrong decomposition must not check itself."""
    return compile([sp.Symbol(name, real=True) for name in graph.inputs], graph.expr)


def _spread(f):
    """f of a point's coordinates, as a function of the point (what a Claim differentiates)."""
    return lambda v: f(*v)


def claims(trace: Trace, label: str) -> list[Claim]:
    """Every derivative the trace shows: the gradient (both modes) and each local partial."""
    graph = trace.graph
    f = _function(graph)
    point = [trace.point[name] for name in graph.inputs]
    result = [Claim(f"{label}: ∂y/∂{name} (reverse mode)", lambda v: f(*v), point, i,
                    trace.gradient[name]) for i, name in enumerate(graph.inputs)]
    result.append(Claim(f"{label}: dy/d{trace.wrt} (forward mode)", lambda v: f(*v), point,
                        graph.inputs.index(trace.wrt), trace.tangent[-1]))
    for n, fn, values in zip(graph.nodes, _compiled(graph), trace.partials):
        if fn is None:
            continue
        at = [trace.primal[p - 1] for p in n.parents]
        for i, (p, dp) in enumerate(zip(n.parents, values)):
            result.append(Claim(f"{label}: ∂{n.symbol}/∂{graph.nodes[p - 1].symbol}",
                                _spread(fn[0]), at, i, dp))
    return result
