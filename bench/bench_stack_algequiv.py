"""An external yardstick: STACK's AlgEquiv answer-test fixtures, asked of tdgrad.

STACK (the Moodle question type, Maxima behind it) keeps a table of answer-test cases, each with the
verdict its authors expect (``tests/fixtures/answertestfixtures.class.php``). This script reads the
``AlgEquiv`` rows of a STACK checkout given as argument (a work tree, or a bare git directory: the
file is then read from HEAD; nothing of STACK is copied into tdgrad), converts what tdgrad can
read (``%pi`` → ``pi``, ``%e`` → ``e``; rows with complex numbers, sets, lists, matrices, equations,
inequalities, logic or Maxima-only functions are counted as not converted), judges every pair with
``equivalence.equivalent`` in the bounded runner, and prints the two disagreement counts:

- tdgrad **equivalent** (proven or numerically) where STACK says **different** — must be 0 apart
  from the conventions listed in ``CONVENTIONS`` (tdgrad reads a decimal as the exact decimal number
  a person wrote; STACK computes with floats; tdgrad's reader joins ``x1`` and ``x_1``) and the
  rows of ``STACK_WRONG`` (each with its proof); the exit code is 1 if any other is found;
- STACK **same** where tdgrad says different, undecided or partly equivalent.

    .venv/bin/python bench/bench_stack_algequiv.py /path/to/moodle-qtype_stack [--verbose]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tdgrad.errors import ExpressionError
from tdgrad.student import runner
from tdgrad.student.equivalence import equivalent
from tdgrad.student.read import read

FIXTURES = "tests/fixtures/answertestfixtures.class.php"
# STACK scores: 1 same, 0 different, -1 the test itself fails, -2 / -3 known Maxima failures that
# should give 0 / 1.
EXPECTED = {1: "same", -3: "same", 0: "different", -2: "different"}
NOT_CONVERTED = re.compile(r"%i|#pm#|[\[\]{}<>=:;'\"@~!?]|\b(and|or|not|inf|minf|true|false|all|none)\b")
FUNCTIONS = {"sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh", "asin", "acos", "atan",
             "exp", "log", "sqrt", "abs"}  # the Maxima functions tdgrad reads with the same meaning
# Rows where STACK's expected verdict is itself mathematically wrong, each with the reason; they are
# counted and printed apart, never silently.
STACK_WRONG = {
    ("log(abs((x^2-9)))", "log(abs(x-3))+log(abs(x+3))"):
        "|x²−9| = |x−3|·|x+3| for every x, so both sides are equal wherever they are defined (x ≠ ±3)",
}
CONVENTIONS = {
    "decimal": "tdgrad reads 0.1 as the exact decimal 1/10; STACK (Maxima) computes with floats",
    "subscript": "tdgrad's reader takes x1, x_1 and x_{1} as one name; STACK keeps them apart",
}


def php_rows(text: str) -> list[list]:
    """The rows of ``$rawdata = [...]``: single-quoted strings (joined by ``.``), integers, lists."""
    body = text[text.index("$rawdata"):]
    tokens = re.finditer(r"//[^\n]*|/\*.*?\*/|'((?:[^'\\]|\\.)*)'|(-?\d+)|([\[\],.;])|\s+|(\S)", body, re.S)
    stack: list[list] = [[]]
    joining = False
    for m in tokens:
        string, number, punct = m.group(1), m.group(2), m.group(3)
        if string is not None:
            value = re.sub(r"\\(.)", r"\1", string)
            if joining:
                stack[-1][-1] += value
                joining = False
            else:
                stack[-1].append(value)
        elif number is not None:
            stack[-1].append(int(number))
        elif punct == "[":
            stack.append([])
        elif punct == "]":
            done = stack.pop()
            stack[-1].append(done)
            if len(stack) == 1:
                break
        elif punct == ".":
            joining = True
    return stack[0][0]


def fixtures(checkout: Path) -> str:
    path = checkout / FIXTURES
    if path.is_file():
        return path.read_text(encoding="utf-8")
    try:  # a bare repository, as the fetch tool leaves it
        return subprocess.run(["git", "--git-dir", str(checkout), "show", f"HEAD:{FIXTURES}"],
                              check=True, capture_output=True, text=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        sys.exit(f"bench_stack_algequiv: no {FIXTURES} in {checkout} (a STACK work tree or git directory)")


def convert(maxima: str) -> str | None:
    """Maxima as STACK's fixtures write it → tdgrad's syntax, or None when tdgrad has no reading."""
    if not maxima.strip() or NOT_CONVERTED.search(maxima):
        return None
    if any(name not in FUNCTIONS for name in re.findall(r"([A-Za-z_%][A-Za-z0-9_]*)\s*\(", maxima)):
        return None
    return maxima.replace("%pi", "pi").replace("%e", "e")


def judge(student: str, teacher: str) -> tuple[str, str]:
    try:
        a, b = read(student), read(teacher)
    except ExpressionError as exc:
        return "unreadable", str(exc)
    v = equivalent(a, b)
    return v.verdict, v.reason


def convention(student: str, teacher: str) -> str | None:
    if re.search(r"\d\.\d|\d\.(?!\d)", student + " " + teacher):
        return "decimal"
    if re.search(r"[A-Za-z]_?\d", student + " " + teacher):
        return "subscript"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="a clone of STACK (moodle-qtype_stack)")
    parser.add_argument("--verbose", action="store_true", help="print every row")
    args = parser.parse_args()
    rows = [r for r in php_rows(fixtures(args.checkout)) if isinstance(r, list) and r and r[0] == "AlgEquiv"]
    cases, skipped = [], Counter()
    for r in rows:
        options, student, teacher, score = r[1], r[2], r[3], r[4]
        if score not in EXPECTED:
            skipped["STACK expects an error"] += 1
        elif options:
            skipped["with options"] += 1
        elif convert(student) is None or convert(teacher) is None:
            skipped["not convertible (complex, sets, equations, Maxima functions…)"] += 1
        else:
            cases.append((student, teacher, EXPECTED[score], convert(student), convert(teacher)))
    outcomes = runner.pool_map(judge, [(c[3], c[4]) for c in cases], seconds=10)
    tally: Counter = Counter()
    false_same, missed = [], []
    for (student, teacher, stack, _, _), o in zip(cases, outcomes):
        verdict, reason = o.value if o.ok else ("undecided", o.undecided)
        if verdict == "unreadable":
            skipped["unreadable by tdgrad's reader"] += 1
            continue
        says_same = verdict in ("equivalent", "numerically equivalent")
        tally[(stack, verdict)] += 1
        if says_same and stack == "different":
            false_same.append((student, teacher, verdict, convention(student, teacher), reason))
        elif not says_same and stack == "same":
            missed.append((student, teacher, verdict, reason))
        if args.verbose:
            print(f"{stack:9} {verdict:23} {student}  |  {teacher}")
    judged = sum(tally.values())
    print(f"STACK AlgEquiv rows: {len(rows)}; judged by tdgrad: {judged}; skipped: {sum(skipped.values())}")
    for why, n in skipped.most_common():
        print(f"  skipped, {why}: {n}")
    print("STACK verdict × tdgrad verdict:")
    for (stack, verdict), n in sorted(tally.items()):
        print(f"  {stack:9} {verdict:23} {n}")
    unexplained = [f for f in false_same if f[3] is None and (f[0], f[1]) not in STACK_WRONG]
    print(f"tdgrad equivalent, STACK different: {len(false_same)} "
          f"({len(unexplained)} not explained by a documented convention)")
    for student, teacher, verdict, conv, reason in false_same:
        why = conv or ("STACK's expectation is wrong" if (student, teacher) in STACK_WRONG else "UNEXPLAINED")
        print(f"  [{why}] {student}  |  {teacher}  — {verdict}: {reason}")
    for (student, teacher), text in STACK_WRONG.items():
        print(f"  STACK's expectation is wrong for {student} | {teacher}: {text}")
    for name, text in CONVENTIONS.items():
        print(f"  convention '{name}': {text}")
    print(f"STACK same, tdgrad not equivalent: {len(missed)}")
    for student, teacher, verdict, reason in missed:
        print(f"  {student}  |  {teacher}  — {verdict}: {reason[:120]}")
    sys.exit(1 if unexplained else 0)


if __name__ == "__main__":
    main()
