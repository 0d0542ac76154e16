"""The text of a run as codes of the font's subsets (pdf/draw.py subset_chunks) is what ReportLab's
own splitString gives, letter for letter: for text new to the document, text seen before,
text spanning several subsets (more than 256 letters used), and the no-break space."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

from letterpress.fonts import load_fonts
from letterpress.pdf.draw import subset_chunks

# Latin, Azerbaijani, Cyrillic and Greek letters: far more than one subset's 256 codes
LETTERS = "".join(chr(c) for c in (*range(0x41, 0x7B), *range(0xC0, 0x17F),
                                    *range(0x400, 0x460), 0x259, 0x18F))
TEXTS = ["Dear friends,", LETTERS, "Bakı, ərizə", "Москва\u00a02026", LETTERS[::-1],
         "Dear friends,", "\u00a0", ""]


def _codes(split: object) -> list[list[tuple[int, bytes]]]:
    font = getFont(load_fonts().name("regular"))
    doc = Canvas("unused.pdf")._doc
    return [split(font, text, doc) for text in TEXTS]  # type: ignore[operator]


def test_codes_are_reportlabs() -> None:
    ours = _codes(subset_chunks)
    theirs = _codes(lambda font, text, doc: font.splitString(text, doc))
    assert ours == theirs
    assert len({subset for run in ours for subset, _ in run}) > 1  # several subsets reached
