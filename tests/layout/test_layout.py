"""Layout without PDFs: line breaking, spacing bounds, keep rules and page breaks."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from helpers import REPO, SOURCE_LETTERS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterpress.content import fields
from letterpress.fonts import FontSet
from letterpress.layout import lay_out
from letterpress.layout import linebreak as lb
from letterpress.layout.boxes import Document, Line
from letterpress.layout.flow import (
    Breakable,
    Placed,
    Unit,
    page_end,
    set_lines,
    split_paragraph,
)
from letterpress.layout.geometry import BODY_SIZE, frame_for
from letterpress.layout.paragraph import (
    ADDED_HYPHEN,
    LAST_RESORT_TOLERANCE,
    StyledText,
    build_items,
    hyphenation_points,
)
from letterpress.model import Letter, Paragraph, Signatory, SignatoryGroup, Span
from letterpress.pipeline import load
from letterpress.world import World

LOW, HIGH = 1 - lb.SHRINK, 1 + lb.STRETCH


def spacing(line: Line, fonts: FontSet) -> float:
    """Word space as set, over the natural space: what bench/spacing.py measures in the PDF."""
    natural = fonts.space_width * line.runs[0].size
    return line.scale * (natural + line.word_space) / natural


def set_generated(words: list[str], language: str, fonts: FontSet) -> list[Line]:
    """A justified paragraph of ``words`` at the body size, across the A4 measure."""
    return set_lines([StyledText(" ".join(words), "regular", BODY_SIZE)], fonts, language, 0.0,
                     frame_for("a4").measure, justify=True)


def justified(document: Document) -> list[Line]:
    return [ln for page in document.pages for block in page.blocks
            if block.kind == "paragraph" for ln in block.lines if ln.justified]


@pytest.mark.parametrize("source", ["2020-10-08-amnesty-appeal",
                                    *(f"2026-11-20-assembly-invitation-{language}"
                                      for language in ("en", "az", "ru"))])
def test_letters_meet_the_spacing_targets(source: str, fonts: FontSet) -> None:
    letter = load(REPO / "source" / f"{source}.yaml", World(fonts)).letter
    lines = justified(lay_out(letter, fonts))
    ratios = [spacing(ln, fonts) for ln in lines]
    assert len(lines) > 20
    assert max(ratios) <= 1.30 + 1e-9
    assert min(ratios) >= 0.80 - 1e-9


def test_justified_lines_fill_the_measure_exactly(sample_letter: Letter,
                                                  fonts: FontSet) -> None:
    frame = frame_for("a4")
    for line in justified(lay_out(sample_letter, fonts)):
        # hanging punctuation reaches into the margins; the letters meet them
        assert frame.left - 3 <= line.x <= frame.left
        assert line.x + line.set_width >= frame.left + frame.measure - 1e-9


WORDS = ("the", "platform", "organisations", "of", "civil", "society", "government", "open",
         "participation", "and", "budget", "hearings", "consultation", "a", "to", "members",
         "information", "access", "national", "action", "plan", "accountability", "in",
         "transparency", "public", "council", "coordination", "assembly", "annual", "report")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=30, max_size=220))
def test_generated_paragraphs_stay_within_the_spacing_bounds(fonts: FontSet,
                                                            words: list[str]) -> None:
    lines = set_generated(words, "en", fonts)
    # Where no setting within the bounds exists even with hyphens (few, long words), the
    # last resort stretches spaces further: see test_texture.py.
    measure = frame_for("a4").measure
    items = build_items([StyledText(" ".join(words), "regular", BODY_SIZE)], fonts, "en",
                        measure, True, True)
    flex = lb.Flex(expansion=lb.EXPANSION)
    within = lb.break_lines(items, measure, 1.0, flex, strict=False) is not None
    high = HIGH if within else 1 + lb.STRETCH * LAST_RESORT_TOLERANCE
    for line in lines[:-1]:
        assert LOW - 1e-9 <= spacing(line, fonts) <= high + 1e-9
    text = "".join(ln.text.removesuffix(ADDED_HYPHEN) + ("" if ln.hyphenated else " ")
                   for ln in lines)
    assert text.split() == words  # nothing lost, reordered or garbled by breaking


def test_a_word_wider_than_the_measure_breaks_without_losing_characters(fonts: FontSet) -> None:
    url = "https://example.org/" + "a1b2c3d4e5" * 12
    lines = set_lines([StyledText(f"See {url} for details", "regular", BODY_SIZE)], fonts,
                      "en", 0.0, 200.0, justify=True)
    assert len(lines) > 2
    assert "".join(ln.text for ln in lines).replace(" ", "") == f"See{url}fordetails"
    assert not any(ln.hyphenated for ln in lines)
    assert all(ln.set_width <= 200.0 + 0.01 for ln in lines)


@pytest.mark.parametrize("justify", [True, False])
def test_many_long_urls_stay_inside_the_measure(fonts: FontSet, justify: bool) -> None:
    text = " ".join("a few words before " + "https://example.org/" + "abcdefghij" * 20
                    for _ in range(12))
    measure = frame_for("a4").measure
    lines = set_lines([StyledText(text, "regular", BODY_SIZE)], fonts, "en", 0.0, measure,
                      justify=justify)
    assert "".join(ln.text for ln in lines).replace(" ", "") == text.replace(" ", "")
    assert all(ln.set_width <= measure + 0.01 for ln in lines)


@pytest.mark.parametrize("language, word", [("en", "responsibility"), ("ru", "государственного"),
                                            ("az", "məlumatlandırılması")])
def test_hyphenation_points_exist_in_each_language(language: str, word: str) -> None:
    points = hyphenation_points(word, language)
    assert points and all(2 <= p <= len(word) - 2 for p in points)


def test_no_hyphenation_inside_numbers_or_acronyms() -> None:
    assert hyphenation_points("27.09.2020", "en") == ()
    assert hyphenation_points("UNESCO", "en") == ()


@pytest.mark.parametrize("measure", [150.0, 180.0, 210.0, 260.0])
def test_a_line_never_starts_with_a_dash_and_keeps_titles_and_numbers(fonts: FontSet,
                                                                    measure: float) -> None:
    text = ("Ms. Julie Verhara wrote that 27 civilians – and 141 people – were hurt; "
            "Dr. Aliyev said 20 % of the 300 villages were hit, 45 of them twice.")
    lines = set_lines([StyledText(text, "regular", BODY_SIZE)], fonts, "en", 0.0, measure,
                      justify=True)
    for line in lines:
        assert not re.match(r"[–—%.,;:!?)]", line.text)
        assert not re.search(r"(\bMs\.|\bDr\.|\b\d+)$", line.text.rstrip(ADDED_HYPHEN))


def letter_with(sample: Letter, members: int, paragraphs: int = 5, columns: int = 1) -> Letter:
    body = tuple(sample.body[k % len(sample.body)] for k in range(paragraphs))
    group = SignatoryGroup(heading="Members:", members=tuple(
        Signatory(name=f"Name {k} Surname{k}", organisation="Some Public Association for Things")
        for k in range(members)), columns=columns)
    return dataclasses.replace(sample, body=body, signatories=(group,))


def pages_of(document: Document) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for page in document.pages:
        for block in page.blocks:
            where.setdefault(block.path, []).append(page.number)
    return where


@pytest.mark.parametrize("paragraphs", range(1, 12))
def test_keep_rules_hold_whatever_the_length(sample_letter: Letter, fonts: FontSet,
                                             paragraphs: int) -> None:
    letter = letter_with(sample_letter, 40, paragraphs)
    document = lay_out(letter, fonts)
    where = pages_of(document)
    # No entry split; the closing, the heading and the first two entries share a page.
    for path, pages in where.items():
        if ".members[" in path:
            assert len(set(pages)) == 1, path
    heading = where["signatories[0].heading"]
    assert heading == where["closing[0]"] == where["signatories[0].members[0]"][:1] \
        == where["signatories[0].members[1]"][:1]
    # No widow or orphan: a paragraph split across pages keeps two lines on each side.
    for page in document.pages:
        for block in page.blocks:
            if block.kind == "paragraph" and where[block.path] != [page.number]:
                assert len(block.lines) >= 2, (block.path, page.number)


def test_numbers_are_right_aligned_and_entries_hang(sample_letter: Letter,
                                                    fonts: FontSet) -> None:
    document = lay_out(letter_with(sample_letter, 12), fonts)
    entries = [b for p in document.pages for b in p.blocks if b.kind == "member"]
    labels = [b.label for b in entries if b.label]
    # blank lines are the invisible spaces from the margin (flow.FlowBuilder.pad)
    numbers = [ln for label in labels for ln in label if ln.text.strip()]
    ends = {round(ln.x + fonts.width(ln.text.strip(), "regular", ln.runs[0].size), 3)
            for ln in numbers}
    assert len(labels) == 12 and len(numbers) == 12 and len(ends) == 1
    assert all(not b.label for p in document.pages for b in p.blocks if b.kind != "member")
    # wrapped lines hang too
    assert len({ln.x for b in entries for ln in b.lines if ln.text.strip()}) == 1


def test_two_columns_number_down_each_column_and_balance(sample_letter: Letter,
                                                         fonts: FontSet) -> None:
    document = lay_out(letter_with(sample_letter, 30, paragraphs=1, columns=2), fonts)
    labels = [b.label for p in document.pages for b in p.blocks if b.label]
    middle = frame_for("a4").left + frame_for("a4").measure / 2
    left = [label for label in labels if label[-1].x < middle]  # the number is the last line
    right = [label for label in labels if label[-1].x >= middle]
    assert left and right
    numbers = [int(label[-1].text.strip(". ")) for label in left + right]
    assert numbers == list(range(1, 31))  # down the first column, then the second
    assert abs(len(left) - len(right)) <= 1


def test_one_page_letters_have_no_furniture(sample_letter: Letter, fonts: FontSet) -> None:
    short = letter_with(sample_letter, 3, paragraphs=1)
    document = lay_out(short, fonts)
    assert len(document.pages) == 1
    assert not [b for b in document.pages[0].blocks if b.kind == "furniture"]


def test_later_pages_carry_header_and_page_label(sample_letter: Letter, fonts: FontSet) -> None:
    document = lay_out(letter_with(sample_letter, 120, paragraphs=8), fonts)
    total = len(document.pages)
    assert total >= 3
    for page in document.pages:
        furniture = [b.lines[0].text for b in page.blocks if b.kind == "furniture"]
        assert f"Page {page.number} of {total}" in furniture
        assert ("05/20 · 08.10.2020" in furniture) == (page.number > 1)


def test_every_field_is_laid_out_once_in_order(sample_letter: Letter, fonts: FontSet) -> None:
    document = lay_out(sample_letter, fonts)
    order = []
    for page in document.pages:
        for block in page.blocks:
            if block.path and (not order or order[-1] != block.path):
                order.append(block.path)
    assert order == [f.path for f in fields(sample_letter)]


def test_layout_is_deterministic(sample_letter: Letter, fonts: FontSet) -> None:
    assert lay_out(sample_letter, fonts) == lay_out(sample_letter, fonts)


def test_links_survive_a_line_break(sample_letter: Letter, fonts: FontSet) -> None:
    para = Paragraph(spans=(Span(text="Read more on the assembly page of the platform at "),
                      Span(text="the Open Government Platform assembly page " * 4 + "end", href="https://x.org/a"),
                      Span(text=" before the meeting starts."),))
    letter = dataclasses.replace(sample_letter, body=(para,) * 1)
    document = lay_out(letter, fonts)
    lines_with_link = [ln for page in document.pages for b in page.blocks
                       if b.path == "body[0]" for ln in b.lines
                       if any(run.href for run in ln.runs)]
    assert len(lines_with_link) >= 2  # the link spans a line break
    linked = [run for page in document.pages for b in page.blocks if b.path == "body[0]"
              for ln in b.lines for run in ln.runs if run.href]
    assert " ".join(r.text for r in linked).split() == \
        ("the Open Government Platform assembly page " * 4 + "end").split()


SOURCES = SOURCE_LETTERS


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_letter_in_source_lays_out_each_field_once(source: Path, fonts: FontSet) -> None:
    letter = load(source, World(fonts)).letter
    document = lay_out(letter, fonts)
    order: list[str] = []
    for page in document.pages:
        for block in page.blocks:
            if block.path and (not order or order[-1] != block.path):
                order.append(block.path)
    assert order == [f.path for f in fields(letter)]
    # a line ends inside a word after a hyphen it added (U+2010) or one the source wrote
    # ("организаций-" + "членов"; none of these letters has a hyphen before a space)
    printed = "".join(ln.text.removesuffix(ADDED_HYPHEN) if ln.hyphenated
                      else ln.text if re.search(r"\w-$", ln.text) else ln.text + " "
                      for page in document.pages for b in page.blocks
                      if b.kind == "paragraph" for ln in b.lines)
    assert printed.split() == " ".join(p.text for p in letter.body).split()


def test_a_widow_is_avoided_by_setting_the_paragraph_tighter() -> None:
    leading = 14.0

    def paragraph(lines: int) -> tuple[Unit, ...]:
        placed = [Placed("paragraph", "body[0]", Line(0.0, 0.0, ()), leading * k + 11)
                  for k in range(lines)]
        return split_paragraph(placed, leading, 0.0, True)

    loose = Breakable(paragraph(5), paragraph)
    room = leading * 4.5  # four lines fit: the fifth would be a widow on the next page
    assert page_end(loose.pieces, room)[0] == pytest.approx(room - 3 * leading)
    chosen = loose.choose(room)
    assert sum(len(p.lines) for p in chosen) == 4  # set in one line fewer, fills the page
    assert page_end(chosen, room) == (0.0, False)
    assert loose.choose(leading * 10) == loose.pieces  # no change when it fits anyway


def test_a_page_never_ends_on_a_hyphen() -> None:
    leading = 14.0

    def paragraph(lines: int, hyphen_after: int = -1) -> tuple[Unit, ...]:
        placed = [Placed("paragraph", "body[0]", Line(0.0, 0.0, (), hyphenated=k == hyphen_after),
                         leading * k + 11) for k in range(lines)]
        return split_paragraph(placed, leading, 0.0, True)

    split_word = paragraph(6, hyphen_after=2)
    room = leading * 3.5  # the page would end after the third line, which ends in a hyphen
    assert page_end(split_word, room) == (pytest.approx(room - 2 * leading), False)
    for piece in split_word:
        assert not (piece.break_after and piece.lines[-1].line.hyphenated)


def test_a_long_recipient_line_wraps_under_the_text_not_the_label(sample_letter: Letter,
                                                                  fonts: FontSet) -> None:
    long = ("Secretary General of \"Amnesty International\" and the members of its "
            "International Board, the Regional Directors for Europe and Central Asia")
    letter = dataclasses.replace(sample_letter, recipient=(long, "Ms. Julie Verhara"))
    page = lay_out(letter, fonts).pages[0]
    first = next(b for b in page.blocks if b.path == "recipient[0]")
    second = next(b for b in page.blocks if b.path == "recipient[1]")
    label = fonts.width("To: ", "bold", BODY_SIZE)
    assert len(first.lines) == 2
    assert first.lines[0].x == pytest.approx(frame_for("a4").left)
    assert first.lines[1].x == pytest.approx(first.lines[0].x + label)
    assert second.lines[0].x == pytest.approx(first.lines[1].x)
    assert all(ln.x + ln.set_width <= frame_for("a4").right + 0.01 for ln in first.lines)


@pytest.mark.parametrize("justify", [True, False])
@pytest.mark.parametrize("measure", [float(m) for m in range(120, 470, 25)])
def test_a_russian_line_never_ends_in_a_one_letter_preposition(fonts: FontSet, measure: float,
                                                                justify: bool) -> None:
    text = ("Собрание пройдёт в Баку и в режиме онлайн, с участием организаций и экспертов, "
            "а решения о бюджете и о докладе будут приняты к концу года в присутствии членов.")
    lines = set_lines([StyledText(text, "regular", BODY_SIZE)], fonts, "ru", 0.0, measure,
                      justify=justify)
    assert len(lines) >= 2
    for line in lines[:-1]:
        last = line.text.rstrip(ADDED_HYPHEN).split()[-1]
        assert not (len(last) == 1 and last.isalpha()), line.text


def test_a_setting_for_the_page_adds_no_hyphen(sample_letter: Letter, fonts: FontSet) -> None:
    """Pagination may set a paragraph a line longer or shorter, but not by hyphenating a
    paragraph that needed no hyphen."""
    from letterpress.content import Field
    from letterpress.layout.flow import FlowBuilder

    flow = FlowBuilder(fonts, "en", frame_for("a4"))
    field = Field("body[0]", sample_letter.body[0].spans, "paragraph")
    flow.text_unit(field, BODY_SIZE, 14.0, justify=True, break_inside=True)
    breakable = flow.units[-1]
    assert isinstance(breakable, Breakable)
    best = [p.line for unit in breakable.pieces for p in unit.lines]
    assert not any(ln.hyphenated for ln in best)
    for count in range(len(best) - 3, len(best) + 4):
        lines = [p.line for unit in breakable.other(count) for p in unit.lines]
        assert not any(ln.hyphenated for ln in lines), count
        assert all(LOW - 1e-9 <= spacing(ln, fonts) <= HIGH + 1e-9 for ln in lines
                   if ln.justified)


def test_an_english_letter_without_hyphens_never_loads_a_dictionary(tmp_path: Path) -> None:
    """pyphen and its en_US patterns cost a process about 0.1 s; a letter set without
    hyphens has no use for them, not even to try a looser setting for a page break."""
    import subprocess
    import sys

    source = REPO / "source" / "2020-10-08-amnesty-appeal.yaml"
    # the sample's first and fourth paragraphs need no hyphen
    script = ("import sys, dataclasses; from pathlib import Path; "
              "from letterpress.fonts import load_fonts; "
              "from letterpress.pipeline import load, typeset; fonts = load_fonts(); "
              "from letterpress.world import World; "
              f"letter = load(Path({str(source)!r}), World()).letter; "
              "typeset(dataclasses.replace(letter, body=letter.body[0::3]), fonts); "
              "print('pyphen' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.strip() == "False"
