"""LaTeX as students type it → the plain math the student reader's grammar reads.

Only what an answer in this course needs is known (``\\frac``, ``\\sqrt[n]{}``, ``\\hat y``,
``\\mathbb{1}_{\\{a>0\\}}``, ``\\log_b``, ``\\begin{cases}``, Leibniz fractions, Greek letters, the
function names); any other command is refused by name. Groups ``{…}`` become parentheses, so
``x^{2}`` is a power and ``e^{z_1}`` an exponential, and a one-character super- or subscript is
one character as in LaTeX (``a_1a_2`` is a₁a₂, ``\\tanh^2x`` is tanh²x).

A Leibniz fraction ``\\frac{d}{dx}`` or ``\\frac{\\partial f}{\\partial x}`` becomes the marker
``DERIVATIVE + x + END`` (characters a student cannot type) followed by what is derived; the
grammar applies it to the term that follows.
"""

from __future__ import annotations

import re

from tdgrad.errors import ExpressionError

DERIVATIVE, END = "\x01", "\x02"  # refused in a student's own text, so only this module makes them
FUNCTIONS = {"exp", "ln", "log", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos",
             "arctan", "sec", "csc", "cot", "coth", "sech", "csch", "max", "min", "sign", "th", "ch",
             "sh", "argth", "arcsinh", "arccosh", "arctanh"}
GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "eta", "theta", "lambda",
         "mu", "nu", "rho", "tau", "phi", "varphi", "psi", "omega", "xi", "zeta", "kappa"}
SYMBOLS = {"cdot": "*", "times": "*", "ast": "*", "div": "/", "geq": ">=", "ge": ">=",
           "leq": "<=", "le": "<=", "neq": "!=", "ne": "!=", "gt": ">", "lt": "<", "approx": "=",
           "simeq": "=", "partial": "∂", "pi": " pi ", "sigma": " sigmoid", "vert": "|",
           "lvert": "|", "rvert": "|", "mid": "|", "prime": "'", "quad": " ", "qquad": " ",
           "varepsilon": " epsilon ", "varphi": " phi ", "infty": None}
NAME_GROUPS = ("text", "operatorname", "mathrm", "textrm", "mathit", "textit", "mathcal", "mathbf",
               "boldsymbol", "mathbb", "mathds", "mathbbm", "bm")
_DROP = re.compile(r"\\(?:left|right|bigg?l?r?|Bigg?l?r?|displaystyle|textstyle|limits)(?![A-Za-z])")
_SPACE = re.compile(r"(?<!\\)\\[,;:! ]|~")
_CASES = re.compile(r"\\begin\{cases\}(.*?)\\end\{cases\}", re.S)
_OTHERWISE = re.compile(r"\b(?:sinon|otherwise|else|autrement)\b")
_IF = re.compile(r"^\s*(?:si|if|pour|quand|when)\b")


def plain(text: str) -> str:
    """LaTeX → plain math (``^``, ``_``, parentheses, named functions).

    >>> plain(r"\\frac{1}{1+e^{-ax}}")
    '((1)/(1+e^(-ax)))'
    >>> plain(r"\\tanh^2x")
    ' tanh ^(2)x'
    """
    text = _DROP.sub("", _SPACE.sub(" ", text))
    text = re.sub(r"(?<=\d)\{,\}(?=\d)", ".", text)  # 0{,}25 is a decimal, whatever the context
    text = text.replace("\\{", "(").replace("\\}", ")").replace("\\|", "|")
    text = _CASES.sub(lambda m: _cases(m.group(1)), text)
    # one-character super/subscripts, as LaTeX reads them: x^2y is x²y, a_1a_2 is a₁a₂
    text = re.sub(r"\^\s*([A-Za-z0-9])", r"^{\1}", text)
    text = re.sub(r"_\s*([A-Za-z0-9])(?=[A-Za-z])", r"_{\1} ", text)
    out, i = [], 0
    while i < len(text):
        if text[i] != "\\":
            out.append(text[i])
            i += 1
            continue
        m = re.match(r"\\([A-Za-z]+)", text[i:])
        if not m:
            raise ExpressionError("unexpected '{what}'", text, i, what=text[i:i + 2])
        command, start, i = m.group(1), i, i + len(m.group(0))
        piece, i = _command(command, text, i, start)
        out.append(piece)
    text = re.sub(r"_\{\s*([A-Za-z0-9]+)\s*\}", r"_\1", "".join(out))
    return text.replace("{", "(").replace("}", ")")


def _command(command: str, text: str, i: int, start: int) -> tuple[str, int]:
    """What one command becomes, and where reading goes on."""
    if command in ("frac", "dfrac", "tfrac"):
        num, i = group(text, i, single=True)  # \frac12 is ½
        den, i = group(text, i, single=True)
        return _fraction(plain(num), plain(den)), i
    if command == "sqrt":
        j = _skip(text, i)
        if text[j:j + 1] == "[":
            close = text.find("]", j)
            if close < 0:
                raise ExpressionError("unclosed '[' after \\sqrt", text, j)
            arg, i = group(text, close + 1)
            return f" root(({plain(arg)}), ({plain(text[j + 1:close])}))", i
        arg, i = group(text, i, single=True)
        return f" sqrt({plain(arg)})", i
    if command in ("hat", "widehat", "bar", "overline", "tilde"):
        arg, i = group(text, i, single=True)
        suffix = {"hat": "hat", "widehat": "hat", "tilde": "tilde"}.get(command, "bar")
        return f" {plain(arg).strip()}{suffix} ", i
    if command in NAME_GROUPS:
        arg, i = group(text, i, single=True)
        if arg.strip() == "1" and command not in ("text", "operatorname", "mathrm"):
            return _indicator(text, i)
        if command in ("mathbb",):
            raise ExpressionError("unknown symbol \\{command}{{{arg}}}", text, start, command=command, arg=arg)
        return " " + plain(arg).strip() + " ", i
    if command == "log" and text[_skip(text, i):_skip(text, i) + 1] == "_":
        base, i = group(text, _skip(text, i) + 1, single=True)
        return f" log_{plain(base).strip()} ", i
    if command in FUNCTIONS:
        return f" {command} ", i
    if command in GREEK:
        return f" {SYMBOLS.get(command, command)} ".replace("  ", " "), i
    symbol = SYMBOLS.get(command)
    if symbol is not None:
        return symbol, i
    raise ExpressionError("unknown LaTeX command \\{command}", text, start, command=command)


def _fraction(num: str, den: str) -> str:
    """A fraction, or a Leibniz derivative when it reads d…/dx or ∂…/∂x."""
    var = re.fullmatch(r"\s*(?:d|∂)\s*([A-Za-z][A-Za-z0-9_]*)\s*", den)
    top = re.fullmatch(r"\s*(?:d|∂)(?:\s+|(?=[A-Z(])|(?=\s*\Z)|(?=[a-z]\w*\s*\Z))(.*)", num, re.S)
    if var and top:
        body = top.group(1).strip()
        return f" {DERIVATIVE}{var.group(1)}{END}" + (f"({body})" if body else " ")
    return f"(({num})/({den}))"


def _indicator(text: str, i: int) -> tuple[str, int]:
    """\\mathbb{1}_{\\{a>0\\}} → ind(a>0); a bare \\mathbb{1} is the number 1 (1(a>0) follows)."""
    j = _skip(text, i)
    if text[j:j + 1] != "_":
        return " 1", i
    cond, i = group(text, j + 1, single=True)
    return f" ind({plain(cond)})", i


def _cases(body: str) -> str:
    """\\begin{cases} v & cond \\\\ w & \\text{sinon} \\end{cases} → 'v si cond ; w sinon'."""
    pieces = []
    for row in re.split(r"\\\\", body):
        if not row.strip():
            continue
        value, _, cond = row.partition("&")
        plain_cond = re.sub(r"\\(?:text|mathrm|textrm)\s*\{([^{}]*)\}", r" \1 ", cond).strip().rstrip(".,;")
        if _OTHERWISE.search(plain_cond) or not plain_cond:
            pieces.append(f"{value} sinon")
        else:
            pieces.append(f"{value} {'' if _IF.match(plain_cond) else 'si '}{plain_cond}")
    return " ; ".join(pieces)


def group(text: str, i: int, single: bool = False) -> tuple[str, int]:
    """The brace group at ``i`` (after spaces) and the index after it; with ``single``, one
    character or one command may stand for it (``\\hat y``, ``\\log_2``)."""
    i = _skip(text, i)
    if i < len(text) and text[i] == "{":
        depth = 0
        for j in range(i, len(text)):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                return text[i + 1:j], j + 1
        raise ExpressionError("unbalanced '{{'", text, i)
    if single and i < len(text):
        m = re.match(r"\\[A-Za-z]+|[A-Za-z0-9]", text[i:])
        if m:
            return m.group(0), i + len(m.group(0))
    raise ExpressionError("expected '{{' here", text, i)


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i
