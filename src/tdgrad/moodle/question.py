"""One exercise of one variant as a self-contained cloze question: statement, gaps, correction.

The statement and the correction are the variant's own LaTeX made HTML by ``web.sheet`` (math
between ``\\( \\)``); each question's gaps follow the item that asks them, the others close the
statement. Answers Moodle cannot check (a formula with no value at the statement's point, numpy
code, a list of folds) keep their place with a line saying they are answered on paper and shown in
the correction; their points go to the question's gaps (``gaps.weights``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import partial

import numpy as np

from tdgrad.answers import Answer, human
from tdgrad.display import show
from tdgrad.moodle import gaps

# what the questions say, (French, English): French typography puts a space before ":"
TEXT = {
    "exercise": ("Exercice", "Exercise"),
    "points": ("points", "points"),
    "answers": ("Réponses", "Answers"),
    "colon": (" :", ":"),
    "paper": ("à rédiger sur papier : non noté ici, voir la correction",
              "to be written on paper: not graded here, see the solution"),
    "value_at": ("sa valeur numérique", "its numerical value"),
    "at": ("en", "at"),
    "data": ("pour les données de l'énoncé", "for the statement's data"),
    "no_figure": ("(figure : voir enonces.pdf)", "(figure: see enonces.pdf)"),
    "see_correction": ("(figure : voir corriges.pdf)", "(figure: see corriges.pdf)"),
    "solution": ("Correction", "Solution"),
    "rules": ("Écrivez les nombres avec un point décimal (0.25) : selon la langue du site, 0,25 peut "
              "être lu 25. Un nombre est juste à {rtol} % près de la valeur exacte (écart relatif, du "
              "même signe) ; un entier doit être exact ; une valeur nulle s'écrit 0.",
              "Write numbers with a decimal point (0.25). A number is right within {rtol}% of the "
              "exact value (relative error, same sign); an integer must be exact; a zero value is "
              "written 0."),
}
WORDS = {lang: {key: texts[i] for key, texts in TEXT.items()} for i, lang in enumerate(("fr", "en"))}


@dataclass(frozen=True)
class Gap:
    answer: Answer
    share: Fraction  # of the exercise's points
    render: Callable[[int], str]  # weight → the gap's cloze text


def _gaps(a: Answer) -> list[Gap] | None:
    """The gaps of one answer (None: Moodle cannot grade it), each with its share of its points."""
    points = Fraction(a.points).limit_denominator(gaps.MAX_SCALE)
    if a.type in ("number", "integer") or (a.type == "expression" and a.exact is not None):
        exact = int(a.exact) if a.type == "integer" else float(a.exact)
        return [Gap(a, points, partial(gaps.numerical, exact=exact, rtol=a.tolerance))]
    if a.type in ("vector", "matrix"):
        cells = np.asarray(a.exact, dtype=object).ravel().tolist()
        integral = a.tolerance == 0 and all(float(c).is_integer() for c in cells)
        return [Gap(a, points / len(cells),
                    partial(gaps.numerical, exact=int(c) if integral else float(c), rtol=a.tolerance))
                for c in cells]
    if a.type == "text" and (one := gaps.word(a.value)):
        return [Gap(a, points, partial(gaps.shortanswer, value=one))]
    return None


def _label(a: Answer, lang: str, words: dict, answered: set) -> str:
    label = html.escape(a.text_label(lang), quote=False)
    if a.type == "expression" and a.exact is not None:
        # the point, unless it holds values that are themselves answers (convolution's a₁, e)
        point = ", ".join(f"{human(k)} = {show(v, lang, math_mode=False)}" for k, v in sorted((a.at or {}).items()))
        where = f"{words['at']} {point}" if a.at and not set(a.at) & answered else words["data"]
        label += html.escape(f" ({words['value_at']} {where})", quote=False)
    return label


def _block(a: Answer, cloze: list[str], lang: str, words: dict, answered: set) -> str:
    label = _label(a, lang, words, answered)
    if not cloze:
        return f"<p>{label}{words['colon']} <em>{words['paper']}</em></p>"
    if a.type in ("vector", "matrix"):
        shape = np.asarray(a.exact, dtype=object).shape
        rows = [cloze] if len(shape) == 1 else [cloze[i * shape[1]:(i + 1) * shape[1]] for i in range(shape[0])]
        cells = "".join("<tr>" + "".join(f'<td style="padding:2px 6px">{c}</td>' for c in row) + "</tr>"
                        for row in rows)
        return f'<p>{label}{words["colon"]}</p><table style="margin-left:1em">{cells}</table>'
    return f"<p>{label} = {cloze[0]}</p>"


def question_text(sheet_ex, exercise, lang: str) -> tuple[str, str, int]:
    """The question text with its gaps, the general feedback (the correction), and the question's
    mark in Moodle: the sum of the gaps' weights, k × the exercise's points (``gaps.weights``)."""
    words = WORDS[lang]
    answers = exercise.answers
    made = {a.id: _gaps(a) for a in answers}
    flat = [g for a in answers for g in (made[a.id] or [])]
    total = Fraction(sum(Fraction(a.points).limit_denominator(gaps.MAX_SCALE) for a in answers))
    weights, _ = gaps.weights([g.share for g in flat], total) if flat else ([], 1)
    cloze_of: dict[str, list[str]] = {}
    for g, w in zip(flat, weights):
        cloze_of.setdefault(g.answer.id, []).append(g.render(w))
    items = {item.number for item in sheet_ex.items}
    answered = {a.id.rsplit(".", 1)[-1] for a in answers}  # q5.a_1 → a_1
    by_item: dict[int | None, list[str]] = {}
    for a in answers:
        m = re.match(r"q(\d+)\.", a.id)
        where = int(m.group(1)) if m and int(m.group(1)) in items else None
        by_item.setdefault(where, []).append(_block(a, cloze_of.get(a.id, []), lang, words, answered))
    points = show(float(total), lang, math_mode=False)
    parts = [f"<p><strong>{sheet_ex.title}</strong> ({points} {words['points']})</p>", sheet_ex.intro]
    if sheet_ex.items:
        parts.append("<ol>" + "".join(f"<li>{item.html}{''.join(by_item.get(item.number, []))}</li>"
                                      for item in sheet_ex.items) + "</ol>")
    parts.append(sheet_ex.outro)
    if by_item.get(None):
        parts.append(f"<p><strong>{words['answers']}</strong></p>" + "".join(by_item[None]))
    rtols = {a.tolerance for a in answers if a.type in ("number", "vector", "matrix", "expression")
             and a.tolerance}
    rtol = show(100 * max(rtols), lang, math_mode=False) if rtols else "1"
    parts.append(f"<p><small>{words['rules'].format(rtol=rtol)}</small></p>")
    return "\n".join(p for p in parts if p.strip()), feedback(sheet_ex, lang), sum(weights)


def feedback(sheet_ex, lang: str) -> str:
    """The correction of the exercise: each item's solution, then the exercise's own."""
    words = WORDS[lang]
    solved = [f"<li>{item.solution}</li>" if item.solution else "<li></li>" for item in sheet_ex.items]
    body = (f"<ol>{''.join(solved)}</ol>" if any(item.solution for item in sheet_ex.items) else "")
    return f"<p><strong>{words['solution']}</strong></p>{body}{sheet_ex.solution}"
