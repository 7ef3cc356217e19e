"""Two hundred array answers to the classification exercise, judged by tdgrad and, independently,
by real numpy on the key's consistent data sets: no wrong answer accepted, no right one refused.

The truth of a numpy answer is the answer run by Python and numpy themselves (the test's own
strings); the truth of an answer in the course's notation is the test's own numpy reading of it.
"""

import dataclasses
import sys
from pathlib import Path

import pytest

from tdgrad.student.grade import grade_one

sys.path.insert(0, str(Path(__file__).parent))
from array_answers import ANSWERS, classification_key, truth  # noqa: E402


KEYS = [classification_key(0), classification_key(1, d=2, d_h=3, m=4)]


@pytest.mark.parametrize("question, answer, meaning, mistake", ANSWERS, ids=range(len(ANSWERS)))
def test_answer_is_judged_as_numpy_judges_it(question, answer, meaning, mistake):
    for key in KEYS:
        ref = key[question]
        right = truth(ref, answer, meaning)
        result = grade_one(ref, answer, "en")
        assert result.verdict == ("correct" if right else "wrong"), (result, right)
        if mistake:
            assert result.mistake == mistake, result


def test_the_set_is_large_and_balanced():
    numpy_answers = [a for a in ANSWERS if a[2] is None]
    assert len(ANSWERS) >= 150 and len(numpy_answers) >= 100 and len(ANSWERS) - len(numpy_answers) >= 50
    verdicts = [truth(KEYS[0][q], a, m) for q, a, m, _ in ANSWERS]
    assert 0.35 < sum(verdicts) / len(verdicts) < 0.65


def test_shape_feedback_names_the_sizes():
    ref = KEYS[0][W2 := "q10.grad_W2"]
    r = grade_one(ref, "W^{(2)T} (o^s - e_y)", "en")
    assert r.verdict == "wrong" and W2
    assert r.feedback == "the shape is d_h × 1 where m × d_h is expected: an outer product is needed"
    r = grade_one(ref, "(o^s - e_y) h^s", "fr")
    assert r.mistake == "array_fails" and "m × 1 ; d_h × 1" in r.feedback


def test_a_handwritten_onehot_is_never_accepted_even_when_it_fits():
    ref = KEYS[0]["q8.grad_oa"]
    y = ref.envs[0]["y"]
    onehot = [0] * 3
    onehot[y] = 1
    first_only = dataclasses.replace(ref, envs=ref.envs[:1])  # the one data set where the vector is right
    r = grade_one(first_only, f"os - np.array({onehot})", "en")
    assert r.verdict == "wrong" and r.mistake == "onehot_literal"
    assert "build the one-hot vector from y" in r.feedback


def test_the_asked_answer_cannot_be_used_for_itself():
    ref = KEYS[0]["q14.grad_ha"]
    r = grade_one(ref, "grad_ha", "en")
    assert r.verdict == "wrong" and "what this question asks for" in r.feedback
    assert grade_one(KEYS[0]["q16.grad_b1"], "grad_ha").verdict == "correct"
