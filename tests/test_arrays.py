"""The array walker against numpy itself: the same values for the programs students write, clear
refusals for what is not allowed, and limits checked before numpy runs."""

import ast
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdgrad.errors import ExpressionError
from tdgrad.student.arrays import MAX_ELEMENTS, Fails, evaluate, run
from tdgrad.student.matrix import translate


def env(seed=0):
    rng = np.random.default_rng(seed)
    return {"x": rng.normal(size=2), "W2": rng.normal(size=(3, 4)), "os": rng.dirichlet(np.ones(3)),
            "hs": np.abs(rng.normal(size=4)), "ha": rng.normal(size=4), "g": rng.normal(size=3),
            "m": 3, "d_h": 4, "d": 2, "y": 1}


def numpy_itself(text, e):
    ns = {"np": np, "numpy": np, **{k: np.array(v) if isinstance(v, np.ndarray) else v for k, v in e.items()}}
    *body, last = ast.parse(text).body
    exec(compile(ast.Module(body, []), "<t>", "exec"), ns)
    if isinstance(last, ast.Expr):
        return eval(compile(ast.Expression(last.value), "<t>", "eval"), ns)
    exec(compile(ast.Module([last], []), "<t>", "exec"), ns)
    return ns[last.targets[0].id]


PROGRAMS = [
    "W2.T @ g", "W2.T.dot(g)", "W2.sum(axis=0)", "W2.sum(axis=1, keepdims=True)", "W2.mean()", "W2.max(axis=0)",
    "W2.reshape(4, 3)", "W2.reshape(-1)", "W2.transpose()", "W2.flatten()", "W2.ravel()", "W2.copy()",
    "(ha > 0).astype(float)", "(ha > 0).astype(int)", "ha.clip(0, None)", "np.identity(3)", "np.arange(m) == y",
    "numpy.eye(m)[y]", "g[:, None] * hs[None, :]", "g[:, np.newaxis] @ hs[np.newaxis, :]", "W2[1:, ::2]",
    "W2[y]", "W2[:, y]", "W2[-1]", "W2[..., 0]" if False else "W2[0, -1]", "np.concatenate((g, g))",
    "np.vstack([hs, hs])", "np.hstack((g, hs))", "np.zeros((2, 3))", "np.ones(4)", "np.arange(1, 7, 2)",
    "np.einsum('ij,i->j', W2, g)", "np.einsum('ij->ji', W2)", "np.einsum('i,i', g, g)", "np.outer(g, hs)",
    "np.multiply(hs, ha > 0)", "np.maximum(ha, 0)", "np.where(ha > 0, 1.0, 0.0)", "np.dot(g, W2)",
    "[1 if e > 0 else 0 for e in ha]", "[a * b for a, b in zip(ha, hs) if a > 0]", "[i for i in range(d_h)]",
    "sum(g[k] * W2[k] for k in range(m))", "a = g.copy(); a[y] -= 1; a", "a = ha > 0\nb = hs * a\nb",
    "len(hs) * 2.0", "max(1, 2) - abs(-3)", "-g + +g", "~(ha > 0)", "g ** 2", "1 / (1 + np.exp(-ha))",
    "np.sum(W2 * g[:, None], axis=0)", "(W2 * g[:, None]).sum(0)", "W2.shape", "np.zeros(W2.shape)",
    "np.diag(g)", "np.kron(g, hs)", "np.ones_like(hs) * 2", "float(g[0]) + int(y)", "np.log(os).mean()",
    "x if y > 0 else -x", "y > 0 and m > 2", "np.array([[1, 2], [3, 4]], dtype=float)",
]


@pytest.mark.parametrize("text", PROGRAMS)
def test_plain_numpy_means_what_numpy_says(text):
    e = env()
    want = np.asarray(numpy_itself(text, e), dtype=float)
    got, math = run(text, env())
    assert not math and got.shape == want.shape and np.allclose(got, want)


NUMPY_REFUSES = ["W2 @ hs[:2]", "g + hs", "np.concatenate(g, hs)", "W2[5]", "np.outer(g, hs).reshape(5, 5)",
                 "np.einsum('ij,j->i', W2, g)", "x if ha > 0 else 0", "g - [0, 1]"]


@pytest.mark.parametrize("text", NUMPY_REFUSES)
def test_what_numpy_refuses_fails_as_a_wrong_answer(text):
    with pytest.raises(Exception):
        numpy_itself(text, env())
    with pytest.raises(Fails):
        run(text, env())


NOT_ALLOWED = ["__import__('os')", "os.__class__", "np.save('f', x)", "open('f')", "lambda: 1", "{1: 2}",
               "exec('1')", "import os", "g.tofile('f')", "np.load('x')", "x; import sys", "W2.base",
               "np.linalg.inv(W2)", "np.random.rand(3)", "g % 2", "g // 2", "print(g)", "f'{g}'",
               "[*g]", "getattr(g, 'T')", "del g", "for i in g: pass", "while True: pass", "global g",
               "x.__dict__", "_S(os)", "g[0] := 1"]


@pytest.mark.parametrize("text", NOT_ALLOWED)
def test_what_is_not_array_arithmetic_is_refused_clearly(text):
    start = time.process_time()
    with pytest.raises(ExpressionError) as info:
        run(text, env())
    assert time.process_time() - start < 1.0
    assert 5 < len(str(info.value)) < 400


HUGE = ["np.zeros((10**4, 10**4))", "np.outer(np.arange(10**4), np.arange(10**4))", "np.eye(200)",
        "np.ones(10**4)[:, None] * np.ones(10**4)", "[0] * 10**9", "[[i for i in range(9999)] for j in range(9999)]",
        "np.arange(0, 10**9)", "np.ones(9000) @ np.ones(9000) + np.ones((9000, 1)) @ np.ones((1, 9000))",
        "np.diag(np.ones(5000))", "np.kron(np.ones(5000), np.ones(5000))", "x ** 10**9",
        "np.einsum('i,j,k->ijk', np.ones(300), np.ones(300), np.ones(300))", "range(10**100)",
        "a = np.ones(9999)\nb = [a for i in range(9999)]"]


@pytest.mark.parametrize("text", HUGE)
def test_limits_are_checked_before_numpy_runs(text):
    start = time.process_time()
    with pytest.raises(ExpressionError):
        run(text, env())
    assert time.process_time() - start < 2.0


def test_a_long_computation_is_stopped_by_the_step_budget():
    start = time.process_time()
    with pytest.raises(ExpressionError, match="too long"):
        run("[[[i * j * k for i in range(99)] for j in range(99)] for k in range(99)]", env())
    assert time.process_time() - start < 5.0


def test_einsum_subscripts_are_checked_with_a_clear_message():
    with pytest.raises(Fails, match="names 2 arrays, 1 given"):
        run("np.einsum('ij,j->i', W2)", env())
    with pytest.raises(Fails, match="'j' is for a 1-d array, this one is 2-d"):
        run("np.einsum('ij,j->i', W2, W2)", env())
    with pytest.raises(Fails, match="subscripts such as"):
        run("np.einsum('i j k l m,', W2, hs)", env())
    with pytest.raises(ExpressionError, match="not understood"):  # '...' is not offered
        run("np.einsum('...i,i', W2, hs)", env())
    with pytest.raises(Fails, match="must use input indices once"):
        run("np.einsum('ij,j->k', W2, hs)", env())


def test_notation_translates_to_one_program():
    assert translate(r"\frac{\partial L}{\partial h^a} \cdot x^T") == ("_S(grad_ha) % _S(x).T", True)
    assert translate(r"\frac{\partial L}{\partial h^s} \odot \mathbb{1}_{\{h^a>0\}}") == \
        ("_S(grad_hs) // _ind(_S(ha) > 0)", True)
    assert translate("(o^s - e_y) {h^s}^T")[0] == "(_S(os) - _onehot(m, y)) % (_S(hs)).T"
    assert translate(r"o^s - \text{onehot}_m(y)")[0] == "_S(os) - _onehot(m, y)"
    assert translate("W2' (os - e_y)")[0] == "W2.T % (os - _onehot(m, y))"
    assert translate("∂L/∂h^s ⊙ 𝟙(h^a > 0)")[0] == "_S(grad_hs) // _ind(_S(ha) > 0)"
    assert translate("x^2")[0] == "x ** (2)"


def test_the_notation_knows_columns_rows_and_the_statements_class_numbers():
    e = env()
    column, _ = run("o^s", e)
    assert column.shape == (3, 1)
    row, _ = run("W^{(2)}[y, :]", e, first_class=1)  # classes from 1: row y is numpy's y-1
    assert row.shape == (1, 4) and np.allclose(row, e["W2"][0])
    onehot, _ = run("e_y", e, first_class=0)
    assert np.allclose(onehot.ravel(), np.eye(3)[1])
    with pytest.raises(Fails, match="numbers classes 1…3"):
        run("e_y", {**e, "y": 0}, first_class=1)
    with pytest.raises(Fails, match="same shape"):
        run(r"o^s \odot h^s", e)
    with pytest.raises(Fails, match="cannot be multiplied"):
        run(r"o^s \cdot h^s", e)
    outer, _ = run(r"o^s \cdot {h^s}^T", e)
    assert np.allclose(outer, np.outer(e["os"], e["hs"]))
    inner, _ = run(r"{o^s}^T o^s", e)
    assert np.allclose(inner, e["os"] @ e["os"])


def test_the_old_entry_point_still_reads_plain_numbers():
    assert evaluate("[[1, 2], [3, 4]]", {}).tolist() == [[1, 2], [3, 4]]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=r"xyWo2Ths^_{}()[].,:'@*+-/ =<>\·⊙∘𝟙∂ᵀnpeimrfacd01", max_size=40))
def test_fuzz_notation_and_numpy_raise_only_tdgrads_error(text):
    try:
        value, _ = run(text, {**env(), "grad_hs": np.ones(4), "grad_oa": np.ones(3)})
        assert isinstance(value, np.ndarray)
    except ExpressionError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_fuzz_any_text(text):
    try:
        run(text, env())
    except ExpressionError:
        pass
