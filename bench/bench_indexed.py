"""Indexed derivations: read rate, accuracy, false accepts and time per derivation.

    .venv/bin/python bench/bench_indexed.py [--quick]

The steps are the test set of tests/test_indexed.py (softmax Jacobian, cross-entropy through
softmax, the classification network in a generated exercise's notation, a shared convolution
weight, a batch-averaged loss), each with its truth from numpy finite differences, and seed 001
§2 (#7 to #16) with the verdicts of the hand derivation in tests/test_indexed_seed001.py. Each
step is checked as a derivation of its own (its family's definitions + the step), as a teacher
would submit it, with the product's defaults (SymPy proof on), then each family as one document.
--quick: no SymPy proof.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_indexed as T  # noqa: E402
import test_indexed_seed001 as S  # noqa: E402

from tdgrad.student.indexed import NOTATIONS, Context, check  # noqa: E402


def families():
    """(name, definitions, context, [(step, truth)]) — the truth computed as the tests compute it."""
    out = []

    def add(name, defs, sizes, names, params, steps, context=Context()):
        _, truth = T.cases(name, defs, sizes, names, params, steps)
        out.append((name, defs, context, truth))

    add("softmax Jacobian", T.A_DEFS, [{"K": 2}, {"K": 3}], {"i": "K", "j": "K"},
        lambda size, rng: {"z": rng.normal(size=size["K"])},
        [(s, lambda P, I, f=f: f(P, T.A_s(P), I["i"], I["j"])) for s, f in T.A])
    add("cross-entropy through softmax", T.B_DEFS, [{"K": 2}, {"K": 3}], {"k": "K", "y": "K"},
        lambda size, rng: {"z": rng.normal(size=size["K"]), "y": 0},
        [(s, lambda P, I, f=f: f({**P, "y": I["y"]}, T.A_s(P), I["k"], I["y"])) for s, f in T.B])

    add("classification network (key notation)", "", [{"d": 2, "d_h": 3, "m": 2}, {"d": 3, "d_h": 2, "m": 3}],
        {"k": "m", "j": "d_h", "l": "d", "y": "m"}, T.C_params, [(s, T.C_with_class(f)) for s, f in T.C],
        Context(NOTATIONS["classification"]))

    def d_wrap(f):
        def g(P, I):
            a, o, yhat = T.D_forward(P)
            return f(P, a, o, yhat - P["y"], I["i"])
        return g

    add("shared convolution weight", NOTATIONS["convolution"], [{"n": 1}, {"n": 2}, {"n": 3}], {"i": 2},
        lambda size, rng: {"x": rng.normal(size=3) * 2, "w": rng.normal(size=2), "v": rng.normal(size=2),
                           "y": rng.normal()},
        [(s, d_wrap(f)) for s, f in T.D])
    add("batch-averaged loss", T.E_DEFS, [{"n": 2}, {"n": 3}], {"j": "n"},
        lambda size, rng: {"w": T.np.array(rng.normal()), "x": rng.normal(size=size["n"]),
                           "y": rng.normal(size=size["n"])},
        [(s, lambda P, I, f=f: f(P, P["w"] * P["x"] - P["y"], I["j"])) for s, f in T.E])
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="no SymPy proof")
    args = parser.parse_args()
    symbolic = not args.quick
    check("$$s_i := \\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}$$\n$$\\sum_{i=1}^{K} s_i = 1$$", symbolic)  # warm-up
    rows, step_times, doc_times = [], [], []
    for name, defs, context, truth in families():
        for step, holds in truth:
            t0 = time.perf_counter()
            steps, _ = check(defs + f"\n$${step}$$", symbolic, context)
            step_times.append(time.perf_counter() - t0)
            rows.append((name, step, holds, steps[-1].verdict.verdict))
        t0 = time.perf_counter()
        check(defs + "\n" + "\n".join(f"$${s}$$" for s, _ in truth), symbolic, context)
        doc_times.append((name, time.perf_counter() - t0))
    text = S.SEED.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    seed_steps, _ = check(text, symbolic, Context(NOTATIONS["classification"]))
    doc_times.append(("seed 001 §2 (#7–#16)", time.perf_counter() - t0))
    rows += [("seed 001 §2", s.lhs + " = " + s.rhs, s.number not in S.FAILS, s.verdict.verdict) for s in seed_steps]

    n = len(rows)
    read = sum(v != "undecided" for *_, v in rows)
    holds = ("equivalent", "numerically equivalent")
    right = sum((v in holds) == h and v != "undecided" for _, _, h, v in rows)
    false_accepts = [r for r in rows if not r[2] and r[3] in holds]
    print(f"steps: {n} ({sum(h for _, _, h, _ in rows)} true, {sum(not h for _, _, h, _ in rows)} false); "
          f"SymPy proof {'on' if symbolic else 'off'}")
    print(f"read rate: {read}/{n} = {read / n:.1%} (decided, not undecided)")
    print(f"accuracy: {right}/{n} = {right / n:.1%}")
    print(f"false accepts: {len(false_accepts)}")
    proven = sum(v == "equivalent" for *_, v in rows)
    print(f"true steps proven by SymPy (for the instantiated sizes): {proven}, numerically equivalent: "
          f"{sum(v == 'numerically equivalent' for *_, v in rows)}")
    for r in false_accepts:
        print("   ", r)
    for r in rows:
        if (r[3] in holds) != r[2] or r[3] == "undecided":
            print(f"    not as expected [{r[0]}] {r[1][:90]} → {r[3]}")
    print(f"time per one-step derivation (definitions + step): p50 {statistics.median(step_times):.2f} s, "
          f"max {max(step_times):.2f} s over {len(step_times)}")
    for name, t in doc_times:
        print(f"time per document: {name}: {t:.2f} s")
    print(f"time per document: p50 {statistics.median(t for _, t in doc_times):.2f} s, "
          f"max {max(t for _, t in doc_times):.2f} s")
    return 1 if false_accepts else 0


if __name__ == "__main__":
    raise SystemExit(main())
