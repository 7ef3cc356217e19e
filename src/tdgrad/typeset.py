"""LaTeX → PDF with latexmk (pdflatex, no shell escape), in a scratch directory.

The PDF reaches its destination only when LaTeX succeeded (written beside it, then renamed), so a
failed run never leaves a PDF that looks good; ``TypesetError`` carries the log's error lines.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tdgrad.errors import TypesetError

TIMEOUT = 300  # seconds for one document


def tex_available() -> bool:
    return shutil.which("latexmk") is not None and shutil.which("pdflatex") is not None


def compile_pdf(tex_source: str, destination: Path) -> None:
    """Typeset ``tex_source`` into ``destination`` (a .pdf path) or raise ``TypesetError``."""
    if not tex_available():
        raise TypesetError("latexmk/pdflatex not found: run `make td` (it installs TeX Live) or "
                           "`apt-get install latexmk texlive-latex-extra texlive-lang-french "
                           "texlive-pictures lmodern`, or use --tex-only")
    with tempfile.TemporaryDirectory(prefix="tdgrad-") as tmp:
        src = Path(tmp) / "doc.tex"
        src.write_text(tex_source, encoding="utf-8")
        cmd = ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
               "-quiet", "doc.tex"]
        try:
            proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=TIMEOUT,
                                  env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
        except subprocess.TimeoutExpired:
            raise TypesetError(f"{destination.name}: LaTeX did not finish in {TIMEOUT} s") from None
        pdf = Path(tmp) / "doc.pdf"
        if proc.returncode != 0 or not pdf.exists():
            log = (Path(tmp) / "doc.log")
            lines = log.read_text(errors="replace").splitlines() if log.exists() else []
            raise TypesetError(f"LaTeX failed on {destination.with_suffix('.tex').name}:\n"
                               + "\n".join(error_lines(lines) or proc.stdout.splitlines()[-15:]))
        partial = destination.with_name(destination.name + ".part")
        shutil.copyfile(pdf, partial)
        os.replace(partial, destination)


def error_lines(log: list[str]) -> list[str]:
    """The '! …' lines of a LaTeX log with the two lines that follow each (they hold 'l.NN')."""
    out = []
    for i, line in enumerate(log):
        if line.startswith("!"):
            out += log[i:i + 3]
    return out[:30]
