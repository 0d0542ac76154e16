"""The signature block in a YAML source (docs/source-format.md, "The signature block"): read
into the model with every field located, and every mistake a located error naming the line,
the column and the field, with a hint where one helps."""

from __future__ import annotations

import datetime

import jsonschema
import pytest
import yaml
from helpers import read_letter
from helpers.sources import ROOT, problems, source

from letterpress.errors import Diagnostic
from letterpress.model import Signature, Signer
from letterpress.parse.yaml_source import dump_letter, json_schema
from letterpress.pipeline import load_text
from letterpress.world import World

# helpers.sources.BASE has 9 lines: the block starts on line 10
BLOCK = (
    "closing: Yours faithfully,",  # 10
    "signature:",  # 11
    "  place: Baku",  # 12
    "  date: 2026-11-20",  # 13
    "  signers:",  # 14
    "    - name: Aynur Mammadova",  # 15
    "      title: Chair of the Council",  # 16
    "      organisation: Open Data",  # 17
    "    - name: Rashad Huseynov",  # 18
)


def located(lines: tuple[str, ...]) -> list[tuple[int, int, str, str, str]]:
    return [(d.line, d.column, d.field, d.message, d.hint)
            for d in problems(source(extra=lines))]


def one(lines: tuple[str, ...]) -> Diagnostic:
    found = problems(source(extra=lines))
    assert len(found) == 1, [d.format() for d in found]
    return found[0]


def test_a_signature_block_is_read_field_by_field() -> None:
    letter, warnings = read_letter(source(extra=BLOCK), "letter.yaml", ROOT)
    assert warnings == ()
    assert letter.signature == Signature(
        place="Baku", date=datetime.date(2026, 11, 20), signers=(
            Signer(name="Aynur Mammadova", title="Chair of the Council",
                   organisation="Open Data"),
            Signer(name="Rashad Huseynov")))


def test_every_field_of_the_block_has_its_position() -> None:
    positions = load_text(source(extra=BLOCK), "letter.yaml", ROOT, World()).positions
    where = {path: (p.line, p.column) for path, p in positions.items()
             if path.startswith("signature")}
    assert where == {
        "signature": (12, 3), "signature.place": (12, 10), "signature.date": (13, 9),
        "signature.signers": (15, 5), "signature.signers[0]": (15, 7),
        "signature.signers[0].name": (15, 13), "signature.signers[0].title": (16, 14),
        "signature.signers[0].organisation": (17, 21), "signature.signers[1]": (18, 7),
        "signature.signers[1].name": (18, 13)}


def test_a_letter_without_the_block_has_none() -> None:
    letter, _ = read_letter(source(), "letter.yaml", ROOT)
    assert letter.signature is None


@pytest.mark.parametrize(("lines", "expected"), [
    (BLOCK[:4] + ("  signers: Aynur",),
     (14, 12, "signature.signers", "expected a list of signers, got text")),
    (BLOCK[:4] + ("  signers: []",), (14, 12, "signature.signers", "must not be empty")),
    (BLOCK[:4] + ("  signers:",), (14, 11, "signature.signers", "must not be empty")),
    (BLOCK[:4], (12, 3, "signature.signers", "missing required key 'signers'")),
    (("signature: Aynur Mammadova",), (10, 12, "signature", "expected a mapping, got text")),
    (("signature:", "  signers:", "    - Aynur"),
     (12, 7, "signature.signers[0]", "expected a mapping, got text")),
    (("signature:", "  date: 2026-02-30", "  signers:", "    - name: A"),
     (11, 9, "signature.date",
      "'2026-02-30' is not a valid date (day is out of range for month)")),
    (("signature:", "  date: 20.11.2026", "  signers:", "    - name: A"),
     (11, 9, "signature.date", "expected a date (YYYY-MM-DD), got '20.11.2026'")),
    (BLOCK[:5] + ("    - name: ''",), (15, 13, "signature.signers[0].name", "must not be empty")),
    (BLOCK[:5] + ("    - title: Chair",),
     (15, 7, "signature.signers[0].name", "missing required key 'name'")),
    (("signature:", "  signers:", "    - member: Aynur M"),
     (12, 15, "signature.signers[0].member", "'Aynur M' is not a member id")),
])
def test_a_wrong_shape_is_a_located_error(lines: tuple[str, ...],
                                          expected: tuple[int, int, str, str]) -> None:
    d = one(lines)
    assert (d.line, d.column, d.field, d.message) == expected


def test_an_empty_list_of_signers_says_how_to_write_one() -> None:
    d = one(BLOCK[:4] + ("  signers: []",))
    assert "- name: ...' or '- member: ID'" in d.hint and "leaves 'signature' out" in d.hint


@pytest.mark.parametrize(("lines", "expected"), [
    (("signature:", "  plase: Baku", "  signers:", "    - name: A"),
     (11, 3, "signature.plase", "unknown key 'plase'", "did you mean 'place'?")),
    (BLOCK[:5] + ("    - name: Aynur", "      titel: Chair"),
     (16, 7, "signature.signers[0].titel", "unknown key 'titel'", "did you mean 'title'?")),
    # as in a signatory group, a member of the registry is named by its id alone
    (BLOCK[:5] + ("    - member: aynur-mammadova", "      title: Chair"),
     (16, 7, "signature.signers[0].title", "unknown key 'title'", "expected one of: member")),
])
def test_an_unknown_key_is_named_with_a_suggestion(
        lines: tuple[str, ...], expected: tuple[int, int, str, str, str]) -> None:
    assert located(lines) == [expected]


def test_a_character_the_fonts_lack_is_located_at_its_column() -> None:
    d = one(BLOCK[:5] + ("    - name: Aynur 漢",))
    assert (d.line, d.column, d.field) == (15, 19, "signature.signers[0].name")
    assert "U+6F22" in d.message


def test_every_problem_of_the_block_is_reported_at_once() -> None:
    lines = ("signature:", "  place: [Baku]", "  date: soon", "  signers:", "    - name: ''",
             "      rank: 2")
    assert [(line, field) for line, _, field, *_ in located(lines)] == [
        (11, "signature.place"), (12, "signature.date"), (14, "signature.signers[0].name"),
        (15, "signature.signers[0].rank")]


def test_text_is_nfc_and_stripped() -> None:
    letter, _ = read_letter(source(extra=(
        "signature:", "  place: '  Bake\u0301  '", "  signers:",
        "    - name: Aynur", "      title: ' Chair '")), "letter.yaml", ROOT)
    assert letter.signature is not None
    assert letter.signature.place == "Baké"
    assert letter.signature.signers[0].title == "Chair"


def test_the_block_written_back_reads_as_the_same_block_and_fits_the_schema() -> None:
    letter, _ = read_letter(source(extra=BLOCK), "letter.yaml", ROOT)
    text = dump_letter(letter)
    again, _ = read_letter(text, "letter.yaml", ROOT)
    assert again.signature == letter.signature
    data = yaml.safe_load(text)
    assert list(data["signature"]) == ["place", "date", "signers"]
    data["signature"]["date"] = data["signature"]["date"].isoformat()
    data["date"] = data["date"].isoformat()
    jsonschema.Draft202012Validator(json_schema()).validate(data)


@pytest.mark.parametrize("block", [
    {"signers": []},
    {"place": "Baku"},
    {"signers": [{"title": "Chair"}]},
    {"signers": [{"member": "aynur-mammadova", "title": "Chair"}]},
    {"signers": [{"name": "A"}], "date": "20.11.2026"},
])
def test_the_schema_refuses_what_the_loader_refuses(block: dict[str, object]) -> None:
    letter = {"letterhead": "letterheads/ogp.yaml", "reference": "1", "date": "2026-11-20",
              "sender": "S", "recipient": "R", "body": ["B"], "signature": block}
    validator = jsonschema.Draft202012Validator(json_schema())
    assert list(validator.iter_errors(letter)), block
