"""The course's activation functions as real SymPy functions.

Each one knows its derivative (``fdiff``), so SymPy's chain rule writes σ′ = σ(1 − σ) the way the
teacher does instead of expanding exponentials, and each one rewrites to elementary functions
(``rewrite(sp.exp)``); ``compile`` gives ``lambdify`` their numpy forms. ``course_latex``
prints them as the course writes them.
"""

from functools import lru_cache

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter

from tdgrad import activations
from tdgrad.display import show


class sigmoid(sp.Function):
    """σ(z) = 1 / (1 + e^{−z})."""

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))

    @classmethod
    def eval(cls, z):
        if z == 0:
            return sp.Rational(1, 2)


class softplus(sp.Function):
    """softplus(z) = ln(1 + e^{z})."""

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return sp.log(1 + sp.exp(z))


class relu(sp.Function):
    """relu(z) = max(0, z); its derivative is the step H(z) = 𝟙(z > 0), taken as 0 at 0."""

    def fdiff(self, argindex=1):
        return sp.Heaviside(self.args[0], 0)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return sp.Max(0, z)

    @classmethod
    def eval(cls, z):
        if z.is_number and z.is_real:
            return sp.Max(0, z)


COURSE_FUNCTIONS = {"sigmoid": sigmoid, "softplus": softplus, "relu": relu}


# numpy implementations handed to lambdify: rewriting relu to Max before compiling costs
# seconds on a small softmax network, and these are also the numerically stable forms.
NUMPY = activations.NUMPY


def compile(args, expr, cse: bool = False):
    """``lambdify`` that knows the course functions; ``expr`` may be a list."""
    # numpy the module, not the name "numpy": the name makes SymPy run `from numpy import *`, which
    # loads numpy's lazy submodules (f2py, testing, unittest…): a quarter of a second in the first
    # check of every `tdgrad check`/`equiv`; the printer, the code and the functions are the same
    return sp.lambdify(args, expr, modules=[NUMPY, np], cse=cse)


class CoursePrinter(LatexPrinter):
    """LaTeX as written in the course: σ(z), relu(z), H(z), numbers shown as in the sheet."""

    def __init__(self, settings=None, lang="en"):
        super().__init__(settings)
        self.lang = lang

    def _print_Float(self, expr):
        return show(float(expr), self.lang)

    def _print_Derivative(self, expr):
        # f_2'(z_3) for a generic activation, as the lecture writes it
        f, variables = expr.expr, expr.variables
        if isinstance(f, sp.core.function.AppliedUndef) and len(variables) == 1 \
                and f.args == (variables[0],):
            return rf"{self._print(sp.Symbol(f.func.__name__))}'\left({self._print(f.args[0])}\right)"
        return super()._print_Derivative(expr)

    def _print_Mul(self, expr):
        # ½(y − ŷ)² as the course writes it, not SymPy's (y − ŷ)²/2
        c, rest = expr.as_coeff_Mul()
        if c.is_Rational and not c.is_Integer and abs(c.p) == 1 and (
                (rest.is_Pow and rest.exp.is_positive) or rest.is_Add or rest.is_Function):
            body = self._print(rest)
            body = rf"\left({body}\right)" if rest.is_Add else body
            return ("-" if c < 0 else "") + rf"\frac{{1}}{{{c.q}}} {body}"
        return super()._print_Mul(expr)

    def _named(self, name: str, expr, exp=None) -> str:
        base = rf"{name}\left({self._print(expr.args[0])}\right)"
        return base if exp is None else rf"{base}^{{{exp}}}"

    def _print_sigmoid(self, expr, exp=None):
        return self._named(r"\sigma", expr, exp)

    def _print_softplus(self, expr, exp=None):
        return self._named(r"\operatorname{softplus}", expr, exp)

    def _print_relu(self, expr, exp=None):
        return self._named(r"\operatorname{relu}", expr, exp)

    def _print_Heaviside(self, expr, exp=None):
        return self._named("H", expr, exp)


def course_latex(expr, lang: str = "en", **settings) -> str:
    """LaTeX of a SymPy expression in the course's notation.

    >>> z = sp.Symbol("z")
    >>> course_latex(sp.diff(sigmoid(z), z))
    '\\\\left(1 - \\\\sigma\\\\left(z\\\\right)\\\\right) \\\\sigma\\\\left(z\\\\right)'
    """
    if not settings:
        try:
            return _cached_latex(expr, lang)
        except TypeError:  # unhashable: print it directly
            pass
    return _course_latex(expr, lang, **settings)


@lru_cache(maxsize=20000)
def _cached_latex(expr, lang: str) -> str:
    # the same formulas come back in every variant: print each once
    return _course_latex(expr, lang)


def _course_latex(expr, lang: str = "en", **settings) -> str:
    return CoursePrinter({"order": "none", "ln_notation": True, **settings}, lang).doprint(expr)
