"""A student's answer, as typed, into SymPy: plain math or LaTeX, never through ``eval``.

Students write ``2x``, ``e^(-a*x)``, ``sigmoid(x)(1-sigmoid(x))``, ``0,25``, ``\\frac{1}{1+e^{-x}}``,
``\\mathbb{1}_{\\{a>0\\}}``, ``o^s_k``, ``W^{(2)}``. ``normalize`` rewrites that into the small
Python-like syntax of ``tdgrad.parse`` (explicit ``*`` and ``**``, decimal points, named
functions), token by token; ``read`` then builds the expression through the same whitelist as
specs, with the students' larger table of functions. Every rejection is a ``ExpressionError``
whose message quotes the offending part.
"""

from __future__ import annotations

import re

import sympy as sp

from tdgrad.errors import ExpressionError
from tdgrad.parse import FUNCTIONS, MAX_LENGTH, _check_nesting, parse_expression


def _indicator(condition):
    if not isinstance(condition, sp.core.relational.Relational):
        raise TypeError("an indicator needs a condition such as a > 0")
    return sp.Piecewise((1, condition), (0, True))


def _heaviside(a, at_zero=sp.Integer(0)):
    return sp.Heaviside(a, at_zero)


def _derivative_of_only_variable(f):
    if len(f.free_symbols) != 1:
        raise TypeError("a prime (…)' needs an expression of exactly one variable")
    return sp.diff(f, next(iter(f.free_symbols)))


def _prime(function):
    u = sp.Dummy("u")
    return lambda a: sp.diff(function(u), u).subs(u, a)


STUDENT_FUNCTIONS = {
    **FUNCTIONS,
    "log": (lambda a, b=None: sp.log(a) if b is None else sp.log(a, b), (1, 2)),
    "asin": (sp.asin, (1,)), "acos": (sp.acos, (1,)), "atan": (sp.atan, (1,)),
    "arcsin": (sp.asin, (1,)), "arccos": (sp.acos, (1,)), "arctan": (sp.atan, (1,)),
    "asinh": (sp.asinh, (1,)), "acosh": (sp.acosh, (1,)), "atanh": (sp.atanh, (1,)),
    "sign": (sp.sign, (1,)), "max": (sp.Max, (2, 3)), "min": (sp.Min, (2, 3)),
    "Heaviside": (_heaviside, (1, 2)), "H": (_heaviside, (1, 2)), "ind": (_indicator, (1,)),
    "rect": (FUNCTIONS["relu"][0], (1,)),
    "diff": (lambda f, x: sp.diff(f, x) if isinstance(x, sp.Symbol) else sp.nan, (2,)),
    "dprime": (_derivative_of_only_variable, (1,)),
}
STUDENT_FUNCTIONS.update({f"{name}_prime": (_prime(f), (1,)) for name, (f, arities) in
                          list(STUDENT_FUNCTIONS.items()) if arities == (1,) and name.isalpha()
                          and name not in ("ind", "dprime", "H")})

_UNICODE = {"−": "-", "–": "-", "·": "*", "⋅": "*", "×": "*", "²": "^2", "³": "^3", "σ": "sigmoid",
            "π": "pi", "√": "sqrt", "𝟙": "1", "≥": ">=", "≤": "<=", "’": "'", "\u00a0": " "}
_LATEX_NAMES = {"exp", "ln", "log", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin",
                "arccos", "arctan", "max", "min", "sigma", "pi", "sign"}
_LATEX_DROP = ("\\left", "\\right", "\\big", "\\Big", "\\bigg", "\\Bigg", "\\displaystyle",
               "\\,", "\\;", "\\!", "\\:", "\\ ", "~")
_TOKEN = re.compile(r"\s+|(?P<num>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+(?![A-Za-z_]))?)|(?P<name>[A-Za-z][A-Za-z0-9_]*)"
                    r"|(?P<op>\*\*|[<>!=]=?|[-+*/^(),'])")


def read(text: str, variables: tuple[str, ...] | None = None) -> sp.Expr:
    """A student's scalar answer as a SymPy expression.

    >>> read("2x e^(-a x)")
    2*x*exp(-a*x)
    >>> read(r"\\frac{1}{1+e^{-x}}")
    1/(1 + exp(-x))
    >>> read("sigmoid(x)(1 - sigmoid(x))")
    (1 - sigmoid(x))*sigmoid(x)
    """
    plain = normalize(text, variables)
    try:
        return parse_expression(plain, variables, STUDENT_FUNCTIONS)
    except ExpressionError as exc:
        if exc.position is None:
            raise
        near = plain[max(0, exc.position - 10):exc.position + 10].strip()
        message = str(exc).rsplit(" (at character", 1)[0]
        raise ExpressionError(f"{message}, near '{near}'") from None


def normalize(text: str, variables: tuple[str, ...] | None = None) -> str:
    if not isinstance(text, str):
        raise ExpressionError("an answer must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"answer too long ({len(text)} characters, at most {MAX_LENGTH})")
    _check_nesting(text)
    for bad, good in _UNICODE.items():
        text = text.replace(bad, good)
    odd = next((i for i, ch in enumerate(text) if ord(ch) > 126 or (ord(ch) < 32 and ch not in "\t\n\r")), None)
    if odd is not None:
        raise ExpressionError(f"unexpected character '{text[odd]}'", text, odd)
    text = re.sub(r"(?<=\d),(?=\d)", ".", text.strip())  # decimal comma
    if "\\" in text or "{" in text:
        text = _latex(text)
    # names with a superscript, as the course writes them: W^{(2)} -> W2, o^s_k -> os_k
    text = re.sub(r"([A-Za-z])\^\(?\((\d+)\)\)?", r"\1\2", text)
    text = re.sub(r"([A-Za-z])\^\(?([A-Za-z])\)?(?=_)", r"\1\2", text)
    return _tokens(_function_forms(text), variables)


_ARGS = r"\(((?:[^()]|\([^()]*\))*)\)"  # a call's parenthesised arguments, one nesting level


def _function_forms(text: str) -> str:
    """tanh^2(x) → (tanh(x))^2, ln sigmoid(x) → ln(sigmoid(x)), tanh'(x) → tanh_prime(x)."""
    names = "|".join(sorted((n for n in STUDENT_FUNCTIONS if n.isalpha()), key=len, reverse=True))
    text = re.sub(rf"\b({names})\s*\^\s*\(?(\d+)\)?\s*{_ARGS}", r"(\1(\3))^\2", text)
    text = re.sub(rf"\b({names})\s+(({names})\s*{_ARGS})", r"\1(\2)", text)
    return re.sub(rf"\b({names})\s*'", r"\1_prime", text)


def _group(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group opening at ``start`` and the index after it."""
    if start >= len(text) or text[start] != "{":
        raise ExpressionError("expected '{' here", text, start)
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1:i], i + 1
    raise ExpressionError("unbalanced '{'", text, start)


def _latex(text: str) -> str:
    for drop in _LATEX_DROP:
        text = text.replace(drop, " " if drop in ("\\,", "\\;", "\\:", "\\ ", "~") else "")
    text = text.replace("\\{", "(").replace("\\}", ")").replace("\\cdot", "*").replace("\\times", "*")
    out, i = [], 0
    while i < len(text):
        if text[i] != "\\":
            out.append(text[i])
            i += 1
            continue
        m = re.match(r"\\([A-Za-z]+)", text[i:])
        if not m:
            raise ExpressionError("unexpected '\\'", text, i)
        command, i = m.group(1), i + len(m.group(0))
        if command in ("frac", "dfrac", "tfrac"):
            num, i = _group(text, _skip(text, i))
            den, i = _group(text, _skip(text, i))
            leibniz = re.fullmatch(r"\s*(?:d|\\partial)\s*([A-Za-z][A-Za-z0-9_]*)\s*", den)
            top = re.fullmatch(r"\s*(?:d|\\partial)(?![A-Za-z])\s*(.*)", num, re.S)
            if leibniz and top:  # d f / dx: the derivative of what follows d
                body = top.group(1).strip()
                if not body:  # \frac{d}{dx} f(x): the next group or term
                    body, i = _operand(text, _skip(text, i))
                out.append(f" diff(({_latex(body)}), {leibniz.group(1)})")
            else:
                out.append(f"(({_latex(num)})/({_latex(den)}))")
        elif command == "sqrt":
            arg, i = _group(text, _skip(text, i))
            out.append(f"sqrt({_latex(arg)})")
        elif command in ("text", "operatorname", "mathrm", "textrm"):
            name, i = _group(text, _skip(text, i))
            out.append(" " + name.strip() + " ")
        elif command in ("mathbb", "mathbf", "mathds", "mathbbm"):
            arg, i = _group(text, _skip(text, i))
            if arg.strip() != "1":
                raise ExpressionError(f"unknown symbol \\{command}{{{arg}}}", text, i)
            j = _skip(text, i)
            if text[j:j + 1] == "_":  # \mathbb{1}_{\{a>0\}}
                cond, i = _group(text, _skip(text, j + 1))
                out.append(f" ind({_latex(cond)})")
            else:
                out.append(" ind")
                i = j
        elif command in _LATEX_NAMES:
            out.append(" " + ("sigmoid" if command == "sigma" else command) + " ")
        else:
            raise ExpressionError(f"unknown LaTeX command \\{command}", text, i - len(command) - 1)
    text = re.sub(r"_\{([A-Za-z0-9]+)\}", r"_\1", "".join(out))
    return text.replace("{", "(").replace("}", ")")


def _operand(text: str, i: int) -> tuple[str, int]:
    """The term after \\frac{d}{dx}: a parenthesised group, a brace group, or the rest."""
    opening = {"(": ")", "{": "}"}.get(text[i:i + 1])
    if opening:
        depth = 0
        for j in range(i, len(text)):
            depth += {text[i]: 1, opening: -1}.get(text[j], 0)
            if depth == 0:
                return text[i:j + 1], j + 1
    return text[i:], len(text)


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _split(name: str, variables) -> list[str] | None:
    """``xa`` → [x, a] when x and a are declared and ``xa`` is not (longest names first)."""
    if not name:
        return []
    for v in sorted(variables, key=len, reverse=True):
        if name.startswith(v):
            rest = _split(name[len(v):], variables)
            if rest is not None:
                return [v, *rest]
    return None


def _tokens(text: str, variables=None) -> str:
    """Explicit products and powers: ``2x`` → ``2*x``, ``x^2`` → ``x**2``, ``1(a>0)`` → ``ind(a>0)``."""
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"unexpected character '{text[pos]}'", text, pos)
        kind = m.lastgroup
        if kind == "name" and variables and m.group(kind) not in variables \
                and m.group(kind) not in STUDENT_FUNCTIONS and _split(m.group(kind), variables):
            for part in _split(m.group(kind), variables):
                tokens.append(("name", part, pos))
        elif kind:
            tokens.append((kind, m.group(kind), pos))
        pos = m.end()
    out: list[str] = []
    functions = set(STUDENT_FUNCTIONS)
    for i, (kind, value, _) in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if kind == "num" and value == "1" and nxt and nxt[1] == "(" and _has_comparison(tokens, i + 1):
            value, kind = "ind", "name"
        if value == "^":
            value = "**"
        if value == "=":  # only meaningful inside an indicator: 1{k = y}
            value = "=="
        if value == "'":  # (…)' : derivative of the group before
            if not out or out[-1] != ")":
                raise ExpressionError("a prime ' must follow a parenthesised expression or a function name")
            depth, j = 0, len(out) - 1
            while j >= 0:
                depth += {")": 1, "(": -1}.get(out[j], 0)
                if depth == 0:
                    break
                j -= 1
            out[j:] = ["dprime", "(", *out[j:], ")"]
            continue
        if kind in ("num", "name") and out and out[-1] in functions and value not in functions \
                and (nxt is None or nxt[1] != "("):  # sin x -> sin(x)
            out.extend(["(", value, ")"])
            continue
        if out and kind in ("num", "name") or (out and value == "(" and not _is_call(out, functions)):
            prev = tokens[i - 1]
            if prev[0] in ("num", "name") and not (prev[0] == "name" and prev[1] in functions
                                                   and value == "(") or prev[1] in (")", "'"):
                if not (prev[0] == "name" and prev[1] in functions and kind != "num"):
                    out.append("*")
        out.append(value)
    return " ".join(out)


def _is_call(out: list[str], functions) -> bool:
    return bool(out) and out[-1] in functions


def _has_comparison(tokens, start: int) -> bool:
    depth = 0
    for _kind, value, _ in tokens[start:]:
        depth += {"(": 1, ")": -1}.get(value, 0)
        if value in ("<", ">", "<=", ">=", "=", "==", "!=") and depth == 1:
            return True
        if depth == 0:
            return False
    return False
