"""A class file in either of its two layouts, as rows of (student, variant, question, answer).

Long: one row per answer, the columns ``student``, ``variant``, ``question``, ``answer``
(``spreadsheet.read_rows``). Wide: one row per student and one column per question, as a Google
Forms export or a sheet filled by hand gives it. A question's column is one whose header names a
question of the key (``3:q1.loss``, or ``q1.loss`` when unique, anywhere in the header: "Calculez
la perte L (3:q1.loss)"); the student is the ``student`` column, else the e-mail, else the user
name, else first and last names; the variant is the column whose header says variant, variante or
sujet (none is needed when the key has one variant). An empty cell is an answer left blank.
"""

from __future__ import annotations

import re

from tdgrad import spreadsheet
from tdgrad.errors import UserError

COLUMNS = ("student", "variant", "question", "answer")
# who the student is, in the order tried: headers as Moodle, Google Forms and spreadsheets write them
WHO = (("student", "élève", "eleve", "étudiant", "etudiant"),
       ("adresse e-mail", "adresse email", "adresse de courriel", "adresse électronique", "courriel",
        "email address", "e-mail address", "email", "e-mail"),
       ("nom d'utilisateur", "username", "identifiant", "id number", "numéro d'identification"))
FIRST = ("prénom", "prenom", "first name")
LAST = ("nom", "nom de famille", "last name", "surname")
QUESTION_LIKE = re.compile(r"(?<![\w.:/])(\d+:)?q\d+\.[\w/]+")  # 3:q9.loss, q1.los
VARIANT = re.compile(r"\b(variante?s?|sujet|version)\b")


def read(path, key) -> tuple[dict, list[tuple]]:
    """The columns' names for messages, and every row as (line, cells, text, why unreadable,
    {field: column}); ``cells`` holds the four COLUMNS (None where a quote is not closed)."""
    line, header, records, delimiter = spreadsheet.read_table(path, COLUMNS)
    lower = [h.strip().lower() for h in header]
    if all(c in lower for c in COLUMNS):
        columns = {c: _name(c, lower.index(c)) for c in COLUMNS}
        _, long = spreadsheet.read_rows(path, COLUMNS)
        return columns, [(*row, columns) for row in long]
    questions = {i: q for i, h in enumerate(header) if (q := _question(h, key)) is not None}
    if questions:  # a column named like a question the key does not have: kept, its rows said unknown
        questions.update({i: m.group(0) for i, h in enumerate(header)
                          if i not in questions and (m := QUESTION_LIKE.search(h))})
    if not questions:
        raise UserError(_refusal(path, line, lower))
    who = _who(lower, set(questions))
    if not who:
        raise UserError(f"{path}: line {line}: a column per question, but none says who the student is "
                        "(student, e-mail, user name, or first and last names); add a column student")
    variant = next((i for i, h in enumerate(lower) if i not in questions and VARIANT.search(h)), None)
    if variant is None and len(key.tables) > 1:
        raise UserError(f"{path}: line {line}: no variant column, and the key has {len(key.tables)} "
                        "variants; add a column variant with each student's variant id")
    only = next(iter(key.tables))
    rows: list[tuple] = []
    for line, raw, cells in records:
        named = {"student": ", ".join(_name(header[i], i) for i in who),
                 "variant": _name(header[variant], variant) if variant is not None else "variant"}
        if cells is None or len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            whose = _join(cells or spreadsheet.loose_cells(raw, delimiter), who)
            rows.append((line, {"student": whose}, raw, "quote" if cells is None else "long", named))
            continue
        base = {"student": _join(cells, who),
                "variant": cells[variant] if variant is not None and variant < len(cells) else
                ("" if variant is not None else only)}
        for i, qid in questions.items():
            rows.append((line, {**base, "question": qid, "answer": cells[i] if i < len(cells) else ""}, raw, "",
                         {**named, "question": _name(header[i], i), "answer": _name(header[i], i)}))
    return {"student": "student", "variant": "variant", "question": "question", "answer": "answer"}, rows


def _name(header: str, index: int) -> str:
    header = " ".join(header.split())
    return f"{header if len(header) <= 40 else header[:39] + '…'} ({spreadsheet.letter(index)})"


def _join(cells, indexes) -> str:
    return " ".join(cells[i].strip() for i in indexes if i < len(cells) and cells[i].strip())


def _question(header: str, key) -> str | None:
    """The key's question a column's header names, if exactly one."""
    ids = {q for table in key.tables.values() for q in table}
    found = {q for q in ids if re.search(rf"(?<![\w.:/]){re.escape(q)}(?![\w./])", header)}
    if not found:
        bare: dict[str, set] = {}
        for q in ids:
            bare.setdefault(q.split(":", 1)[1], set()).add(q)
        found = {q for b, qs in bare.items() if len(qs) == 1
                 and re.search(rf"(?<![\w.:/]){re.escape(b)}(?![\w./])", header) for q in qs}
    return found.pop() if len(found) == 1 else None


def _who(lower: list[str], questions: set) -> list[int]:
    for names in WHO:
        found = [i for i, h in enumerate(lower) if i not in questions and h in names]
        if found:
            return found[:1]
    first = [i for i, h in enumerate(lower) if h in FIRST]
    last = [i for i, h in enumerate(lower) if h in LAST]
    return first[:1] + last[:1]


def _refusal(path, line, lower) -> str:
    missing = [c for c in COLUMNS if c not in lower]
    text = (f"{path}: line {line}: missing column(s) {', '.join(missing)} (found: {', '.join(lower) or 'none'}); "
            f"the first line must name the columns {', '.join(COLUMNS)}, or, one row per student, a column "
            "per question named by its id (3:q1.loss) beside the student's and the variant's")
    if any(re.fullmatch(r"(response|réponse) \d+", h) for h in lower):
        text += (". This looks like Moodle's Responses report: Moodle grades its Cloze gaps itself "
                 "(see its Grades report); its cells 'partie 1 : …; partie 2 : …' name no question")
    elif any(re.match(r"(quiz|test|devoir|assignment) ?:", h) or h in ("course total", "total du cours")
             for h in lower):
        text += ". This looks like a grades export (marks, not answers): export the students' answers"
    return text
