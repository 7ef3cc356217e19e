"""A student's numpy or matrix answer, interpreted node by node on the exercise's arrays, never executed.

``matrix.translate`` whitelists the text and turns the course's notation into numpy; Python's ``ast``
parses it and ``_Walker`` interprets the tree with numpy's own operations: assignments over several
lines, array methods, ``np.``/``numpy.`` functions from a fixed table, indexing with slices, ``None``,
masks, comprehensions and conditional expressions. Sizes (``MAX_ELEMENTS``), the work of one product
(``numpy_calls.MAX_WORK``) and the number of steps (``MAX_STEPS``) are bounded *before* numpy runs, so no answer can
exhaust the machine. Plain numpy keeps numpy's meaning exactly (a test compares with real numpy).

In the course's notation (``math``), vectors of the statement are columns, ``·`` and juxtaposition are
the product the shapes call for, ``⊙`` and ``+`` want equal shapes, and a numpy 1-d vector next to a
column or a row takes its orientation.
"""

from __future__ import annotations

import ast
import operator
import warnings

import numpy as np

from tdgrad.errors import ExpressionError
from tdgrad.student import refusals
from tdgrad.syntax import MAX_EXPONENT, check_nesting
from tdgrad.student.matrix import translate
from tdgrad.student.numpy_calls import (  # noqa: F401  (MAX_ELEMENTS, Fails: this module's API too)
    ATTRIBUTES, BUILTINS, DTYPES, KEYWORDS, MAX_ELEMENTS, METHODS, NUMPY, NUMPY_VALUES, Fails, bounded,
    broadcast_check, check_call, matmul_check, product_check, shape_of, size_of, whole_numbers)

MAX_STEPS = 50_000  # nodes visited, loop turns included (about half a second)


def evaluate(text: str, env: dict) -> np.ndarray:
    """The value of ``text`` with the arrays of ``env``.

    >>> evaluate("g = np.outer(os - np.eye(3)[y], hs)", {"os": np.array([.2, .5, .3]), "y": 1,
    ...          "hs": np.array([1., 2.])}).tolist()
    [[0.2, 0.4], [-0.5, -1.0], [0.3, 0.6]]
    """
    return run(text, env)[0]


def run(text: str, env: dict, name: str | None = None, first_class: int = 0,
        hidden: tuple = ()) -> tuple[np.ndarray, bool]:
    """(value, whether the course's notation was used): the value of ``name`` if the answer assigns
    it, else its last line. ``first_class`` is the statement's first class number (for ``e_y``,
    ``W^{(2)}[y,:]``); names in ``hidden`` (the question's own answer) may not be used."""
    source, math = translate(text)
    check_nesting(source)
    try:
        tree = ast.parse(source, mode="exec")
    except SyntaxError as exc:
        raise ExpressionError("not valid numpy: {why}", why=refusals.python(exc.msg)) from None
    scope = {k: (np.array(v, dtype=float) if isinstance(v, (list, np.ndarray)) else v)
             for k, v in env.items() if k not in hidden}
    walker = _Walker(source, scope, math, first_class, hidden)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = walker.program(tree, name)
            if value is None or isinstance(value, (str, type, range)):
                raise Fails("the answer has no array value")
            return np.asarray(value, dtype=float), math
    except ExpressionError:
        raise
    except RecursionError:
        raise ExpressionError("answer nested too deeply") from None
    except (TypeError, ValueError, IndexError, ArithmeticError, AttributeError, KeyError) as exc:
        raise Fails("numpy says: {why}", why=str(exc)) from None


BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv, ast.Pow: operator.pow, ast.MatMult: operator.matmul}
INPLACE = {ast.Add: operator.iadd, ast.Sub: operator.isub, ast.Mult: operator.imul,
           ast.Div: operator.itruediv, ast.Pow: operator.ipow, ast.MatMult: operator.imatmul}
COMPARE = {ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Lt: operator.lt, ast.LtE: operator.le,
           ast.Eq: operator.eq, ast.NotEq: operator.ne}


def product(a, b):
    """``a · b`` as on paper: scalar times array, or the matrix product the shapes allow; a numpy
    1-d vector is a row or a column as the other factor needs."""
    sa, sb = shape_of(a), shape_of(b)
    product_check(a, b)
    if not sa or not sb:
        return np.multiply(a, b)
    a, b = np.asarray(a), np.asarray(b)
    if len(sa) == 1 and len(sb) == 1 and sa == sb:
        return np.dot(a, b)
    if len(sa) == 1 and len(sb) == 2 and sb[0] == 1 and sa[0] != 1:
        return a[:, None] @ b  # column times row: the outer product
    if len(sa) == 2 and len(sb) == 1 and sa[1] == 1 and sb[0] != 1:
        return a @ b[None, :]
    if sa[-1] == (sb[0] if len(sb) <= 2 else None) and len(sa) <= 2 and len(sb) <= 2:
        return a @ b
    raise Fails("these shapes cannot be multiplied", (sa, sb))


def _orient(a, b):
    """A numpy 1-d vector beside a column (n×1) or a row (1×n) of the same length takes its shape."""
    sa, sb = shape_of(a), shape_of(b)
    if len(sa) == 1 and len(sb) == 2 and sa[0] in sb and 1 in sb:
        return np.reshape(a, sb), b
    if len(sb) == 1 and len(sa) == 2 and sb[0] in sa and 1 in sa:
        return a, np.reshape(b, sa)
    return a, b


def _same_shape(a, b, what):
    a, b = _orient(a, b)
    sa, sb = shape_of(a), shape_of(b)
    if sa and sb and sa != sb:
        raise Fails("{what} needs two arrays of the same shape", (sa, sb), what=what)
    return a, b


class _Walker:
    def __init__(self, source: str, scope: dict, math: bool, first_class: int, hidden: tuple):
        self.source, self.scope, self.math, self.c = source, scope, math, first_class
        self.hidden, self.steps = hidden, 0
        self.assigned: set[str] = set()

    def fail(self, message: str, node=None, **values):
        raise ExpressionError(message, **values)

    def program(self, tree, name):
        last, assigned = None, set()
        for stmt in tree.body:
            if isinstance(stmt, ast.Expr):
                last = self.walk(stmt.value, 0)
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                last = self.walk(stmt.value, 0)
                self.assign(stmt.targets[0], last, 0)
                if isinstance(stmt.targets[0], ast.Name):
                    assigned.add(stmt.targets[0].id)
                else:
                    last = self.walk(stmt.targets[0].value, 0)
            elif isinstance(stmt, ast.AugAssign) and type(stmt.op) in INPLACE:
                value = self.walk(stmt.value, 0)
                target = stmt.target
                if isinstance(target, ast.Name):
                    current = self.walk(target, 0)
                    self.arith_check(stmt.op, current, value)
                    self.scope[target.id] = last = INPLACE[type(stmt.op)](current, value)
                elif isinstance(target, ast.Subscript):
                    container = self.walk(target.value, 0)
                    index = self.index(target.slice, 0)
                    current = container[index]
                    self.arith_check(stmt.op, current, value)
                    container[index] = INPLACE[type(stmt.op)](current, value)
                    last = container
                else:
                    self.fail("only a name or name[…] can be updated")
            else:
                self.fail("only assignments and expressions are allowed, one per line")
        if name in assigned:
            return self.scope[name]
        return last

    def assign(self, target, value, depth):
        if isinstance(target, ast.Name):
            if target.id in ("np", "numpy"):
                self.fail("np cannot be assigned")
            self.scope[target.id] = value
            self.assigned.add(target.id)
        elif isinstance(target, ast.Subscript):
            container = self.walk(target.value, depth)
            if not isinstance(container, np.ndarray):
                self.fail("only an array's elements can be assigned")
            container[self.index(target.slice, depth)] = value
        elif isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
            items = list(value) if isinstance(value, (list, tuple, np.ndarray)) else None
            if items is None or len(items) != len(target.elts):
                raise Fails("cannot unpack into {count} names", count=len(target.elts))
            for e, v in zip(target.elts, items):
                self.assign(e, v, depth)
        else:
            self.fail("only names can be assigned")

    def walk(self, node, depth):
        self.steps += 1
        if self.steps > MAX_STEPS:
            self.fail("the answer takes too long to compute")
        if depth > 80:
            self.fail("expression too deep")
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            text = ast.get_source_segment(self.source, node) or type(node).__name__
            self.fail("'{what}' is not allowed in an array answer", what=text)
        value = method(node, depth + 1)
        bounded(size_of(value))
        return value

    def truth(self, value) -> bool:
        return bool(value)  # numpy refuses an array of several values, as Python would

    def _Constant(self, node, depth):
        if isinstance(node.value, (str, bytes, complex)) or node.value is Ellipsis:
            self.fail("text is only allowed as np.einsum's subscripts or a dtype")
        if isinstance(node.value, (int, float)) and abs(node.value) > 1e12:
            self.fail("number too large")
        return node.value

    def _Name(self, node, depth):
        if node.id in self.scope:
            value = self.scope[node.id]
            if self.math and len(node.id) == 1 and node.id not in self.assigned and np.ndim(value) == 1:
                return np.reshape(value, (-1, 1))  # x in the course's notation: a column
            return value
        if node.id in self.hidden:
            raise Fails("'{name}' is what this question asks for: compute it from the other arrays", name=node.id)
        if node.id in BUILTINS:
            return BUILTINS[node.id]
        known = ", ".join(sorted(k for k in self.scope if not k.startswith("_")))
        self.fail("unknown name '{name}' (this question knows: {known}, and np)" if known else
                  "unknown name '{name}' (this question knows only np)", name=node.id, known=known)

    def _List(self, node, depth):
        return [self.walk(e, depth) for e in node.elts]

    def _Tuple(self, node, depth):
        return tuple(self.walk(e, depth) for e in node.elts)

    def _ListComp(self, node, depth):
        out, saved = [], dict(self.scope)

        def loop(k):
            if k == len(node.generators):
                out.append(self.walk(node.elt, depth))
                bounded(len(out), "list")
                return
            gen = node.generators[k]
            iterable = self.walk(gen.iter, depth)
            if not isinstance(iterable, (list, tuple, range, np.ndarray, zip, enumerate)):
                raise Fails("a comprehension must run over an array, a list or a range")
            for item in list(iterable):
                self.assign(gen.target, item, depth)
                if all(self.truth(self.walk(c, depth)) for c in gen.ifs):
                    loop(k + 1)
        try:
            loop(0)
        finally:
            self.scope = saved  # a comprehension's names do not leak, as in Python 3
        return out

    _GeneratorExp = _ListComp

    def _IfExp(self, node, depth):
        return self.walk(node.body if self.truth(self.walk(node.test, depth)) else node.orelse, depth)

    def _BoolOp(self, node, depth):
        value = None
        for v in node.values:
            value = self.walk(v, depth)
            if self.truth(value) == isinstance(node.op, ast.Or):
                return value
        return value

    def _UnaryOp(self, node, depth):
        value = self.walk(node.operand, depth)
        ops = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}
        if isinstance(node.op, ast.Not):
            return not self.truth(value)
        if isinstance(value, (list, tuple)):
            value = np.asarray(value)
        return ops[type(node.op)](value)

    def arith_check(self, op, left, right):
        if isinstance(op, ast.Pow) and np.max(np.abs(np.asarray(right, dtype=float))) > MAX_EXPONENT:
            self.fail("exponent too large (at most {most})", most=MAX_EXPONENT)
        if isinstance(op, ast.MatMult):
            product_check(left, right)
            matmul_check(left, right)
        seq = [o for o in (left, right) if isinstance(o, (list, tuple))]
        if seq and isinstance(op, ast.Mult) and any(isinstance(o, int) for o in (left, right)):
            n = next(o for o in (left, right) if isinstance(o, int))
            bounded(len(seq[0]) * n, "list")
        elif not isinstance(op, ast.MatMult):
            broadcast_check(left, right)

    def _BinOp(self, node, depth):
        left, right = self.walk(node.left, depth), self.walk(node.right, depth)
        if isinstance(node.op, ast.Mod):  # · from the notation (a student's own % is refused)
            return product(*_orient(left, right))
        if isinstance(node.op, ast.FloorDiv):  # ⊙
            left, right = _same_shape(left, right, "⊙")
            return np.multiply(left, right)
        if type(node.op) not in BINARY:
            self.fail("only + - * / @ ** are allowed between arrays")
        if self.math:
            left, right = _orient(left, right)
            if isinstance(node.op, (ast.Add, ast.Sub)):
                left, right = _same_shape(left, right, "+ / -")
            if isinstance(node.op, ast.Mult) and shape_of(left) and shape_of(right) and shape_of(left) != shape_of(right):
                return product(left, right)
        self.arith_check(node.op, left, right)
        return BINARY[type(node.op)](left, right)

    def _Compare(self, node, depth):
        left = self.walk(node.left, depth)
        result = True
        for op, comparator in zip(node.ops, node.comparators):
            if type(op) not in COMPARE:
                self.fail("only < <= > >= == != are allowed")
            right = self.walk(comparator, depth)
            a, b = _orient(left, right) if self.math else (left, right)
            broadcast_check(a, b)
            if isinstance(a, list) and isinstance(b, list) or not isinstance(a, (list, tuple)) \
                    and not isinstance(b, (list, tuple)):
                value = COMPARE[type(op)](a, b)
            else:
                value = COMPARE[type(op)](np.asarray(a), np.asarray(b))
            if len(node.ops) == 1:
                return value
            if not self.truth(value):
                return False
            result, left = value, right
        return result

    def _Attribute(self, node, depth):
        if isinstance(node.value, ast.Name) and node.value.id in ("np", "numpy"):
            if node.attr in NUMPY_VALUES:
                return NUMPY_VALUES[node.attr]
            self.fail("np.{name} is not allowed here (call np.{name}(…) if it is a function)"
                      if node.attr in NUMPY else "np.{name} is not allowed in an answer", name=node.attr)
        value = self.walk(node.value, depth)
        if node.attr in ATTRIBUTES and isinstance(value, (np.ndarray, np.generic)):
            return getattr(value, node.attr)
        self.fail("'.{name}' is not allowed here (array attributes: .T .shape .size .ndim)", name=node.attr)

    def argument(self, node, depth, text_ok=False):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and text_ok:
            return node.value
        if isinstance(node, ast.Starred):
            self.fail("*arguments are not allowed")
        return self.walk(node, depth)

    def keywords(self, node, depth) -> dict:
        out = {}
        for kw in node.keywords:
            if kw.arg not in KEYWORDS:
                self.fail("the keyword {name}= is not allowed (only {known})", name=kw.arg, known=", ".join(sorted(KEYWORDS)))
            out[kw.arg] = self.dtype(kw.value, depth) if kw.arg == "dtype" else self.walk(kw.value, depth)
        return out

    def dtype(self, node, depth):
        value = self.argument(node, depth, text_ok=True)
        for name, t in DTYPES.items():
            if value is t or value == name:
                return t
        self.fail("a dtype must be float, int, bool or np.float64")

    def _Call(self, node, depth):
        f = node.func
        kwargs = self.keywords(node, depth)
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ("np", "numpy"):
            if f.attr not in NUMPY:
                self.fail("np.{name} is not allowed in an answer (np.outer, np.dot, np.eye, np.zeros, np.einsum, "
                          "np.concatenate, np.where… are)", name=f.attr)
            function, rule = NUMPY[f.attr]
            args = [self.argument(a, depth, text_ok=(f.attr == "einsum" and k == 0))
                    for k, a in enumerate(node.args)]
            if f.attr in ("concatenate", "vstack", "hstack", "stack") and len(args) > 1 \
                    and not isinstance(args[1], (int, np.integer)):
                raise Fails("np.{name} takes its arrays in one tuple, np.{name}((a, b, c)): "
                            "here a parenthesis closes it after the first array", name=f.attr)
            check_call(f.attr, rule, args, kwargs)
            return function(*args, **kwargs)
        if isinstance(f, ast.Attribute):
            value = self.walk(f.value, depth)
            if f.attr not in METHODS or not isinstance(value, (np.ndarray, np.generic)):
                self.fail("'.{name}(…)' is not allowed (array methods: {known})", name=f.attr, known=", ".join(sorted(METHODS)))
            if f.attr == "astype":
                if len(node.args) != 1:
                    self.fail(".astype takes one dtype")
                return value.astype(self.dtype(node.args[0], depth))
            args = [self.argument(a, depth) for a in node.args]
            check_call(f.attr, METHODS[f.attr], [value, *args], kwargs)
            return getattr(value, f.attr)(*args, **kwargs)
        if isinstance(f, ast.Name) and f.id.startswith("_") and self.math:
            return self.notation(f.id, node, depth)
        if isinstance(f, ast.Name) and f.id in BUILTINS and f.id not in self.scope:
            args = [self.argument(a, depth) for a in node.args]
            if kwargs:
                self.fail("{name}() takes no keyword here", name=f.id)
            if f.id == "range":
                bounded(len(range(*whole_numbers(args))), "range")
            return BUILTINS[f.id](*args)
        self.fail("'{name}(…)' is not a function tdgrad knows", name=ast.get_source_segment(self.source, f))

    def notation(self, name, node, depth):
        """``_S``, ``_onehot``, ``_ind``: what matrix.translate writes for the course's notation."""
        if name == "_S":
            value = self.symbol(node.args[0])
            return np.reshape(value, (-1, 1)) if np.ndim(value) == 1 else value
        args = [self.walk(a, depth) for a in node.args]
        if name == "_onehot":
            m, k = whole_numbers(args)
            if not 0 <= k - self.c < m:
                raise Fails("onehot_{m}({k}): the statement numbers classes {first}…{last}", m=m, k=k, first=self.c,
                            last=m - 1 + self.c)
            return np.eye(m)[k - self.c].reshape(-1, 1)
        if name == "_ind":
            return np.asarray(args[0], dtype=float)
        if name == "_stated":  # "A est d_h × d": a vector is n × 1
            value, dims = args[0], tuple(whole_numbers(args[1:]))
            shape = shape_of(value) + (1,) * (len(dims) - np.ndim(value)) if np.ndim(value) < len(dims) \
                else shape_of(value)
            if shape != dims:
                raise Fails("the shape stated after 'est' is not the shape of the expression", (dims, shape))
            return value
        self.fail("'{name}' is not allowed", name=name)

    def symbol(self, node):
        """The key's array for a statement symbol: ``Os`` is ``os``."""
        for candidate in (node.id, node.id.lower(), node.id[0].lower() + node.id[1:]):
            if candidate in self.scope:
                return self.scope[candidate]
        return self._Name(node, 0)

    def _Subscript(self, node, depth):
        base = node.value
        if isinstance(base, ast.Call) and isinstance(base.func, ast.Name) and base.func.id == "_S" and self.math:
            return self.statement_index(self.symbol(base.args[0]), node.slice, depth)
        value = self.walk(base, depth)
        if not isinstance(value, (np.ndarray, list, tuple)):
            raise Fails("only an array can be indexed")
        return value[self.index(node.slice, depth)]

    def statement_index(self, value, node, depth):
        """``W^{(2)}[y, :]``: indices counted as the statement counts classes; a row stays a row."""
        parts = self.index(node, depth)
        parts = parts if isinstance(parts, tuple) else (parts,)
        out = []
        for axis, p in enumerate(parts):
            if isinstance(p, (int, np.integer)):
                n = np.shape(value)[axis] if axis < np.ndim(value) else 0
                if not 0 <= p - self.c < n:
                    raise Fails("index {index} is outside {first}…{last}", index=p, first=self.c, last=n - 1 + self.c)
                p = p - self.c if np.ndim(value) == 1 else slice(p - self.c, p - self.c + 1)
            out.append(p)
        return value[tuple(out)]

    def index(self, node, depth):
        if isinstance(node, ast.Slice):
            parts = [None if p is None else self.walk(p, depth) for p in (node.lower, node.upper, node.step)]
            return slice(*parts)
        if isinstance(node, ast.Tuple):
            return tuple(self.index(e, depth) for e in node.elts)
        if isinstance(node, ast.Constant) and node.value is None:
            return None
        value = self.walk(node, depth)
        return np.asarray(value) if isinstance(value, list) else value
