"""The one exception tree of letterpress, and the diagnostics it carries.

::

    LetterpressError
     ├── SourceError          a letter source (YAML or Markdown) is not valid
     ├── FontError            the vendored fonts are missing or cannot draw a character
     ├── LayoutError          the letter cannot be laid out (e.g. an entry taller than a page)
     ├── RenderError          the PDF could not be made (a fault of letterpress or its fonts)
     ├── ReadbackError        a PDF could not be read back
     ├── WriteError           an output could not be written (permissions, disk full, a name
     │                        taken by a folder, a file the same run read)
     ├── SigningError         a key, a certificate or a PDF to sign or verify is unusable
     ├── ExtractError         a PDF's embedded sources cannot be read or written out
     ├── ArchiveError         a letter cannot be filed, or the archive folder is not one
     └── ScanError            a scan (a PDF of images, PNG, JPEG or TIFF files) cannot be read

Library code raises these and never prints or exits; ``cli.py`` turns them into messages
and exit codes in one place. Exceptions from yaml, reportlab or pypdf are wrapped where the
library is called, so none reaches the user as a traceback.

When to raise, warn or stay silent: raise when the output would be wrong (a field missing,
a character the fonts cannot draw); warn when the output is right but suspicious (a stated
signatory count that disagrees with the list); ``--strict`` turns warnings into errors.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a user's file, located as precisely as we can.

    ``line`` and ``column`` are 1-based; 0 means "unknown" (e.g. a missing key is reported
    at its parent mapping). ``field`` is a path such as ``signatories[0].members[27].name``.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        prefix = "warning: " if self.severity == "warning" else ""
        text = f"{where}: {self.field}: {prefix}{self.message}" if self.field else (
            f"{where}: {prefix}{self.message}"
        )
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return shown(text)


def shown(text: str) -> str:
    """``text`` safe for a terminal: control and invisible characters from the input (an
    escape sequence in a file name, a zero-width space in a key) are written as escapes
    (``\\x1b``, ``U+200B``); the line breaks of a message stay."""
    if text.isprintable():
        return text
    return "".join(ch if ch == "\n" or ch.isprintable() or ch == " " else _escape(ch)
                   for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100 and unicodedata.category(ch) == "Cc":
        return f"\\x{code:02x}"
    return f"U+{code:04X}"


class LetterpressError(Exception):
    """Base of every error letterpress raises on purpose."""

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = (),
                 hint: str = "") -> None:
        super().__init__(message)
        self.diagnostics = diagnostics
        self.hint = hint

    def format(self) -> str:
        if self.diagnostics:
            return "\n".join(d.format() for d in self.diagnostics)
        return shown(str(self) + (f"\n  hint: {self.hint}" if self.hint else ""))


class SourceError(LetterpressError):
    """A letter source is not valid; ``diagnostics`` lists every problem found in one run."""


class FontError(LetterpressError):
    """The fonts are missing, unreadable, or lack a character the letter uses."""


class LayoutError(LetterpressError):
    """The letter cannot be laid out on the page; ``field`` names the field that cannot."""

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = (),
                 hint: str = "", field: str = "") -> None:
        super().__init__(message, diagnostics, hint)
        self.field = field


class RenderError(LetterpressError):
    """The PDF could not be written."""


class ReadbackError(LetterpressError):
    """A PDF could not be opened or its text could not be extracted."""


class WriteError(LetterpressError):
    """An output could not be written; nothing that was there before is lost."""


class SigningError(LetterpressError):
    """A key file, a certificate, a timestamp authority or a PDF to sign or verify is unusable.
    (A signature that does not verify is a finding, not an error.)"""


class ExtractError(LetterpressError):
    """A PDF carries no letter source, or one that cannot be read or written out safely."""


class Encrypted(ExtractError):
    """A PDF protected by a password (letterpress never encrypts a letter)."""


class NoSources(ExtractError):
    """A readable PDF that carries no letter source (made by another program, or by a
    letterpress from before sources were embedded): callers may fall back to its text."""


class NotProven(LetterpressError):
    """A PDF that does not read back as the source it carries, used where only a proven PDF
    may stand for its source (diff compares letters, not claims)."""


class ArchiveError(LetterpressError):
    """A letter cannot be filed, or a folder given as the archive is not one."""


class ScanError(LetterpressError):
    """A scan of a printed letter that cannot be read as pages of images: the message names
    the file (and the page), the hint what to do instead."""
