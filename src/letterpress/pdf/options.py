"""What rendering is asked to make, besides the laid-out pages: the PDF's options.

Kept apart from the drawing code (and from ReportLab) so that callers can build options
without loading the PDF writer.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

Standard = Literal["PDF/A-3b"]


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the letter was built from, embedded in the PDF as an associated file."""

    name: str  # relative to the deepest folder holding every file the letter read; POSIX
    data: bytes  # the file's exact bytes
    mime: str  # e.g. "application/yaml", "text/markdown", "image/png"
    # What the file is to the document (ISO 32000-2 14.13): a file the letter was built
    # from is its /Source; an enclosure, whose pages follow the letter's, a /Supplement.
    relationship: str = "Source"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to write a laid-out document.

    ``timestamp`` is the document's creation and modification date (from the letter, never the
    clock, so the same source gives the same bytes). ``identifier`` fixes the trailer's /ID
    (16 bytes); by default it is an MD5 of every byte written before the trailer. The first
    attachment is the letter's own source. ``tagged`` asks for a structure tree, which is not
    made yet.
    """

    timestamp: datetime.datetime
    identifier: bytes | None = None
    standard: Standard | None = "PDF/A-3b"  # None: a plain PDF
    attachments: tuple[Attachment, ...] = ()
    tagged: bool = False
    keywords: str = ""  # the document information's Keywords (and XMP pdf:Keywords)
    revision: int = 1  # above 1, XMP xmpMM:VersionID says which revision of the letter it is


# The types of the files a letter reads; anything else is application/octet-stream.
_MIME = {".yaml": "application/yaml", ".yml": "application/yaml", ".md": "text/markdown",
         ".txt": "text/plain",
         ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
         ".svg": "image/svg+xml", ".pdf": "application/pdf"}


def mime_type(name: str) -> str:
    """The MIME type of a file by its suffix (the mimetypes module costs an import and
    answers from the machine's own tables, so not always the same)."""
    dot = name.rfind(".")
    return _MIME.get(name[dot:].lower(), "application/octet-stream") if dot >= 0 else \
        "application/octet-stream"
