"""The student reader on the corpus of typed answers (tests/student_corpus.py).

Prints the read rate (answers that should be read and were read), the accuracy (read as the
student meant, or refused when it should be), the false accepts (a reading equal to the key when
the student's answer is wrong, or a guess where it should refuse: must be 0), and p50/max time
per answer (reading only, SymPy building included).

    .venv/bin/python bench/bench_reader.py [--repeat 1] [--show]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from student_corpus import ANSWERS, QUESTIONS, REFUSE  # noqa: E402

from tdgrad.errors import ExpressionError  # noqa: E402
from tdgrad.student.read import read  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="timing runs per answer (best kept; 1 = the first, cold reading)")
    parser.add_argument("--show", action="store_true", help="list every answer not read as meant")
    args = parser.parse_args()
    from student_corpus import judge

    read("x")  # imports and SymPy's first caches are not an answer's time
    outcomes, false_accepts, times = Counter(), 0, []
    for entry in ANSWERS:
        question, text, label, _ = entry
        names = tuple(QUESTIONS[question][0].split())
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            try:
                read(text, names)
            except ExpressionError:
                pass
            best = min(best, time.perf_counter() - start)
        times.append(best)
        outcome, false_accept = judge(entry, read)
        outcomes[outcome] += 1
        false_accepts += false_accept
        if args.show and outcome not in ("read", "refused"):
            print(f"  {outcome:8} {question:16} {text}")
    readable = sum(1 for e in ANSWERS if e[2] != REFUSE)
    read_ok = readable - outcomes["unread"]
    print(f"answers: {len(ANSWERS)} ({readable} to read, {len(ANSWERS) - readable} to refuse)")
    print(f"read rate: {read_ok}/{readable} = {read_ok / readable:.1%}")
    accurate = outcomes["read"] + outcomes["refused"]
    print(f"accuracy: {accurate}/{len(ANSWERS)} = {accurate / len(ANSWERS):.1%} "
          f"(misread {outcomes['misread']}, unread {outcomes['unread']}, guessed {outcomes['guessed']})")
    print(f"false accepts: {false_accepts}")
    slowest = max(range(len(times)), key=times.__getitem__)
    print(f"time per answer: p50 {statistics.median(times) * 1e3:.2f} ms, max {times[slowest] * 1e3:.2f} ms "
          f"({ANSWERS[slowest][1]!r})")
    return 1 if false_accepts else 0


if __name__ == "__main__":
    sys.exit(main())
