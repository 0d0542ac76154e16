"""The file identifier (the trailer's /ID, ISO 32000-1 14.4), computed last from the content.

ReportLab's own /ID is a digest of its timestamp and the document information, the same for
two letters with the same title in invariant mode. Here it is the MD5 of every byte written
before the trailer (header, objects, cross-reference table), which the trailer itself only
points into: the same source gives the same /ID, another letter another one.

ReportLab formats the trailer after the cross-reference table, asking its document for
``ID()``; the bytes already written are in ``document.__accum__`` while the objects are being
formatted (ReportLab keeps it there so that "objects know where they are in the file"). A
watcher object that is formatted with the document information takes hold of it then.
"""

from __future__ import annotations

import hashlib
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFInfo, PDFObject


class _Identifier(PDFObject):  # type: ignore[misc]  # ReportLab has no type hints
    """The trailer's /ID value, formatted when the trailer is written."""

    def __init__(self, fixed: bytes | None) -> None:
        self.fixed = fixed
        self.written: Any = None  # ReportLab's PDFFile being written

    def __call__(self) -> _Identifier:  # stands in for PDFDocument.ID
        return self

    def format(self, document: Any) -> bytes:
        if self.fixed is not None:
            digest = self.fixed
        else:
            if self.written is None:
                raise RuntimeError("the PDF's bytes were not seen before its trailer")
            digest = hashlib.md5(b"".join(self.written.strings), usedforsecurity=False).digest()
        part = b"<" + digest.hex().encode("ascii") + b">"
        return b"[" + part + part + b"]"


class _WatchedInfo(PDFInfo):  # type: ignore[misc]
    """The document information dictionary, unchanged, noting the file it is written into."""

    def __init__(self, identifier: _Identifier) -> None:
        super().__init__()
        self.identifier = identifier

    def format(self, document: Any) -> bytes:
        self.identifier.written = document.__accum__
        return super().format(document)  # type: ignore[no-any-return]


def identify(doc: Any, fixed: bytes | None = None) -> None:
    """Give ReportLab's document ``doc`` an /ID computed from its content (or ``fixed``).
    Call before the document information is set."""
    identifier = _Identifier(fixed)
    doc.info = _WatchedInfo(identifier)
    doc.ID = identifier
