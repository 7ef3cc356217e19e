"""What an indexed formula means once the sizes and the free indices have values.

A ``Notation`` holds what gives meaning: definitions (``o_k^a := …``, ``L := -\\log o_y^s``), declared
shapes (``W^{(2)} \\in \\mathbb{R}^{m \\times d_h}``) and the size names. ``ranges`` infers, by union
of the places an index occupies, which size every index and every slot of every array runs over
(``\\sum_{i=1}^{d_h} W_{ki} h_i^s`` says that h^s has d_h entries). A ``World`` is one instance: sizes
and free indices are integers, sums and ellipses are expanded, and every formula becomes a SymPy
expression (or a Matrix) in scalar leaves such as ``W^(2)[1,2]``.

A derivative with respect to an intermediate quantity (``∂L/∂o_k^a``) is taken as a person does:
L is expanded down to o_k^a, which is kept as a symbol, differentiated, then o_k^a is expanded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from tdgrad.functions import relu, sigmoid, softplus

HOLE = "•"  # the running index of an ellipsis pattern


class Undecided(Exception):
    """The formula has no meaning that can be checked (an undefined symbol, an unknown range)."""


class ShapeError(Exception):
    """The formula is literally ill-formed: a vector added to a scalar, a product of mismatched shapes."""


@dataclass(frozen=True)
class Definition:
    base: str
    tag: str
    indices: tuple  # index names (str) or fixed positions (int)
    body: tuple
    source: str


@dataclass
class Notation:
    definitions: dict = field(default_factory=dict)  # (base, tag) → [Definition]
    declared: dict = field(default_factory=dict)  # (base, tag) → (size names or ints)
    sizes: set = field(default_factory=lambda: {"m", "d", "d_h", "K", "n", "N", "P"})
    cased: set = field(default_factory=set)  # bases whose upper and lower case are different things

    def key(self, base: str, tag: str) -> tuple[str, str]:
        return (base if base in self.cased else base.lower(), tag)

    def defined(self, base, tag) -> bool:
        return self.key(base, tag) in self.definitions

    def siblings(self, base) -> set:
        b = self.key(base, "")[0]
        return {t for (b2, t) in list(self.definitions) + list(self.declared) if b2 == b}


def is_index_name(item) -> str | None:
    return item[1] if item[0] == "sym" and item[3] is None and not item[2] else None


class Ranges:
    """Union of the places an index occupies → the size each index and each slot runs over."""

    def __init__(self, notation: Notation):
        self.n = notation
        self.parent: dict[tuple, tuple] = {}  # a place (("slot", key, s), ("sum", id)…) → its class
        self.size: dict[tuple, int | str] = {}  # a class → its size, a number or a size's name
        self.arity: dict[tuple, int] = {}  # a symbol's key → how many indices it takes
        self.globals: set[str] = set()
        for k, dims in notation.declared.items():
            self.arity[k] = len(dims)
            for s, dim in enumerate(dims):
                self.set_size(("slot", k, s), dim)
        for k, defs in notation.definitions.items():
            for d in defs:
                if d.indices:
                    self.arity[k] = max(self.arity.get(k, 0), len(d.indices))

    def find(self, a):
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            if ra not in self.size and rb in self.size:
                self.size[ra] = self.size[rb]

    def set_size(self, a, size):
        r = self.find(a)
        old = self.size.get(r)
        if isinstance(size, int) and isinstance(old, int):
            self.size[r] = max(old, size)
        elif old is None or isinstance(old, int):
            self.size[r] = size

    def scan(self, node, scope, bound=None):
        """Record every index position of a formula; ``scope`` names its free indices' home."""
        bound = bound or {}
        kind = node[0]
        if kind == "sym" and node[3] is not None:
            k = self.n.key(node[1], node[2])
            items = self.items(node)
            self.arity[k] = max(self.arity.get(k, 0), len(items))
            for s, item in enumerate(items):
                self.place(item, ("slot", k, s), scope, bound)
        elif kind == "sum":
            _, var, lo, hi, body = node
            key = ("sum", id(node))
            if hi is not None and (lo is None or lo == ("num", "1")):
                size = hi[1] if hi[0] == "sym" else int(hi[1]) if hi[0] == "num" else None
                if size is not None:
                    self.set_size(key, size)
                    if isinstance(size, str):
                        self.n.sizes.add(size)
            self.scan(body, scope, {**bound, var: key})
            return
        elif kind == "delta" or (kind == "ind" and is_index_name(node[2]) and is_index_name(node[3])):
            a, b = (node[1], node[2]) if kind == "delta" else (node[2], node[3])
            if is_index_name(a) and is_index_name(b):
                self.union(self.var(is_index_name(a), scope, bound), self.var(is_index_name(b), scope, bound))
        for child in node[1:]:
            if isinstance(child, tuple) and child and isinstance(child[0], str):
                self.scan(child, scope, bound)
            elif isinstance(child, tuple):
                for c in child:
                    if isinstance(c, tuple) and c and isinstance(c[0], str):
                        self.scan(c, scope, bound)
                    elif isinstance(c, tuple):
                        for cc in c:
                            if isinstance(cc, tuple) and cc and isinstance(cc[0], str):
                                self.scan(cc, scope, bound)

    def var(self, name, scope, bound):
        if name in bound:
            return bound[name]
        return ("g", name) if name in self.globals or scope is None else (scope, name)

    def place(self, item, slot, scope, bound):
        name = is_index_name(item)
        if name is None:
            if item[0] == "num":
                self.set_size(slot, int(item[1]))
            return
        if name in self.n.sizes:
            self.set_size(slot, name)
        elif name in bound and bound[name] in self.size:
            # a sum with its bounds says how far it runs, not that every array it reads has that length
            if self.find(slot) not in self.size:
                self.set_size(slot, self.size[bound[name]])
        elif name != HOLE:
            self.union(slot, self.var(name, scope, bound))

    def items(self, node) -> list:
        """Index items, a run of digits split when the array needs more indices (w_{11})."""
        items = list(node[3])
        k = self.n.key(node[1], node[2])
        want = self.arity.get(k, len(items)) if k in self.arity else len(items)
        if len(items) < want:
            out: list[tuple] = []
            for it in items:
                if it[0] == "num" and len(it[1]) > 1 and len(out) + len(items) < want + 1 + len(it[1]) - 1:
                    out += [("num", ch) for ch in it[1]]
                else:
                    out.append(it)
            if len(out) == want:
                return out
        return items

    def range_of(self, key):
        return self.size.get(self.find(key))


def _leaf(base, tag, ints) -> sp.Symbol:
    """W^{(2)}_{12} → W2_1_2, o^s_3 → os_3: names lambdify takes as they are (renaming costs)."""
    name = base + tag.strip("()") + "".join(f"_{i}" for i in ints)
    return sp.Symbol(name if name.isidentifier() else f"v_{abs(hash(name))}", real=True)


def kept(k, ints) -> sp.Symbol:
    """An intermediate quantity held as a variable while differentiating with respect to it."""
    return sp.Symbol("kept_" + _leaf(k[0], k[1], ints).name, real=True)


_ELEMENTWISE = {"exp": sp.exp, "log": sp.log, "tanh": sp.tanh, "sigmoid": sigmoid, "relu": relu,
                "softplus": softplus, "sign": sp.sign, "abs": sp.Abs, "sqrt": sp.sqrt,
                "relu'": lambda a: sp.Heaviside(a, 0), "sigmoid'": lambda a: sigmoid(a) * (1 - sigmoid(a)),
                "tanh'": lambda a: 1 - sp.tanh(a) ** 2, "exp'": sp.exp, "log'": lambda a: 1 / a}


def shape(v):
    return v.shape if isinstance(v, sp.MatrixBase) else ()


def _scalar(v):
    if isinstance(v, sp.MatrixBase) and v.shape == (1, 1):
        return v[0, 0]
    return v


class World:
    """One instance: sizes and free indices have values; formulas become SymPy."""

    def __init__(self, notation: Notation, ranges: Ranges, sizes: dict, params: dict, special: str | None):
        self.n, self.r, self.sizes, self.params, self.special = notation, ranges, sizes, params, special
        self.cache: dict = {}  # entries, for these sizes and these values of the global indices (y)
        self.uses: dict = {}  # entry → the entries its definition reads directly
        self.stack: list = []
        self.constants: dict = {}  # symbol → value of the entries held constant in a derivative

    # -- symbols
    def dims(self, k) -> tuple[int, ...]:
        out = []
        for s in range(self.r.arity.get(k, 0)):
            size = self.r.range_of(("slot", k, s))
            if size is None:
                raise Undecided(f"cannot tell how many entries {k[0]}{'^' + k[1] if k[1] else ''} has "
                                f"(declare it, e.g. {k[0]} \\in \\mathbb{{R}}^{{m}})")
            out.append(self.sizes[size] if isinstance(size, str) else size)
        return tuple(out)

    def index(self, item, idx) -> int:
        v = _scalar(self.ev(item, idx))
        if not (isinstance(v, sp.Integer) or (v.is_number and v == int(v))):
            raise Undecided("an index must be a whole number")
        return int(v)

    def ref(self, node, idx):
        """(key, ints) of an entry, or a Matrix of them for a bare array."""
        if node[0] == "T":
            return self.ref(node[1], idx)
        if node[0] == "call":
            node = node[1]
        if node[0] != "sym":
            raise Undecided("a derivative is taken with respect to a variable such as W_{kj}^{(2)}")
        k = self.n.key(node[1], node[2])
        if node[3] is None:
            dims = self.dims(k)
            if not dims:
                return (k, ())
            grid = [[(k, (i + 1,) + ((j + 1,) if len(dims) == 2 else ())) for j in range(dims[1] if len(dims) == 2 else 1)]
                    for i in range(dims[0])]
            return grid
        ints = tuple(self.index(it, idx) for it in self.r.items(node))
        dims = self.dims(k)
        if len(ints) != len(dims):
            raise Undecided(f"{k[0]} has {len(dims)} indices, not {len(ints)}")
        if any(not 1 <= i <= n for i, n in zip(ints, dims)):
            raise ShapeError(f"uses {k[0]}{'^' + k[1] if k[1] else ''} at {ints}, outside its "
                             f"{'×'.join(map(str, dims))} entries")
        return (k, ints)

    def entry(self, k, ints, keep=None):
        if self.stack:
            self.uses.setdefault(self.stack[-1], set()).add((k, ints))
        if keep is not None and keep == (k, ints):
            return kept(k, ints)
        if keep is not None and not self.depends((k, ints), keep):
            # a constant for this derivative: a plain symbol keeps the formula SymPy differentiates small
            value = self.entry(k, ints)
            if value.is_Atom:
                return value
            name = sp.Symbol("const_" + _leaf(*k, ints).name, real=True)
            self.constants[name] = value
            return name
        memo = (k, ints, keep)
        if memo in self.cache:
            return self.cache[memo]
        self.stack.append((k, ints))
        try:
            value = self._entry(k, ints, keep)
        finally:
            self.stack.pop()
        self.cache[memo] = value
        return value

    def depends(self, e, v) -> bool:
        """Does entry ``e`` read ``v``, directly or not? (evaluated once without keeping anything)"""
        if (e[0], e[1], None) not in self.cache:
            self.entry(*e)
        seen, todo = set(), [e]
        while todo:
            x = todo.pop()
            if x == v:
                return True
            if x not in seen:
                seen.add(x)
                todo.extend(self.uses.get(x, ()))
        return False

    def _entry(self, k, ints, keep):
        definition, binding = self.definition(k, ints)
        if definition is None:
            if self.n.siblings(k[0]) - {k[1]} and any(self.n.defined(k[0], t) for t in self.n.siblings(k[0])):
                raise Undecided(f"{k[0]}^{k[1]} has no definition (write {k[0]}^{k[1]} := …)")
            value = _leaf(*k, ints)
        else:
            value = self.ev(definition.body, {**self.params, **binding}, keep)
            if isinstance(value, sp.MatrixBase):
                value = value[ints[0] - 1, ints[1] - 1 if len(ints) > 1 else 0] if ints else _scalar(value)
        return value

    def definition(self, k, ints):
        defs = self.n.definitions.get(k, [])
        for d in defs:  # a fixed entry (a_1 := …) before a general rule (a_i := …)
            if d.indices and all(isinstance(i, int) for i in d.indices) and tuple(d.indices) == ints:
                return d, {}
        for d in defs:
            if not d.indices or len(d.indices) == len(ints) and all(isinstance(i, str) for i in d.indices):
                return d, (dict(zip(d.indices, ints)) if d.indices else {})
        return None, {}

    # -- evaluation
    def ev(self, node, idx, keep=None, hint=None):
        kind = node[0]
        if kind == "num":
            return sp.Rational(node[1])
        if kind == "value":
            return node[1]
        if kind == "sym":
            return self.symbol(node, idx, keep)
        if kind == "call":  # L(x, y), O_y^s(x): the value of a defined quantity; else a product
            sym, args = node[1], node[2]
            if all(a[0] == "sym" and a[3] is None for a in args) and \
                    (self.n.defined(sym[1], sym[2]) or sym[2] or sym[3] is not None and len(args) > 1 or len(args) > 1):
                return self.symbol(sym, idx, keep)
            if len(args) != 1:
                raise Undecided(f"cannot tell what {sym[1]}(…) means")
            return product(self.symbol(sym, idx, keep), self.ev(args[0], idx, keep), "")
        if kind == "add":
            return self.add(node[1], idx, keep, hint)
        if kind == "neg":
            return -self.ev(node[1], idx, keep, hint)
        if kind == "mul":
            return product(self.ev(node[1], idx, keep), self.ev(node[2], idx, keep, None), node[3])
        if kind == "div":
            a, b = self.ev(node[1], idx, keep, hint), _scalar(self.ev(node[2], idx, keep))
            if isinstance(b, sp.MatrixBase):
                raise ShapeError("division by a vector or a matrix")
            return a / b
        if kind == "pow":
            a, b = _scalar(self.ev(node[1], idx, keep)), _scalar(self.ev(node[2], idx, keep))
            if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
                raise ShapeError("a power of a vector or a matrix")
            return a ** b
        if kind == "T":
            v = self.ev(node[1], idx, keep)
            return v.T if isinstance(v, sp.MatrixBase) else v
        if kind == "fn":
            return self.function(node, idx, keep, hint)
        if kind == "row":
            v = self.ev(node[1], idx, keep)
            i = self.index(node[2], idx)
            if not isinstance(v, sp.MatrixBase) or not 1 <= i <= len(v):
                raise ShapeError("an entry of something that is not a vector")
            return v[i - 1]
        if kind in ("rowsel", "col"):
            v = self.ev(node[1], idx, keep)
            i = self.index(node[2], idx)
            if not isinstance(v, sp.MatrixBase) or not 1 <= i <= (v.rows if kind == "rowsel" else v.cols):
                raise ShapeError("a row or column of something that is not a matrix")
            return v[i - 1, :] if kind == "rowsel" else v[:, i - 1]
        if kind == "sum":
            return self.summation(node, idx, keep)
        if kind == "d":
            return self.derivative(node, idx)
        if kind == "delta":
            return sp.Integer(int(self.index(node[1], idx) == self.index(node[2], idx)))
        if kind == "ind":
            return self.indicator(node, idx, keep)
        if kind == "mat":
            return self.matrix(node[1], idx, keep, hint)
        raise Undecided(f"cannot evaluate {kind}")

    def symbol(self, node, idx, keep):
        _, base, tag, items = node
        if items is None and not tag:
            if base in idx:
                return sp.Integer(idx[base])
            if base in self.sizes:
                return sp.Integer(self.sizes[base])
        k = self.n.key(base, tag)
        if items is None:
            dims = self.dims(k)
            if not dims:
                return self.entry(k, (), keep)
            rows, cols = dims[0], dims[1] if len(dims) == 2 else 1
            return sp.Matrix(rows, cols, lambda i, j: self.entry(k, (i + 1,) + ((j + 1,) if len(dims) == 2 else ()), keep))
        if base in ("e",) and not self.n.defined(base, tag) and not self.r.arity.get(k):
            raise Undecided("e_… is not defined")
        ref = self.ref(node, idx)
        return self.entry(*ref, keep)

    def function(self, node, idx, keep, hint):
        _, name, args, size = node
        if name == "pi":
            return sp.pi
        if name == "onehot":
            n = self.index(size, idx) if size is not None else (hint[0] if hint else None)
            if n is None:
                raise Undecided("onehot needs its size: \\text{onehot}_m(y)")
            y = self.index(args[0], idx)
            return sp.Matrix(n, 1, lambda i, j: int(i + 1 == y))
        values = [self.ev(a, idx, keep) for a in args]
        if name == "softmax":
            v = values[0]
            if not isinstance(v, sp.MatrixBase):
                raise ShapeError("softmax of a scalar")
            total = sum(sp.exp(e) for e in v)
            return v.applyfunc(lambda e: sp.exp(e) / total)
        if name == "max":
            return sp.Max(*[_scalar(v) for v in values])
        if name == "norm":
            p = self.index(size, idx) if size is not None else 2
            entries = list(values[0]) if isinstance(values[0], sp.MatrixBase) else [values[0]]
            return sum(abs(e) for e in entries) if p == 1 else sp.sqrt(sum(e ** 2 for e in entries))
        f = _ELEMENTWISE.get(name)
        if f is None or len(values) != 1:
            raise Undecided(f"cannot evaluate {name}")
        v = values[0]
        return v.applyfunc(f) if isinstance(v, sp.MatrixBase) else f(v)

    def indicator(self, node, idx, keep):
        _, op, a, b = node
        va, vb = _scalar(self.ev(a, idx, keep)), _scalar(self.ev(b, idx, keep))
        if isinstance(va, sp.MatrixBase) and not isinstance(vb, sp.MatrixBase):  # 𝟙{h^a > 0}, entrywise
            return va.applyfunc(lambda e: self.indicator(("ind", op, ("value", e), ("value", vb)), idx, keep))
        if va.is_number and vb.is_number:
            return sp.Integer(int(bool({"=": va == vb, "!=": va != vb, ">": va > vb, "<": va < vb,
                                        ">=": va >= vb, "<=": va <= vb}[op])))
        g = {">": va - vb, ">=": va - vb, "<": vb - va, "<=": vb - va}.get(op)
        if g is None:
            raise Undecided("an indicator of an equality between real numbers")
        return sp.Heaviside(g, 1 if op in (">=", "<=") else 0)

    def summation(self, node, idx, keep):
        _, var, lo, hi, body = node
        start = self.index(lo, idx) if lo is not None else 1
        if hi is not None:
            stop = self.index(hi, idx)
        else:
            size = self.r.range_of(("sum", id(node)))
            if size is None:
                raise Undecided(f"cannot tell the range of the sum over {var}: write \\sum_{{{var}=1}}^{{n}}")
            stop = self.sizes[size] if isinstance(size, str) else size
        if stop - start > 50:
            raise Undecided("a sum of more than 50 terms")
        total = sp.Integer(0)
        for v in range(start, stop + 1):
            total = add(total, self.ev(body, {**idx, var: v}, keep))
        return total

    def derivative(self, node, idx):
        _, numerator, variable = node
        ref = self.ref(variable, idx)
        if numerator[0] in ("sym", "call"):
            sym = numerator[1] if numerator[0] == "call" else numerator
            k = self.n.key(sym[1], sym[2])
            vk = ref[0] if isinstance(ref, tuple) else ref[0][0][0]
            if k != vk and not self.n.defined(sym[1], sym[2]) and not (sym[1] in idx or sym[1] in self.sizes):
                raise Undecided(f"{sym[1]} has no definition, so its derivative is unknown "
                                f"(write {sym[1]} := … or use --key)")
        if isinstance(ref, list):
            return sp.Matrix([[_scalar(self.d_entry(numerator, idx, r)) for r in row] for row in ref])
        return self.d_entry(numerator, idx, ref)

    def d_entry(self, numerator, idx, ref):
        k, ints = ref
        if self.definition(k, ints)[0] is None:
            value = self.ev(numerator, idx)
            x = _leaf(*k, ints)
            return value.diff(x) if isinstance(value, sp.MatrixBase) else sp.diff(value, x)
        value = self.ev(numerator, idx, keep=ref)
        full = self.entry(k, ints)
        v = kept(k, ints)
        back = {v: full, **self.constants}
        if isinstance(value, sp.MatrixBase):
            return value.diff(v).xreplace(back)
        return sp.diff(value, v).xreplace(back)

    # -- sums and arrays with ellipses
    def add(self, terms, idx, keep, hint):
        if any(t[0] == "dots" for t in terms):
            # b_1 + w_11 x_1 + … + w_1d x_d: the pattern starts at the first term that fits the last
            first_mark = next(i for i, t in enumerate(terms) if t[0] == "dots")
            start = next((i for i in range(first_mark) if self.unify(terms[i], terms[-1], idx, set())), 0)
            terms = list(terms[:start]) + self.expand(list(terms[start:]), idx, hint=None, what="terms")
        total = None
        for t in terms:
            v = self.ev(t, idx, keep, hint)
            hint = hint or (shape(v) or None)
            total = v if total is None else add(total, v)
        return total

    def matrix(self, rows, idx, keep, hint):
        lines = []
        for row in rows:
            cells = [c for c in row if c is not None]
            if cells and all(c[0] == "dots" for c in cells):
                lines.append(("dots",))
            else:
                wide = self.expand(list(row), idx, hint=hint[1] if hint and len(hint) == 2 else None,
                                   what="columns") if any(c is not None and c[0] == "dots" for c in row) \
                    else [c for c in row if c is not None]
                lines.append(("cells", tuple(wide)))
        full = self.expand(lines, idx, hint=hint[0] if hint else None, what="rows") \
            if any(line[0] == "dots" for line in lines) else lines
        widths = {len(line[1]) for line in full}
        if len(widths) != 1:
            raise ShapeError("the rows of a matrix have different lengths")
        return sp.Matrix([[_scalar(self.ev(c, idx, keep)) for c in line[1]] for line in full])

    def expand(self, seq, idx, hint, what):
        """``a_1, a_2, …, a_n`` → every entry, from the pattern of the first and last items.

        An item between two ellipses whose position its indices do not show (a 1 among 0s, a row of
        h^s among rows of 0) is the row of the special index (y): the seed writes "← ligne y".
        """
        marks = [i for i, s in enumerate(seq) if s is not None and s[0] == "dots"]
        items = [(i, s) for i, s in enumerate(seq) if s is not None and s[0] != "dots"]
        if not items or seq[0] is None or seq[0][0] == "dots" or seq[-1] is None or seq[-1][0] == "dots":
            raise Undecided(f"an ellipsis must stand between a first and a last {what[:-1]}")
        pairs = set()
        template = self.unify(seq[0], seq[-1], idx, pairs)
        if template is None:
            raise Undecided(f"the first and last {what} do not follow one pattern")
        if len(pairs) > 1:
            raise Undecided(f"the {what} follow two different counts")
        if pairs:
            start, stop = pairs.pop()
        elif hint:
            start, stop = 1, hint
        else:
            raise Undecided(f"cannot tell how many {what} the ellipsis stands for")
        if stop < start or stop - start > 50:
            raise Undecided(f"cannot expand the {what} from {start} to {stop}")
        out = {p: (template, {HOLE: p}) for p in range(start, stop + 1)}
        first_mark, last_mark = marks[0], marks[-1]
        before = [s for i, s in items if i < first_mark]
        after = [s for i, s in items if i > last_mark]
        for j, s in enumerate(before):
            out[start + j] = (s, {})
        for j, s in enumerate(after):
            out[stop - len(after) + 1 + j] = (s, {})
        for i, s in items:
            if first_mark < i < last_mark:
                found = set()
                self.match(template, s, idx, found)
                if len(found) == 1:
                    p = found.pop()
                elif self.special and not found:
                    p = idx.get(self.special)
                else:
                    raise Undecided(f"cannot tell the position of a {what[:-1]} between the ellipses")
                if p is None or not start <= p <= stop:
                    raise Undecided(f"a {what[:-1]} between the ellipses falls outside {start}…{stop}")
                out[p] = (s, {})
        return [_bind(node, binding) for node, binding in (out[p] for p in range(start, stop + 1))]

    def unify(self, a, b, idx, pairs):
        if a == b:
            return a
        if not (isinstance(a, tuple) and isinstance(b, tuple)) or len(a) != len(b) or not a:
            return None
        if isinstance(a[0], str) and a[0] != b[0]:
            return None
        if a[0] == "sym" and a[1:3] == b[1:3] and a[3] is not None and b[3] is not None:
            ia, ib = self.r.items(a), self.r.items(b)
            if len(ia) != len(ib):
                return None
            items = []
            for x, y in zip(ia, ib):
                if x == y:
                    items.append(x)
                else:
                    pairs.add((self.index(x, idx), self.index(y, idx)))
                    items.append(("sym", HOLE, "", None))
            return ("sym", a[1], a[2], tuple(items))
        out = []
        for x, y in zip(a, b):
            if isinstance(x, tuple):
                u = self.unify(x, y, idx, pairs)
                if u is None:
                    return None
                out.append(u)
            elif x != y:
                return None
            else:
                out.append(x)
        return tuple(out)

    def match(self, template, node, idx, found):
        """Positions that make ``template`` agree with ``node`` where their structures meet."""
        if not isinstance(template, tuple) or not isinstance(node, tuple) or not template or not node:
            return
        if template[0] == "sym" and node[0] == "sym" and template[1:3] == node[1:3] \
                and template[3] is not None and node[3] is not None and len(template[3]) == len(self.r.items(node)):
            for x, y in zip(template[3], self.r.items(node)):
                if x == ("sym", HOLE, "", None):
                    try:
                        found.add(self.index(y, idx))
                    except Undecided:
                        pass
            return
        if (template[0] == node[0] or not isinstance(template[0], str)) and len(template) == len(node):
            for x, y in zip(template, node):
                self.match(x, y, idx, found)


def _bind(node, binding):
    if not binding:
        return node
    p = binding[HOLE]

    def sub(n):
        if n == ("sym", HOLE, "", None):
            return ("num", str(p))
        if isinstance(n, tuple):
            return tuple(sub(c) if isinstance(c, tuple) else c for c in n)
        return n
    return sub(node)


def add(a, b):
    sa, sb = shape(a), shape(b)
    if sa == (1, 1) or sb == (1, 1):
        a, b, sa, sb = _scalar(a), _scalar(b), shape(_scalar(a)), shape(_scalar(b))
    if sa != sb:
        raise ShapeError(f"adds {_show(sa)} and {_show(sb)}")
    return a + b


def product(a, b, op):
    sa, sb = shape(a), shape(b)
    if op == "odot":
        if sa != sb:
            raise ShapeError(f"⊙ of {_show(sa)} and {_show(sb)}")
        return a.multiply_elementwise(b) if sa else a * b
    if not sa or not sb or sa == (1, 1) or sb == (1, 1):
        return _scalar(a) * _scalar(b)
    if sa[1] != sb[0]:
        raise ShapeError(f"the product of {_show(sa)} and {_show(sb)} is not defined")
    return a * b


def _show(s):
    return "a scalar" if not s else f"{s[0]}×{s[1]}"
