"""A field printed out of order is named with where it was printed (between the fields
either side, after the last, before the first); a character nobody can see is named by the
word it belongs to, with the field of that word ("" for text of no field), and a space that
cannot be seen is no finding."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from letterpress.check.compare import compare_fonts, compare_ink, compare_metadata, compare_text
from letterpress.check.readback import PdfText
from letterpress.check.visibility import Hidden, PageInk
from letterpress.content import fields
from letterpress.model import Letter, Letterhead, Paragraph, Span

LETTER = Letter(
    letterhead=Letterhead(name="Platform"), reference="05/20", date=datetime.date(2020, 10, 8),
    sender="Platform", recipient=("All",),
    body=tuple(Paragraph(spans=(Span(text=text),)) for text in (
        "Alpha first paragraph words", "Bravo second paragraph", "Charlie third one",
        "Delta fourth here")))
FIELDS = [(f.path, f.text) for f in fields(LETTER)]


def moved(source: int, to: int) -> list[tuple[str, str]]:
    order = list(range(len(FIELDS)))
    order.insert(to, order.pop(source))
    text = "\n".join(FIELDS[i][1] for i in order)
    return [(f.field, f.message) for f in compare_text(
        LETTER, PdfText(pages=(text,), metadata={}, links=(), fonts=()))]


def test_the_letter_in_order_has_no_finding() -> None:
    assert moved(0, 0) == []


@pytest.mark.parametrize(("source", "to", "where"), [
    (-3, 1, "between letterhead.name and reference"),
    (-1, 0, "before letterhead.name"),
    (0, len(FIELDS) - 1, "after body[3]"),
])
def test_a_moved_field_is_named_with_where_it_was_printed(source: int, to: int,
                                                          where: str) -> None:
    name = FIELDS[source][0]
    assert moved(source, to) == [(name, "out of order: printed " + where)]


def hidden(text: str, *indexes: int) -> list[tuple[str, str, str]]:
    ink = (PageInk(text, tuple(Hidden(i, "too small") for i in indexes)),)
    return [(f.field, f.found, f.message) for f in compare_ink(LETTER, ink)]


def test_a_hidden_character_is_named_by_its_word_and_field() -> None:
    text = "\r\n".join(t for _, t in FIELDS)
    third = text.index("third") + 2
    assert hidden(text, third) == [("body[2]", "third", "text is not visible: too small")]


def test_a_hidden_space_is_no_finding() -> None:
    text = "\r\n".join(t for _, t in FIELDS)
    assert hidden(text, text.index(" third"), text.index("\r\n")) == []


def test_hidden_text_of_no_field_is_named_without_a_field() -> None:
    text = "\r\n".join(t for _, t in FIELDS) + "\r\nForged words"
    assert hidden(text, text.index("Forged")) == [
        ("", "Forged", "text is not visible: too small")]


def test_fields_of_a_pdf_without_text_are_missing_on_no_known_page() -> None:
    """Finding.page is 1-based, 0 when unknown: a PDF with no words gives no page."""
    found = compare_text(LETTER, PdfText(pages=("",), metadata={}, links=(), fonts=()))
    assert [(f.field, f.message, f.page) for f in found] == [
        (path, "missing", 0) for path, _ in FIELDS]


def test_only_the_first_subset_tag_is_taken_off_a_font_name() -> None:
    """ISO 32000-1 9.6.4: one tag of six capitals and "+"; what follows it is the font's
    own name, here not a standard font's."""
    for name, findings in (("ABCDEF+GHIJKL+Times-Roman", 0), ("ABCDEF+Times-Roman", 1)):
        pdf = PdfText(pages=(), metadata={}, links=(), fonts=(name,))
        assert len(compare_fonts(pdf)) == findings, name


def read(*pages: str) -> list[tuple[str, str, str, int]]:
    return [(f.field, f.found, f.message, f.page) for f in compare_text(
        LETTER, PdfText(pages=pages, metadata={}, links=(), fonts=()))
        if not f.field.startswith(("page_label", "running_header"))]


def test_one_word_added_between_fields_is_named_with_its_page() -> None:
    lines = [text for _, text in FIELDS]
    assert read("\n".join([*lines[:7], "Forged", *lines[7:]])) == [
        ("", "Forged", "unexpected text", 1)]


@pytest.mark.parametrize("last", ["Delta fourth there", "Echo"])
def test_each_differing_field_is_named_with_the_page_its_text_is_on(last: str) -> None:
    lines = [text for _, text in FIELDS]
    assert read("\n".join([*lines[:7], "Charlie thrice one"]), last) == [
        ("body[2]", "Charlie thrice one", "text differs", 1),
        ("body[3]", last, "text differs", 2)]


def test_a_pdf_without_a_title_is_named_whether_or_not_the_letter_gives_one() -> None:
    """Title set (equal to the letter's title when it gives one)."""
    pdf = PdfText(pages=(), metadata={}, links=(), fonts=())
    titled = dataclasses.replace(LETTER, title="Appeal 05/20")
    assert [(f.field, f.expected, f.found, f.message)
            for f in compare_metadata(LETTER, pdf) if f.field == "metadata.title"] == [
        ("metadata.title", "a title", "", "PDF title is not set")]
    assert [(f.field, f.expected, f.found, f.message)
            for f in compare_metadata(titled, pdf) if f.field == "metadata.title"] == [
        ("metadata.title", "Appeal 05/20", "", "PDF title differs")]
