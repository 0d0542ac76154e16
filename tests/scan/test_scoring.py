"""The matcher's arithmetic on hand-made pages (no OCR): words as keys, OCR's misreadings
tolerated, pages paired in any order, what is missing or extra, and a name told apart from a
misreading of it. The numbers expected are counted by hand from the pages written here."""

from __future__ import annotations

import datetime
import json

from letterpress.scan.letters import Candidate, Place, Printed
from letterpress.scan.match import ACCEPT, close, compare, key, match
from letterpress.scanned import ReadPage, ScanImage, Word


def words(text: str) -> list[str]:
    return text.split()


FIRST = words("Yerevan was asked twice to answer the letter of the Platform before the "
              "session of the council ends in winter")  # 20 words
SECOND = words("Members agreed that the annual contribution stays unchanged while costs grow "
               "and the secretariat reports every quarter on its use")  # 20 words
LIST = ["1.", "Rafik", "Ismayilov", "–", "Civil", "Society", "Union",
        "2.", "Aynur", "Mammadova", "–", "Open", "Data", "Centre"]  # 12 keys: "1." "–" skip


def head(reference: str = "41/26") -> list[str]:
    return [reference, "20.11.2026"]


def letter(key_: str = "one", reference: str = "41/26", revision: int = 1) -> Candidate:
    """Two pages: the head and a paragraph; a second paragraph and a list of two."""
    page1 = (*head(reference), *FIRST)
    page2 = (*SECOND, *LIST)
    n = len(SECOND)
    fields = (
        Printed("reference", "reference", reference, (Place(1, 0, 1),)),
        Printed("body[0]", "paragraph", " ".join(FIRST), (Place(1, 2, 22),)),
        Printed("body[1]", "paragraph", " ".join(SECOND), (Place(2, 0, n),)),
        Printed("signatories[0].members[0]", "member", "Rafik Ismayilov – Civil Society Union",
                (Place(2, n, n + 7),)),
        Printed("signatories[0].members[0].name", "name", "Rafik Ismayilov",
                (Place(2, n + 1, n + 3),)),
        Printed("signatories[0].members[1]", "member", "Aynur Mammadova – Open Data Centre",
                (Place(2, n + 7, n + 14),)),
        Printed("signatories[0].members[1].name", "name", "Aynur Mammadova",
                (Place(2, n + 8, n + 10),)),
    )
    return Candidate(key_, reference, revision, "en", datetime.date(2026, 11, 20),
                     "DD.MM.YYYY", (page1, page2), fields, ((), (n, n + 7)))


def read(*words: str) -> ReadPage:
    image = ScanImage(b"", "png", 1, 1, (200.0, 200.0), "test")
    return ReadPage(image, tuple(Word(w, (0, 0, 1, 1), 90.0, i // 8)
                                 for i, w in enumerate(words)))


def test_words_compare_as_keys_and_misreadings_are_tolerated() -> None:
    assert key("İsmayılov,") == key("ISMAYILOV") == "ismayilov"
    assert key("«Прозрачность»") == "прозрачность" and key("–") == ""
    assert close("ismayilov", "lsmayilov") and close("ismayilov", "isrnayilov")
    assert close("contribution", "contributlon")
    assert not close("ismayilov", "mammadli")
    assert not close("of", "or") and not close("the", "tho")  # short words read exactly
    assert not close("0520", "0521") and not close("20112026", "20112025")  # numbers too


def test_pages_in_another_order_pair_with_their_pages() -> None:
    one = letter()
    report = compare([read(*SECOND, *LIST[1:7], *LIST[8:]), read(*head(), *FIRST)], one)
    assert [(p.scan, p.page, p.agreement) for p in report.pages] == [(1, 2, 1.0), (2, 1, 1.0)]
    assert report.missing == report.extra == () and report.findings == ()
    assert report.score == 1.0 and report.reference_read and report.date_read


def test_a_missing_page_and_an_extra_one_are_named() -> None:
    other = words("a page of quite another letter about rivers mountains weather and trains")
    report = compare([read(*head(), *FIRST), read(*other)], letter())
    assert report.missing == (2,) and report.extra == (2,)
    assert [p.page for p in report.pages] == [1, 0]
    # 22 words in common of 22 + 30 in the letter and 22 + 12 on the scan
    assert report.score == 2 * 22 / (22 + 30 + 22 + 12)
    assert any("page 2 of the letter is missing" in line for line in report.lines())


def test_a_paragraph_not_on_a_page_that_is_there_is_found() -> None:
    report = compare([read(*head(), *FIRST), read(*SECOND[:9], *LIST)], letter())
    assert [(f.field, f.page) for f in report.findings] == [("body[1]", 2)]
    assert "not on the scan: 9 of its 20 words" in report.findings[0].message
    assert report.pages[1].agreement == (9 + 10) / 30


def test_a_signatory_not_there_is_found() -> None:
    report = compare([read(*head(), *FIRST), read(*SECOND, *LIST[7:])], letter())
    assert [f.field for f in report.findings] == ["signatories[0].members[0]"]


def test_a_changed_name_reads_differently_and_a_misread_one_does_not() -> None:
    changed = [w.replace("Ismayilov", "Mammadli") for w in LIST]
    report = compare([read(*head(), *FIRST), read(*SECOND, *changed)], letter())
    assert [(f.field, f.message) for f in report.findings] == [
        ("signatories[0].members[0].name",
         'the name reads "Rafik Mammadli" where the letter has "Rafik Ismayilov"')]
    # beyond the tolerance (4 letters of 9 misread), yet plainly the same name
    misread = [w.replace("Ismayilov", "lsrnaylIuv") for w in LIST]
    report = compare([read(*head(), *FIRST), read(*SECOND, *misread)], letter())
    assert report.findings == ()


def test_match_ranks_the_right_letter_first_and_a_stranger_below_accept() -> None:
    one, other = letter("one"), letter("two", reference="12/25")
    stranger = Candidate("three", "7/24", 1, "en", datetime.date(2024, 1, 5), "DD.MM.YYYY",
                         (tuple(words("nothing of this is in the scan at all")),), ())
    scan = [read(*head(), *FIRST), read(*SECOND, *LIST[1:7], *LIST[8:])]
    reports = match(scan, [stranger, other, one])
    assert [r.candidate.key for r in reports][0] == "one"
    assert reports[0].score == 1.0 and reports[0].accepted
    assert all(0.0 <= r.score <= 1.0 for r in reports)
    # "two" differs in its reference alone: not read, and so it ranks below
    two = next(r for r in reports if r.candidate.key == "two")
    assert not two.reference_read and two.date_read and two.score < 1.0
    assert next(r for r in reports if r.candidate.key == "three").score < ACCEPT
    lonely = match(scan, [stranger])
    assert not lonely[0].accepted


def test_the_report_is_json_and_lines() -> None:
    report = compare([read(*head(), *FIRST)], letter())
    data = json.loads(json.dumps(report.as_dict()))
    assert data["missing_pages"] == [2] and data["pages"][0]["letter_page"] == 1
    assert data["reference"] == "41/26" and data["date"] == "2026-11-20"
    lines = report.lines()
    assert lines[0].startswith("one: 41/26 of 20.11.2026 (en, revision 1), score ")
    assert "reference and date read on the scan" in lines[1]


def lines(*rows: list[str]) -> ReadPage:
    """A page read line by line, 50 pixels apart; an empty row is a line OCR read nothing
    on (a block it skipped)."""
    image = ScanImage(b"", "png", 1, 1, (200.0, 200.0), "test")
    words = [Word(w, (60 * i, 50 * n, 50, 30), 90.0, n)
             for n, row in enumerate(rows) for i, w in enumerate(row)]
    return ReadPage(image, tuple(words))


def test_a_signatory_under_ink_is_not_read_but_not_missing() -> None:
    page2 = [SECOND[:10], SECOND[10:], LIST[:7], LIST[7:]]
    one = letter()
    # the entry's line read as something else (a stamp over it), or not read at all while
    # its line is there (OCR skipped it): said apart, not a difference
    for inked in (["~", "Rafk", "lsm@", "Cvi", "Soc", "Unon"], []):
        report = compare([read(*head(), *FIRST), lines(*page2[:2], inked, page2[3])], one)
        assert report.findings == ()
        assert [f.field for f in report.unread] == ["signatories[0].members[0]"]
        assert "something stands in its place" in report.unread[0].message
    # taken out of the letter, the list closes up: the signatory is not there
    report = compare([read(*head(), *FIRST), lines(*page2[:2], page2[3])], one)
    assert [f.field for f in report.findings] == ["signatories[0].members[0]"]
    assert report.unread == ()
