"""The answer key of every kind: each answer is graded correct against itself and against the number
its correction prints; values carry no float noise; the serialized form reads back unchanged."""

import json
import math
import re

import numpy as np
import pytest

from tdgrad import answers, batch
from tdgrad.display import show
from tdgrad.exercises import EXERCISES
from tdgrad.pipeline import documents, make_variant
from tdgrad.student.grade import grade_one
from tdgrad.student.read import read
from test_exercises import one_exercise_spec


def variants(kind):
    for seed, lang in ((1, "fr"), (2, "en"), (5, "fr")):
        yield make_variant(one_exercise_spec(kind), seed=seed, lang=lang)


def own_texts(a: answers.Answer, lang: str) -> list[str]:
    """How a student would copy the key's answer: as printed (French comma), and as the expression."""
    if a.type in ("number", "integer"):
        return [show(a.value, lang, math_mode=False)]
    if a.type in ("vector", "matrix"):
        return [json.dumps(a.value)]
    if a.type == "expression":
        return [a.expression] + ([show(a.value, lang, math_mode=False)] if a.value is not None else [])
    return [a.expression if a.type == "numpy" else a.value]


@pytest.mark.parametrize("kind", list(EXERCISES))
def test_every_answer_is_graded_correct_against_itself(kind):
    for v in variants(kind):
        for a in v.exercises[0].answers:
            for text in own_texts(a, v.lang):
                r = grade_one(a, text, v.lang)
                assert r.verdict == "correct", (kind, a.id, text, r)
                assert r.points == a.points


@pytest.mark.parametrize("kind", list(EXERCISES))
def test_every_number_of_the_key_is_the_one_its_correction_prints(kind):
    for v in variants(kind):
        tex = documents(v)["corrige"]
        for a in v.exercises[0].answers:
            numbers = {"number": [a.value], "integer": [a.value], "vector": a.value,
                       "matrix": [x for row in a.value or [] for x in row] if a.type == "matrix" else [],
                       "expression": [a.value] if a.value is not None else []}.get(a.type, [])
            for x in numbers:  # as the sheet shows numbers, or as Python code prints them
                forms = [show(x, v.lang), repr(x)] if isinstance(x, float) else [str(x)]
                assert any(re.search(rf"(?<![\d,{{}}.]){re.escape(f)}(?![\d])", tex) for f in forms), \
                    (kind, a.id, forms)


@pytest.mark.parametrize("kind", list(EXERCISES))
def test_values_are_rounded_as_shown_and_free_of_float_noise(kind):
    for v in variants(kind):
        for a in v.exercises[0].answers:
            assert a.type in answers.TYPES and a.label["fr"] and a.label["en"]
            assert not re.search(r"grad_|num\.|primal|_\d", a.label["fr"] + a.label["en"]), a.label
            assert answers.from_json(json.loads(json.dumps(answers.to_json(a)))) == a
            flat = np.ravel(np.asarray(a.exact if a.type not in ("numpy", "text") else [], dtype=float))
            for exact in flat.tolist():
                assert len(repr(abs(exact)).replace(".", "").lstrip("0").split("e")[0]) <= 12
                assert not (exact == 0 and math.copysign(1, exact) < 0)
            if a.type == "expression" and a.at:  # the value is the formula's value at the point
                f = read(a.expression, tuple(a.variables) or None)
                got = float(f.subs({s: a.at[str(s)] for s in f.free_symbols}))
                assert got == pytest.approx(a.exact, rel=1e-9, abs=1e-12), a.id


def test_backprop_generic_deltas_are_written_as_the_lecture_and_graded():
    v = make_variant(one_exercise_spec("backprop_deltas"), seed=1)
    d3 = v.exercises[0].solution.answers["generic.delta_3"]
    assert d3.expression == "f_2'(z_3)*(a_3 - y_1)"
    assert grade_one(d3, "(a_3 - y_1) f_2'(z_3)").verdict == "correct"
    assert grade_one(d3, r"(a_3-y_1)\, f'_2(z_3)").verdict == "correct"
    assert grade_one(d3, "(y_1 - a_3) f2'(z3)").mistake == "sign"
    assert grade_one(d3, "(a_3 - y_1) f_2(z_3)").verdict == "wrong"  # f instead of f'


def test_display_rounds_half_up_as_by_hand():
    # by hand: 2.28125 → 4 decimals: the fifth digit is 5, round up
    assert show(2.28125, "fr", math_mode=False) == "2,2813"
    assert show(-2.28125, "en") == "-2.2813"
    assert show(0.1 * 13, "en") == "1.3" and show(-1e-15, "en") == "0"
    assert show(0.000123456, "en") == "0.000123"  # at least 3 significant digits
    assert show(-0.00001, "en") == "-0.00001"
    # a student's 10^30 is shown whole in a message (28 digits of decimal precision refused it)
    assert show(1e31, "en") == "1" + "0" * 31 and show(-2.5e40, "en") == "-25" + "0" * 39


def test_a_huge_answer_is_graded_not_undecided():
    ref = answers.expression("q", "f", "tanh(x/2)/2 + 1/2", variables=("x",))
    assert grade_one(ref, "10^30").verdict == "wrong"


def test_key_csv_has_every_answer_and_neutralises_formulas(tmp_path):
    from tdgrad import spec

    b = batch.draw(spec.load(__import__("pathlib").Path(__file__).parents[1] / "examples/td-identites.toml"),
                   2, 1, "fr")
    key = b.key()
    text = batch.key_csv(key)
    rows = list(__import__("csv").DictReader(text.splitlines()))
    count = sum(len(e["answers"]) for v in key["variants"] for e in v["exercises"])
    assert len(rows) == count
    results = [r for r in rows if r["question"].endswith(".result")]
    assert results and all(r["type"] == "expression" for r in results)
    neg = [r for r in rows if r["expected"].startswith(("'-", "-"))]
    assert all(r["expected"].startswith("'") == (not re.fullmatch(r"-[\d.]+", r["expected"][1:] if
               r["expected"].startswith("'") else r["expected"])) for r in neg)


def test_keys_with_colliding_variants_are_refused(tmp_path):
    from tdgrad.errors import UserError

    key = {"format": answers.FORMAT, "version": answers.VERSION, "seed": 1, "lang": "fr", "exercises": []}
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(key))
    b.write_text(json.dumps({**key, "variants": [{"variant": "V001", "exercises": []}]}))
    with pytest.raises(UserError, match="also in"):
        answers.load([a, b])
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"seed": 1, "exercises": []}))
    with pytest.raises(UserError, match="not a tdgrad answer key"):
        answers.load([old])
