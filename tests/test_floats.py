"""The float-only check (student/floats.py) says what the SymPy path says, or lets it speak.

The reference is the SymPy path itself (``grade.grade_one``: reader, SymPy, exact points): for
every answer of the hurried-student corpus (tests/student_corpus.py) and of the shipped examples'
keys, the float check either gives exactly the same result (verdict, feedback, points, mistake)
or none. Where exact arithmetic or SymPy's structure is needed, it must give none; and it must
decide most ordinary answers, or it would be a detour that saves nothing.
"""

import json

import pytest
from student_corpus import ANSWERS, QUESTIONS, R, W

from tdgrad import answers
from tdgrad.errors import ExpressionError
from tdgrad.student import floats
from tdgrad.student.grade import grade_one
from tdgrad.student.read import read


def _key_text(question: str) -> str | None:
    """The question's key as tdgrad writes one: SymPy's text of the first right answer (None when
    the reader cannot read that text back, e.g. a Piecewise: no exercise writes such a key)."""
    variables = tuple(QUESTIONS[question][0].split())
    first = next((text for q, text, label, _ in ANSWERS if q == question and label == R), None)
    if not variables or first is None:
        return None
    text = str(read(first, variables))
    try:
        read(text, variables)
    except ExpressionError:
        return None
    return text


def _key(question: str) -> answers.Answer:
    variables = tuple(QUESTIONS[question][0].split())
    return answers.expression(question, question, _key_text(question), variables=variables)


CORPUS = [(q, text, label) for q, text, label, _ in ANSWERS if _key_text(q) is not None]

# the shipped examples' expression keys (answers.json) with answers typed in a hurry
EXAMPLES = [
    ("x*exp(-a*x)/(1 + exp(-a*x))**2", "a x", [
        "x σ(ax)(1 − σ(ax))", "xσ(ax)(1-σ(ax))", "x e^{-ax}/(1+e^{-ax})^2", "x*exp(-a*x)/(1+exp(-a*x))²",
        r"\frac{x e^{-ax}}{(1+e^{-ax})^2}", "x σ'(ax)", "xσ'(ax)", "dy/da = x σ(ax)(1-σ(ax))",
        "σ(ax)(1-σ(ax))", "a σ(ax)(1-σ(ax))", "-x σ(ax)(1-σ(ax))", "2x σ(ax)(1 − σ(ax))",
        "x σ(ax)", "x σ(ax)(1+σ(ax))", "x e^{-ax}/(1+e^{-ax})", "x σ(ax", "x σ(ax)(1 − σ(ax)) + 1",
        "0,5 x σ(ax)(1-σ(ax))", "x sigmoide(ax)", "x*e^(-ax)*(1+e^(-ax))^-2"]),
    ("-x*(-w*x + y)", "w x y", [
        "x(wx-y)", "x(wx − y)", "-x(y-wx)", "x (w x - y)", "(wx-y)x", "wx²-xy", "w x^2 - x y",
        "x(y-wx)", "2x(wx-y)", "(wx-y)", "x(wx-y)²", "x*(w*x-y) + 0,1", "x²(wx-y)", "dL/dw = x(wx-y)",
        "-(y - wx)·x", "x.(wx-y)", "x(wx-y"]),
    ("-e*(v_1*x_1*Heaviside(a_1, 0) + v_2*x_2*Heaviside(a_2, 0))", "a_1 a_2 e v_1 v_2 x_1 x_2", [
        "-e(v_1 x_1 H(a_1) + v_2 x_2 H(a_2))", "-e*(v1*x1*H(a1) + v2*x2*H(a2))",
        "-e (v_1 x_1 1(a_1>0) + v_2 x_2 1(a_2>0))", "e(v_1 x_1 H(a_1) + v_2 x_2 H(a_2))",
        "-e v_1 x_1 H(a_1)", "-e(v_1 x_1 + v_2 x_2)", "-e(v_1 x_1 H(a_1) - v_2 x_2 H(a_2))"]),
    ("1 - tanh(x)**2", "x", ["1-th²x", "1 - tanh²(x)", "1-tanh(x)^2", "sech²(x)", "1/ch²(x)", "th'(x)",
                             "1+tanh²(x)", "tanh²(x)", "1-tanh(x)", "2(1-th²(x))", "1-th²(2x)"]),
    ("(1 - sigmoid(x))*sigmoid(x)", "x", ["σ(x)(1-σ(x))", "σ'(x)", "e^-x/(1+e^-x)^2", "σ(x)",
                                          "σ(x)(1+σ(x))", "σ(x)²", "1-σ(x)", "σ(x)(1-σ(x))/2"]),
    ("sign(x_1)", "x_1", ["sign(x_1)", "signe(x_1)", "|x_1|/x_1", "x_1/|x_1|", "1", "H(x_1)", "-sign(x_1)"]),
    ("tanh(x/2)/2 + 1/2", "x", ["σ(x)", "1/(1+e^-x)", "(1+th(x/2))/2", "th(x/2)/2", "σ(2x)", "(1+tanh(x))/2"]),
    ("-3*tanh(x + 0.25)**2 + 6*tanh(3*x - 0.25)**2 + 20*tanh(10*x + 5)**2 - 23", "x", [
        "3(1-th²(x+0,25)) - 6(1-th²(3x-0,25)) - 20(1-th²(10x+5))",
        "3(1-th²(x+0.25)) - 6(1-th²(3x-0.25)) - 20(1-th²(10x+5))",
        "3(1-th²(x+0,25)) - 2(1-th²(3x-0,25)) - 2(1-th²(10x+5))",
        "3(1-th²(x+0,25)) - 6(1-th²(3x-0,25))"]),
]
EXAMPLE_CASES = [(key, variables, text) for key, variables, texts in EXAMPLES for text in texts]


def _same(ref, text, lang="fr"):
    quick = floats.grade(ref, text, lang)
    return quick, grade_one(ref, text, lang)


@pytest.mark.parametrize("question, text, label", CORPUS, ids=[f"{q}:{t}" for q, t, _ in CORPUS])
def test_corpus_answers_get_the_sympy_paths_result_or_none(question, text, label):
    quick, slow = _same(_key(question), text)
    assert quick is None or quick == slow, (quick, slow)


@pytest.mark.parametrize("key, variables, text", EXAMPLE_CASES, ids=[t for _, _, t in EXAMPLE_CASES])
def test_example_answers_get_the_sympy_paths_result_or_none(key, variables, text):
    ref = answers.expression("q", "q", key, variables=tuple(variables.split()))
    for lang in ("fr", "en"):
        quick, slow = _same(ref, text, lang)
        assert quick is None or quick == slow, (quick, slow)


def test_most_ordinary_answers_need_no_sympy():
    decided = {"right": 0, "wrong": 0}
    total = {"right": 0, "wrong": 0}
    for question, text, label in CORPUS:
        if label not in (R, W):
            continue
        total[label] += 1
        decided[label] += floats.grade(_key(question), text) is not None
    assert decided["right"] >= 0.8 * total["right"], (decided, total)
    assert decided["wrong"] >= 0.6 * total["wrong"], (decided, total)
    for key, variables, texts in EXAMPLES:
        ref = answers.expression("q", "q", key, variables=tuple(variables.split()))
        assert sum(floats.grade(ref, t) is not None for t in texts) >= 0.7 * len(texts), key


@pytest.mark.parametrize("key, variables, text, why", [
    ("x", "x", "x + 10^-8", "a constant below the range: floats cannot see it"),
    ("x", "x", "x*0.99999999", "a literal with many digits"),
    ("1000000/999999*x", "x", "1000001/1000000*x", "exact rationals that floats confuse"),
    ("x", "x", "x + e^(-40)", "a tiny constant"),
    ("2^x", "x", "2^x", "a variable exponent: the exact stage tries a grid"),
    ("2*x", "x", "(x²)'", "a derivative to take: SymPy's"),
    ("2*x", "x", r"\frac{d}{dx} x^2", "a derivative to take: SymPy's"),
    ("Heaviside(x, 0)", "x", "1 si x > 0, 0 sinon", "a piecewise answer: SymPy checks its pieces"),
    ("x", "x", "sqrt(x)^2", "SymPy simplifies √x² to x: defined where floats are not"),
])
def test_what_floats_cannot_decide_is_left_to_sympy(key, variables, text, why):
    ref = answers.expression("q", "q", key, variables=tuple(variables.split()))
    assert floats.grade(ref, text) is None, why
    assert grade_one(ref, text).verdict in ("correct", "wrong")


def test_exact_points_tell_apart_what_floats_confuse():
    """Rational expressions are compared at the exact stage's points, in fractions."""
    a, _ = floats.build("x/(x - 1) - 1/(x - 1)", ("x",))
    b, _ = floats.build("1", ("x",))
    c, _ = floats.build("1 + x*(x-1)*(x+1)*(x-2)*(x+2)/1000000", ("x",))
    assert not floats._exact_difference(a, b, ["x"])
    assert floats._exact_difference(c, b, ["x"])  # differs at x = 3, ±1/2…, equal at 0, ±1, ±2


def test_a_key_without_clues_names_no_mistake_by_floats():
    """Keys written before clues existed: a right answer is still decided, a wrong one goes to
    SymPy (which finds the factor)."""
    ref = answers.expression("q", "q", "x*exp(-a*x)/(1 + exp(-a*x))**2", variables=("a", "x"))
    old = answers.from_json({k: v for k, v in answers.to_json(ref).items() if k != "clues"})
    assert old.clues is None
    assert floats.grade(old, "x σ(ax)(1-σ(ax))") == grade_one(old, "x σ(ax)(1-σ(ax))")
    assert floats.grade(old, "σ(ax)(1-σ(ax))") is None
    assert "facteur x" in grade_one(old, "σ(ax)(1-σ(ax))").feedback


def test_clues_survive_the_key_file():
    ref = answers.expression("q", "q", "x*exp(-a*x)/(1 + exp(-a*x))**2", variables=("a", "x"))
    back = answers.from_json(json.loads(json.dumps(answers.to_json(ref))))
    assert back == ref and back.clues and {kind for kind, _, _ in back.clues} == {"factor"}
    assert ("factor", "x", "x") in back.clues
