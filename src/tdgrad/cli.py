"""The ``tdgrad`` command: parses arguments, calls the library, turns user errors into one line.

Exit codes: 0 success, 1 LaTeX or check failure, 2 a user's mistake (spec, expression, option).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
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
        print("tdgrad: interrupted; LaTeX stopped, the previous outputs are untouched",
              file=sys.stderr)
        return 128 + received[-1]


def _interrupt(received: list, signum: int):
    """SIGTERM ends a run like Ctrl-C: the same clean-up (LaTeX killed, scratch removed)."""
    received.append(signum)
    raise KeyboardInterrupt


_VALUED = {"--lang", "--at", "--wrt", "--variant", "--seed", "--key", "--out"}


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tdgrad", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="worksheet, correction (PDF, .tex) and answers.json")
    gen.add_argument("spec", type=Path, help="a TD specification (TOML), e.g. examples/td1.toml")
    gen.add_argument("--seed", type=int, help="random seed (default: the spec's, else 1)")
    gen.add_argument("--lang", choices=("fr", "en"), help="language (default: the spec's, else fr)")
    gen.add_argument("--out", type=Path, default=Path("output"), help="output directory")
    gen.add_argument("--tex-only", action="store_true", help="write .tex and answers.json, no PDF")
    gen.set_defaults(run=_generate)

    ba = sub.add_parser("batch", help="N distinct variants: PDFs, answer keys, Moodle XML")
    ba.add_argument("spec", type=Path)
    ba.add_argument("--variants", type=int, required=True, help="how many variants")
    ba.add_argument("--seed", type=int, help="seed of the batch (default: the spec's)")
    ba.add_argument("--out", type=Path, default=Path("output"))
    ba.add_argument("--jobs", type=int, default=2, help="LaTeX runs in parallel (default 2)")
    ba.add_argument("--tex-only", action="store_true")
    ba.add_argument("--split", action="store_true", help="also one PDF per variant in variants/<id>/")
    ba.add_argument("--lang", choices=("fr", "en"))
    ba.add_argument("--quiet", action="store_true", help="no progress bar")
    ba.set_defaults(run=_batch)

    lst = sub.add_parser("list", help="the exercise kinds", formatter_class=argparse.RawDescriptionHelpFormatter,
                         epilog=_fields_help())
    lst.add_argument("--markdown", action="store_true", help="print the README's field table")
    lst.set_defaults(run=_list)

    new = sub.add_parser("new", help="write the skeleton of a new exercise kind (module + template)")
    new.add_argument("kind", help="a name such as 'softplus_ad' (letters, digits, _)")
    new.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    new.set_defaults(run=_new)

    eq = sub.add_parser("equiv", help="are two expressions equivalent? (exit 0 yes, 1 no, 3 undecided)")
    eq.add_argument("a")
    eq.add_argument("b")
    eq.add_argument("--json", action="store_true")
    eq.add_argument("--lang", choices=("fr", "en"), default="fr")
    eq.set_defaults(run=_equiv)

    de = sub.add_parser("derivation", help="check a written derivation step by step")
    de.add_argument("file", type=Path)
    de.add_argument("--json", action="store_true")
    de.add_argument("--lang", choices=("fr", "en"), default="fr")
    de.add_argument("--key", type=Path, help="answers.json: its exercise's notation and forward pass give meaning")
    de.add_argument("--exercise", type=int, default=1, help="with --key: which exercise (1-based, default 1)")
    de.set_defaults(run=_derivation)

    ch = sub.add_parser("check", help="check one answer against a generated variant")
    ch.add_argument("key", type=Path, help="answers.json, answer-key.json, or a spec (.toml)")
    ch.add_argument("question", help="exercise:question, e.g. 3:q1.loss (or q1.loss if unique)")
    ch.add_argument("answer")
    ch.add_argument("--variant", help="variant id (default: the only one, or --seed for a spec)")
    ch.add_argument("--seed", type=int, help="with a spec: the variant's seed")
    ch.add_argument("--lang", choices=("fr", "en"), default="fr")
    ch.add_argument("--json", action="store_true", help="verdict, feedback and how the answer was read")
    ch.set_defaults(run=_check)

    gr = sub.add_parser("grade", help="grade a class's answers (CSV: student,variant,question,answer)")
    gr.add_argument("answers", type=Path)
    gr.add_argument("--key", type=Path, action="append", required=True, help="answer key(s)")
    gr.add_argument("--out", type=Path, default=Path("report.csv"))
    gr.add_argument("--lang", choices=("fr", "en"), default="fr")
    gr.set_defaults(run=_grade)

    se = sub.add_parser("serve", help="the TD as a web page: students answer, tdgrad checks as they type",
                        description="Serve SPEC on http://HOST:PORT/: each student signs in with an id "
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

    tr = sub.add_parser("trace", help="forward/reverse trace of any expression")
    tr.add_argument("expression", help="e.g. 'x1*x2 + sin(x1)'")
    tr.add_argument("--at", required=True, help="the point, e.g. x1=2,x2=5")
    tr.add_argument("--wrt", help="input of the forward (tangent) sweep (default: the first)")
    tr.add_argument("--json", action="store_true", help="print one JSON object")
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
    from tdgrad.student import runner
    from tdgrad.student.equivalence import Verdict, judge
    from tdgrad.student.feedback import message, say
    from tdgrad.student.read import read_as

    outcome = runner.run(judge, args.a, args.b, seconds=10)
    v = outcome.value if outcome.ok else Verdict("undecided", f"the check was stopped: {outcome.undecided}")
    if v.verdict == "unreadable":
        raise UserError(v.reason)
    if args.json:
        read = v.details.get("read")
        print(json.dumps({**v.json(), **({"read_as": [read_as(e) for e in read]} if read else {})},
                         ensure_ascii=False))
    else:
        line = say(v.verdict, args.lang)
        if v.point is not None:
            at = ", ".join(f"{k} = {x:g}" for k, x in v.point.items())
            line += f": {at} → {v.values[0]!s} / {v.values[1]!s}"
        hint = message(v.mistake, args.lang)
        print(line + (f" ({hint})" if hint else "") + f"\n  {v.reason}")
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

        steps, first = indexed.check(text, context=indexed.from_key(args.key, args.exercise))
    else:
        steps, first = check(text)
    if not steps:
        raise UserError(f"{args.file}: no equation (A = B) found")
    if args.json:
        print(json.dumps({"steps": [{**s.json(), "read_as": [_read_as(s.lhs, equation=s.kind != "="), _read_as(s.rhs, equation=s.kind != "=")]} for s in steps],
                          "first_wrong_step": first}, ensure_ascii=False, indent=2))
    else:
        for s in steps:
            j = s.json()
            extra = f" — {j['point']} : {j['values']}" if "point" in j else ""
            print(f"{s.number:>3}. {s.lhs}  {s.kind}  {s.rhs}\n     {say(j['verdict'], args.lang)}{extra}")
            if (s.verdict.mistake or {}).get("detail"):  # e.g. the factor of an indexed step that differs
                print(f"     {s.verdict.mistake['detail']}")
        print(f"{say('first_wrong_step', args.lang)}: {first if first else '—'}")
    return 1 if first else (3 if any(s.word in ("undecided", "holds where defined") for s in steps) else 0)


def _check(args) -> int:
    from tdgrad.student.feedback import say
    from tdgrad.student.grade import find, grade_many, load_keys

    if args.key.suffix == ".toml":
        from tdgrad import pipeline, spec

        variant = pipeline.make_variant(spec.load(args.key), args.seed)
        data = variant.answers()
        keys = {str(data["seed"]): {f"{e['exercise']}:{q}": r for e in data["exercises"]
                                    for q, r in e["answers"].items()}}
    else:
        keys = load_keys([args.key])
    vid = args.variant or (next(iter(keys)) if len(keys) == 1 else None)
    if vid not in keys:
        raise UserError(f"--variant: give one of {', '.join(sorted(keys)[:10])}")
    _, ref = find(keys[vid], args.question)
    (r,) = grade_many([(ref, args.answer)], args.lang)
    if args.json:
        variables = tuple(ref.get("variables", ())) if isinstance(ref, dict) else ()
        print(json.dumps({"verdict": r.verdict, "feedback": r.feedback, "points": r.points,
                          "read_as": _read_as(args.answer, variables or None)}, ensure_ascii=False))
        return {"correct": 0, "wrong": 1, "unparsable": 2, "undecided": 3}[r.verdict]
    print(say(r.verdict, args.lang) + (f": {r.feedback}" if r.feedback else ""))
    return {"correct": 0, "wrong": 1, "unparsable": 2, "undecided": 3}[r.verdict]


def _read_as(text: str, variables=None, equation: bool = False) -> str | None:
    """How tdgrad read an answer (None if it could not); an equation (a side of a ⇔ step) is
    shown member by member."""
    from tdgrad.student.derivation import chains
    from tdgrad.student.read import read, read_as

    lines = chains(text) if equation and "=" in text else []
    members = lines[0][0] if len(lines) == 1 and len(lines[0]) == 1 else [text]
    try:
        return " = ".join(read_as(read(m, variables)) for m in members)
    except UserError:
        return None


def _grade(args) -> int:
    from tdgrad.student.grade import grade_csv

    summary = grade_csv(args.answers, args.key, args.out, args.lang)
    print(f"{summary['answers']} answers, {summary['students']} students → {args.out}")
    for q in summary["questions"]:
        print(f"  {q['question']}: {q['correct']}/{q['answers']}"
              + (f" — {q['common_mistake']}" if q["common_mistake"] else ""))
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
