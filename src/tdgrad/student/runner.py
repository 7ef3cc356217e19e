"""Run students' work in worker processes with a time and memory limit per task.

Everything a student wrote (an answer to grade, two expressions to compare, a derivation's steps,
a numpy line) may be slow, huge or broken in ways nobody foresaw: ``(x+y+z+w+1)^100`` expands for
minutes, an array answer asks for gigabytes, a corner of SymPy raises. One such answer must cost
its own verdict, never the class. So a task runs in a worker process that

- stops itself after ``seconds`` of CPU time (an alarm raising ``OutOfTime``, which ``except
  Exception`` in library code cannot swallow): CPU time, so that a verdict does not depend on how
  busy the machine is; the parent kills it if it is still running ``backstop(seconds)`` later;
- cannot take more than ``memory`` bytes of address space above what it starts with
  (``RLIMIT_AS``: the allocation fails with ``MemoryError`` instead of the machine swapping);
- turns any exception into a record, so the result of every task is either its value or the reason
  it is undecided.

Workers are forked from the caller, which has already imported SymPy and numpy, so starting one
costs milliseconds, not the second a fresh interpreter would; a ``Pool`` keeps them for a whole
class and replaces a worker that was killed or ran out of memory. One worker per core by default.

    >>> from tdgrad.student import runner
    >>> with runner.Pool(jobs=1) as pool:
    ...     [o.value for o in pool.map(pow, [(2, 10), (3, 2)])]
    [1024, 9]
    >>> runner.run(int, "x").undecided
    "error: ValueError: invalid literal for int() with base 10: 'x'"

``within`` is the in-process half: a time limit on one call inside a task (SymPy's proof gets part
of an answer's time), usable on its own in the main thread.
"""

from __future__ import annotations

import faulthandler
import os
import resource
import signal
import threading
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Callable, Iterable

SECONDS = 2.0  # per task, the default
MEMORY = 512 * 2**20  # bytes of address space a worker may add to what it starts with
DEPTH = 4  # tasks queued per worker
GRACE = 1.0  # the parent's kill: after twice the task's time, plus this (a busy machine)


class OutOfTime(BaseException):
    """A time limit expired (a BaseException so that ``except Exception`` does not swallow it)."""


@dataclass(frozen=True)
class Outcome:
    """The value a task returned, or why there is none (``undecided`` non-empty)."""

    value: Any = None
    undecided: str = ""
    seconds: float = 0.0  # time spent in the worker (or until the kill)

    @property
    def ok(self) -> bool:
        return not self.undecided


# ---- in-process time limits -------------------------------------------------------------------

_deadlines: list[float] = []  # absolute times, innermost last (each ≤ the one before)


def _expire(signum, frame):
    raise OutOfTime


def _arm(end: float) -> None:
    signal.setitimer(signal.ITIMER_PROF, max(end - time.process_time(), 1e-4))


def backstop(seconds: float) -> float:
    """Wall-clock seconds after which the parent kills a task limited to ``seconds`` of CPU."""
    return 2 * seconds + GRACE


def within(seconds: float, fn: Callable, *args) -> tuple[bool, Any]:
    """``(True, fn(*args))``, or ``(False, None)`` if the call ran out of ``seconds`` (CPU time).

    Limits nest: an inner call gets at most what is left of the outer one, and when the outer
    limit is what expired, ``OutOfTime`` goes on up. Off the main thread (no signals there) the
    call runs unbounded; the pool's kill still bounds it.
    """
    if threading.current_thread() is not threading.main_thread():
        return True, fn(*args)
    end = time.process_time() + seconds
    if _deadlines:
        end = min(end, _deadlines[-1])
    else:
        previous = signal.signal(signal.SIGPROF, _expire)
    _deadlines.append(end)
    _arm(end)
    try:
        return True, fn(*args)
    except OutOfTime:
        if len(_deadlines) > 1 and _deadlines[-1] >= _deadlines[-2]:  # the outer limit was the nearer
            raise
        return False, None
    finally:
        _deadlines.pop()
        if _deadlines:
            _arm(_deadlines[-1])
        else:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)


# ---- workers ----------------------------------------------------------------------------------

def _address_space() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _serve(conn, seconds: float, memory: int | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides about Ctrl-C
    faulthandler.disable()  # a crash is reported as this task's outcome, not dumped on stderr
    if memory:
        limit = _address_space() + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, fn, args = task
        start = time.perf_counter()
        retire = False
        try:
            ok, value = within(seconds, fn, *args)
            reply = (index, value, "" if ok else f"time limit ({seconds:g} s)")
        except MemoryError:
            why = f"memory limit ({memory // 2**20} MB)" if memory else "out of memory"
            reply, retire = (index, None, why), True
        except RecursionError:
            reply, retire = (index, None, "too deeply nested"), True
        except BaseException as exc:  # noqa: BLE001 — any failure is this task's, not the class's
            reply = (index, None, f"error: {type(exc).__name__}: {exc}"[:300])
        try:
            conn.send((*reply, time.perf_counter() - start, retire))
        except Exception as exc:  # noqa: BLE001 — an unpicklable result
            conn.send((index, None, f"error: {type(exc).__name__}: {exc}"[:300],
                       time.perf_counter() - start, retire))
        if retire:  # a MemoryError can leave a half-built state behind: start afresh
            return


class _Worker:
    def __init__(self, ctx, seconds: float, memory: int | None):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, seconds, memory), daemon=True)
        self.process.start()
        child.close()
        self.queue: deque[int] = deque()  # tasks sent, not answered yet
        self.started = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with suppress(OSError, BrokenPipeError):
                self.conn.send(None)
        self.process.join(timeout=None if kill else 1.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class Pool:
    """Worker processes kept for many tasks; ``map`` gives one ``Outcome`` per task, in order.

    ``jobs`` workers (default: one per core), each task limited to ``seconds`` and each worker
    to ``memory`` more bytes of address space. Use as a context manager, or call ``close``.
    """

    def __init__(self, jobs: int | None = None, seconds: float = SECONDS, memory: int | None = MEMORY):
        self.jobs = jobs or default_jobs()
        self.seconds, self.memory = seconds, memory
        import multiprocessing  # here: `within` alone (tdgrad check, equiv) needs no processes

        self._ctx = multiprocessing.get_context("fork")
        self._workers: list[_Worker] = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for w in self._workers:
            w.stop(kill=bool(w.queue))
        self._workers = []

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.seconds, self.memory)
        self._workers.append(w)
        return w

    def _retire(self, w: _Worker, kill: bool) -> None:
        self._workers.remove(w)
        w.stop(kill=kill)

    def map(self, fn: Callable, tasks: Iterable[tuple]) -> list[Outcome]:
        """``fn(*task)`` for every task; ``fn`` must be a module-level function (it is pickled).

        Each worker holds up to ``DEPTH`` tasks, so that it goes on to the next one without
        waiting for the parent; the time of the task it is on counts from the previous answer.
        A worker that is killed or dies gives its current task the reason and its queue back.
        """
        tasks = list(tasks)
        results: list[Outcome | None] = [None] * len(tasks)
        pending = deque(range(len(tasks)))
        limit = backstop(self.seconds)

        def give_back(w: _Worker, why: str) -> None:
            head = w.queue.popleft()
            results[head] = Outcome(None, why, time.monotonic() - w.started)
            pending.extendleft(reversed(w.queue))
            w.queue.clear()

        from multiprocessing.connection import wait

        try:
            while pending or any(w.queue for w in self._workers):
                while len(self._workers) < min(self.jobs, len(pending) + sum(len(w.queue) for w in self._workers)):
                    self._spawn()
                for w in list(self._workers):
                    while pending and len(w.queue) < DEPTH:
                        i = pending.popleft()
                        try:
                            w.conn.send((i, fn, tasks[i]))
                        except OSError:  # it died (or retired) since its last answer: read below
                            pending.appendleft(i)
                            if not w.queue:  # nothing left to read from it: replace it now
                                self._retire(w, kill=True)
                            break
                        if not w.queue:
                            w.started = time.monotonic()
                        w.queue.append(i)
                busy = [w for w in self._workers if w.queue]
                if not busy:  # every worker was found dead while sending: new ones first
                    continue
                timeout = max(0.0, min(w.started + limit for w in busy) - time.monotonic())
                ready = wait([w.conn for w in busy], timeout)
                for w in busy:
                    try:
                        while w.queue and w.conn in ready and w.conn.poll():
                            i, value, why, seconds, retire = w.conn.recv()
                            w.queue.popleft()
                            results[i] = Outcome(value, why, seconds)
                            w.started = time.monotonic()
                            if retire:
                                pending.extendleft(reversed(w.queue))
                                w.queue.clear()
                                self._retire(w, kill=False)
                                break
                    except (EOFError, OSError):
                        w.process.join(timeout=1.0)
                        give_back(w, _death(w.process.exitcode, self.memory))
                        self._retire(w, kill=True)
                        continue
                    if w.queue and time.monotonic() >= w.started + limit:
                        give_back(w, f"time limit ({self.seconds:g} s)")
                        self._retire(w, kill=True)
        except BaseException:
            self.close()  # Ctrl-C or a bug here: leave no worker behind
            raise
        return results  # type: ignore[return-value]

    def run(self, fn: Callable, *args) -> Outcome:
        """One task."""
        return self.map(fn, [args])[0]


def _death(exitcode: int | None, memory: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        return f"the check crashed ({name})" + (f"; memory limit {memory // 2**20} MB" if name == "SIGKILL" and memory else "")
    return f"the check stopped (exit {exitcode})"


def run(fn: Callable, *args, seconds: float = SECONDS, memory: int | None = MEMORY) -> Outcome:
    """One task in a fresh worker: its value, or why it is undecided."""
    with Pool(jobs=1, seconds=seconds, memory=memory) as pool:
        return pool.run(fn, *args)


def pool_map(fn: Callable, tasks: Iterable[tuple], jobs: int | None = None, seconds: float = SECONDS,
             memory: int | None = MEMORY) -> list[Outcome]:
    """Many tasks over a pool made for this call (one worker per core)."""
    with Pool(jobs, seconds, memory) as pool:
        return pool.map(fn, tasks)


__all__ = ["Outcome", "OutOfTime", "Pool", "run", "pool_map", "within", "SECONDS", "MEMORY"]
