"""A TD specification: a TOML file read into frozen records, with errors that name file and field.

    title = "TD n°1"            # optional: course, language ("fr" | "en"), seed,
    title_en = "Tutorial 1"     # title_en, course_en: what English sheets show (--lang en)
    [[exercise]]
    kind = "mlp"                # see `tdgrad list`
    layers = [2, 2, 1]          # any field left out is drawn at random

Every table is checked against its declared schema when the file is loaded (``TOP`` here, each
kind's ``FIELDS`` in its module; see ``schema.py``), so a mistake stops the run before anything is
drawn. ``Fields`` is what an exercise then uses to read its own table.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdgrad import schema
from tdgrad.errors import ExpressionError, SpecError

LANGUAGES = ("fr", "en")
MAX_EXERCISES = 20
TOP = {
    "title": schema.Text(drawn=False, default="TD", help="the sheet's title"),
    "course": schema.Text(drawn=False, default="", help="the course, in every page header"),
    "title_en": schema.Text(drawn=False, default=None, help="the title of English sheets"),
    "course_en": schema.Text(drawn=False, default=None, help="the course of English sheets"),
    "language": schema.Choice(LANGUAGES, drawn=False, default="fr"),
    "seed": schema.Integer(0, 2**32 - 1, drawn=False, default=1,
                           help="the random draws' seed (--seed overrides it)"),
    "exercise": schema.ListOf(schema.Table({}), 1, MAX_EXERCISES, drawn=False,
                              help="one [[exercise]] table per exercise, each with a 'kind'"),
}


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
    title_en: str | None = None  # the English sheets' title and course (else the main ones)
    course_en: str | None = None

    def title_in(self, lang: str) -> str:
        return (self.title_en if lang == "en" else None) or self.title

    def course_in(self, lang: str) -> str:
        return (self.course_en if lang == "en" else None) or self.course

    @property
    def stem(self) -> str:
        return self.path.stem


def load(path: str | Path) -> Spec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        if text.startswith("\ufeff"):
            raise SpecError(f"{path.name}: the file starts with a byte-order mark (BOM); save it as "
                            "UTF-8 without BOM (in Notepad: 'UTF-8', not 'UTF-8 with BOM')")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise SpecError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: not valid TOML: {exc}") from None
    tables = data.get("exercise")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise SpecError(f"{path.name}: add at least one [[exercise]] table with a 'kind'")
    top = {k: v for k, v in data.items() if k != "exercise"}
    read = schema.validate(TOP, {**top, "exercise": [{} for _ in tables]}, path.name)
    return Spec(path, read["title"], read["course"], read["language"], read["seed"],
                tuple(_exercises(tables, path.name)), read.get("title_en"), read.get("course_en"))


EVERY_KIND = {  # fields any exercise may have, whatever its kind
    "points": schema.Number(positive=True, drawn=False, absent="one point per answer",
                            help="the exercise's mark, shared by its answers"),
}


def _exercises(tables: list[dict], name: str):
    from tdgrad.exercises import EXERCISES

    for i, table in enumerate(tables, start=1):
        kind = table.get("kind")
        if not isinstance(kind, str):
            raise SpecError(f"{name}: exercise {i}: missing 'kind' (see `tdgrad list`)")
        where = f"{name}: exercise {i} ({kind})"
        unit = EXERCISES.get(kind)
        if unit is None:
            raise SpecError(f"{where}: unknown kind '{kind}'{schema.suggest(kind, EXERCISES)} "
                            f"(known: {', '.join(EXERCISES)}; see `tdgrad list`)")
        schema.validate({**unit.FIELDS, **EVERY_KIND}, table, where)
        yield ExerciseSpec(kind, {k: v for k, v in table.items() if k != "kind"}, where)


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
