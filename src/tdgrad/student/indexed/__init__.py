"""Derivations written with indices, sums, vectors and matrices, checked as a person checks them.

The sizes (``m``, ``d``, ``d_h``, ``K``, ``n``) are symbolic in the student's text. For each step,
every size is given several small values, every free index (``k``, ``j``, ``y``…) every admissible
value (those a condition such as ``\\quad (k \\neq y)`` allows), sums and ellipses are expanded, and
both sides become SymPy expressions in scalar leaves. The step holds when it holds in every
instance: numerically at random points (``equivalence.numeric``), then **proven** when SymPy
simplifies every difference to 0 within the time bound. A step that is ill-formed as written (a
vector added to a scalar) fails; one whose meaning is unknown (an undefined L, an index range no
formula gives) is **undecided**, never guessed.

Meaning comes from definitions in the text (``o_k^a := …``, ``L := -\\log o_y^s``) or, with
``--key answers.json --exercise N``, from the generated exercise's notation and forward pass
(``NOTATIONS``). Index-free displays of the same document go to the scalar checker unchanged.
"""

from __future__ import annotations

import itertools
import re
import json
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import sympy as sp

from tdgrad.errors import ExpressionError, Message, UserError
from tdgrad.student.equivalence import MIN_VALID, RTOL, SYMBOLIC_SECONDS, Verdict, symbolic_zero
from tdgrad.student.feedback import scalar
from tdgrad.student.runner import Pool, within
from tdgrad.student.indexed import document, latex, numbers
from tdgrad.student.indexed.meaning import (Definition, Notation, Ranges, ShapeError, Undecided, World,
                                            is_index_name, shape)

CONFIGS = ((3, 2, 4), (2, 3, 2))  # size values, cycled over the size names in order
MAX_INSTANCES = 12  # per size configuration, drawn evenly when there are more
SYMBOLIC_NODES = 600  # SymPy is not asked to simplify larger formulas (it would run out of time)
STEP_SECONDS = 20.0  # the numeric and symbolic work of one step, at most

# The generated exercises' notation and forward pass, in the statement's symbols (seed 001 §2,
# lecture Ex 3, seed 003 Ex 1). Classes and entries are numbered from 1 in the mathematics.
NOTATIONS = {
    "classification": r"""
$x \in \mathbb{R}^{d}$, $W^{(1)} \in \mathbb{R}^{d_h \times d}$, $b^{(1)} \in \mathbb{R}^{d_h}$,
$W^{(2)} \in \mathbb{R}^{m \times d_h}$, $b^{(2)} \in \mathbb{R}^{m}$, $y \in \{1, \dots, m\}$
$$h_j^a := b_j^{(1)} + \sum_{i=1}^{d} W_{ji}^{(1)} x_i$$
$$h_j^s := \text{relu}(h_j^a)$$
$$o_k^a := b_k^{(2)} + \sum_{i=1}^{d_h} W_{ki}^{(2)} h_i^s$$
$$o_k^s := \frac{\exp(o_k^a)}{\sum_{i=1}^{m} \exp(o_i^a)}$$
$$L := -\log o_y^s$$
""",
    "softmax_ce": r"""
$x \in \mathbb{R}^{N}$, $W^{(1)} \in \mathbb{R}^{P \times N}$, $b^{(1)} \in \mathbb{R}^{P}$,
$W^{(2)} \in \mathbb{R}^{K \times P}$, $b^{(2)} \in \mathbb{R}^{K}$, $y \in \mathbb{R}^{K}$ (one-hot, class c)
$$z_j^{(1)} := b_j^{(1)} + \sum_{i=1}^{N} W_{ji}^{(1)} x_i$$
$$a_j^{(1)} := \sigma(z_j^{(1)})$$
$$z_k^{(2)} := b_k^{(2)} + \sum_{j=1}^{P} W_{kj}^{(2)} a_j^{(1)}$$
$$a_k^{(2)} := \frac{e^{z_k^{(2)}}}{\sum_{k'=1}^{K} e^{z_{k'}^{(2)}}}$$
$$y_k := \mathbb{1}_{\{k = c\}}$$
$$L := -\sum_{k=1}^{K} y_k \log a_k^{(2)}$$
""",
    "convolution": r"""
$$a_1 := x_1 w_1 + x_2 w_2$$
$$a_2 := x_2 w_1 + x_3 w_2$$
$$o_i := \text{relu}(a_i)$$
$$\hat{y} := o_1 v_1 + o_2 v_2$$
$$L := \frac{1}{2} (\hat{y} - y)^2$$
""",
}


@dataclass(frozen=True)
class Context:
    """What gives meaning besides the student's own definitions: a notation and the key's sizes."""
    notation: str = ""
    sizes: tuple = ()  # ((name, value), …) of the generated variant
    values: tuple = ()  # ((name, value), …): the statement's values a scalar step substitutes (givens)


def from_key(path: Path, exercise: int) -> Context:
    """The notation and sizes of exercise ``exercise`` (1-based) of an ``answers.json``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        exercises = data["exercises"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"{path}: not an answers.json written by tdgrad generate ({exc})") from None
    if not 1 <= exercise <= len(exercises):
        raise UserError(f"{path}: --exercise {exercise}: the key has exercises 1 to {len(exercises)}")
    kind = exercises[exercise - 1].get("kind")
    from tdgrad.student import givens

    params = exercises[exercise - 1].get("params", {})
    sizes = tuple((k, int(params[k])) for k in ("d", "d_h", "m") if isinstance(params.get(k), int))
    values = tuple(sorted(givens.from_exercise(exercises[exercise - 1]).items()))
    return Context(NOTATIONS.get(kind, ""), sizes, values)


@dataclass
class _Parsed:
    chain: document.Chain
    equations: list  # per equation: list of (text, node or error message)
    mine: bool


def _text(toks) -> str:
    out = ""
    for previous, t in zip([""] + toks, toks):
        if previous[:1] == "\\" and previous[1:].isalpha() and t[0].isalnum():
            out += " "  # \partial L, not \partialL
        out += t
    return out.replace("\\DEFINE", ":=")


_STOP = {"\\text", "\\quad", "\\qquad", "\\leftarrow", "\\in", "\\forall", "\\Rightarrow", ",", ".", ";"}


def _member(toks):
    """Parse a member; prose before (\\text{Alors,}) is dropped, prose after ends it."""
    toks = [t for t in toks if t != "\\DEFINE"]
    while toks[:1] == ["\\text"] and latex._word(toks, 2) not in latex.FUNCTIONS:
        end = toks.index("}")
        toks = toks[end + 1:]
        while toks[:1] in ([","], [":"]):
            toks = toks[1:]
    if not toks:
        raise ExpressionError("an empty member")
    node, rest = latex.parse(toks)
    if rest and rest[0] not in _STOP:
        raise ExpressionError("cannot read '{near}'", near=_text(rest)[:60])
    return node


def _indexed(node, notation: Notation) -> bool:
    for n in _walk(node):
        if n[0] in ("sum", "delta", "mat", "rowsel", "col", "row") or n[0] == "ind" and is_index_name(n[2]):
            return True
        if n[0] == "sym" and (n[3] is not None or notation.defined(n[1], n[2]) or n[2]):
            return True
        if n[0] == "fn" and n[1] in ("onehot", "softmax"):
            return True
    return False


def _walk(node):
    if isinstance(node, tuple) and node and isinstance(node[0], str):
        yield node
        for c in node[1:]:
            yield from _walk(c)
    elif isinstance(node, tuple):
        for c in node:
            yield from _walk(c)


def _read_all(text: str, context: Context):
    """The notation (definitions, declarations) and every chain, read."""
    notation = Notation()
    parsed: list[_Parsed] = []
    sources = [(context.notation, False), (text, True)] if context.notation else [(text, True)]
    for source, student in sources:
        for name, dims in document.declarations(source):
            try:
                node = latex.parse(latex.tokens(name))[0]
            except ExpressionError:
                continue
            if node[0] == "sym":
                notation.declared[(node[1], node[2])] = tuple(int(d) if d.isdigit() else d for d in dims)
                notation.sizes.update(d for d in dims if not d.isdigit())
        for chain in document.chains(source):
            equations = []
            for members in chain.equations:
                out = []
                for toks in members:
                    try:
                        out.append((_text(toks), _member(toks)))
                    except ExpressionError as exc:
                        out.append((_text(toks), Message("could not read '{text}': {error}",
                                                         {"text": _text(toks)[:60], "error": exc.sentence})))
                equations.append(out)
            if chain.defines:
                _define(chain, equations, notation)
            if student:
                parsed.append(_Parsed(chain, equations, False))
    bases: dict = {}
    for (b, _t) in list(notation.definitions) + list(notation.declared):
        bases.setdefault(b.lower(), set()).add(b)
    notation.cased = {b for group in bases.values() if len(group) > 1 for b in group}
    if notation.cased:  # keys were folded before we knew: fold again with the case kept
        notation.definitions = _rekey(notation.definitions, notation)
        notation.declared = _rekey(notation.declared, notation)
    else:
        notation.definitions = _rekey(notation.definitions, notation)
        notation.declared = _rekey(notation.declared, notation)
    for p in parsed:
        nodes = [n for eq in p.equations for _, n in eq if not isinstance(n, Message)]
        unreadable = any(isinstance(n, Message) for eq in p.equations for _, n in eq)
        p.mine = p.chain.defines or any(_indexed(n, notation) for n in nodes) or \
            (unreadable and any(s in p.chain.text for s in ("_{", "\\sum", "\\partial", "\\begin", "\\delta")))
    return notation, parsed


def _rekey(table, notation):
    out: dict = {}
    for (b, t), v in table.items():
        k = notation.key(b, t)
        if isinstance(v, list):
            out.setdefault(k, []).extend(v)
        else:
            out[k] = v
    return out


def _define(chain, equations, notation):
    members = equations[0]
    if len(members) < 2 or isinstance(members[0][1], Message) or isinstance(members[1][1], Message):
        return
    head, body = members[0][1], members[1][1]
    if head[0] == "call":
        head = head[1]
    if head[0] == "T" or head[0] != "sym":
        return
    indices = () if head[3] is None else \
        tuple(int(i[1]) if i[0] == "num" and len(i[1]) == 1 else is_index_name(i) or "?" for i in head[3])
    if "?" in indices:
        return
    notation.definitions.setdefault((head[1], head[2]), []).append(
        Definition(head[1], head[2], indices, body, members[0][0] + " := " + members[1][0]))


def applies(text: str) -> bool:
    """Does the text have indices, sums, matrices or definitions (this module's work)?"""
    if not any(s in text for s in ("_", "\\sum", ":=", "coloneqq", "triangleq", "≔", "\\begin", "\\delta")):
        return False
    try:
        _, parsed = _read_all(text, Context())
    except Exception:  # noqa: BLE001 — a reading problem is reported per step by check
        return True
    return any(p.mine for p in parsed)


def _defines(text: str) -> bool:
    """Does the text give its indices a meaning of its own (definitions, sums, matrices)?"""
    return any(s in text for s in ("\\sum", ":=", "coloneqq", "triangleq", "≔", "∑")) or \
        re.search(r"\\begin\{[pbvBV]?matrix", text) is not None


def _free(node, bound=frozenset()) -> set[str]:
    """Index names a formula leaves free (bound by no sum)."""
    out: set[str] = set()
    if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
        if isinstance(node, tuple):
            for c in node:
                out |= _free(c, bound)
        return out
    kind = node[0]
    if kind == "sum":
        _, var, lo, hi, body = node
        return _free(lo, bound) | _free(hi, bound) | _free(body, bound | {var})
    if kind == "sym" and node[3] is not None:
        for it in node[3]:
            name = is_index_name(it)
            if name and name not in bound:
                out.add(name)
            elif not name:
                out |= _free(it, bound)
        return out
    if kind == "delta":
        return {n for n in (is_index_name(node[1]), is_index_name(node[2])) if n and n not in bound}
    if kind == "ind" and is_index_name(node[2]) and is_index_name(node[3]):
        return {n for n in (is_index_name(node[2]), is_index_name(node[3])) if n and n not in bound}
    if kind in ("row", "rowsel", "col"):
        name = is_index_name(node[2])
        return _free(node[1], bound) | ({name} if name and name not in bound else _free(node[2], bound))
    if kind == "fn" and node[1] == "onehot":
        return {n for n in (is_index_name(a) for a in node[2]) if n and n not in bound}
    for c in node[1:]:
        out |= _free(c, bound)
    return out


class Checker:
    def __init__(self, text: str, context: Context, symbolic: bool):
        self.context, self.symbolic = context, symbolic
        self.notation, self.parsed = _read_all(text, context)
        self.ranges = Ranges(self.notation)
        n = self.notation
        for defs in n.definitions.values():
            for d in defs:
                self.ranges.globals |= _free(d.body) - set(i for i in d.indices if isinstance(i, str)) - n.sizes
        self.ranges.globals -= n.sizes
        for k, defs in n.definitions.items():
            for d in defs:
                head = ("sym", d.base, d.tag, tuple(("num", str(i)) if isinstance(i, int) else ("sym", i, "", None)
                                                    for i in d.indices) if d.indices else None)
                self.ranges.scan(head, ("def", id(d)))
                self.ranges.scan(d.body, ("def", id(d)))
        for i, p in enumerate(self.parsed):
            for eq in p.equations:
                for _, node in eq:
                    if not isinstance(node, (str, Message)):  # an unreadable member is reported by its step
                        self.ranges.scan(node, ("chain", i))
            c = p.chain.condition
            if c and c[0] not in n.sizes and c[2].isalpha():
                self.ranges.union(self.ranges.var(c[0], ("chain", i), {}), self.ranges.var(c[2], ("chain", i), {}))
        self.size_names = sorted({s for s in self.ranges.size.values() if isinstance(s, str)})
        self.worlds: dict = {}

    def configs(self) -> list[dict]:
        out = [dict(self.context.sizes)] if self.context.sizes else []
        for values in CONFIGS:
            out.append({s: values[i % len(values)] for i, s in enumerate(self.size_names)})
        for c in out:
            for s in self.size_names:
                c.setdefault(s, 3)
        unique = []
        for c in out:
            if c not in unique:
                unique.append(c)
        return unique

    def world(self, sizes: dict, params: dict) -> World:
        key = (tuple(sorted(sizes.items())), tuple(sorted(params.items())))
        if key not in self.worlds:
            special = next(iter(self.ranges.globals), None) if len(self.ranges.globals) == 1 else None
            self.worlds[key] = World(self.notation, self.ranges, sizes, params, special)
        return self.worlds[key]

    def instances(self, scope, nodes, condition):
        """(sizes, global values, local index values) for every admissible instance."""
        free = set().union(*(_free(n) for n in nodes)) if nodes else set()
        if condition:
            free |= {x for x in (condition[0], condition[2]) if x.isalpha()}
        free -= self.notation.sizes
        params = sorted(self.ranges.globals & (free | self._reached_globals(nodes)))
        local = sorted(free - set(self.ranges.globals))
        for sizes in self.configs():
            axes = []
            for name in params + local:
                key = self.ranges.var(name, scope, {})
                size = self.ranges.range_of(key)
                if size is None:
                    raise Undecided(f"cannot tell which values the index {name} takes")
                axes.append(range(1, (sizes[size] if isinstance(size, str) else size) + 1))
            combos = [c for c in itertools.product(*axes) if _allowed(dict(zip(params + local, c)), condition)]
            if len(combos) > MAX_INSTANCES:
                pick = np.linspace(0, len(combos) - 1, MAX_INSTANCES).round().astype(int)
                combos = [combos[i] for i in sorted(set(pick))]
            for c in combos:
                values = dict(zip(params + local, c))
                yield sizes, {p: values[p] for p in params}, values

    def _reached_globals(self, nodes) -> set:
        if not self.ranges.globals:
            return set()
        return set(self.ranges.globals)  # a defined symbol may depend on y: always instantiate it

    def step(self, scope, a, b, condition, first=False) -> Verdict:
        lone = a[1] if a[0] == "call" else a
        if first and lone[0] == "sym" and not self.notation.defined(lone[1], lone[2]) \
                and self.notation.key(lone[1], lone[2]) not in self.notation.declared:
            name = latex.tex(lone)
            return Verdict("undecided", f"{name} has no definition: if this line defines it, write {name} := …")
        try:
            pairs, labels = [], []
            for sizes, params, values in self.instances(scope, [a, b], condition):
                w = self.world(sizes, params)
                va, vb = w.ev(a, values), w.ev(b, values)
                sa, sb = shape(_flat(va)), shape(_flat(vb))
                if sa != sb:
                    return Verdict("not equivalent", f"as written, one side is {_show(sa)} and the other {_show(sb)}"
                                   f" (for {_where(sizes, values)})")
                pairs.append((va, vb))
                labels.append({**sizes, **values})
        except ShapeError as exc:
            return Verdict("not equivalent", f"as written, the step {exc}")
        except Undecided as exc:
            return Verdict("undecided", str(exc))
        except (ExpressionError, ValueError, TypeError, ZeroDivisionError, RecursionError) as exc:
            return Verdict("undecided", f"cannot evaluate: {exc}")
        if not pairs:
            return Verdict("undecided", "no value of the indices satisfies the condition")
        return self.compare(pairs, labels)

    def compare(self, pairs, labels) -> Verdict:
        """All instances of one size configuration at once (entries weighted at random, so a wrong
        one cannot cancel); an instance is looked at alone only to show a counterexample."""
        rng = np.random.default_rng(0)
        groups: dict = {}
        for pair, label in zip(pairs, labels):
            groups.setdefault(tuple(label[s] for s in self.size_names), []).append((pair, label))
        for group in groups.values():
            a, b = _combine([p[0] for p, _ in group], [p[1] for p, _ in group], rng)
            verdict = _agree(a, b)
            if verdict.verdict == "not equivalent":
                for (va, vb), label in group:
                    v = self.counterexample(va, vb, label)
                    if v is not None:
                        return v
                return Verdict("not equivalent", f"false for {', '.join(f'{s} = {group[0][1][s]}' for s in self.size_names)}")
            if verdict.verdict == "undecided":
                return Verdict("undecided", verdict.reason)
        sizes = ", ".join(f"{s} = {', '.join(sorted({str(lab[s]) for lab in labels}))}" for s in self.size_names)
        reason = f"holds in all {len(pairs)} instances ({sizes or 'no sizes'}; every value of the free indices)"
        diffs = [x - y for va, vb in pairs for x, y in zip(_entries(va), _entries(vb))]
        small = numbers.inventory([numbers.as_expr(d) for d in diffs])[2] < SYMBOLIC_NODES
        proved = _all_zero(diffs) if self.symbolic and small else None
        how = {True: "; SymPy simplifies every difference to 0 (proven for these sizes)",
               False: "; SymPy could not simplify every difference to 0 (numeric evidence only)",
               None: "; numeric evidence only (too large or too slow for SymPy)"}[proved]
        return Verdict("equivalent" if proved else "numerically equivalent", reason + how,
                       details={"symbolic": proved, "instances": len(pairs)})

    def counterexample(self, va, vb, label) -> Verdict | None:
        """The first entry that differs, at a simple point, with both values."""
        for x, y in zip(_entries(va), _entries(vb)):
            symbols, kinks, _ = numbers.inventory([numbers.as_expr(x), numbers.as_expr(y)])
            points = numbers.sample(symbols, list(dict.fromkeys(kinks)), np.random.default_rng(0))
            for candidates in (np.round(points, 1), points):
                ex, ey = numbers.evaluate([x, y], dict(zip(symbols, candidates.T)))
                bad = np.isfinite(ex) & np.isfinite(ey) & (np.abs(ex - ey) > 1e-6 * (1 + np.abs(ex) + np.abs(ey)))
                if bad.any():
                    i = int(np.flatnonzero(bad)[np.argmin(np.abs(candidates[bad]).max(axis=1, initial=0))])
                    point = {**{k: int(v) for k, v in label.items()},
                             **{str(sym): round(float(c), 6) for sym, c in zip(symbols, candidates[i])}}
                    mistake = scalar(ex[bad], ey[bad])
                    return Verdict("not equivalent", f"false for {_where(label, {})}", point,
                                   (float(ex[i]), float(ey[i])), mistake)
        return None

    def diagnose(self, scope, side_nodes, condition) -> dict | None:
        """Seed 001 #9's slip: a factor with the wrong tag (∂o_k^s where ∂o_k^a is meant)."""
        a, b = side_nodes
        for which, node, other in ((0, a, b), (1, b, a)):
            for path, sym in _syms(node):
                for tag in sorted(self.notation.siblings(sym[1]) - {sym[2]}):
                    if not self.notation.defined(sym[1], tag) and self.notation.key(sym[1], tag) not in self.notation.declared:
                        continue
                    swapped = _replace(node, path, ("sym", sym[1], tag, sym[3]))
                    pair = (swapped, other) if which == 0 else (other, swapped)
                    if self.step(scope, *pair, condition).equivalent:
                        factor = _factor_of(node, path)
                        return {"code": "wrong_factor",
                                "detail": f"the factor {latex.tex(factor)} does not fit: with "
                                          f"{latex.tex(('sym', sym[1], tag, sym[3]))} in place of "
                                          f"{latex.tex(sym)} the step holds"}
        return None


def _allowed(values, condition) -> bool:
    if not condition:
        return True
    a, op, b = condition
    va = values.get(a)
    vb = int(b) if b.isdigit() else values.get(b)
    if va is None or vb is None:
        return True
    return (va == vb) == (op == "=")


def _flat(v):
    if isinstance(v, sp.MatrixBase) and v.shape == (1, 1):
        return v[0, 0]
    return v


def _entries(v):
    return list(v) if isinstance(v, sp.MatrixBase) else [v]


def _combine(a_values, b_values, rng):
    """One scalar pair: every entry of every instance weighted at random."""
    a_entries = [x for v in a_values for x in _entries(v)]
    b_entries = [y for v in b_values for y in _entries(v)]
    weights = [sp.Float(w, 12) for w in rng.uniform(1, 2, len(a_entries))]
    return sp.Add(*[w * x for w, x in zip(weights, a_entries)]), sp.Add(*[w * y for w, y in zip(weights, b_entries)])


def _agree(a, b) -> Verdict:
    """``equivalence.numeric`` for large formulas: each shared subformula computed once."""
    symbols, kinks, _ = numbers.inventory([numbers.as_expr(a), numbers.as_expr(b)])
    points = numbers.sample(symbols, list(dict.fromkeys(kinks)), np.random.default_rng(0))
    va, vb = numbers.evaluate([a, b], dict(zip(symbols, points.T)))
    ok = np.isfinite(va) & np.isfinite(vb)
    if ok.sum() < MIN_VALID:
        return Verdict("undecided", "too few points where both sides are defined")
    bad = np.abs(va[ok] - vb[ok]) > RTOL * (1 + np.abs(va[ok]) + np.abs(vb[ok]))
    return Verdict("not equivalent" if bad.any() else "equivalent", f"{int(ok.sum())} random points")


def _show(s):
    return "a scalar" if not s else f"{s[0]}×{s[1]}"


def _where(sizes, values):
    return ", ".join(f"{k} = {v}" for k, v in {**sizes, **values}.items())


def _all_zero(diffs):
    """True if SymPy proves every difference is 0 within the time bound (None: out of time)."""
    ok, proved = within(SYMBOLIC_SECONDS, lambda: all(symbolic_zero(d) for d in diffs))
    return proved if ok else None


def _syms(node, path=()):
    """Every tagged symbol (o_k^s, h^a) with its path in the tree."""
    if isinstance(node, tuple) and node and isinstance(node[0], str):
        if node[0] == "sym" and node[2] and not node[2].startswith("("):
            yield path, node
            return
        for i, c in enumerate(node):
            if isinstance(c, tuple):
                yield from _syms(c, path + (i,))


def _replace(node, path, new):
    if not path:
        return new
    i = path[0]
    return node[:i] + (_replace(node[i], path[1:], new),) + node[i + 1:]


def _factor_of(node, path):
    """The outermost factor of a product (or term of a sum) that holds the symbol at ``path``."""
    current = node
    for i in path:
        if current[0] not in ("mul", "add", "neg"):
            return current
        current = current[i]
    return current


def check(text: str, symbolic: bool = True, context: Context = Context(), pool=None, lang: str = "en"):
    """Every step in reading order, and the number of the first that fails (or None).

    Each step has ``STEP_SECONDS`` (``runner.within``); index-free displays go to the scalar
    checker, in ``pool`` (or one made for them).
    """
    from tdgrad.student.derivation import STEP_SECONDS as SCALAR_SECONDS
    from tdgrad.student.derivation import Step
    from tdgrad.student.derivation import scalar as scalar_check

    from tdgrad.student.derivation import approx

    text = approx(text)
    if not context.notation and not (applies(text) and _defines(text)):  # scalar, with the key's values
        return scalar_check(text, symbolic, pool, lang, dict(context.values))
    checker = Checker(text, context, symbolic)
    if pool is None and any(not p.mine for p in checker.parsed):
        with Pool(seconds=SCALAR_SECONDS) as own:
            return check(text, symbolic, context, own, lang)
    steps: list = []
    for i, p in enumerate(checker.parsed):
        if not p.mine:
            for s in scalar_check(p.chain.text, symbolic, pool, lang, dict(context.values))[0]:
                steps.append(replace(s, number=len(steps) + 1))
            continue
        for members in p.equations:
            start = 1 if p.chain.defines and members is p.equations[0] else 0
            members = [m for m in members if m[1] != ("dots",)]  # "h^a = \dots": a blank, not a step
            for (ta, a), (tb, b) in zip(members[start:], members[start + 1:]):
                if isinstance(a, Message) or isinstance(b, Message):
                    verdict = Verdict("undecided", (a if isinstance(a, Message) else b).say(lang),
                                      details={"unreadable": True})
                else:
                    ok, verdict = within(STEP_SECONDS, checker.step, ("chain", i), a, b, p.chain.condition,
                                         (ta, a) == members[start])
                    if not ok:
                        verdict = Verdict("undecided", f"stopped: more than {STEP_SECONDS:g} s")
                    if verdict.verdict == "not equivalent" and not verdict.mistake:
                        ok, mistake = within(STEP_SECONDS, checker.diagnose, ("chain", i), (a, b), p.chain.condition)
                        mistake = mistake if ok else None
                        if mistake:
                            verdict = replace(verdict, mistake=mistake, reason=verdict.reason + "; " + mistake["detail"])
                if p.chain.condition:
                    c = p.chain.condition
                    verdict = replace(verdict, reason=f"({c[0]} {'=' if c[1] == '=' else '≠'} {c[2]}) " + verdict.reason)
                steps.append(Step(len(steps) + 1, ta, tb, "=", verdict))
    first = next((s.number for s in steps if s.verdict.verdict == "not equivalent"), None)
    return steps, first
