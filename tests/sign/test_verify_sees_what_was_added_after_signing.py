"""verify judges what the signed file shows: a form field filled in after signing (pyHanko
calls it form filling, which PAdES allows) prints "THIS LETTER IS WITHDRAWN" on a letter that
has no forms; letterpress letters hold none, so the file is NOT verified and says why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.pki import PASSWORD, Pki
from helpers.signing import sign, signed, update, verify


def filled_field(writer: object) -> None:
    """A text field with its value, widget on page 1, added in an incremental update."""
    from pyhanko.pdf_utils import generic

    name = generic.NameObject
    page_ref = writer.root["/Pages"]["/Kids"][0]  # type: ignore[attr-defined]
    page = page_ref.get_object()
    field = writer.add_object(generic.DictionaryObject({  # type: ignore[attr-defined]
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Widget"),
        name("/FT"): name("/Tx"), name("/T"): generic.TextStringObject("status"),
        name("/V"): generic.TextStringObject("THIS LETTER IS WITHDRAWN"),
        name("/P"): page_ref,
        name("/Rect"): generic.ArrayObject(map(generic.FloatObject, (60, 60, 400, 80)))}))
    annots = page.get("/Annots", generic.ArrayObject())
    annots.append(field)
    page[name("/Annots")] = annots
    writer.update_container(page)  # type: ignore[attr-defined]
    form = writer.root["/AcroForm"]  # type: ignore[attr-defined]
    form["/Fields"].append(field)
    writer.update_container(form)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_a_form_field_filled_after_signing_is_not_verified(
        pki: Pki, sample_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    letter = Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))
    assert sign(pki, letter) == 0
    assert verify(pki, signed(letter)) == 0  # as signed: verified
    update(signed(letter), filled_field)
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 1
    out = capsys.readouterr().out
    assert f"{signed(letter)}: NOT verified" in out
    assert "a form field 'status' (/Tx)" in out


@pytest.mark.slow
def test_bytes_appended_after_the_last_revision_are_not_verified(
        pki: Pki, sample_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Bytes after the last %%EOF belong to no revision: no signature covers them, and what
    a lenient reader makes of them is anyone's guess. Whitespace after it is no change."""
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    letter = Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))
    assert sign(pki, letter) == 0
    data = signed(letter).read_bytes()
    signed(letter).write_bytes(data + b"\r\n \n")
    assert verify(pki, signed(letter)) == 0
    tail = b"\n1 0 obj (VOID) endobj\n"
    signed(letter).write_bytes(data + tail)
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 1
    out = capsys.readouterr().out
    assert (f"problem: {len(tail.strip())} bytes after the file's last revision are covered "
            "by no signature") in out


@pytest.mark.slow
def test_a_signed_letter_whose_text_cannot_be_seen_is_not_verified(
        pki: Pki, sample_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Hidden before it was signed: the signature is intact and nothing changed after it,
    but verify renders the pages as check does, and the reader sees no text on page 1."""
    from helpers.tampering import tamper

    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    letter = tamper(sample_pdf, tmp_path / "letter.pdf", lambda d: d.replace(b"BT", b"BT 3 Tr"))
    assert sign(pki, letter) == 0
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 1
    out = capsys.readouterr().out
    assert "intact: yes" in out and "changed after: none" in out
    assert "text is not visible: drawn in render mode 3 (invisible)" in out


def stamped(writer: object) -> None:
    """A stamp annotation with an appearance (a black box) on page 1, in an update."""
    from pyhanko.pdf_utils import generic

    name = generic.NameObject
    look = generic.StreamObject({
        name("/Type"): name("/XObject"), name("/Subtype"): name("/Form"),
        name("/BBox"): generic.ArrayObject(map(generic.FloatObject, (0, 0, 80, 30)))},
        stream_data=b"0 g 0 0 80 30 re f")
    page = writer.root["/Pages"]["/Kids"][0].get_object()  # type: ignore[attr-defined]
    stamp = writer.add_object(generic.DictionaryObject({  # type: ignore[attr-defined]
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Stamp"),
        name("/F"): generic.NumberObject(4),
        name("/Rect"): generic.ArrayObject(map(generic.FloatObject, (460, 40, 540, 70))),
        name("/AP"): generic.DictionaryObject({
            name("/N"): writer.add_object(look)})}))  # type: ignore[attr-defined]
    annots = page.get("/Annots", generic.ArrayObject())
    annots.append(stamp)
    page[name("/Annots")] = annots
    writer.update_container(page)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_a_page_that_looks_different_after_signing_is_named(
        pki: Pki, sample_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """verify renders the revision each signature covers and the whole file: a stamp drawn
    after signing makes page 1 look different, whatever its text layer says."""
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    letter = Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))
    assert sign(pki, letter) == 0
    update(signed(letter), stamped)
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 1
    out = capsys.readouterr().out
    assert "problem: Signature1: page 1 looks different after this signature" in out


@pytest.mark.slow
def test_a_second_signature_with_a_stamp_changes_no_look(
        pki: Pki, sample_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A counter-signature's visible stamp is a signature widget: the first signature's page
    does not 'look different' for it."""
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    letter = Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))
    assert sign(pki, letter) == 0
    assert sign(pki, signed(letter), "bob", "--visible", "--in-place") == 0
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 0
    assert "looks different" not in capsys.readouterr().out
