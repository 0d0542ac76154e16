"""What a signature adds to a PDF/A-3b letter is held to PDF/A's rules for it (ISO 19005-3,
after ISO 19005-2 6.3.2, 6.4.3 and 6.6.2.3.1; ISO 32000-1 12.5.3 and 12.8.3.3), and revision 1
is the bytes up to the end of the first ``%%EOF`` line (ISO 32000-1 7.5.5 and 7.5.6).

The PDFs here are made with pikepdf in memory, one rule broken (or kept at its edge) at a
time, so nothing is signed and each test is quick."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from helpers.pdfs import pdf_with

from letterpress.check.pdfa import first_revision, pdfa_status, signature_object_problems

PRINT, HIDDEN, INVISIBLE, NO_VIEW, TOGGLE_NO_VIEW = 4, 2, 1, 32, 256
NO_ZOOM, NO_ROTATE, READ_ONLY, LOCKED = 8, 16, 64, 128


def signature_field(subfilter: str = "/ETSI.CAdES.detached", flags: int | None = PRINT,
                    rect: tuple[float, ...] = (0, 0, 0, 0),
                    appearances: tuple[str, ...] | None = None, kind: str = "/Sig",
                    value: bool = True, name: str = "Signature1"
                    ) -> Callable[[pikepdf.Pdf], None]:
    def add(pdf: pikepdf.Pdf) -> None:
        field = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget,
                                   FT=pikepdf.Name(kind), T=pikepdf.String(name),
                                   Rect=pikepdf.Array(list(rect)))
        if flags is not None:
            field.F = flags
        if value:
            field.V = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Sig, Filter=pikepdf.Name("/Adobe.PPKLite"),
                SubFilter=pikepdf.Name(subfilter)))
        if appearances is not None:
            form = pdf.make_stream(b"")
            field.AP = pikepdf.Dictionary({key: form for key in appearances})
        indirect = pdf.make_indirect(field)
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([indirect]))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([indirect]), SigFlags=3)
    return add


def test_a_plain_pdf_and_a_well_made_invisible_signature_break_nothing() -> None:
    assert signature_object_problems(pdf_with()) == ()
    assert signature_object_problems(pdf_with(signature_field())) == ()


@pytest.mark.parametrize("subfilter", ["/ETSI.CAdES.detached", "/adbe.pkcs7.detached",
                                       "/ETSI.RFC3161"])
def test_the_signature_encodings_pdfa_allows_pass(subfilter: str) -> None:
    assert signature_object_problems(pdf_with(signature_field(subfilter))) == ()


@pytest.mark.parametrize("subfilter", ["/adbe.pkcs7.sha1", "/adbe.x509.rsa_sha1",
                                       "/ETSI.CAdES.detached.x"])
def test_other_signature_encodings_are_named(subfilter: str) -> None:
    assert signature_object_problems(pdf_with(signature_field(subfilter))) == (
        f"Signature1: signature encoding {subfilter} is not allowed in PDF/A",)


def test_every_signature_field_is_judged() -> None:
    def two(pdf: pikepdf.Pdf) -> None:
        signature_field("/adbe.pkcs7.sha1", name="Signature1")(pdf)
        first = pdf.Root.AcroForm.Fields[0]
        signature_field("/adbe.x509.rsa_sha1", name="Signature2")(pdf)
        pdf.Root.AcroForm.Fields.insert(0, first)

    problems = signature_object_problems(pdf_with(two))
    assert [p.split(":")[0] for p in problems] == ["Signature1", "Signature2"]


def test_fields_that_are_not_signed_signatures_are_not_judged() -> None:
    """Only a signature field with a value is a signature (a text field or an empty
    signature field has no encoding to judge)."""
    assert signature_object_problems(pdf_with(signature_field(
        "/adbe.pkcs7.sha1", kind="/Tx"))) == ()
    assert signature_object_problems(pdf_with(signature_field(
        "/adbe.pkcs7.sha1", value=False, flags=0))) == ()


@pytest.mark.parametrize("flags", [PRINT | NO_ZOOM, PRINT | NO_ROTATE, PRINT | READ_ONLY,
                                   PRINT | LOCKED, PRINT | NO_ZOOM | NO_ROTATE | READ_ONLY])
def test_a_printable_widget_with_allowed_flags_passes(flags: int) -> None:
    assert signature_object_problems(pdf_with(signature_field(flags=flags))) == ()


@pytest.mark.parametrize("flags", [None, 0, NO_ZOOM, PRINT | INVISIBLE, PRINT | HIDDEN,
                                   PRINT | NO_VIEW, PRINT | TOGGLE_NO_VIEW])
def test_a_widget_not_printed_or_hidden_is_named(flags: int | None) -> None:
    assert signature_object_problems(pdf_with(signature_field(flags=flags))) == (
        f"Signature1: the widget must be printable and not hidden (flags {flags or 0})",)


@pytest.mark.parametrize("rect", [(0, 0, 0, 0), (10, 10, 10, 50), (10, 10, 50, 10),
                                  (20, 10, 20, 50), (10, 20, 50, 20)])
def test_a_widget_without_area_needs_no_appearance(rect: tuple[float, ...]) -> None:
    assert signature_object_problems(pdf_with(signature_field(rect=rect))) == ()


@pytest.mark.parametrize("rect", [(10, 10, 11, 11), (0, 0, 100, 40), (50, 50, 10, 10)])
def test_a_visible_widget_needs_exactly_one_normal_appearance(rect: tuple[float, ...]) -> None:
    needs = ("Signature1: a visible widget needs exactly one normal appearance",)
    assert signature_object_problems(pdf_with(signature_field(rect=rect))) == needs
    assert signature_object_problems(pdf_with(signature_field(
        rect=rect, appearances=("/N", "/D")))) == needs
    assert signature_object_problems(pdf_with(signature_field(
        rect=rect, appearances=("/D",)))) == needs
    assert signature_object_problems(pdf_with(signature_field(
        rect=rect, appearances=("/N",)))) == ()


def test_a_field_without_a_rectangle_has_no_area() -> None:
    def no_rect(pdf: pikepdf.Pdf) -> None:
        signature_field()(pdf)
        del pdf.Root.AcroForm.Fields[0].Rect

    assert signature_object_problems(pdf_with(no_rect)) == ()


def test_a_form_without_fields_holds_no_signature() -> None:
    def empty(pdf: pikepdf.Pdf) -> None:
        pdf.Root.AcroForm = pikepdf.Dictionary(SigFlags=3)

    assert signature_object_problems(pdf_with(empty)) == ()


def test_a_signature_without_an_encoding_or_a_name_is_named_so() -> None:
    def bare(pdf: pikepdf.Pdf) -> None:
        signature_field()(pdf)
        field = pdf.Root.AcroForm.Fields[0]
        del field.T
        del field.V.SubFilter

    assert signature_object_problems(pdf_with(bare)) == (
        "?: signature encoding  is not allowed in PDF/A",)


def test_one_field_can_break_every_rule_at_once() -> None:
    assert signature_object_problems(pdf_with(signature_field(
        "/adbe.pkcs7.sha1", flags=HIDDEN, rect=(0, 0, 9, 9)))) == (
        "Signature1: signature encoding /adbe.pkcs7.sha1 is not allowed in PDF/A",
        "Signature1: the widget must be printable and not hidden (flags 2)",
        "Signature1: a visible widget needs exactly one normal appearance")


@pytest.mark.parametrize(("version", "allowed"), [
    ("/1.4", True), ("/1.7", True), ("/2.0", False), ("/1.8", False)])
def test_the_catalog_may_not_raise_the_version_above_pdf_1_7(version: str,
                                                            allowed: bool) -> None:
    def set_version(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Version = pikepdf.Name(version)

    problems = signature_object_problems(pdf_with(set_version))
    assert problems == (() if allowed else (
        f"the catalog sets PDF version {version[1:]} (PDF/A-3 is PDF 1.7)",))


@pytest.mark.parametrize(("need", "allowed"), [(True, False), (False, True)])
def test_the_form_may_not_ask_viewers_to_draw_appearances(need: bool, allowed: bool) -> None:
    def form(pdf: pikepdf.Pdf) -> None:
        signature_field()(pdf)
        pdf.Root.AcroForm.NeedAppearances = need

    problems = signature_object_problems(pdf_with(form))
    assert problems == (() if allowed else (
        "the form asks viewers to draw appearances (/NeedAppearances)",))


def _producers(info: str | None, xmp: str | None) -> Callable[[pikepdf.Pdf], None]:
    def set_both(pdf: pikepdf.Pdf) -> None:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = "a letter"
            if xmp is not None:
                meta["pdf:Producer"] = xmp
        pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(Title="a letter"))
        if info is not None:
            pdf.trailer.Info.Producer = pikepdf.String(info)
    return set_both


def test_the_producer_must_be_the_same_in_the_information_and_the_xmp() -> None:
    assert signature_object_problems(pdf_with(_producers("letterpress 1", "letterpress 1"))) == ()
    assert signature_object_problems(pdf_with(_producers("pyHanko", "letterpress 1"))) == (
        "the producer differs between the document information ('pyHanko') and the XMP "
        "metadata ('letterpress 1')",)
    assert signature_object_problems(pdf_with(_producers("pyHanko", None))) == (
        "the producer differs between the document information ('pyHanko') and the XMP "
        "metadata ('')",)
    # no producer in the document information: nothing for the XMP to agree with
    assert signature_object_problems(pdf_with(_producers(None, "letterpress 1"))) == ()


def test_a_producer_without_xmp_metadata_is_not_this_rules_business() -> None:
    def info_only(pdf: pikepdf.Pdf) -> None:
        pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(Producer="pyHanko"))

    assert signature_object_problems(pdf_with(info_only)) == ()


# --- revision 1 --------------------------------------------------------------------------------

FIRST = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\nxref\n0 1\ntrailer\n<<>>\nstartxref\n9\n%%EOF"
UPDATE = b"2 0 obj\n<<>>\nendobj\nxref\n0 1\ntrailer\n<<>>\nstartxref\n99\n%%EOF\n"


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r", b""])
def test_revision_1_ends_with_its_first_eof_line(eol: bytes) -> None:
    assert first_revision(FIRST + eol + UPDATE) == FIRST + eol
    assert first_revision(FIRST + eol) == FIRST + eol


def test_revision_1_takes_one_end_of_line_only() -> None:
    assert first_revision(FIRST + b"\r\n\r\n" + UPDATE) == FIRST + b"\r\n"


def test_revision_1_needs_a_startxref_before_its_eof() -> None:
    """A %%EOF in a comment or a string is not the end of a revision."""
    early = b"%PDF-1.7\n% %%EOF\n" + FIRST[9:]
    assert first_revision(early + b"\n" + UPDATE) == early + b"\n"
    assert first_revision(b"startxref \r\n 12 \n%%EOF\nrest") == b"startxref \r\n 12 \n%%EOF\n"


def test_a_file_without_an_eof_line_is_all_revision_1() -> None:
    assert first_revision(b"%PDF-1.7\nnot finished") == b"%PDF-1.7\nnot finished"
    assert first_revision(b"startxref\n%%EOF\n") == b"startxref\n%%EOF\n"


@pytest.mark.slow
def test_pdfa_status_judges_the_whole_file(sample_pdf: Path) -> None:
    """What follows the first %%EOF line (here a whole file that is not PDF/A, whose
    objects a reader of the whole takes) is judged too: the letter as built passes, the
    file with it does not (issue 20)."""
    out = io.BytesIO()
    with pikepdf.open(sample_pdf) as pdf:
        del pdf.Root.OutputIntents
        pdf.save(out)
    assert pdfa_status(sample_pdf.read_bytes()) == ("pass", ())
    verdict, findings = pdfa_status(sample_pdf.read_bytes() + out.getvalue())
    assert verdict == "fail" and findings


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n", b"not a pdf at all", b"%PDF-1.7\n"
                                  b"startxref\n0\n%%EOF\n"])
def test_a_damaged_file_is_not_passed_and_says_why(data: bytes) -> None:
    verdict, findings = pdfa_status(data)
    assert verdict != "pass" and findings and all(findings)


@pytest.mark.slow
def test_a_file_that_is_not_pdfa_fails_with_what_was_found(sample_pdf: Path) -> None:
    out = io.BytesIO()
    with pikepdf.open(sample_pdf) as pdf:
        del pdf.Root.OutputIntents
        pdf.save(out)
    verdict, findings = pdfa_status(out.getvalue())
    assert verdict == "fail" and findings
    # ISO 19005-3 6.2.4.3: device colours need an output intent; what was found says so
    assert any("6.2.4.3" in f and "OutputIntent" in f for f in findings), findings


def test_a_file_pikepdf_raises_on_fails_naming_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """pikepdf.pdfa of this version answers "not checked" for what it cannot open; one that
    raises instead (its own errors or others) still gives a failing verdict, not a crash."""
    import pikepdf.pdfa

    def raises(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unreadable cross-reference table")

    monkeypatch.setattr(pikepdf.pdfa, "validate_written", raises)
    assert pdfa_status(b"%PDF-1.7\n") == (
        "fail", ("cannot be opened (RuntimeError: unreadable cross-reference table)",))
