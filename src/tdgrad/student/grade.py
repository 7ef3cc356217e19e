"""Grade answers against the answer keys tdgrad wrote (``answers.json``, a batch's ``answer-key.json``).

A key maps (variant, exercise:question) to what was printed in the correction: a number, an array,
or an expression (with its variables and, when it has one, its value at the variant's point). An
answer is read by the student reader, compared, and gets one of four verdicts — correct, wrong,
unparsable, undecided — with feedback naming the mistake and its points. Numbers are compared with
a relative tolerance (``RTOL``, 1 % by default, or the key's own ``tolerance``) so that a student who
carried a rounded intermediate value is accepted; every answer is bounded in time.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from tdgrad.errors import ExpressionError, UserError
from tdgrad.student import array_check, feedback, numbers, runner
from tdgrad.student.arrays import evaluate
from tdgrad.student.equivalence import equivalent
from tdgrad.student.exact import exact, real_value
from tdgrad.student.read import read

RTOL = numbers.RTOL  # relative tolerance for numeric answers (a key's "tolerance" overrides it)
ATOL = 5e-4  # Moodle's absolute floor (moodle.py); grading itself has none: see numbers.py
SECONDS = 2.0  # at most per answer (the runner's limit)


@dataclass(frozen=True)
class Result:
    verdict: str
    feedback: str = ""
    points: float = 0.0
    mistake: str | None = None


def load_keys(paths) -> dict[str, dict[str, object]]:
    """variant id → {"exercise:question": reference} from answers.json / answer-key.json files."""
    keys: dict[str, dict[str, object]] = {}
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise UserError(f"{path}: not a readable answer key ({exc})") from None
        variants = data.get("variants") or [data]
        for v in variants:
            vid = str(v.get("variant", v.get("seed", "")))
            table = keys.setdefault(vid, {})
            for ex in v.get("exercises", []):
                for q, ref in ex["answers"].items():
                    table[f"{ex['exercise']}:{q}"] = ref
    if not keys:
        raise UserError("no answer key found in " + ", ".join(map(str, paths)))
    return keys


def find(table: dict[str, object], question: str) -> tuple[str, object]:
    if question in table:
        return question, table[question]
    matches = [k for k in table if k.split(":", 1)[1] == question]
    if len(matches) == 1:
        return matches[0], table[matches[0]]
    hint = "ambiguous, give exercise:question" if matches else "no such question"
    raise UserError(f"question '{question}': {hint} (e.g. {next(iter(table))})")


def grade_one(reference, answer: str, lang: str = "fr") -> Result:
    """Judge one answer in this process (what a runner worker does); see ``grade_many``."""
    try:
        return _grade(reference, answer, lang)
    except ExpressionError as exc:
        return Result("unparsable", str(exc))


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


def _grade(ref, answer: str, lang: str) -> Result:
    rtol = ref.get("tolerance", RTOL) if isinstance(ref, dict) else RTOL
    if isinstance(ref, dict) and "numpy" in ref:
        return _numpy(ref, answer, lang)
    if isinstance(ref, dict) and "expression" in ref:
        return _expression(ref, answer, rtol, lang)
    if isinstance(ref, dict) and ref.get("type") == "integer":
        ref = ref["value"]
    if isinstance(ref, list):
        return _array(ref, answer, rtol, lang)
    if isinstance(ref, (int, float)) and not isinstance(ref, bool):
        student = read(answer)
        if student.free_symbols:
            raise ExpressionError("a number is expected here")
        return _scalar(student, answer, ref, rtol, lang)
    return Result("undecided", "this question is not graded automatically")


def _expression(ref: dict, answer: str, rtol: float, lang: str) -> Result:
    from tdgrad.display import show

    variables = tuple(ref.get("variables", ()))
    reference = _read_key(ref["expression"], variables)
    student = read(answer, variables or None)
    if not student.free_symbols and "value" in ref:
        return _scalar(student, answer, ref["value"], rtol, lang)
    v = _compare(student, reference)
    if v.equivalent:
        return Result("correct", "" if v.verdict == "equivalent" else feedback.say("numeric_only", lang),
                      points=1.0)
    if v.verdict == "undecided":
        return Result("undecided", v.reason)
    point = ", ".join(f"{k} = {show(x, lang, math_mode=False)}" for k, x in (v.point or {}).items())
    if v.verdict == "partly equivalent":
        return Result("wrong", feedback.say("partly", lang, point=point), 0.0, "domain")
    got, want = v.values or v.details.get("values", (None, None))
    text = feedback.message(v.mistake, lang) or feedback.say("counterexample", lang, point=point,
        got=_fmt(got, lang), want=_fmt(want, lang))
    return Result("wrong", text, 0.0, (v.mistake or {}).get("code"))


@lru_cache(maxsize=4096)
def _compare(student, reference):
    """A class gives the same answer many times: each worker compares each pair once."""
    return equivalent(student, reference, symbolic=False)


@lru_cache(maxsize=1024)
def _read_key(expression: str, variables: tuple[str, ...]):
    return read(expression, variables or None)


def _array(ref: list, answer: str, rtol: float, lang: str) -> Result:
    try:
        r = np.asarray(ref, dtype=float)
    except (TypeError, ValueError):
        return Result("undecided", "this question is not graded automatically")
    s = evaluate(answer, {})
    if s.shape == r.shape:
        integers = all(numbers.is_integer_reference(v) for v in np.asarray(ref, dtype=object).ravel())
        if np.array_equal(s, r) if integers else all(numbers.right_array(s.ravel(), r.ravel(), rtol)):
            return Result("correct", points=1.0)
    mistake = feedback.arrays(s, r)
    return Result("wrong", feedback.message(mistake, lang), 0.0, (mistake or {}).get("code"))


def _scalar(student, answer: str, ref, rtol: float, lang: str) -> Result:
    """One number against the key: integers exactly, reals by ``numbers.right``."""
    from tdgrad.display import show

    s = _real(student)
    if s is None:
        return Result("wrong", feedback.say("not_real", lang), 0.0, "not_real")
    if numbers.is_integer_reference(ref):
        if exact(student) == ref:
            return Result("correct", points=1.0)
        return Result("wrong", feedback.say("expected", lang, value=str(ref)), 0.0,
                      "sign" if s == -ref != 0 else None)
    r = float(ref)
    if numbers.right(s, answer, r, rtol):
        return Result("correct", points=1.0)
    mistake = None  # one number: only the classic slips are worth naming
    for c, m in ((-1, {"code": "sign"}), (2, {"code": "factor", "factor": "2"}),
                 (0.5, {"code": "factor", "factor": "1/2"})):
        if numbers.close(s, c * r, rtol):
            mistake = m
            break
    if mistake is None and numbers.close(s, r, 10 * rtol):
        mistake = {"code": "rounding"}
    text = feedback.message(mistake, lang) or feedback.say("expected", lang,
        value=show(r, lang, 3, math_mode=False))
    return Result("wrong", text, 0.0, (mistake or {}).get("code"))


def _numpy(ref, answer: str, lang: str) -> Result:
    """A numpy line or a matrix formula: the reference's arrays on every data set of the key."""
    verdict, mistake = array_check.judge(ref, answer)
    if verdict == "correct":
        return Result("correct", points=1.0)
    return Result("wrong", feedback.message(mistake, lang), 0.0, (mistake or {}).get("code"))


def _fmt(x, lang):
    if x is None:
        return "—"
    text = f"{x + 0.0:.4g}".replace("-0", "0") if x == 0 else f"{x:.4g}"
    return text.replace(".", ",") if lang == "fr" else text


def grade_csv(rows_path: Path, key_paths, out: Path, lang: str = "fr") -> dict:
    """Grade every row of ``rows_path``; write ``out`` and its per-student / per-question summaries."""
    keys = load_keys(key_paths)
    try:
        with open(rows_path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise UserError(f"{rows_path}: {exc.strerror}") from None
    need = {"student", "variant", "question", "answer"}
    if not rows or not need <= set(rows[0]):
        raise UserError(f"{rows_path}: expected the columns {', '.join(sorted(need))}")
    graded, tasks = [], []
    for i, row in enumerate(rows, start=2):
        table = keys.get(str(row["variant"]).strip())
        result = None
        if table is None:
            result = Result("undecided", f"line {i}: unknown variant '{row['variant']}'")
        else:
            try:
                _, ref = find(table, row["question"].strip())
                tasks.append((len(graded), (ref, row["answer"])))
            except UserError as exc:
                result = Result("undecided", f"line {i}: {exc}")
        graded.append({**{k: row[k] for k in ("student", "variant", "question", "answer")},
                       "result": result})
    for (j, _), result in zip(tasks, grade_many([t for _, t in tasks], lang)):
        graded[j]["result"] = result
    for g in graded:
        result = g.pop("result")
        g.update(verdict=feedback.say(result.verdict, lang), feedback=result.feedback,
                 points=result.points, _mistake=result.mistake, _verdict=result.verdict)
    _write(out, graded, ["student", "variant", "question", "answer", "verdict", "feedback", "points"])
    students: dict[str, list[float]] = defaultdict(list)
    questions: dict[str, list[dict]] = defaultdict(list)
    for g in graded:
        students[g["student"]].append(g["points"])
        questions[g["question"]].append(g)
    _write(out.with_name(out.stem + "-students.csv"),
           [{"student": s, "points": sum(p), "out_of": len(p)} for s, p in sorted(students.items())],
           ["student", "points", "out_of"])
    summary = []
    for q, gs in sorted(questions.items()):
        mistakes = Counter(g["_mistake"] for g in gs if g["_mistake"])
        common = mistakes.most_common(1)
        summary.append({"question": q, "answers": len(gs),
                        "correct": sum(g["_verdict"] == "correct" for g in gs),
                        "rate": round(sum(g["_verdict"] == "correct" for g in gs) / len(gs), 3),
                        "common_mistake": feedback.message({"code": common[0][0], "factor": "", "got": "", "want": ""}, lang)
                        if common else ""})
    _write(out.with_name(out.stem + "-questions.csv"), summary,
           ["question", "answers", "correct", "rate", "common_mistake"])
    return {"answers": len(graded), "students": len(students), "questions": summary}


def _write(path: Path, rows: list[dict], columns: list[str]) -> None:
    partial = path.with_name(path.name + ".part")
    with open(partial, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    partial.replace(path)
