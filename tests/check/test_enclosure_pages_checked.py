"""Issue 23: check judges the pages appended after a letter against the enclosure files its
source names: a word changed on an appended page, a page dropped, added or moved, or another
file's pages in place of the enclosure's are each a finding; an enclosure without a text
layer is compared by its pixels and noted as not checked for text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from helpers import world
from helpers.enclosures import enclosure_pdf, letter_with, rearranged

from letterpress.check.pdfa import pdfa_status
from letterpress.pipeline import build, check, check_embedded

PAGES = ["Annual report 2025", "Second page of the report"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("enclosed")
    (folder / "report.pdf").write_bytes(enclosure_pdf(PAGES))
    source = letter_with(folder, [("Annual report 2025", "report.pdf")])
    return source, build(source, folder / "letter.pdf", world()).output


def findings_of(source: Path, pdf: Path) -> list[tuple[str, str, int]]:
    return [(f.field, f.message, f.page) for f in check(source, pdf, world())]


@pytest.mark.slow
def test_the_letter_with_its_enclosure_reads_back_as_written(built: tuple[Path, Path]
                                                             ) -> None:
    notes: list[str] = []
    assert check(built[0], built[1], world(), notes) == ()
    assert check_embedded(built[1], world(), notes) == ()
    assert notes == []


@pytest.mark.slow
def test_a_word_changed_on_an_appended_page_is_found(built: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    forged = tmp_path / "forged.pdf"
    with pikepdf.open(built[1]) as pdf:
        page = pdf.pages[1]  # the report's first page
        content = page.obj.Contents.read_bytes()
        assert b"(Annual report 2025)" in content
        page.obj.Contents = pdf.make_stream(content.replace(b"2025", b"2052"))
        pdf.save(forged)
    found = check(built[0], forged, world())
    assert [(f.field, f.page) for f in found] == [("enclosures[0]", 2), ("enclosures[0]", 2)]
    assert {f.message for f in found} == {"does not read as page 1 of report.pdf",
                                          "does not look like page 1 of report.pdf"}
    assert "2052" in next(f.found for f in found if "read" in f.message)


@pytest.mark.slow
def test_a_dropped_page_is_found(built: tuple[Path, Path], tmp_path: Path) -> None:
    forged = rearranged(built[1], tmp_path / "forged.pdf", [0, 1])
    assert findings_of(built[0], forged) == [
        ("enclosures[0]", "a page of the enclosure is missing", 3)]


@pytest.mark.slow
def test_an_added_page_is_found(built: tuple[Path, Path], tmp_path: Path) -> None:
    forged = rearranged(built[1], tmp_path / "forged.pdf",
                        [0, 1, 2, enclosure_pdf(["A page nobody enclosed"])])
    assert findings_of(built[0], forged) == [
        ("enclosures", "a page appended after the letter that the source does not name", 4)]


@pytest.mark.slow
def test_swapped_pages_are_found(built: tuple[Path, Path], tmp_path: Path) -> None:
    forged = rearranged(built[1], tmp_path / "forged.pdf", [0, 2, 1])
    assert findings_of(built[0], forged) == [
        ("enclosures[0]", "does not read as page 1 of report.pdf", 2),
        ("enclosures[0]", "does not look like page 1 of report.pdf", 2),
        ("enclosures[0]", "does not read as page 2 of report.pdf", 3),
        ("enclosures[0]", "does not look like page 2 of report.pdf", 3)]


@pytest.mark.slow
def test_another_files_pages_in_place_of_the_enclosures_are_found(
        built: tuple[Path, Path], tmp_path: Path) -> None:
    other = enclosure_pdf(["Annual report 2024", "Second page of the report"])
    first = rearranged(built[1], tmp_path / "first.pdf", [0, other, 2])
    found = findings_of(built[0], first)
    assert ("enclosures[0]", "does not read as page 1 of report.pdf", 2) in found
    assert {page for _, _, page in found} == {2}
    # the same swap made in the source's folder: the letter names report.pdf, whose bytes
    # are now another file's with as many pages; the PDF no longer matches it
    folder = tmp_path / "moved"
    shutil.copytree(built[0].parent, folder)
    (folder / "report.pdf").write_bytes(enclosure_pdf(["Annual report 2024", PAGES[1]]))
    assert [(f, p) for f, _, p in findings_of(folder / "letter.yaml", folder / "letter.pdf")
            ] == [("enclosures[0]", 2), ("enclosures[0]", 2)]


@pytest.mark.slow
def test_a_scan_is_compared_by_its_pixels_and_noted_as_not_checked_for_text(
        tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(enclosure_pdf(["A signed form"], scan=True))
    source = letter_with(tmp_path, [("Signed form", "scan.pdf")])
    pdf = build(source, tmp_path / "letter.pdf", world()).output
    notes: list[str] = []
    assert check(source, pdf, world(), notes) == ()
    assert notes == ["enclosures[0]: scan.pdf has no text layer (a scan): its pages are "
                     "compared by how they look, not checked for text"]
    other = rearranged(pdf, tmp_path / "forged.pdf",
                       [0, enclosure_pdf(["A signed farm"], scan=True)])
    assert findings_of(source, other) == [
        ("enclosures[0]", "does not look like page 1 of scan.pdf", 2)]


@pytest.mark.slow
def test_a_link_added_to_an_appended_page_is_found(built: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    forged = rearranged(built[1], tmp_path / "forged.pdf",
                        [0, 1, enclosure_pdf([PAGES[1]], link=True)])
    assert findings_of(built[0], forged) == [
        ("enclosures[0]", "its links are not those of page 2 of report.pdf", 3)]


@pytest.mark.slow
def test_an_enclosures_own_links_travel_and_are_compared(tmp_path: Path) -> None:
    (tmp_path / "linked.pdf").write_bytes(enclosure_pdf(["See the web site"], link=True))
    source = letter_with(tmp_path, [("Linked", "linked.pdf")])
    pdf = build(source, tmp_path / "letter.pdf", world()).output
    assert check(source, pdf, world()) == ()
    assert pdfa_status(pdf.read_bytes()) == ("pass", ())
    with pikepdf.open(pdf) as opened:
        [link] = opened.pages[1].obj.Annots
        assert str(link.A.URI) == "https://example.org/"
    removed = tmp_path / "removed.pdf"
    with pikepdf.open(pdf) as opened:
        del opened.pages[1].obj["/Annots"]
        opened.save(removed)
    assert findings_of(source, removed) == [
        ("enclosures[0]", "its links are not those of page 1 of linked.pdf", 2)]
