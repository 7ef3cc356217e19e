"""A student's answer as explicit Python-like text: steps 1 to 4 of ``tdgrad.student.read``.

Bounds, the right-hand side of an equation, unicode, LaTeX, then tokens, names and the grammar
make every product, power and call explicit (``2x e^(-ax)`` → ``2 * x * exp(-a * x)``) or refuse
what could mean two things. Nothing here imports SymPy or numpy: the same text is built into
SymPy by ``read.read`` and into numpy evaluators by ``floats`` (the check that needs no SymPy).
``ARITIES`` is the students' table of functions (name → allowed numbers of arguments); what each
one computes is ``read.STUDENT_FUNCTIONS``'s business (and ``floats``').
"""

from __future__ import annotations

import re

from tdgrad.errors import ExpressionError
from tdgrad.student import latex
from tdgrad.student.grammar import Reader
from tdgrad.syntax import MAX_LENGTH, check_nesting

ARITIES = {
    "exp": (1,), "log": (1, 2), "ln": (1,), "sqrt": (1,), "sin": (1,), "cos": (1,), "tan": (1,),
    "sinh": (1,), "cosh": (1,), "tanh": (1,), "sigmoid": (1,), "softplus": (1,), "relu": (1,),
    "abs": (1,),
    "asin": (1,), "acos": (1,), "atan": (1,), "arcsin": (1,), "arccos": (1,), "arctan": (1,),
    "asinh": (1,), "acosh": (1,), "atanh": (1,), "arcsinh": (1,), "arccosh": (1,), "arctanh": (1,),
    "argth": (1,),
    "th": (1,), "ch": (1,), "sh": (1,),  # French, as the slides
    "sech": (1,), "csch": (1,), "coth": (1,), "sec": (1,), "csc": (1,), "cot": (1,), "Abs": (1,),
    "sign": (1,), "sgn": (1,), "signe": (1,), "max": (2, 3), "min": (2, 3), "Heaviside": (1, 2), "H": (1, 2), "ind": (1,),
    "rect": (1,), "root": (2,), "racine": (1,),
    "sigma": (1,),  # σ spelt out, as \sigma is
    "piecewise": (2, 3, 4, 5, 6, 7),
    "diff": (2,),  # d/dx(…)
    "dprime": (1,),  # (…)' of an expression of one variable
}
ARITIES.update({f"{name}_prime": (1,) for name, arities in list(ARITIES.items())  # σ'(x), th'(x)
                if arities == (1,) and name.isalpha() and name not in ("ind", "dprime", "H")})

# e⁻ˣ, e⁻ᵃˣ typed on a phone: the superscript letters too (not ᵀ: a transpose, the array reader's)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ",
                              "0123456789-+()abcdefghijklmnoprstuvwxyz")
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
_RELATION_EDGE = "<>!="  # <=, >=, !=, ==: relations; := is an assignment (w₁ := −0,205), cut like =


def normalize(text: str, variables: tuple[str, ...] | None = None) -> str:
    """The answer as explicit Python-like text (steps 1 to 4 of the module's docstring); a refusal
    says where in the text as typed.

    >>> normalize("sin 2x + 0,5")
    'sin(2 * x) + 0.5'
    """
    try:
        return _explicit(text, variables)
    except ExpressionError as exc:
        raise _in_typed_text(exc, text) from None


def _in_typed_text(exc: ExpressionError, typed: str) -> ExpressionError:
    """The refusal with its position in what the student typed: the reader counts in its own
    rewritten text (σ became ' sigmoid'), so a position is carried over when the text after it was
    not rewritten, else dropped (the message quotes what it is about)."""
    if exc.position is None or not isinstance(typed, str) or exc.text == typed:
        return exc
    tail = exc.text[exc.position:].rstrip()
    kept = typed.rstrip().removesuffix(".").rstrip()  # normalize drops the end of a sentence
    where = len(kept) - len(tail) if kept.endswith(tail) else None
    return ExpressionError(exc.message, typed, where if where is not None and where >= 0 else None)


def core(text: str) -> str:
    """The answer without its frame: ``$…$``, quotes, a label before a colon, what precedes the last
    '=', a closing '.', ';' or '?', the working after it, words of approximation (``L ≈ 0,034
    environ`` → ``0,034``: the digits the student wrote, which the rounding rule counts)."""
    # copied from a LaTeX source: $…$, $$…$$, \(…\), \[…\] around the whole answer
    text = re.sub(r"^\s*(?:\$\$?|\\[(\[])(.*?)(?:\$\$?|\\[)\]])\s*$", r"\1", text, flags=re.S)
    text = re.sub(r"^([\"'«])\s*(.*?)\s*([\"'»])$", lambda m: m[2] if (m[1] + m[3]) in ('""', "''", "«»") else m[0], text)
    text = _LABEL.sub("", text, count=1)  # "réponse : 0,88", "idem : 0,21"
    text = right_hand_side(text).strip().removesuffix(".").removesuffix(";").rstrip()  # "0,829." ends a sentence
    text = re.sub(r"(?<=[\d)])\s*\?$", "", text)  # "0,88 ?": an answer given with a doubt is the answer
    text = _without_working(text)
    for _ in range(3):  # "env. 0,88", "0,8808 (arrondi)", "0,88 environ (à 10^-2 près)": said in words
        text = _APPROXIMATE.sub("", text).strip()
    return re.sub(r"\s*(?:\.\.|…)$", "", text)  # 0,8808... and 0,88… say the digits go on


def _explicit(text: str, variables: tuple[str, ...] | None) -> str:
    if not isinstance(text, str):
        raise ExpressionError("an answer must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError("answer too long ({length} characters, at most {most})", length=len(text), most=MAX_LENGTH)
    check_nesting(text)
    odd = next((i for i, ch in enumerate(text) if ord(ch) < 32 and ch not in "\t\n\r"), None)
    if odd is not None:
        raise ExpressionError("unexpected control character", text, odd)
    text = core(text)
    euler = _E_MINUS.search(text) if not variables or "e" not in variables else None
    if euler:  # 1/(1+e-2): the ^ forgotten, or e − 2?
        raise ExpressionError("'{text}' has two readings: e − {n}, or e^-{n} (write e^(-{n}) for a power of e)",
                              text=euler.group().strip(), n=euler.group("n"))
    ten = _TEN_MINUS.search(text)
    if ten:  # 3,36*10-2: the ^ forgotten, or 10 − 2?
        raise ExpressionError("'{text}' has two readings: {a} × 10 − {n}, or {a} × 10^-{n} (write the ^ "
                              "for a power of ten)", text=ten.group().strip(), a=ten.group("a") or ten.group("b"), n=ten.group("n"))
    text = re.sub(r"(?:(?<=[^\W\d_])|(?<=\)))\.(?=[^\W\d_]|[(√])", "*", text)  # a.x: a French product
    text = re.sub(r"(?<=[\w)\]'])\s+\.\s+(?=[\w(\[√\\])", " * ", text)  # f'(z) . (a − y): spaced, the same
    text = re.sub(r"(\d,\d+)\.(?=10\s*\^)", r"\1*", text)  # 3,38.10^-2 is 3,38 × 10^-2
    power_of_ten = re.search(r"(?<![\d.,])\d+\.10\s*\^\s*\(?[-+]?\d+\)?", text)
    if power_of_ten:
        raise ExpressionError("'{text}' has two readings: a product by a power of ten (write 3×10^-2 or 3e-2) "
                              "or the number 3.10 raised to a power (write (3.10)^…)", text=power_of_ten.group())
    text = text.replace("y\u0302", " yhat ")
    text = re.sub(r"\bsigmo[iï]de\b", "sigmoid", text)  # the French spelling, as signe is sign
    # δ₃, δ_3, δ3: a Greek letter and its index are one name (δ x is a product, as δx is)
    text = re.sub(r"([α-ωΔ])(?=[₀-₉_\d])", lambda m: _UNICODE.get(m[1], m[1]).rstrip(), text)
    for bad, good in _UNICODE.items():
        text = text.replace(bad, good)
    text = re.sub(r"[⁻⁺⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ]+",
                  lambda m: "^(" + m.group().translate(_SUPERSCRIPTS) + ")", text)
    text = subscripts(text)
    text = re.sub(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s+(?=10\s*\^)", r"\1*", text)  # 3,25 10^-3: the × left out
    odd = next((i for i, ch in enumerate(text) if ord(ch) > 126 and ch not in "√∂"), None)
    if odd is not None and text[odd] in _LETTERS:  # même, résultat: French words, not mathematics
        head = len(text[:odd]) - len(text[:odd].rstrip(_LETTERS))
        tail = len(text[odd:]) - len(text[odd:].lstrip(_LETTERS))
        raise ExpressionError("'{word}' is a word, not part of an answer: write only the answer", text,
                              odd - head, word=text[odd - head:odd + tail])
    if odd is not None:
        raise ExpressionError("unexpected character '{char}'", text, odd, char=text[odd])
    if "\\" in text or "{" in text:
        text = latex.plain(text)
    # d/dx(…), d/dx ln(1+e^x), ∂/∂z_1 (…): Leibniz's operator typed plainly, as \frac{d}{dx} is
    text = re.sub(r"(?<![\w)])([d∂])\s*/\s*\1\s*([A-Za-z](?:_?\d+)?)\s*(?=[(\w√])",
                  lambda m: latex.DERIVATIVE + m[2] + latex.END, text)
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
    return Reader(text, ARITIES, variables).read()


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàâäéèêëîïôöùûüçÀÂÄÉÈÊËÎÏÔÖÙÛÜÇœŒ"

# a label before a colon: "réponse :", "Rép:", "idem :", "y(1) :" (not ":=")
_LABEL = re.compile(r"^\s*[^\W\d_][\w\s'’.()]{0,30}?\s*:(?!=)\s*(?=\S)")

# words that say a number is approximate, before it (env. 0,88) or after it (0,8808 (arrondi))
_APPROXIMATE = re.compile(
    r"^(?:env\.|env\s|environ\s|approx\.|approx\s|approximativement\s|à peu près\s|~"
    r"|about\s|around\s|roughly\s|approximately\s)\s*"  # and in English
    r"|\s*(?:\((?:arrondis?|arr\.|approx\.?|approximativement|env\.?|environ|à peu près|valeur approchée"
    r"|rounded|approximately|about)"
    r"(?:\s+(?:à|au|to)\s+[^()]*)?\)|\s(?:environ|env\.?|à peu près|approx\.?|approximativement|rounded)"
    r"|\s*\((?:à|au)\s[^()]*\sprès\)|\s(?:à|au)\s[^()]*\sprès"  # 0,88 (à 10^-2 près)
    r"|\s*\(\d+ (?:chiffres(?: significatifs)?|d\.p\.|dp|decimals|significant digits)\))\s*$",
    re.IGNORECASE)
# e-2, e-x, e-ax, xe-ax, e-z_1 (not 3e-2, not pente-x): the ^ of a power of e forgotten
_E_MINUS = re.compile(r"(?:(?<![\w.,^])|(?<=(?<![\w.,^])[A-Za-z]))e\s*-\s*"
                      r"(?P<n>\d+(?:[.,]\d+)?|\d*[A-Za-z](?:_?\d+|[A-Za-z])?)(?![\w.,(^])")
_TEN_MINUS = re.compile(r"(?<![\w.,])(?:(?P<a>\d+(?:[.,]\d+)?)\s*[*×x·]|(?P<b>\d+,\d+)\.)\s*10\s*-\s*(?P<n>\d+)\s*$")


_SIGMA = re.compile(r"σ|\\sigma(?![A-Za-z])")


def _without_working(text: str) -> str:
    """``0,21 (= 2σ(2)(1 − σ(2)))``: the working shown after the answer, in brackets after "=", dropped."""
    if not text.endswith(")"):
        return text
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            inside = text[i + 1:-1].lstrip()
            return text[:i].rstrip() if inside.startswith("=") and text[:i].strip() else text
    return text


def implicit_argument(text: str, key: str) -> str:
    """``σ(1 − σ)`` for σ′(ax) when the key (SymPy's text of its expression and of the statement's
    definitions) has a single sigmoid argument: every σ written without its argument gets it (a σ
    before a bracket holding another σ is a product: σ(1 − σ) is σ·(1 − σ)). Otherwise, or when
    every σ has a bracket, the text is left as it is (and σ alone is refused by the reader)."""
    arguments = set(re.findall(r"sigmoid\(([^()]*)\)", key))  # and σ(u) as SymPy may print it:
    arguments |= set(re.findall(r"1/\(1 \+ exp\(-([\w*]+)\)\)", key))  # 1/(1 + exp(-a*x))
    # what follows each σ past a prime or a power (σ²(x) is σ(x)²)
    # (and past LaTeX's sizes and spaces: \sigma\left(x\right) has its argument)
    found = [(m.end(), re.sub(r"^(?:['′ ]|[⁰¹²³⁴⁵⁶⁷⁸⁹]|\^\{?\d+\}?|\\left|\\[bB]igg?l?|\\[,;!])*", "",
                              text[m.end():]))
             for m in _SIGMA.finditer(text)]
    if len(arguments) != 1 or all(rest.startswith("(") for _, rest in found):
        return text
    u = f"({arguments.pop()})"
    for end, rest in reversed(found):
        if rest.startswith("(") and not _SIGMA.search(rest[:_closing(rest) + 1]):
            continue  # σ(u): its argument is there
        prime = len(text[end:]) - len(text[end:].lstrip("'′"))
        text = text[:end + prime] + u + text[end + prime:]
    return text


def _closing(text: str) -> int:
    """Where the bracket ``text`` opens closes (its last character if it never does)."""
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return i
    return len(text) - 1


def subscripts(text: str) -> str:
    """z₁₂ → z_12, f′₂ → f'_2."""
    return re.sub(r"[₀₁₂₃₄₅₆₇₈₉]+", lambda m: "_" + m.group().translate(_SUBSCRIPTS), text.replace("′", "'"))


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
        elif depth == 0 and (ch in "≈≃←" or (ch == "=" and text[i - 1:i] not in tuple(_RELATION_EDGE)
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
        args.append(Reader(value, ARITIES, variables).read())
        if cond is not None:
            args.append(Reader(cond, ARITIES, variables).read(condition=True))
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
