"""Deep and wide `mlp` exercises with every value drawn (issue 11): a usable draw is found, and
what makes it usable is checked here with plain numpy (tests/reference.py), not tdgrad's rules."""

import subprocess
import sys

import numpy as np
import pytest

import reference
from tdgrad.exercises import mlp
from tdgrad.spec import Fields

# the examples and the extremes of the documented limits (5 layers of width ≤ 16)
NETWORKS = [
    ([10, 10, 10, 10, 1], ["relu"] * 4),
    ([10, 10, 10, 10, 1], ["relu"] * 3 + ["sigmoid"]),
    ([16] * 6, ["sigmoid"] * 4 + ["softmax"]),
    ([16] * 6, ["tanh"] * 5),
    ([16] * 6, ["relu"] * 4 + ["softmax"]),
    ([16] * 5 + [1], ["sigmoid"] * 5),
    ([16] * 6, ["identity"] * 5),
]


def drawn(layers, activations, seed):
    return mlp.generate(Fields({"layers": layers, "activations": activations}, "test"),
                        np.random.default_rng([seed, 1]))


@pytest.mark.parametrize("layers, activations", NETWORKS, ids=lambda v: str(v))
def test_every_drawn_deep_network_is_a_usable_exercise(layers, activations):
    for seed in range(3):
        p = drawn(layers, activations, seed)
        W, b, acts = p["weights"], p["biases"], p["activations"]
        assert len(set(p["x"])) == layers[0], "two equal inputs make two gradients equal"
        zs, hs = reference.forward(W, b, acts, p["x"])
        for z, act in zip(zs, acts):
            if act == "relu":
                assert np.all(np.abs(z) >= 0.05), "a relu unit at its kink"
                assert np.any(z > 0), "a whole relu layer switched off"
            if act in ("sigmoid", "tanh"):
                assert np.all(np.abs(z) <= 3), f"{act} saturated"
        dW, db = reference.backprop(W, b, acts, p["loss"], p["x"], p["y"])
        for layer, (gW, gb) in enumerate(zip(dW, db)):
            # a zero gradient is only allowed where a switched-off relu explains it
            live = np.ones(len(gb), bool) if acts[layer] != "relu" else zs[layer] > 0
            source_live = (np.ones(gW.shape[1], bool) if layer == 0 or acts[layer - 1] != "relu"
                           else zs[layer - 1] > 0)
            explained = ~live[:, None] | ~source_live[None, :]
            assert np.all((np.abs(gW) > 0) | explained)
            assert np.all((np.abs(gb) > 0) | ~live)
        new = [np.asarray(w) - p["learning_rate"] * g for w, g in zip(W, dW)]
        assert np.isfinite(reference.loss(new, b, acts, p["loss"], p["x"], p["y"]))


def test_drawn_deep_network_is_deterministic():
    layers, acts = NETWORKS[0]
    assert drawn(layers, acts, 7) == drawn(layers, acts, 7)
    assert drawn(layers, acts, 7) != drawn(layers, acts, 8)


def test_a_deep_network_with_every_value_drawn_generates_end_to_end(tmp_path):
    spec = tmp_path / "deep.toml"
    spec.write_text('title = "deep"\n[[exercise]]\nkind = "mlp"\nlayers = [16, 16, 16, 16, 16, 16]\n'
                    'activations = ["sigmoid", "sigmoid", "sigmoid", "sigmoid", "softmax"]\n')
    r = subprocess.run([sys.executable, "-m", "tdgrad", "generate", str(spec), "--out",
                        str(tmp_path / "out"), "--tex-only"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "deep" / "corrige.tex").stat().st_size > 0


def _matrix_after(tex: str, head: str) -> np.ndarray:
    """The pmatrix printed right after ``head`` in the correction, as numbers."""
    body = tex[tex.index(head):].split(r"\begin{pmatrix}", 1)[1].split(r"\end{pmatrix}", 1)[0]
    return np.array([[float(v.strip().replace("{,}", ".")) for v in row.split("&")]
                     for row in body.split(r"\\")])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_wide_network_is_written_with_matrices_that_match_numpy(tmp_path, lang):
    from tdgrad import pipeline, spec

    path = tmp_path / "wide.toml"
    path.write_text('title = "wide"\n[[exercise]]\nkind = "mlp"\nlayers = [6, 5, 2]\n'
                    'activations = ["tanh", "sigmoid"]\n')
    target = pipeline.generate(spec.load(path), tmp_path / "out", lang=lang)  # typeset too
    p = __import__("json").loads((target / "answers.json").read_text())["exercises"][0]["params"]
    tex = (target / "corrige.tex").read_text()
    dW, db = reference.backprop(p["weights"], p["biases"], p["activations"], p["loss"], p["x"], p["y"])
    for layer in (1, 2):
        shown = _matrix_after(tex, r"\frac{\partial L}{\partial W^{(%d)}}" % layer)
        assert shown == pytest.approx(dW[layer - 1], rel=5e-3, abs=6e-5)
        assert _matrix_after(tex, r"W^{(%d)} = " % layer) == pytest.approx(np.array(p["weights"][layer - 1]))
    assert (target / "corrige.pdf").read_bytes().startswith(b"%PDF")
