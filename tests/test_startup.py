"""`tdgrad check` and `tdgrad equiv` start fast: a plain number needs neither SymPy nor numpy.

The speed itself is measured by bench/bench_cli.py; here, what each path imports (in a fresh
interpreter) and that the fast number path gives exactly the reader's verdict.
"""

import json
import random
import subprocess
import sys
from fractions import Fraction

import pytest

from tdgrad import answers
from tdgrad.student import numbers
from tdgrad.student.grade import _number
from tdgrad.student.number_grade import grade_plain
from tdgrad.student.read import read

WEB = ("jinja2", "starlette", "uvicorn", "sqlalchemy", "psycopg")
HEAVY = ("sympy", "numpy", "mpmath")


@pytest.fixture
def key(tmp_path):
    """A key written by hand: L = 0.0336 (about), n = 12, an expression x·σ(ax)(1 − σ(ax))."""
    table = [answers.number("q1.loss", "L", 0.033594), answers.integer("q2.n", "n", 12),
             answers.expression("q3.da", "dy/da", "x*sigmoid(a*x)*(1 - sigmoid(a*x))",
                                variables=("a", "x"))]
    data = {"format": answers.FORMAT, "version": answers.VERSION, "seed": 7,
            "exercises": [{"exercise": 1, "answers": [answers.to_json(a) for a in table]}]}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run_cli(*argv):
    """tdgrad's main in a fresh interpreter; its exit code, output and the modules it imported."""
    script = ("import sys, json\nfrom tdgrad import cli\ncode = cli.main(sys.argv[1:])\n"
              "print(json.dumps(sorted(sys.modules)))\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True)
    *out, modules = done.stdout.strip().splitlines()
    loaded = set(json.loads(modules))
    return done.returncode, "\n".join(out), loaded | {m.split(".")[0] for m in loaded}


@pytest.mark.parametrize("answer, code, said", [
    ("0,0336", 0, "correct"), ("0.034", 0, "correct"),  # 0.034 is within 1 % of 0.033594
    ("−0,0336", 1, "signe"), ("0,05", 1, "attendu environ 0,0336"),
])
def test_a_number_is_checked_without_sympy_numpy_or_the_web(key, answer, code, said):
    rc, out, modules = run_cli("check", str(key), "1:q1.loss", answer)
    assert (rc, said in out) == (code, True), out
    assert not modules & (set(HEAVY) | set(WEB)), modules & (set(HEAVY) | set(WEB))


def test_an_integer_and_json_output_without_sympy(key):
    rc, out, modules = run_cli("check", str(key), "1:q2.n", "-12", "--json")
    assert rc == 1 and json.loads(out) == {"verdict": "wrong", "feedback": "attendu environ 12",
                                           "points": 0.0, "read_as": "-12"}
    assert not modules & set(HEAVY)


@pytest.mark.parametrize("answer, code, said", [
    ("x σ(ax)(1 − σ(ax))", 0, "correct"),
    ("x σ(ax)(1 − σ(ax)) + sqrt(x²) - |x|", 0, "correct: égalité vérifiée numériquement, non prouvée"),
    (r"\frac{x e^{-ax}}{(1+e^{-ax})^2}", 0, "correct"),
    ("σ(ax)(1 − σ(ax))", 1, "il manque le facteur x"),
    ("-x σ(ax)(1 − σ(ax))", 1, "le signe est opposé"),
    ("x σ(ax)", 1, "il manque le facteur 1 − σ(a·x)"),
    ("x σ(ax)(1 + σ(ax))", 1, "faux: en a = "),
    ("x σ(ax", 2, "illisible"),
])
def test_an_expression_is_checked_without_sympy(key, answer, code, said):
    """student/floats.py; tests/test_floats.py holds it to the SymPy path's verdicts."""
    rc, out, modules = run_cli("check", str(key), "1:q3.da", answer)
    assert (rc, said in out) == (code, True), out
    assert not modules & {"sympy", "mpmath", *WEB}


def test_a_proven_answer_reads_correct_without_a_caveat(key):
    """identity.py proves x σ(ax)(1 − σ(ax)) = the key: "correct", not "checked numerically, not proven"."""
    rc, out, modules = run_cli("check", str(key), "1:q3.da", "x σ(ax)(1 − σ(ax))")
    assert (rc, out) == (0, "correct") and "sympy" not in modules


@pytest.mark.parametrize("argv", [
    ("check", "{key}", "1:q3.da", "x σ(ax)(1 − σ(ax))", "--json"), ("check", "{key}", "1:q2.n", "3*4"),
    ("equiv", "sqrt(x)^2", "x"), ("equiv", "2x", "x+x", "--json"),
])
def test_what_needs_sympy_still_leaves_the_web_out(key, argv):
    rc, out, modules = run_cli(*(a.format(key=key) for a in argv))
    assert rc == 0, out
    assert "sympy" in modules and not modules & set(WEB)


@pytest.mark.parametrize("argv, code, said", [
    (("σ(x)(1-σ(x))", "e^(-x)/(1+e^(-x))^2"), 0, "équivalentes\n  égales en 256 points tirés au hasard ; la différence est nulle"),
    (("2x", "x+x"), 0, "équivalentes"),
    (("relu(x)", "x H(x)"), 0, "de chaque côté de x = 0"),
    (("ln σ(x)", "-softplus(-x)"), 0, "une fois ses logarithmes réunis en un seul"),
    (("-σ(x)", "σ(x)"), 1, "le signe est opposé"),
    (("σ(x)(1-σ(x))", "x σ(x)(1-σ(x))"), 1, "il manque le facteur x"),
    (("x", "(x+1)(x-1)"), 1, "non équivalentes"),
    (("x σ(x", "x"), 2, ""),  # the refusal goes to stderr
])
def test_two_expressions_are_compared_without_sympy(argv, code, said):
    """student/floats.judge and identity.zero; tests/test_fast_equiv.py holds them to SymPy's verdicts."""
    rc, out, modules = run_cli("equiv", *argv)
    assert (rc, said in out) == (code, True), out
    assert not modules & {"sympy", "mpmath", *WEB}


def test_a_first_expression_check_leaves_numpys_lazy_parts_unloaded():
    script = ("import sys, json\nfrom tdgrad import answers\nfrom tdgrad.student.grade import grade_one\n"
              "ref = answers.expression('q', 'y', 'x*sigmoid(a*x)*(1 - sigmoid(a*x))', variables=('a', 'x'))\n"
              "print(grade_one(ref, 'x σ(ax)(1 − σ(ax))').verdict, json.dumps(sorted(sys.modules)))")
    verdict, modules = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                      check=True).stdout.split(" ", 1)
    assert verdict == "correct" and not set(json.loads(modules)) & {"numpy.f2py", "numpy.testing", "unittest"}


@pytest.mark.parametrize("text", [
    "x*sigmoid(a*x)*(1-sigmoid(a*x))", "relu(x) + |x| + sign(x) + H(x) + softplus(x)", "max(x, 0) + min(x, 1)",
    "1 si x > 0, 0 sinon", "arcsin(x) + arctanh(x) + sech(x) + csch(x) + coth(x) + sec(x) + csc(x) + cot(x)",
    "\\sqrt[3]{x} + sqrt(x) + log(x, 2) + ln(x) + e^x + x^(1/3) + (-1)^n", "1(x > 0) + pi",
])
def test_compiled_with_the_numpy_module_as_with_its_name(text):
    import inspect

    import numpy as np
    import sympy as sp

    from tdgrad.functions import NUMPY, compile

    expr = read(text)
    symbols = sorted(expr.free_symbols, key=str)
    ours, named = compile(symbols, expr), sp.lambdify(symbols, expr, modules=[NUMPY, "numpy"])
    assert inspect.getsource(ours) == inspect.getsource(named)
    assert all(ours.__globals__[n] is named.__globals__[n] for n in ours.__code__.co_names)
    points = np.random.default_rng(0).standard_normal((64, len(symbols))) * 3
    with np.errstate(all="ignore"):
        assert np.array_equal(np.asarray(ours(*points.T)), np.asarray(named(*points.T)), equal_nan=True)


def _hurried(rng: random.Random) -> str:
    """A number as a hurried French student types it, or something close to one."""
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 17)))
    cut = rng.randint(0, len(digits))
    text = digits[:cut] + (rng.choice([",", ".", ",", "{,}", ", ", ""]) + digits[cut:] if cut < len(digits) else "")
    return (rng.choice(["", "", "-", "−", "+", "- ", "≈"]) + text
            + rng.choice(["", "", " ", ".", "e-3", "\n", "%", " x"]))


CORPUS = ["0,0336", "0.0336", "-12", "12", "007", "00,5", "1 234,5", ".5", "12.", "5,", "3,0e-2", "٣", "１２",
          "0,5\t", "999999999999", "1000000000000", "0.1234567890123456789", "0,12345678901234", "-0",
          "+0,5", " 0,0336 ", "0{,}0336", "1,000", "1.000", "12,345"]
CORPUS += [_hurried(random.Random(i)) for i in range(400)]


@pytest.mark.parametrize("text", CORPUS)
def test_a_plain_decimal_is_the_number_the_reader_reads(text):
    value = numbers.plain(text)
    if value is None:
        return
    expr = read(text)
    assert expr.is_Rational and value == Fraction(int(expr.p), int(expr.q))


@pytest.mark.parametrize("ref", [answers.number("q", "x", 0.033594), answers.number("q", "x", -2.5),
                                 answers.number("q", "x", 5.8e-5), answers.integer("q", "n", 12),
                                 answers.integer("q", "n", 0)])
def test_the_fast_verdict_is_the_readers_verdict(ref):
    tried = 0
    for text in CORPUS + ["0,034", "-0,0336", "0,0672", "0,0168", "-2,5", "2,5", "-5", "0,000058", "-12",
                          "24", "6", "0"]:
        fast = grade_plain(ref, text, "fr")
        if fast is not None:
            tried += 1
            assert fast == _number(ref, text, "fr"), text
    assert tried > 60  # a fifth of the corpus is plain: the comparison is not vacuous


def test_plain_decimals_and_what_is_left_to_the_reader():
    assert [numbers.plain(t) for t in ("0,0336", "−2", " 3.50 ", "0")] == [
        Fraction(336, 10000), Fraction(-2), Fraction(7, 2), Fraction(0)]
    for text in ("3/4", "1e-3", "007", ".5", "1 234,5", "١", "0,5.", "2x", "12345678901234567"):
        assert numbers.plain(text) is None, text


def test_equiv_of_two_numbers_without_sympy():
    rc, out, modules = run_cli("equiv", "0,5", "0.25", "--json")
    assert rc == 1 and json.loads(out) == {  # 0.5 / 0.25 = 2: "off by a factor 2"
        "verdict": "not equivalent", "reason": "different numbers: 1/2 ≠ 1/4",
        "mistake": {"code": "factor", "factor": "2"}, "read_as": ["1/2", "1/4"]}
    assert not modules & (set(HEAVY) | set(WEB))
    rc, out, modules = run_cli("equiv", "−0,50", "-1/2")  # a fraction is read by the reader
    assert rc == 0 and "sympy" in modules


@pytest.mark.parametrize("first, second", [
    ("0,5", "0.5"), ("0,5", "0,25"), ("2", "-2"), ("3", "6"), ("0", "0"), ("0,1", "0"), ("0", "0,1"),
    ("1,5", "4,5"), ("1", "1,0000001"), ("-0", "0"), ("0,0336", "0,0335"), ("12", "12,000"),
])
def test_two_plain_numbers_get_the_full_verdict(first, second):
    from tdgrad.student.equivalence import judge
    from tdgrad.student.verdict import rationals

    fast, full = rationals(numbers.plain(first), numbers.plain(second)), judge(first, second)
    assert fast.json() == full.json() and fast.details.get("values") == full.details.get("values")
