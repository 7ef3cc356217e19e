"""Grade a generated class: 300 students × 12 answers, right and wrong: numbers, expressions, matrices
typed as values, numpy lines.

Prints the whole class graded as ``tdgrad grade`` does (``grade_many``: the bounded runner, one worker
per core) with answers per second, then each answer checked in-process one after the other, p50/p99/max
per check for each kind of check (number, expression, vector/matrix, numpy) and for all: warm, as in
a class where each worker compares a repeated answer once, and cold, with those caches emptied.
Goals (issue 4): the whole class under 10 s on a 2-core machine, no single answer over 2 s.

    .venv/bin/python bench/bench_grade.py [--students 300]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from tdgrad import pipeline, spec
from tdgrad.student import runner
from tdgrad.answers import find, load
from tdgrad.student.grade import _compare, _read_key, grade_many, grade_one

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [  # (spec, question, how a student writes the right answer)
    ("td1-random.toml", "3:q1.loss", "number"), ("td1-random.toml", "3:q2.dL/dw_31", "number"),
    ("td1-random.toml", "3:q3.w_11", "number"), ("td1-random.toml", "1:q2.dx", "number"),
    ("td1-random.toml", "1:q4.da", "expression"), ("td1-random.toml", "2:q3.dx2", "number"),
    ("td-classification.toml", "1:num.grad_W2", "matrix"), ("td-classification.toml", "1:num.grad_oa", "matrix"),
    ("td-convolution.toml", "1:q2.dl/dw_1", "expression"), ("td-convolution.toml", "1:q5.e", "number"),
    ("td-classification.toml", "1:q8.grad_oa", "numpy"), ("td-classification.toml", "1:q10.grad_W2", "numpy"),
]
KINDS = {"number": "number", "expression": "expression", "matrix": "vector/matrix", "numpy": "numpy"}
EXPRESSIONS = {"1:q4.da": "x*sigmoid(a*x)*(1-sigmoid(a*x))", "1:q2.dl/dw_1": "-e*(v_1*x_1*H(a_1) + v_2*x_2*H(a_2))"}
WRONG = {"1:q4.da": "a*sigmoid(a*x)*(1-sigmoid(a*x))", "1:q2.dl/dw_1": "-e*v_1*x_1*H(a_1)"}
NUMPY = {"1:q8.grad_oa": ("os - np.eye(m)[y]", "os - np.eye(m)[y-1]"),  # right, wrong (one-hot shifted)
         "1:q10.grad_W2": ("np.outer(os - np.eye(m)[y], hs)", "np.outer(hs, os - np.eye(m)[y])")}


def answer(kind, q, ref, right: bool, rng) -> str:
    if kind == "expression":
        return EXPRESSIONS[q] if right else WRONG[q]
    if kind == "numpy":
        return NUMPY[q][0 if right else 1]
    value = np.array(ref, dtype=float)
    if not right:
        value = [-value, 2 * value, value.T if value.ndim == 2 else value + 1][int(rng.integers(3))]
    if kind == "matrix":
        return json.dumps(np.round(value, 4).tolist())
    return f"{float(value):.4f}".replace(".", ",") if rng.random() < 0.3 else f"{float(value):.4f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--variants", type=int, default=10)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        keys = {}
        for name in sorted({s for s, _, _ in QUESTIONS}):
            for v in range(args.variants):
                path = pipeline.generate(spec.load(ROOT / "examples" / name), Path(tmp) / f"{v}", seed=v,
                                         tex_only=True) / "answers.json"
                keys[(name, str(v))] = load([path]).tables[str(v)]
    work, kinds = [], []
    for student in range(args.students):
        v = str(student % args.variants)
        for name, q, kind in QUESTIONS:
            _, ref = find(keys[(name, v)], q)
            work.append((ref, answer(kind, q, ref.exact, rng.random() < 0.6, rng)))
            kinds.append(KINDS[kind])
    start = time.perf_counter()
    results = grade_many(work, "fr")
    total = time.perf_counter() - start
    verdicts: dict[str, int] = {}
    for r in results:
        verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    times = []
    for ref, text in work:
        t = time.perf_counter()
        grade_one(ref, text, "fr")
        times.append(time.perf_counter() - t)
    cold, cold_kinds = [], []  # the same checks with the per-worker caches emptied first: one student alone
    sample = [i for kind in KINDS.values() for i in [j for j, k in enumerate(kinds) if k == kind][::6][:150]]
    for (ref, text), kind in zip([work[i] for i in sample], [kinds[i] for i in sample]):
        _compare.cache_clear()
        _read_key.cache_clear()
        t = time.perf_counter()
        grade_one(ref, text, "fr")
        cold.append(time.perf_counter() - t)
        cold_kinds.append(kind)
    print(f"answers graded: {len(work)} ({args.students} students × {len(QUESTIONS)} questions)")
    print(f"verdicts: {verdicts}")
    print(f"class through the runner ({runner.default_jobs()} workers): {total:.2f} s (goal < 10 s)   "
          f"answers/s: {len(work) / total:.0f}")
    print(f"in-process, per check (goal < 2000 ms each); sequential total {sum(times):.2f} s")
    print(f"{'kind':<14} {'warm: checks':>12} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}   "
          f"{'cold: checks':>12} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind in [*KINDS.values(), "all"]:
        row = f"{kind:<14}"
        for sample, labels in ((times, kinds), (cold, cold_kinds)):
            ms = np.array([t for t, k in zip(sample, labels) if kind in (k, "all")]) * 1000
            row += (f" {len(ms):>12} {np.percentile(ms, 50):>8.2f} {np.percentile(ms, 99):>8.2f} {ms.max():>8.1f}  "
                    if len(ms) else f" {0:>12} {'-':>8} {'-':>8} {'-':>8}  ")
        print(row.rstrip())


if __name__ == "__main__":
    main()
