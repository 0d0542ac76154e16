"""Issue 23: an enclosure file that cannot be appended to a PDF/A-3b letter is refused at its
``file:`` entry, saying why, with a hint; the command line exits 2 without a traceback."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers import world
from helpers.cli import DIAGNOSTIC, process
from helpers.enclosures import altered, cmyk_pdf, enclosure_pdf, letter_with

from letterpress.errors import SourceError
from letterpress.pipeline import load

GOOD = enclosure_pdf(["Annual report 2025"])
CASES = {
    "empty": (b"", "the file is empty"),
    "not a PDF": (b"PK\x03\x04 a zip file", "not a PDF file"),
    "damaged": (GOOD[:len(GOOD) // 2], "the PDF is damaged"),
    "encrypted": (enclosure_pdf(["Secret"], encrypted=True), "the PDF is encrypted"),
    "a font not embedded": (enclosure_pdf(["Report"], embedded=False),
                            "the font Helvetica is not embedded on page 1"),
    "a comment": (altered(GOOD, lambda pdf: setattr(pdf.pages[0].obj, "Annots", pdf.make_indirect(
        pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, F=4,
            Rect=[10, 10, 30, 30], Contents=pikepdf.String("VOID")))])))),
        "a Text annotation (a comment, a form field or a drawing over the page) on page 1"),
    "JavaScript run when it opens": (altered(GOOD, lambda pdf: setattr(
        pdf.Root, "OpenAction", pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                   JS=pikepdf.String("app.alert(1)")))),
        "an action run when it opens in its catalog"),
    "a form": (altered(GOOD, lambda pdf: setattr(pdf.Root, "AcroForm", pikepdf.Dictionary(
        Fields=pikepdf.Array()))), "a form (/AcroForm) in its catalog"),
    "an attachment": (altered(GOOD, lambda pdf: pdf.attachments.__setitem__(
        "data.txt", b"hidden")), "embedded files (attachments)"),
    "a transparency group": (altered(GOOD, lambda pdf: setattr(
        pdf.pages[0].obj, "Group", pikepdf.Dictionary(S=pikepdf.Name.Transparency))),
        "a transparency group on page 1"),
    "colour in CMYK": (cmyk_pdf(), "colour in CMYK (a PDF/A letter is in sRGB) on page 1"),
    "a link into a document": (altered(enclosure_pdf(["Report"], link=True), lambda pdf: [
        annot.__setitem__("/A", pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array(
            [pdf.pages[0].obj, pikepdf.Name.Fit]))) for annot in pdf.pages[0].obj.Annots]),
        "a link that is not to a URL"),
    "a link not printed": (altered(enclosure_pdf(["Report"], link=True), lambda pdf: [
        annot.__delitem__("/F") for annot in pdf.pages[0].obj.Annots]),
        "a link that is not printed, or is hidden on page 1"),
}


def problem(tmp_path: Path, data: bytes | None) -> tuple[int, int, str, str, str]:
    if data is not None:
        (tmp_path / "report.pdf").write_bytes(data)
    source = letter_with(tmp_path, [("Annual report", ""), ("Report", "report.pdf")])
    with pytest.raises(SourceError) as caught:
        load(source, world())
    [d] = caught.value.diagnostics
    return d.line, d.column, d.field, d.message, d.hint


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_unfit_enclosure_is_refused_at_its_file_entry(tmp_path: Path, case: str) -> None:
    data, why = CASES[case]
    line, column, field, message, hint = problem(tmp_path, data)
    # ten lines before the list, then "  - title: Annual report", "  - title: Report", and
    # on the 13th "    file: report.pdf", whose value starts at column 11
    assert (line, column, field) == (13, 11, "enclosures[1].file")
    assert message.startswith(f"cannot enclose {tmp_path / 'report.pdf'}: ")
    assert why in message
    assert hint


@pytest.mark.parametrize("case", ["a font not embedded", "a comment", "a form"])
def test_what_pdfa_cannot_hold_is_refused_with_the_hint_to_print_it_to_pdfa(
        tmp_path: Path, case: str) -> None:
    _, _, _, message, hint = problem(tmp_path, CASES[case][0])
    assert "cannot live in a PDF/A-3b letter" in message
    assert "print it to PDF/A first" in hint


def test_a_missing_enclosure_is_refused(tmp_path: Path) -> None:
    _, _, field, message, hint = problem(tmp_path, None)
    assert (field, message) == ("enclosures[1].file",
                                f"cannot enclose {tmp_path / 'report.pdf'}: no such file")
    assert hint == "the file name is relative to the letter's folder"


def test_an_enclosure_larger_than_its_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n" + b" " * (20 * 1024 * 1024))
    _, _, _, message, _ = problem(tmp_path, None)
    assert "more than an enclosure may be (20.0 MiB)" in message


@pytest.mark.slow
def test_the_command_line_says_where_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(CASES["encrypted"][0])
    letter_with(tmp_path, [("Report", "report.pdf")])
    result = process(tmp_path, "build", "letter.yaml", "-o", "letter.pdf")
    assert result.returncode == 2
    match = DIAGNOSTIC.search(result.stderr)
    assert match and (match["file"], match["line"], match["column"], match["field"]) == (
        "letter.yaml", "12", "11", "enclosures[0].file")
    assert not (tmp_path / "letter.pdf").exists()
