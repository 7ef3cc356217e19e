"""Plain math as people write it → explicit Python-like text for ``tdgrad.parse``'s whitelist.

A small recursive-descent reader over tokens. It makes explicit what a person reads without
thinking — products side by side (``2x``, ``xy(1-y)``, ``a σ(ax)``), function arguments without
parentheses (``sin 2x`` is sin(2x), ``ln σ(x)``, ``th²x``), ``|x|``, ``√x``, ``1(a>0)``, primes,
decimal commas, French thousands — and refuses, saying which readings it sees, wherever two
readings differ: ``1/2x`` (½·x or 1/(2x)), ``e^-ax`` (e^(−ax) or e^(−a)·x), ``sin x(1-x)``,
``√2x``, ``tanx^2``, ``sin x y``. What a run of letters names is ``tdgrad.student.names``'s
business; a multi-letter name that is no function and stands before ``(`` is an error with a
did-you-mean.

It only writes text; ``tdgrad.parse.parse_expression`` builds the expression, node by node.
"""

from __future__ import annotations

import re
from typing import NoReturn, TypeGuard

from tdgrad.errors import ExpressionError, Message
from tdgrad.student import refusals
from tdgrad.syntax import MAX_DEPTH
from tdgrad.student.names import Names
from tdgrad.student.tokens import RELATIONS, Token, decimal_commas, tokens

MAX_NAME = 24  # characters in one run of letters and digits


class Reader:
    """One answer's tokens → Python-like text with explicit ``*``, ``**`` and calls."""

    def __init__(self, text: str, functions: dict, variables: tuple[str, ...] | None):
        self.text = text
        self.functions = functions
        self.variables = variables
        self.names = Names(variables, functions)
        self.toks = decimal_commas(tokens(self.names.times_x(text)), functions, text)
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
            raise ExpressionError("expected '{what}' here", self.text, where, what=text)
        self.i += 1

    def fail(self, message: str | Message, t: Token | None = None, **values) -> NoReturn:
        t = t or self.peek()
        raise ExpressionError(message, self.text, len(self.text) if t is None else t.pos, **values)

    def _span(self, a: Token, b: Token) -> str:
        return self.text[a.pos:b.pos + len(b.text)]

    def starts_operand(self, t: Token | None) -> TypeGuard[Token]:
        return t is not None and (t.kind in ("num", "name", "deriv") or t.text in ("(", "√")
                                  or (t.text == "|" and not self.in_bars))

    # -- grammar
    def read(self, condition: bool = False) -> str:
        self.in_bars = False
        out = self.condition() if condition else self.expr()
        t = self.peek()
        if t is not None:
            if t.text in RELATIONS:
                self.fail("a comparison such as a > 0 is only allowed in an indicator 1(a > 0) "
                          "or a piecewise answer such as '1 si a > 0, 0 sinon'", t)
            self.fail("unexpected '{what}'", t, what=t.text)
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
            self.fail("too deeply nested (more than {depth} levels)", depth=MAX_DEPTH)
        out = self.term()
        while self.at("+", "-"):
            op = self.take().text
            out += f" {op} {self.term()}"
        self.depth -= 1
        return out

    def term(self) -> str:
        factor = self.peek()  # where the factor a '/' divides starts: '1/2x' is quoted whole
        out = self.unary()
        while True:
            t = self.peek()
            if self.at("*", "/"):
                t = self.take()
                right = self.unary()
                out = f"{out} {t.text} {right}"
                nxt = self.peek()
                if t.text == "/" and self.starts_operand(nxt) and not nxt.space:
                    self.fail("'{text}' has two readings, a/(bc) or (a/b)·c: add parentheses", nxt,
                              text=self._span(factor or t, nxt) + ("…)" if nxt.text == "(" else ""))
            elif self.starts_operand(t):
                prev = self.toks[self.i - 1]
                if prev.kind == "num" and t.kind == "num":
                    self.fail("two numbers side by side: '{first} {second}'; write one number "
                              "(1234,5) or a product with *", t, first=prev.text, second=t.text)
                factor = t
                out = f"{out} * {self.unary()}"
            else:
                return out

    def unary(self) -> str:
        if self.at("-", "+"):
            op = self.take().text
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.fail("too deeply nested (more than {depth} levels)", depth=MAX_DEPTH)
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
        glued = self.peek()
        if glued is not None and glued.space:  # 'y^ - y' is ŷ − y typed in a hurry
            self.fail("nothing right after '^': write the exponent just after it (and ŷ as yhat)", hat)
        if self.at("("):
            out = self.postfix()
        elif self.at("-", "+") and (self.peek(1) or hat).text == "(":  # e^-(ax): the sign, then a group
            out = f"{self.take().text}{self.postfix()}"
        else:
            sign = self.take().text if self.at("-", "+") else ""
            t = self.peek()
            if t is None or t.kind not in ("num", "name"):
                self.fail("expected an exponent after '^'", t)
            out = sign + self.atom_name_or_number(in_exponent=sign or "^")
            nxt = self.peek()
            if self.starts_operand(nxt) and not nxt.space:
                self.fail("'{text}' has two readings: put the exponent in parentheses, e.g. e^({sign}…) "
                          "or write the product with *", nxt, text=self._span(hat, nxt), sign=sign)
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
            self.fail("too deeply nested (more than {depth} levels)", depth=MAX_DEPTH)
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
                self.fail("'{text}' has two readings: write √(…) around what is under the root", nxt,
                          text=self._span(t, nxt))
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
            if self.at("%"):  # 91 % is 0,91
                self.take()
                return f"({t.text} / 100)"
            return t.text
        if t.kind == "name":
            return self.name()
        self.fail("unexpected '{what}'", t, what=t.text)

    def atom_name_or_number(self, in_exponent: str = "") -> str:
        """After ``^`` (and its sign, ``in_exponent``): a number or a name; a run of letters there
        (``e^-ax``) reads two ways."""
        t = self.peek()
        if t is None:
            self.fail("expected an exponent after '^'")
        if t.kind == "num":
            self.take()
            return t.text
        if in_exponent and t.text not in self.functions and len(self.names.split(t.text)) > 1:
            sign = in_exponent.strip("^")
            self.fail("'^{exponent}' has two readings: write the exponent in parentheses, e.g. ^({exponent})",
                      t, exponent=sign + t.text)
        return self.postfix()

    # -- names
    def name(self) -> str:
        t = self.take()
        word, nxt = t.text, self.peek()
        if len(word) > MAX_NAME:
            self.fail("name too long ('{start}…', at most {most} characters)", t, start=word[:12], most=MAX_NAME)
        if word not in self.functions and word[:1].isupper() and word.lower() in self.functions \
                and len(word) > 1 and self.names.own(word) is None:
            word = word.lower()  # Exp(x), Ln(x): a phone's capital, not a new name
        if re.fullmatch(r"log\d+", word) and nxt is not None and nxt.text == "(":
            word = "log_" + word[3:]  # log2(8), log10(x): the base glued on
        if word in self.functions or re.fullmatch(r"log_[A-Za-z0-9]+", word):
            parts = self.names.split(word) if self.variables else []
            if len(parts) > 1:
                self.fail("'{word}' has two readings: the function {word} or the product {product}; "
                          "write {typed} for the product", t, word=word, product="·".join(parts),
                          typed="*".join(parts))
            return self.function(word, t)
        own = self.names.own(word)
        if own is not None:
            parts = next((p for p in self.names.splits(word) if len(p) > 1), []) if self.variables else []
            if parts:
                self.fail("'{word}' has two readings: {own} or {product}", t, word=word, own=own,
                          product="·".join(parts))
            return own
        if nxt is not None and nxt.text == "(" and not nxt.space:
            parts = (self.names.split(word) or self.names.before_function(word)) if self.variables else []
            if len(parts) < 2:
                self.fail(self.names.unknown(word, "function"), t)
            return self.reread(parts, t)
        prefix = self.names.function_prefix(word)
        parts = self.names.split(word)
        if prefix and len(parts) > 1:
            self.fail("'{word}' has two readings: {prefix} {rest} or {product}; write {prefix}(…) or the "
                      "product with *", t, word=word, prefix=prefix, rest=word[len(prefix):],
                      product="·".join(parts))
        if prefix:  # sinx, lnx, cos2x: the function applied to the rest
            rest = tokens(word[len(prefix):])
            after = self.peek()
            if after is not None and after.text == "^" and not after.space:
                self.fail("'{word}^' has two readings: {prefix}({rest})^… or {prefix}({rest}^…); write it "
                          "with parentheses", after, word=word, prefix=prefix, rest=word[len(prefix):])
            self.toks[self.i:self.i] = rest
            return self.function(prefix, t)
        if len(parts) > 1:
            return self.reread(parts, t)
        self.fail(self.names.unknown(word, "name"), t)

    def reread(self, parts: list[str], t: Token) -> str:
        """``ax`` → ``a x``: the parts become tokens of their own, so a power or a division applies
        to the last one only, as it does on paper (``wx²`` is w·x²)."""
        self.i -= 1
        self.toks[self.i:self.i + 1] = [Token("name", p, t.pos, t.space and k == 0) for k, p in enumerate(parts)]
        return self.name()

    def resolve_variable(self, word: str, t: Token) -> str:
        own = self.names.own(word) if word not in self.functions else None
        if own is None:
            self.fail("cannot derive with respect to '{word}'", t, word=word)
        return own

    def function(self, name: str, t: Token) -> str:
        """A function: called ``f(…)``, primed ``f'(x)``, powered ``f²(x)``, or applied to what
        follows without parentheses (``sin 2x``, ``ln σ(x)``)."""
        base = None
        if name.startswith("log_") and name not in self.functions:
            name, base = "log", self.names.own(name[4:]) or name[4:]
        prime = ""
        while self.at("'"):
            self.take()
            prime += "_prime"
        power = None
        if self.at("^"):
            hat = self.take()
            power = self.postfix() if self.at("(") else self.take().text
            if not re.fullmatch(r"\(?\d+\)?", power):
                self.fail("'{name}^{power}' has two readings (a power or an inverse function); "
                          "write ({name}(…))^{power} or the inverse function's name", hat, name=name, power=power)
        if prime:
            name += prime
            if name not in self.functions:
                self.fail("no derivative known for '{name}'", t, name=name[:-len(prime)])
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
        arities = self.functions[name]
        if len(args) not in arities:
            self.fail(refusals.arity(name, arities, len(args)), t)
        if name == "ind":
            self._drop_applied_argument(args[0])
        return f"{name}({', '.join(args)})"

    def no_argument(self, name: str, t: Token) -> NoReturn:
        """A function written alone: σ(1 − σ) leaves σ's argument to the reader, which
        ``text.implicit_argument`` gives only where the key has a single one."""
        if name in ("sigmoid", "sigma", "sigmoid_prime", "sigma_prime"):
            self.fail("'{name}' is written without its argument: write it each time, as in σ(z)(1 − σ(z))", t,
                      name="σ'" if name.endswith("_prime") else "σ")
        shown = f"{name.removesuffix('_prime')}'" if name.endswith("_prime") else name  # tanh', not tanh_prime
        self.fail("'{name}' is a function: write {name}(…)", t, name=shown)

    def bare_argument(self, name: str, t: Token) -> str:
        """sin 2x → 2x; ln σ(x) → σ(x); stops at an operator or the next function."""
        nxt = self.peek()
        if nxt is None or not self.starts_operand(nxt) or nxt.text == "|":
            self.no_argument(name, t)
        if nxt.kind == "name" and (nxt.text in self.functions or re.fullmatch(r"log_\w+", nxt.text)):
            return self.power()
        factors: list[str] = []
        start = self.i
        while True:
            nxt = self.peek()
            if nxt is None or nxt.kind not in ("num", "name") or nxt.text in self.functions:
                break
            if factors and nxt.space:  # sin x y: sin(xy) or sin(x)·y
                self.fail("'{text}' has two readings: write {name}(…) around the whole argument", nxt,
                          text=self._span(t, nxt), name=name)
            factors.append(self.power())
        if not factors:
            self.no_argument(name, t)
        nxt, after = self.peek(), self.peek(1)
        if nxt is not None and nxt.text == "/" and not nxt.space and after is not None and not after.space and (
                after.kind == "num" or (after.kind == "name" and after.text not in self.functions
                                        and after.text != self.toks[self.i - 1].text)):
            # th x/2 is th(x)/2 or th(x/2); sin x/x and cos x/sin x read one way only
            self.fail("'{text}' has two readings: write {name}(…) around the whole argument", after,
                      text=self._span(t, after), name=name)
        if nxt is not None and nxt.text == "(" or any(k.text == "^" for k in self.toks[start:self.i]):
            last = self.toks[self.i - 1] if nxt is None or nxt.text != "(" else nxt
            self.fail("'{text}' has two readings ({name} of the power, or the power of {name}): write "
                      "{name}(…) with the whole argument in parentheses", last, text=self._span(t, last), name=name)
        return " * ".join(factors)

    def _indicator_follows(self) -> bool:
        """``1(`` followed by a comparison at the first level: the indicator 1(a > 0)."""
        nxt = self.peek(1)
        return nxt is not None and nxt.text == "(" and self._comparison_in_group(self.i + 1)

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
        paren = self.peek()
        if paren is None or not self.at("(") or paren.space:
            return
        inner, close = self.peek(1), self.peek(2)
        if inner is None or inner.kind != "name" or close is None or close.text != ")":
            return
        own = self.names.own(inner.text)
        if own is not None and re.search(rf"\b{re.escape(own)}\b", condition):
            self.i += 3
        elif own is not None:
            self.fail("'({name})' after an indicator has two readings: the indicator applied to {name}, or a "
                      "product; write * for a product", inner, name=inner.text)


