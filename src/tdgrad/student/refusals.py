"""What the reader says when it refuses a student's text, in French as well as in English.

A refusal is raised with its English template and values (``ExpressionError("unexpected
character '{char}'", text, i, char="@")``); the template is the key of ``FRENCH`` below, so a raise
site reads as the English sentence and the sentence is said in the student's language only where
it is shown (``ExpressionError.say(lang)``). ``tests/test_refusals.py`` walks the reader's source:
every template raised has its French twin here with the same placeholders, and every entry here is
raised somewhere. French follows ``feedback.MESSAGES``: « » around quoted text, a space before
« : », « ; » and « ? ».
"""

from __future__ import annotations

from tdgrad.errors import Message

FRENCH = {
    # where: errors.ExpressionError.say, read.read, derivation and indexed steps
    "{message} (at character {n})": "{message} (au caractère {n})",
    "{message}, near '{near}'": "{message}, près de « {near} »",
    "could not read '{text}': {error}": "impossible de lire « {text} » : {error}",
    # bounds and characters (read, parse, tokens, latex)
    "an answer must be text": "une réponse doit être du texte",
    "answer too long ({length} characters, at most {most})":
        "réponse trop longue ({length} caractères, {most} au plus)",
    "unexpected control character": "caractère de contrôle inattendu",
    "unexpected character '{char}'": "caractère inattendu « {char} »",
    "'{word}' is a word, not part of an answer: write only the answer":
        "« {word} » est un mot, pas une partie de la réponse : écrivez seulement la réponse",
    "unexpected '{what}'": "« {what} » inattendu",
    "the answer ends too early": "la réponse s'arrête trop tôt",
    "expected '{what}' here": "« {what} » attendu ici",
    "too deeply nested (more than {depth} levels)": "trop de niveaux imbriqués (plus de {depth})",
    "name too long ('{start}…', at most {most} characters)": "nom trop long (« {start}… », {most} caractères au plus)",
    # the answer as a whole (student.read)
    "d{f}/d{x} is a name for a derivative, not its expression: write what it equals":
        "d{f}/d{x} est le nom d'une dérivée, pas son expression : écrivez ce qu'elle vaut",
    "\\sqrt[n]{{…}} needs a whole number n from 2 to 100": "\\sqrt[n]{{…}} demande un entier n de 2 à 100",
    "the pieces leave values undefined: end with '… sinon' (otherwise) or give every case":
        "les morceaux laissent des valeurs non définies : terminez par « … sinon » ou donnez tous les cas",
    "'{text}' has two readings: e − {n}, or e^-{n} (write e^(-{n}) for a power of e)":
        "« {text} » se lit de deux façons : e − {n}, ou e^-{n} (écrivez e^(-{n}) pour une puissance de e)",
    "'{text}' has two readings: {a} × 10 − {n}, or {a} × 10^-{n} (write the ^ for a power of ten)":
        "« {text} » se lit de deux façons : {a} × 10 − {n}, ou {a} × 10^-{n} (écrivez le ^ pour une "
        "puissance de dix)",
    "'{text}' has two readings: a product by a power of ten (write 3×10^-2 or 3e-2) or the number 3.10 raised "
    "to a power (write (3.10)^…)":
        "« {text} » se lit de deux façons : un produit par une puissance de dix (écrivez 3×10^-2 ou 3e-2) ou le "
        "nombre 3,10 élevé à une puissance (écrivez (3.10)^…)",
    "'{text}' reads as an index (not a scalar answer) or a product: for a product write it with * and parentheses":
        "« {text} » se lit comme un indice (pas une réponse scalaire) ou comme un produit : pour un produit, "
        "écrivez-le avec * et des parenthèses",
    "nothing after '=': write the answer after it": "rien après « = » : écrivez la réponse après",
    "a piece without its condition: '{piece}' (write '1 si a > 0, 0 sinon')":
        "un morceau sans sa condition : « {piece} » (écrivez « 1 si a > 0, 0 sinon »)",
    "a piecewise answer is 'v1 si condition1, v2 si condition2, …, v sinon' (at most 4 pieces, 'sinon' last)":
        "une réponse par morceaux s'écrit « v1 si condition1, v2 si condition2, …, v sinon » (4 morceaux au plus, "
        "« sinon » en dernier)",
    # the whitelist (parse.py): the key's expressions and the sides of equiv too
    "an expression must be text, not {kind}": "une expression doit être du texte, pas {kind}",
    "expression too long ({length} characters, at most {most})": "expression trop longue ({length} caractères, {most} au plus)",
    "empty expression": "expression vide",
    "not a valid expression: {why}": "expression invalide : {why}",
    "cannot make sense of this expression ({why})": "impossible de donner un sens à cette expression ({why})",
    "a comparison is only allowed inside an indicator such as 1(a > 0)":
        "une comparaison n'est permise que dans une indicatrice comme 1(a > 0)",
    "comparisons are only allowed inside an indicator such as 1(a > 0)":
        "les comparaisons ne sont permises que dans une indicatrice comme 1(a > 0)",
    "expression too deep (more than {depth} levels)": "expression trop imbriquée (plus de {depth} niveaux)",
    "'{what}' is not allowed in an expression": "« {what} » n'est pas autorisé dans une expression",
    "only numbers are allowed as constants, not {value}": "seuls des nombres sont autorisés comme constantes, pas {value}",
    "number too large (more than {most})": "nombre trop grand (plus de {most})",
    "'{name}' is not an allowed variable name": "« {name} » n'est pas un nom de variable autorisé",
    "unknown variable '{name}' (allowed: {allowed})": "variable inconnue « {name} » (autorisées : {allowed})",
    "unknown variable '{name}' (this expression has no variable)":
        "variable inconnue « {name} » (cette expression n'a pas de variable)",
    "only + and - may stand before a term": "seuls + et - peuvent précéder un terme",
    "only + - * / and ^ (or **) are allowed between terms": "seuls + - * / et ^ (ou **) sont autorisés entre les termes",
    "exponent too large (at most {most} in size)": "exposant trop grand ({most} au plus en valeur absolue)",
    "division by zero": "division par zéro",
    "only calls to known functions such as exp(...) are allowed":
        "seuls les appels de fonctions connues comme exp(...) sont autorisés",
    "unknown function '{name}' (known: {known})": "fonction inconnue « {name} » (connues : {known})",
    "unknown function '{name}'": "fonction inconnue « {name} »",
    # LaTeX (student.latex)
    "unknown LaTeX command \\{command}": "commande LaTeX inconnue \\{command}",
    "unknown symbol \\{command}{{{arg}}}": "symbole inconnu \\{command}{{{arg}}}",
    "unclosed '[' after \\sqrt": "« [ » non fermé après \\sqrt",
    "unbalanced '{{'": "accolade « {{ » non fermée",
    "expected '{{' here": "« {{ » attendu ici",
    # names (student.names)
    "unknown name '{word}'{hint}{known}": "nom inconnu « {word} »{hint}{known}",
    "unknown function '{word}'{hint} (for a product, write the factors with *)":
        "fonction inconnue « {word} »{hint} (pour un produit, écrivez les facteurs avec *)",
    " — did you mean {name}?": " — vouliez-vous dire {name} ?",
    " (variables: {names})": " (variables : {names})",
    "'{text}' has two readings: {product} or {names}; write {typed} for the product of numbers":
        "« {text} » se lit de deux façons : {product} ou {names} ; écrivez {typed} pour le produit de nombres",
    "'{text}' has two readings: the variable {x} or the × sign; write * for a product (and {x} with no space "
    "for the variable: {x}(…), 2{x})":
        "« {text} » se lit de deux façons : la variable {x} ou le signe × ; écrivez * pour un produit (et {x} "
        "sans espace pour la variable : {x}(…), 2{x})",
    "'{word}' splits two ways: {one} or {other}; write the product with *":
        "« {word} » se découpe de deux façons : {one} ou {other} ; écrivez le produit avec *",
    # digits and commas (student.tokens)
    "'{text}' in {name}(…) has two readings: the decimal number {number} or two arguments; write {number} "
    "with a point, or put a space after the comma that separates arguments":
        "« {text} » dans {name}(…) se lit de deux façons : le nombre décimal {number} ou deux arguments ; "
        "écrivez {number} avec un point, ou mettez une espace après la virgule qui sépare les arguments",
    # the grammar (student.grammar): two readings, said with both
    "'{text}' has two readings, a/(bc) or (a/b)·c: add parentheses":
        "« {text} » se lit de deux façons, a/(bc) ou (a/b)·c : ajoutez des parenthèses",
    "two numbers side by side: '{first} {second}'; write one number (1234,5) or a product with *":
        "deux nombres côte à côte : « {first} {second} » ; écrivez un seul nombre (1234,5) ou un produit avec *",
    "'{text}' has two readings: put the exponent in parentheses, e.g. e^({sign}…) or write the product with *":
        "« {text} » se lit de deux façons : mettez l'exposant entre parenthèses, par exemple e^({sign}…), "
        "ou écrivez le produit avec *",
    "'^{exponent}' has two readings: write the exponent in parentheses, e.g. ^({exponent})":
        "« ^{exponent} » se lit de deux façons : mettez l'exposant entre parenthèses, par exemple ^({exponent})",
    "'{text}' has two readings: write √(…) around what is under the root":
        "« {text} » se lit de deux façons : écrivez √(…) autour de ce qui est sous la racine",
    "'{word}' has two readings: the function {word} or the product {product}; write {typed} for the product":
        "« {word} » se lit de deux façons : la fonction {word} ou le produit {product} ; écrivez {typed} "
        "pour le produit",
    "'{word}' has two readings: {own} or {product}": "« {word} » se lit de deux façons : {own} ou {product}",
    "'{word}' has two readings: {prefix} {rest} or {product}; write {prefix}(…) or the product with *":
        "« {word} » se lit de deux façons : {prefix} {rest} ou {product} ; écrivez {prefix}(…) ou le produit avec *",
    "'{word}^' has two readings: {prefix}({rest})^… or {prefix}({rest}^…); write it with parentheses":
        "« {word}^ » se lit de deux façons : {prefix}({rest})^… ou {prefix}({rest}^…) ; écrivez-le avec "
        "des parenthèses",
    "'{name}^{power}' has two readings (a power or an inverse function); write ({name}(…))^{power} or the "
    "inverse function's name":
        "« {name}^{power} » se lit de deux façons (une puissance ou une fonction réciproque) : écrivez "
        "({name}(…))^{power} ou le nom de la fonction réciproque",
    "'{text}' has two readings: write {name}(…) around the whole argument":
        "« {text} » se lit de deux façons : écrivez {name}(…) autour de tout l'argument",
    "'{text}' has two readings ({name} of the power, or the power of {name}): write {name}(…) with the whole "
    "argument in parentheses":
        "« {text} » se lit de deux façons ({name} de la puissance, ou la puissance de {name}) : écrivez "
        "{name}(…) avec tout l'argument entre parenthèses",
    "'({name})' after an indicator has two readings: the indicator applied to {name}, or a product; write * "
    "for a product":
        "« ({name}) » après une indicatrice se lit de deux façons : l'indicatrice appliquée à {name}, ou un "
        "produit ; écrivez * pour un produit",
    "a comparison such as a > 0 is only allowed in an indicator 1(a > 0) or a piecewise answer such as "
    "'1 si a > 0, 0 sinon'":
        "une comparaison comme a > 0 n'est permise que dans une indicatrice 1(a > 0) ou une réponse par "
        "morceaux comme « 1 si a > 0, 0 sinon »",
    "expected a condition such as a > 0": "une condition comme a > 0 est attendue",
    "nothing right after '^': write the exponent just after it (and ŷ as yhat)":
        "rien juste après « ^ » : écrivez l'exposant collé au ^ (et ŷ sous la forme yhat)",
    "expected an exponent after '^'": "un exposant est attendu après « ^ »",
    "a prime ' must follow a function name (tanh'(x)) or a parenthesised expression ((x^2)')":
        "un prime ' doit suivre un nom de fonction (tanh'(x)) ou une expression entre parenthèses ((x^2)')",
    "write √(…) with parentheses here": "écrivez ici √(…) avec des parenthèses",
    "cannot derive with respect to '{word}'": "impossible de dériver par rapport à « {word} »",
    "no derivative known for '{name}'": "dérivée inconnue pour « {name} »",
    "'{name}' is a function: write {name}(…)": "« {name} » est une fonction : écrivez {name}(…)",
    "'{name}' is written without its argument: write it each time, as in σ(z)(1 − σ(z))":
        "« {name} » est écrit sans son argument : écrivez-le à chaque fois, comme dans σ(z)(1 − σ(z))",
    "{name}(…) takes {count} argument{s}, not {given}": "{name}(…) prend {count} argument{s}, pas {given}",
    "{name}(…) takes {low} to {high} arguments, not {given}": "{name}(…) prend de {low} à {high} arguments, pas {given}",
    "a number is expected here": "un nombre est attendu ici",
    "a number is expected here, not words ('{words}'): write only the number":
        "un nombre est attendu ici, pas des mots (« {words} ») : écrivez seulement le nombre",
    # arrays: numpy and the matrix notation (student.matrix, arrays, numpy_calls)
    "the answer is empty": "la réponse est vide",
    "too many lines (at most {most})": "trop de lignes ({most} au plus)",
    "a {bracket} is not closed": "un « {bracket} » n'est pas fermé",
    "something is missing at the end": "il manque quelque chose à la fin",
    # a table of numbers written by hand (student.number_tables)
    "'{text}': the commas may separate the entries or be decimal commas: write ({semi}) with decimal commas, "
    "or [{points}] with decimal points":
        "« {text} » : les virgules séparent-elles les composantes ou les décimales ? écrivez ({semi}) avec des "
        "virgules décimales, ou [{points}] avec des points décimaux",
    "'{text}': the rows have different lengths ({lengths}): write every row in full":
        "« {text} » : les lignes n'ont pas la même longueur ({lengths}) : écrivez chaque ligne en entier",
    "'{entry}' is not a number": "« {entry} » n'est pas un nombre",
    "'{what}' is not allowed in an array answer": "« {what} » n'est pas autorisé dans une réponse en tableau",
    "'{what}' is not understood in an array answer": "« {what} » n'est pas compris dans une réponse en tableau",
    "'{what}' is not understood here": "« {what} » n'est pas compris ici",
    "cannot assign to '{target}'": "impossible d'affecter « {target} »",
    "'//' is not allowed": "« // » n'est pas autorisé",
    "'^' must follow something": "« ^ » doit suivre quelque chose",
    "names with __ are not allowed": "les noms avec __ ne sont pas autorisés",
    "write onehot_m(y) with its argument in parentheses": "écrivez onehot_m(y) avec son argument entre parenthèses",
    "a function needs its argument in parentheses": "une fonction prend son argument entre parenthèses",
    "write the shape after 'est' as d_h \\times d": "écrivez la forme après « est » comme d_h \\times d",
    "write the indicator as 1_{{h^a > 0}}": "écrivez l'indicatrice 1_{{h^a > 0}}",
    "not valid numpy: {why}": "numpy invalide : {why}",
    "answer nested too deeply": "réponse trop imbriquée",
    "numpy says: {why}": "numpy refuse : {why}",
    "these shapes cannot be combined entry by entry": "ces formes ne se combinent pas composante par composante",
    "'{op}' needs the inner sizes to agree": "« {op} » demande que les tailles intérieures s'accordent",
    "the answer has no array value": "la réponse ne donne pas de tableau",
    "these shapes cannot be multiplied": "ces formes ne peuvent pas être multipliées",
    "{what} needs two arrays of the same shape": "{what} demande deux tableaux de même forme",
    "only a name or name[…] can be updated": "seul un nom ou nom[…] peut être modifié",
    "only assignments and expressions are allowed, one per line":
        "seules des affectations et des expressions sont autorisées, une par ligne",
    "np cannot be assigned": "np ne peut pas être affecté",
    "only an array's elements can be assigned": "seuls les éléments d'un tableau peuvent être affectés",
    "cannot unpack into {count} names": "impossible de répartir en {count} noms",
    "only names can be assigned": "seuls des noms peuvent être affectés",
    "the answer takes too long to compute": "le calcul de la réponse est trop long",
    "expression too deep": "expression trop imbriquée",
    "text is only allowed as np.einsum's subscripts or a dtype":
        "du texte n'est autorisé que pour les indices de np.einsum ou un dtype",
    "number too large": "nombre trop grand",
    "'{name}' is what this question asks for: compute it from the other arrays":
        "« {name} » est ce que demande la question : calculez-le à partir des autres tableaux",
    "unknown name '{name}' (this question knows: {known}, and np)":
        "nom inconnu « {name} » (cette question connaît : {known}, et np)",
    "unknown name '{name}' (this question knows only np)": "nom inconnu « {name} » (cette question ne connaît que np)",
    "a comprehension must run over an array, a list or a range":
        "une compréhension doit parcourir un tableau, une liste ou un range",
    "exponent too large (at most {most})": "exposant trop grand ({most} au plus)",
    "only + - * / @ ** are allowed between arrays": "seuls + - * / @ ** sont autorisés entre tableaux",
    "only < <= > >= == != are allowed": "seuls < <= > >= == != sont autorisés",
    "np.{name} is not allowed here (call np.{name}(…) if it is a function)":
        "np.{name} n'est pas autorisé ici (appelez np.{name}(…) si c'est une fonction)",
    "np.{name} is not allowed in an answer": "np.{name} n'est pas autorisé dans une réponse",
    "'.{name}' is not allowed here (array attributes: .T .shape .size .ndim)":
        "« .{name} » n'est pas autorisé ici (attributs de tableau : .T .shape .size .ndim)",
    "*arguments are not allowed": "les *arguments ne sont pas autorisés",
    "the keyword {name}= is not allowed (only {known})": "le mot-clé {name}= n'est pas autorisé (seulement {known})",
    "a dtype must be float, int, bool or np.float64": "un dtype doit être float, int, bool ou np.float64",
    "np.{name} is not allowed in an answer (np.outer, np.dot, np.eye, np.zeros, np.einsum, np.concatenate, "
    "np.where… are)":
        "np.{name} n'est pas autorisé dans une réponse (np.outer, np.dot, np.eye, np.zeros, np.einsum, "
        "np.concatenate, np.where… le sont)",
    "np.{name} takes its arrays in one tuple, np.{name}((a, b, c)): here a parenthesis closes it after the "
    "first array":
        "np.{name} prend ses tableaux dans un seul tuple, np.{name}((a, b, c)) : ici une parenthèse le ferme "
        "après le premier tableau",
    "'.{name}(…)' is not allowed (array methods: {known})": "« .{name}(…) » n'est pas autorisé (méthodes de tableau : {known})",
    ".astype takes one dtype": ".astype prend un seul dtype",
    "{name}() takes no keyword here": "{name}() ne prend pas de mot-clé ici",
    "'{name}(…)' is not a function tdgrad knows": "« {name}(…) » n'est pas une fonction connue de tdgrad",
    "onehot_{m}({k}): the statement numbers classes {first}…{last}":
        "onehot_{m}({k}) : l'énoncé numérote les classes de {first} à {last}",
    "the shape stated after 'est' is not the shape of the expression":
        "la forme annoncée après « est » n'est pas celle de l'expression",
    "'{name}' is not allowed": "« {name} » n'est pas autorisé",
    "only an array can be indexed": "seul un tableau peut être indexé",
    "index {index} is outside {first}…{last}": "l'indice {index} sort de {first}…{last}",
    "sizes must be whole numbers, not {value}": "les tailles doivent être des entiers, pas {value}",
    "negative dimensions": "dimensions négatives",
    "list too large (more than {most} elements)": "liste trop grande (plus de {most} éléments)",
    "range too large (more than {most} elements)": "range trop grand (plus de {most} éléments)",
    "array too large (more than {most} elements)": "tableau trop grand (plus de {most} éléments)",
    "product too large to compute": "produit trop grand pour être calculé",
    "np.arange with a zero step": "np.arange avec un pas nul",
    "np.einsum needs subscripts such as 'ij,j->i' first": "np.einsum veut d'abord ses indices, par exemple 'ij,j->i'",
    "np.einsum: '{subscripts}' names {named} arrays, {given} given":
        "np.einsum : « {subscripts} » nomme {named} tableaux, {given} donnés",
    "np.einsum: '{term}' is for a {want}-d array, this one is {got}-d":
        "np.einsum : « {term} » est pour un tableau à {want} dimensions, celui-ci en a {got}",
    "np.einsum: index {letter} has sizes {one} and {other}": "np.einsum : l'indice {letter} a les tailles {one} et {other}",
    "np.einsum: the output '{output}' must use input indices once each":
        "np.einsum : la sortie « {output} » doit utiliser chaque indice d'entrée une seule fois",
    "np.einsum: too much work": "np.einsum : trop de calcul",
    # derivations with indices (student.indexed)
    "an empty member": "un membre vide",
    "cannot read '{near}'": "impossible de lire « {near} »",
    "the display is too long (20000 characters at most)": "la formule est trop longue (20000 caractères au plus)",
    "unexpected character '{char}' in '{near}'": "caractère inattendu « {char} » dans « {near} »",
    "too many symbols ({most} at most)": "trop de symboles ({most} au plus)",
    "expected '{expected}' near '{near}'": "« {expected} » attendu près de « {near} »",
    "the expression ends too early": "l'expression s'arrête trop tôt",
    "nested too deeply ({most} levels at most)": "trop de niveaux imbriqués ({most} au plus)",
    "∂/∂… needs an expression after it": "∂/∂… doit être suivi d'une expression",
    "a slice is written [i, :] or [:, j]": "une tranche s'écrit [i, :] ou [:, j]",
    "{command}{{…}} takes one letter": "{command}{{…}} prend une seule lettre",
    "∂ outside a derivative ∂f/∂x or \\frac{{\\partial f}}{{\\partial x}}":
        "∂ hors d'une dérivée ∂f/∂x ou \\frac{{\\partial f}}{{\\partial x}}",
    "unknown LaTeX command {command}": "commande LaTeX inconnue {command}",
    "cannot read '{command}' near '{near}'": "impossible de lire « {command} » près de « {near} »",
    "a derivative is written \\frac{{\\partial f}}{{\\partial x}}": "une dérivée s'écrit \\frac{{\\partial f}}{{\\partial x}}",
    "second derivatives are not checked": "les dérivées secondes ne sont pas vérifiées",
    "a sum needs its index: \\sum_{{k=1}}^{{m}}": "une somme a besoin de son indice : \\sum_{{k=1}}^{{m}}",
    "unknown environment {env}": "environnement inconnu {env}",
    "{command}{{{arg}}} is not an indicator 𝟙": "{command}{{{arg}}} n'est pas une indicatrice 𝟙",
    "an indicator needs its condition: \\mathbb{{1}}_{{\\{{a>0\\}}}}":
        "une indicatrice a besoin de sa condition : \\mathbb{{1}}_{{\\{{a>0\\}}}}",
    "an indicator needs a condition such as h_j^a > 0": "une indicatrice a besoin d'une condition comme h_j^a > 0",
    "unknown function {command}{{{word}}}": "fonction inconnue {command}{{{word}}}",
    "an empty subscript": "un indice vide",
    "cannot read the index '{index}'": "impossible de lire l'indice « {index} »",
}


# Python's own words where its parser refuses (numpy answers, the whitelist's last stage): said as
# the value of "not valid numpy: {why}", in French when they are one of these
PYTHON = {
    "invalid syntax": "syntaxe invalide",
    "'(' was never closed": "« ( » n'est jamais fermée",
    "'[' was never closed": "« [ » n'est jamais fermé",
    "unmatched ')'": "« ) » sans « ( »",
    "unmatched ']'": "« ] » sans « [ »",
    "invalid decimal literal": "nombre décimal invalide",
    "unexpected indent": "indentation inattendue",
    "invalid syntax. Perhaps you forgot a comma?": "syntaxe invalide : une virgule oubliée ?",
}


def python(message: str) -> Message | str:
    """Python's parser message, said in the student's language where it is known."""
    return Message(message) if message in PYTHON else message


def arity(name: str, arities: tuple[int, ...], given: int) -> Message:
    """``name`` called with ``given`` arguments where it takes one of ``arities`` (a range)."""
    if len(arities) == 1:
        return Message("{name}(…) takes {count} argument{s}, not {given}",
                       {"name": name, "count": arities[0], "s": "s" if arities[0] > 1 else "", "given": given})
    return Message("{name}(…) takes {low} to {high} arguments, not {given}",
                   {"name": name, "low": min(arities), "high": max(arities), "given": given})
