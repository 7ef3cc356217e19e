"""The reader on answers typed as students type them (tests/student_corpus.py).

For every answer, first the label is checked against numpy (the meaning equals the key at random
points for a right answer, differs for a wrong one; the two readings of an answer to refuse
differ), then the reader must read the text as meant, or refuse it when it should.
"""

import numpy as np
import pytest
from student_corpus import ANSWERS, QUESTIONS, REFUSE, R, W, evaluate, judge, points, same

from tdgrad.errors import ExpressionError
from tdgrad.student.read import read


def test_the_corpus_is_large_and_mixed():
    texts = [text for _, text, _, _ in ANSWERS]
    assert len({(q, text) for q, text, _, _ in ANSWERS}) == len(texts) >= 150
    labels = [label for _, _, label, _ in ANSWERS]
    assert labels.count(W) >= 50 and labels.count(REFUSE) >= 15
    assert sum("\\" in t for t in texts) >= 60 and sum(any(ord(c) > 126 for c in t) for t in texts) >= 60


@pytest.mark.parametrize("entry", ANSWERS, ids=[f"{k}:{e[1]}" for k, e in enumerate(ANSWERS)])
def test_label_is_true(entry):
    question, _, label, meant = entry
    _, key, _ = QUESTIONS[question]
    pts = points(question, seed=1)
    if label == REFUSE:
        if meant is not None:
            assert not same(evaluate(meant[0], pts), evaluate(meant[1], pts))
        return
    assert same(evaluate(meant, pts), evaluate(key, pts)) == (label == R)


@pytest.mark.parametrize("entry", ANSWERS, ids=[f"{k}:{e[1]}" for k, e in enumerate(ANSWERS)])
def test_read_as_meant(entry):
    outcome, false_accept = judge(entry, read)
    assert not false_accept
    assert outcome == ("refused" if entry[2] == REFUSE else "read")


def test_refusals_say_which_readings():
    with pytest.raises(ExpressionError, match=r"two readings"):
        read("1/2x", ("x",))
    with pytest.raises(ExpressionError, match=r"did you mean sigmoid"):
        read("sigmod(z) - y", ("y", "z"))
    with pytest.raises(ExpressionError, match=r"two readings"):
        read("max(0, 0,5)")


def test_judge_catches_a_misreading():
    """The harness itself: a reader that misreads is caught, and its false accept counted."""
    entry = ("sigmoid.y", "1/(1+e^(ax))", W, lambda a, x: 1 / (1 + np.exp(a * x)))
    assert judge(entry, read) == ("read", False)
    assert judge(entry, lambda text, variables: read("1/(1+e^(-a x))", variables)) == ("misread", True)
