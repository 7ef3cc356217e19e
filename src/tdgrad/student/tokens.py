"""The token layer of the student reader: numbers, names, operators, with the space before each.

Two decisions about digits are made here, before any grammar: French thousands (``1 234,5`` is
one number) and every comma between two digits — a decimal comma (``0,25``), except between the
arguments of a function that takes several (``max(0,5)``, ``log(8,2)``), refused where both
readings make sense (``max(0, 0,5)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from tdgrad.errors import ExpressionError
from tdgrad.student.latex import DERIVATIVE, END

RELATIONS = {"<", ">", "<=", ">=", "=", "==", "!="}
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<num>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+(?![A-Za-z_]))?)"
    rf"|(?P<deriv>{DERIVATIVE}[A-Za-z][A-Za-z0-9_]*{END})"
    r"|(?P<name>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)"
    r"|(?P<op>\*\*|<=|>=|==|!=|[-+*/^(),;|'<>=√%])")


@dataclass(frozen=True)
class Token:
    kind: str  # num, name, deriv, op
    text: str
    pos: int
    space: bool  # whitespace right before it


def tokens(text: str) -> list[Token]:
    out: list[Token] = []
    pos, space = 0, False
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ExpressionError("unexpected character '{char}'", text, pos, char=text[pos])
        if m.lastgroup == "space":
            space = True
        else:
            value = "^" if m.group() == "**" else m.group()
            out.append(Token(cast(str, m.lastgroup), value, pos, space))  # every alternative is named
            space = False
        pos = m.end()
    return _thousands(out)


def _thousands(toks: list[Token]) -> list[Token]:
    """``1 234,5`` is 1234.5 (French thousands); two numbers side by side are refused later."""
    out: list[Token] = []
    for t in toks:
        if (t.kind == "num" and t.space and out and out[-1].kind == "num" and re.fullmatch(r"\d{3}", t.text)
                and re.fullmatch(r"\d{1,3}|\d+(?:\d{3})", out[-1].text)
                and (len(out) < 2 or out[-2].text != "," or out[-1].space)):
            out[-1] = Token("num", out[-1].text + t.text, out[-1].pos, out[-1].space)
        else:
            out.append(t)
    return out



def decimal_commas(toks: list[Token], functions: dict, text: str) -> list[Token]:
    """Decide every comma between two digits: a decimal comma, except in a call of a function
    that takes several arguments (max(0,5), log(8,2)); refused when both readings make sense."""
    stack: list[tuple[str | None, list[int]]] = []  # per open '(': the called name, its commas
    decimal: set[int] = set()
    for k, t in enumerate(toks):
        if t.text == "(":
            prev = toks[k - 1] if k else None
            stack.append((prev.text if prev is not None and prev.kind == "name" else None, []))
        elif t.text == ")" and stack:
            name, commas = stack.pop()
            _decide(name, commas, toks, functions, decimal, text)
        elif t.text == ",":
            if stack:
                stack[-1][1].append(k)
            elif _glued(toks, k):
                decimal.add(k)
    for name, commas in stack:
        _decide(name, commas, toks, functions, decimal, text)
    out: list[Token] = []
    k = 0
    while k < len(toks):
        if k + 1 in decimal and re.fullmatch(r"\d+", toks[k].text):
            out.append(Token("num", f"{toks[k].text}.{toks[k + 2].text}", toks[k].pos, toks[k].space))
            k += 3
        else:
            out.append(toks[k])
            k += 1
    return out


def _glued(toks: list[Token], k: int) -> bool:
    """A comma written as a decimal comma: digits, ',', digits, with no space around."""
    return (0 < k < len(toks) - 1 and re.fullmatch(r"\d+", toks[k - 1].text) is not None
            and toks[k + 1].kind == "num" and re.match(r"\d", toks[k + 1].text) is not None
            and not toks[k].space and not toks[k + 1].space)


def _decide(name, commas, toks, functions, decimal, text) -> None:
    glued = [k for k in commas if _glued(toks, k)]
    if not glued:
        return
    arities = functions.get(name, (1,)) if name else (1,)
    if max(arities) == 1:
        decimal.update(glued)
        return
    separated = len(commas) + 1 in arities
    as_decimals = len(commas) - len(glued) + 1 in arities
    if name == "log" and toks[commas[0] - 1].text == "0" and commas[0] in glued:
        separated = False  # log(0,3344): the logarithm of 0 in base 3344 means nothing
    if separated and as_decimals and len(glued) < len(commas):
        a = toks[glued[0] - 1].text + "," + toks[glued[0] + 1].text
        raise ExpressionError("'{text}' in {name}(…) has two readings: the decimal number {number} or two "
                              "arguments; write {number} with a point, or put a space after the comma that "
                              "separates arguments", text, toks[glued[0]].pos, text=a, name=name,
                              number=a.replace(",", "."))
    if not separated and as_decimals:
        decimal.update(glued)
