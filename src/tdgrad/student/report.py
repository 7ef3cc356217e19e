"""Grade a class file against answer keys, and write the three reports.

Input: a CSV with the columns ``student``, ``variant``, ``question``, ``answer`` in any order,
among others, as a spreadsheet exports it (``spreadsheet.read_rows``). Every input row gets one
row of ``report.csv`` with its line number: a short or malformed row is reported "unreadable", an
unknown variant or question "undecided", and an earlier answer of the same student to the same
question "duplicate" (the last one counts). Answers are judged (``grade.grade_one``) in a pool of
processes (``student/runner.py``: one worker per core, each answer bounded in time and memory). ``-students.csv`` sums points, ``-questions.csv``
gives each question's success rate and most common mistake.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from tdgrad import answers as key_file
from tdgrad import spreadsheet
from tdgrad.errors import UserError
from tdgrad.student import feedback, runner
from tdgrad.student.grade import SECONDS, Result, grade_many

COLUMNS = ("student", "variant", "question", "answer")
REPORT = ["line", "student", "variant", "question", "label", "answer", "verdict", "feedback", "points",
          "out_of"]
NOTES = {
    "short_row": {"fr": "ligne {line} illisible (ligne trop courte ou guillemets mal fermés) : "
                        "il faut les colonnes {need}",
                  "en": "line {line} unreadable (too short, or an unclosed quote): the columns {need} "
                        "are needed"},
    "unknown_variant": {"fr": "variante inconnue « {variant} »", "en": "unknown variant '{variant}'"},
    "unknown_question": {"fr": "question inconnue « {question} » (par exemple {example})",
                         "en": "no such question '{question}' (e.g. {example})"},
    "ambiguous_question": {"fr": "question « {question} » ambiguë : écrivez exercice:question (par exemple {example})",
                           "en": "question '{question}' is ambiguous: write exercise:question (e.g. {example})"},
    "duplicate": {"fr": "doublon : la réponse de la ligne {line} compte",
                  "en": "duplicate: the answer on line {line} counts"},
}


def outputs(out: Path) -> list[Path]:
    """The three files ``grade`` writes for ``--out out``."""
    out = Path(out)
    return [out, out.with_name(out.stem + "-students.csv"), out.with_name(out.stem + "-questions.csv")]


def refuse_overwriting(inputs, out: Path) -> None:
    mine = {p.resolve() for p in outputs(out)}
    for path in inputs:
        if Path(path).resolve() in mine:
            raise UserError(f"--out {out}: it would overwrite the input {path}; choose another file name")


def _note(code, lang, **values) -> str:
    return NOTES[code][lang if lang in ("fr", "en") else "en"].format(**values)


def grade_csv(rows_path: Path, key_paths, out: Path, lang: str = "fr", jobs: int | None = None) -> dict:
    """Grade every row of ``rows_path``; write ``out`` and its per-student / per-question summaries."""
    refuse_overwriting([rows_path, *key_paths], out)
    key = key_file.load(key_paths)
    _, rows = spreadsheet.read_rows(rows_path, COLUMNS)
    graded: list[dict] = []
    work: list[tuple[int, key_file.Answer, str]] = []  # (index in graded, Answer, text)
    last: dict[tuple, int] = {}
    for line, cells, raw in rows:
        entry: dict[str, Any] = {"line": line, "student": "", "variant": "", "question": "", "answer": raw,
                 "label": "", "points": 0.0, "out_of": 0.0, "_mistake": None}
        graded.append(entry)
        if cells is None:
            entry.update(_verdict(Result("unparsable", _note(
                "short_row", lang, line=line, need=", ".join(COLUMNS))), lang), _row_unreadable=True)
            continue
        entry.update({k: cells[k].strip() for k in ("student", "variant", "question")}, answer=cells["answer"])
        vid = key.variant(entry["variant"])
        if vid is None:
            entry.update(_verdict(Result("undecided", _note("unknown_variant", lang, variant=entry["variant"])),
                                  lang))
            continue
        try:
            qid, answer = key_file.find(key.tables[vid], entry["question"])
        except UserError:  # said in the report's language, as answers.find says it in English
            table, asked = key.tables[vid], entry["question"].strip()
            ambiguous = any(k.split(":", 1)[1] == asked for k in table)
            entry.update(_verdict(Result("undecided", _note("ambiguous_question" if ambiguous else "unknown_question",
                                                            lang, question=asked, example=next(iter(table)))), lang))
            continue
        entry.update(label=answer.text_label(lang), out_of=answer.points)
        same = (entry["student"].casefold(), vid, qid)
        if same in last:  # the earlier answer no longer counts
            earlier = graded[last[same]]
            earlier.update(_verdict(Result("duplicate", _note("duplicate", lang, line=line)), lang),
                           out_of=0.0, _skip=True)
        last[same] = len(graded) - 1
        work.append((len(graded) - 1, answer, entry["answer"]))
    todo = [(i, a, t) for i, a, t in work if not graded[i].get("_skip")]
    for (i, _, _), result in zip(todo, judge([(a, t) for _, a, t in todo], lang, jobs)):
        graded[i].update(_verdict(result, lang))
    _write_reports(out, graded, lang)
    duplicates = sum(1 for g in graded if g["_verdict"] == "duplicate")
    unreadable = sum(1 for g in graded if g.get("_row_unreadable"))
    students = {g["student"] for g in graded if g["student"]}
    return {"answers": len(graded), "students": len(students), "duplicates": duplicates,
            "unreadable_rows": unreadable, "questions": _by_question(graded, lang)}


def _verdict(result: Result, lang: str) -> dict:
    shown = feedback.say(result.verdict, lang) if result.verdict in feedback.MESSAGES else (
        {"fr": "doublon", "en": "duplicate"}[lang if lang in ("fr", "en") else "en"])
    return {"verdict": shown, "feedback": result.feedback, "points": result.points,
            "_mistake": result.mistake, "_verdict": result.verdict}


def judge(work, lang: str, jobs: int | None = None) -> list[Result]:
    """Every (Answer, text) judged in order, in the bounded runner's ``jobs`` workers."""
    with runner.Pool(jobs=jobs, seconds=SECONDS) as pool:
        return grade_many(work, lang, pool)


def _by_question(graded, lang) -> list[dict]:
    questions: dict[str, list[dict]] = defaultdict(list)
    for g in graded:
        if g["question"] and g["_verdict"] != "duplicate":
            questions[g["question"]].append(g)
    summary = []
    for q, gs in sorted(questions.items()):
        mistakes = Counter(g["_mistake"] for g in gs if g["_mistake"])
        common = mistakes.most_common(1)
        correct = sum(g["_verdict"] == "correct" for g in gs)
        summary.append({"question": q, "label": next((g["label"] for g in gs if g["label"]), ""),
                        "answers": len(gs), "correct": correct, "rate": round(correct / len(gs), 3),
                        # the most common mistake, in the words its students read (not a
                        # sentence with its placeholders left blank: "a factor  is missing")
                        "common_mistake": Counter(g["feedback"] for g in gs
                                                  if g["_mistake"] == common[0][0]).most_common(1)[0][0]
                        if common else ""})
    return summary


def _write_reports(out: Path, graded: list[dict], lang: str) -> None:
    report, per_student, per_question = outputs(out)
    spreadsheet.write(report, graded, REPORT)
    students: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for g in graded:
        if g["student"]:
            students[g["student"]][0] += g["points"]
            students[g["student"]][1] += g["out_of"]
    spreadsheet.write(per_student, [{"student": s, "points": round(p, 6), "out_of": round(o, 6)}
                                    for s, (p, o) in sorted(students.items())],
                      ["student", "points", "out_of"])
    spreadsheet.write(per_question, _by_question(graded, lang),
                      ["question", "label", "answers", "correct", "rate", "common_mistake"])
