"""Which glyphs of a rendered page are certainly seen, for all of them at once, in numpy (which
only this module and stray.py import).

visibility.py judges every glyph PDFium reports; a letter of 10,000 signatories has 400,000 of
them, and judging each in Python costs seconds. Nearly all are plainly visible: their text
object paints at a legible size, their box lies on the page, and the middle row of pixels
across the box has both ink and background. This module finds those in bulk. It only ever
clears a glyph that visibility.py's own test would clear too (the same box, widened the same
way, the same threshold); every other glyph goes to visibility.py's glyph-by-glyph judgement,
which gives the reason.

It also finds the glyphs piled on the one before them (visibility._piled gives the reason).
numpy is imported inside the functions: `letterpress build` never loads it.
"""

from __future__ import annotations

from typing import Any

Affine = tuple[tuple[float, float], ...]  # origin, x axis, y axis: page space to pixels


def unclear(edges: Any, plain: list[bool], limits: tuple[float, float, float, float],
            pixels: tuple[memoryview, int, int, int, Affine], pad: int, contrast: int
            ) -> list[tuple[int, tuple[float, float, float, float]]]:
    """The glyphs not certainly visible, each as (k, its box: left, bottom, right, top).
    ``edges`` holds four doubles a glyph in PDFium's order (left, right, bottom, top), in page
    space, for as many glyphs as ``plain`` has entries; ``plain[k]`` says that glyph k's text
    object's style hides nothing; ``limits`` is the crop box widened by its tolerance;
    ``pixels`` the grey page (data, width, height, stride, affine to pixels)."""
    import numpy as np

    count = len(plain)
    boxes = np.frombuffer(edges, dtype=np.float64)[:4 * count].reshape(count, 4)
    cleared = _seen(boxes[:, [0, 2, 1, 3]], plain, limits, pixels, pad, contrast)
    return [(k, (left, bottom, right, top)) for k in np.flatnonzero(~cleared).tolist()
            for left, right, bottom, top in (boxes[k].tolist(),)]


def _seen(boxes: Any, plain: list[bool], limits: tuple[float, float, float, float],
          pixels: tuple[memoryview, int, int, int, Affine], pad: int, contrast: int) -> Any:
    """A boolean array: glyph k is certainly visible (``boxes``: left, bottom, right, top)."""
    import numpy as np

    left, bottom, right, top = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    inside = ((left >= limits[0]) & (bottom >= limits[1]) & (right <= limits[2])
              & (top <= limits[3]))
    empty = (right <= left) | (top <= bottom)  # nothing to look for: seen, as in visibility
    return np.asarray(plain, dtype=bool) & inside & (empty | _middle_row_inked(
        left, bottom, right, top, pixels, pad, contrast))


def _middle_row_inked(left: Any, bottom: Any, right: Any, top: Any,
                      pixels: tuple[memoryview, int, int, int, Affine], pad: int,
                      contrast: int) -> Any:
    """Per glyph: the middle pixel row of its box (widened by ``pad``) has a darkest and a
    lightest pixel at least ``contrast`` grey levels apart."""
    import numpy as np

    data, width, height, stride, ((ox, oy), (xx, xy), (yx, yy)) = pixels
    ax, ay = ox + left * xx + bottom * yx, oy + left * xy + bottom * yy
    bx, by = ox + right * xx + top * yx, oy + right * xy + top * yy
    x0 = np.maximum(0, np.floor(np.minimum(ax, bx)).astype(np.int64) - pad)
    x1 = np.minimum(width, np.ceil(np.maximum(ax, bx)).astype(np.int64) + pad)
    y0 = np.maximum(0, np.floor(np.minimum(ay, by)).astype(np.int64) - pad)
    y1 = np.minimum(height, np.ceil(np.maximum(ay, by)).astype(np.int64) + pad)
    out = np.zeros(len(left), dtype=bool)
    valid = np.flatnonzero((x1 > x0) & (y1 > y0))
    if not len(valid):
        return out
    start = (y0[valid] + y1[valid]) // 2 * stride + x0[valid]
    length = x1[valid] - x0[valid]
    offsets = np.concatenate(([0], np.cumsum(length)[:-1]))
    # every pixel of every middle row, one run after another
    where = np.arange(int(length.sum())) + np.repeat(start - offsets, length)
    row = np.frombuffer(data, dtype=np.uint8)[where]
    darkest = np.minimum.reduceat(row, offsets).astype(np.int16)
    lightest = np.maximum.reduceat(row, offsets).astype(np.int16)
    out[valid] = lightest - darkest >= contrast
    return out


def piled(edges: Any, index: list[int], overlap: float, same_line: float) -> list[int]:
    """The glyphs k drawn over glyph k - 1, the character before them: their boxes (four
    doubles a glyph in ``edges``, PDFium's order: left, right, bottom, top) share more than
    ``overlap`` of the narrower one's width and ``same_line`` of the lower one's height, and
    ``index`` says they are consecutive characters. Boxes without width or height pile on
    nothing."""
    import numpy as np

    count = len(index)
    if count < 2:
        return []
    at = np.asarray(index, dtype=np.int64)
    left, right, bottom, top = np.frombuffer(edges, dtype=np.float64,
                                             count=4 * count).reshape(count, 4).T
    wide = np.minimum(right[:-1] - left[:-1], right[1:] - left[1:])
    high = np.minimum(top[:-1] - bottom[:-1], top[1:] - bottom[1:])
    across = np.minimum(right[:-1], right[1:]) - np.maximum(left[:-1], left[1:])
    shared = np.minimum(top[:-1], top[1:]) - np.maximum(bottom[:-1], bottom[1:])
    found = ((at[1:] == at[:-1] + 1) & (wide > 0) & (high > 0)
             & (across > overlap * wide) & (shared > same_line * high))
    return [int(k) + 1 for k in np.flatnonzero(found)]
