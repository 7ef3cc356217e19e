"""Grading class files as teachers export them: French Excel CSVs, unreadable rows, duplicates,
refused inputs, formula injection, and the process pool."""

import csv
import subprocess
import sys

import numpy as np
import pytest

from tdgrad import answers, pipeline, spec
from tdgrad.spreadsheet import read_rows
from tdgrad.student.report import grade_csv


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("key")
    return pipeline.generate(spec.load(root / "examples" / "td1.toml"), out, tex_only=True) / "answers.json"


def loss(key_path) -> float:
    # by hand from td1.toml's network (seed 000): ŷ = tanh(0.3 h1 + 0.9 h2 + 0.1), L = ½(ŷ − 0.5)²
    h1, h2 = 1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(-1.1))
    return 0.5 * (np.tanh(0.3 * h1 + 0.9 * h2 + 0.1) - 0.5) ** 2


def report(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def grade(tmp_path, key, text: bytes, *extra, out="report.csv"):
    answers_csv = tmp_path / "classe.csv"
    answers_csv.write_bytes(text)
    return subprocess.run([sys.executable, "-m", "tdgrad", "grade", str(answers_csv), "--key", str(key),
                           "--out", str(tmp_path / out), "--lang", "en", *extra], capture_output=True, text=True)


def test_a_french_excel_export_is_read_whole(tmp_path, key):
    value = f"{loss(key):.4f}".replace(".", ",")
    lines = ["Nom;Prénom;student;variant;question;answer;Remarque",  # extra columns, any order
             f"Dupont;Élise;elise;1;3:q1.loss;{value};",
             f'Martin;Léo;leo;V001;3:q1.loss;"{value}";"dit ""ok"""',  # quoted fields
             "Durand;Zoé;zoe;v001;1:q4.da;x sigmoid(a x)(1 - sigmoid(a x));",
             "Petit;Jean;jean;001",  # a short row
             "", "Roux;Léa;lea;1;3:q1.loss;0,5;"]
    for encoding, bom in (("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")):
        r = grade(tmp_path, key, bom + "\r\n".join(lines).encode(encoding) + b"\r\n")
        assert r.returncode == 2 and "classe.csv:5: line 5 unreadable" in r.stderr, r.stderr  # to fix
        rows = report(tmp_path / "report.csv")
        assert [row["line"] for row in rows] == ["2", "3", "4", "5", "7"]  # every input row, blank skipped
        assert [row["verdict"] for row in rows] == ["correct", "correct", "correct", "unreadable", "wrong"]
        assert "line 5" in rows[3]["feedback"] and rows[3]["answer"].startswith("Petit;Jean")
        assert rows[0]["label"] == "L" and rows[0]["variant"] == "1"
        assert "1 unreadable row" in r.stdout


def test_duplicates_are_reported_and_the_last_answer_counts(tmp_path, key):
    right = f"{loss(key):.4f}"
    r = grade(tmp_path, key, (f"student,variant,question,answer\nana,1,3:q1.loss,0.9\n"
                              f"ana,V001,q1.loss,{right}\nbob,1,3:q1.loss,{right}\n").encode())
    assert r.returncode == 0, r.stderr
    rows = report(tmp_path / "report.csv")
    assert [row["verdict"] for row in rows] == ["duplicate", "correct", "correct"]
    assert "line 3" in rows[0]["feedback"] and "1 duplicate" in r.stdout
    totals = {row["student"]: (float(row["points"]), float(row["out_of"]))
              for row in report(tmp_path / "report-students.csv")}
    assert totals == {"ana": (1.0, 1.0), "bob": (1.0, 1.0)}


def test_cells_a_spreadsheet_would_run_are_neutralised(tmp_path, key):
    r = grade(tmp_path, key, b'student,variant,question,answer\n=cmd|calc,1,3:q1.loss,"=1+1"\n'
                             b'@sum,1,3:q1.loss,-0.0336\n+x,1,3:q1.loss,-x\n')
    assert r.returncode == 0, r.stderr
    for name in ("report.csv", "report-students.csv", "report-questions.csv"):
        with open(tmp_path / name, encoding="utf-8") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@")), (name, cell)
                    assert not cell.startswith("-") or cell.replace(".", "").lstrip("-").isdigit(), (name, cell)
    rows = report(tmp_path / "report.csv")
    assert rows[0]["student"] == "'=cmd|calc" and rows[1]["answer"] == "-0.0336" and rows[2]["answer"] == "'-x"


def test_out_overwriting_an_input_is_refused(tmp_path, key):
    before = key.read_bytes()
    r = grade(tmp_path, key, b"student,variant,question,answer\n", out=str(key))
    assert r.returncode == 2 and "overwrite" in r.stderr
    assert key.read_bytes() == before
    r = grade(tmp_path, key, b"student,variant,question,answer\n", out="classe.csv")
    assert r.returncode == 2 and "overwrite" in r.stderr


def test_two_keys_with_the_same_variant_are_refused(tmp_path, key):
    r = subprocess.run([sys.executable, "-m", "tdgrad", "grade", str(key), "--key", str(key), "--key", str(key),
                        "--out", str(tmp_path / "r.csv")], capture_output=True, text=True)
    assert r.returncode == 2 and "also in" in r.stderr
    assert not (tmp_path / "r.csv").exists()


def test_a_missing_column_names_what_is_found(tmp_path, key):
    r = grade(tmp_path, key, "élève;variante;question;réponse\nana;1;3:q1.loss;0\n".encode())
    assert r.returncode == 2 and "missing column(s) student, variant, answer" in r.stderr


def test_the_pool_gives_the_same_report_as_one_process(tmp_path, key):
    table = answers.load([key]).tables["1"]
    rows = ["student,variant,question,answer"]
    rng = np.random.default_rng(1)
    for i in range(120):
        q = ["3:q1.loss", "3:q2.dL/dw_31", "1:q2.dx"][i % 3]
        value = table[q].exact * (1 if rng.random() < 0.5 else -1)
        rows.append(f"s{i},1,{q},{value:.4f}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows) + "\n")
    one = grade_csv(path, [key], tmp_path / "one.csv", "en", jobs=1)
    two = grade_csv(path, [key], tmp_path / "two.csv", "en", jobs=2)
    assert one == two
    assert (tmp_path / "one.csv").read_text() == (tmp_path / "two.csv").read_text()
    verdicts = [row["verdict"] for row in report(tmp_path / "two.csv")]
    assert {"correct", "wrong"} == set(verdicts) and len(verdicts) == 120


def test_read_rows_keeps_a_quoted_multiline_answer_and_isolates_an_unclosed_quote(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b'student;variant;question;answer\r\na;1;q;"x\r\n+ 1"\r\nb;1;q;"oops\r\nc;1;q;2\r\n')
    _, rows = read_rows(path, ("student", "variant", "question", "answer"))
    assert [(n, None if why else c["answer"]) for n, c, _, why in rows] == [(2, "x\n+ 1"), (4, None), (5, "2")]


def test_the_most_common_mistake_is_written_as_its_students_read_it(tmp_path, key):
    doubled = f"{2 * loss(key):.4f}"  # two students off by a factor 2 (forgot the ½), one far off
    r = grade(tmp_path, key, (f"student,variant,question,answer\nana,1,3:q1.loss,{doubled}\n"
                              f"bob,1,3:q1.loss,{doubled}\ncem,1,3:q1.loss,7\n").encode())
    assert r.returncode == 0, r.stderr
    feedback = {row["student"]: row["feedback"] for row in report(tmp_path / "report.csv")}
    (summary,) = report(tmp_path / "report-questions.csv")
    assert "2" in feedback["ana"]  # the factor is named…
    assert summary["common_mistake"] == feedback["ana"]  # …and so in the summary
