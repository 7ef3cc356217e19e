"""A student's numpy one-liner, evaluated by walking its syntax tree on arrays, never executed.

``grad_W2 = np.outer(os - np.eye(m)[y], hs)`` is parsed by Python's ``ast`` and interpreted node by
node: names the question declares, numbers, lists of numbers, + − * / @ **, comparisons (giving 0/1
arrays), ``.T``, indexing with integers and slices, and calls to a short list of numpy functions.
Anything else — attributes, other calls, lambdas, comprehensions — is rejected with a message;
array sizes and exponents are bounded so that no answer can exhaust the machine.
"""

from __future__ import annotations

import ast
import re

import numpy as np

from tdgrad.errors import ExpressionError
from tdgrad.parse import MAX_EXPONENT, MAX_LENGTH, _check_nesting

MAX_ELEMENTS = 10_000
NUMPY = {
    "outer": np.outer, "dot": np.dot, "matmul": np.matmul, "multiply": np.multiply,
    "exp": np.exp, "log": np.log, "tanh": np.tanh, "sqrt": np.sqrt, "abs": np.abs,
    "sign": np.sign, "maximum": np.maximum, "minimum": np.minimum, "where": np.where,
    "sum": np.sum, "mean": np.mean, "transpose": np.transpose, "heaviside": np.heaviside,
    "eye": np.eye, "zeros": np.zeros, "ones": np.ones, "array": np.array, "max": np.max,
}
_SIZED = {"eye", "zeros", "ones"}
_ASSIGNMENT = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_]*\s*=(?!=)")


def evaluate(text: str, env: dict) -> np.ndarray:
    """Evaluate ``text`` with the arrays of ``env``; ``name = …`` on the left is allowed.

    >>> evaluate("g = np.outer(os - np.eye(3)[y], hs)", {"os": np.array([.2, .5, .3]), "y": 1,
    ...          "hs": np.array([1., 2.])}).tolist()
    [[0.2, 0.4], [-0.5, -1.0], [0.3, 0.6]]
    """
    if not isinstance(text, str):
        raise ExpressionError("an answer must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"answer too long ({len(text)} characters, at most {MAX_LENGTH})")
    _check_nesting(text)
    source = _ASSIGNMENT.sub("", text.strip()).strip()
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"not valid numpy: {exc.msg}", source,
                              (exc.offset - 1) if exc.offset else None) from None
    try:
        with np.errstate(all="ignore"):
            return np.asarray(_Walker(source, env).walk(tree.body, 0), dtype=float)
    except ExpressionError:
        raise
    except (TypeError, ValueError, IndexError, ArithmeticError) as exc:
        raise ExpressionError(f"this numpy expression fails on the question's arrays: {exc}") from None


class _Walker:
    def __init__(self, text: str, env: dict):
        self.text, self.env = text, env

    def fail(self, message: str, node):
        raise ExpressionError(message, self.text, getattr(node, "col_offset", None))

    def walk(self, node, depth):
        if depth > 60:
            self.fail("expression too deep", node)
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            self.fail(f"'{ast.get_source_segment(self.text, node)}' is not allowed in a numpy answer", node)
        value = method(node, depth + 1)
        if isinstance(value, np.ndarray) and value.size > MAX_ELEMENTS:
            self.fail(f"array too large (more than {MAX_ELEMENTS} elements)", node)
        return value

    def _Constant(self, node, depth):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            self.fail("only numbers are allowed as constants", node)
        return node.value

    def _List(self, node, depth):
        return np.array([self.walk(e, depth) for e in node.elts], dtype=float)

    def _Name(self, node, depth):
        if node.id not in self.env:
            known = ", ".join(sorted(self.env)) or "none"
            self.fail(f"unknown name '{node.id}' (this question knows: {known}, and np)", node)
        return self.env[node.id]

    def _UnaryOp(self, node, depth):
        value = self.walk(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return -value
        if isinstance(node.op, ast.UAdd):
            return value
        self.fail("only + and - may stand before a term", node)

    def _BinOp(self, node, depth):
        ops = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide,
               ast.MatMult: np.matmul, ast.Pow: np.power}
        if type(node.op) not in ops:
            self.fail("only + - * / @ ** are allowed between arrays", node)
        left, right = self.walk(node.left, depth), self.walk(node.right, depth)
        if isinstance(node.op, ast.Pow) and np.max(np.abs(right)) > MAX_EXPONENT:
            self.fail(f"exponent too large (at most {MAX_EXPONENT})", node)
        return ops[type(node.op)](left, right)

    def _Compare(self, node, depth):
        ops = {ast.Gt: np.greater, ast.GtE: np.greater_equal, ast.Lt: np.less,
               ast.LtE: np.less_equal, ast.Eq: np.equal, ast.NotEq: np.not_equal}
        if len(node.ops) != 1 or type(node.ops[0]) not in ops:
            self.fail("use one comparison at a time, such as ha > 0", node)
        return ops[type(node.ops[0])](self.walk(node.left, depth),
                                      self.walk(node.comparators[0], depth)).astype(float)

    def _Attribute(self, node, depth):
        if node.attr == "T":
            return np.transpose(self.walk(node.value, depth))
        self.fail(f"'.{node.attr}' is not allowed (only .T, and np.<function>(...))", node)

    def _Call(self, node, depth):
        f = node.func
        if not (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "np"
                and f.attr in NUMPY):
            known = ", ".join(f"np.{n}" for n in sorted(NUMPY))
            self.fail(f"only these calls are allowed: {known}", node)
        kwargs = {}
        for kw in node.keywords:
            if kw.arg != "axis":
                self.fail("the only keyword allowed is axis=", node)
            kwargs["axis"] = int(self.walk(kw.value, depth))
        args = [self.walk(a, depth) for a in node.args]
        if f.attr in _SIZED:
            size = np.prod([int(a) for a in np.ravel(args[0] if len(args) == 1 else args)])
            if size > MAX_ELEMENTS or size < 0:
                self.fail(f"array too large (more than {MAX_ELEMENTS} elements)", node)
            args = [tuple(int(a) for a in np.ravel(args[0]))] if f.attr != "eye" else [int(a) for a in args]
        return NUMPY[f.attr](*args, **kwargs)

    def _Subscript(self, node, depth):
        return np.asarray(self.walk(node.value, depth))[self._index(node.slice, depth)]

    def _index(self, node, depth):
        if isinstance(node, ast.Slice):
            parts = [None if p is None else int(self.walk(p, depth)) for p in (node.lower, node.upper, node.step)]
            return slice(*parts)
        if isinstance(node, ast.Tuple):
            return tuple(self._index(e, depth) for e in node.elts)
        value = self.walk(node, depth)
        if np.ndim(value) or float(value) != int(value):
            self.fail("an index must be a whole number or a slice", node)
        return int(value)
