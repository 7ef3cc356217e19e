"""The numpy one-liners printed in the classification correction, executed on random data and
compared with SymPy's own derivative of the composed loss (not the engine's chain rule)."""

import numpy as np
import pytest

from tdgrad.exercises import classification
from tdgrad.pipeline import documents, make_variant
from tdgrad.spec import ExerciseSpec, Spec


@pytest.mark.parametrize("seed", range(6))
def test_printed_numpy_lines_give_sympys_gradients(seed):
    rng = np.random.default_rng(seed)
    d, d_h, m = rng.integers(2, 4, 3)
    params = {"d": int(d), "d_h": int(d_h), "m": int(m), "x": rng.normal(size=d).tolist(),
              "y": int(rng.integers(m)), "weights": [rng.normal(size=(d_h, d)).tolist(), rng.normal(size=(m, d_h)).tolist()],
              "biases": [rng.normal(size=d_h).tolist(), rng.normal(size=m).tolist()]}
    v, net, theta, onehot, r = classification.arrays(params)
    ns = {"np": np, "m": int(m), "y": params["y"], **{k: v[k] for k in ("x", "W1", "b1", "W2", "b2", "ha", "hs", "oa", "os")}}
    for line in classification.NUMPY.values():
        exec(line, ns)  # the exact text printed in the correction
    sym = np.array(r.symbolic_gradient)  # ∂L/∂θ of the composed loss, by SymPy
    first = sym[:d_h * (d + 1)].reshape(d_h, d + 1)
    second = sym[d_h * (d + 1):].reshape(m, d_h + 1)
    assert ns["grad_W1"] == pytest.approx(first[:, :d]) and ns["grad_b1"] == pytest.approx(first[:, d])
    assert ns["grad_W2"] == pytest.approx(second[:, :d_h]) and ns["grad_b2"] == pytest.approx(second[:, d_h])


def test_every_numpy_line_is_in_the_correction():
    spec = Spec(__import__("pathlib").Path("c.toml"), "T", "C", "en", 1,
                (ExerciseSpec("classification", {}, "c.toml: exercise 1"),))
    tex = documents(make_variant(spec))["corrige"]
    for line in classification.NUMPY.values():
        assert line.replace("_", r"\_").replace("@", "@") in tex


def test_seed_001_off_by_one_is_a_different_answer():
    """Seed 001 writes np.eye(m)[y-1] for classes 1..m; with classes 0..m−1 that is another class."""
    os_, m, y = np.array([0.2, 0.5, 0.3]), 3, 1
    assert not np.allclose(os_ - np.eye(m)[y - 1], os_ - np.eye(m)[y])
