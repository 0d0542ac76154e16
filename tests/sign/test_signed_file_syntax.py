"""A signed letter keeps to the file-syntax rules of ISO 19005-3 6.1 in every revision:
pyHanko's incremental updates (a signature, a second signature, stamps, a document timestamp
and the validation data of LTV) are read by the tests' own reader (helpers.pdfsyntax) from
the first byte to the last, as veraPDF reads them; and `verify` judges PDF/A on the whole
signed file, its updates included (issue 20)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from helpers import SOURCE_DIR
from helpers.handmade import FILE_ID, stream
from helpers.pdfsyntax import broken_clauses
from helpers.pki import PASSWORD, Pki
from helpers.signing import sign, signed, verify

from letterpress.check.pdfa import pdfa_status
from letterpress.fonts import FontSet
from letterpress.pipeline import build
from letterpress.world import World

AZERBAIJANI = SOURCE_DIR / "2026-11-20-assembly-invitation-az.yaml"


@pytest.fixture
def letter(tmp_path: Path, sample_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    return Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))


def revisions(data: bytes) -> int:
    return data.count(b"%%EOF")


@pytest.mark.slow
def test_a_signed_letter_breaks_no_rule_of_file_syntax(pki: Pki, letter: Path) -> None:
    assert sign(pki, letter) == 0
    data = signed(letter).read_bytes()
    assert revisions(data) == 2
    assert broken_clauses(data) == []


@pytest.mark.slow
def test_a_letter_signed_twice_breaks_no_rule_of_file_syntax(pki: Pki, letter: Path) -> None:
    assert sign(pki, letter, "alice", "--visible") == 0
    assert sign(pki, signed(letter), "bob", "--visible") == 0
    data = signed(signed(letter)).read_bytes()
    assert revisions(data) == 3
    assert broken_clauses(data) == []
    assert pdfa_status(data) == ("pass", ())


@pytest.mark.slow
def test_a_timestamped_ltv_signature_breaks_no_rule_of_file_syntax(pki: Pki, letter: Path
                                                                    ) -> None:
    assert sign(pki, letter, "alice", "--visible", "--timestamp-url", pki.tsa_url, "--ltv",
                "--trust", str(pki.root)) == 0
    data = signed(letter).read_bytes()
    assert revisions(data) >= 3  # the signature, the validation data, the document timestamp
    assert b"/DocTimeStamp" in data and b"/DSS" in data
    assert broken_clauses(data) == []
    assert pdfa_status(data) == ("pass", ())


@pytest.mark.slow
def test_the_azerbaijani_letter_signed_breaks_no_rule_of_file_syntax(
        pki: Pki, tmp_path: Path, fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    pdf = build(AZERBAIJANI, tmp_path / "az.pdf", World(fonts)).output
    assert sign(pki, pdf) == 0
    assert broken_clauses(signed(pdf).read_bytes()) == []


# --- verify judges PDF/A on the whole file ----------------------------------------------------

def append_update(data: bytes, part: bytes, number: int) -> bytes:
    """``data`` with an incremental update holding ``part`` (object ``number``), as another
    writer would append it."""
    root = re.findall(rb"/Root (\d+ \d+ R)", data)[-1]
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    at = len(data)
    return (data + part + b"xref\n%d 1\n%010d 00000 n \n" % (number, at)
            + b"trailer\n<< /Size %d /Root %s /Prev %d /ID %s >>\nstartxref\n%d\n%%%%EOF\n"
            % (number + 1, root, prev, FILE_ID, at + len(part)))


@pytest.mark.slow
def test_verify_judges_pdfa_on_the_updates_after_the_signature(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sign(pki, letter) == 0
    data = signed(letter).read_bytes()
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    letter.write_bytes(append_update(data, stream(size, b"q Q", before_end=b""), size))
    verify(pki, letter)  # what it says of the signature is not the point here
    out = capsys.readouterr().out
    assert "  PDF/A-3b: the whole file FAILS (its syntax, then pikepdf.pdfa)" in out
    assert f"object {size}: endstream does not follow an EOL" in out


@pytest.mark.slow
def test_a_signature_stamp_is_held_to_pdfa_like_the_page(pki: Pki, letter: Path) -> None:
    """The stamp's appearance is checked where pikepdf.pdfa checks forms: a font in it that
    is not embedded (ISO 19005-3 6.2.11.4.1) keeps the file from passing."""
    assert sign(pki, letter, "alice", "--visible") == 0
    data = signed(letter).read_bytes()
    assert pdfa_status(data) == ("pass", ())
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/FT") == pikepdf.Name.Sig and "/AP" in annotation:
                    normal = annotation.AP.N
                    normal.Resources.Font[pikepdf.Name.F9] = pikepdf.Dictionary(
                        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                        BaseFont=pikepdf.Name.Helvetica)
                    normal.write(normal.read_bytes() + b" BT /F9 9 Tf (x) Tj ET")
        pdf.save(out)
    verdict, findings = pdfa_status(out.getvalue())
    assert verdict != "pass" and any("6.2.11.4.1" in f for f in findings)
