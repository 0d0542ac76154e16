"""The lines to sign on, measured in the PDF with PDFium (not with the layout's numbers):
each is a drawn vector line of about 60-70 mm that stays inside its signer's column, with at
least 15 mm free of any ink above it for the signature (and the nearest text above its row
no more than 18 mm away), and the signer's name, in bold text, right under it (issue 22,
point 1; docs/source-format.md).

The columns are stated in millimetres: the text area is the paper less the margins of 25 mm
(left) and 20 mm (right), and two signers stand side by side 8 mm apart."""

from __future__ import annotations

import dataclasses
import datetime
from io import BytesIO

import pytest
from helpers.letters import BASE
from helpers.pdfs import paths_and_chars
from pypdf import PdfReader

from letterpress.fonts import FontSet
from letterpress.model import Letter, Letterhead, Signature, Signer
from letterpress.pipeline import typeset

MM = 72 / 25.4
PAPER_WIDTH_MM = {"a4": 210.0, "letter": 215.9}
LEFT_MM, RIGHT_MM, GAP_MM = 25.0, 20.0, 8.0
PEOPLE = (Signer(name="Aynur Mammadova", title="Chair of the Council",
                 organisation="“Open Data” Research Centre Public Union"),
          Signer(name="Rashad Huseynov", organisation="Budget Transparency Public Association"),
          Signer(name="Leyla Guliyeva", title="Treasurer"))


def letter(signers: int, paper: str = "a4") -> Letter:
    return dataclasses.replace(
        BASE, letterhead=Letterhead(name="Open Government Platform"), signatories=(),
        paper=paper,  # type: ignore[arg-type]
        signature=Signature(place="Baku", date=datetime.date(2026, 11, 20),
                            signers=PEOPLE[:signers]))


def columns(paper: str) -> list[tuple[float, float]]:
    """The two signers' columns (left, right) in points."""
    width = (PAPER_WIDTH_MM[paper] - LEFT_MM - RIGHT_MM - GAP_MM) / 2
    return [(LEFT_MM * MM, (LEFT_MM + width) * MM),
            ((LEFT_MM + width + GAP_MM) * MM, (LEFT_MM + 2 * width + GAP_MM) * MM)]


def signing_lines(data: bytes) -> tuple[list[tuple[float, float, float, float]],
                                        list[tuple[str, tuple[float, float, float, float]]]]:
    """The horizontal lines of page 1 shorter than the letterhead's rule, and its characters."""
    paths, chars = paths_and_chars(data, 0)
    lines = [p for p in paths if p[3] - p[1] < 2 and p[2] - p[0] < 100 * MM]
    return sorted(lines, key=lambda p: (-p[1], p[0])), chars


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("signers", [1, 2, 3])
def test_each_signer_has_a_line_with_room_above_and_the_name_below(
        signers: int, paper: str, fonts: FontSet) -> None:
    data, pages = typeset(letter(signers, paper), fonts)
    assert pages == 1
    lines, chars = signing_lines(data)
    assert len(lines) == signers
    for k, (left, bottom, right, top) in enumerate(lines):
        # the stroke is 0.5 pt wide: PDFium's bounds hold it on every side
        length_mm = (right - left - 1.0) / MM
        assert 60 <= length_mm <= 70, length_mm
        column = columns(paper)[k % 2]
        assert column[0] - 1 <= left and right <= column[1] + 1, (k, left, right, column)
        over = [box for c, box in chars if c.strip() and box[1] > top]
        room_mm = (min(box[1] for box in over if box[2] > left and box[0] < right) - top) / MM
        assert room_mm >= 15, room_mm  # over the line itself
        assert (min(box[1] for box in over) - top) / MM <= 18  # the row above is near
        under = sorted((box for c, box in chars if c.strip() and box[2] > left
                        and box[0] < right and box[3] < bottom and box[3] > bottom - 5 * MM),
                       key=lambda box: box[0])
        name = "".join(c for c, box in chars if box in under)
        assert name == PEOPLE[k].name.replace(" ", ""), name


def test_the_names_are_bold_and_the_rest_is_not(fonts: FontSet) -> None:
    data, _ = typeset(letter(2), fonts)
    pieces: list[tuple[str, str]] = []

    def visit(text: str, cm: object, tm: object, font: object, size: object) -> None:
        if text.strip() and isinstance(font, dict):
            pieces.append((str(font.get("/BaseFont", "")).split("+")[-1], text.strip()))

    PdfReader(BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    fonts_of = dict((text, font) for font, text in pieces)
    assert fonts_of["Aynur Mammadova"] == fonts_of["Rashad Huseynov"] == "LiberationSerif-Bold"
    assert fonts_of["Chair of the Council"] == "LiberationSerif"
    assert fonts_of["Baku,"] == "LiberationSerif"
