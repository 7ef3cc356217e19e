"""How long `tdgrad check` and `tdgrad equiv` take from the command line, start-up included.

Each command runs as a fresh process (what a teacher or a script pays), once to warm the disk cache
and write Python's bytecode as an installed package has it (PYTHONDONTWRITEBYTECODE is dropped), then
``--repeat`` times; the median wall time is printed with its ratio to the goal (issue 13: under 0.25 s
for the common case), beside floors measured in the same run: bare Python (``python -c pass``) and
Python importing SymPy and numpy (what any answer the reader must build as an expression pays).

    .venv/bin/python bench/bench_cli.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TDGRAD = str(Path(sys.executable).parent / "tdgrad")
GOAL = 0.25  # seconds


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(argv: list[str], repeat: int) -> tuple[float, set[int]]:
    """Median wall time of ``argv`` run ``repeat`` times (after one run to warm up), and the exit codes seen."""
    subprocess.run(argv, capture_output=True, env=ENV)
    times, codes = [], set()
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, env=ENV)
        times.append(time.perf_counter() - start)
        codes.add(done.returncode)
    return statistics.median(times), codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per command (default 7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([TDGRAD, "generate", str(ROOT / "examples" / "td1.toml"), "--tex-only", "--out", tmp],
                       check=True, capture_output=True)
        key = str(Path(tmp) / "td1" / "answers.json")
        loss = next(a["exact"] for e in json.loads(Path(key).read_text())["exercises"] if e["exercise"] == 3
                    for a in e["answers"] if a["id"] == "q1.loss")
        right, wrong = f"{loss:.4f}".replace(".", ","), f"{2 * loss:.4f}".replace(".", ",")
        cases = [  # (what, argv, expected exit code)
            ("floor: python -c pass", [sys.executable, "-c", "pass"], 0),
            ("floor: python -c 'import sympy'", [sys.executable, "-c", "import sympy"], 0),
            ("floor: python -c 'import sympy, numpy'", [sys.executable, "-c", "import sympy, numpy"], 0),
            (f"check number right ({right})", [TDGRAD, "check", key, "3:q1.loss", right], 0),
            (f"check number wrong ({wrong})", [TDGRAD, "check", key, "3:q1.loss", wrong], 1),
            ("check expression right", [TDGRAD, "check", key, "1:q4.da", "x σ(ax)(1 − σ(ax))"], 0),
            ("check expression wrong", [TDGRAD, "check", key, "1:q4.da", "a σ(ax)(1 − σ(ax))"], 1),
            ("equiv number right (0,25 0.25)", [TDGRAD, "equiv", "0,25", "0.25"], 0),
            ("equiv number wrong (0,25 0,5)", [TDGRAD, "equiv", "0,25", "0,5"], 1),
            ("equiv expression right", [TDGRAD, "equiv", "σ(x)(1-σ(x))", "e^(-x)/(1+e^(-x))^2"], 0),
            ("equiv expression wrong", [TDGRAD, "equiv", "σ(x)(1-σ(x))", "σ(x)^2"], 1),
        ]
        print(f"median wall time of {args.repeat} runs, each a new process; goal {GOAL} s")
        print(f"{'command':<44} {'median s':>9} {'/ goal':>7}  exit")
        for what, argv, expected in cases:
            median, codes = wall(argv, args.repeat)
            flag = "" if codes == {expected} else f"  (expected exit {expected})"
            print(f"{what:<44} {median:>9.3f} {median / GOAL:>7.2f}  {','.join(map(str, sorted(codes)))}{flag}")


if __name__ == "__main__":
    main()
