"""Even texture (issue 12): glyph scaling, neighbouring lines, no letter spacing, hyphenation
rules, and hanging punctuation measured from glyph positions in the PDF."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import hyphen_search
from helpers.texture import MEASURE, SOURCES, WORDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterpress.fonts import TYPEFACES, FontSet
from letterpress.layout import lay_out
from letterpress.layout import linebreak as lb
from letterpress.layout.boxes import Line
from letterpress.layout.flow import set_lines
from letterpress.layout.geometry import BODY_SIZE, frame_for
from letterpress.layout.paragraph import (
    ADDED_HYPHEN,
    HANG_LEFT,
    HANG_RIGHT,
    LAST_RESORT_TOLERANCE,
    StyledText,
    build_items,
)
from letterpress.layout.scaling import NEIGHBOUR_STEP
from letterpress.model import Letter, Paragraph, Span
from letterpress.pipeline import build, check, load
from letterpress.world import World

LOW, HIGH = 1 - lb.SHRINK, 1 + lb.STRETCH


def natural_space(line: Line, fonts: FontSet) -> float:
    return fonts.space_width * line.runs[0].size


def word_space(line: Line, fonts: FontSet) -> float:
    """The gap between two words as set, over the natural space."""
    natural = natural_space(line, fonts)
    return line.scale * (natural + line.word_space) / natural


def assert_even(lines: list[Line], fonts: FontSet, step: float = NEIGHBOUR_STEP,
                high: float = HIGH) -> None:
    """Point 1 and 2 of issue 12 on one paragraph's lines."""
    for line in lines:
        assert 1 - lb.EXPANSION - 1e-9 <= line.scale <= 1 + lb.EXPANSION + 1e-9
        assert line.char_space == 0
        if line.justified and line.spaces:
            assert LOW - 1e-9 <= word_space(line, fonts) <= high + 1e-9
    for above, below in zip(lines, lines[1:], strict=False):
        assert abs(above.scale - below.scale) <= step + 1e-9
    if len(lines) > 1:
        assert lines[-1].scale == lines[-2].scale  # the last line takes the line above's


def hyphen_rules_hold(lines: list[Line]) -> bool:
    """Never three hyphenated lines in a row, never a hyphen on the last full line."""
    flags = [ln.hyphenated for ln in lines]
    return not any(all(flags[k:k + 3]) for k in range(len(flags) - 2)) \
        and not (len(lines) > 1 and lines[-2].hyphenated)


def assert_hyphens_as_expected(lines: list[Line], language: str) -> None:
    """Point 3: the rules above, and letters either side of a hyphen."""
    assert hyphen_rules_hold(lines)
    assert_letters_either_side(lines, language)


def assert_letters_either_side(lines: list[Line], language: str) -> None:
    after = 3 if language == "en" else 2
    for line, following in zip(lines, lines[1:], strict=False):
        if line.hyphenated:
            before = line.text.removesuffix(ADDED_HYPHEN).split()[-1]
            assert sum(ch.isalpha() for ch in before) >= 2
            word = following.text.split()[0]
            assert sum(ch.isalpha() for ch in word) >= after


def test_a_last_line_whose_closing_mark_hangs_keeps_the_scale_of_the_line_above(
        fonts: FontSet) -> None:
    """The last line ends in a semicolon that hangs into the margin: its letters fit at the
    scale of the line above, its natural width with the hang does not. The README promises
    the last line the scale of the line above; it was once narrowed to fit the hang too
    (found by the property test below)."""
    text = ("the the the the the the the platform organisations organisations organisations "
            "organisations organisations government, government, consultation consultation to "
            "to information access “action public annual annual the platform organisations "
            "of government, government, and consultation consultation coordination report;")
    lines = set_lines([StyledText(text, "regular", BODY_SIZE)], fonts, "en", 0.0, MEASURE,
                      justify=True)
    assert len(lines) == 3 and lines[-1].text.endswith("report;")
    assert not lines[-1].justified  # natural spaces: the letters fit without shrinking
    assert_even(lines, fonts)


@pytest.mark.parametrize("typeface", TYPEFACES)
@settings(max_examples=45, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(language=st.sampled_from(sorted(WORDS)), data=st.data())
def test_generated_paragraphs_are_even_in_each_language(fonts: FontSet, typeface: str,
                                                        language: str, data: Any) -> None:
    fonts = fonts.of(typeface)
    words = data.draw(st.lists(st.sampled_from(WORDS[language]), min_size=20, max_size=140))
    spans = [StyledText(" ".join(words), "regular", BODY_SIZE)]
    lines = set_lines(spans, fonts, language, 0.0, MEASURE, justify=True)
    flex = lb.Flex(expansion=lb.EXPANSION)
    hyphenated = build_items(spans, fonts, language, MEASURE, True, True)
    if lb.break_lines(hyphenated, MEASURE, 1.0, flex) is None:
        # A column of one long word: no setting keeps every rule. The glyph scaling stays
        # within its bounds; the neighbour step and the hyphen rules give, and only where
        # even that is not enough, the spaces' upper bound.
        within = lb.break_lines(hyphenated, MEASURE, 1.0, flex, strict=False) is not None
        assert_even(lines, fonts, step=2 * lb.EXPANSION,
                    high=HIGH if within else 1 + lb.STRETCH * LAST_RESORT_TOLERANCE)
    else:
        assert_even(lines, fonts)
        assert hyphen_rules_hold(lines)
    assert_letters_either_side(lines, language)
    if any(ln.hyphenated for ln in lines):  # a hyphen only where spacing alone cannot set it
        items = build_items(spans, fonts, language, MEASURE, False, True)
        assert lb.break_lines(items, MEASURE, 1.0, flex) is None
    text = "".join(ln.text.removesuffix(ADDED_HYPHEN) + ("" if ln.hyphenated else " ")
                   for ln in lines)
    assert text.split() == words


def paragraphs(document: Any) -> Iterator[list[Line]]:
    """Each paragraph's lines, a paragraph split across pages as one."""
    by_path: dict[str, list[Line]] = {}
    for page in document.pages:
        for block in page.blocks:
            if block.kind == "paragraph":
                by_path.setdefault(block.path, []).extend(block.lines)
    yield from by_path.values()


@pytest.mark.slow
@pytest.mark.parametrize("typeface", TYPEFACES)
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_letters_in_source_are_even(source: Path, fonts: FontSet, typeface: str) -> None:
    letter = dataclasses.replace(load(source, World(fonts)).letter, typeface=typeface)
    fonts = fonts.of(typeface)
    document = lay_out(letter, fonts)
    # a paragraph no setting within the bounds can set (test_fewest_hyphens.UNSETTABLE, by
    # exhaustive search) keeps every bound but one: a third hyphenated line in a row
    unsettable = {words for words, items, _ in hyphen_search.body_paragraphs(source, typeface)[1]
                  if hyphen_search.fewest_hyphens(items, MEASURE) is None}
    for lines in paragraphs(document):
        assert_even(lines, fonts)
        if " ".join(lines[0].text.split()[:3]) in unsettable:
            flags = [ln.hyphenated for ln in lines]
            assert not any(all(flags[k:k + 4]) for k in range(len(flags) - 3))
            assert not lines[-2].hyphenated
            assert_letters_either_side(lines, letter.language)
            continue
        assert_hyphens_as_expected(lines, letter.language)
    for page in document.pages[:-1]:  # never a hyphen at the foot of a page
        body = [ln for block in page.blocks if block.kind == "paragraph" for ln in block.lines]
        lowest = min(body, key=lambda ln: ln.y, default=None)
        assert lowest is None or not lowest.hyphenated


# --- hanging punctuation, measured from glyph positions ---------------------------------

QUOTED = ("“Open” budgets, “public” hearings and “civic” councils: the platform’s members "
          "asked for “more” access. ") * 12


@pytest.fixture(scope="module")
def spacing_module(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from helpers import spacing

    return spacing


def built_lines(tmp: Path, letter: Letter, spacing: Any) -> list[Any]:
    from letterpress.fonts import load_fonts
    from letterpress.pipeline import typeset

    data, _ = typeset(letter, load_fonts())
    pdf = tmp / "letter.pdf"
    pdf.write_bytes(data)
    frame = frame_for(letter.paper)
    return [ln.chars for ln in spacing._lines(pdf)
            if spacing._full(ln.chars, frame.left, frame.right)]


@pytest.mark.slow
@pytest.mark.parametrize("typeface", TYPEFACES)
def test_punctuation_hangs_into_the_margins(tmp_path: Path, sample_letter: Letter,
                                            typeface: str, spacing_module: Any) -> None:
    letter = dataclasses.replace(sample_letter, typeface=typeface, body=(
        *sample_letter.body, Paragraph(spans=(Span(text=QUOTED),))))
    frame = frame_for(letter.paper)
    seen: dict[str, int] = {}
    for chars in built_lines(tmp_path, letter, spacing_module):
        visible = [c for c in chars if c.get_text() != " "]
        last, first = visible[-1], visible[0]
        # A paragraph's last line keeps natural spaces and the scale of the line above: its
        # letters may end just short of the margin with its full stop standing a little past
        # it. It is not a justified line, so nothing hangs by a set share there.
        hung_at = frame.right - (1 - HANG_RIGHT["."]) * last.width  # where a hanging stop starts
        ragged = last.get_text() == "." and last.x0 < hung_at - 1e-3
        if ragged:
            assert last.x0 <= frame.right  # the stop itself starts inside the measure
        elif last.get_text() in HANG_RIGHT:
            share = (last.x1 - frame.right) / last.width
            assert share == pytest.approx(HANG_RIGHT[last.get_text()], abs=1e-3)
            assert visible[-2].x1 <= frame.right + 1e-3  # the letters stay inside
            seen[last.get_text()] = seen.get(last.get_text(), 0) + 1
        else:
            assert last.x1 == pytest.approx(frame.right, abs=1e-3)
        if first.get_text() in HANG_LEFT:
            share = (frame.left - first.x0) / first.width
            assert share == pytest.approx(HANG_LEFT[first.get_text()], abs=1e-3)
            seen[first.get_text()] = seen.get(first.get_text(), 0) + 1
        else:
            assert first.x0 == pytest.approx(frame.left, abs=1e-3)
    assert seen.get(".", 0) + seen.get(",", 0) >= 3  # full stops and commas do hang
    assert seen.get("“", 0) >= 1  # and an opening quote into the left margin
    assert HANG_RIGHT["."] >= 0.5 and HANG_RIGHT[","] >= 0.5 and HANG_RIGHT[ADDED_HYPHEN] == 0.5


@pytest.mark.slow
def test_hanging_punctuation_leaves_text_and_check_unaffected(tmp_path: Path) -> None:
    """Every letter in source/ reads back as its source says."""
    for source in SOURCES:
        built = build(source, tmp_path / f"{source.stem}.pdf", World())
        assert check(source, built.output, World()) == ()


def test_a_last_line_is_not_left_a_word_alone_where_it_need_not_be(fonts: FontSet,
                                                                    sample_letter: Letter
                                                                    ) -> None:
    """The sample's third paragraph ends on "proof." alone unless the breaker prefers a
    setting with a fuller last line (it has one, with as many hyphens)."""
    document = lay_out(sample_letter, fonts)
    by_path = {lines[0].text[:20]: lines for lines in paragraphs(document)}
    lines = by_path["As a result of the f"]
    assert lines[-1].width >= lb.SHORT_LAST_LINE * MEASURE, lines[-1].text
    assert sum(ln.hyphenated for ln in lines) == 2
