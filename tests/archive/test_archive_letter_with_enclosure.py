"""Issue 23: a letter with an enclosure appended is filed with the enclosure among its
sources, and the archive verifies it; a changed enclosure inside the bag is a change."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.enclosures import enclosure_pdf, letter_with

from letterpress.archive import file_letter, prepare, require, verify
from letterpress.fonts import FontSet
from letterpress.pipeline import build
from letterpress.world import World


@pytest.mark.slow
def test_a_letter_with_an_enclosure_is_filed_and_verifies(tmp_path: Path,
                                                          fonts: FontSet) -> None:
    report = enclosure_pdf(["Annual report 2025", "Page two"])
    (tmp_path / "report.pdf").write_bytes(report)
    source = letter_with(tmp_path, [("Annual report 2025", "report.pdf")])
    pdf = build(source, tmp_path / "letter.pdf", World(fonts)).output
    root = tmp_path / "archive"
    require(root, create=True)
    filed = file_letter(root, prepare(pdf, World(fonts)), World(fonts))
    assert filed.new
    carried = [p for p in root.rglob("report.pdf")]
    assert [p.read_bytes() for p in carried] == [report]  # the enclosure, among the sources
    assert verify(root, World(fonts)).changes == ()
    carried[0].write_bytes(enclosure_pdf(["Annual report 2024", "Page two"]))
    assert verify(root, World(fonts)).changes != ()
