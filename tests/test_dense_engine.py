import numpy as np
import pytest

import reference
from tdgrad.check import verify
from tdgrad.engines import dense
from tdgrad.exercises.mlp import flatten

SEED_NET = dict(weights=[[[0.1, 0.8], [0.4, 0.6]], [[0.3, 0.9]]], biases=[[0.1, 0.1], [0.1]],
                activations=["sigmoid", "tanh"])


def run(sizes, activations, loss, weights, biases, x, y):
    net = dense.network(tuple(sizes), tuple(activations), loss)
    theta = flatten(net, weights, biases)
    return net, theta, dense.evaluate(net, x, theta, y)


def ref_theta(dW, db):
    return np.concatenate([np.column_stack([W, b]).ravel() for W, b in zip(dW, db)])


def test_seed_network_forward_pass_matches_numpy():
    net, theta, r = run([2, 2, 1], SEED_NET["activations"], "mse", SEED_NET["weights"],
                        SEED_NET["biases"], [1, 1], [0.5])
    zs, hs = reference.forward(SEED_NET["weights"], SEED_NET["biases"], SEED_NET["activations"], [1, 1])
    assert r.a == pytest.approx([*zs[0], *zs[1]], rel=1e-12)
    assert r.h == pytest.approx([*hs[1], *hs[2]], rel=1e-12)
    assert r.loss == pytest.approx(0.5 * (hs[2][0] - 0.5) ** 2, rel=1e-12)


def test_seed_network_gradients_match_hand_backprop_and_finite_differences():
    net, theta, r = run([2, 2, 1], SEED_NET["activations"], "mse", SEED_NET["weights"],
                        SEED_NET["biases"], [1, 1], [0.5])
    dW, db = reference.backprop(SEED_NET["weights"], SEED_NET["biases"], SEED_NET["activations"], "mse", [1, 1], [0.5])
    assert r.gradient == pytest.approx(ref_theta(dW, db), rel=1e-10)
    assert r.symbolic_gradient == pytest.approx(r.gradient, rel=1e-12)


def test_seed_000_disagreements_are_the_seeds_mistakes():
    """Seed 000 writes w31 ← 0.829 after the update and 'dernier loss : 0,011'.

    By hand: ∂L/∂w31 = (h3 − y)(1 − h3²) h1 with h1 = σ(1), h3 = tanh(0.3 h1 + 0.9 h2 + 0.1),
    so w31 ← 0.3 − 0.0803 = 0.2197 (the seed's 0.829 is not even on the right side of 0.3: the
    gradient is positive, the weight must go down). The loss after the update, recomputed with
    numpy from the updated weights, is 0.0095, not 0.011 (the seed rounded every intermediate).
    The student's other values agree: ŷ = 0.76, L = 0.0338 (from ŷ rounded), ∂L/∂w11 = 0.0065.
    """
    net, theta, r = run([2, 2, 1], SEED_NET["activations"], "mse", SEED_NET["weights"],
                        SEED_NET["biases"], [1, 1], [0.5])
    h1, h2 = 1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(-1.1))
    h3 = np.tanh(0.3 * h1 + 0.9 * h2 + 0.1)
    g31 = (h3 - 0.5) * (1 - h3 ** 2) * h1
    assert r.gradient[6] == pytest.approx(g31, rel=1e-12)
    assert 0.3 - g31 == pytest.approx(0.2197, abs=1e-4) and abs(0.3 - g31 - 0.829) > 0.5
    assert round(h3, 2) == 0.76 and round(0.5 * (0.76 - 0.5) ** 2, 4) == 0.0338
    assert round(r.gradient[0], 4) == 0.0065
    new = np.array(theta) - 1.0 * np.array(r.gradient)
    W1 = new[[0, 1, 3, 4]].reshape(2, 2); b1 = new[[2, 5]]; W2 = new[[6, 7]].reshape(1, 2); b2 = new[[8]]
    new_loss = reference.loss([W1, W2], [b1, b2], SEED_NET["activations"], "mse", [1, 1], [0.5])
    assert new_loss == pytest.approx(0.0095, abs=5e-5) and abs(new_loss - 0.011) > 1e-3


ARCHITECTURES = [
    ([2, 2, 1], ["sigmoid", "tanh"], "mse"),
    ([3, 2, 2], ["tanh", "identity"], "mse"),
    ([2, 3, 3], ["relu", "softmax"], "cross_entropy"),
    ([2, 3, 2], ["sigmoid", "softmax"], "mse"),
    ([2, 2, 2, 1], ["tanh", "relu", "sigmoid"], "mse"),
    ([3, 1], ["sigmoid"], "cross_entropy"),
]


@pytest.mark.parametrize("sizes, acts, loss", ARCHITECTURES)
def test_any_architecture_matches_numpy_backprop(sizes, acts, loss):
    rng = np.random.default_rng(7)
    for _ in range(5):
        W = [rng.normal(size=(n, p)) for p, n in zip(sizes, sizes[1:])]
        b = [rng.normal(size=n) for n in sizes[1:]]
        x = rng.normal(size=sizes[0])
        if acts[-1] == "softmax" and loss == "cross_entropy":
            y = np.eye(sizes[-1])[rng.integers(sizes[-1])]
        elif loss == "cross_entropy":
            y = rng.integers(0, 2, sizes[-1]).astype(float)
        else:
            y = rng.normal(size=sizes[-1])
        net, theta, r = run(sizes, acts, loss, [w.tolist() for w in W], [v.tolist() for v in b], x, y)
        dW, db = reference.backprop(W, b, acts, loss, x, y)
        assert r.gradient == pytest.approx(ref_theta(dW, db), rel=1e-8, abs=1e-12)
        assert r.loss == pytest.approx(reference.loss(W, b, acts, loss, x, y), rel=1e-10)
        assert verify(dense.claims(net, x, theta, y, r, "test")) >= 2 * len(theta)


def test_derivatives_are_written_the_course_way():
    net = dense.network((2, 2, 1), ("sigmoid", "tanh"), "mse")
    import sympy as sp
    h1, h3, y = (sp.Symbol(n, real=True) for n in ("h_1", "h_3", "y"))
    assert net.derivative[1] == h1 * (1 - h1)
    assert net.derivative[3] == 1 - h3 ** 2
    assert net.dL_dh[3] == h3 - y


def test_softmax_cross_entropy_delta_is_output_minus_target():
    import sympy as sp
    net = dense.network((2, 2, 3), ("relu", "softmax"), "cross_entropy")
    for n, yk in zip(net.output, net.y):
        assert sp.simplify(net.delta[n.k] - (n.h - yk)) == 0


def test_planted_wrong_activation_derivative_is_caught(monkeypatch):
    from tdgrad.errors import CheckError
    real = dense._activation_derivative
    monkeypatch.setattr(dense, "_activation_derivative",
                        lambda name, a, h: h if name == "sigmoid" else real(name, a, h))  # σ′ = σ (wrong)
    dense.network.cache_clear()
    try:
        net, theta, r = run([2, 2, 1], SEED_NET["activations"], "mse", SEED_NET["weights"],
                            SEED_NET["biases"], [1, 1], [0.5])
        with pytest.raises(CheckError, match="chain rule"):
            verify(dense.claims(net, [1, 1], theta, [0.5], r, "planted"))
    finally:
        dense.network.cache_clear()


@pytest.mark.parametrize("sizes, acts, loss, message", [
    ([2], ["tanh"], "mse", "at least two"),
    ([2, 2, 1], ["tanh"], "mse", "need 2 activations"),
    ([2, 2, 1], ["tanh", "swish"], "mse", "unknown activation"),
    ([2, 2, 1], ["softmax", "tanh"], "mse", "only available on the output"),
    ([2, 2, 1], ["tanh", "tanh"], "hinge", "unknown loss"),
    ([2, 2, 1], ["tanh", "tanh"], "cross_entropy", "needs a softmax or sigmoid"),
])
def test_unusable_architectures_are_refused(sizes, acts, loss, message):
    with pytest.raises(ValueError, match=message):
        dense.check_architecture(sizes, acts, loss)


@pytest.mark.parametrize("sizes, acts, loss", [
    ((16, 16, 16, 16, 16, 4), ("tanh", "relu", "sigmoid", "tanh", "softmax"), "cross_entropy"),
    ((12, 11, 3), ("sigmoid", "sigmoid"), "cross_entropy"),
    ((6, 5, 4, 3), ("tanh", "identity", "tanh"), "mse"),
])
def test_wide_and_deep_networks_match_numpy_backprop(sizes, acts, loss):
    """Per-layer derivation at the documented limits (width 16, 5 layers): two-digit indices
    (w_1,11 is not w_11,1), and every number against the numpy reference."""
    rng = np.random.default_rng(7)
    weights = [rng.normal(scale=0.4, size=(n, p)) for p, n in zip(sizes, sizes[1:])]
    biases = [rng.normal(scale=0.2, size=n) for n in sizes[1:]]
    x = rng.normal(size=sizes[0])
    y = np.eye(sizes[-1])[1] if acts[-1] == "softmax" else rng.uniform(0.2, 0.8, sizes[-1])
    net, theta, r = run(sizes, acts, loss, [w.tolist() for w in weights], [b.tolist() for b in biases],
                        x.tolist(), y.tolist())
    assert len(set(map(str, net.parameters))) == len(net.parameters)
    zs, hs = reference.forward(weights, biases, acts, x)
    assert r.a == pytest.approx(np.concatenate(zs), rel=1e-10, abs=1e-12)
    assert r.h == pytest.approx(np.concatenate(hs[1:]), rel=1e-10, abs=1e-12)
    assert r.loss == pytest.approx(reference.loss(weights, biases, acts, loss, x, y), rel=1e-10)
    dW, db = reference.backprop(weights, biases, acts, loss, x, y)
    assert r.gradient == pytest.approx(ref_theta(dW, db), rel=1e-8, abs=1e-12)
    assert r.symbolic_gradient == pytest.approx(ref_theta(dW, db), rel=1e-8, abs=1e-12)
    verify(dense.claims(net, x.tolist(), theta, y.tolist(), r, "wide"))
