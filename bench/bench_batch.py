"""Batch speed against the TeX floor (issues 5 and 13).

For examples/td1-random.toml, 10, 100 (and with --thousand 1000) variants with both PDFs: the wall
time of `tdgrad batch` in a fresh process (imports included, as a user runs it), the TeX floor
measured in the same run (one pdflatex pass, one after the other, over the very enonces.tex and
corriges.tex that batch wrote) and their ratio, and where the batch's time went: start-up
(interpreter and imports), derivation (the first variant: the symbolic work, cached for the
others), evaluation (the other variants), rendering, keys (answer-key.json/csv) and moodle
(moodle.xml's questions, made while LaTeX runs, then the file written once its figures are cut
from the statements' chunks, moodle/crop.py), tex (waiting for LaTeX, the crops included, once
the keys and questions are made) and join (chunk PDFs into one). --no-moodle-figures: nothing
cropped, moodle.xml without figures (the PDFs' own time). Best of --repeat runs; the load average is printed (the machine may be shared). Then, as
before, --tex-only speed for 10, 100, 1000 variants of td1 and bench/all-kinds.toml.
Goals on 2 cores: batch ≤ 1.0× the floor for 100 variants; 1000 variants --tex-only under 10 s.

    .venv/bin/python bench/bench_batch.py [--repeat 3] [--thousand] [--jobs N] [--quick] [--no-moodle-figures]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TD1 = ROOT / "examples" / "td1-random.toml"
SPECS = [TD1, ROOT / "bench" / "all-kinds.toml"]
STAGES = ("start-up", "derivation", "evaluation", "rendering", "keys", "moodle", "tex", "join")


def child(spec: str, n: int, out: str, jobs: int, svg: bool) -> None:
    """One batch in this process, its stage timings printed as JSON (start-up: imports)."""
    start = time.perf_counter()
    from tdgrad import batch, spec as specs

    if not svg:  # moodle.xml without its figures, as with --tex-only: nothing cropped or typeset
        from tdgrad.moodle import Quiz, crop

        plain = Quiz.xml
        Quiz.xml = lambda self, figures=True, crops=None: plain(self, figures=False)  # type: ignore[method-assign]
        crop.crop = lambda folder: []  # type: ignore[assignment]

    timings = {"start-up": time.perf_counter() - start}
    batch.run(specs.load(Path(spec)), n, Path(out), quiet=True, jobs=jobs, timings=timings)
    print(json.dumps(timings))


def batch_run(n: int, out: Path, jobs: int, svg: bool) -> tuple[float, dict]:
    """Wall time of a fresh process running the batch (interpreter start-up included), stages."""
    start = time.perf_counter()
    run = subprocess.run([sys.executable, __file__, "--child", str(TD1), str(n), str(out), str(jobs),
                          str(int(svg))], capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"tdgrad batch --variants {n} failed:\n{run.stderr[-2000:]}")
    wall = time.perf_counter() - start
    stages = json.loads(run.stdout)
    stages["start-up"] += wall - sum(stages.values())  # the interpreter's own start, unaccounted
    return wall, stages


def floor(folder: Path) -> float:
    """One pdflatex pass over enonces.tex then corriges.tex, as they are: the sequential TeX floor."""
    with tempfile.TemporaryDirectory() as tmp:
        total = 0.0
        for name in ("enonces", "corriges"):
            shutil.copy(folder / f"{name}.tex", tmp)
            start = time.perf_counter()
            subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                           cwd=tmp, check=True, stdout=subprocess.DEVNULL,
                           env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
            total += time.perf_counter() - start
    return total


FIGURELESS = ("\\usepackage{environ}\n"
              "\\RenewEnviron{tikzpicture}[1][]{\\rule{2cm}{2cm}}\n")  # same place, no drawing


def one_pass(tex: str, name: str) -> float:
    """Seconds of one pdflatex pass over ``tex``."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"{name}.tex").write_text(tex, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                       cwd=tmp, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
        return time.perf_counter() - start


def figures(folder: Path, repeat: int) -> None:
    """What the TikZ figures cost: corriges.tex as it is against the same with every tikzpicture
    replaced by an empty box (runs interleaved, best of ``repeat``)."""
    tex = (folder / "corriges.tex").read_text(encoding="utf-8")
    bare = tex.replace("\\begin{document}", FIGURELESS + "\\begin{document}", 1)
    full, empty = [], []
    for _ in range(repeat):
        full.append(one_pass(tex, "corriges"))
        empty.append(one_pass(bare, "corriges"))
    n = tex.count("\\begin{tikzpicture}")
    print(f"  corriges.tex, {n} figures: one pass {min(full):.2f} s, figures as empty boxes "
          f"{min(empty):.2f} s → the figures cost {min(full) - min(empty):.2f} s "
          f"({(min(full) - min(empty)) / min(full):.0%} of the TeX time)")


def tex_only(spec: Path, n: int, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tdgrad", "batch", str(spec), "--variants", str(n),
                    "--tex-only", "--out", str(out), "--quiet"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measure; the best is shown")
    parser.add_argument("--thousand", action="store_true", help="1000 variants with PDFs too (minutes)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="tdgrad batch --jobs (default: the cores)")
    parser.add_argument("--quick", action="store_true", help="10 and 100 variants only, no --tex-only runs")
    parser.add_argument("--no-moodle-figures", action="store_true",
                        help="moodle.xml without its SVG figures (moodle.py's own TeX work)")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec, n, out, jobs, svg = args.child
        return child(spec, int(n), out, int(jobs), svg == "1")
    print(f"{os.cpu_count()} cores, --jobs {args.jobs}, load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        print(f"{TD1.relative_to(ROOT)}, both PDFs (best of {args.repeat})"
              + (", moodle.xml without figures:" if args.no_moodle_figures else ":"))
        for n in (10, 100, 1000) if args.thousand else (10, 100):
            runs, floors = [], []
            for _ in range(args.repeat):
                runs.append(batch_run(n, out, args.jobs, not args.no_moodle_figures))
                floors.append(floor(out / TD1.stem))
            wall, stages = min(runs, key=lambda r: r[0])
            best_floor = min(floors)
            print(f"  {n:>5} variants: batch {wall:6.2f} s, TeX floor {best_floor:6.2f} s "
                  f"(one pdflatex pass each, in turn) → {wall / best_floor:.2f}× the floor"
                  + ("   goal ≤ 1.0×" if n == 100 else ""))
            print("         " + ", ".join(f"{s} {stages.get(s, 0.0):.2f}" for s in STAGES) + " s")
            if n == 100:
                figures(out / TD1.stem, args.repeat)
        if args.quick:
            return
        for spec in SPECS:
            print(f"{spec.relative_to(ROOT)}, --tex-only:")
            for n in (10, 100, 1000):
                t = min(tex_only(spec, n, out) for _ in range(args.repeat))
                print(f"  {n:>5} variants: {t:6.2f} s  ({n / t:6.1f} variants/s)"
                      + ("   goal < 10 s" if n == 1000 else ""))
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
