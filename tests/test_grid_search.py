"""grid_search against scikit-learn itself: the printed Python runs, and every count, best_params_,
best_score_ and best_index_ is what a fitted GridSearchCV reports, fits being counted by the
estimator (an independent count, not read from cv_results_)."""

import ast
import contextlib
import io
import json
import re
import warnings

import numpy as np
import pytest

import sklearn  # the test extra installs it: a missing scikit-learn fails, never skips
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, LeaveOneOut, ParameterGrid, cross_val_score

from tdgrad import answers as answer_key
from tdgrad import batch, spec
from tdgrad.errors import SpecError
from tdgrad.exercises import grid_search
from tdgrad.pipeline import documents, make_variant
from tdgrad.student.grade import grade_one
from test_exercises import one_exercise_spec


def model_class(name):
    import importlib
    return getattr(importlib.import_module(grid_search.MODELS[name]["module"]), name)


def data(n):
    """n points in two classes, alternating, so stratified folds are balanced."""
    rng = np.random.default_rng(0)
    y = np.arange(n) % 2
    return rng.normal(size=(n, 2)) + y[:, None], y


def printed_code(tex):
    return "\n".join(re.findall(r"\\begin\{verbatim\}\n(.*?)\\end\{verbatim\}", tex, re.S))


def key(params):
    """A combination as a hashable key; tuples (layer sizes) and lists compare equal."""
    return json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in sorted(params.items())})


def table_estimator(name, table):
    """The real model class, but fit only counts and score is the table's mean score."""
    counter = {"fits": 0}

    class Table(model_class(name)):
        def fit(self, X, y):
            counter["fits"] += 1
            self.classes_ = np.unique(y)
            return self

        def score(self, X, y):
            return table[key({p: self.get_params()[p] for p in names})]

    names = [p for p in json.loads(next(iter(table)))]
    return Table, counter


def statement_grid(tex):
    """The grid as the sheet prints it, read by running the printed Python's grid literal."""
    source = re.search(r"^grid = \{\n.*?^\}", printed_code(tex), re.S | re.M).group()
    namespace = {}
    exec(source, namespace)  # the sheet's own text, written by tdgrad: no student input here
    return namespace["grid"]


# n = 30: the outer training part of a nested search still holds k = 10 examples of each class
VARIANTS = [(seed, {"n": 30}) for seed in range(4)] + [
    (0, {"model": "SVC", "grid": {"C": [1, 10], "kernel": ["rbf", "poly"]}, "scores": [0.7, 0.9, 0.9, 0.8],
         "k": 3, "n": 30, "outer_k": 2})]


@pytest.mark.parametrize("seed, fields", VARIANTS)
def test_counts_and_winner_are_scikit_learns(seed, fields):
    variant = make_variant(one_exercise_spec("grid_search", fields), seed=seed)
    ex = variant.exercises[0]
    p, a = ex.solution.params, ex.solution.answers
    grid = statement_grid(documents(variant)["enonce"])
    combos = list(ParameterGrid(grid))
    assert a["q1.combinations"].value == len(combos)
    table = {key(c): s for c, s in zip(combos, p["scores"])}
    assert len(table) == len(combos)
    Table, counter = table_estimator(p["model"], table)
    X, y = data(p["n"])

    search = GridSearchCV(Table(), grid, cv=p["k"]).fit(X, y)
    assert counter["fits"] == a["q2.fits"].value
    r = search.cv_results_
    assert len(r["params"]) == len(combos)
    assert len([c for c in r if re.fullmatch(r"split\d+_test_score", c)]) == p["k"]
    assert search.best_index_ == a["q3.best_index"].value
    assert search.best_score_ == pytest.approx(a["q3.best_score"].value, abs=1e-12)
    assert key(search.best_params_) == key({q.split(".")[-1]: ast.literal_eval(v.value) if v.type == "text"
                                            else v.exact for q, v in a.items() if q.startswith("q3.best_params.")})
    # the table as laid out on the sheet is ParameterGrid's order, row by row
    c = ex.solution.context
    cells = [(labels, j, score, i) for labels, row in c["rows"] for j, (score, i) in enumerate(row)]
    assert [i for *_, i in cells] == list(range(len(combos)))
    for labels, j, score, i in cells:
        assert score == pytest.approx(r["mean_test_score"][i], abs=1e-12)
        shown = [grid_search.literal(list(v) if isinstance(v, tuple) else v) for v in combos[i].values()]
        assert shown == labels + [c["columns"][j]]

    counter["fits"] = 0
    GridSearchCV(Table(), grid, cv=LeaveOneOut()).fit(X, y)
    assert counter["fits"] == a["q4.loo_fits"].value

    if p["outer_k"]:
        counter["fits"] = 0
        cross_val_score(GridSearchCV(Table(), grid, cv=p["k"]), X, y, cv=p["outer_k"])
        assert counter["fits"] == a["q5.nested_fits"].value
    else:
        assert "q5.nested_fits" not in a


def test_ties_go_to_the_first_in_parameter_grid_order(root):
    """The example's table has 0.91 twice (indices 14 and 22): scikit-learn keeps 14."""
    s = spec.load(root / "examples/td-hyperparametres.toml")
    variant = make_variant(s)
    ex = variant.exercises[0]
    scores = ex.solution.params["scores"]
    assert [i for i, v in enumerate(scores) if v == max(scores)] == [14, 22]
    grid = statement_grid(documents(variant)["enonce"])
    table = {key(c): v for c, v in zip(ParameterGrid(grid), scores)}
    Table, _ = table_estimator("SVC", table)
    search = GridSearchCV(Table(), grid, cv=3).fit(*data(12))
    assert search.best_index_ == 14 == ex.solution.answers["q3.best_index"].value
    assert list(search.cv_results_["rank_test_score"][[14, 22]]) == [1, 1]
    assert "14 et non 22" in documents(variant)["corrige"].replace("\\VAR", "")


@pytest.mark.parametrize("name", list(grid_search.MODELS))
def test_printed_python_runs(name):
    """Every line the correction prints, run as printed with the model's own fits, on a small
    grid (the catalog's first values) and few examples so the suite stays fast; the MLP, slow to
    fit, skips the nested question (the same printed line runs for the other models)."""
    names = list(grid_search.MODELS[name]["grid"])[:2]
    rows = 4 if name == "MLPClassifier" else 8
    fields = {"model": name, "grid": {n: grid_search.MODELS[name]["grid"][n][:2] for n in names},
              "k": 2, "n": rows, "outer_k": 0 if name == "MLPClassifier" else 2}
    variant = make_variant(one_exercise_spec("grid_search", fields), seed=1, lang="en")
    a = variant.exercises[0].solution.answers
    X, y = data(rows)
    namespace = {"X": X, "y": y}
    out = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(out):
        warnings.simplefilter("ignore")  # convergence warnings on 12 points
        exec(printed_code(documents(variant)["corrige"]), namespace)
    printed = out.getvalue().splitlines()
    assert printed[1] == str(a["q1.combinations"].value)  # print(len(ParameterGrid(grid)))
    assert isinstance(namespace["model_cv"].best_params_, dict)
    assert len(namespace["loo_cv"].cv_results_["params"]) == a["q1.combinations"].value
    assert len([c for c in namespace["loo_cv"].cv_results_ if c.startswith("split")
                and c.endswith("_test_score")]) == rows  # leave-one-out: one fold per example
    if fields["outer_k"]:
        assert len(namespace["outer"]) == 2


def test_the_example_prints_its_counts(root):
    variant = make_variant(spec.load(root / "examples/td-hyperparametres.toml"))
    tex = documents(variant)["corrige"]
    # 4·3·2 = 24 combinations, 10 folds, n = 150, 5 outer folds
    assert "print(len(ParameterGrid(grid)))  # 24" in tex
    assert "# 24 * 150 + 1 = 3601 fits" in tex and "# 1205 fits" in tex  # 5·(24·10 + 1)
    assert "24 \\times 10 + 1 = 241" in tex


@pytest.mark.parametrize("name", list(grid_search.MODELS))
def test_catalog_names_and_values_are_the_models_own(name):
    """The hyperparameter names are the model's get_params() names, and every catalog value is
    accepted by fit without a deprecation warning (5 iterations: validity, not convergence)."""
    model = eval(grid_search.MODELS[name]["call"], {name: model_class(name)})  # tdgrad's own literal
    assert grid_search.MODELS[name]["params"] == tuple(sorted(model.get_params()))
    X, y = data(12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a deprecated value (penalty="l1") would fail here
        warnings.simplefilter("ignore", category=sklearn.exceptions.ConvergenceWarning)
        for hyper, values in grid_search.MODELS[name]["grid"].items():
            for v in values:
                quick = {"max_iter": 5} if "max_iter" in grid_search.MODELS[name]["params"] else {}
                clone(model).set_params(**quick, **{hyper: tuple(v) if isinstance(v, list) else v}).fit(X, y)


def test_lectures_grids_as_printed():
    """Seed 004's slide: the first grid has 5 × 2 = 10 combinations once "12"/"11" are read as
    "l2"/"l1"; the second writes 'alpha': [10.0 ** -np.arange(1, 7)], a list holding ONE array, so
    ParameterGrid counts 3 × 3 × 1 × 3 = 27 combinations where 3 × 3 × 6 × 3 = 162 were meant
    (and "Tanh" is not an MLPClassifier activation: "tanh" is); the third has 4 × 4 × 3 = 48."""
    assert len(ParameterGrid({"C": [0.0001, 0.001, 0.01, 0.1, 1.0], "penalty": ["l2", "l1"]})) == 10
    as_printed = {"learning_rate": ["constant", "invscaling", "adaptive"],
                  "hidden_layer_sizes": [(100, 1), (100, 2), (100, 3)],
                  "alpha": [10.0 ** -np.arange(1, 7)], "activation": ["logistic", "relu", "Tanh"]}
    assert len(ParameterGrid(as_printed)) == 27
    assert len(ParameterGrid({**as_printed, "alpha": list(10.0 ** -np.arange(1, 7))})) == 162
    assert len(ParameterGrid({"C": [0.1, 1, 10, 100], "gamma": [1, 0.1, 0.01, 0.001],
                              "kernel": ["rbf", "poly", "sigmoid"]})) == 48


@pytest.mark.parametrize("lines, field, words", [
    ('grid = { C = [1, 2], kernel = ["rbf", "poly"] }', "grid", "give the model"),
    ('model = "SVC"\ngrid = { C = [1, 2], colour = ["a", "b"] }', "grid.colour", "not a hyperparameter of SVC"),
    ('model = "SVC"\ngrid = { C = [1, 2], kernal = ["a", "b"] }', "grid.kernal", "did you mean 'kernel'"),
    ('model = "SVC"\ngrid = { C = [1, 2] }', "grid", "2 or 3 hyperparameters"),
    ('model = "SVC"\ngrid = { C = [1, 1.0], kernel = ["rbf", "poly"] }', "grid.C", "listed twice"),
    ('model = "SVC"\ngrid = { C = [1], kernel = ["rbf", "poly"] }', "grid.C", "2 to 6 values"),
    ('model = "SVC"\ngrid = { C = [1, {}], kernel = ["rbf", "poly"] }', "grid.C", "2 to 6 values"),
    ('model = "SVC"\ngrid = { C = [1, 2, 3, 4, 5, 6], gamma = [1, 2, 3, 4, 5, 6], kernel = ["rbf", "poly"] }',
     "grid", "72 combinations"),
    ('model = "SVC"\ngrid = { C = [1, 2], kernel = ["rbf", "poly"] }\nscores = [0.5, 0.6, 0.7, 0.8, 0.9]',
     "scores", "expected 4 mean scores"),
    ("scores = [0.5, nan, 0.7, 0.8]", "scores[1]", "finite"),
    ("k = 5\nn = 3", "n", "integer in [5, 100000]"),
    ("n = 3", "n", ""),  # k drawn: 3, 4, 5 or 10; only a draw of 3 lets n = 3 through
    ("outer_k = 1", "outer_k", "at least 2 outer folds"),
    ('model = "Ridge"', "model", "expected one of"),
    ("folds = 3", "", "unknown field 'folds'"),
])
def test_bad_specs_name_the_field(tmp_path, lines, field, words):
    path = tmp_path / "td.toml"
    path.write_text(f'title = "x"\n[[exercise]]\nkind = "grid_search"\n{lines}\n', encoding="utf-8")
    where = rf"td\.toml: exercise 1 \(grid_search\): " + (rf"field '{re.escape(field)}': " if field else "")
    if field == "n" and not words:  # drawn k: either a clean error or k = 3
        try:
            variants = [make_variant(spec.load(path), seed=s) for s in range(8)]
        except SpecError as exc:
            assert re.match(where + "expected at least k = ", str(exc))
        else:
            assert all(v.exercises[0].solution.params["k"] == 3 for v in variants)
        return
    with pytest.raises(SpecError, match=where + ".*" + re.escape(words)):
        make_variant(spec.load(path))


def test_no_nested_question_when_outer_k_is_zero():
    variant = make_variant(one_exercise_spec("grid_search", {"outer_k": 0}))
    assert "q5.nested_fits" not in variant.exercises[0].solution.answers
    assert "cross\\_val\\_score" not in documents(variant)["enonce"]


def test_batch_key_moodle_and_grading(tmp_path):
    s = one_exercise_spec("grid_search")
    target = batch.run(s, 4, tmp_path, seed=2, tex_only=True, quiet=True)
    key = json.loads((target / "answer-key.json").read_text())
    answers = {k.split(":", 1)[1]: a for k, a in answer_key.table(key["variants"][0]).items()}
    fits = answers["q2.fits"]
    rows = (target / "answer-key.csv").read_text().splitlines()
    assert any(r.startswith("V001,1,q2.fits,") and f",integer,{fits.value}," in r for r in rows)
    moodle = (target / "moodle.xml").read_text()
    assert moodle.count('type="cloze"') == 4 and "q2.fits" not in moodle
    assert re.search(rf"nombre d'entraînements = {{\d+:NUMERICAL:={fits.value}:0}}", moodle)
    count, k = answers["q1.combinations"].value, key["variants"][0]["exercises"][0]["params"]["k"]
    assert fits.value == count * k + 1
    # a hurried French student: products written out, a decimal comma, the refit forgotten
    assert grade_one(fits, f"{count}×{k}+1").verdict == "correct"
    assert grade_one(fits, f"{count} * {k} + 1").verdict == "correct"
    assert grade_one(fits, str(count * k)).verdict == "wrong"
    best = answers["q3.best_score"]
    assert grade_one(best, str(best.value).replace(".", ",")).verdict == "correct"
    assert grade_one(best, f"{best.value - 0.01:.2f}").verdict == "wrong"


def test_same_seed_same_tex():
    s = one_exercise_spec("grid_search")
    assert documents(make_variant(s, seed=5)) == documents(make_variant(s, seed=5))
    assert documents(make_variant(s, seed=5)) != documents(make_variant(s, seed=6))


@pytest.mark.parametrize("typed, verdict", [("rbf", "correct"), ("'rbf'", "correct"), ('"RBF"', "correct"),
                                            (" rbf ", "correct"), ("rbfx", "wrong"), ("linear", "wrong")])
def test_a_hyperparameter_name_is_graded_with_or_without_quotes(typed, verdict):
    from tdgrad import answers
    from tdgrad.student.grade import grade_one
    key = answers.text("q3.best_kernel", "kernel", repr("rbf"))  # as Python prints best_params_
    assert grade_one(key, typed).verdict == verdict
