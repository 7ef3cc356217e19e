"""Students' text checked off the event loop, in the bounded runner, many at a time.

Every request that reads a student's text (a preview, an answer, a derivation) becomes a task of
one long-lived ``runner.Pool``: a worker process with a time and memory limit, so a pathological
answer costs its author an "undecided" and nobody else anything. A dispatcher thread hands the pool
whatever has queued up since its last round, so concurrent students share all the cores.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from concurrent.futures import Future
from typing import Callable

import sympy as sp

from tdgrad.errors import ExpressionError
from tdgrad.student import derivation, feedback, runner
from tdgrad.student.grade import grade_one, reading

SECONDS = 4.0  # per task; an answer is usually checked in milliseconds


def judge(reference, text: str, lang: str) -> dict:
    r = grade_one(reference, text, lang)
    shown = r.feedback
    if shown.startswith(feedback.MESSAGES["expected"][lang].split("{")[0]):
        shown = feedback.say("not_expected", lang)  # a student who can retry must not be told the value
    return {"verdict": r.verdict, "feedback": shown, "points": r.points}


def preview(reference, text: str, lang: str = "fr") -> dict:
    """How grading reads the text, as LaTeX for the page to typeset (or why it could not, in ``lang``)."""
    try:
        return {"latex": sp.latex(reading(reference, text))}
    except ExpressionError as exc:
        return {"error": exc.say(lang)}


def steps(text: str, pool: runner.Pool, lang: str = "fr") -> runner.Outcome:
    """A derivation: its steps go to the pool one by one (each with its own time limit)."""
    try:
        found, first = derivation.check(text, pool=pool, lang=lang)
    except ExpressionError as exc:
        return runner.Outcome(undecided=exc.say(lang))
    return runner.Outcome({"steps": [s.json(lang) for s in found], "first_wrong": first})


TASKS: dict[str, Callable[..., dict]] = {"judge": judge, "preview": preview}


def _run(task: str, *args):
    return TASKS[task](*args)


class Checker:
    def __init__(self, jobs: int | None = None, seconds: float = SECONDS):
        self.jobs, self.seconds = jobs, seconds
        self.queue: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._loop, name="tdgrad-checker", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        with runner.Pool(self.jobs, seconds=self.seconds) as pool:
            while True:
                batch = [self.queue.get()]
                if batch[0] is None:
                    return
                while True:
                    try:
                        batch.append(self.queue.get_nowait())
                    except queue.Empty:
                        break
                stop = None in batch
                tasks = [b for b in batch if b is not None and b[1][0] in TASKS]
                for (future, _), outcome in zip(tasks, pool.map(_run, [a for _, a in tasks])):
                    future.set_result(outcome)
                for future, (task, *args) in (b for b in batch if b is not None and b[1][0] == "steps"):
                    future.set_result(steps(args[0], pool, *args[1:]))
                if stop:
                    return

    async def __call__(self, task: str, *args) -> runner.Outcome:
        future: Future = Future()
        self.queue.put((future, (task, *args)))
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=10)
