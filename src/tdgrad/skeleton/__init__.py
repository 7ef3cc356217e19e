"""``tdgrad new KIND``: the two files of a new exercise, ready to edit and to register.

The skeleton is a complete, working unit (it draws, derives, checks and renders), so a teacher
starts from something that runs and changes it step by step.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from tdgrad.errors import UserError


def write_skeleton(kind: str, root: Path) -> list[Path]:
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,40}", kind):
        raise UserError(f"'{kind}': a kind is lower-case letters, digits and _, e.g. softplus_ad")
    from tdgrad.exercises import EXERCISES

    if kind in EXERCISES:
        raise UserError(f"'{kind}' already exists (see `tdgrad list`)")
    module = root / "src" / "tdgrad" / "exercises" / f"{kind}.py"
    template = root / "templates" / "exercises" / f"{kind}.tex.j2"
    if not module.parent.is_dir() or not template.parent.is_dir():
        raise UserError(f"{root}: not a tdgrad checkout (no src/tdgrad/exercises or templates/exercises); "
                        "run from the project root or give --root")
    for path in (module, template):
        if path.exists():
            raise UserError(f"{path} exists already: nothing was written")
    title = kind.replace("_", " ").capitalize()
    fill = {"kind": kind, "title_fr": title, "title_en": title}
    here = resources.files("tdgrad.skeleton")
    module.write_text((here / "exercise.py.txt").read_text(encoding="utf-8").format(**fill),
                      encoding="utf-8")
    template.write_text((here / "template.tex.j2.txt").read_text(encoding="utf-8")
                        .replace("{kind}", kind), encoding="utf-8")
    return [module, template]
