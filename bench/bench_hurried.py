"""How often tdgrad gives the teacher's verdict on the hurried derivations and array answers.

Runs the tables of ``tests/test_hurried_derivations.py`` (the first wrong step, or none) and
``tests/test_hurried_arrays.py`` (the verdict only, not the feedback) and prints the agreement and
the kinds of disagreement. ``--no-key`` checks the derivations as the web page does (no answer
key). To measure an older tdgrad, put its tree first on the path:
``PYTHONPATH=/tmp/old/src .venv/bin/python bench/bench_hurried.py`` (``git archive <commit> | tar -x -C /tmp/old``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def derivations(no_key: bool) -> str:
    import test_hurried_derivations as t

    from tdgrad import pipeline, spec
    from tdgrad.student import derivation, runner

    out = Path(tempfile.mkdtemp(prefix="tdgrad-bench-"))
    keys = {n: Path(pipeline.generate(spec.load(t.EXAMPLES / f), out, None, None, True)) / "answers.json"
            for n, f in t.SPECS.items()}
    agree = flagged_right = missed = broke = 0
    with runner.Pool(seconds=derivation.STEP_SECONDS) as pool:
        for key, text, expected in t.CASES:
            try:
                steps, first = (derivation.check(text, pool=pool, lang="fr") if no_key
                                else t._check(keys, pool, key, text))
            except Exception:  # noqa: BLE001 — an older tdgrad may refuse the key or crash: counted
                broke += 1
                continue
            if expected[0] == "fails":
                bad = steps[first - 1] if first else None
                agree += bool(bad and expected[1] in bad.lhs and expected[2] in bad.rhs)
                missed += first is None
            else:
                agree += first is None
                flagged_right += first is not None
    return (f"derivations{' (no key)' if no_key else ''}: {agree}/{len(t.CASES)} first wrong steps as the teacher's; "
            f"right ones flagged wrong {flagged_right}, wrong ones not flagged {missed}, key refused or crash {broke}")


def arrays() -> str:
    import test_hurried_arrays as t

    from tdgrad import answers, pipeline, spec

    out = Path(tempfile.mkdtemp(prefix="tdgrad-bench-"))
    tables = {}
    for name, file in t.SPECS.items():
        target = pipeline.generate(spec.load(t.EXAMPLES / file), out, None, None, True)
        (tables[name],) = answers.load([Path(target) / "answers.json"]).tables.values()
    agree = right_called_wrong = right_refused = wrong_called_right = 0
    for name, question, text, expected in t.CASES:
        want = expected if isinstance(expected, str) else expected[0]
        got = t.grade_one(answers.find(tables[name], question)[1], text, "en").verdict
        agree += got == want
        wrong_called_right += got == "correct" != want
        right_called_wrong += want == "correct" and got == "wrong"
        right_refused += want == "correct" and got == "unparsable"
    return (f"arrays: {agree}/{len(t.CASES)} verdicts as the teacher's; wrong called right {wrong_called_right}, "
            f"right called wrong {right_called_wrong}, right refused {right_refused}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-key", action="store_true", help="derivations without the answer key (the web page)")
    args = ap.parse_args()
    import tdgrad

    print(f"tdgrad from {Path(tdgrad.__file__).parent}")
    print(derivations(args.no_key))
    print(arrays())


if __name__ == "__main__":
    main()
