"""Identities of the course's functions, each proved as a chain of equalities (seed 001, part 1).

Trains: σ(x) = ½(tanh(x/2) + 1), ln σ(x) = −softplus(−x), σ′ = σ(1 − σ), tanh′ = 1 − tanh²,
∂‖x‖²₂/∂x = 2x, ∂‖x‖₁/∂x = sign(x) (and what happens at 0). Each derivation is a chain
A = B = C … written as the teacher would; SymPy proves every link and each is also evaluated at
random points, so a chain with one wrong step cannot reach the correction. Mistakes it targets:
a lost sign in ln(1/u), forgetting the inner derivative of e^{−x}, treating |x| as smooth at 0.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from tdgrad import answers as answer
from tdgrad.check import Claim
from tdgrad.exercises.base import Solution, grid
from tdgrad.functions import compile, sigmoid, softplus
from tdgrad.schema import Choice, ListOf, Number
from tdgrad.spec import Fields

KIND = "identities"
SUMMARY = "sigmoid/tanh/softplus identities and norm gradients, every step proved by SymPy"
TITLE = {"fr": "Relations et dérivées de quelques fonctions de base",
         "en": "Identities and derivatives of basic functions"}

x = sp.Symbol("x", real=True)
N = 3  # the vector identities are proved on R^3 component by component
xs = sp.symbols(f"x_1:{N + 1}", real=True)


U = sp.UnevaluatedExpr  # a factor printed as written: (1/(1+e^{-x})) · (e^{-x}/(1+e^{-x}))


def _chains() -> dict[str, tuple]:
    """name -> (chain of expressions, derivative claim or None); built unevaluated for display."""
    h = x / 2
    with sp.evaluate(False):
        e, em = sp.exp(h), sp.exp(-h)
        return {
            "sigmoid_tanh": (1 / (1 + sp.exp(-x)), e / (e + em),
                             sp.Rational(1, 2) * (1 + (e - em) / (e + em)),
                             sp.Rational(1, 2) * (sp.tanh(h) + 1)),
            "log_sigmoid": (sp.log(sigmoid(x)), sp.log(1 / (1 + sp.exp(-x))),
                            sp.log(1) - sp.log(1 + sp.exp(-x)), -sp.log(1 + sp.exp(-x)),
                            -softplus(-x)),
            "sigmoid_derivative": (sp.Derivative((1 + sp.exp(-x)) ** -1, x),
                                   -(1 + sp.exp(-x)) ** -2 * (-sp.exp(-x)),
                                   U(1 / (1 + sp.exp(-x))) * U(sp.exp(-x) / (1 + sp.exp(-x))),
                                   U(1 / (1 + sp.exp(-x))) * U(1 - 1 / (1 + sp.exp(-x))),
                                   sigmoid(x) * (1 - sigmoid(x))),
            "tanh_derivative": (sp.Derivative((sp.exp(x) - sp.exp(-x)) / (sp.exp(x) + sp.exp(-x)), x),
                                ((sp.exp(x) + sp.exp(-x)) ** 2 - (sp.exp(x) - sp.exp(-x)) ** 2)
                                / (sp.exp(x) + sp.exp(-x)) ** 2,
                                1 - ((sp.exp(x) - sp.exp(-x)) / (sp.exp(x) + sp.exp(-x))) ** 2,
                                1 - sp.tanh(x) ** 2),
            "l2_gradient": (sp.Derivative(sp.Add(*(v ** 2 for v in xs)), xs[0]), 2 * xs[0]),
            "l1_gradient": (sp.Derivative(sp.Add(*(sp.Abs(v) for v in xs)), xs[0]),
                            sp.Derivative(sp.Abs(xs[0]), xs[0]), sp.sign(xs[0])),
        }


LEFT = {"sigmoid_tanh": ("σ(x) avec tanh", "σ(x) with tanh"),
        "log_sigmoid": ("ln σ(x) avec softplus", "ln σ(x) with softplus"),
        "sigmoid_derivative": "σ′(x)", "tanh_derivative": "tanh′(x)",
        "l2_gradient": "∂‖x‖₂²/∂x₁", "l1_gradient": "∂‖x‖₁/∂x₁"}
NAMES = ("sigmoid_tanh", "log_sigmoid", "sigmoid_derivative", "tanh_derivative",
         "l2_gradient", "l1_gradient")
FIELDS = {
    "which": ListOf(Choice(NAMES), 1, len(NAMES), unique=True, drawn=False, default=list(NAMES), absent="all six",
                    help="the identities to prove"),
    "x": Number(-10, 10, help="the point of the numeric check"),
}
# the two sides each chain proves, for the numeric check and the answer key
CLAIMED = {"sigmoid_derivative": (sigmoid(x), sigmoid(x) * (1 - sigmoid(x))),
           "tanh_derivative": (sp.tanh(x), 1 - sp.tanh(x) ** 2)}


def prove(chain) -> list[bool]:
    """For each link A = B of the chain: does SymPy reduce A − B to 0? (course functions → exp)"""
    out = []
    for a, b in zip(chain, chain[1:]):
        diff = (a.doit() - b.doit()).rewrite(sp.exp)
        out.append(sp.simplify(diff) == 0)
    return out


def numerically_equal(chain, rng, trials=5) -> bool:
    """Every link also holds at random nonzero points (guards against a wrong simplification)."""
    symbols = sorted(set().union(*(c.free_symbols for c in chain)), key=str)
    fns = [compile(symbols, c.doit()) for c in chain]
    for _ in range(trials):
        point = rng.uniform(0.2, 2.0, len(symbols)) * rng.choice([-1, 1], len(symbols))
        values = [float(f(*point)) for f in fns]
        if not np.allclose(values, values[0], rtol=1e-10, atol=1e-12):
            return False
    return True


def generate(fields: Fields, rng):
    which = fields.raw("which", list(NAMES))
    x0 = fields.number("x")
    return {"which": which, "x": x0 if x0 is not None else grid(rng, -2, 2, 0.5)}


@lru_cache(maxsize=None)
def proved_chains() -> dict[str, tuple]:
    """Every chain, proved link by link once per run (the proof does not depend on the variant)."""
    chains = _chains()
    rng = np.random.default_rng(0)
    for name, chain in chains.items():
        links = prove(chain)
        if not all(links) or not numerically_equal(chain, rng):
            raise AssertionError(f"step {links.index(False) + 2 if False in links else '?'}"
                                 f" of '{name}' is not an identity")
    return chains


def solve(params, label):
    chains = proved_chains()
    x0 = params["x"]
    claims = [Claim(f"{label}: {name} at x = {x0}", lambda v, f=compile(x, f_): f(v[0]), [x0], 0,
                    float(compile(x, d)(x0)))
              for name, (f_, d) in CLAIMED.items() if name in params["which"]]
    values = {"sigmoid": float(compile(x, sigmoid(x))(x0)), "tanh_half": float(np.tanh(x0 / 2)),
              "softplus": float(np.logaddexp(0, -x0)), "tanh": float(np.tanh(x0))}
    # each identity's right-hand side, the formula a student writes (the last link of its chain)
    answers = [answer.expression(f"{name}.result", LEFT[name], chains[name][-1].doit())
               for name in params["which"]]
    where = (f" en x = {x0:g}".replace(".", ","), f" at x = {x0:g}")
    checks = {"sigmoid": ("σ(x)", values["sigmoid"]), "log_sigmoid": ("ln σ(x)", float(np.log(values["sigmoid"]))),
              "sigmoid_derivative": ("σ′(x)", values["sigmoid"] * (1 - values["sigmoid"])),
              "tanh_derivative": ("tanh′(x)", 1 - values["tanh"] ** 2)}
    answers += [answer.number(f"check.{name}", [f + w for w in where], v) for name, (f, v) in checks.items()]
    return Solution(params, answers, {"chains": chains, "at": values, "x0": x0}, claims)
