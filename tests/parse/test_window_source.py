"""A window envelope's keys in a YAML source (docs/source-format.md, "A window envelope"):
``address`` (at most six lines, DIN 5008's address zone), ``return_address``, ``window``
and ``marks`` read into their fields; each mistake located and naming what is needed; the
JSON Schema saying the same; a letter written back as YAML reading the same."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import yaml
from helpers.sources import as_json, parse, problems, source

from letterpress.parse.yaml_source import dump_letter, json_schema

WINDOW = ("address:", "  - Ministry of Justice", "  - 1 Inshaatchilar Avenue",
          "  - Baku AZ 1073", "window: din-a", "marks: true")
VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def test_the_window_keys_are_read_into_their_fields() -> None:
    letter, warnings = parse(source(extra=(*WINDOW, "return_address: OGP, Baku AZ 1001")))
    assert warnings == ()
    assert (letter.address, letter.window, letter.marks, letter.return_address) == (
        ("Ministry of Justice", "1 Inshaatchilar Avenue", "Baku AZ 1073"), "din-a", True,
        "OGP, Baku AZ 1001")


def test_left_out_there_is_no_window() -> None:
    letter, _ = parse(source())
    assert (letter.address, letter.window, letter.marks, letter.return_address) == (
        (), None, False, "")


@pytest.mark.parametrize("form", ["din-a", "din-b", "right"])
def test_each_form_is_a_window(form: str) -> None:
    assert parse(source(extra=(*WINDOW[:4], f"window: {form}")))[0].window == form


def test_an_address_of_seven_lines_is_refused_naming_the_limit() -> None:
    lines = tuple(f"  - line {n}" for n in range(1, 8))
    found = problems(source(extra=("address:", *lines, "window: din-b")))
    assert [(d.line, d.column, d.field) for d in found] == [(11, 3, "address")]
    assert "7 lines" in found[0].message and "at most 6" in found[0].message
    # six lines are what the zone holds
    six = parse(source(extra=("address:", *lines[:6], "window: din-b")))[0]
    assert len(six.address) == 6


# (the lines after the base letter's 9, words the message has, line, column, field)
@pytest.mark.parametrize(("extra", "words", "where"), [
    (("window: din-a",), "'address' is missing", (10, 9, "window")),
    (WINDOW[:4], "'window' is missing", (11, 3, "address")),
    (("marks: true",), "'window' is missing", (10, 8, "marks")),
    (("return_address: OGP",), "'window' is missing", (10, 17, "return_address")),
    ((*WINDOW[:4], "window: din-c"), "unknown window 'din-c'", (14, 9, "window")),
    ((*WINDOW[:5], "marks: yes"), "expected true or false, got 'yes'", (15, 8, "marks")),
    ((*WINDOW[:5], "paper: letter"), "drawn on A4 paper", (14, 9, "window")),
])
def test_a_window_mistake_is_located(extra: tuple[str, ...], words: str,
                                     where: tuple[int, int, str]) -> None:
    found = problems(source(extra=extra))
    assert len(found) == 1, [d.format() for d in found]
    assert words in found[0].message
    assert (found[0].line, found[0].column, found[0].field) == where


def test_written_back_as_yaml_the_window_reads_the_same() -> None:
    letter, _ = parse(source(extra=(*WINDOW, "return_address: OGP, Baku AZ 1001")))
    text = dump_letter(letter)
    assert parse(text)[0] == letter
    data = yaml.safe_load(text)
    assert [key for key in data if key in ("address", "return_address", "window", "marks")] == [
        "address", "return_address", "window", "marks"]
    assert data["marks"] is True



def test_the_json_schema_accepts_a_window_letter() -> None:
    VALIDATOR.validate(as_json(yaml.safe_load(source(extra=WINDOW))))


@pytest.mark.parametrize("change", [
    {"window": "din-c"}, {"marks": "yes"}, {"address": [f"line {n}" for n in range(7)]},
    {"address": [["a"]]},
])
def test_the_json_schema_rejects_what_the_loader_rejects(change: dict[str, Any]) -> None:
    data = as_json(yaml.safe_load(source(extra=WINDOW))) | change
    assert not VALIDATOR.is_valid(data)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the loader refuses it too
        parse(yaml.safe_dump(data, allow_unicode=True))
