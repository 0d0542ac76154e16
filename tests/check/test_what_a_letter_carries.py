"""Issue 20, point 2: a letter carries only what it uses of the members registry (the entries
it names, as it prints them; no comment, no other member), and `extract --list` shows what a
PDF carries before it is sent."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import in_folder, process
from helpers.enclosures import enclosure_pdf, letter_with
from helpers.registry import REGISTRY, letter

PRIVATE = "# do not publish: Aynur's term ends in March\n"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source/members.yaml").write_text(PRIVATE + REGISTRY, encoding="utf-8")
    (tmp_path / "source/invitation.yaml").write_text(
        "# a note for the secretariat\n# and a second one\n" + letter("ru"), encoding="utf-8")
    assert process(tmp_path, "build", "source", "-o", "out").returncode == 0
    return tmp_path


@pytest.mark.slow
def test_the_registry_travels_only_as_the_letter_uses_it(built: Path) -> None:
    done = process(built, "extract", "out/invitation.pdf", "-o", "sent")
    assert done.returncode == 0, done.stderr
    carried = (built / "sent/members.yaml").read_text(encoding="utf-8")
    assert "do not publish" not in carried and "#" not in carried
    assert "aynur" not in carried.lower()  # a member the letter does not name
    assert "Рафик Исмайылов" in carried  # the name the Russian letter prints
    assert "Vətəndaş" not in carried  # the Azerbaijani text it does not print
    # the letter's own comments are its own: they travel with it, as written
    assert (built / "sent/invitation.yaml").read_text(encoding="utf-8").startswith(
        "# a note for the secretariat\n")
    again = process(built, "build", "sent/invitation.yaml", "-o", "again.pdf")
    assert again.returncode == 0
    assert (built / "again.pdf").read_bytes() == (built / "out/invitation.pdf").read_bytes()


@pytest.mark.slow
def test_extract_list_says_what_a_pdf_carries_and_writes_nothing(built: Path) -> None:
    listed = process(built, "extract", "--list", "out/invitation.pdf")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == "out/invitation.pdf carries 2 files:"
    assert "invitation.yaml" in lines[1] and "with its 2 comment lines" in lines[1]
    assert "members.yaml" in lines[2]
    assert lines[2].endswith("1 entry of the members registry, as this letter prints them: "
                             "rafik-ismayilov")
    assert not (built / "invitation").exists()


@pytest.mark.slow
def test_extract_list_names_an_enclosure_as_such(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "report.pdf").write_bytes(enclosure_pdf(["Annual report 2025"]))
    letter_with(tmp_path, [("Annual report 2025", "report.pdf")])
    assert in_folder(tmp_path, capsys, "build", "letter.yaml", "-o", "out").returncode == 0
    listed = in_folder(tmp_path, capsys, "extract", "--list", "out/letter.pdf")
    line = next(line for line in listed.stdout.splitlines() if "report.pdf" in line)
    assert line.endswith("an enclosure, its pages appended after the letter's")
