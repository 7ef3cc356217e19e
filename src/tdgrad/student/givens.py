"""The statement's values a written derivation substitutes, and the names its lines start with.

Students write a formula, then the same formula with the statement's numbers, then a number:
``h₃ = tanh(a₃) = tanh(0,9946) ≈ 0,7593``. Without those numbers the substitution cannot be
checked (it is no identity), so they come from the answer key (``tdgrad derivation --key``: the
exercise's scalar parameters, its list parameters as x₁, x₂…, the points of its formulas and the
values of the answers whose label is a name, h₃ or ŷ) and else from the derivation's own lines
``a = 2``. A line that starts with a name (``δ₃ = …``, ``dy/da = …``) names what follows: that
first link is checked against the key's value or formula when the key has one of the answers by
that name (h₃, not w₃₁ that the student updates), and is no step otherwise (a definition is no
claim). A value the student computed from rounded numbers is right within the grading rule (1 %).
"""

from __future__ import annotations

import re
import unicodedata

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
# dy/da, ∂L/∂w₃₁, \frac{\partial y}{\partial a}, \frac{dL}{dw_{31}}: the name of a derivative
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")
_LABEL = re.compile(r"(?:d|∂|δ)[^/=()]{1,12}/(?:d|∂|δ)[^/=()+*]{1,12}")


def label(text: str) -> str | None:
    """A derivative's name in one spelling (``dL/dw31``), or None when ``text`` is no such name."""
    t = text.strip().replace("\\partial", "∂").replace("\\mathrm{d}", "d").replace("\\,", "")
    t = _FRAC.sub(lambda m: f"{m[1]}/{m[2]}", t) if t.startswith("\\") else t
    t = re.sub(r"[\s{}_\\]", "", t).translate(_SUBSCRIPTS).replace("ℓ", "L")
    if not _LABEL.fullmatch(t):
        return None
    return t.replace("∂", "d").replace("δ", "d")


def name(text: str) -> str | None:
    """The symbol a bare name reads as (``h₃`` → ``h_3``), or None when ``text`` is more than a name."""
    from tdgrad.errors import ExpressionError
    from tdgrad.student.read import read

    if not text or len(text) > 24:
        return None
    delta = re.fullmatch(r"(?:\\delta|δ)_?\{?(\d+)\}?", text.strip().translate(_SUBSCRIPTS))
    text = f"delta_{delta[1]}" if delta else text  # δ₃: the reader takes δ3 for 3δ
    try:
        expr = read(text)
    except ExpressionError:
        return None
    return str(expr) if expr.is_Symbol else None


def from_exercise(exercise: dict) -> dict[str, float | str]:
    """An ``answers.json`` exercise's values: symbol name → number, derivative label → number or
    formula (in the reader's syntax)."""
    found: dict[str, float | str] = {}
    results: list[str] = []  # the answers' names: what the student computes, checked within 1 %
    params = exercise.get("params", {})
    for key, value in params.items():
        if _number(value):
            found[key] = float(value)
        elif isinstance(value, dict):  # the point of a formula: {"x1": 2.0, "x2": 5.0}
            found.update({name(k) or k: float(v) for k, v in value.items() if _number(v)})
        elif isinstance(value, list) and value and all(_number(v) for v in value):
            found.update({f"{key}_{i}": float(v) for i, v in enumerate(value, start=1)})
            if len(value) == 1:  # one output: y, not y₁
                found[key] = float(value[0])
    if "learning_rate" in params:
        found.update(eta=float(params["learning_rate"]), alpha=float(params["learning_rate"]))
    if exercise.get("kind") == "mlp":  # its units are numbered across the layers: w₃₁ feeds unit 3 from unit 1
        unit = 0
        for rows, biases in zip(params.get("weights", []), params.get("biases", [])):
            for i, (row, b) in enumerate(zip(rows, biases), start=unit + 1):
                found.update({f"w_{i}{j}": float(w) for j, w in enumerate(row, start=1)}, **{f"b_{i}": float(b)})
            unit += len(rows)
    for answer in exercise.get("answers", []):
        text = unicodedata.normalize("NFC", (answer.get("label") or {}).get("fr", ""))
        for k, v in (answer.get("at") or {}).items():
            found.setdefault(k, float(v))
        meaning = answer.get("expression") or (answer.get("exact") if _number(answer.get("exact")) else None)
        if meaning is None or answer.get("type") not in ("number", "expression"):
            continue
        called = label(text) or (name(text) if _number(meaning) else None)
        if called:
            found[called] = meaning if label(text) else float(meaning)
            results.append(called)
    if _number(found.get("e")):  # the variable e (an error), which a derivation reads as Euler's number
        found.update({k: re.sub(r"(?<![\w.])e(?![\w(])", f"({found['e']})", v)
                      for k, v in found.items() if isinstance(v, str)})
    found[RESULTS] = ",".join(results)
    return found


RESULTS = "=results"  # in a values dict: the names that are answers (h₃, L, ∂L/∂w₃₁), not the data (w₃₁, x)


def results(values: dict) -> set[str]:
    """The names of ``values`` that the exercise asks to compute."""
    return set(str(values.get(RESULTS, "")).split(",")) - {""}


def from_lines(members_of_lines) -> dict[str, float]:
    """The derivation's own givens: lines ``name = number`` (``a = 2``, ``x₁ = 1``)."""
    from tdgrad.student import numbers

    found: dict[str, float] = {}
    for members in members_of_lines:
        value = numbers.plain(members[1]) if len(members) == 2 else None
        called = name(members[0]) if value is not None else None
        if called and value is not None:
            found[called] = float(value)
    return found


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)
