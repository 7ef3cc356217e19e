"""A student's answer, as typed, into SymPy: plain math or LaTeX, never through ``eval``.

Students write ``2x``, ``aσ(ax)(1−σ(ax))``, ``e^{-xa}``, ``0,25``, ``\\frac{1}{1+e^{-x}}``,
``1 - th²x``, ``\\mathbb{1}_{\\{a>0\\}}``, ``|x|``, ``½(y − ŷ)²``, ``dL/dw = x(wx − y)``,
``1 si a > 0, 0 sinon``. The path, in order:

1. bounds (length, nesting), then the right-hand side of an equation (``dL/dw = …``);
2. unicode (``−``, ``²``, ``σ``, ``ŷ``, ``½``…) into plain characters;
3. LaTeX into plain math (``tdgrad.student.latex``);
4. tokens (``tdgrad.student.tokens``: decimal commas, thousands), names (``tdgrad.student.names``:
   what a run of letters names) and the grammar (``tdgrad.student.grammar``) make every product,
   power and call explicit and refuse, with the readings they see, what could mean two things;
5. ``tdgrad.parse.parse_expression`` builds the expression through its whitelist, with the
   students' larger table of functions below.

``normalize`` stops after step 4 (the explicit text), ``read`` does it all, ``read_as`` shows the
reading in one canonical plain line. Every rejection is an ``ExpressionError`` naming what could
not be read.
"""

from __future__ import annotations

import re

import sympy as sp

from tdgrad.errors import ExpressionError
from tdgrad.parse import FUNCTIONS, MAX_LENGTH, _check_nesting, parse_expression
from tdgrad.student import latex
from tdgrad.student.grammar import Reader


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


def _derivative(f, x):
    if not isinstance(x, sp.Symbol):
        raise TypeError("a derivative is taken with respect to a variable")
    if isinstance(f, sp.Symbol) and f != x:
        raise ExpressionError("d{f}/d{x} is a name for a derivative, not its expression: write what it equals",
                              f=f, x=x)
    return sp.diff(f, x)


def _root(a, n):
    if not (n.is_Integer and 2 <= n <= 100):
        raise ExpressionError("\\sqrt[n]{{…}} needs a whole number n from 2 to 100")
    return sp.real_root(a, n) if n % 2 else a ** sp.Rational(1, n)


def _piecewise(*args):
    """piecewise(v1, c1, v2, c2, …[, otherwise]), as '1 si a > 0, 0 sinon' is read."""
    pairs = [(args[k], args[k + 1]) for k in range(0, len(args) - 1, 2)]
    if any(not isinstance(c, sp.core.relational.Relational) for _, c in pairs):
        raise TypeError("each piece needs a condition such as a > 0")
    if len(args) % 2 == 0:  # no 'sinon': the pieces must cover every value but a few points
        conditions = [c for _, c in pairs]
        names = set().union(*(c.free_symbols for c in conditions))
        gap = sp.Reals - sp.Union(*(c.as_set() for c in conditions)) if len(names) == 1 else None
        if gap is None or not (gap.is_empty or isinstance(gap, sp.FiniteSet)):
            raise ExpressionError("the pieces leave values undefined: end with '… sinon' "
                                  "(otherwise) or give every case")
    return sp.Piecewise(*pairs, *([(args[-1], True)] if len(args) % 2 else []))


STUDENT_FUNCTIONS = {
    **FUNCTIONS,
    "log": (lambda a, b=None: sp.log(a) if b is None else sp.log(a, b), (1, 2)),
    "asin": (sp.asin, (1,)), "acos": (sp.acos, (1,)), "atan": (sp.atan, (1,)),
    "arcsin": (sp.asin, (1,)), "arccos": (sp.acos, (1,)), "arctan": (sp.atan, (1,)),
    "asinh": (sp.asinh, (1,)), "acosh": (sp.acosh, (1,)), "atanh": (sp.atanh, (1,)),
    "arcsinh": (sp.asinh, (1,)), "arccosh": (sp.acosh, (1,)), "arctanh": (sp.atanh, (1,)),
    "argth": (sp.atanh, (1,)),
    "th": (sp.tanh, (1,)), "ch": (sp.cosh, (1,)), "sh": (sp.sinh, (1,)),  # French, as the slides
    "sech": (sp.sech, (1,)), "csch": (sp.csch, (1,)), "coth": (sp.coth, (1,)),
    "sec": (sp.sec, (1,)), "csc": (sp.csc, (1,)), "cot": (sp.cot, (1,)), "Abs": (sp.Abs, (1,)),
    "sign": (sp.sign, (1,)), "sgn": (sp.sign, (1,)), "signe": (sp.sign, (1,)), "max": (sp.Max, (2, 3)), "min": (sp.Min, (2, 3)),
    "Heaviside": (_heaviside, (1, 2)), "H": (_heaviside, (1, 2)), "ind": (_indicator, (1,)),
    "rect": (FUNCTIONS["relu"][0], (1,)), "root": (_root, (2,)), "racine": (sp.sqrt, (1,)),
    "sigma": (FUNCTIONS["sigmoid"][0], (1,)),  # σ spelt out, as \sigma is
    "piecewise": (_piecewise, (2, 3, 4, 5, 6, 7)),
    "diff": (_derivative, (2,)),
    "dprime": (_derivative_of_only_variable, (1,)),
}
STUDENT_FUNCTIONS.update({f"{name}_prime": (_prime(f), (1,)) for name, (f, arities) in
                          list(STUDENT_FUNCTIONS.items()) if arities == (1,) and name.isalpha()
                          and name not in ("ind", "dprime", "H")})

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_UNICODE = {"−": "-", "–": "-", "—": "-", "·": "*", "⋅": "*", "×": "*", "∙": "*", "÷": "/",
            "σ": " sigmoid", "π": " pi ", "𝟙": " 1", "≥": ">=", "≤": "<=", "⩾": ">=", "⩽": "<=",
            "≠": "!=", "≈": "=", "’": "'", "′": "'", "½": "(1/2)", "¼": "(1/4)", "¾": "(3/4)",
            "ŷ": " yhat ", "y\u0302": " yhat ", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
            "α": " alpha ", "β": " beta ", "γ": " gamma ", "δ": " delta ", "ε": " epsilon ",
            "η": " eta ", "θ": " theta ", "λ": " lambda ", "μ": " mu ", "ρ": " rho ", "τ": " tau ",
            "φ": " phi ", "ω": " omega ", "∗": "*",
            "\u2061": "", "\u2062": "*", "\u200b": ""}  # invisible function application / times
_PIECES = re.compile(r"\b(?:si|if|sinon|otherwise|else)\b")
_RELATION_EDGE = "<>!=:"


def read(text: str, variables: tuple[str, ...] | None = None) -> sp.Expr:
    """A student's scalar answer as a SymPy expression; ``variables``, when given, are the
    question's names (letter runs split into them, any other name is refused).

    >>> read("2x e^(-a x)")
    2*x*exp(-a*x)
    >>> read(r"\\frac{1}{1+e^{-x}}")
    1/(1 + exp(-x))
    >>> read("aσ(ax)(1 - σ(ax))", ("a", "x"))
    a*(1 - sigmoid(a*x))*sigmoid(a*x)
    >>> read("dL/dw = x(wx - y)", ("w", "x", "y"))
    x*(w*x - y)
    """
    plain = normalize(text, variables)
    try:
        # the explicit text is longer than what was typed (parentheses, ' * '); the typed text
        # was bounded by MAX_LENGTH already
        return parse_expression(plain, variables or None, STUDENT_FUNCTIONS, max_length=8 * MAX_LENGTH)
    except ExpressionError as exc:
        if exc.position is None:
            raise
        near = plain[max(0, exc.position - 10):exc.position + 10].strip()
        raise ExpressionError("{message}, near '{near}'", message=exc.message, near=near) from None


def read_as(expr: sp.Expr) -> str:
    """How an answer was read, in one canonical plain line (what ``--json`` shows as ``read_as``).

    >>> read_as(read("½(y − ŷ)²"))
    '(y - yhat)**2/2'
    """
    return sp.sstr(expr)


def normalize(text: str, variables: tuple[str, ...] | None = None) -> str:
    """The answer as explicit Python-like text (steps 1 to 4 of the module's docstring).

    >>> normalize("sin 2x + 0,5")
    'sin(2 * x) + 0.5'
    """
    if not isinstance(text, str):
        raise ExpressionError("an answer must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError("answer too long ({length} characters, at most {most})", length=len(text), most=MAX_LENGTH)
    _check_nesting(text)
    odd = next((i for i, ch in enumerate(text) if ord(ch) < 32 and ch not in "\t\n\r"), None)
    if odd is not None:
        raise ExpressionError("unexpected control character", text, odd)
    text = right_hand_side(text).strip().removesuffix(".")  # "0,829." ends a sentence
    text = re.sub(r"(?:(?<=[^\W\d_])|(?<=\)))\.(?=[^\W\d_]|[(√])", "*", text)  # a.x: a French product
    text = re.sub(r"(\d,\d+)\.(?=10\s*\^)", r"\1*", text)  # 3,38.10^-2 is 3,38 × 10^-2
    power_of_ten = re.search(r"(?<![\d.,])\d+\.10\s*\^\s*\(?[-+]?\d+\)?", text)
    if power_of_ten:
        raise ExpressionError("'{text}' has two readings: a product by a power of ten (write 3×10^-2 or 3e-2) "
                              "or the number 3.10 raised to a power (write (3.10)^…)", text=power_of_ten.group())
    text = text.replace("y\u0302", " yhat ")
    for bad, good in _UNICODE.items():
        text = text.replace(bad, good)
    text = re.sub(r"[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: "^(" + m.group().translate(_SUPERSCRIPTS) + ")", text)
    text = re.sub(r"[₀₁₂₃₄₅₆₇₈₉]+", lambda m: "_" + m.group().translate(_SUBSCRIPTS), text)
    odd = next((i for i, ch in enumerate(text) if ord(ch) > 126 and ch not in "√∂"), None)
    if odd is not None:
        raise ExpressionError("unexpected character '{char}'", text, odd, char=text[odd])
    if "\\" in text or "{" in text:
        text = latex.plain(text)
    index = re.search(r"[A-Za-z]\w*\[\s*\w+\s*\]", text)
    if index:
        raise ExpressionError("'{text}' reads as an index (not a scalar answer) or a product: for a product "
                              "write it with * and parentheses", text=index.group())
    text = text.replace("[", "(").replace("]", ")")  # σ(ax)[1 − σ(ax)]
    # the course's names: W^{(2)} → W2, o^s_k → os_k, o_k^s → os_k; 1_{a>0} → ind(a>0)
    text = re.sub(r"([A-Za-z])\^\(\((\d+)\)\)", r"\1\2", text)
    text = re.sub(r"([a-df-zA-Z])\^(?:\(([A-Za-z])\)|([A-Za-z]))(?=_)", r"\1\2\3", text)
    text = re.sub(r"([A-Za-z])_([A-Za-z0-9]+)\^\(?([as])\)?(?![A-Za-z0-9(])", r"\1\3_\2", text)
    text = re.sub(r"(?<![\w.])1_\(", "ind(", text)
    if _PIECES.search(text):
        return _piecewise_text(text, variables)
    return Reader(text, STUDENT_FUNCTIONS, variables).read()


def right_hand_side(text: str) -> str:
    """What follows the last '=' at the top level: ``dL/dw = x(wx-y)`` is graded on x(wx-y).
    '=' inside brackets (``1{k = y}``) and in <=, >=, == stay; so does everything after the
    first 'si'/'if' of a piecewise answer."""
    depth, cut = 0, -1
    first_piece = _PIECES.search(text)
    limit = first_piece.start() if first_piece else len(text)
    i = 0
    while i < limit:
        ch = text[i]
        if text.startswith(("\\begin", "\\left"), i):
            depth += 1
        elif text.startswith(("\\end", "\\right"), i):
            depth -= 1
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and (ch in "≈" or (ch == "=" and text[i - 1:i] not in tuple(_RELATION_EDGE)
                                           and text[i + 1:i + 2] != "=")) :
            cut = i
        elif depth == 0 and text.startswith(("\\approx", "\\simeq"), i):
            cut = i + 6
        i += 1
    rest = text[cut + 1:]
    if cut >= 0 and not rest.strip():
        raise ExpressionError("nothing after '=': write the answer after it")
    return rest.lstrip("&") if cut >= 0 else text


def _piecewise_text(text: str, variables) -> str:
    """'1 si a>0, 0 sinon', '1 if a > 0 else 0', cases → piecewise(v1, c1, …, otherwise)."""
    pieces: list[tuple[str, str | None]] = []
    for part in _top_level_split(text):
        m = re.fullmatch(r"\s*(?:sinon|otherwise|else)\s+(.+)|(.+?)\s+(?:sinon|otherwise|else)\s*", part, re.S)
        if m:
            pieces.append(((m.group(1) or m.group(2)), None))
            continue
        m = re.fullmatch(r"(.+?)\b(?:si|if|pour|when|quand)\b(.+?)(?:\b(?:sinon|else|otherwise)\b(.+))?", part, re.S)
        if not m:
            raise ExpressionError("a piece without its condition: '{piece}' (write '1 si a > 0, 0 sinon')",
                                  piece=part.strip())
        pieces.append((m.group(1), m.group(2)))
        if m.group(3):
            pieces.append((m.group(3), None))
    if any(cond is None for _, cond in pieces[:-1]) or not pieces or len(pieces) > 4:
        raise ExpressionError("a piecewise answer is 'v1 si condition1, v2 si condition2, …, v sinon' "
                              "(at most 4 pieces, 'sinon' last)")
    args = []
    for value, cond in pieces:
        args.append(Reader(value, STUDENT_FUNCTIONS, variables).read())
        if cond is not None:
            args.append(Reader(cond, STUDENT_FUNCTIONS, variables).read(condition=True))
    return f"piecewise({', '.join(args)})"


def _top_level_split(text: str) -> list[str]:
    """Split at ';' and at ',' that is no decimal comma (digits on both sides, no space), outside
    brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        decimal = ch == "," and text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit()
        if depth == 0 and (ch == ";" or (ch == "," and not decimal)):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]
