"""spec → variant (draw, derive, check) → LaTeX → files: the exercise path, end to end.

Everything is computed and checked in memory before the first byte is written; the set of files
is built in a scratch folder and moved in at the end (``publish.Publication``), so an interrupted
or failed run leaves the previous set whole. Each exercise draws from its own generator, seeded by (seed, exercise number): the same
spec and seed give byte-identical output.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tdgrad import schema
from tdgrad.answers import Answer, variant_json, with_points
from tdgrad.check import verify
from tdgrad.errors import SpecError
from tdgrad.exercises import EXERCISES
from tdgrad.exercises.base import Solution
from tdgrad.render import render
from tdgrad.spec import Fields, Spec
from tdgrad.publish import Publication
from tdgrad.typeset import compile_all

OUTPUTS = ("enonce.tex", "corrige.tex", "answers.json", "enonce.pdf", "corrige.pdf")

MAX_DRAWS = 200  # random draws tried before giving up on a degenerate exercise


@dataclass(frozen=True)
class Exercise:
    number: int
    kind: str
    title: str
    solution: Solution
    points: float | None = None  # the spec's mark for the exercise (None: one point per answer)

    @property
    def answers(self) -> list[Answer]:
        """The answer key of this exercise, points scaled to the spec's mark."""
        return with_points(list(self.solution.answers.values()), self.points)


@dataclass(frozen=True)
class Variant:
    spec: Spec
    seed: int
    lang: str
    exercises: tuple[Exercise, ...]

    def answers(self) -> dict:
        """``answers.json`` (tdgrad.answers writes it, and every reader reads it back from there)."""
        return variant_json(self)


def solve_exercise(spec: Spec, number: int, seed: int, lang: str) -> Exercise:
    ex = spec.exercises[number - 1]
    unit = EXERCISES.get(ex.kind)
    if unit is None:
        raise SpecError(f"{ex.where}: unknown kind '{ex.kind}' (known: {', '.join(EXERCISES)}; "
                        "see `tdgrad list`)")
    rng = np.random.default_rng([seed, number])
    drawn = any(key not in ex.fields for key in schema.drawn(unit.FIELDS))
    for _ in range(MAX_DRAWS if drawn else 1):
        fields = Fields(ex.fields, ex.where)
        points = fields.number("points")  # any kind: the exercise's mark (answers share it)
        params = unit.generate(fields, rng)
        fields.finish()
        solution = unit.solve(params, ex.where)
        if solution.degenerate is None or not drawn:
            break
    else:
        raise SpecError(f"{ex.where}: no usable random draw in {MAX_DRAWS} tries "
                        f"({solution.degenerate}); fix some of the values in the spec")
    undefined = next((q for a in solution.answers.values() for q, v in _numbers(a.exact, a.id)
                      if not math.isfinite(v)), None)
    if undefined is not None:  # only fixed values get here: a drawn one is drawn again
        raise SpecError(f"{ex.where}: with the values given, '{undefined}' is not a finite number "
                        f"({solution.degenerate or 'overflow'}); change "
                        f"{', '.join(repr(k) for k in schema.drawn(unit.FIELDS) if k in ex.fields)}")
    verify(solution.claims)
    return Exercise(number, ex.kind, unit.TITLE[lang], solution, points)


def _numbers(value, name: str = ""):
    """(question, number) for every number in the answers, nested lists and tables included."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _numbers(v, f"{name}.{k}" if name else str(k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _numbers(v, f"{name}[{i}]")
    elif isinstance(value, float):
        yield name, value


def make_variant(spec: Spec, seed: int | None = None, lang: str | None = None) -> Variant:
    seed = spec.seed if seed is None else seed
    if not 0 <= seed <= 2**32 - 1:
        raise SpecError(f"--seed: expected an integer between 0 and {2**32 - 1}, got {seed}")
    lang = lang or spec.language
    exercises = tuple(solve_exercise(spec, i, seed, lang)
                      for i in range(1, len(spec.exercises) + 1))
    return Variant(spec, seed, lang, exercises)


def documents(variant: Variant) -> dict[str, str]:
    """The two renderings of the same exercises: worksheet and correction."""
    return {name: render("document.tex.j2", variant.lang, variant=variant, spec=variant.spec,
                         exercises=variant.exercises, solution=solution)
            for name, solution in (("enonce", False), ("corrige", True))}


def generate(spec: Spec, out: Path, seed: int | None = None, lang: str | None = None,
             tex_only: bool = False) -> Path:
    """Write enonce/corrige (.tex, .pdf) and answers.json into ``out/<spec stem>/``."""
    variant = make_variant(spec, seed, lang)
    texts = documents(variant)
    target = Path(out) / spec.stem
    # the whole set is built aside and moved in at the end: a LaTeX failure, a full disk or an
    # interruption leaves the previous set whole; stale PDFs go when a --tex-only set replaces it
    with Publication(target, OUTPUTS) as scratch:
        for name, text in texts.items():
            (scratch / f"{name}.tex").write_text(text, encoding="utf-8")
        (scratch / "answers.json").write_text(
            json.dumps(variant.answers(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if not tex_only:
            compile_all([(text, scratch / f"{name}.pdf") for name, text in texts.items()], 2)
    return target
