"""Read a user's mathematical text into SymPy through ``tdgrad.syntax``'s whitelist.

``parse_expression`` walks the text's syntax tree with ``syntax.Walker`` (the whitelist, the bounds
on size, nesting and exponents) and builds each accepted node in SymPy: never ``eval``,
``sympify`` or ``parse_expr``.
"""

from __future__ import annotations

import operator

import sympy as sp

from tdgrad.errors import ExpressionError
from tdgrad.functions import relu, sigmoid, softplus
from tdgrad.syntax import MAX_DEPTH, MAX_EXPONENT, MAX_LENGTH, MAX_NUMBER, Walker, check_nesting, tree

__all__ = ["FUNCTIONS", "MAX_DEPTH", "MAX_EXPONENT", "MAX_LENGTH", "MAX_NUMBER", "check_nesting",
           "parse_expression", "symbol"]

FUNCTIONS = {  # name -> (SymPy function, allowed numbers of arguments)
    "exp": (sp.exp, (1,)), "log": (sp.log, (1,)), "ln": (sp.log, (1,)), "sqrt": (sp.sqrt, (1,)),
    "sin": (sp.sin, (1,)), "cos": (sp.cos, (1,)), "tan": (sp.tan, (1,)),
    "sinh": (sp.sinh, (1,)), "cosh": (sp.cosh, (1,)), "tanh": (sp.tanh, (1,)),
    "sigmoid": (sigmoid, (1,)), "softplus": (softplus, (1,)), "relu": (relu, (1,)),
    "abs": (sp.Abs, (1,)),
}
CONSTANTS = {"pi": sp.pi, "e": sp.E}
ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
RELATIONS = {">": sp.StrictGreaterThan, ">=": sp.GreaterThan, "<": sp.StrictLessThan,
             "<=": sp.LessThan, "==": sp.Eq, "!=": sp.Ne}


def symbol(name: str) -> sp.Symbol:
    """The one SymPy symbol tdgrad uses for a variable name (real-valued)."""
    return sp.Symbol(name, real=True)


def parse_expression(text: str, variables: tuple[str, ...] | None = None,
                     functions: dict | None = None, max_length: int = MAX_LENGTH) -> sp.Expr:
    """Parse ``text`` into a SymPy expression; ``variables`` (if given) are the only names allowed.

    >>> parse_expression("x1*x2 + sin(x1)")
    x1*x2 + sin(x1)
    >>> parse_expression("1/(1+e^(-a*x))")
    1/(1 + exp(-a*x))
    >>> parse_expression("__import__('os')")
    Traceback (most recent call last):
    ...
    tdgrad.errors.ExpressionError: unknown function '__import__' (at character 1)
    """
    node = tree(text, max_length)
    try:
        expr = Walker(text, variables, functions or FUNCTIONS, _SympyBackend()).build(node)
    except (TypeError, ValueError, ArithmeticError, RecursionError) as exc:
        # SymPy refusing a combination the grammar allows, e.g. x + (a > 0)
        raise ExpressionError("cannot make sense of this expression ({why})", why=type(exc).__name__) from None
    if not isinstance(expr, sp.Expr):
        raise ExpressionError("a comparison is only allowed inside an indicator such as 1(a > 0)")
    return expr


class _SympyBackend:
    """``syntax.Backend`` building SymPy: exact numbers (0.1 is 1/10), real symbols."""

    def number(self, value):
        return sp.Integer(value) if isinstance(value, int) else sp.Rational(repr(value))

    def constant(self, name):
        return CONSTANTS[name]

    def variable(self, name):
        return symbol(name)

    def negative(self, x):
        return -x

    def binary(self, op, left, right):
        if op == "^":
            return sp.Pow(left, right)
        return ARITHMETIC[op](left, right)

    def compare(self, op, left, right):
        return RELATIONS[op](left, right)

    def value(self, x):
        if not getattr(x, "is_number", False):
            return None
        return float(x) if x.is_real else 1j  # only "real or not" matters for a non-real number
