"""A student's document → chains of members, definitions, declarations and conditions.

Math comes from ``$…$``, ``$$…$$`` and ``\\[…\\]`` (else from every line with an ``=``); aligned lines
are split at ``\\\\`` outside matrices, and a line that starts with ``=`` continues the chain above.
``:=`` (``\\coloneqq``, ``\\triangleq``, ``≔``) defines; ``\\Rightarrow`` / ``\\Leftrightarrow`` separate
equations. A condition on the indices closes a display (``\\quad (k \\neq y)``, ``pour k = y``) or
precedes it in the prose (``Pour $k \\neq y$, $…$``). Numpy lines (``np.``, ``grad\\_…``) are not
derivation steps: ``check`` grades them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tdgrad.errors import ExpressionError
from tdgrad.student.indexed import latex

_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\$(.+?)\$", re.S)
_ENV = re.compile(r"\\(?:begin|end)\{(?:aligned|align\*?|equation\*?|gathered|split|eqnarray\*?)\}")
_DEFINE = re.compile(r":=|\\coloneqq|\\triangleq|≔|\\stackrel\{[^{}]*(?:\{[^{}]*\})?[^{}]*\}\{=\}"
                     r"|\\overset\{[^{}]*(?:\{[^{}]*\})?[^{}]*\}\{=\}|\\equiv|\\doteq")
_IMPLIES = {"\\Rightarrow", "\\implies", "\\Leftrightarrow", "\\iff", "\\Longrightarrow", "\\Longleftrightarrow",
            "⇒", "⇔"}
_WORDS = r"pour|si|for|if|when|quand|lorsque|avec|with|où|where"
_OP = r"=|\\neq|\\ne(?![a-zA-Z])|≠|!="
_CONDITION = re.compile(
    rf"(?:\\q?quad|,|;|\\text\{{\s*(?:{_WORDS})\s*\}}|(?<![A-Za-z\\])(?:{_WORDS})\b)\s*"
    rf"(?:\\text\{{\s*(?:{_WORDS})\s*\}}\s*|(?<![A-Za-z\\])(?:{_WORDS})\s+)?\(?\s*(?P<a>[a-zA-Z]'?)\s*"
    rf"(?P<op>{_OP})\s*(?P<b>[a-zA-Z0-9]'?)\s*\)?\s*[.,;]?\s*$")
_ONLY_CONDITION = re.compile(rf"^\s*(?P<a>[a-zA-Z]'?)\s*(?P<op>{_OP})\s*(?P<b>[a-zA-Z0-9]'?)\s*$")
_AFTER = re.compile(rf"\s*,?\s*(?:{_WORDS})\s+\(?\s*(?P<a>[a-zA-Z]'?)\s*(?P<op>{_OP})\s*(?P<b>[a-zA-Z0-9]'?)\s*\)?",
                    re.I)
_PROSE_CONDITION = re.compile(rf"(?:^|[\s(])(?:{_WORDS})\s*$", re.I)
_NUMPY = re.compile(r"np\.|numpy|grad\\?_|grad-|\\text\{\s*grad")
_DECLARE = re.compile(r"(?P<sym>[A-Za-z](?:\^\{[^{}]*\}|\^[A-Za-z])?|\\[a-z]+)\s*\\in\s*\\mathbb\{R\}\^(?P<dims>\{[^{}]*\}|\w)")


@dataclass
class Chain:
    """One displayed equation: its members, or a definition (members[0] := members[1] = …)."""
    text: str  # the raw display, to hand an index-free chain to the scalar checker
    members: list  # token lists
    condition: tuple | None = None  # (a, "=" or "!=", b)
    defines: bool = False
    equations: list = field(default_factory=list)  # several equations joined by ⇒: lists of members


def _condition(m):
    return (m.group("a"), "=" if m.group("op") == "=" else "!=", m.group("b"))


def blocks(text: str) -> list[tuple[str, str, str]]:
    """(prose before, math, prose after on the same line) in reading order."""
    if "$" not in text and "\\[" not in text:
        return [("", line, "") for line in text.splitlines() if "=" in line or "≔" in line]
    out, last = [], 0
    for m in _MATH.finditer(text):
        after = text[m.end():].split("\n", 1)[0].split("$", 1)[0]
        out.append((text[last:m.start()], next(g for g in m.groups() if g), after))
        last = m.end()
    return out


def lines_of(math: str) -> list[str]:
    """Split an aligned block at \\\\ outside matrices; drop alignment marks outside matrices."""
    math = _ENV.sub(" ", math)
    out: list[str] = []
    current: list[str] = []
    depth = i = 0
    while i < len(math):
        if math.startswith("\\begin", i):
            depth += 1
        elif math.startswith("\\end", i):
            depth -= 1
        if depth == 0 and math.startswith("\\\\", i):
            out.append("".join(current))
            current, i = [], i + 2
            continue
        if depth == 0 and math[i] == "&":
            current.append(" ")
        else:
            current.append(math[i])
        i += 1
    out.append("".join(current))
    return [line.strip() for line in out if line.strip()]


def chains(text: str) -> list[Chain]:
    found: list[Chain] = []
    pending = None  # a condition written in the prose ("Pour $k \neq y$, …")
    for prose, math, after in blocks(text):
        if "\n" in prose:
            pending = None
        only = _ONLY_CONDITION.match(math)
        if only and _PROSE_CONDITION.search(prose.rstrip()):
            pending = _condition(only)
            continue
        if _NUMPY.search(math):
            continue
        for line in lines_of(math):
            if line.startswith("=") and found and not found[-1].defines:
                found[-1].text += " " + line
                found[-1].equations[-1] += _members(line)[1:] if _members(line)[:1] == [[]] else _members(line)
                continue
            if "=" not in line and not _DEFINE.search(line):
                continue
            condition = pending
            m = _CONDITION.search(line)
            if m and m.start() > 0:
                condition, line = _condition(m), line[:m.start()]
            elif _AFTER.match(after):  # "$…$ pour k≠y"
                condition = _condition(_AFTER.match(after))
            defines = bool(_DEFINE.search(line))
            line = _DEFINE.sub(lambda _: " \\DEFINE ", line)
            chain = Chain(line, [], condition, defines)
            try:
                toks = latex.tokens(line)
            except ExpressionError:
                chain.equations = [[[line]]]
                found.append(chain)
                continue
            equations = latex.split_top(toks, _IMPLIES)
            chain.equations = [_members_of(eq) for eq in equations if "=" in eq or "\\DEFINE" in eq]
            found.append(chain)
    return found


def _members(line: str) -> list[list[str]]:
    try:
        return _members_of(latex.tokens(line))
    except ExpressionError:
        return [[line]]


def _members_of(toks: list[str]) -> list[list[str]]:
    toks = [t for t in toks if t not in _IMPLIES]
    return latex.split_top(toks, {"=", "\\DEFINE"})


def declarations(text: str) -> list[tuple[str, list[str]]]:
    """``W^{(2)} \\in \\mathbb{R}^{m \\times d_h}`` → (the symbol's LaTeX, its sizes)."""
    out = []
    for m in _DECLARE.finditer(text):
        dims = m.group("dims").strip("{}")
        sizes = [d.strip().replace("{", "").replace("}", "") for d in re.split(r"\\times|×|,", dims)]
        out.append((m.group("sym"), sizes))
    return out
