"""What a wrong expression may have lost or gained, read from the reference's own syntax tree.

``feedback.clues`` finds them in a SymPy expression (the key's, written once); ``tdgrad equiv``
has only two typed texts and answers before SymPy starts, so the same candidates come from the
explicit text (``text.normalize``'s): the factors of its top-level product (a divisor d as 1/d),
σ(u)(1 − σ(u)), 1 − tanh²(u) and H(u) for each σ, tanh and H inside, then the terms of its
expansion (products over sums, like terms added up, as SymPy's ``expand``). Beyond ``MAX_TERMS``
``of`` says that terms may be missing (``expands``), so that a verdict without a named mistake can
wait for SymPy.
"""

from __future__ import annotations

import ast
from fractions import Fraction

from tdgrad.syntax import CONSTANTS, tree

SIGMOIDS = {"sigmoid", "sigma", "sigmoid_prime", "sigma_prime"}
TANHS = {"tanh", "th", "tanh_prime", "th_prime"}
STEPS = {"Heaviside", "H", "relu_prime", "rect_prime"}
MAX_TERMS = 64  # of an expansion
MAX_POWER = 4  # (a + b)^n expanded up to this n


def _text(node: ast.AST, source: str) -> str:
    return ast.get_source_segment(source, node) or ast.unparse(node)


def _variables(node: ast.AST) -> bool:
    calls = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
    return any(isinstance(n, ast.Name) and id(n) not in calls and n.id not in CONSTANTS for n in ast.walk(node))


def _factors(node: ast.AST, inverse: bool = False) -> list[tuple[ast.AST, bool]]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        return _factors(node.left, inverse) + _factors(node.right, inverse ^ isinstance(node.op, ast.Div))
    if isinstance(node, ast.UnaryOp):
        return _factors(node.operand, inverse)
    return [(node, inverse)]


def _sum_inside(node: ast.AST) -> bool:
    """A sum under this node, outside any function's argument."""
    if isinstance(node, ast.Call):
        return False
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        return True
    return any(_sum_inside(child) for child in ast.iter_child_nodes(node))


def _atom(node: ast.AST, source: str) -> str:
    text = _text(node, source)
    return text if isinstance(node, (ast.Name, ast.Call)) else f"({text})"


Term = tuple[tuple[str, ...], tuple[str, ...]]  # (factors, divisors): texts, sorted


def _expand(node: ast.AST, source: str) -> dict[Term, Fraction] | None:
    """SymPy's ``expand`` at the top level (products over sums, numerators over denominators,
    small powers of sums), like terms added up: {term: coefficient}; None beyond ``MAX_TERMS``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return {((), ()): Fraction(repr(node.value)) if isinstance(node.value, float) else Fraction(node.value)}
    if isinstance(node, ast.UnaryOp):
        inner = _expand(node.operand, source)
        return None if inner is None else {t: -c if isinstance(node.op, ast.USub) else c for t, c in inner.items()}
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, (ast.Add, ast.Sub)):
            a, b = _expand(node.left, source), _expand(node.right, source)
            if a is None or b is None:
                return None
            return _collect(list(a.items()) + [(t, -c if isinstance(node.op, ast.Sub) else c) for t, c in b.items()])
        if isinstance(node.op, ast.Mult):
            return _times(_expand(node.left, source), _expand(node.right, source))
        if isinstance(node.op, ast.Div):
            a, b = _expand(node.left, source), _expand(node.right, source)
            if a is None or b is None:
                return None
            if set(b) == {((), ())} and b[((), ())]:
                return {t: c / b[((), ())] for t, c in a.items()}
            return _times(a, {((), (_atom(node.right, source),)): Fraction(1)})
        if isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant) and \
                isinstance(node.right.value, int) and 1 <= node.right.value <= MAX_POWER and _sum_inside(node.left):
            out = base = _expand(node.left, source)
            for _ in range(node.right.value - 1):
                out = _times(out, base)
            return out
    return {((_atom(node, source),), ()): Fraction(1)}


def _times(a, b) -> dict[Term, Fraction] | None:
    if a is None or b is None or len(a) * len(b) > MAX_TERMS:
        return None
    return _collect([((tuple(sorted(fa + fb)), tuple(sorted(da + db))), ca * cb)
                     for (fa, da), ca in a.items() for (fb, db), cb in b.items()])


def _collect(terms) -> dict[Term, Fraction] | None:
    out: dict[Term, Fraction] = {}
    for t, c in terms:
        out[t] = out.get(t, 0) + c
    out = {t: c for t, c in out.items() if c}
    return out if len(out) <= MAX_TERMS else None


def _term_text(term: Term, c: Fraction) -> str:
    factors, divisors = term
    number = str(c) if c.denominator == 1 else f"({c})"
    text = "*".join(factors)
    text = number if not text else text if c == 1 else "-" + text if c == -1 else f"{number}*{text}"
    return text + "".join(f"/{d}" for d in divisors)


def of(source: str) -> tuple[list[tuple[str, str, None]], bool]:
    """``source``'s candidates ``(kind, text, None)`` in the order they are tried (no LaTeX: that
    needs SymPy), and whether SymPy's expansion could give terms that are not among them."""
    top = tree(source, 8 * len(source) + 16)
    out = []
    for node, inverse in _factors(top):
        if _variables(node):
            out.append(("factor", f"1/({_text(node, source)})" if inverse else _text(node, source)))
    for node in ast.walk(top):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            name, argument = node.func.id, _text(node.args[0], source)
            if name in SIGMOIDS:
                out.append(("factor", f"sigmoid({argument})*(1 - sigmoid({argument}))"))
            elif name in TANHS:
                out.append(("factor", f"1 - tanh({argument})^2"))
            elif name in STEPS:
                out.append(("factor", f"Heaviside({argument})"))
    terms = _expand(top, source)
    if terms is not None and len(terms) > 1:
        out += [("term", _term_text(t, c)) for t, c in terms.items()]
    expands = terms is None  # terms SymPy's expansion may show and these do not
    return [(kind, text, None) for kind, text in dict.fromkeys(out)], expands
