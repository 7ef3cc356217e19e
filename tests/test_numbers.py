"""The number policy: integers exactly, reals relatively and on the right side of zero, roundings.

Every expected verdict is justified by hand arithmetic in the comment beside it."""

from fractions import Fraction

import pytest

from tdgrad import answers
from tdgrad.student import numbers
from tdgrad.student.grade import grade_many, grade_one


@pytest.mark.parametrize("text, value, decimals", [
    ("0,994", Fraction(994, 1000), 3), ("0.994", Fraction(994, 1000), 3), ("-0.0004", Fraction(-4, 10**4), 4),
    ("5.8e-5", Fraction(58, 10**6), 6), ("5,8 \\times 10^{-5}", Fraction(58, 10**6), 6), ("12", Fraction(12), 0),
    ("0{,}25", Fraction(1, 4), 2), ("−1,5", Fraction(-3, 2), 1),
])
def test_literals_as_written(text, value, decimals):
    assert numbers.literal(text) == (value, decimals)


@pytest.mark.parametrize("text", ["2x", "1/2", "sqrt(2)", "0.5.5", ""])
def test_what_is_not_a_plain_decimal(text):
    assert numbers.literal(text) is None


@pytest.mark.parametrize("answer, verdict", [
    ("5.8e-5", "correct"), ("0,000058", "correct"),
    ("5.81e-5", "correct"),     # 0.17 % off
    ("0", "wrong"),             # no absolute floor: 0 is not 5.8e-5
    ("-0.0004", "wrong"),       # the opposite sign
    ("0.0004", "wrong"),        # 7 times too big
    ("0.00006", "wrong"),       # 3.4 % off and one significant digit only
    ("0.0001", "wrong"),        # the 4-decimal rounding, but one significant digit
])
def test_a_tiny_true_value(answer, verdict):
    assert grade_one(5.8e-5, answer).verdict == verdict


@pytest.mark.parametrize("answer, verdict", [
    ("0.014", "correct"),   # 0.01449 rounded to 3 decimals (3.4 % off, so only the rounding rule accepts it)
    ("0,0145", "correct"),  # within 1 %
    ("0.015", "wrong"),     # |0.015 − 0.01449| = 0.00051 > 0.0005: not the rounding, and 3.5 % off
    ("0.01", "wrong"),      # one significant digit
])
def test_a_correct_rounding_is_right(answer, verdict):
    assert grade_one(0.01449, answer).verdict == verdict


@pytest.mark.parametrize("answer, verdict", [
    ("66", "correct"), ("66,0", "correct"), ("6.6e1", "correct"), ("132/2", "correct"),
    ("65.5", "wrong"),  # within 1 % of 66, but a count is exact
    ("66.4", "wrong"), ("67", "wrong"), ("-66", "wrong"),
])
def test_integers_are_exact(answer, verdict):
    assert grade_one(66, answer).verdict == verdict  # C(12, 2) leave-2-out fits of 12 points
    assert grade_one(answers.integer("q1.leave_p_out", "n", 66), answer).verdict == verdict


def test_fold_members_are_exact_and_arrays_follow_the_policy():
    folds = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    assert grade_one(folds, "[[0,1,2,3],[4,5,6,7],[8,9,10,11]]").verdict == "correct"
    assert grade_one(folds, "[[0,1,2,3],[4,5,6,7],[8,9,10,11.05]]").verdict == "wrong"
    g = [[5.8e-5, 0.1234], [0.3051, -0.2501]]
    assert grade_one(g, "[[0.0001, 0.1234], [0.3051, -0.2501]]").verdict == "correct"  # all to 4 decimals
    assert grade_one(g, "[[-0.0004, 0.1234], [0.3051, -0.2501]]").verdict == "wrong"   # sign, 8 units off
    assert grade_one(g, "[[0, 0.1, 0.3, -0.3]]").verdict == "wrong"                    # shape
    assert grade_one(g, "[[0, 0.1], [0.3, -0.3]]").verdict == "wrong"  # 1 decimal: < 2 digits of 0.3


def test_answers_that_are_not_real_numbers_are_wrong_never_a_crash():
    expression = answers.expression("q", "f", "x*(1 - x)", variables=("x",), value=0.21, at={"x": 0.3})
    results = grade_many([(0.5, "sqrt(-1)"), (expression, "sqrt(-1)"), (expression, "1/0"), (0.5, "1/2")], "en")
    assert [r.verdict for r in results[:2]] == ["wrong", "wrong"]
    assert results[0].feedback == "not a real number"
    assert results[2].verdict in ("wrong", "unparsable") and results[3].verdict == "correct"


def test_an_expression_equal_on_part_of_the_domain_is_wrong_with_the_reason():
    r = grade_one(answers.expression("q", "f", "sqrt((x-3)*(x-5))", variables=("x",)), "sqrt(x-3) sqrt(x-5)", "en")
    assert r.verdict == "wrong" and r.mistake == "domain" and "only where both are defined" in r.feedback
