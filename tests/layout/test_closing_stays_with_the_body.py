"""The closing is never left alone at the foot of a page: its lines stay on one page, with at
least the last two lines of the body (issue 22, point 1). Found by growing the body one
sentence at a time, so that the page ends at every place around the closing."""

from __future__ import annotations

import dataclasses

import pytest
from helpers.letters import BASE

from letterpress.fonts import FontSet
from letterpress.layout import lay_out
from letterpress.model import Paragraph, Span

SENTENCE = "The Assembly will hear the report of the Council and elect its members. "


def pages_of(letter: object, fonts: FontSet) -> dict[str, list[int]]:
    """For each field, the pages its lines stand on, one entry a line."""
    out: dict[str, list[int]] = {}
    for page in lay_out(letter, fonts).pages:  # type: ignore[arg-type]
        for block in page.blocks:
            out.setdefault(block.path, []).extend([page.number] * len(block.lines))
    return out


@pytest.mark.slow
def test_the_closing_keeps_together_and_with_the_bodys_last_lines(fonts: FontSet) -> None:
    closing = ("Yours faithfully,", "Secretariat of the Platform")
    seen_a_break_before_the_closing = False
    for sentences in range(30, 90):
        body = (*BASE.body, Paragraph(spans=(Span(text=SENTENCE * sentences),)))
        letter = dataclasses.replace(BASE, body=body, closing=closing)
        where = pages_of(letter, fonts)
        lines = where[f"body[{len(body) - 1}]"]
        first, second = where["closing[0]"], where["closing[1]"]
        assert first == second, sentences  # the closing's lines on one page
        on_its_page = [p for p in lines if p == first[0]]
        assert len(on_its_page) >= min(2, len(lines)), sentences
        seen_a_break_before_the_closing |= lines[0] < first[0]
    assert seen_a_break_before_the_closing  # the body did run across a page end
