"""What moodle.xml costs: the time to write it, with and without the statements' figures, and its size.

For examples/td1-random.toml (30 and 100 variants) and bench/all-kinds.toml (30 variants): the wall
time of ``moodle_xml`` (drawing the variants excluded) without figures (``--tex-only``) and with them
(one pdflatex document per core + pdftocairo, as ``tdgrad batch`` does while LaTeX makes the PDFs),
the file's size and how many figures it embeds. Best of --repeat runs; the load average is printed
(the machine may be shared).

    .venv/bin/python bench/bench_moodle.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from tdgrad import batch, spec
from tdgrad.moodle import moodle_xml

ROOT = Path(__file__).resolve().parents[1]
CASES = ((ROOT / "examples/td1-random.toml", 30), (ROOT / "examples/td1-random.toml", 100),
         (ROOT / "bench/all-kinds.toml", 30))


def best(f, repeat: int) -> tuple[float, str]:
    times, out = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start (best of {args.repeat})")
    for path, n in CASES:
        b = batch.draw(spec.load(path), n, 3, "fr")
        bare, _ = best(lambda: moodle_xml(b, figures=False), args.repeat)
        full, xml = best(lambda: moodle_xml(b, figures=True), args.repeat)
        size = len(xml.encode())
        print(f"{path.name:18} {n:4} variants: {bare:6.2f} s without figures, {full:6.2f} s with "
              f"{xml.count('<file '):4} figures; {size / 1e6:5.1f} MB ({size / n / 1e3:.0f} kB a variant)")


if __name__ == "__main__":
    main()
