import json
import subprocess
import sys

import pytest


def tdgrad(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tdgrad", *args], capture_output=True, text=True, cwd=cwd)


def test_list_names_every_kind():
    from tdgrad.exercises import EXERCISES
    out = tdgrad("list").stdout
    assert all(kind in out for kind in EXERCISES)


def test_trace_json_on_an_expression_outside_the_catalog():
    r = tdgrad("trace", "x*exp(y) - y^3/x", "--at", "x=2,y=0.5", "--wrt", "y", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    x, y = 2.0, 0.5
    import math  # by hand: ∂/∂x = e^y + y³/x², ∂/∂y = x e^y − 3y²/x
    assert data["value"] == pytest.approx(x * math.exp(y) - y ** 3 / x)
    assert data["gradient"] == pytest.approx({"x": math.exp(y) + y ** 3 / x ** 2, "y": x * math.exp(y) - 3 * y ** 2 / x})
    assert data["tangent"][-1] == pytest.approx(data["gradient"]["y"])
    assert len(data["primal"]) == len(data["tangent"]) == len(data["adjoint"]) == len(data["nodes"])


def test_trace_text_output():
    r = tdgrad("trace", "x1*x2 + sin(x1)", "--at", "x1=2,x2=5")
    assert r.returncode == 0 and "4.583853163" in r.stdout


@pytest.mark.parametrize("args, message", [
    (["trace", "__import__('os').system('id')", "--at", "x=1"], "only calls to known functions"),
    (["trace", "x+y", "--at", "x=1"], "no value for y"),
    (["trace", "x", "--at", "x=one"], "cannot read 'x=one'"),
    (["trace", "x", "--at", "x=1", "--wrt", "z"], "--wrt"),
    (["generate", "missing.toml"], "missing.toml: no such file"),
])
def test_user_mistakes_give_one_line_and_exit_2(args, message):
    r = tdgrad(*args)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_generate_tex_only(root, tmp_path):
    r = tdgrad("generate", str(root / "examples/td1.toml"), "--out", str(tmp_path), "--tex-only", "--seed", "3")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "td1").iterdir()) == ["answers.json", "corrige.tex", "enonce.tex"]
