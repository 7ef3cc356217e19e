"""N distinct variants of one TD: print-ready PDFs, answer keys, a Moodle export.

Variant i (1…N) is named ``V001``… and drawn with the seed ``seed_for(S, i, attempt)``, the first
32-bit word of ``numpy.random.SeedSequence([S, i, attempt])``; ``attempt`` goes up only when a draw
repeats an earlier variant's parameters, so the same command gives the same files. The symbolic work
is cached per exercise family and architecture: variants only evaluate and render. All statements go
into one LaTeX document (each variant on an odd page, a bookmark each) and all corrections into
another, typeset on every core in chunks of variants (typeset.py), the answer keys and the Moodle
questions made meanwhile, moodle.xml's figures cut from the statements' chunks (moodle/crop.py);
``--split`` adds one PDF per variant. Everything is written into a scratch directory and moved into place at the end: an interrupted or failed run leaves the previous
outputs or nothing, never a half-written set.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tdgrad import answers, spreadsheet
from tdgrad.errors import SpecError
from tdgrad.moodle import Quiz, crop
from tdgrad.pipeline import Variant, documents, make_variant
from tdgrad.render import render
from tdgrad.spec import Spec
from tdgrad.publish import Publication
from tdgrad.typeset import compile_all

MAX_ATTEMPTS = 50  # redraws of one variant before the parameter space is declared too small
MAX_VARIANTS = 1000  # one print-ready file each for statements and corrections
OUTPUTS = ("enonces.pdf", "corriges.pdf", "enonces.tex", "corriges.tex", "answer-key.json",
           "answer-key.csv", "moodle.xml", "variants")


def seed_for(seed: int, i: int, attempt: int = 0) -> int:
    return int(np.random.SeedSequence([seed, i, attempt]).generate_state(1)[0])


@dataclass(frozen=True)
class Batch:
    spec: Spec
    seed: int
    lang: str
    variants: tuple  # of Variant, each with .id

    def key(self) -> dict:
        """``answer-key.json`` (written and read back by tdgrad.answers)."""
        return answers.batch_json(self)


@dataclass(frozen=True)
class NamedVariant(Variant):
    id: str = ""


def draw(spec: Spec, n: int, seed: int, lang: str, progress=None) -> Batch:
    """N variants with pairwise different parameters (or a SpecError saying the space is too small)."""
    seen: dict[str, str] = {}
    out = []
    for i in range(1, n + 1):
        vid = f"V{i:0{max(3, len(str(n)))}d}"
        for attempt in range(MAX_ATTEMPTS):
            v = make_variant(spec, seed_for(seed, i, attempt), lang)
            signature = json.dumps([e.solution.params for e in v.exercises], sort_keys=True)
            if signature not in seen:
                break
        else:
            raise SpecError(f"{spec.path.name}: only {len(seen)} distinct variants could be drawn "
                            f"({vid} repeats {seen[signature]} after {MAX_ATTEMPTS} draws): leave more "
                            "values to be drawn in the spec, or ask for fewer variants")
        seen[signature] = vid
        out.append(NamedVariant(v.spec, v.seed, v.lang, v.exercises, id=vid))
        if progress:
            progress(i, n)
    return Batch(spec, seed, lang, tuple(out))


def key_csv(key: dict) -> str:
    """``answer-key.csv``: one row per answer of every variant, from the serialized key."""
    return spreadsheet.text(answers.csv_rows(key), answers.CSV_COLUMNS)


def run(spec: Spec, n: int, out: Path, seed: int | None = None, lang: str | None = None,
        jobs: int | None = None, tex_only: bool = False, split: bool = False, quiet: bool = False,
        timings: dict | None = None) -> Path:
    """Draw, render and typeset a batch into ``out/<spec stem>``; ``timings`` (if given) receives
    the seconds spent in each stage (bench/bench_batch.py prints them)."""
    if not 1 <= n <= MAX_VARIANTS:
        raise SpecError(f"--variants: ask for 1 to {MAX_VARIANTS} variants, not {n}")
    seed = spec.seed if seed is None else seed
    lang = lang or spec.language
    jobs = jobs or os.cpu_count() or 2
    clock = Clock(timings)
    bar = Progress(quiet)
    batch = draw(spec, n, seed, lang, clock.first_variant(bar.update))
    bar.done()
    clock.lap("evaluation")
    target = Path(out) / spec.stem
    with Publication(target, OUTPUTS) as scratch:
        # the statements mark their figures' boxes: moodle.xml crops them from enonces.pdf
        texts = {name: render("batch.tex.j2", lang, variants=batch.variants, spec=spec, solution=sol,
                              marks=() if sol else crop.ENVIRONMENTS)
                 for name, sol in (("enonces", False), ("corriges", True))}
        for name, text in texts.items():
            (scratch / f"{name}.tex").write_text(text, encoding="utf-8")
        if split:
            for v in batch.variants:
                folder = scratch / "variants" / v.id
                folder.mkdir(parents=True)
                for name, text in documents(v).items():
                    (folder / f"{name}.tex").write_text(text, encoding="utf-8")
        clock.lap("rendering")

        quiz = []

        def keys() -> None:
            key = batch.key()
            (scratch / "answer-key.json").write_text(json.dumps(key, indent=1, ensure_ascii=False) + "\n",
                                                     encoding="utf-8")
            (scratch / "answer-key.csv").write_text(key_csv(key), encoding="utf-8")
            clock.lap("keys")
            quiz.append(Quiz(batch, texts))  # its questions; the figures come with enonces.pdf
            clock.lap("moodle")

        if tex_only:
            keys()
            figures = None
        else:  # the keys and the questions are made while LaTeX runs
            figures = _typeset(scratch, texts, batch, split, jobs, keys, timings)
            clock.last = time.perf_counter()  # compile_all timed LaTeX itself
        (scratch / "moodle.xml").write_text(quiz[0].xml(figures=not tex_only, crops=figures), encoding="utf-8")
        clock.lap("moodle")
    return target


def _typeset(scratch: Path, texts: dict, batch: Batch, split: bool, jobs: int, meanwhile,
             timings: dict | None) -> list:
    """The PDFs, and the statement figures cropped from enonces.pdf's chunks, in order."""
    work = [(text, scratch / f"{name}.pdf", name) for name, text in texts.items()]
    if split:
        work += [((scratch / "variants" / v.id / f"{name}.tex").read_text(encoding="utf-8"),
                  scratch / "variants" / v.id / f"{name}.pdf", f"{v.id}/{name}")
                 for v in batch.variants for name in ("enonce", "corrige")]
    done = compile_all([(text, pdf, crop.crop) if name == "enonces" else (text, pdf) for text, pdf, name in work],
                       jobs, _which_variant, meanwhile, timings)
    return [figure for chunk in done[0] for figure in chunk]


def _which_variant(text: str, error: Exception) -> str:
    """Name the variant whose lines the LaTeX error points to (l.NNN in the log)."""
    import re

    m = re.search(r"l\.(\d+)", str(error))
    if not m:
        return ""
    lines = text.splitlines()[: int(m.group(1))]
    marks = [line.split()[-1] for line in lines if line.startswith("% tdgrad-variant")]
    return f"variant {marks[-1]}: " if marks else ""


class Clock:
    """Seconds per stage into ``timings`` (nothing when it is None). The first variant's draw is
    ``derivation`` (the symbolic work, cached for the others), the other draws ``evaluation``."""

    def __init__(self, timings: dict | None):
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now

    def first_variant(self, progress):
        def update(i: int, n: int) -> None:
            if i == 1:
                self.lap("derivation")
            progress(i, n)
        return update


class Progress:
    """A one-line progress bar on a terminal, for runs longer than a second; silent otherwise."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and sys.stderr.isatty()
        self.start = time.monotonic()
        self.shown = False

    def update(self, i: int, n: int) -> None:
        if self.enabled and (self.shown or time.monotonic() - self.start > 1.0):
            self.shown = True
            filled = int(30 * i / n)
            sys.stderr.write(f"\rvariants [{'#' * filled}{'.' * (30 - filled)}] {i}/{n}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
