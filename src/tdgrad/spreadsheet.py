"""CSV files as teachers' spreadsheets write and read them.

Reading: a French Excel export is ``;``-separated, UTF-8 with a BOM or Windows-1252, CRLF, with
quoted fields and extra columns; ``read_rows`` takes all of these and returns every data row with
its line number, short or not, so that nothing a teacher gave is lost. Writing: every CSV tdgrad
writes goes through ``write``, which neutralises cells a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``, tab or CR first; a plain number such as ``-0.25`` stays a number) and
replaces the file only once it is complete; ``write_all`` replaces a set of files (a report and
its summaries) together, once every one is complete, so that an interrupted run leaves the
previous set whole, never a new report beside old totals.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import threading
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
    write_all([(path, rows, columns)])


def write_all(files) -> None:
    """Each ``(path, rows, columns)`` written beside its path, then all renamed at once.

    SIGINT and SIGTERM wait during the renames (a handful of system calls), so that a set is
    replaced whole or not at all; a run stopped before leaves no ``.part`` file behind.
    """
    parts = []
    try:
        for path, rows, columns in files:
            path = Path(path)
            partial = path.with_name(path.name + ".part")
            parts.append((partial, path))
            partial.write_text(text(rows, columns), encoding="utf-8", newline="")
        with _signals_held():
            for partial, path in parts:
                os.replace(partial, path)
    finally:
        for partial, _ in parts:
            partial.unlink(missing_ok=True)


class _signals_held:
    """SIGINT and SIGTERM acted on when leaving the block rather than inside it (main thread only:
    Python runs its signal handlers there, whichever thread the kernel picked)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __enter__(self):
        self.received, self.saved = [], {}
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                self.saved[signum] = signal.signal(signum, lambda n, frame: self.received.append(n))

    def __exit__(self, *exc):
        for signum, handler in self.saved.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        for signum in self.received:
            signal.raise_signal(signum)


def decode(data: bytes, where) -> str:
    """UTF-8 (with or without a BOM), else Windows-1252, as Excel writes in France; UTF-16 with its
    BOM, as Excel's "Unicode text" writes (cp1252 would read it as letters between NULs)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"{where}: neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8")


def read_rows(path: Path, need: tuple[str, ...]) -> tuple[list[str], list[tuple[int, dict | None, str, str]]]:
    """The header and every data row as (line number, {column: value}, text, why unreadable).

    The delimiter is the one of the header line (``;``, ``,`` or tab); column names are matched
    without case or surrounding spaces; blank lines, and rows of empty cells only (``;;;``, as a
    spreadsheet saves the rows below its data), are skipped. A quoted field may span lines (up
    to ``MAX_SPAN``); an unclosed quote makes that one row unreadable (``"quote"``), not the rest
    of the file (its cells: the student only). A row too short for the columns needed is ``"short"``; a row with more filled
    cells than the header has columns is ``"long"`` (a decimal comma in a comma-separated file
    cuts ``0,25`` into two cells: reading the first would grade ``0`` and lose the rest). The
    cells of a short or long row are given (who it is), but the row is not to be graded.
    """
    line, header, records, delimiter = read_table(path, need)
    header = [h.strip().lower() for h in header]
    missing = [c for c in need if c not in header]
    if missing:
        raise UserError(f"{path}: line {line}: missing column(s) {', '.join(missing)} "
                        f"(found: {', '.join(header) or 'none'}); the first line must name the "
                        f"columns {', '.join(need)}")
    index = {c: header.index(c) for c in need}
    rows: list[tuple[int, dict | None, str, str]] = []
    for line, raw, cells in records:
        if cells is None:  # whose row it is, read leniently: the student stays in the totals
            loose = loose_cells(raw, delimiter)
            who = index["student"] if "student" in index else len(loose)
            rows.append((line, {"student": loose[who]} if who < len(loose) else {}, raw, "quote"))
        elif len(cells) <= max(index.values()):
            rows.append((line, {c: cells[i] for c, i in index.items() if i < len(cells)}, raw, "short"))
        elif any(c.strip() for c in cells[len(header):]):
            rows.append((line, {c: cells[i] for c, i in index.items()}, raw, "long"))
        else:
            rows.append((line, {c: cells[i] for c, i in index.items()}, raw, ""))
    return header, rows


def read_table(path: Path, need=()) -> tuple[int, list[str], list[tuple[int, str, list[str] | None]], str]:
    """The header's line number and cells, every other non-empty record as (line, text, cells
    or None where a quote is not closed), and the delimiter (the header line's)."""
    try:
        content = decode(Path(path).read_bytes(), path)
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror}") from None
    lines = content.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise UserError(f"{path}: empty file; expected the columns {', '.join(need)}")
    delimiter = _delimiter(first)
    records = [(line, raw, cells) for line, raw, cells in _records(lines, delimiter)
               if cells is None or any(c.strip() for c in cells)]  # ";;;": a blank line
    line, _, header = records[0]
    return line, header or [], records[1:], delimiter


MAX_SPAN = 100  # physical lines one quoted field may span (a derivation typed in a form's paragraph)


def _records(lines, delimiter=None):
    """(first line number, text, cells or None) for every non-blank record: the shortest span of
    lines that parses strictly, else the first line alone as unreadable.

    A span whose next lines start like whole rows (as many separators as the header before any
    quote) is no cell on several lines but an unclosed quote swallowing the rows below: the first
    line alone is unreadable and the rows below are read as rows, never lost inside one answer.
    """
    width = next((line for line in lines if line.strip()), "").count(delimiter) if delimiter else 0
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        for end in range(i, min(len(lines), i + MAX_SPAN)):
            text = "\n".join(lines[i:end + 1])
            if text.count('"') % 2 == 0:
                break
        swallows = width > 0 and any(line.split('"', 1)[0].count(delimiter) >= width for line in lines[i + 1:end + 1])
        cells = _cells(text, delimiter or _delimiter(text)) if text.count('"') % 2 == 0 and not swallows else None
        if cells is None:
            yield i + 1, lines[i], None
            i += 1
        else:
            yield i + 1, text, cells
            i = end + 1


def loose_cells(text: str, delimiter: str) -> list[str]:
    """The cells of a row whose quotes are not closed, as a lenient reader splits them."""
    return next(csv.reader([text], delimiter=delimiter), [])


def _delimiter(header: str) -> str:
    return max((";", ",", "\t"), key=header.count)


def _cells(text: str, delimiter: str) -> list[str] | None:
    try:
        return next(csv.reader([text], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return None


def letter(index: int) -> str:
    """A column's name in a spreadsheet: 0 → A, 25 → Z, 26 → AA.

    >>> letter(0), letter(3), letter(27)
    ('A', 'D', 'AB')
    """
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name
