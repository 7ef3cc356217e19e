import json

import numpy as np
import pytest

from tdgrad import answers, pipeline, spec
from tdgrad.errors import SpecError


def test_td1_answers_are_the_computed_ones(root, tmp_path):
    target = pipeline.generate(spec.load(root / "examples/td1.toml"), tmp_path, tex_only=True)
    data = json.loads((target / "answers.json").read_text())
    assert {e["kind"] for e in data["exercises"]} == {"sigmoid_ad", "trace", "mlp"}
    exact = {k: a.exact for k, a in answers.table(data).items()}
    mlp = {"answers": {k.split(":", 1)[1]: v for k, v in exact.items() if k.startswith("3:")},
           "params": data["exercises"][2]["params"]}
    h1, h2 = 1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(-1.1))  # by hand, seed's network
    h3 = np.tanh(0.3 * h1 + 0.9 * h2 + 0.1)
    assert mlp["answers"]["q1.h_3"] == pytest.approx(h3)
    assert mlp["answers"]["q1.loss"] == pytest.approx(0.5 * (h3 - 0.5) ** 2)
    assert mlp["answers"]["q3.w_31"] == pytest.approx(0.3 - (h3 - 0.5) * (1 - h3 ** 2) * h1)
    assert mlp["params"]["weights"] == [[[0.1, 0.8], [0.4, 0.6]], [[0.3, 0.9]]]
    y = 1 / (1 + np.exp(-2.0))
    sig = {k.split(":", 1)[1]: v for k, v in exact.items() if k.startswith("1:")}
    assert sig["q2.dx"] == pytest.approx(2.0 * y * (1 - y)) and sig["q3.dx"] == pytest.approx(2.0 * y * (1 - y))
    assert sig["q4.da"] == pytest.approx(1.0 * y * (1 - y))
    tr = {k.split(":", 1)[1]: v for k, v in exact.items() if k.startswith("2:")}
    assert (tr["q3.dx1"], tr["q3.dx2"], tr["q2.dx1"]) == pytest.approx((5 + np.cos(2), 2, 5 + np.cos(2)))
    assert mlp["answers"]["q4.loss"] < mlp["answers"]["q1.loss"]
    corrige = (target / "corrige.tex").read_text()
    for value in ("0{,}7593", "0{,}0336", "0{,}2197", "0{,}0095"):  # ŷ, L, new w31, new L
        assert value in corrige


def test_same_seed_same_bytes_other_seed_other_values(root, tmp_path):
    s = spec.load(root / "examples/td1-random.toml")
    a = pipeline.generate(s, tmp_path / "a", seed=5, tex_only=True)
    b = pipeline.generate(s, tmp_path / "b", seed=5, tex_only=True)
    c = pipeline.generate(s, tmp_path / "c", seed=6, tex_only=True)
    for name in ("enonce.tex", "corrige.tex", "answers.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert (a / "answers.json").read_bytes() != (c / "answers.json").read_bytes()
    assert json.loads((a / "answers.json").read_text())["seed"] == 5


def test_english_rendering(root, tmp_path):
    target = pipeline.generate(spec.load(root / "examples/td1.toml"), tmp_path, lang="en", tex_only=True)
    tex = (target / "corrige.tex").read_text()
    assert "Exercise" in tex and "0.7593" in tex and "{,}" not in tex


@pytest.mark.parametrize("toml, message", [
    ('title = "x"\n[[exercise]]\nkind = "nope"\n', "unknown kind 'nope'"),
    ('title = "x"\n[[exercise]]\nkind = "mlp"\nlayers = [2, 2, 1]\nx = [1, 2, 3]\n', "field 'x': expected a list of 2 numbers"),
    ('title = "x"\n[[exercise]]\nkind = "mlp"\nweights = [[[1, 2]], [[1]]]\n', "field 'weights[0]'"),
    ('title = "x"\n[[exercise]]\nkind = "mlp"\nlearning_rat = 1\n', "unknown field 'learning_rat'"),
    ('title = "x"\n[[exercise]]\nkind = "trace"\nexpression = "x.__class__"\n', "field 'expression'"),
    ('title = "x"\n[[exercise]]\nkind = "trace"\nexpression = "x*y"\nat = { x = 1 }\n', "field 'at'"),
    ('title = "x"\n[[exercise]]\nkind = "mlp"\nactivations = ["relu", "swish"]\n', "field 'activations[1]': expected one of identity"),
    ('title = "x"\n', "at least one [[exercise]]"),
    ('title = \n', "not valid TOML"),
    ('title = "x"\nlanguage = "de"\n[[exercise]]\nkind = "trace"\n', "field 'language'"),
])
def test_spec_errors_name_the_file_and_field(tmp_path, toml, message):
    path = tmp_path / "bad.toml"
    path.write_text(toml)
    with pytest.raises(SpecError) as info:
        pipeline.generate(spec.load(path), tmp_path / "out", tex_only=True)
    assert message in str(info.value) and "bad.toml" in str(info.value)
    assert not (tmp_path / "out" / "bad" / "answers.json").exists()


def test_same_bytes_across_processes_with_other_hash_seeds(root, tmp_path):
    """Sets of SymPy symbols iterate in an order that changes with Python's hash seed: nothing
    written may depend on it (every kind, in two processes)."""
    import os
    import subprocess
    import sys

    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        subprocess.run([sys.executable, "-m", "tdgrad", "generate", str(root / "bench/all-kinds.toml"),
                        "--out", str(out), "--tex-only"], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed})
        outputs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*"))
                        if p.is_file() and not p.name.endswith(".lock")})
    assert outputs[0].keys() == outputs[1].keys() and len(outputs[0]) >= 3
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []
