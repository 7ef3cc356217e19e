"""Check a written derivation step by step and find the first step that does not hold.

A derivation is text, LaTeX or plain, with one or several displayed chains ``A = B = C`` and
equations joined by ⇔ (``\\Leftrightarrow``, ``\\iff``, ``<=>``), as students write them in seed 001.
Math is taken from ``$…$``, ``$$…$$`` and ``\\[…\\]`` when the text has any, else from every line
with an ``=``; aligned continuations (``&= …``) join the chain above. Each link ``A = B`` is a step
checked with ``equivalence.equivalent``; a number written with fewer digits holds when it is the
other side correctly rounded (``0.3×0.731+0.9×0.750+0.1 = 0.994``). In a line with ⇔ the equations
are equations, not identities: the step ``A = B ⇔ C = D`` (its left side is the whole first
equation) holds when both hold for every value, or C − D is a nonzero constant multiple of A − B,
or every solution of each (SymPy's ``solve`` for one variable) solves the other. Every step runs
in the bounded runner; one that cannot be read or decided in time is **undecided**, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from tdgrad.errors import ExpressionError, Message
from tdgrad.student import givens, numbers
from tdgrad.student.equivalence import Verdict, equivalent, numeric
from tdgrad.student.exact import exact, real_value
from tdgrad.student.read import read
from tdgrad.student.runner import within

_IFF = re.compile(r"\\Leftrightarrow|\\iff|\\Longleftrightarrow|⇔|⟺|<=>")
_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\$(.+?)\$", re.S)
_ENV = re.compile(r"\\(?:begin|end)\{(?:aligned|align\*?|equation\*?|gathered|split|array)\}(?:\{[^}]*\})?")


@dataclass(frozen=True)
class Step:
    number: int
    lhs: str
    rhs: str
    kind: str  # "=" or "⇔"
    verdict: Verdict

    @property
    def word(self) -> str:
        """holds, rounded, holds numerically, holds where defined, fails or undecided."""
        if self.verdict.details.get("proof") == "rounding":
            return "rounded"
        return {"equivalent": "holds", "numerically equivalent": "holds numerically",
                "partly equivalent": "holds where defined",
                "not equivalent": "fails"}.get(self.verdict.verdict, "undecided")

    def json(self, lang: str = "en") -> dict:
        """The step for JSON, its reason in ``lang``."""
        from tdgrad.student import reasons

        v = self.verdict
        reason = reasons.say(v.reason, lang)
        if v.values and self.kind == "=" and None not in v.values:  # the student sees where
            reason += (" ; " if lang == "fr" else "; ") + _sides(v.point, v.values, lang)
        out: dict[str, Any] = {"step": self.number, "lhs": self.lhs, "rhs": self.rhs, "kind": self.kind,
               "verdict": self.word, "reason": reason}
        if "proof" in v.details:
            out["proof"] = v.details["proof"]
        if v.point is not None:
            out.update(point=v.point, values=list(v.values or ()))
        return out


def _sides(point: dict | None, values: tuple, lang: str) -> str:
    from tdgrad.display import show
    from tdgrad.student.feedback import say

    where = ", ".join(f"{k} = {show(x, lang, math_mode=False)}" for k, x in (point or {}).items())
    lhs, rhs = (show(float(x), lang, math_mode=False) for x in values)
    return say("sides" if where else "sides_numbers", lang, point=where, lhs=lhs, rhs=rhs)


# What a hurried student puts around the math: numbering and bullets at a line's start ("1)",
# "a.", "(ii)", "- ", "•"), words and arrows that join two claims ("donc", "d'où", "⇒"), ≈ for a
# rounded value. The joins start a new chain (an implication is no identity to check).
_NUMBERING = re.compile(r"\A\s*(?:(?:[Qq]?\d{1,2}|[a-hA-H]|[ivx]{1,4})\s*[).:]\s+|\(\s*(?:\d{1,2}|[a-hA-H]|[ivx]{1,4})\s*\)\s*"
                        r"|(?:[ée]tape|step)\s*\d+\s*[:.)]?\s*|[-•·*–—>▪◦►]\s+|[•▪◦►]\s*)")
_WORDS = r"donc|d'où|d’où|doù|dou|soit|alors|ainsi|puis|enfin|et donc|et|or|on a|on obtient|ce qui donne|c'est-à-dire|càd|cad|i\.e\."
_JOIN = re.compile(r"(?:^|(?<=[\s,;:]))(?:" + _WORDS + r")(?=[\s,:]|$)|\\(?:text|mathrm|textrm)\{\s*(?:" + _WORDS
                   + r")\s*\}|⇒|⟹|(?<![<=])=>|->|→|\\(?:Rightarrow|implies|Longrightarrow|longrightarrow)(?![a-zA-Z])|∴|(?<!\\);", re.I)
# a justification after the math: "(cours)", "(règle de la chaîne)", "car σ′ = σ(1 − σ)", "d'après le cours"
_WHY = re.compile(r"\s+(?:car|puisque|parce que|d'après|d’après|par)\s.*\Z|\s+\(\s*[^\W\d_]{3,}(?:[\s'’.-]+[^\W\d_]+){0,7}\s*\)\s*\Z", re.I)
_GIVENS = re.compile(r",\s+(?=[^\W\d]\w{0,6}\s*=)")  # "a = 2, x = 1": two lines
_APPROX = re.compile(r"\\approx(?![a-zA-Z])|\\simeq(?![a-zA-Z])|≈|≃|≅|~=|=~|\A\s*~")


def approx(text: str) -> str:
    """≈, ≃, \\approx read as = (a rounded value is checked as one)."""
    return _APPROX.sub("=", text)


def tidy(line: str) -> list[str]:
    """One line of a derivation → its claims, without numbering, bullets and joining words; ≈ is =."""
    out = []
    for part in (p for join in _JOIN.split(line) for p in _GIVENS.split(join)):
        part = _APPROX.sub("=", part)
        while True:
            bare = _NUMBERING.sub("", part, count=1)
            if bare == part:
                break
            part = bare
        part = _WHY.sub("", part).strip(" \t,:")
        if part:
            out.append(part)
    return out


def chains(text: str) -> list[list[list[str]]]:
    """Lines of math → for each line, its equations (split at ⇔) → each equation's members."""
    blocks = [next(g for g in m.groups() if g) for m in _MATH.finditer(text)] if "$" in text or "\\[" in text else [text]
    lines: list[str] = []
    for block in blocks:
        block = _ENV.sub(" ", block).replace("\\\\", "\n")
        open_end = False  # the line above ends with "=": this one is its right side
        for raw in block.splitlines():
            for line in tidy(raw.replace("&", " ")):
                if (line.startswith("=") or open_end) and lines:
                    lines[-1] += " " + line
                elif "=" in line:
                    lines.append(line)
                open_end = bool(lines) and lines[-1].endswith("=")
    return [[_members(eq) for eq in _IFF.split(line)] for line in lines]


def _members(equation: str) -> list[str]:
    """Split at the '=' signs that are not inside brackets and not part of <=, >=, ==."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(equation):
        depth += {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}.get(ch, 0)
        if ch == "=" and depth == 0 and equation[i - 1:i] not in ("<", ">", "!", "=") \
                and equation[i + 1:i + 2] != "=":
            parts.append(equation[start:i].strip())
            start = i + 1
    parts.append(equation[start:].strip())
    return [p for p in parts if p]


# d/dx ln(1 + e^x), \frac{d}{dx}\sigma(x): the derivative of what follows, taken here
_DERIVATIVE = re.compile(r"\A\s*(?:\\[dt]?frac\s*\{\s*(?:d|\\partial|∂)\s*\}\s*\{\s*(?:d|\\partial|∂)\s*([A-Za-z](?:_?\{?\d+\}?)?)\s*\}"
                         r"|(?:d|∂)\s*/\s*(?:d|∂)\s*([A-Za-z](?:_?\d+)?)(?![A-Za-z]))\s*(\S.*)\Z", re.S)


def _read(text: str, lang: str = "en") -> sp.Expr | str:
    try:
        d = _DERIVATIVE.match(text)
        if d:
            return sp.diff(read(d[3]), read(d[1] or d[2]))
        return read(text)
    except ExpressionError as exc:
        return Message("could not read '{text}': {error}", {"text": text[:60], "error": exc.sentence}).say(lang)


def _same_equation(first: tuple[sp.Expr, sp.Expr], second: tuple[sp.Expr, sp.Expr],
                   symbolic: bool = True) -> Verdict:
    """``A = B ⇔ C = D``: the two equations have the same solutions (they need not be identities)."""
    f, g = first[0] - first[1], second[0] - second[1]
    zero = sp.Integer(0)
    vf, vg = equivalent(f, zero, False), equivalent(g, zero, False)
    if vf.equivalent and vg.equivalent and symbolic:  # identities both: prove them
        vf, vg = equivalent(*first), equivalent(*second)
    if vf.equivalent and vg.equivalent:
        proven = vf.verdict == vg.verdict == "equivalent"
        return Verdict("equivalent" if proven else "numerically equivalent",
                       "both equations hold for every value of their variables")
    if vf.equivalent or vg.equivalent:
        holds, other, v = ("first", "second", vg) if vf.equivalent else ("second", "first", vf)
        if v.verdict == "not equivalent":
            return Verdict("not equivalent", f"the {holds} equation holds for every value, the {other} does not",
                           v.point, v.values)
        return Verdict("undecided", f"the {holds} equation holds for every value; the {other}: {v.reason}")
    if not (f.free_symbols or g.free_symbols):
        return Verdict("equivalent", "both equations are false")
    by_factor = _multiple(f, g, symbolic)
    return by_factor if by_factor else _same_solutions(f, g, symbolic)


def _multiple(f: sp.Expr, g: sp.Expr, symbolic: bool) -> Verdict | None:
    """g = c·f for a nonzero constant c (the same equation, multiplied or rearranged)."""
    _, data = numeric(g, f)
    nonzero = np.abs(data["b"]) > 1e-9
    ratio = data["a"][nonzero] / data["b"][nonzero]
    if not len(ratio) or abs(ratio[0]) < 1e-12 or not np.allclose(ratio, ratio[0], rtol=1e-7):
        return None
    c = sp.Rational(ratio[0]).limit_denominator(10**4)
    v = equivalent(g, c * f, symbolic)
    if not v.equivalent:
        return None
    return Verdict(v.verdict, "the same equation" + (f" multiplied by {c}" if c != 1 else ""), details=v.details)


def _solve_both(f: sp.Expr, g: sp.Expr, x: sp.Symbol):
    """Both equations solved for ``x`` over the reals (the variables are real numbers)."""
    real = {s: sp.Dummy(s.name, real=True) for s in f.free_symbols | g.free_symbols}
    back = {d: s for s, d in real.items()}
    try:
        return [[r.xreplace(back) for r in sp.solve(e.xreplace(real), real[x])] for e in (f, g)]
    except Exception:  # noqa: BLE001 — SymPy cannot solve it: no conclusion, not a crash
        return None


def _same_solutions(f: sp.Expr, g: sp.Expr, symbolic: bool) -> Verdict:
    """Solve each equation for one of its variables; every solution of one must solve the other."""
    zero = sp.Integer(0)
    for x in sorted(f.free_symbols | g.free_symbols, key=str):
        done, roots = within(SOLVE_SECONDS, _solve_both, f, g, x)
        if not done or roots is None or not (roots[0] or roots[1]):
            continue
        proven = True
        for solutions, other, which in ((roots[0], g, "first"), (roots[1], f, "second")):
            for r in solutions:
                v = equivalent(other.xreplace({x: r}), zero, symbolic)
                if v.verdict == "not equivalent":
                    point = dict(v.point or {})
                    at = r.xreplace({sp.Symbol(k): sp.Float(val) for k, val in point.items()})
                    point[str(x)] = float(at) if at.is_real else None
                    return Verdict("not equivalent", f"{x} = {r} solves the {which} equation, not the other",
                                   point, v.values)
                if not v.equivalent:
                    break
                proven = proven and v.verdict == "equivalent"
            else:
                continue
            break
        else:
            return Verdict("equivalent" if proven else "numerically equivalent",
                           f"the same solutions for {x}: {', '.join(map(str, roots[0])) or 'none'}")
    return Verdict("undecided", "could not compare the two equations (SymPy cannot solve them)")


def _rounded(texts: tuple[str, str], exprs: tuple[sp.Expr, sp.Expr]) -> Verdict | None:
    """A number written with fewer digits: right when it is the other side correctly rounded."""
    for written, other in ((texts[1], exprs[0]), (texts[0], exprs[1])):
        number = numbers.literal(written)
        value = real_value(exact(other)) if not other.free_symbols else None
        if number and value is not None and numbers.is_rounding(sp.Rational(value), written):
            return Verdict("equivalent", f"{written.strip()} is {float(value):.10g} rounded to {number[1]} decimals",
                           details={"proof": "rounding"})
    return None


STEP_SECONDS = 8.0  # per step (CPU), in the runner: a ⇔ may need two proofs and a solve
SOLVE_SECONDS = 2.0  # for SymPy to solve two equations of a ⇔


def _judge(kind: str, first: tuple[str, ...], second: tuple[str, ...], symbolic: bool, lang: str = "en",
           values: dict | None = None, keyed: bool = False) -> Verdict:
    """One step, read and decided (what a runner worker does): ``first = second`` for "=",
    the equation ``first[0] = first[1]`` against ``second[0] = second[1]`` for "⇔". ``values``:
    the statement's values (``givens``), for a step that substitutes them; ``keyed``: ``first`` is
    the key's value or formula for the name the student wrote (its digits are not rounded ones)."""
    exprs = [_read(t, lang) for t in (*first, *second)]
    unreadable = next((e for e in exprs if isinstance(e, str)), None)
    if unreadable:
        return Verdict("undecided", unreadable, details={"unreadable": True})
    if kind == "=":
        v = equivalent(exprs[0], exprs[1], symbolic=symbolic)
        if v.verdict == "not equivalent":
            return _rounded(("" if keyed else first[0], second[0]), (exprs[0], exprs[1])) or \
                _at_values(("" if keyed else first[0], second[0]), (exprs[0], exprs[1]), values or {}, keyed) or v
        return v
    return _same_equation((exprs[0], exprs[1]), (exprs[2], exprs[3]), symbolic)


_DECIMAL = re.compile(r"(?<![0-9A-Za-z_.,])([0-9]+)(?:[.,]|\{,\})([0-9]+)(?![0-9A-Za-z_.,])")


def _value(text: str, expr: sp.Expr, at: dict) -> tuple[float, float]:
    """A side's value at ``at`` and how far its rounded numbers move it: each written number of
    three significant digits or more (0,731, not the data 0,4) by half a unit of its last place,
    the independent errors added in quadrature."""
    value = float(expr.xreplace(at).evalf(20))
    squares = 0.0
    for m in _DECIMAL.finditer(text):
        if len((m[1] + m[2]).lstrip("0")) < 3:
            continue
        half = sp.Rational(1, 2 * 10 ** len(m[2]))
        written = sp.Rational(f"{m[1]}.{m[2]}")
        try:
            squares += max(abs(float(read(f"{text[:m.start()]}({written + h}){text[m.end():]}").xreplace(at).evalf(20))
                               - value) for h in (half, -half)) ** 2
        except ExpressionError:  # a key's value, 12 digits: its last place moves nothing
            continue
    return value, squares ** 0.5


def _at_values(texts: tuple[str, str], exprs: tuple[sp.Expr, sp.Expr], values: dict,
               keyed: bool = False) -> Verdict | None:
    """A step that is no identity: the statement's values substituted (``tanh(a₃) = tanh(0,9946)``),
    or numbers computed from rounded ones (``σ(2)(1 − σ(2)) = 0,8808 × 0,1192``). It holds when both
    sides agree within what their rounded numbers allow; a side that is one number must be the
    other's value correctly rounded. Where an answer's value is involved (the key's h₃ = 0,759296
    against tanh(0,9943) from rounded h₁, h₂), the grading rule's 1 % applies too. An identity that
    fails is shown at the statement's values."""
    free = [e.free_symbols for e in exprs]
    identity = bool(free[0]) and free[0] == free[1]
    missing = sorted({str(s) for s in free[0] | free[1]} - set(values))
    if missing:
        return None if identity else Verdict(
            "undecided", f"a substitution: the value of {', '.join(missing)} is not given "
                         f"(write it on a line of its own: {missing[0]} = …)")
    at = {s: sp.Float(values[str(s)], 17) for s in free[0] | free[1]}
    try:
        (va, sa), (vb, sb) = (_value(t, e, at) for t, e in zip(texts, exprs))
    except (ExpressionError, TypeError, ValueError):
        return None
    point = {str(s): float(x) for s, x in sorted(at.items(), key=lambda kv: str(kv[0]))}
    where = "with the values given" if point else "with the numbers written"
    single = next(((t, lit, other) for t, other, other_slack in ((texts[1], va, sa), (texts[0], vb, sb))
                   if (lit := numbers.literal(t)) and other_slack == 0), None)
    if single is not None:
        written, lit, other = single
        agree = numbers.is_rounding(sp.Rational(other), written) or \
            abs(other - float(lit[0])) <= 1e-9 * max(abs(other), 1e-300)
    else:
        answer = keyed or any(str(x) in givens.results(values) for x in at)
        rtol = numbers.RTOL if answer and not identity else 1e-9
        agree = abs(va - vb) <= (sa * sa + sb * sb) ** 0.5 + rtol * max(abs(va), abs(vb), 1e-300)
    if agree and not identity:
        return Verdict("equivalent", f"equal {where}" + ("" if single is None and sa + sb == 0 else
                                                          " (to the decimals written)"),
                       point or None, details={"proof": "rounding" if single or sa + sb else "values"})
    if agree:
        return None  # an identity that fails elsewhere: its own counterexample stands
    return Verdict("not equivalent", f"the values differ {where}", point or None, (va, vb))


def _plan_chain(members: list[str], values: dict) -> list[tuple[str, str, tuple, tuple, bool]]:
    """The links of one chain ``A = B = C``, as (lhs text, rhs text, first args, second args, keyed).

    A chain that starts with a name (``δ₃ = …``, ``dy/da = …``) gives that name its meaning: the
    key's value or formula when there is one, else the first link is no step (a definition)."""
    args = list(members)
    head = givens.label(members[0]) or givens.name(members[0])
    if head is None and givens.label(re.sub(r"\([^()]*\)\s*\Z", "", members[0])):
        head = "at a point"  # dy/dx(1) = …: a derivative's name at a point, never the key's value
    keyed = head is not None and head in givens.results(values)
    if head is not None and len(members) > 1:
        if keyed:
            args[0] = str(values[head])
        else:
            members, args = members[1:], args[1:]
    return [(ta, tb, (a,), (b,), keyed and n == 0)
            for n, (ta, tb, a, b) in enumerate(zip(members, members[1:], args, args[1:]))]


def check(text: str, symbolic: bool = True, pool=None, lang: str = "en",
          values: dict | None = None) -> tuple[list[Step], int | None]:
    """Every step in reading order, and the number of the first one that fails (or None); a step
    that cannot be read says why in ``lang``. ``values``: the statement's (``givens.from_exercise``),
    completed by the derivation's own lines ``a = 2``.

    The steps run in the bounded runner (``pool``, or one made for this call): a step that is too
    slow, too big or breaks something is undecided, and the others are still checked.
    """
    from tdgrad.student import indexed

    if indexed.applies(text):  # indices, sums, matrices or definitions: checked instance by instance
        return indexed.check(text, symbolic, pool=pool, lang=lang,
                             context=indexed.Context(values=tuple(sorted((values or {}).items()))))
    return scalar(text, symbolic, pool, lang, values)


def scalar(text: str, symbolic: bool = True, pool=None, lang: str = "en",
           values: dict | None = None) -> tuple[list[Step], int | None]:
    """``check`` for a derivation without indices: each chain's links, and the ⇔ between equations."""
    from tdgrad.student import runner

    lines = chains(text)
    values = {**givens.from_lines(line[0] for line in lines if len(line) == 1), **(values or {})}
    plan: list[tuple] = []  # (kind, lhs text, rhs text, task args…, keyed)
    for line in lines:
        previous: tuple[str, str] | None = None
        previous_text = ""
        for members in line:
            if len(line) > 1:  # in A = B ⇔ C = D, A = B is an equation, not an identity to check
                plan += [("=", ta, tb, (ta,), (tb,), False) for ta, tb in list(zip(members, members[1:]))[:-1]]
            else:
                plan += [("=", *link) for link in _plan_chain(members, values)]
            if len(members) < 2:
                continue
            equation, equation_text = (members[-2], members[-1]), " = ".join(members)
            if previous:
                plan.append(("⇔", previous_text, equation_text, previous, equation, False))
            previous, previous_text = equation, equation_text
    tasks = [(k, a, b, symbolic, lang, values, keyed) for k, _, _, a, b, keyed in plan]
    if pool is None:
        with runner.Pool(seconds=STEP_SECONDS) as own:
            outcomes = own.map(_judge, tasks)
    else:
        outcomes = pool.map(_judge, tasks)
    steps = [Step(n, lhs, rhs, kind, o.value if o.ok else Verdict("undecided", f"stopped: {o.undecided}"))
             for n, ((kind, lhs, rhs, *_), o) in enumerate(zip(plan, outcomes), start=1)]
    first = next((s.number for s in steps if s.verdict.verdict == "not equivalent"), None)
    return steps, first
