"""LaTeX → PDF with pdflatex (no shell escape), in a scratch directory; big documents in chunks.

One pdflatex pass, and another only when the log asks for it ("Rerun …": LaTeX's own test that the
labels it read differ from those it wrote, hyperref's and rerunfilecheck's): tdgrad's documents
have no cross-references and the `bookmark` package writes outlines in the same pass, so one pass
is the rule. A batch document (variants marked by ``% tdgrad-variant ID`` lines) too big for one
core is cut into chunks of whole variants, typeset in parallel and joined with pypdf (it keeps each
chunk's bookmarks, which pdfunite drops); every chunk but the last ends with ``\\evenpages`` so
each variant still starts on an odd page of the joined file.

The PDF reaches its destination only when LaTeX succeeded (written beside it, then renamed), so a
failed run never leaves a PDF that looks good; ``TypesetError`` carries the log's error lines.
Each pdflatex runs in its own process group, listed while it runs: ``stop()`` (Ctrl-C, SIGTERM)
kills every group at once and refuses new runs until ``resume()``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

from tdgrad.errors import TypesetError

TIMEOUT = 300  # seconds for one document
MAX_PASSES = 3  # as many as a document that still asks for a rerun may get
# a chunk of fewer characters costs more in pdflatex start-up (~0.6 s: the preamble's packages)
# than it saves; 200 000 characters of tdgrad's LaTeX take ~3 s
MIN_CHUNK = 200_000
MARK = "% tdgrad-variant "
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


def run(cmd: list[str], cwd: str) -> tuple[int, str]:
    """Run ``cmd`` in its own process group, registered so that ``stop`` can kill it (pdflatex,
    and the pdftocairo runs that crop moodle.xml's figures after it): (exit code, output)."""
    with _guard:
        if _stopped.is_set():
            raise TypesetError("interrupted")
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, errors="replace", start_new_session=True,
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
    return shutil.which("pdflatex") is not None


def needs_rerun(log: str) -> bool:
    """Whether a pass's log says that another pass would change the document: LaTeX's
    "Label(s) may have changed. Rerun to get cross-references right.", hyperref's and
    rerunfilecheck's "Rerun to get …", longtable's "Rerun LaTeX." (not rerunfilecheck's banner,
    "Rerun checks for auxiliary files", printed by every run)."""
    return re.search(r"Rerun to get|Rerun LaTeX|may have changed\. Rerun|[Pp]lease rerun", log) is not None


def compile_pdf(tex_source: str, destination: Path, then=None):
    """Typeset ``tex_source`` into ``destination`` (a .pdf path) or raise ``TypesetError``;
    ``then(folder)`` (if given) runs on LaTeX's folder (doc.pdf and the files it wrote) before it
    is removed, in this thread, and its result is returned."""
    if not tex_available():
        raise TypesetError("pdflatex not found: run `make td` (it installs TeX Live) or "
                           "`apt-get install texlive-latex-extra texlive-lang-french "
                           "texlive-pictures lmodern`, or use --tex-only")
    with tempfile.TemporaryDirectory(prefix="tdgrad-") as tmp:
        src = Path(tmp) / "doc.tex"
        src.write_text(tex_source, encoding="utf-8")
        cmd = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"]
        pdf, log = Path(tmp) / "doc.pdf", Path(tmp) / "doc.log"
        for _ in range(MAX_PASSES):
            try:
                code, stdout = run(cmd, tmp)
            except subprocess.TimeoutExpired:
                raise TypesetError(f"{destination.name}: LaTeX did not finish in {TIMEOUT} s") from None
            if _stopped.is_set():
                raise TypesetError("interrupted")
            text = log.read_text(errors="replace") if log.exists() else ""
            if code != 0 or not pdf.exists():
                raise TypesetError(f"LaTeX failed on {destination.with_suffix('.tex').name}:\n"
                                   + "\n".join(error_lines(text.splitlines())
                                               or stdout.splitlines()[-15:]))
            if not needs_rerun(text):
                break
        _publish(lambda partial: shutil.copyfile(pdf, partial), destination)
        if then is not None:
            try:
                return then(Path(tmp))
            except RuntimeError as exc:
                raise TypesetError(f"{destination.name}: {exc}") from None
        return None


def _publish(write, destination: Path) -> None:
    """``write(partial)`` beside ``destination``, then rename: never a half-written PDF."""
    partial = destination.with_name(destination.name + ".part")
    write(partial)
    os.replace(partial, destination)


def chunks(tex_source: str, n: int) -> list[str]:
    """A batch document cut into at most ``n`` documents of whole variants (the same preamble);
    every one but the last ends on an even page, so that joined they paginate as the whole."""
    head, *variants = re.split(f"(?m)^(?={re.escape(MARK)})", tex_source)
    n = min(n, len(variants))
    if n <= 1:
        return [tex_source]
    variants[-1], end = variants[-1].split("\\end{document}")
    tail = "\\end{document}" + end
    # cut where the characters (a fair measure of TeX time) are shared equally
    sizes = [len(v) for v in variants]
    total, cuts, acc = sum(sizes), [0], 0
    for i, size in enumerate(sizes[:-1], 1):
        acc += size
        if acc >= total * len(cuts) / n and len(cuts) < n:
            cuts.append(i)
    cuts.append(len(variants))
    parts = ["".join(variants[a:b]) for a, b in zip(cuts, cuts[1:])]
    return [head + body + ("" if i == len(parts) - 1 else "\\evenpages\n") + tail
            for i, body in enumerate(parts)]


def plan(sizes: list[int], workers: int) -> list[int]:
    """How many chunks for each document: about two per core of the whole work (so that the last
    chunks even out the cores), none smaller than MIN_CHUNK."""
    share = max(MIN_CHUNK, sum(sizes) / (2 * workers)) if workers > 1 else float("inf")
    return [max(1, round(size / share)) for size in sizes]


def join(parts: list[Path], destination: Path) -> None:
    """Chunk PDFs into one, in order, keeping their bookmarks."""
    from pypdf import PdfWriter  # only a chunked batch needs it

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    _publish(lambda partial: writer.write(str(partial)), destination)


def compile_all(work: list[tuple], workers: int, name_failure=None, meanwhile=None,
                timings: dict | None = None) -> list[list]:
    """Typeset every (source, destination) pair on ``workers`` threads, big batch documents in
    chunks, the biggest pieces first (those with a ``then`` before all); ``meanwhile()`` runs in
    this thread while LaTeX works. A third member ``then`` is ``compile_pdf``'s, run on every
    chunk of that document: the result is, per document, the list of its chunks' ``then``
    results in order (None without one). The
    first failure in ``work`` order is raised (``name_failure(source, error)`` may prefix it:
    ``source`` is the chunk that failed); a failure, Ctrl-C or SIGTERM stops every LaTeX run at
    once instead of waiting for the queue to drain. ``timings`` (if given) receives the seconds
    spent waiting for LaTeX (``tex``, after ``meanwhile``) and joining chunks (``join``)."""
    resume()
    spent = {"tex": 0.0, "join": 0.0}
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    tmp = tempfile.mkdtemp(prefix="tdgrad-")  # the chunks' PDFs
    try:
        counts = plan([len(text) for text, *_ in work], workers)
        docs: list[tuple[Path, list[tuple]]] = []  # per document: (destination, [(chunk text, chunk pdf, then)])
        for d, ((text, pdf, *then), n) in enumerate(zip(work, counts)):
            parts = chunks(text, n)
            if len(parts) == 1:
                docs.append((pdf, [(text, pdf, *then)]))
            else:
                docs.append((pdf, [(t, Path(tmp) / f"{d}-{i}.pdf", *then) for i, t in enumerate(parts)]))
        flat = [piece for _, pieces in docs for piece in pieces]
        futures = {}
        # pieces with work after LaTeX (the statements' crops) first, so that work overlaps the
        # other pieces' LaTeX instead of trailing after it; then the biggest first
        for i in sorted(range(len(flat)), key=lambda i: (len(flat[i]) < 3, -len(flat[i][0]))):
            futures[i] = pool.submit(compile_pdf, *flat[i])
        if meanwhile:
            meanwhile()
        start = time.perf_counter()
        results: list[list] = []
        i = 0
        for pdf, pieces in docs:
            results.append([])
            for text, *_ in pieces:
                future, i = futures[i], i + 1
                while not future.done():  # short waits: the main thread stays responsive to signals
                    wait([future], timeout=0.2)
                error = future.exception()
                if error is not None:
                    prefix = name_failure(text, error) if name_failure else ""
                    raise TypesetError(f"{prefix}{error}") from None
                results[-1].append(future.result())
            if len(pieces) > 1:
                joining = time.perf_counter()
                join([part for _, part, *_ in pieces], pdf)
                spent["join"] += time.perf_counter() - joining
        spent["tex"] = time.perf_counter() - start - spent["join"]
        if timings is not None:
            timings.update(spent)
        return results
    except BaseException:
        stop()
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(tmp, ignore_errors=True)


def error_lines(log: list[str]) -> list[str]:
    """The '! …' lines of a LaTeX log with the two lines that follow each (they hold 'l.NN')."""
    out = []
    for i, line in enumerate(log):
        if line.startswith("!"):
            out += log[i:i + 3]
    return out[:30]
