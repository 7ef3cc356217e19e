"""A student's answer, as typed, into SymPy: plain math or LaTeX, never through ``eval``.

Students write ``2x``, ``aσ(ax)(1−σ(ax))``, ``e^{-xa}``, ``0,25``, ``\\frac{1}{1+e^{-x}}``,
``1 - th²x``, ``\\mathbb{1}_{\\{a>0\\}}``, ``|x|``, ``½(y − ŷ)²``, ``dL/dw = x(wx − y)``,
``1 si a > 0, 0 sinon``. The path, in order:

1. bounds (length, nesting), then the right-hand side of an equation (``dL/dw = …``);
2. unicode (``−``, ``²``, ``σ``, ``ŷ``, ``½``…) into plain characters;
3. LaTeX into plain math (``tdgrad.student.latex``);
4. tokens (``tdgrad.student.tokens``: decimal commas, thousands), names (``tdgrad.student.names``:
   what a run of letters names) and the grammar (``tdgrad.student.grammar``) make every product,
   power and call explicit and refuse, with the readings they see, what could mean two things;
5. ``tdgrad.parse.parse_expression`` builds the expression through its whitelist, with the
   students' larger table of functions below.

``normalize`` (``tdgrad.student.text``, which needs no SymPy) stops after step 4 (the explicit
text), ``read`` does it all, ``read_as`` shows the
reading in one canonical plain line. Every rejection is an ``ExpressionError`` naming what could
not be read.
"""

from __future__ import annotations

import sympy as sp

from tdgrad.errors import ExpressionError
from tdgrad.parse import FUNCTIONS, MAX_LENGTH, parse_expression
from tdgrad.student.text import ARITIES, normalize


def _indicator(condition):
    if not isinstance(condition, sp.core.relational.Relational):
        raise TypeError("an indicator needs a condition such as a > 0")
    return sp.Piecewise((1, condition), (0, True))


def _heaviside(a, at_zero=sp.Integer(0)):
    return sp.Heaviside(a, at_zero)


def _derivative_of_only_variable(f):
    if len(f.free_symbols) != 1:
        raise TypeError("a prime (…)' needs an expression of exactly one variable")
    return sp.diff(f, next(iter(f.free_symbols)))


def _prime(function):
    u = sp.Dummy("u")
    return lambda a: sp.diff(function(u), u).subs(u, a)


def _derivative(f, x):
    if not isinstance(x, sp.Symbol):
        raise TypeError("a derivative is taken with respect to a variable")
    if isinstance(f, sp.Symbol) and f != x:
        raise ExpressionError("d{f}/d{x} is a name for a derivative, not its expression: write what it equals",
                              f=f, x=x)
    return sp.diff(f, x)


def _root(a, n):
    if not (n.is_Integer and 2 <= n <= 100):
        raise ExpressionError("\\sqrt[n]{{…}} needs a whole number n from 2 to 100")
    return sp.real_root(a, n) if n % 2 else a ** sp.Rational(1, n)


def _piecewise(*args):
    """piecewise(v1, c1, v2, c2, …[, otherwise]), as '1 si a > 0, 0 sinon' is read."""
    pairs = [(args[k], args[k + 1]) for k in range(0, len(args) - 1, 2)]
    if any(not isinstance(c, sp.core.relational.Relational) for _, c in pairs):
        raise TypeError("each piece needs a condition such as a > 0")
    if len(args) % 2 == 0:  # no 'sinon': the pieces must cover every value but a few points
        conditions = [c for _, c in pairs]
        names = set().union(*(c.free_symbols for c in conditions))
        gap = sp.Reals - sp.Union(*(c.as_set() for c in conditions)) if len(names) == 1 else None
        if gap is None or not (gap.is_empty or isinstance(gap, sp.FiniteSet)):
            raise ExpressionError("the pieces leave values undefined: end with '… sinon' "
                                  "(otherwise) or give every case")
    return sp.Piecewise(*pairs, *([(args[-1], True)] if len(args) % 2 else []))


IMPLEMENTATIONS = {  # what each of ``text.ARITIES``'s functions is in SymPy (primes: below)
    **{name: f for name, (f, _) in FUNCTIONS.items()},
    "log": lambda a, b=None: sp.log(a) if b is None else sp.log(a, b),
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "arcsin": sp.asin, "arccos": sp.acos,
    "arctan": sp.atan, "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh, "arcsinh": sp.asinh,
    "arccosh": sp.acosh, "arctanh": sp.atanh, "argth": sp.atanh,
    "th": sp.tanh, "ch": sp.cosh, "sh": sp.sinh, "sech": sp.sech, "csch": sp.csch, "coth": sp.coth,
    "sec": sp.sec, "csc": sp.csc, "cot": sp.cot, "Abs": sp.Abs, "sign": sp.sign, "sgn": sp.sign, "signe": sp.sign,
    "max": sp.Max,
    "min": sp.Min, "Heaviside": _heaviside, "H": _heaviside, "ind": _indicator,
    "rect": FUNCTIONS["relu"][0], "root": _root, "racine": sp.sqrt, "sigma": FUNCTIONS["sigmoid"][0],
    "piecewise": _piecewise, "diff": _derivative, "dprime": _derivative_of_only_variable,
}
STUDENT_FUNCTIONS = {name: (_prime(IMPLEMENTATIONS[name.removesuffix("_prime")]) if name.endswith("_prime")
                            else IMPLEMENTATIONS[name], arities) for name, arities in ARITIES.items()}


def read(text: str, variables: tuple[str, ...] | None = None) -> sp.Expr:
    """A student's scalar answer as a SymPy expression; ``variables``, when given, are the
    question's names (letter runs split into them, any other name is refused).

    >>> read("2x e^(-a x)")
    2*x*exp(-a*x)
    >>> read(r"\\frac{1}{1+e^{-x}}")
    1/(1 + exp(-x))
    >>> read("aσ(ax)(1 - σ(ax))", ("a", "x"))
    a*(1 - sigmoid(a*x))*sigmoid(a*x)
    >>> read("dL/dw = x(wx - y)", ("w", "x", "y"))
    x*(w*x - y)
    """
    plain = normalize(text, variables)
    try:
        # the explicit text is longer than what was typed (parentheses, ' * '); the typed text
        # was bounded by MAX_LENGTH already
        return parse_expression(plain, variables or None, STUDENT_FUNCTIONS, max_length=8 * MAX_LENGTH)
    except ExpressionError as exc:
        if exc.position is None:
            raise
        near = plain[max(0, exc.position - 10):exc.position + 10].strip()
        raise ExpressionError("{message}, near '{near}'", message=exc.message, near=near) from None


def read_as(expr: sp.Expr) -> str:
    """How an answer was read, in one canonical plain line (what ``--json`` shows as ``read_as``).

    >>> read_as(read("½(y − ŷ)²"))
    '(y - yhat)**2/2'
    """
    return sp.sstr(expr)


