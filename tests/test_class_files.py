"""`tdgrad grade` on class files as teachers have them: spreadsheet exports in every flavour,
classes with holes, resubmissions and typos, 300 students, interrupted runs.

Every expected verdict and total is worked out by hand from TD n°1 (examples/td1.toml, seed 1):
exercise 1: y = σ(a x) at a = 2, x = 1, so ∂y/∂x = a σ(2)(1 − σ(2)) and ∂y/∂a = x σ(ax)(1 − σ(ax));
exercise 2: f = x₁x₂ + sin x₁ at (2, 5), so ∂f/∂x₂ = x₁ = 2;
exercise 3: h₁ = σ(1), h₂ = σ(1.1), ŷ = tanh(0.3 h₁ + 0.9 h₂ + 0.1), L = ½(ŷ − 0.5)².
"""

import csv
import io
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tdgrad import pipeline, spec, spreadsheet
from tdgrad.student import report as report_module

ROOT = Path(__file__).resolve().parents[1]


def sigma(z):
    return 1 / (1 + math.exp(-z))


LOSS = 0.5 * (math.tanh(0.3 * sigma(1.0) + 0.9 * sigma(1.1) + 0.1) - 0.5) ** 2  # 0.03359…
DYDX = 2 * sigma(2) * (1 - sigma(2))  # 0.2100
DFDX2 = 2.0


def comma(x: float, digits: int = 4) -> str:
    """As a French student writes it: 0,0336."""
    return f"{x:.{digits}g}".replace(".", ",")


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    out = tmp_path_factory.mktemp("key")
    return pipeline.generate(spec.load(ROOT / "examples" / "td1.toml"), out, tex_only=True) / "answers.json"


@pytest.fixture(scope="module")
def batch_key(key, tmp_path_factory):
    """A batch of 30 variants where only V007 has TD n°1's loss; the others' loss is 3 times it, so
    that a right answer is right only when the student's variant is read as V007."""
    one = json.loads(key.read_text(encoding="utf-8"))
    variants = []
    for i in range(1, 31):
        v = json.loads(json.dumps({k: x for k, x in one.items() if k not in ("format", "version")}))
        if i != 7:
            for a in next(ex for ex in v["exercises"] if ex["exercise"] == 3)["answers"]:
                if a["id"] == "q1.loss":
                    a["value"], a["exact"] = a["value"] * 3, a["exact"] * 3
        variants.append({"variant": f"V{i:03d}", **v})
    path = tmp_path_factory.mktemp("batch") / "answer-key.json"
    path.write_text(json.dumps({"format": one["format"], "version": one["version"], "spec": one["spec"],
                                "title": one["title"], "seed": 0, "lang": "fr", "variants": variants}),
                    encoding="utf-8")
    return path


class Graded:
    """One run of `tdgrad grade`: exit code, messages, and the three reports read back."""

    def __init__(self, proc, out: Path):
        self.code, self.stdout, self.stderr = proc.returncode, proc.stdout, proc.stderr
        self.rows = self.students = self.questions = None
        if out.exists():
            self.rows, self.students, self.questions = (openable(p) for p in report_module.outputs(out))

    def verdicts(self):
        return [r["verdict"] for r in self.rows]

    def totals(self):
        return {s["student"]: (float(s["points"]), float(s["out_of"]), int(s["missing"]), int(s["ungraded"]))
                for s in self.students}


def openable(path: Path) -> list[dict]:
    """A report as a spreadsheet opens it: UTF-8, one header, every row of the header's width."""
    text = path.read_bytes().decode("utf-8")
    table = list(csv.reader(text.splitlines(keepends=True), strict=True))
    assert table and all(len(row) == len(table[0]) for row in table), path
    return [dict(zip(table[0], row)) for row in table[1:]]


def grade(tmp_path, data: bytes, key: Path, name="classe.csv", out="report.csv", lang="en") -> Graded:
    path = tmp_path / name
    path.write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "tdgrad", "grade", str(path), "--key", str(key),
                           "--out", str(tmp_path / out), "--lang", lang], capture_output=True, text=True)
    assert "Traceback" not in proc.stderr, proc.stderr
    return Graded(proc, tmp_path / out)


def lines(rows, delimiter=",", encoding="utf-8", newline="\n", bom=False) -> bytes:
    """Rows as a spreadsheet saves them: a cell quoted where it holds the separator, a quote or a line break."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    text = buf.getvalue()
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


# ---- spreadsheet flavours ----------------------------------------------------------------------

def test_excel_csv_with_bom_semicolons_decimal_commas_and_a_multiline_cell(tmp_path, key):
    data = lines([["Nom", "Prénom", "student", "variant", "question", "answer"],
                  ["Dupont", "Hélène", "hélène", "1", "3:q1.loss", comma(LOSS)],
                  ["Martin", "Loïc", "loïc", "1", "1:q4.da", "x σ(ax)\r\n(1 − σ(ax))"],
                  ["Martin", "Loïc", "loïc", "1", "1:q2.dx", comma(DYDX)]],
                 delimiter=";", newline="\r\n", bom=True)
    g = grade(tmp_path, data, key)
    assert g.code == 0, g.stderr
    assert g.verdicts() == ["correct"] * 3 and [r["line"] for r in g.rows] == ["2", "3", "5"]
    assert g.rows[1]["answer"] == "x σ(ax)\n(1 − σ(ax))"  # kept whole, on its two lines
    # every question of the file counts for everyone: Hélène left out two of the three
    assert g.totals() == {"hélène": (1.0, 3.0, 2, 0), "loïc": (2.0, 3.0, 1, 0)}


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_libreoffice_save_as_csv_in_a_windows_encoding_with_accented_names(tmp_path, key, encoding):
    data = lines([["student", "variant", "question", "answer"],
                  ["Hélène Noël", "1", "3:q1.loss", comma(LOSS)],
                  ["Loïc Lefèvre", "1", "3:q1.loss", comma(-LOSS)],
                  ["Zoé Cœur" if encoding == "cp1252" else "Zoé Coeur", "1", "2:q3.dx2", "2"]],
                 encoding=encoding, newline="\r\n")
    g = grade(tmp_path, data, key)
    assert g.code == 0, g.stderr
    assert g.verdicts() == ["correct", "wrong", "correct"]
    assert g.rows[1]["feedback"] == "the sign is wrong"
    names = [r["student"] for r in g.rows]
    assert names[:2] == ["Hélène Noël", "Loïc Lefèvre"] and names[2].startswith("Zoé C")
    assert set(g.totals()) == set(names)


def test_excel_unicode_text_utf16_with_tabs(tmp_path, key):
    data = "\r\n".join(["student\tvariant\tquestion\tanswer", f"Hélène\t1\t3:q1.loss\t{comma(LOSS)}",
                         "Loïc\t1\t2:q3.dx2\t3", ""]).encode("utf-16")  # with its BOM, as Excel writes it
    g = grade(tmp_path, data, key, name="classe.txt")
    assert g.code == 0, g.stderr
    assert [(r["student"], r["verdict"]) for r in g.rows] == [("Hélène", "correct"), ("Loïc", "wrong")]


def test_trailing_empty_rows_and_columns_are_not_rows(tmp_path, key):
    data = lines([["student", "variant", "question", "answer", "", ""],
                  ["ana", "1", "3:q1.loss", comma(LOSS), "", ""],
                  ["", "", "", "", "", ""], ["", "", "", "", "", ""], [""], [""]], delimiter=";")
    g = grade(tmp_path, data, key)
    assert g.code == 0, g.stderr
    assert [r["line"] for r in g.rows] == ["2"] and g.verdicts() == ["correct"]
    assert g.totals() == {"ana": (1.0, 1.0, 0, 0)}


def test_extra_columns_in_any_order(tmp_path, key):
    data = lines([["Horodatage", "answer", "Groupe", "question", "student", "variant", "Remarque"],
                  ["2026-11-20 10:01", comma(DYDX), "G1", "1:q2.dx", "ana", "1", "rendu en retard"]])
    g = grade(tmp_path, data, key)
    assert g.code == 0 and g.verdicts() == ["correct"], g.stderr


# ---- classes with holes, resubmissions and typos ------------------------------------------------

def test_a_student_who_answered_nothing_is_graded_zero_not_unreadable(tmp_path, key):
    data = lines([["student", "variant", "question", "answer"],
                  ["ana", "1", "3:q1.loss", comma(LOSS)], ["ana", "1", "1:q2.dx", comma(DYDX)],
                  ["bob", "1", "3:q1.loss", ""], ["bob", "1", "1:q2.dx", "  "]])
    g = grade(tmp_path, data, key)
    assert g.code == 0, g.stderr  # nothing for the teacher to do: no answer is 0
    assert g.verdicts() == ["correct", "correct", "no answer", "no answer"]
    assert [r["points"] for r in g.rows[2:]] == ["0", "0"] and [r["out_of"] for r in g.rows[2:]] == ["1", "1"]
    assert g.totals() == {"ana": (2.0, 2.0, 0, 0), "bob": (0.0, 2.0, 2, 0)}
    assert "2 without an answer" in g.stdout


def test_a_student_with_no_row_for_a_question_is_graded_out_of_every_question(tmp_path, key):
    data = lines([["student", "variant", "question", "answer"],
                  ["ana", "1", "3:q1.loss", comma(LOSS)], ["ana", "1", "2:q3.dx2", "2"],
                  ["bob", "1", "2:q3.dx2", "2"]])
    g = grade(tmp_path, data, key)
    assert g.code == 0, g.stderr
    assert g.totals() == {"ana": (2.0, 2.0, 0, 0), "bob": (1.0, 2.0, 1, 0)}  # not 1/1 = 100 %


def test_a_resubmission_under_another_spelling_of_the_name_is_one_student(tmp_path, key):
    data = lines([["student", "variant", "question", "answer"],
                  ["Hélène Dupont", "1", "3:q1.loss", "0,9"],
                  ["hélène  dupont ", "V001", "q1.loss", comma(LOSS)],  # another case, spaces, question form
                  ["He\u0301le\u0300ne Dupont", "1", "2:q3.dx2", "2"]])  # a Mac's decomposed accents
    g = grade(tmp_path, data, key)
    assert g.code == 0, g.stderr
    assert g.verdicts() == ["duplicate", "correct", "correct"] and "line 3" in g.rows[0]["feedback"]
    assert g.totals() == {"Hélène Dupont": (2.0, 2.0, 0, 0)}
    assert [(q["question"], int(q["answers"]), int(q["correct"])) for q in g.questions] == [("2:q3.dx2", 1, 1),
                                                                                 ("3:q1.loss", 1, 1)]


def test_an_empty_resubmission_does_not_erase_the_answer(tmp_path, key):
    data = lines([["student", "variant", "question", "answer"],
                  ["ana", "1", "3:q1.loss", comma(LOSS)], ["ana", "1", "3:q1.loss", ""]])
    g = grade(tmp_path, data, key)
    assert g.code == 0, g.stderr
    assert g.verdicts() == ["correct", "duplicate"] and "line 2" in g.rows[1]["feedback"]
    assert g.totals() == {"ana": (1.0, 1.0, 0, 0)}


def test_a_question_that_does_not_exist_is_said_where_and_how_to_fix(tmp_path, key):
    data = lines([["student", "variant", "question", "answer"],
                  ["ana", "1", "3:q1.los", comma(LOSS)], ["ana", "1", "1:q2.dx", comma(DYDX)]])
    g = grade(tmp_path, data, key)
    assert g.code == 2  # the teacher must act…
    assert g.verdicts() == ["undecided", "correct"]  # …and the rest of the class is graded
    problem = next(line for line in g.stderr.splitlines() if "classe.csv:2:" in line)
    assert "question (C)" in problem and "3:q1.los" in problem and "3:q1.loss" in problem and "grade again" in problem
    assert g.totals()["ana"][3] == 1  # one row to look at


@pytest.mark.parametrize("written", ["V007", "v7", "V07", "7", "007", "V 7", "Variante 7", "variant 07", " v7 ",
                                     "7,0", "7.0"])
def test_variant_ids_as_teachers_write_them(tmp_path, batch_key, written):
    g = grade(tmp_path, lines([["student", "variant", "question", "answer"], ["ana", written, "3:q1.loss",
                                                                             comma(LOSS)]]), batch_key)
    assert g.code == 0 and g.verdicts() == ["correct"], (g.stderr, g.rows)


@pytest.mark.parametrize("written", ["V77", "v7a", "", "V-7?"])
def test_an_unknown_variant_stops_nothing_but_is_said_with_exit_2(tmp_path, batch_key, written):
    data = lines([["student", "variant", "question", "answer"], ["ana", written, "3:q1.loss", comma(LOSS)],
                  ["bob", "7", "3:q1.loss", comma(LOSS)]])
    g = grade(tmp_path, data, batch_key)
    assert g.code == 2 and g.verdicts() == ["undecided", "correct"]
    problem = next(line for line in g.stderr.splitlines() if "classe.csv:2:" in line)
    assert "variant (B)" in problem and "V001 … V030" in problem
    assert g.totals() == {"ana": (0.0, 1.0, 1, 1), "bob": (1.0, 1.0, 0, 0)}


def test_an_unclosed_quote_loses_one_row_and_says_which(tmp_path, key):
    data = b'student;variant;question;answer\r\nana;1;1:q4.da;"x sigma(ax\r\nbob;1;2:q3.dx2;2\r\n'
    g = grade(tmp_path, data, key)
    assert g.code == 2 and g.verdicts() == ["unreadable", "correct"]
    assert any("classe.csv:2:" in line and "quote" in line for line in g.stderr.splitlines())


def test_an_unclosed_quote_never_swallows_the_rows_below_into_one_answer(tmp_path, key):
    # Ana's quote opens and Dan's closes it three lines below: read as one cell, it would hide Bob and Cem
    right = comma(LOSS)
    data = (f'student;variant;question;answer\r\nana;1;3:q1.loss;"{right}\r\nbob;1;3:q1.loss;{right}\r\n'
            f'cem;1;3:q1.loss;-{right}\r\ndan;1;2:q3.dx2;2"\r\neve;1;2:q3.dx2;2\r\n').encode()
    g = grade(tmp_path, data, key)
    assert g.code == 2
    assert [(r["line"], r["verdict"]) for r in g.rows] == [("2", "unreadable"), ("3", "correct"), ("4", "wrong"),
                                                           ("5", "unreadable"), ("6", "correct")]
    assert {s["student"] for s in g.students} == {"ana", "bob", "cem", "dan", "eve"}  # all in the totals
    assert sum("unreadable: an unclosed quote" in line for line in g.stderr.splitlines()) == 2


def test_a_decimal_comma_that_splits_a_cell_is_never_graded_as_its_first_half(tmp_path, key):
    # typed by hand in a text editor: 0,0336 unquoted in a comma-separated file is two cells, 0 and 0336
    data = f"student,variant,question,answer\nana,1,3:q1.loss,{comma(LOSS)}\nbob,1,2:q3.dx2,2\n".encode()
    g = grade(tmp_path, data, key)
    assert g.code == 2 and g.verdicts() == ["unreadable", "correct"]  # not "wrong" for 0
    problem = next(line for line in g.stderr.splitlines() if "classe.csv:2:" in line)
    assert "more filled cells than the header" in problem and "quote" in problem
    assert g.totals()["ana"] == (0.0, 1.0, 1, 1)  # still in the totals, with one row to look at


def test_a_header_alone_is_refused_with_nothing_written(tmp_path, key):
    g = grade(tmp_path, b"student;variant;question;answer\r\n;;;\r\n", key)
    assert g.code == 2 and "no answer below the header" in g.stderr and g.rows is None


def test_hurried_notations_of_one_right_answer(tmp_path, key):
    # L = 0.03359…: each of these is that number written in a hurry (3 significant digits, ×10⁻²…)
    written = ["0,0336", "0.0336", "0{,}0336", "3,36e-2", "3.36E-02", "3,36.10^-2", "3,36×10⁻²",
               "≈ 0,0336", "L = 0,0336", "+0,0336", " 0,0336 ", "0,03359", "3,359 \\times 10^{-2}"]
    data = lines([["student", "variant", "question", "answer"]]
                 + [[f"s{i}", "1", "3:q1.loss", w] for i, w in enumerate(written)], delimiter=";")
    g = grade(tmp_path, data, key)
    assert g.code == 0, g.stderr
    assert {r["answer"]: r["verdict"] for r in g.rows} == {w: "correct" for w in written}


def test_three_hundred_students_are_all_graded(tmp_path, key):
    # student i: right if i % 3 == 0, the opposite sign if 1, nothing if 2; one question each of
    # exercises 1 and 3; every student is in the totals with 2 points to win
    rows = [["student", "variant", "question", "answer"]]
    for i in range(300):
        for q, x in (("1:q2.dx", DYDX), ("3:q1.loss", LOSS)):
            rows.append([f"élève {i:03d}", "1", q, [comma(x), "-" + comma(x), ""][i % 3]])
    g = grade(tmp_path, lines(rows, delimiter=";", encoding="cp1252", newline="\r\n"), key)
    assert g.code == 0, g.stderr
    assert len(g.rows) == 600 and [r["line"] for r in g.rows] == [str(n) for n in range(2, 602)]
    expected = {0: (2.0, 2.0, 0, 0), 1: (0.0, 2.0, 0, 0), 2: (0.0, 2.0, 2, 0)}
    assert g.totals() == {f"élève {i:03d}": expected[i % 3] for i in range(300)}
    # whole points are written 2, not 2.0, which LibreOffice in French would read as text, not sum
    assert {s["points"] for s in g.students} == {"2", "0"} and {r["out_of"] for r in g.rows} == {"1"}
    assert [(q["question"], int(q["answers"]), int(q["correct"])) for q in g.questions] == [("1:q2.dx", 300, 100),
                                                                                 ("3:q1.loss", 300, 100)]


def test_undecided_answers_are_listed_for_grading_by_hand_with_exit_3(tmp_path, key, monkeypatch, capsys):
    from tdgrad import cli
    from tdgrad.student.grade import Result

    def judge(work, lang, jobs=None):  # as the runner says of an answer that ran out of time
        return [Result("undecided", "the check took too long") if "σ" in text else Result("correct", points=1.0)
                for _, text in work]

    monkeypatch.setattr(report_module, "judge", judge)
    path = tmp_path / "classe.csv"
    path.write_bytes(lines([["student", "variant", "question", "answer"], ["ana", "1", "1:q4.da", "x σ(ax)(1-σ(ax))"],
                            ["bob", "1", "2:q3.dx2", "2"]]))
    code = cli.main(["grade", str(path), "--key", str(key), "--out", str(tmp_path / "report.csv"), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 3 and "1 answer(s) undecided: grade them by hand" in err
    assert "classe.csv:2: answer (D): 1:q4.da: the check took too long; grade this answer by hand" in err
    totals = Graded(subprocess.CompletedProcess([], code, "", err), tmp_path / "report.csv").totals()
    assert totals == {"ana": (0.0, 2.0, 1, 1), "bob": (1.0, 2.0, 1, 0)}  # each left the other's question out


# ---- interrupted runs ----------------------------------------------------------------------------

def previous_reports(tmp_path) -> dict:
    before = {}
    for p in report_module.outputs(tmp_path / "report.csv"):
        p.write_text("the previous report\n", encoding="utf-8")
        before[p.name] = p.read_bytes()
    return before


def after(tmp_path) -> dict:
    return {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("report")}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_grading_keeps_the_previous_reports(tmp_path, key, signum):
    before = previous_reports(tmp_path)
    answers = tmp_path / "classe.csv"
    answers.write_bytes(lines([["student", "variant", "question", "answer"], ["ana", "1", "2:q3.dx2", "2"]]))
    started = tmp_path / "started"
    # grading that waits, once started, for the signal: no race with a fast machine
    script = ("import signal, sys, time, pathlib\nfrom tdgrad.student import report\nfrom tdgrad import cli\n"
              "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
              "def judge(*a, **k):\n    pathlib.Path(sys.argv[1]).touch()\n    time.sleep(600)\n"
              "report.judge = judge\nsys.exit(cli.main(sys.argv[2:]))\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(started), "grade", str(answers), "--key", str(key),
                             "--out", str(tmp_path / "report.csv")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    while not started.exists():
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signum)
    _, err = proc.communicate()
    assert proc.returncode == 128 + signum and err.strip() == (
        "tdgrad: interrupted; the previous outputs are untouched"), err
    assert after(tmp_path) == before  # no new report beside old totals, no .part left


def test_interrupted_while_writing_the_reports_leaves_the_previous_set_whole(tmp_path, monkeypatch):
    before = previous_reports(tmp_path)
    real, written = spreadsheet.text, []

    def text(rows, columns):  # Ctrl-C while the second file is being written
        written.append(columns)
        if len(written) == 2:
            raise KeyboardInterrupt
        return real(rows, columns)

    monkeypatch.setattr(spreadsheet, "text", text)
    with pytest.raises(KeyboardInterrupt):
        spreadsheet.write_all([(p, [{"a": 1}], ["a"]) for p in report_module.outputs(tmp_path / "report.csv")])
    assert after(tmp_path) == before


def test_a_signal_during_the_renames_waits_until_the_set_is_replaced(tmp_path, monkeypatch):
    previous_reports(tmp_path)
    real = os.replace
    calls = []

    def replace(src, dst):
        if not calls:
            os.kill(os.getpid(), signal.SIGINT)  # arrives between the first and the second rename
        calls.append(dst)
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C as in a terminal
    try:
        with pytest.raises(KeyboardInterrupt):
            spreadsheet.write_all([(p, [{"a": 1}], ["a"]) for p in report_module.outputs(tmp_path / "report.csv")])
    finally:
        signal.signal(signal.SIGINT, handler)
    assert len(calls) == 3 and set(after(tmp_path).values()) == {b"a\n1\n"}


# ---- one row per student, a column per question --------------------------------------------------

def test_a_google_forms_export(tmp_path, key):
    # timestamp and e-mail columns, the form's questions' full text as headers (with the question's
    # id that the teacher put in its title), a resubmission, an empty form, a multi-line answer
    header = ["Horodateur", "Adresse e-mail", "Nom complet", "Numéro de variante (en haut de votre feuille)",
              "Exercice 3 — Calculez la perte L, arrondie à 10⁻⁴ près (3:q1.loss)",
              "Exercice 1 — Donnez ∂y/∂a en fonction de x et a\n(1:q4.da)", "Une remarque ?"]
    data = lines([header,
                  ["2026/11/20 10:01:02 UTC+1", "ana@univ.fr", "Ana", "1", comma(2 * LOSS), "x σ(ax)\n(1 − σ(ax))", ""],
                  ["2026/11/20 10:03:40 UTC+1", "bob@univ.fr", "Bob", "1", "", "", ""],
                  ["2026/11/20 10:05:13 UTC+1", "ana@univ.fr", "Ana", "1", comma(LOSS), "", "oubli du ½"],
                  ["2026/11/20 10:07:00 UTC+1", "cem@univ.fr", "Cem", "1", comma(-LOSS), "a σ(ax)(1 − σ(ax))", ""]])
    g = grade(tmp_path, data, key)
    assert g.code == 0, g.stderr
    got = [(r["line"], r["student"], r["question"], r["verdict"]) for r in g.rows]
    # physical lines: the header takes lines 1-2, Ana's first form lines 3-4
    assert got == [("3", "ana@univ.fr", "3:q1.loss", "duplicate"), ("3", "ana@univ.fr", "1:q4.da", "correct"),
                   ("5", "bob@univ.fr", "3:q1.loss", "no answer"), ("5", "bob@univ.fr", "1:q4.da", "no answer"),
                   ("6", "ana@univ.fr", "3:q1.loss", "correct"), ("6", "ana@univ.fr", "1:q4.da", "duplicate"),
                   ("7", "cem@univ.fr", "3:q1.loss", "wrong"), ("7", "cem@univ.fr", "1:q4.da", "wrong")]
    assert "line 6" in g.rows[0]["feedback"] and "line 3" in g.rows[5]["feedback"]  # the empty cell erases nothing
    assert g.totals() == {"ana@univ.fr": (2.0, 2.0, 0, 0), "bob@univ.fr": (0.0, 2.0, 2, 0),
                          "cem@univ.fr": (0.0, 2.0, 0, 0)}


def test_a_sheet_by_hand_with_names_a_variant_column_and_a_question_the_key_lacks(tmp_path, batch_key):
    data = lines([["Nom", "Prénom", "Variante", "3:q1.loss", "q3.dx2", "3:q9.loss"],
                  ["Noël", "Hélène", "V 7", comma(LOSS), "2", "0,5"],
                  ["Lefèvre", "Loïc", "v7", comma(LOSS), "3", "1"],
                  ["Durand", "Zoé", "V77", comma(LOSS), "2", ""]], delimiter=";", encoding="cp1252", newline="\r\n")
    g = grade(tmp_path, data, batch_key)
    assert g.code == 2  # the unknown column and the unknown variant are the teacher's to fix
    verdicts = {(r["student"], r["question"]): r["verdict"] for r in g.rows}
    assert verdicts == {("Hélène Noël", "3:q1.loss"): "correct", ("Hélène Noël", "2:q3.dx2"): "correct",
                        ("Hélène Noël", "3:q9.loss"): "undecided",
                        ("Loïc Lefèvre", "3:q1.loss"): "correct", ("Loïc Lefèvre", "2:q3.dx2"): "wrong",
                        ("Loïc Lefèvre", "3:q9.loss"): "undecided",
                        ("Zoé Durand", "3:q1.loss"): "undecided", ("Zoé Durand", "2:q3.dx2"): "undecided",
                        ("Zoé Durand", "3:q9.loss"): "undecided"}
    assert {r["answer"] for r in g.rows if r["question"] == "3:q9.loss"} == {"0,5", "1", ""}  # kept
    problems = [line for line in g.stderr.splitlines() if "classe.csv:" in line]
    column = [p for p in problems if "3:q9.loss (F)" in p]
    # said once for the column (Zoé's row stops at her variant), with a question of the key to write
    assert len(column) == 1 and "classe.csv:2 (and 1 more row):" in column[0] and "(e.g. 3:q" in column[0]
    assert any("classe.csv:4" in p and "Variante (C)" in p and "V77" in p for p in problems)
    assert g.totals() == {"Hélène Noël": (2.0, 2.0, 0, 1), "Loïc Lefèvre": (1.0, 2.0, 0, 1),
                          "Zoé Durand": (0.0, 2.0, 2, 3)}


def test_a_wide_file_needs_a_variant_column_only_when_the_key_has_several(tmp_path, key, batch_key):
    data = lines([["student", "3:q1.loss"], ["ana", comma(LOSS)]])
    g = grade(tmp_path, data, key)
    assert g.code == 0 and g.verdicts() == ["correct"], g.stderr
    (tmp_path / "report.csv").unlink()
    g = grade(tmp_path, data, batch_key)
    assert g.code == 2 and "no variant column" in g.stderr and "30 variants" in g.stderr and g.rows is None


def test_moodle_responses_and_grades_exports_are_refused_saying_what_they_are(tmp_path, batch_key):
    responses = lines([["Nom", "Prénom", "Adresse de courriel", "État", "Commencé le", "Terminé", "Temps utilisé",
                        "Note/20,00", "Réponse 1", "Réponse 2"],
                       ["Dupont", "Ana", "ana@univ.fr", "Terminé", "20 novembre 2026  10:00", "20 novembre 2026  10:41",
                        "41 min", "15,00", "partie 1 : 0,8176; partie 2 : 1", "partie 1 : 10,91"]], bom=True)
    g = grade(tmp_path, responses, batch_key)
    assert g.code == 2 and "Moodle's Responses report" in g.stderr and len(g.stderr.strip().splitlines()) == 1
    grades = lines([["Prénom", "Nom", "Numéro d'identification", "Adresse de courriel", "Test:TD n°1 (Brut)",
                     "Dernier téléchargement depuis ce cours"], ["Ana", "Dupont", "", "ana@univ.fr", "15,00", "1763630000"]])
    g = grade(tmp_path, grades, batch_key)
    assert g.code == 2 and "grades export" in g.stderr and g.rows is None
