"""The fonts' objects made before the file is written (pdf/subsets.py) are ReportLab's own:
a /Widths array of written numbers is laid out as ReportLab lays out the numbers, and a
document whose fonts were added first is the same file as one ReportLab added them to."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfbase.pdfdoc import PDFArray
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

from letterpress.fonts import FontSet
from letterpress.pdf import subsets
from letterpress.pdf.subsets import add_subsets, written

# more than ten numbers (ReportLab breaks the line after every ten), ints and floats,
# negative, fractional, zero, tiny and large
NUMBERS = [0, 1, 250, 333.0, 277.83203125, -12.5, 1e-9, 0.5, 2048, 1000.125, 0.001, 7, 610.5]


@pytest.mark.parametrize("numbers", [NUMBERS, NUMBERS[:3], [556.0], []])
def test_written_numbers_are_laid_out_as_reportlab_lays_them(numbers: list[float]) -> None:
    doc = Canvas(io.BytesIO())._doc
    assert written(PDFArray(numbers)).format(doc) == PDFArray(numbers).format(doc)


def _pdf(fonts: FontSet, first: bool) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=1)
    for style, text in (("regular", "Dear friends, Москва ərizə"), ("bold", "Bakı 2026")):
        canvas.setFont(getFont(fonts.name(style)).fontName, 11)
        canvas.drawString(72, 700, text)
    canvas.showPage()
    if first:
        add_subsets(canvas._doc)
    canvas.save()
    return buffer.getvalue()


def test_fonts_added_first_give_the_same_file(fonts: FontSet) -> None:
    ours, reportlabs = _pdf(fonts, True), _pdf(fonts, False)
    assert b"/Widths" in ours and b"/FontFile2" in ours
    assert ours == reportlabs


def _one_line(fonts: FontSet, text: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=1)
    canvas.setFont(getFont(fonts.name("regular")).fontName, 11)
    canvas.drawString(72, 700, text)
    canvas.showPage()
    add_subsets(canvas._doc)
    canvas.save()
    return buffer.getvalue()


def test_a_kept_subset_is_the_one_its_text_needs(fonts: FontSet) -> None:
    """Subsets are kept from one document to the next (SUBSETS_KEPT): a document whose
    characters come in another order, or are others, gets its own, the same bytes as made
    anew; one in the same order gets the kept one, the same bytes again."""
    texts = ["Bakı ərizə", "ərizə Bakı", "Москва", "Bakı ərizə"]
    subsets.forget()
    kept = [_one_line(fonts, text) for text in texts]
    anew = []
    for text in texts:
        subsets.forget()
        anew.append(_one_line(fonts, text))
    assert kept == anew
    assert len(set(kept[:3])) == 3  # the orders and the alphabets give different files
    assert subsets.reused() == 0  # anew: nothing was kept
    subsets.forget()
    for text in texts:
        _one_line(fonts, text)
    assert subsets.reused() == 1  # the fourth is the first again
