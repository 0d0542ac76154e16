"""`letterpress check` on a letter for a window envelope (docs/source-format.md, "A window
envelope"): the postal address and the return line are read back as fields (a line changed
in the PDF is a finding of its own), and the fold and punch marks are ink the letter draws,
not stray ink, with a signature block or without one.

The forged PDFs are edited with pikepdf; what each finding must name comes from the edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.checked import built_alone, found, found_after_swap

from letterpress.fonts import FontSet

LETTER = """\
letterhead:
  name: Open Government Platform
  address: Baku AZ 1001
reference: "52/26"
date: 2026-12-01
sender: The Secretariat
recipient: The Minister of Justice
address:
  - Ministry of Justice
  - 1 Inshaatchilar Avenue
  - Baku AZ 1073
window: {window}
marks: true
body:
  - We write to you about the draft law.
closing: Yours sincerely,
"""
SIGNED = """\
signature:
  signers:
    - name: Aynur Mammadova
"""


def built(folder: Path, window: str, signed: bool) -> tuple[Path, Path]:
    return built_alone(folder, LETTER.format(window=window) + (SIGNED if signed else ""),
                       f"{window}-{signed}.yaml")


@pytest.mark.slow
@pytest.mark.parametrize(("window", "signed"), [("din-a", False), ("din-b", True),
                                                ("right", False)])
def test_a_window_letter_with_marks_reads_back(tmp_path: Path, fonts: FontSet, window: str,
                                               signed: bool) -> None:
    assert found(*built(tmp_path, window, signed), fonts) == ()


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built(tmp_path_factory.mktemp("window"), "din-a", False)


FORGERIES = [
    (b"(Baku AZ 1073)", b"(Baku AZ 1037)", "address[2]", "Baku AZ 1037"),
    (b"(Ministry of Justice)", b"(Ministry of Jastice)", "address[0]", "Ministry of Jastice"),
    (b"(Open Government Platform, Baku AZ 1001)", b"(Open Government Platform, Baku AZ 1010)",
     "return_address", "Open Government Platform, Baku AZ 1010"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("old", "new", "field", "text"), FORGERIES,
                         ids=[f[2] for f in FORGERIES])
def test_an_address_line_changed_in_the_pdf_is_a_finding_of_its_field(
        letter: tuple[Path, Path], tmp_path: Path, fonts: FontSet,
        old: bytes, new: bytes, field: str, text: str) -> None:
    source, pdf = letter
    findings = found_after_swap(source, pdf, tmp_path / "forged.pdf", fonts, old, new)
    assert any(f.field == field and " ".join(f.found.split()) == text for f in findings), [
        f.format() for f in findings]
