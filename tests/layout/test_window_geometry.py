"""A window letter's first page measured against DIN 5008's millimetres (docs/source-format.md,
"A window envelope"): the return address in the field's top 5 mm, the address in its
address zone (form A 44.7 to 72 mm from the top, form B 62.7 to 90 mm, 20 to 105 mm from
the left edge, the text from 25 mm), the right-hand window from 112.5 mm, the fold marks at
87 and 192 mm (A) or 105 and 210 mm (B) and the punch mark at 148.5 mm; nothing else of the
letter in the field, and the text after the head below it.

The oracle is the figures above, written here as the standard states them (not the layout's
constants); the positions are read from the built PDF with PDFium (character boxes and path
objects)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from letterpress.errors import LayoutError
from letterpress.pipeline import build
from letterpress.world import World

MM = 72 / 25.4
A4_HEIGHT_MM = 297.0
ADDRESS = ("Ministry of Justice", "Office of the Minister", "1 Inshaatchilar Avenue",
           "Baku AZ 1073", "AZERBAIJAN", "Reception, room 101")
LETTER = """\
letterhead:
  name: Open Government Platform
  address:
    - M. Afandiyev street 7/24
    - Baku AZ 1001
  telephone: (994 12) 4925726
reference: "52/26"
date: 2026-12-01
place: Baku
sender: The Secretariat
recipient: The Minister of Justice
address:
{address}
window: {window}
marks: {marks}
subject: Proposals on the draft law
body:
  - We write to you about the draft law.
closing: Yours sincerely,
"""
# (field left, field right, return zone top, address zone top, field bottom), mm
FIELDS = {"din-a": (20.0, 105.0, 27.0, 44.7, 72.0), "din-b": (20.0, 105.0, 45.0, 62.7, 90.0),
          "right": (112.5, 202.5, 27.0, 44.7, 72.0)}
FOLDS = {"din-a": (87.0, 192.0), "din-b": (105.0, 210.0), "right": (87.0, 192.0)}
PUNCH = 148.5
SLACK = 0.05  # mm: positions are written to a few decimals


def built(folder: Path, window: str, marks: bool = True) -> Path:
    (folder / ".git").mkdir(exist_ok=True)
    source = folder / f"{window}.yaml"
    address = "\n".join(f"  - {line}" for line in ADDRESS)
    source.write_text(LETTER.format(address=address, window=window,
                                    marks="true" if marks else "false"), encoding="utf-8")
    pdf = folder / f"{window}.pdf"
    build(source, pdf, World())
    return pdf


Box = tuple[float, float, float, float]  # left, top, right, bottom: mm from the top left


def page_one(pdf: Path) -> tuple[str, list[Box], list[Box]]:
    """The text of page 1, a box a character (mm), and the boxes of its path objects."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        height = page.get_height()
        assert abs(height / MM - A4_HEIGHT_MM) < 0.1

        def mm(left: float, bottom: float, right: float, top: float) -> Box:
            return (left / MM, (height - top) / MM, right / MM, (height - bottom) / MM)

        textpage = page.get_textpage()
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count)
        chars = [mm(*textpage.get_charbox(i)) for i in range(count)]
        textpage.close()
        paths = [mm(*obj.get_bounds()) for obj in page.get_objects(
            filter=(pdfium_c.FPDF_PAGEOBJ_PATH,))]
    finally:
        document.close()
    return text, chars, paths


def boxes_of(text: str, chars: list[Box], words: str) -> list[Box]:
    at = text.find(words)
    assert at >= 0, words
    assert text.find(words, at + 1) < 0, f"{words!r} is printed once"
    return [box for box, ch in zip(chars[at:at + len(words)], words, strict=True)
            if not ch.isspace()]


def inside(boxes: list[Box], left: float, top: float, right: float, bottom: float) -> bool:
    return all(b[0] >= left - SLACK and b[1] >= top - SLACK and b[2] <= right + SLACK
               and b[3] <= bottom + SLACK for b in boxes)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, list[Box],
                                                                        list[Box]]]:
    folder = tmp_path_factory.mktemp("window")
    return {window: page_one(built(folder, window)) for window in FIELDS}


@pytest.mark.slow
@pytest.mark.parametrize("window", list(FIELDS))
def test_the_address_stands_in_the_address_zone(pages: dict[str, Any], window: str) -> None:
    text, chars, _ = pages[window]
    left, right, _, zone, bottom = FIELDS[window]
    for line in ADDRESS:
        assert inside(boxes_of(text, chars, line), left, zone, right, bottom), line
    # the text begins 5 mm inside the field (a glyph's side bearing is a fraction of that)
    first = boxes_of(text, chars, ADDRESS[0])[0]
    assert left + 5.0 - SLACK <= first[0] <= left + 5.5


@pytest.mark.slow
@pytest.mark.parametrize("window", list(FIELDS))
def test_the_return_address_stands_in_the_fields_top_5_mm(pages: dict[str, Any],
                                                           window: str) -> None:
    text, chars, _ = pages[window]
    left, right, top, _, _ = FIELDS[window]
    line = "Open Government Platform, M. Afandiyev street 7/24, Baku AZ 1001"
    assert inside(boxes_of(text, chars, line), left, top, right, top + 5.0)


@pytest.mark.slow
@pytest.mark.parametrize("window", list(FIELDS))
def test_nothing_else_stands_in_the_field_and_the_text_begins_below_it(
        pages: dict[str, Any], window: str) -> None:
    text, chars, _ = pages[window]
    left, right, top, _, bottom = FIELDS[window]
    ours = {id(box) for line in (*ADDRESS, "Open Government Platform, M. Afandiyev street "
                                 "7/24, Baku AZ 1001") for box in boxes_of(text, chars, line)}
    for box, ch in zip(chars, text, strict=True):
        if ch.isspace() or box[2] <= box[0] or id(box) in ours:
            continue
        assert box[2] <= left or box[0] >= right or box[3] <= top or box[1] >= bottom, ch
    for words in ("From:", "Proposals on the draft law", "We write to you"):
        assert boxes_of(text, chars, words)[0][1] > bottom


@pytest.mark.slow
@pytest.mark.parametrize("window", list(FIELDS))
def test_the_fold_and_punch_marks_stand_at_the_standards_heights(
        pages: dict[str, Any], window: str) -> None:
    _, _, paths = pages[window]
    marks = sorted(((b[1] + b[3]) / 2, b) for b in paths if b[2] < 20.0)
    assert [round(y, 1) for y, _ in marks] == sorted([*FOLDS[window], PUNCH])
    for _, box in marks:
        assert box[0] >= 4.0  # within what a printer prints, at the left edge
        assert box[2] - box[0] >= 4.0  # long enough to see


@pytest.mark.slow
def test_without_marks_none_is_drawn(tmp_path: Path) -> None:
    _, _, paths = page_one(built(tmp_path, "din-a", marks=False))
    assert [b for b in paths if b[2] < 20.0] == []


def diagnostic(folder: Path, text: str) -> Any:
    (folder / ".git").mkdir(exist_ok=True)
    source = folder / "letter.yaml"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        build(source, folder / "letter.pdf", World())
    (found,) = info.value.diagnostics
    return found


def test_an_address_line_wider_than_the_field_is_a_located_error(tmp_path: Path) -> None:
    # 40 capital Ms of 10 pt are some 117 mm: the field's text is 80 mm wide
    lines = "\n".join(f"  - {line}" for line in (ADDRESS[0], "M" * 40, ADDRESS[3]))
    found = diagnostic(tmp_path, LETTER.format(address=lines, window="din-a", marks="false"))
    assert (found.line, found.column, found.field) == (14, 5, "address[1]")
    assert "80 mm" in found.message


def test_a_return_line_too_long_for_6_pt_is_a_located_error(tmp_path: Path) -> None:
    # 60 capital Ms of 6 pt are some 106 mm
    text = LETTER.format(address=f"  - {ADDRESS[0]}", window="din-b", marks="false")
    text += f"return_address: {'M' * 60}\n"
    found = diagnostic(tmp_path, text)
    assert (found.line, found.field) == (20, "return_address")
    assert "6 pt" in found.message
