"""Batch speed (issue 5): variants per second with and without PDFs, against one LaTeX run per variant.

For examples/td1-random.toml and bench/all-kinds.toml (every exercise kind, every value drawn):
the time for 10, 100 and 1000 variants with --tex-only, the time for 100 variants with both PDFs,
and the ratio against typesetting each variant's two documents with its own latexmk run (measured
on --sample variants and scaled to 100). Goals on a 2-core machine: 100 variants of td1 with both
PDFs and the answer key under 30 s; 1000 variants --tex-only under 10 s.

    .venv/bin/python bench/bench_batch.py [--quick]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPECS = [ROOT / "examples" / "td1-random.toml", ROOT / "bench" / "all-kinds.toml"]


def timed(args: list[str]) -> float:
    """Wall time of one `tdgrad …` command, as a user runs it (a fresh process: imports included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tdgrad", *args, "--quiet"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def per_variant_latexmk(spec: Path, sample: int, out: Path) -> float:
    """Seconds per variant when each variant's two documents get their own latexmk run."""
    from tdgrad import batch, spec as specs
    from tdgrad.pipeline import documents
    from tdgrad.typeset import compile_pdf

    b = batch.draw(specs.load(spec), sample, 1, "fr")
    start = time.perf_counter()
    for v in b.variants:
        for name, text in documents(v).items():
            compile_pdf(text, out / f"{v.id}-{name}.pdf")
    return (time.perf_counter() - start) / sample


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip the 1000-variant and all-kinds PDF runs")
    parser.add_argument("--sample", type=int, default=5, help="variants typeset one by one for the ratio")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for spec in SPECS:
            print(f"{spec.relative_to(ROOT)}")
            for n in (10, 100) if args.quick else (10, 100, 1000):
                t = timed(["batch", str(spec), "--variants", str(n), "--tex-only", "--out", str(out)])
                print(f"  {n:>5} variants --tex-only: {t:6.2f} s  ({n / t:6.1f} variants/s)"
                      + ("   goal < 10 s" if n == 1000 else ""))
            if args.quick and spec != SPECS[0]:
                continue
            t = timed(["batch", str(spec), "--variants", "100", "--out", str(out)])
            one = per_variant_latexmk(spec, args.sample, out)
            print(f"    100 variants, both PDFs + keys: {t:6.2f} s" + ("   goal < 30 s" if spec == SPECS[0] else ""))
            print(f"    one latexmk per document: {one:.2f} s per variant → {100 * one:.0f} s for 100 "
                  f"(measured on {args.sample}); batch is {100 * one / t:.1f}× faster")


if __name__ == "__main__":
    main()
