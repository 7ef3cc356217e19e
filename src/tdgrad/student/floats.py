"""An expression answer graded with floats only: ``tdgrad check`` without SymPy's start-up.

Importing SymPy takes longer than a whole check should (0.35 s), yet grading an expression answer
is a float test at random points (``grade.py`` asks SymPy for no proof), with exact arithmetic and
SymPy's structure needed only here and there. So the answer and the key's expression go through
the same explicit text (``text.normalize``) and the same whitelist (``syntax.Walker``) as for
SymPy, but are built into small numpy evaluators, and ``sampling.compare`` runs on them as it does
on ``lambdify``'s functions: same points, same tolerance, same counterexample. ``grade`` gives
only what the SymPy path would give, and None (SymPy decides) wherever floats cannot be sure:

- a constant floats cannot tell from its neighbours (more than ``DIGITS`` significant digits,
  a size outside ``SMALLEST``…``LARGEST``), a variable exponent, a function without a float form
  here (``d/dx``, ``(…)'`` of an expression, piecewise answers), generic functions f_k, an answer
  without variables (graded as a number);
- equal at every point: **correct** (with "checked numerically, not proven" unless
  ``identity.zero`` proves it: both paths ask, ``proven``) only if no point has one side defined
  and not the other, and no exact rational point (rational expressions, in ``Fraction``) tells
  them apart;
- different: **wrong**, with the mistake named from the key's ``clues`` (the factors and terms
  SymPy found when the key was written); a key without clues where a factor or term is needed,
  a variable a side does not depend on (SymPy may have cancelled it, changing the sample), or a
  kink's side searched for further out (more random draws): SymPy decides.

``judge`` does the same for ``tdgrad equiv``'s two texts, where "equivalent" must be a proof:
``identity.zero`` gives it for rational functions of exponentials, and the mistake is named from
the second text's own tree (``clues.of``).
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import partial
from typing import Callable

import numpy as np

from tdgrad.activations import NUMPY
from tdgrad.errors import ExpressionError
from tdgrad.student import clues, feedback, sampling
from tdgrad.student.number_grade import Result, restated
from tdgrad.student.runner import within
from tdgrad.student.text import ARITIES, implicit_argument, normalize
from tdgrad.student.verdict import Verdict, graded
from tdgrad.syntax import Walker, tree

DIGITS = 6  # significant digits of a literal
SMALLEST, LARGEST = 1e-6, 1e6  # size of a constant part (0 aside)
MAX_BITS = 4096  # of an exact value's numerator or denominator
SECONDS = 1.0  # CPU time for the whole float check


class Unsure(Exception):
    """Floats cannot give the SymPy path's verdict here."""


def _sigmoid_prime(a):
    s = NUMPY["sigmoid"](a)
    return s * (1 - s)


def _log(a, b=None):
    return np.log(a) if b is None else np.log(a) / np.log(b)


FUNCTIONS: dict[str, Callable] = {  # the float form of ``text.ARITIES``'s functions (others: SymPy)
    "exp": np.exp, "log": _log, "ln": np.log, "sqrt": np.sqrt, "racine": np.sqrt,
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "sinh": np.sinh, "sh": np.sinh,
    "cosh": np.cosh, "ch": np.cosh, "tanh": np.tanh, "th": np.tanh,
    "sigmoid": NUMPY["sigmoid"], "sigma": NUMPY["sigmoid"], "softplus": NUMPY["softplus"],
    "relu": NUMPY["relu"], "rect": NUMPY["relu"], "abs": np.abs, "Abs": np.abs,
    "sign": np.sign, "sgn": np.sign, "signe": np.sign,
    "asin": np.arcsin, "arcsin": np.arcsin, "acos": np.arccos, "arccos": np.arccos,
    "atan": np.arctan, "arctan": np.arctan, "asinh": np.arcsinh, "arcsinh": np.arcsinh,
    "acosh": np.arccosh, "arccosh": np.arccosh, "atanh": np.arctanh, "arctanh": np.arctanh,
    "argth": np.arctanh,
    "sech": lambda a: 1 / np.cosh(a), "csch": lambda a: 1 / np.sinh(a), "coth": lambda a: 1 / np.tanh(a),
    "sec": lambda a: 1 / np.cos(a), "csc": lambda a: 1 / np.sin(a), "cot": lambda a: 1 / np.tan(a),
    "max": lambda *a: np.maximum.reduce(np.broadcast_arrays(*a)),
    "min": lambda *a: np.minimum.reduce(np.broadcast_arrays(*a)),
    "Heaviside": lambda a, at_zero=0.0: np.heaviside(a, at_zero), "H": lambda a, at_zero=0.0: np.heaviside(a, at_zero),
    "ind": lambda condition: np.where(condition, 1.0, 0.0),
    # the derivatives written with a prime, as SymPy differentiates them
    "sigmoid_prime": _sigmoid_prime, "sigma_prime": _sigmoid_prime, "softplus_prime": NUMPY["sigmoid"],
    "tanh_prime": lambda a: 1 - np.tanh(a) ** 2, "th_prime": lambda a: 1 - np.tanh(a) ** 2,
    "exp_prime": np.exp, "ln_prime": lambda a: 1 / a,
    "relu_prime": lambda a: np.heaviside(a, 0.0), "rect_prime": lambda a: np.heaviside(a, 0.0),
}
KINKED = {"relu", "rect", "abs", "Abs", "sign", "sgn", "signe", "Heaviside", "H", "relu_prime", "rect_prime"}  # at their first argument
_ARITHMETIC = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "^": np.power}
_COMPARE = {">": np.greater, ">=": np.greater_equal, "<": np.less, "<=": np.less_equal,
            "==": np.equal, "!=": np.not_equal}


class Node:
    """A built part: ``f`` its values (``env``: name → coordinates), ``names`` its variables, ``q``
    its exact value at a rational point (None when it is not a rational function)."""

    __slots__ = ("f", "names", "q", "relation")

    def __init__(self, f, names=frozenset(), q=None, relation=False):
        self.f, self.names, self.q, self.relation = f, names, q, relation

    def values(self, names: list[str], points: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            out = self.f({n: points[:, i] for i, n in enumerate(names)})
            return np.broadcast_to(np.asarray(out, dtype=float), (len(points),))


def _exact(q: Fraction) -> Fraction:
    if max(q.numerator.bit_length(), q.denominator.bit_length()) > MAX_BITS:
        raise Unsure("an exact value too large")
    return q


def _sub(a: Node, b: Node) -> Node:
    return Node(lambda env: a.f(env) - b.f(env), a.names | b.names)


class _Floats:
    """``syntax.Backend`` building ``Node``s; ``kinks`` collects the arguments whose sign matters."""

    def __init__(self, defined: dict):
        self.defined = defined
        self.kinks: list[Node] = []
        self.e = Node(lambda env: math.e)  # e^(…) is exp(…), not a power with a variable exponent

    def constant_checked(self, node: Node) -> Node:
        if not node.names:
            with np.errstate(all="ignore"):
                v = float(node.f({}))
            if not math.isfinite(v) or (v != 0 and not SMALLEST <= abs(v) <= LARGEST):
                raise Unsure("a constant outside the float check's range")
        return node

    def number(self, value):
        digits = str(abs(value)).split("e")[0].replace(".", "").strip("0") if isinstance(value, float) \
            else str(abs(value)).strip("0")
        if len(digits) > DIGITS:
            raise Unsure("a literal with many digits")
        x = float(value)
        q = Fraction(value) if isinstance(value, int) else Fraction(repr(value))
        return self.constant_checked(Node(lambda env: x, q=lambda p: q))

    def constant(self, name):
        return self.e if name == "e" else Node(lambda env: math.pi)

    def variable(self, name):
        if name in self.defined:
            node, kinks = self.defined[name]
            self.kinks.extend(kinks)
            return node
        return Node(lambda env: env[name], frozenset([name]), lambda p: p[name])

    def negative(self, x):
        self.plain(x)
        return Node(lambda env: -x.f(env), x.names, None if x.q is None else lambda p: _neg(x.q(p)))

    def binary(self, op, a, b):
        self.plain(a, b)
        if op == "^" and b.names:
            if a is not self.e:
                raise Unsure("a variable exponent")
            return Node(lambda env: np.exp(b.f(env)), b.names)
        f = _ARITHMETIC[op]
        q = None
        if a.q is not None and b.q is not None:
            exponent = b.q({}) if op == "^" else None
            if op != "^" or (exponent is not None and exponent.denominator == 1):
                q = _exact_op(op, a.q, b.q)
        return self.constant_checked(Node(lambda env: f(a.f(env), b.f(env)), a.names | b.names, q))

    def compare(self, op, a, b):
        self.plain(a, b)
        self.kinks.append(_sub(a, b))
        f = _COMPARE[op]
        return Node(lambda env: f(a.f(env), b.f(env)), a.names | b.names, relation=True)

    def value(self, x):
        if x.names or x.relation:
            return None
        with np.errstate(all="ignore"):
            v = float(x.f({}))
        return v if math.isfinite(v) else 1j

    def call(self, name, args):
        if name not in FUNCTIONS:
            raise Unsure(f"no float form for {name}")
        if name == "ind":
            if not args[0].relation:
                raise Unsure("an indicator without a condition")
        else:
            self.plain(*args)
        if name in KINKED:
            self.kinks.append(args[0])
        elif name in ("max", "min") and len(args) == 2:
            self.kinks.append(_sub(args[0], args[1]))
        f = FUNCTIONS[name]
        names = frozenset().union(*(a.names for a in args))
        return self.constant_checked(Node(lambda env: f(*(a.f(env) for a in args)), names))

    @staticmethod
    def plain(*nodes):
        if any(n.relation for n in nodes):
            raise Unsure("a comparison outside an indicator")


def _neg(q):
    return None if q is None else -q


def _exact_op(op, qa, qb):
    def q(p):
        a, b = qa(p), qb(p)
        if a is None or b is None:
            return None
        try:
            if op == "^":
                return _exact(a ** int(b))
            return _exact({"+": a + b, "-": a - b, "*": a * b}[op] if op != "/" else a / b)
        except ZeroDivisionError:
            return None
    return q


def build(text: str, variables, defined: dict | None = None) -> tuple[Node, list[Node]]:
    """Explicit text (``normalize``'s, or SymPy's own) → its node and its kinks; a name in
    ``defined`` stands for its node (and brings its kinks). An ``ExpressionError`` is the whitelist's refusal (SymPy's path
    words it its own way)."""
    backend = _Floats(defined or {})
    functions = {name: ((lambda *args, name=name: backend.call(name, args)), arities)
                 for name, arities in ARITIES.items()}
    node = Walker(text, variables, functions, backend).build(tree(text, 8 * len(text) + 16))
    if node.relation:
        raise Unsure("a comparison alone")
    return node, backend.kinks


def grade(ref, answer: str, lang: str = "fr") -> Result | None:
    """``grade.grade_one``'s result for an expression answer, or None where SymPy must decide."""
    if ref.type != "expression" or ref.functions or not ref.expression:
        return None
    said = restated(ref, answer, lang)
    if said:
        return said
    variables = tuple(ref.variables) or None
    try:
        text = normalize(implicit_argument(answer, ref.context()), ref.names() or None)
    except ExpressionError as exc:  # the same words as the SymPy path's, which reads the same way
        return Result("unparsable", exc.say(lang))
    done, result = within(SECONDS, _grade, ref, text, variables, lang)
    return result if done else None


def _grade(ref, text: str, variables, lang: str) -> Result | None:
    try:
        defined = {name: build(normalize(d, names), names) for name, (d, names) in ref.defined().items()}
        student = build(text, ref.names() or None, defined)
        if student[0].names & set(ref.upstream()):  # written in the model's inputs: SymPy rewrites the key
            return None
        key_text = normalize(ref.expression, variables)
        key = build(key_text, variables)
    except (ExpressionError, Unsure):
        return None
    if not student[0].names and (ref.value is not None or not (student[0].names | key[0].names)):
        return None  # graded as a number, exactly
    verdict = _compare(student, key, lambda names, points: _clues(ref, names, points))
    if verdict is not None and verdict.verdict == "numerically equivalent":
        verdict = proven(verdict, text, key_text, ref)
    return None if verdict is None else graded(verdict, ref, lang)


def proven(verdict: Verdict, text: str, key_text: str, ref, names: tuple | None = None) -> Verdict:
    """A right answer "numerically equivalent" is "equivalent" where ``identity.zero`` proves it
    (both grading paths ask, with the same texts): the student reads "correct", not "checked
    numerically, not proven". A statement's name (y = σ(ax)) stands for its formula; ``names``: the
    question's names where they are not the key's own (a generic f₂'(z₃) read as one variable)."""
    from tdgrad.student import identity

    try:
        defined = {name: (normalize(d, names), names) for name, (d, names) in ref.defined().items()}
    except ExpressionError:
        return verdict
    proved, how = identity.zero(text, key_text, names or ref.names() or None, defined)
    return Verdict("equivalent", f"{verdict.reason}; {how}", details={"proof": "exact"}) if proved else verdict


def _compare(first: tuple[Node, list[Node]], second: tuple[Node, list[Node]], clues) -> Verdict | None:
    """The SymPy path's verdict on two built expressions (node, kinks) where floats can give it:
    equal everywhere ("numerically equivalent": no proof here), or different with the mistake that
    ``clues(names, points)`` (candidates for ``feedback.explain``) names; None: SymPy decides."""
    (a, a_kinks), (b, b_kinks) = first, second
    names = sorted(a.names | b.names)
    kinks = [k for k in a_kinks + b_kinks if k.names]
    try:
        verdict, data = sampling.compare(names, lambda p: a.values(names, p), lambda p: b.values(names, p),
                                         [partial(k.values, names) for k in kinks])
        if verdict.verdict == "equivalent":
            if len(data["only"]) or _exact_difference(a, b, names):
                return None
            return Verdict("numerically equivalent", verdict.reason, details={"proof": "numeric"})
        if verdict.verdict != "not equivalent" or data["searched"] or \
                _cancels(a, names, data["points"]) or _cancels(b, names, data["points"]):
            return None
        mistake = feedback.explain(data["a"], data["b"], clues(names, data["points"])) if len(data["a"]) else None
    except Unsure:
        return None
    return Verdict(verdict.verdict, verdict.reason, verdict.point, verdict.values, mistake)


def judge(first: str, second: str) -> Verdict | None:
    """``equivalence.judge``'s verdict on two typed expressions, or None where SymPy must decide:
    "equivalent" needs ``identity.zero``'s proof, a mistake is named from the second's own
    tree (``clues.of``)."""
    try:
        texts = normalize(first), normalize(second)
    except ExpressionError as exc:  # the words ``read`` would say: it normalizes first
        return Verdict("unreadable", str(exc), details={"refusal": exc.sentence})
    done, verdict = within(SECONDS, _judge, *texts)
    return verdict if done else None


def _judge(first: str, second: str) -> Verdict | None:
    from tdgrad.student import identity

    try:
        a, b = build(first, None), build(second, None)
    except (ExpressionError, Unsure):
        return None
    if not (a[0].names or b[0].names):
        return None  # two numbers: SymPy's exact stage
    candidates, expands = clues.of(second)
    verdict = _compare(a, b, lambda names, points: _candidates(candidates, names, points))
    if verdict is None:
        return None
    if verdict.verdict == "numerically equivalent":
        proved, how = identity.zero(first, second)
        if not proved or _differ_at_probes(a[0], b[0]):
            return None  # SymPy's exact points (x = 0 at a kink: H(0) ≠ 𝟙(0 ≥ 0)) and simplify decide
        return Verdict("equivalent", f"{verdict.reason}; {how}", details={"proof": "exact"})
    if verdict.mistake is None and expands:
        return None  # SymPy's expansion may show a term that the tree does not
    return verdict


def _exact_difference(a: Node, b: Node, names: list[str]) -> bool:
    """Two rational functions that differ at one of the exact stage's points (floats agreed)."""
    if a.q is None or b.q is None:
        return False
    for point in sampling.probes(len(names)):
        at = dict(zip(names, point))
        va, vb = a.q(at), b.q(at)
        if va is not None and vb is not None and va != vb:
            return True
    return False


def _differ_at_probes(a: Node, b: Node) -> bool:
    """The two differ at one of the exact stage's points (a kink's own point among them)."""
    names = sorted(a.names | b.names)
    points = np.array([[float(v) for v in p] for p in sampling.probes(len(names))])
    va, vb = a.values(names, points), b.values(names, points)
    ok = np.isfinite(va) & np.isfinite(vb)
    return bool(np.any(np.abs(va[ok] - vb[ok]) > sampling.RTOL * (1 + np.abs(va[ok]) + np.abs(vb[ok]))))


def _cancels(student: Node, names: list[str], points: np.ndarray) -> bool:
    """A variable of the answer its values do not depend on (x − x, or o₁v₁ − o₁v₁ up to rounding):
    SymPy drops it, and samples other points than these."""
    if not len(points):
        return False
    values = student.values(names, points)
    for i, name in enumerate(names):
        if name in student.names:
            moved = points.copy()
            moved[:, i] = points[::-1, i] * 1.37 + 0.29
            if np.allclose(student.values(names, moved), values, rtol=1e-12, atol=1e-15, equal_nan=True):
                return True
    return False


def _clues(ref, names: list[str], points: np.ndarray):
    """The key's clues as ``feedback.explain`` candidates: their values at ``points``."""
    if ref.clues is None:
        raise Unsure("a key without clues")
    yield from _candidates(ref.clues, names, points)


def _candidates(candidates, names: list[str], points: np.ndarray):
    """(kind, text, LaTeX or None) → ``feedback.explain``'s candidates, valued at ``points``."""
    for kind, text, latex in candidates:
        try:
            node, _ = build(text, names)
        except ExpressionError:
            raise Unsure(f"a clue floats cannot read: {text}") from None
        yield kind, text, (lambda latex=latex: latex), (lambda node=node: node.values(names, points))
