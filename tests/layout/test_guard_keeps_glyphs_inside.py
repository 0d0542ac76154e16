"""The layout guard, from its promise (README, "Well set"): after layout every glyph lies
inside the text area (but for hanging punctuation, by the share the item builder gives it)
and every line within the breaker's bounds (word spaces 0.80 to 1.30 of natural, 1.60 in the
last resort; glyphs scaled by at most 2 %; letters never spaced apart); a violation is an
error naming the field, never a PDF. Page furniture (running header, page label) stands in
the margins, but on the page and within the text area's width.

Each bound is tested on both sides with a hand-placed line: one exactly at the bound passes,
one 0.05 pt (or 0.1 % of a space) beyond it is refused. The glyph box of a line is its
advance width from the fonts and the ascent and descent the fonts state.
"""

from __future__ import annotations

import dataclasses
import math
import re

import pytest

from letterpress.errors import LayoutError
from letterpress.fonts import FontSet
from letterpress.layout.boxes import Block, Document, Line, Page, Run
from letterpress.layout.geometry import FURNITURE_SIZE, frame_for
from letterpress.layout.guard import check_document
from letterpress.layout.paragraph import ADDED_HYPHEN, HANG_LEFT, HANG_RIGHT

FRAME = frame_for("a4")
SIZE = 11.0
WORD = "Hello"  # no glyph of it hangs
BEYOND = 0.05  # points: far more than rounding, far less than anything a reader would see


def _document(blocks_of_pages: list[list[Block]]) -> Document:
    pages = tuple(Page(n + 1, tuple(blocks)) for n, blocks in enumerate(blocks_of_pages))
    return Document(FRAME.page_width, FRAME.page_height, pages, "t", "a", "s", "en")


def _check(line: Line, *, page: int = 1, kind: str = "paragraph", path: str = "body[0]",
           fonts: FontSet) -> None:
    """Check a document whose page ``page`` holds this one line (earlier pages, one line
    well inside the text area)."""
    inside = Line(FRAME.left, FRAME.bottom + 100, (Run(WORD, "regular", SIZE),))
    pages = [[Block("paragraph", "body[1]", (inside,))] for _ in range(page - 1)]
    pages.append([Block(kind, path, (line,))])
    check_document(_document(pages), FRAME, fonts)


def _line(text: str, fonts: FontSet, *, left: float | None = None, right: float | None = None,
          top: float | None = None, bottom: float | None = None, size: float = SIZE) -> Line:
    """A line of one run whose glyph box has the given edge (the others well inside)."""
    width = fonts.width(text, "regular", size)
    ascent, descent = (v * size for v in fonts.extent("regular"))
    x = FRAME.left + 20 if left is None else left
    if right is not None:
        x = right - width
    y = FRAME.bottom + 200
    if top is not None:
        y = top - ascent
    if bottom is not None:
        y = bottom + descent
    return Line(x, y, (Run(text, "regular", size),), width=width)


EDGES = {
    "left": (lambda f, d: _line(WORD, f, left=FRAME.left - d), "left of the text area"),
    "right": (lambda f, d: _line(WORD, f, right=FRAME.right + d), "past the right edge"),
    "bottom": (lambda f, d: _line(WORD, f, bottom=FRAME.bottom - d), "below the text area"),
    "top": (lambda f, d: _line(WORD, f, top=FRAME.top_first + d), "above the text area"),
}


@pytest.mark.parametrize("edge", EDGES)
def test_a_glyph_on_the_edge_of_the_text_area_passes(edge: str, fonts: FontSet) -> None:
    make, _ = EDGES[edge]
    _check(make(fonts, 0.0), fonts=fonts)


@pytest.mark.parametrize("edge", EDGES)
def test_a_glyph_a_twentieth_of_a_point_outside_is_refused(edge: str, fonts: FontSet) -> None:
    make, message = EDGES[edge]
    with pytest.raises(LayoutError, match=rf"text \w+ 0\.1 pt .*{message}.* \(page 1\)") as raised:
        _check(make(fonts, 2 * BEYOND), fonts=fonts)
    assert raised.value.field == "body[0]"
    with pytest.raises(LayoutError, match=message):
        _check(make(fonts, BEYOND), fonts=fonts)


def test_later_pages_are_judged_against_their_own_top(fonts: FontSet) -> None:
    """Below the running header, the text of page 2 starts lower than page 1's (22 mm from
    the top edge against 15 mm)."""
    assert FRAME.top_later < FRAME.top_first - 10
    at_later_top = _line(WORD, fonts, top=FRAME.top_later)
    _check(at_later_top, page=2, fonts=fonts)
    _check(at_later_top, page=3, fonts=fonts)
    above = _line(WORD, fonts, top=FRAME.top_later + BEYOND)
    _check(above, page=1, fonts=fonts)  # page 1's text area reaches higher
    for page in (2, 3):
        with pytest.raises(LayoutError, match=rf"above the text area \(page {page}\)"):
            _check(above, page=page, fonts=fonts)
    with pytest.raises(LayoutError, match=r"above the text area \(page 2\)"):
        _check(_line(WORD, fonts, top=FRAME.top_first), page=2, fonts=fonts)


@pytest.mark.parametrize("mark", sorted(HANG_RIGHT))
def test_closing_punctuation_hangs_into_the_right_margin_by_its_share(
        mark: str, fonts: FontSet) -> None:
    text = WORD + mark
    hang = HANG_RIGHT[mark] * fonts.width(mark, "regular", SIZE)
    _check(_line(text, fonts, right=FRAME.right + hang), fonts=fonts)
    with pytest.raises(LayoutError, match="past the right edge"):
        _check(_line(text, fonts, right=FRAME.right + hang + BEYOND), fonts=fonts)


@pytest.mark.parametrize("mark", sorted(HANG_LEFT))
def test_opening_punctuation_hangs_into_the_left_margin_by_its_share(
        mark: str, fonts: FontSet) -> None:
    text = mark + WORD
    hang = HANG_LEFT[mark] * fonts.width(mark, "regular", SIZE)
    _check(_line(text, fonts, left=FRAME.left - hang), fonts=fonts)
    with pytest.raises(LayoutError, match="left of the text area"):
        _check(_line(text, fonts, left=FRAME.left - hang - BEYOND), fonts=fonts)


def test_only_the_first_and_last_glyph_hang(fonts: FontSet) -> None:
    """A full stop inside the line, or a quote at its end, gives no room on the other side."""
    for text in ("a.b", "a" + ADDED_HYPHEN + "b", "“" + WORD):
        with pytest.raises(LayoutError, match="past the right edge"):
            _check(_line(text, fonts, right=FRAME.right + BEYOND), fonts=fonts)
    for text in ("a“b", WORD + "."):
        with pytest.raises(LayoutError, match="left of the text area"):
            _check(_line(text, fonts, left=FRAME.left - BEYOND), fonts=fonts)


def test_a_hang_is_scaled_with_the_glyphs(fonts: FontSet) -> None:
    """A line set at 98 % hangs its full stop 98 % as far."""
    text = WORD + "."
    natural = fonts.width(text, "regular", SIZE)
    hang = HANG_RIGHT["."] * fonts.width(".", "regular", SIZE)
    for scale in (0.98, 1.02):
        x = FRAME.right + hang * scale - natural * scale
        line = Line(x, FRAME.bottom + 100, (Run(text, "regular", SIZE),), scale=scale)
        _check(line, fonts=fonts)
        with pytest.raises(LayoutError, match="past the right edge"):
            _check(line.at(x + BEYOND, line.y), fonts=fonts)


def test_a_line_of_several_runs_is_measured_whole(fonts: FontSet) -> None:
    """Width is the sum of every run; height the tallest run's."""
    runs = (Run("Hello ", "regular", SIZE), Run("world", "bold", SIZE),
            Run(" again", "italic", 2 * SIZE))
    width = sum(fonts.width(r.text, r.style, r.size) for r in runs)
    ascent = max(fonts.extent(r.style)[0] * r.size for r in runs)
    descent = max(fonts.extent(r.style)[1] * r.size for r in runs)
    x, y = FRAME.right - width, FRAME.bottom + descent
    _check(Line(x, y, runs), fonts=fonts)
    with pytest.raises(LayoutError, match="past the right edge"):
        _check(Line(x + BEYOND, y, runs), fonts=fonts)
    with pytest.raises(LayoutError, match="below the text area"):
        _check(Line(x, y - BEYOND, runs), fonts=fonts)
    top = FRAME.top_first - ascent
    _check(Line(x, top, runs), fonts=fonts)
    with pytest.raises(LayoutError, match="above the text area"):
        _check(Line(x, top + BEYOND, runs), fonts=fonts)


def test_word_spacing_widens_the_line(fonts: FontSet) -> None:
    """Each space gets the line's word space (Tw): the box grows by it."""
    text = "a b c"
    natural = fonts.width(text, "regular", SIZE)
    extra = 0.5  # within the bounds: a space of 2.75 pt becomes 3.25 (1.18)
    x = FRAME.right - natural - 2 * extra
    line = Line(x, FRAME.bottom + 100, (Run(text, "regular", SIZE),), word_space=extra,
                spaces=2)
    _check(line, fonts=fonts)
    with pytest.raises(LayoutError, match="past the right edge"):
        _check(line.at(x + BEYOND, line.y), fonts=fonts)


# Page furniture: the running header and the page label, in the top and bottom margins.


def _furniture(fonts: FontSet, **edge: float) -> Line:
    return _line("05/20 · 08.10.2020", fonts, size=FURNITURE_SIZE, **edge)


@pytest.mark.parametrize("page", [1, 2])
def test_furniture_in_the_margins_passes(page: int, fonts: FontSet) -> None:
    for line in (_furniture(fonts, top=FRAME.page_height),  # the header, high as the page
                 _furniture(fonts, bottom=0.0),  # the page label, low as the page
                 _furniture(fonts, left=FRAME.left), _furniture(fonts, right=FRAME.right)):
        _check(line, page=page, kind="furniture", path="", fonts=fonts)


@pytest.mark.parametrize("page", [1, 2])
@pytest.mark.parametrize("edge, message", [
    ({"left": FRAME.left - BEYOND}, "left of the text area"),
    ({"right": FRAME.right + BEYOND}, "past the right edge"),
    ({"right": FRAME.right + 30}, "past the right edge"),
    ({"top": FRAME.page_height + BEYOND}, "above the text area"),
    ({"bottom": -BEYOND}, "below the text area"),
])
def test_furniture_off_the_page_or_wider_than_the_text_is_refused(
        page: int, edge: dict[str, float], message: str, fonts: FontSet) -> None:
    with pytest.raises(LayoutError, match=rf"^page furniture: text .*{message}.* \(page "
                                          rf"{page}\); the line reads '05/20 · 08.10.2020'"):
        _check(_furniture(fonts, **edge), page=page, kind="furniture", path="", fonts=fonts)


def test_furniture_is_held_to_the_spacing_bounds_too(fonts: FontSet) -> None:
    line = dataclasses.replace(_furniture(fonts, left=FRAME.left + 50), scale=1.05)
    with pytest.raises(LayoutError, match="^page furniture: glyphs scaled"):
        _check(line, page=2, kind="furniture", path="", fonts=fonts)


# The breaker's bounds, both sides of each.


def _spaced(fonts: FontSet, gap: float, scale: float = 1.0) -> Line:
    """A line of three words whose spaces are ``gap`` times their natural width as drawn."""
    natural = fonts.width(" ", "regular", SIZE)
    word_space = natural * gap / scale - natural
    return Line(FRAME.left + 5, FRAME.bottom + 100, (Run("a b c", "regular", SIZE),),
                word_space=word_space, scale=scale, spaces=2)


@pytest.mark.parametrize("gap", [0.80, 1.0, 1.30, 1.60])
def test_word_spaces_within_the_bounds_pass(gap: float, fonts: FontSet) -> None:
    _check(_spaced(fonts, gap), fonts=fonts)
    _check(_spaced(fonts, gap, scale=1.02), fonts=fonts)


@pytest.mark.parametrize("gap, message", [
    (0.799, r"word spaces shrunk to 80% of a space, below 80%"),
    (0.5, r"word spaces shrunk to 50% of a space, below 80%"),
    (1.601, r"word spaces stretched to 160% of a space, beyond 160%"),
    (2.0, r"word spaces stretched to 200% of a space, beyond 160%"),
])
def test_word_spaces_beyond_the_bounds_are_refused(gap: float, message: str,
                                                   fonts: FontSet) -> None:
    with pytest.raises(LayoutError, match=rf"^{message} \(page 1\); the line reads 'a b c'$"):
        _check(_spaced(fonts, gap), fonts=fonts)


def test_word_spaces_are_judged_as_drawn_scaled(fonts: FontSet) -> None:
    """Tz scales the spaces too: a space of 1.59 at 102 % is 1.62 drawn, and one of 0.80
    at 98 % is 0.78."""
    natural = fonts.width(" ", "regular", SIZE)
    line = Line(FRAME.left + 5, FRAME.bottom + 100, (Run("a b c", "regular", SIZE),),
                word_space=0.59 * natural, scale=1.02, spaces=2)
    with pytest.raises(LayoutError, match="word spaces stretched to 162%"):
        _check(line, fonts=fonts)
    _check(dataclasses.replace(line, word_space=-0.2 * natural, scale=1.0), fonts=fonts)
    with pytest.raises(LayoutError, match="word spaces shrunk to 78%"):
        _check(dataclasses.replace(line, word_space=-0.2 * natural, scale=0.98), fonts=fonts)


def test_a_line_without_spaces_has_no_word_space_to_judge(fonts: FontSet) -> None:
    line = Line(FRAME.left + 5, FRAME.bottom + 100, (Run("abc", "regular", SIZE),),
                word_space=50.0)
    _check(line, fonts=fonts)
    spaced = dataclasses.replace(line, runs=(Run("abc", "regular", SIZE),
                                             Run("d e", "bold", SIZE)))
    with pytest.raises(LayoutError, match="word spaces stretched"):
        _check(spaced, fonts=fonts)


@pytest.mark.parametrize("scale", [0.98, 0.99, 1.0, 1.01, 1.02])
def test_glyphs_scaled_by_at_most_two_percent_pass(scale: float, fonts: FontSet) -> None:
    _check(dataclasses.replace(_line(WORD, fonts), scale=scale), fonts=fonts)


@pytest.mark.parametrize("scale, shown", [(0.979, "97.9%"), (1.021, "102.1%"),
                                          (0.5, "50.0%"), (1.5, "150.0%")])
def test_glyphs_scaled_by_more_are_refused(scale: float, shown: str, fonts: FontSet) -> None:
    with pytest.raises(LayoutError, match=rf"^glyphs scaled to {shown}, beyond ±2% \(page 1\)"):
        _check(dataclasses.replace(_line(WORD, fonts), scale=scale), fonts=fonts)


@pytest.mark.parametrize("char_space, shown", [(0.011, "+0.001"), (-0.011, "-0.001"),
                                               (1.1, "+0.100")])
def test_letters_are_never_spaced_apart(char_space: float, shown: str,
                                        fonts: FontSet) -> None:
    with pytest.raises(LayoutError, match=rf"^letter spacing of {re.escape(shown)} em "):
        _check(dataclasses.replace(_line(WORD, fonts), char_space=char_space), fonts=fonts)


def test_an_error_names_the_page_and_clips_a_long_line(fonts: FontSet) -> None:
    text = "x" * 41
    line = _line(text, fonts, right=FRAME.right + 1)
    with pytest.raises(LayoutError) as raised:
        _check(line, page=3, path="closing[0]", fonts=fonts)
    assert str(raised.value).endswith("(page 3); the line reads '" + "x" * 39 + "…'")
    assert raised.value.field == "closing[0]"
    with pytest.raises(LayoutError) as raised:
        _check(_line("x" * 40, fonts, right=FRAME.right + 1), fonts=fonts)
    assert str(raised.value).endswith("the line reads '" + "x" * 40 + "'")


# What the mutation run found: the tolerance, lines without glyphs, letter spacing as drawn.


@pytest.mark.parametrize("edge", ["left", "right", "bottom", "top"])
def test_a_hundredth_of_a_point_of_rounding_is_tolerated(edge: str, fonts: FontSet) -> None:
    """Positions are computed in floating point and written to 6 digits: the guard allows
    0.01 pt (guard.SLACK) for that, and not more. An empty line (no glyph box of its own)
    stands exactly where it is placed."""
    slack = 0.01
    x, y = FRAME.left + 20, FRAME.bottom + 100
    at = {"left": (FRAME.left - slack, y), "right": (FRAME.right + slack, y),
          "bottom": (x, FRAME.bottom - slack), "top": (x, FRAME.top_first + slack)}[edge]
    _check(Line(*at, ()), fonts=fonts)
    beyond = {"left": (-1, 0), "right": (1, 0), "bottom": (0, -1), "top": (0, 1)}[edge]
    moved = (at[0] + beyond[0] * BEYOND, at[1] + beyond[1] * BEYOND)
    with pytest.raises(LayoutError, match=r"^text "):
        _check(Line(*moved, ()), fonts=fonts)


def test_letter_spacing_widens_the_box_between_glyphs(fonts: FontSet) -> None:
    """Tc (ISO 32000-1 9.3.2) follows every glyph; the box of the glyphs ends at the last
    one's edge, so n letters are n - 1 spacings wider. Such a line is refused either way;
    the error first names where it stands."""
    natural = fonts.width(WORD, "regular", SIZE)
    x = FRAME.right - natural - 1.0  # 1 pt short of the edge without spacing
    y = FRAME.bottom + 100
    line = Line(x, y, (Run(WORD, "regular", SIZE),), char_space=0.5)  # 4 x 0.5 = 2 pt
    with pytest.raises(LayoutError, match=r"^text runs 1\.0 pt past the right edge"):
        _check(line, fonts=fonts)
    one = Line(FRAME.right - fonts.width("W", "regular", SIZE), y,
               (Run("W", "regular", SIZE),), char_space=1.0)  # one letter: no spacing inside
    with pytest.raises(LayoutError, match=r"^letter spacing of \+0\.091 em"):
        _check(one, fonts=fonts)


def test_letter_spacing_is_reported_as_drawn_scaled(fonts: FontSet) -> None:
    """Th scales Tc too (ISO 32000-1 9.4.4): 1.1 pt at 102 % is 0.102 em of 11 pt."""
    line = dataclasses.replace(_line(WORD, fonts), char_space=1.1, scale=1.02)
    with pytest.raises(LayoutError, match=r"^letter spacing of \+0\.102 em"):
        _check(line, fonts=fonts)


def test_letter_spacing_on_a_line_without_glyphs_is_still_refused(fonts: FontSet) -> None:
    with pytest.raises(LayoutError, match=r"^letter spacing of "):
        _check(Line(FRAME.left + 5, FRAME.bottom + 100, (), char_space=0.5), fonts=fonts)


def test_a_scaled_opening_quote_hangs_by_its_scaled_share(fonts: FontSet) -> None:
    text = "“" + WORD
    hang = HANG_LEFT["“"] * fonts.width("“", "regular", SIZE)
    for scale in (0.98, 1.02):
        line = Line(FRAME.left - hang * scale, FRAME.bottom + 100,
                    (Run(text, "regular", SIZE),), scale=scale)
        _check(line, fonts=fonts)
        with pytest.raises(LayoutError, match="left of the text area"):
            _check(line.at(line.x - BEYOND, line.y), fonts=fonts)


def test_a_guard_error_says_what_to_do(fonts: FontSet) -> None:
    with pytest.raises(LayoutError) as raised:
        _check(_line(WORD, fonts, right=FRAME.right + 1), fonts=fonts)
    assert raised.value.hint  # every error of letterpress carries a hint
    assert "letterpress" in raised.value.hint


@pytest.mark.parametrize("size", [8.0, 10.0, 11.0])
def test_word_spaces_exactly_on_the_rounding_tolerance_pass(size: float,
                                                            fonts: FontSet) -> None:
    """The bounds allow 1e-6 of a space for rounding: a gap exactly that far past 0.80 or
    1.60 (as the guard measures it, to the last bit) passes."""
    natural = fonts.width(" ", "regular", size)
    for bound in (0.80 - 1e-6, 1.60 + 1e-6):
        base = natural * bound - natural
        ties = [w for k in range(-300, 300)
                if (natural + (w := base + k * math.ulp(base))) / natural == bound]
        if not ties:
            continue
        line = Line(FRAME.left + 5, FRAME.bottom + 100, (Run("a b", "regular", size),),
                    word_space=ties[0], spaces=1)
        _check(line, fonts=fonts)
        tighter = bound - 2e-6 if bound < 1 else bound + 2e-6
        with pytest.raises(LayoutError, match="word spaces"):
            _check(dataclasses.replace(line, word_space=natural * tighter - natural),
                   fonts=fonts)
