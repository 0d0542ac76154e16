"""The judge of what a file holds (compare_contents) and of ink outside the letter
(compare_ink), given what was read: each addition, misread glyph, XMP disagreement, mismatch
between /AF and /EmbeddedFiles and piece of stray ink is a finding that names its page (1-based,
0 for the document), what it is and where it stands; a file that holds only a letter gives
none."""

from __future__ import annotations

import datetime
import unicodedata

from letterpress.check.compare import Finding, compare_contents, compare_ink
from letterpress.check.readback import PdfText
from letterpress.check.visibility import Hidden, PageInk
from letterpress.model import Letter, Letterhead, Paragraph, Span

META = {"Title": "Appeal 05/20", "Author": "Platform", "Subject": "An appeal",
        "Keywords": "revision 2", "Lang": "az", "CreationDate": "D:20201008"}
XMP = {key: value for key, value in META.items() if key != "CreationDate"}
SOURCE = ("AF", "letter.yaml", "ab" * 32)
SOURCE_FILED = ("EmbeddedFiles", "letter.yaml", "ab" * 32)


def pdf(**changes: object) -> PdfText:
    fields: dict[str, object] = {"pages": ("Appeal",), "metadata": dict(META), "links": (),
                                 "fonts": (), "xmp": dict(XMP),
                                 "attachments": (SOURCE, SOURCE_FILED)}
    return PdfText(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_file_that_holds_only_a_letter_gives_no_finding() -> None:
    assert compare_contents(pdf()) == ()
    assert compare_contents(pdf(attachments=())) == ()


def test_each_addition_is_named_with_its_page_the_document_as_page_0() -> None:
    found = compare_contents(pdf(extras=((-1, "an /OpenAction"), (0, "a /Launch action"),
                                         (2, "a form field"))))
    assert found == (Finding("file", "", "an /OpenAction", "not part of a letter", 0),
                     Finding("file", "", "a /Launch action", "not part of a letter", 1),
                     Finding("file", "", "a form field", "not part of a letter", 3))


def test_each_misread_glyph_is_named_with_its_page() -> None:
    found = compare_contents(pdf(misread=((0, "the glyph of 9 reads 4"),
                                          (1, "an /ActualText span"))))
    assert found == (
        Finding("text", "", "the glyph of 9 reads 4",
                "the glyphs do not say what the text layer says", 1),
        Finding("text", "", "an /ActualText span",
                "the glyphs do not say what the text layer says", 2))


def test_a_file_without_xmp_is_named_once() -> None:
    assert compare_contents(pdf(xmp=None)) == (
        Finding("metadata.xmp", "XMP metadata", "", "the PDF has no readable XMP"),)


def test_each_xmp_property_that_differs_is_named_with_both_values() -> None:
    xmp = {**XMP, "Title": "Appeal 06/20", "Lang": "en"}
    del xmp["Keywords"]
    assert compare_contents(pdf(xmp=xmp)) == (
        Finding("metadata.xmp.title", "Appeal 05/20", "Appeal 06/20",
                "XMP Title differs from the document information"),
        Finding("metadata.xmp.keywords", "revision 2", "",
                "XMP Keywords differs from the document information"),
        Finding("metadata.xmp.lang", "az", "en", "XMP Lang differs from the document information"))


def test_xmp_that_says_what_the_information_lacks_is_named() -> None:
    meta = {key: value for key, value in META.items() if key not in ("Author", "Subject")}
    assert [(f.field, f.expected, f.found) for f in compare_contents(pdf(metadata=meta))] == [
        ("metadata.xmp.author", "", "Platform"), ("metadata.xmp.subject", "", "An appeal")]


def test_xmp_and_information_compare_as_the_same_text_however_encoded() -> None:
    """NFC on both sides, soft hyphens dropped: 'Əliyeva' composed or not is the same name."""
    name = "Elçin İsmayılov"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    found = compare_contents(pdf(metadata={**META, "Author": name},
                                 xmp={**XMP, "Author": decomposed, "Subject": "An ap\u00adpeal"}))
    assert found == ()


def test_only_the_properties_xmp_repeats_are_compared() -> None:
    """CreationDate is written in another form in XMP: it is not compared."""
    assert compare_contents(pdf(metadata={**META, "CreationDate": "D:19990101"})) == ()


def test_files_in_af_and_embedded_files_must_be_the_same() -> None:
    other = ("EmbeddedFiles", "letter.yaml", "cd" * 32)
    for attachments in [(SOURCE,), (SOURCE_FILED,), (SOURCE, other),
                        (SOURCE, SOURCE_FILED, ("EmbeddedFiles", "invoice.pdf", "ef" * 32)),
                        (SOURCE, SOURCE_FILED, SOURCE)]:
        found = compare_contents(pdf(attachments=attachments))
        assert [(f.field, f.message) for f in found] == [
            ("file", "the files in /EmbeddedFiles are not the sources in /AF")], attachments


def test_the_mismatch_names_the_files_on_each_side() -> None:
    attachments = (SOURCE, ("AF", "members.yaml", "01" * 32), SOURCE_FILED,
                   ("EmbeddedFiles", "invoice.pdf", "ef" * 32))
    finding, = compare_contents(pdf(attachments=attachments))
    assert (finding.expected, finding.found) == ("letter.yaml, members.yaml",
                                                 "invoice.pdf, letter.yaml")


def test_the_same_files_in_another_order_agree() -> None:
    members = ("members.yaml", "01" * 32)
    attachments = (SOURCE, ("AF", *members), ("EmbeddedFiles", *members), SOURCE_FILED)
    assert compare_contents(pdf(attachments=attachments)) == ()


# --- ink outside the letter ----------------------------------------------------------------

LETTER = Letter(letterhead=Letterhead(name="Platform"), reference="05/20",
                date=datetime.date(2020, 10, 8), sender="Platform", recipient=("All",),
                body=(Paragraph(spans=(Span(text="Appeal to all"),)),))


def test_stray_ink_is_named_with_its_page_corner_and_size() -> None:
    ink = (PageInk("Appeal to all", ()),
           PageInk("", (), stray=((400.4, 29.6, 496.0, 61.0), (550.0, 400.0, 570.0, 420.0))))
    assert compare_ink(LETTER, ink) == (
        Finding("", "", "ink at (400, 30), 96 x 31 pt", "ink that is not part of the letter", 2),
        Finding("", "", "ink at (550, 400), 20 x 20 pt", "ink that is not part of the letter",
                2))


def test_a_page_with_only_letter_ink_gives_no_finding() -> None:
    assert compare_ink(LETTER, (PageInk("Appeal to all", ()),)) == ()
    assert compare_ink(LETTER, ()) == ()


def test_stray_ink_is_named_beside_hidden_text() -> None:
    ink = (PageInk("Appeal to all", (Hidden(0, "white on white"),),
                   stray=((10.0, 20.0, 13.0, 24.0),)),)
    found = compare_ink(LETTER, ink)
    assert [(f.message, f.found, f.page) for f in found] == [
        ("text is not visible: white on white", "Appeal", 1),
        ("ink that is not part of the letter", "ink at (10, 20), 3 x 4 pt", 1)]
