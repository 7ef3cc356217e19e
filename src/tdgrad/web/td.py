"""One student's variant as the web page shows it: exercises, questions, references, figures.

A variant is made exactly as ``tdgrad generate --seed N`` makes it (same spec, same seed, same
numbers), so a student's page, their ``corrige.pdf`` and the grading key never disagree. Symbolic
work is cached per exercise family by the pipeline; this module caches the finished page per seed.
"""

from __future__ import annotations

import hashlib
import re
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tdgrad.answers import Answer
from tdgrad.pipeline import documents, make_variant
from tdgrad.spec import Spec
from tdgrad.web import sheet


@dataclass(frozen=True)
class Question:
    id: str  # "exercise:question", the id grade and the answer key use
    exercise: int
    item: int | None  # the statement's item it belongs to, when its id says (q3.… → 3)
    label: str
    kind: str  # "number", "expression", "array", "numpy", "text"
    reference: Answer


@dataclass(frozen=True)
class Page:
    seed: int
    lang: str
    title: str
    exercises: tuple[sheet.Exercise, ...]
    figures: tuple[str, ...]  # SVG file names, by figure number
    questions: tuple[Question, ...]

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


def seed_of(spec: Spec, student: str) -> int:
    """A student's variant: reproducible from the spec's seed and the student id."""
    digest = hashlib.sha256(f"{spec.seed}\x00{student}".encode()).digest()
    return int.from_bytes(digest[:4], "big") >> 1


def _kind(reference) -> str:
    """The answer box a question needs, from the key's type (tdgrad.answers)."""
    return {"vector": "array", "matrix": "array", "integer": "number"}.get(reference.type, reference.type)


def questions(variant) -> tuple[Question, ...]:
    out = []
    for ex in variant.exercises:
        for qid, reference in ex.solution.answers.items():
            m = re.match(r"q(\d+)\.(.+)", qid)
            item = int(m.group(1)) if m else None
            out.append(Question(f"{ex.number}:{qid}", ex.number, item, reference.text_label(variant.lang),
                                _kind(reference),
                                reference))
    return tuple(out)


class Pages:
    """The pages of one spec, made on first request and kept (figures on disk in ``cache``)."""

    def __init__(self, spec: Spec, lang: str, cache: Path):
        self.spec, self.lang, self.cache = spec, lang, cache
        self._make_once = lru_cache(maxsize=512)(self._make)
        self._locks: dict[int, threading.Lock] = {}
        self._lock = threading.Lock()
        # figures are typeset in the background, as many at once as there are cores: the page
        # shows at once, each figure when its SVG is there (see ``figure``)
        self._tex = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="tdgrad-tex")
        self._figures: dict[str, Future] = {}

    def close(self) -> None:
        """Stop typesetting: figures still queued are dropped (a restart makes them again)."""
        self._tex.shutdown(wait=False, cancel_futures=True)

    def figure(self, name: str) -> Future | None:
        """The typesetting job that makes the SVG ``name`` (done when the file is there)."""
        with self._lock:
            return self._figures.get(name)

    def get(self, seed: int) -> Page:
        """The page of a seed; concurrent first requests for it wait for one making."""
        with self._lock:
            lock = self._locks.setdefault(seed, threading.Lock())
        with lock:
            return self._make_once(seed)

    def _make(self, seed: int) -> Page:
        variant = make_variant(self.spec, seed, self.lang)
        texts = documents(variant)
        exercises, figures, preamble = sheet.convert(texts["enonce"], texts["corrige"])
        names: list[str] = []
        if figures:
            doc, names = sheet.figure_document(figures, preamble)
            with self._lock:
                if names[0] not in self._figures:
                    job = self._tex.submit(sheet.typeset_figures, doc, names, self.cache)
                    self._figures.update(dict.fromkeys(names, job))
        return Page(seed, self.lang, self.spec.title, tuple(exercises), tuple(names),
                    questions(variant))
