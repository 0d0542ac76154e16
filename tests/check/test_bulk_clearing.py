"""inkmap.unclear, the bulk clearing of plainly visible glyphs (its docstring): a glyph is
cleared only when its text object's style hides nothing, its box (left, bottom, right, top)
lies inside the limits (the crop box widened by its tolerance; a box on the limit is inside,
as visibility.py judges it), and the middle pixel row of the box widened by ``pad`` has a
darkest and a lightest pixel at least ``contrast`` grey levels apart (or the box is empty:
nothing to look for). Every other glyph comes back, with its box, for visibility.py to judge.

The raster here is a synthetic 40 x 20 grey page whose page space is its pixel grid."""

from __future__ import annotations

import struct

import pytest

from letterpress.check.inkmap import unclear

WIDTH, HEIGHT = 40, 20
LIMITS = (1.0, 2.0, 38.0, 19.0)  # left, bottom, right, top: no two alike
IDENTITY = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0))
Box = tuple[float, float, float, float]


def raster(dark: dict[tuple[int, int], int], affine: tuple[tuple[float, float], ...] = IDENTITY
           ) -> tuple[memoryview, int, int, int, tuple[tuple[float, float], ...]]:
    """A white page with the grey level ``dark[(x, y)]`` at those pixels; rows 3 bytes
    longer than the page is wide (a stride, as a bitmap may have)."""
    stride = WIDTH + 3
    data = bytearray([255]) * (stride * HEIGHT)
    for (x, y), level in dark.items():
        data[y * stride + x] = level
    return memoryview(bytes(data)), WIDTH, HEIGHT, stride, affine


def judge(boxes: list[Box], plain: list[bool], dark: dict[tuple[int, int], int],
          pad: int = 1, contrast: int = 64, limits: Box = LIMITS,
          affine: tuple[tuple[float, float], ...] = IDENTITY) -> list[tuple[int, Box]]:
    # PDFium's order: left, right, bottom, top
    edges = b"".join(struct.pack("4d", b[0], b[2], b[1], b[3]) for b in boxes)
    return unclear(memoryview(edges), plain, limits, raster(dark, affine), pad, contrast)


# the box (4, 4)-(10, 10) widened by 1: rows 3..10, its middle row 7, columns 3..10
BOX: Box = (4.0, 4.0, 10.0, 10.0)
INK = {(7, 7): 0}


def test_a_plain_glyph_with_ink_in_its_middle_row_is_cleared() -> None:
    assert judge([BOX], [True], INK) == []


def test_a_glyph_whose_style_may_hide_it_comes_back() -> None:
    assert judge([BOX, BOX], [False, True], INK) == [(0, BOX)]


def test_a_glyph_without_ink_in_its_middle_row_comes_back_with_its_box() -> None:
    assert judge([BOX], [True], {(7, 4): 0}) == [(0, BOX)]


@pytest.mark.parametrize(("level", "seen"), [(191, True), (192, False)])
def test_ink_is_contrast_of_at_least_the_threshold(level: int, seen: bool) -> None:
    assert judge([BOX], [True], {(7, 7): level}) == ([] if seen else [(0, BOX)])


@pytest.mark.parametrize("where", [(3, 7), (10, 7)])
def test_the_box_is_widened_by_pad_pixels(where: tuple[int, int]) -> None:
    assert judge([BOX], [True], {where: 0}) == []
    assert judge([BOX], [True], {where: 0}, pad=0) == [(0, BOX)]


def test_each_glyph_is_judged_on_its_own_row() -> None:
    right: Box = (20.0, 8.0, 30.0, 16.0)  # rows 7..16, middle 12, columns 19..30
    assert judge([BOX, right], [True, True], {(25, 12): 0}) == [(0, BOX)]
    assert judge([BOX, right], [True, True], {(7, 7): 0}) == [(1, right)]
    assert judge([BOX, right], [True, True], {(7, 7): 0, (25, 12): 0}) == []


@pytest.mark.parametrize("box", [(1.0, 4.0, 10.0, 10.0), (4.0, 2.0, 10.0, 10.0),
                                 (30.0, 4.0, 38.0, 10.0), (4.0, 10.0, 10.0, 19.0)],
                         ids=["left", "bottom", "right", "top"])
def test_a_box_on_the_limits_is_inside(box: Box) -> None:
    middle = (int(box[0] + box[2]) // 2, (int(box[1]) - 1 + min(HEIGHT, int(box[3]) + 1)) // 2)
    assert judge([box], [True], {middle: 0}) == []


@pytest.mark.parametrize("box", [(0.5, 4.0, 10.0, 10.0), (4.0, 1.5, 10.0, 10.0),
                                 (30.0, 4.0, 38.5, 10.0), (4.0, 10.0, 10.0, 19.5)],
                         ids=["left", "bottom", "right", "top"])
def test_a_box_past_the_limits_comes_back_even_with_ink(box: Box) -> None:
    dark = {(x, y): 0 for x in range(WIDTH) for y in range(HEIGHT)}
    dark[(0, 0)] = 255  # one light pixel: every row has contrast somewhere
    dark.update({(x, y): 255 for x in range(WIDTH) for y in range(0, HEIGHT, 2)})
    dark.update({(x, y): 255 for x in range(0, WIDTH, 2) for y in range(HEIGHT)})
    assert judge([box], [True], dark) == [(0, box)]


@pytest.mark.parametrize("box", [(5.0, 4.0, 5.0, 10.0), (4.0, 6.0, 10.0, 6.0),
                                 (6.0, 4.0, 5.0, 10.0)], ids=["no width", "no height",
                                                              "reversed"])
def test_an_empty_box_has_nothing_to_look_for(box: Box) -> None:
    assert judge([box], [True], {}) == []
    assert judge([box], [False], {}) == [(0, box)]


def test_a_box_off_the_raster_has_no_ink() -> None:
    """Inside the limits but (with a shifted affine) outside every pixel: not cleared."""
    edges = struct.pack("4d", 4.0, 10.0, 4.0, 10.0)
    far = ((100.0, 100.0), (1.0, 0.0), (0.0, 1.0))
    data, width, height, stride, _ = raster({})
    assert unclear(memoryview(edges), [True], LIMITS, (data, width, height, stride, far), 1,
                   64) == [(0, (4.0, 4.0, 10.0, 10.0))]


def test_no_glyphs() -> None:
    assert unclear(memoryview(b""), [], LIMITS, raster({}), 1, 64) == []


# PDFium's affine for a page: y grows down the bitmap (and a scale); for a rotated page the
# page's x runs down the bitmap and its y across
FLIPPED = ((0.0, 40.0), (2.0, 0.0), (0.0, -2.0))
ROTATED = ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0))


def test_the_box_is_mapped_to_pixels_by_the_affine() -> None:
    # (4, 4)-(10, 10) in page space: columns 8..20 and rows 20..32 scaled and flipped; widened
    # by 1: columns 7..20, rows 19..32 (clipped to 19), the middle row (19 + 20) // 2 = 19
    box: Box = (4.0, 4.0, 10.0, 10.0)
    limits: Box = (0.0, 0.0, 20.0, 20.0)
    assert judge([box], [True], {(14, 19): 0}, limits=limits, affine=FLIPPED) == []
    assert judge([box], [True], {(14, 7): 0}, limits=limits, affine=FLIPPED) == [(0, box)]


def test_the_box_of_a_rotated_page_is_mapped_to_pixels() -> None:
    # (2, 4)-(14, 10): columns 4..10 (page y), rows 2..14 (page x); widened: columns 3..10,
    # rows 1..14, the middle row 8
    box: Box = (2.0, 4.0, 14.0, 10.0)
    limits: Box = (0.0, 0.0, 30.0, 30.0)
    assert judge([box], [True], {(6, 8): 0}, limits=limits, affine=ROTATED) == []
    assert judge([box], [True], {(12, 6): 0}, limits=limits, affine=ROTATED) == [(0, box)]
    assert judge([box], [True], {(1, 8): 0}, limits=limits, affine=ROTATED) == [(0, box)]


def test_ink_in_the_first_column_counts() -> None:
    box: Box = (0.5, 4.0, 6.0, 10.0)  # widened: columns 0..6 (from -1, clipped)
    limits: Box = (0.0, 0.0, 40.0, 20.0)
    assert judge([box], [True], {(0, 7): 0}, limits=limits) == []


@pytest.mark.parametrize("box", [(-5.0, 4.0, -1.0, 10.0), (4.0, -5.0, 10.0, -1.0)],
                         ids=["left of the raster", "above the raster"])
def test_a_box_just_off_the_raster_has_no_pixels_to_look_at(box: Box) -> None:
    """Its widened box ends where the raster starts: no pixel of it, so no ink."""
    limits: Box = (-10.0, -10.0, 40.0, 20.0)
    assert judge([box], [True], {}, limits=limits) == [(0, box)]
    # ink just inside the raster's first column and first row is not the box's
    assert judge([box], [True], {(0, 7): 0, (5, 0): 0}, limits=limits) == [(0, box)]
    assert judge([box, BOX], [True, True], INK, limits=limits) == [(0, box)]
