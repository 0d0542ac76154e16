"""`letterpress check` reads the parts of a formal letter back as fields (docs/source-format.md,
"The parts of a letter"): the subject, the salutation, the place before the date, the
reference's label, the enclosures (their count and each entry) and the copies. Each changed
in the PDF is a finding of its own field; a subject changed in the text layer only (the
glyphs still drawing the source's words) is one too, and so is a PDF title that is not the
subject of a letter without a title.

The PDFs are a small letter, built, then edited with pikepdf; what each finding must name
comes from the edit (the field edited, the words written), not from a run of the code.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers.checked import built_alone, found, found_after_swap
from helpers.glyph_forgery import bold_y_read_as_i, forged

from letterpress.fonts import FontSet

# Only the subject has a "y" in bold (the letterhead's name, the sender and the recipient
# are bold too).
LETTER = """\
letterhead:
  name: Open Government Platform
reference: "52/26"
date: 2026-12-01
date_format: D MMMM YYYY
place: Baku
sender: The Secretariat
recipient: The Minister of Justice
subject: Proposals on the draft law on transparency
salutation: Dear Minister,
body:
  - We write to you about the draft law.
closing: Yours sincerely,
enclosures:
  - Monitoring report, 24 pages
  - Table of proposals, 6 pages
cc:
  - Commissioner for Human Rights
  - Commission on Combating Corruption
"""


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built_alone(tmp_path_factory.mktemp("parts"), LETTER)


@pytest.mark.slow
def test_the_letter_as_built_reads_back(letter: tuple[Path, Path], fonts: FontSet) -> None:
    source, pdf = letter
    assert found(source, pdf, fonts) == ()
    with pikepdf.open(pdf) as doc:
        assert str(doc.docinfo["/Title"]) == (
            "Proposals on the draft law on transparency")


# (the words as the content stream holds them, as forged, the field, the text it must read)
FORGERIES = [
    (b"(Proposals on the draft law on transparency)",
     b"(Proposals on the draft act on transparency)", "subject",
     "Proposals on the draft act on transparency"),
    (b"(Dear Minister,)", b"(Dear Ministry,)", "salutation", "Dear Ministry,"),
    (b"(Baku,)", b"(Bako,)", "place", "Bako,"),
    (b"(Ref. 52/26)", b"(No. 52/26)", "reference", "No. 52/26"),
    (b"(Enclosures: 2)", b"(Enclosures: 3)", "enclosures", "Enclosures: 3"),
    (b"(Table of proposals, 6 pages)", b"(Table of proposals, 9 pages)", "enclosures[1]",
     "2. Table of proposals, 9 pages"),
    (b"(Commission on Combating Corruption)", b"(Commission on Combating Coruption)", "cc[1]",
     "Commission on Combating Coruption"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("old", "new", "field", "text"), FORGERIES,
                         ids=[f[2] for f in FORGERIES])
def test_a_part_changed_in_the_pdf_is_a_finding_of_its_field(
        letter: tuple[Path, Path], tmp_path: Path, fonts: FontSet,
        old: bytes, new: bytes, field: str, text: str) -> None:
    source, pdf = letter
    findings = found_after_swap(source, pdf, tmp_path / "forged.pdf", fonts, old, new)
    assert field in {f.field for f in findings}, [f.format() for f in findings]
    assert any(f.field == field and " ".join(f.found.split()) == text for f in findings), [
        f.format() for f in findings]


@pytest.mark.slow
def test_a_subject_changed_in_the_text_layer_only_is_a_finding(
        letter: tuple[Path, Path], tmp_path: Path, fonts: FontSet) -> None:
    """The glyphs still draw "transparency"; the bold font's /ToUnicode map says its "y" is
    an "i", so every reader of the text layer reads "transparenci"."""
    source, pdf = letter

    findings = found(source, forged(pdf, tmp_path, bold_y_read_as_i), fonts)
    assert any(f.field == "subject" and f.found.endswith("transparenci") for f in findings), [
        f.format() for f in findings]


@pytest.mark.slow
def test_a_title_that_is_not_the_subject_is_a_finding(
        letter: tuple[Path, Path], tmp_path: Path, fonts: FontSet) -> None:
    source, pdf = letter
    other = tmp_path / "titled.pdf"
    with pikepdf.open(pdf) as doc:
        doc.docinfo["/Title"] = "Another letter"
        doc.save(other)
    findings = found(source, other, fonts)
    assert ("metadata.title", "Proposals on the draft law on transparency",
            "Another letter") in [(f.field, f.expected, f.found) for f in findings]
