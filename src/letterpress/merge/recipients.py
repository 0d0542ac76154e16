"""A merge's recipients file, read row by row: CSV (streamed) or YAML (a list of mappings).

A row is a :class:`Row` of cells, each with the line and column where it is written, so a
problem with a recipient is located in the recipients file as a letter's problem is in the
letter. CSV is read with the csv module over the open file, one record at a time, so 10,000
recipients take the memory of one; a YAML file is composed whole (a YAML list has no
streaming reader that keeps positions), and is for the shorter lists people write by hand.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic, SourceError
from ..world import Unreadable, read_lines

__all__ = ["COLUMNS", "Cell", "Row", "is_yaml", "read_rows", "row_digests"]

# The columns a recipients file may have; only ``name`` is required. ``address`` holds the
# postal address's lines (in CSV one quoted cell with a line break between lines; in YAML a
# list of lines or a block of text).
COLUMNS = ("name", "title", "organisation", "address", "language", "salutation")
HINT = "the columns are " + ", ".join(COLUMNS) + " (only name is required)"


@dataclass(frozen=True, slots=True)
class Cell:
    """One field of a row: its text as written (the merge checks and normalises it), where."""

    value: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Row:
    """One recipient: the row's number among the recipients (from 1), where it is written,
    its cells by column, and what is wrong with its shape (a CSV record with too many or too
    few fields, a YAML entry that is not a mapping)."""

    file: str
    n: int
    line: int
    column: int
    cells: tuple[tuple[str, Cell], ...]
    problems: tuple[Diagnostic, ...] = ()

    def get(self, name: str) -> Cell | None:
        return next((cell for key, cell in self.cells if key == name), None)

    @property
    def digest(self) -> str:
        """What the row says (not where): the same row moved to another line has the same."""
        return _digest(tuple((key, cell.value) for key, cell in self.cells))


def _digest(cells: Iterable[tuple[str, str]]) -> str:
    return hashlib.sha256(json.dumps(sorted(cells), ensure_ascii=False).encode()).hexdigest()


def is_yaml(path: Path | str) -> bool:
    return str(path).lower().endswith((".yaml", ".yml"))


def read_rows(path: Path, shown: str | None = None) -> Iterator[Row]:
    """The rows of the recipients file ``path`` (named ``shown`` in messages), lazily: a
    CSV file is read as the rows are taken. SourceError when the file as a whole cannot be
    read (missing, not UTF-8, a header naming an unknown column or lacking ``name``)."""
    name = shown or str(path)
    lines = read_lines(path, "recipients")
    try:
        if is_yaml(path):
            yield from _yaml_rows(_decoded(b"".join(lines), 1), name)
        else:
            yield from _csv_rows((_decoded(line, n) for n, line in enumerate(lines, 1)), name)
    except Unreadable as exc:
        raise SourceError(f"{name}: cannot read the recipients file: {exc.reason}",
                          hint=exc.hint or "merge.recipients is relative to the letter's "
                          "folder") from None
    except _NotUtf8 as exc:
        raise SourceError(f"{name}:{exc.line}: not UTF-8 text ({exc.reason})",
                          hint="save the recipients file as UTF-8") from None


class _NotUtf8(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def _decoded(data: bytes, line: int) -> str:
    """A line's text (the first without a byte-order mark); _NotUtf8 naming the line."""
    try:
        return data.decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start].count(b"\n")
        raise _NotUtf8(line + before, f"byte 0x{data[exc.start]:02X}") from None


def row_digests(data: bytes, yaml: bool) -> Mapping[str, str]:
    """Each row's number (as text) and digest, from the bytes of a recipients file: what the
    incremental build compares, a row at a time."""
    text = data.decode("utf-8-sig", "replace")
    rows = _yaml_rows(text, "") if yaml else _csv_rows(io.StringIO(text, newline=""), "")
    try:
        return {str(row.n): row.digest for row in rows}
    except SourceError:
        return {}


def _header(fields: list[str], name: str) -> list[str]:
    columns = [f.strip().lower() for f in fields]
    problems = []
    for i, column in enumerate(columns):
        if column not in COLUMNS:
            import difflib

            close = difflib.get_close_matches(column, COLUMNS, n=1)
            problems.append(Diagnostic(name, 1, i + 1, "header",
                                       f"unknown column '{fields[i]}' (column {i + 1})",
                                       f"did you mean '{close[0]}'?" if close else HINT))
        elif column in columns[:i]:
            problems.append(Diagnostic(name, 1, i + 1, "header",
                                       f"column '{column}' is given twice"))
    if "name" not in columns:
        problems.append(Diagnostic(name, 1, 1, "header", "no 'name' column", HINT))
    if problems:
        raise SourceError(f"{name}: the recipients file's header is not valid",
                          tuple(problems))
    return columns


def _csv_rows(handle: Iterable[str], name: str) -> Iterator[Row]:
    """A CSV file's rows: the first record names the columns; blank lines are skipped. Each
    cell is located at the line and column where it starts (a quoted cell at its quote)."""
    raw: list[str] = []

    def lines() -> Iterator[str]:
        for line in handle:
            raw.append(line)
            yield line

    reader = csv.reader(lines())
    try:
        first = next(reader)
    except StopIteration:
        raise SourceError(f"{name}: the recipients file is empty",
                          hint="write a header line first: " + ",".join(COLUMNS)) from None
    except csv.Error as exc:
        raise SourceError(f"{name}:1: not CSV ({exc})") from None
    columns = _header(first, name)
    n, read = 0, reader.line_num
    while True:
        raw.clear()
        start = read + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(f"{name}:{start}: not CSV ({exc})") from None
        read = reader.line_num
        if not record or all(not cell.strip() for cell in record):
            continue  # a blank line
        n += 1
        starts = _cell_starts("".join(raw), start)
        cells = tuple((column, Cell(value, *starts[i]))
                      for i, (column, value) in enumerate(zip(columns, record, strict=False)))
        problems: tuple[Diagnostic, ...] = ()
        if len(record) != len(columns):
            line, column = starts[min(len(record), len(starts)) - 1]
            problems = (Diagnostic(name, start, column if len(record) > len(columns) else 1,
                                   f"recipients[{n - 1}]",
                                   f"{len(record)} fields, but the header names "
                                   f"{len(columns)} columns ({', '.join(columns)})",
                                   "quote a field with a comma in it: \"Baku, AZ 1001\""),)
        yield Row(name, n, start, 1, cells, problems)


def _cell_starts(text: str, line: int) -> list[tuple[int, int]]:
    """Where each cell of the CSV record ``text`` (which starts at ``line``) begins."""
    starts, column, quoted = [(line, 1)], 1, False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            starts.append((line, column + 1))
        if ch == "\n":
            line, column = line + 1, 1
        else:
            column += 1
    return starts


def _yaml_rows(text: str, name: str) -> Iterator[Row]:
    from ..parse.yaml_source import parse_recipients

    rows, problems = parse_recipients(text, name)
    if problems:
        raise SourceError(f"{name}: not a list of recipients", tuple(problems))
    for n, (line, column, cells, found) in enumerate(rows, 1):
        unknown = [Diagnostic(name, cell[1], cell[2], f"recipients[{n - 1}].{key}",
                              f"unknown column '{key}'", HINT)
                   for key, cell in cells.items() if key not in COLUMNS]
        yield Row(name, n, line, column,
                  tuple((key, Cell(*cell)) for key, cell in cells.items() if key in COLUMNS),
                  found + tuple(unknown))
