"""A signed letter keeps to the file-syntax rules of ISO 19005-3 6.1 in every revision:
pyHanko's incremental updates (a signature, a second signature, a document timestamp and
the validation data of LTV) are read by the tests' own reader (helpers.pdfsyntax) from the
first byte to the last, as veraPDF reads them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import SOURCE_DIR
from helpers.pdfsyntax import broken_clauses
from helpers.pki import PASSWORD, Pki
from helpers.signing import sign, signed

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
    assert sign(pki, letter) == 0
    assert sign(pki, signed(letter), "bob") == 0
    data = signed(signed(letter)).read_bytes()
    assert revisions(data) == 3
    assert broken_clauses(data) == []


@pytest.mark.slow
def test_a_timestamped_ltv_signature_breaks_no_rule_of_file_syntax(pki: Pki, letter: Path
                                                                    ) -> None:
    assert sign(pki, letter, "alice", "--timestamp-url", pki.tsa_url, "--ltv",
                "--trust", str(pki.root)) == 0
    data = signed(letter).read_bytes()
    assert revisions(data) >= 3  # the signature, the validation data, the document timestamp
    assert b"/DocTimeStamp" in data
    assert broken_clauses(data) == []


@pytest.mark.slow
def test_the_azerbaijani_letter_signed_breaks_no_rule_of_file_syntax(
        pki: Pki, tmp_path: Path, fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    pdf = build(AZERBAIJANI, tmp_path / "az.pdf", World(fonts)).output
    assert sign(pki, pdf) == 0
    assert broken_clauses(signed(pdf).read_bytes()) == []
