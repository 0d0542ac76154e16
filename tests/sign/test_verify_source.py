"""verify compares the text read back with the source embedded in the letter, and reports
PDF/A. The embedding itself is another engineer's work in the build; until it lands, the
fixture here attaches the sources with pikepdf in the agreed format (the catalog's /AF, the
letter's own source first, /AFRelationship /Source, relative /UF paths, MD5 checksums)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from helpers import SOURCE_DIR
from helpers.pki import PASSWORD, Pki
from helpers.signing import sign, signed, verify

from letterpress.check.extract import read_sources_bytes
from letterpress.check.pdfa import (
    first_revision,
    pdfa_status,
    signature_object_problems,
)
from letterpress.cli import main
from letterpress.pipeline import build
from letterpress.world import World

MIME = {".yaml": "application/yaml", ".md": "text/markdown", ".png": "image/png"}


def attach(pdf: Path, files: list[tuple[str, bytes]]) -> None:
    """Embed ``files`` (relative path, bytes) as the agreed format says."""
    import pikepdf

    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        specs = []
        for index, (name, data) in enumerate(files):
            stream = pikepdf.Stream(doc, data)
            stream.Type = pikepdf.Name.EmbeddedFile
            stream.Subtype = pikepdf.Name("/" + MIME[Path(name).suffix])
            stream.Params = pikepdf.Dictionary(Size=len(data), CheckSum=pikepdf.String(
                hashlib.md5(data).digest()))
            spec = doc.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Filespec, F=name, UF=name,
                AFRelationship=pikepdf.Name.Source, EF=pikepdf.Dictionary(F=stream),
                Desc="letter source" if index == 0 else "file read by the letter"))
            specs.append(spec)
        doc.Root.AF = pikepdf.Array(specs)
        doc.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(
            Names=pikepdf.Array([x for name, spec in zip((n for n, _ in files), specs,
                                                        strict=True)
                                 for x in (pikepdf.String(name), spec)])))
        doc.save(pdf)


SAMPLE_FILES = ["2020-10-08-amnesty-appeal.yaml", "letterheads/ogp.yaml"]


@pytest.fixture
def archived(tmp_path: Path, sample_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    pdf = Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))
    attach(pdf, [(name, (SOURCE_DIR / name).read_bytes()) for name in SAMPLE_FILES])
    return pdf


def test_the_embedded_sources_are_read_in_the_agreed_order(archived: Path) -> None:
    files = read_sources_bytes(archived.read_bytes(), "letter.pdf").files
    assert [str(f.path) for f in files] == SAMPLE_FILES
    assert files[0].data == (SOURCE_DIR / SAMPLE_FILES[0]).read_bytes()


def test_verify_says_the_text_matches_the_embedded_source(
        pki: Pki, archived: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sign(pki, archived) == 0
    capsys.readouterr()
    assert verify(pki, signed(archived), "--json") == 0
    [result] = json.loads(capsys.readouterr().out)
    assert result["source"] == "matches" and result["source_findings"] == []


def test_verify_fails_when_the_text_differs_from_the_embedded_source(
        pki: Pki, tmp_path: Path, archived: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    other = (SOURCE_DIR / "2026-11-20-assembly-invitation-en.yaml").read_bytes()
    attach(archived, [(SAMPLE_FILES[0], other), (SAMPLE_FILES[1],
                                                 (SOURCE_DIR / SAMPLE_FILES[1]).read_bytes())])
    assert sign(pki, archived) == 0
    capsys.readouterr()
    assert verify(pki, signed(archived)) == 1
    out = capsys.readouterr().out
    assert "the text read back DIFFERS from the embedded source" in out
    assert "problem: the text read back differs from the embedded source" in out


def test_an_embedded_path_outside_the_folder_is_bad_input(
        pki: Pki, archived: Path, capsys: pytest.CaptureFixture[str]) -> None:
    attach(archived, [("../escape.yaml", b"x: 1\n")])
    assert sign(pki, archived) == 0
    capsys.readouterr()
    assert verify(pki, signed(archived)) == 2
    assert "embedded file '../escape.yaml' refused" in capsys.readouterr().err


def test_revision_1_is_what_was_built(archived: Path, pki: Pki) -> None:
    assert sign(pki, archived) == 0
    assert first_revision(signed(archived).read_bytes()) == archived.read_bytes()


def test_a_signed_letter_passes_pdfa_as_a_whole(
        pki: Pki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    pdf = tmp_path / "letter.pdf"
    build(SOURCE_DIR / SAMPLE_FILES[0], pdf, World())
    assert sign(pki, pdf, "alice", "--visible") == 0
    assert pdfa_status(signed(pdf).read_bytes()) == ("pass", ())
    capsys.readouterr()
    assert verify(pki, signed(pdf)) == 0
    out = capsys.readouterr().out
    assert "PDF/A-3b: the whole file passes (its syntax, then pikepdf.pdfa)" in out
    assert "the text read back matches the embedded source" in out


def test_pdfa_status_reports_what_a_non_pdfa_file_breaks(sample_pdf: Path) -> None:
    import pikepdf

    assert pdfa_status(sample_pdf.read_bytes()) == ("pass", ())  # as built
    buffer = io.BytesIO()
    with pikepdf.open(sample_pdf) as pdf:
        del pdf.Root.OutputIntents  # no colour space for the device-dependent colours
        pdf.save(buffer)
    verdict, findings = pdfa_status(buffer.getvalue())
    assert verdict == "fail" and findings


def test_signing_keeps_the_xmp_and_the_document_information_in_agreement(
        pki: Pki, archived: Path) -> None:
    import pikepdf

    with pikepdf.open(archived, allow_overwriting_input=True) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["pdfaid:part"], xmp["pdfaid:conformance"] = "3", "B"
            xmp["pdf:Producer"] = "letterpress"
        pdf.save(archived)
    assert sign(pki, archived) == 0
    data = signed(archived).read_bytes()
    assert signature_object_problems(data) == ()
    with pikepdf.open(signed(archived)) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "3"
        assert str(pdf.trailer.Info.Producer) == pdf.open_metadata()["pdf:Producer"]


@pytest.mark.slow
def test_a_pdfa_letter_signed_twice_with_stamps_breaks_no_pdfa_rule_pikepdf_checks(
        pki: Pki, tmp_path: Path, sample_pdf: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The sample as letterpress builds it: PDF/A-3b with its sources inside."""
    from pikepdf import pdfa

    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(sample_pdf.read_bytes())
    assert sign(pki, letter, "alice", "--visible", "--reason", "appeal") == 0
    assert main(["sign", str(signed(letter)), "--key", str(pki.keys["bob"]), "--visible",
                 "--in-place"]) == 0
    data = signed(letter).read_bytes()
    assert pdfa_status(data) == ("pass", ())  # the whole file, both updates included
    whole = pdfa.validate_written(io.BytesIO(data), "3b")
    # not checked by pikepdf: the form holding the signatures, and the embedded sources
    assert whole.violations == () and {f.rule for f in whole.unsupported} == {
        "pikepdf:schema-Catalog", "pikepdf:embedded-file"}
    assert signature_object_problems(data) == ()
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 0
    assert ("PDF/A-3b: the whole file passes (its syntax, then pikepdf.pdfa)"
            in capsys.readouterr().out)
