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
import signal
import threading
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tdgrad.errors import ExpressionError, UserError
from tdgrad.student import feedback
from tdgrad.student.arrays import evaluate
from tdgrad.student.equivalence import equivalent
from tdgrad.student.read import read

RTOL = 0.01  # relative tolerance for numeric answers (a key's "tolerance" overrides it)
ATOL = 5e-4  # absolute floor, half a unit of the third decimal
SECONDS = 2.0  # at most per answer


@dataclass(frozen=True)
class Result:
    verdict: str
    feedback: str = ""
    points: float = 0.0
    mistake: str | None = None


@contextmanager
def time_limit(seconds: float):
    """Raise TimeoutError after ``seconds`` (main thread only; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
    try:
        with time_limit(SECONDS):
            return _grade(reference, answer, lang)
    except ExpressionError as exc:
        return Result("unparsable", str(exc))
    except TimeoutError:
        return Result("undecided", feedback.say("timeout", lang))


def _close(s: float, r: float, rtol: float) -> bool:
    return abs(s - r) <= max(rtol * abs(r), ATOL)


def _number(answer: str) -> float | None:
    expr = read(answer)
    return float(expr) if not expr.free_symbols and expr.is_real is not False and expr.is_finite is not False else None


def _grade(ref, answer: str, lang: str) -> Result:
    from tdgrad.display import show

    rtol = ref.get("tolerance", RTOL) if isinstance(ref, dict) else RTOL
    if isinstance(ref, dict) and "numpy" in ref:
        return _numpy(ref, answer, lang)
    if isinstance(ref, dict) and "expression" in ref:
        variables = tuple(ref.get("variables", ()))
        reference = read(ref["expression"], variables or None)
        student = read(answer, variables or None)
        if not student.free_symbols and "value" in ref:
            return _numeric(float(student), ref["value"], rtol, lang)
        v = equivalent(student, reference, symbolic=False)
        if v.verdict == "equivalent":
            return Result("correct", points=1.0)
        if v.verdict == "undecided":
            return Result("undecided", v.reason)
        text = feedback.message(v.mistake, lang) or feedback.say("counterexample", lang,
            point=", ".join(f"{k} = {show(x, lang, math_mode=False)}" for k, x in v.point.items()),
            got=_fmt(v.values[0], lang), want=_fmt(v.values[1], lang))
        return Result("wrong", text, 0.0, (v.mistake or {}).get("code"))
    if isinstance(ref, list):
        try:
            r = np.asarray(ref, dtype=float)
        except (TypeError, ValueError):
            return Result("undecided", "this question is not graded automatically")
        s = evaluate(answer, {})
        if s.shape == r.shape and np.all(np.abs(s - r) <= np.maximum(rtol * np.abs(r), ATOL)):
            return Result("correct", points=1.0)
        mistake = feedback.arrays(s, r)
        return Result("wrong", feedback.message(mistake, lang), 0.0, (mistake or {}).get("code"))
    if isinstance(ref, (int, float)) and not isinstance(ref, bool):
        value = _number(answer)
        if value is None:
            raise ExpressionError("a number is expected here")
        return _numeric(value, float(ref), rtol, lang)
    return Result("undecided", "this question is not graded automatically")


def _numpy(ref, answer: str, lang: str) -> Result:
    """A numpy one-liner: the same arrays as the reference on every data set of the key."""
    envs = [{k: np.asarray(v, dtype=float) if isinstance(v, list) else v for k, v in env.items()}
            for env in ref["envs"]]
    for e in envs:
        s, r = evaluate(answer, e), evaluate(ref["numpy"], e)
        if s.shape != r.shape or not np.allclose(s, r, rtol=1e-6, atol=1e-9):
            mistake = feedback.arrays(s, r)
            return Result("wrong", feedback.message(mistake, lang), 0.0, (mistake or {}).get("code"))
    return Result("correct", points=1.0)


def _fmt(x, lang):
    if x is None:
        return "—"
    text = f"{x + 0.0:.4g}".replace("-0", "0") if x == 0 else f"{x:.4g}"
    return text.replace(".", ",") if lang == "fr" else text


def _numeric(s: float, r: float, rtol: float, lang: str) -> Result:
    from tdgrad.display import show

    if _close(s, r, rtol):
        return Result("correct", points=1.0)
    mistake = None  # one number: only the classic slips are worth naming
    for c, m in ((-1, {"code": "sign"}), (2, {"code": "factor", "factor": "2"}),
                 (0.5, {"code": "factor", "factor": "1/2"})):
        if _close(s, c * r, rtol):
            mistake = m
            break
    text = feedback.message(mistake, lang) or feedback.say("expected", lang,
        value=show(r, lang, 3, math_mode=False))
    return Result("wrong", text, 0.0, (mistake or {}).get("code"))


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
    graded = []
    for i, row in enumerate(rows, start=2):
        table = keys.get(str(row["variant"]).strip())
        if table is None:
            result = Result("undecided", f"line {i}: unknown variant '{row['variant']}'")
        else:
            try:
                _, ref = find(table, row["question"].strip())
                result = grade_one(ref, row["answer"], lang)
            except UserError as exc:
                result = Result("undecided", f"line {i}: {exc}")
        graded.append({**{k: row[k] for k in ("student", "variant", "question", "answer")},
                       "verdict": feedback.say(result.verdict, lang), "feedback": result.feedback,
                       "points": result.points, "_mistake": result.mistake, "_verdict": result.verdict})
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
