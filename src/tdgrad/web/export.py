"""The class's answers from ``tdgrad serve``'s database, as ``tdgrad grade`` reads them.

The last answer of each student to each question becomes a row of ``answers.csv`` (variant = the
student's seed), and each seed's variant is made again from the spec (same spec, same seed, same
numbers) and written as its ``answers.json``: the report is then the one any class file gets.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tdgrad import answers
from tdgrad.pipeline import make_variant
from tdgrad.spec import Spec
from tdgrad.web.store import Store


def export(database: str, spec: Spec, folder: Path, lang: str | None = None) -> tuple[Path, list[Path]]:
    """Write ``answers.csv`` and one ``answers-<seed>.json`` per variant into ``folder``."""
    rows = Store(database).latest()
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / "answers.csv"
    with table.open("w", encoding="utf-8", newline="") as f:  # a scratch file, never opened by a
        out = csv.writer(f)                                      # spreadsheet: answers kept verbatim
        out.writerow(["student", "variant", "question", "answer"])
        out.writerows([r["student"], r["seed"], r["question"], r["answer"]] for r in rows)
    keys = []
    for seed in sorted({int(r["seed"]) for r in rows}):
        key = folder / f"answers-{seed}.json"
        key.write_text(json.dumps(answers.variant_json(make_variant(spec, seed, lang)),
                                  ensure_ascii=False, indent=1), encoding="utf-8")
        keys.append(key)
    return table, keys
