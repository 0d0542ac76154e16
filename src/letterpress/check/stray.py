"""Ink on a rendered page that is part of nothing the letter draws.

A letter's page holds its glyphs, the rules and the logo its layout places, and a signature's
stamp. A forger can add ink a text layer never mentions: a sentence drawn as vector outlines,
an image of a stamp, a scribble over a signatory's name. This module finds such ink on a
rendered page: every pixel darker than near-white that lies outside the allowed boxes (the
glyphs' boxes, the layout's rules and images, widened by a margin for anti-aliasing) is
stray, and stray pixels close to one another are reported as one region.

The page is scanned in cells of a few pixels, so a region is found in one numpy pass and one
walk over a grid of some 40,000 cells, however much is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

# A pixel lighter than this is paper: anti-aliasing leaves very light grey around shapes.
PAPER = 235
CELL = 6  # pixels a side; at 144 dpi, 3 pt
MARGIN = 2  # pixels added around each allowed box (anti-aliasing, rounding)

PixelBox = tuple[int, int, int, int]  # left, top, right, bottom (right and bottom excluded)


def stray_on_page(data: memoryview, width: int, height: int, stride: int,
                  affine: tuple[tuple[float, float], ...], glyphs: Any, count: int,
                  other: Sequence[tuple[float, float, float, float]],
                  clear_of_text: Sequence[tuple[float, float, float, float]] = ()
                  ) -> list[PixelBox]:
    """:func:`stray_regions` of a grey bitmap given as rows of ``stride`` bytes, the allowed
    boxes given in page space: ``count`` glyph boxes in PDFium's order (left, right, bottom,
    top) in the array of doubles ``glyphs``, ``other`` boxes (left, bottom, right, top), and
    the boxes of ``clear_of_text`` that touch no glyph's box (a signature's stamp stands
    below the text: one over it could strike the text through between its glyphs);
    ``affine`` maps page space to pixels (origin, x axis, y axis). Done in numpy: a long
    letter has hundreds of thousands of glyphs."""
    rows = np.frombuffer(data, dtype=np.uint8, count=stride * height)
    gray = rows.reshape(height, stride)[:, :width]
    boxes = np.frombuffer(glyphs, dtype=np.float64, count=4 * count).reshape(count, 4)
    boxes = boxes[:, [0, 2, 1, 3]]  # left, bottom, right, top
    clear = [box for box in clear_of_text if not np.any(
        (boxes[:, 0] < box[2]) & (box[0] < boxes[:, 2])
        & (boxes[:, 1] < box[3]) & (box[1] < boxes[:, 3]))]
    boxes = np.vstack([boxes, np.asarray([*other, *clear], dtype=np.float64).reshape(-1, 4)])
    (ox, oy), (xx, xy), (yx, yy) = affine
    px, py = boxes[:, [0, 2, 0, 2]], boxes[:, [1, 3, 3, 1]]
    xs, ys = ox + px * xx + py * yx, oy + px * xy + py * yy
    pixel_boxes = np.stack([np.floor(xs.min(axis=1)), np.floor(ys.min(axis=1)),
                            np.ceil(xs.max(axis=1)), np.ceil(ys.max(axis=1))], axis=1)
    return _regions((gray < PAPER) & ~_covered(pixel_boxes.astype(np.int64), height, width))


def _covered(boxes: np.ndarray, height: int, width: int) -> np.ndarray:
    """The pixels inside any of ``boxes`` (left, top, right, bottom) widened by MARGIN. The
    boxes are clipped in numpy and painted one slice each (a few thousand a page): cheaper
    than any whole-page pass, since most boxes are a glyph's few hundred pixels."""
    covered = np.zeros((height, width), dtype=bool)
    if not len(boxes):
        return covered
    edges = np.stack([np.clip(boxes[:, 0] - MARGIN, 0, width),
                      np.clip(boxes[:, 1] - MARGIN, 0, height),
                      np.clip(boxes[:, 2] + MARGIN, 0, width),
                      np.clip(boxes[:, 3] + MARGIN, 0, height)], axis=1)
    for left, top, right, bottom in edges.tolist():
        covered[top:bottom, left:right] = True
    return covered


def stray_regions(gray: np.ndarray, allowed: Iterable[PixelBox]) -> list[PixelBox]:
    """The regions of ink in the grey page ``gray`` (rows of pixels, 0 black to 255 white)
    outside every box of ``allowed``, each the bounding box of stray cells that touch (also
    at a corner), in reading order (top to bottom, then left to right)."""
    height, width = gray.shape
    boxes = np.asarray(list(allowed), dtype=np.int64).reshape(-1, 4)
    return _regions((gray < PAPER) & ~_covered(boxes, height, width))


def _regions(ink: np.ndarray) -> list[PixelBox]:
    """The regions of the pixels set in ``ink``, found in cells of CELL pixels."""
    if not ink.any():  # the common case, a page with nothing stray: one fast pass
        return []
    height, width = ink.shape
    rows, cols = -(-height // CELL), -(-width // CELL)
    padded = np.zeros((rows * CELL, cols * CELL), dtype=bool)
    padded[:height, :width] = ink
    cells: np.ndarray = np.asarray(padded.reshape(rows, CELL, cols, CELL).any(axis=(1, 3)))
    regions = []
    seen: np.ndarray = np.zeros_like(cells)
    for r, c in zip(*np.nonzero(cells), strict=True):
        if seen[r, c]:
            continue
        seen[r, c] = True
        stack, top, left, bottom, right = [(r, c)], r, c, r, c
        while stack:
            y, x = stack.pop()
            top, left, bottom, right = min(top, y), min(left, x), max(bottom, y), max(right, x)
            for ny in (y - 1, y, y + 1):
                for nx in (x - 1, x, x + 1):
                    if 0 <= ny < rows and 0 <= nx < cols and cells[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        regions.append(_tight(ink, top * CELL, left * CELL, min(height, (bottom + 1) * CELL),
                              min(width, (right + 1) * CELL)))
    return sorted(regions, key=lambda b: (b[1], b[0]))


def _tight(ink: np.ndarray, top: int, left: int, bottom: int, right: int) -> PixelBox:
    """The bounding box of the ink pixels inside the given cells' box."""
    ys, xs = np.nonzero(ink[top:bottom, left:right])
    return (left + int(xs.min()), top + int(ys.min()), left + int(xs.max()) + 1,
            top + int(ys.max()) + 1)


# Two renderings of a page differ where a pixel's grey level moved by more than this: less is
# anti-aliasing of the same drawing.
CHANGED = 64


def changed_regions(before: memoryview | bytes, after: memoryview | bytes, width: int,
                    height: int, stride: int, allowed: Iterable[PixelBox]) -> list[PixelBox]:
    """The regions where two grey renderings of one page (rows of ``stride`` bytes) differ,
    outside every box of ``allowed``: the stray ink of the difference."""
    a = np.frombuffer(before, dtype=np.uint8, count=stride * height).reshape(height, stride)
    b = np.frombuffer(after, dtype=np.uint8, count=stride * height).reshape(height, stride)
    moved = np.abs(a[:, :width].astype(np.int16) - b[:, :width].astype(np.int16)) > CHANGED
    return stray_regions(np.where(moved, 0, 255).astype(np.uint8), allowed)
