"""Seed 003: the mini convolutional network and batch-size SGD, checked against plain numpy."""

import numpy as np
import pytest

from tdgrad.exercises import batch_sgd, convolution


def test_convolution_gradients_match_hand_formulas():
    x, y, (w1, w2), (v1, v2) = [1.0, 2.0, -1.0], 1.5, (0.5, 0.3), (0.4, -0.6)
    s = convolution.solve({"x": x, "y": y, "w": [w1, w2], "v": [v1, v2], "learning_rate": 0.1}, "t")
    a1, a2 = x[0] * w1 + x[1] * w2, x[1] * w1 + x[2] * w2
    o1, o2 = max(a1, 0), max(a2, 0)
    e = y - (o1 * v1 + o2 * v2)
    H1, H2 = float(a1 > 0), float(a2 > 0)
    expected = {"v_1": -e * o1, "v_2": -e * o2,
                "w_1": -e * (v1 * H1 * x[0] + v2 * H2 * x[1]),  # both paths of the shared weight
                "w_2": -e * (v1 * H1 * x[1] + v2 * H2 * x[2])}
    assert s.context["grads"] == pytest.approx(expected)
    assert s.answers["q5.new_w_1"].exact == pytest.approx(w1 - 0.1 * expected["w_1"])


def test_convolution_formulas_use_e_and_H():
    s = convolution.solve({"x": [1, 2, -1], "y": 1.5, "w": [0.5, 0.3], "v": [0.4, -0.6], "learning_rate": 0.1}, "t")
    assert s.answers["q2.dl/dw_1"].expression == "-e*(v_1*x_1*Heaviside(a_1, 0) + v_2*x_2*Heaviside(a_2, 0))"
    assert s.answers["q1.dl/dv_1"].expression == "-e*o_1"


def sgd_epoch(xs, ys, w, alpha, nb):
    for b in range(len(xs) // nb):
        xb, yb = np.array(xs[b * nb:(b + 1) * nb]), np.array(ys[b * nb:(b + 1) * nb])
        w -= alpha * np.mean(-xb * (yb - w * xb))
    return w


def test_batch_sizes_against_numpy_and_the_seed_table():
    """The seed's table says 2.047 / 1.809 / 1.654 for n_b = 1, 2, 4.

    Recomputed with numpy from the seed's own algorithm (w0 = 0.5, α = 0.1, mean gradient per
    batch): 2.0486 / 2.2813 / 1.625. The update counts (4, 2, 1) agree; the weights for n_b = 2
    and 4 do not: the seed's values are wrong. The seed also writes ∇ℓ = x(y − ŷ), which is
    −∂ℓ/∂w; with it, w ← w − αG would move away from 2.
    """
    data = [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0], [4.0, 8.0]]
    s = batch_sgd.solve({"data": data, "w0": 0.5, "learning_rate": 0.1, "batch_sizes": [1, 2, 4]}, "t")
    xs, ys = [d[0] for d in data], [d[1] for d in data]
    for k, nb in enumerate([1, 2, 4], 2):
        assert s.answers[f"q{k}.w_final"].exact == pytest.approx(sgd_epoch(xs, ys, 0.5, 0.1, nb))
    assert [s.answers[f"q{k}.updates"].value for k in (2, 3, 4)] == [4, 2, 1]
    assert s.answers["q2.w_final"].value == pytest.approx(2.0486)
    assert abs(s.answers["q3.w_final"].exact - 1.809) > 0.4 and abs(s.answers["q4.w_final"].exact - 1.654) > 0.02
