"""Grade a class file against answer keys, and write the three reports.

Input: a CSV with the columns ``student``, ``variant``, ``question``, ``answer`` in any order,
among others, as a spreadsheet exports it, or one row per student and a column per question
(``class_file.read``). Every input row (every cell of a question's column) gets one
row of ``report.csv`` with its line number: a short or malformed row is reported "unreadable", an
unknown variant or question "undecided", an empty answer "no answer", and an earlier answer of the
same student to the same question "duplicate" (the last one counts; an empty one never replaces
an answer). A student is the same whatever the case, spaces or Unicode form of the name (Hélène,
hélène , a Mac's decomposed é). Answers are judged (``grade.grade_one``) in a pool of processes
(``student/runner.py``: one worker per core, each answer bounded in time and memory).
``-students.csv`` sums points over every question of the class file, so that a question a
student left out counts in ``out_of`` (and in ``missing``); ``ungraded`` counts the rows the
teacher must look at. ``-questions.csv`` gives each question's success rate and most common
mistake. Each row tdgrad could not grade is also one ``problems`` line: file, line, column, what,
how to fix.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from tdgrad import answers as key_file
from tdgrad import spreadsheet
from tdgrad.errors import UserError
from tdgrad.student import class_file, feedback, runner
from tdgrad.student.grade import SECONDS, Result, grade_many

COLUMNS = class_file.COLUMNS
REPORT = ["line", "student", "variant", "question", "label", "answer", "verdict", "feedback", "points",
          "out_of"]
STUDENTS = ["student", "points", "out_of", "missing", "ungraded"]
NOTES = {
    "short": {"fr": "ligne {line} illisible (trop courte) : il faut les colonnes {need}",
              "en": "line {line} unreadable (too short): the columns {need} are needed"},
    "quote": {"fr": "ligne {line} illisible : guillemets mal fermés", "en": "line {line} unreadable: an unclosed quote"},
    "long": {"fr": "ligne {line} illisible : plus de cellules remplies que de colonnes dans l'en-tête "
                   "(une virgule décimale dans un fichier séparé par des virgules ?)",
             "en": "line {line} unreadable: more filled cells than the header has columns "
                   "(a decimal comma in a comma-separated file?)"},
    "unknown_variant": {"fr": "variante inconnue « {variant} »", "en": "unknown variant '{variant}'"},
    "unknown_question": {"fr": "question inconnue « {question} » (par exemple {example})",
                         "en": "no such question '{question}' (e.g. {example})"},
    "ambiguous_question": {"fr": "question « {question} » ambiguë : écrivez exercice:question (par exemple {example})",
                           "en": "question '{question}' is ambiguous: write exercise:question (e.g. {example})"},
    "duplicate": {"fr": "doublon : la réponse de la ligne {line} compte",
                  "en": "duplicate: the answer on line {line} counts"},
    "blank": {"fr": "pas de réponse", "en": "no answer"},
}
VERDICTS = {"duplicate": {"fr": "doublon", "en": "duplicate"}, "blank": {"fr": "sans réponse", "en": "no answer"}}
# how the teacher fixes each kind of row tdgrad could not grade (the problems' lines)
FIXES = {
    "short": {"fr": "complétez la ligne, puis notez à nouveau", "en": "complete the row, then grade again"},
    "quote": {"fr": "fermez les guillemets de la cellule, puis notez à nouveau",
              "en": "close the cell's quote, then grade again"},
    "long": {"fr": "mettez entre guillemets les cellules qui contiennent une virgule, ou enregistrez le "
                   "fichier avec « ; » comme séparateur, puis notez à nouveau",
             "en": "quote the cells that hold a comma, or save the file with ';' as the separator, "
                   "then grade again"},
    "unknown_variant": {"fr": "écrivez une variante de la clé ({variants}), puis notez à nouveau",
                        "en": "write one of the key's variants ({variants}), then grade again"},
    "unknown_question": {"fr": "écrivez une question de la clé, puis notez à nouveau",
                         "en": "write one of the key's questions, then grade again"},
    "ambiguous_question": {"fr": "précisez l'exercice, puis notez à nouveau",
                           "en": "name the exercise, then grade again"},
    "undecided": {"fr": "notez cette réponse à la main", "en": "grade this answer by hand"},
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


def _say(table, code, lang, **values) -> str:
    return table[code][lang if lang in ("fr", "en") else "en"].format(**values)


def _note(code, lang, **values) -> str:
    return _say(NOTES, code, lang, **values)


def identity(name: str) -> str:
    """Who a student is, whatever the spelling a spreadsheet kept.

    >>> identity("  Hélène  Dupont ") == identity("he\\u0301le\\u0300ne dupont") == "hélène dupont"
    True
    """
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def variant_text(text: str) -> str:
    """A variant as teachers write it, read as the key's id: ``V 7``, ``Variante 7``, ``sujet 07``.

    >>> [variant_text(t) for t in ("V 7", "Variante 7", "sujet 07", "v7", "7", "7,0", "7.00")]
    ['V7', '7', '07', 'v7', '7', '7', '7']
    """
    text = re.sub(r"^(?:variante?|sujet|version)\s*[:n°#.-]*\s*(?=\d)", "", text.strip(), flags=re.I)
    text = re.sub(r"^(\d+)[.,]0+$", r"\1", text)  # a number cell as a spreadsheet may write it
    return re.sub(r"^([Vv])\s+(?=\d)", r"\1", text)


def grade_csv(rows_path: Path, key_paths, out: Path, lang: str = "fr", jobs: int | None = None) -> dict:
    """Grade every row of ``rows_path``; write ``out`` and its per-student / per-question summaries."""
    refuse_overwriting([rows_path, *key_paths], out)
    key = key_file.load(key_paths)
    _, rows = class_file.read(rows_path, key)
    if not rows:
        raise UserError(f"{rows_path}: no answer below the header line; is it the class's file?")
    problems: dict[tuple, list[int]] = {}  # (column, what; how to fix) → its lines

    def problem(line, column, code, note, **values):  # one line: file, line, column, what, how to fix
        problems.setdefault((column, f"{note}; {_say(FIXES, code, lang, **values)}"), []).append(line)

    graded: list[dict] = []
    work: list[tuple[int, key_file.Answer, str]] = []  # (index in graded, Answer, text)
    last: dict[tuple, int] = {}
    for line, cells, raw, why, column in rows:
        entry: dict[str, Any] = {"line": line, "student": "", "variant": "", "question": "", "answer": raw,
                                 "label": "", "points": 0.0, "out_of": 0.0, "_mistake": None}
        graded.append(entry)
        if why or cells is None:  # whose row it is, when that can be read: the student is in the totals
            entry["student"] = (cells or {}).get("student", "").strip()
            note = _note(why, lang, line=line, need=", ".join(COLUMNS))
            entry.update(_verdict(Result("unparsable", note), lang), _row_unreadable=True, _unmatched=True)
            problem(line, None, why, note)
            continue
        entry.update({k: cells[k].strip() for k in ("student", "variant", "question")}, answer=cells["answer"])
        vid = key.variant(variant_text(entry["variant"]))
        if vid is None:
            note = _note("unknown_variant", lang, variant=entry["variant"])
            entry.update(_verdict(Result("undecided", note), lang), _unmatched=True)
            problem(line, column["variant"], "unknown_variant", note, variants=_range(key.tables))
            continue
        try:
            qid, answer = key_file.find(key.tables[vid], entry["question"])
        except UserError:  # said in the report's language, as answers.find says it in English
            table, asked = key.tables[vid], entry["question"].strip()
            code = "ambiguous_question" if any(k.split(":", 1)[1] == asked for k in table) else "unknown_question"
            note = _note(code, lang, question=asked, example=_nearest(asked, table))
            entry.update(_verdict(Result("undecided", note), lang), _unmatched=True)
            problem(line, column["question"], code, note)
            continue
        entry.update(label=answer.text_label(lang), out_of=answer.points, _qid=qid, _vid=vid, _columns=column)
        blank = not entry["answer"].strip()
        if blank:
            entry.update(_verdict(Result("blank", _note("blank", lang)), lang))
        same = (identity(entry["student"]), qid)
        if same in last and blank and graded[last[same]].get("_verdict") != "blank":
            # an empty row never replaces an answer (a resubmission that lost its text)
            entry.update(_verdict(Result("duplicate", _note("duplicate", lang, line=graded[last[same]]["line"])),
                                  lang), out_of=0.0, _skip=True)
            continue
        if same in last:  # the earlier answer no longer counts
            earlier = graded[last[same]]
            earlier.update(_verdict(Result("duplicate", _note("duplicate", lang, line=line)), lang),
                           out_of=0.0, _skip=True)
        last[same] = len(graded) - 1
        if not blank:
            work.append((len(graded) - 1, answer, entry["answer"]))
    todo = [(i, a, t) for i, a, t in work if not graded[i].get("_skip")]
    for (i, _, _), result in zip(todo, judge([(a, t) for _, a, t in todo], lang, jobs)):
        graded[i].update(_verdict(result, lang))
        if result.verdict == "undecided":
            g = graded[i]
            problem(g["line"], g["_columns"]["answer"], "undecided", f"{g['question']}: {result.feedback}")
    totals = _totals(graded, key)
    _write_reports(out, graded, totals, lang)
    duplicates = sum(1 for g in graded if g["_verdict"] == "duplicate")
    unreadable = sum(1 for g in graded if g.get("_row_unreadable"))
    return {"answers": len(graded), "students": len(totals), "duplicates": duplicates,
            "unreadable_rows": unreadable, "blank": sum(1 for g in graded if g["_verdict"] == "blank"),
            "unmatched": sum(1 for g in graded if g.get("_unmatched")),
            "undecided": sum(1 for g in graded if g["_verdict"] == "undecided" and "_qid" in g),
            "problems": [f"{rows_path}:{_lines(lines)}:" + (f" {column}:" if column else "") + f" {what}"
                         for (column, what), lines in problems.items()],
            "questions": _by_question(graded, lang)}


def _lines(lines: list[int]) -> str:
    """A problem of many rows (a whole column) said once: ``2``, ``2 (and 299 more rows)``."""
    more = len(lines) - 1
    return str(lines[0]) + (f" (and {more} more row{'s' if more > 1 else ''})" if more else "")


def _nearest(asked: str, table) -> str:
    """The key's question closest to what was written (3:q1.los → 3:q1.loss), for the message."""
    close = difflib.get_close_matches(asked, list(table), n=1, cutoff=0.5) or difflib.get_close_matches(
        asked, [k.split(":", 1)[1] for k in table], n=1, cutoff=0.5)
    return next((k for k in table if close and close[0] in (k, k.split(":", 1)[1])), next(iter(table)))


def _range(tables) -> str:
    ids = sorted(tables, key=lambda v: (key_file.variant_number(v) is None, key_file.variant_number(v) or 0, v))
    return ", ".join(ids) if len(ids) <= 3 else f"{ids[0]} … {ids[-1]}"


def _verdict(result: Result, lang: str) -> dict:
    shown = feedback.say(result.verdict, lang) if result.verdict in feedback.MESSAGES else (
        _say(VERDICTS, result.verdict, lang))
    return {"verdict": shown, "feedback": result.feedback, "points": result.points,
            "_mistake": result.mistake, "_verdict": result.verdict}


def judge(work, lang: str, jobs: int | None = None) -> list[Result]:
    """Every (Answer, text) judged in order, in the bounded runner's ``jobs`` workers."""
    if not work:
        return []
    with runner.Pool(jobs=jobs, seconds=SECONDS) as pool:
        return grade_many(work, lang, pool)


def _totals(graded: list[dict], key) -> list[dict]:
    """One row per student: points over every question the class file asks (by anyone), a question
    left out counted in ``out_of`` with the points of the student's own variant."""
    asked = {g["_qid"] for g in graded if "_qid" in g}
    people: dict[str, dict] = {}
    for g in graded:
        if not g["student"]:
            continue
        who = people.setdefault(identity(g["student"]), {
            "student": unicodedata.normalize("NFC", g["student"]), "points": 0.0, "ungraded": 0,
            "answered": {}, "variants": Counter()})
        who["points"] += g["points"]
        who["ungraded"] += bool(g.get("_unmatched")) or g["_verdict"] == "undecided"
        if "_qid" in g and not g.get("_skip"):
            who["answered"][g["_qid"]] = g
            who["variants"][g["_vid"]] += 1
    rows = []
    for who in people.values():
        out_of, missing = 0.0, 0
        for qid in sorted(asked):
            g = who["answered"].get(qid)
            missing += g is None or g["_verdict"] == "blank"
            out_of += g["out_of"] if g else _points(key, qid, [v for v, _ in who["variants"].most_common()])
        rows.append({"student": who["student"], "points": round(who["points"], 6), "out_of": round(out_of, 6),
                     "missing": missing, "ungraded": who["ungraded"]})
    return sorted(rows, key=lambda r: identity(r["student"]))


def _points(key, qid: str, variants: list[str]) -> float:
    """A question's points in the student's own variant, else in the first variant that has it."""
    for vid in [*variants, *key.tables]:
        if qid in key.tables[vid]:
            return key.tables[vid][qid].points
    return 0.0


def _by_question(graded, lang) -> list[dict]:
    questions: dict[str, list[dict]] = defaultdict(list)
    for g in graded:  # by the key's question: q1.loss and 3:q1.loss are one
        if "_qid" in g and g["_verdict"] != "duplicate":
            questions[g["_qid"]].append(g)
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


def whole(row: dict) -> dict:
    """Points written ``1``, not ``1.0``: a spreadsheet in a decimal-comma language (LibreOffice in
    French) reads ``1.0`` as text and cannot sum it, but reads ``1`` as a number everywhere."""
    return {k: int(v) if k in ("points", "out_of") and float(v).is_integer() else v for k, v in row.items()}


def _write_reports(out: Path, graded: list[dict], totals: list[dict], lang: str) -> None:
    report, per_student, per_question = outputs(out)
    spreadsheet.write_all([(report, map(whole, graded), REPORT), (per_student, map(whole, totals), STUDENTS),
                           (per_question, _by_question(graded, lang),
                            ["question", "label", "answers", "correct", "rate", "common_mistake"])])
