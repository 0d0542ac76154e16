"""A glyph is seen when the rendered page shows ink inside its box (visibility.py's
docstring): its darkest and lightest pixel, in the box widened by a pixel, differ by at least
64 grey levels (MIN_CONTRAST), wherever in the box that ink is; ink outside the box does not
count. A glyph whose middle row is empty ("=") must be looked at in every row and column of its
box: here all that is left of it is a sliver along one edge of its box, cut by a clipping path,
and the glyph lies against that edge of the page, on pages turned every way.

Each page is one small page written by hand (tests/test_visibility_limits.py's one_page); the
glyph's box is measured with PDFium as the test's own measuring tape."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.pdfs import glyph_box, one_page, turned

from letterpress.check.visibility import PageInk, read_ink

CROP = (40, 50, 250, 150)  # whole points: at 144 dpi every edge of it is a pixel edge
EDGES = ("left", "right", "bottom", "top")
ROTATIONS = (0, 90, 180, 270)
NOT_DRAWN = "nothing of it is drawn (it is clipped away, or in a hidden layer)"
NO_CONTRAST = "its colour does not contrast with what lies under it"


def equals_sign(tmp_path: Path, edge: str, rotate: int, grey: float = 0.0,
                inside: float = 0.25, clip: float = 0.25) -> PageInk:
    """A 30 pt "=" in ``grey`` on a white page, its box ``inside`` points inside ``edge`` of
    the crop box and centred along it; only the last ``clip`` points of the glyph at that edge
    are painted (0: no clipping; less than 0: only a strip 2 points wide, ``-clip`` points
    past that edge, beside the glyph). The page is turned by ``rotate``.

    With ``inside`` 0.25, the box's edge lies in the middle of the page's outermost pixel, so
    that pixel is half covered by the sliver: grey 128 against the white around it."""
    left, bottom, right, top = glyph_box(tmp_path, b"=")
    width, height = right - left, top - bottom
    mid_x, mid_y = (CROP[0] + CROP[2]) / 2, (CROP[1] + CROP[3]) / 2
    x, y = {"left": (CROP[0] + inside, mid_y - height / 2),
            "right": (CROP[2] - inside - width, mid_y - height / 2),
            "bottom": (mid_x - width / 2, CROP[1] + inside),
            "top": (mid_x - width / 2, CROP[3] - inside - height)}[edge]
    # the painted strip, measured outward from the glyph's edge: from ``near`` to ``far``
    near, far = -clip, (0.0 if clip > 0 else 2.0 - clip)
    cut = {"left": (x - far, y - 5, far - near, height + 10),
           "right": (x + width + near, y - 5, far - near, height + 10),
           "bottom": (x - 5, y - far, width + 10, far - near),
           "top": (x - 5, y + height + near, width + 10, far - near)}[edge]
    text = b"BT %.4f g /F1 30 Tf %.4f %.4f Td (=) Tj ET" % (grey, x - left, y - bottom)
    content = b"q %.4f %.4f %.4f %.4f re W n %s Q" % (*cut, text) if clip else text
    path = one_page(tmp_path / "sliver.pdf", content, CROP)
    page = read_ink(turned(path, rotate))[0]
    assert page.text == "="
    return page


@pytest.mark.parametrize("rotate", ROTATIONS)
@pytest.mark.parametrize("edge", EDGES)
def test_a_sliver_of_a_glyph_against_the_edge_of_the_page_is_seen(
        tmp_path: Path, edge: str, rotate: int) -> None:
    """Half a pixel of the glyph's edge is painted, in the page's outermost pixel row or
    column: that pixel is its ink, and it is inside the page."""
    assert equals_sign(tmp_path, edge, rotate).hidden == ()


@pytest.mark.parametrize("rotate", ROTATIONS)
@pytest.mark.parametrize("edge", EDGES)
def test_a_sliver_of_a_glyph_inside_the_page_is_seen(tmp_path: Path, edge: str,
                                                     rotate: int) -> None:
    """The same sliver at the edge of a glyph 20 pt inside the page: the ink is in the
    outermost pixel of the glyph's own box."""
    assert equals_sign(tmp_path, edge, rotate, inside=20.25).hidden == ()


@pytest.mark.parametrize("rotate", ROTATIONS)
@pytest.mark.parametrize("edge", EDGES)
def test_a_glyph_clipped_away_entirely_is_not_drawn(tmp_path: Path, edge: str,
                                                    rotate: int) -> None:
    """The other side: the clipping path lies beside the glyph, just past its edge, and
    nothing of it is painted."""
    page = equals_sign(tmp_path, edge, rotate, inside=20.25, clip=-1.0)
    assert [h.reason for h in page.hidden] == [NOT_DRAWN]
