"""One letterhead file holds the platform's name, address and labels in English (its top) and
in az and ru blocks (docs/source-format.md, "Letterhead"): a letter prints its language's
block, and what the block leaves out is printed from the top with a warning that names the
letterhead file, line, column and field; a letterhead file with no block for the letter's
language warns once. The expected words are the ones written in the files here and in
source/letterheads/ogp.yaml, read as text, not letterpress's output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import REPO, SOURCE_DIR, letter_at, read_letter
from helpers.cli import process

from letterpress.content import LABELS, letterhead_fields
from letterpress.corrections.diff import diff_letters
from letterpress.errors import SourceError
from letterpress.parse.schema import json_schema

OGP = SOURCE_DIR / "letterheads/ogp.yaml"

LETTER = """\
letterhead: head.yaml
reference: "1/26"
date: 2026-11-20
language: {language}
sender: Secretariat
recipient: Members
body:
  - A short letter.
"""

HEAD = """\
name: Harbour Trust
address:
  - 1 Quay Street
  - Baku AZ 1000
telephone: 555 0199
email: desk@quay.example
"""


def _write(folder: Path, head: str, language: str) -> Path:
    (folder / "head.yaml").write_text(head, encoding="utf-8")
    letter = folder / f"letter-{language}.yaml"
    letter.write_text(LETTER.format(language=language), encoding="utf-8")
    return letter


def _printed(letter_file: Path) -> tuple[list[str], tuple]:
    letter, warnings = letter_at(letter_file)
    return [f.text for f in letterhead_fields(letter)], warnings


@pytest.mark.parametrize("language", ["az", "ru"])
def test_the_invitations_print_their_languages_block_of_the_shared_letterhead(
        language: str) -> None:
    block = yaml.safe_load(OGP.read_text(encoding="utf-8"))[language]
    letter, warnings = letter_at(SOURCE_DIR / f"2026-11-20-assembly-invitation-{language}.yaml")
    texts = [f.text for f in letterhead_fields(letter)]
    assert texts[0] == block["name"]
    assert texts[1:1 + len(block["address"])] == block["address"]
    assert not [w for w in warnings if w.field.startswith("letterhead")]


def test_the_shared_letterhead_is_written_as_the_issue_names_it() -> None:
    """Azerbaijani and Russian as written by hand: NFC, the platform's own words."""
    data = yaml.safe_load(OGP.read_text(encoding="utf-8"))
    assert data["az"]["name"].startswith("Açıq Hökumət Təşəbbüsü")
    assert data["ru"]["name"].startswith("Инициатива открытого правительства")
    assert "Bakı" in data["az"]["address"][0] and "Баку" in data["ru"]["address"][0]


def test_an_english_letter_prints_the_top(tmp_path: Path) -> None:
    texts, warnings = _printed(_write(tmp_path, HEAD + "az:\n  name: Liman Birliyi\n", "en"))
    assert texts[:3] == ["Harbour Trust", "1 Quay Street", "Baku AZ 1000"]
    assert texts[3] == "Tel.: 555 0199"
    assert not warnings


def test_a_block_prints_its_name_address_and_labels(tmp_path: Path) -> None:
    head = HEAD + ("ru:\n  name: Портовый фонд\n  address:\n    - ул. Набережная, 1\n"
                   "  labels:\n    telephone: 'Телефон:'\n")
    texts, warnings = _printed(_write(tmp_path, head, "ru"))
    assert texts == ["Портовый фонд", "ул. Набережная, 1", "Телефон: 555 0199",
                     "Эл. почта: desk@quay.example"]
    assert not warnings


def test_labels_at_the_top_word_an_english_letters_labels(tmp_path: Path) -> None:
    head = HEAD + "labels:\n  sender: 'Sent by:'\n  email: 'Mail:'\n"
    letter, _ = letter_at(_write(tmp_path, head, "en"))
    from letterpress.content import fields

    texts = [f.text for f in fields(letter)]
    assert "Mail: desk@quay.example" in texts and "Sent by: Secretariat" in texts
    assert "To: Members" in texts  # a label not given is the language's own
    # and an az letter keeps its own labels: the top's are English
    az, _ = letter_at(_write(tmp_path, head + "az:\n  name: Liman Fondu\n  address: Bakı\n",
                             "az"))
    assert f"{LABELS['az']['sender']} Secretariat" in [f.text for f in fields(az)]


def test_a_name_the_block_leaves_out_is_printed_in_english_with_a_located_warning(
        tmp_path: Path) -> None:
    head = HEAD + "az:\n  address:\n    - Bakı AZ 1000\n"
    texts, warnings = _printed(_write(tmp_path, head, "az"))
    assert texts[:2] == ["Harbour Trust", "Bakı AZ 1000"]
    [w] = warnings
    assert (w.file, w.line, w.column, w.field, w.severity) == (
        str(tmp_path / "head.yaml"), 8, 3, "letterhead.az.name", "warning")
    assert "no name" in w.message and "English" in w.message
    assert "name:" in w.hint


def test_an_address_the_block_leaves_out_is_printed_in_english_with_a_warning(
        tmp_path: Path) -> None:
    texts, warnings = _printed(_write(tmp_path, HEAD + "ru:\n  name: Портовый фонд\n", "ru"))
    assert texts[:3] == ["Портовый фонд", "1 Quay Street", "Baku AZ 1000"]
    [w] = warnings
    assert (w.line, w.column, w.field) == (8, 3, "letterhead.ru.address")


def test_a_missing_block_warns_once_not_once_a_field(tmp_path: Path) -> None:
    head = HEAD + "az:\n  name: Liman Fondu\n  address: Bakı\n"
    texts, warnings = _printed(_write(tmp_path, head, "ru"))
    assert texts[:3] == ["Harbour Trust", "1 Quay Street", "Baku AZ 1000"]
    [w] = warnings
    assert (w.file, w.line, w.column, w.field) == (str(tmp_path / "head.yaml"), 1, 7,
                                                   "letterhead.ru")
    assert "no ru block" in w.message and "'ru:'" in w.hint
    # a letterhead file with no blocks at all warns the same, once
    _, warnings = _printed(_write(tmp_path, HEAD, "az"))
    assert [w.field for w in warnings] == ["letterhead.az"]


@pytest.mark.slow
def test_strict_refuses_the_fallback(tmp_path: Path) -> None:
    letter = _write(tmp_path, HEAD, "az")
    result = process(tmp_path, "build", letter.name, "-o", "out", "--strict")
    assert result.returncode == 2
    assert "head.yaml:1:7: letterhead.az: the letterhead has no az block" in result.stderr


def test_a_letterhead_written_in_the_letter_is_the_letters_own(tmp_path: Path) -> None:
    text = LETTER.format(language="az").replace(
        "letterhead: head.yaml", "letterhead:\n  name: Liman Fondu\n  address: Bakı")
    letter, warnings = read_letter(text, "letter.yaml", tmp_path)
    assert letter.letterhead.name == "Liman Fondu"
    assert not warnings


@pytest.mark.slow
@pytest.mark.parametrize(("block", "line", "column", "field", "message", "hint"), [
    ("az:\n  nmae: Liman\n", 8, 3, "letterhead.az.nmae", "unknown key 'nmae'",
     "did you mean 'name'?"),
    ("az:\n  name: Liman\n  labels:\n    phone: 'Tel:'\n", 10, 5,
     "letterhead.az.labels.phone", "unknown key 'phone'", "did you mean"),
    ("az:\n  name: ''\n", 8, 9, "letterhead.az.name", "must not be empty", ""),
    ("ru:\n  name: 漢 фонд\n", 8, 9, "letterhead.ru.name", "U+6F22", ""),
    ("az:\n  - Liman\n", 8, 3, "letterhead.az", "expected a mapping", ""),
])
def test_a_bad_block_is_a_located_error_exiting_2(
        tmp_path: Path, block: str, line: int, column: int, field: str, message: str,
        hint: str) -> None:
    letter = _write(tmp_path, HEAD + block, "az")
    with pytest.raises(SourceError) as raised:
        letter_at(letter)
    [d] = raised.value.diagnostics
    assert (d.file, d.line, d.column, d.field) == (str(tmp_path / "head.yaml"), line, column,
                                                   field)
    assert message in d.message and hint in d.hint
    result = process(tmp_path, "build", letter.name, "-o", "out")
    assert result.returncode == 2
    assert f"head.yaml:{line}:{column}: {field}: " in result.stderr


def test_diff_shows_a_change_of_a_block(tmp_path: Path) -> None:
    head = HEAD + "az:\n  name: Liman Fondu\n  address: Bakı\n"
    old, _ = letter_at(_write(tmp_path, head, "az"))
    new, _ = letter_at(_write(tmp_path, head.replace("Liman Fondu", "Liman Birliyi")
                              .replace("Bakı", "Gəncə"), "az"))
    changes = {c.path: (c.where, c.old, c.new) for c in diff_letters(old, new)}
    assert changes == {
        "letterhead.az.name": ("letterhead name (az)", "Liman Fondu", "Liman Birliyi"),
        "letterhead.az.address[0]": ("letterhead address (az), line 1", "Bakı", "Gəncə")}
    labelled = _write(tmp_path, head + "  labels:\n    email: 'Poçt:'\n", "az")
    [change] = diff_letters(old, letter_at(labelled)[0])
    assert (change.path, change.where, change.new) == (
        "letterhead.az.labels.email", "letterhead label email (az)", "Poçt:")


@pytest.mark.slow
def test_check_reads_back_the_block_an_azerbaijani_letter_prints(tmp_path: Path) -> None:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    result = process(tmp_path, "build", "source/2026-11-20-assembly-invitation-az.yaml",
                     "-o", "out", "--check")
    assert result.returncode == 0, result.stderr
    assert "reads back as written" in result.stdout + result.stderr
    # a PDF whose letterhead says another name than the block is caught, field by field
    pdf = tmp_path / "out/2026-11-20-assembly-invitation-az.pdf"
    head = tmp_path / "source/letterheads/ogp.yaml"
    text = head.read_text(encoding="utf-8")
    head.write_text(text.replace("Dialoq Platforması", "Dialoq Şurası"), encoding="utf-8")
    result = process(tmp_path, "check", "source/2026-11-20-assembly-invitation-az.yaml",
                     str(pdf))
    assert result.returncode == 1
    assert "letterhead.name: text differs" in result.stderr
    assert "expected: … Vətəndaş Cəmiyyəti Dialoq Şurası" in result.stderr


def test_the_json_schema_describes_the_shared_letterhead() -> None:
    import jsonschema

    schema = json_schema()
    letterhead = {**schema["$defs"]["letterhead"], "$defs": schema["$defs"]}
    data = yaml.safe_load(OGP.read_text(encoding="utf-8"))
    jsonschema.validate(data, letterhead)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "az": {"nmae": "x"}}, letterhead)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "labels": {"phone": "x"}}, letterhead)
    assert json.dumps(schema)  # plain JSON


def test_the_docs_describe_the_blocks() -> None:
    docs = " ".join((REPO / "docs/source-format.md").read_text(encoding="utf-8").split())
    assert "az:" in docs and "labels:" in docs and "falls back" in docs
