"""The parts of a formal letter keep with what they belong to (docs/source-format.md, "The
parts of a letter"): the subject never ends a page, and the salutation stays with the body's
first two lines; after the closing, "Enclosures: 2" stays with its first two entries and
"cc:" with the line after it. Found by growing the part above one line or one sentence at a
time, so that the page ends at every place around the part."""

from __future__ import annotations

import dataclasses

import pytest
from helpers.layout_pages import pages_of
from helpers.letters import BASE

from letterpress.fonts import FontSet
from letterpress.model import Paragraph, Span

SENTENCE = "The Assembly will hear the report of the Council and elect its members. "


@pytest.mark.slow
def test_the_subject_and_the_salutation_stay_with_the_bodys_first_lines(
        fonts: FontSet) -> None:
    """A correction note (printed above the sender) grown one sentence at a time pushes the
    subject down to the page's foot and past it."""
    body = (Paragraph(spans=(Span(text=SENTENCE * 12),)),)
    seen_a_break_before_the_subject = False
    for sentences in range(40, 75):
        note = dataclasses.replace(BASE.correction, text=SENTENCE * sentences)
        letter = dataclasses.replace(BASE, correction=note, body=body)
        where = pages_of(letter, fonts)
        subject, salutation = where["subject"], where["salutation"]
        assert len(subject) == len(salutation) == 1, sentences
        first_two = where["body[0]"][:2]
        assert subject == salutation == [first_two[0]] and first_two[0] == first_two[1], (
            sentences)
        seen_a_break_before_the_subject |= where["correction"][-1] < subject[0]
    assert seen_a_break_before_the_subject


@pytest.mark.slow
def test_the_lists_after_the_closing_keep_their_heads(fonts: FontSet) -> None:
    """A body grown one sentence at a time moves the page's end through the lists."""
    seen = set()
    for sentences in range(20, 80):
        body = (Paragraph(spans=(Span(text=SENTENCE * sentences),)),)
        letter = dataclasses.replace(BASE, body=body, signatories=())
        where = pages_of(letter, fonts)
        count = where["enclosures"]
        assert count == where["enclosures[0]"] == where["enclosures[1]"], sentences
        assert where["cc[0]"] == where["cc[1]"], sentences
        seen.add(count[0] < where["cc[0]"][0])
        seen.add(where["closing[1]"][-1] < count[0])
    assert True in seen  # the page did end between the parts
