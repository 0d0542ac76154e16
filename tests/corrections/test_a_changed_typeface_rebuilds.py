"""An incremental build follows a letter's typeface (docs/source-format.md, "Typefaces"):
it is written in the letter or in the letterhead file it reads, so changing it in either
rebuilds the letter, in the new family; the PDF carries the file that chose it."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterpress.check.readback import read_pdf
from letterpress.cli import main
from letterpress.pipeline import check_embedded
from letterpress.world import World

LETTER = """\
letterhead: head.yaml
reference: "2/26"
date: 2026-11-20
sender: Harbour Trust
recipient: City Archive
body:
  - A short letter about the quay, set in whichever typeface its letterhead chooses.
"""


def families(pdf: Path) -> set[str]:
    return {name.split("+")[-1].split("-")[0] for name in read_pdf(pdf).fonts}


@pytest.mark.slow
def test_a_letterheads_typeface_changed_rebuilds_its_letter_in_the_new_family(
        tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the project's root: no registry is looked for above it
    (tmp_path / "letter.yaml").write_text(LETTER, encoding="utf-8")
    head = tmp_path / "head.yaml"
    head.write_text("name: Harbour Trust\n", encoding="utf-8")
    out = tmp_path / "out"
    pdf = out / "letter.pdf"
    assert main(["build", str(tmp_path / "letter.yaml"), "-o", str(out)]) == 0
    assert families(pdf) == {"LiberationSerif"}
    before = pdf.read_bytes()
    assert main(["build", str(tmp_path / "letter.yaml"), "-o", str(out)]) == 0
    assert pdf.read_bytes() == before  # nothing changed: the same file
    head.write_text("name: Harbour Trust\ntypeface: sans\n", encoding="utf-8")
    assert main(["build", str(tmp_path / "letter.yaml"), "-o", str(out)]) == 0
    assert families(pdf) == {"LiberationSans"}
    assert check_embedded(pdf, World()) == ()  # the letterhead inside says sans
