"""Read a user's mathematical text into SymPy through a whitelist, never through ``eval``.

Expressions reach tdgrad from TOML specs, the command line and (later) students' answers. None of
them is handed to ``eval``, ``sympify`` or ``parse_expr``: Python's ``ast`` only tokenizes and
builds the tree, and ``_Builder`` accepts node by node what the whitelist allows (numbers, declared
or plain names, + − × / ^, calls to known functions). Size, nesting and exponents are bounded
*before* parsing, so hostile text is rejected quickly with an ``ExpressionError`` that says where.
"""

from __future__ import annotations

import ast
from typing import NoReturn
import math
import re

import sympy as sp

from tdgrad.errors import ExpressionError
from tdgrad.functions import relu, sigmoid, softplus
from tdgrad.student import refusals

MAX_LENGTH = 2000  # characters
MAX_DEPTH = 60  # nested parentheses / syntax-tree depth
MAX_EXPONENT = 100  # |n| in x^n for a numeric n
MAX_NUMBER = 1e12  # magnitude of a literal

FUNCTIONS = {  # name -> (SymPy function, allowed numbers of arguments)
    "exp": (sp.exp, (1,)), "log": (sp.log, (1,)), "ln": (sp.log, (1,)), "sqrt": (sp.sqrt, (1,)),
    "sin": (sp.sin, (1,)), "cos": (sp.cos, (1,)), "tan": (sp.tan, (1,)),
    "sinh": (sp.sinh, (1,)), "cosh": (sp.cosh, (1,)), "tanh": (sp.tanh, (1,)),
    "sigmoid": (sigmoid, (1,)), "softplus": (softplus, (1,)), "relu": (relu, (1,)),
    "abs": (sp.Abs, (1,)),
}
CONSTANTS = {"pi": sp.pi, "e": sp.E}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


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
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text, not {kind}", kind=type(text).__name__)
    if len(text) > max_length:
        raise ExpressionError("expression too long ({length} characters, at most {most})", length=len(text),
                              most=max_length)
    if not text.strip():
        raise ExpressionError("empty expression")
    _check_nesting(text)
    source = text.replace("^", "**")  # same length: positions stay valid
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        offset = (exc.offset - 1) if exc.offset else None
        raise ExpressionError("not a valid expression: {why}", text, offset, why=exc.msg) from None
    try:
        expr = _Builder(text, variables, functions or FUNCTIONS).build(tree.body, 0)
    except (TypeError, ValueError, ArithmeticError, RecursionError) as exc:
        # SymPy refusing a combination the grammar allows, e.g. x + (a > 0)
        raise ExpressionError("cannot make sense of this expression ({why})", why=type(exc).__name__) from None
    if not isinstance(expr, sp.Expr):
        raise ExpressionError("a comparison is only allowed inside an indicator such as 1(a > 0)")
    return expr


def _check_nesting(text: str) -> None:
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ExpressionError("too deeply nested (more than {depth} levels)", text, i, depth=MAX_DEPTH)
        elif ch in ")]}":
            depth -= 1


class _Builder:
    def __init__(self, text: str, variables, functions):
        self.text = text
        self.variables = None if variables is None else set(variables)
        self.functions = functions

    def fail(self, message, node: ast.AST, **values) -> NoReturn:
        raise ExpressionError(message, self.text, getattr(node, "col_offset", None), **values)

    def build(self, node: ast.AST, depth: int) -> sp.Expr:
        if depth > MAX_DEPTH:
            self.fail("expression too deep (more than {depth} levels)", node, depth=MAX_DEPTH)
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            self.fail("'{what}' is not allowed in an expression", node,
                      what=ast.get_source_segment(self.text, node) or type(node).__name__)
        return method(node, depth + 1)

    def _Constant(self, node, depth):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail("only numbers are allowed as constants, not {value}", node, value=repr(value))
        if abs(value) > MAX_NUMBER:
            self.fail("number too large (more than {most})", node, most=f"{MAX_NUMBER:g}")
        return sp.Integer(value) if isinstance(value, int) else sp.Rational(repr(value))

    def _Name(self, node, depth):
        name = node.id
        if name in CONSTANTS and (self.variables is None or name not in self.variables):
            return CONSTANTS[name]
        if name in self.functions:
            self.fail("'{name}' is a function: write {name}(…)", node, name=name)
        if not _NAME.match(name):
            self.fail("'{name}' is not an allowed variable name", node, name=name)
        if self.variables is not None and name not in self.variables:
            self.fail("unknown variable '{name}' (allowed: {allowed})" if self.variables else
                      "unknown variable '{name}' (this expression has no variable)", node, name=name,
                      allowed=", ".join(sorted(self.variables)))
        return symbol(name)

    def _UnaryOp(self, node, depth):
        operand = self.build(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        self.fail("only + and - may stand before a term", node)

    def _BinOp(self, node, depth):
        op = type(node.op)
        if op not in (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow):
            self.fail("only + - * / and ^ (or **) are allowed between terms", node)
        left = self.build(node.left, depth)
        right = self.build(node.right, depth)
        if op is ast.Pow:
            if right.is_number and (not right.is_real or abs(float(right)) > MAX_EXPONENT):
                self.fail("exponent too large (at most {most} in size)", node.right, most=MAX_EXPONENT)
            if left.is_number and right.is_number and left != 0 and \
                    abs(float(right)) * math.log10(abs(float(left))) > 300:
                self.fail("number too large", node)
            return sp.Pow(left, right)
        if op is ast.Div:
            if right == 0:
                self.fail("division by zero", node)
            return left / right
        return {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}[op]

    def _Call(self, node, depth):
        if not isinstance(node.func, ast.Name):
            self.fail("only calls to known functions such as exp(...) are allowed", node)
        name = node.func.id
        if name not in self.functions:
            known = ", ".join(sorted(n for n in self.functions if n.isalpha()))
            self.fail("unknown function '{name}' (known: {known})"
                      if not name.startswith("_") else "unknown function '{name}'", node, name=name, known=known)
        function, arities = self.functions[name]
        if node.keywords or len(node.args) not in arities:
            self.fail(refusals.arity(name, arities, len(node.args) + len(node.keywords)), node)
        return function(*(self.build(a, depth) for a in node.args))

    def _Compare(self, node, depth):
        # only meaningful inside an indicator such as 1(a > 0); the function decides
        ops = {ast.Gt: sp.StrictGreaterThan, ast.GtE: sp.GreaterThan, ast.Lt: sp.StrictLessThan,
               ast.LtE: sp.LessThan, ast.Eq: sp.Eq, ast.NotEq: sp.Ne}
        if len(node.ops) != 1 or type(node.ops[0]) not in ops or "ind" not in self.functions:
            self.fail("comparisons are only allowed inside an indicator such as 1(a > 0)", node)
        return ops[type(node.ops[0])](self.build(node.left, depth), self.build(node.comparators[0], depth))
