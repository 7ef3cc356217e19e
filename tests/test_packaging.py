import subprocess
import sys
import zipfile


def test_wheel_ships_the_templates(root, tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(root)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("tdgrad-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for template in (root / "templates").rglob("*.j2"):
        assert f"tdgrad/templates/{template.relative_to(root / 'templates')}" in names
