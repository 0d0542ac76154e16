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
from letterpress.model import (
    Letter,
    Paragraph,
    Signatory,
    SignatoryGroup,
    Signature,
    Signer,
    Span,
)


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
    "no signature block": dataclasses.replace(BASE, signature=None),
    # the lines to sign on stand where the block falls: here on page 2, the body before it
    # long and the signatories after it running on over pages 3 and 4
    "a signature block on page 2": dataclasses.replace(
        BASE, body=BASE.body + tuple(Paragraph(spans=(Span(text="A sentence. " * 30),))
                                     for _ in range(12)),
        signatories=_many(300)),
    "a signature block taller than a page": dataclasses.replace(
        BASE, signature=Signature(signers=tuple(Signer(name=f"Signer {k}") for k in range(30)))),
}


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_drawings_are_the_whole_layouts_rules_and_images(name: str, fonts: FontSet) -> None:
    letter = LETTERS[name]
    placed = list(drawings(letter, fonts))
    assert placed == whole(letter, fonts)
    assert placed and placed[0][0], "the letterhead's rule is on page 1"
    assert bool(placed[0][1]) == bool(letter.letterhead.logo_data)
    signers = len(letter.signature.signers) if letter.signature else 0
    assert sum(len(rules) for rules, _ in placed) == 1 + signers  # one line to sign on each


@pytest.mark.parametrize("path", SOURCE_LETTERS, ids=lambda p: p.name)
def test_every_letter_in_source_has_its_drawings_where_lay_out_puts_them(
        path: Path, fonts: FontSet) -> None:
    letter = letter_at(path)[0]
    assert list(drawings(letter, fonts)) == whole(letter, fonts)
