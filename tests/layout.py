"""What a teacher sees when reading a sheet, checked mechanically (tests/test_layout.py).

Every example in both languages and a batch of every kind are typeset with one pdflatex run per
document (the tests need the log and the text, not cross-references); then the log is read for
Overfull boxes and the PDF's text for glued words, template leftovers and lonely lines at a page
bottom; the .tex is read for computations "a × b + c = r" whose printed result must be what the
printed operands give.
"""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

OVERFULL = re.compile(r"Overfull \\hbox \(([\d.]+)pt too wide\) (.*)")


def typeset(documents: dict[str, str], out: Path, jobs: int = 2) -> dict[str, Path]:
    """Each named LaTeX source into out/<name>/doc.pdf with a single pdflatex run."""
    def one(item):
        name, text = item
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "doc.tex").write_text(text, encoding="utf-8")
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                       cwd=folder, capture_output=True, timeout=600)
        return name, folder

    with ThreadPoolExecutor(jobs) as pool:
        return dict(pool.map(one, documents.items()))


def overfull(log: str, limit: float = 2.0) -> list[str]:
    """'12.3pt: <where>' for every Overfull \\hbox wider than ``limit`` points."""
    return [f"{m.group(1)}pt: {m.group(2)}" for m in OVERFULL.finditer(log)
            if float(m.group(1)) > limit]


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


# a number glued to the next word, a word glued to a capital, a closing bracket glued to a word
GLUED = [re.compile(p) for p in (
    r"\d(?:et|and|on|avec|with|soit|donc|so|pour|for|contre|against|puis|then)\b",
    r"\b[a-zàâçéèêëîïôûù]{4,}[A-Z]\b",
    r"[\])](?:avec|with|et|and|soit|donc)\b",
)]
LEFTOVERS = [re.compile(p) for p in (r"n°", r"\+ 0(?=\s*[);\n]|\s*$)", r"\bNone\b",
                                     r"\\VAR|%%")]


def glued(text: str) -> list[str]:
    found = []
    for pattern in GLUED + LEFTOVERS:
        found += [text[max(0, m.start() - 25):m.end() + 10].replace("\n", " ")
                  for m in pattern.finditer(text)]
    return found


def lonely_bottom_lines(pages: list[str]) -> list[str]:
    """Pages whose last line of text (above the page number) only announces what follows."""
    bad = []
    for i, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if len(lines) < 2:
            continue
        last = lines[-2] if re.fullmatch(r"\d+", lines[-1]) else lines[-1]
        if last in ("Réponse.", "Answer.") or last.endswith(":"):
            bad.append(f"page {i}: {last}")
    return bad


# ---- printed computations: "a \times b + c = r" must hold for the printed numbers ----

NUMBER = r"-?\d+(?:\{,\}|\.)?\d*"
TOKEN = re.compile(rf"\s*({NUMBER}|\\times|\\cdot|\+|-|\(|\)|\\left\(|\\right\)|\^\{{?2\}}?)")


def _interval(text: str) -> tuple[Fraction, Fraction]:
    """The values a printed number may stand for: rounded to 4 decimals or to 3 significant
    digits (trailing zeros dropped), so within max(0.00005, 0.5 %) of what is printed."""
    value = Fraction(text.replace("{,}", "."))
    half = max(Fraction(1, 20000), abs(value) / 200)
    return value - half, value + half


def _mul(a, b):
    products = [x * y for x in a for y in b]
    return min(products), max(products)


def evaluate(tokens: list[str]):
    """Interval value of numbers joined by + − × and parentheses (× before +)."""
    pos = 0

    def atom():
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok in ("(", r"\left("):
            value = expr()
            pos += 1  # the closing parenthesis
        elif tok == "-":
            lo, hi = atom()
            value = (-hi, -lo)
        else:
            value = _interval(tok)
        if pos < len(tokens) and tokens[pos].startswith("^"):
            pos += 1
            lo, hi = value
            value = ((Fraction(0) if lo < 0 < hi else min(lo * lo, hi * hi)), max(lo * lo, hi * hi))
        return value

    def term():
        nonlocal pos
        value = atom()
        while pos < len(tokens) and tokens[pos] in (r"\times", r"\cdot"):
            pos += 1
            value = _mul(value, atom())
        return value

    def expr():
        nonlocal pos
        value = term()
        while pos < len(tokens) and tokens[pos] in ("+", "-"):
            sign = tokens[pos]
            pos += 1
            lo, hi = term()
            value = (value[0] + lo, value[1] + hi) if sign == "+" else (value[0] - hi, value[1] - lo)
        return value

    value = expr()
    if pos != len(tokens):
        raise ValueError("trailing tokens")
    return value


def tokenize(text: str) -> list[str] | None:
    text = re.sub(r"\\[,;!]|\\quad|\\qquad|&|\\\\(\[[^\]]*\])?|\\enskip", " ", text).strip()
    tokens, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            return None
        tokens.append(m.group(1))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


def computations(tex: str):
    """(printed computation, printed result, ok) for every '= <numbers and operators> = r'."""
    for math in re.findall(r"\$([^$]+)\$|(?<!\\)\\\[(.*?)\\\]|\\begin\{(?:align|gather|equation)\*?\}(.*?)"
                           r"\\end\{", tex, re.S):
        body = next(part for part in math if part)
        pieces = re.split(r"=|\\leftarrow", body)
        for left, right in zip(pieces[1:-1], pieces[2:]):
            tokens = tokenize(left)
            if not tokens or not any(t in ("+", "-", r"\times", r"\cdot") for t in tokens[1:]):
                continue
            first = re.match(rf"\s*&?\s*({NUMBER})(?![\d^])\s*(?:$|[.,;\\&]|\\\\|\\quad)", right)
            if not first:
                continue
            try:
                lo, hi = evaluate(tokens)
            except (ValueError, IndexError, ZeroDivisionError):
                continue
            rlo, rhi = _interval(first.group(1))
            yield left.strip(), first.group(1), not (hi < rlo or rhi < lo)
