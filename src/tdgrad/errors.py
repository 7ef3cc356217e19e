"""Typed errors: every mistake a user can make maps to one of these, shown as one line.

The CLI turns ``UserError`` into exit code 2 (``TypesetError`` into 1) and never shows a traceback
for them; anything else is a bug in tdgrad and keeps its traceback.
"""


class UserError(Exception):
    """A mistake in what the user gave us (spec, expression, option): exit 2."""

    exit_code = 2


class SpecError(UserError):
    """A TD specification that cannot be used; the message names the file and field."""


class ExpressionError(UserError):
    """Text that our whitelisting parser rejects; ``position`` is a 0-based offset or None."""

    def __init__(self, message: str, text: str = "", position: int | None = None):
        self.text, self.position = text, position
        where = f" (at character {position + 1})" if position is not None else ""
        super().__init__(message + where)


class DegenerateDraw(Exception):
    """A random draw that makes a bad exercise (saturated sigmoid, zero gradient…): draw again."""


class CheckError(Exception):
    """A derived derivative disagrees with finite differences: tdgrad must not write the sheet."""


class TypesetError(Exception):
    """LaTeX failed; the message carries the error lines of the log."""

    exit_code = 1
