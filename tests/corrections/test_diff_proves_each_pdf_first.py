"""diff of two PDFs compares what was sent: a PDF stands for the source it carries only when
`check` proves it says that source; one that does not is reported as such, never compared by
its source alone (two PDFs whose pages differ must not "say the same")."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.tampering import tamper

from letterpress.cli import main
from letterpress.corrections.diff import diff_files
from letterpress.errors import NotProven
from letterpress.fonts import FontSet
from letterpress.world import World


@pytest.fixture
def forged(sample_pdf: Path, tmp_path: Path) -> Path:
    """The sample with its first page drawn in render mode 3 (no ink): its embedded source,
    its text layer and its metadata are those of the sample."""
    return tamper(sample_pdf, tmp_path / "forged.pdf", lambda d: d.replace(b"BT", b"BT 3 Tr"))


@pytest.mark.slow
def test_a_pdf_that_does_not_say_its_source_is_not_compared_by_it(
        sample_pdf: Path, forged: Path, fonts: FontSet) -> None:
    assert diff_files(sample_pdf, sample_pdf, World(fonts)) == ()  # proven, and the same
    for old, new in ((sample_pdf, forged), (forged, sample_pdf)):
        with pytest.raises(NotProven, match=rf"^{forged}: does not read back as its "
                                            r"embedded source \(\d+ difference\(s\)\); see "):
            diff_files(old, new, World(fonts))


@pytest.mark.slow
def test_the_command_says_so_and_exits_1(sample_pdf: Path, forged: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(sample_pdf), str(forged)]) == 1
    out, err = capsys.readouterr()
    assert "say the same" not in out
    assert f"{forged}: does not read back as its embedded source" in err
