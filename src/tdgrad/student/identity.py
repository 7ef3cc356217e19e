"""Is a − b identically 0? A proof in exact integer arithmetic, without SymPy.

The course's formulas are rational functions of the variables and of exponentials: σ(ax) =
1/(1 + e^(−ax)), tanh u = (e^(2u) − 1)/(e^(2u) + 1), softmax, e^(−ax)… When every exponent is a
polynomial with rational coefficients, Σ cₘ·m over monomials m (x, a·x, 1), e^(Σ cₘ·m) = Π tₘ^(cₘL)
with tₘ = e^(m/L) and L the common denominator of all coefficients. The variables and the tₘ are
algebraically independent: exponentials of functions that no rational combination makes constant
are independent over the rational functions (Ax; Risch's structure theorem), and t₁ = e^(1/L) is
a transcendental number (Lindemann–Weierstrass). So a − b is 0 wherever it is defined exactly when
the rational function of these indeterminates is the zero function.

That rational function is never reduced: each part is a pair (numerator, denominator) of
polynomials with integer coefficients, combined by the schoolbook rules (a/b + c/d = (ad + bc)/bd),
whose degree in each indeterminate is bounded along the way. The numerator N of a − b, of degree at
most dⱼ in indeterminate j, is the zero polynomial exactly when it vanishes on a grid of dⱼ + 1
integers per indeterminate (induction on the number of indeterminates). So evaluating N at the
grid's points, in Python integers, is a proof, not a sample. The denominator is checked not to be
the zero polynomial (1/(x − x) is defined nowhere).

A kink of a variable's multiple (relu(x), |−x|, sign x, H(2x), 𝟙(x > 0), max(x, 0)) is a rational function
on each side of x = 0: the proof is made on each side, as ``equivalence`` does with SymPy.

Logarithms (ln σ(x) = −softplus(−x), log softmax) that are terms of the sum, with rational
coefficients: a − b = R + Σ cᵢ·log(uᵢ), e^p factors of an argument taken out as p. With M the
coefficients' common denominator, Π uᵢ^(cᵢM)·e^(MR) ≡ 1 (R a polynomial: ln(1 − σ(x)) = −x −
ln(1 + e^(−x))), or else R ≡ 0 and Π uᵢ^(cᵢM) ≡ 1, proves a − b = 0 wherever both are defined
(every uᵢ > 0 there, and a sum of logarithms of positive numbers is the logarithm of their
product). That is a sufficient condition only: when it fails, the answer is None, not False.

``zero`` answers True (proven), False (not identically 0) or None: outside this class (logs
elsewhere than in a sum, roots, non-integer powers, kinks of other expressions, π, an exponent
that is not a polynomial) or a grid too large.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import product

from tdgrad.errors import ExpressionError
from tdgrad.student.text import ARITIES
from tdgrad.syntax import MAX_EXPONENT, Walker, tree

MAX_POINTS = 4096  # grid points evaluated for one proof
MAX_TERMS, MAX_DEGREE = 24, 8  # of a polynomial in an exponent
MAX_KINKED = 3  # variables at a kink: 2³ sides
MAX_LOG_POWER = 12  # of a logarithm's argument in the product of powers that must be 1


class Outside(Exception):
    """Not a rational function of the variables and of exponentials of polynomials."""


class Part:
    """A built part: ``op`` and ``args`` (the tree), ``poly`` its polynomial {monomial: c} when it
    is one (what an exponent must be); a monomial is a sorted tuple of (variable, power)."""

    __slots__ = ("op", "args", "poly")

    def __init__(self, op, args, poly=None):
        self.op, self.args, self.poly = op, args, poly


def _constant(q: Fraction) -> Part:
    return Part("c", (q,), {(): q} if q else {})


ONE = _constant(Fraction(1))


def _sum(a: dict, b: dict, sign: int = 1) -> dict:
    out = dict(a)
    for m, c in b.items():
        out[m] = out.get(m, 0) + sign * c
        if not out[m]:
            del out[m]
    return out


def _product(a: dict, b: dict) -> dict | None:
    if len(a) * len(b) > MAX_TERMS ** 2:
        return None
    out: dict = {}
    for (ma, ca), (mb, cb) in product(a.items(), b.items()):
        powers = dict(ma)
        for name, k in mb:
            powers[name] = powers.get(name, 0) + k
        out = _sum(out, {tuple(sorted(powers.items())): ca * cb})
    return out if len(out) <= MAX_TERMS and all(sum(k for _, k in m) <= MAX_DEGREE for m in out) else None


def _add(a: Part, b: Part, sign: int = 1) -> Part:
    poly = None if a.poly is None or b.poly is None else _sum(a.poly, b.poly, sign)
    return Part("+" if sign == 1 else "-", (a, b), poly)


def _number(part: Part) -> Fraction | None:
    """The part's value when it is a rational number."""
    if part.poly is not None and set(part.poly) <= {()}:
        return part.poly.get((), Fraction(0))
    return None


def _mul(a: Part, b: Part) -> Part:
    return Part("*", (a, b), None if a.poly is None or b.poly is None else _product(a.poly, b.poly))


def _div(a: Part, b: Part) -> Part:
    cb = _number(b)
    return Part("/", (a, b), _product(a.poly, {(): 1 / cb}) if cb and a.poly is not None else None)


def _exp(u: Part) -> Part:
    if u.poly is None:
        raise Outside("an exponent that is not a polynomial")
    return Part("exp", (u.poly, u))


def _neg(u: Part) -> Part:
    return Part("neg", (u,), None if u.poly is None else _product(u.poly, {(): Fraction(-1)}))


def _sigmoid(u):
    return _div(ONE, _add(ONE, _exp(_neg(u))))


def _tanh(u):
    e2 = _exp(_mul(_constant(Fraction(2)), u))
    return _div(_add(e2, ONE, -1), _add(e2, ONE))


def _sinh(u):
    return _div(_add(_exp(u), _exp(_neg(u)), -1), _constant(Fraction(2)))


def _cosh(u):
    return _div(_add(_exp(u), _exp(_neg(u))), _constant(Fraction(2)))


def _square(u):
    return _mul(u, u)


def _log(u: Part, *base: Part) -> Part:
    if base:
        raise Outside("a logarithm in another base")
    return Part("log", (u,))


FUNCTIONS = {  # each written with + − × / and exp only (log: see _logs)
    "exp": _exp, "sigmoid": _sigmoid, "sigma": _sigmoid, "tanh": _tanh, "th": _tanh,
    "sinh": _sinh, "sh": _sinh, "cosh": _cosh, "ch": _cosh,
    "sech": lambda u: _div(ONE, _cosh(u)), "csch": lambda u: _div(ONE, _sinh(u)),
    "coth": lambda u: _div(_cosh(u), _sinh(u)),
    "sigmoid_prime": lambda u: _mul(_sigmoid(u), _add(ONE, _sigmoid(u), -1)),
    "tanh_prime": lambda u: _add(ONE, _square(_tanh(u)), -1), "exp_prime": _exp,
    "softplus_prime": _sigmoid, "ln_prime": lambda u: _div(ONE, u),
}
FUNCTIONS.update(sigma_prime=FUNCTIONS["sigmoid_prime"], th_prime=FUNCTIONS["tanh_prime"],
                 log=lambda u, *base: _log(u, *base), ln=_log,
                 softplus=lambda u: Part("log", (_add(ONE, _exp(u)),)))


KINKS = {  # value at an argument x (c·v) of sign s: each side of the kink is a rational function
    "relu": lambda x, s: x if s > 0 else _constant(Fraction(0)), "abs": lambda x, s: x if s > 0 else _neg(x),
    "sign": lambda x, s: _constant(Fraction(s)), "Heaviside": lambda x, s: _constant(Fraction(s > 0)),
}
KINK_NAMES = {"relu": "relu", "rect": "relu", "abs": "abs", "Abs": "abs", "sign": "sign", "sgn": "sign",
              "signe": "sign", "Heaviside": "Heaviside", "H": "Heaviside", "relu_prime": "Heaviside",
              "rect_prime": "Heaviside"}
_HOLDS = {">": lambda s: s > 0, ">=": lambda s: s > 0, "<": lambda s: s < 0, "<=": lambda s: s < 0,
          "==": lambda s: False, "!=": lambda s: True}
_MIRROR = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


class _Builder:
    """``syntax.Backend`` building ``Part``s; a kink (relu, |·|, sign, H, max/min with 0, an
    indicator of x > 0) of a variable's multiple c·x takes x's sign from ``signs`` (+ when x is not there,
    and x is added to ``kinked``)."""

    def __init__(self, signs: dict, defined: dict | None = None):
        self.signs, self.kinked = signs, set[str]()
        self.defined = {name: _build(text, self, names) for name, (text, names) in (defined or {}).items()}

    def sign(self, part: Part) -> int:
        """The sign of a kink's argument c·x (relu(x), |−x|, H(2x))."""
        terms = list((part.poly or {}).items())
        if len(terms) != 1 or len(terms[0][0]) != 1 or terms[0][0][0][1] != 1:
            raise Outside("a kink of an expression that is not a multiple of a variable")
        ((name, _),), c = terms[0]
        if name not in self.signs:
            self.kinked.add(name)
        return self.signs.get(name, 1) * (1 if c > 0 else -1)

    def number(self, value):
        return _constant(Fraction(value) if isinstance(value, int) else Fraction(repr(value)))

    def constant(self, name):
        if name != "e":
            raise Outside("π")
        return _exp(ONE)

    def variable(self, name):
        if name in getattr(self, "defined", {}):  # y where the statement says y = σ(ax)
            return self.defined[name]
        return Part("x", (name,), {((name, 1),): Fraction(1)})

    def negative(self, x):
        return _neg(x)

    def binary(self, op, a, b):
        if op == "^":
            if a.op == "exp" and a.args[0] == {(): 1}:  # e^u
                return _exp(b)
            k = _number(b)
            if k is None or k.denominator != 1 or abs(k) > MAX_EXPONENT:
                raise Outside("a power that is not a whole number")
            poly = a.poly if k > 0 and a.poly is not None else None
            for _ in range(int(k) - 1 if poly is not None else 0):
                poly = _product(poly, a.poly) if poly is not None else None
            return Part("^", (a, int(k)), {(): Fraction(1)} if k == 0 else poly)
        return {"+": _add, "-": lambda a, b: _add(a, b, -1), "*": _mul, "/": _div}[op](a, b)

    def compare(self, op, a, b):
        if _number(b) == 0:
            return Part("holds", (_HOLDS[op](self.sign(a)),))
        if _number(a) == 0:
            return Part("holds", (_HOLDS[_MIRROR[op]](self.sign(b)),))
        raise Outside("a comparison other than x > 0")

    def value(self, x):
        q = _number(x)
        return None if q is None else float(q)

    def call(self, name, args):
        if name == "ind" and args[0].op == "holds":
            return _constant(Fraction(args[0].args[0]))
        if name in KINK_NAMES:
            return KINKS[KINK_NAMES[name]](args[0], self.sign(args[0]))
        if name in ("max", "min") and len(args) == 2 and 0 in (_number(args[0]), _number(args[1])):
            x = args[1] if _number(args[0]) == 0 else args[0]
            s = self.sign(x) * (1 if name == "max" else -1)
            return x if s > 0 else _constant(Fraction(0))
        if name not in FUNCTIONS:
            raise Outside(f"{name} is not a rational function of exponentials")
        return FUNCTIONS[name](*args)


def _build(text: str, builder: _Builder, variables=None) -> Part:
    functions = {name: ((lambda *args, name=name: builder.call(name, args)), arities)
                 for name, arities in ARITIES.items()}
    return Walker(text, variables, functions, builder).build(tree(text, 8 * len(text) + 16))


class _Polynomials:
    """Numerator and denominator of each part: degree bounds and values at integer points."""

    def __init__(self, parts: list[Part]):
        forms: list[dict] = []
        self._collect(parts, forms, set())
        self.L = math.lcm(1, *(c.denominator for form in forms for c in form.values()))
        self.degrees: dict[int, tuple[dict, dict]] = {}

    def _collect(self, parts, forms, seen):
        for part in parts:
            if id(part) in seen:
                continue
            seen.add(id(part))
            if part.op == "exp":
                forms.append(part.args[0])
            elif part.op not in ("c", "x"):
                self._collect([a for a in part.args if isinstance(a, Part)], forms, seen)

    def monomial(self, form: dict) -> tuple[dict, dict]:
        """e^form as t-powers: (numerator's exponents, denominator's exponents)."""
        num: dict[str, int] = {}
        den: dict[str, int] = {}
        for m, c in form.items():
            k = int(c * self.L)
            if k:
                (num if k > 0 else den)["t" + _monomial(m)] = abs(k)
        return num, den

    def degree(self, part: Part) -> tuple[dict, dict]:
        key = id(part)
        if key not in self.degrees:
            self.degrees[key] = self._degree(part)
        return self.degrees[key]

    def _degree(self, part: Part) -> tuple[dict, dict]:
        op, args = part.op, part.args
        if op == "c":
            return {}, {}
        if op == "x":
            return {"x" + args[0]: 1}, {}
        if op == "exp":
            return self.monomial(args[0])
        if op == "neg":
            return self.degree(args[0])
        if op == "^":
            num, den = self.degree(args[0])
            k = args[1]
            num, den = ({j: d * abs(k) for j, d in num.items()}, {j: d * abs(k) for j, d in den.items()})
            return (num, den) if k >= 0 else (den, num)
        (na, da), (nb, db) = self.degree(args[0]), self.degree(args[1])
        if op in "+-":
            return _most(_plus(na, db), _plus(nb, da)), _plus(da, db)
        if op == "*":
            return _plus(na, nb), _plus(da, db)
        return _plus(na, db), _plus(da, nb)  # "/"

    def value(self, part: Part, point: dict, memo: dict) -> tuple[int, int]:
        key = id(part)
        if key not in memo:
            memo[key] = self._value(part, point, memo)
        return memo[key]

    def _value(self, part: Part, point: dict, memo: dict) -> tuple[int, int]:
        op, args = part.op, part.args
        if op == "c":
            return args[0].numerator, args[0].denominator
        if op == "x":
            return point.get("x" + args[0], 0), 1
        if op == "exp":
            num, den = self.monomial(args[0])
            return (math.prod(point.get(j, 0) ** k for j, k in num.items()),
                    math.prod(point.get(j, 0) ** k for j, k in den.items()))
        a, b = self.value(args[0], point, memo), None
        if op == "neg":
            return -a[0], a[1]
        if op == "^":
            k = args[1]
            return (a[0] ** k, a[1] ** k) if k >= 0 else (a[1] ** -k, a[0] ** -k)
        b = self.value(args[1], point, memo)
        if op == "+":
            return a[0] * b[1] + b[0] * a[1], a[1] * b[1]
        if op == "-":
            return a[0] * b[1] - b[0] * a[1], a[1] * b[1]
        if op == "*":
            return a[0] * b[0], a[1] * b[1]
        return a[0] * b[1], a[1] * b[0]  # "/"


def _plus(a: dict, b: dict) -> dict:
    out = dict(a)
    for j, d in b.items():
        out[j] = out.get(j, 0) + d
    return out


def _most(a: dict, b: dict) -> dict:
    return {j: max(a.get(j, 0), b.get(j, 0)) for j in a.keys() | b.keys()}


def _grid(degrees: dict) -> list[dict] | None:
    names = sorted(j for j, d in degrees.items() if d)
    size = math.prod(degrees[j] + 1 for j in names)
    if size > MAX_POINTS:
        return None
    return [dict(zip(names, values)) for values in product(*(range(degrees[j] + 1) for j in names))]


def _has_log(part: Part) -> bool:
    return part.op == "log" or (part.op not in ("c", "x", "exp") and
                                any(_has_log(a) for a in part.args if isinstance(a, Part)))


def _logs(part: Part) -> tuple[Part, list[tuple[Fraction, Part]]]:
    """``part`` as R + Σ cᵢ·log(uᵢ): R and the uᵢ free of logarithms, the cᵢ rational; a factor
    e^p of a logarithm's argument comes out as p (e^p > 0, so log(e^p·v) = p + log v wherever
    either is defined). ``Outside`` when a logarithm stands elsewhere (log(x)², x·log(x))."""
    if not _has_log(part):
        return part, []
    op, args = part.op, part.args
    if op == "log":
        return _peel(args[0])
    if op in "+-" and len(op) == 1:
        (ra, ta), (rb, tb) = _logs(args[0]), _logs(args[1])
        sign = 1 if op == "+" else -1
        return _add(ra, rb, sign), ta + [(sign * c, u) for c, u in tb]
    if op == "neg":
        r, terms = _logs(args[0])
        return _neg(r), [(-c, u) for c, u in terms]
    if op in ("*", "/"):
        c = _number(args[1]) if op == "/" else _number(args[0]) if _number(args[0]) is not None else _number(args[1])
        inner = args[0] if op == "/" or _number(args[0]) is None else args[1]
        if c and not _has_log(args[1] if op == "/" else (args[1] if inner is args[0] else args[0])):
            c = 1 / c if op == "/" else c
            r, terms = _logs(inner)
            return _mul(_constant(c), r), [(c * k, u) for k, u in terms]
    raise Outside("a logarithm that is not a term of a sum")


def _peel(u: Part) -> tuple[Part, list[tuple[Fraction, Part]]]:
    """log(u) as R + Σ cᵢ·log(uᵢ), the exponential factors of u taken out."""
    if _has_log(u):
        raise Outside("a logarithm of a logarithm")
    if u.op == "exp":
        return u.args[1], []
    if u.op in ("*", "/"):
        a, b = u.args
        sign = 1 if u.op == "*" else -1
        if a.op == "exp":
            r, terms = _peel(b)
            return _add(a.args[1], r, sign), [(sign * c, v) for c, v in terms]
        if b.op == "exp":
            r, terms = _peel(a)
            return _add(r, b.args[1], sign), terms
    return _constant(Fraction(0)), [(Fraction(1), u)]


def _one(rest: Part, terms: list[tuple[Fraction, Part]]) -> list[Part]:
    """What must be 0 for R + Σ cᵢ·log(uᵢ) to be 0 wherever every uᵢ > 0, with M the cᵢ's common
    denominator, A = Π uᵢ^(cᵢM) over cᵢ > 0 and B = Π uⱼ^(−cⱼM) over cⱼ < 0: A·e^(MR) − B when
    R is a polynomial (ln(1 − σ(x)) = −x − ln(1 + e^(−x))), else R and A − B."""
    m = math.lcm(1, *(c.denominator for c, _ in terms))
    sides = [ONE, ONE]
    for c, u in terms:
        k = int(c * m)
        if abs(k) > MAX_LOG_POWER:
            raise Outside("a logarithm's power too large")
        if k:
            sides[k < 0] = _mul(sides[k < 0], Part("^", (u, abs(k))))
    if rest.poly is not None:
        return [_add(_mul(sides[0], _exp(_mul(_constant(Fraction(m)), rest))), sides[1], -1)]
    return [rest, _add(sides[0], sides[1], -1)]


def zero(first: str, second: str, variables=None, defined: dict | None = None) -> tuple[bool | None, str]:
    """Whether ``first − second`` (explicit texts, ``text.normalize``'s) is identically 0 where it
    is defined: True (proven), False (it is not), None (not decided here); and how, in words.
    ``variables``: the names both are read with (e among them is a variable, not Euler's number);
    ``defined``: name → (explicit text, its names), what a statement's name stands for.
    With kinks of variables' multiples, on each side of every kink (all the signs' combinations)."""

    def minus(builder: _Builder) -> Part:
        return _add(_build(first, builder, variables), _build(second, builder, variables), -1)

    try:
        builder = _Builder({}, defined)
        differences = [minus(builder)]
        kinked = sorted(builder.kinked)
        if len(kinked) > MAX_KINKED:
            return None, ""
        if kinked:
            sides = [dict(zip(kinked, signs)) for signs in product((1, -1), repeat=len(kinked))]
            differences = [minus(_Builder(s, defined)) for s in sides]
    except (Outside, ExpressionError):
        return None, ""
    points, indeterminates, logs = 0, set[str](), False
    for difference in differences:
        try:
            rest, terms = _logs(difference)
            parts = _one(rest, terms) if terms else [rest]
        except Outside:
            return None, ""
        logs = logs or bool(terms)
        for part in parts:
            proved, grid, names = _zero(part)
            if not proved:  # with logarithms, a sufficient condition only: log(x²) − 2 log(−x)…
                return (proved if not logs else None), ""
            points, indeterminates = points + grid, indeterminates | names
    of = f" as a rational function of {', '.join(sorted(indeterminates))}" if indeterminates else ""
    on = f" on each side of {', '.join(f'{x} = 0' for x in kinked)}" if kinked else ""
    log = ", once its logarithms are made one, of argument 1" if logs else ""
    return True, f"the difference is 0{of}{on}{log} (exact arithmetic on its numerator at {points} points)"


def _zero(difference: Part) -> tuple[bool | None, int, set]:
    polynomials = _Polynomials([difference])
    num, den = polynomials.degree(difference)
    numerator_grid, denominator_grid = _grid(num), _grid(den)
    if numerator_grid is None or denominator_grid is None:
        return None, 0, set()
    if not any(polynomials.value(difference, p, {})[1] for p in denominator_grid):
        return None, 0, set()  # a denominator that is the zero polynomial: defined nowhere
    for point in numerator_grid:
        if polynomials.value(difference, point, {})[0]:
            return False, 0, set()
    return True, len(numerator_grid), {_shown(j, polynomials.L) for j in num.keys() | den.keys()}


def _monomial(m: tuple) -> str:
    return "*".join(name if k == 1 else f"{name}^{k}" for name, k in m)


def _shown(indeterminate: str, L: int) -> str:
    kind, name = indeterminate[0], indeterminate[1:]
    if kind == "x":
        return name
    power = f"({name or 1})" if "*" in name or "^" in name else (name or "1")
    return f"e^({power}/{L})" if L != 1 else ("e" if not name else f"e^{power}")
