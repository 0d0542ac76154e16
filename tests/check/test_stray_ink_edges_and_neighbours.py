"""Stray ink at the page's edges and between neighbouring cells (check/stray.py): stray cells
that touch, also at a corner, are one region and cells one apart are two; an allowed box that
reaches past the page's edge allows only what lies inside it and its margin, and one wholly
off the page allows nothing on it; a region's box holds only stray pixels, never the allowed
ink that shares its cells."""

from __future__ import annotations

import numpy as np
import pytest

from letterpress.check.stray import CELL, MARGIN, stray_regions


def page(height: int = 10 * CELL, width: int = 12 * CELL) -> np.ndarray:
    return np.full((height, width), 255, dtype=np.uint8)


@pytest.mark.parametrize("axis", ["across", "down"])
def test_ink_in_neighbouring_cells_is_one_region(axis: str) -> None:
    gray = page()
    first, second = (3 * CELL - 1, 3 * CELL)  # the last pixel of cell 2, the first of cell 3
    if axis == "across":
        gray[4 * CELL, first] = gray[4 * CELL, second] = 0
        want = (first, 4 * CELL, second + 1, 4 * CELL + 1)
    else:
        gray[first, 4 * CELL] = gray[second, 4 * CELL] = 0
        want = (4 * CELL, first, 4 * CELL + 1, second + 1)
    assert stray_regions(gray, []) == [want]


@pytest.mark.parametrize("axis", ["across", "down"])
def test_ink_with_one_empty_cell_between_is_two_regions(axis: str) -> None:
    gray = page()
    first, second = 3 * CELL - 1, 4 * CELL  # cell 2 and cell 4: cell 3 is empty
    if axis == "across":
        gray[4 * CELL, first] = gray[4 * CELL, second] = 0
        want = [(first, 4 * CELL, first + 1, 4 * CELL + 1),
                (second, 4 * CELL, second + 1, 4 * CELL + 1)]
    else:
        gray[first, 4 * CELL] = gray[second, 4 * CELL] = 0
        want = [(4 * CELL, first, 4 * CELL + 1, first + 1),
                (4 * CELL, second, 4 * CELL + 1, second + 1)]
    assert stray_regions(gray, []) == want


def test_cells_touching_only_at_a_corner_are_one_region_both_ways() -> None:
    gray = page()
    # down and to the right, then down and to the left
    gray[2 * CELL - 1, 2 * CELL - 1] = gray[2 * CELL, 2 * CELL] = 0
    gray[6 * CELL - 1, 9 * CELL] = gray[6 * CELL, 9 * CELL - 1] = 0
    assert stray_regions(gray, []) == [(2 * CELL - 1, 2 * CELL - 1, 2 * CELL + 1, 2 * CELL + 1),
                                       (9 * CELL - 1, 6 * CELL - 1, 9 * CELL + 1, 6 * CELL + 1)]


def test_a_stroke_along_the_top_and_left_edges_is_one_region() -> None:
    """The first row and column of cells join their neighbours like any other."""
    gray = page()
    gray[0, 0:3 * CELL] = 0  # along the top edge, through three cells
    gray[0:3 * CELL, 0] = 0  # down the left edge, through three cells
    assert stray_regions(gray, []) == [(0, 0, 3 * CELL, 3 * CELL)]


def test_a_stroke_along_the_bottom_and_right_edges_is_one_region() -> None:
    gray = page()
    gray[-1, -3 * CELL:] = 0
    gray[-3 * CELL:, -1] = 0
    height, width = gray.shape
    assert stray_regions(gray, []) == [(width - 3 * CELL, height - 3 * CELL, width, height)]


def test_a_box_reaching_past_the_top_left_corner_allows_what_is_inside_it() -> None:
    gray = page()
    gray[0:5, 0:5] = 0  # the part of the box on the page, up to the corner
    box = (-20, -20, 5, 5)
    assert stray_regions(gray, [box]) == []
    gray[5 + MARGIN, 0] = 0  # one row past the margin, in the first column
    assert stray_regions(gray, [box]) == [(0, 5 + MARGIN, 1, 5 + MARGIN + 1)]


def test_a_box_wholly_above_and_left_of_the_page_allows_nothing_on_it() -> None:
    gray = page()
    gray[0, 0] = gray[0, 5 * CELL] = gray[5 * CELL, 0] = 0
    boxes = [(0, -30, 10 * CELL, -MARGIN - 1),  # above the page, its margin short of row 0
             (-30, 0, -MARGIN - 1, 10 * CELL)]  # left of it, its margin short of column 0
    assert stray_regions(gray, boxes) == [(0, 0, 1, 1), (5 * CELL, 0, 5 * CELL + 1, 1),
                                          (0, 5 * CELL, 1, 5 * CELL + 1)]


def test_a_box_whose_margin_just_reaches_the_page_allows_its_first_row() -> None:
    gray = page()
    gray[0, 3 * CELL] = 0
    assert stray_regions(gray, [(0, -30, 10 * CELL, -MARGIN + 1)]) == []


def test_a_regions_box_leaves_out_allowed_ink_in_the_same_cells() -> None:
    gray = page()
    gray[CELL:2 * CELL, CELL:2 * CELL] = 0  # a glyph filling one cell, allowed
    gray[CELL + 2, 2 * CELL + MARGIN + 1] = 0  # a stray dot in the next cell, past the margin
    assert stray_regions(gray, [(CELL, CELL, 2 * CELL, 2 * CELL)]) == [
        (2 * CELL + MARGIN + 1, CELL + 2, 2 * CELL + MARGIN + 2, CELL + 3)]


@pytest.mark.parametrize("upside_down", [False, True])
def test_a_u_drawn_as_outlines_is_one_region(upside_down: bool) -> None:
    """A U two cells deep (or an n): its right stroke is reached only by climbing back up
    from its bottom (or down from its top) one cell."""
    gray = page()
    cells = [(0, 0), (1, 0), (1, 1), (1, 2), (0, 2)]
    for r, c in cells:
        row = (3 - r if upside_down else 2 + r) * CELL + CELL // 2
        gray[row, (2 + c) * CELL + CELL // 2] = 0
    half = CELL // 2
    assert stray_regions(gray, []) == [(2 * CELL + half, 2 * CELL + half, 4 * CELL + half + 1,
                                        3 * CELL + half + 1)]


def dots(gray: np.ndarray, cells: list[tuple[int, int]], at: tuple[int, int] = (2, 2)) -> None:
    """One black pixel in the middle of each cell (row, column), counted from cell ``at``."""
    for r, c in cells:
        gray[(at[0] + r) * CELL + CELL // 2, (at[1] + c) * CELL + CELL // 2] = 0


def box(cells: list[tuple[int, int]], at: tuple[int, int] = (2, 2)) -> tuple[int, ...]:
    rows = [(at[0] + r) * CELL + CELL // 2 for r, _ in cells]
    cols = [(at[1] + c) * CELL + CELL // 2 for _, c in cells]
    return (min(cols), min(rows), max(cols) + 1, max(rows) + 1)


@pytest.mark.parametrize("shape", ["arch with a dot beneath", "C with a dot in its mouth"])
def test_a_regions_box_holds_only_its_own_ink_not_a_dot_nearby(shape: str) -> None:
    """A dot one empty cell away from a shape, inside the span of the shape's rows or
    columns: two regions, and the shape's box stops at the shape."""
    if shape == "arch with a dot beneath":
        outline = [(0, 0), (0, 1), (0, 2), (0, 3), (0, 4), (1, 0), (1, 4)]
        dot = (2, 2)
    else:
        outline = [(0, 0), (0, 1), (0, 2), (1, 0), (2, 0), (3, 0), (4, 0), (4, 1), (4, 2)]
        dot = (2, 3)
    gray = page()
    dots(gray, outline + [dot])
    assert sorted(stray_regions(gray, [])) == sorted([box(outline), box([dot])])


def test_regions_that_begin_on_the_same_row_are_ordered_by_their_left_edge() -> None:
    """A stroke down to the left begins right of a dot on its first row, yet reaches further
    left: it comes first."""
    stroke = [(0, 5), (1, 4), (2, 3), (3, 2), (4, 1), (5, 0)]
    gray = page()
    dots(gray, stroke + [(0, 2)], at=(1, 1))
    assert stray_regions(gray, []) == [box(stroke, at=(1, 1)), box([(0, 2)], at=(1, 1))]
