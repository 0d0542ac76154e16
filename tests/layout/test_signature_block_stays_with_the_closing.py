"""The signature block is never parted from the closing: the closing, the place and date and
every signer stand on one page, with at least the last two lines of the body (issue 22, point
1). Found as for the closing alone: the body grows one sentence at a time, so that the page
ends at every place around the block, for a block of one, two and three signers."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from helpers.layout_pages import pages_of
from helpers.letters import BASE

from letterpress.fonts import FontSet
from letterpress.layout import lay_out
from letterpress.model import Letter, Paragraph, Signature, Signer, Span

SENTENCE = "The Assembly will hear the report of the Council and elect its members. "
PEOPLE = (Signer(name="Aynur Mammadova", title="Chair of the Council",
                 organisation="“Open Data” Research Centre Public Union"),
          Signer(name="Rashad Huseynov", organisation="Budget Transparency Public Association"),
          Signer(name="Leyla Guliyeva", title="Treasurer"))


def signed(signers: int, sentences: int = 3, closing: tuple[str, ...] = (
        "Yours faithfully,", "Secretariat of the Platform")) -> Letter:
    body = (*BASE.body, Paragraph(spans=(Span(text=SENTENCE * sentences),)))
    return dataclasses.replace(
        BASE, body=body, closing=closing, signatories=(),
        signature=Signature(place="Baku", date=datetime.date(2026, 11, 20),
                            signers=PEOPLE[:signers]))


@pytest.mark.slow
@pytest.mark.parametrize("signers", [1, 2, 3])
def test_the_block_keeps_together_with_the_closing_and_the_bodys_last_lines(
        signers: int, fonts: FontSet) -> None:
    with_the_block = []  # the body's lines on the block's page, letter by letter
    for sentences in range(30, 90):
        letter = signed(signers, sentences)
        where = pages_of(letter, fonts)
        body = where[f"body[{len(letter.body) - 1}]"]
        block = [page for path, pages in where.items()
                 if path.startswith(("closing", "signature")) for page in pages]
        # every line of the closing, the place and date and each signer's name, title and
        # organisation: 2 + 2 + the signers' fields
        fields = sum(1 for s in PEOPLE[:signers] for t in (s.name, s.title, s.organisation) if t)
        assert len([p for p in where if p.startswith(("closing", "signature"))]) == 4 + fields
        assert len(set(block)) == 1, (sentences, where)
        on_its_page = [p for p in body if p == block[0]]
        assert len(on_its_page) >= min(2, len(body)), sentences
        with_the_block.append(len(on_its_page) if body[0] < block[0] else None)
    # the page end passed through the block (the block took two lines of the body with it)
    # and then through the body above it
    assert 2 in with_the_block and max(n or 0 for n in with_the_block) > 10


@pytest.mark.slow
def test_without_a_closing_the_block_goes_with_the_bodys_last_two_lines(
        fonts: FontSet) -> None:
    for sentences in range(40, 80, 3):
        letter = signed(2, sentences, closing=())
        where = pages_of(letter, fonts)
        body = where[f"body[{len(letter.body) - 1}]"]
        names = where["signature.signers[0].name"] + where["signature.signers[1].name"]
        assert len(set(names)) == 1
        assert len([p for p in body if p == names[0]]) >= 2, sentences


def test_a_block_taller_than_a_page_keeps_the_closing_with_the_first_row(
        fonts: FontSet) -> None:
    many = tuple(Signer(name=f"Signer {k}", title="Member of the Council",
                        organisation="Union") for k in range(24))
    letter = dataclasses.replace(signed(2), signature=Signature(signers=many))
    where = pages_of(letter, fonts)
    closing = where["closing[0]"] + where["closing[1]"]
    first_row = where["signature.signers[0].name"] + where["signature.signers[1].name"]
    assert len(set(closing + first_row)) == 1
    last = where["signature.signers[23].name"]
    assert last[0] > first_row[0]  # the rows went on over the next page
    # a row never splits: both signers of each row on one page
    for k in range(0, 24, 2):
        assert where[f"signature.signers[{k}].organisation"] == where[
            f"signature.signers[{k + 1}].organisation"]


def test_one_signer_stands_at_the_left_under_the_closing_two_side_by_side(
        fonts: FontSet) -> None:
    frame_left = 25 / 25.4 * 72  # the left margin, 25 mm (layout/geometry.py, DIN 5008)
    for count in (1, 2, 3):
        document = lay_out(signed(count), fonts)
        lines = {block.path: block.lines[0] for page in document.pages for block in page.blocks}
        xs = [lines[f"signature.signers[{k}].name"].x for k in range(count)]
        ys = [lines[f"signature.signers[{k}].name"].y for k in range(count)]
        assert xs[0] == pytest.approx(frame_left) == lines["closing[0]"].x
        if count >= 2:
            assert ys[1] == ys[0] and xs[1] > document.width / 2 - 30
        if count == 3:  # a new row, at the left again
            assert xs[2] == pytest.approx(frame_left) and ys[2] < ys[0]
