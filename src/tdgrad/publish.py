"""Writing a set of outputs as a whole: one run at a time per folder, built aside, moved in at the end.

``generate`` and ``batch`` both write through ``Publication``: a lock file beside the target folder
(a second run into the same folder stops with exit 2 and says who holds it), a scratch folder
``.partial-*`` inside the target where every file is written and typeset, and at the end each new
file moved over its old version, then the old set's leftovers removed. A full disk, a LaTeX error,
Ctrl-C or SIGTERM before that point leave the previous set whole and no scratch folder behind.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from pathlib import Path

from tdgrad.errors import UserError


class Busy(UserError):
    """Another tdgrad run holds the output folder."""


class Publication:
    """``with Publication(target, names) as scratch:`` write into ``scratch``; on a clean exit the
    files replace ``names`` in ``target`` (a name missing from the new set is removed)."""

    def __init__(self, target: Path, names: tuple[str, ...]):
        self.target, self.names = Path(target), names
        self.lock_path = self.target.parent / f".{self.target.name}.lock"

    def __enter__(self) -> Path:
        self.target.mkdir(parents=True, exist_ok=True)
        self.lock = open(self.lock_path, "a+")
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.lock.seek(0)
            holder = self.lock.read().strip() or "?"
            self.lock.close()
            raise Busy(f"{self.target}: another tdgrad run (pid {holder}) is writing here; wait for "
                       "it to finish, or choose another --out") from None
        self.lock.truncate(0)
        self.lock.write(str(os.getpid()))
        self.lock.flush()
        self.scratch = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.target))
        return self.scratch

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                self._replace()
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
            fcntl.flock(self.lock, fcntl.LOCK_UN)
            self.lock.close()

    def _replace(self) -> None:
        """New files over old ones first (each rename is atomic), then the old set's leftovers."""
        new = {p.name for p in self.scratch.iterdir()}
        for name in sorted(new):
            destination = self.target / name
            if destination.is_dir() and not (self.scratch / name).is_dir():
                shutil.rmtree(destination)
            elif destination.is_dir():
                old = self.target / f".old-{name}-{os.getpid()}"
                os.replace(destination, old)
                os.replace(self.scratch / name, destination)
                shutil.rmtree(old, ignore_errors=True)
                continue
            os.replace(self.scratch / name, destination)
        for name in self.names:
            if name not in new:
                path = self.target / name
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
