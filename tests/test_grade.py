"""Grading against generated variants: numbers with tolerance, arrays, expressions, and a class CSV."""

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from tdgrad import pipeline, spec
from tdgrad.answers import find
from tdgrad.answers import load as load_key
from tdgrad.student.grade import grade_one


def load_keys(paths):
    return load_key(paths).tables


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("keys")
    paths = [pipeline.generate(spec.load(root / "examples" / name), out, tex_only=True) / "answers.json"
             for name in ("td1.toml", "td-classification.toml", "td-convolution.toml")]
    return paths, load_keys(paths)


def test_numbers_with_tolerance_and_rounded_intermediates(keys):
    _, k = keys
    _, ref = find(k["1"], "3:q1.loss")
    yhat = np.tanh(0.3 / (1 + np.exp(-1.0)) + 0.9 / (1 + np.exp(-1.1)) + 0.1)
    assert ref.exact == pytest.approx(0.5 * (yhat - 0.5) ** 2)
    assert ref.value == round(0.5 * (yhat - 0.5) ** 2, 4) and ref.label == {"fr": "L", "en": "L"}
    assert grade_one(ref, "0.5*(0.76 - 0.5)^2").verdict == "correct"  # ŷ rounded to 0.76 first
    assert grade_one(ref, "0,0336").verdict == "correct"
    wrong = grade_one(ref, "-0.0336", "en")
    assert wrong.verdict == "wrong" and wrong.mistake == "sign" and wrong.feedback == "the sign is wrong"
    assert grade_one(ref, "0.0672").mistake == "factor"
    assert grade_one(ref, "0.05").verdict == "wrong"
    assert grade_one(ref, "x + ").verdict == "unparsable"


def test_expressions_and_their_values(keys):
    _, k = keys
    _, ref = find(k["1"], "q4.da")
    assert grade_one(ref, "x sigmoid(a x)(1 - sigmoid(a x))").verdict == "correct"
    assert grade_one(ref, r"\frac{x e^{-ax}}{(1+e^{-ax})^2}").verdict == "correct"
    y = 1 / (1 + np.exp(-2.0))
    assert grade_one(ref, f"{y * (1 - y):.4f}").verdict == "correct"
    assert grade_one(ref, "-x sigmoid(a x)(1 - sigmoid(a x))").mistake == "sign"


def test_matrix_answers_and_transposition(keys):
    _, k = keys
    _, ref = find(k["4"], "num.grad_W2")
    r = np.array(ref.exact)
    assert grade_one(ref, json.dumps(np.round(r, 4).tolist())).verdict == "correct"
    t = grade_one(ref, json.dumps(r.T.tolist()), "en")
    assert t.verdict == "wrong" and t.mistake == "transposed"
    assert grade_one(ref, json.dumps((-r).tolist())).mistake == "sign"


def test_onehot_off_by_one(keys):
    _, k = keys
    _, ref = find(k["4"], "num.grad_oa")
    r = np.array(ref.exact)
    y = int(np.flatnonzero(r < 0)[0])
    os_ = r + np.eye(len(r))[y]
    shifted = os_ - np.eye(len(r))[(y - 1) % len(r)]
    assert grade_one(ref, json.dumps(shifted.tolist())).mistake == "off_by_one"


def test_class_csv_report(keys, tmp_path):
    paths, _ = keys
    rows = [("ana", "1", "3:q1.loss", "0.0336"), ("ana", "1", "q4.da", "x sigmoid(a x)(1-sigmoid(a x))"),
            ("bob", "1", "3:q1.loss", "-0.0336"), ("bob", "1", "q4.da", "a sigmoid(a x)(1-sigmoid(a x))"),
            ("cyd", "1", "3:q1.loss", "__import__('os')"), ("cyd", "9", "3:q1.loss", "1")]
    answers = tmp_path / "answers.csv"
    with open(answers, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "variant", "question", "answer"])
        w.writerows(rows)
    out = tmp_path / "report.csv"
    r = subprocess.run([sys.executable, "-m", "tdgrad", "grade", str(answers), "--key", str(paths[0]),
                        "--out", str(out), "--lang", "en"], capture_output=True, text=True)
    assert r.returncode == 2 and "answers.csv:7: variant (B): unknown variant '9'" in r.stderr, r.stderr
    report = list(csv.DictReader(open(out)))
    assert [row["verdict"] for row in report] == ["correct", "correct", "wrong", "wrong", "unreadable", "undecided"]
    assert report[2]["feedback"] == "the sign is wrong"
    totals = {row["student"]: float(row["points"]) for row in csv.DictReader(open(tmp_path / "report-students.csv"))}
    assert totals == {"ana": 2.0, "bob": 0.0, "cyd": 0.0}
    questions = {row["question"]: row for row in csv.DictReader(open(tmp_path / "report-questions.csv"))}
    assert questions["3:q1.loss"]["common_mistake"] == "the sign is wrong"


def test_check_command_exit_codes(keys):
    paths, _ = keys
    def run(*a):
        return subprocess.run([sys.executable, "-m", "tdgrad", "check", str(paths[0]), *a], capture_output=True, text=True)
    assert run("3:q1.loss", "0.0336").returncode == 0
    assert run("3:q1.loss", "-0.0336").returncode == 1
    assert run("3:q1.loss", "x +").returncode == 2


@pytest.mark.parametrize("question, answer, verdict, mistake", [
    ("q10.grad_W2", "np.outer(os - np.eye(m)[y], hs)", "correct", None),
    ("q10.grad_W2", "np.outer(grad_oa, hs)", "correct", None),
    ("q10.grad_W2", "np.outer(hs, grad_oa)", "wrong", "transposed"),
    ("q8.grad_oa", "os - np.eye(m)[y-1]", "wrong", None),  # seed 001's 1-based classes
    ("q12.grad_hs", "W2 @ grad_oa", "wrong", None),
    ("q14.grad_ha", "grad_hs * (ha > 0)", "correct", None),
    ("q16.grad_W1", "np.outer(grad_ha, x)", "correct", None),
])
def test_numpy_one_liners_are_graded_by_walking_them(keys, question, answer, verdict, mistake):
    _, k = keys
    _, ref = find(k["4"], question)
    r = grade_one(ref, answer, "en")
    assert r.verdict == verdict and (mistake is None or r.mistake == mistake)
