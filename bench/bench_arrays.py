"""Read rate, accuracy, false accepts and time per answer of tdgrad's array grading.

    .venv/bin/python bench/bench_arrays.py [--answers FILE.py] [--repeat N]

The answers are tests/array_answers.py's (or FILE.py's ``ANSWERS``, same rows: question, answer,
numpy meaning or None, expected mistake), graded against two classification keys; the truth of each
answer comes from real numpy on the key's data sets (this script runs the rows' own strings, which
is what the test does too; tdgrad never runs a student's text). Time is per answer, in process
(``grade_one``), then the whole set through the bounded runner (``grade_many``).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from array_answers import ANSWERS, classification_key, truth  # noqa: E402

from tdgrad.student.grade import grade_many, grade_one  # noqa: E402


def load(path: str | None):
    if path is None:
        return ANSWERS
    spec = importlib.util.spec_from_file_location("answers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ANSWERS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", help="a .py file defining ANSWERS (default: tests/array_answers.py)")
    parser.add_argument("--repeat", type=int, default=3, help="timings: best of N per answer")
    args = parser.parse_args()
    rows = load(args.answers)
    keys = [classification_key(0), classification_key(1, d=2, d_h=3, m=4)]
    counts = {"answers": 0, "read": 0, "agree": 0, "false_accepts": 0, "false_rejects": 0, "right": 0}
    times, items = [], []
    for key in keys:
        for question, answer, meaning, _ in rows:
            ref = key[question]
            right = truth(ref, answer, meaning)
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = grade_one(ref, answer, "en")
                best = min(best, time.perf_counter() - start)
            times.append(best)
            items.append((ref, answer))
            counts["answers"] += 1
            counts["right"] += right
            counts["read"] += result.verdict != "unparsable"
            counts["agree"] += (result.verdict == "correct") == right
            counts["false_accepts"] += result.verdict == "correct" and not right
            counts["false_rejects"] += result.verdict != "correct" and right
            if (result.verdict == "correct") != right:
                print(f"  disagree: {question} {answer!r}: tdgrad {result.verdict}, numpy {'right' if right else 'wrong'}")
    start = time.perf_counter()
    pooled = grade_many(items, "en")
    pool_seconds = time.perf_counter() - start
    n = counts["answers"]
    print(f"answers graded: {n} ({len(rows)} answers x {len(keys)} keys), right by numpy: {counts['right']}")
    print(f"read rate: {counts['read'] / n:.3f}  accuracy: {counts['agree'] / n:.3f}  "
          f"false accepts: {counts['false_accepts']}  false rejects: {counts['false_rejects']}")
    print(f"time per answer (in process, best of {args.repeat}): p50 {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")
    same = sum(p.verdict == grade_one(ref, a, "en").verdict for p, (ref, a) in zip(pooled, items))
    print(f"bounded runner: {n} answers in {pool_seconds:.2f} s ({pool_seconds / n * 1000:.1f} ms each), "
          f"same verdicts as in process: {same}/{n}")


if __name__ == "__main__":
    main()
