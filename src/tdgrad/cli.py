"""The ``tdgrad`` command: parses arguments, calls the library, turns user errors into one line.

Exit codes: 0 success, 1 LaTeX or check failure, 2 a user's mistake (spec, expression, option).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import textwrap
import threading
from pathlib import Path

from tdgrad.errors import CheckError, TypesetError, UserError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(_expressions_last(sys.argv[1:] if argv is None else argv))
    received = [signal.SIGINT]
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: _interrupt(received, signum))
    try:
        return args.run(args)
    except UserError as exc:
        print(f"tdgrad: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except (TypesetError, CheckError) as exc:
        print(f"tdgrad: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, a read-only folder: the previous outputs are untouched
        print(f"tdgrad: error: cannot write: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tdgrad: interrupted; " + ("" if args.run is _grade else "LaTeX stopped, ")
              + "the previous outputs are untouched", file=sys.stderr)
        return 128 + received[-1]


def _interrupt(received: list, signum: int):
    """SIGTERM ends a run like Ctrl-C: the same clean-up (LaTeX killed, scratch removed)."""
    received.append(signum)
    raise KeyboardInterrupt


_VALUED = {"--lang", "--at", "--wrt", "--variant", "--seed", "--key", "--out", "--jobs"}


def _expressions_last(argv: list[str]) -> list[str]:
    """Let expressions start with a minus: ``tdgrad equiv -x*y x*y`` is not an option."""
    if not argv or argv[0] not in ("equiv", "check", "trace") or "--" in argv:
        return argv
    options, positionals, rest = [], [], iter(argv[1:])
    for token in rest:
        if token in _VALUED or token.split("=", 1)[0] in _VALUED:
            options.append(token)
            if "=" not in token:
                options.append(next(rest, ""))
        elif token in ("--json", "-h", "--help"):
            options.append(token)
        else:
            positionals.append(token)
    return [argv[0], *options, "--", *positionals]


EXIT = ("Exit codes: 0 done; 1 LaTeX failed, a derivative disagreed with finite differences or the "
        "disk is full (the previous outputs are kept); 2 a mistake in the input, named in one line; "
        "130 interrupted (143 on SIGTERM).")
TOP = ("tdgrad writes backpropagation worksheets and their corrections (LaTeX/PDF, French or "
       "English) from a short TOML file, checks every derivative numerically, makes exam "
       "variants with answer keys, and checks students' answers.")


class _Parser(argparse.ArgumentParser):
    """A parser whose description may be a function, called only when the help is shown: the
    `list` fields table imports every exercise (SymPy, a second) that `check` must not pay."""

    @property
    def description(self) -> str | None:
        return self._description() if callable(self._description) else self._description

    @description.setter
    def description(self, value) -> None:
        self._description = value


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = _Parser(prog="tdgrad", description=textwrap.fill(TOP, 90),
                                     formatter_class=raw, epilog=textwrap.fill(
                                         "Start with: tdgrad generate examples/td1.toml, then open "
                                         "output/td1/enonce.pdf and corrige.pdf. " + EXIT, 90))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def command(name, help, description, example, **kw):
        text = description if callable(description) or "\n" in description else textwrap.fill(description, 90)
        return sub.add_parser(name, help=help, description=text, formatter_class=raw,
                              epilog=f"example:\n  {example}\n\n{textwrap.fill(EXIT, 90)}", **kw)

    gen = command("generate", "write a worksheet, its correction and answers.json",
                  "Draw the values the spec leaves out (from its seed), derive and check every "
                  "answer, then write OUT/<spec name>/enonce.pdf (the worksheet), corrige.pdf (the "
                  "correction), their .tex sources and answers.json (every answer, with the "
                  "parameters and seed). The previous set is replaced only once the new one is "
                  "complete; two runs into the same folder cannot mix (the second stops, exit 2).",
                  "tdgrad generate examples/td1.toml --seed 3 --lang en")
    gen.add_argument("spec", type=Path, help="the TD file (TOML), e.g. examples/td1.toml; "
                     "`tdgrad list --help` shows every field")
    gen.add_argument("--seed", type=int, help="draw with this seed instead of the spec's "
                     "(0 to 4294967295); the same seed gives the same files")
    gen.add_argument("--lang", choices=("fr", "en"), help="language of the sheets (default: the spec's, else fr)")
    gen.add_argument("--out", type=Path, default=Path("output"), help="folder for the outputs (default: output)")
    gen.add_argument("--tex-only", action="store_true", help="write the .tex files and answers.json "
                     "but do not run LaTeX (fast; old PDFs are removed, they would not match)")
    gen.set_defaults(run=_generate)

    ba = command("batch", "write N exam variants: PDFs, answer keys, Moodle XML",
                 "Draw N variants with pairwise different values and write into OUT/<spec name>/: "
                 "enonces.pdf and corriges.pdf (every variant, each starting on an odd page, its id "
                 "V001, V002, … in the header), answer-key.csv (columns variant, exercise, "
                 "question, expected, tolerance), answer-key.json (the same with each variant's "
                 "parameters and seed; `tdgrad grade --key` reads it), moodle.xml, and with --split "
                 "variants/<id>/enonce.pdf and corrige.pdf. Variant i uses the seed "
                 "SeedSequence([S, i, attempt]). Ctrl-C stops at once and leaves the previous set "
                 "whole.", "tdgrad batch examples/td1-random.toml --variants 30 --seed 2026 --split")
    ba.add_argument("spec", type=Path, help="the TD file (TOML); leave values out to have them drawn")
    ba.add_argument("--variants", type=int, required=True, metavar="N",
                    help="how many variants (1 to 1000)")
    ba.add_argument("--seed", type=int, help="seed of the whole batch (default: the spec's)")
    ba.add_argument("--out", type=Path, default=Path("output"), help="folder for the outputs (default: output)")
    ba.add_argument("--jobs", type=int, help="LaTeX runs in parallel, big documents cut in chunks of "
                    "variants (default: one per core)")
    ba.add_argument("--tex-only", action="store_true", help="answer keys, Moodle XML and .tex, no PDF")
    ba.add_argument("--split", action="store_true", help="also one PDF pair per variant in variants/<id>/")
    ba.add_argument("--lang", choices=("fr", "en"), help="language of the sheets (default: the spec's)")
    ba.add_argument("--quiet", action="store_true", help="no progress bar")
    ba.set_defaults(run=_batch)

    lst = command("list", "list the exercise kinds and, with --help, every field they accept",
                  _fields_help, "tdgrad list")
    lst.add_argument("--markdown", action="store_true", help="print the fields as the README's table")
    lst.set_defaults(run=_list)

    new = command("new", "start a new exercise kind (a working module and template to edit)",
                  "Write src/tdgrad/exercises/KIND.py and templates/exercises/KIND.tex.j2: a "
                  "complete exercise (it draws, derives, checks and renders) to adapt; then add it "
                  "to EXERCISES in src/tdgrad/exercises/__init__.py.", "tdgrad new softplus_ad")
    new.add_argument("kind", help="the new kind's name: lower-case letters, digits and _, e.g. softplus_ad")
    new.add_argument("--root", type=Path, default=Path("."), help="the tdgrad checkout (default: .)")
    new.set_defaults(run=_new)

    eq = command("equiv", "are two expressions equal? (exit 0 proven, 1 no, 3 undecided, 4, 5)",
                 "Compare two expressions as a student may write them: plain math (2x, x^2, "
                 "e^(-x), ln, sigmoid, relu, 0,25) or LaTeX (\\frac, \\exp, \\cdot); nothing "
                 "is executed. Exit 0 equivalent (proven), 1 not equivalent, 3 undecided, "
                 "4 numerically equivalent (not proven), 5 partly equivalent (equal on part of "
                 "the domain only), 2 unreadable.",
                 "tdgrad equiv 'sigmoid(x)(1-sigmoid(x))' 'e^(-x)/(1+e^(-x))^2'")
    eq.add_argument("a", help="the first expression, e.g. 'sigmoid(x)(1-sigmoid(x))'")
    eq.add_argument("b", help="the second expression")
    eq.add_argument("--json", action="store_true", help="print the verdict as one JSON object")
    eq.add_argument("--lang", choices=("fr", "en"), help="language of the messages (verdicts French, "
                    "refusals English by default)")
    eq.set_defaults(run=_equiv)

    de = command("derivation", "check a student's written derivation step by step",
                 "Read a text or LaTeX file of equalities A = B = C … and check each step; print "
                 "every step's verdict and the first wrong one (exit 1 if a step is wrong, 3 if "
                 "one is undecided, 0 if all hold).", "tdgrad derivation copie.tex --lang en")
    de.add_argument("file", type=Path, help="the derivation, plain text or LaTeX, e.g. copie.tex")
    de.add_argument("--json", action="store_true", help="print every step as JSON")
    de.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the messages")
    de.add_argument("--key", type=Path, help="answers.json: its exercise's notation and forward pass give meaning")
    de.add_argument("--exercise", type=int, default=1, help="with --key: which exercise (1-based, default 1)")
    de.set_defaults(run=_derivation)

    ch = command("check", "check one answer against a generated variant",
                 "Grade one answer like `grade` does (numbers within 1 %, or the key's tolerance; "
                 "expressions by equivalence; numpy one-liners) and say what is wrong. Exit 0 "
                 "right, 1 wrong, 2 unreadable, 3 undecided.",
                 "tdgrad check output/td1/answers.json 3:q1.loss 0.0338")
    ch.add_argument("key", type=Path, help="answers.json, answer-key.json, or a spec (.toml)")
    ch.add_argument("question", help="exercise:question, e.g. 3:q1.loss (or q1.loss if unique)")
    ch.add_argument("answer", help="the student's answer, e.g. 0,0338 or 'h_3(1-h_3)'")
    ch.add_argument("--variant", help="variant id such as V007 or a seed (default: the only one, "
                    "or --seed for a spec)")
    ch.add_argument("--seed", type=int, help="with a spec: the variant's seed")
    ch.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the feedback")
    ch.add_argument("--json", action="store_true", help="verdict, feedback and how the answer was read")
    ch.set_defaults(run=_check)

    gr = command("grade", "grade a class's answers from a CSV file",
                 "Read a CSV with columns student,variant,question,answer (variant: a variant id "
                 "such as V007 or the seed of an answers.json; question: exercise:question such as "
                 "3:q1.loss), as spreadsheets export it (; or , UTF-8 or Windows-1252, extra "
                 "columns), or one row per student and a column per question whose header holds its id "
                 "(a Google Forms export), and write OUT (one row per input row, unreadable rows included: verdict, "
                 "feedback, points), "
                 "OUT-students.csv (totals over every question of the file, missing ones included) and "
                 "OUT-questions.csv (success rate and most common mistake per question). Each row that "
                 "could not be graded is one line on stderr (file:line: column: what; how to fix); exit 2 "
                 "when rows could not be matched to the key, 3 when answers are undecided.",
                 "tdgrad grade answers.csv --key output/td1-random/answer-key.json --out report.csv")
    gr.add_argument("answers", type=Path, nargs="?",
                    help="CSV with columns student,variant,question,answer (or --db)")
    gr.add_argument("--key", type=Path, action="append",
                    help="answer key: answers.json or answer-key.json (repeat for several)")
    gr.add_argument("--db", help="instead of a CSV and keys: the database of `tdgrad serve` "
                    "(e.g. sqlite:///output/td1/web.sqlite3), graded against --spec")
    gr.add_argument("--spec", type=Path, help="with --db: the TD that was served (its variants are made again)")
    gr.add_argument("--out", type=Path, default=Path("report.csv"), help="the report (default: report.csv)")
    gr.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the feedback")
    gr.add_argument("--jobs", type=int, help="processes judging answers (default: every core)")
    gr.set_defaults(run=_grade)

    se = sub.add_parser("serve", help="the TD as a web page: students answer, tdgrad checks as they type",
                        formatter_class=raw, epilog=textwrap.fill(EXIT, 90), description="Serve SPEC on http://HOST:PORT/: each student signs in with an id "
                        "(or takes a random variant), reads the statement, types answers (numbers, "
                        "expressions, numpy lines, derivations) and sees tdgrad's verdict at once. "
                        "Answers are kept in a database; /teacher?token=TOKEN shows the class's "
                        "progress. Example: tdgrad serve examples/td1.toml --port 8000")
    se.add_argument("spec", type=Path, help="a TD specification (TOML), e.g. examples/td1.toml")
    se.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: the whole network)")
    se.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    se.add_argument("--db", help="database URL (default: sqlite:///OUT/<spec stem>/web.sqlite3; "
                    "postgresql://user:pw@host/db also works)")
    se.add_argument("--out", type=Path, default=Path("output"), help="where the database and figures go")
    se.add_argument("--token", help="the teacher page's token (default: made once, kept in the database)")
    se.add_argument("--lang", choices=("fr", "en"), help="language (default: the spec's)")
    se.add_argument("--jobs", type=int, help="answer-checking worker processes (default: one per core)")
    se.set_defaults(run=_serve)

    tr = command("trace", "forward and reverse automatic differentiation of any expression",
                 "Decompose the expression into a computation graph (one node w_k per operation) "
                 "and print each node's value, its tangent for --wrt (forward mode) and its adjoint "
                 "(reverse mode), then the value and the gradient. Accepted: numbers, names, "
                 "+ - * / ^ **, exp log ln sqrt sin cos tan sinh cosh tanh sigmoid softplus relu "
                 "abs, pi, e.", "tdgrad trace 'x1*x2 + sin(x1)' --at x1=2,x2=5 --wrt x1")
    tr.add_argument("expression", help="the function, in quotes, e.g. 'x1*x2 + sin(x1)'")
    tr.add_argument("--at", required=True, help="the point: name=value pairs, e.g. x1=2,x2=5")
    tr.add_argument("--wrt", help="input of the forward (tangent) sweep (default: the first)")
    tr.add_argument("--json", action="store_true", help="print value, gradient, nodes, primal, "
                    "tangent and adjoint as one JSON object")
    tr.set_defaults(run=_trace)
    return parser


def _generate(args) -> int:
    from tdgrad import pipeline, spec

    target = pipeline.generate(spec.load(args.spec), args.out, args.seed, args.lang, args.tex_only)
    for path in sorted(target.iterdir()):
        if path.suffix in (".pdf", ".tex", ".json"):
            print(path)
    return 0


def _batch(args) -> int:
    from tdgrad import batch, spec

    target = batch.run(spec.load(args.spec), args.variants, args.out, args.seed, args.lang,
                       args.jobs, args.tex_only, args.split, args.quiet)
    for path in sorted(target.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            print(path)
    return 0


def _fields_help() -> str:
    from tdgrad import schema
    from tdgrad.exercises import EXERCISES

    return ("The fields each kind accepts in its [[exercise]] table; a field marked [drawn at "
            "random] is drawn from the seed when the spec leaves it out:\n\n"
            + schema.text_table(EXERCISES.values()))


def _list(args) -> int:
    from tdgrad import schema
    from tdgrad.exercises import EXERCISES

    if args.markdown:
        print(schema.markdown(EXERCISES.values()))
        return 0
    width = max(map(len, EXERCISES))
    for kind, unit in EXERCISES.items():
        print(f"{kind:<{width}}  {unit.SUMMARY}")
    return 0


def _new(args) -> int:
    from tdgrad.skeleton import write_skeleton

    for path in write_skeleton(args.kind, args.root):
        print(f"wrote {path}")
    print(f"now add `{args.kind}` to EXERCISES in src/tdgrad/exercises/__init__.py, "
          f"then `tdgrad list` shows it")
    return 0


VERDICT_CODE = {"equivalent": 0, "not equivalent": 1, "undecided": 3, "numerically equivalent": 4,
                "partly equivalent": 5}


def _equiv(args) -> int:
    from tdgrad.student import reasons
    from tdgrad.student.feedback import message, say
    from tdgrad.student.numbers import plain
    from tdgrad.student.verdict import Verdict, rationals

    a, b = plain(args.a), plain(args.b)
    v = None
    if a is not None and b is not None:  # two plain decimals: exact, decided before SymPy starts
        v, read = rationals(a, b), [str(a), str(b)]
    elif not args.json:  # --json shows SymPy's reading
        from tdgrad.student import floats

        v, read = floats.judge(args.a, args.b), []  # floats and an exact proof, when they suffice
    if v is None:
        from tdgrad.student import runner
        from tdgrad.student.equivalence import judge
        from tdgrad.student.read import read_as

        outcome = runner.run(judge, args.a, args.b, seconds=10)
        v = outcome.value if outcome.ok else Verdict("undecided", f"the check was stopped: {outcome.undecided}")
        read = [read_as(e) for e in v.details.get("read") or ()]
    if v.verdict == "unreadable":  # the teacher's command: English unless --lang fr
        raise UserError(v.details["refusal"].say(args.lang or "en") if "refusal" in v.details else v.reason)
    if args.json:
        print(json.dumps({**v.json(), **({"read_as": read} if read else {})}, ensure_ascii=False))
    else:
        line = say(v.verdict, args.lang or "fr")
        if v.point is not None:
            at = ", ".join(f"{k} = {x:g}" for k, x in v.point.items())
            first, second = v.values or (None, None)
            line += f": {at} → {first!s} / {second!s}"
        hint = message(v.mistake, args.lang or "fr")
        print(line + (f" ({hint})" if hint else "") + f"\n  {reasons.say(v.reason, args.lang or 'fr')}")
    return VERDICT_CODE[v.verdict]


def _derivation(args) -> int:
    from tdgrad.student.derivation import check
    from tdgrad.student.feedback import say

    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{args.file}: cannot read: {exc}") from None
    if args.key:
        from tdgrad.student import indexed

        steps, first = indexed.check(text, context=indexed.from_key(args.key, args.exercise), lang=args.lang)
    else:
        steps, first = check(text, lang=args.lang)
    if not steps:
        raise UserError(f"{args.file}: no equation (A = B) found")
    if args.json:
        print(json.dumps({"steps": [{**s.json(), "read_as": [_read_as(s.lhs, equation=s.kind != "="), _read_as(s.rhs, equation=s.kind != "=")]} for s in steps],
                          "first_wrong_step": first}, ensure_ascii=False, indent=2))
    else:
        for s in steps:
            j = s.json(args.lang)
            extra = f" — {j['reason']}" if s.word == "fails" else ""  # where, and both sides' values
            print(f"{s.number:>3}. {s.lhs}  {s.kind}  {s.rhs}\n     {say(j['verdict'], args.lang)}{extra}")
            if (s.verdict.mistake or {}).get("detail"):  # e.g. the factor of an indexed step that differs
                print(f"     {s.verdict.mistake['detail']}")
            if s.verdict.details.get("unreadable"):  # what could not be read, in the student's language
                print(f"     {s.verdict.reason}")
        print(f"{say('first_wrong_step', args.lang)}: {first if first else '—'}")
    return 1 if first else (3 if any(s.word in ("undecided", "holds where defined") for s in steps) else 0)


def _check(args) -> int:
    from tdgrad import answers
    from tdgrad.student.feedback import say
    from tdgrad.student.number_grade import grade_plain

    if args.key.suffix == ".toml":
        from tdgrad import pipeline, spec

        variant = pipeline.make_variant(spec.load(args.key), args.seed)
        key = answers.Key({str(variant.seed): answers.table(variant.answers())}, {})
    else:
        key = answers.load([args.key])
    vid = key.variant(args.variant) if args.variant else (
        next(iter(key.tables)) if len(key.tables) == 1 else None)
    if vid is None:
        raise UserError(f"--variant: give one of {', '.join(sorted(key.tables)[:10])}")
    _, ref = answers.find(key.tables[vid], args.question)
    r = grade_plain(ref, args.answer, args.lang)  # a plain decimal: no SymPy to start, nothing to bound
    if r is None and not args.json:  # --json shows SymPy's reading (read_as)
        from tdgrad.student import floats

        r = floats.grade(ref, args.answer, args.lang)  # an expression by floats, when they suffice
    if r is None:
        from tdgrad.student.grade import grade_many

        (r,) = grade_many([(ref, args.answer)], args.lang)
    if args.json:
        print(json.dumps({"verdict": r.verdict, "feedback": r.feedback, "points": r.points,
                          "read_as": _graded_as(ref, args.answer)}, ensure_ascii=False))
        return {"correct": 0, "wrong": 1, "unparsable": 2, "undecided": 3}[r.verdict]
    print(say(r.verdict, args.lang) + (f": {r.feedback}" if r.feedback else ""))
    return {"correct": 0, "wrong": 1, "unparsable": 2, "undecided": 3}[r.verdict]


def _graded_as(ref, answer: str) -> str | None:
    """What grading read in the answer (None if it could not): the words around a number left out,
    a σ's implicit argument put in."""
    from tdgrad.student.numbers import plain

    if plain(answer) is not None and ref.type in ("number", "integer"):  # SymPy's own text of that rational
        return str(plain(answer))
    from tdgrad.student.grade import reading
    from tdgrad.student.read import read_as

    try:
        return read_as(reading(ref, answer))
    except UserError:
        return None


def _read_as(text: str, variables=None, equation: bool = False) -> str | None:
    """How tdgrad read an answer (None if it could not); an equation (a side of a ⇔ step) is
    shown member by member."""
    from tdgrad.student.numbers import plain

    if not equation and plain(text) is not None:  # SymPy's own text of that rational
        return str(plain(text))
    from tdgrad.student.derivation import chains
    from tdgrad.student.read import read, read_as

    lines = chains(text) if equation and "=" in text else []
    members = lines[0][0] if len(lines) == 1 and len(lines[0]) == 1 else [text]
    try:
        return " = ".join(read_as(read(m, variables)) for m in members)
    except UserError:
        return None


def _grade(args) -> int:
    import tempfile

    from tdgrad.student.report import grade_csv

    if args.db:
        if args.answers or args.key or not args.spec:
            raise UserError("grade --db needs --spec (the TD served) and takes no CSV nor --key")
        from tdgrad import spec
        from tdgrad.web.export import export

        with tempfile.TemporaryDirectory(prefix="tdgrad-grade-") as scratch:
            table, keys = export(args.db, spec.load(args.spec), Path(scratch), args.lang)
            if not keys:
                raise UserError(f"{args.db}: no answer stored yet")
            summary = grade_csv(table, keys, args.out, args.lang, args.jobs)
    elif args.answers is None or not args.key:
        raise UserError("grade needs a CSV of answers and --key (or --db and --spec)")
    else:
        summary = grade_csv(args.answers, args.key, args.out, args.lang, args.jobs)
    print(f"{summary['answers']} rows, {summary['students']} students → {args.out}"
          + (f"; {summary['unreadable_rows']} unreadable row(s)" if summary["unreadable_rows"] else "")
          + (f"; {summary['duplicates']} duplicate(s), the last answer counts" if summary["duplicates"] else "")
          + (f"; {summary['blank']} without an answer" if summary["blank"] else ""))
    for q in summary["questions"]:
        print(f"  {q['question']}: {q['correct']}/{q['answers']}"
              + (f" — {q['common_mistake']}" if q["common_mistake"] else ""))
    for line in summary["problems"]:  # what the teacher must fix or grade by hand, one line each
        print(f"tdgrad: {line}", file=sys.stderr)
    if summary["unmatched"]:
        print(f"tdgrad: error: {summary['unmatched']} row(s) not graded (see above and {args.out}); "
              "the other rows are graded", file=sys.stderr)
        return 2
    if summary["undecided"]:
        print(f"tdgrad: {summary['undecided']} answer(s) undecided: grade them by hand (see {args.out})",
              file=sys.stderr)
        return 3
    return 0


def _serve(args) -> int:
    import uvicorn

    from tdgrad import spec
    from tdgrad.web.app import create_app

    td = spec.load(args.spec)
    folder = args.out / td.path.stem
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app(td, args.db or f"sqlite:///{folder / 'web.sqlite3'}", token=args.token,
                     lang=args.lang, cache=folder / "web-figures", jobs=args.jobs)
    print(f"tdgrad: students: http://{args.host}:{args.port}/   teacher: "
          f"http://{args.host}:{args.port}/teacher?token={app.state.teacher_token}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def parse_point(text: str) -> dict[str, float]:
    """``x1=2,x2=5`` → {"x1": 2.0, "x2": 5.0}, with a clear error otherwise."""
    point: dict[str, float] = {}
    for item in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = item.partition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            point[name.strip()] = float(value)
        except ValueError:
            raise UserError(f"--at: cannot read '{item}'; write name=value pairs such as "
                            "x1=2,x2=5") from None
    if not point:
        raise UserError("--at: give the point, e.g. --at x1=2,x2=5")
    return point


def _trace(args) -> int:
    from tdgrad.engines import trace
    from tdgrad.parse import parse_expression

    point = parse_point(args.at)
    expr = parse_expression(args.expression)
    names = {str(s) for s in expr.free_symbols}
    missing = sorted(names - set(point))
    if missing:
        raise UserError(f"--at: no value for {', '.join(missing)}")
    unused = sorted(set(point) - names)
    if unused:
        raise UserError(f"--at: {', '.join(unused)} does not appear in the expression")
    if expr.is_number:
        raise UserError("the expression has no variable: there is nothing to differentiate")
    inputs = tuple(point)
    wrt = args.wrt or inputs[0]
    if wrt not in point:
        raise UserError(f"--wrt: '{wrt}' is not one of {', '.join(inputs)}")
    t = trace.run(trace.build_graph(expr, inputs), point, wrt)
    if args.json:
        print(json.dumps(trace_json(t), indent=2))
    else:
        print(trace_text(t))
    return 0


def trace_json(t) -> dict:
    nodes = t.graph.nodes
    return {
        "expression": str(t.graph.expr), "point": t.point, "wrt": t.wrt,
        "value": t.value, "gradient": t.gradient,
        "nodes": [{"name": f"w{n.index}", "definition": str(n.definition),
                   "parents": [f"w{p}" for p in n.parents]} for n in nodes],
        "primal": list(t.primal), "tangent": list(t.tangent), "adjoint": list(t.adjoint),
    }


def trace_text(t) -> str:
    rows = [f"{'node':<5} {'definition':<24} {'value':>12} {'tangent':>12} {'adjoint':>12}"]
    for n, v, d, b in zip(t.graph.nodes, t.primal, t.tangent, t.adjoint):
        rows.append(f"w{n.index:<4} {str(n.definition):<24} {v:>12.6g} {d:>12.6g} {b:>12.6g}")
    rows.append(f"\nvalue = {t.value:.10g}")
    rows.append(f"forward mode: d/d{t.wrt} = {t.tangent[-1]:.10g}")
    rows.append("reverse mode: gradient = " + ", ".join(
        f"d/d{k} = {v:.10g}" for k, v in t.gradient.items()))
    return "\n".join(rows)
