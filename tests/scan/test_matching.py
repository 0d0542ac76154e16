"""Scans of real letterpress letters, made here (printed, turned, blurred, noisy, on grey
paper, signed and stamped), are matched to their letter and revision and compared page by
page: the right page reported missing, pages out of order paired, another letter refused, a
changed name found, and the ink of a signature and a stamp taken for nothing.

OCR is the cost (about 2 s a page): each scan is read once for the module, and the scans
made from it (a page left out, pages reordered) reuse its pages, which OCR reads one by one.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from helpers import SOURCE_DIR, world
from helpers.ocr import needs_ocr
from helpers.scans import CLOSINGS, as_scan, revised, scan_of

from letterpress.model import Language
from letterpress.pipeline import build, load
from letterpress.scan import ocr
from letterpress.scan.letters import Candidate, candidate
from letterpress.scan.match import ACCEPT, compare, match
from letterpress.scanned import ReadPage

pytestmark = [needs_ocr, pytest.mark.slow]

APPEAL = SOURCE_DIR / "2020-10-08-amnesty-appeal.yaml"
INVITATION = {lang: SOURCE_DIR / f"2026-11-20-assembly-invitation-{lang}.yaml"
              for lang in ("en", "az", "ru")}
OLD_NAME, NEW_NAME = "Rafik İsmayılov", "Rafik Məmmədli"  # signatory 28 of the appeal
TAKEN_OUT = "      - name: Rauf Zeyni\n        organisation: Azerbaijan National NGO Forum\n"
SECOND_REVISION = {OLD_NAME: NEW_NAME, TAKEN_OUT: ""}  # and 23 is no longer there


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Every letter of source/ built, and revision 2 of the appeal with a name changed:
    (source, PDF) by key."""
    out = tmp_path_factory.mktemp("letters")
    sources = {"appeal": APPEAL, **INVITATION,
               "appeal-r2": revised(APPEAL, out / "r2", SECOND_REVISION)}
    built = {}
    for key, source in sources.items():
        built[key] = (source, out / f"{key}.pdf")
        build(source, built[key][1], world=world())
    return built


@pytest.fixture(scope="module")
def catalogue(letters: dict[str, tuple[Path, Path]]) -> dict[str, Candidate]:
    return {key: candidate(key, load(source, world()).letter, pdf.read_bytes())
            for key, (source, pdf) in letters.items()}


@pytest.fixture(scope="module")
def scans(letters: dict[str, tuple[Path, Path]]) -> dict[str, list[bytes]]:
    """The scans (JPEG pages): each invitation signed and stamped beside its closing, and
    the second revision of the appeal."""
    made = {lang: scan_of(letters[lang][1], seed, closing=CLOSINGS[lang])
            for seed, lang in enumerate(("en", "az", "ru"), start=1)}
    made["appeal-r2"] = scan_of(letters["appeal-r2"][1], 4)
    return made


@pytest.fixture(scope="module")
def read(scans: dict[str, list[bytes]]) -> dict[str, tuple[ReadPage, ...]]:
    """Each scan read by OCR in its letter's language, once."""
    language: dict[str, Language] = {"en": "en", "az": "az", "ru": "ru", "appeal-r2": "en"}
    return {key: ocr.recognise([as_scan(page, f"{key} page {n}")
                                for n, page in enumerate(pages, start=1)], language[key])
            for key, pages in scans.items()}


@pytest.mark.parametrize("lang", ["en", "az", "ru"])
def test_a_scan_is_matched_to_its_letter_in_its_language(
        lang: str, read: dict[str, tuple[ReadPage, ...]],
        catalogue: dict[str, Candidate]) -> None:
    best, second, *_ = match(read[lang], list(catalogue.values()))
    assert best.candidate.key == lang and best.candidate.revision == 1 and best.accepted
    assert best.reference_read and best.date_read
    assert [(p.scan, p.page) for p in best.pages] == [(1, 1), (2, 2), (3, 3)]
    assert best.missing == best.extra == ()
    # the same letter in the other two languages reads the same reference and date
    assert second.score < ACCEPT


def test_the_signature_and_the_stamp_are_not_differences(
        scans: dict[str, list[bytes]], read: dict[str, tuple[ReadPage, ...]],
        catalogue: dict[str, Candidate]) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(scans["en"][2])) as page:  # the closing is on page 3
        colours = page.convert("RGB").getcolors(1 << 24) or []
    blue = sum(n for n, (r, g, b) in colours if b > r + 50 and b > g + 50)
    assert blue > 1000  # the ink is there: dark blue and violet pixels
    report = compare(read["en"], catalogue["en"])
    assert report.findings == ()
    assert [p.page for p in report.pages] == [1, 2, 3] and report.pages[2].agreement > 0.7
    # what the ink hides is said apart, and only where the ink is
    assert {f.page for f in report.unread} <= {3}


def test_a_missing_page_is_named(read: dict[str, tuple[ReadPage, ...]],
                                 catalogue: dict[str, Candidate]) -> None:
    pages = read["en"]
    best = match([pages[0], pages[2]], list(catalogue.values()))[0]
    assert best.candidate.key == "en" and best.accepted
    assert best.missing == (2,) and best.extra == ()
    assert [(p.scan, p.page) for p in best.pages] == [(1, 1), (2, 3)]
    assert any(line == "  page 2 of the letter is missing from the scan"
               for line in best.lines())


def test_pages_out_of_order_are_paired_with_their_pages(
        read: dict[str, tuple[ReadPage, ...]], catalogue: dict[str, Candidate]) -> None:
    pages = read["az"]
    report = compare([pages[2], pages[0], pages[1]], catalogue["az"])
    assert [(p.scan, p.page) for p in report.pages] == [(1, 3), (2, 1), (3, 2)]
    assert report.missing == report.extra == ()


def test_a_page_of_another_letter_is_extra(read: dict[str, tuple[ReadPage, ...]],
                                           catalogue: dict[str, Candidate]) -> None:
    en, stranger = read["en"], read["appeal-r2"][1]
    report = compare([en[0], stranger, en[2]], catalogue["en"])
    assert report.extra == (2,) and report.missing == (2,)
    assert report.pages[1].page == 0 and report.pages[1].agreement < 0.35


def test_a_scan_of_a_letter_not_filed_is_refused(read: dict[str, tuple[ReadPage, ...]],
                                                 catalogue: dict[str, Candidate]) -> None:
    others = [c for key, c in catalogue.items() if key != "en"]
    reports = match(read["en"], others)
    assert not reports[0].accepted and reports[0].score < ACCEPT
    assert {r.candidate.key for r in reports} == {"appeal", "az", "ru", "appeal-r2"}


def test_a_changed_name_reads_differently_and_a_signatory_taken_out_is_missing(
        read: dict[str, tuple[ReadPage, ...]], catalogue: dict[str, Candidate]) -> None:
    scan = read["appeal-r2"]
    best = match(scan, list(catalogue.values()))[0]
    assert best.candidate.key == "appeal-r2" and best.candidate.revision == 2
    assert best.findings == ()
    against_first = compare(scan, catalogue["appeal"])
    assert against_first.score > ACCEPT  # the same letter, but for two signatories
    assert [(f.field, f.page) for f in against_first.findings] == [
        ("signatories[0].members[22]", 2), ("signatories[0].members[27].name", 2)]
    missing, name = against_first.findings
    assert missing.message.startswith("the signatory is not on the scan")
    assert name.message.startswith('the name reads "Rafik M')  # as OCR reads Məmmədli
    assert name.message.endswith(f'where the letter has "{OLD_NAME}"')
