"""The judge: reading PDFs back (readback.py) and comparing them with letters (compare.py).

The PDFs are drawn here directly on a ReportLab canvas, line by line, so each test controls
exactly what the PDF says: a faithful two-page letter, then one mutation per test. Each
piece of text is its own text object, as pypdf then puts it on a line of its own.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import REPO
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from letterpress.check.compare import (
    Finding,
    compare_contents,
    compare_fonts,
    compare_links,
    compare_metadata,
    compare_pdf,
    compare_text,
)
from letterpress.check.readback import PdfText, read_pdf, read_pdf_bytes
from letterpress.errors import ReadbackError
from letterpress.model import Letter, Letterhead, Paragraph, Signatory, SignatoryGroup, Span

FONTS = REPO / "fonts"
REGULAR, BOLD = "TestVerify-Regular", "TestVerify-Bold"

NAME = "Azerbaijan Open Government Platform"
BODY = (
    "We, the undersigned civil society organisations of Azerbaijan, appeal to the "
    "international community.",
    "The conflict over Nagorno-Karabakh has displaced families from the occupied districts "
    "for decades.",
    "Our statement is published at "
    "http://www.aogp.az/statements/2020/appeal-on-the-humanitarian-situation today.",
    "This Appeal is signed by 30 members of the Platform; İsmayılov and Əliyeva speak for it, "
    "“with” – dashes.",
)
FIRST = ("Khanoghlan", "Elçin", "Leyla", "Rəşad", "Günel", "Ülvi")
LAST = ("Ahmadov", "Hüseynova", "Quliyev", "Şükürova", "Məmmədov")
# Member 28 (index 27) is the one the mutation tests aim at.
MEMBERS = tuple(
    Signatory(name="Elçin İsmayılov",
              organisation="Media and Civil Society Public Association") if i == 27
    else Signatory(name=f"{FIRST[i % 6]} {LAST[i % 5]}", organisation=f"Public Union No. {i + 1}")
    for i in range(30)
)

LETTER = Letter(
    letterhead=Letterhead(name=NAME, address=("Baku, AZ1000", "Nizami street 25"),
                          telephone="(994 12) 4925726", email="info@aogp.az",
                          website="www.aogp.az"),
    reference="05/20",
    date=datetime.date(2020, 10, 8),
    sender=NAME,
    recipient=("Mr. Josep Borrell", "High Representative of the European Union"),
    body=tuple(Paragraph(spans=(Span(text=text),)) for text in BODY),
    signatories=(SignatoryGroup(heading="NGO Representatives:", members=MEMBERS),),
    title="Appeal 05/20",
)


@dataclass(frozen=True)
class Row:
    """Text drawn on one baseline: (x offset, text) pieces, each its own text object."""

    pieces: tuple[tuple[float, str], ...]
    word_space: float = 0.0  # Tw, as a justified line sets it
    y: float | None = None  # None: the next line down
    bold: bool = False


def line(text: str, word_space: float = 0.0, bold: bool = False) -> Row:
    return Row(((0.0, text),), word_space, bold=bold)


def item(number: int, member: Signatory) -> Row:
    return Row(((0.0, f"{number}."), (18.0, f"{member.name} – {member.organisation}")))


def faithful_pages() -> list[list[Row]]:
    """The letter as a layout would set it: justified lines, a hyphen added in "occu-pied"
    and "Plat-form" (across the page break), the source's hyphen of "Nagorno-Karabakh" at a
    line end, a URL broken without a hyphen, and page furniture."""
    page1 = [
        line(NAME, bold=True), line("Baku, AZ1000"), line("Nizami street 25"),
        line("Tel.: (994 12) 4925726"), line("E-mail: info@aogp.az"), line("www.aogp.az"),
        line("05/20"), line("08.10.2020"), line(f"From: {NAME}", bold=True),
        line("To: Mr. Josep Borrell", bold=True),
        line("High Representative of the European Union", bold=True),
        line("We, the undersigned civil society organisations of", word_space=2.5),
        line("Azerbaijan, appeal to the international community."),
        line("The conflict over Nagorno-", word_space=4.0),
        line("Karabakh has displaced families from the occu-", word_space=1.0),
        line("pied districts for decades."),
        line("Our statement is published at http://www.aogp.az/"),
        line("statements/2020/appeal-on-the-humanitarian-situation today."),
        line("This Appeal is signed by 30 members of the Plat-", word_space=1.5),
        Row(((0.0, "Page 1 of 2"),), y=30),
    ]
    page2 = [
        # Footer drawn first: pypdf extracts in drawing order, so it comes out on top.
        Row(((0.0, "Page 2 of 2"),), y=30),
        line("05/20 · 08.10.2020"),
        line("form; İsmayılov and Əliyeva speak for it, “with” – dashes."),
        line("NGO Representatives:", bold=True),
        *(item(i + 1, member) for i, member in enumerate(MEMBERS)),
    ]
    return [page1, page2]


@pytest.fixture(scope="module", autouse=True)
def fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "LiberationSerif-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "LiberationSerif-Bold.ttf")))


def draw_pdf(path: Path, pages: list[list[Row]], *, title: str = "Appeal 05/20",
             author: str = NAME, lang: str | None = "en",
             links: tuple[str, ...] = ("mailto:info@aogp.az", "http://www.aogp.az"),
             initial_font: str | None = REGULAR) -> Path:
    canvas = Canvas(str(path), initialFontName=initial_font, lang=lang, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    for number, rows in enumerate(pages):
        y = 800.0
        for row in rows:
            for x, text in row.pieces:
                obj = canvas.beginText(50 + x, row.y if row.y is not None else y)
                obj.setFont(BOLD if row.bold else REGULAR, 10)
                obj.setWordSpace(row.word_space)
                obj.textOut(text)
                canvas.drawText(obj)
            y -= 13 if row.y is None else 0
        for uri in links if number == 0 else ():
            canvas.linkURL(uri, (50, 700, 150, 710))
        canvas.showPage()
    canvas.save()
    return path


def read(tmp_path: Path, pages: list[list[Row]]) -> PdfText:
    return read_pdf(draw_pdf(tmp_path / "letter.pdf", pages))


def replace_text(pages: list[list[Row]], old: str, new: str) -> list[list[Row]]:
    """``pages`` with ``old`` replaced in the one piece that contains it."""
    hits = [(p, r, k) for p, rows in enumerate(pages) for r, row in enumerate(rows)
            for k, (_, text) in enumerate(row.pieces) if old in text]
    assert len(hits) == 1, hits
    p, r, k = hits[0]
    row = pages[p][r]
    pieces = list(row.pieces)
    pieces[k] = (pieces[k][0], pieces[k][1].replace(old, new))
    pages[p][r] = dataclasses.replace(row, pieces=tuple(pieces))
    return pages


def only(findings: tuple[Finding, ...]) -> Finding:
    assert len(findings) == 1, "\n".join(f.format() for f in findings)
    return findings[0]


# --- a faithful letter ----------------------------------------------------------------------

def test_faithful_letter_has_no_findings(tmp_path: Path) -> None:
    """The text is the letter's; the file is ReportLab's own (no XMP, page transitions), not
    a letter letterpress wrote, and only that is found (check/contents.py)."""
    pdf = read(tmp_path, faithful_pages())
    assert len(pdf.pages) == 2
    assert compare_pdf(LETTER, pdf) == compare_contents(pdf)
    assert {(f.field, f.message) for f in compare_contents(pdf)} == {
        ("file", "not part of a letter"), ("metadata.xmp", "the PDF has no readable XMP")}


def test_readback_gives_text_metadata_links_and_fonts(tmp_path: Path) -> None:
    pdf = read(tmp_path, faithful_pages())
    assert "İsmayılov and Əliyeva speak for it, “with” – dashes." in pdf.pages[1]
    assert pdf.pages[1].startswith("Page 2 of 2\n05/20 · 08.10.2020\n")
    # Text objects on one baseline (without T*) come out on one line, with a space for a gap.
    assert "\n28. Elçin İsmayılov – Media" in pdf.pages[1]
    assert pdf.metadata["Title"] == "Appeal 05/20"
    assert pdf.metadata["Author"] == NAME
    assert pdf.metadata["Lang"] == "en"
    assert pdf.metadata["CreationDate"].startswith("D:2000")  # invariant=1
    assert pdf.links == ((0, "mailto:info@aogp.az"), (0, "http://www.aogp.az"))
    # ReportLab names a TTFont subset "AAAAAA+" + the font's PostScript name.
    assert pdf.fonts == ("AAAAAA+LiberationSerif-Bold", "AAAAAA+LiberationSerif")
    assert pdf.unembedded == ()
    assert pdf.warnings == ()


def test_more_than_256_characters_make_a_second_subset(tmp_path: Path) -> None:
    chars = "".join(map(chr, [*range(0x21, 0x7F), *range(0x400, 0x460), *range(0xC0, 0x17F)]))
    pages = [[line(chars[k:k + 60]) for k in range(0, len(chars), 60)]]
    pdf = read_pdf(draw_pdf(tmp_path / "many.pdf", pages))
    assert pdf.fonts == ("AAAAAA+LiberationSerif", "AAAAAB+LiberationSerif")
    assert compare_fonts(pdf) == ()


# --- one difference each ----------------------------------------------------------------

def test_misspelled_name_in_member_28(tmp_path: Path) -> None:
    pages = replace_text(faithful_pages(), "Elçin İsmayılov", "Elçin İsmaylov")
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    assert finding.field == "signatories[0].members[27]"
    assert finding.message == "text differs"
    assert finding.page == 2
    assert finding.expected.startswith("28. Elçin İsmayılov")
    assert finding.found.startswith("28. Elçin İsmaylov")
    text = finding.format()
    assert "at word 3 of 10" in text
    assert "  expected: 28. Elçin İsmayılov – Media" in text
    assert "  found:    28. Elçin İsmaylov – Media" in text
    caret = text.splitlines()[4]
    assert caret.index("^") == len("  expected: 28. Elçin ")


def test_dropped_diacritic(tmp_path: Path) -> None:
    pages = replace_text(faithful_pages(), "Elçin İsmayılov", "Elçin Ismayilov")
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    assert finding.field == "signatories[0].members[27]"
    assert 'hint: "Ismayilov" differs from "İsmayılov" in its diacritics' in finding.format()


def test_missing_word(tmp_path: Path) -> None:
    pages = replace_text(faithful_pages(), "the international community", "the community")
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    assert finding.field == "body[0]"
    assert finding.page == 1
    text = finding.format()
    assert 'hint: the word "international" is missing' in text
    assert "… appeal to the international community." in text
    assert max(len(row) for row in text.splitlines()) < 80  # context, not the paragraph


def test_missing_space_between_words(tmp_path: Path) -> None:
    pages = replace_text(faithful_pages(), "form; İsmayılov", "form;İsmayılov")
    assert compare_text(LETTER, read(tmp_path, faithful_pages())) == ()
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    assert finding.field == "body[3]"
    assert 'a space is missing between "Platform;" and "İsmayılov"' in finding.format()


def test_missing_space_in_a_short_field(tmp_path: Path) -> None:
    pages = faithful_pages()
    pages[0][0] = line("Azerbaijan OpenGovernment Platform", bold=True)
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    # The same words stand in "From: ..." too; that must not pass for the letterhead.
    assert finding.field == "letterhead.name"
    assert finding.found == "Azerbaijan OpenGovernment Platform"


def test_swapped_members(tmp_path: Path) -> None:
    pages = faithful_pages()
    rows = pages[1]
    at = rows.index(item(5, MEMBERS[4]))
    rows[at], rows[at + 1] = rows[at + 1], rows[at]
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    # Either of the two moved; the finding names both.
    assert finding.message in (
        "out of order: printed between signatories[0].members[5] and "
        "signatories[0].members[6]",
        "out of order: printed between signatories[0].members[3] and "
        "signatories[0].members[4]")
    assert finding.field == ("signatories[0].members[4]" if "[6]" in finding.message
                             else "signatories[0].members[5]")
    assert finding.expected == finding.found


def test_stray_text(tmp_path: Path) -> None:
    pages = faithful_pages()
    pages[0].insert(16, line("DRAFT – do not send"))
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    assert finding == Finding("", "", "DRAFT – do not send", "unexpected text", 1)
    assert finding.format() == "unexpected text (page 1)\n  found:    DRAFT – do not send"


def test_duplicated_field(tmp_path: Path) -> None:
    pages = faithful_pages()
    pages[1].insert(10, item(7, MEMBERS[6]))
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    assert finding.message == "unexpected text"
    assert finding.found == f"7. {MEMBERS[6].name} – {MEMBERS[6].organisation}"


def test_missing_field(tmp_path: Path) -> None:
    pages = faithful_pages()
    pages[0].remove(line("Tel.: (994 12) 4925726"))
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    assert finding == Finding("letterhead.telephone", "Tel.: (994 12) 4925726", "", "missing", 1)


def test_missing_last_member(tmp_path: Path) -> None:
    pages = faithful_pages()
    pages[1].pop()
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    assert finding.field == "signatories[0].members[29]"
    assert finding.message == "missing"


def test_two_findings_are_both_precise(tmp_path: Path) -> None:
    pages = replace_text(faithful_pages(), "Nizami street", "Nizami stret")
    pages = replace_text(pages, "Public Union No. 12", "Public Union No. 21")
    findings = compare_text(LETTER, read(tmp_path, pages))
    assert [f.field for f in findings] == ["letterhead.address[1]",
                                           "signatories[0].members[11]"]


# --- line-end breaks ----------------------------------------------------------------------

def test_hyphen_inside_a_line_is_not_a_break(tmp_path: Path) -> None:
    pages = replace_text(faithful_pages(), "displaced families", "displaced fami- lies")
    assert only(compare_text(LETTER, read(tmp_path, pages))).field == "body[1]"


def test_a_soft_hyphen_of_the_source_is_invisible(tmp_path: Path) -> None:
    body = (LETTER.body[0], Paragraph(spans=(Span(text=BODY[1].replace("occupied",
                                                                       "occu\u00adpied")),)),
            *LETTER.body[2:])
    letter = dataclasses.replace(LETTER, body=body)
    assert compare_text(letter, read(tmp_path, faithful_pages())) == ()
    pages = replace_text(faithful_pages(), "pied districts", "pieddistricts")
    assert only(compare_text(letter, read(tmp_path, pages))).field == "body[1]"


def test_a_hyphen_of_the_source_must_stay(tmp_path: Path) -> None:
    pages = replace_text(faithful_pages(), "over Nagorno-", "over Nagorno")
    finding = only(compare_text(LETTER, read(tmp_path, pages)))
    assert finding.field == "body[1]"
    assert "Nagorno Karabakh" in finding.found


def test_a_break_without_hyphen_only_at_a_line_end(tmp_path: Path) -> None:
    pages = replace_text(faithful_pages(), "http://www.aogp.az/",
                         "http://www.aogp.az/ statements/2020/appeal-on-the-humanitarian-"
                         "situation")
    pages = replace_text(pages, "statements/2020/appeal-on-the-humanitarian-situation today.",
                         "today.")
    assert compare_text(LETTER, read(tmp_path, pages))[0].field == "body[2]"


def test_unicode_normalisation_but_no_casefolding(tmp_path: Path) -> None:
    pdf = read(tmp_path, faithful_pages())
    decomposed = dataclasses.replace(
        pdf, pages=tuple(unicodedata.normalize("NFD", page) for page in pdf.pages))
    assert decomposed.pages != pdf.pages
    assert compare_text(LETTER, decomposed) == ()
    shouting = dataclasses.replace(pdf, pages=(pdf.pages[0], pdf.pages[1].replace(
        "Elçin İsmayılov", "ELÇİN İSMAYILOV")))
    assert only(compare_text(LETTER, shouting)).field == "signatories[0].members[27]"


# --- page furniture -----------------------------------------------------------------------

def test_wrong_page_label(tmp_path: Path) -> None:
    pages = replace_text(faithful_pages(), "Page 2 of 2", "Page 2 of 3")
    findings = compare_text(LETTER, read(tmp_path, pages))
    assert findings == (
        Finding("page_label", "Page 2 of 2", "", "missing", 2),
        Finding("", "", "Page 2 of 3", "unexpected text", 2),
    )


def test_running_header_is_only_removed_where_it_belongs(tmp_path: Path) -> None:
    pages = faithful_pages()
    pages[0].insert(0, line("05/20 · 08.10.2020"))
    pages[1].remove(line("05/20 · 08.10.2020"))
    findings = compare_text(LETTER, read(tmp_path, pages))
    assert [(f.field, f.message, f.page) for f in findings] == [
        ("running_header", "missing", 2), ("", "unexpected text", 1)]


def test_single_page_letter_needs_no_furniture(tmp_path: Path) -> None:
    letter = dataclasses.replace(LETTER, signatories=())
    page = [row for row in faithful_pages()[0] if row.y is None]
    page += [line("form; İsmayılov and Əliyeva speak for it, “with” – dashes.")]
    assert compare_text(letter, read(tmp_path, [page])) == ()


# --- metadata, fonts, links ---------------------------------------------------------------

def test_metadata_findings(tmp_path: Path) -> None:
    pdf = read_pdf(draw_pdf(tmp_path / "m.pdf", faithful_pages(), title="Other",
                            author="Someone", lang=None))
    findings = compare_metadata(LETTER, pdf)
    assert [(f.field, f.expected, f.found) for f in findings] == [
        ("metadata.title", "Appeal 05/20", "Other"),
        ("metadata.author", NAME, "Someone"),
        ("metadata.lang", "en", ""),
    ]
    untitled = dataclasses.replace(LETTER, title="")
    pdf = read_pdf(draw_pdf(tmp_path / "e.pdf", faithful_pages(), title=""))
    assert [f.message for f in compare_metadata(untitled, pdf)] == ["PDF title is not set"]
    canvas = Canvas(str(tmp_path / "d.pdf"), initialFontName=REGULAR, lang="en")
    canvas.setAuthor(NAME)
    canvas.save()
    finding = only(compare_metadata(untitled, read_pdf(tmp_path / "d.pdf")))
    assert (finding.found, finding.message) == ("untitled", "PDF title is not set")


def test_standard_font_is_a_finding(tmp_path: Path) -> None:
    # Without initialFontName ReportLab declares Helvetica for every page
    # (docs/libraries.md, "Fonts").
    pdf = read_pdf(draw_pdf(tmp_path / "h.pdf", faithful_pages(), initial_font=None))
    assert "Helvetica" in pdf.unembedded
    finding = only(compare_fonts(pdf))
    assert finding.found == "Helvetica"
    assert finding.message == "standard font Helvetica is used; it is not embedded"
    assert finding in compare_pdf(LETTER, pdf)


def test_fonts_must_be_subsets() -> None:
    pdf = PdfText((), {}, (), ("LiberationSerif", "ABCDEF+Times-Roman", "ABCDEF+Tinos"))
    assert [f.message for f in compare_fonts(pdf)] == [
        "font LiberationSerif is not a subset",
        "standard font Times-Roman is used; it is not embedded",
    ]


def test_link_findings(tmp_path: Path) -> None:
    pdf = read_pdf(draw_pdf(tmp_path / "l.pdf", faithful_pages(),
                            links=("mailto:info@aogp.az", "javascript:alert(1)")))
    findings = compare_links(LETTER, pdf)
    assert findings == (
        Finding("letterhead.website", "http://www.aogp.az", "", "link missing"),
        Finding("", "", "javascript:alert(1)", "unexpected link", 1),
    )


# --- reading errors -----------------------------------------------------------------------

def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_text("hello, this is not a PDF\n")
    with pytest.raises(ReadbackError, match=r"x\.pdf: not a PDF file \(it starts with"):
        read_pdf(path)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ReadbackError, match=r"nothing\.pdf: cannot read the file"):
        read_pdf(tmp_path / "nothing.pdf")
    with pytest.raises(ReadbackError, match=r"^empty\.pdf: not a PDF file \(the file is empty"):
        read_pdf_bytes(b"", "empty.pdf")


def test_encrypted_pdf(tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "secret.pdf"), encrypt="password", initialFontName=REGULAR)
    canvas.drawString(50, 800, "secret")
    canvas.save()
    with pytest.raises(ReadbackError, match=r"secret\.pdf: the PDF is encrypted"):
        read_pdf(tmp_path / "secret.pdf")


def test_truncated_pdf(tmp_path: Path) -> None:
    data = draw_pdf(tmp_path / "t.pdf", faithful_pages()).read_bytes()
    with pytest.raises(ReadbackError, match=r"^cut\.pdf: cannot read the PDF"):
        read_pdf_bytes(data[: len(data) // 2], "cut.pdf")


def test_repaired_pdf_logs_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = draw_pdf(tmp_path / "t.pdf", faithful_pages()).read_bytes()
    cut = data.rindex(b"startxref") + len(b"startxref\n")
    broken = data[:cut] + b"999999\n%%EOF\n"
    with caplog.at_level(logging.WARNING):
        pdf = read_pdf_bytes(broken, "broken.pdf")
    assert caplog.records == []
    assert any("startxref" in message for message in pdf.warnings)
    assert compare_text(LETTER, pdf) == ()


def test_fields_that_repeat_the_same_words_align_by_position(tmp_path: Path) -> None:
    """Found by the property test: with every field "0" or "0 0", a chain of the fields that
    occur rarely could anchor the body one word early, leaving no room for the field before
    it ("recipient[1]: missing" and an "unexpected" 0 later on)."""
    from letterpress.fonts import load_fonts
    from letterpress.pipeline import typeset

    letter = Letter(
        letterhead=Letterhead(name="Platform", address=("0",)), reference="x",
        date=datetime.date(2000, 7, 1), sender="0", recipient=("0 0", "0"),
        body=(Paragraph(spans=(Span(text="0 0"),)),), closing=("0 0", "0"), title="0 0",
        signatories=(SignatoryGroup(heading="0", members=(Signatory(name="0"),) * 17),))
    data, _ = typeset(letter, load_fonts())
    assert compare_pdf(letter, read_pdf_bytes(data, "zeros.pdf")) == ()
    wrong = dataclasses.replace(letter, recipient=("0 0", "0", "0"))
    findings = compare_pdf(wrong, read_pdf_bytes(data, "zeros.pdf"))
    assert [f.message for f in findings] == ["missing"]
