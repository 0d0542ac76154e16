"""How the file is written: the syntax rules of ISO 19005-3 6.1 that ReportLab breaks.

ReportLab writes every stream as ``<<dictionary>>\\nstream\\n`` + data + ``endstream``, with
no end-of-line marker before ``endstream``. ISO 19005-3 6.1.7.1 asks for one, and counts
/Length as the bytes between the line feed after ``stream`` and that marker: without it, a
stream whose data ends with a line feed reads one byte shorter than /Length says (a reader
takes the data's own last byte for the marker). After data ending in a carriage return the
marker is CRLF, so that the two bytes are not read as one marker. Everything else ReportLab
writes already holds (header and binary comment 6.1.2, trailer with /ID and nothing after
``%%EOF`` but its line feed 6.1.3, cross-reference table 6.1.4, ``N 0 obj`` on its own line
6.1.9).

The marker is added as each indirect object is appended to the file, before ReportLab notes
where the next one starts: the cross-reference offsets, ``startxref`` and the /ID (computed
from the bytes written, :mod:`.identifier`) are ReportLab's own arithmetic over the bytes as
they end up in the file, and /Length (the data's length) stays exact.

ReportLab's document keeps the file being written in its attribute ``__accum__`` while it
formats the objects; :func:`well_formed` gives the document a class in which that attribute
is a property, so the file is seen the moment it is made, before its first object.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDocument

# how ReportLab ends an indirect object that is a stream (pdfdoc.PDFStream and
# PDFIndirectObject): the data, then these bytes
_STREAM_END = b"endstream\nendobj\n"


def with_eol_before_endstream(chunk: bytes) -> bytes:
    """``chunk`` (one indirect object as ReportLab formats it) with a line feed before its
    ``endstream`` keyword, if it is a stream; any other bytes as they are."""
    if not (chunk.endswith(_STREAM_END) and b"\nstream\n" in chunk):
        return chunk
    body = chunk[:-len(_STREAM_END)]
    # data ending in a carriage return, then a line feed, would read as one CRLF marker
    # and the data one byte short: after a CR the marker is CRLF
    return body + (b"\r\n" if body.endswith(b"\r") else b"\n") + _STREAM_END


class _File:
    """ReportLab's PDFFile, each indirect object given its end-of-line marker as it is
    added (``add`` returns where it starts and advances the offset by its final length)."""

    def __init__(self, file: Any) -> None:
        self.file = file
        original = file.add

        def add(s: bytes | str) -> int:
            if isinstance(s, bytes):
                s = with_eol_before_endstream(s)
            return original(s)  # type: ignore[no-any-return]

        file.add = add


class _WellFormedDocument(PDFDocument):  # type: ignore[misc]  # ReportLab has no type hints
    """ReportLab's document, its output file watched from the moment it is made."""

    @property
    def __accum__(self) -> Any:
        return self.__dict__["_letterpress_file"]

    @__accum__.setter
    def __accum__(self, file: Any) -> None:
        _File(file)
        self.__dict__["_letterpress_file"] = file

    @__accum__.deleter
    def __accum__(self) -> None:
        del self.__dict__["_letterpress_file"]


def well_formed(doc: Any) -> None:
    """Make ReportLab's document ``doc`` write an end-of-line marker before every
    ``endstream`` (ISO 19005-3 6.1.7.1). Call before the canvas is saved."""
    if type(doc) is not PDFDocument:
        raise TypeError(f"expected ReportLab's PDFDocument, not {type(doc).__name__}")
    doc.__class__ = _WellFormedDocument
