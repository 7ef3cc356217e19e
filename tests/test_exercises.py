"""Every kind in the registry: has a template, renders in both languages, passes its check over
many seeds, and its claims catch a planted wrong derivative."""

import dataclasses

import pytest

from tdgrad.check import verify
from tdgrad.errors import CheckError
from tdgrad.exercises import EXERCISES
from tdgrad.pipeline import documents, make_variant
from tdgrad.render import template_dir
from tdgrad.spec import ExerciseSpec, Spec


def one_exercise_spec(kind, fields=None, root=None):
    from pathlib import Path
    return Spec(Path(f"{kind}.toml"), "T", "C", "fr", 1,
                (ExerciseSpec(kind, dict(fields or {}), f"{kind}.toml: exercise 1 ({kind})"),))


@pytest.mark.parametrize("kind", list(EXERCISES))
def test_every_kind_has_a_template_and_a_description(kind):
    unit = EXERCISES[kind]
    assert (template_dir() / "exercises" / f"{kind}.tex.j2").is_file()
    assert unit.SUMMARY and set(unit.TITLE) == {"fr", "en"} and unit.__doc__


NO_DERIVATIVES = {"cross_validation", "grid_search"}  # counts, splits, a table: nothing to differentiate
DERIVING = [k for k in EXERCISES if k not in NO_DERIVATIVES]


@pytest.mark.parametrize("kind", list(EXERCISES))
def test_every_kind_is_checked_over_many_seeds_and_renders(kind):
    spec = one_exercise_spec(kind)
    seen = set()
    for seed in range(12):
        variant = make_variant(spec, seed=seed, lang="fr" if seed % 2 else "en")
        ex = variant.exercises[0]
        assert ex.solution.degenerate is None
        assert (len(ex.solution.claims) > 0) == (kind not in NO_DERIVATIVES)
        seen.add(repr(ex.solution.params))
        texts = documents(variant)
        assert texts["enonce"] != texts["corrige"]
        assert "\\VAR" not in texts["corrige"] and "%%" not in texts["corrige"]
    assert len(seen) > 6  # random draws differ between seeds


@pytest.mark.parametrize("kind", DERIVING)
def test_every_kind_catches_a_planted_wrong_derivative(kind):
    ex = make_variant(one_exercise_spec(kind), seed=3).exercises[0]
    claims = list(ex.solution.claims)
    verify(claims)
    for i in range(0, len(claims), max(1, len(claims) // 5)):
        planted = claims[:]
        c = claims[i]
        planted[i] = dataclasses.replace(c, value=c.value * 1.01 + 1e-3)
        with pytest.raises(CheckError, match="disagrees with finite differences"):
            verify(planted)


def test_french_numbers_use_a_decimal_comma():
    variant = make_variant(one_exercise_spec("sigmoid_ad", {"x": 1.5, "a": 0.5}), lang="fr")
    tex = documents(variant)["corrige"]
    assert "x = 1{,}5" in tex
    import re
    assert not re.search(r"= -?\d+\.\d", tex)  # no decimal point in a displayed value
