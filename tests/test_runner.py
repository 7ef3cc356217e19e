"""The bounded runner: a hanging, huge or crashing task costs its own result, never the others'."""

import os
import signal
import time

import numpy as np
import pytest

from tdgrad import answers as answer_key
from tdgrad.student import runner
from tdgrad.student.grade import grade_many


def spin(_):
    while True:
        pass


def allocate(n):
    return float(np.ones(n).sum())


def crash(_):
    os.kill(os.getpid(), signal.SIGSEGV)


def fail(_):
    raise TypeError("Cannot convert complex to float")


def square(n):
    return n * n


def test_every_kind_of_failure_is_one_undecided_task_and_the_rest_are_computed():
    tasks = [(3,), (None,), (4,), (200_000_000,), (5,), (None,), (6,), (None,), (7,)]
    fns = [square, spin, square, allocate, square, crash, square, fail, square]
    start = time.monotonic()
    with runner.Pool(jobs=2, seconds=1.0) as pool:
        outcomes = [pool.run(f, *t) for f, t in zip(fns, tasks)]
        again = pool.map(square, [(i,) for i in range(50)])
    assert time.monotonic() - start < runner.backstop(1.0) + 5  # one time limit, plus forks
    assert [o.value for o in outcomes[::2]] == [9, 16, 25, 36, 49]
    assert outcomes[1].undecided == "time limit (1 s)"
    assert outcomes[3].undecided.startswith("memory limit")  # 1.6 GB asked, 512 MB allowed
    assert "SIGSEGV" in outcomes[5].undecided
    assert outcomes[7].undecided == "error: TypeError: Cannot convert complex to float"
    assert [o.value for o in again] == [i * i for i in range(50)]  # the pool recovered


def test_a_task_that_ignores_its_alarm_is_killed(monkeypatch):
    # with the in-process alarm off, only the parent's kill stops the task
    monkeypatch.setattr(runner, "within", lambda seconds, fn, *args: (True, fn(*args)))
    start = time.monotonic()
    (o,) = runner.pool_map(spin, [(0,)], jobs=1, seconds=0.5)
    assert o.undecided == "time limit (0.5 s)"
    assert time.monotonic() - start < runner.backstop(0.5) + 2


def test_within_nests_and_the_outer_limit_wins():
    def inner():
        return runner.within(5.0, spin, 0)

    start = time.process_time()  # the limits count CPU time, so that a busy machine changes nothing
    ok, value = runner.within(0.3, inner)  # the inner 5 s cannot outlive the outer 0.3 s
    assert (ok, value) == (False, None) and time.process_time() - start < 1.0
    assert runner.within(0.2, spin, 0) == (False, None)
    assert runner.within(1.0, square, 3) == (True, 9)


def test_a_class_is_graded_when_some_answers_hang_or_break():
    ref = 0.5
    answers = ["0.5", "exp(exp(exp(exp(exp(100)))))", "1/2", "sqrt(-1)", "0,25"]
    expression = answer_key.expression("q", "f", "x*(1 - x)", variables=("x",), value=0.21, at={"x": 0.3})
    start = time.monotonic()
    results = grade_many([(ref, a) for a in answers] + [(expression, "sqrt(-1)"), (expression, "x - x^2")],
                         "en")
    assert time.monotonic() - start < 2 * runner.backstop(runner.SECONDS) + 5
    verdicts = [r.verdict for r in results]
    assert verdicts[0] == verdicts[2] == "correct" and verdicts[4] == "wrong"
    assert verdicts[1] == "undecided" and results[1].feedback  # out of time or of digits: said
    assert verdicts[3] in ("unparsable", "wrong", "undecided")  # i is not 0.5: never correct
    assert verdicts[5] != "correct" and verdicts[6] == "correct"


def test_the_derivation_that_used_to_hang_ends_within_its_step_limit():
    from tdgrad.student.derivation import STEP_SECONDS, check

    start = time.monotonic()
    # SymPy would expand both sides (millions of terms); the step gets its numeric verdict in time
    steps, first = check("(x+y+z+w+1)^100 = (x+y+z+w+1)^98 ((x+y+z+w)^2 + 2(x+y+z+w) + 1)\n"
                         "sqrt(-1) = 2\n2x = x + x\n")
    assert time.monotonic() - start < runner.backstop(STEP_SECONDS) + 5
    assert steps[0].word in ("holds numerically", "undecided") and steps[2].word == "holds"
    assert steps[1].word in ("undecided", "fails")  # i is not 2, and never a crash


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_back_in_order(jobs):
    outcomes = runner.pool_map(square, [(i,) for i in range(30)], jobs=jobs)
    assert [o.value for o in outcomes] == [i * i for i in range(30)] and all(o.ok for o in outcomes)


def test_failures_inside_one_map_give_the_queued_tasks_back():
    def task(i):
        return {3: (crash, 0), 7: (fail, 0), 11: (allocate, 200_000_000)}.get(i, (square, i))

    with runner.Pool(jobs=2, seconds=1.0) as pool:
        outcomes = pool.map(apply, [task(i) for i in range(20)])
    assert [o.value for i, o in enumerate(outcomes) if i not in (3, 7, 11)] == [
        i * i for i in range(20) if i not in (3, 7, 11)]
    assert "SIGSEGV" in outcomes[3].undecided and outcomes[7].undecided.startswith("error")
    assert outcomes[11].undecided.startswith("memory limit")


def apply(fn, arg):
    return fn(arg)


def out_of_memory(_):
    raise MemoryError


def test_out_of_memory_without_a_memory_limit_is_still_one_undecided_task():
    # the reason used to format the limit, None here: a TypeError in the worker's own handler
    with runner.Pool(jobs=1, seconds=1.0, memory=None) as pool:
        outcomes = pool.map(out_of_memory, [(None,)]) + pool.map(square, [(3,)])
    assert [o.undecided for o in outcomes] == ["out of memory", ""] and outcomes[1].value == 9


def test_a_worker_that_died_between_two_maps_is_replaced():
    # the next map used to send to its closed pipe: BrokenPipeError for the whole class
    with runner.Pool(jobs=2, seconds=1.0) as pool:
        pool.map(square, [(i,) for i in range(4)])
        for w in pool._workers:
            w.process.kill()
            w.process.join()
        outcomes = pool.map(square, [(i,) for i in range(10)])
    assert [o.value for o in outcomes] == [i * i for i in range(10)] and all(o.ok for o in outcomes)


def test_crashes_racing_the_parents_sends_never_lose_the_class():
    # a worker dies while the parent is sending it more tasks: each crash costs its own task only
    tasks = [(crash, 0) if i % 5 == 2 else (square, i) for i in range(60)]
    for _ in range(5):
        with runner.Pool(jobs=2, seconds=1.0) as pool:
            outcomes = pool.map(apply, tasks)
        assert all("SIGSEGV" in o.undecided for o in outcomes[2::5])
        assert [o.value for i, o in enumerate(outcomes) if i % 5 != 2] == [
            i * i for i in range(60) if i % 5 != 2]
