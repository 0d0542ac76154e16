"""The page a reader sees is the crop box, and a crop box reaching past the media box is
reduced to their intersection (ISO 32000-1 14.11.2: "If they do, they are effectively reduced
to their intersection with the media box"). A glyph off the media box is outside the page
however large the crop box is; one on the media box, inside the crop box, is seen.

One small page each (tests/test_visibility_limits.py's one_page: the media box is 300 x 200
pt); the glyph's box is measured with PDFium as the test's own measuring tape."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.pdfs import MEDIA, OUTSIDE, glyph_box, ink

BEYOND = (-100, -60, 400, 260)  # past the media box on every side
SIZE = 30


def h_at(tmp_path: Path, edge: str, out: float) -> bytes:
    """An "H" at 30 pt whose box lies ``out`` points past ``edge`` of the media box (less
    than 0: inside it), centred along that edge."""
    left, bottom, right, top = glyph_box(tmp_path, b"H")
    width, height = right - left, top - bottom
    mid_x, mid_y = (MEDIA[0] + MEDIA[2]) / 2, (MEDIA[1] + MEDIA[3]) / 2
    x, y = {"left": (MEDIA[0] - out - width, mid_y - height / 2),
            "right": (MEDIA[2] + out, mid_y - height / 2),
            "bottom": (mid_x - width / 2, MEDIA[1] - out - height),
            "top": (mid_x - width / 2, MEDIA[3] + out)}[edge]
    return b"BT /F1 %d Tf %.3f %.3f Td (H) Tj ET" % (SIZE, x - left, y - bottom)


@pytest.mark.parametrize("edge", ["left", "right", "bottom", "top"])
def test_a_glyph_off_the_media_box_is_off_the_page_under_a_larger_crop_box(
        tmp_path: Path, edge: str) -> None:
    page = ink(tmp_path, h_at(tmp_path, edge, 10.0), BEYOND)
    assert page.text == "H"
    assert [h.reason for h in page.hidden] == [OUTSIDE]


@pytest.mark.parametrize("edge", ["left", "right", "bottom", "top"])
def test_a_glyph_half_off_the_media_box_is_off_the_page_under_a_larger_crop_box(
        tmp_path: Path, edge: str) -> None:
    left, bottom, right, top = glyph_box(tmp_path, b"H")
    half = (right - left if edge in ("left", "right") else top - bottom) / 2
    page = ink(tmp_path, h_at(tmp_path, edge, -half), BEYOND)
    assert [h.reason for h in page.hidden] == [OUTSIDE]


@pytest.mark.parametrize("edge", ["left", "right", "bottom", "top"])
def test_a_glyph_just_inside_the_media_box_is_seen_under_a_larger_crop_box(
        tmp_path: Path, edge: str) -> None:
    """Its box a point inside the edge."""
    left, bottom, right, top = glyph_box(tmp_path, b"H")
    extent = right - left if edge in ("left", "right") else top - bottom
    page = ink(tmp_path, h_at(tmp_path, edge, -extent - 1.0), BEYOND)
    assert page.text == "H"
    assert page.hidden == ()
