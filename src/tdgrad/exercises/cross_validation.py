"""Cross-validation by hand: how many fits, and what the folds look like (seed 004, lecture).

Trains: counting fits for leave-p-out (C(n, p)), leave-one-out (n) and k-fold (k); splitting a small
labelled data set into k folds, plain and stratified, and reading each fold's class proportions.
Mistakes it targets: n^p or n·p for leave-p-out, believing k-fold keeps the class balance of an
ordered data set. Folds are scikit-learn's, without shuffling (the course uses scikit-learn, and
tests/test_cross_validation.py compares with it): KFold takes consecutive blocks (the first n mod k
folds one larger); StratifiedKFold numbers the classes in order of first appearance, deals the
examples sorted by class round-robin over the folds to fix how many of each class every fold
gets, then gives each class's examples, in data order, to folds 0, 1, … in blocks of that size.
"""

from __future__ import annotations

import math
from collections import Counter

from tdgrad import answers as answer
from tdgrad.exercises.base import Solution
from tdgrad.schema import Integer, ListOf, Text
from tdgrad.spec import Fields

KIND = "cross_validation"
SUMMARY = "leave-p-out / leave-one-out / k-fold counts, a k-fold and a stratified k-fold split"
TITLE = {"fr": "Validation croisée", "en": "Cross-validation"}
MAX_EXAMPLES = 40  # the folds are drawn as a table on the sheet
FIELDS = {
    "labels": ListOf(Text(max_length=12), 4, MAX_EXAMPLES, help="each example's class, in order"),
    "k": Integer(2, 10, drawn=False, default=3, help="folds, at most the number of examples"),
    "p": Integer(1, "len(labels)-1", drawn=False, default=2, help="left out by leave-p-out"),
}
CLASSES = "ABC"


def generate(fields: Fields, rng):
    labels = fields.raw("labels")
    if labels is None:
        n = int(rng.integers(9, 13))
        counts = [n // 2 + int(rng.integers(0, 2)), 0]
        counts[1] = n - counts[0]
        labels = sorted(["A"] * counts[0] + ["B"] * counts[1])  # ordered: the trap for plain k-fold
    n = len(labels)
    k = fields.integer("k", 3, 2, n)
    if k > max(labels.count(c) for c in labels):
        raise fields.error("k", f"a stratified {k}-fold needs a class with at least {k} examples "
                           "(scikit-learn refuses it too): lower k or add examples")
    p = fields.integer("p", 2, 1, n - 1)
    return {"labels": labels, "k": k, "p": p}


def kfold(n: int, k: int) -> list[list[int]]:
    sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
    start, folds = 0, []
    for size in sizes:
        folds.append(list(range(start, start + size)))
        start += size
    return folds


def stratified(labels: list[str], k: int) -> list[list[int]]:
    """scikit-learn's StratifiedKFold(k).split without shuffling: the test folds."""
    classes = list(dict.fromkeys(labels))  # in order of first appearance
    ordered = sorted(classes.index(lab) for lab in labels)
    # allocation[f][c]: examples of class c in fold f, dealing the sorted labels round-robin
    allocation = [[ordered[f::k].count(c) for c in range(len(classes))] for f in range(k)]
    folds: list[list[int]] = [[] for _ in range(k)]
    for c, name in enumerate(classes):
        owners = [f for f in range(k) for _ in range(allocation[f][c])]
        for i, owner in zip((i for i, lab in enumerate(labels) if lab == name), owners):
            folds[owner].append(i)
    return [sorted(f) for f in folds]


def proportions(labels, fold) -> dict[str, float]:
    counts = Counter(labels[i] for i in fold)
    return {c: counts[c] / len(fold) for c in sorted(set(labels))}


def folds_text(folds) -> str:
    """Folds as a student writes them: {0, 1, 2, 3}, {4, 5, 6, 7}."""
    return ", ".join("{" + ", ".join(map(str, f)) + "}" for f in folds)


def solve(params, label):
    labels, k, p = params["labels"], params["k"], params["p"]
    n = len(labels)
    plain, strat = kfold(n, k), stratified(labels, k)
    classes = sorted(set(labels))
    answers = [answer.integer("q1.leave_p_out", (f"modèles, leave-{p}-out", f"models, leave-{p}-out"), math.comb(n, p)),
               answer.integer("q1.leave_one_out", ("modèles, leave-one-out", "models, leave-one-out"), n),
               answer.integer("q1.k_fold", (f"modèles, {k}-fold", f"models, {k}-fold"), k),
               answer.text("q2.folds", ("plis de test (k-fold)", "test folds (k-fold)"), folds_text(plain)),
               answer.text("q3.folds", ("plis de test (stratifié)", "test folds (stratified)"), folds_text(strat)),
               answer.array("q2.proportions", ("proportions par pli (k-fold) : " + ", ".join(classes),
                                               "proportions per fold (k-fold): " + ", ".join(classes)),
                            [[proportions(labels, f)[c] for c in classes] for f in plain]),
               answer.array("q3.proportions", ("proportions par pli (stratifié) : " + ", ".join(classes),
                                               "proportions per fold (stratified): " + ", ".join(classes)),
                            [[proportions(labels, f)[c] for c in classes] for f in strat])]
    context = {"n": n, "plain": plain, "strat": strat, "classes": sorted(set(labels)),
               "overall": proportions(labels, range(n)), "proportions": proportions,
               "comb": math.comb(n, p)}
    return Solution(params, answers, context)
