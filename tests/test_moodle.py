"""moodle.xml as Moodle's importer reads it: structure, files, and the cloze syntax parsed back.

The cloze parser below is written from Moodle's own rule (question/type/multianswer/
questiontype.php: ANSWER_REGEX and its parts, qtype_multianswer_extract_question), not from
tdgrad's writer, and every gap is checked against the answer key: its value within its tolerance,
the tolerance inside tdgrad's grading rule, the weights against the spec's points.
"""

import base64
import html
import re
import xml.etree.ElementTree as ET
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from tdgrad import batch, spec
from tdgrad.moodle import moodle_xml
from tdgrad.pipeline import documents

ROOT = Path(__file__).resolve().parents[1]

# --- Moodle's cloze grammar (questiontype.php), in Python's regex dialect ---------------------
FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
# PCRE's (?<!\\|&|&amp;): Python wants one look-behind per width
ALT_ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
ALT_FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
ALTERNATIVE = f"({FRACTION})?({ALT_ANSWER})(#({ALT_FEEDBACK}))?"
TYPES = (r"(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
         r"(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|"
         r"(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
         r"(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)")
START = r"\{([0-9]*):(" + TYPES + "):"
ANSWER = re.compile(START + "(" + ALTERNATIVE + "(~" + ALTERNATIVE + ")*)\\}", re.S)
NUMBER = r"-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)"
NUMERICAL_ALTERNATIVE = re.compile("^(" + NUMBER + ")(:" + NUMBER + ")?$", re.S)
GROUP_NORM, GROUP_NUMERICAL, GROUP_SHORTANSWER, GROUP_ALTERNATIVES = 1, 3, 7, 16


def parse_cloze(text: str) -> list[dict]:
    """The gaps Moodle finds in a question text, in order, as its extract function walks them."""
    gaps = []
    while m := ANSWER.search(text):
        kind = "numerical" if m.group(GROUP_NUMERICAL) else (
            "shortanswer" if m.group(GROUP_SHORTANSWER) else "other")
        alternatives, rest = [], m.group(GROUP_ALTERNATIVES)
        while a := re.match("~?" + ALTERNATIVE, rest, re.S):
            fraction = 1.0 if a.group(1) == "=" else (float(a.group(2).replace(",", ".")) / 100 if a.group(2) else 0.0)
            answer = a.group(3)
            alt = {"fraction": fraction, "answer": answer}
            if kind == "numerical":
                n = NUMERICAL_ALTERNATIVE.match(answer)
                assert n, f"not a number for Moodle: {answer!r}"
                alt.update(answer=n.group(1), tolerance=n.group(6) or "0")
            alternatives.append(alt)
            rest = rest[len(a.group(0)):]
        gaps.append({"weight": int(m.group(GROUP_NORM) or 1), "type": kind, "alternatives": alternatives,
                     "start": m.start()})
        text = text[:m.start()] + f"{{#{len(gaps)}}}" + text[m.end():]
    return gaps


def test_the_parser_reads_moodle_documented_examples():
    # the examples of Moodle's documentation of the Cloze format
    gaps = parse_cloze("Pi = {2:NUMERICAL:=3.14159:0.001#Good~%50%3.1:0.1#close} and "
                       "{1:SHORTANSWER:=Berlin#ok~*#wrong} {:MC:Paris~=Berlin}")
    assert [(g["weight"], g["type"]) for g in gaps] == [(2, "numerical"), (1, "shortanswer"), (1, "other")]
    assert gaps[0]["alternatives"] == [{"fraction": 1.0, "answer": "3.14159", "tolerance": "0.001"},
                                       {"fraction": 0.5, "answer": "3.1", "tolerance": "0.1"}]
    assert parse_cloze(r"\(w_{31}\) {and} \frac{1}{2}") == []


# --- the batches ----------------------------------------------------------------------------

def _batch(path, n, lang, seed=5):
    return batch.draw(spec.load(path), n, seed, lang)


@pytest.fixture(scope="module")
def made():
    """(batch, parsed quiz) for every kind, in French and English; figures typeset for one variant
    of each language (pdflatex), the other variants with figures=False to keep the suite fast."""
    out = {}
    for lang in ("fr", "en"):
        b = _batch(ROOT / "bench/all-kinds.toml", 1, lang)
        out[f"all-{lang}"] = (b, ET.fromstring(xml := moodle_xml(b, figures=True)))
        out[f"xml-{lang}"] = xml
        b = _batch(ROOT / "bench/all-kinds.toml", 3, lang, seed=9)
        out[f"all3-{lang}"] = (b, ET.fromstring(moodle_xml(b, figures=False)))
        b = _batch(ROOT / "examples/td-hyperparametres.toml", 2, lang)
        out[f"grid-{lang}"] = (b, ET.fromstring(moodle_xml(b, figures=False)))
    return out


def clozes(quiz):
    return [q for q in quiz.findall("question") if q.get("type") == "cloze"]


def pairs(b, quiz):
    """(variant, exercise, question element) in the file's order."""
    questions = iter(clozes(quiz))
    return [(v, e, next(questions)) for v in b.variants for e in v.exercises]


ALL = ("all-fr", "all-en", "all3-fr", "all3-en", "grid-fr", "grid-en")


# --- structure ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_what_the_importer_needs(made, name):
    b, quiz = made[name]
    assert quiz.tag == "quiz"
    questions = quiz.findall("question")
    assert {q.get("type") for q in questions} == {"category", "cloze"}
    title = b.spec.title_in(b.lang).replace("/", "//")
    assert questions[0].find("category/text").text == f"$course$/top/tdgrad/{title}"
    # one sub-category per variant, its questions right after it
    current = None
    seen = []
    for q in questions[1:]:
        if q.get("type") == "category":
            current = q.find("category/text").text
            seen.append(current)
            continue
        vid = q.find("idnumber").text.split("-")[-2]
        assert current == f"$course$/top/tdgrad/{title}/{vid}"
        for tag in ("name/text", "questiontext/text", "generalfeedback/text", "defaultgrade", "penalty",
                    "hidden", "idnumber"):
            assert q.find(tag) is not None and q.find(tag).text, tag
        assert q.find("questiontext").get("format") == "html"
        assert q.find("generalfeedback").get("format") == "html"
        assert q.find("hidden").text == "0" and 0 <= float(q.find("penalty").text) <= 1
        tags = [t.text for t in q.findall("tags/tag/text")]
        assert vid in tags and any(re.fullmatch(r"tdgrad-ex\d+", t) for t in tags)
    assert seen == [f"$course$/top/tdgrad/{title}/{v.id}" for v in b.variants]
    assert len(clozes(quiz)) == sum(len(v.exercises) for v in b.variants)
    ids = [q.find("idnumber").text for q in clozes(quiz)]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("name", ["all-fr", "all-en"])
def test_figures_are_embedded_files(made, name):
    b, quiz = made[name]
    used = 0
    for q in clozes(quiz):
        for part in ("questiontext", "generalfeedback"):
            node = q.find(part)
            files = {f.get("name"): f for f in node.findall("file")}
            refs = re.findall(r'src="@@PLUGINFILE@@/([^"]+)"', node.find("text").text)
            assert set(refs) == set(files), "every file referenced, every reference a file"
            for ref in refs:
                f = files[ref]
                assert f.get("path") == "/" and f.get("encoding") == "base64"
                svg = base64.b64decode(f.text, validate=True)
                assert b"<svg" in svg[:500]
                used += 1
            assert "data-figure" not in node.find("text").text
    assert used >= 5  # the statements' networks and graphs
    feedback = " ".join(q.find("generalfeedback/text").text for q in clozes(quiz))
    assert ("corriges.pdf" in feedback) and "<table" in feedback  # drawings in the PDF, tables as text


def test_without_figures_the_question_points_to_the_pdf(made):
    b, quiz = made["all3-fr"]
    texts = [q.find("questiontext/text").text for q in clozes(quiz)]
    assert any("(figure : voir enonces.pdf)" in t for t in texts)
    assert not quiz.findall(".//file")


# --- the gaps against the answer key ---------------------------------------------------------

def gradable(a) -> int:
    """How many gaps an answer should have (0: Moodle cannot grade it), from the key alone."""
    if a.type in ("number", "integer"):
        return 1
    if a.type == "expression":
        return 0 if a.exact is None else 1
    if a.type in ("vector", "matrix"):
        return len(cells(a))
    if a.type == "text":
        return 1 if re.fullmatch(r"""["']?\w+["']?""", str(a.value)) else 0
    return 0


def cells(a) -> list:
    if a.type in ("vector", "matrix"):
        return [x for row in a.exact for x in (row if isinstance(row, list) else [row])]
    return [a.exact]


def labelled_gaps(text: str, lang: str):
    """(label, gaps) in text order: a label is the paragraph before its gaps."""
    out = []
    for m in re.finditer(r"<p>([^<]*?)(?: =| ?:)\s*(\{[^<]*\})?</p>(<table.*?</table>)?", text):
        label, inline, table = m.group(1), m.group(2), m.group(3)
        found = parse_cloze(inline or table or "")
        out.append((html.unescape(label), found))
    return out


def significant(text: str) -> int:
    digits = text.lstrip("-").replace(".", "")
    return len(digits.lstrip("0")) if digits.strip("0") else len(digits) - 1


@pytest.mark.parametrize("name", ALL)
def test_every_gap_is_the_key_within_tdgrads_tolerance(made, name):
    b, quiz = made[name]
    zeros = 0
    for v, e, q in pairs(b, quiz):
        text = q.find("questiontext/text").text
        gaps = parse_cloze(text)
        answers = e.answers
        assert len(gaps) == sum(gradable(a) for a in answers), (v.id, e.kind)
        pending = list(answers)
        for label, found in labelled_gaps(text, b.lang):
            # the key's answer this label names (the first not yet matched: labels may repeat)
            a = next(a for a in pending if label == a.text_label(b.lang)
                     or label.startswith(a.text_label(b.lang) + " ("))
            pending.remove(a)
            assert len(found) == gradable(a), (e.kind, a.id)
            for gap, exact in zip(found, cells(a) if found else []):
                (alt, *others) = gap["alternatives"]
                assert alt["fraction"] == 1.0
                if gap["type"] == "shortanswer":
                    assert alt["answer"] == str(a.value).strip("\"'")
                    assert all(o["fraction"] == 1.0 and o["answer"].strip("\"'") == alt["answer"] for o in others)
                    continue
                assert gap["type"] == "numerical" and not others
                shown, tol = float(alt["answer"]), float(alt["tolerance"])
                if a.type == "integer" or a.tolerance == 0:
                    assert shown == exact and tol == 0  # exact: counts, a grid's own scores
                    assert a.type != "integer" or "." not in alt["answer"]
                    continue
                if exact == 0:
                    zeros += 1
                    assert alt["answer"] == "0.0000" and tol == 0
                    continue
                rtol = a.tolerance
                # Moodle accepts [shown - tol, shown + tol]: inside tdgrad's |x - exact| <= rtol |exact|
                assert abs(shown - exact) + tol <= rtol * abs(exact) * (1 + 1e-9), (a.id, alt)
                # and not much narrower (the written answer's rounding, the tolerance's 3 digits)
                assert tol >= 0.98 * (rtol * abs(exact) - abs(shown - exact)), (a.id, alt)
                # four significant digits, correctly rounded: no box longer for a zero
                assert significant(alt["answer"]) == 4, alt["answer"]
                assert abs(shown - exact) <= 0.5 * 10 ** (int(f"{abs(exact):e}".split("e")[1]) - 3) * (1 + 1e-9)
        assert all(gradable(a) == 0 for a in pending), [a.id for a in pending if gradable(a)]
    if name.startswith("all"):
        assert zeros  # the catalog has true zeros (a switched-off ReLU): they were checked


def test_a_known_answer_by_hand():
    """mlp, TD n°1's numbers (seed document 000): ŷ = tanh(...) checked against numpy."""
    import numpy as np

    b = _batch(ROOT / "examples/td1.toml", 1, "en")
    quiz = ET.fromstring(moodle_xml(b, figures=False))
    mlp = [q for q in clozes(quiz) if "multilayer" in q.find("name/text").text.lower()
           or "perceptron" in q.find("name/text").text.lower()][0]
    e = next(e for e in b.variants[0].exercises if e.kind == "mlp")
    p = e.solution.params
    x = np.array(p["x"], dtype=float)
    (W1, W2), (b1, b2) = [np.array(w, dtype=float) for w in p["weights"]], [np.array(c, dtype=float) for c in p["biases"]]
    h = 1 / (1 + np.exp(-(W1 @ x + b1)))
    y_hat = np.tanh(W2 @ h + b2)[0]
    loss = 0.5 * (np.ravel(p["y"])[0] - y_hat) ** 2
    gaps = {label: found for label, found in labelled_gaps(mlp.find("questiontext/text").text, "en")}
    gap = gaps["L"][0]["alternatives"][0]
    assert abs(float(gap["answer"]) - loss) + float(gap["tolerance"]) <= 0.01 * loss * (1 + 1e-9)
    assert f"{loss:.4g}" == f"{float(gap['answer']):.4g}"


# --- weights --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_weights_share_the_exercise_points(made, name):
    b, quiz = made[name]
    for v, e, q in pairs(b, quiz):
        text = q.find("questiontext/text").text
        weights = [g["weight"] for g in parse_cloze(text)]
        total = sum(Fraction(a.points).limit_denominator(1000) for a in e.answers)
        assert int(q.find("defaultgrade").text) == sum(weights)  # what Moodle computes on import
        k = Fraction(sum(weights)) / total
        assert k.denominator == 1, "the mark is a whole multiple of the spec's points"
        # each answer's gaps carry its share of the points (answers not graded here: shared out)
        graded = sum(Fraction(a.points).limit_denominator(1000) for a in e.answers if gradable(a))
        per_label = labelled_gaps(text, b.lang)
        pending = list(e.answers)
        for label, found in per_label:
            a = next(a for a in pending if label == a.text_label(b.lang) or label.startswith(a.text_label(b.lang) + " ("))
            pending.remove(a)
            if found:
                share = Fraction(sum(g["weight"] for g in found), sum(weights))
                assert share == Fraction(a.points).limit_denominator(1000) / graded, (e.kind, a.id)
        header = re.search(r"\((\d+(?:[.,]\d+)?) points\)", text).group(1)
        assert Fraction(header.replace(",", ".")) == total


def test_a_spec_with_points_gets_them(tmp_path):
    path = tmp_path / "points.toml"
    path.write_text('title = "Points"\nlanguage = "fr"\nseed = 3\n'
                    '[[exercise]]\nkind = "mlp"\npoints = 10\n[[exercise]]\nkind = "batch_sgd"\npoints = 4\n')
    b = _batch(path, 1, "fr")
    quiz = ET.fromstring(moodle_xml(b, figures=False))
    for q, points in zip(clozes(quiz), (10, 4)):
        weights = [g["weight"] for g in parse_cloze(q.find("questiontext/text").text)]
        assert f"({points} points)" in q.find("questiontext/text").text
        assert Fraction(sum(weights), points).denominator == 1
    # batch_sgd: 7 answers, all graded, 4 points: 4/7 each, so the weights are 4 each (k = 7)
    assert {g["weight"] for g in parse_cloze(clozes(quiz)[1].find("questiontext/text").text)} == {4}


# --- what people read -----------------------------------------------------------------------

def visible(text: str) -> str:
    """The question text without its gaps, tags and files: what a student reads."""
    text = ANSWER.sub(" ", text)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.mark.parametrize("name", ALL)
def test_no_internal_name_is_shown(made, name):
    b, quiz = made[name]
    for v, e, q in pairs(b, quiz):
        tex = "\n".join(documents(v).values()).replace(r"\_", "_")
        shown = " ".join(visible(q.find(p).text) for p in ("questiontext/text", "generalfeedback/text"))
        shown += q.find("name/text").text
        for a in e.answers:
            if re.search(r"[._/]", a.id):  # ids such as "E" are the math's own names
                assert a.id not in shown
            for part in re.split(r"[./]", a.id):
                if len(part) > 2 and not re.fullmatch(r"q\d+", part) and part not in tex:
                    assert not re.search(rf"\b{re.escape(part)}\b", shown), (a.id, part)
        assert not re.search(r"\b(num|generic|check|primal|tangent|adjoint)\.", shown)


def numbers_of(text: str, lang: str) -> set[str]:
    comma = r"(?:,|\{,\})" if lang == "fr" else r"\."
    found = re.findall(rf"(?<![\w.,])-?\d+(?:{comma}\d+)?", text)
    return {n.replace("{,}", ",") for n in found}


@pytest.mark.parametrize("name", ALL)
def test_numbers_in_the_statement_are_the_variants(made, name):
    b, quiz = made[name]
    for v, e, q in pairs(b, quiz):
        text = q.find("questiontext/text").text
        text = re.sub(r"<p><small>.*?</small></p>", "", text, flags=re.S)  # the house rules
        text = re.sub(r"^<p><strong>.*?</p>", "", text)  # title and points
        tex = documents(v)["enonce"].replace("{,}", ",")
        allowed = numbers_of(tex, b.lang)
        for n in numbers_of(visible(text), b.lang):
            assert n in allowed or n.lstrip("-") in allowed, (v.id, e.kind, n)


def test_typography_follows_the_language(made):
    for name in ("all-fr", "all3-fr", "grid-fr"):
        for q in clozes(made[name][1]):
            t = visible(q.find("questiontext/text").text)
            assert "à 1 % près" in t and "within" not in t
    for name in ("all-en", "all3-en", "grid-en"):
        for q in clozes(made[name][1]):
            t = visible(q.find("questiontext/text").text)
            assert "within 1%" in t and "près" not in t and "Exercice" not in t
            assert not re.search(r"\d,\d", t.replace("0,25", "")), t[:200]
    # the French labels are French
    fr = " ".join(q.find("questiontext/text").text for q in clozes(made["all-fr"][1]))
    assert "(nouveau)" in fr and "dimensions de W⁽²⁾" in fr


def test_math_is_for_moodles_mathjax(made):
    for name in ("all-fr", "all-en"):
        for q in clozes(made[name][1]):
            for part in ("questiontext/text", "generalfeedback/text"):
                t = q.find(part).text
                assert 'class="tex' not in t and "$" not in visible(t)
                assert not re.search(r"\\dd\b", t)  # the sheets' own macro, unknown to MathJax
                assert t.count(r"\(") == t.count(r"\)")


def test_the_correction_is_the_feedback(made):
    b, quiz = made["all-en"]
    for v, e, q in pairs(b, quiz):
        feedback = visible(q.find("generalfeedback/text").text)
        assert feedback.startswith(" Solution") or "Solution" in feedback[:30]
        assert len(feedback) > 200, e.kind


def test_same_batch_same_file(made):
    b = _batch(ROOT / "bench/all-kinds.toml", 1, "fr")  # drawn again, figures typeset again
    assert moodle_xml(b, figures=True) == made["xml-fr"]


def test_a_table_is_html_for_moodle_and_a_figure_for_the_web():
    from tdgrad.web.sheet import Converter

    tex = (r"\begin{center}\renewcommand{\arraystretch}{1.35}\begin{tabular}{l|>{$}r<{$}>{$}c<{$}}" "\n"
           r"\toprule" "\n" r" & \multicolumn{2}{c}{\texttt{C}} \\" "\n"
           r"\midrule" "\n" r"$k$ & 0{,}5 & \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}\\[8pt]" "\n"
           r"\textbf{b} & -1 & \frac{1}{2}\\" "\n" r"\bottomrule" "\n" r"\end{tabular}\end{center}")
    moodle = Converter("mathjax")
    out = moodle.html(tex)
    assert not moodle.figures and "1.35" not in out
    rows = re.findall(r"<tr>(.*?)</tr>", out)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in rows]
    assert cells == [["", "<code>C</code>"],
                     [r"\(k\)", r"\(0{,}5\)", r"\(\begin{pmatrix} 1 &amp; 2 \\ 3 &amp; 4 \end{pmatrix}\)"],
                     ["<strong>b</strong>", r"\(-1\)", r"\(\frac{1}{2}\)"]]
    assert 'colspan="2"' in rows[0]
    web = Converter()
    web.html(tex)
    assert len(web.figures) == 1  # the web page keeps typesetting it (unchanged)


def moodle_accepts(typed: str, answer: str, tolerance: str, decsep: str = ".", thousands: str = ",") -> bool:
    """Moodle's NUMERICAL grading of what a student typed (question/type/numerical: the answer
    processor drops the thousands separator, reads the site's decimal separator, then checks
    answer ± tolerance)."""
    text = typed.strip().replace(thousands, "").replace(decsep, ".")
    try:
        x = float(text)
    except ValueError:
        return False
    a, t = float(answer), float(tolerance)
    return a - t <= x <= a + t


def test_what_moodle_accepts_tdgrad_accepts(made):
    """Hurried students' numbers near each gap's answer: Moodle's verdict never says right where
    tdgrad's grading (student/numbers.py) says wrong; and the README's warning holds."""
    from tdgrad.student.numbers import close

    b, quiz = made["all-fr"]
    checked = 0
    for q in clozes(quiz):
        for gap in parse_cloze(q.find("questiontext/text").text):
            if gap["type"] != "numerical":
                continue
            alt = gap["alternatives"][0]
            a, t = float(alt["answer"]), float(alt["tolerance"])
            for typed in (alt["answer"], f"{a:.3g}", f"{a:.2g}", f"{a * 1.0099:.6g}", f"{a * 0.985:.6g}",
                          f"{-a:.4g}", "0", f"{a + t * 1.5:.8g}"):
                if moodle_accepts(typed, alt["answer"], alt["tolerance"]):
                    exact = a  # the written answer is within 0.05 % of the exact value: compare to both
                    assert close(float(typed), exact, 0.0105) or float(typed) == exact == 0, (typed, alt)
                checked += 1
            if a != 0 and 0 < abs(a) < 1000:  # 0,25 on an English site
                typed = alt["answer"].replace(".", ",")
                assert moodle_accepts(typed, alt["answer"], alt["tolerance"]) == ("," not in typed)
                assert moodle_accepts(typed, alt["answer"], alt["tolerance"], decsep=",", thousands=" ")
    assert checked > 300


def test_figures_that_tex_cannot_finish_are_one_clear_error(monkeypatch):
    """A pdflatex run over the figures that times out (a huge batch on a loaded machine) stops the
    export with one message, not a traceback of subprocess.TimeoutExpired."""
    import subprocess

    from tdgrad.errors import TypesetError

    def hang(cmd, *args, **kwargs):
        raise subprocess.TimeoutExpired(cmd, kwargs.get("timeout", 0))

    monkeypatch.setattr(subprocess, "run", hang)
    with pytest.raises(TypesetError, match=r"moodle\.xml: pdflatex did not finish typesetting \d+ figures"):
        moodle_xml(_batch(ROOT / "examples/td1.toml", 1, "fr"), figures=True)


# --- statement figures cropped from enonces.pdf (moodle/crop.py) --------------------------------

def _statements(b, marks=True):
    from tdgrad.moodle import crop
    from tdgrad.render import render

    return render("batch.tex.j2", b.lang, variants=b.variants, spec=b.spec, solution=False,
                  marks=crop.ENVIRONMENTS if marks else ())


@pytest.fixture(scope="module")
def cropped(tmp_path_factory):
    """A 3-variant statements PDF with its crops, their boxes and a copy of the page PDF."""
    from tdgrad.moodle import crop
    from tdgrad.typeset import compile_pdf, resume

    resume()  # an earlier test may have stopped LaTeX runs (test_interrupt)
    tmp = tmp_path_factory.mktemp("crop")
    b = _batch(ROOT / "examples/td1-random.toml", 3, "fr", seed=11)

    def keep(folder):
        (tmp / "marks.txt").write_text((folder / "doc.crop").read_text())
        return crop.crop(folder)

    crops = compile_pdf(_statements(b), tmp / "enonces.pdf", then=keep)
    return b, crops, crop.boxes((tmp / "marks.txt").read_text()), tmp / "enonces.pdf"


def _svg_size(svg: bytes) -> tuple[float, float]:
    m = re.search(rb'<svg[^>]* width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    return float(m.group(1)), float(m.group(2))


def test_each_crop_is_its_figures_box_and_a_border(cropped, tmp_path):
    """The SVG's size against the figure's box measured by TeX apart: the figure alone in an
    \\hbox, with the sheets' preamble (the corrections' one: no marks), its size typed out."""
    import subprocess

    from tdgrad.moodle import Quiz
    from tdgrad.web import sheet

    b, crops, _, _ = cropped
    asked = Quiz(b).asked
    assert [len(figs) for figs in asked] == [1, 1, 1] and len(crops) == 3  # the network, in each variant
    pre = sheet.preamble(documents(b.variants[0])["corrige"])
    doc = pre + "\\begin{document}\n" + "".join(
        f"\\setbox0\\hbox{{{figs[0]}}}\\typeout{{BOX \\the\\wd0/\\the\\ht0/\\the\\dp0}}\n"
        for figs in asked) + "\\end{document}\n"
    (tmp_path / "box.tex").write_text(doc, encoding="utf-8")
    log = subprocess.run(["pdflatex", "-interaction=nonstopmode", "box.tex"], cwd=tmp_path,
                         capture_output=True, text=True).stdout
    sizes = [[float(v) for v in m] for m in re.findall(r"BOX ([\d.]+)pt/([\d.]+)pt/([\d.]+)pt", log)]
    assert len(sizes) == 3
    for (wd, ht, dp), c in zip(sizes, crops):
        assert c.environment == "tikzpicture"
        width, height = _svg_size(c.svg)
        assert abs(width - (wd + 6) * 72 / 72.27) < 0.01 and abs(height - (ht + dp + 6) * 72 / 72.27) < 0.01
        assert (width, height) == pytest.approx((c.width, c.height), abs=0.001)


def test_a_crop_holds_its_drawing_and_nothing_else_of_the_page(cropped):
    """What pdftotext reads in the crop's rectangle of the page: the network's labels and this
    variant's weights, not the header, the title or the sentence that announces the figure; and
    the SVG draws as many glyphs as that text has characters (cairo kept nothing else)."""
    import math
    import subprocess

    b, crops, boxes, pdf = cropped
    height = 841.89  # A4, PDF points
    for v, c, (env, page, (left, bottom, right, top)) in zip(b.variants, crops, boxes):
        x, y = math.floor(left), math.floor(height - top)
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-x", str(x), "-y", str(y),
                               "-W", str(math.ceil(right) - x), "-H", str(math.ceil(height - bottom) - y),
                               str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        page_text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                                   capture_output=True, text=True, check=True).stdout
        params = v.exercises[2].solution.params  # the 2-2-1 network as drawn: units, weights, biases
        weights = [w for layer in params["weights"] for row in layer for w in row]
        biases = [w for layer in params["biases"] for w in layer]
        drawn = ["x1", "x2", "h1", "h2", "h3"] + [show_fr(w) for w in weights]
        drawn += [f"b{k}={show_fr(w)}" for k, w in enumerate(biases, 1)]
        # sloped labels come out of pdftotext interleaved: compare the characters
        assert Counter(re.sub(r"\s", "", text)) == Counter("".join(drawn)), text
        for outside in ("Énoncé", "Apprentissage", f"Variante {v.id}", "Exercice"):
            assert outside in page_text and outside not in text
        glyphs = len(re.findall(rb"<use ", c.svg))
        assert glyphs == len(re.sub(r"\s", "", text)) > 30


def test_crops_of_one_size_share_a_pdftocairo_run_and_stay_whole_svgs(cropped):
    """Figures of one size are converted together and split page by page: each SVG is a document
    of its own, with every glyph and clip path it refers to, and the same drawing each time."""
    _, crops, _, _ = cropped
    sizes = [(c.width, c.height) for c in crops]
    assert len(set(sizes)) < len(sizes)  # the split path is used here
    for c in crops:
        root = ET.fromstring(c.svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg" and "pageSet" not in c.svg.decode()
        refs = set(re.findall(rb'href="#([^"]+)"', c.svg)) | set(re.findall(rb"url\(#([^)]+)\)", c.svg))
        assert refs and refs <= set(re.findall(rb' id="([^"]+)"', c.svg))
    assert len({c.svg for c in crops}) == len(crops)


def show_fr(value) -> str:
    from tdgrad.display import show

    return show(value, "fr", math_mode=False).replace(" ", "").replace("-", "−")


def test_crops_pair_with_the_figures_only_one_for_one():
    from tdgrad.moodle.crop import Crop, match

    a = Crop("tikzpicture", 10, 10, b"<svg a/>")
    d = Crop("drawnonce", 10, 10, b"<svg d/>")
    asked = [[r"\begin{tikzpicture}A\end{tikzpicture}", r"\begin{tabbing}T\end{tabbing}"],
             [r"\begin{drawnonce}{k}D\end{drawnonce}"]]
    assert match(asked, [a, d]) == {asked[0][0]: a, asked[1][0]: d}  # tabbing: typeset, not cropped
    assert match(asked, [a]) == {} and match(asked, [d, a]) == {} and match(asked, [a, d, a]) == {}
    twice = [[asked[0][0]], [asked[0][0]]]
    assert match(twice, [a, Crop("tikzpicture", 10, 10, b"<svg b/>")]) == {asked[0][0]: a}


def test_marks_move_nothing_on_the_printed_page(tmp_path):
    """The statements of every kind typeset with and without the figure marks: the same pages,
    pixel for pixel (the marks are whatsits in a box of the figure's own size)."""
    import subprocess

    from tdgrad.typeset import compile_pdf, resume

    resume()  # an earlier test may have stopped LaTeX runs (test_interrupt)
    b = _batch(ROOT / "bench/all-kinds.toml", 1, "en")
    for name, marks in (("plain", False), ("marked", True)):
        compile_pdf(_statements(b, marks), tmp_path / f"{name}.pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "90", f"{name}.pdf", name], cwd=tmp_path, check=True)
    plain = sorted(tmp_path.glob("plain-*.png"))
    assert len(plain) >= 4
    for p in plain:
        assert p.read_bytes() == (tmp_path / p.name.replace("plain", "marked")).read_bytes(), p.name


def test_a_crop_that_pdftocairo_cannot_make_is_one_clear_error(tmp_path, monkeypatch):
    import shutil

    from tdgrad.errors import TypesetError
    from tdgrad.moodle import crop
    from tdgrad.typeset import compile_pdf, resume

    resume()
    b = _batch(ROOT / "examples/td1-random.toml", 1, "fr")
    (tmp_path / "pdflatex").symlink_to(shutil.which("pdflatex"))
    monkeypatch.setenv("PATH", str(tmp_path))  # pdflatex only: no pdftocairo
    with pytest.raises(TypesetError, match=r"^enonces\.pdf: pdftocairo not found"):
        compile_pdf(_statements(b), tmp_path / "enonces.pdf", then=crop.crop)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_questions_cut_from_the_batch_documents_are_those_of_each_variant_alone(lang):
    """A batch makes its questions from its own enonces/corriges (statements with figure marks),
    cut at the variant marks: the same quiz as from each variant's documents rendered alone."""
    from tdgrad.moodle import Quiz, crop
    from tdgrad.render import render

    b = _batch(ROOT / "bench/all-kinds.toml", 3, lang, seed=4)
    texts = {name: render("batch.tex.j2", lang, variants=b.variants, spec=b.spec, solution=sol,
                          marks=() if sol else crop.ENVIRONMENTS)
             for name, sol in (("enonces", False), ("corriges", True))}
    alone, cut = Quiz(b), Quiz(b, texts)
    assert cut.asked == alone.asked and cut.preamble == alone.preamble
    assert cut.xml(figures=False) == alone.xml(figures=False)
