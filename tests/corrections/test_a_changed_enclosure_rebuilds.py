"""Issue 23: an enclosure's file is one of the letter's inputs: an incremental build finds
the letter up to date while it is unchanged, and rebuilds it, naming the file, when it
changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import in_folder
from helpers.enclosures import enclosure_pdf, letter_with


@pytest.mark.slow
def test_a_changed_enclosure_rebuilds_the_letter(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "report.pdf").write_bytes(enclosure_pdf(["First edition"]))
    letter_with(tmp_path, [("Report", "report.pdf")])
    assert in_folder(tmp_path, capsys, "build", "letter.yaml", "-o", "out").returncode == 0
    again = in_folder(tmp_path, capsys, "build", "letter.yaml", "-o", "out")
    assert "1 letter up to date" in again.stdout + again.stderr
    (tmp_path / "report.pdf").write_bytes(enclosure_pdf(["Second edition"]))
    rebuilt = in_folder(tmp_path, capsys, "build", "letter.yaml", "-o", "out")
    assert "report.pdf changed" in rebuilt.stdout + rebuilt.stderr
