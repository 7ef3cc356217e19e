"""Seed 001 §2's numpy lines and matrix forms, exactly as the seed writes them, judged against the
classification exercise's key: in the seed's own convention (classes 1…m) they are right; against
tdgrad's statement (classes 0…m−1) the lines that index with y − 1 get the named mistake, while the
matrix forms, which count classes as their statement does, stay right. What tdgrad says of the
seed's one slip (a parenthesis closing np.concatenate's tuple too early) is stated below.
"""

import dataclasses
import sys
from pathlib import Path

import pytest

from tdgrad.student.grade import grade_one

sys.path.insert(0, str(Path(__file__).parent))
from array_answers import classification_key  # noqa: E402

# the seed's text, character for character (#8, #10, #12, #14, #16)
GRAD_OA = r"\text{grad\_oa} = o^s - \text{np.eye}(m)[y-1]"
GRAD_B2 = r"\text{grad\_b2} = O^s - \text{np.eye}(m)[y-1]"
GRAD_W2_AS_PRINTED = (r"\text{grad\_W2} = \text{np.outer}(O^s, h^s) - \text{np.concatenate}((\text{np.zeros}((y-1, d_h))), "
                      r"h^s.\text{reshape}(1, d_h), \text{np.zeros}((m-y, d_h)))")
GRAD_W2 = "np.outer(O^s, h^s) - np.concatenate((np.zeros((y-1, d_h)), h^s.reshape(1, d_h), np.zeros((m-y, d_h))))"
GRAD_HS_MATRIX = r"\frac{\partial L}{\partial h^s} = W^{(2)T} \cdot o^s - W^{(2)}[y, :]^T"
GRAD_HS = r"\text{grad-hs} = W2^T \cdot os - W2[y-1, :]^T"
GRAD_HS_ISSUE = "W2^T · os - W2[y-1, :]^T"
GRAD_HA = "vector_indicator = np.array([1 if e > 0 else 0 for e in hs])\ngrad_ha = np.multiply(grad_hs, vector_indicator)"
GRAD_HA_MATRIX = r"\frac{\partial L}{\partial h^s} \odot \mathbb{1}_{\{h^a>0\}}"
GRAD_W1_MATRIX = r"\frac{\partial L}{\partial h^a} \cdot x^T"
GRAD_B1_MATRIX = r"\frac{\partial L}{\partial b^{(1)}} = \frac{\partial L}{\partial h^a}"
GRAD_B1 = r"\text{grad\_b1} = \text{grad\_ha}"
GRAD_W1 = r"\text{grad\_W1} = \text{np.outer}(\text{grad\_ha}, x)"
MATRIX_W2 = r"W^{(2)T} o^s - W^{(2)}[y,:]^T"
GRAD_W1_WITH_SHAPE = (r"\frac{\partial L}{\partial W^{(1)}} = \frac{\partial L}{\partial h^a} \cdot x^T \text{ est } "
                      r"d_h \times d \text{ car } \frac{\partial L}{\partial h^a} \text{ est } d_h \times 1 \text{ et } "
                      r"x^T \text{ est } 1 \times d")
GRAD_B1_WITH_SHAPE = r"\frac{\partial L}{\partial b^{(1)}} = \frac{\partial L}{\partial h^a} \text{ est } d_h \times 1"

# the seed's references, in its convention: classes 1…m, so onehot_m(y) is np.eye(m)[y-1]
SEED_NUMPY = {"q8.grad_oa": "os - np.eye(m)[y-1]", "q10.grad_b2": "os - np.eye(m)[y-1]",
              "q10.grad_W2": "np.outer(os - np.eye(m)[y-1], hs)", "q12.grad_hs": "W2.T @ (os - np.eye(m)[y-1])",
              "q14.grad_ha": "grad_hs * (ha > 0)", "q16.grad_W1": "np.outer(grad_ha, x)", "q16.grad_b1": "grad_ha"}


def seed_key(key: dict) -> dict:
    """tdgrad's key restated with classes numbered from 1, as the seed numbers them."""
    return {q: dataclasses.replace(key[q], expression=SEED_NUMPY[q], first_class=1,
                                   envs=tuple({**e, "y": e["y"] + 1} for e in key[q].envs)) for q in SEED_NUMPY}


KEY = classification_key(0)
SEED = seed_key(KEY)

SEED_LINES = [("q8.grad_oa", GRAD_OA), ("q10.grad_b2", GRAD_B2), ("q10.grad_W2", GRAD_W2),
              ("q12.grad_hs", GRAD_HS), ("q12.grad_hs", GRAD_HS_ISSUE), ("q14.grad_ha", GRAD_HA),
              ("q16.grad_b1", GRAD_B1), ("q16.grad_W1", GRAD_W1)]
MATRIX_FORMS = [("q12.grad_hs", GRAD_HS_MATRIX), ("q12.grad_hs", MATRIX_W2), ("q14.grad_ha", GRAD_HA_MATRIX),
                ("q16.grad_W1", GRAD_W1_MATRIX), ("q16.grad_b1", GRAD_B1_MATRIX),
                ("q16.grad_W1", GRAD_W1_WITH_SHAPE), ("q16.grad_b1", GRAD_B1_WITH_SHAPE)]


def test_the_seeds_references_are_tdgrads_gradients():
    """The restated key is the same mathematics: on each data set, the seed's line with y counted
    from 1 gives tdgrad's reference with y counted from 0."""
    from array_answers import real_numpy
    import numpy as np
    for q, line in SEED_NUMPY.items():
        for e0, e1 in zip(KEY[q].envs, SEED[q].envs):
            assert np.allclose(real_numpy(line, e1, q.split(".")[1]), real_numpy(KEY[q].expression, e0, q.split(".")[1]))


@pytest.mark.parametrize("question, answer", SEED_LINES + MATRIX_FORMS)
def test_seed_lines_and_matrix_forms_are_right_in_the_seeds_convention(question, answer):
    result = grade_one(SEED[question], answer, "en")
    assert result.verdict == "correct", result


@pytest.mark.parametrize("question, answer", [(q, a) for q, a in SEED_LINES if "y-1" in a])
def test_against_tdgrads_statement_the_seeds_y_minus_1_is_one_hot_shifted(question, answer):
    result = grade_one(KEY[question], answer, "en")
    assert result.verdict == "wrong" and result.mistake == "onehot_shifted", result
    assert result.feedback.startswith("one-hot shifted by one")


@pytest.mark.parametrize("question, answer", MATRIX_FORMS + [(q, a) for q, a in SEED_LINES if "y" not in a])
def test_matrix_forms_count_classes_as_their_statement_does(question, answer):
    assert grade_one(KEY[question], answer, "en").verdict == "correct"


def test_the_seeds_misplaced_parenthesis_is_a_wrong_answer_that_says_why():
    """As printed, ``np.concatenate((np.zeros((y-1, d_h))), h^s…, …)`` closes the tuple after its
    first array: numpy would take the second array for ``axis`` and raise. tdgrad reads the line,
    finds the call numpy would refuse, and says which parenthesis is wrong."""
    for key in (SEED, KEY):
        result = grade_one(key["q10.grad_W2"], GRAD_W2_AS_PRINTED, "en")
        assert result.verdict == "wrong" and result.mistake == "array_fails", result
        assert result.feedback == ("this fails on the exercise's arrays: np.concatenate takes its arrays in one "
                                   "tuple, np.concatenate((a, b, c)): here a parenthesis closes it after the first array")


def test_a_handwritten_onehot_is_named():
    result = grade_one(SEED["q8.grad_oa"], "os - np.array([0, 1, 0])", "fr")
    assert result.mistake == "onehot_literal"
    assert result.feedback.startswith("le vecteur one-hot doit être construit à partir de y")


def test_a_stated_shape_is_checked():
    """#16 states the shape after "est"; a wrong one makes the answer wrong, and says so."""
    wrong = GRAD_W1_WITH_SHAPE.replace(r"d_h \times d \text{ car", r"d \times d_h \text{ car")
    result = grade_one(KEY["q16.grad_W1"], wrong, "en")
    assert result.verdict == "wrong" and result.mistake == "array_fails", result
    assert result.feedback == ("this fails on the exercise's arrays: the shape stated after 'est' is not the shape "
                               "of the expression (d × d_h ; d_h × d)")
