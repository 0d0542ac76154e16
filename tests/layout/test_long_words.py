"""Text never leaves the page or becomes unreadable (issue 8, point 1).

A word wider than the line breaks (at a hyphenation point if it has one, otherwise
anywhere), in every field, justified or ragged, one column or two, and so does a run of
words joined by no-break spaces. After layout the guard (layout/guard.py) checks every
glyph and every line's spacing; these tests check the same independently, and that no
character is lost.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from letterpress.check.compare import compare_pdf
from letterpress.check.readback import read_pdf_bytes
from letterpress.content import fields
from letterpress.errors import LayoutError
from letterpress.fonts import FontSet
from letterpress.layout import guard, lay_out
from letterpress.layout import linebreak as lb
from letterpress.layout.boxes import Document, Line
from letterpress.layout.geometry import frame_for
from letterpress.layout.guard import check_document, line_extent
from letterpress.layout.paragraph import (
    ADDED_HYPHEN,
    HANG_LEFT,
    HANG_RIGHT,
    LAST_RESORT_TOLERANCE,
    hyphenation_points,
)
from letterpress.model import Letter, Paragraph, Signatory, Span
from letterpress.pipeline import build, typeset
from letterpress.world import World

FRAME = frame_for("a4")
LENGTHS = (1, 10, 40, 150, 1_000, 10_000)
HIGHEST = 1 + lb.STRETCH * LAST_RESORT_TOLERANCE  # the widest word space any pass sets


def letters(n: int) -> str:
    return ("abcdefghijklmnopqrstuvwxyz" * (n // 26 + 1))[:n]


def russian(n: int) -> str:
    """Real syllables, so pyphen finds hyphenation points all along."""
    return ("государственного" * (n // 16 + 1))[:n]


def no_break_run(n: int) -> str:
    """Words of five letters joined by no-break spaces, ``n`` characters in all."""
    return "\u00a0".join(["слово"] * max(1, (n + 1) // 6))


def digits(n: int) -> str:
    return ("1234567890" * (n // 10 + 1))[:n]


KINDS: dict[str, Callable[[int], str]] = {
    "letters": letters, "russian": russian, "no-break": no_break_run, "digits": digits}


def put(letter: Letter, field: str, text: str, columns: int = 1) -> Letter:
    """``letter`` with ``text`` in ``field`` (and its signatory list in ``columns``)."""
    group = dataclasses.replace(letter.signatories[0], columns=columns,
                                members=letter.signatories[0].members[:5])
    head = letter.letterhead
    change: dict[str, object] = {
        "letterhead.name": {"letterhead": dataclasses.replace(head, name=text)},
        "letterhead.address": {"letterhead": dataclasses.replace(head, address=(text,))},
        "telephone": {"letterhead": dataclasses.replace(head, telephone=text)},
        "website": {"letterhead": dataclasses.replace(head, website=text)},
        "date": {"date_format": "DD.MM.YYYY " + text},
        "reference": {"reference": text},
        "sender": {"sender": text},
        "recipient": {"recipient": ("Ms. Julie Verhara", text)},
        "body": {"body": (Paragraph(spans=(Span(text="See " + text + " for details"),)),)},
        "closing": {"closing": (text,)},
        "heading": {"signatories": (dataclasses.replace(group, heading=text),)},
        "name": {"signatories": (dataclasses.replace(
            group, members=(Signatory(name=text, organisation="Public Union"), *group.members)),)},
        "organisation": {"signatories": (dataclasses.replace(
            group, members=(Signatory(name="Rena", organisation=text), *group.members)),)},
        "role": {"signatories": (dataclasses.replace(
            group, members=(Signatory(name="Rena", organisation="Fund", role=text),
                            *group.members)),)},
    }[field]
    letter = dataclasses.replace(letter, signatories=(group,))
    return dataclasses.replace(letter, **change)  # type: ignore[arg-type]


FIELDS = ("letterhead.name", "letterhead.address", "telephone", "website", "reference", "date",
          "sender", "recipient", "body", "closing", "heading", "name", "organisation", "role")
PATHS = {"letterhead.name": "letterhead.name", "letterhead.address": "letterhead.address[0]",
         "telephone": "letterhead.telephone", "website": "letterhead.website", "date": "date",
         "role": "signatories[0].members[0]",
         "reference": "reference", "sender": "sender", "recipient": "recipient[1]",
         "body": "body[0]", "closing": "closing[0]", "heading": "signatories[0].heading",
         "name": "signatories[0].members[0]", "organisation": "signatories[0].members[0]"}


def assert_inside_and_within_bounds(document: Document, fonts: FontSet) -> None:
    """Every line's glyphs inside the text area (furniture: inside the page), spacing
    within the breaker's bounds: measured here without the guard."""
    for page in document.pages:
        top = FRAME.top_first if page.number == 1 else FRAME.top_later
        for block in page.blocks:
            furniture = block.kind == "furniture"
            for line in block.lines:
                box = line_extent(line, fonts)
                left, right = hangs(line, fonts)
                assert FRAME.left - left - 0.01 <= box.left, (block.path, line.text[:30], box)
                assert box.right <= FRAME.right + right + 0.01, (block.path, line.text[:30], box)
                assert (0 if furniture else FRAME.bottom) - 0.01 <= box.bottom, block.path
                assert box.top <= (FRAME.page_height if furniture else top) + 0.01, block.path
                assert line.char_space == 0  # no letter spacing (issue 12)
                assert abs(line.scale - 1) <= lb.EXPANSION + 1e-9
                if line.justified and line.spaces:
                    run = line.runs[0]
                    natural = fonts.width(" ", run.style, run.size)
                    gap = (natural + line.word_space) * line.scale / natural
                    assert 1 - lb.SHRINK - 1e-6 <= gap <= HIGHEST + 1e-6, (block.path, gap)


def hangs(line: Line, fonts: FontSet) -> tuple[float, float]:
    """How far a line's first and last glyph may hang into the margins (issue 12)."""
    first, last = line.runs[0], line.runs[-1]
    left = HANG_LEFT.get(first.text[:1], 0.0) * fonts.width(first.text[:1], first.style,
                                                             first.size)
    right = HANG_RIGHT.get(last.text[-1:], 0.0) * fonts.width(last.text[-1:], last.style,
                                                              last.size)
    return left * line.scale, right * line.scale


def printed(document: Document, path: str) -> str:
    """A field's text as laid out: its lines joined, a hyphen the layout added removed."""
    lines: list[Line] = [ln for page in document.pages for block in page.blocks
                         if block.path == path and block.kind != "label" for ln in block.lines]
    out = ""
    for line in lines:
        text = line.text
        out += text[:-1] if line.hyphenated and text.endswith(ADDED_HYPHEN) else text + "\n"
    return out


def same_text(laid: str, label: str, source: str) -> bool:
    """Equal but for where lines break (a break replaces a space, or falls inside a word);
    a label ("From:") is printed with the field, a list number in a block of its own."""
    squash = re.compile(r"[\s\u00a0\u202f]+")
    return squash.sub("", laid) in (squash.sub("", label + source), squash.sub("", source))


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("field", FIELDS)
def test_a_long_word_stays_inside_the_text_area_in_every_field(
        field: str, kind: str, sample_letter: Letter, fonts: FontSet) -> None:
    for n in LENGTHS:
        text = KINDS[kind](n)
        letter = put(sample_letter, field, text)
        try:
            document = lay_out(letter, fonts)
        except LayoutError as exc:  # every field may break across pages
            raise AssertionError(f"{field}, {n} characters: {exc}") from None
        assert_inside_and_within_bounds(document, fonts)
        want = next(f for f in fields(letter) if f.path == PATHS[field])
        assert same_text(printed(document, PATHS[field]), want.label,
                         "".join(span.text for span in want.spans)), (field, kind, n)


@pytest.mark.parametrize("field", ["name", "organisation", "heading"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_long_word_stays_inside_its_column(field: str, kind: str, sample_letter: Letter,
                                            fonts: FontSet) -> None:
    gutter_left = FRAME.left + (FRAME.measure - 8 * 72 / 25.4) / 2
    for n in (40, 150, 1_000):
        letter = put(sample_letter, field, KINDS[kind](n), columns=2)
        document = lay_out(letter, fonts)
        assert_inside_and_within_bounds(document, fonts)
        for page in document.pages:
            for block in page.blocks:
                if block.kind == "member":
                    for line in block.lines:
                        box = line_extent(line, fonts)
                        # a line of the first column ends before the gutter
                        assert box.left > gutter_left or box.right <= gutter_left + 0.01


@pytest.mark.parametrize("field", ["name", "organisation"])
def test_an_entry_taller_than_a_page_in_two_columns_is_an_error_naming_it(
        field: str, sample_letter: Letter, fonts: FontSet) -> None:
    """A signatory entry splits across pages only in a one-column list (above); in two
    columns one taller than a page is refused, by name."""
    with pytest.raises(LayoutError, match="taller than a page") as raised:
        lay_out(put(sample_letter, field, letters(10_000), columns=2), fonts)
    assert raised.value.field == "signatories[0].members[0]"


@pytest.mark.parametrize("text", [letters(100), letters(150) + " " + letters(150),
                                  " ".join([no_break_run(2_000)] * 2), russian(400),
                                  # a number keeps the next word on its line: 300 of them
                                  " ".join(str(k) for k in range(300))])
def test_a_justified_paragraph_with_a_long_word_reads_back_as_written(
        text: str, sample_letter: Letter, fonts: FontSet) -> None:
    letter = dataclasses.replace(sample_letter, sender=letters(150),
                                 body=(Paragraph(spans=(Span(
                                     text="A few words first, then " + text
                                     + " and more words after it."),)),))
    data, _ = typeset(letter, fonts)
    assert compare_pdf(letter, read_pdf_bytes(data, "long.pdf")) == ()


def test_a_word_with_hyphenation_points_breaks_at_them(sample_letter: Letter,
                                                       fonts: FontSet) -> None:
    letter = dataclasses.replace(sample_letter, language="ru", sender=russian(400))
    lines = [ln for page in lay_out(letter, fonts).pages for block in page.blocks
             if block.path == "sender" for ln in block.lines]
    assert len(lines) >= 4
    assert all(ln.hyphenated for ln in lines[:-1])  # every break at a syllable, with a hyphen


def test_a_word_without_hyphenation_points_breaks_after_any_letter(sample_letter: Letter,
                                                                  fonts: FontSet) -> None:
    word = "x" * 700
    assert hyphenation_points(word, "en") == ()
    lines = [ln for page in lay_out(put(sample_letter, "sender", word), fonts).pages
             for block in page.blocks if block.path == "sender" for ln in block.lines]
    assert len(lines) >= 5
    assert not any(ln.hyphenated for ln in lines)
    # the lines of the word are full: each ends within a letter's width of the measure
    for line in lines[1:-1]:
        assert line_extent(line, fonts).right > FRAME.right - fonts.width("w", "bold", 11)


def _moved(document: Document, path: str, change: Callable[[Line], Line]) -> Document:
    pages = []
    for page in document.pages:
        blocks = tuple(dataclasses.replace(b, lines=tuple(change(ln) for ln in b.lines))
                       if b.path == path else b for b in page.blocks)
        pages.append(dataclasses.replace(page, blocks=blocks))
    return dataclasses.replace(document, pages=tuple(pages))


@pytest.mark.parametrize("change, message", [
    (lambda ln: ln.at(ln.x + 400, ln.y), "past the right edge"),
    (lambda ln: ln.at(ln.x - 5, ln.y), "left of the text area"),
    (lambda ln: ln.at(ln.x, 10.0), "below the text area"),
    (lambda ln: dataclasses.replace(ln, char_space=-3.0), "letter spacing"),
    (lambda ln: dataclasses.replace(ln, scale=0.9), "scaled"),
    (lambda ln: dataclasses.replace(ln, scale=1.021), "scaled"),
    (lambda ln: dataclasses.replace(ln, word_space=-2.5, spaces=3), "word spaces shrunk"),
    (lambda ln: dataclasses.replace(ln, word_space=2.0, spaces=1), "word spaces stretched"),
])
def test_the_guard_names_the_field_of_a_line_out_of_bounds(
        change: Callable[[Line], Line], message: str, sample_letter: Letter,
        fonts: FontSet) -> None:
    document = lay_out(sample_letter, fonts)
    check_document(document, FRAME, fonts)  # the letter as laid out passes
    with pytest.raises(LayoutError, match=rf"{message}.*\(page 1\)") as raised:
        check_document(_moved(document, "sender", change), FRAME, fonts)
    assert raised.value.field == "sender"


def test_a_guard_error_is_located_in_the_source_and_nothing_is_written(
        sample_path: Path, fonts: FontSet, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard's error names its field, so the build reports it where the field is
    written, as every other problem with a source (the bound tightened to make one)."""
    monkeypatch.setattr(guard, "MAX_WORD_GAP", 1.0)
    out = tmp_path / "letter.pdf"
    with pytest.raises(LayoutError) as raised:
        build(sample_path, out, World(fonts))
    message = raised.value.format()
    assert re.match(rf"{re.escape(str(sample_path))}:\d+:\d+: body\[\d+\]: word spaces "
                    r"stretched to 1\d\d% of a space, beyond 100% \(page \d\); the line "
                    r"reads .*\n  hint: ", message), message
    assert not out.exists()


def test_a_reference_too_long_to_share_the_date_line_stands_above_it(
        sample_letter: Letter, fonts: FontSet) -> None:
    def lines_of(document: Document, path: str) -> list[Line]:
        return [ln for block in document.pages[0].blocks if block.path == path
                for ln in block.lines]

    short = lay_out(sample_letter, fonts)
    assert lines_of(short, "reference")[0].y == lines_of(short, "date")[0].y  # one line
    document = lay_out(put(sample_letter, "reference", letters(150)), fonts)
    reference, date = lines_of(document, "reference"), lines_of(document, "date")
    assert len(reference) == 2 and len(date) == 1
    assert date[0].y < reference[-1].y  # below it
    assert abs(line_extent(date[0], fonts).right - FRAME.right) < 0.01  # at the right margin
