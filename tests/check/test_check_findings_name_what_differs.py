"""compare.py's judgements of metadata, fonts and repairs, and how a finding reads, on
PdfText values written here (no PDF needed): the oracle is the README ("a file pypdf had to
repair is reported as damaged"), ISO 32000-1 (the 14 standard fonts, 9.6.2.2; a subset tag is
six capital letters and "+", 9.6.4) and the letter's own fields."""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata

import pytest

from letterpress.check.compare import (
    Finding,
    compare_fonts,
    compare_metadata,
    compare_repairs,
)
from letterpress.check.readback import PdfText
from letterpress.model import Correction, Letter, Letterhead, Paragraph, Span

STANDARD_14 = ("Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
               "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
               "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol",
               "ZapfDingbats")


def fonts_text(names: tuple[str, ...], unembedded: tuple[str, ...] = ()) -> PdfText:
    return PdfText((), {}, (), names, unembedded)


# --- fonts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", STANDARD_14)
@pytest.mark.parametrize("tag", ["", "ABCDEF+"])
def test_each_of_the_14_standard_fonts_is_a_finding(name: str, tag: str) -> None:
    assert compare_fonts(fonts_text((tag + name,))) == (Finding(
        "fonts", "embedded subset fonts only", tag + name,
        f"standard font {name} is used; it is not embedded"),)


def test_a_font_of_another_name_is_not_a_standard_font() -> None:
    assert compare_fonts(fonts_text(("ABCDEF+Helvetica-Narrow", "ABCDEF+Times"))) == ()


def test_a_subset_whose_program_is_missing_is_not_embedded() -> None:
    assert [f.message for f in compare_fonts(fonts_text(
        ("ABCDEF+Tinos", "Arimo"), unembedded=("ABCDEF+Tinos", "Arimo")))] == [
        "font ABCDEF+Tinos is not embedded", "font Arimo is not embedded"]


@pytest.mark.parametrize("name", ["ABCDE+Tinos", "abcdef+Tinos", "ABCDEFG+Tinos",
                                  "ABCDEF-Tinos", "Tinos+ABCDEF", "ABC1EF+Tinos"])
def test_a_name_without_a_six_capital_tag_is_not_a_subset(name: str) -> None:
    assert [f.message for f in compare_fonts(fonts_text((name,)))] == [
        f"font {name} is not a subset"]


def test_embedded_subsets_are_no_finding() -> None:
    assert compare_fonts(fonts_text(("ABCDEF+Tinos", "AAAAAB+LiberationSerif"))) == ()


# --- metadata --------------------------------------------------------------------------------

LETTER = Letter(
    letterhead=Letterhead(name="Platform", address=("Baku",)), reference="1",
    date=datetime.date(2020, 10, 8), sender="Azərbaycan Platforması",
    recipient=("Someone",), body=(Paragraph(spans=(Span(text="Text."),)),),
    title="Müraciət", language="az")
GOOD = {"Title": "Müraciət", "Author": "Azərbaycan Platforması", "Lang": "az"}


def metadata_text(meta: dict[str, str]) -> PdfText:
    return PdfText((), meta, (), ())


def test_metadata_as_the_letter_says_is_no_finding() -> None:
    assert compare_metadata(LETTER, metadata_text(GOOD)) == ()
    decomposed = {k: unicodedata.normalize("NFD", v) for k, v in GOOD.items()}
    assert decomposed != GOOD
    assert compare_metadata(LETTER, metadata_text(decomposed)) == ()


@pytest.mark.parametrize(("key", "field"), [("Title", "metadata.title"),
                                            ("Author", "metadata.author"),
                                            ("Lang", "metadata.lang")])
def test_each_metadata_key_that_differs_is_a_finding(key: str, field: str) -> None:
    meta = {**GOOD, key: GOOD[key] + "x"}
    (finding,) = compare_metadata(LETTER, metadata_text(meta))
    assert (finding.field, finding.expected, finding.found) == (field, GOOD[key],
                                                                GOOD[key] + "x")
    assert finding.message == ("PDF title differs" if key == "Title"
                               else f"PDF {key} differs")


@pytest.mark.parametrize("title", ["", "   ", "untitled"])
def test_a_letter_without_a_title_needs_some_title_in_the_pdf(title: str) -> None:
    letter = dataclasses.replace(LETTER, title="")
    meta = {**GOOD, "Title": title}
    assert compare_metadata(letter, metadata_text(meta)) == (
        Finding("metadata.title", "a title", title, "PDF title is not set"),)
    assert compare_metadata(letter, metadata_text({**GOOD, "Title": "Anything"})) == ()


def test_a_corrected_letter_says_which_revision_it_replaces_in_the_keywords() -> None:
    """README: "the PDF's Keywords say `revision 2; replaces revision 1 of 2020-10-08`"."""
    second = dataclasses.replace(LETTER, revision=2)
    keywords = "revision 2; replaces revision 1 of 2020-10-08"
    assert compare_metadata(second, metadata_text({**GOOD, "Keywords": keywords})) == ()
    assert compare_metadata(second, metadata_text(GOOD)) == (
        Finding("metadata.keywords", keywords, "", "PDF Keywords differs"),)
    third = dataclasses.replace(LETTER, revision=3, correction=Correction(
        replaces=datetime.date(2020, 10, 1)))
    assert compare_metadata(third, metadata_text(
        {**GOOD, "Keywords": "revision 3; replaces revision 2 of 2020-10-01"})) == ()
    # a first revision says nothing in its keywords
    assert compare_metadata(LETTER, metadata_text({**GOOD, "Keywords": keywords})) == (
        Finding("metadata.keywords", "", keywords, "PDF Keywords differs"),)


# --- repairs ---------------------------------------------------------------------------------

def repaired(*warnings: str) -> PdfText:
    return PdfText((), {}, (), (), (), warnings)


def test_no_repair_is_no_finding() -> None:
    assert compare_repairs(repaired()) == ()


@pytest.mark.parametrize(("warnings", "message"), [
    (("a",), "(a)"),
    (("a", "b", "a"), "(a; b)"),
    (("a", "b", "c"), "(a; b; c)"),
    (("a", "b", "c", "d"), "(a; b; c; and 1 more)"),
    (("a", "b", "c", "d", "e", "d"), "(a; b; c; and 2 more)"),
])
def test_a_repaired_file_is_damaged_naming_three_repairs(warnings: tuple[str, ...],
                                                         message: str) -> None:
    assert compare_repairs(repaired(*warnings)) == (
        Finding("file", "", "", "the file is damaged: pypdf repaired it " + message),)


# --- how a finding reads ---------------------------------------------------------------------

def test_a_finding_names_field_message_and_page() -> None:
    assert Finding("body[0]", "", "x", "unexpected", 2).format() == (
        "body[0]: unexpected (page 2)\n  found:    x")
    assert Finding("", "y", "", "missing").format() == "missing\n  expected: y"
    assert Finding("f", "", "", "gone", 0).format() == "f: gone"


def test_text_that_reads_the_same_is_shown_once() -> None:
    assert Finding("f", "a b", "a b", "text is not visible: x", 1).format() == (
        "f: text is not visible: x (page 1)\n  text:     a b")


def test_long_text_is_clipped_at_120_characters() -> None:
    whole = "w" * 120
    assert Finding("f", whole, "", "missing").format() == f"f: missing\n  expected: {whole}"
    assert Finding("f", whole + "w", "", "missing").format() == (
        f"f: missing\n  expected: {'w' * 119}…")


def test_the_same_words_differently_spaced() -> None:
    assert Finding("f", "a b", "a  b", "text differs").format() == (
        "f: text differs\n  (the same words, differently spaced)")


def words(n: int, prefix: str = "w") -> list[str]:
    return [f"{prefix}{i}" for i in range(1, n + 1)]


def test_the_first_difference_is_shown_with_three_words_either_side() -> None:
    expected = words(10)
    found = [*expected[:5], "X", *expected[6:]]
    assert Finding("f", " ".join(expected), " ".join(found), "text differs").format() == (
        "f: text differs\n"
        "  at word 6 of 10:\n"
        "  expected: … w3 w4 w5 w6 w7 w8 w9 …\n"
        "  found:    … w3 w4 w5 X w7 w8 w9 …\n"
        + " " * len("  expected: … w3 w4 w5 ") + "^")


def test_a_difference_at_the_first_word_has_no_leading_context() -> None:
    text = Finding("f", "a b c d e", "X b c d e", "text differs").format()
    assert text.splitlines()[1:] == ["  at word 1 of 5:", "  expected: a b c d …",
                                     "  found:    X b c d …", " " * len("  expected: ") + "^"]
    text = Finding("f", "a b c d", "X b c d", "text differs").format()
    assert text.splitlines()[2:4] == ["  expected: a b c d", "  found:    X b c d"]


@pytest.mark.parametrize(("expected", "found", "hint"), [
    ("a b c", "a b", "the text ends early"),
    ("a b", "a b c", "extra text at the end"),
    ("a b c d", "a c d", 'the word "b" is missing'),
    ("a c d", "a b c d", 'an extra word "b"'),
    ("a bc d", "a bcd", 'a space is missing between "bc" and "d"'),
    ("a İsmayılov", "a Ismayilov", '"Ismayilov" differs from "İsmayılov" in its diacritics'),
    ("a b c", "a x c", None),
])
def test_the_hint_says_how_the_words_differ(expected: str, found: str,
                                            hint: str | None) -> None:
    text = Finding("f", expected, found, "text differs").format()
    hints = [line for line in text.splitlines() if line.startswith("  hint: ")]
    assert hints == ([f"  hint: {hint}"] if hint else [])
