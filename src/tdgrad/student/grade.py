"""Judge one student answer against one ``Answer`` of the key (``tdgrad.answers``).

The answer is read by the student reader, compared according to the Answer's type, and gets one
of four verdicts — correct, wrong, unparsable, undecided — with feedback naming the mistake and
the Answer's points. Numbers follow ``numbers.py`` (integers exact, reals within the Answer's
relative tolerance or correctly rounded; ``number_grade.py``, where a plain decimal needs no
reading); every answer is bounded in time and memory by the
runner. Class files and reports are in ``student/report.py``.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

import numpy as np

from tdgrad.answers import Answer, coerce, words
from tdgrad.errors import ExpressionError
from tdgrad.parse import symbol
from tdgrad.student import array_check, feedback, floats, number_tables, numbers, runner
from tdgrad.student.arrays import evaluate
from tdgrad.student.equivalence import equivalent
from tdgrad.student.exact import exact, real_value
from tdgrad.student.number_grade import Result, grade_plain, grade_value, restated
from tdgrad.student.read import read
from tdgrad.student.text import ARITIES, implicit_argument, normalize, subscripts
from tdgrad.student.verdict import graded

SECONDS = 2.0  # at most per answer (the runner's limit)


def grade_one(reference, answer: str, lang: str = "fr") -> Result:
    """Judge one answer in this process (what a runner worker does); see ``grade_many``."""
    try:
        return _grade(coerce(reference), answer, lang)
    except ExpressionError as exc:
        return Result("unparsable", exc.say(lang))


def grade_many(items, lang: str = "fr", pool: runner.Pool | None = None) -> list[Result]:
    """Judge ``(reference, answer)`` pairs in the bounded runner, one ``Result`` per pair, in order.

    Every answer runs in a worker with ``SECONDS`` and ``runner.MEMORY``; one that runs out of
    either, or breaks anything, is "undecided" with the reason, and the others are graded as usual.
    Pass a ``runner.Pool`` to reuse its workers across calls (a whole class, several files).
    """
    tasks = [(ref, answer, lang) for ref, answer in items]
    if pool is None:
        with runner.Pool(seconds=SECONDS) as own:
            outcomes = own.map(grade_one, tasks)
    else:
        outcomes = pool.map(grade_one, tasks)
    return [o.value if o.ok else Result("undecided", _why(o.undecided, lang)) for o in outcomes]


def _why(reason: str, lang: str) -> str:
    return feedback.say("timeout", lang) if reason.startswith("time limit") else reason


def _real(expr) -> float | None:
    """A SymPy number's real value, None when it is not a finite real number (sqrt(-1), 1/0)."""
    value = real_value(exact(expr))
    return None if value is None else float(value)


def _grade(ref: Answer, answer: str, lang: str) -> Result:
    if ref.type == "numpy":
        return _numpy(ref, answer, lang)
    if ref.type == "expression":
        return _expression(ref, answer, lang)
    if ref.type in ("vector", "matrix"):
        return _array(ref, answer, lang)
    if ref.type in ("number", "integer"):
        answer = _unit_dropped(answer, ref)
        return grade_plain(ref, answer, lang) or _number(ref, answer, lang)
    if ref.type == "text":
        return _text(ref, answer, lang)
    return Result("undecided", "this question is not graded automatically")


def _text(ref: Answer, answer: str, lang: str) -> Result:
    expected = str(ref.value)
    if _plain(answer.rsplit("=", 1)[-1]) == _plain(expected):  # kernel='rbf' names its answer
        return Result("correct", points=ref.points)
    key, folds = _partition(expected), _partition(answer)
    if key is not None and folds is not None:  # folds: sets, in any order
        if sorted(map(sorted, folds)) == sorted(map(sorted, key)):
            return Result("correct", points=ref.points)
        if sorted(sorted(i - 1 for i in f) for f in folds) == sorted(map(sorted, key)):
            return Result("wrong", feedback.say("from_zero", lang), mistake="from_zero")
    return Result("wrong", feedback.say("expected_text", lang, value=expected))


def _partition(text: str) -> list[frozenset] | None:
    """``{0, 1, 2, 3}, {4, 5, 6, 7}``, ``[0,1,2,3] [4,5,6,7]``, ``pli 1 : {0;1;2;3}, …`` or ``0-3, 4-7``:
    the sets of whole numbers listed (two at least), None where the text is no such list."""
    groups = re.findall(r"[{\[(]([\d\s,;]*)[}\])]", text)
    if not groups:
        groups = [" ".join(map(str, range(int(a), int(b) + 1)))
                  for a, b in re.findall(r"(\d+)\s*(?:-|–|à)\s*(\d+)", text) if int(a) <= int(b) < int(a) + 10**4]
    sets = [frozenset(map(int, re.findall(r"\d+", g))) for g in groups]
    return sets if len(sets) >= 2 and all(sets) else None


def _number(ref: Answer, answer: str, lang: str) -> Result:
    """A number answer that is no plain decimal (``3/4``, ``e^-2``, ``2,5.10^-3``): read, then graded."""
    student = _read_number(answer)
    return grade_value(exact(student), _real(student), answer, ref, ref.graded_value(), lang)


def _read_number(answer: str):
    student = read(answer, ())  # no names: 24x10+1 is 24 × 10 + 1
    working = re.fullmatch(r"\s*([-−+]?\d+(?:[.,]\d+)?)\s+\((.*)\)\s*", answer)
    if working and not student.free_symbols and _annotates(working[1], working[2]):
        return _read_number(working[1])  # 0,7311 (σ(1)): the number, then what it is
    if student.free_symbols:
        words = [w for w in re.findall(r"[^\W\d_]{2,}", answer)
                 if w.lower() not in ARITIES and (len(w) > 2 or w.lower() in _SHORT_WORDS)]
        working = re.fullmatch(r"\s*([-−+]?\d+(?:[.,]\d+)?)\s*\((.*)\)\s*", answer)
        if working and not words:  # 0,21 (a σ(ax)(1 − σ(ax))): the formula used, after the number
            return _read_number(working[1])
        if words:  # 4 (une par exemple), douze, 0,88 (faux): words may change the meaning
            raise ExpressionError("a number is expected here, not words ('{words}'): write only the number",
                                  words=" ".join(words))
        raise ExpressionError("a number is expected here")
    return student


def _annotates(number: str, inside: str) -> bool:
    """``inside`` is worth ``number`` (within 1 %): "0,7311 (σ(1))" says what 0,7311 is, where
    "0,1 (1 + e^-2)" is a product."""
    try:
        n, v = float(number.replace(",", ".").replace("−", "-")), _real(read(inside, ()))
    except ExpressionError:
        return False
    return v is not None and n != 0 and abs(v - n) <= 0.01 * abs(n)


def reading(ref: Answer, answer: str):
    """What grading reads in ``answer`` (a SymPy expression, or an ``ExpressionError``): the
    number or the formula the web page's preview and ``tdgrad check --json`` show."""
    if ref.type in ("number", "integer"):
        return _read_number(_unit_dropped(answer, ref))
    if ref.type == "expression":
        return _student(ref, answer)[0]
    return read(answer, ref.names() or None)


_WORD = r"[^\W\d_]+"
_SHORT_WORDS = {"ou", "on", "je", "et", "ni", "ne", "si", "or", "is"}  # not ax, xy: names


def _unit_dropped(answer: str, ref: Answer) -> str:
    """``66 modèles``, ``4 mises à jour``: words after the number that are the question's own (its
    label's) say what is counted; they are dropped. Any other word stays, and is refused."""
    m = re.fullmatch(rf"(.*?[\d)%])\s+({_WORD}(?:[\s'’-]+{_WORD})*)\s*", answer)
    if not m:
        return answer
    label = {w.rstrip("s") for text in ref.label.values() for w in re.findall(_WORD, text.lower())}
    return m[1] if all(w.rstrip("s") in label for w in re.findall(_WORD, m[2].lower())) else answer


def _decimal_points(text: str) -> str:
    """[0,25; -1,5] (French, ; between entries) → [0.25, -1.5]; [0.25, -1.5] stays as it is."""
    if ";" in text:
        return re.sub(r"(?<=\d),(?=\d)", ".", text).replace(";", ",")
    return text


def _plain(text: str) -> str:
    """Text compared without case, spaces, quotes ('rbf' = rbf), or the choice of brackets and separators."""
    text = re.sub(r"[\s'\"]+", "", text.lower()).translate(str.maketrans("[(;])", "{{,}}"))
    return re.sub(r"\},?\{", "}{", text)


# f_2'(z_3), f'_2(z_3), f2'(z3), f_2(z_3): a generic function's value or derivative at a variable
# is an unknown of its own (the exercise holds for any f), read as one opaque variable
_GENERIC = re.compile(r"\bf(?:_?\{?(\d)\}?)?\s*(\^\{?\\prime\}?|'|’)?\s*(?:_?\{?(\d)\}?)?\s*"
                      r"(?:\\left)?\(\s*([A-Za-z])_?\{?(\d*)\}?\s*(?:\\right)?\)")


def _generic(text: str, functions: tuple) -> tuple[str, set[str]]:
    names = set()

    def opaque(m):
        k = m.group(1) or m.group(3)
        if f"f_{k}" not in functions:
            return m.group(0)
        name = f"{'d' if m.group(2) else ''}f{k}at{m.group(4)}{m.group(5)}"
        names.add(name)
        return f" {name} "
    return _GENERIC.sub(opaque, text), names


# the opaque variable's name said back as the student wrote it: df2atz3 → f_2'(z_3)
_OPAQUE = re.compile(r"\b(d?)f(\d)at([A-Za-z])(\d*)\b")


def _readable(message: str) -> str:
    return _OPAQUE.sub(lambda m: f"f_{m[2]}{chr(39) if m[1] else ''}({m[3]}{'_' + m[4] if m[4] else ''})", message)


def _expression(ref: Answer, answer: str, lang: str) -> Result:
    said = restated(ref, answer, lang)
    if said:
        return said
    if not ref.functions:
        return _expression_in(ref, answer, lang)
    try:
        result = _expression_in(ref, answer, lang)
    except ExpressionError as exc:
        return Result("unparsable", _readable(exc.say(lang)))
    return dataclasses.replace(result, feedback=_readable(result.feedback), mistake=result.mistake and _readable(result.mistake))


def _expression_in(ref: Answer, answer: str, lang: str) -> Result:
    student, text, names, (key, variables) = _student(ref, answer)
    reference = _read_key(key, variables)
    upstream = {str(s) for s in student.free_symbols} & set(ref.upstream())
    if ref.definitions:  # y in x y(1 − y) is σ(ax): what the statement defined it as
        student = student.xreplace({symbol(name): _read_key(*d) for name, d in ref.defined().items()})
    if upstream:  # −e·relu(a₁) for −e·o₁: both written in the model's inputs
        student, reference = _in_inputs(student, ref), _in_inputs(reference, ref)
    if not student.free_symbols and ref.value is not None:
        return grade_value(exact(student), _real(student), answer, ref, ref.exact, lang)
    verdict = _compare(student, reference)
    if verdict.verdict == "numerically equivalent":
        verdict = floats.proven(verdict, normalize(text, names), normalize(key, variables), ref, names)
    return graded(verdict, ref, lang)


def _student(ref: Answer, answer: str):
    """An expression answer as read (the statement's names still in it), with its text, its names,
    and the key's text and variables (a generic f₂′(z₃) an opaque variable on both sides)."""
    key, text = ref.expression or "", implicit_argument(answer, ref.context())
    variables = tuple(ref.variables)
    if ref.functions:
        key, known = _generic(key, ref.functions)
        text, used = _generic(subscripts(text), ref.functions)  # f′₂(z₃) as f'_2(z_3)
        variables = tuple(sorted((set(variables) - set(ref.functions)) | known | used))
    names = (variables + ref.names()[len(ref.variables):]) or None
    return read(text, names), text, names, (key, variables)


def _in_inputs(expr, ref: Answer):
    """``expr`` with each name of the model's equations replaced by its formula, the last first
    (o₁ → relu(a₁) → relu(x₁w₁ + x₂w₂)): written in the model's inputs."""
    for name, formula in reversed(list((ref.equations or {}).items())):
        expr = expr.xreplace({symbol(name): _read_key(formula, tuple(sorted(words(formula))))})
    return expr


@lru_cache(maxsize=4096)
def _compare(student, reference):
    """A class gives the same answer many times: each worker compares each pair once."""
    return equivalent(student, reference, symbolic=False)


@lru_cache(maxsize=1024)
def _read_key(expression: str, variables: tuple[str, ...]):
    return read(expression, variables or None)


def _array(ref: Answer, answer: str, lang: str) -> Result:
    values = ref.graded_value()
    r = np.asarray(values, dtype=float)
    s = number_tables.read(answer, dimensions="shape" in ref.id)  # numbers as written by hand
    written = None if s is None else number_tables.decimals(answer)  # 0,30: two decimals, as written
    s = evaluate(_decimal_points(answer), {}) if s is None else s
    if s.shape == r.shape:
        integers = all(numbers.is_integer_reference(v) for v in np.asarray(values, dtype=object).ravel())
        if np.array_equal(s, r) if integers else all(numbers.right_array(s.ravel(), r.ravel(), ref.tolerance, written)):
            return Result("correct", points=ref.points)
    mistake = feedback.arrays(s, r)
    return Result("wrong", feedback.message(mistake, lang), 0.0, (mistake or {}).get("code"))


def _numpy(ref: Answer, answer: str, lang: str) -> Result:
    """A numpy line or a matrix formula: the reference's arrays on every data set of the key."""
    verdict, mistake = array_check.judge({"numpy": ref.expression, "envs": ref.envs, "name": ref.name,
                                          "first_class": ref.first_class}, answer)
    if verdict == "correct":
        return Result("correct", points=ref.points)
    return Result("wrong", feedback.message(mistake, lang), 0.0, (mistake or {}).get("code"))
