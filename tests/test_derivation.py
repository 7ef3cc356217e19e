"""The seeds' own derivations, each verdict justified by an independent computation."""

import json
import math
import subprocess
import sys
from pathlib import Path

from tdgrad.student.derivation import check

SEED001 = Path(__file__).parent / "data" / "seed001-identities.txt"  # verbatim excerpt of seed 001


def identities_part():
    text = SEED001.read_text(encoding="utf-8")
    return text[text.index("#1. MQ"):]


def test_seed_001_identities_first_wrong_step_is_the_lost_sign():
    steps, first = check(identities_part())
    bad = steps[first - 1]
    # the student writes ln(1) − ln(1 + e^{−x}) = 0 + ln(1 + e^{−x}); at x = 0 by hand: −ln 2 ≠ ln 2
    assert "0 + \\ln(1 + \\exp(-x))" in bad.rhs
    x = bad.verdict.point["x"]
    assert bad.verdict.values[0] == __import__("pytest").approx(-math.log(1 + math.exp(-x)))
    assert bad.verdict.values[1] == __import__("pytest").approx(math.log(1 + math.exp(-x)))
    # before it, every step of #1 (σ = ½(tanh(x/2)+1)) holds, including the ⇔
    assert all(s.verdict.verdict in ("equivalent", "undecided") for s in steps[:first - 1])
    assert any(s.kind == "⇔" and s.verdict.verdict == "equivalent" for s in steps)


def test_seed_001_derivative_chains_hold():
    text = identities_part()
    steps, _ = check(text[text.index("#3."):])
    read_ok = [s for s in steps if s.verdict.verdict != "undecided"]
    assert len(read_ok) >= 8 and all(s.verdict.verdict == "equivalent" for s in read_ok)


def test_a_planted_error_in_a_plain_derivation():
    steps, first = check("d/dx stuff\nsigmoid(x)(1 - sigmoid(x)) = e^(-x)/(1+e^(-x))^2 = e^(-x)/(1+e^(-x))\n")
    assert first == 2 and steps[0].verdict.verdict == "equivalent"


def test_derivation_cli_json(tmp_path):
    f = tmp_path / "d.tex"
    f.write_text(identities_part(), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "tdgrad", "derivation", str(f), "--json"],
                       capture_output=True, text=True)
    data = json.loads(r.stdout)
    assert r.returncode == 1 and data["first_wrong_step"] == next(
        s["step"] for s in data["steps"] if s["verdict"] == "fails")
    assert {"lhs", "rhs", "verdict"} <= set(data["steps"][0])


def test_seed_002_forward_mode_notes():
    """Seed 002's notes: w3 = −w1·w2, so ẇ3 = −(ẇ1 w2 + w1 ẇ2) — the engine's tangent rule."""
    from tdgrad.engines.trace import build_graph
    from tdgrad.parse import parse_expression
    from tdgrad.student.equivalence import equivalent
    from tdgrad.student.read import read

    g = build_graph(parse_expression("1/(1+exp(-a*x))"), ("x", "a"))
    student = read("-(wdot_1 w_2 + w_1 wdot_2)")
    assert equivalent(student, g.tangent_formula(3)).verdict == "equivalent"
    # w4 = 1 + e^{w3} merged in the notes; our w4 = e^{w3}, w5 = w4 + 1: same composite
    assert equivalent(read("1/(1 + exp(-w_1 w_2))"), read("sigmoid(w_1 w_2)")).equivalent


def test_seed_002_june_2022_correction_numbers():
    """∂loss/∂w31 = (h3 − y)(1 − h3²) h1 = (0.76 − 0.5)(1 − 0.76²) × 0.731 = 0.080 (as written)."""
    import numpy as np
    from tdgrad.student.grade import grade_one

    h1, h2 = 1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(-1.1))
    h3 = np.tanh(0.3 * h1 + 0.9 * h2 + 0.1)
    exact = (h3 - 0.5) * (1 - h3 ** 2) * h1
    assert grade_one(float(exact), "(0.76-0.5)(1-0.76^2)*0.731").verdict == "correct"  # rounded, within 1 %
    assert grade_one(float(exact), "0,080").verdict == "correct"
    assert grade_one(float(exact), "(0.76-0.5)(1-0.76^2)*0.75").verdict == "wrong"  # h2 in place of h1


def test_iff_steps_are_equivalences_of_equations_with_their_left_side():
    steps, first = check("$$2x + 1 = 5 \\Leftrightarrow 2x = 4 \\Leftrightarrow x = 2 \\Leftrightarrow x = 3$$")
    # no step checks 2x + 1 = 5 as an identity; each ⇔ keeps the whole equation on its left
    assert [(s.kind, s.lhs, s.rhs) for s in steps] == [
        ("⇔", "2x + 1 = 5", "2x = 4"), ("⇔", "2x = 4", "x = 2"), ("⇔", "x = 2", "x = 3")]
    assert [s.word for s in steps] == ["holds", "holds", "fails"] and first == 3
    assert steps[2].verdict.point == {"x": 2.0}  # by hand: x = 2 solves the first, not x = 3


def test_iff_with_a_lost_solution_fails_at_it():
    steps, first = check("$$x^2 = 4 \\iff abs(x) = 2 \\iff x = 2$$")
    # by hand: x² = 4 ⇔ x = ±2 ⇔ |x| = 2; but x = −2 solves |x| = 2 and not x = 2
    assert [s.word for s in steps] == ["holds", "fails"] and first == 2
    assert steps[1].verdict.point["x"] == -2.0
    steps, _ = check("$$x^2 - 4 = (x-2)(x+2) = 0 \\iff x = 2$$")
    assert [(s.kind, s.word) for s in steps] == [("=", "holds"), ("⇔", "fails")]


def test_a_correctly_rounded_number_holds_and_a_wrong_rounding_fails():
    from fractions import Fraction

    exact = Fraction(3, 10) * Fraction(731, 1000) + Fraction(9, 10) * Fraction(750, 1000) + Fraction(1, 10)
    assert exact == Fraction(9943, 10000)  # by hand: 0.2193 + 0.675 + 0.1
    steps, first = check("$$0.3 \\times 0.731 + 0.9 \\times 0.750 + 0.1 = 0.994$$\n"
                         "$$0.3 \\times 0.731 + 0.9 \\times 0.750 + 0.1 = 0.995$$\n"
                         "$$0.3 \\times 0.731 + 0.9 \\times 0.750 + 0.1 = 0,99 = 1$$")
    assert [s.word for s in steps] == ["rounded", "fails", "rounded", "fails"] and first == 2

