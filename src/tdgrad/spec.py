"""A TD specification: a TOML file read into frozen records, with errors that name file and field.

    title = "TD n°1"            # optional: course, language ("fr" | "en"), seed
    [[exercise]]
    kind = "mlp"                # see `tdgrad list`
    layers = [2, 2, 1]          # any field left out is drawn at random

``Fields`` is what an exercise uses to read its own table: typed accessors that raise one clear
``SpecError`` and remember which keys were read, so unknown keys are reported too.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdgrad.errors import ExpressionError, SpecError

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class ExerciseSpec:
    kind: str
    fields: dict[str, Any]
    where: str  # "td1.toml: exercise 2 (mlp)"


@dataclass(frozen=True)
class Spec:
    path: Path
    title: str
    course: str
    language: str
    seed: int
    exercises: tuple[ExerciseSpec, ...]

    @property
    def stem(self) -> str:
        return self.path.stem


def load(path: str | Path) -> Spec:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: not valid TOML: {exc}") from None
    top = Fields(data, path.name)
    title = top.text("title", "TD")
    spec = Spec(path, title, top.text("course", ""), top.choice("language", LANGUAGES, "fr"),
                top.integer("seed", 1), tuple(_exercises(top, path.name)))
    top.finish()
    return spec


def _exercises(top: Fields, name: str):
    tables = top.raw("exercise", [])
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise SpecError(f"{name}: add at least one [[exercise]] table with a 'kind'")
    for i, table in enumerate(tables, start=1):
        kind = table.get("kind")
        if not isinstance(kind, str):
            raise SpecError(f"{name}: exercise {i}: missing 'kind' (see `tdgrad list`)")
        yield ExerciseSpec(kind, {k: v for k, v in table.items() if k != "kind"},
                           f"{name}: exercise {i} ({kind})")


class Fields:
    """Typed, recorded access to one TOML table; every error names ``where`` and the field."""

    def __init__(self, table: dict[str, Any], where: str):
        self.table, self.where, self.used = table, where, {"kind"}

    def error(self, key: str, message: str) -> SpecError:
        return SpecError(f"{self.where}: field '{key}': {message}")

    def has(self, key: str) -> bool:
        return key in self.table

    def raw(self, key: str, default=None):
        self.used.add(key)
        return self.table.get(key, default)

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.raw(key, default)
        if value is not None and not isinstance(value, str):
            raise self.error(key, f"expected text, got {value!r}")
        return value

    def choice(self, key: str, options, default=None):
        value = self.raw(key, default)
        if value is not None and value not in options:
            raise self.error(key, f"expected one of {', '.join(map(str, options))}, got {value!r}")
        return value

    def integer(self, key: str, default=None, low=None, high=None):
        value = self.raw(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected an integer, got {value!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.error(key, f"expected an integer between {low} and {high}, got {value}")
        return value

    def number(self, key: str, default=None) -> float | None:
        value = self.raw(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"expected a number, got {value!r}")
        return float(value)

    def numbers(self, key: str, length: int | None = None) -> tuple[float, ...] | None:
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            raise self.error(key, f"expected a list of numbers, got {value!r}")
        if length is not None and len(value) != length:
            raise self.error(key, f"expected {length} numbers, got {len(value)}")
        return tuple(float(v) for v in value)

    def expression(self, key: str, default: str | None = None, variables=None):
        from tdgrad.parse import parse_expression

        text = self.text(key, default)
        if text is None:
            return None
        try:
            return parse_expression(text, variables)
        except ExpressionError as exc:
            raise self.error(key, str(exc)) from None

    def finish(self) -> None:
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            known = ", ".join(sorted(self.used - {"kind"})) or "none"
            raise SpecError(f"{self.where}: unknown field '{unknown[0]}' (known here: {known})")
