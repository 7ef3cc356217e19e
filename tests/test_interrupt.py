"""Interrupted, failing and concurrent runs: the previous set stays whole, nothing is left behind.

Ctrl-C (SIGINT) and SIGTERM during a batch kill every LaTeX run (its whole process group), remove
the scratch folders and exit at once; a LaTeX failure or a full disk during `generate` keeps the
previous enonce/corrige/answers set; a second run into the same folder stops with exit 2.
"""

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tdgrad import cli, pipeline, spec
from tdgrad.errors import TypesetError
from tdgrad.publish import Busy, Publication


def latex_processes(folder: Path) -> list[int]:
    """Processes whose working directory is inside ``folder`` (latexmk/pdflatex in a scratch dir)."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(os.readlink(proc / "cwd")).startswith(str(folder)):
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_a_batch_stops_it_and_leaves_nothing_behind(root, tmp_path, signum):
    tmp, out = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    target = out / "td1-random"
    target.mkdir(parents=True)
    (target / "answer-key.csv").write_text("the previous batch\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tdgrad", "batch", str(root / "examples/td1-random.toml"),
         "--variants", "4", "--split", "--out", str(out), "--quiet"],
        env={**os.environ, "TMPDIR": str(tmp)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not latex_processes(tmp):  # wait until LaTeX is running
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "LaTeX never started"
        time.sleep(0.05)
    start = time.monotonic()
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=120)
    stopped = time.monotonic() - start
    assert proc.returncode == 128 + signum, err
    assert "interrupted" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    # generous bound against a loaded test machine; bench/bench_interrupt.py measures the real figure
    assert stopped < 30, f"took {stopped:.1f} s to stop"
    assert not latex_processes(tmp) and not list(tmp.iterdir())  # no LaTeX left, no /tmp/tdgrad-*
    assert sorted(p.name for p in target.iterdir()) == ["answer-key.csv"]  # no .partial-*
    assert (target / "answer-key.csv").read_text() == "the previous batch\n"


@pytest.fixture
def previous_set(root, tmp_path):
    target = pipeline.generate(spec.load(root / "examples/td1.toml"), tmp_path, tex_only=True)
    for name in ("enonce.pdf", "corrige.pdf"):
        (target / name).write_bytes(b"%PDF-previous")
    return target, {p.name: p.read_bytes() for p in target.iterdir()}


def test_latex_failure_keeps_the_previous_set_whole(root, tmp_path, monkeypatch, previous_set):
    target, before = previous_set

    def broken(text, destination):
        raise TypesetError("LaTeX failed on corrige.tex:\n! Undefined control sequence.")

    monkeypatch.setattr("tdgrad.typeset.compile_pdf", broken)
    with pytest.raises(TypesetError):
        pipeline.generate(spec.load(root / "examples/td1.toml"), tmp_path, seed=9)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


def test_full_disk_keeps_the_previous_set_whole_and_says_so(root, tmp_path, monkeypatch, capsys,
                                                            previous_set):
    target, before = previous_set
    real = Path.write_text

    def full(self, text, *args, **kw):
        if self.name == "answers.json":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, text, *args, **kw)

    monkeypatch.setattr(Path, "write_text", full)
    code = cli.main(["generate", str(root / "examples/td1.toml"), "--out", str(tmp_path), "--seed", "9"])
    err = capsys.readouterr().err
    assert code == 1 and "No space left on device" in err and len(err.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


def test_tex_only_replaces_the_set_and_removes_stale_pdfs(root, tmp_path, previous_set):
    target, before = previous_set
    pipeline.generate(spec.load(root / "examples/td1.toml"), tmp_path, seed=9, tex_only=True)
    assert sorted(p.name for p in target.iterdir()) == ["answers.json", "corrige.tex", "enonce.tex"]
    assert (target / "answers.json").read_bytes() != before["answers.json"]


def test_a_second_run_into_the_same_folder_stops_with_exit_2(root, tmp_path, capsys):
    with Publication(tmp_path / "td1", ()):
        with pytest.raises(Busy, match="another tdgrad run"):
            pipeline.generate(spec.load(root / "examples/td1.toml"), tmp_path, tex_only=True)
        code = cli.main(["batch", str(root / "examples/td1.toml"), "--variants", "1",
                         "--out", str(tmp_path), "--tex-only", "--quiet"])
        assert code == 2 and f"pid {os.getpid()}" in capsys.readouterr().err
    pipeline.generate(spec.load(root / "examples/td1.toml"), tmp_path, tex_only=True)  # free again


@pytest.mark.parametrize("n", [0, 1001])
def test_variants_beyond_the_documented_cap_exit_2(root, tmp_path, capsys, n):
    code = cli.main(["batch", str(root / "examples/td1-random.toml"), "--variants", str(n),
                     "--out", str(tmp_path), "--tex-only", "--quiet"])
    assert code == 2 and "1 to 1000 variants" in capsys.readouterr().err


def test_a_seed_out_of_range_is_one_line_exit_2(root, tmp_path, capsys):
    code = cli.main(["generate", str(root / "examples/td1.toml"), "--seed", "-1", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "--seed" in err and len(err.strip().splitlines()) == 1
