"""The answer key as a Moodle XML quiz: one category per spec, one question per numeric answer.

A scalar answer becomes a ``numerical`` question whose tolerance is the grading tolerance made
absolute (max(RTOL·|value|, ATOL)); a vector or matrix becomes a ``cloze`` question with one
``{1:NUMERICAL:=value:tolerance}`` field per entry. Symbolic answers are exported by their value at
the variant's point; numpy one-liners are not exported (Moodle cannot check them). Math is written
between \\( \\) for Moodle's MathJax filter.
"""

from __future__ import annotations

import html
from functools import lru_cache
import re
import xml.etree.ElementTree as ET

import numpy as np

from tdgrad.functions import course_latex
from tdgrad.parse import symbol
from tdgrad.answers import ATOL

GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "sigma", "tau", "phi"}
WORDS = {"fr": ("Variante", "Exercice", "Donner", "à 1 % près", "la valeur de"),
         "en": ("Variant", "Exercise", "Give", "within 1 %", "the value of")}


def _tolerance(value: float, rtol: float) -> float:
    return float(max(rtol * abs(value), ATOL))


def _math(name: str) -> str:
    name = {"loss": "L", "value": "y", "E": "E"}.get(name, name)
    m = re.fullmatch(r"new_(\w+)", name)
    if m:
        return _math(m.group(1)) + "'"
    first = name.split("_")[0]
    if re.fullmatch(r"[A-Za-z]{3,}", first) and first.lower() not in GREEK:
        return r"\mathrm{" + name.replace("_", r"\_") + "}"
    return course_latex(symbol(name)) if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) else name


@lru_cache(maxsize=4096)
def _label(question: str) -> str:
    """q2.dL/dw_31 → \\(\\partial L/\\partial w_{31}\\), q2.Delta_b_1 → \\(\\Delta b_{1}\\), q1.loss → \\(L\\)."""
    name = question.split(".", 1)[-1].split(".")[-1] if "." in question else question
    m = re.fullmatch(r"d([A-Za-z]\w*)/d([A-Za-z]\w*)", name)
    if m:
        return rf"\(\partial {_math(m.group(1))}/\partial {_math(m.group(2))}\)"
    m = re.fullmatch(r"Delta_(\w+)", name)
    if m:
        return rf"\(\Delta {_math(m.group(1))}\)"
    m = re.fullmatch(r"d([a-z]\w{0,3})", name)
    if m:
        return rf"\(\partial y/\partial {_math(m.group(1))}\)"
    return rf"\({_math(name)}\)"


def _text(parent, tag, value, fmt=None):
    node = ET.SubElement(parent, tag, **({"format": fmt} if fmt else {}))
    ET.SubElement(node, "text").text = value
    return node


def moodle_xml(batch) -> str:
    lang = batch.lang if batch.lang in WORDS else "en"
    variant_word, exercise_word, give, within, value_of = WORDS[lang]
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", type="category")
    _text(category, "category", f"$course$/top/tdgrad/{batch.spec.stem}")
    _text(category, "info", html.escape(batch.spec.title), "html")
    for v in batch.variants:
        for e in v.exercises:
            for ref in e.answers:
                q, rtol, value = ref.id, ref.tolerance, ref.value
                if ref.type in ("numpy", "text") or value is None:
                    continue
                intro = (f"<p>{variant_word} {v.id} — {exercise_word} {e.number} ({html.escape(e.title)}), "
                         f"{q.split('.', 1)[0]}.</p>")
                name = f"{v.id} · {exercise_word} {e.number} · {q}"
                if isinstance(value, (int, float)):
                    _numerical(quiz, name, intro + f"<p>{give} {value_of} {_label(q)} ({within}).</p>",
                               float(value), rtol)
                elif isinstance(value, list):
                    try:
                        array = np.asarray(value, dtype=float)
                    except (TypeError, ValueError):
                        continue  # not a rectangular table of numbers (e.g. folds): not exported
                    _cloze(quiz, name, intro, array, rtol, give, value_of, _label(q))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _common(question, name, text):
    _text(question, "name", name)
    _text(question, "questiontext", text, "html")
    _text(question, "generalfeedback", "", "html")
    ET.SubElement(question, "defaultgrade").text = "1"
    ET.SubElement(question, "penalty").text = "0.3333333"
    ET.SubElement(question, "hidden").text = "0"


def _numerical(quiz, name, text, value, rtol):
    q = ET.SubElement(quiz, "question", type="numerical")
    _common(q, name, text)
    answer = ET.SubElement(q, "answer", fraction="100", format="moodle_auto_format")
    ET.SubElement(answer, "text").text = repr(value)
    ET.SubElement(answer, "tolerance").text = repr(_tolerance(value, rtol))
    _text(answer, "feedback", "", "html")
    ET.SubElement(q, "unitgradingtype").text = "0"
    ET.SubElement(q, "unitpenalty").text = "0.1000000"
    ET.SubElement(q, "showunits").text = "3"
    ET.SubElement(q, "unitsleft").text = "0"


def _cloze(quiz, name, intro, values, rtol, give, value_of, label):
    rows = np.atleast_2d(values) if values.ndim <= 2 else None
    if rows is None:
        return
    rows = rows.T if values.ndim == 1 else rows
    cells = "".join("<tr>" + "".join(f"<td>{{1:NUMERICAL:={v!r}:{_tolerance(v, rtol)!r}}}</td>" for v in row)
                    + "</tr>" for row in rows.tolist())
    q = ET.SubElement(quiz, "question", type="cloze")
    _common(q, name, intro + f"<p>{give} {value_of} {label} :</p><table>{cells}</table>")
