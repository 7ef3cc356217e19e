"""The linters CI runs (`make lint`): ruff and mypy over src/, configured in pyproject.toml.

Run here too, so that whoever runs the test suite before landing sees what would break CI."""

import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def run(tool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / tool), *args], cwd=cwd, capture_output=True, text=True)


def test_ruff_is_clean(root):
    r = run("ruff", "check", "src", cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_is_clean(root):
    r = run("mypy", cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr
