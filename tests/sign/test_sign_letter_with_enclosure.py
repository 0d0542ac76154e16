"""Issue 23: a letter with an enclosure appended signs and verifies; the visible stamp goes
below the letter's last line, on the letter's last page, not on the enclosure's."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers import world
from helpers.enclosures import enclosure_pdf, letter_with
from helpers.pki import PASSWORD, Pki
from helpers.signing import sign, signed, verify

from letterpress.pipeline import build


@pytest.mark.slow
def test_a_signed_letter_with_an_enclosure_verifies(
        pki: Pki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    (tmp_path / "report.pdf").write_bytes(enclosure_pdf(["Annual report 2025", "Page two"]))
    source = letter_with(tmp_path, [("Annual report 2025", "report.pdf")])
    pdf = build(source, tmp_path / "letter.pdf", world()).output
    assert sign(pki, pdf, "alice", "--visible") == 0
    with pikepdf.open(signed(pdf)) as done:
        assert len(done.pages) == 3
        widgets = [i for i, page in enumerate(done.pages)
                   for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
    assert widgets == [0]  # the letter's own (one) page
    capsys.readouterr()
    assert verify(pki, signed(pdf)) == 0
    out = capsys.readouterr().out
    assert "verified" in out and "NOT" not in out
