"""Boundaries visibility.py states, met exactly: a glyph's box may reach CROP_TOLERANCE_PT
(0.5 pt) past the crop box and still be on the page, and no further; a cover is what is
painted over the middle of a glyph's box, a rectangle whose edge runs through that middle
included; a glyph's size is its font size times the scale of its matrix, for turned text too.

To meet a boundary exactly, the text is set at 1000 pt with a text matrix of 1/32: PDFium's
glyph boxes are then whole multiples of 1/32 pt (exact in binary), placed where the test puts
them. The boxes are measured with PDFium as the test's own measuring tape."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.pdfs import OUTSIDE, first_charbox, ink, one_page

from letterpress.check.visibility import CROP_TOLERANCE_PT

CROP = (40, 50, 250, 150)
STEP = 1 / 32  # the finest step a glyph box takes here: the next box past a boundary
NO_CONTRAST = "its colour does not contrast with what lies under it"
COVERED = "covered by a filled rectangle drawn later"


def exact_box(tmp_path: Path, char: bytes = b"H") -> tuple[float, float, float, float]:
    """The box of ``char`` set at 1000 pt with the text matrix 1/32, at (0, 0)."""
    box = first_charbox(one_page(tmp_path / "probe.pdf",
                                 b"BT /F1 1000 Tf %r 0 0 %r 0 0 Tm (%s) Tj ET"
                                 % (STEP, STEP, char)))
    assert all(v / STEP == round(v / STEP) for v in box)
    return box


def exact_glyph(tmp_path: Path, left: float, bottom: float, grey: float = 0.0,
         char: bytes = b"H") -> bytes:
    """``char`` (an "H") whose box's lower left corner is at (left, bottom)."""
    box = exact_box(tmp_path, char)
    return b"BT %r g /F1 1000 Tf %r 0 0 %r %r %r Tm (%s) Tj ET" % (
        grey, STEP, STEP, left - box[0], bottom - box[1], char)


def past(tmp_path: Path, edge: str, out: float) -> bytes:
    """An "=" whose box reaches ``out`` points past ``edge`` of CROP, centred along it. Its
    middle row is empty, so its ink is looked for glyph by glyph, where the box is judged."""
    left, bottom, right, top = exact_box(tmp_path, b"=")
    width, height = right - left, top - bottom
    mid_x = round((CROP[0] + CROP[2]) / 2 - width / 2)
    mid_y = round((CROP[1] + CROP[3]) / 2 - height / 2)
    x, y = {"left": (CROP[0] - out, mid_y), "right": (CROP[2] + out - width, mid_y),
            "bottom": (mid_x, CROP[1] - out), "top": (mid_x, CROP[3] + out - height)}[edge]
    return exact_glyph(tmp_path, x, y, char=b"=")


@pytest.mark.parametrize("edge", ["left", "right", "bottom", "top"])
def test_a_glyph_reaching_the_tolerance_past_the_crop_box_is_on_the_page(
        tmp_path: Path, edge: str) -> None:
    page = ink(tmp_path, past(tmp_path, edge, CROP_TOLERANCE_PT), CROP)
    assert page.text == "="
    assert page.hidden == ()


@pytest.mark.parametrize("edge", ["left", "right", "bottom", "top"])
def test_a_glyph_reaching_further_is_off_the_page(tmp_path: Path, edge: str) -> None:
    page = ink(tmp_path, past(tmp_path, edge, CROP_TOLERANCE_PT + STEP), CROP)
    assert [h.reason for h in page.hidden] == [OUTSIDE]


# --- a cover's edge through the middle of a glyph's box -----------------------------------

def white_h_and_cover(tmp_path: Path, side: str, short: float) -> list[str]:
    """A white "H" on white (no ink) with its box's middle at (150, 100), and a white
    rectangle drawn after it on ``side`` of that middle, its edge ``short`` points short of
    the middle; the reasons the glyph is hidden."""
    left, bottom, right, top = exact_box(tmp_path)
    text = exact_glyph(tmp_path, 150 - (right - left) / 2, 100 - (top - bottom) / 2, grey=1.0)
    x0, y0, x1, y1 = {"left": (100, 50, 150 - short, 150), "right": (150 + short, 50, 200, 150),
                      "below": (100, 50, 200, 100 - short),
                      "above": (100, 100 + short, 200, 150)}[side]
    cover = b"\nq 1 g %r %r %r %r re f Q" % (x0, y0, x1 - x0, y1 - y0)
    page = ink(tmp_path, text + cover)
    assert page.text == "H"
    return [h.reason for h in page.hidden]


@pytest.mark.parametrize("side", ["left", "right", "below", "above"])
def test_a_rectangle_whose_edge_runs_through_the_middle_covers_the_glyph(
        tmp_path: Path, side: str) -> None:
    assert white_h_and_cover(tmp_path, side, 0.0) == [COVERED]


@pytest.mark.parametrize("side", ["left", "right", "below", "above"])
def test_a_rectangle_ending_short_of_the_middle_does_not_cover_it(tmp_path: Path,
                                                                  side: str) -> None:
    assert white_h_and_cover(tmp_path, side, STEP) == [NO_CONTRAST]


# --- the size of turned text ----------------------------------------------------------------

@pytest.mark.parametrize(("size", "hidden"), [(4.05, []), (3.95, ["too small to read (3.95 pt)"])])
def test_the_size_of_turned_text_is_its_font_size(tmp_path: Path, size: float,
                                                  hidden: list[str]) -> None:
    """Turned by the angle whose cosine is 0.6 and sine 0.8: a turn keeps sizes."""
    page = ink(tmp_path, b"BT /F1 %r Tf 0.6 0.8 -0.8 0.6 100 60 Tm (Turned) Tj ET" % size)
    assert page.text == "Turned"
    assert sorted({h.reason for h in page.hidden}) == hidden
