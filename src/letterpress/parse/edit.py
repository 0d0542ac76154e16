"""Editing a YAML letter in place, as a person would: raising its revision.

A letter filed as sent is corrected by a new revision (archive/sent.py says when one is
needed). :func:`revise_text` changes only what a revision needs: the top-level ``revision:``
value (written after ``date:`` when the file has none) and, when the file has no
``correction:``, one that names the date of the letter it replaces, so the correction note
("Corrected version; replaces the letter of ...") keeps saying the right date when the
letter's own date moves on. Every other line, comment and indentation stays as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import yaml

from ..errors import SourceError
from .yamltree import Reader, compose


@dataclass(frozen=True, slots=True)
class Revised:
    text: str
    old: int
    new: int


def revise_text(text: str, filename: str, coverage: frozenset[int]) -> Revised:
    """``text`` (a YAML letter named ``filename``) with its revision raised by one;
    SourceError when the file is not a letter this can edit."""
    r = Reader(filename, text, coverage, PurePosixPath("."), [])
    root = compose(r)
    if r.out or not isinstance(root, yaml.MappingNode):
        raise SourceError(f"{filename}: not a YAML letter that can be revised",
                          hint=f"letterpress build {filename} shows what is wrong")
    keys = {str(k.value): (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if "date" not in keys:
        raise SourceError(f"{filename}: the letter has no date", hint="write date: YYYY-MM-DD")
    indent = " " * keys["date"][0].start_mark.column
    date = keys["date"][1]
    if "revision" in keys:
        value = keys["revision"][1]
        try:
            old = int(str(value.value))
        except ValueError:
            raise SourceError(f"{filename}: revision is not a whole number") from None
        start, end = value.start_mark, value.end_mark
        if start.line != end.line:
            raise SourceError(f"{filename}: revision spans several lines")
        line = lines[start.line]
        lines[start.line] = line[:start.column] + str(old + 1) + line[end.column:]
    else:
        old = 1
        lines.insert(date.end_mark.line + 1, f"{indent}revision: 2{newline}")
    if "correction" not in keys:
        at = (keys["revision"][1].end_mark.line if "revision" in keys
              else date.end_mark.line + 1) + 1
        lines[at:at] = [f"{indent}correction:{newline}",
                        f"{indent}  replaces: {date.value}  # the date of the letter this "
                        f"revision replaces{newline}"]
    return Revised("".join(lines), old, old + 1)
