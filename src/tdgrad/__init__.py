"""tdgrad: backpropagation tutorial sheets, derived by SymPy and checked by finite differences.

Two paths run through the package:

- exercise path: ``spec`` (TOML) → ``exercises`` (draw parameters, derive with the ``engines``)
  → ``check`` (finite differences) → ``render`` (Jinja → LaTeX) → ``typeset`` (PDF), driven by
  ``pipeline``;
- expression path: ``parse`` turns a user's text into SymPy through a whitelist, never ``eval``.
"""

__version__ = "0.1.0"
