"""Answers written with the statement's own names: y for σ(ax), ŷ for wx, y − ŷ for e.

The seed's student writes ∂y/∂a = x·y(1 − y) (seed 000, Ex 1: "da without new computation"): y is
the statement's y = σ(ax), not a new unknown. An expression answer's key lists such names
(``definitions``); the reader accepts them and grading replaces each by what it stands for, in
the SymPy path and in the float path alike. Verdicts by hand: dy/da = x·σ′(ax) = x y(1 − y);
ℓ = ½(y − wx)² gives ∂ℓ/∂w = −x(y − ŷ) = x(ŷ − y); ℓ = ½(y − ŷ)² with ŷ = o₁v₁ + o₂v₂ gives
∂ℓ/∂v₁ = −(y − ŷ)o₁ = −e o₁.
"""

import json
from pathlib import Path

import pytest

from tdgrad import answers, pipeline, spec
from tdgrad.student import floats
from tdgrad.student.grade import grade_one

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def keys():
    out = {}
    for name in ("td1", "td-convolution"):
        variant = pipeline.make_variant(spec.load(EXAMPLES / f"{name}.toml"), None)
        out[name] = answers.table(json.loads(json.dumps(answers.variant_json(variant))))
    return out


CASES = [  # (key, question, answer, verdict, words in the feedback)
    ("td1", "1:q4.da", "x y(1-y)", "correct", ""),
    ("td1", "1:q4.da", "xy(1−y)", "correct", ""),
    ("td1", "1:q4.da", "x·y·(1−y)", "correct", ""),
    ("td1", "1:q4.da", "dy/da = x y (1 - y)", "correct", ""),
    ("td1", "1:q4.da", "x y - x y²", "correct", ""),
    ("td1", "1:q4.da", "y(1-y)", "wrong", "il manque le facteur x"),
    ("td1", "1:q4.da", "-x y (1-y)", "wrong", "signe"),
    ("td1", "1:q4.da", "x y (1+y)", "wrong", "au lieu de"),
    ("td-convolution", "2:q1.gradient", "x(ŷ - y)", "correct", ""),
    ("td-convolution", "2:q1.gradient", "-x(y-ŷ)", "correct", ""),
    ("td-convolution", "2:q1.gradient", "x(wx-y)", "correct", ""),
    ("td-convolution", "2:q1.gradient", "x(y - ŷ)", "wrong", "signe"),
    ("td-convolution", "2:q1.gradient", "ŷ - y", "wrong", ""),
    ("td-convolution", "1:q1.dl/dv_1", "-(y - ŷ) o_1", "correct", ""),
    ("td-convolution", "1:q1.dl/dv_1", "(ŷ-y)o₁", "correct", ""),
    ("td-convolution", "1:q1.dl/dv_1", "-e o_1", "correct", ""),
    ("td-convolution", "1:q1.dl/dv_1", "(y - ŷ) o_1", "wrong", "signe"),
    ("td-convolution", "1:q2.dl/dw_1", "-(y-ŷ)(v_1 x_1 H(a_1) + v_2 x_2 H(a_2))", "correct", ""),
]


@pytest.mark.parametrize("key, question, text, verdict, said", CASES, ids=[c[2] for c in CASES])
def test_the_statements_names_are_read_as_what_they_stand_for(keys, key, question, text, verdict, said):
    ref = keys[key][question]
    slow = grade_one(ref, text, "fr")
    assert slow.verdict == verdict and said in slow.feedback, slow
    quick = floats.grade(ref, text, "fr")
    assert quick is None or quick == slow, (quick, slow)


def test_the_float_path_decides_the_usual_ones(keys):
    for key, question, text, _, _ in CASES[:4] + CASES[8:10] + CASES[13:15]:
        assert floats.grade(keys[key][question], text) is not None, text


def test_e_is_the_error_where_the_question_names_it():
    """In y = e + ŷ, e is the question's variable e = y − ŷ, not Euler's number."""
    ref = answers.expression("q", "q", "-e*o_1", variables=("e", "o_1"),
                             definitions={"yhat": "o_1*v_1", "y": "e + o_1*v_1"})
    assert ref.defined()["y"] == ("e + o_1*v_1", ("e", "o_1", "v_1"))
    assert grade_one(ref, "-(y - ŷ) o_1").verdict == "correct"
    elsewhere = answers.expression("q", "q", "x", variables=("x",), definitions={"u": "e*x"})
    assert elsewhere.defined()["u"] == ("e*x", ("x",))
    assert grade_one(elsewhere, "u/e").verdict == "correct"  # Euler's e where no variable is named e


def test_definitions_survive_the_key_file():
    ref = answers.expression("q", "q", "x", variables=("x",), definitions={"yhat": "2*x"})
    assert answers.from_json(json.loads(json.dumps(answers.to_json(ref)))) == ref
    assert ref.names() == ("x", "yhat")
