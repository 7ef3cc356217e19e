"""A verdict's reason in French: the "why" after équivalentes, NE TIENT PAS, indécidable.

The checks word their reasons in English, the teacher's default (`tdgrad equiv --json` keeps them
so); a student's page and a French command line show them in French. A reason is a few parts
joined by "; " (the evidence, then the proof or why there is none): each part is matched against
``FRENCH``, English pattern → French, and a part nothing matches is left as it was (the test walks
the checks' reasons so that none is).
"""

from __future__ import annotations

import re
from typing import Callable, Union

_SIDE = {"first": "premier", "second": "second"}
_SIDE_F = {"first": "première", "second": "seconde"}
_SHAPE = [  # the shape errors of indexed/meaning.py, after "as written, the step"
    (r"uses (.+) at (.+), outside its (.+) entries", r"utilise \1 en \2, hors de ses \3 composantes"),
    (r"adds (.+) and (.+)", r"ajoute \1 et \2"),
    (r"⊙ of (.+) and (.+)", r"fait ⊙ de \1 et \2"),
    (r"the product of (.+) and (.+) is not defined", r"fait le produit de \1 et \2, qui n'est pas défini"),
    (r"division by a vector or a matrix", "divise par un vecteur ou une matrice"),
    (r"a power of a vector or a matrix", "élève un vecteur ou une matrice à une puissance"),
    (r"an entry of something that is not a vector", "prend une composante de ce qui n'est pas un vecteur"),
    (r"a row or column of something that is not a matrix", "prend une ligne ou une colonne de ce qui n'est pas une matrice"),
    (r"softmax of a scalar", "prend le softmax d'un scalaire"),
    (r"the rows of a matrix have different lengths", "écrit une matrice aux lignes de longueurs différentes"),
]


def _SHAPE_FR(text: str) -> str:
    for pattern, to in _SHAPE:
        m = re.fullmatch(pattern, text)
        if m:
            return m.expand(to)
    return text


_GIVEN = {"values given": "valeurs données", "numbers written": "nombres écrits"}


def _proven(m: re.Match) -> str:
    of = f" en tant que fonction rationnelle de {m['of']}" if m["of"] else ""
    on = f" de chaque côté de {m['on'].replace(' = 0, ', ' = 0, de ')}" if m["on"] else ""
    log = ", une fois ses logarithmes réunis en un seul, d'argument 1" if m["log"] else ""
    return f"la différence est nulle{of}{on}{log} (calcul exact de son numérateur en {m['n']} points)"


FRENCH: list[tuple[str, Union[str, Callable[[re.Match], str]]]] = [
    (r"equal at (\d+) random points and (\d+) exact points(?P<late> \(exact check out of time\))?",
     lambda m: f"égales en {m[1]} points tirés au hasard et en {m[2]} points exacts"
               + (" (vérification exacte interrompue faute de temps)" if m["late"] else "")),
    (r"too few random points and (\d+) exact points(?P<late> \(exact check out of time\))?",
     lambda m: f"trop peu de points tirés au hasard, et {m[1]} points exacts"
               + (" (vérification exacte interrompue faute de temps)" if m["late"] else "")),
    (r"equal at (\d+) random points", r"égales en \1 points tirés au hasard"),
    (r"SymPy simplifies the difference to 0", "SymPy simplifie la différence en 0"),
    (r"not proven: SymPy could not simplify the difference to 0",
     "non prouvé : SymPy n'a pas su simplifier la différence en 0"),
    (r"not proven: SymPy ran out of time \((.+) s\)", r"non prouvé : SymPy a manqué de temps (\1 s)"),
    (r"not proven: no proof attempted", "non prouvé : aucune preuve tentée"),
    (r"not proven", "non prouvé"),
    (r"the difference is 0(?: as a rational function of (?P<of>.+?))?(?: on each side of (?P<on>.+?))?"
     r"(?P<log>, once its logarithms are made one, of argument 1)? "
     r"\(exact arithmetic on its numerator at (?P<n>\d+) points\)", _proven),
    (r"the values differ at (.+?): (.+) and (.+) \(computed exactly where random sampling is blind\)",
     r"les valeurs diffèrent en \1 : \2 et \3 (calcul exact, là où le tirage au hasard ne voit rien)"),
    (r"the values differ", "les valeurs diffèrent"),
    (r"defined on different domains", "définies sur des domaines différents"),
    (r"equal where both are defined, but only the (first|second) is defined here",
     lambda m: f"égales là où les deux sont définies, mais seule la {_SIDE_F[m[1]]} l'est ici"),
    (r"too few points where both expressions are defined", "trop peu de points où les deux expressions sont définies"),
    (r"too few points where both sides are defined", "trop peu de points où les deux membres sont définis"),
    (r"not a real number: (.*)", r"pas un nombre réel : \1"),
    (r"different numbers: (.*)", r"nombres différents : \1"),
    (r"the same exact number (.*)", r"le même nombre exact \1"),
    (r"the same number", "le même nombre"),
    (r"equal to (\d+) significant digits", r"égales à \1 chiffres significatifs"),
    (r"the check was stopped: (.*)", r"vérification interrompue : \1"),
    (r"stopped: more than (.+) s", r"interrompu : plus de \1 s"),
    (r"stopped: (.*)", r"interrompu : \1"),
    (r"out of memory", "mémoire épuisée"),
    (r"memory limit \((\d+) MB\)", r"limite de mémoire (\1 Mo)"),
    (r"cannot evaluate: (.*)", r"impossible d'évaluer : \1"),
    # ⇔ steps (derivation.py)
    (r"both equations are false", "les deux équations sont fausses"),
    (r"both equations hold for every value of their variables",
     "les deux équations sont vraies pour toute valeur de leurs variables"),
    (r"could not compare the two equations \(SymPy cannot solve them\)",
     "impossible de comparer les deux équations (SymPy ne sait pas les résoudre)"),
    (r"the same equation", "la même équation"),
    (r"the same equation multiplied by (.+)", r"la même équation multipliée par \1"),
    (r"the same solutions for (.+?): none", r"les mêmes solutions en \1 : aucune"),
    (r"the same solutions for (.+?): (.*)", r"les mêmes solutions en \1 : \2"),
    (r"(.+) solves the (first|second) equation, not the other",
     lambda m: f"{m[1]} est solution de la {_SIDE_F[m[2]]} équation, pas de l'autre"),
    (r"the (first|second) equation holds for every value, the (first|second) does not",
     lambda m: f"la {_SIDE_F[m[1]]} équation est vraie pour toute valeur, la {_SIDE_F[m[2]]} non"),
    (r"the (first|second) equation holds for every value",
     lambda m: f"la {_SIDE_F[m[1]]} équation est vraie pour toute valeur"),
    (r"the (first|second): (.*)", lambda m: f"la {_SIDE_F[m[1]]} : {say(m[2], 'fr')}"),
    # a step that substitutes the statement's values or computes with rounded numbers (derivation.py)
    (r"a substitution: the value of (.+) is not given \(write it on a line of its own: (.+) = …\)",
     r"une substitution : la valeur de \1 n'est pas donnée (écrivez-la sur une ligne à part : \2 = …)"),
    (r"equal with the (values given|numbers written)(?P<dec> \(to the decimals written\))?",
     lambda m: f"égales avec les {_GIVEN[m[1]]}" + (" (aux décimales écrites près)" if m["dec"] else "")),
    (r"the values differ with the (values given|numbers written)",
     lambda m: f"les valeurs diffèrent avec les {_GIVEN[m[1]]}"),
    # indexed steps (indexed/)
    (r"holds in all (\d+) instances \((.*)\)",
     lambda m: f"vraie dans les {m[1]} cas ({say(m[2], 'fr')})"),
    (r"every value of the free indices", "toute valeur des indices libres"),
    (r"SymPy simplifies every difference to 0 \(proven for these sizes\)",
     "SymPy simplifie chaque différence en 0 (prouvé pour ces tailles)"),
    (r"SymPy could not simplify every difference to 0 \(numeric evidence only\)",
     "SymPy n'a pas su simplifier chaque différence en 0 (vérification numérique seulement)"),
    (r"numeric evidence only \(too large or too slow for SymPy\)",
     "vérification numérique seulement (trop grand ou trop lent pour SymPy)"),
    (r"the factor (.+) does not fit: with (.+) in place of (.+) the step holds",
     r"le facteur \1 ne convient pas : avec \2 à la place de \3, l'étape tient"),
    (r"no sizes", "aucune taille"),
    (r"false for (.*)", r"fausse pour \1"),
    (r"no value of the indices satisfies the condition", "aucune valeur des indices ne satisfait la condition"),
    (r"as written, one side is (.*) and the other (.*)", r"tels qu'écrits, un membre vaut \1 et l'autre \2"),
    (r"as written, the step (.*)", lambda m: "telle qu'écrite, l'étape " + _SHAPE_FR(m[1])),
    (r"(.+) is (.+) rounded to (\d+) decimals", lambda m: f"{m[1]} est {m[2].replace('.', ',')} arrondi à {m[3]} décimales"),
    (r"(.+) has no definition: if this line defines it, write (.+) := …",
     r"\1 n'a pas de définition : si cette ligne le définit, écrivez \2 := …"),
    (r"\((.+?) (=|≠) (.+?)\) (.+)", lambda m: f"({m[1]} {m[2]} {m[3]}) {say(m[4], 'fr')}"),
]
_COMPILED = [(re.compile(pattern + r"\Z", re.S), french) for pattern, french in FRENCH]


def parts(reason: str) -> list[str]:
    """``reason`` split at "; " outside parentheses."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(reason):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and reason.startswith("; ", i):
            out.append(reason[start:i])
            start = i + 2
    return out + [reason[start:]]


def french(part: str) -> str | None:
    """One part in French, or None when no pattern knows it."""
    for pattern, to in _COMPILED:
        m = pattern.match(part)
        if m:
            return to(m) if callable(to) else m.expand(to)
    return None


def say(reason: str, lang: str) -> str:
    """``reason`` in ``lang`` ("en" as it is)."""
    if lang != "fr" or not reason:
        return reason
    return " ; ".join(french(p) or p for p in parts(reason))
