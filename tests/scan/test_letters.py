"""A filed letter as the matcher sees it: its words page by page as its PDF prints them, and
each field placed on them (the page it falls on, a paragraph run over a page break on both),
its signatories' names and organisations within their entries."""

from __future__ import annotations

import pytest
from helpers import SOURCE_DIR, world

from letterpress.content import fields
from letterpress.pipeline import build, load
from letterpress.scan.letters import Candidate, candidate

INVITATION = SOURCE_DIR / "2026-11-20-assembly-invitation-en.yaml"


@pytest.fixture(scope="module")
def invitation(tmp_path_factory: pytest.TempPathFactory) -> Candidate:
    pdf = tmp_path_factory.mktemp("letters") / "en.pdf"
    build(INVITATION, pdf, world=world())
    return candidate("en", load(INVITATION, world()).letter, pdf.read_bytes())


@pytest.mark.slow
def test_each_field_stands_on_the_words_it_prints(invitation: Candidate) -> None:
    letter = load(INVITATION, world()).letter
    assert (invitation.reference, invitation.revision, invitation.language) == ("41/26", 1, "en")
    assert invitation.dated == "20 November 2026"
    assert len(invitation.pages) == 3  # as built
    printed = {f.path: f for f in invitation.fields}
    # every field the letter prints, found where it is printed, with exactly its words (a
    # word broken at a line end joined again: the layout's U+2010, or the source's hyphen)
    for field in fields(letter):
        place = printed[field.path]
        words = [w for p in place.places for w in invitation.pages[p.page - 1][p.start:p.end]]
        joined = " ".join(words).replace("\u2010 ", "").replace("- ", "-")
        assert joined == " ".join(field.text.split()), field.path
    # the reference on the first page, the last signatory on the last
    assert printed["reference"].pages == (1,)
    assert printed["signatories[0].members[6]"].pages == (3,)
    # a signatory's name and organisation within its entry, as the source names them
    name = printed["signatories[0].members[5].name"]
    place, = name.places
    assert invitation.pages[2][place.start:place.end] == ("Tural", "Ismayilov")
    organisation = printed["signatories[0].members[5].organisation"]
    assert organisation.text == letter.signatories[0].members[5].organisation
    # a paragraph run over a page break stands on both pages
    assert any(len(f.pages) == 2 for f in invitation.fields if f.kind == "paragraph")


@pytest.mark.slow
def test_page_furniture_and_list_numbers_belong_to_no_field(invitation: Candidate) -> None:
    claimed = {(p.page, i) for f in invitation.fields for p in f.places
               for i in range(p.start, p.end)}
    second = invitation.pages[1]
    unclaimed = [w for i, w in enumerate(second) if (2, i) not in claimed]
    assert unclaimed == ["41/26", "·", "20", "November", "2026", "Page", "2", "of", "3"]
    numbers = [invitation.pages[2][i] for i in invitation.labels[2]]
    assert numbers == [f"{n}." for n in range(1, 8)]
