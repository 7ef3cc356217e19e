"""Name the usual mistake behind a wrong answer, from the values already computed.

Given the student's values s and the reference's r at the same points: s = −r (opposite sign),
s = c·r (a constant factor, 2 and ½ being the classics), r = s·f for a factor f of the reference or
a derivative factor σ′ = σ(1 − σ), 1 − tanh² (a missing factor), s = r·f (an extra factor), and for
arrays s = rᵀ (transposed) or an index off by one (onehot(y − 1) against onehot(y)).
``MESSAGES`` is the one table of what students and teachers read (mistakes, verdicts, grading
notes) in French and English; ``say`` and ``message`` turn its entries into sentences.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from tdgrad.display import show

if TYPE_CHECKING:  # numpy and SymPy are imported where a diagnosis needs them: the words and a
    import numpy as np  # plain number's slip serve `tdgrad check` without their start-up time
    import sympy as sp

TOL = 1e-7

MESSAGES = {
    "sign": {"fr": "le signe est opposé", "en": "the sign is wrong"},
    "factor": {"fr": "le résultat est multiplié par {factor}", "en": "off by a constant factor {factor}"},
    "missing_factor": {"fr": "il manque le facteur {factor}", "en": "a factor {factor} is missing"},
    "extra_factor": {"fr": "le facteur {factor} est en trop", "en": "the factor {factor} should not be there"},
    "constant": {"fr": "différent d'une constante {factor}", "en": "off by a constant {factor}"},
    "missing_term": {"fr": "il manque le terme {factor} (un chemin oublié dans la règle de la chaîne ?)",
                     "en": "the term {factor} is missing (a path forgotten in the chain rule?)"},
    "extra_term": {"fr": "le terme {factor} est en trop", "en": "the term {factor} should not be there"},
    "transposed": {"fr": "la matrice est transposée", "en": "the matrix is transposed"},
    "off_by_one": {"fr": "un indice est décalé de un (onehot(y−1) au lieu de onehot(y) ?)",
                   "en": "an index is off by one (onehot(y−1) instead of onehot(y)?)"},
    "shape": {"fr": "la forme est {got} au lieu de {want}", "en": "the shape is {got} instead of {want}"},
    "entries": {"fr": "composantes fausses : {factor}", "en": "wrong entries: {factor}"},
    "rounding": {"fr": "arrondi trop tôt ou trop grossier", "en": "rounded too early or too coarsely"},
    # array answers (numpy or matrix notation): student.array_check
    "onehot_shifted": {"fr": "one-hot décalé de un : numérotez les classes comme l'énoncé "
                             "(np.eye(m)[y] si elles partent de 0, np.eye(m)[y-1] si elles partent de 1)",
                       "en": "one-hot shifted by one: number the classes as the statement does "
                             "(np.eye(m)[y] when they start at 0, np.eye(m)[y-1] when they start at 1)"},
    "onehot_literal": {"fr": "le vecteur one-hot doit être construit à partir de y (np.eye(m)[y], "
                             "onehot_m(y)), pas écrit à la main",
                       "en": "build the one-hot vector from y (np.eye(m)[y], onehot_m(y)), not by hand"},
    "outer_needed": {"fr": "la forme est {got} au lieu de {want} : il faut un produit extérieur",
                     "en": "the shape is {got} where {want} is expected: an outer product is needed"},
    "row_vector": {"fr": "vecteur ligne {got} au lieu du vecteur colonne {want}",
                   "en": "a row vector {got} where the column {want} is expected"},
    "missing_mask": {"fr": "des composantes qui devraient être nulles ne le sont pas (il manque 𝟙(hᵃ > 0) ?)",
                     "en": "entries that should be 0 are not (is 𝟙(hᵃ > 0) missing?)"},
    "hard_coded": {"fr": "juste avec les tailles de l'énoncé seulement : écrivez {names} plutôt que {factor}",
                   "en": "right for the statement's sizes only: write {names} rather than {factor}"},
    "array_fails": {"fr": "le calcul échoue sur les tableaux de l'exercice : {factor}",
                    "en": "this fails on the exercise's arrays: {factor}"},
    # verdicts of one answer (grade, check)
    "correct": {"fr": "correct", "en": "correct"},
    "wrong": {"fr": "faux", "en": "wrong"},
    "unparsable": {"fr": "illisible", "en": "unreadable"},
    "undecided": {"fr": "indécidable", "en": "undecided"},
    "expected": {"fr": "attendu environ {value}", "en": "expected about {value}"},
    "expected_text": {"fr": "attendu : {value}", "en": "expected: {value}"},
    "from_zero": {"fr": "les exemples sont numérotés à partir de 0", "en": "the examples are numbered from 0"},
    "restated": {"fr": "la question demande {asked} : exprimez-la sans dérivée (sans ′ ni d/d…)",
                 "en": "{asked} is what is asked: write it without a derivative (no ′, no d/d…)"},
    # the web page, where students try again: the same verdict without the value
    "not_expected": {"fr": "ce n'est pas la valeur attendue", "en": "not the expected value"},
    "timeout": {"fr": "vérification trop longue", "en": "the check took too long"},
    "counterexample": {"fr": "en {point} : {got} au lieu de {want}", "en": "at {point}: {got} instead of {want}"},
    "numeric_only": {"fr": "égalité vérifiée numériquement, non prouvée", "en": "checked numerically, not proven"},
    "sides": {"fr": "en {point} : {lhs} à gauche, {rhs} à droite", "en": "at {point}: {lhs} on the left, {rhs} on the right"},
    "sides_numbers": {"fr": "{lhs} à gauche, {rhs} à droite", "en": "{lhs} on the left, {rhs} on the right"},
    "partly": {"fr": "égale seulement là où les deux sont définies (pas en {point})",
               "en": "equal only where both are defined (not at {point})"},
    "not_real": {"fr": "ce n'est pas un nombre réel", "en": "not a real number"},
    # verdicts of two expressions (equiv) and of a derivation's steps
    "equivalent": {"fr": "équivalentes", "en": "equivalent"},
    "numerically equivalent": {"fr": "égales numériquement (non prouvé)",
                               "en": "numerically equivalent (not proven)"},
    "partly equivalent": {"fr": "égales seulement là où les deux sont définies",
                          "en": "equal only where both are defined"},
    "not equivalent": {"fr": "non équivalentes", "en": "not equivalent"},
    "holds": {"fr": "tient", "en": "holds"},
    "holds numerically": {"fr": "tient numériquement (non prouvé)", "en": "holds numerically (not proven)"},
    "holds where defined": {"fr": "tient seulement là où les deux membres sont définis",
                            "en": "holds only where both sides are defined"},
    "rounded": {"fr": "tient (arrondi correct)", "en": "holds (correctly rounded)"},
    "fails": {"fr": "NE TIENT PAS", "en": "FAILS"},
    "first_wrong_step": {"fr": "première étape fausse", "en": "first wrong step"},
}


def say(code: str, lang: str = "fr", **values) -> str:
    """The sentence for ``code`` in ``lang``, e.g. ``say("expected", "en", value="0.034")``."""
    return MESSAGES[code][lang].format(**values)


def message(diagnosis: dict | None, lang: str = "fr") -> str:
    """A diagnosis (``{"code": ..., ...}``) as a sentence; empty when there is none."""
    if not diagnosis:
        return ""
    values = {k: diagnosis.get(f"{k}_{lang}", v) for k, v in diagnosis.items() if k != "code"}  # factor_fr
    return say(diagnosis["code"], lang, **{k: shown(v) if k == "factor" and isinstance(v, str) else v
                                           for k, v in values.items()})


def shown(text: str) -> str:
    """SymPy's text of a factor or term as the course writes it, for a sentence:
    ``-e*v_2*x_2*Heaviside(a_2, 0)`` → ``−e·v_2·x_2·H(a_2)``, ``1 - sigmoid(a*x)`` → ``1 − σ(a·x)``."""
    while "Heaviside(" in text:  # H(u): its value at 0 (the second argument) is the course's convention
        start = text.index("Heaviside(") + len("Heaviside(")
        depth, i = 1, start
        while depth and i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        inner = text[start:i - 1]
        text = text[:start - len("Heaviside(")] + "H(" + inner.removesuffix(", 0") + ")" + text[i:]
    text = text.replace("**", "^").replace("*", "·").replace("sigmoid(", "σ(").replace("yhat", "ŷ")
    return ("−" + text[1:] if text.startswith("-") else text).replace(" - ", " − ").replace("(-", "(−")


def _constant(ratio: np.ndarray) -> float | None:
    import numpy as np

    ratio = ratio[np.isfinite(ratio)]
    if len(ratio) and np.allclose(ratio, ratio[0], rtol=1e-6, atol=TOL):
        return float(ratio[0])
    return None


def _factor_name(c: float) -> str:
    return {2.0: "2", 0.5: "1/2", -2.0: "-2", -0.5: "-1/2"}.get(round(c, 9), show(c, "en"))


def _ratio(c: float) -> dict | None:
    """The slip a constant ratio student/reference shows: the sign, or a factor."""
    if abs(c - 1) > 1e-6:
        if abs(c + 1) < 1e-6:
            return {"code": "sign"}
        if abs(c) > TOL:
            return {"code": "factor", "factor": _factor_name(c)}
    return None


def number_slip(s: float, r: float) -> dict | None:
    """``scalar`` for one number against one number, without numpy."""
    c = s / r if abs(r) > TOL else math.nan
    return _ratio(c) if math.isfinite(c) else None


def scalar(s: np.ndarray, r: np.ndarray) -> dict | None:
    """Mistakes seen from values alone (numbers or sampled functions)."""
    import numpy as np

    s, r = np.asarray(s, float), np.asarray(r, float)
    nz = np.abs(r) > TOL
    if nz.any():
        c = _constant(s[nz] / r[nz])
        found = None if c is None else _ratio(c)
        if found:
            return found
    if s.size > 1:
        d = _constant(s - r)
        if d is not None and abs(d) > TOL:
            return {"code": "constant", "factor": show(d, "en")}
    return None


def _candidate_factors(r: sp.Expr) -> list[sp.Expr]:
    import sympy as sp

    from tdgrad.functions import sigmoid

    factors = [f for f in sp.Mul.make_args(r) if f.free_symbols]
    atoms = sp.default_sort_key  # atoms() is a set, ordered by hash: one order for every run
    for s in sorted(r.atoms(sigmoid), key=atoms):
        factors.append(s * (1 - s))
    for t in sorted(r.atoms(sp.tanh), key=atoms):
        factors.append(1 - t ** 2)
    for h in sorted(r.atoms(sp.Heaviside), key=atoms):
        factors.append(h)
    return list(dict.fromkeys(factors))


def clues(reference: sp.Expr):
    """What a wrong answer may have lost or gained from ``reference``, in the order they are tried:
    ``("factor", f)`` for its factors and derivative factors, then ``("term", t)`` for the terms of
    its expansion (when it has more than one). Expanding waits until the factors are exhausted."""
    import sympy as sp

    for f in _candidate_factors(reference):
        yield "factor", f
    terms = sp.Add.make_args(sp.expand(reference))
    for t in terms if len(terms) > 1 else ():
        yield "term", t


def diagnose(student: sp.Expr, reference: sp.Expr, data: dict) -> dict | None:
    """The usual mistake that turns ``reference`` into ``student``, if one fits every point."""
    from tdgrad.functions import course_latex
    from tdgrad.student.equivalence import values_at

    return explain(data["a"], data["b"], ((kind, str(e), lambda e=e: course_latex(e),
                                           lambda e=e: values_at(e, data["symbols"], data["points"]))
                                          for kind, e in clues(reference)))


def explain(s: np.ndarray, r: np.ndarray, candidates) -> dict | None:
    """The mistake that turns the reference's values ``r`` into the student's ``s``: a sign, a
    constant factor or offset, else the first candidate ``(kind, text, latex(), values())`` (a
    factor or term of the reference, see ``clues``) that is missing or in excess at every point."""
    import numpy as np

    found = scalar(s, r)
    if found:
        return found
    for kind, text, latex, values in candidates:
        v = values()
        ok = np.isfinite(v)
        if ok.sum() < 4:
            continue
        with np.errstate(all="ignore"):  # a huge answer overflows here: no fit, and no warning printed
            missing = np.allclose(s[ok] * v[ok] if kind == "factor" else s[ok] + v[ok], r[ok], rtol=1e-7, atol=TOL)
            extra = np.allclose(s[ok], r[ok] * v[ok] if kind == "factor" else r[ok] + v[ok], rtol=1e-7, atol=TOL)
        if missing:
            return {"code": f"missing_{kind}", "factor": text, "latex": latex()}
        if extra:
            return {"code": f"extra_{kind}", "factor": text, "latex": latex()}
    return None


def _rounded_slip(s: np.ndarray, r: np.ndarray) -> dict | None:
    """A sign or a factor (2, ½, 10…) that every entry shows once the student's rounding is allowed
    for; else entries all right to the decimals written but too coarse for the rule (0,3 for 0,296)."""
    import numpy as np

    from tdgrad.student.numbers import array_decimals, right_array

    nz = np.abs(r) > TOL
    if nz.sum() >= 2:
        c = float(np.median(s[nz] / r[nz]))
        nice = float(f"{c:.2g}")  # the factor a slip makes is a round number: -1, 2, 0.5, 10
        if abs(nice - 1) > 1e-9 and abs(nice) > TOL and all(right_array(s, nice * r)):
            return _ratio(nice)
    d = array_decimals(s)
    if d is None:
        return None
    unit = 10.0 ** -d
    seen = np.abs(r) >= unit  # entries the written decimals can show
    if seen.any() and np.all(np.sign(s[seen]) == np.sign(r[seen])) and np.all(np.abs(s - r) <= 0.5 * unit * (1 + 1e-9)):
        return {"code": "rounding"}
    return None


def arrays(s: np.ndarray, r: np.ndarray) -> dict | None:
    """Mistakes between a student's array and the reference array; else the entries that are off
    (1-based, at most four named), so that a wrong table never comes back without a word."""
    import numpy as np

    from tdgrad.student.numbers import right_array

    s, r = np.asarray(s, float), np.asarray(r, float)
    if s.shape != r.shape:
        if s.T.shape == r.shape and all(right_array(s.T.ravel(), r.ravel())):
            return {"code": "transposed"}
        return {"code": "shape", "got": "×".join(map(str, s.shape)) or "scalar",
                "want": "×".join(map(str, r.shape)) or "scalar"}
    if s.ndim == 2 and s.shape[0] == s.shape[1] and not np.allclose(s, s.T) and all(right_array(s.T.ravel(), r.ravel())):
        return {"code": "transposed"}
    d = r - s
    big = np.flatnonzero(np.abs(d.ravel()) > 1e-6)
    if len(big) == 2 and s.ndim == 1 and abs(big[0] - big[1]) == 1 and np.allclose(abs(d.ravel()[big]), 1) \
            and abs(d.ravel()[big].sum()) < 1e-6:  # e_{y−1} − e_y: one +1 and one −1
        return {"code": "off_by_one"}
    if not s.size:
        return None
    found = _rounded_slip(s.ravel(), r.ravel())
    if found:
        return found
    off = [i for i, ok in enumerate(right_array(s.ravel(), r.ravel())) if not ok]
    if not off:
        return None
    where = [str(i + 1) if s.ndim == 1 else f"({i // s.shape[1] + 1}, {i % s.shape[1] + 1})" for i in off[:4]]
    return {"code": "entries", "factor": ", ".join(where) + (", …" if len(off) > 4 else "")}
