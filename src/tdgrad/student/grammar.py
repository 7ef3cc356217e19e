"""Plain math as people write it → explicit Python-like text for ``tdgrad.parse``'s whitelist.

A small recursive-descent reader over tokens. It makes explicit what a person reads without
thinking — products side by side (``2x``, ``xy(1-y)``, ``a σ(ax)``), function arguments without
parentheses (``sin 2x`` is sin(2x), ``ln σ(x)``, ``th²x``), ``|x|``, ``√x``, ``1(a>0)``, primes,
decimal commas, French thousands — and refuses, saying which readings it sees, wherever two
readings differ: ``1/2x`` (½·x or 1/(2x)), ``e^-ax`` (e^(−ax) or e^(−a)·x), ``sin x(1-x)``,
``√2x``, ``max(0, 0,5)``, a run of letters that splits two ways. Letter runs split into the
question's variable names (or, without a list, into one-letter names); a multi-letter name that is
no function and stands before ``(`` is an error with a did-you-mean.

It only writes text; ``tdgrad.parse.parse_expression`` builds the expression, node by node.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from tdgrad.errors import ExpressionError
from tdgrad.parse import MAX_DEPTH
from tdgrad.student.latex import DERIVATIVE, END

WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "nu", "rho",
         "tau", "phi", "psi", "omega", "xi", "zeta", "kappa", "yhat", "pi"}
MAX_NAME = 24  # characters in one run of letters and digits
RELATIONS = {"<", ">", "<=", ">=", "=", "==", "!="}
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<num>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+(?![A-Za-z_]))?)"
    rf"|(?P<deriv>{DERIVATIVE}[A-Za-z][A-Za-z0-9_]*{END})"
    r"|(?P<name>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)"
    r"|(?P<op>\*\*|<=|>=|==|!=|[-+*/^(),;|'<>=√])")


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
            raise ExpressionError(f"unexpected character '{text[pos]}'", text, pos)
        if m.lastgroup == "space":
            space = True
        else:
            value = "^" if m.group() == "**" else m.group()
            out.append(Token(m.lastgroup, value, pos, space))
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


class Reader:
    """One answer's tokens → Python-like text with explicit ``*``, ``**`` and calls."""

    def __init__(self, text: str, functions: dict, variables: tuple[str, ...] | None):
        self.text = text
        self.functions = functions
        self.variables = variables
        self.by_key = {v.replace("_", ""): v for v in variables} if variables else {}
        self.toks = _decimal_commas(tokens(text), functions, text)
        self.i = 0
        self.depth = 0

    # -- helpers
    def peek(self, k: int = 0) -> Token | None:
        return self.toks[self.i + k] if self.i + k < len(self.toks) else None

    def at(self, *texts: str) -> bool:
        t = self.peek()
        return t is not None and t.kind == "op" and t.text in texts

    def take(self) -> Token:
        t = self.peek()
        if t is None:
            raise ExpressionError("the answer ends too early", self.text, len(self.text))
        self.i += 1
        return t

    def expect(self, text: str) -> None:
        t = self.peek()
        if t is None or t.text != text:
            where = len(self.text) if t is None else t.pos
            raise ExpressionError(f"expected '{text}' here", self.text, where)
        self.i += 1

    def fail(self, message: str, t: Token | None = None):
        t = t or self.peek()
        raise ExpressionError(message, self.text, len(self.text) if t is None else t.pos)

    def _span(self, a: Token, b: Token) -> str:
        return self.text[a.pos:b.pos + len(b.text)]

    def starts_operand(self, t: Token | None) -> bool:
        return t is not None and (t.kind in ("num", "name", "deriv") or t.text in ("(", "√")
                                  or (t.text == "|" and not self.in_bars))

    # -- grammar
    def read(self, condition: bool = False) -> str:
        self.in_bars = False
        out = self.condition() if condition else self.expr()
        if self.peek() is not None:
            t = self.peek()
            if t.text in RELATIONS:
                self.fail("a comparison such as a > 0 is only allowed in an indicator 1(a > 0) "
                          "or a piecewise answer such as '1 si a > 0, 0 sinon'", t)
            self.fail(f"unexpected '{t.text}'", t)
        return out

    def condition(self) -> str:
        if self.at("(") and self._comparison_in_group(self.i):  # 1((a > 0)), 1_{\{a>0\}}
            self.take()
            out = self.condition()
            self.expect(")")
            return out
        left = self.expr()
        t = self.peek()
        if t is None or t.text not in RELATIONS:
            self.fail("expected a condition such as a > 0")
        self.take()
        op = "==" if t.text == "=" else t.text
        return f"({left}) {op} ({self.expr()})"

    def expr(self) -> str:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"too deeply nested (more than {MAX_DEPTH} levels)")
        out = self.term()
        while self.at("+", "-"):
            op = self.take().text
            out += f" {op} {self.term()}"
        self.depth -= 1
        return out

    def term(self) -> str:
        out = self.unary()
        while True:
            t = self.peek()
            if self.at("*", "/"):
                self.take()
                right = self.unary()
                out = f"{out} {t.text} {right}"
                nxt = self.peek()
                if t.text == "/" and self.starts_operand(nxt) and not nxt.space:
                    self.fail(f"'{self._span(t, nxt)}' has two readings, a/(bc) or (a/b)·c: "
                              "add parentheses", nxt)
            elif self.starts_operand(t):
                prev = self.toks[self.i - 1]
                if prev.kind == "num" and t.kind == "num":
                    self.fail(f"two numbers side by side: '{prev.text} {t.text}'; write one number "
                              "(1234,5) or a product with *", t)
                out = f"{out} * {self.unary()}"
            else:
                return out

    def unary(self) -> str:
        if self.at("-", "+"):
            op = self.take().text
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.fail(f"too deeply nested (more than {MAX_DEPTH} levels)")
            inner = self.unary()
            self.depth -= 1
            return f"({op}{inner})" if op == "-" else inner
        return self.power()

    def power(self) -> str:
        base = self.postfix()
        if not self.at("^"):
            return base
        return f"({base})**({self.exponent()})"

    def exponent(self) -> str:
        """After ``^``: a group, or one signed atom (``e^-x``); more glued on is ambiguous."""
        hat = self.take()
        if self.peek() is not None and self.peek().space:  # 'y^ - y' is ŷ − y typed in a hurry
            self.fail("nothing right after '^': write the exponent just after it (and ŷ as yhat)", hat)
        if self.at("("):
            out = self.postfix()
        else:
            sign = self.take().text if self.at("-", "+") else ""
            t = self.peek()
            if t is None or t.kind not in ("num", "name"):
                self.fail("expected an exponent after '^'", t)
            out = sign + self.atom_name_or_number(in_exponent=sign or "^")
            nxt = self.peek()
            if self.starts_operand(nxt) and not nxt.space:
                self.fail(f"'{self._span(hat, nxt)}' has two readings: put the exponent in "
                          f"parentheses, e.g. e^({sign}…) or write the product with *", nxt)
        if self.at("^"):
            out = f"({out})**({self.exponent()})"
        return out

    def postfix(self) -> str:
        out = self.primary()
        while self.at("'"):
            if self.toks[self.i - 1].text != ")":
                self.fail("a prime ' must follow a function name (tanh'(x)) or a parenthesised "
                          "expression ((x^2)')")
            self.take()
            out = f"dprime({out})"
        return out

    def primary(self) -> str:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"too deeply nested (more than {MAX_DEPTH} levels)")
        out = self._primary()
        self.depth -= 1
        return out

    def _primary(self) -> str:
        t = self.peek()
        if t is None:
            self.fail("the answer ends too early")
        if t.text == "(":
            self.take()
            self.depth += 1
            inner = self.expr()
            self.depth -= 1
            self.expect(")")
            return f"({inner})"
        if t.text == "|" and not self.in_bars:
            self.take()
            self.in_bars = True
            inner = self.expr()
            self.in_bars = False
            self.expect("|")
            return f"abs({inner})"
        if t.text == "√":
            self.take()
            if self.at("√", "-"):
                self.fail("write √(…) with parentheses here")
            arg = self.power()
            nxt = self.peek()
            if self.starts_operand(nxt) and not nxt.space and not self.toks[self.i - 1].text == ")":
                self.fail(f"'{self._span(t, nxt)}' has two readings: write √(…) around what is "
                          "under the root", nxt)
            return f"sqrt({arg})"
        if t.kind == "deriv":
            self.take()
            var = self.resolve_variable(t.text[1:-1], t)
            return f"diff({self.term()}, {var})"
        if t.kind == "num":
            if t.text == "1" and self._indicator_follows():
                self.take()
                return self.call("ind", t)
            self.take()
            return t.text
        if t.kind == "name":
            return self.name()
        self.fail(f"unexpected '{t.text}'", t)

    def atom_name_or_number(self, in_exponent: str = "") -> str:
        """After ``^`` (and its sign, ``in_exponent``): a number or a name; a run of letters there
        (``e^-ax``) reads two ways."""
        t = self.peek()
        if t.kind == "num":
            self.take()
            return t.text
        if in_exponent and t.text not in self.functions and len(self.split(t.text)) > 1:
            sign = in_exponent.strip("^")
            self.fail(f"'^{sign}{t.text}' has two readings: write the exponent in parentheses, "
                      f"e.g. ^({sign}{t.text})", t)
        return self.postfix()

    # -- names
    def name(self) -> str:
        t = self.take()
        word, nxt = t.text, self.peek()
        if len(word) > MAX_NAME:
            self.fail(f"name too long ('{word[:12]}…', at most {MAX_NAME} characters)", t)
        if word not in self.functions and word[:1].isupper() and word.lower() in self.functions \
                and len(word) > 1 and self.own_name(word) is None:
            word = word.lower()  # Exp(x), Ln(x): a phone's capital, not a new name
        if re.fullmatch(r"log\d+", word) and nxt is not None and nxt.text == "(":
            word = "log_" + word[3:]  # log2(8), log10(x): the base glued on
        if word in self.functions or re.fullmatch(r"log_[A-Za-z0-9]+", word):
            parts = self.split(word) if self.variables else []
            if len(parts) > 1:
                self.fail(f"'{word}' has two readings: the function {word} or the product "
                          f"{'·'.join(parts)}; write {'*'.join(parts)} for the product", t)
            return self.function(word, t)
        own = self.own_name(word)
        if own is not None:
            parts = next((p for p in self.splits(word) if len(p) > 1), []) if self.variables else []
            if parts:
                self.fail(f"'{word}' has two readings: {own} or {'·'.join(parts)}", t)
            return own
        if nxt is not None and nxt.text == "(" and not nxt.space:
            parts = (self.split(word) or self.split_before_function(word)) if self.variables else []
            if len(parts) < 2:
                self.fail(self.unknown(word, "function"), t)
            return self.reread(parts, t)
        prefix = self.function_prefix(word)
        parts = self.split(word)
        if prefix and len(parts) > 1:
            self.fail(f"'{word}' has two readings: {prefix} {word[len(prefix):]} or "
                      f"{'·'.join(parts)}; write {prefix}(…) or the product with *", t)
        if prefix:  # sinx, lnx, cos2x: the function applied to the rest
            rest = tokens(word[len(prefix):])
            after = self.peek()
            if after is not None and after.text == "^" and not after.space:
                self.fail(f"'{word}^' has two readings: {prefix}({word[len(prefix):]})^… or "
                          f"{prefix}({word[len(prefix):]}^…); write it with parentheses", after)
            self.toks[self.i:self.i] = rest
            return self.function(prefix, t)
        if len(parts) > 1:
            return self.reread(parts, t)
        self.fail(self.unknown(word, "name"), t)

    def reread(self, parts: list[str], t: Token) -> str:
        """``ax`` → ``a x``: the parts become tokens of their own, so a power or a division applies
        to the last one only, as it does on paper (``wx²`` is w·x²)."""
        self.i -= 1
        self.toks[self.i:self.i + 1] = [Token("name", p, t.pos, t.space and k == 0) for k, p in enumerate(parts)]
        return self.name()

    def split_before_function(self, word: str) -> list[str]:
        """``v_1x_1H(a_1)``: names glued to the function called after them."""
        for f in sorted(self.functions, key=len, reverse=True):
            if f.isalpha() and word.endswith(f) and len(word) > len(f):
                head = self.split(word[:-len(f)].rstrip("_"))
                if head:
                    return [*head, f]
        return []

    def function_prefix(self, word: str) -> str | None:
        """``sinx`` → sin, ``cos2x`` → cos: a function name glued to what it applies to."""
        for f in sorted(self.functions, key=len, reverse=True):
            rest = word[len(f):]
            if f.isalpha() and len(f) > 1 and word.startswith(f) and rest != "e" and \
                    (rest[:1].isdigit() or self.own_name(rest) is not None or len(self.split(rest)) > 1):
                return f
        return None

    def unknown(self, word: str, what: str) -> str:
        names = [f for f in self.functions if "_" not in f] + list(self.variables or ())
        close = [n for n in names if n.lower() == word.lower()] or difflib.get_close_matches(word, names, 1, 0.6)
        hint = f" — did you mean {close[0]}?" if close else ""
        known = f" (variables: {', '.join(sorted(self.variables))})" if self.variables and what == "name" else ""
        product = " (for a product, write the factors with *)" if what == "function" else ""
        return f"unknown {what} '{word}'{hint}{known}{product}"

    def own_name(self, word: str) -> str | None:
        """The variable or constant ``word`` names: h3, h_3 and h_{3} are one name (h_3 when the
        question gives no list)."""
        if self.variables:
            return self.by_key.get(word.replace("_", "")) or (word if word in ("e", "pi") else None)
        if word in WORDS or word == "e" or ("_" in word and not re.fullmatch(r"(?:[A-Za-z]_\d+){2,}", word)):
            return word
        m = re.fullmatch(r"([A-Za-z])(\d*)", word)
        return None if not m else m.group(1) + ("_" + m.group(2) if m.group(2) else "")

    def split(self, word: str) -> list[str]:
        """A run of letters as a product of known names ([] when it does not split); an error when
        it splits two ways into several names."""
        found = self.splits(word)
        if len(found) > 1 and len(found[0]) > 1 and len(found[1]) > 1:
            self.fail(f"'{word}' splits two ways: {'·'.join(found[0])} or {'·'.join(found[1])}; "
                      "write the product with *")
        return found[0] if found else []

    def splits(self, word: str) -> list[list[str]]:
        """Up to two ways of cutting ``word`` into the question's names (or, with no list, into
        one-letter names with their digits: ``ax``, ``x1x2``, ``a_1a_2``)."""
        if self.variables:
            names = set(self.by_key) | ({"e", "pi"} - set(self.by_key))
            key = word.replace("_", "")
        elif "_" in word:
            return [re.findall(r"[A-Za-z]_\d+", word)] if re.fullmatch(r"(?:[A-Za-z]_\d+){2,}", word) else [[word]]
        else:
            names, key = None, word
        found: list[list[str]] = []
        dead: set[str] = set()  # endings known not to split: keeps the search linear

        def walk(rest: str, acc: list[str]) -> None:
            if len(found) > 1 or rest in dead:
                return
            if not rest:
                found.append(acc)
                return
            before = len(found)
            if names is None:
                m = re.match(r"[A-Za-z]\d*", rest)
                if m:
                    walk(rest[m.end():], [*acc, m.group()])
            else:
                for n in sorted(names, key=len, reverse=True):
                    if rest.startswith(n):
                        walk(rest[len(n):], [*acc, n])
            if len(found) == before:
                dead.add(rest)

        walk(key, [])
        if names is None and found and len(word) > 3 and \
                difflib.get_close_matches(word, list(self.functions), 1, 0.75):
            return []  # 'sigmoide' is a misspelt function, not s·i·g·m·o·i·d·e
        return found

    def resolve_variable(self, word: str, t: Token) -> str:
        own = self.own_name(word) if word not in self.functions else None
        if own is None:
            self.fail(f"cannot derive with respect to '{word}'", t)
        return own

    def function(self, name: str, t: Token) -> str:
        """A function: called ``f(…)``, primed ``f'(x)``, powered ``f²(x)``, or applied to what
        follows without parentheses (``sin 2x``, ``ln σ(x)``)."""
        base = None
        if name.startswith("log_") and name not in self.functions:
            name, base = "log", self.own_name(name[4:]) or name[4:]
        prime = ""
        while self.at("'"):
            self.take()
            prime += "_prime"
        power = None
        if self.at("^"):
            hat = self.take()
            power = self.postfix() if self.at("(") else self.take().text
            if not re.fullmatch(r"\(?\d+\)?", power):
                self.fail(f"'{name}^{power}' has two readings (a power or an inverse function); "
                          f"write ({name}(…))^{power} or the inverse function's name", hat)
        if prime:
            name += prime
            if name not in self.functions:
                self.fail(f"no derivative known for '{name[:-len(prime)]}'", t)
        if self.at("("):
            out = self.call(name, t, base)
        else:
            arg = self.bare_argument(name, t)
            out = f"{name}({arg}, {base})" if base else f"{name}({arg})"
        return f"({out})**{power}" if power else out

    def call(self, name: str, t: Token, base: str | None = None) -> str:
        self.expect("(")
        self.depth += 1
        condition = name == "ind"
        args = [self.condition() if condition else self.expr()]
        while self.at(","):
            self.take()
            args.append(self.expr())
        self.depth -= 1
        self.expect(")")
        if base is not None:
            args.append(base)
        arities = self.functions[name][1]
        if len(args) not in arities:
            count = " or ".join(map(str, arities))
            self.fail(f"{name}(…) takes {count} argument{'s' if arities != (1,) else ''}, "
                      f"not {len(args)}", t)
        if name == "ind":
            self._drop_applied_argument(args[0])
        return f"{name}({', '.join(args)})"

    def bare_argument(self, name: str, t: Token) -> str:
        """sin 2x → 2x; ln σ(x) → σ(x); stops at an operator or the next function."""
        nxt = self.peek()
        if nxt is None or not self.starts_operand(nxt) or nxt.text == "|":
            self.fail(f"'{name}' is a function: write {name}(…)", t)
        if nxt.kind == "name" and (nxt.text in self.functions or re.fullmatch(r"log_\w+", nxt.text)):
            return self.power()
        factors, start = [], self.i
        while True:
            nxt = self.peek()
            if nxt is None or nxt.kind not in ("num", "name") or nxt.text in self.functions:
                break
            if factors and nxt.space:  # sin x y: sin(xy) or sin(x)·y
                self.fail(f"'{self._span(t, nxt)}' has two readings: write {name}(…) around the "
                          "whole argument", nxt)
            factors.append(self.power())
        if not factors:
            self.fail(f"'{name}' is a function: write {name}(…)", t)
        nxt = self.peek()
        if nxt is not None and nxt.text == "(" or any(k.text == "^" for k in self.toks[start:self.i]):
            last = self.toks[self.i - 1] if nxt is None or nxt.text != "(" else nxt
            self.fail(f"'{self._span(t, last)}' has two readings ({name} of the power, or the power "
                      f"of {name}): write {name}(…) with the whole argument in parentheses", last)
        return " * ".join(factors)

    def _indicator_follows(self) -> bool:
        """``1(`` followed by a comparison at the first level: the indicator 1(a > 0)."""
        return self.peek(1) is not None and self.peek(1).text == "(" and self._comparison_in_group(self.i + 1)

    def _comparison_in_group(self, start: int) -> bool:
        depth = 0
        for t in self.toks[start:]:
            depth += {"(": 1, ")": -1}.get(t.text, 0)
            if depth == 1 and t.text in RELATIONS:
                return True
            if depth == 0:
                return False
        return False

    def _drop_applied_argument(self, condition: str) -> None:
        """𝟙_{x>0}(x) is the indicator applied to x, as the seeds write it: drop the '(x)'."""
        if not self.at("(") or self.peek().space:
            return
        inner, close = self.peek(1), self.peek(2)
        if inner is None or inner.kind != "name" or close is None or close.text != ")":
            return
        own = self.own_name(inner.text)
        if own is not None and re.search(rf"\b{re.escape(own)}\b", condition):
            self.i += 3
        elif own is not None:
            self.fail(f"'({inner.text})' after an indicator has two readings: the indicator applied "
                      f"to {inner.text}, or a product; write * for a product", inner)


def _decimal_commas(toks: list[Token], functions: dict, text: str) -> list[Token]:
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
    arities = functions.get(name, (None, (1,)))[1] if name else (1,)
    if max(arities) == 1:
        decimal.update(glued)
        return
    separated = len(commas) + 1 in arities
    as_decimals = len(commas) - len(glued) + 1 in arities
    if separated and as_decimals and len(glued) < len(commas):
        a = toks[glued[0] - 1].text + "," + toks[glued[0] + 1].text
        raise ExpressionError(f"'{a}' in {name}(…) has two readings: the decimal number {a.replace(',', '.')} "
                              f"or two arguments; write {a.replace(',', '.')} with a point, or put a "
                              "space after the comma that separates arguments", text, toks[glued[0]].pos)
    if not separated and as_decimals:
        decimal.update(glued)


