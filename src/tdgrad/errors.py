"""Typed errors: every mistake a user can make maps to one of these, shown as one line.

The CLI turns ``UserError`` into exit code 2 (``TypesetError`` into 1) and never shows a traceback
for them; anything else is a bug in tdgrad and keeps its traceback.
"""

from dataclasses import dataclass, field


class UserError(Exception):
    """A mistake in what the user gave us (spec, expression, option): exit 2."""

    exit_code = 2


class SpecError(UserError):
    """A TD specification that cannot be used; the message names the file and field."""


@dataclass(frozen=True)
class Message:
    """A sentence kept as its English template and values, said in French or English on demand.

    The template is the key of ``tdgrad.student.refusals.FRENCH``; a value may be a ``Message``
    itself (a hint, a wrapped refusal), said in the same language.

    >>> Message("unexpected character '{char}'", {"char": "@"}).say("fr")
    'caractère inattendu « @ »'
    """

    template: str
    values: dict = field(default_factory=dict)

    def say(self, lang: str = "en") -> str:
        from tdgrad.student.refusals import FRENCH, PYTHON

        template = FRENCH.get(self.template, PYTHON.get(self.template, self.template)) if lang == "fr" else self.template
        return template.format(**{k: v.say(lang) if isinstance(v, Message) else v
                                  for k, v in self.values.items()})


class ExpressionError(UserError):
    """Text that our whitelisting parser rejects, as ``message`` (an English template and its
    values: ``say(lang)`` gives it in French or English); ``position`` is a 0-based offset or None.

    ``str()`` is the English sentence; raise with the template and its values as keywords:
    ``ExpressionError("unexpected character '{char}'", text, i, char=text[i])``.
    """

    def __init__(self, template: "str | Message", text: str = "", position: int | None = None, /, **values):
        self.message = template if isinstance(template, Message) else Message(template, values)
        self.text, self.position = text, position
        super().__init__(self.say("en"))

    @property
    def sentence(self) -> Message:
        """The message with the position when there is one (what ``say`` says)."""
        if self.position is None:
            return self.message
        return Message("{message} (at character {n})", {"message": self.message, "n": self.position + 1})

    def say(self, lang: str = "en") -> str:
        """The refusal in ``lang`` (fr or en)."""
        return self.sentence.say(lang)

    def __reduce__(self):  # through a worker's pipe with its template and values, not only its text
        return _restore, (type(self), self.__dict__)


def _restore(cls, state):
    exc = cls.__new__(cls)
    exc.__dict__.update(state)
    exc.args = (exc.say("en"),)
    return exc


class DegenerateDraw(Exception):
    """A random draw that makes a bad exercise (saturated sigmoid, zero gradient…): draw again."""


class CheckError(Exception):
    """A derived derivative disagrees with finite differences: tdgrad must not write the sheet."""


class TypesetError(Exception):
    """LaTeX failed; the message carries the error lines of the log."""

    exit_code = 1
