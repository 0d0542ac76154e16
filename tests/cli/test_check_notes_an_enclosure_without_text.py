"""Issue 23 on the command line: `check` of a letter whose enclosure is a scan says, in a
note, that the scan's pages were not checked for text, and still exits 0; a page of it
drawn otherwise is a difference (exit 1)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers import world
from helpers.cli import in_folder
from helpers.enclosures import enclosure_pdf, letter_with

from letterpress.pipeline import build


@pytest.mark.slow
def test_a_scan_enclosed_is_noted_and_a_change_to_it_is_a_difference(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scan.pdf").write_bytes(enclosure_pdf(["A signed form"], scan=True))
    source = letter_with(tmp_path, [("Signed form", "scan.pdf")])
    build(source, tmp_path / "letter.pdf", world())
    result = in_folder(tmp_path, capsys, "check", "letter.yaml", "letter.pdf")
    assert result.returncode == 0
    assert ("letter.pdf: note: enclosures[0]: scan.pdf has no text layer (a scan): its pages "
            "are compared by how they look, not checked for text") in result.stdout
    with pikepdf.open(tmp_path / "letter.pdf") as pdf:  # one bar of the scan painted over
        page = pdf.pages[1]
        page.obj.Contents = pdf.make_stream(page.obj.Contents.read_bytes()
                                            + b"\nq 1 1 1 rg 60 600 200 100 re f Q\n")
        pdf.save(tmp_path / "forged.pdf")
    forged = in_folder(tmp_path, capsys, "check", "letter.yaml", "forged.pdf")
    assert forged.returncode == 1
    assert "enclosures[0]: does not look like page 1 of scan.pdf (page 2)" in forged.stderr
