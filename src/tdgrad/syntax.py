"""The whitelist every typed formula goes through, whatever it becomes: SymPy or numpy.

Expressions reach tdgrad from TOML specs, the command line and students' answers. None of them is
handed to ``eval``, ``sympify`` or ``parse_expr``: Python's ``ast`` only tokenizes and builds the
tree, and ``Walker`` accepts node by node what the whitelist allows (numbers, declared or plain
names, + − × / ^, calls to known functions, a comparison inside an indicator) and hands each
accepted node to a *backend* that builds the result: ``tdgrad.parse`` builds SymPy expressions,
``tdgrad.student.floats`` numpy evaluators (the float check that needs no SymPy). Size, nesting
and exponents are bounded before and while walking, so hostile text is refused quickly with an
``ExpressionError`` that says where. This module imports neither SymPy nor numpy.
"""

from __future__ import annotations

import ast
import math
import re
from typing import Any, NoReturn, Protocol

from tdgrad.errors import ExpressionError
from tdgrad.student import refusals

MAX_LENGTH = 2000  # characters
MAX_DEPTH = 60  # nested parentheses / syntax-tree depth
MAX_EXPONENT = 100  # |n| in x^n for a numeric n
MAX_NUMBER = 1e12  # magnitude of a literal

CONSTANTS = ("pi", "e")
COMPARISONS = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<=", ast.Eq: "==", ast.NotEq: "!="}
OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "^"}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


class Backend(Protocol):
    """What a walk builds: each method gets parts already built and accepted."""

    def number(self, value: int | float) -> Any: ...
    def constant(self, name: str) -> Any: ...
    def variable(self, name: str) -> Any: ...
    def negative(self, x: Any) -> Any: ...
    def binary(self, op: str, left: Any, right: Any) -> Any: ...  # op in OPERATORS' values
    def compare(self, op: str, left: Any, right: Any) -> Any: ...  # op in COMPARISONS' values
    def value(self, x: Any) -> float | complex | None: ...  # a number's value; None: not a number


def check_nesting(text: str) -> None:
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ExpressionError("too deeply nested (more than {depth} levels)", text, i, depth=MAX_DEPTH)
        elif ch in ")]}":
            depth -= 1


def tree(text: str, max_length: int = MAX_LENGTH) -> ast.expr:
    """``text``'s syntax tree, after the bounds on size and nesting (``^`` read as a power)."""
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text, not {kind}", kind=type(text).__name__)
    if len(text) > max_length:
        raise ExpressionError("expression too long ({length} characters, at most {most})", length=len(text),
                              most=max_length)
    if not text.strip():
        raise ExpressionError("empty expression")
    check_nesting(text)
    source = text.replace("^", "**")  # same length: positions stay valid
    try:
        return ast.parse(source.strip(), mode="eval").body
    except SyntaxError as exc:
        offset = (exc.offset - 1) if exc.offset else None
        raise ExpressionError("not a valid expression: {why}", text, offset, why=refusals.python(exc.msg)) from None


class Walker:
    """Accepts ``tree(text)`` node by node; ``functions`` maps a name to (callable on built parts,
    allowed numbers of arguments); ``variables`` (if given) are the only names allowed."""

    def __init__(self, text: str, variables, functions: dict, backend: Backend):
        self.text = text
        self.variables = None if variables is None else set(variables)
        self.functions = functions
        self.backend = backend

    def fail(self, message, node: ast.AST, **values) -> NoReturn:
        raise ExpressionError(message, self.text, getattr(node, "col_offset", None), **values)

    def build(self, node: ast.AST, depth: int = 0):
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
        return self.backend.number(value)

    def _Name(self, node, depth):
        name = node.id
        if name in CONSTANTS and (self.variables is None or name not in self.variables):
            return self.backend.constant(name)
        if name in self.functions:
            self.fail("'{name}' is a function: write {name}(…)", node, name=name)
        if not _NAME.match(name):
            self.fail("'{name}' is not an allowed variable name", node, name=name)
        if self.variables is not None and name not in self.variables:
            self.fail("unknown variable '{name}' (allowed: {allowed})" if self.variables else
                      "unknown variable '{name}' (this expression has no variable)", node, name=name,
                      allowed=", ".join(sorted(self.variables)))
        return self.backend.variable(name)

    def _UnaryOp(self, node, depth):
        operand = self.build(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return self.backend.negative(operand)
        if isinstance(node.op, ast.UAdd):
            return operand
        self.fail("only + and - may stand before a term", node)

    def _BinOp(self, node, depth):
        op = OPERATORS.get(type(node.op))
        if op is None:
            self.fail("only + - * / and ^ (or **) are allowed between terms", node)
        left = self.build(node.left, depth)
        right = self.build(node.right, depth)
        if op == "^":
            r = self.backend.value(right)
            if r is not None and (isinstance(r, complex) or abs(r) > MAX_EXPONENT):
                self.fail("exponent too large (at most {most} in size)", node.right, most=MAX_EXPONENT)
            base = self.backend.value(left)
            if base is not None and r is not None and base != 0 and abs(r) * math.log10(abs(base)) > 300:
                self.fail("number too large", node)
        if op == "/" and self.backend.value(right) == 0:
            self.fail("division by zero", node)
        return self.backend.binary(op, left, right)

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
        if len(node.ops) != 1 or type(node.ops[0]) not in COMPARISONS or "ind" not in self.functions:
            self.fail("comparisons are only allowed inside an indicator such as 1(a > 0)", node)
        return self.backend.compare(COMPARISONS[type(node.ops[0])], self.build(node.left, depth),
                                    self.build(node.comparators[0], depth))
