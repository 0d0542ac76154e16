"""Document-level objects: what the PDF says about itself, through ReportLab's own objects.

- the document information dictionary (title, author, subject, dates), for every PDF;
- for PDF/A-3b (ISO 19005-3): the XMP metadata saying the same (6.6.2), the sRGB output
  intent (6.2.3) with the vendored ICC profile, and the letter's source files as associated
  files (6.8; the layout of those is agreed with the extract and signing code: see
  :func:`embed`).
"""

from __future__ import annotations

import datetime
import hashlib
import zlib
from functools import cache
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFStream,
    PDFString,
)

from ..errors import RenderError
from ..layout.boxes import Document
from ..vendored import vendored
from .options import Attachment, RenderOptions
from .xmp import Description, xmp_packet

PRODUCER = "letterpress"
SRGB = "sRGB IEC61966-2.1"
# ISO 32000-2 14.13: what each associated file is to the document (ISO 19005-3 6.8)
FIRST, OTHERS = "letter source", "file read by the letter"
ENCLOSED = "enclosure, its pages appended after the letter's"


def describe(canvas: Any, document: Document, options: RenderOptions) -> None:
    """Title, author, subject, creator and producer; creation and modification date; for
    PDF/A, the XMP metadata that repeats them."""
    canvas.setTitle(document.title)
    canvas.setAuthor(document.author)
    canvas.setSubject(document.subject)
    canvas.setKeywords(options.keywords)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    created = pdf_date(options.timestamp)
    canvas.setDateFormatter(lambda *_: created)
    if options.standard == "PDF/A-3b":
        packet = xmp_packet(Description(document.title, document.author, document.subject,
                                        document.language, options.keywords, PRODUCER,
                                        PRODUCER, options.timestamp,
                                        str(options.revision) if options.revision > 1 else ""))
        # ISO 19005-3 6.6.2.1: the metadata stream is not filtered, so any tool can read it
        canvas._doc.Catalog.Metadata = PDFStream(
            PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet)


def pdf_date(moment: datetime.datetime) -> str:
    """A PDF date string (ISO 32000-1 7.9.4) in UTC, e.g. ``D:20201008000000Z``."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("D:%Y%m%d%H%M%SZ")


def archival(doc: Any, options: RenderOptions,
             descriptions: tuple[str, str] = (FIRST, OTHERS)) -> None:
    """The catalog entries PDF/A-3b needs beyond the metadata: output intent, associated
    files (described as ``descriptions``: the first file, the others). Call before the pages
    are written (the objects get the lowest numbers)."""
    catalog = doc.Catalog
    # PDFCatalog writes only the keys it lists; these two are PDF 2.0 / PDF/A additions.
    catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents", "AF"]
    catalog.OutputIntents = PDFArray([_output_intent(doc)])
    if options.attachments:
        specs = embed(doc, options.attachments, descriptions)
        catalog.AF = PDFArray(specs)
        # The name tree's keys are sorted (ISO 32000-1 7.9.6); /AF keeps the source first.
        pairs = sorted(zip((a.name for a in options.attachments), specs, strict=True),
                       key=lambda pair: _string_bytes(pair[0]))
        catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray(
            [item for name, spec in pairs for item in (PDFString(name), spec)])})})


def _string_bytes(text: str) -> bytes:
    """A text string as ReportLab's PDFString writes it: PDFDocEncoding where it can, else
    UTF-16BE with its byte order mark (ISO 32000-1 7.9.2.2)."""
    try:
        return text.encode("pdfdoc")  # a codec ReportLab registers
    except UnicodeEncodeError:
        return b"\xfe\xff" + text.encode("utf-16-be")


def without_transitions(doc: Any) -> None:
    """ReportLab gives every page an empty /Trans, a key PDF/A forbids (ISO 19005-3 6.6.1)."""
    for page in doc.Pages.pages:
        page.Trans = None


def embed(doc: Any, attachments: tuple[Attachment, ...],
          descriptions: tuple[str, str] = (FIRST, OTHERS)) -> list[Any]:
    """One file specification per file, the first the letter's own source: /F and /UF its
    relative path, /AFRelationship /Source (an enclosure's PDF: /Supplement), /Desc what it
    is (``descriptions``: the first file's, the others'); the embedded stream holds the
    exact bytes, /Subtype the MIME type, /Params /Size and /CheckSum (MD5) and no dates, so
    the same files give the same bytes."""
    specs = []
    for k, attachment in enumerate(attachments):
        data = attachment.data
        stream = PDFStream(PDFDictionary({
            "Type": PDFName("EmbeddedFile"), "Subtype": _Name(attachment.mime),
            "Filter": PDFName("FlateDecode"),
            "Params": PDFDictionary({"Size": len(data), "CheckSum": _Hex(
                hashlib.md5(data, usedforsecurity=False).digest())})}), zlib.compress(data))
        ref = doc.Reference(stream)
        specs.append(doc.Reference(PDFDictionary({
            "Type": PDFName("Filespec"), "F": PDFString(attachment.name),
            "UF": PDFString(attachment.name),
            "Desc": PDFString(ENCLOSED if attachment.relationship == "Supplement"
                              else descriptions[1] if k else descriptions[0]),
            "AFRelationship": PDFName(attachment.relationship),
            "EF": PDFDictionary({"F": ref, "UF": ref})})))
    return specs


def _output_intent(doc: Any) -> PDFDictionary:
    profile = PDFStream(PDFDictionary({"N": 3, "Filter": PDFName("FlateDecode")}),
                        _profile())
    return PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString(SRGB), "Info": PDFString(SRGB),
        "DestOutputProfile": doc.Reference(profile)})


@cache
def _profile() -> bytes:
    """The vendored sRGB profile, compressed once per process."""
    try:
        folder = vendored("icc", "sRGB.icc")
    except FileNotFoundError as exc:
        raise RenderError(str(exc)) from None
    return zlib.compress((folder / "sRGB.icc").read_bytes())


class _Name(PDFObject):  # type: ignore[misc]  # ReportLab has no type hints
    """A PDF name with the characters outside its regular set written #xx (ISO 32000-1
    7.3.5): ReportLab's PDFName writes application/yaml as two names."""

    def __init__(self, text: str) -> None:
        self.text = text

    def format(self, document: Any) -> bytes:
        return b"/" + b"".join(
            bytes([c]) if 0x21 <= c <= 0x7E and c not in b"()<>[]{}/%#" else b"#%02X" % c
            for c in self.text.encode("utf-8"))


class _Hex(PDFObject):  # type: ignore[misc]
    """A byte string written in hexadecimal."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return b"<" + self.data.hex().encode("ascii") + b">"
