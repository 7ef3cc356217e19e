"""Cross-validation folds are scikit-learn's (the course teaches scikit-learn), checked against
scikit-learn itself (a test extra), on the lecture's data and on random label sequences."""

import numpy as np
import pytest

from tdgrad.errors import SpecError
from tdgrad.exercises import cross_validation as cv

from sklearn import model_selection as sklearn  # a test extra: `make test` installs it


def sklearn_folds(splitter, labels):
    return [sorted(test.tolist()) for _, test in splitter.split(np.zeros(len(labels)), labels)]


CASES = [(["A"] * 7 + ["B"] * 5, 3), (list("ABABBBAAB"), 2), (list("BBAACCCAB"), 3),
         (list("AAAABBBBBBCC"), 4), (list("ABCABCABCAB"), 3)]


@pytest.mark.parametrize("labels, k", CASES)
def test_folds_are_scikit_learns(labels, k):
    assert cv.kfold(len(labels), k) == sklearn_folds(sklearn.KFold(k), labels)
    assert cv.stratified(labels, k) == sklearn_folds(sklearn.StratifiedKFold(k), labels)


def test_random_label_sequences_match_scikit_learn():
    import warnings
    rng = np.random.default_rng(0)
    for _ in range(200):
        n = int(rng.integers(4, 25))
        labels = [str(c) for c in rng.choice(list("ABC"), n, p=rng.dirichlet([1, 1, 1]))]
        k = int(rng.integers(2, max(3, max(labels.count(c) for c in labels) + 1)))
        if k > n or k > max(labels.count(c) for c in labels):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # fewer members than folds in a class: a warning only
            expected = sklearn_folds(sklearn.StratifiedKFold(k), labels)
        assert cv.stratified(labels, k) == expected, (labels, k)


def test_a_k_larger_than_every_class_is_refused():
    from tdgrad.spec import Fields
    with pytest.raises(SpecError, match="field 'k'"):
        cv.generate(Fields({"labels": ["A", "A", "B", "B"], "k": 3}, "t.toml: exercise 1"), None)
