"""Issue 23: an enclosure's PDF is appended after the letter's pages, unchanged and in the
order listed, carried inside as an associated file (/Supplement), and the result is still
PDF/A-3b as the judges see it, and the same bytes from the same sources."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pikepdf
import pypdf
import pytest
from helpers import SOURCE_DIR, world
from helpers.enclosures import altered, enclosure_pdf, letter_with

from letterpress.check.extract import read_sources, write_sources
from letterpress.check.filesyntax import file_syntax_problems
from letterpress.check.pdfa import pdfa_status
from letterpress.pipeline import build, check, load, typeset

A5 = (420.0, 595.0)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("enclosed")
    (folder / "report.pdf").write_bytes(enclosure_pdf(["Report page one", "Report page two"]))
    (folder / "table.pdf").write_bytes(enclosure_pdf(["Table of proposals"], size=A5))
    source = letter_with(folder, [("Annual report 2025", "report.pdf"), ("A list", ""),
                                  ("Table", "table.pdf")])
    return source, build(source, folder / "letter.pdf", world()).output


@pytest.mark.slow
def test_the_enclosures_pages_follow_the_letters_in_the_order_listed(
        built: tuple[Path, Path]) -> None:
    reader = pypdf.PdfReader(built[1])
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 4  # the one-page letter, then 2 + 1 pages
    assert "We enclose our report." in texts[0]
    assert [t.strip() for t in texts[1:]] == ["Report page one", "Report page two",
                                              "Table of proposals"]
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    assert sizes[1:] == [(595.0, 842.0), (595.0, 842.0), A5]  # each the file's own size


@pytest.mark.slow
def test_an_appended_page_draws_what_the_enclosures_page_draws(
        built: tuple[Path, Path]) -> None:
    with pikepdf.open(built[0].parent / "report.pdf") as original, \
            pikepdf.open(built[1]) as letter:
        for k in range(2):
            mine, theirs = letter.pages[1 + k], original.pages[k]
            assert mine.obj.Contents.read_bytes() == theirs.obj.Contents.read_bytes()
            # ReportLab's empty /Trans, which PDF/A forbids, is page metadata left out
            assert sorted(mine.obj.keys()) == sorted(
                key for key in theirs.obj if key != "/Trans")
            assert list(mine.mediabox) == list(theirs.mediabox)
            assert sorted(mine.Resources.Font.keys()) == sorted(theirs.Resources.Font.keys())


@pytest.mark.slow
def test_the_enclosure_travels_once_as_a_supplement(built: tuple[Path, Path]) -> None:
    report = (built[0].parent / "report.pdf").read_bytes()
    with pikepdf.open(built[1]) as pdf:
        specs = list(pdf.Root.AF)
        carried = {str(s.UF): (str(s.AFRelationship), str(s.EF.F.Subtype),
                               s.EF.F.read_bytes()) for s in specs}
    assert len(specs) == 3  # the letter, and each enclosure once
    assert carried["letter.yaml"][0] == "/Source"
    assert carried["report.pdf"] == ("/Supplement", "/application/pdf", report)
    assert carried["table.pdf"][:2] == ("/Supplement", "/application/pdf")


@pytest.mark.slow
def test_the_letter_with_enclosures_is_pdfa_3b(built: tuple[Path, Path]) -> None:
    data = built[1].read_bytes()
    assert pdfa_status(data) == ("pass", ())
    assert file_syntax_problems(data) == ()


@pytest.mark.slow
def test_the_same_sources_give_the_same_bytes(built: tuple[Path, Path],
                                              tmp_path: Path) -> None:
    again = build(built[0], tmp_path / "again.pdf", world()).output
    assert again.read_bytes() == built[1].read_bytes()


@pytest.mark.slow
def test_the_enclosure_is_a_dependency_of_the_letter(built: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    result = build(built[0], tmp_path / "again.pdf", world())
    found = {d.path.name: (d.kind, d.sha256) for d in result.dependencies}
    report = (built[0].parent / "report.pdf").read_bytes()
    assert found["report.pdf"] == ("enclosure", hashlib.sha256(report).hexdigest())
    assert found["table.pdf"][0] == "enclosure"


@pytest.mark.slow
def test_the_extracted_sources_build_the_same_pdf(built: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    """The enclosure, carried once as a /Supplement, is extracted with the sources: building
    them again gives the same bytes."""
    sources = read_sources(built[1])
    assert {str(f.path): f.mime for f in sources.files} == {
        "letter.yaml": "application/yaml", "report.pdf": "application/pdf",
        "table.pdf": "application/pdf"}
    letter = write_sources(sources, tmp_path / "out").letter
    again = build(letter, tmp_path / "again.pdf", world()).output
    assert again.read_bytes() == built[1].read_bytes()


@pytest.mark.slow
def test_a_letter_letterpress_wrote_can_be_enclosed(tmp_path: Path) -> None:
    """A PDF/A-3b letter of letterpress's own, written without its sources (attachments
    would not travel with its pages), its links to URLs included: appended, it reads back,
    and the whole is PDF/A-3b."""
    w = world()
    earlier = load(SOURCE_DIR / "2026-12-01-ministry-letter-en.yaml", w).letter
    data, pages = typeset(earlier, w.fonts)
    (tmp_path / "earlier.pdf").write_bytes(data)
    source = letter_with(tmp_path, [("Our letter of 1 December 2026", "earlier.pdf")])
    pdf = build(source, tmp_path / "letter.pdf", w).output
    assert len(pypdf.PdfReader(pdf).pages) == 1 + pages
    assert check(source, pdf, w) == ()
    assert pdfa_status(pdf.read_bytes()) == ("pass", ())


def _inherit_box_and_rotation(pdf: pikepdf.Pdf) -> None:
    """The page's media box moved up to the page tree, with a rotation of 90 degrees."""
    page = pdf.pages[0].obj
    pdf.Root.Pages.MediaBox = page.MediaBox
    pdf.Root.Pages.Rotate = 90
    del page["/MediaBox"]
    del page["/Rotate"]  # ReportLab's own 0


@pytest.mark.slow
def test_what_a_page_inherits_is_made_its_own(tmp_path: Path) -> None:
    (tmp_path / "turned.pdf").write_bytes(altered(enclosure_pdf(["Turned"], size=A5),
                                                  _inherit_box_and_rotation))
    source = letter_with(tmp_path, [("Turned", "turned.pdf")])
    pdf = build(source, tmp_path / "letter.pdf", world()).output
    with pikepdf.open(pdf) as opened:
        page = opened.pages[1].obj
        assert [float(v) for v in page.MediaBox] == [0, 0, *A5]
        assert int(page.Rotate) == 90
    assert check(source, pdf, world()) == ()
