"""`tdgrad equiv` without SymPy (floats.judge, identity.zero) says what the SymPy path says.

The reference is the SymPy path itself (``equivalence.judge``: reader, lambdify, exact points,
``simplify``). For every pair of the hurried-student corpora (an answer against the key's text),
the fast path either gives none (SymPy decides) or the same verdict, point and values; where it
proves "equivalent", SymPy found the two equal too (proven or numerically); a mistake it names is
checked to hold, by SymPy, at random points. The proof itself (identity.zero) is tested on
identities derived by hand and on equal forms SymPy writes (``together``, ``expand``, rewriting),
and on pairs that differ by a little.
"""

import random

import pytest
import sympy as sp
from student_corpus import ANSWERS
from test_floats import EXAMPLES, _key_text

from tdgrad.student import floats, identity
from tdgrad.student.equivalence import judge
from tdgrad.student.read import read
from tdgrad.student.text import normalize

PAIRS = [(text, key) for key, _, texts in EXAMPLES for text in texts]
PAIRS += [(text, _key_text(q)) for q, text, _, _ in ANSWERS if _key_text(q) is not None]
PAIRS += [  # a teacher comparing two formulas
    ("σ(x)(1-σ(x))", "e^(-x)/(1+e^(-x))^2"), ("σ(x)(1-σ(x))", "σ(x)^2"), ("1 - th²(x)", "4/(e^x + e^-x)²"),
    ("th(x)", "2σ(2x) - 1"), ("th(x)", "2σ(x) - 1"), ("σ(-x)", "1 - σ(x)"), ("σ(-x)", "σ(x) - 1"),
    ("ch(x)² - sh(x)²", "1"), ("e^(x+1)", "e·e^x"), ("e^(x+1)", "e^x + e"), ("(x²-1)/(x-1)", "x + 1"),
    ("x σ(ax)(1 − σ(ax))", "x e^(-ax)/(1+e^(-ax))²"), ("σ(wx+b)(1-σ(wx+b))x", "x e^(-(wx+b))/(1+e^(-wx-b))^2"),
    ("e^a/(e^a+e^b)", "1/(1+e^(b-a))"), ("e^a/(e^a+e^b)", "σ(a-b)"), ("e^a/(e^a+e^b)", "σ(b-a)"),
    ("2(x+1)", "2"), ("x + 1", "x + 2"), ("-σ(x)", "σ(x)"), ("relu(x)", "x"), ("|x|", "x sign(x)"),
    ("σ(x)", "x"), ("2x(wx - y)", "x(wx - y)"), ("(y - ŷ)²/2", "(ŷ - y)²/2"), ("1/(1+e^-x)", "σ(x)"),
    ("ln(σ(x))", "-ln(1+e^-x)"), ("sqrt(x²)", "|x|"), ("x/x", "1"), ("0,5x", "x/2"), ("x^3 - x", "x(x-1)(x+1)"),
    ("H(x)", "1(x >= 0)"), ("H(x)", "1(x > 0)"), ("relu(x)", "x H(x)"), ("(x+1)^2", "x^2 + 1"), ("x^2", "(x+1)(x-1)"),
    ("-e v_1 x_1 H(a_1)", "-e(v_1 x_1 H(a_1) + v_2 x_2 H(a_2))"),
]


@pytest.mark.parametrize("first, second", PAIRS, ids=[f"{a} ≟ {b}" for a, b in PAIRS])
def test_the_fast_path_says_what_sympy_says_or_nothing(first, second):
    quick, slow = floats.judge(first, second), judge(first, second)
    if quick is None:
        return
    if quick.verdict == "unreadable":
        assert slow.verdict == "unreadable" and quick.details["refusal"] == slow.details["refusal"]
        return
    if quick.verdict == "equivalent":
        assert slow.verdict in ("equivalent", "numerically equivalent"), (quick, slow)
        return
    assert (quick.verdict, quick.point) == (slow.verdict, slow.point)
    assert quick.values == pytest.approx(slow.values, rel=1e-12)  # floats in another order
    assert (quick.mistake is None) == (slow.mistake is None), (quick.mistake, slow.mistake)
    if quick.mistake and quick.mistake["code"] != slow.mistake["code"] or \
            quick.mistake and quick.mistake.get("factor") != slow.mistake.get("factor"):
        _holds(quick.mistake, read(first), read(second))


def _holds(mistake, s, r):
    """The named mistake turns the reference r into the student's s at random points (SymPy)."""
    code, f = mistake["code"], mistake.get("factor")
    fix = {"missing_factor": lambda: s * read(f), "extra_factor": lambda: s / read(f),
           "missing_term": lambda: s + read(f), "extra_term": lambda: s - read(f)}[code]()
    symbols = sorted((s - r).free_symbols | fix.free_symbols, key=str)
    rng = random.Random(1)
    for _ in range(5):
        point = {x: sp.Rational(rng.randint(-30, 30), 7) for x in symbols}
        assert abs(sp.N((fix - r).subs(point), 30)) < 1e-20, mistake


def test_the_fast_path_decides_most_pairs():
    decided = [floats.judge(a, b) is not None for a, b in PAIRS]
    assert sum(decided) >= 0.7 * len(PAIRS), (sum(decided), len(PAIRS))


def test_the_bench_pairs_are_decided_without_sympy():
    right = floats.judge("σ(x)(1-σ(x))", "e^(-x)/(1+e^(-x))^2")
    wrong = floats.judge("σ(x)(1-σ(x))", "σ(x)^2")
    assert right.verdict == "equivalent" and right.details["proof"] == "exact"
    assert wrong.verdict == "not equivalent" and wrong.point


def _zero(a: str, b: str):
    return identity.zero(normalize(a), normalize(b))[0]


@pytest.mark.parametrize("a, b", [  # derived by hand
    ("σ(x)(1-σ(x))", "e^(-x)/(1+e^(-x))^2"),  # σ' = e^-x/(1+e^-x)²
    ("1 - th(x)²", "4/(e^x + e^-x)^2"),  # 1 − tanh² = 1/ch²
    ("th(x)", "2σ(2x) - 1"), ("σ(-x)", "1 - σ(x)"), ("ch(x)^2 - sh(x)^2", "1"),
    ("e^(x+1)", "e·e^x"), ("(e^(x/2))^2", "e^x"), ("e^(x/3) e^(x/6)", "e^(x/2)"),
    ("(x^2-1)/(x-1)", "x + 1"), ("x/x", "1"), ("0,5x", "x/2"),
    ("x σ(ax)(1 − σ(ax))", "x e^(-ax)/(1+e^(-ax))^2"), ("σ'(2x)", "σ(2x)(1-σ(2x))"),
    ("e^a/(e^a+e^b+e^c) (1 - e^a/(e^a+e^b+e^c))", "e^a (e^b+e^c)/(e^a+e^b+e^c)^2"),  # softmax
    ("e^(x^2) e^(2x)", "e^((x+1)^2)/e"), ("th'(x)", "1/ch(x)^2"), ("σ(ax)", "σ(xa)"),
    # kinks of a variable, on each side: relu(x) = x on x > 0, 0 on x < 0
    ("relu(x)", "x H(x)"), ("|x|/x", "sign(x)"), ("max(0, x)", "(x + |x|)/2"), ("1(a > 0)", "H(a)"),
    ("relu(x) - relu(-x)", "x"), ("relu(x) + relu(-x)", "|x|"), ("|2x|", "2|x|"), ("H(-x)", "1(x < 0)"),
    ("-e(v_1 x_1 1(a_1>0) + v_2 x_2 1(a_2>0))", "-e v_1 x_1 H(a_1) - e v_2 x_2 H(a_2)"),
    # logarithms, terms of the sum: seed 000's ln σ(x) = −softplus(−x), seed 004's log softmax
    ("ln(σ(x))", "-ln(1+e^-x)"), ("ln σ(x)", "-softplus(-x)"), ("ln(e^x)", "x"), ("ln(xy)", "ln x + ln y"),
    ("log(e^a/(e^a+e^b))", "a - log(e^a+e^b)"), ("0,5 ln(x)", "ln(x)/2"), ("ln(2x)", "ln 2 + ln x"),
    ("ln(1-σ(x))", "-x - ln(1+e^-x)"),
])
def test_identities_derived_by_hand_are_proven(a, b):
    assert _zero(a, b) is True


@pytest.mark.parametrize("a, b", [
    ("σ(x)(1-σ(x))", "σ(x)^2"), ("th(x)", "2σ(x) - 1"), ("e^(x+1)", "e^x + e"), ("(x+1)^2", "x^2 + 1"),
    ("x + 0.000001", "x"), ("e^(x^2) e^(2x)", "e^((x+1)^2)"), ("σ(ax)", "σ(x)"),
    ("e^(x/1000)", "1 + x/1000"),  # equal to 10⁻⁶ near 0
    ("(1 + e^-x)^-40", "(1 + e^-x)^-41"), ("relu(x)", "x"), ("|x|", "-x sign(x)"), ("H(x)", "1 - H(x)"), ("H(x)", "H(-x)"), ("relu(-x)", "x"),
])
def test_different_expressions_are_not_proven(a, b):
    assert _zero(a, b) is False


@pytest.mark.parametrize("a, b", [("sqrt(x)^2", "x"), ("ln(x)^2", "ln(x²)"), ("x ln(x)", "ln(x^x)"), ("relu(x - 1)", "x"), ("2^x", "2^x"),
                                  ("pi x", "x pi"), ("e^(sqrt(x))", "e^(sqrt(x))"), ("1/(x-x)", "1")])
def test_what_is_outside_rational_functions_of_exponentials_is_not_decided(a, b):
    assert _zero(a, b) is None


@pytest.mark.parametrize("a, b", [
    ("log(e^a/(e^a+e^b))", "b - log(e^a+e^b)"), ("ln(2x)", "ln 3 + ln x"), ("ln(x)", "x"), ("ln x", "ln(x) + 10^-6"),
])
def test_with_logarithms_a_failed_condition_is_no_verdict(a, b):
    """Combining logarithms is a sufficient condition (log(e^x) = x is not a product of powers
    equal to 1): when it fails nothing is said, SymPy decides."""
    assert _zero(a, b) is None


def _random_expression(rng, depth=3):
    x, y = sp.symbols("x y")
    if depth == 0:
        return rng.choice([x, y, sp.Integer(rng.randint(1, 3)), sp.Rational(1, 2)])
    kind = rng.choice(["+", "*", "/", "exp", "tanh", "pow"])
    a = _random_expression(rng, depth - 1)
    if kind == "exp":
        return sp.exp(a if a.is_polynomial() else x - y)
    if kind == "tanh":
        return sp.tanh(a if a.is_polynomial() else x)
    if kind == "pow":
        return a ** rng.randint(2, 3)
    b = _random_expression(rng, depth - 1)
    return {"+": a + b, "*": a * b, "/": a / (b + 3) if b.is_positive else a / (b ** 2 + 1)}[kind]


def _text(e: sp.Expr) -> str:
    return sp.StrPrinter().doprint(e.subs(sp.E, sp.Symbol("e")))  # Euler's e is e for the reader


def test_equal_forms_sympy_writes_are_proven_and_others_are_not():
    """An expression against SymPy's own rewritings of it (exponentials, one fraction,
    expanded): always proven; against a rewriting changed by a small term: never."""
    rng = random.Random(7)
    checked = 0
    for _ in range(60):
        e = _random_expression(rng)
        if not e.free_symbols:
            continue
        forms = [sp.together(e.rewrite(sp.exp)), sp.expand(e.rewrite(sp.exp)), sp.powsimp(e.rewrite(sp.exp))]
        for form in forms:
            proved = identity.zero(_text(e), _text(form))[0]
            assert proved is not False, (e, form)
            checked += proved is True
            assert identity.zero(_text(e), _text(form + sp.Rational(1, 10**6) * sp.exp(-sp.Symbol("x"))))[0] \
                is not True, (e, form)
    assert checked >= 100


def test_the_proof_agrees_with_numbers():
    """Random pairs, most of them different, some equal up to 10⁻⁶: where the proof says equal,
    30-digit values agree; where it says different, they differ at one of three points."""
    rng = random.Random(11)
    seen = {True: 0, False: 0}
    for _ in range(80):
        e = _random_expression(rng)
        f = rng.choice([_random_expression(rng), sp.expand(e.rewrite(sp.exp)),
                        sp.expand(e.rewrite(sp.exp)) + sp.Rational(1, 10**6)])
        proved = identity.zero(_text(e), _text(f))[0]
        if proved is None or not (e - f).free_symbols:
            continue
        seen[proved] += 1
        point = [{x: sp.Rational(v) for x in (e - f).free_symbols} for v in ("-7/3", "1/2", "13/5")]
        values = [abs(sp.N((e - f).subs(p), 30)) for p in point]
        assert (max(values) < 1e-20) if proved else (max(values) > 1e-25), (e, f, values)
    assert seen[True] >= 5 and seen[False] >= 30, seen
