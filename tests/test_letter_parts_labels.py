"""The labels of the parts of a formal letter, in each language, and when the reference is
labelled (docs/source-format.md, "The parts of a letter"). The expected words are the ones
the documentation states; the rule for the reference's label is what keeps every letter
written before these parts existed printing its reference bare, byte for byte as before."""

from __future__ import annotations

import dataclasses

import pytest
from helpers.letters import BASE

from letterpress.content import fields
from letterpress.model import Enclosure, Letter

PLAIN = dataclasses.replace(BASE, subject="", salutation="", place="", reference_label=None,
                            enclosures=(), cc=())


def printed(letter: Letter) -> dict[str, str]:
    return {field.path: field.text for field in fields(letter)}


@pytest.mark.parametrize(("changes", "reference"), [
    ({}, "7/26"),  # none of the parts: bare, as before
    ({"salutation": "Dear members,", "cc": ("The Council",)}, "7/26"),
    ({"subject": "The assembly"}, "Ref. 7/26"),
    ({"place": "Baku"}, "Ref. 7/26"),
    ({"reference_label": "Our ref."}, "Our ref. 7/26"),
    ({"place": "Baku", "reference_label": ""}, "7/26"),
    ({"place": "Bakı", "language": "az"}, "№ 7/26"),
    ({"place": "Баку", "language": "ru"}, "Исх. № 7/26"),
])
def test_the_reference_is_labelled_when_the_letter_has_a_subject_or_a_place(
        changes: dict[str, object], reference: str) -> None:
    assert printed(dataclasses.replace(PLAIN, **changes))["reference"] == reference


def test_a_letter_without_the_parts_prints_the_fields_it_always_printed() -> None:
    paths = list(printed(PLAIN))
    assert not {"subject", "salutation", "place", "enclosures"} & set(paths)
    assert not [p for p in paths if p.startswith(("cc[", "enclosures["))]


@pytest.mark.parametrize(("language", "place", "one", "two", "copy"), [
    ("en", "Baku, 20.11.2026", "Enclosure: A", "Enclosures: 2", "cc: The Council"),
    ("az", "Bakı, 20.11.2026", "Əlavə: A", "Əlavələr: 2", "Surəti: The Council"),
    ("ru", "Баку, 20.11.2026", "Приложение: A", "Приложения: 2", "Копия: The Council"),
])
def test_each_language_labels_the_parts_in_its_own_words(
        language: str, place: str, one: str, two: str, copy: str) -> None:
    town = place.split(",")[0]
    letter = dataclasses.replace(PLAIN, language=language, place=town,
                                 enclosures=(Enclosure(title="A"),), cc=("The Council",))
    shown = printed(letter)
    assert f"{shown['place']} {shown['date']}" == place
    assert (shown["enclosures[0]"], shown["cc[0]"]) == (one, copy)
    several = printed(dataclasses.replace(letter, enclosures=(
        Enclosure(title="A"), Enclosure(title="B"))))
    assert (several["enclosures"], several["enclosures[0]"], several["enclosures[1]"]) == (
        two, "1. A", "2. B")
