"""check proves what a reader sees: text that is in the text layer but cannot be seen on the
page (invisible render mode, white on white, off the page, a speck, covered later), and a
file pypdf had to repair, are findings that name field and page.

Each tampered PDF is the built sample with page 1's content stream edited here (pikepdf),
so what is tested is a real PDF a viewer would show, not a stub of the reader."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLE, SEED_MARKDOWN, SOURCE_LETTERS
from helpers.pdfs import corrupt_xref
from helpers.tampering import WHOLE_PAGE_TAMPERING, box_of, findings, hidden_fields, tamper

from letterpress.check.visibility import read_ink
from letterpress.fonts import FontSet
from letterpress.pipeline import build
from letterpress.world import World


@pytest.mark.slow
@pytest.mark.parametrize("how", sorted(WHOLE_PAGE_TAMPERING))
def test_text_made_invisible_on_page_1_is_found(how: str, sample_pdf: Path, fonts: FontSet,
                                                tmp_path: Path) -> None:
    edit, reason = WHOLE_PAGE_TAMPERING[how]
    pdf = tamper(sample_pdf, tmp_path / "tampered.pdf", edit)
    found = findings(pdf, fonts)
    hidden = [f for f in found if re.fullmatch("text is not visible: " + reason, f.message)]
    named = {(f.field, f.page) for f in hidden}
    # the fields that start on page 1 are named, on page 1; nothing is said of page 2
    assert {("letterhead.name", 1), ("reference", 1), ("body[0]", 1), ("body[1]", 1)} <= named
    assert all(f.page == 1 for f in hidden)
    # what hides the whole page hides the letterhead's rule too: a line that is missing
    assert all(f.message.startswith("text is not visible")
               or (f.message, f.page) == ("a line the letter draws is missing", 1)
               for f in found), found


def test_a_rectangle_over_one_paragraph_names_that_paragraph(sample_pdf: Path, fonts: FontSet,
                                                             tmp_path: Path) -> None:
    left, bottom, right, top = box_of(sample_pdf, "The Armed Forces")  # body[0] starts so
    cover = f"\nq 1 1 1 rg {left - 1} {bottom - 1} {right - left + 2} {top - bottom + 2} re f Q"
    pdf = tamper(sample_pdf, tmp_path / "covered.pdf", lambda d: d + cover.encode())
    found = findings(pdf, fonts)
    assert [(f.field, f.page, f.message, f.found) for f in found] == [
        ("body[0]", 1, "text is not visible: covered by a filled rectangle drawn later",
         "The Armed Forces")]
    assert found[0].format() == ("body[0]: text is not visible: covered by a filled rectangle "
                                 "drawn later (page 1)\n  text:     The Armed Forces")


@pytest.mark.slow
def test_a_rectangle_drawn_before_the_text_hides_nothing(sample_pdf: Path, fonts: FontSet,
                                                         tmp_path: Path) -> None:
    """A tinted panel under the text, or a rectangle drawn after it elsewhere, hides no glyph;
    both are ink that is not part of the letter (check/stray.py), and only that is found."""
    left, bottom, right, top = box_of(sample_pdf, "The Armed Forces")
    panel = b"q 0.9 0.9 0.9 rg 0 0 595 842 re f Q\n"
    elsewhere = f"\nq 0 0 0 rg {left} {bottom - 40} 50 10 re f Q".encode()
    pdf = tamper(sample_pdf, tmp_path / "panel.pdf", lambda d: panel + d + elsewhere)
    found = findings(pdf, fonts)
    assert found and {(f.message, f.page) for f in found} == {
        ("ink that is not part of the letter", 1)}


@pytest.mark.slow
def test_black_text_on_a_black_panel_does_not_contrast(sample_pdf: Path, fonts: FontSet,
                                                       tmp_path: Path) -> None:
    pdf = tamper(sample_pdf, tmp_path / "dark.pdf",
                 lambda d: b"q 0 0 0 rg 0 0 595 842 re f Q\n" + d)
    found = findings(pdf, fonts)
    assert ("body[1]", 1) in hidden_fields(
        found, "its colour does not contrast with what lies under it")


def test_text_in_a_very_light_grey_does_not_contrast(sample_pdf: Path, fonts: FontSet,
                                                     tmp_path: Path) -> None:
    pdf = tamper(sample_pdf, tmp_path / "pale.pdf", lambda d: d.replace(b"BT", b"BT 0.9 g"))
    assert ("body[0]", 1) in hidden_fields(
        findings(pdf, fonts), "its colour does not contrast with what lies under it")


def test_text_hidden_on_page_2_is_found_on_page_2(sample_pdf: Path, fonts: FontSet,
                                                  tmp_path: Path) -> None:
    pdf = tamper(sample_pdf, tmp_path / "p2.pdf", lambda d: d.replace(b"BT", b"BT 3 Tr"),
                 page=1)
    found = findings(pdf, fonts)
    pages = {f.page for f in found}
    assert pages == {2}
    assert any(f.field.startswith("signatories[0].members[") for f in found)


def test_a_damaged_cross_reference_table_is_reported(sample_pdf: Path, fonts: FontSet,
                                                     tmp_path: Path) -> None:
    found = findings(corrupt_xref(sample_pdf, tmp_path / "damaged.pdf"), fonts)
    assert [f.field for f in found] == ["file"]
    assert found[0].message.startswith("the file is damaged: pypdf repaired it (")
    assert "wrong pointing object" in found[0].message


def test_a_wrong_startxref_is_reported(sample_pdf: Path, fonts: FontSet,
                                       tmp_path: Path) -> None:
    data = sample_pdf.read_bytes()
    cut = data.rindex(b"startxref")
    pdf = tmp_path / "startxref.pdf"
    pdf.write_bytes(data[:cut] + b"startxref\n12345\n%%EOF\n")
    found = findings(pdf, fonts)
    assert [f.field for f in found] == ["file"]
    assert "startxref" in found[0].message


@pytest.mark.parametrize("source", SOURCE_LETTERS + [SEED_MARKDOWN],
                         ids=lambda p: p.name)
def test_every_untampered_letter_is_visible(source: Path, fonts: FontSet,
                                            tmp_path: Path) -> None:
    built = build(source, tmp_path / "letter.pdf", World(fonts))
    pages = read_ink(built.output)
    assert len(pages) == built.pages
    assert all(page.text.strip() and not page.hidden for page in pages)
    assert findings(built.output, fonts, source) == ()


def test_the_command_exits_1_and_names_field_and_page(sample_pdf: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    from letterpress.cli import main

    pdf = tamper(sample_pdf, tmp_path / "white.pdf",
                 lambda d: d + b"\nq 1 1 1 rg 0 0 595 842 re f Q")
    copy = tmp_path / "letter.yaml"
    shutil.copy(SAMPLE, copy)
    (tmp_path / "letterheads").symlink_to(SAMPLE.parent / "letterheads")
    assert main(["check", str(copy), str(pdf)]) == 1
    err = capsys.readouterr().err
    assert ("body[1]: text is not visible: covered by a filled rectangle drawn later (page 1)"
            in err)
    assert "Traceback" not in err


def in_a_form(src: Path, dst: Path, after: bytes) -> Path:
    """``dst``: ``src`` with page 1 drawn through a form XObject, then ``after``."""
    with pikepdf.open(src) as pdf:
        page = pdf.pages[0]
        page.contents_coalesce()
        form = pdf.make_stream(page.obj.Contents.read_bytes(), Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842],
                               Resources=page.obj.Resources)
        page.obj.Resources.XObject = pikepdf.Dictionary(Fm1=form)
        page.obj.Contents = pdf.make_stream(b"q /Fm1 Do Q\n" + after)
        pdf.save(dst)
    return dst


def test_text_inside_a_form_xobject_is_judged_too(sample_pdf: Path, fonts: FontSet,
                                                  tmp_path: Path) -> None:
    assert findings(in_a_form(sample_pdf, tmp_path / "form.pdf", b""), fonts) == ()
    covered = in_a_form(sample_pdf, tmp_path / "covered.pdf", b"q 1 1 1 rg 0 0 595 842 re f Q")
    assert ("body[0]", 1) in hidden_fields(findings(covered, fonts),
                                           "covered by a filled rectangle drawn later")


def test_an_annotation_drawn_over_the_text_covers_it(sample_pdf: Path, fonts: FontSet,
                                                     tmp_path: Path) -> None:
    pdf_path = tmp_path / "annotated.pdf"
    with pikepdf.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        look = pdf.make_stream(b"1 1 1 rg 0 0 595 842 re f", Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842])
        page.obj.Annots.append(pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, Rect=[0, 0, 595, 842],
            AP=pikepdf.Dictionary(N=look), F=4)))
        pdf.save(pdf_path)
    found = findings(pdf_path, fonts)
    assert ("body[0]", 1) in hidden_fields(found, "covered by an annotation (Square) drawn later")
