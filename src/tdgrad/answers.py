"""The answer key: one typed ``Answer`` per question, and its one serialized form.

Generation and grading meet here. Each exercise's ``solve`` returns ``Answer`` records (built with
``number``, ``integer``, ``array``, ``expression``, ``numpy``, ``text``); ``answers.json``,
``answer-key.json``, ``answer-key.csv``, ``moodle.xml`` and ``tdgrad grade``/``check`` all go
through ``to_json``/``from_json`` below, never through their own reading of the dicts. Numbers are
stored twice: ``value`` rounded as the correction prints it (``display.rounded``) and ``exact``
at full precision without float noise (``display.clean``).

>>> a = number("q1.loss", "L", 0.1 * 13)
>>> a.value, a.exact, a.type
(1.3, 1.3, 'number')
>>> from_json(to_json(a)) == a
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from tdgrad import __version__
from tdgrad.display import POLICY, clean, rounded
from tdgrad.errors import UserError
from tdgrad.student import numbers

FORMAT = "tdgrad-answer-key"
VERSION = 2
RTOL = numbers.RTOL  # relative tolerance of numeric answers (student/numbers.py: no absolute floor)
ATOL = 5e-4  # no longer used (moodle.xml follows RTOL); kept in version-2 keys as they are
TYPES = ("number", "integer", "vector", "matrix", "expression", "numpy", "text")


@dataclass(frozen=True)
class Answer:
    """One question's expected answer, as printed in the correction and graded."""

    id: str  # "q2.dL/dw_31": unique in its exercise; students cite it as "exercise:id"
    label: dict  # {"fr": "∂L/∂w₃₁", "en": "∂L/∂w₃₁"}: what a human reads
    type: str  # one of TYPES
    value: Any = None  # rounded as shown (number, int, nested lists, text); None for numpy
    exact: Any = None  # full precision, same shape as value
    expression: str | None = None  # in tdgrad's own reading syntax (``student.read``)
    variables: tuple = ()  # the expression's variables
    functions: tuple = ()  # generic functions of the expression (f_1, f_2)
    at: dict | None = None  # where ``value`` is the expression's value
    tolerance: float = RTOL  # relative
    atol: float = ATOL  # absolute floor, for Moodle only (grading has none: student/numbers.py)
    points: float = 1.0
    envs: tuple = ()  # numpy: data sets the one-liner is run on
    name: str | None = None  # numpy: the array the line computes (grad_W2), so "grad_W2 = …" reads
    first_class: int = 0  # numpy: classes are numbered from this (np.eye(m)[y])
    definitions: dict | None = None  # expression: names the statement defines (y → 1/(1 + exp(-a*x)))
    clues: tuple | None = None  # expression: (kind, text, latex) of its factors and terms (feedback.clues)
    equations: dict | None = None  # expression: the model's equations for its own variables (o_1 → relu(a_1))

    def text_label(self, lang: str) -> str:
        return self.label.get(lang) or self.label["en"]

    def expected(self) -> str:
        """The answer as one cell of text (CSV, messages): value, else expression, else code."""
        if self.type == "numpy":
            return self.expression or ""
        if self.type == "expression" and self.value is None:
            return self.expression or ""
        if isinstance(self.value, (list, tuple)):
            return json.dumps(self.value)
        return str(self.value)

    def names(self) -> tuple:
        """The names an answer may use: the expression's variables, then the statement's defined
        names (``x y(1 − y)`` for ∂y/∂a where y = σ(ax)), which grading replaces by what they stand for,
        then the other names of the statement those formulas use (o₁ where ŷ = o₁v₁ + o₂v₂: ``−e o₁``
        answered for ∂ℓ/∂v₂ is a readable wrong answer, not an unknown name)."""
        names = tuple(self.variables) + tuple(self.definitions or ())
        names += tuple(sorted(self._defined_words() - set(names)))
        return names + self.upstream()

    def upstream(self) -> tuple:
        """The names only the model's ``equations`` bring (a_1, w_1 behind o_1 = relu(a_1)): an
        answer that uses one is compared with the key once both are written in the model's inputs."""
        stated = set(self.variables) | set(self.definitions or ()) | self._defined_words()
        found = {w for name, formula in (self.equations or {}).items() for w in {name, *words(formula)}}
        return tuple(sorted(found - stated))

    def _defined_words(self) -> set:
        return {w for formula, _ in self.defined().values() for w in words(formula)}

    def context(self) -> str:
        """The key's formulas, the expression's and the statement's definitions' (where the reader
        finds the one argument of σ that ``σ(1 − σ)`` leaves implicit)."""
        return " ".join([self.expression or "", *(self.definitions or {}).values()])

    def defined(self) -> dict:
        """Each defined name → (its formula, the names to read it with): the question's variables
        (so ``e`` is the variable e where the question has one, else Euler's number) and the
        formula's other names."""
        out = {}
        for name, formula in (self.definitions or {}).items():
            out[name] = (formula, tuple(sorted(set(self.variables) | words(formula))))
        return out

    def graded_value(self):
        """What numbers are compared with: the full precision (the tolerance covers rounding)."""
        return self.exact if self.exact is not None else self.value


def words(formula: str) -> set:
    """The names a key's formula uses (its functions, e and pi aside)."""
    return set(re.findall(r"[A-Za-z][A-Za-z0-9_]*(?!\s*\()", formula)) - {"e", "pi"}


def _label(label) -> dict:
    if isinstance(label, dict):
        return dict(label)
    if isinstance(label, (tuple, list)):
        return {"fr": label[0], "en": label[1]}
    return {"fr": label, "en": label}


def _nested(values, f):
    import numpy as np  # here and below, not at the top: reading a key and grading a number need none

    if isinstance(values, (list, tuple, np.ndarray)):
        return [_nested(v, f) for v in values]
    return f(float(values))


def number(id: str, label, x: float, *, tolerance: float = RTOL, atol: float = ATOL,
           points: float = 1.0) -> Answer:
    return Answer(id, _label(label), "number", rounded(float(x)), clean(float(x)),
                  tolerance=tolerance, atol=atol, points=points)


def integer(id: str, label, n: int, *, points: float = 1.0) -> Answer:
    return Answer(id, _label(label), "integer", int(n), int(n), tolerance=0.0, atol=0.0, points=points)


def array(id: str, label, values, *, tolerance: float = RTOL, points: float = 1.0) -> Answer:
    """A vector or a matrix of numbers (rows = first index)."""
    import numpy as np

    a = np.asarray(values)
    if a.ndim not in (1, 2) or a.dtype.kind not in "iuf":
        raise ValueError(f"{id}: a vector or a matrix of numbers is expected, got {a.dtype} {a.shape}")
    kind = "vector" if a.ndim == 1 else "matrix"
    if a.dtype.kind in "iu":  # counts, shapes: exact
        return Answer(id, _label(label), kind, a.tolist(), a.tolist(), tolerance=0.0, atol=0.0,
                      points=points)
    return Answer(id, _label(label), kind, _nested(a.tolist(), rounded), _nested(a.tolist(), clean),
                  tolerance=tolerance, points=points)


def expression(id: str, label, expr, *, value: float | None = None, at: dict | None = None,
               functions: tuple = (), variables: tuple | None = None, definitions: dict | None = None,
               equations: dict | None = None, points: float = 1.0) -> Answer:
    """A formula (SymPy, or text in the reader's syntax with its ``variables``); ``value`` is its
    value at the point ``at``; ``definitions`` are the statement's names a student may write instead
    of what they stand for (name → formula of the variables, SymPy or text); ``equations`` the
    model's (name → formula, in order), with which a student may write a variable in its inputs
    (−e·relu(a₁) for −e·o₁ where o₁ = relu(a₁))."""
    text = reading_syntax(expr)
    if variables is None:
        variables = tuple(sorted(str(s) for s in getattr(expr, "free_symbols", ())))
    return Answer(id, _label(label), "expression",
                  None if value is None else rounded(float(value)),
                  None if value is None else clean(float(value)), text, variables, tuple(functions),
                  None if at is None else {k: clean(float(v)) for k, v in sorted(at.items())},  # a set's order varies by run
                  points=points, clues=None if functions else clues(text, tuple(variables)),
                  definitions={name: reading_syntax(e) for name, e in definitions.items()} if definitions else None,
                  equations={name: reading_syntax(e) for name, e in equations.items()} if equations else None)


@lru_cache(maxsize=256)
def clues(text: str, variables: tuple) -> tuple:
    """The factors and terms a wrong answer may have lost or gained (``feedback.clues``), written
    into the key so that ``tdgrad check`` can name the mistake without SymPy (``student.floats``)."""
    from tdgrad.functions import course_latex
    from tdgrad.student.exact import exact
    from tdgrad.student.feedback import clues as candidates
    from tdgrad.student.read import read

    return tuple((kind, str(e), course_latex(e)) for kind, e in candidates(exact(read(text, variables or None))))


def numpy(id: str, label, code: str, envs, *, name: str | None = None, first_class: int = 0,
          points: float = 1.0) -> Answer:
    return Answer(id, _label(label), "numpy", expression=code, envs=tuple(envs), name=name,
                  first_class=first_class, points=points)


def text(id: str, label, value: str, *, points: float = 1.0) -> Answer:
    return Answer(id, _label(label), "text", value, value, points=points)


def coerce(ref) -> Answer:
    """An Answer from a bare number or array (tests, ``tdgrad check`` on a value)."""
    import numpy as np

    if isinstance(ref, Answer):
        return ref
    if isinstance(ref, int) and not isinstance(ref, bool):
        return integer("value", "n", ref)
    if isinstance(ref, float):
        return number("value", "x", ref)
    if isinstance(ref, (list, tuple, np.ndarray)):
        return array("value", "x", np.asarray(ref))
    raise TypeError(f"not an answer: {ref!r}")


def reading_syntax(expr) -> str:
    """SymPy's text, which ``student.read`` reads back (``**``, ``Heaviside(a, 0)``, ``sigmoid``);
    a generic derivative Derivative(f_2(z_3), z_3) becomes f_2'(z_3), as the lecture writes it."""
    import sympy as sp

    if isinstance(expr, str):
        return expr
    derivatives = {d: sp.Symbol(f"{d.expr.func.__name__}'({d.variables[0]})")
                   for d in expr.atoms(sp.Derivative)
                   if isinstance(d.expr, sp.core.function.AppliedUndef) and len(d.variables) == 1}
    return str(expr.xreplace(derivatives)) if derivatives else str(expr)


_GREEK = {"alpha": "α", "beta": "β", "delta": "δ", "sigma": "σ", "theta": "θ", "ell": "ℓ",
          "eta": "η", "lambda": "λ", "yhat": "ŷ"}
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def human(name: str) -> str:
    """A symbol's name as people write it: w_31 → w₃₁, delta_3 → δ₃, yhat → ŷ, x1 → x₁.

    >>> human("w_31"), human("delta_3"), human("yhat"), human("x1"), human("ell")
    ('w₃₁', 'δ₃', 'ŷ', 'x₁', 'ℓ')
    """
    m = re.fullmatch(r"([A-Za-z]+?)_?(\d*)", name)
    if not m:
        return name
    base, sub = m.groups()
    return _GREEK.get(base, base) + sub.translate(_SUB)


def partial(f: str, x: str) -> str:
    """∂f/∂x with both names made human: partial("L", "w_31") → '∂L/∂w₃₁'."""
    return f"∂{human(f)}/∂{human(x)}"


# ---- the serialized form: one place, versioned --------------------------------------------

_DEFAULTS = {f.name: f.default for f in Answer.__dataclass_fields__.values()
             if not isinstance(f.default, type(field()))}


def to_json(a: Answer) -> dict:
    """An answer as JSON: every field that is not at its default, in a fixed order."""
    out = {}
    for name in Answer.__dataclass_fields__:
        value = getattr(a, name)
        if name in _DEFAULTS and value == _DEFAULTS[name] and name not in ("tolerance", "points"):
            continue
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def from_json(data: dict) -> Answer:
    known = set(Answer.__dataclass_fields__)
    unknown = set(data) - known
    if unknown or data.get("type") not in TYPES or "id" not in data:
        raise ValueError(f"not an answer record: {sorted(unknown) or data.get('type')}")
    values: dict[str, Any] = {k: tuple(v) if k in ("variables", "functions", "envs") else v
                              for k, v in data.items()}
    if values.get("clues") is not None:
        values["clues"] = tuple(tuple(c) for c in values["clues"])
    return Answer(**values)


def with_points(answers: list[Answer], total: float | None) -> list[Answer]:
    """Scale the answers' points so that they sum to ``total`` (the spec's mark for the exercise)."""
    own = sum(a.points for a in answers)
    if total is None or own == 0:
        return answers
    return [replace(a, points=clean(a.points * total / own)) for a in answers]


def variant_json(variant) -> dict:
    """``answers.json``: one variant, its parameters and every exercise's answers."""
    return {"format": FORMAT, "version": VERSION, "spec": variant.spec.path.name,
            "title": variant.spec.title, "seed": variant.seed, "lang": variant.lang,
            "tdgrad": __version__, "display": POLICY,
            "exercises": [{"exercise": e.number, "kind": e.kind, "title": e.title,
                           "points": clean(sum(a.points for a in e.answers)),
                           "params": e.solution.params, "answers": [to_json(a) for a in e.answers]}
                          for e in variant.exercises]}


def batch_json(batch) -> dict:
    """``answer-key.json``: every variant of a batch, each as in ``answers.json``."""
    return {"format": FORMAT, "version": VERSION, "spec": batch.spec.path.name,
            "title": batch.spec.title, "seed": batch.seed, "lang": batch.lang, "tdgrad": __version__,
            "seed_rule": "SeedSequence([seed, i, attempt])", "display": POLICY,
            "variants": [{"variant": v.id, **{k: x for k, x in variant_json(v).items()
                                               if k not in ("format", "version")}}
                         for v in batch.variants]}


CSV_COLUMNS = ("variant", "exercise", "question", "label", "type", "expected", "exact", "tolerance",
               "points")


def csv_rows(key: dict):
    """The rows of ``answer-key.csv`` from a serialized key (``batch_json`` or ``variant_json``)."""
    for vid, v in _variants(key):
        for ex in v["exercises"]:
            for a in map(from_json, ex["answers"]):
                exact = a.exact if a.type in ("number", "integer") else ""
                yield {"variant": vid, "exercise": ex["exercise"], "question": a.id,
                       "label": a.text_label(key.get("lang", "fr")), "type": a.type,
                       "expected": a.expected(), "exact": exact,
                       "tolerance": a.tolerance if a.type in ("number", "vector", "matrix", "expression") else "",
                       "points": a.points}


def _variants(key: dict):
    if "variants" in key:
        for v in key["variants"]:
            yield str(v["variant"]), v
    else:
        yield str(key["seed"]), key


# ---- reading keys back ---------------------------------------------------------------------

@dataclass(frozen=True)
class Key:
    """Loaded answer keys: variant id → {"exercise:question": Answer}."""

    tables: dict  # variant id → {"3:q1.loss": Answer}
    sources: dict  # variant id → the file it came from

    def variant(self, text: str) -> str | None:
        """The key's variant id for what a student wrote: ``V001``, ``v001``, ``1``, ``001``."""
        text = str(text).strip()
        if text in self.tables:
            return text
        number = variant_number(text)
        if number is None:
            return None
        matches = [vid for vid in self.tables if variant_number(vid) == number]
        return matches[0] if len(matches) == 1 else None


def variant_number(text: str) -> int | None:
    m = re.fullmatch(r"\s*[Vv]?0*(\d+)\s*", str(text))
    return int(m.group(1)) if m else None


def table(data: dict) -> dict[str, Answer]:
    """{"exercise:question": Answer} of one serialized variant."""
    return {f"{ex['exercise']}:{a['id']}": from_json(a) for ex in data["exercises"] for a in ex["answers"]}


def load(paths) -> Key:
    """Read answers.json / answer-key.json files; refuse old formats and colliding variant ids."""
    tables: dict[str, dict] = {}
    sources: dict[str, str] = {}
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UserError(f"{path}: not a readable answer key ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise UserError(f"{path}: not a tdgrad answer key (no \"format\": \"{FORMAT}\"); "
                            "give an answers.json or answer-key.json written by tdgrad")
        if data.get("version") != VERSION:
            raise UserError(f"{path}: answer key of version {data.get('version')}, this tdgrad reads "
                            f"version {VERSION}; generate the key again with this tdgrad")
        try:
            found = {vid: table(v) for vid, v in _variants(data)}
        except (KeyError, TypeError, ValueError) as exc:
            raise UserError(f"{path}: damaged answer key ({exc})") from None
        for vid, t in found.items():
            clash = next((other for other in tables if other == vid or (
                variant_number(other) is not None and variant_number(other) == variant_number(vid))), None)
            if clash is not None:
                raise UserError(f"{path}: variant '{vid}' is also in {sources[clash]} (as '{clash}'): "
                                "a student's variant would be ambiguous; grade these keys separately")
            tables[vid], sources[vid] = t, str(path)
    if not tables:
        raise UserError("no answer key found in " + ", ".join(map(str, paths)))
    return Key(tables, sources)


def find(t: dict[str, Answer], question: str) -> tuple[str, Answer]:
    """The answer a student's question id names: ``3:q1.loss``, or ``q1.loss`` when unique."""
    question = question.strip()
    if question in t:
        return question, t[question]
    matches = [k for k in t if k.split(":", 1)[1] == question]
    if len(matches) == 1:
        return matches[0], t[matches[0]]
    hint = "ambiguous, give exercise:question" if matches else "no such question"
    raise UserError(f"question '{question}': {hint} (e.g. {next(iter(t))})")
