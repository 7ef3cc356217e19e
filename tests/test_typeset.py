"""PDFs: the example compiles and shows the computed numbers; a LaTeX error leaves no good-looking PDF."""

import subprocess

import pytest

from tdgrad import pipeline, spec
from tdgrad.errors import TypesetError
from tdgrad.typeset import compile_pdf


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_td1_pdfs_show_the_computed_values(root, tmp_path):
    target = pipeline.generate(spec.load(root / "examples/td1.toml"), tmp_path)
    corrige, enonce = pdf_text(target / "corrige.pdf"), pdf_text(target / "enonce.pdf")
    for value in ("0,7593", "0,0336", "0,2197", "0,0095", "0,1098"):
        assert value in corrige
        assert value not in enonce
    assert "Exercice 3" in enonce and "Corrigé" in corrige
    pages = subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1",
                            str(target / "corrige.pdf"), str(tmp_path / "p")], check=True)
    assert pages.returncode == 0 and list(tmp_path.glob("p*.png"))


def test_latex_failure_reports_the_error_and_leaves_no_pdf(tmp_path):
    good = tmp_path / "doc.pdf"
    good.write_bytes(b"%PDF-old")  # the file an earlier run left
    with pytest.raises(TypesetError) as info:
        compile_pdf("\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}", good)
    assert "Undefined control sequence" in str(info.value)
    assert good.read_bytes() == b"%PDF-old" and not list(tmp_path.glob("*.part"))
