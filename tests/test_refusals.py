"""The reader's refusals in the student's language: one table (``student/refusals.py``), checked
against the source so that no refusal can be added without its French twin, and shown in French
or English wherever a student or a teacher reads them (check, grade, derivation, the web page)."""

from __future__ import annotations

import ast
import csv
import json
import pickle
import re
import string
from pathlib import Path

import pytest

from tdgrad.errors import ExpressionError, Message
from tdgrad.student.refusals import FRENCH

SRC = Path(__file__).resolve().parents[1] / "src" / "tdgrad"
# every module a student's text goes through (parse.py and syntax.py read the key and the sides of equiv too)
READER = sorted((SRC / "student").rglob("*.py")) + sorted((SRC / "web").glob("*.py")) + \
    [p for p in (SRC / "parse.py", SRC / "syntax.py") if p.exists()]
RAISERS = {"ExpressionError", "Fails", "Message", "fail"}
# calls that build a Message from templates checked where they are written
MESSAGE_MAKERS = {"unknown", "arity"}


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def _templates(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _templates(node.body), _templates(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _raise_sites():
    """(file, line, templates or None, the first argument, keyword names, enclosing parameters)."""
    for path in READER:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        params: dict[ast.AST, set[str]] = {}
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
                for inner in ast.walk(fn):
                    params.setdefault(inner, set()).update(names)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name not in RAISERS:
                continue
            first = node.args[0]
            if name == "Message":
                keys = ({k.value for k in node.args[1].keys if isinstance(k, ast.Constant)}
                        if len(node.args) > 1 and isinstance(node.args[1], ast.Dict) else None)
            else:
                keys = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            yield path.relative_to(SRC), node.lineno, _templates(first), first, keys, params.get(node, set())


SITES = list(_raise_sites())


def test_the_scan_sees_the_reader():
    assert len(SITES) > 150
    assert any(t and "has two readings" in t[0] for *_, t, _, _, _ in [(s[0], s[1], s[2], s[3], s[4], s[5]) for s in SITES])


@pytest.mark.parametrize("site", SITES, ids=lambda s: f"{s[0]}:{s[1]}")
def test_every_refusal_has_its_french_twin(site):
    where, line, templates, first, keys, params = site
    if templates is None:  # a message passed on (a fail() helper's parameter) or built by a known maker
        passed_on = isinstance(first, ast.Name) and first.id in params
        made = isinstance(first, ast.Call) and isinstance(first.func, (ast.Attribute, ast.Name)) and \
            getattr(first.func, "attr", getattr(first.func, "id", None)) in MESSAGE_MAKERS
        wrapped = isinstance(first, ast.Attribute) and first.attr == "message"
        assert passed_on or made or wrapped, f"{where}:{line}: raise a template (a plain string), not {ast.dump(first)[:60]}"
        return
    for template in templates:
        assert template in FRENCH, f"{where}:{line}: no French for {template!r} in student/refusals.py"
        if keys is not None:
            assert _placeholders(template) <= keys, f"{where}:{line}: {template!r} is given {sorted(keys)}"


def test_every_french_entry_is_raised_somewhere():
    used = {t for site in SITES for t in (site[2] or ())}
    used |= {n.value for p in READER + [SRC / "errors.py"] for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert not sorted(set(FRENCH) - used)


@pytest.mark.parametrize("english", sorted(FRENCH))
def test_french_says_the_same_things(english):
    french = FRENCH[english]
    assert _placeholders(french) == _placeholders(english)
    values = {k: f"<{k}>" for k in _placeholders(english)}
    said = french.format(**values)
    # the quoted text, the readings and the how-to-fix keep every value; no English left in it
    assert all(v in said for v in values.values())
    words = set(re.findall(r"\b[a-z]+\b", re.sub(r"<\w+>|\\[a-z]+|np\.\w+|\.\w+|'[^']*'|\([^)]*\)", " ", said)))
    assert not words & {"the", "is", "are", "write", "has", "two", "readings", "not", "with", "or", "and",
                        "expected", "unknown", "cannot", "only", "too", "at", "most", "here", "near"}, said
    if "'" in english and "« " not in french:  # quoted text is quoted « … » in French
        assert not re.search(r"'\{\w+\}", french)


def test_a_message_inside_a_message_is_said_in_the_same_language():
    hint = Message(" — did you mean {name}?", {"name": "sigmoid"})
    m = Message("unknown function '{word}'{hint} (for a product, write the factors with *)",
                {"word": "sigmoide", "hint": hint})
    assert m.say("fr") == ("fonction inconnue « sigmoide » — vouliez-vous dire sigmoid ? "
                           "(pour un produit, écrivez les facteurs avec *)")
    assert m.say("en") == "unknown function 'sigmoide' — did you mean sigmoid? (for a product, write the factors with *)"


def test_an_error_keeps_its_english_text_and_travels_to_a_worker_whole():
    exc = ExpressionError("unexpected character '{char}'", "2 @ x", 2, char="@")
    assert str(exc) == "unexpected character '@' (at character 3)"
    assert exc.say("fr") == "caractère inattendu « @ » (au caractère 3)"
    back = pickle.loads(pickle.dumps(exc))
    assert back.say("fr") == exc.say("fr") and str(back) == str(exc) and back.position == 2


# -- what students and teachers read ---------------------------------------------------------------

ACCENTED = re.compile(r"[éèàçù«»]")


@pytest.fixture(scope="module")
def td1_key(tmp_path_factory):
    from tdgrad import pipeline, spec

    out = tmp_path_factory.mktemp("td1")
    pipeline.generate(spec.load(Path(__file__).resolve().parents[1] / "examples" / "td1.toml"), out, 1, None, True)
    return next(out.rglob("answers.json"))


def _question(key: Path, kind: str) -> str:
    data = json.loads(key.read_text(encoding="utf-8"))
    for n, ex in enumerate(data["exercises"], start=1):
        for a in ex["answers"]:
            if a["type"] == kind:
                return f"{n}:{a['id']}"
    raise AssertionError(kind)


def test_check_refuses_in_french_by_default_and_in_english_on_request(td1_key, capsys):
    from tdgrad.cli import main

    question = _question(td1_key, "expression")
    assert main(["check", str(td1_key), question, "x σ(ax"]) == 2
    fr = capsys.readouterr().out
    assert fr.startswith("illisible: ") and "« ) » attendu ici" in fr, fr
    assert main(["check", str(td1_key), question, "x σ(ax", "--lang", "en"]) == 2
    en = capsys.readouterr().out
    assert en.startswith("unreadable: ") and "expected ')' here" in en and not ACCENTED.search(en), en


def test_two_readings_are_named_in_french(td1_key, capsys):
    from tdgrad.cli import main

    assert main(["check", str(td1_key), _question(td1_key, "expression"), "1/2x"]) == 2
    out = capsys.readouterr().out
    assert "« 1/2x » se lit de deux façons, a/(bc) ou (a/b)·c : ajoutez des parenthèses" in out, out


def test_grade_report_says_why_in_the_class_language(td1_key, tmp_path):
    from tdgrad.student.report import grade_csv

    question = _question(td1_key, "expression")
    seed = json.loads(td1_key.read_text(encoding="utf-8"))["seed"]
    answers = tmp_path / "answers.csv"
    answers.write_text(f"student;variant;question;answer\nalice;{seed};{question};sigmod(ax)\n", encoding="utf-8")
    for lang, want in (("fr", "fonction inconnue « sigmod » — vouliez-vous dire sigmoid ?"),
                       ("en", "unknown function 'sigmod' — did you mean sigmoid?")):
        out = tmp_path / f"report-{lang}.csv"
        grade_csv(answers, [td1_key], out, lang, 1)
        (row,) = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        assert row["verdict"] in ("unparsable", "illisible", "unreadable") and want in row["feedback"], row


def test_derivation_shows_an_unreadable_step_in_french(tmp_path, capsys):
    from tdgrad.cli import main

    copy = tmp_path / "copie.txt"
    copy.write_text("f(x) = x^2 + 2x + 1 = (x+1)^2\n(x+1)^2 = x σ(x\n", encoding="utf-8")
    main(["derivation", str(copy)])
    fr = capsys.readouterr().out
    assert "impossible de lire « x σ(x » : « ) » attendu ici" in fr, fr
    main(["derivation", str(copy), "--lang", "en", "--json"])
    en = json.loads(capsys.readouterr().out)
    assert any("could not read 'x σ(x': expected ')' here" in s["reason"] for s in en["steps"]), en


def test_equiv_is_the_teachers_english_unless_asked(capsys):
    from tdgrad.cli import main

    assert main(["equiv", "x σ(ax", "x"]) == 2
    assert "expected ')' here" in capsys.readouterr().err
    assert main(["equiv", "x σ(ax", "x", "--lang", "fr"]) == 2
    assert "« ) » attendu ici" in capsys.readouterr().err


def test_web_preview_and_answer_refuse_in_the_page_language():
    from tdgrad.answers import Answer
    from tdgrad.web.checking import judge, preview

    ref = Answer(id="q1", label={"fr": "y", "en": "y"}, type="expression", value=None, exact=None,
                 expression="a*x", variables=("a", "x"), tolerance=0.01, points=1.0)
    assert preview(ref, "x σ(ax", "fr")["error"].startswith("« ) » attendu ici")
    assert preview(ref, "x σ(ax", "en")["error"].startswith("expected ')' here")
    r = judge(ref, "2 @ x", "fr")
    assert r["verdict"] == "unparsable" and r["feedback"].startswith("caractère inattendu « @ »"), r


@pytest.mark.parametrize("typed, where", [
    ("x σ(ax", 7),  # after its 6 characters, though the reader counts in 'x  sigmoid(ax'
    ("dy/da = x σ(ax", 15),
    ("σ(x) @ 2", 6),
    ("½(1+th(x/2)", 12),
])
def test_a_position_counts_in_what_the_student_typed(typed, where):
    from tdgrad.student.read import read

    with pytest.raises(ExpressionError) as info:
        read(typed, ("a", "x"))
    assert info.value.position == where - 1 and info.value.say("fr").endswith(f"(au caractère {where})")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_web_page_refuses_in_its_language(root, tmp_path, lang):
    from starlette.testclient import TestClient

    from tdgrad import spec
    from tdgrad.web.app import create_app

    app = create_app(spec.load(root / "examples/td1.toml"), f"sqlite:///{tmp_path / 'db'}", lang=lang,
                     cache=tmp_path / "fig")
    with TestClient(app) as c:
        csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/").text).group(1)
        page = c.post("/login", data={"csrf": csrf, "student": "22001234"})
        head = {"X-CSRF-Token": re.search(r'name="csrf" content="([^"]+)"', page.text).group(1)}

        def api(task, **body):
            return c.post(f"/api/{task}", json=body, headers=head).json()

        said = {"preview": api("preview", question="1:q4.da", text="x σ(ax")["error"],
                "answer": api("answer", question="1:q4.da", text="1/2x")["feedback"],
                "long": api("answer", question="1:q4.da", text="x" * 5000)["feedback"],
                "step": api("derivation", text="(x+1)^2 = x σ(x")["steps"][0]["reason"]}
    want = {"fr": {"preview": "« ) » attendu ici (au caractère 7)",
                   "answer": "« 1/2x » se lit de deux façons, a/(bc) ou (a/b)·c : ajoutez des parenthèses",
                   "long": "réponse trop longue (5000 caractères, 2000 au plus)",
                   "step": "impossible de lire « x σ(x » : « ) » attendu ici"},
            "en": {"preview": "expected ')' here (at character 7)",
                   "answer": "'1/2x' has two readings, a/(bc) or (a/b)·c: add parentheses",
                   "long": "answer too long (5000 characters, at most 2000)",
                   "step": "could not read 'x σ(x': expected ')' here"}}[lang]
    for where, text in want.items():
        assert text in said[where], (where, said[where])


def test_pythons_own_words_are_said_in_french_where_known():
    from tdgrad.student.arrays import evaluate

    with pytest.raises(ExpressionError) as info:
        evaluate("np.array([1, 2]", {})
    assert info.value.say("en") == "not valid numpy: '(' was never closed"
    assert info.value.say("fr") == "numpy invalide : « ( » n'est jamais fermée"


def test_grade_report_names_an_unknown_question_in_the_class_language(td1_key, tmp_path):
    from tdgrad.student.report import grade_csv

    seed = json.loads(td1_key.read_text(encoding="utf-8"))["seed"]
    answers = tmp_path / "answers.csv"
    answers.write_text(f"student;variant;question;answer\nalice;{seed};q9.nothing;1\nbob;{seed};q1.value;1\n",
                       encoding="utf-8")
    out = tmp_path / "report.csv"
    grade_csv(answers, [td1_key], out, "fr", 1)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert rows[0]["feedback"].startswith("question inconnue « q9.nothing » (par exemple 1:"), rows[0]
    # q1.value is in exercises 1 and 2 of td1
    assert rows[1]["feedback"].startswith("question « q1.value » ambiguë : écrivez exercice:question"), rows[1]
