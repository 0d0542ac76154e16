"""Ink counts where the glyph is (visibility.py's docstring): a glyph is seen when the rendered
page shows ink inside its box, its darkest and lightest pixels at least MIN_CONTRAST (64) grey
levels apart; ink elsewhere on the page says nothing about it. Both sides of 64 levels are
tested for a glyph with no ink in its middle row ("="), which must be judged by the rest of
its box.

One small page each, written by hand (tests/test_visibility_limits.py's one_page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.pdfs import ink, one_page, word_box

NO_CONTRAST = "its colour does not contrast with what lies under it"


@pytest.mark.parametrize(("grey", "seen"), [(b"0.7490196", True), (b"0.7529412", False)],
                         ids=["191 on white: 64 levels", "192 on white: 63 levels"])
def test_an_equals_sign_is_seen_from_64_grey_levels_on(tmp_path: Path, grey: bytes,
                                                       seen: bool) -> None:
    """"=" has ink above and below the middle of its box, none in it."""
    page = ink(tmp_path, b"BT " + grey + b" g /F1 30 Tf 20 100 Td (= = =) Tj ET")
    assert "".join(page.text.split()) == "==="
    assert [h.reason for h in page.hidden] == ([] if seen else [NO_CONTRAST] * 3)


def stripes(left: float, bottom: float, right: float, top: float) -> bytes:
    """Black stripes a point wide, a point apart, over the whole 300 x 200 pt page, but for a
    white hole from (left, bottom) to (right, top)."""
    bars = b" ".join(b"%d 0 1 200 re" % x for x in range(0, 300, 2))
    return b"q 0 g %s f 1 g %.2f %.2f %.2f %.2f re f Q\n" % (
        bars, left, bottom, right - left, top - bottom)


@pytest.mark.parametrize("text", [b"Word", b"= ="])
def test_ink_around_a_glyph_does_not_make_it_seen(tmp_path: Path, text: bytes) -> None:
    """White text in a white hole 3 pt around its glyphs, on a page striped black and white
    everywhere else: every row and column of the page but those of the hole has ink."""
    word = b"BT 1 g /F1 30 Tf 130 90 Td (%s) Tj ET" % text
    left, bottom, right, top = word_box(one_page(tmp_path / "probe.pdf", word))
    page = ink(tmp_path, stripes(left - 3, bottom - 3, right + 3, top + 3) + word)
    drawn = [i for i, char in enumerate(page.text) if not char.isspace()]
    assert [(h.index, h.reason) for h in page.hidden] == [(i, NO_CONTRAST) for i in drawn]


def test_black_text_in_the_hole_is_seen(tmp_path: Path) -> None:
    """The other side: the same hole, the text black."""
    word = b"BT 0 g /F1 30 Tf 130 90 Td (Word = =) Tj ET"
    left, bottom, right, top = word_box(one_page(tmp_path / "probe.pdf", word))
    assert ink(tmp_path, stripes(left - 3, bottom - 3, right + 3, top + 3) + word).hidden == ()

