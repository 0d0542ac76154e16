"""Reading a letter's file as text: UTF-8, or why not and where.

Both source formats (YAML and Markdown) come through here, so a file saved in the wrong
encoding gets the same message and hint whichever it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Diagnostic, SourceError

# CR LF, CR and LF each end a line, in YAML (1.2, 5.4) as in CommonMark; line numbers in
# messages count them so, whichever a file uses.
LINE_END = re.compile(r"\r\n|\r|\n")
_LINE_END_BYTES = re.compile(rb"\r\n|\r|\n")
UTF8_HINT = "save the file as UTF-8 (in most editors: Save As, then choose the encoding)"


class Unreadable(Exception):
    """A file that cannot be read as text: why, where if the bytes say, and a hint."""

    def __init__(self, reason: str, line: int = 0, column: int = 0, hint: str = "") -> None:
        super().__init__(reason)
        self.reason, self.line, self.column, self.hint = reason, line, column, hint


def read_text(file: Path) -> str:
    """The UTF-8 text of ``file``, without a byte-order mark; or Unreadable."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("the file is UTF-16 text, not UTF-8", 1, 1, UTF8_HINT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = _LINE_END_BYTES.split(data[:exc.start])
        column = len(before[-1].decode("utf-8", "replace")) + 1
        raise Unreadable(f"not UTF-8 text (byte 0x{data[exc.start]:02X})", len(before), column,
                         UTF8_HINT) from None


def read_letter(path: Path) -> str:
    """The text of a letter's file, or a SourceError saying why, where, and what to do."""
    try:
        return read_text(path)
    except Unreadable as exc:
        message = f"cannot read the letter: {exc.reason}"
        diagnostic = Diagnostic(str(path), exc.line, exc.column, "", message, exc.hint)
        raise SourceError(f"{path}: {message}", (diagnostic,)) from None
