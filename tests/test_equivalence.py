import math
import subprocess
import sys

import pytest

from tdgrad.student.equivalence import equivalent
from tdgrad.student.read import read


@pytest.mark.parametrize("a, b", [
    ("sigmoid(x)(1 - sigmoid(x))", "e^(-x)/(1+e^(-x))^2"),
    ("1 - tanh(x)^2", "4/(e^x + e^(-x))^2"),
    ("relu(x)", "max(0, x)"), ("relu(x)", "x H(x)"), ("abs(x)", "x sign(x)"),
    ("log(sigmoid(x))", "-softplus(-x)"), ("sigmoid(x)", "(tanh(x/2) + 1)/2"),
])
def test_equivalent_pairs(a, b):
    assert equivalent(read(a), read(b)).verdict == "equivalent"


@pytest.mark.parametrize("a, b, side", [
    ("relu(x)", "x", "negative"),  # equal for x > 0: the kink must be crossed
    ("x H(x)", "x", "negative"),
    ("max(0, x - 3)", "x - 3", "below 3"),
    ("abs(x)", "x", "negative"),
])
def test_a_wrong_answer_on_one_side_of_a_kink_is_caught(a, b, side):
    v = equivalent(read(a), read(b))
    assert v.verdict == "not equivalent"
    (value,) = v.point.values()
    assert value < (3 if side == "below 3" else 0)
    assert v.values[0] != v.values[1]


@pytest.mark.parametrize("student, reference, code", [
    ("-x*(y - w x)", "x*(y - w x)", "sign"),
    ("2 sigmoid(x)", "sigmoid(x)", "factor"),
    ("(h - y)", "(h - y)(1 - tanh(a)^2)", "missing_factor"),  # forgot tanh′
    ("(h-y) h", "(h-y) h (1 - h)", "missing_factor"),
    ("-e v_1 x_1 H(a_1)", "-e (v_1 x_1 H(a_1) + v_2 x_2 H(a_2))", "missing_term"),  # one path only
])
def test_usual_mistakes_are_named(student, reference, code):
    v = equivalent(read(student), read(reference), symbolic=False)
    assert v.verdict == "not equivalent" and v.mistake["code"] == code


def test_seed_000_student_tanh_derivative_on_the_wrong_unit():
    """Seed 000 writes w32 ← w32 − (h3 − y)(1 − h2²) h2: tanh′ taken at the hidden unit, not the output."""
    v = equivalent(read("(h_3 - y)(1 - h_2^2) h_2"), read("(h_3 - y)(1 - h_3^2) h_2"), symbolic=False)
    assert v.verdict == "not equivalent"
    p = v.point
    assert (p["h_3"] - p["y"]) * (1 - p["h_2"] ** 2) * p["h_2"] == pytest.approx(v.values[0], abs=1e-9)


def test_seed_000_da_answer_is_right():
    # the student's dy/da = x e^{-xa}/(1+e^{-xa})²; by hand d/da 1/(1+e^{-ax}) = x e^{-ax}/(1+e^{-ax})²
    student = read(r"\frac{x e^{-xa}}{(1 + e^{-xa})^2}", ("x", "a"))  # "xa" is x·a: both declared
    assert equivalent(student, read("diff(1/(1+exp(-a x)), a)")).equivalent


def test_different_domains_and_too_few_points():
    assert equivalent(read("log(x)"), read("log(-x)")).verdict == "not equivalent"
    assert equivalent(read("sqrt(-x^2 - 1)"), read("sqrt(-x^2 - 2)")).verdict == "undecided"


def run(*args):
    return subprocess.run([sys.executable, "-m", "tdgrad", *args], capture_output=True, text=True)


def test_equiv_cli_exit_codes_and_json():
    assert run("equiv", "2x", "x+x").returncode == 0
    r = run("equiv", "-x*(y-w*x)", "x*(y-w*x)", "--json")
    assert r.returncode == 1 and '"mistake": {"code": "sign"}' in r.stdout
    assert run("equiv", "sqrt(-x^2-1)", "sqrt(-x^2-2)").returncode == 3
    bad = run("equiv", "x.__class__", "x")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_pathological_input_ends_in_time():
    import time
    start = time.perf_counter()
    r = run("equiv", "exp(exp(exp(exp(exp(x)))))", "exp(exp(exp(exp(exp(x)))))+sin(x)-sin(x)")
    assert r.returncode in (0, 3) and time.perf_counter() - start < 30
    assert math.isfinite(start)


# ---- verdicts that can be believed ---------------------------------------------------------------

def test_two_different_exact_numbers_are_never_equivalent():
    from fractions import Fraction

    a, b = Fraction(99999999, 10**8), Fraction(99999998, 99999999)
    assert a != b and abs(float(a) - float(b)) < 1e-15  # by hand: (10⁸−1)² − 10⁸(10⁸−2) = 1
    v = equivalent(read("99999999/10^8"), read("99999998/99999999"))
    assert v.verdict == "not equivalent" and "99999998/99999999" in v.reason
    assert equivalent(read("x + 10^(-20)"), read("x")).verdict == "not equivalent"
    assert equivalent(read("pi"), read("355/113")).verdict == "not equivalent"  # |π − 355/113| ≈ 2.7e-7
    same = equivalent(read("0,25"), read("1/4"))
    assert same.verdict == "equivalent" and same.details["proof"] == "exact"
    assert equivalent(read("sqrt(2) sqrt(3)"), read("sqrt(6)")).verdict == "equivalent"


def test_negative_bases_with_integer_exponents_are_checked():
    # float sampling: x^n is undefined at x < 0 for a random n, so x^n looks like |x|^n; by hand at
    # an integer n both are real there, and differ in sign for odd n
    v = equivalent(read("x^n"), read("abs(x)^n"))
    assert v.verdict == "not equivalent"
    x, n = v.point["x"], v.point["n"]
    assert x < 0 and n == int(n) and int(n) % 2 == 1
    assert v.values == pytest.approx((x ** int(n), abs(x) ** int(n)))


def test_agreement_on_part_of_the_domain_says_so():
    # by hand: (x−3)(x−5) ≥ 0 for x ≤ 3 or x ≥ 5, while √(x−3)·√(x−5) needs x ≥ 5
    v = equivalent(read("sqrt((x-3)(x-5))"), read("sqrt(x-3) sqrt(x-5)"))
    assert v.verdict == "partly equivalent" and not v.equivalent
    x = v.point["x"]
    assert x <= 3 and v.values[1] is None
    assert v.values[0] == pytest.approx(math.sqrt((x - 3) * (x - 5)))
    w = equivalent(read("2 log(x)"), read("log(x^2)"))  # log x² is also defined for x < 0
    assert w.verdict == "partly equivalent" and w.point["x"] < 0 and w.values[0] is None


def test_numeric_agreement_sympy_cannot_prove_is_its_own_verdict():
    np = pytest.importorskip("numpy")
    x = np.linspace(-20, 20, 4001)
    x = x[x != 0]
    assert np.allclose(np.arctan(x) + np.arctan(1 / x), np.pi / 2 * np.sign(x))  # true away from 0
    v = equivalent(read("atan(x) + atan(1/x)"), read("pi/2 sign(x)"))
    assert v.verdict == "numerically equivalent" and v.equivalent and "not proven" in v.reason
    assert v.json()["proof"] == "numeric"


def test_proofs_across_kinks():
    for a, b in [("relu(x)", "x H(x)"), ("abs(x)", "x sign(x)"), ("relu(x) - relu(-x)", "x")]:
        v = equivalent(read(a), read(b))
        assert v.verdict == "equivalent" and v.details["proof"] == "sympy", (a, b)


def test_equiv_cli_exit_codes_of_the_new_verdicts():
    assert run("equiv", "atan(x) + atan(1/x)", "pi/2 sign(x)").returncode == 4
    r = run("equiv", "sqrt((x-3)(x-5))", "sqrt(x-3) sqrt(x-5)", "--json")
    assert r.returncode == 5 and '"verdict": "partly equivalent"' in r.stdout
    assert run("equiv", "99999999/10^8", "99999998/99999999").returncode == 1


@pytest.mark.parametrize("a, b, at, values", [
    # by hand at a = −2, b = 2, c = 1/2 (any such point): ((−2)²)^(1/2) = 2 but (−2)^1 = −2
    ("(a^b)^c", "a^(b c)", None, None),
    # by hand at n = −3/2: (−1/2)^(−1) / (1/2) = −4, but ((−1/2)^(−2))^(1/2) · 2 = 4
    ("(n+1)^((n+2)/(n+1))/(n+2)", "1/(n+2) ((n+1)^(1/(n+1)))^(n+2)", {"n": -1.5}, (-4.0, 4.0)),
])
def test_variable_exponents_at_negative_bases(a, b, at, values):
    v = equivalent(read(a), read(b))
    assert v.verdict == "not equivalent" and "exactly" in v.reason
    if at:
        assert v.point == at and v.values == values
    else:
        p = v.point
        assert p["a"] < 0 and (p["a"] ** p["b"]) ** p["c"] == pytest.approx(v.values[0])
        assert v.values[0] == pytest.approx(-v.values[1])
