"""What a run of letters names in a student's answer: a variable, a constant, a function, or
a product of names glued together.

With the question's variables, ``h3``, ``h_3`` and ``h_{3}`` are one name, and a run such as
``ax``, ``xy``, ``eo1`` or ``v_1x_1H`` is cut into them; without a list, into one-letter names
with their digits (``ax``, ``x1x2``, ``a_1a_2``). A run that cuts two ways into several names is
refused with both; a near miss of a function name (``sigmod``) is never cut into letters.

An ``x`` between two numbers (``24x10+1``, ``2 x 0,8808``) is the × sign where it cannot be a name:
in a number question (no names at all: ``variables == ()``), beside a decimal (x₀,₇₃₁ is no name),
or where x is no variable of the question; it is x₁₀ where the question has x₁₀, and refused with
both readings where x may be a variable (``24x10`` is 24×10 or 24·x₁₀). So is an x spaced apart
after a bracket or a number, where x may be a variable (``σ(x) x (1 − σ(x))``, ``2 x (1 − x)``).
"""

from __future__ import annotations

import difflib
import re

from tdgrad.errors import ExpressionError, Message

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_X_AFTER = re.compile(r"\s*([xX])\s*(?=\d|\()")
_X_ALONE = re.compile(r"\s([xX])\s+(?=[\w(\[√\\])")
WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "nu", "rho",
         "tau", "phi", "psi", "omega", "xi", "zeta", "kappa", "yhat", "pi"}
# one name of a run without a list: a Greek word or a letter, with or without its index (u_1, δ_3)
_PART = re.compile("(?:" + "|".join(sorted(WORDS, key=len, reverse=True)) + r"|[A-Za-z])(?:_\d+)?")


def _parts(word: str) -> list[str]:
    """``u_1x`` → [u_1, x], ``x_1w_1`` → [x_1, w_1]: a run that starts with an indexed name, cut
    into its names ([] otherwise: ``wdot_1`` is one name, ``ax`` is cut letter by letter elsewhere)."""
    if "_" not in word or not re.fullmatch(f"(?:{_PART.pattern})+", word):
        return []
    found = _PART.findall(word)
    return found if len(found) > 1 and "_" in found[0] else []  # not wdot_1: a name of its own


class Names:
    """The names one question knows: its variables (or none) and the students' functions."""

    def __init__(self, variables: tuple[str, ...] | None, functions: dict):
        self.variables = variables
        self.functions = functions
        self.by_key = {v.replace("_", ""): v for v in variables} if variables else {}

    def before_function(self, word: str) -> list[str]:
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
                    (rest[:1].isdigit() or self.own(rest) is not None or len(self.split(rest)) > 1):
                return f
        return None

    def unknown(self, word: str, what: str) -> Message:
        """Why ``word`` (a "function" before '(' or a "name") is refused, with a did-you-mean."""
        names = [f for f in self.functions if "_" not in f] + list(self.variables or ())
        close = [n for n in names if n.lower() == word.lower()] or difflib.get_close_matches(word, names, 1, 0.6)
        if close and re.fullmatch(r"[A-Za-z]_?\d+", word) and close[0][:1] != word[:1]:
            close = []  # a_1 is no typo of v_1: another name of the statement, most likely
        hint = Message(" — did you mean {name}?", {"name": close[0]}) if close else ""
        if what == "function":
            return Message("unknown function '{word}'{hint} (for a product, write the factors with *)",
                           {"word": word, "hint": hint})
        known = Message(" (variables: {names})", {"names": ", ".join(sorted(self.variables))}) if self.variables else ""
        return Message("unknown name '{word}'{hint}{known}", {"word": word, "hint": hint, "known": known})

    def times_x(self, text: str) -> str:
        """``text`` with each ``x`` that stands for × between two numbers written ``*`` (same length:
        positions stay); an error naming both readings where x may also be a variable."""
        out, times = list(text), set()
        for m in NUMBER.finditer(text):
            before = text[:m.start()].rstrip()
            if before and (before[-1].isalnum() or before[-1] in "_.,") and len(before) - 1 not in times:
                continue  # part of a name (h3, x_10) or of a longer number
            after = _X_AFTER.match(text, m.end())
            if not after:
                continue
            x, right = after.start(1), NUMBER.match(text, after.end())
            if right is None and self.variables != ():
                continue  # 5x(…) with letters about: the product 5·x·(…) as written
            decimal = not m.group().isdigit() or (right is not None and not right.group().isdigit())
            name = text[x] + (right.group() if right and right.group().isdigit() else "")
            if self.variables and self.own(name) is not None and name != text[x]:
                continue  # x10 where the question has x_10
            letter_free = self.variables == () or (self.variables and self.own(text[x]) is None)
            if not (letter_free or (self.variables is None and decimal)):
                shown = text[m.start():right.end()] if right else text[m.start():x + 1]
                typed = f"{m.group()}*{right.group()}" if right else f"{m.group()}*…"
                raise ExpressionError("'{text}' has two readings: {product} or {names}; write {typed} for the "
                                      "product of numbers", text, m.start(), text=shown,
                                      product=typed.replace("*", "×"), typed=typed,
                                      names=f"{m.group()}·{self.own(name) or name}"
                                      if self.variables is None else f"{m.group()}·{text[x]}·{right.group() if right else '…'}")
            times.add(x)
            out[x] = "*"
        for m in _X_ALONE.finditer(text):  # σ(x) x (1 − σ(x)), -e x o_1, 2 x σ(2): an x spaced apart
            x, before = m.start(1), text[:m.start()].rstrip()
            if x in times or not before or not (before[-1].isalnum() or before[-1] in ")]}'_"):
                continue
            if self.variables == () or (self.variables and self.own(text[x]) is None):
                out[x] = "*"  # no name x here: the × sign
            elif before[-1] in ")]}" or before[-1].isdigit():
                number = re.search(r"\d+(?:[.,]\d+)?$", before)
                shown = f"{number.group() if number else before[-1]} {text[x]} {text[m.end()]}"
                raise ExpressionError("'{text}' has two readings: the variable {x} or the × sign; write * for a "
                                      "product (and {x} with no space for the variable: {x}(…), 2{x})",
                                      text, x, text=shown, x=text[x])
        return "".join(out)

    def own(self, word: str) -> str | None:
        """The variable or constant ``word`` names: h3, h_3 and h_{3} are one name (h_3 when the
        question gives no list)."""
        if word == "E" and not (self.variables and "E" in self.variables):
            word = "e"  # as SymPy prints e, and as some students type it
        if self.variables:
            return self.by_key.get(word.replace("_", "")) or (word if word in ("e", "pi") else None)
        if word in WORDS or word == "e" or ("_" in word and not _parts(word)):
            return word
        m = re.fullmatch(r"(" + "|".join(sorted(WORDS, key=len, reverse=True)) + r"|[A-Za-z])(\d*)", word)
        return None if not m else m.group(1) + ("_" + m.group(2) if m.group(2) else "")  # h3, delta3

    def split(self, word: str) -> list[str]:
        """A run of letters as a product of known names ([] when it does not split); an error when
        it splits two ways into several names."""
        found = self.splits(word)
        if len(found) > 1 and len(found[0]) > 1 and len(found[1]) > 1:
            raise ExpressionError("'{word}' splits two ways: {one} or {other}; write the product with *",
                                  word=word, one="·".join(found[0]), other="·".join(found[1]))
        return found[0] if found else []

    def splits(self, word: str) -> list[list[str]]:
        """Up to two ways of cutting ``word`` into the question's names (or, with no list, into
        one-letter names with their digits: ``ax``, ``x1x2``, ``a_1a_2``)."""
        if self.variables:
            names = set(self.by_key) | ({"e", "pi"} - set(self.by_key))
            key = word.replace("_", "")
        elif "_" in word:
            return [_parts(word) or [word]]
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
            return []  # 'sigmod' is a misspelt function, not s·i·g·m·o·d
        return found
