"""LaTeX with indices, sums, derivatives and matrices → a small tree of tuples (never evaluated here).

Students write ``o_k^a``, ``W_{kj}^{(2)}``, ``w_{d_h 1}^{(1)}``, ``x^{(i)}``, ``\\sum_{k=1}^m``,
``\\frac{\\partial L}{\\partial o_k^a}``, ``\\delta_{ky}``, ``\\mathbb{1}_{\\{h_j^a>0\\}}(h_j^a)`` and
``\\begin{pmatrix} o_1^s \\\\ \\vdots \\\\ o_m^s \\end{pmatrix}``. The scalar reader cannot: it has no
indices. This reader is a recursive descent over a whitelist of tokens; every other command is an
``ExpressionError`` naming it. Meaning (which index is which, what a symbol stands for) is decided
later, in ``meaning``: here a subscript is kept as a list of index items, a superscript is split
into a tag (``a``, ``s``, ``(2)``), a transpose, a data index ``(i)`` or a power.

Nodes: ``("num", v)``, ``("sym", base, tag, items)`` (items None for a bare symbol), ``("add", terms)``,
``("neg", a)``, ``("mul", a, b, op)``, ``("div", a, b)``, ``("pow", a, b)``, ``("T", a)``,
``("fn", name, args, size)``, ``("call", sym, args)``, ``("sum", var, lo, hi, body)``,
``("d", numerator, variable)``, ``("dop", variable)`` (an operator ∂/∂v waiting for its operand),
``("delta", i, j)``, ``("ind", op, a, b)``, ``("mat", rows)``, ``("dots",)``, ``("row", a, i)``.
"""

from __future__ import annotations

import re

from tdgrad.errors import ExpressionError

MAX_TOKENS = 4000
MAX_DEPTH = 60

_TOKEN = re.compile(r"\s+|(?P<t>\\\\|\\[A-Za-z]+|\\[{}|_,;:! ]|\d+(?:\.\d+)?|:=|!=|<=|>=|[A-Za-z]"
                    r"|[-+*/^_(){}\[\],=<>|&'.:;!~]|[⋮…⋯·×≠≤≥⊙∘−∂𝟙σΣ∑δ⊤])")
_SPACING = {"\\,", "\\;", "\\:", "\\!", "\\ ", "~", "\\left", "\\right", "\\big", "\\Big", "\\bigg",
            "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\displaystyle", "\\limits", "\\middle"}
_UNICODE = {"⋮": "\\vdots", "…": "\\dots", "⋯": "\\cdots", "·": "\\cdot", "×": "\\times", "≠": "\\neq",
            "≤": "\\leq", "≥": "\\geq", "⊙": "\\odot", "∘": "\\odot", "−": "-", "∂": "\\partial",
            "𝟙": "\\one", "σ": "\\sigma", "Σ": "\\sum", "∑": "\\sum", "δ": "\\delta", "⊤": "\\top", "!=": "\\neq", "<=": "\\leq", ">=": "\\geq"}
DOTS = {"\\dots", "\\cdots", "\\ldots", "\\vdots", "\\ddots", "\\cdot\\cdot\\cdot"}
FUNCTIONS = {"exp": "exp", "log": "log", "ln": "log", "relu": "relu", "rect": "relu", "sigmoid": "sigmoid",
             "sigma": "sigmoid", "tanh": "tanh", "softmax": "softmax", "softplus": "softplus",
             "onehot": "onehot", "sign": "sign", "sgn": "sign", "max": "max", "sqrt": "sqrt"}
GREEK = {"alpha", "beta", "gamma", "eta", "theta", "lambda", "mu", "nu", "epsilon", "varepsilon", "phi",
         "varphi", "psi", "omega", "xi", "tau", "zeta", "rho", "kappa", "delta", "ell"}
ACCENTS = {"hat": "hat", "tilde": "tilde", "bar": "bar", "widehat": "hat", "overline": "bar"}
RELATIONS = {"=": "=", "\\neq": "!=", "\\ne": "!=", ">": ">", "<": "<", "\\geq": ">=", "\\ge": ">=",
             "\\leq": "<=", "\\le": "<=", "\\geqslant": ">=", "\\leqslant": "<="}
PRODUCTS = {"\\cdot": "cdot", "\\times": "cdot", "*": "cdot", "\\odot": "odot", "\\circ": "odot"}
# words that end the mathematics of a member ("… est d_h × 1", "← ligne y")
PROSE_STOP = {"\\leftarrow", "\\quad", "\\qquad", "\\text", "\\forall", "\\in", "\\Rightarrow"}
SIZE_FIRST = set("dnNmDKPT")  # a subscript "d_h" is one size name, "y_j" two indices


# Index notation typed without LaTeX's braces: W_kj^(2) is W_{kj}^{(2)}, 1(k=y) and 1_{k=y} are 𝟙
_TWO_INDICES = re.compile(r"_([a-z])([a-z])(?![A-Za-z{(])")
_BARE_TAG = re.compile(r"([\^_])\(([0-9a-z]{1,3})\)")
_D = re.compile(r"(?<![A-Za-z\\])d([A-Za-zℓ])(\s*/\s*)d(?=[A-Za-z\\])")  # dL/do_k^a: a student's ∂
_ONE = re.compile(r"(?<![\w.,{])(?<!mathbb )(?<!mathbf )(?<!mathds )1(?=\s*(?:_\s*\{|\(|\{)[^)}]{0,40}?(?:=|≠|!=|>|<|\\neq|\\geq|\\leq))")


def tokens(text: str) -> list[str]:
    if len(text) > 20000:
        raise ExpressionError("the display is too long (20000 characters at most)")
    text = _ONE.sub(r"\\one ", _BARE_TAG.sub(r"\1{(\2)}", _TWO_INDICES.sub(r"_{\1\2}", text)))
    text = _D.sub(r"\\partial \1\2\\partial ", text)
    out: list[str] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ExpressionError("unexpected character '{char}' in '{near}'", char=text[pos],
                                  near=text[max(0, pos - 20):pos + 20])
        pos = m.end()
        t = m.group("t")
        if t is None or t in _SPACING:
            continue
        t = _UNICODE.get(t, t)
        if t == "." and out[-2:] == [".", "."]:
            out[-2:] = ["\\dots"]
            continue
        out.append(t)
    if len(out) > MAX_TOKENS:
        raise ExpressionError("too many symbols ({most} at most)", most=MAX_TOKENS)
    return out


def split_top(toks: list[str], separators: set[str]) -> list[list[str]]:
    """Split at separators outside braces, brackets and environments."""
    parts: list[list[str]] = []
    current: list[str] = []
    depth = 0
    for t in toks:
        if t in ("{", "(", "[", "\\begin"):
            depth += 1
        elif t in ("}", ")", "]", "\\end"):
            depth -= 1
        if depth == 0 and t in separators:
            parts.append(current)
            current = [t] if t not in ("=", "\\\\", "&") else []
            continue
        current.append(t)
    parts.append(current)
    return parts


class Parser:
    def __init__(self, toks: list[str]):
        self.t, self.i, self.depth, self.abs_open = toks, 0, 0, 0

    # -- helpers
    def peek(self, k=0):
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def take(self, expected=None):
        t = self.peek()
        if t is None or (expected is not None and t != expected):
            raise ExpressionError("expected '{expected}' near '{near}'" if expected
                                  else "the expression ends too early", expected=expected, near=self.context())
        self.i += 1
        return t

    def context(self):
        return " ".join(self.t[max(0, self.i - 4):self.i + 4])

    def group_tokens(self) -> list[str]:
        """The tokens of a {…} group, or of one token (a single digit of a number, as TeX does)."""
        t = self.take()
        if t == "{":
            start, depth = self.i, 1
            while depth:
                u = self.take()
                depth += {"{": 1, "}": -1}.get(u, 0)
            return self.t[start:self.i - 1]
        if t[0].isdigit() and len(t) > 1 and "." not in t:
            self.t.insert(self.i, t[1:])
            return [t[0]]
        return [t]

    def sub(self, toks) -> object:
        p = Parser(list(toks))
        p.depth = self.depth + 1
        if p.depth > MAX_DEPTH:
            raise ExpressionError("nested too deeply ({most} levels at most)", most=MAX_DEPTH)
        node = p.expr()
        if p.peek() is not None:
            raise ExpressionError("cannot read '{near}'", near=p.context())
        return node

    # -- grammar
    def expr(self):
        terms = []
        sign = 1
        while True:
            if self.peek() in ("+", "-"):
                sign = -1 if self.take() == "-" else 1
            if self.peek() in DOTS:
                self.take()
                terms.append(("dots",))
            else:
                term = self.term()
                terms.append(term if sign > 0 else ("neg", term))
            sign = 1
            if self.peek() not in ("+", "-"):
                break
        return terms[0] if len(terms) == 1 else ("add", tuple(terms))

    def term(self):
        node = self.factor()
        while True:
            t = self.peek()
            if t in PRODUCTS:
                self.take()
                node = ("mul", node, self.factor(), PRODUCTS[t])
            elif t == "/":
                self.take()
                node = ("div", node, self.factor())
            elif self.starts_factor(t):
                right = self.factor()
                if node[0] == "dop":  # ∂/∂v followed by its operand
                    node = ("d", right, node[1])
                else:
                    node = ("mul", node, right, "")
            else:
                break
        if node[0] == "dop":
            raise ExpressionError("∂/∂… needs an expression after it")
        return node

    def starts_factor(self, t):
        if t is None:
            return False
        if t in ("|", "\\|"):
            return not self.abs_open
        if t in ("(", "{", "\\{", "\\|") or t[0].isalnum():
            return True
        return t.startswith("\\") and t not in PRODUCTS and t not in RELATIONS and t not in DOTS \
            and t not in PROSE_STOP and t not in ("\\\\", "\\end", "\\}", "\\neq") \
            and not (t == "\\text" and not self.is_function_text())

    def is_function_text(self):
        return self.peek(1) == "{" and "".join(self.t[self.i + 2:self.i + 3]) != "" and \
            _word(self.t, self.i + 2) in FUNCTIONS

    def factor(self):
        node = self.atom()
        return self.postfix(node)

    def postfix(self, node):
        while True:
            t = self.peek()
            if t == "^":
                self.take()
                sup = self.group_tokens()
                node = ("T", node) if sup in (["T"], ["\\top"], ["\\intercal"]) else ("pow", node, self.sub(sup))
            elif t == "_" and node[0] in ("fn", "call"):  # softmax(o^a)_k
                self.take()
                node = ("row", node, self.sub(self.group_tokens()))
            elif t == "[" and node[0] == "sym" and self._is_slice():
                node = self.slice(node)
            elif t == "(" and node[0] == "sym":
                self.take()
                args = self.args_until(")")
                node = ("call", node, tuple(args))
            elif t == "'" and node[0] == "fn":
                self.take()
                node = ("fn", node[1] + "'", node[2], node[3])
            else:
                return node

    def _is_slice(self):
        j, depth = self.i, 0
        while j < len(self.t):
            depth += {"[": 1, "]": -1}.get(self.t[j], 0)
            if self.t[j] == ":" and depth == 1:
                return True
            if depth == 0:
                return False
            j += 1
        return False

    def slice(self, node):
        self.take("[")
        first = self.take_until({",", "]"})
        self.take(",")
        second = self.take_until({"]"})
        self.take("]")
        if first == [":"]:
            return ("col", node, self.sub(second))
        if second == [":"]:
            return ("rowsel", node, self.sub(first))
        raise ExpressionError("a slice is written [i, :] or [:, j]")

    def take_until(self, stops):
        out = []
        while self.peek() is not None and self.peek() not in stops:
            out.append(self.take())
        return out

    def args_until(self, close):
        args, depth, current = [], 0, []
        while True:
            t = self.take()
            if t in ("(", "{", "[") or t == "\\left":
                depth += 1
            elif t in (")", "}", "]"):
                if depth == 0 and t == close:
                    break
                depth -= 1
            if t == "," and depth == 0:
                args.append(self.sub(current))
                current = []
            else:
                current.append(t)
        if current:
            args.append(self.sub(current))
        return args

    def atom(self):
        t = self.take()
        if t[0].isdigit():
            return ("num", t)
        if t in ("(", "{", "["):
            inner = self.expr_until({"(": ")", "{": "}", "[": "]"}[t])
            return inner
        if t == "\\{":
            return self.expr_until("\\}")
        if t == "|" or t == "\\|":
            self.abs_open += 1
            inner = self.expr()
            self.take(t)
            self.abs_open -= 1
            if t == "|":
                return ("fn", "abs", (inner,), None)
            size = self.sub(self.group_tokens()) if self.peek() == "_" and self.take() else None
            return ("fn", "norm", (inner,), size)
        if t[0].isalpha():
            return self.symbol(t)
        if t == "\\frac" or t == "\\dfrac" or t == "\\tfrac":
            return self.frac()
        if t == "\\sum":
            return self.summation()
        if t == "\\begin":
            return self.matrix()
        if t in ("\\mathbb", "\\mathbf", "\\mathds", "\\one"):
            return self.indicator(t)
        if t in ("\\text", "\\operatorname", "\\mathrm", "\\textrm", "\\mathit"):
            word = "".join(self.group_tokens())
            return self.function(word, t)
        if t[1:] in FUNCTIONS:
            return self.function(t[1:], t)
        if t[1:] in ACCENTS:
            inner = self.group_tokens()
            if len(inner) != 1 or not inner[0].isalpha():
                raise ExpressionError("{command}{{…}} takes one letter", command=t)
            return self.symbol(inner[0] + ACCENTS[t[1:]])
        if t[1:] in GREEK:
            return self.symbol(t[1:])
        if t == "\\pi":
            return ("fn", "pi", (), None)
        if t == "\\partial":  # ∂L/∂o_k^a, as typed
            numerator = self.factor()
            if self.peek() != "/" or self.peek(1) != "\\partial":
                raise ExpressionError("∂ outside a derivative ∂f/∂x or \\frac{{\\partial f}}{{\\partial x}}")
            self.take()
            self.take()
            return ("d", numerator, self.factor())
        raise ExpressionError("unknown LaTeX command {command}" if t.startswith("\\") else "cannot read '{command}' near '{near}'",
                              command=t, near=self.context())

    def expr_until(self, close):
        start, depth = self.i, 0
        opens = {")": "(", "}": "{", "]": "[", "\\}": "\\{"}[close]
        while True:
            u = self.take()
            if u == opens:
                depth += 1
            elif u == close:
                if depth == 0:
                    break
                depth -= 1
        return self.sub(self.t[start:self.i - 1])

    def symbol(self, name):
        """A letter (or \\hat{y}, \\eta…) with its subscript and superscripts."""
        items, tag, transpose, power, data = None, "", False, None, None
        while self.peek() in ("_", "^", "'"):
            if self.peek() == "'":
                self.take()
                name += "'"
                continue
            kind = self.take()
            g = self.group_tokens()
            if kind == "_":
                items = index_items(g) if items is None else items + index_items(g)
            else:
                tag, transpose, power, data = self._superscript(g, tag, transpose, power, data, name)
        if name == "e" and power is not None and items is None and not tag:
            return ("fn", "exp", (power,), None)
        node = ("sym", name, tag, tuple(data + (items or [])) if data else (tuple(items) if items is not None else None))
        if name == "delta" and node[3] is not None and len(node[3]) == 2 and not tag:
            node = ("delta", node[3][0], node[3][1])
        if transpose:
            node = ("T", node)
        return ("pow", node, power) if power is not None else node

    def _superscript(self, g, tag, transpose, power, data, name):
        if g in (["T"], ["\\top"], ["\\intercal"]):
            return tag, True, power, data
        if len(g) >= 3 and g[0] == "(" and ")" in g:
            close = g.index(")")
            inside, rest = g[1:close], g[close + 1:]
            if all(x.isdigit() for x in inside):
                tag = "(" + "".join(inside) + ")"
            elif len(inside) == 1 and inside[0].isalpha():
                data = [("sym", inside[0], "", None)]
            else:
                return tag, transpose, self.sub(g), data
            return tag, transpose or rest in (["T"], ["\\top"]), power, data
        if name != "e" and len(g) in (1, 2) and g[0].isalpha() and len(g[0]) == 1 and g[0] not in "TnmdK" \
                and (len(g) == 1 or g[1] in ("T", "\\top")):
            return g[0], len(g) == 2, power, data
        return tag, transpose, self.sub(g), data

    def frac(self):
        num, den = self.group_tokens(), self.group_tokens()
        is_d = (lambda g: g[:1] == ["d"] and g[1:2] != ["_"] and len(g) >= 2) if num[:1] == ["d"] else None
        if num[:1] == ["\\partial"] or (is_d and is_d(num) and den[:1] == ["d"]):
            if den[:1] not in (["\\partial"], ["d"]) or len(den) < 2:
                raise ExpressionError("a derivative is written \\frac{{\\partial f}}{{\\partial x}}")
            variable = self.sub(den[1:])
            if num[1:2] == ["^"]:
                raise ExpressionError("second derivatives are not checked")
            return ("d", self.sub(num[1:]), variable) if len(num) > 1 else ("dop", variable)
        return ("div", self.sub(num), self.sub(den))

    def summation(self):
        var, lo, hi = None, None, None
        while self.peek() in ("_", "^"):
            kind = self.take()
            g = self.group_tokens()
            if kind == "_":
                if "=" in g:
                    k = g.index("=")
                    var, lo = "".join(g[:k]), self.sub(g[k + 1:])
                else:
                    var = "".join(g)
            else:
                hi = self.sub(fold_size(g))
        if var is None:
            raise ExpressionError("a sum needs its index: \\sum_{{k=1}}^{{m}}")
        return ("sum", var, lo, hi, self.term())

    def matrix(self):
        env = "".join(self.group_tokens())
        if env not in ("pmatrix", "bmatrix", "matrix", "vmatrix", "Bmatrix", "array"):
            raise ExpressionError("unknown environment {env}", env=env)
        if env == "array":
            self.group_tokens()
        start, depth = self.i, 0
        while True:
            u = self.take()
            if u == "\\begin":
                depth += 1
            elif u == "\\end":
                if depth == 0:
                    break
                depth -= 1
        body = self.t[start:self.i - 1]
        self.group_tokens()
        rows = []
        for row in split_top(body, {"\\\\"}):
            if not row:
                continue
            cells = []
            for cell in split_top(row, {"&"}):
                cells.append(None if not cell else ("dots", cell[0]) if len(cell) == 1 and cell[0] in DOTS
                             else self.sub(cell))
            rows.append(tuple(cells))
        return ("mat", tuple(rows))

    def indicator(self, command):
        if command != "\\one":
            g = self.group_tokens()
            if g not in (["1"], ["I"]):
                raise ExpressionError("{command}{{{arg}}} is not an indicator 𝟙", command=command, arg="".join(g))
        if self.peek() == "_":
            self.take()
            g = self.group_tokens()
        elif self.peek() in ("\\{", "(", "{"):
            g = self.group_tokens() if self.peek() == "{" else self._braced()
        else:
            raise ExpressionError("an indicator needs its condition: \\mathbb{{1}}_{{\\{{a>0\\}}}}")
        if g[:1] == ["\\{"] and g[-1:] == ["\\}"]:
            g = g[1:-1]
        k = next((j for j, u in enumerate(g) if u in RELATIONS), None)
        if k is None:
            raise ExpressionError("an indicator needs a condition such as h_j^a > 0")
        node = ("ind", RELATIONS[g[k]], self.sub(g[:k]), self.sub(g[k + 1:]))
        if self.peek() == "(":  # 𝟙_{h>0}(h): the argument repeats the condition's variable
            save = self.i
            self.take()
            arg = self.args_until(")")
            if len(arg) != 1 or not _mentions(node, arg[0]):
                self.i = save
        return node

    def _braced(self):
        close = {"\\{": "\\}", "(": ")"}[self.take()]
        out = []
        while self.peek() != close:
            out.append(self.take())
        self.take()
        return out

    def function(self, word, command):
        name = FUNCTIONS.get(word.lower().replace("\\", ""))
        if name is None:
            raise ExpressionError("unknown function {command}{{{word}}}" if command in ("\\text", "\\operatorname", "\\mathrm")
                                  else "unknown LaTeX command {command}", command=command, word=word)
        if name == "sigmoid" and self.peek() not in ("(", "'", "^") and command == "\\sigma":
            return self.symbol("sigma")
        size = None
        power = None
        while self.peek() in ("_", "^", "'"):
            kind = self.take()
            if kind == "'":
                name += "'"
            elif kind == "_":
                size = self.sub(fold_size(self.group_tokens()))
            else:
                power = self.sub(self.group_tokens())
        if self.peek() in ("(", "{"):
            close = ")" if self.take() == "(" else "}"
            args = tuple(self.args_until(close))
        else:
            args = (self.factor(),)
        node = ("fn", name, args, size)
        return ("pow", node, power) if power is not None else node


def _word(toks, i):
    out = []
    while i < len(toks) and toks[i] != "}":
        out.append(toks[i])
        i += 1
    return "".join(out).lower()


def _mentions(node, arg) -> bool:
    if node == arg:
        return True
    return isinstance(node, tuple) and any(_mentions(c, arg) for c in node if isinstance(c, tuple))


def fold_size(g: list[str]) -> list[str]:
    """``d _ h`` → one token ``d_h``: sizes are names."""
    out = []
    j = 0
    while j < len(g):
        if j + 2 < len(g) and g[j + 1] == "_" and len(g[j]) == 1 and g[j] in SIZE_FIRST and g[j + 2].isalpha():
            out.append(f"{g[j]}_{g[j + 2]}")
            j += 3
        else:
            out.append(g[j])
            j += 1
    return out


def index_items(g: list[str]) -> list:
    """A subscript's index items: ``kj`` → k, j; ``d_h 1`` → d_h, 1; ``k, j+1`` → k, j+1; ``y_j`` → y, j."""
    if not g:
        raise ExpressionError("an empty subscript")
    if "," in g:
        return [Parser(fold_size(part)).sub(fold_size(part)) for part in split_top(g, {","})]
    items: list[tuple] = []  # ("num", "1"), ("sym", name, "", None), ("add", (a, b))…
    j = 0
    g = [u for u in g if u not in ("{", "}")]
    while j < len(g):
        u = g[j]
        if j + 2 < len(g) and g[j + 1] == "_" and len(u) == 1 and u in SIZE_FIRST and g[j + 2].isalpha():
            items.append(("sym", f"{u}_{g[j + 2]}", "", None))
            j += 3
            continue
        if u == "_":
            j += 1
            continue
        if u.isdigit():
            items.append(("num", u))
        elif u.isalpha() or u.startswith("\\") and u[1:] in GREEK:
            name = u.lstrip("\\")
            while j + 1 < len(g) and g[j + 1] == "'":
                name += "'"
                j += 1
            items.append(("sym", name, "", None))
        elif u in ("+", "-") and items and j + 1 < len(g):
            right = g[j + 1]
            items[-1] = ("add", (items[-1], ("num", right) if right.isdigit() else ("sym", right, "", None)) if u == "+"
                         else (items[-1], ("neg", ("num", right) if right.isdigit() else ("sym", right, "", None))))
            j += 1
        else:
            raise ExpressionError("cannot read the index '{index}'", index="".join(g))
        j += 1
    return items


def parse(toks: list[str]):
    p = Parser(list(toks))
    node = p.expr()
    return node, p.t[p.i:]


def tex(node) -> str:
    """Back to LaTeX, to name a factor in feedback."""
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "sym":
        _, base, tag, items = node
        name = {"yhat": "\\hat{y}"}.get(base, ("\\" + base) if base in GREEK else base)
        sub = "" if items is None else "_{" + "".join(tex(i) for i in items) + "}"
        return name + sub + (f"^{{{tag}}}" if tag else "")
    if kind == "d":
        return f"\\frac{{\\partial {tex(node[1])}}}{{\\partial {tex(node[2])}}}"
    if kind == "mul":
        return f"{tex(node[1])} {'' if not node[3] else chr(92) + node[3]} {tex(node[2])}".replace("  ", " ")
    if kind == "add":
        return " + ".join(tex(t) for t in node[1]).replace("+ -", "-")
    if kind == "neg":
        return "-" + tex(node[1])
    if kind == "div":
        return f"\\frac{{{tex(node[1])}}}{{{tex(node[2])}}}"
    if kind == "fn":
        return f"\\{node[1]}(" + ", ".join(tex(a) for a in node[2]) + ")"
    if kind == "sum":
        return f"\\sum_{{{node[1]}}} {tex(node[4])}"
    if kind == "pow":
        return f"{tex(node[1])}^{{{tex(node[2])}}}"
    return "…"
