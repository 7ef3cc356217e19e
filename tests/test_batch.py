import base64
import csv
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tdgrad import answers, batch, spec
from tdgrad.display import show
from tdgrad.errors import SpecError, TypesetError


def value(variant: dict, question: str):
    """The rounded value of ``exercise:question`` in one serialized variant."""
    return answers.table(variant)[question].value


@pytest.fixture(scope="module")
def made(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("batch")
    target = batch.run(spec.load(root / "examples/td1-random.toml"), 30, out, seed=7, tex_only=True, quiet=True)
    return target, json.loads((target / "answer-key.json").read_text())


@pytest.fixture(scope="module")
def root():
    from pathlib import Path
    return Path(__file__).resolve().parents[1]


def test_variants_are_distinct_and_their_seeds_documented(made):
    _, key = made
    params = [json.dumps([e["params"] for e in v["exercises"]], sort_keys=True) for v in key["variants"]]
    assert len(set(params)) == 30
    losses = [value(v, "3:q1.loss") for v in key["variants"]]
    assert len(set(losses)) == 30
    assert [v["variant"] for v in key["variants"]][:3] == ["V001", "V002", "V003"]
    assert key["variants"][0]["seed"] == batch.seed_for(7, 1, 0) or key["variants"][0]["seed"] == batch.seed_for(7, 1, 1)


def test_same_command_same_files(made, root, tmp_path):
    target, _ = made
    again = batch.run(spec.load(root / "examples/td1-random.toml"), 30, tmp_path, seed=7, tex_only=True, quiet=True)
    for name in ("enonces.tex", "corriges.tex", "answer-key.json", "answer-key.csv", "moodle.xml"):
        assert (target / name).read_bytes() == (again / name).read_bytes()


def test_every_key_answer_is_in_its_variants_correction(made):
    target, key = made
    tex = (target / "corriges.tex").read_text()
    sections = dict(re.findall(r"% tdgrad-variant (V\d+)\n(.*?)(?=% tdgrad-variant|\\end\{document\})", tex, re.S))
    assert len(sections) == 30
    for v in key["variants"]:
        for q in ("3:q1.loss", "3:q4.loss", "3:q3.w_11", "3:q2.delta_3", "1:q4.da"):
            assert show(value(v, q), "fr") in sections[v["variant"]]


def test_key_csv_matches_json(made):
    target, key = made
    rows = list(csv.DictReader(open(target / "answer-key.csv")))
    first = [r for r in rows if r["variant"] == "V001" and r["question"] == "q1.loss"][0]
    assert float(first["expected"]) == value(key["variants"][0], "3:q1.loss")
    assert float(first["exact"]) == answers.table(key["variants"][0])["3:q1.loss"].exact
    assert float(first["tolerance"]) == 0.01 and first["label"] == "L" and first["type"] == "number"
    assert len(rows) == sum(len(e["answers"]) for v in key["variants"] for e in v["exercises"])


def test_moodle_xml_has_one_cloze_question_per_exercise_and_variant(made):
    # tests/test_moodle.py checks the questions themselves
    target, key = made
    quiz = ET.parse(target / "moodle.xml").getroot()
    assert quiz.tag == "quiz"
    clozes = [q for q in quiz.findall("question") if q.get("type") == "cloze"]
    assert len(clozes) == sum(len(v["exercises"]) for v in key["variants"])
    assert [q.get("type") for q in quiz.findall("question")].count("category") == 1 + 30
    loss = value(key["variants"][1], "3:q1.loss")
    v002 = [q for q in clozes if q.find("name/text").text.startswith("V002 · Exercice 3")][0]
    assert re.search(r"<p>L = \{\d+:NUMERICAL:=" + re.escape(f"{loss:.4g}".ljust(6, "0")), v002.find("questiontext/text").text)


def test_grade_accepts_the_batch_key(made, tmp_path):
    target, key = made
    loss = value(key["variants"][4], "3:q1.loss")
    answers = tmp_path / "a.csv"
    answers.write_text(f"student,variant,question,answer\nana,V005,3:q1.loss,{loss:.4f}\nbob,V005,3:q1.loss,{-loss:.4f}\n")
    r = subprocess.run([sys.executable, "-m", "tdgrad", "grade", str(answers), "--key", str(target / "answer-key.json"),
                        "--out", str(tmp_path / "r.csv"), "--lang", "en"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert [row["verdict"] for row in csv.DictReader(open(tmp_path / "r.csv"))] == ["correct", "wrong"]


def test_a_spec_with_too_few_possible_variants_stops_with_a_message(root, tmp_path):
    with pytest.raises(SpecError, match="distinct variants"):
        batch.run(spec.load(root / "examples/td1.toml"), 2, tmp_path, tex_only=True, quiet=True)
    assert not (tmp_path / "td1" / "answer-key.json").exists()


def test_a_latex_failure_names_the_variant_and_leaves_the_old_outputs(root, tmp_path, monkeypatch):
    s = spec.load(root / "examples/td1-random.toml")
    target = batch.run(s, 3, tmp_path, tex_only=True, quiet=True)
    before = (target / "answer-key.json").read_bytes()

    def broken(text, destination, then=None):
        lines = text.splitlines()
        n = next(i for i, line in enumerate(lines, 1) if line == "% tdgrad-variant V002") + 3
        raise TypesetError(f"LaTeX failed:\n! Undefined control sequence.\nl.{n} \\oops")

    monkeypatch.setattr("tdgrad.typeset.compile_pdf", broken)
    with pytest.raises(TypesetError, match="variant V002"):
        batch.run(s, 5, tmp_path, quiet=True)
    assert (target / "answer-key.json").read_bytes() == before  # the previous complete set, untouched
    assert not list(target.glob(".partial-*")) and not (target / "enonces.pdf").exists()


def test_pdfs_and_split(root, tmp_path):
    target = batch.run(spec.load(root / "examples/td1-random.toml"), 2, tmp_path, seed=3, split=True, quiet=True)
    pages = subprocess.run(["pdfinfo", str(target / "enonces.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+3", pages)  # V001 on page 1, blank page 2, V002 on page 3
    text = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(target / "enonces.pdf"), "-"],
                          capture_output=True, text=True).stdout
    assert "Variante V002" in text
    for vid in ("V001", "V002"):
        assert (target / "variants" / vid / "enonce.pdf").exists() and (target / "variants" / vid / "corrige.pdf").exists()


def test_chunked_pdfs_keep_odd_starts_bookmarks_and_order(root, tmp_path, monkeypatch):
    from test_typeset import outline, page_texts, pages

    monkeypatch.setattr("tdgrad.typeset.MIN_CHUNK", 1000)  # cut even these small documents
    timings = {}
    target = batch.run(spec.load(root / "examples/td1-random.toml"), 4, tmp_path, seed=5, jobs=2,
                       quiet=True, timings=timings)
    assert timings["join"] > 0  # chunks were joined
    ids = ["V001", "V002", "V003", "V004"]
    for name, title in (("enonces.pdf", "Énoncé"), ("corriges.pdf", "Corrigé")):
        marks = outline(target / name)
        assert [t for t, _ in marks] == [f"Variante {i}" for i in ids]
        assert all(page % 2 == 1 for _, page in marks) and marks[0][1] == 1
        texts = page_texts(target / name)
        assert len(texts) == pages(target / name)
        # in order: each page holds its variant's id in the header, blank pages only before a variant
        owners = [next((i for i in ids if i in t), None) if t.strip() else "blank" for t in texts]
        assert [o for i, o in enumerate(owners) if o != "blank" and (i == 0 or owners[i - 1] != o)] == ids
        assert all(title in t for t in texts if t.strip())
    key = json.loads((target / "answer-key.json").read_text())  # written while LaTeX ran
    assert [v["variant"] for v in key["variants"]] == ids and (target / "moodle.xml").exists()


@pytest.fixture(scope="module")
def typeset(root, tmp_path_factory):
    """Three variants with both PDFs, the statements cut in chunks; moodle.xml's figures may not be
    typeset again (the web page's figure typesetting fails if called)."""
    def refuse(*args):
        raise AssertionError("a statement figure was typeset again")

    out = tmp_path_factory.mktemp("typeset")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("tdgrad.typeset.MIN_CHUNK", 1000)
        mp.setattr("tdgrad.web.sheet.typeset_figures", refuse)
        target = batch.run(spec.load(root / "examples/td1-random.toml"), 3, out, seed=7, jobs=2, quiet=True)
    return target


def test_moodle_figures_are_cut_from_the_statements_pdf(typeset):
    """Every statement figure (one network per variant) is in moodle.xml as an SVG file cropped
    from enonces.pdf's chunks (nothing typeset again), each variant its own drawing."""
    quiz = ET.parse(typeset / "moodle.xml").getroot()
    per_variant = {}
    for q in quiz.findall("question[@type='cloze']"):
        node = q.find("questiontext")
        refs = re.findall(r'src="@@PLUGINFILE@@/([^"]+)"', node.find("text").text)
        files = {f.get("name"): base64.b64decode(f.text) for f in node.findall("file")}
        assert set(refs) == set(files)
        vid = q.find("idnumber").text.split("-")[-2]
        per_variant.setdefault(vid, []).extend(files[r] for r in refs)
    assert sorted(per_variant) == ["V001", "V002", "V003"]
    assert all(len(svgs) == 1 and svgs[0].startswith(b"<?xml") and b"<svg" in svgs[0][:300]
               for svgs in per_variant.values())
    assert len({svgs[0] for svgs in per_variant.values()}) == 3
    assert "voir enonces.pdf" not in ET.tostring(quiz, encoding="unicode")


def test_same_command_same_moodle_xml_with_pdfs(typeset, root, tmp_path, monkeypatch):
    monkeypatch.setattr("tdgrad.typeset.MIN_CHUNK", 1000)
    again = batch.run(spec.load(root / "examples/td1-random.toml"), 3, tmp_path, seed=7, jobs=2, quiet=True)
    for name in ("enonces.tex", "moodle.xml"):
        assert (typeset / name).read_bytes() == (again / name).read_bytes()


def test_tex_only_moodle_xml_names_the_pdf_for_its_figures(made):
    target, _ = made
    xml = (target / "moodle.xml").read_text()
    assert "<file" not in xml and xml.count("(figure : voir enonces.pdf)") == 30
