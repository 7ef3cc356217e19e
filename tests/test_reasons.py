"""Every reason the checks give has its French (student/reasons.py), and the French pages show it.

The reasons are collected from real checks, not from reasons.py's own table: two expressions
compared (both paths, every verdict), a number against a number, derivations with =, ⇔ and
indexed steps, rounded values, a lost solution. Each part of each reason must be matched by a
French pattern; a part left in English fails with its text.
"""

import pytest
from test_fast_equiv import PAIRS

from tdgrad.student import floats, reasons
from tdgrad.student.derivation import check
from tdgrad.student.equivalence import judge

MORE = [("0,5", "1/2"), ("0,5", "1/3"), ("pi", "3.14159"), ("sqrt(-1)", "1"), ("sqrt(2)^2", "2"),
        ("sqrt((x-3)(x-5))", "sqrt(x-3) sqrt(x-5)"), ("log(-x^2-1)", "1"), ("sqrt(x)", "sqrt(-x)"),
        ("x + 10^-20", "x"), ("99999999/10^8", "99999998/99999999"), ("(-1)^n", "1")]
DERIVATIONS = [
    r"$$\sigma'(x) = \sigma(x)(1-\sigma(x)) = \frac{e^{-x}}{(1+e^{-x})^2}$$",
    "$$x^2 = 4 \\iff abs(x) = 2 \\iff x = 2$$",
    "$$x^2 - 4 = (x-2)(x+2) = 0 \\iff x = 2$$",
    "$$2x + 1 = 5 \\iff 2x = 4 \\iff x = 2 \\iff x = 3$$",
    "$$x = x \\iff 1 = 1$$", "$$x = x + 1 \\iff 0 = 1$$", "$$x^2 = -1 \\iff x = 5$$",
    "$$\\sigma(2) = 0,8808 = 0,88 = 0,9$$",
    "$$\\sqrt{(x-3)(x-5)} = \\sqrt{x-3}\\sqrt{x-5}$$",
    r"""$$s_i := \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}$$
$$\frac{\partial s_i}{\partial z_j} = s_i(\mathbb{1}_{i=j} - s_j) = s_i s_j$$""",
]


def _reasons():
    for a, b in PAIRS[::3] + MORE:
        for v in (judge(a, b), floats.judge(a, b)):
            if v is not None and v.verdict != "unreadable":
                yield v.reason
    for text in DERIVATIONS:
        steps, _ = check(text)
        for s in steps:
            if not s.verdict.details.get("unreadable"):
                yield s.verdict.reason


def test_every_reason_the_checks_give_has_its_french():
    seen = set()
    for reason in _reasons():
        for part in reasons.parts(reason):
            seen.add(part)
            assert reasons.french(part) is not None, f"no French for: {part!r} (in {reason!r})"
    assert len(seen) >= 25, seen  # the corpus reaches many kinds of reason


@pytest.mark.parametrize("english, french", [  # worded by hand
    ("equal at 256 random points and 10 exact points; SymPy simplifies the difference to 0",
     "égales en 256 points tirés au hasard et en 10 points exacts ; SymPy simplifie la différence en 0"),
    ("equal at 256 random points; the difference is 0 as a rational function of e^x, x on each side of "
     "a = 0, b = 0 (exact arithmetic on its numerator at 12 points)",
     "égales en 256 points tirés au hasard ; la différence est nulle en tant que fonction rationnelle de "
     "e^x, x de chaque côté de a = 0, de b = 0 (calcul exact de son numérateur en 12 points)"),
    ("equal where both are defined, but only the second is defined here",
     "égales là où les deux sont définies, mais seule la seconde l'est ici"),
    ("holds in all 4 instances (K = 2; every value of the free indices)",
     "vraie dans les 4 cas (K = 2 ; toute valeur des indices libres)"),
    ("x = -2 solves the second equation, not the other", "x = -2 est solution de la seconde équation, pas de l'autre"),
])
def test_reasons_read_as_a_french_teacher_would_write_them(english, french):
    assert reasons.say(english, "fr") == french
    assert reasons.say(english, "en") == english


def test_a_french_page_and_command_line_show_french_reasons(capsys):
    from tdgrad import cli

    code = cli.main(["equiv", "σ(x)(1-σ(x))", "e^(-x)/(1+e^(-x))^2"])
    out = capsys.readouterr().out
    assert code == 0 and "égales en 256 points" in out and "equal at" not in out
    cli.main(["equiv", "σ(x)(1-σ(x))", "e^(-x)/(1+e^(-x))^2", "--lang", "en"])
    assert "equal at 256 random points" in capsys.readouterr().out
    steps, _ = check("$$x^2 = 4 \\iff abs(x) = 2 \\iff x = 2$$")
    assert "est solution de la" in steps[-1].json("fr")["reason"]


def test_a_failing_step_says_where_in_the_students_language():
    """The web page shows a step's reason: for a wrong equality, the point and both sides there."""
    import math

    steps, _ = check("$$\\sigma(x)(1-\\sigma(x)) = \\sigma(x)^2$$")
    step = steps[0].json("fr")
    (name, x), = step["point"].items()
    s = 1 / (1 + math.exp(-x))  # both sides by hand at the step's own point
    left, right = f"{s * (1 - s):.4f}".replace(".", ","), f"{s * s:.4f}".replace(".", ",")
    assert step["reason"].endswith(f"{left} à gauche, {right} à droite"), step["reason"]
    assert step["reason"].startswith("les valeurs diffèrent ; en x = ")
    assert "on the left" in steps[0].json("en")["reason"]
