"""What the sheets say, beyond layout: the reasoning with the numbers put in, English titles, the
draws that show a ReLU switched off or that would let swapped answers pass, the lesson of the
batch-size exercise, and a learning rate that cannot be used."""

import math
from pathlib import Path

import numpy as np
import pytest

from reference import forward
from tdgrad import pipeline, spec
from tdgrad.errors import SpecError
from tdgrad.pipeline import documents, make_variant
from tdgrad.spec import ExerciseSpec, Spec

ROOT = Path(__file__).resolve().parents[1]


def one(kind, fields=None, lang="fr", seed=1):
    s = Spec(Path(f"{kind}.toml"), "TD n°2", "Cours", lang, seed,
             (ExerciseSpec(kind, dict(fields or {}), f"{kind}.toml: exercise 1 ({kind})"),),
             "Tutorial 2", "Course")
    return make_variant(s, seed=seed, lang=lang)


def fr(x, digits=4):
    # the sheet's policy: 4 decimals, at least 3 significant digits for small values
    if x and abs(x) < 0.01:
        digits = 2 - math.floor(math.log10(abs(x)))
    return f"{round(x, digits):.{digits}f}".rstrip("0").rstrip(".").replace(".", "{,}")


def test_td1_hidden_delta_is_written_as_the_seed_writes_it():
    # seed 000: δ1 = δ3 × w31 × h1 × (1 − h1), numbers from an independent numpy forward pass
    W = [np.array([[0.1, 0.8], [0.4, 0.6]]), np.array([[0.3, 0.9]])]
    b = [np.array([0.1, 0.1]), np.array([0.1])]
    _, hs = forward(W, b, ["sigmoid", "tanh"], [1.0, 1.0])
    h1, h3 = hs[1][0], hs[2][0]
    d3 = (h3 - 0.5) * (1 - h3 ** 2)
    tex = documents(pipeline.make_variant(spec.load(ROOT / "examples/td1.toml")))["corrige"]
    printed = " \\times ".join(fr(v) for v in (d3, 0.3, h1, 1 - h1))
    assert f"{printed} = {fr(d3 * 0.3 * h1 * (1 - h1))}" in tex
    # the second forward pass is written out, not only its result
    assert tex.count(r"a_{3} &= b_{3} + h_{1} w_{31} + h_{2} w_{32}") == 2


def test_english_sheets_have_english_titles_and_headers():
    tex = documents(one("sigmoid_ad", lang="en"))["corrige"]
    assert "Tutorial 2" in tex and r"\lhead{\small Course}" in tex and "TD n" not in tex
    french = documents(one("sigmoid_ad", lang="fr"))["corrige"]
    assert r"TD n\textsuperscript{o}~2" in french and "°" not in french


@pytest.mark.parametrize("kind", ["mlp", "convolution", "batch_sgd"])
@pytest.mark.parametrize("alpha", [0, -1.0])
def test_a_learning_rate_that_is_not_positive_is_refused(kind, alpha, tmp_path):
    path = tmp_path / "td.toml"
    path.write_text(f'[[exercise]]\nkind = "{kind}"\nlearning_rate = {alpha}\n')
    with pytest.raises(SpecError, match="learning_rate.*> 0"):
        spec.load(path)


def exact(exercise) -> dict:
    """Question id → the key's full-precision value (for an expression: its value at the variant)."""
    return {a.id: a.graded_value() for a in exercise.solution.answers.values()}


def test_classification_always_has_a_hidden_unit_switched_off():
    for seed in range(8):
        ex = one("classification", {"d_h": 3}, seed=seed).exercises[0]
        num = exact(ex)
        ha = np.array(num["num.ha"])
        assert (ha < 0).any() and (ha > 0).any()
        assert not np.allclose(num["num.grad_hs"], num["num.grad_ha"])
        assert "éteinte" in documents(one("classification", {"d_h": 3}, seed=seed))["corrige"]


def test_some_convolution_variants_show_a_relu_switched_off():
    off = 0
    for seed in range(30):
        v = one("convolution", seed=seed)
        a = [exact(v.exercises[0])[f"q5.a_{i}"] for i in (1, 2)]
        if min(a) < 0:
            off += 1
            assert "ReLU est éteinte" in documents(v)["corrige"]
    assert 0 < off < 30


@pytest.mark.parametrize("kind, names", [("backprop_deltas", ("w_1", "w_2", "v_1", "v_2", "u_1", "u_2")),
                                         ("convolution", ("w_1", "w_2", "v_1", "v_2"))])
def test_symmetric_quantities_never_coincide(kind, names):
    for seed in range(20):
        ans = exact(one(kind, seed=seed).exercises[0])
        if kind == "convolution":
            values = [ans[f"q{1 if n[0] == 'v' else 2}.dl/d{n}"] for n in names]
        else:
            values = [ans[f"num.dL/d{n}"] for n in names]
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                assert abs(values[i] - values[j]) > 1e-4 or abs(values[i]) < 1e-4


def test_batch_size_lesson_is_read_off_the_computed_numbers():
    data = [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0], [4.0, 8.0]]
    v = one("batch_sgd", {"data": data, "w0": 0.5, "learning_rate": 0.1})
    tex = documents(v)["corrige"]
    assert "$y = 2x$" in tex
    finals = {}
    for nb in (1, 2, 4):  # one epoch by hand, independently
        w = 0.5
        for start in range(0, 4, nb):
            batch = data[start:start + nb]
            w -= 0.1 * sum(-x * (y - w * x) for x, y in batch) / nb
        finals[nb] = w
    nearest = min(finals, key=lambda nb: abs(finals[nb] - 2))
    assert f"$n_b = {nearest}$ finit le plus près" in tex
