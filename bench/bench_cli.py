"""How long `tdgrad check` and `tdgrad equiv` take from the command line, start-up included.

Each command runs as a fresh process (what a teacher or a script pays), once to warm the disk cache
and write Python's bytecode as an installed package has it (PYTHONDONTWRITEBYTECODE is dropped), then
``--repeat`` times; the median wall time is printed with its ratio to the goal (issue 13: under 0.25 s
for the common case), beside floors measured in the same run: bare Python (``python -c pass``) and
Python importing SymPy and numpy (what any answer the reader must build as an expression pays).

With ``--before SRC`` (the ``src`` folder of another tdgrad checkout, e.g. from ``git archive``),
every command also runs with that tdgrad on ``PYTHONPATH``, alternating run by run with this one
so that both see the same load, and the ratio new/before is printed.

    .venv/bin/python bench/bench_cli.py [--repeat 7] [--before /tmp/old/src]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def cpu() -> float:
    """CPU time (user + system) of the finished child processes so far, their workers included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall(argv: list[str], repeat: int, envs: list[dict]) -> tuple[list[float], list[float], set[int]]:
    """Median wall time and median CPU time of ``argv`` under each of ``envs``, run ``repeat`` times
    each in turn (after one run each to warm up), and the exit codes seen."""
    for env in envs:
        subprocess.run(argv, capture_output=True, env=env)
    walls: list[list[float]] = [[] for _ in envs]
    cpus: list[list[float]] = [[] for _ in envs]
    codes = set()
    for _ in range(repeat):
        for env, seen, used in zip(envs, walls, cpus):
            start, start_cpu = time.perf_counter(), cpu()
            done = subprocess.run(argv, capture_output=True, env=env)
            seen.append(time.perf_counter() - start)
            used.append(cpu() - start_cpu)
            codes.add(done.returncode)
    return [statistics.median(t) for t in walls], [statistics.median(t) for t in cpus], codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per command (default 7)")
    parser.add_argument("--before", type=Path, help="src folder of another tdgrad to compare with")
    args = parser.parse_args()
    envs = [ENV] + ([{**ENV, "PYTHONPATH": str(args.before.resolve())}] if args.before else [])
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
            ("check expression right (LaTeX)", [TDGRAD, "check", key, "1:q4.da",
                                                r"\frac{x e^{-ax}}{(1+e^{-ax})^2}"], 0),
            ("check expression wrong", [TDGRAD, "check", key, "1:q4.da", "a σ(ax)(1 − σ(ax))"], 1),
            ("check expression wrong (factor missing)", [TDGRAD, "check", key, "1:q4.da", "σ(ax)(1 − σ(ax))"], 1),
            ("check expression unreadable", [TDGRAD, "check", key, "1:q4.da", "x σ(ax"], 2),
            ("check expression, SymPy's path (--json)", [TDGRAD, "check", key, "1:q4.da",
                                                         "x σ(ax)(1 − σ(ax))", "--json"], 0),
            ("equiv number right (0,25 0.25)", [TDGRAD, "equiv", "0,25", "0.25"], 0),
            ("equiv number wrong (0,25 0,5)", [TDGRAD, "equiv", "0,25", "0,5"], 1),
            ("equiv expression right", [TDGRAD, "equiv", "σ(x)(1-σ(x))", "e^(-x)/(1+e^(-x))^2"], 0),
            ("equiv expression wrong", [TDGRAD, "equiv", "σ(x)(1-σ(x))", "σ(x)^2"], 1),
            ("equiv expression wrong (factor missing)", [TDGRAD, "equiv", "σ(ax)(1-σ(ax))",
                                                         "x σ(ax)(1-σ(ax))"], 1),
            ("equiv expression right (kink: relu)", [TDGRAD, "equiv", "relu(x)", "x H(x)"], 0),
            ("equiv expression, SymPy's path (--json)", [TDGRAD, "equiv", "σ(x)(1-σ(x))",
                                                         "e^(-x)/(1+e^(-x))^2", "--json"], 0),
            ("equiv expression right (logarithms)", [TDGRAD, "equiv", "ln(σ(x))", "-ln(1+e^-x)"], 0),
            ("equiv expression, SymPy's path (a root)", [TDGRAD, "equiv", "sqrt(x²)", "|x|"], 0),
        ]
        print(f"median of {args.repeat} runs, each a new process; goal {GOAL} s of wall time; CPU time "
              "(user + system, workers included) depends less on what else the machine runs")
        print(f"{'command':<48} {'wall s':>7} {'/ goal':>7} {'CPU s':>7}  exit"
              + (f"  {'wall before':>11} {'CPU before':>10} {'CPU new/before':>14}" if args.before else ""))
        for what, argv, expected in cases:
            walls, cpus, codes = wall(argv, args.repeat, envs)
            flag = "" if codes == {expected} else f"  (expected exit {expected})"
            before = f"  {walls[1]:>11.3f} {cpus[1]:>10.3f} {cpus[0] / cpus[1]:>14.2f}" if args.before else ""
            print(f"{what:<48} {walls[0]:>7.3f} {walls[0] / GOAL:>7.2f} {cpus[0]:>7.3f}  "
                  f"{','.join(map(str, sorted(codes)))}{before}{flag}")


if __name__ == "__main__":
    main()
