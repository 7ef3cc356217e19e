"""tdgrad serve without a browser: sessions, CSRF, storage across restarts, isolation between
students, bounded checking, and the statement converted from the TD's own LaTeX."""

import re

import numpy as np
import pytest
from starlette.testclient import TestClient

from tdgrad import spec
from tdgrad.pipeline import documents, make_variant
from tdgrad.web import sheet
from tdgrad.web.app import create_app


@pytest.fixture
def td1(root):
    return spec.load(root / "examples/td1.toml")


def _client(app):
    return TestClient(app, raise_server_exceptions=True)


def _sign_in(c, student):
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/").text).group(1)
    page = c.post("/login", data={"csrf": csrf, "student": student})
    assert page.status_code == 200, page.text
    return page, {"X-CSRF-Token": re.search(r'name="csrf" content="([^"]+)"', page.text).group(1)}


def _loss_by_hand():
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731 - the seed's network, forward pass by hand
    h1, h2 = sig(0.1 + 0.1 + 0.8), sig(0.1 + 0.4 + 0.6)
    return 0.5 * (np.tanh(0.1 + 0.3 * h1 + 0.9 * h2) - 0.5) ** 2


def test_answers_are_checked_stored_and_kept_across_a_restart(td1, tmp_path):
    db = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    with _client(create_app(td1, db, cache=tmp_path / "fig")) as c:
        _, head = _sign_in(c, "22001234")
        right = f"{_loss_by_hand():.4f}".replace(".", ",")
        assert c.post("/api/answer", json={"question": "3:q1.loss", "text": right},
                      headers=head).json()["verdict"] == "correct"
        # the page never tells the expected value: the student may try again
        far = c.post("/api/answer", json={"question": "3:q1.loss", "text": "0,5"}, headers=head).json()
        assert far["verdict"] == "wrong" and far["feedback"] and "0,03" not in far["feedback"]
        wrong = c.post("/api/answer", json={"question": "3:q1.loss", "text": "-" + right},
                       headers=head).json()
        assert wrong["verdict"] == "wrong" and wrong["feedback"]
        assert c.post("/api/preview", json={"question": "1:q4.da", "text": "xσ(ax)"},
                      headers=head).json()["latex"].startswith("x")  # read with the key's names
        # the preview shows what grading reads: the number, not the working after it (2σ(2)σ(−2) = 0,21)
        worked = {"question": "1:q2.dx", "text": "0,21 (a σ(ax)(1-σ(ax)))"}
        assert c.post("/api/preview", json=worked, headers=head).json()["latex"] == r"\frac{21}{100}"
        assert c.post("/api/answer", json=worked, headers=head).json()["verdict"] == "correct"
    with _client(create_app(td1, db, cache=tmp_path / "fig")) as c:  # the server restarted
        page, _ = _sign_in(c, "22001234")
        assert f'value="-{right}"' in page.text


def test_state_changing_calls_need_the_session_csrf_token(td1, tmp_path):
    with _client(create_app(td1, f"sqlite:///{tmp_path / 'db'}", cache=tmp_path / "fig")) as c:
        assert c.post("/login", data={"student": "x"}).status_code == 403
        _sign_in(c, "e1")
        r = c.post("/api/answer", json={"question": "3:q1.loss", "text": "1"})
        assert r.status_code == 403
        r = c.post("/api/answer", json={"question": "3:q1.loss", "text": "1"},
                   headers={"X-CSRF-Token": "forged"})
        assert r.status_code == 403


def test_a_student_sees_only_their_own_answers(td1, tmp_path):
    app = create_app(td1, f"sqlite:///{tmp_path / 'db'}", cache=tmp_path / "fig", token="t0k")
    with _client(app) as alice, _client(app) as bob:
        _, head = _sign_in(alice, "alice")
        alice.post("/api/answer", json={"question": "3:q1.h_3", "text": "0,123456"}, headers=head)
        page, _ = _sign_in(bob, "bob")
        assert "0,123456" not in page.text
        assert bob.get("/teacher").status_code == 403
        assert "3:q1.h_3" in alice.get("/teacher?token=t0k").text


def test_a_pathological_answer_costs_only_its_own_verdict(td1, tmp_path):
    with _client(create_app(td1, f"sqlite:///{tmp_path / 'db'}", cache=tmp_path / "fig")) as c:
        _, head = _sign_in(c, "e2")
        for text in ("(x+a+1)^100000", "9^9^9^9", "(" * 5000 + "x" + ")" * 5000, "x" * 10_000):
            r = c.post("/api/answer", json={"question": "1:q4.da", "text": text}, headers=head)
            assert r.status_code == 200 and r.json()["verdict"] in ("undecided", "unparsable", "wrong")
        ok = c.post("/api/answer", json={"question": "1:q4.da", "text": "x σ(ax)(1 − σ(ax))"}, headers=head)
        assert ok.json()["verdict"] == "correct"


def test_figures_are_served_by_content_name_only(td1, tmp_path):
    with _client(create_app(td1, f"sqlite:///{tmp_path / 'db'}", cache=tmp_path / "fig")) as c:
        page, _ = _sign_in(c, "e3")
        names = re.search(r'<script type="application/json" id="figures">(.*?)</script>', page.text).group(1)
        first = re.findall(r'[0-9a-f]{20}-\d+\.svg', names)[0]
        svg = c.get(f"/figure/{first}")
        assert svg.status_code == 200 and b"<svg" in svg.content
        assert c.get("/figure/..%2F..%2Fetc%2Fpasswd").status_code == 404


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("example", ["td1", "td-classification", "td-convolution", "td-identites",
                                     "cours-reseaux"])
def test_every_item_of_the_statement_is_on_the_page(root, example, lang):
    variant = make_variant(spec.load(root / f"examples/{example}.toml"), lang=lang)
    texts = documents(variant)
    exercises, figures, _ = sheet.convert(texts["enonce"], texts["corrige"])
    body = sheet.strip_comments(sheet.body(texts["enonce"]))
    assert len(exercises) == body.count(r"\section*")
    assert sum(len(e.items) for e in exercises) == body.count(r"\item")
    assert len(figures) >= body.count(r"\begin{tikzpicture}")
    for e in exercises:
        text = re.sub(r'<span class="tex[^>]*>.*?</span>|<div class="tex[^>]*>.*?</div>', "",
                      e.intro + "".join(i.html + i.solution for i in e.items), flags=re.S)
        leaked = re.findall(r"\\[A-Za-z]+", text)  # a LaTeX command outside math: not converted
        assert not leaked, (example, e.number, leaked[:5])
        assert all(i.solution for i in e.items) or example == "td-identites"


def test_grade_exports_the_class_report_from_the_database(td1, tmp_path):
    import csv
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    right = f"{_loss_by_hand():.4f}".replace(".", ",")
    with _client(create_app(td1, db, cache=tmp_path / "fig")) as c:
        for student, text in (("alice", right), ("bob", "0,5"), ("chloé", "-" + right)):
            _, head = _sign_in(c, student)
            c.post("/api/answer", json={"question": "3:q1.loss", "text": "1"}, headers=head)
            c.post("/api/answer", json={"question": "3:q1.loss", "text": text}, headers=head)
            c.post("/logout", data={"csrf": head["X-CSRF-Token"]})
    out = tmp_path / "report.csv"
    r = subprocess.run([sys.executable, "-m", "tdgrad", "grade", "--db", db, "--spec",
                        str(td1.path), "--out", str(out), "--lang", "en"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    rows = {row["student"]: row for row in csv.DictReader(text.splitlines(), dialect=dialect)}
    assert rows["alice"]["verdict"] == "correct"  # the last answer counts, as on the page
    assert rows["bob"]["verdict"] == "wrong" and rows["chloé"]["verdict"] == "wrong"


def test_text_kept_together_on_paper_stays_text_on_the_page(td1):
    texts = documents(make_variant(td1))
    exercises, figures, _ = sheet.convert(texts["enonce"], texts["corrige"])
    assert r"\begin{keep}" in texts["enonce"]  # the sheet holds a statement with its figure…
    assert not any(r"\begin{keep}" in f for f in figures)  # …the page shows its text as text
    assert "pré-activation" in exercises[2].intro


def test_a_backslash_ending_the_text_or_a_line_is_no_crash():
    c = sheet.Converter()
    assert c.html("a \\") == "a " and c.html("a \\\nb") == "a \nb"  # LaTeX's control space, shown as space
    assert c.html("x \\% y \\\\ z") == "x % y <br> z"
