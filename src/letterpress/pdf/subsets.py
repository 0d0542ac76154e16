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
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import PDFArray, PDFTrueTypeFont


def add_subsets(doc: Any) -> None:
    """Make the objects of every font used in ReportLab's document ``doc`` (call once the
    pages are drawn, before the canvas is saved), each subset's widths as written numbers."""
    fonts, doc.delayedFonts = doc.delayedFonts, []
    for font in fonts:
        font.addObjects(doc)
    for obj in doc.idToObject["BasicFonts"].dict.values():
        if isinstance(obj, PDFTrueTypeFont) and isinstance(obj.Widths, PDFArray):
            obj.Widths = written(obj.Widths)


def written(numbers: PDFArray) -> PDFArray:
    """The array ``numbers`` with each number as the bytes ReportLab writes for it: a
    ``bytes`` element is written as it is, and the array lays its elements out alike.
    ``fp_str`` given the whole sequence writes each number as it would alone, space
    separated, in one call."""
    if not numbers.sequence:
        return PDFArray([])
    return PDFArray(fp_str(numbers.sequence).encode("ascii").split(b" "))
