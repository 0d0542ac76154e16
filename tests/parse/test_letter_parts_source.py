"""The parts of a formal letter in a YAML source (docs/source-format.md, "The parts of a
letter"): each key read into its field, each mistake located (line, column, field), the JSON
Schema saying the same, and a letter written back as YAML reading the same."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import jsonschema
import pytest
import yaml
from helpers import REPO
from helpers.sources import COVERAGE, as_json, parse, problems, source

from letterpress.errors import Diagnostic
from letterpress.model import Enclosure
from letterpress.parse import parse_text
from letterpress.parse.yaml_source import dump_letter, json_schema

PARTS = ("place: Baku", "reference_label: Our ref.", "subject: The annual assembly",
         "salutation: Dear Ms Verhara,", "enclosures:", "  - The agenda",
         "  - title: The budget, 4 pages", "cc:", "  - The Council", "  - The auditors")
VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def one(text: str) -> Diagnostic:
    found = problems(text)
    assert len(found) == 1, [d.format() for d in found]
    return found[0]


def test_each_part_is_read_into_its_field() -> None:
    letter, warnings = parse(source(extra=PARTS))
    assert warnings == ()
    assert (letter.place, letter.reference_label, letter.subject, letter.salutation) == (
        "Baku", "Our ref.", "The annual assembly", "Dear Ms Verhara,")
    assert letter.enclosures == (Enclosure(title="The agenda"),
                                 Enclosure(title="The budget, 4 pages"))
    assert letter.cc == ("The Council", "The auditors")


def test_left_out_each_part_is_empty_and_the_label_is_the_languages() -> None:
    letter, _ = parse(source())
    assert (letter.place, letter.reference_label, letter.subject, letter.salutation,
            letter.enclosures, letter.cc) == ("", None, "", "", (), ())
    # an empty label is a label of its own: none at all
    assert parse(source(extra=('reference_label: ""',)))[0].reference_label == ""


def test_one_cc_line_may_be_written_as_a_string() -> None:
    assert parse(source(extra=("cc: The Council",)))[0].cc == ("The Council",)


# (the lines added after the base letter's 9, the message, line, column, field)
@pytest.mark.parametrize(("extra", "message", "where"), [
    (("subject:", "  - a list"), "expected text, got a list", (11, 3, "subject")),
    (("salutation: {a: b}",), "expected text, got a mapping", (10, 13, "salutation")),
    (("enclosures: The agenda",),
     "expected a list of enclosures (lines of text), got text", (10, 13, "enclosures")),
    (("enclosures:", "  - The agenda", "  - titl: The budget"), "unknown key 'titl'",
     (12, 5, "enclosures[1].titl")),
    (("enclosures:", "  - The agenda", '  - ""'), "must not be empty", (12, 5, "enclosures[1]")),
    (("cc:", "  - The Council", "  - [a]"), "expected text, got a list", (12, 5, "cc[1]")),
    (("place: Baku\u200b",), "control character U+200B (ZERO WIDTH SPACE) is not allowed",
     (10, 12, "place")),
])
def test_a_mistake_in_a_part_is_located(extra: tuple[str, ...], message: str,
                                        where: tuple[int, int, str]) -> None:
    d = problems(source(extra=extra))[0]  # (a key misspelt also leaves the right one missing)
    assert (d.message, (d.line, d.column, d.field)) == (message, where)


def test_a_misspelt_part_suggests_its_key() -> None:
    d = one(source(extra=("salutaton: Dear Ms Verhara,",)))
    assert (d.message, d.hint) == ("unknown key 'salutaton'", "did you mean 'salutation'?")


def test_written_back_as_yaml_the_parts_read_the_same() -> None:
    letter, _ = parse(source(extra=PARTS))
    text = dump_letter(letter)
    assert parse(text)[0] == letter
    data = yaml.safe_load(text)
    # an enclosure is written as the line of text a letter usually gives
    assert data["enclosures"] == ["The agenda", "The budget, 4 pages"]
    assert list(data) == ["letterhead", "reference", "reference_label", "date", "place",
                          "language", "sender", "recipient", "subject", "salutation", "body",
                          "enclosures", "cc"]



@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_the_json_schema_accepts_the_ministry_letters(language: str) -> None:
    path = REPO / "source" / f"2026-12-01-ministry-letter-{language}.yaml"
    VALIDATOR.validate(as_json(yaml.safe_load(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("change", [
    {"subject": ["a"]}, {"enclosures": "The agenda"}, {"enclosures": [{"titl": "x"}]},
    {"enclosures": [{"title": ""}]}, {"cc": [["a"]]}, {"salutation": {"a": "b"}},
])
def test_the_json_schema_rejects_what_the_loader_rejects(change: dict[str, Any]) -> None:
    data = as_json(yaml.safe_load(source())) | change
    assert not VALIDATOR.is_valid(data)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the loader refuses it too
        parse(yaml.safe_dump(data, allow_unicode=True))


def test_an_enclosure_may_name_a_pdf_file_and_is_written_back_with_it() -> None:
    """Issue 23: ``file:`` names a PDF whose pages follow the letter's; parse keeps the name
    as written (resolve reads it: tests/resolve), the schema allows it, dump writes it."""
    extra = ("enclosures:", "  - The agenda", "  - title: Annual report 2025",
             "    file: reports/annual.pdf")
    read, found = parse_text(source(extra=extra), "letter.yaml", COVERAGE)
    assert found == []
    assert read.values["enclosures"] == (
        Enclosure(title="The agenda"),
        Enclosure(title="Annual report 2025", file="reports/annual.pdf"))
    assert read.references["enclosures[1].file"] == "reports/annual.pdf"
    letter, _ = parse(source(extra=PARTS))
    with_file = replace(letter, enclosures=read.values["enclosures"])
    data = yaml.safe_load(dump_letter(with_file))
    assert data["enclosures"] == ["The agenda", {"title": "Annual report 2025",
                                                 "file": "reports/annual.pdf"}]
    VALIDATOR.validate(as_json(yaml.safe_load(source(extra=extra))))
    wrong = ("enclosures:", "  - title: Annual report", "    file: [a.pdf]")
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(as_json(yaml.safe_load(source(extra=wrong))))
    assert problems(source(extra=wrong))[0].field == "enclosures[0].file"
