"""Stray ink (check/stray.py): ink outside every allowed box is found as regions, whatever
its shape; ink inside an allowed box, or within the anti-aliasing margin around it, is not;
light grey that is paper is not ink."""

from __future__ import annotations

import numpy as np

from letterpress.check.stray import CELL, MARGIN, PAPER, stray_regions


def page(height: int = 200, width: int = 300) -> np.ndarray:
    return np.full((height, width), 255, dtype=np.uint8)


def test_a_blank_page_has_no_stray_ink() -> None:
    assert stray_regions(page(), []) == []


def test_one_mark_is_one_region_with_its_exact_box() -> None:
    gray = page()
    gray[50:53, 100:140] = 0
    assert stray_regions(gray, []) == [(100, 50, 140, 53)]


def test_ink_inside_an_allowed_box_or_its_margin_is_not_stray() -> None:
    gray = page()
    gray[50:60, 100:140] = 0
    assert stray_regions(gray, [(100, 50, 140, 60)]) == []
    gray[60 + MARGIN - 1, 120] = 0  # the last row of the margin
    assert stray_regions(gray, [(100, 50, 140, 60)]) == []
    gray[60 + MARGIN, 120] = 0  # one row past it
    assert stray_regions(gray, [(100, 50, 140, 60)]) == [(120, 62, 121, 63)]


def test_near_white_is_paper_and_one_step_darker_is_ink() -> None:
    gray = page()
    gray[10, 10] = PAPER
    assert stray_regions(gray, []) == []
    gray[10, 10] = PAPER - 1
    assert stray_regions(gray, []) == [(10, 10, 11, 11)]


def test_marks_apart_are_separate_regions_in_reading_order() -> None:
    gray = page()
    gray[150:155, 10:20] = 0  # lower left
    gray[20:25, 200:210] = 0  # upper right
    gray[20:25, 10:20] = 0  # upper left
    assert stray_regions(gray, []) == [(10, 20, 20, 25), (200, 20, 210, 25),
                                       (10, 150, 20, 155)]


def test_strokes_of_one_word_that_touch_across_cells_are_one_region() -> None:
    """A word drawn as outlines: strokes in neighbouring cells (also diagonally) join."""
    gray = page()
    for i in range(10):  # a diagonal line through ten cells
        gray[40 + i * CELL, 40 + i * CELL] = 0
    assert stray_regions(gray, []) == [(40, 40, 40 + 9 * CELL + 1, 40 + 9 * CELL + 1)]


def test_ink_at_the_edges_of_an_odd_sized_page_is_found() -> None:
    gray = page(height=CELL * 3 + 1, width=CELL * 4 + 1)
    gray[-1, -1] = 0
    assert stray_regions(gray, []) == [(CELL * 4, CELL * 3, CELL * 4 + 1, CELL * 3 + 1)]
