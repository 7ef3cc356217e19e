"""Interruption (issue 11): Ctrl-C or SIGTERM during a 100-variant `batch --split` must stop within 2 s.

Starts `tdgrad batch examples/td1-random.toml --variants 100 --split`, waits until LaTeX runs,
sends the signal and reports the seconds until the command has exited, and what is left behind:
LaTeX processes, scratch folders in the output folder (.partial-*) and in TMPDIR (tdgrad-*).
Before the fix, issue 11 reported 2 to 6 minutes and an 11 MB .partial-* left by SIGTERM.

    .venv/bin/python bench/bench_interrupt.py [--variants 100]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 2.0


def latex_processes(folder: Path) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and os.readlink(proc / "cwd").startswith(str(folder)):
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def once(signum: int, variants: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        tmp, out = Path(work) / "tmp", Path(work) / "out"
        tmp.mkdir()
        proc = subprocess.Popen(
            [sys.executable, "-m", "tdgrad", "batch", str(ROOT / "examples/td1-random.toml"),
             "--variants", str(variants), "--split", "--out", str(out), "--quiet"],
            env={**os.environ, "TMPDIR": str(tmp)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while not latex_processes(tmp):
            if proc.poll() is not None:
                raise SystemExit(f"batch ended before LaTeX started: {proc.stderr.read()}")
            time.sleep(0.02)
        time.sleep(1.0)  # LaTeX well under way
        start = time.perf_counter()
        proc.send_signal(signum)
        proc.wait()
        stopped = time.perf_counter() - start
        partial = list((out / "td1-random").glob(".partial-*")) if (out / "td1-random").exists() else []
        print(f"{signal.Signals(signum).name:<8} stopped in {stopped:5.2f} s (goal {GOAL} s, ratio "
              f"{stopped / GOAL:.2f}), exit {proc.returncode}; left: {len(latex_processes(tmp))} "
              f"LaTeX processes, {len(partial)} .partial-*, {len(list(tmp.iterdir()))} tdgrad-* in TMPDIR")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=100)
    args = parser.parse_args()
    for signum in (signal.SIGINT, signal.SIGTERM):
        once(signum, args.variants)


if __name__ == "__main__":
    main()
