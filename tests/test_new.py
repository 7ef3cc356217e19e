"""`tdgrad new` writes a unit that works once registered: it draws, checks and renders."""

import importlib.util
import shutil

import numpy as np
import pytest

from tdgrad.check import verify
from tdgrad.errors import UserError
from tdgrad.skeleton import write_skeleton
from tdgrad.spec import Fields


def test_skeleton_is_a_working_exercise(root, tmp_path, monkeypatch):
    (tmp_path / "src" / "tdgrad" / "exercises").mkdir(parents=True)
    shutil.copytree(root / "templates", tmp_path / "templates")
    module_path, template_path = write_skeleton("power_rule", tmp_path)
    spec = importlib.util.spec_from_file_location("power_rule", module_path)
    unit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(unit)
    params = unit.generate(Fields({}, "t"), np.random.default_rng(0))
    solution = unit.solve(params, "t")
    assert verify(solution.claims) == 1
    assert solution.answers["q1.df"].exact == pytest.approx(params["c"] * 3 * params["x0"] ** 2)
    from tdgrad import render
    monkeypatch.setattr(render, "template_dir", lambda: tmp_path / "templates")
    render.environment.cache_clear()
    try:
        tex = render.render("exercises/power_rule.tex.j2", "fr", p=params, c=solution.context,
                            s=solution, solution=True)
    finally:
        render.environment.cache_clear()
    assert "f'(x) = " in tex and "\\begin{solution}" in tex


def test_refuses_existing_kinds_bad_names_and_overwrites(root, tmp_path):
    with pytest.raises(UserError, match="already exists"):
        write_skeleton("mlp", root)
    with pytest.raises(UserError, match="lower-case"):
        write_skeleton("Bad Name", root)
    with pytest.raises(UserError, match="not a tdgrad checkout"):
        write_skeleton("fresh_kind", tmp_path)
