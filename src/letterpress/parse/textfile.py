"""Reading a letter's file as text: UTF-8, or why not and where.

Both source formats (YAML and Markdown) come through here, so a file saved in the wrong
encoding gets the same message and hint whichever it is. The bytes come from the world
(:mod:`letterpress.world`), which checks the file and records it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Diagnostic, SourceError
from ..world import Kind, Unreadable, World

# CR LF, CR and LF each end a line, in YAML (1.2, 5.4) as in CommonMark; line numbers in
# messages count them so, whichever a file uses.
LINE_END = re.compile(r"\r\n|\r|\n")
_LINE_END_BYTES = re.compile(rb"\r\n|\r|\n")
UTF8_HINT = "save the file as UTF-8 (in most editors: Save As, then choose the encoding)"


class Undecodable(Unreadable):
    """Bytes that are not UTF-8 text, with the line and column of the first bad byte."""

    def __init__(self, reason: str, line: int, column: int) -> None:
        super().__init__(reason, UTF8_HINT)
        self.line, self.column = line, column


def decode_text(data: bytes) -> str:
    """The UTF-8 text of ``data``, without a byte-order mark; or Undecodable."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Undecodable("the file is UTF-16 text, not UTF-8", 1, 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = _LINE_END_BYTES.split(data[:exc.start])
        column = len(before[-1].decode("utf-8", "replace")) + 1
        raise Undecodable(f"not UTF-8 text (byte 0x{data[exc.start]:02X})", len(before),
                          column) from None


def read_text(world: World, file: Path, kind: Kind) -> str:
    """The text of ``file`` read through ``world``; Unreadable says why not."""
    return decode_text(world.read(file, kind))


def read_letter(world: World, path: Path) -> str:
    """The text of a letter's file, or a SourceError saying why, where, and what to do; a
    file of a kind no letter is (a PDF, a Word file, an image) is named as such, whatever its
    suffix, rather than read as text."""
    from .sniff import binary_kind, not_a_letter

    try:
        data = world.read(path, "letter")
        kind = binary_kind(data)
        if kind is not None:
            raise not_a_letter(str(path), f"it is {kind[0]}", kind[1])
        return decode_text(data)
    except Unreadable as exc:
        message = f"cannot read the letter: {exc.reason}"
        line, column = (exc.line, exc.column) if isinstance(exc, Undecodable) else (0, 0)
        hint = exc.hint or ("give a letter (YAML or Markdown), or a folder of them"
                            if exc.reason == "no such file" else "")
        diagnostic = Diagnostic(str(path), line, column, "", message, hint)
        raise SourceError(f"{path}: {message}", (diagnostic,)) from None
