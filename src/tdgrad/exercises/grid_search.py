"""Hyperparameter tuning with GridSearchCV: combinations, fits, and the winner (seed 004, lecture).

Trains: counting what ``GridSearchCV(model, grid, cv=k)`` does — one combination per element of the
product of the value lists, k fits per combination plus the final refit on all the data, n fits per
combination with leave-one-out, k_out × (combinations × k + 1) with nested cross-validation — and
reading ``best_params_`` and ``best_score_`` in a table of mean validation scores. Mistakes it
targets: adding the value counts instead of multiplying them, forgetting the refit, forgetting that
leave-one-out means k = n, counting the nested search's inner refits wrong. Ties go to the first
combination in ``ParameterGrid`` order (names sorted, the last name varying fastest), as
scikit-learn's ``rank_test_score`` (rank "min") and ``argmin`` do; the table is laid out in that
order, read row by row. Drawn scores are distinct, so a drawn table has no tie.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import product

from tdgrad import answers as answer
from tdgrad.exercises.base import Solution
from tdgrad.schema import Choice, Integer, Invalid, ListOf, Number, Type, suggest
from tdgrad.spec import Fields

KIND = "grid_search"
SUMMARY = "GridSearchCV: combinations, fits (k-fold, leave-one-out, nested), best_params_, best_score_"
TITLE = {"fr": "Réglage des hyperparamètres (GridSearchCV)",
         "en": "Hyperparameter tuning (GridSearchCV)"}

MAX_COMBINATIONS = 36  # beyond, the score table is no longer read by hand
DRAWN_COMBINATIONS = 24
FOLDS, EXAMPLES, OUTER = (3, 4, 5, 10), (30, 40, 50, 60, 80, 100, 120, 150, 200), (3, 5)
SCORES = tuple(round(0.55 + 0.01 * i, 2) for i in range(43))  # 0.55 … 0.97, hand-readable

# The lecture's grids (seed 004), on models whose fits are quick; "params" are each model's
# hyperparameters (its get_params() names), against which a spec's grid is checked.
# LogisticRegression: scikit-learn 1.8 deprecated penalty="l2"/"l1" for l1_ratio=0/1.
MODELS = {
    "LogisticRegression": {
        "module": "sklearn.linear_model", "call": 'LogisticRegression(solver="liblinear")',
        "note": {"fr": "l1_ratio=0 : pénalité L2, l1_ratio=1 : pénalité L1 (autrefois penalty=\"l2\", \"l1\")",
                 "en": "l1_ratio=0: L2 penalty, l1_ratio=1: L1 penalty (formerly penalty=\"l2\", \"l1\")"},
        "grid": {"C": [0.0001, 0.001, 0.01, 0.1, 1.0, 10.0], "l1_ratio": [0.0, 1.0],
                 "fit_intercept": [True, False]},
        "params": ("C", "class_weight", "dual", "fit_intercept", "intercept_scaling", "l1_ratio",
                   "max_iter", "n_jobs", "penalty", "random_state", "solver", "tol", "verbose",
                   "warm_start")},
    "SVC": {
        "module": "sklearn.svm", "call": "SVC()",
        "grid": {"C": [0.1, 1, 10, 100], "gamma": [1, 0.1, 0.01, 0.001],
                 "kernel": ["rbf", "poly", "sigmoid"]},
        "params": ("C", "break_ties", "cache_size", "class_weight", "coef0",
                   "decision_function_shape", "degree", "gamma", "kernel", "max_iter",
                   "probability", "random_state", "shrinking", "tol", "verbose")},
    "KNeighborsClassifier": {
        "module": "sklearn.neighbors", "call": "KNeighborsClassifier()",
        "grid": {"n_neighbors": [1, 3, 5, 7, 9, 11], "weights": ["uniform", "distance"], "p": [1, 2]},
        "params": ("algorithm", "leaf_size", "metric", "metric_params", "n_jobs", "n_neighbors", "p",
                   "weights")},
    "DecisionTreeClassifier": {
        "module": "sklearn.tree", "call": "DecisionTreeClassifier(random_state=0)",
        "grid": {"max_depth": [1, 2, 3, 4, 5, 6], "min_samples_leaf": [1, 2, 5, 10],
                 "criterion": ["gini", "entropy"]},
        "params": ("ccp_alpha", "class_weight", "criterion", "max_depth", "max_features",
                   "max_leaf_nodes", "min_impurity_decrease", "min_samples_leaf",
                   "min_samples_split", "min_weight_fraction_leaf", "monotonic_cst",
                   "random_state", "splitter")},
    "MLPClassifier": {
        "module": "sklearn.neural_network",
        "call": 'MLPClassifier(solver="lbfgs", random_state=0)',  # lbfgs: quick on small data sets
        "grid": {"hidden_layer_sizes": [[10], [50], [100], [50, 50]],
                 "activation": ["logistic", "tanh", "relu"], "alpha": [0.0001, 0.001, 0.01, 0.1]},
        "params": ("activation", "alpha", "batch_size", "beta_1", "beta_2", "early_stopping",
                   "epsilon", "hidden_layer_sizes", "learning_rate", "learning_rate_init",
                   "max_fun", "max_iter", "momentum", "n_iter_no_change", "nesterovs_momentum",
                   "power_t", "random_state", "shuffle", "solver", "tol", "validation_fraction",
                   "verbose", "warm_start")},
}


def literal(value) -> str:
    """A grid value as Python source; strings in double quotes (straight in LaTeX's typewriter).

    >>> [literal(v) for v in (0.001, 10, "rbf", True, [50], [50, 20])]
    ['0.001', '10', '"rbf"', 'True', '(50,)', '(50, 20)']
    """
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):  # layer sizes: a tuple, as scikit-learn's examples write them
        return "(" + ", ".join(map(literal, value)) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def _is_value(v) -> bool:
    return (isinstance(v, (bool, int, float, str)) and v != "") or (
        isinstance(v, list) and bool(v) and all(isinstance(u, int) and not isinstance(u, bool)
                                                and u > 0 for u in v))


def _identity(v):
    """What makes two grid values the same model: 1 and 1.0 are, True and 1 are not."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return literal(v)


@dataclass(frozen=True)
class Grid(Type):
    """{ name = [values] }: 2 or 3 hyperparameters of the model in field 'model', 2–6 values each."""

    def check(self, value, known):
        model = known.get("model")
        if model is None:
            raise Invalid(f"give the model these are hyperparameters of: model = one of {', '.join(MODELS)}")
        if not isinstance(value, dict) or not 2 <= len(value) <= 3:
            raise Invalid('expected a table of 2 or 3 hyperparameters, e.g. '
                          'grid = { C = [0.1, 1, 10], kernel = ["rbf", "poly"] }')
        for name, values in value.items():
            if name not in MODELS[model]["params"]:
                raise Invalid(f"not a hyperparameter of {model}{suggest(name, MODELS[model]['params'])} "
                              f"(known: {', '.join(MODELS[model]['params'])})", f".{name}")
            if (not isinstance(values, list) or not 2 <= len(values) <= 6
                    or not all(map(_is_value, values))):
                raise Invalid("expected a list of 2 to 6 values (numbers, text, true/false, or layer "
                              f"sizes such as [50, 20]), got {values!r}", f".{name}")
            if len({_identity(v) for v in values}) != len(values):
                raise Invalid(f"a value is listed twice in {values!r}", f".{name}")
        count = math.prod(len(v) for v in value.values())
        if count > MAX_COMBINATIONS:
            raise Invalid(f"{count} combinations: at most {MAX_COMBINATIONS} fit in a table read by "
                          "hand; give fewer values")
        return value

    def describe(self):
        return ("a table { hyperparameter = [2 to 6 values] } of 2 or 3 of the model's "
                f"hyperparameters, at most {MAX_COMBINATIONS} combinations")


FIELDS = {
    "model": Choice(options=tuple(MODELS), help="the scikit-learn estimator"),
    "grid": Grid(help="needs 'model'"),
    "scores": ListOf(Number(-1000, 1000), 4, MAX_COMBINATIONS,
                     help="mean validation scores, one per combination in ParameterGrid order "
                          "(names sorted, the last varying fastest)"),
    "k": Integer(2, 20, help="folds of the search"),
    "n": Integer("k", 100000, help="examples, at least k"),
    "outer_k": Integer(0, 20, help="outer folds of the nested question (0: no such question, 1 refused)"),
}


def _draw_grid(rng, model: str) -> dict:
    catalog = MODELS[model]["grid"]
    while True:
        names = sorted(catalog)
        chosen = sorted(names[i] for i in rng.choice(len(names), size=int(rng.integers(2, 4)),
                                                     replace=False))
        grid = {}
        for name in chosen:
            values = catalog[name]  # type: ignore[index]  # a dict of lists: MODELS is a literal
            size = int(rng.integers(2, min(6, len(values)) + 1))
            grid[name] = [values[i] for i in sorted(rng.choice(len(values), size, replace=False))]
        if math.prod(len(v) for v in grid.values()) <= DRAWN_COMBINATIONS:
            return grid


def _pick(fields: Fields, key: str, rng, options) -> int:
    value = fields.raw(key)
    return int(options[int(rng.integers(len(options)))]) if value is None else value


def generate(fields: Fields, rng):
    """FIELDS checked each field; here: what depends on several of them or on a draw."""
    model = fields.raw("model")
    if fields.has("grid"):
        grid = {name: values for name, values in sorted(fields.raw("grid").items())}  # as ParameterGrid
    else:
        model = model or sorted(MODELS)[int(rng.integers(len(MODELS)))]
        grid = _draw_grid(rng, model)
    count = math.prod(len(v) for v in grid.values())
    scores = fields.raw("scores")
    if scores is None:
        scores = [SCORES[i] for i in rng.choice(len(SCORES), count, replace=False)]
    elif len(scores) != count:
        raise fields.error("scores", f"expected {count} mean scores, one per combination in "
                           f"ParameterGrid order ({', '.join(grid)}; the last varies fastest), "
                           f"got {len(scores)}")
    k = _pick(fields, "k", rng, FOLDS)
    n = _pick(fields, "n", rng, EXAMPLES)
    if n < k:  # k was drawn: FIELDS could not compare
        raise fields.error("n", f"expected at least k = {k} examples, got {n}")
    outer_k = _pick(fields, "outer_k", rng, OUTER)
    if outer_k == 1:
        raise fields.error("outer_k", "expected 0 (no nested question) or at least 2 outer folds")
    return {"model": model, "grid": grid, "scores": [float(s) for s in scores], "k": k, "n": n,
            "outer_k": outer_k}


def combinations(grid: dict) -> list[dict]:
    """ParameterGrid's order: names sorted, the last one varying fastest."""
    names = sorted(grid)
    return [dict(zip(names, values)) for values in product(*(grid[name] for name in names))]


def _decimals(score: float) -> int:
    """Decimals a score needs (at most 4), so that a column of scores lines up."""
    return next(d for d in range(5) if d == 4 or abs(round(score, d) - score) < 1e-9)


def _read_off(id: str, label, value) -> answer.Answer:
    """A count, a score or a hyperparameter read off the table: graded exactly (a forgotten refit
    is off by one); anything else ('rbf', (10,)) as the text Python prints."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):  # 'rbf', None, (10,)
        return answer.text(id, label, literal(value))
    if isinstance(value, int):
        return answer.integer(id, label, value)
    return answer.number(id, label, value, tolerance=0.0, atol=1e-9)


def solve(params, label):
    grid, scores, k, n, outer_k = (params[key] for key in ("grid", "scores", "k", "n", "outer_k"))
    names = list(grid)
    combos = combinations(grid)
    count = len(combos)
    best = max(range(count), key=lambda i: (scores[i], -i))  # the first of equal scores
    answers = [_read_off("q1.combinations", ("nombre de combinaisons", "number of combinations"), count),
               _read_off("q2.fits", ("nombre d'entraînements", "number of fits"), count * k + 1),
               _read_off("q3.best_index", "best_index_", best),
               _read_off("q3.best_score", "best_score_", scores[best]),
               *(_read_off(f"q3.best_params.{name}", f"best_params_['{name}']", value)
                 for name, value in combos[best].items()),
               _read_off("q4.loo_fits", ("entraînements, leave-one-out", "fits, leave-one-out"), count * n + 1)]
    if outer_k:
        answers.append(_read_off("q5.nested_fits", ("entraînements, validation croisée imbriquée",
                                                    "fits, nested cross-validation"), outer_k * (count * k + 1)))
    width = len(grid[names[-1]])
    rows = [(combos[start], [(scores[i], i) for i in range(start, start + width)])
            for start in range(0, count, width)]
    model = MODELS[params["model"]]
    context = {"names": names, "row_names": names[:-1], "column_name": names[-1],
               "columns": [literal(v) for v in grid[names[-1]]],
               "rows": [([literal(combo[name]) for name in names[:-1]], cells) for combo, cells in rows],
               "sizes": [len(grid[name]) for name in names], "count": count, "best": best,
               "decimals": max(2, *(_decimals(s) for s in scores)),
               "best_text": "{" + ", ".join(f"{json.dumps(name)}: {literal(value)}"
                                            for name, value in combos[best].items()) + "}",
               "tied": [i for i in range(count) if scores[i] == scores[best] and i != best],
               "module": model["module"], "call": model["call"], "name": params["model"],
               "note": model.get("note"),
               "grid_lines": [f"    {json.dumps(name)}: [{', '.join(map(literal, grid[name]))}],"
                              for name in names]}
    return Solution(params, answers, context)
