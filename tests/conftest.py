import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def root():
    return ROOT


EXAMPLE_SPECS = {"td1": "td1.toml", "id": "td-identites.toml", "conv": "td-convolution.toml",
                 "cours": "cours-reseaux.toml", "hp": "td-hyperparametres.toml", "clf": "td-classification.toml"}


@pytest.fixture(scope="session")
def example_keys(tmp_path_factory):
    """``answers.json`` of every shipped example, generated once for the session: short name → path
    (the real keys the hurried students' answers are graded against)."""
    from tdgrad import pipeline, spec

    out = tmp_path_factory.mktemp("example-keys")
    return {name: Path(pipeline.generate(spec.load(ROOT / "examples" / file), out, None, None, True)) / "answers.json"
            for name, file in EXAMPLE_SPECS.items()}
