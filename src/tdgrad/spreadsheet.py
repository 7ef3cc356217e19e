"""CSV files as teachers' spreadsheets write and read them.

Reading: a French Excel export is ``;``-separated, UTF-8 with a BOM or Windows-1252, CRLF, with
quoted fields and extra columns; ``read_rows`` takes all of these and returns every data row with
its line number, short or not, so that nothing a teacher gave is lost. Writing: every CSV tdgrad
writes goes through ``write``, which neutralises cells a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``, tab or CR first; a plain number such as ``-0.25`` stays a number) and
replaces the file only once it is complete.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from tdgrad.errors import UserError

_NUMBER = re.compile(r"[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell) -> object:
    """A cell as a spreadsheet will show it, never run it.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-0.25"), neutralise("-x + 1"), neutralise(3)
    ('\\'=HYPERLINK("http://x")', '-0.25', "'-x + 1", 3)
    """
    if isinstance(cell, str) and cell.startswith(_FORMULA) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def text(rows, columns) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([neutralise(row.get(c, "")) for c in columns])
    return buf.getvalue()


def write(path: Path, rows, columns) -> None:
    """``rows`` (dicts) as CSV in ``path``, written beside it and renamed when complete."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    partial.write_text(text(rows, columns), encoding="utf-8", newline="")
    os.replace(partial, path)


def decode(data: bytes, where) -> str:
    """UTF-8 (with or without a BOM), else Windows-1252, as Excel writes in France."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"{where}: neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8")


def read_rows(path: Path, need: tuple[str, ...]) -> tuple[list[str], list[tuple[int, dict | None, str]]]:
    """The header and every data row as (line number, {column: value} or None if unreadable, text).

    The delimiter is the one of the header line (``;``, ``,`` or tab); column names are matched
    without case or surrounding spaces; blank lines are skipped. A quoted field may span lines (up
    to ``MAX_SPAN``); an unclosed quote makes that one row unreadable, not the rest of the file.
    """
    try:
        content = decode(Path(path).read_bytes(), path)
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror}") from None
    lines = content.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise UserError(f"{path}: empty file; expected the columns {', '.join(need)}")
    delimiter = _delimiter(first)
    records = list(_records(lines, delimiter))
    line, _, header = records[0]
    header = [h.strip().lower() for h in header or []]
    missing = [c for c in need if c not in header]
    if missing:
        raise UserError(f"{path}: line {line}: missing column(s) {', '.join(missing)} "
                        f"(found: {', '.join(header) or 'none'}); the first line must name the "
                        f"columns {', '.join(need)}")
    index = {c: header.index(c) for c in need}
    rows: list[tuple[int, dict | None, str]] = []
    for line, raw, cells in records[1:]:
        if cells is None or len(cells) <= max(index.values()):
            rows.append((line, None, raw))
        else:
            rows.append((line, {c: cells[i] for c, i in index.items()}, raw))
    return header, rows


MAX_SPAN = 5  # physical lines one quoted field may span


def _records(lines, delimiter=None):
    """(first line number, text, cells or None) for every non-blank record: the shortest span of
    lines that parses strictly, else the first line alone as unreadable."""
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        for end in range(i, min(len(lines), i + MAX_SPAN)):
            text = "\n".join(lines[i:end + 1])
            if text.count('"') % 2 == 0:
                break
        cells = _cells(text, delimiter or _delimiter(text)) if text.count('"') % 2 == 0 else None
        if cells is None:
            yield i + 1, lines[i], None
            i += 1
        else:
            yield i + 1, text, cells
            i = end + 1


def _delimiter(header: str) -> str:
    return max((";", ",", "\t"), key=header.count)


def _cells(text: str, delimiter: str) -> list[str] | None:
    try:
        return next(csv.reader([text], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return None
