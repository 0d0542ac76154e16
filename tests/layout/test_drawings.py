"""layout.drawings places the rules and images of a letter without laying out the rest
(check's allowed ink on a long letter): it must place them exactly where lay_out does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers import SOURCE_LETTERS, letter_at
from helpers.letters import BASE

from letterpress.fonts import FontSet
from letterpress.layout import drawings, lay_out
from letterpress.model import Letter, Signatory, SignatoryGroup


def whole(letter: Letter, fonts: FontSet) -> list[tuple[object, object]]:
    """The rules and images of every page of the whole layout, up to the last that has any."""
    pages = [(page.rules, page.images) for page in lay_out(letter, fonts).pages]
    while pages and not (pages[-1][0] or pages[-1][1]):
        pages.pop()
    return pages


def _many(n: int) -> tuple[SignatoryGroup, ...]:
    return (SignatoryGroup(heading="Signed:", start=1, columns=2, members=tuple(
        Signatory(name=f"Member {k}", organisation="Union", role="head") for k in range(n))),)


LETTERS = {
    "every field": BASE,
    "no logo": dataclasses.replace(
        BASE, letterhead=dataclasses.replace(BASE.letterhead, logo="", logo_data=b"")),
    "a long letterhead": dataclasses.replace(
        BASE, letterhead=dataclasses.replace(
            BASE.letterhead, address=tuple(f"Address line {k}" for k in range(12)))),
    "three pages of signatories": dataclasses.replace(BASE, signatories=_many(300)),
}


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_drawings_are_the_whole_layouts_rules_and_images(name: str, fonts: FontSet) -> None:
    letter = LETTERS[name]
    placed = list(drawings(letter, fonts))
    assert placed == whole(letter, fonts)
    assert placed and placed[0][0], "the letterhead's rule is on page 1"
    assert bool(placed[0][1]) == bool(letter.letterhead.logo_data)


@pytest.mark.parametrize("path", SOURCE_LETTERS, ids=lambda p: p.name)
def test_every_letter_in_source_has_its_drawings_where_lay_out_puts_them(
        path: Path, fonts: FontSet) -> None:
    letter = letter_at(path)[0]
    assert list(drawings(letter, fonts)) == whole(letter, fonts)
