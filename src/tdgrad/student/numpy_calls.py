"""What numpy an array answer may call, and the limits checked before numpy runs.

A table entry names a numpy function and its size rule: "broadcast" (elementwise: the broadcast
shape is bounded), "product" (outer, dot, matmul, kron: size(a) · size(b) is bounded), "create"
(zeros, eye, arange…: the size asked for is bounded), "einsum" (subscripts checked against the
operands, the loop bounded); others cannot grow an array. ``Fails`` is what numpy would refuse.
"""

from __future__ import annotations

import re

import numpy as np

from tdgrad.errors import ExpressionError

MAX_ELEMENTS = 10_000  # of any array, list or range
MAX_WORK = 10_000_000  # size(a) · size(b) of one product, einsum, outer

class Fails(ExpressionError):
    """Read, but numpy (or the matrix notation) fails on the question's arrays: a wrong answer.
    ``shapes`` holds the shapes that did not fit, for feedback that names them."""

    def __init__(self, message: str, shapes: tuple = (), **values):
        self.shapes = shapes
        super().__init__(message, **values)


def size_of(value) -> int:
    if isinstance(value, (np.ndarray, np.generic)):
        return value.size
    if isinstance(value, (list, tuple)):
        return len(value) + sum(size_of(v) for v in value if isinstance(v, (list, tuple, np.ndarray)))
    if isinstance(value, (range, str)):
        return len(value)
    return 1


def shape_of(value) -> tuple:
    try:
        return np.shape(value)
    except ValueError:  # a ragged list: numpy will refuse it anyway
        return ()


def whole_numbers(value) -> list[int]:
    flat = np.ravel(np.asarray(value, dtype=object))
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in flat):
        raise Fails("sizes must be whole numbers, not {value}", value=value)
    return [int(v) for v in flat]


def bounded(n: int, what: str = "array") -> None:
    if n > MAX_ELEMENTS or n < 0:
        if n < 0:
            raise Fails("negative dimensions")
        raise Fails("list too large (more than {most} elements)" if what == "list" else
                    "range too large (more than {most} elements)" if what == "range" else
                    "array too large (more than {most} elements)", most=MAX_ELEMENTS)


def broadcast_check(*operands) -> None:
    shapes = tuple(shape_of(o) for o in operands)
    try:
        shape = np.broadcast_shapes(*shapes)
    except ValueError:
        raise Fails("these shapes cannot be combined entry by entry", shapes) from None
    bounded(int(np.prod(shape)))


def product_check(*operands) -> None:
    if np.prod([max(size_of(o), 1) for o in operands], dtype=float) > MAX_WORK:
        raise Fails("product too large to compute")


def matmul_check(left, right, op: str = "@") -> None:
    """a @ b, np.dot(a, b): the last size of a is the first of b (its only one, for a vector)."""
    a, b = shape_of(left), shape_of(right)
    if a and b and a[-1] != (b[0] if len(b) == 1 else b[-2]):
        raise Fails("'{op}' needs the inner sizes to agree", (a, b), op=op)


def create_check(name, args, kwargs) -> None:
    if name in ("zeros", "ones", "full", "empty"):
        bounded(int(np.prod(whole_numbers(args[0]) if args else [0])))
    elif name in ("eye", "identity"):
        n = whole_numbers(args[:2] if name == "eye" and len(args) > 1 else args[:1])
        bounded(n[0] * n[-1])
    elif name == "arange":
        start, stop, step = (0, *args[:1], 1) if len(args) == 1 else (*args[:3], 1)[:3]
        if not step:
            raise Fails("np.arange with a zero step")
        bounded(int(np.ceil((stop - start) / step)))
    elif name == "diagflat" or name == "diag" and args and np.ndim(args[0]) == 1:
        bounded(size_of(args[0]) ** 2)


_EINSUM = re.compile(r"\s*[a-zA-Z]+(\s*,\s*[a-zA-Z]+)*\s*(->\s*[a-zA-Z]*)?\s*")


def einsum(subscripts, *operands):
    """np.einsum once its subscripts are checked against the operands (no '...', sizes bounded)."""
    if not isinstance(subscripts, str) or not _EINSUM.fullmatch(subscripts):
        raise Fails("np.einsum needs subscripts such as 'ij,j->i' first")
    inputs, _, output = subscripts.replace(" ", "").partition("->")
    terms = inputs.split(",")
    if len(terms) != len(operands):
        raise Fails("np.einsum: '{subscripts}' names {named} arrays, {given} given", subscripts=subscripts,
                    named=len(terms), given=len(operands))
    sizes: dict[str, int] = {}
    for term, a in zip(terms, operands):
        if len(term) != np.ndim(a):
            raise Fails("np.einsum: '{term}' is for a {want}-d array, this one is {got}-d",
                        (shape_of(a),), term=term, want=len(term), got=np.ndim(a))
        for letter, n in zip(term, shape_of(a)):
            if sizes.setdefault(letter, n) != n:
                raise Fails("np.einsum: index {letter} has sizes {one} and {other}", letter=letter, one=sizes[letter], other=n)
    if len(set(output)) != len(output) or not set(output) <= set(sizes):
        raise Fails("np.einsum: the output '{output}' must use input indices once each", output=output)
    if np.prod(list(sizes.values()), dtype=float) > MAX_WORK:
        raise Fails("np.einsum: too much work")
    return np.einsum(subscripts, *operands)


# name -> (function, size rule): "grow" functions are checked before they run
NUMPY = {
    **{n: (getattr(np, n), "broadcast") for n in (
        "add", "subtract", "multiply", "divide", "maximum", "minimum", "where", "greater", "less",
        "greater_equal", "less_equal", "equal", "not_equal", "heaviside", "exp", "log", "tanh", "sqrt",
        "abs", "absolute", "sign", "clip", "logical_and", "logical_or", "logical_not", "square")},
    **{n: (getattr(np, n), None) for n in (
        "sum", "mean", "max", "min", "amax", "amin", "argmax", "transpose", "reshape", "ravel", "squeeze",
        "expand_dims", "array", "asarray", "copy", "concatenate", "vstack", "hstack", "stack",
        "column_stack", "zeros_like", "ones_like", "atleast_2d", "flatnonzero")},
    **{n: (getattr(np, n), "product") for n in ("outer", "dot", "matmul", "inner", "kron")},
    **{n: (getattr(np, n), "create") for n in ("zeros", "ones", "full", "eye", "identity", "arange", "diag",
                                                "diagflat")},
    "einsum": (einsum, "einsum"),
}
NUMPY_VALUES = {"newaxis": None, "pi": np.pi, "e": np.e, "float64": np.float64, "float32": np.float32,
                "int64": np.int64, "int32": np.int32, "bool_": np.bool_}
METHODS = {"dot": "product", "sum": None, "mean": None, "max": None, "min": None, "reshape": None,
           "transpose": None, "astype": None, "flatten": None, "ravel": None, "copy": None,
           "squeeze": None, "clip": "broadcast", "argmax": None}
ATTRIBUTES = {"T", "shape", "size", "ndim"}
KEYWORDS = {"axis", "keepdims", "dtype", "axes"}
DTYPES = {"float": float, "int": int, "bool": bool, "float64": np.float64, "int64": np.int64,
          "float32": np.float32, "int32": np.int32}
BUILTINS = {"range": range, "len": len, "float": float, "int": int, "abs": abs, "max": max, "min": min,
            "sum": sum, "zip": zip, "enumerate": enumerate, "list": list, "bool": bool}


def check_call(name: str, rule: str | None, args: list, kwargs: dict) -> None:
    """Refuse a call whose result or work would exceed the limits, before it runs."""
    if rule == "broadcast":
        broadcast_check(*[a for a in args if not isinstance(a, (type, str))])
    elif rule == "product":
        product_check(*args)
        if name in ("dot", "matmul") and len(args) == 2:
            matmul_check(args[0], args[1], op=f"np.{name}" if name == "matmul" else "dot")
    elif rule == "create":
        create_check(name, args, kwargs)
