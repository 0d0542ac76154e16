"""The fonts' subsets as PDF objects: ReportLab's own, made before the file is written.

ReportLab makes a TrueType font's objects (a font dictionary per subset of 256 codes, its
/Widths, ToUnicode CMap, descriptor and embedded subset) when the canvas is saved, for every
font the pages used (``PDFDocument.GetPDFData`` calls each ``TTFont.addObjects``).
:func:`add_subsets` makes them first, in the same order, and leaves the document nothing to
add: the objects and their numbers are the same. What it changes is how a subset's /Widths
array reaches the file: ReportLab formats an array number by number (a generic formatting
call and a text encoding each, a third of a millisecond for a subset's 128 widths), here
each width is written once as the same bytes ReportLab's number format gives (``fp_str``)
and the array is left to lay them out as it does.

A subset's embedded font program is a pure function of the font and the subset's codes, and
making it (ReportLab's ``makeSubset``, then deflating it) is about 1.5 ms a font, a third of
writing a letter's PDF. The last SUBSETS_KEPT of each are kept: the letters of a mail merge
share their body's subsets, and a rebuild after a correction shares most of them. The bytes
are those ReportLab makes (tests/pdf/test_subset_objects.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import PDFArray, PDFTrueTypeFont, PDFZCompress

SUBSETS_KEPT = 16  # embedded subsets (about 30 KB and its deflated 20 KB each) kept per process


def add_subsets(doc: Any) -> None:
    """Make the objects of every font used in ReportLab's document ``doc`` (call once the
    pages are drawn, before the canvas is saved), each subset's widths as written numbers."""
    fonts, doc.delayedFonts = doc.delayedFonts, []
    for font in fonts:
        _remember_subsets(font.face)
        font.addObjects(doc)
    for obj in doc.idToObject["BasicFonts"].dict.values():
        if isinstance(obj, PDFTrueTypeFont) and isinstance(obj.Widths, PDFArray):
            obj.Widths = written(obj.Widths)
    for name, obj in doc.idToObject.items():  # ReportLab names them "fontFile:FILE(FONT)"
        if name.startswith("fontFile:") and obj.filters == [PDFZCompress]:
            obj.filters = [KEPT_DEFLATE]


def forget() -> None:
    """Make every subset anew (as for a process's first letter)."""
    _subset.cache_clear()
    _deflated.cache_clear()


def reused() -> int:
    """How many times a kept subset served a document since the last :func:`forget`."""
    return _subset.cache_info().hits


def _remember_subsets(face: Any) -> None:
    """Have the TrueType ``face`` make each subset's font program once (SUBSETS_KEPT)."""
    if "makeSubset" not in vars(face):
        make = face.makeSubset
        face.makeSubset = lambda subset: _subset(make, tuple(subset))


@lru_cache(maxsize=SUBSETS_KEPT)
def _subset(make: Any, codes: tuple[int, ...]) -> bytes:
    return bytes(make(list(codes)))


@lru_cache(maxsize=SUBSETS_KEPT)
def _deflated(data: bytes) -> bytes:
    return bytes(PDFZCompress.encode(data))


class _KeptDeflate:
    """ReportLab's FlateDecode filter, with the deflated bytes of the last SUBSETS_KEPT
    font programs kept."""

    pdfname = PDFZCompress.pdfname

    @staticmethod
    def encode(data: bytes) -> bytes:
        return _deflated(data)

    @staticmethod
    def decode(data: bytes) -> bytes:
        return bytes(PDFZCompress.decode(data))


KEPT_DEFLATE = _KeptDeflate()


def written(numbers: PDFArray) -> PDFArray:
    """The array ``numbers`` with each number as the bytes ReportLab writes for it, laid
    out as ReportLab lays out an array. ``fp_str`` given the whole sequence writes each
    number as it would alone, space separated, in one call."""
    if not numbers.sequence:
        return _Written([])
    return _Written(fp_str(numbers.sequence).encode("ascii").split(b" "))


class _Written(PDFArray):  # type: ignore[misc]  # ReportLab has no type hints
    """An array of numbers already written (bytes): laid out as ``PDFArray.format`` lays
    out its elements, without a formatting call for each (a subset's /Widths has up to
    256)."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:  # noqa: N803 (ReportLab's)
        elements: list[bytes] = self.sequence
        if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
            return b"[ " + IND.join(elements) + b" ]"
        rows = [b" ".join(elements[k:k + 10]) for k in range(0, len(elements), 10)]
        return b"[ " + b" \n  ".join(rows) + b" ]"  # its "\n " element between rows, space-joined
