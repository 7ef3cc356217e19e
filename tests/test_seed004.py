"""Seed 004 (the lecture): each exercise's numbers against an independent computation."""

import itertools

import numpy as np
import pytest

import reference
from tdgrad.exercises import backprop_deltas, cross_validation, network_function, softmax_ce


def test_lecture_network_function_and_slope():
    p = {"hidden_weights": [10, 1, 3], "hidden_biases": [5, 0.25, -0.25], "output_weights": [-2, 3, -2],
         "output_bias": 0.5, "at": 0.5}
    s = network_function.solve(p, "t")
    x = 0.5  # the lecture's formula: ŷ = −2 tanh(10x + 5) + 3 tanh(x + 0.25) − 2 tanh(3x − 0.25) + 0.5
    yhat = -2 * np.tanh(10 * x + 5) + 3 * np.tanh(x + 0.25) - 2 * np.tanh(3 * x - 0.25) + 0.5
    slope = -20 * (1 - np.tanh(10 * x + 5) ** 2) + 3 * (1 - np.tanh(x + 0.25) ** 2) - 6 * (1 - np.tanh(3 * x - 0.25) ** 2)
    assert s.answers["q2.yhat"].exact == pytest.approx(yhat, rel=1e-11)  # 12 significant digits stored
    assert s.answers["q3.dyhat_dx"].exact == pytest.approx(slope, rel=1e-11)  # 12 significant digits stored


@pytest.mark.parametrize("f1, f2", [("sigmoid", "identity"), ("tanh", "sigmoid"), ("relu", "tanh")])
def test_backprop_deltas_match_numpy_backprop(f1, f2):
    p = {"x": 1.5, "y": [-1.0, 0.5], "u": [-0.2, -0.9], "w": [0.2, 0.1], "v": [0.5, -0.4],
         "b": [-0.5, 0.1, -0.1, 0.4], "f1": f1, "f2": f2}
    s = backprop_deltas.solve(p, "t")
    W = [np.array([[p["u"][0]], [p["u"][1]]]), np.array([p["w"], p["v"]])]
    b = [np.array(p["b"][:2]), np.array(p["b"][2:])]
    dW, db = reference.backprop(W, b, [f1, f2], "mse", [p["x"]], p["y"])
    got = s.context["t"].gradient
    assert [got["u_1"], got["u_2"]] == pytest.approx(dW[0].ravel())
    assert [got["b_1"], got["b_2"], got["b_3"], got["b_4"]] == pytest.approx([*db[0], *db[1]])
    np.testing.assert_allclose([[got["w_1"], got["w_2"]], [got["v_1"], got["v_2"]]], dW[1], rtol=1e-10, atol=1e-14)
    assert s.answers["num.delta_3"].exact == pytest.approx(db[1][0])


def test_generic_deltas_are_the_lectures():
    s = backprop_deltas.solve({"x": 1.5, "y": [-1.0, 0.5], "u": [-0.2, -0.9], "w": [0.2, 0.1], "v": [0.5, -0.4],
                               "b": [-0.5, 0.1, -0.1, 0.4], "f1": "sigmoid", "f2": "identity"}, "t")
    assert s.answers["generic.delta_3"].expression == "f_2'(z_3)*(a_3 - y_1)"
    assert str(s.context["hidden"][1]) == "(delta_3*w_1 + delta_4*v_1)*Derivative(f_1(z_1), z_1)"


def test_softmax_ce_averages_numpy_gradients_over_the_data():
    p = {"layers": [2, 2, 3], "data": [{"x": [2.0, 1.0], "y": 0}, {"x": [-2.0, 2.0], "y": 1}],
         "weights": [[[-0.3, -0.3], [-1.0, 1.0]], [[-0.2, 0.8], [0.6, 0.9], [0.8, -1.0]]],
         "biases": [[-0.3, -0.2], [-0.2, -0.4, 0.4]]}
    s = softmax_ce.solve(p, "t")
    W = [np.array(w) for w in p["weights"]]
    b = [np.array(v) for v in p["biases"]]
    grads = [reference.backprop(W, b, ["sigmoid", "softmax"], "cross_entropy", e["x"], np.eye(3)[e["y"]])
             for e in p["data"]]
    np.testing.assert_allclose(s.answers["dE/dW2"].exact, np.mean([g[0][1] for g in grads], axis=0), rtol=1e-10)
    assert s.answers["dE/db1"].exact == pytest.approx(np.mean([g[1][0] for g in grads], axis=0).tolist())
    losses = [reference.loss(W, b, ["sigmoid", "softmax"], "cross_entropy", e["x"], np.eye(3)[e["y"]]) for e in p["data"]]
    assert s.answers["E"].exact == pytest.approx(np.mean(losses))


def test_cross_validation_counts_and_folds():
    labels = list("AAAAAAABBBBB")
    s = cross_validation.solve({"labels": labels, "k": 3, "p": 2}, "t")
    assert s.answers["q1.leave_p_out"].value == len(list(itertools.combinations(range(12), 2))) == 66
    assert s.context["plain"] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]  # KFold, no shuffle
    assert s.answers["q2.folds"].value == "{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}"
    assert s.answers["q2.proportions"].value[0] == [1.0, 0.0]  # classes A, B
    strat = s.context["strat"]
    assert sorted(sum(strat, [])) == list(range(12))
    for c in "AB":  # each fold's count of a class differs by at most one
        counts = [sum(labels[i] == c for i in f) for f in strat]
        assert max(counts) - min(counts) <= 1
    assert cross_validation.kfold(10, 3) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
