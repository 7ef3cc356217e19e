"""Declarative spec schemas: what each field of a TD may hold, checked before anything is drawn.

Each exercise module declares ``FIELDS``, a literal ``{name: type}`` read top to bottom; the spec's
top level has ``spec.TOP``. One table serves every reader: ``validate`` (one line naming file,
exercise and field, with the right spelling for an unknown key), the README's field table and
``tdgrad list --help`` (``describe``, ``markdown``), and the pipeline (``drawn``: which fields are
drawn at random when the spec leaves them out).

A size or a bound may name another field, read in the same table: ``"layers[0]"``,
``"len(data)"``, ``"len(layers)-1"``. A reference to a field left out uses its ``default``; if it
has none (the field is drawn), the check waits for the exercise's own reading of the drawn value.

>>> FIELDS = {"layers": ListOf(Integer(1, 16), 2, 5, default=[2, 2, 1], drawn=False),
...           "x": ListOf(Number(-100, 100), "layers[0]")}
>>> validate(FIELDS, {"layers": [3, 1], "x": [1, 2]}, "td.toml: exercise 1 (mlp)")
Traceback (most recent call last):
...
tdgrad.errors.SpecError: td.toml: exercise 1 (mlp): field 'x': expected a list of 3 numbers in [-100, 100], got 2 values
>>> validate(FIELDS, {"layer": [2, 1]}, "td.toml: exercise 1 (mlp)")
Traceback (most recent call last):
...
tdgrad.errors.SpecError: td.toml: exercise 1 (mlp): unknown field 'layer': did you mean 'layers'? (known: layers, x)
"""

from __future__ import annotations

import difflib
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from tdgrad.errors import ExpressionError, SpecError

Bound = int | float | str | None  # a number, or a reference to another field


class Invalid(Exception):
    """A value that does not fit its type; ``path`` grows as the error leaves nested values."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.message, self.path = message, path


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_REF = re.compile(r"(len\()?([a-z_][a-z0-9_]*)\)?(?:\[(-?\d+)\])?([+-]\d+)?\Z")


def resolve(bound: Bound, known: dict[str, Any]) -> int | float | None:
    """A bound as a number, or None when it names a field whose value is not known yet."""
    if bound is None or isinstance(bound, (int, float)):
        return bound
    m = _REF.match(bound)
    if not m:
        raise ValueError(f"bad reference {bound!r}")
    value: Any = known.get(m.group(2))
    try:
        if m.group(1):
            value = len(value)
        if m.group(3) is not None:
            value = value[int(m.group(3))]
    except (TypeError, IndexError):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value + int(m.group(4) or 0)


@dataclass(frozen=True, kw_only=True)
class Type:
    help: str = ""
    drawn: bool = True  # drawn at random when left out (else ``default`` applies)
    default: Any = None
    absent: str = ""  # what happens when left out, for the documentation, if not the default

    def check(self, value: Any, known: dict[str, Any]) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


def _range(low: Bound, high: Bound) -> str:
    if low is None and high is None:
        return ""
    if high is None:
        return f" ≥ {low}"
    if low is None:
        return f" ≤ {high}"
    return f" in [{low}, {high}]"


@dataclass(frozen=True)
class Number(Type):
    low: Bound = None
    high: Bound = None
    positive: bool = False  # strictly above 0 (a learning rate)

    def check(self, value, known):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(f"expected {self.describe()}, got {_show(value)}")
        if not math.isfinite(value):
            raise Invalid(f"expected a finite number, got {value}")
        low, high = resolve(self.low, known), resolve(self.high, known)
        if (self.positive and value <= 0) or (low is not None and value < low) or (
                high is not None and value > high):
            raise Invalid(f"expected {self.describe()}, got {value}")
        return float(value)

    def describe(self):
        if self.positive:
            return f"a number > 0{_range(None, self.high).replace(' ≤', ' and ≤')}"
        return f"a number{_range(self.low, self.high)}"


@dataclass(frozen=True)
class Integer(Type):
    low: Bound = None
    high: Bound = None

    def check(self, value, known):
        low, high = resolve(self.low, known), resolve(self.high, known)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"expected an integer{_range(low, high)}, got {_show(value)}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise Invalid(f"expected an integer{_range(low, high)}, got {value}")
        return value

    def describe(self):
        return f"an integer{_range(self.low, self.high)}"


@dataclass(frozen=True)
class Choice(Type):
    options: tuple[str, ...] = ()

    def check(self, value, known):
        if not isinstance(value, str) or value not in self.options:
            raise Invalid(f"expected one of {', '.join(self.options)}, got {_show(value)}"
                          + suggest(value, self.options))
        return value

    def describe(self):
        return "one of " + ", ".join(f"'{o}'" for o in self.options)


# Characters pdflatex typesets with T1 + utf8 inputenc: Latin letters and a few typographic marks.
_TYPOGRAPHY = set("–—‘’“”«»…€•")


@dataclass(frozen=True)
class Text(Type):
    max_length: int = 200

    def check(self, value, known):
        if not isinstance(value, str):
            raise Invalid(f"expected text in quotes, got {_show(value)}")
        if len(value) > self.max_length:
            raise Invalid(f"at most {self.max_length} characters, got {len(value)}")
        for i, c in enumerate(value):
            if unicodedata.category(c).startswith("C") or (ord(c) > 0x17F and c not in _TYPOGRAPHY):
                name = unicodedata.name(c, f"U+{ord(c):04X}")
                raise Invalid(f"character {i + 1} ({name}) cannot be typeset by LaTeX; "
                              "use letters, digits and ordinary punctuation")
        return value

    def describe(self):
        return f"text (at most {self.max_length} characters)"


@dataclass(frozen=True)
class Expression(Type):
    """A formula read by tdgrad's whitelisting parser; it must have a variable to differentiate."""

    def check(self, value, known):
        from tdgrad.parse import parse_expression

        if not isinstance(value, str):
            raise Invalid(f"expected a formula in quotes such as \"x1*x2 + sin(x1)\", got {_show(value)}")
        try:
            expr = parse_expression(value)
        except ExpressionError as exc:
            raise Invalid(str(exc)) from None
        if not expr.free_symbols:
            raise Invalid(f"'{value}' has no variable: there is nothing to differentiate")
        return sorted(str(s) for s in expr.free_symbols)  # the variables, for fields that follow

    def describe(self):
        return "a formula in quotes (+ - * / ^, exp log sqrt sin cos tanh sigmoid relu …)"


@dataclass(frozen=True)
class Point(Type):
    """A value for each variable of the expression in field ``of``: ``{ x1 = 2, x2 = 5 }``."""

    of: str = "expression"
    coordinate: Number = Number(-1000, 1000)

    def check(self, value, known):
        names = known.get(self.of)
        example = "{ " + ", ".join(f"{n} = 1" for n in names or ["x1", "x2"]) + " }"
        if not isinstance(value, dict):
            raise Invalid(f"expected a table such as at = {example}, got {_show(value)}")
        if names is not None and set(value) != set(names):
            raise Invalid(f"give a number for each of {', '.join(names)} and nothing else, "
                          f"e.g. at = {example}")
        out = {}
        for name, v in value.items():
            try:
                out[name] = self.coordinate.check(v, known)
            except Invalid as exc:
                raise Invalid(exc.message, f".{name}") from None
        return out

    def describe(self):
        return f"a table {{ name = value }}, one per variable, each {self.coordinate.describe()}"


@dataclass(frozen=True)
class Variable(Type):
    """One of the variables of the expression in field ``of``."""

    of: str = "expression"

    def check(self, value, known):
        names = known.get(self.of) or []
        if value not in names:
            raise Invalid(f"expected one of the variables {', '.join(names)}, got {_show(value)}")
        return value

    def describe(self):
        return f"a variable of '{self.of}'"


@dataclass(frozen=True)
class ListOf(Type):
    item: Type
    length: Bound = None  # the exact length, or the least with ``max_length``
    max_length: Bound = None
    unique: bool = False
    scalar: bool = False  # a bare number stands for a list of one (``y = 0.5``)

    def bounds(self, known) -> tuple[int | float | None, int | float | None]:
        low = resolve(self.length, known)
        return (low, low if self.max_length is None else resolve(self.max_length, known))

    def check(self, value, known):
        low, high = self.bounds(known)
        if self.scalar and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list):
            raise Invalid(f"expected {self._what(low, high)}, got {_show(value)}")
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            raise Invalid(f"expected {self._what(low, high)}, got {len(value)} values")
        out = []
        for i, v in enumerate(value):
            try:
                out.append(self.item.check(v, known))
            except Invalid as exc:
                raise Invalid(exc.message, f"[{i}]{exc.path}") from None
        if self.unique and len(set(map(repr, out))) < len(out):
            raise Invalid("each value at most once")
        return out

    def _what(self, low, high) -> str:
        item = self.item.describe()
        for single, plural in (("a number", "numbers"), ("an integer", "integers")):
            if item.startswith(single):
                item = plural + item[len(single):]
                break
        else:
            item = f"values, each {item}"
        if low == high == 1:
            return f"one value: {self.item.describe()}"
        if low is not None and low == high:
            return f"a list of {low} {item}"
        return f"a list of {low or 0} to {high if high is not None else 'any number of'} {item}"

    def describe(self):
        low = self.length if self.length is not None else 0
        high = self.max_length if self.max_length is not None else self.length
        size = f"{low}" if low == high else f"{low}…{high if high is not None else '∞'}"
        one = " (or one number)" if self.scalar else ""
        return f"a list of {size}{one}: each {self.item.describe()}"


@dataclass(frozen=True)
class Tuple(Type):
    """A fixed-length list whose positions have their own types: ``[x, y]``, ``[N, P, K]``."""

    items: tuple[Type, ...] = ()

    def check(self, value, known):
        if not isinstance(value, list) or len(value) != len(self.items):
            raise Invalid(f"expected {self.describe()}, got {_show(value)}")
        out = []
        for i, (t, v) in enumerate(zip(self.items, value)):
            try:
                out.append(t.check(v, known))
            except Invalid as exc:
                raise Invalid(exc.message, f"[{i}]{exc.path}") from None
        return out

    def describe(self):
        return "[" + ", ".join(t.help or t.describe() for t in self.items) + "]"


@dataclass(frozen=True)
class Table(Type):
    """A TOML inline table with its own fields (``{ x = [1, 2], y = 0 }``); no other keys."""

    fields: dict[str, Type] = field(default_factory=dict)

    def check(self, value, known):
        if not isinstance(value, dict):
            raise Invalid(f"expected a table {self.describe()}, got {_show(value)}")
        unknown = sorted(set(value) - set(self.fields))
        if unknown:
            raise Invalid(unknown_message(unknown[0], self.fields))
        out = {}
        for name, t in self.fields.items():
            if name not in value:
                raise Invalid(f"missing '{name}' ({t.describe()})")
            try:
                out[name] = t.check(value[name], known)
            except Invalid as exc:
                raise Invalid(exc.message, f".{name}{exc.path}") from None
        return out

    def describe(self):
        return "{ " + ", ".join(f"{k} = …" for k in self.fields) + " }"


@dataclass(frozen=True)
class PerLayer(Type):
    """One weight matrix (rows = neurons) or bias vector per layer, shapes from the layer sizes."""

    sizes: str | tuple[str, ...] = "layers"
    matrix: bool = True
    entry: Number = Number(-100, 100)

    def shapes(self, known) -> list[tuple[int, ...]] | None:
        sizes = ([resolve(s, known) for s in self.sizes] if isinstance(self.sizes, tuple)
                 else known.get(self.sizes))
        if sizes is None or any(s is None for s in sizes):
            return None
        return [(n, p) if self.matrix else (n,) for p, n in zip(sizes, sizes[1:])]

    def check(self, value, known):
        shapes = self.shapes(known)
        kind = "matrix" if self.matrix else "vector"
        want = (f" of shapes {', '.join('×'.join(map(str, s)) for s in shapes)}"
                if shapes else "")
        problem = f"expected one {kind} per layer{want} (rows = the layer's neurons)"
        if not isinstance(value, list) or (shapes and len(value) != len(shapes)):
            raise Invalid(f"{problem}, got {_show(value)}")
        for i, layer in enumerate(value):
            rows = layer if self.matrix else [layer]
            if not isinstance(layer, list) or not all(isinstance(r, list) for r in rows):
                raise Invalid(f"{problem}, got {_show(layer)}", f"[{i}]")
            if shapes and (len(layer) != shapes[i][0] or
                           (self.matrix and any(len(r) != shapes[i][1] for r in rows))):
                raise Invalid(problem, f"[{i}]")
            for j, row in enumerate(rows):
                for c, v in enumerate(row):
                    try:
                        self.entry.check(v, known)
                    except Invalid as exc:
                        where = f"[{i}][{j}][{c}]" if self.matrix else f"[{i}][{c}]"
                        raise Invalid(exc.message, where) from None
        return value

    def describe(self):
        what = "weight matrix (rows = neurons)" if self.matrix else "bias vector"
        return f"one {what} per layer, each entry {self.entry.describe()}"


def suggest(word: str, known) -> str:
    """': did you mean 'activations'?' for 'activation', or '' when nothing is close."""
    near = difflib.get_close_matches(str(word), list(known), n=1, cutoff=0.6)
    return f": did you mean '{near[0]}'?" if near else ""


def unknown_message(key: str, known) -> str:
    return f"unknown field '{key}'{suggest(key, known)} (known: {', '.join(known) or 'none'})"


def validate(fields: dict[str, Type], table: dict[str, Any], where: str,
             ignore: tuple[str, ...] = ("kind",)) -> dict[str, Any]:
    """Check ``table`` against ``fields``; return what each present field was read as."""
    unknown = [k for k in table if k not in fields and k not in ignore]
    if unknown:
        raise SpecError(f"{where}: {unknown_message(unknown[0], fields)}")
    known: dict[str, Any] = {}
    for name, t in fields.items():
        if name not in table:
            if t.default is not None:  # trusted: read only so that references to it resolve
                known[name] = t.check(t.default, known)
            continue
        try:
            known[name] = t.check(table[name], known)
        except Invalid as exc:
            raise SpecError(f"{where}: field '{name}{exc.path}': {exc.message}") from None
    return known


def drawn(fields: dict[str, Type]) -> tuple[str, ...]:
    return tuple(name for name, t in fields.items() if t.drawn)


def describe(fields: dict[str, Type]) -> list[tuple[str, str, str]]:
    """(field, what it accepts, what happens when it is left out) for documentation."""
    rows = []
    for name, t in fields.items():
        accepts = f"{t.help}: {t.describe()}" if t.help else t.describe()
        if t.absent:
            absent = t.absent
        elif t.drawn:
            absent = "drawn at random"
        else:
            absent = "default " + json.dumps(t.default, ensure_ascii=False)
        rows.append((name, accepts, absent))
    return rows


def text_table(units) -> str:
    """Every kind's fields as plain text (``tdgrad list --help``)."""
    lines = []
    for unit in units:
        lines.append(f"{unit.KIND}: {unit.SUMMARY}")
        for name, accepts, absent in describe(unit.FIELDS):
            lines.append(f"    {name}: {accepts} [{absent}]")
    return "\n".join(lines)


def markdown(units) -> str:
    """The README's table of every kind's fields."""
    lines = ["| kind | field | accepts | if left out |", "| --- | --- | --- | --- |"]
    for unit in units:
        for i, (name, accepts, absent) in enumerate(describe(unit.FIELDS)):
            kind = f"`{unit.KIND}`" if i == 0 else ""
            lines.append(f"| {kind} | `{name}` | {accepts.replace('|', '/')} | {absent} |")
    return "\n".join(lines)
