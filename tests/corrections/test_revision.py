"""Revisions: a revision above 1 prints its correction note (in the letter's language, worded
and placed as the source says), its PDF's metadata says which revision it replaces, and
`letterpress check` reads both back."""

from __future__ import annotations

import dataclasses
import datetime
import io
import shutil
from pathlib import Path

import pikepdf
import pytest
import yaml
from helpers import SAMPLE, SOURCE_DIR
from helpers.cli import DIAGNOSTIC
from helpers.cli import process as run

from letterpress.check.readback import read_pdf
from letterpress.content import correction_note, fields, revision_keywords
from letterpress.fonts import FontSet
from letterpress.model import Correction, Letter
from letterpress.parse.yaml_source import json_schema
from letterpress.pipeline import build, check
from letterpress.world import World

RU = SOURCE_DIR / "2026-11-20-assembly-invitation-ru.yaml"
AZ = SOURCE_DIR / "2026-11-20-assembly-invitation-az.yaml"


def revised(source: Path, folder: Path, extra: str) -> Path:
    """A copy of ``source`` (with its letterheads and members registry) with ``extra`` keys
    added at the top."""
    shutil.copytree(SOURCE_DIR / "letterheads", folder / "letterheads", dirs_exist_ok=True)
    shutil.copy(SOURCE_DIR / "members.yaml", folder / "members.yaml")
    copy = folder / source.name
    copy.write_text(extra + source.read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def test_revision_1_prints_no_note(sample_letter: Letter) -> None:
    assert correction_note(sample_letter) == "" == revision_keywords(sample_letter)
    assert all(f.kind != "correction" for f in fields(sample_letter))


@pytest.mark.parametrize(("language", "date_format", "note"), [
    ("en", "DD.MM.YYYY", "Corrected version; replaces the letter of 08.10.2020"),
    ("az", "D MMMM YYYY", "Düzəliş edilmiş variant; 8 oktyabr 2020 tarixli məktubu əvəz edir"),
    ("ru", "D MMMM YYYY", "Исправленная версия; заменяет письмо от 8 октября 2020"),
])
def test_the_note_speaks_the_letters_language(sample_letter: Letter, language: str,
                                              date_format: str, note: str) -> None:
    letter = dataclasses.replace(sample_letter, revision=2, language=language,  # type: ignore[arg-type]
                                 date_format=date_format)
    assert correction_note(letter) == note
    assert revision_keywords(letter) == "revision 2; replaces revision 1 of 2020-10-08"


def test_wording_date_and_place_come_from_the_source(sample_letter: Letter) -> None:
    letter = dataclasses.replace(sample_letter, revision=3, correction=Correction(
        text="Revision {revision} {of} the letter of {date}", place="bottom",
        replaces=datetime.date(2020, 9, 30)))
    assert correction_note(letter) == "Revision 3 {of} the letter of 30.09.2020"
    assert revision_keywords(letter) == "revision 3; replaces revision 2 of 2020-09-30"
    kinds = [f.kind for f in fields(letter)]
    assert kinds[-1] == "correction" and kinds.count("correction") == 1
    top = dataclasses.replace(letter, correction=Correction())
    kinds = [f.kind for f in fields(top)]
    assert kinds.index("correction") == kinds.index("date") + 1  # read under reference, date


@pytest.mark.parametrize(("source", "extra", "note"), [
    (SAMPLE, "revision: 2\n", "Corrected version; replaces the letter of 08.10.2020"),
    (RU, "revision: 2\ncorrection:\n  place: bottom\n  replaces: 2026-11-18\n",
     "Исправленная версия; заменяет письмо от 18 ноября 2026"),
    (AZ, "revision: 4\n",
     "Düzəliş edilmiş variant; 20.11.2026 tarixli məktubu əvəz edir"),
])
def test_a_corrected_letter_end_to_end(tmp_path: Path, fonts: FontSet, source: Path,
                                       extra: str, note: str) -> None:
    letter = revised(source, tmp_path, extra)
    built = build(letter, tmp_path / "out.pdf", World(fonts))
    text = read_pdf(built.output)
    flat = " ".join(" ".join(page.split()) for page in text.pages)
    assert note in flat
    if "bottom" in extra:
        assert flat.index(note) > flat.index("Турал Исмаилов")
    else:
        assert flat.index(note) < flat.index("From:" if source == SAMPLE else "Kimdən:")
    revision = int(extra.split()[1])
    assert text.metadata["Keywords"].startswith(f"revision {revision}; replaces revision "
                                                f"{revision - 1} of ")
    with pikepdf.open(io.BytesIO(built.output.read_bytes())) as pdf:
        assert pdf.open_metadata()["xmpMM:VersionID"] == str(revision)
    assert check(letter, built.output, World(fonts)) == ()


def test_check_finds_a_pdf_of_another_revision(tmp_path: Path, fonts: FontSet) -> None:
    letter = revised(SAMPLE, tmp_path, "")
    built = build(letter, tmp_path / "out.pdf", World(fonts))
    letter.write_text("revision: 2\n" + letter.read_text(encoding="utf-8"), encoding="utf-8")
    findings = {f.field: f for f in check(letter, built.output, World(fonts))}
    assert "correction" in findings
    assert findings["metadata.keywords"].expected == (
        "revision 2; replaces revision 1 of 2020-10-08")
    assert findings["metadata.keywords"].found == ""


@pytest.mark.parametrize(("extra", "field", "message"), [
    ("revision: 2\ncorrection:\n  place: middle\n", "correction.place",
     "unknown place 'middle'"),
    ("revision: 2\ncorrection:\n  replaces: 2020-13-01\n", "correction.replaces",
     "'2020-13-01' is not a valid date"),
    ("revision: 2\ncorrection:\n  wording: x\n", "correction.wording", "unknown key"),
])
def test_a_bad_correction_is_a_located_error(tmp_path: Path, extra: str, field: str,
                                             message: str) -> None:
    revised(SAMPLE, tmp_path, extra)
    result = run(tmp_path, "build", SAMPLE.name)
    assert result.returncode == 2
    found = [m for m in DIAGNOSTIC.finditer(result.stderr) if m["field"] == field]
    assert found, result.stderr
    assert found[0]["file"] == SAMPLE.name and int(found[0]["line"]) in (2, 3, 4)
    assert message in result.stderr


def test_the_schema_describes_the_correction_key() -> None:
    import jsonschema

    data = yaml.safe_load("revision: 2\ncorrection:\n  text: x {date}\n  place: bottom\n"
                          "  replaces: '2020-10-08'\n" + SAMPLE.read_text(encoding="utf-8"))
    data["date"] = data["date"].isoformat()
    jsonschema.validate(data, json_schema())
    data["correction"]["place"] = "middle"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


@pytest.mark.slow
def test_a_correction_on_revision_1_warns(tmp_path: Path) -> None:
    revised(SAMPLE, tmp_path, "correction:\n  place: bottom\n")
    result = run(tmp_path, "build", SAMPLE.name)
    assert result.returncode == 0, result.stderr
    assert (f"{SAMPLE.name}:2:3: correction: warning: revision 1 prints no correction note"
            in result.stderr)
    assert run(tmp_path, "build", "--strict", "--force", SAMPLE.name).returncode == 2


@pytest.mark.slow
def test_a_typical_correction_from_edit_to_checked_pdf(tmp_path: Path) -> None:
    """A misspelt name: fixed, the letter made revision 2, and only it is built again."""
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    assert run(tmp_path, "build").returncode == 0
    letter = tmp_path / "source" / SAMPLE.name
    text = letter.read_text(encoding="utf-8").replace("Rafik İsmayılov", "Rafiq İsmayılov")
    letter.write_text(text.replace("date_format:", "revision: 2\ndate_format:", 1),
                      encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.returncode == 0, result.stderr
    built = [line for line in result.stdout.splitlines() if " -> " in line]
    assert len(built) == 1
    assert built[0].startswith(f"source/{SAMPLE.name} -> output/{SAMPLE.stem}.pdf (2 pages, ")
    assert built[0].endswith(f" KiB; source/{SAMPLE.name} changed)")
    pdf = f"output/{SAMPLE.stem}.pdf"
    checked = run(tmp_path, "check", f"source/{SAMPLE.name}", pdf)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    flat = " ".join(" ".join(read_pdf(tmp_path / pdf).pages).split())
    assert "Rafiq İsmayılov" in flat and "Rafik" not in flat
    assert "Corrected version; replaces the letter of 08.10.2020" in flat


def test_a_correction_round_trips_through_dump(sample_letter: Letter, fonts: FontSet) -> None:
    from helpers import read_letter

    from letterpress.parse.dump import dump_letter

    letter = dataclasses.replace(sample_letter, revision=2, correction=Correction(
        text="Fixed: {date}", place="bottom", replaces=datetime.date(2020, 9, 1)))
    text = dump_letter(letter, "letterheads/ogp.yaml")
    again, warnings = read_letter(text, "x.yaml", SAMPLE.parent)
    assert again == letter and warnings == ()
