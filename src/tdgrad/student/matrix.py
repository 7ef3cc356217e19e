"""What students write for vectors and matrices, on paper or in code, as one numpy program's text.

This is the whitelist a numpy or matrix answer passes before ``ast.parse``: only the tokens below are
understood, anything else is refused with its position. Numpy text comes out unchanged; the course's
notation becomes the same program:

- ``o^s``, ``O^s``, ``h^a``, ``W^{(2)}``, ``b^{(1)}`` → the key's arrays (``os``, ``ha``, ``W2``…) as
  math objects ``_S(name)`` (vectors are columns, ``[y, :]`` counts classes as the statement does);
- ``\\frac{\\partial L}{\\partial h^s}``, ``∂L/∂h^s`` → the earlier answer ``grad_hs``;
- ``^T``, ``^\\top``, ``'``, ``ᵀ`` → ``.T``; ``\\text{onehot}_m(y)``, ``e_y`` → ``_onehot(m, y)``;
  ``\\mathbb{1}_{\\{h^a>0\\}}``, ``relu'(h^a)`` → ``_ind(ha > 0)``;
- ``\\cdot``, ``·``, ``×`` and juxtaposition → ``%``, the product the shapes call for (matrix
  product, or scalar times array); ``\\odot``, ``⊙``, ``∘`` → ``//``, elementwise on equal shapes.

``%`` and ``//`` never reach the walker from a student's own text (they are refused here), so the
walker can give them these meanings.
"""

from __future__ import annotations

import keyword
import re
from typing import cast

from tdgrad.errors import ExpressionError
from tdgrad.syntax import MAX_LENGTH

MAX_LINES = 30
# callables a name may be followed by "(" for; any other name before "(" is a product
FUNCTIONS = {"range", "len", "float", "int", "abs", "max", "min", "sum", "zip", "enumerate",
             "_onehot", "_ind", "_S", "_stated"}
ALLOWED_KEYWORDS = {"if", "else", "for", "in", "and", "or", "not", "None", "True", "False"}
_UNICODE = {"·": r" \cdot ", "⋅": r" \cdot ", "×": r" \times ", "⊙": r" \odot ", "∘": r" \circ ",
            "ᵀ": "^T", "′": "'", "∂": r"\partial ", "≥": ">=", "≤": "<=", "≠": "!=", "𝟙": r"\mathbb{1}",
            "⊤": r"\top ", "−": "-", "–": "-", "’": "'", "∇": r"\nabla ",
            "ᵃ": "^a", "ˢ": "^s", "ᵗ": "^t", "⁽¹⁾": "^{(1)}", "⁽²⁾": "^{(2)}"}  # oˢ, hᵃ, W⁽²⁾ from a phone
_SPACES = re.compile(r"\\(?:[,;:! ]|quad\b|qquad\b|displaystyle\b)|\$|\\\[|\\\]|\\\(|\\\)"
                     r"|\\(?:left|right|big|Big|bigg|Bigg)[lr]?(?![a-zA-Z])")
_WRAPPERS = re.compile(r"\\(?:text|mathrm|operatorname|texttt|mathtt|textrm|mathit|mathsf)\s*\{([^{}]*)\}")
_COMMANDS = {r"\cdot": "%", r"\times": "%", r"\odot": "//", r"\circ": "//", r"\geq": ">=", r"\ge": ">=",
             r"\leq": "<=", r"\le": "<=", r"\neq": "!=", r"\ne": "!=", r"\gt": ">", r"\lt": "<"}
_NUMPY_COMMANDS = {r"\exp": "np.exp", r"\log": "np.log", r"\ln": "np.log", r"\tanh": "np.tanh",
                   r"\max": "np.maximum", r"\sqrt": "np.sqrt"}
_TRANSPOSE = re.compile(r"(?:T|\\top|\\intercal|\\mathsf\{T\}|\\prime|')$")
_TOKEN = re.compile(r"""
    (?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<name>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)
  | (?P<cmd>\\[A-Za-z]+|\\[{}])
  | (?P<str>'[a-z0-9 ,\->]*'|"[a-z0-9 ,\->]*")
  | (?P<op>==|!=|<=|>=|\*\*|->|[-+*/@<>=,:()\[\]{}^_.'~])
  | (?P<space>\s+)
""", re.VERBOSE)
OPERAND_END = {"name", "num", "close", "attr", "call"}


def translate(text: str) -> tuple[str, bool]:
    """Python source for ``text`` and whether the course's notation (not plain numpy) was used.

    >>> translate(r"W^{(2)T} o^s - W^{(2)}[y,:]^T")
    ('_S(W2).T % _S(os) - _S(W2)[y, :].T', True)
    >>> translate("grad_oa = os - np.eye(m)[y]")
    ('grad_oa = os - np.eye(m)[y]', False)
    """
    if not isinstance(text, str):
        raise ExpressionError("an answer must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError("answer too long ({length} characters, at most {most})", length=len(text), most=MAX_LENGTH)
    math = bool(re.search(r"[\\^{}$·⋅×⊙∘ᵀ′∂≥≤≠𝟙⊤∇ᵃˢ⁽]", text))
    lines = []
    for raw in re.split(r"\n|;|\\\\", text):
        raw = raw.split("#", 1)[0].strip()
        if not raw or re.fullmatch(r"import\s+numpy(\s+as\s+np)?|from\s+numpy\s+import\s+\*", raw):
            continue
        t = _Translator(_normalise(raw))
        line = t.statement()
        math = math or t.math
        lines.append(line)
    if not lines:
        raise ExpressionError("the answer is empty")
    if len(lines) > MAX_LINES:
        raise ExpressionError("too many lines (at most {most})", most=MAX_LINES)
    return "\n".join(lines), math


def _normalise(text: str) -> str:
    for u, v in _UNICODE.items():
        text = text.replace(u, v)
    text = text.replace(r"\_", "_")
    text = re.sub(r"\b([oh])_([as])\b(?![_^{])", r"\1^\2", text)  # o_s for oˢ: s is no index here
    if "\\" in text:
        text = text.replace("~", " ")  # LaTeX's unbreakable space; in numpy, ~ is "not"
    text = _SPACES.sub(" ", text)
    for _ in range(3):  # \text{np.eye}, \text{grad\_oa}, \operatorname{onehot}: the word itself
        text = _WRAPPERS.sub(lambda m: " " + m.group(1) + " ", text)
    text = re.sub(r"\\(?:mathbb|mathbf|mathds|boldsymbol)\s*\{?\s*1\s*\}?", r"\\one ", text)
    return text


def _group(tokens, i):
    """The tokens of ``{…}`` or of one token at ``i``; returns (tokens, next index)."""
    if i < len(tokens) and tokens[i][1] == "{":
        depth, j = 0, i
        while j < len(tokens):
            depth += {"{": 1, "}": -1}.get(tokens[j][1], 0)
            if depth == 0:
                return tokens[i + 1:j], j + 1
            j += 1
        raise ExpressionError("a {bracket} is not closed", bracket="{")
    if i < len(tokens):
        return tokens[i:i + 1], i + 1
    raise ExpressionError("something is missing at the end")


def _closing(tokens, i, open_="(", close=")"):
    """Index just past the bracket that closes the one at ``i``."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += (tokens[j][1] == open_) - (tokens[j][1] == close)
        if depth == 0:
            return j + 1
    raise ExpressionError("a {bracket} is not closed", bracket=open_)


def _text(tokens) -> str:
    return "".join(v for _, v, _ in tokens)


class _Translator:
    def __init__(self, text: str):
        self.text, self.math = text, False
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(text):
            prev = self.tokens[-1] if self.tokens else None
            if text[pos] == "'" and prev and (prev[0] in ("name", "num") or prev[1] in (")", "]", "}")):
                self.tokens.append(("op", "'", pos))  # a prime after an operand: transposed
                pos += 1
                continue
            m = _TOKEN.match(text, pos)
            if m is None:
                raise ExpressionError("'{what}' is not allowed in an array answer", text, pos, what=text[pos])
            if m.lastgroup != "space":
                self.tokens.append((cast(str, m.lastgroup), m.group(), pos))  # every alternative is named
            pos = m.end()

    def fail(self, message, token=None, **values):
        raise ExpressionError(message, self.text, token[2] if token else None, **values)

    def statement(self) -> str:
        tokens = self.tokens
        stated = next((k for k, t in enumerate(tokens) if t[0] == "name" and t[1] in ("est", "is")), None)
        if stated is not None:  # "… \text{ est } d_h \times d": the shape the student states, checked
            end = next((k for k in range(stated, len(tokens)) if tokens[k][1] in ("car", "because", "since")),
                       len(tokens))  # "… est d_h × d car …": the reason is not graded
            dims = [t for t in tokens[stated + 1:end] if t[1] not in (r"\times", "x", "*")]
            if not dims or len(dims) > 2 or any(t[0] not in ("name", "num") for t in dims):
                self.fail("write the shape after 'est' as d_h \\times d", tokens[stated])
            self.tokens = tokens[:stated]
            self.math = True
            line = self.statement()
            target, eq, value = line.rpartition(" = ") if " = " in line else ("", "", line)
            return f"{target}{eq}_stated({value}, {', '.join(t[1] for t in dims)})"
        tops, depth = [], 0
        for k, (kind, v, _) in enumerate(tokens):
            if kind == "op":
                depth += (v in ("(", "[", "{")) - (v in (")", "]", "}"))
            if v == "=" and depth == 0:
                tops.append(k)
        if not tops:
            return self.expression(tokens)
        value = self.expression(tokens[tops[-1] + 1:])
        end, augmented = tops[0], ""
        if end and tokens[end - 1][1] in "+-*/" and tokens[end - 1][2] + 1 == tokens[end][2]:
            end, augmented = end - 1, tokens[end - 1][1]
        try:
            target = self.expression(tokens[:end]) if end else ""
        except ExpressionError:
            target = ""
        name = re.fullmatch(r"_S\((\w+)\)|([A-Za-z]\w*(?:\[[^=]*\])?)|(\w+(?: - \w+)+)", target)
        if name is None and not self.math:
            self.fail("cannot assign to '{target}'", tokens[0], target=target)
        if name is None:
            return value  # "∂L/∂W = …" with a left side we cannot name: the value is the answer
        target = name.group(1) or name.group(2) or name.group(3).replace(" - ", "_")
        return f"{target} {augmented}= {value}"

    def expression(self, tokens) -> str:
        out: list[tuple[str, str]] = []  # (kind, python text)
        i = 0
        while i < len(tokens):
            i, pieces = self.token(tokens, i, out)
            for piece in pieces:
                if out and out[-1][0] in OPERAND_END and piece[0] in ("name", "num", "open", "call"):
                    if not (piece[0] == "open" and _callable(out[-1])):
                        out.append(("op", "%"))  # juxtaposition is a product
                        self.math = True
                out.append(piece)
        text = " ".join(v for _, v in out)
        text = re.sub(r" (?=[.,)\]])|(?<=[(\[]) ", "", text)  # spaces only between operands
        return re.sub(r"(?<=[\w)\]]) (?=[(\[])", "", text)

    def token(self, tokens, i, out):
        """Translate the token at ``i``: (next index, [(kind, python text), …])."""
        kind, v, pos = tokens[i]
        after_operand = bool(out) and out[-1][0] in OPERAND_END
        nxt = tokens[i + 1][1] if i + 1 < len(tokens) else None
        if kind == "num":
            if v == "1" and nxt == "_":
                return self.one(tokens, i + 1)
            return i + 1, [("num", v)]
        if kind == "str":
            return i + 1, [("str", v)]
        if kind == "name":
            return self.name(tokens, i)
        if kind == "cmd":
            return self.command(tokens, i)
        if v == "/" and nxt == "/":
            self.fail("'//' is not allowed", tokens[i])
        if v == "'" and after_operand:
            self.math = True
            return i + 1, [("attr", ".T")]
        if v == "." and after_operand and i + 1 < len(tokens) and tokens[i + 1][0] == "name":
            return i + 2, [("attr", "." + tokens[i + 1][1])]
        if v == "{" and nxt == "}" or v == "^" and not after_operand:  # {}^tW: transposed, French style
            j = (i + 2 if v == "{" else i) + 1
            if j > len(tokens) or tokens[j - 1][1] != "^" or j == len(tokens):
                self.fail("'^' must follow something", tokens[i])
            kind_, word, pos_ = tokens[j]
            if kind_ == "name" and word[0] in "tT" and len(word) > 1:  # ^tW read as one word
                tokens = tokens[:j] + [(kind_, word[1:], pos_ + 1)] + tokens[j + 1:]
            else:
                group, j = _group(tokens, j)
                if re.sub(r"[\s{}]", "", _text(group)) not in ("t", "T") or j >= len(tokens):
                    self.fail("'^' must follow something", tokens[i])
            k, pieces = self.token(tokens, j, [])
            self.math = True
            return k, [("open", "("), *pieces, ("close", ")"), ("attr", ".T")]
        if v == "^":
            group, j = _group(tokens, i + 1)
            self.math = True
            if _TRANSPOSE.fullmatch(_text(group)):
                return j, [("attr", ".T")]
            return j, [("op", "**"), ("open", "("), ("raw", self.expression(group)), ("close", ")")]
        if v == "{":
            end = _closing(tokens, i, "{", "}")
            self.math = True
            return end, [("open", "("), ("raw", self.expression(tokens[i + 1:end - 1])), ("close", ")")]
        if v in ("}", "_", ".", "'"):
            self.fail("'{what}' is not understood here", tokens[i], what=v)
        if v == "(":
            return i + 1, [("open", v)]
        if v == "[":
            return i + 1, [("bracket", v)]
        if v in ")]":
            return i + 1, [("close", v)]
        return i + 1, [("op", v)]

    def name(self, tokens, i):
        kind, v, pos = tokens[i]
        nxt = tokens[i + 1][1] if i + 1 < len(tokens) else None
        if keyword.iskeyword(v) and v not in ALLOWED_KEYWORDS:
            self.fail("'{what}' is not allowed in an array answer", tokens[i], what=v)
        if v in ALLOWED_KEYWORDS:
            return i + 1, [("name" if v in ("None", "True", "False") else "kw", v)]
        if "__" in v:
            self.fail("names with __ are not allowed", tokens[i])
        onehot = re.fullmatch(r"one_?hot(?:_(\w+))?", v)
        if onehot and i + 1 < len(tokens) and tokens[i + 1][1] in ("(", "_"):
            return self.onehot(tokens, i + 1, onehot.group(1))
        if v == "e_y" or (v == "e" and i + 1 < len(tokens) and tokens[i + 1][1] == "_"):
            arg, j = _group(tokens, i + 2) if v == "e" else ([("name", "y", pos)], i + 1)
            self.math = True
            return j, [("call", f"_onehot(m, {self.expression(arg)})")]
        if v == "relu" and nxt in ("'", r"\prime") or v == "H" and nxt == "(":  # relu'(h^a), H(h^a)
            self.math = True
            return self.call_with(tokens, i + (2 if v == "relu" else 1), "_ind(({}) > 0)")
        if v in ("diag", "Diag") and nxt == "(":  # diag(v): the diagonal matrix
            return self.call_with(tokens, i + 1, "np.diagflat({})")
        if v == "softmax" and nxt == "(":
            return self.call_with(tokens, i + 1, "(np.exp({0}) / np.sum(np.exp({0})))")
        if v == "relu":
            return self.call_with(tokens, i + 1, "np.maximum(0, {})")
        sup, j = self.decorations(tokens, i + 1)
        if sup is None:
            return j, [("name", v)]
        self.math = True
        role, transposed = sup
        transpose = [("attr", ".T")] if transposed else []
        if role == "" and len(v) > 1:  # W2^T: the code's own name, transposed
            return j, [("name", v)] + transpose
        return j, [("name", f"_S({v + role})")] + transpose

    def decorations(self, tokens, i):
        """``^s``, ``^{(2)T}``, ``'`` after a name: ((role, transposed), next) or (None, i)."""
        role, transposed, seen = "", False, False
        while i < len(tokens):
            v = tokens[i][1]
            if v == "^":
                group, j = _group(tokens, i + 1)
                text = re.sub(r"[\s{}]", "", _text(group))
                t = _TRANSPOSE.search(text) or re.search(r"(?:^|(?<=\)))t$", text)  # ^T, ^{(2)T}, ^t
                if t:
                    text = text[:t.start()].rstrip("^")
                m = re.fullmatch(r"(?:\((\d)\))?([a-z]?)(?:\((\d)\))?", text)
                if m is None or (not text and not t):
                    break  # a power: x^2
                transposed ^= bool(t)
                role += (m.group(2) or "") + (m.group(1) or m.group(3) or "")
                i, seen = j, True
            elif v == "'" and tokens[i][0] == "op":
                transposed, i, seen = not transposed, i + 1, True
            else:
                break
        return ((role, transposed) if seen else None), i

    def onehot(self, tokens, i, size):
        if size is None and i < len(tokens) and tokens[i][1] == "_":
            group, i = _group(tokens, i + 1)
            size = self.expression(group)
        if i >= len(tokens) or tokens[i][1] != "(":
            self.fail("write onehot_m(y) with its argument in parentheses")
        end = _closing(tokens, i)
        self.math = True
        return end, [("call", f"_onehot({size or 'm'}, {self.expression(tokens[i + 1:end - 1])})")]

    def call_with(self, tokens, i, template):
        if i >= len(tokens) or tokens[i][1] not in ("(", "{"):
            self.fail("a function needs its argument in parentheses", tokens[i - 1])
        end = _closing(tokens, i, tokens[i][1], ")" if tokens[i][1] == "(" else "}")
        return end, [("call", template.format(self.expression(tokens[i + 1:end - 1])))]

    def command(self, tokens, i):
        kind, v, pos = tokens[i]
        self.math = True
        if v in _COMMANDS:
            return i + 1, [("op", _COMMANDS[v])]
        if v in _NUMPY_COMMANDS:
            return self.call_with(tokens, i + 1, _NUMPY_COMMANDS[v] + "({})")
        if v == r"\frac":
            num, j = _group(tokens, i + 1)
            den, j = _group(tokens, j)
            grad = self.derivative(num, den, 0)
            if grad and grad[0] == len(den):
                return j, [("name", grad[1])]
            return j, [("open", "("), ("raw", f"({self.expression(num)}) / ({self.expression(den)})"),
                       ("close", ")")]
        if v == r"\partial":  # ∂L/∂h^s written inline
            j = next((k for k in range(i, len(tokens)) if tokens[k][1] == "/"), len(tokens))
            grad = self.derivative(tokens[i:j], tokens, j + 1)
            if grad:
                return grad[0], [("name", grad[1])]
        if v == r"\nabla" and i + 1 < len(tokens) and tokens[i + 1][1] == "_":  # \nabla_{h^s} L
            group, j = _group(tokens, i + 2)
            grad = self.derivative([("cmd", r"\partial", 0), ("name", "L", 0)],
                                   [("cmd", r"\partial", 0)] + group, 0)
            if grad and j < len(tokens) and tokens[j][1] == "L":
                return j + 1, [("name", grad[1])]
        if v == r"\one":
            return self.one(tokens, i + 1)
        if v == r"\top":
            return i + 1, [("attr", ".T")]
        self.fail("'{what}' is not understood in an array answer", tokens[i], what=v)

    def derivative(self, num, tokens, i):
        """∂L/∂X at ``tokens[i:]``: (next index, ``_S(grad_X)``), the name the correction gives
        that earlier answer, or None."""
        if not re.fullmatch(r"(\\partial|d)L(\(x,y\))?", _text(num).replace(" ", "")):
            return None
        if i >= len(tokens):
            return None
        head = tokens[i][1]
        if head == r"\partial" or head == "d":
            i += 1
        elif tokens[i][0] == "name" and head.startswith("d") and len(head) > 1:
            tokens = tokens[:i] + [("name", head[1:], tokens[i][2])] + tokens[i + 1:]
        else:
            return None
        if i >= len(tokens) or tokens[i][0] != "name":
            return None
        j, pieces = self.name(tokens, i)
        m = re.fullmatch(r"_S\((\w+)\)|(\w+)", pieces[0][1])
        if m is None or len(pieces) != 1:
            return None
        return j, f"_S(grad_{m.group(1) or m.group(2)})"

    def one(self, tokens, i):
        """𝟙_{\\{h^a>0\\}}, 𝟙[h^a > 0], 𝟙(h^a > 0), optionally followed by (h^a)."""
        if i < len(tokens) and tokens[i][1] == "_":
            group, i = _group(tokens, i + 1)
        elif i < len(tokens) and tokens[i][1] in ("(", "[", r"\{"):
            close = {"(": ")", "[": "]", r"\{": r"\}"}[tokens[i][1]]
            end = _closing(tokens, i, tokens[i][1], close)
            group, i = tokens[i + 1:end - 1], end
        else:
            self.fail("write the indicator as 1_{{h^a > 0}}", tokens[i - 1])
        group = [t for t in group if t[1] not in (r"\{", r"\}")]
        condition = self.expression(group)
        if not any(t[1] in ("<", ">", "<=", ">=", "==", "!=", "=") or t[1] in _COMMANDS for t in group):
            self.math = True
            return i, [("call", f"_onehot(m, {condition})")]  # 1_y: the one-hot vector of y
        if i < len(tokens) and tokens[i][1] == "(":  # the seed's 1_{h^a>0}(h^a): the argument again
            end = _closing(tokens, i)
            if self.expression(tokens[i + 1:end - 1]) in condition:
                i = end
        self.math = True
        return i, [("call", f"_ind({condition})")]


def _callable(piece) -> bool:
    """Whether "(" after this piece opens a call's arguments (not a product)."""
    kind, v = piece
    if kind == "attr":
        return v not in (".T", ".shape", ".size", ".ndim")
    return kind == "name" and (v in FUNCTIONS or v in ("np", "numpy"))
