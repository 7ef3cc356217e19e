"""The ``tdgrad`` command: parses arguments, calls the library, turns user errors into one line.

Exit codes: 0 success, 1 LaTeX or check failure, 2 a user's mistake (spec, expression, option).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tdgrad.errors import CheckError, TypesetError, UserError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UserError as exc:
        print(f"tdgrad: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except (TypesetError, CheckError) as exc:
        print(f"tdgrad: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tdgrad: interrupted; no output was left half-written", file=sys.stderr)
        return 130


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

    lst = sub.add_parser("list", help="the exercise kinds")
    lst.set_defaults(run=_list)

    new = sub.add_parser("new", help="write the skeleton of a new exercise kind (module + template)")
    new.add_argument("kind", help="a name such as 'softplus_ad' (letters, digits, _)")
    new.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    new.set_defaults(run=_new)

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


def _list(args) -> int:
    from tdgrad.exercises import EXERCISES

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
