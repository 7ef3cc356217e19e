"""LaTeX → PDF with latexmk (pdflatex, no shell escape), in a scratch directory.

The PDF reaches its destination only when LaTeX succeeded (written beside it, then renamed), so a
failed run never leaves a PDF that looks good; ``TypesetError`` carries the log's error lines.
Each latexmk runs in its own process group, listed while it runs: ``stop()`` (Ctrl-C, SIGTERM)
kills every group at once, pdflatex children included, and refuses new runs until ``resume()``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

from tdgrad.errors import TypesetError

TIMEOUT = 300  # seconds for one document
_running: set[subprocess.Popen] = set()
_guard = threading.Lock()
_stopped = threading.Event()


def stop() -> None:
    """Kill every LaTeX run of this process (each its whole process group); start no new one."""
    _stopped.set()
    with _guard:
        for proc in _running:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def resume() -> None:
    _stopped.clear()


def _latexmk(cmd: list[str], cwd: str) -> tuple[int, str]:
    """Run latexmk in its own process group, registered so that ``stop`` can kill it."""
    with _guard:
        if _stopped.is_set():
            raise TypesetError("interrupted")
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True,
                                env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
        _running.add(proc)
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
        return proc.returncode, out
    except BaseException:  # a timeout, or the main thread interrupted: no orphan pdflatex
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    finally:
        with _guard:
            _running.discard(proc)


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
            code, stdout = _latexmk(cmd, tmp)
        except subprocess.TimeoutExpired:
            raise TypesetError(f"{destination.name}: LaTeX did not finish in {TIMEOUT} s") from None
        if _stopped.is_set():
            raise TypesetError("interrupted")
        pdf = Path(tmp) / "doc.pdf"
        if code != 0 or not pdf.exists():
            log = (Path(tmp) / "doc.log")
            lines = log.read_text(errors="replace").splitlines() if log.exists() else []
            raise TypesetError(f"LaTeX failed on {destination.with_suffix('.tex').name}:\n"
                               + "\n".join(error_lines(lines) or stdout.splitlines()[-15:]))
        partial = destination.with_name(destination.name + ".part")
        shutil.copyfile(pdf, partial)
        os.replace(partial, destination)


def compile_all(work: list[tuple[str, Path]], workers: int, name_failure=None) -> None:
    """Typeset every (source, destination) pair on ``workers`` threads. The first failure in
    ``work`` order is raised (``name_failure(source, error)`` may prefix it); a failure, Ctrl-C or
    SIGTERM stops every LaTeX run at once instead of waiting for the queue to drain."""
    resume()
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        futures = [pool.submit(compile_pdf, text, pdf) for text, pdf in work]
        for (text, _), future in zip(work, futures):
            while not future.done():  # short waits: the main thread stays responsive to signals
                wait([future], timeout=0.2)
            error = future.exception()
            if error is not None:
                prefix = name_failure(text, error) if name_failure else ""
                raise TypesetError(f"{prefix}{error}") from None
    except BaseException:
        stop()
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def error_lines(log: list[str]) -> list[str]:
    """The '! …' lines of a LaTeX log with the two lines that follow each (they hold 'l.NN')."""
    out = []
    for i, line in enumerate(log):
        if line.startswith("!"):
            out += log[i:i + 3]
    return out[:30]
