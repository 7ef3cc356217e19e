"""An array answer (numpy or matrix notation) judged against the key on each of its data sets.

The key gives the reference as a numpy line and several consistent data sets (``envs``: the arrays
of a forward pass, drawn with different sizes and classes, so that neither a size nor a class written
by hand can pass). An answer is correct when it gives the reference's array on every data set; a
column ``m × 1`` written in the course's notation is the vector ``m``. A wrong answer gets one named
mistake, found by re-running it: classes counted from the other end (``y ± 1``), a one-hot written
by hand, a shape (named with the exercise's sizes: ``d_h × 1`` where ``m × d_h`` is expected), a
missing mask, and the value mistakes of ``feedback.arrays``.
"""

from __future__ import annotations

import ast

import numpy as np

from tdgrad.student import feedback
from tdgrad.student.arrays import Fails, run
from tdgrad.student.matrix import translate

RTOL, ATOL = 1e-6, 1e-9


def judge(ref: dict, answer: str) -> tuple[str, dict | None]:
    """("correct", None) or ("wrong", mistake); an unreadable answer raises ExpressionError."""
    name, first = ref.get("name"), int(ref.get("first_class", 0))
    envs = [_arrays(e) for e in ref["envs"]]
    refs = [run(ref["numpy"], e, name)[0] for e in envs]
    outcome = _matches(answer, envs, refs, name, first)
    handmade = _literal_onehot(answer)
    if all(o is True for o in outcome) and not handmade:
        return "correct", None
    if handmade:
        return "wrong", {"code": "onehot_literal"}
    if "y" in envs[0] and any(_shift_fixes(answer, envs, refs, name, first, outcome, s) for s in (1, -1)):
        return "wrong", {"code": "onehot_shifted"}
    if outcome[0] is True:  # right on the statement's own data, wrong on data of other sizes
        sizes = _scalars(envs[0])
        written = sorted({n for n in _integers(answer) if n in sizes.values()})
        if written:
            return "wrong", {"code": "hard_coded", "factor": ", ".join(map(str, written)),
                             "names": ", ".join(k for n in written for k, v in sizes.items() if v == n)}
    order = sorted(range(len(envs)), key=lambda i: -len(set(_scalars(envs[i]).values())))
    for i in order:  # name the mistake on a data set where it shows, sizes as distinct as can be
        sizes = _scalars(envs[i])
        try:
            s, math = run(answer, envs[i], name, first, (name,) if name else ())
        except Fails as exc:
            shapes = " ; ".join(_shape_text(s, sizes) for s in exc.shapes)
            return "wrong", {"code": "array_fails", "factor": str(exc) + (f" ({shapes})" if shapes else ""),
                             "factor_fr": exc.say("fr") + (f" ({shapes})" if shapes else "")}
        if not _same(s, refs[i], math):
            return "wrong", _value_mistake(s, refs[i], math, sizes)
    return "wrong", None


def _arrays(env: dict) -> dict:
    return {k: np.asarray(v, dtype=float) if isinstance(v, list) else v for k, v in env.items()}


def _matches(answer, envs, refs, name, first) -> list:
    """Per data set: True (the reference's array), False (another array) or the Fails raised."""
    out: list[bool | Fails] = []
    for e, r in zip(envs, refs):
        try:
            s, math = run(answer, e, name, first, (name,) if name else ())
            out.append(_same(s, r, math))
        except Fails as exc:
            out.append(exc)
    return out


def _shift_fixes(answer, envs, refs, name, first, outcome, shift) -> bool:
    """Whether counting classes from the other end (y + shift) makes the answer right: right on
    every data set where it then runs, and right on one where it was not (so it depends on y)."""
    shifted = _matches(answer, [{**e, "y": e["y"] + shift} for e in envs], refs, name, first)
    return all(s is True or isinstance(s, Fails) for s in shifted) and any(
        s is True and o is not True for s, o in zip(shifted, outcome))


def _same(s: np.ndarray, r: np.ndarray, math: bool) -> bool:
    if math and r.ndim == 1 and s.shape == (r.size, 1):
        s = s.ravel()
    return s.shape == r.shape and bool(np.allclose(s, r, rtol=RTOL, atol=ATOL))


def _literal_onehot(answer: str) -> bool:
    """A one-hot vector written out by hand: [0, 1, 0] (it cannot follow y)."""
    try:
        tree = ast.parse(translate(answer)[0])
    except (SyntaxError, ValueError):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.List) and len(node.elts) >= 2:
            values = [e.value for e in node.elts if isinstance(e, ast.Constant) and not isinstance(e.value, bool)]
            if len(values) == len(node.elts) and all(v in (0, 1) for v in values) and values.count(1) == 1:
                return True
    return False


def _integers(answer: str) -> list[int]:
    """The whole numbers written in an answer (a size written by hand: np.eye(3))."""
    try:
        tree = ast.parse(translate(answer)[0])
    except (SyntaxError, ValueError):
        return []
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and type(n.value) is int and n.value > 1]


def _scalars(env: dict) -> dict:
    """The sizes (m, d_h, d…) of a data set, to name shapes with."""
    return {k: v for k, v in env.items() if isinstance(v, int) and not isinstance(v, bool) and k != "y"}


def _dim(n: int, sizes: dict) -> str:
    names = [k for k, v in sizes.items() if v == n]
    return names[0] if len(names) == 1 and n != 1 else str(n)


def _shape_text(shape, sizes) -> str:
    if len(shape) == 0:
        return "1 × 1"
    dims = [_dim(n, sizes) for n in shape]
    return " × ".join(dims + ["1"] if len(dims) == 1 else dims)


def _value_mistake(s: np.ndarray, r: np.ndarray, math: bool, sizes) -> dict | None:
    if math and r.ndim == 1 and s.shape == (r.size, 1):
        s = s.ravel()
    got, want = _shape_text(s.shape, sizes), _shape_text(r.shape, sizes)
    if s.shape != r.shape:
        if s.T.shape == r.shape and np.allclose(s.T, r, rtol=RTOL, atol=ATOL):
            return {"code": "row_vector" if r.ndim == 1 else "transposed", "got": got, "want": want}
        if r.ndim == 2 and 1 not in r.shape and (s.ndim < 2 or 1 in s.shape):
            return {"code": "outer_needed", "got": got, "want": want}
        if got == want:  # numpy (n,) against (n, 1): the same on paper, not in numpy
            got, want = str(s.shape), str(r.shape)
        return {"code": "shape", "got": got, "want": want}
    differ = ~np.isclose(s, r, rtol=RTOL, atol=ATOL)
    if differ.any() and np.all(np.abs(r[differ]) <= ATOL):
        return {"code": "missing_mask"}
    return feedback.arrays(s, r)
