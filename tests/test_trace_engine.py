import math

import numpy as np
import sympy as sp
import pytest

from tdgrad.check import verify
from tdgrad.engines.trace import build_graph, claims, run
from tdgrad.errors import CheckError
from tdgrad.parse import parse_expression


def sigmoid_trace(x, a):
    return run(build_graph(parse_expression("1/(1+exp(-a*x))"), ("x", "a")), {"x": x, "a": a}, "x")


def test_sigmoid_graph_has_one_operation_per_node():
    g = build_graph(parse_expression("1/(1+exp(-a*x))"), ("x", "a"))
    assert [str(n.definition) for n in g.nodes] == ["x", "a", "-w_1*w_2", "exp(w_3)", "w_4 + 1", "1/w_5"]
    assert [n.parents for n in g.nodes] == [(), (), (1, 2), (3,), (4,), (5,)]


@pytest.mark.parametrize("x, a", [(1.0, 2.0), (-1.5, 0.5), (0.5, 3.0)])
def test_sigmoid_derivatives_match_the_hand_formulas(x, a):
    t = sigmoid_trace(x, a)
    y = 1 / (1 + math.exp(-a * x))  # by hand: dy/dx = a y (1 - y), dy/da = x y (1 - y)
    assert t.value == pytest.approx(y, rel=1e-12)
    assert t.tangent[-1] == pytest.approx(a * y * (1 - y), rel=1e-12)
    assert t.gradient["x"] == pytest.approx(a * y * (1 - y), rel=1e-12)
    assert t.gradient["a"] == pytest.approx(x * y * (1 - y), rel=1e-12)


def test_shared_input_accumulates_two_paths():
    # f = x1 x2 + sin x1: ∂f/∂x1 = x2 + cos x1 needs both uses of x1 (seed 002, Ex 2)
    t = run(build_graph(parse_expression("x1*x2 + sin(x1)"), ("x1", "x2")), {"x1": 2.0, "x2": 5.0}, "x1")
    assert t.value == pytest.approx(10 + math.sin(2))
    assert t.gradient == pytest.approx({"x1": 5 + math.cos(2), "x2": 2.0})
    assert t.tangent[-1] == pytest.approx(5 + math.cos(2))


@pytest.mark.parametrize("text, point", [
    ("x^x + x/y - 3*y^2", {"x": 1.3, "y": -0.7}),
    ("tanh(x*y) * softplus(x - y) + sqrt(x)", {"x": 0.8, "y": 1.9}),
    ("log(1 + x^2) * cos(y) / (2 + sin(x*y))", {"x": -1.1, "y": 0.4}),
    ("sigmoid(x)*relu(y) + exp(-x*y)", {"x": 0.3, "y": 1.2}),
])
def test_any_expression_matches_finite_differences_of_numpy(text, point):
    import sympy as sp
    expr = parse_expression(text)
    names = tuple(point)
    t = run(build_graph(expr, names), point, names[0])
    own = {"sigmoid": lambda u: 1 / (1 + np.exp(-u)), "softplus": lambda u: np.log1p(np.exp(u)),
           "relu": lambda u: np.maximum(u, 0)}  # the test's own numpy forms
    f = sp.lambdify([sp.Symbol(n, real=True) for n in names], expr, [own, "numpy"])
    v = np.array([point[n] for n in names])
    for i, n in enumerate(names):
        e = np.zeros(len(names)); e[i] = 1e-6
        fd = (f(*(v + e)) - f(*(v - e))) / 2e-6
        assert t.gradient[n] == pytest.approx(fd, rel=1e-6, abs=1e-8)
    assert t.tangent[-1] == pytest.approx(t.gradient[names[0]], rel=1e-12)
    assert verify(claims(t, "test")) > len(names)


def test_a_wrong_local_partial_is_caught(monkeypatch):
    g = build_graph(parse_expression("1/(1+exp(-a*x))"), ("x", "a"))
    t = sigmoid_trace(1.0, 2.0)
    partials = list(t.partials)
    partials[5] = (1.0,)  # plant ∂w_6/∂w_5 = 1 instead of -1/w_5²
    bad = type(t)(g, t.point, t.wrt, t.primal, tuple(partials), t.tangent, t.adjoint)
    with pytest.raises(CheckError, match="∂w_6/∂w_5"):
        verify(claims(bad, "planted"))


def test_a_wrong_gradient_is_caught():
    t = sigmoid_trace(1.0, 2.0)
    adjoint = list(t.adjoint); adjoint[1] *= 2  # ∂y/∂a doubled
    bad = type(t)(t.graph, t.point, t.wrt, t.primal, t.partials, t.tangent, tuple(adjoint))
    with pytest.raises(CheckError, match="∂y/∂a"):
        verify(claims(bad, "planted"))


def test_a_wrong_graph_is_caught_by_the_check_before_writing():
    """The reference of the finite differences is the expression the teacher wrote, not the
    graph's own nodes: a decomposition that computes another function cannot vouch for itself."""
    import dataclasses

    from tdgrad.engines.trace import build_equations
    from tdgrad.parse import symbol

    expr = parse_expression("x1*x2 + sin(x1)")
    wrong = dataclasses.replace(build_graph(parse_expression("x1*x2 + cos(x1)"), ("x1", "x2")), expr=expr)
    t = run(wrong, {"x1": 2.0, "x2": 5.0}, "x1")  # self-consistent: sweeps agree with its nodes
    assert t.gradient["x1"] == pytest.approx(5 - math.sin(2.0))
    with pytest.raises(CheckError, match="∂y/∂x1"):
        verify(claims(t, "planted"))
    verify(claims(run(build_graph(expr, ("x1", "x2")), {"x1": 2.0, "x2": 5.0}, "x1"), "right"))
    # a graph of named equations: the reference is the equations composed, so a node whose
    # definition is swapped after the fact is caught too
    x, y, a = symbol("x"), symbol("y"), symbol("a")
    g = build_equations((("a", x * y), ("f", a + sp.sin(x))), ("x", "y"))
    nodes = list(g.nodes)
    nodes[-1] = dataclasses.replace(nodes[-1], definition=a + sp.cos(x),
                                    partials=(-sp.sin(x), sp.Integer(1)))
    bad = dataclasses.replace(g, nodes=tuple(nodes))
    with pytest.raises(CheckError):
        verify(claims(run(bad, {"x": 2.0, "y": 5.0}, "x"), "planted"))
    verify(claims(run(g, {"x": 2.0, "y": 5.0}, "x"), "right"))
