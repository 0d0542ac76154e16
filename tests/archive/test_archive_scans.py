"""Scans of hand-signed copies in the archive (issue 22, point 2): a printed letter, scanned,
is filed beside the letter it is a copy of, with its words recognised, its match and score
said, listed, searchable by what it reads, and verified like every bag; a scan of no filed
letter, or one that cannot be read, files nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import bagit
import pytest
from helpers import SOURCE_DIR
from helpers.embedded import build_with_sources
from helpers.ocr import needs_ocr, printed, scanner_pdf

from letterpress.cli import main

EN = "2026-11-20-assembly-invitation-en"
RU = "2026-11-20-assembly-invitation-ru"
APPEAL = "2020-10-08-amnesty-appeal"
LETTER_BAG = "2026/2026-11-20_41-26_en_r1"
SCAN_BAG = LETTER_BAG + "_scan"


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def archive(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["archive", "--archive", "archive", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def printed_letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The English and Russian invitations and the appeal, built with their sources."""
    folder = tmp_path_factory.mktemp("letters")
    shutil.copytree(SOURCE_DIR, folder / "source")
    return {name: build_with_sources(folder / "source" / f"{name}.yaml",
                                     folder / f"{name}.pdf") for name in (EN, RU, APPEAL)}


@pytest.fixture(scope="module")
def scans(printed_letters: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
          ) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scans")
    return {name: scanner_pdf(printed(pdf), folder / f"{name}-scan.pdf")
            for name, pdf in printed_letters.items()}


@pytest.fixture
def filed(tmp_path: Path, printed_letters: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> Path:
    """An archive holding the three letters, in the current folder."""
    monkeypatch.chdir(tmp_path)
    assert archive(capsys, *printed_letters.values())[0] == 0
    return tmp_path / "archive"


@needs_ocr
@pytest.mark.slow
def test_a_scan_is_filed_beside_its_letter_listed_searched_and_verified(
        filed: Path, scans: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = archive(capsys, scans[EN])
    assert code == 0, err
    assert f"{LETTER_BAG}: 41/26 of 20 November 2026 (en, revision 1), score" in out
    assert out.splitlines()[-1] == f"{scans[EN]} -> archive/{SCAN_BAG}"
    info = bagit.Bag(str(filed / SCAN_BAG)).info
    assert (info["Letter-Copy-Of"], info["Letter-Copy-Kind"], info["Letter-Reference"],
            info["Scan-Pages"], info["Letter-PDF-A"]) == (LETTER_BAG, "scan", "41/26", "3", "3b")
    assert float(info["Scan-Agreement"]) >= 0.9
    assert ((filed / SCAN_BAG / "data/scan" / scans[EN].name).read_bytes()
            == scans[EN].read_bytes())  # the scan as given, byte for byte
    report = json.loads((filed / SCAN_BAG / "data/match.json").read_text(encoding="utf-8"))
    assert report  # what the match says is kept with the scan
    # listed after its letter, found by the words it reads, verified
    code, out, _ = archive(capsys, "list")
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.endswith(LETTER_BAG))
    assert "scan of a copy signed in ink" in lines[first + 1]
    assert lines[first + 1].endswith(SCAN_BAG)
    code, out, _ = archive(capsys, "search", "Sumgayit")
    assert code == 0 and SCAN_BAG in out and "scan:" in out
    code, out, err = archive(capsys, "verify")
    assert code == 0, err
    # filing it again does nothing
    before = snapshot(filed)
    code, out, _ = archive(capsys, scans[EN])
    assert code == 0 and "nothing done" in out and snapshot(filed) == before
    # the register rebuilt from the bags says the same
    listed = archive(capsys, "list", "--json")[1]
    assert archive(capsys, "reindex")[0] == 0
    assert archive(capsys, "list", "--json")[1] == listed


@needs_ocr
@pytest.mark.slow
def test_verify_derives_the_match_again(filed: Path, scans: dict[str, Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert archive(capsys, "--copy-of", filed / LETTER_BAG / f"data/{EN}.pdf",
                   scans[EN])[0] == 0
    report = filed / SCAN_BAG / "data/match.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("%", " %", 1),
                      encoding="utf-8")
    bagit.Bag(str(filed / SCAN_BAG)).save(manifests=True)  # manifests made again over it
    code, _, err = archive(capsys, "verify")
    assert code == 1 and f"{SCAN_BAG}: data/match.txt: does not say" in err
    words = filed / SCAN_BAG / "data/ocr.json"
    words.write_text(words.read_text(encoding="utf-8").replace("Sumgayit", "Sumqayit"),
                     encoding="utf-8")
    bagit.Bag(str(filed / SCAN_BAG)).save(manifests=True)
    code, _, err = archive(capsys, "verify")
    assert code == 1 and "data/ocr.json" in err
    assert f"{SCAN_BAG}: {EN}_scan.pdf: page 1: its text layer does not say the words" in err


@needs_ocr
@pytest.mark.slow
def test_verify_finds_a_scan_whose_pages_were_swapped(
        filed: Path, scans: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The PDF/A shows the files given, pixel for pixel: a scan replaced under manifests
    made again is found, though every derived file still agrees with the other."""
    import pikepdf

    assert archive(capsys, scans[EN])[0] == 0
    given = filed / SCAN_BAG / "data/scan" / scans[EN].name
    pages = []
    with pikepdf.open(given) as doc:
        for page in doc.pages:
            pages.append(pikepdf.PdfImage(next(iter(page.get_images().values()))).as_pil_image())
    pages[1] = pages[1].rotate(180)
    pages[0].save(given, format="PDF", save_all=True, append_images=pages[1:],
                  resolution=200.0)
    bagit.Bag(str(filed / SCAN_BAG)).save(manifests=True)
    code, _, err = archive(capsys, "verify")
    assert code == 1 and f"{EN}_scan.pdf: page 2: its image is not page 2 of the scan" in err


@needs_ocr
@pytest.mark.slow
def test_a_scan_of_no_filed_letter_is_refused_with_the_closest(
        tmp_path: Path, printed_letters: dict[str, Path], scans: dict[str, Path],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert archive(capsys, printed_letters[APPEAL], printed_letters[RU])[0] == 0
    before = snapshot(tmp_path)
    code, out, err = archive(capsys, scans[EN])
    assert code == 2 and out == ""
    assert err.startswith(f"{scans[EN]}: matches no filed letter well enough")
    assert "05/20 of 08.10.2020 (en, revision 1), score 0." in err and "--copy-of" in err
    assert snapshot(tmp_path) == before


@pytest.mark.slow
def test_without_tesseract_nothing_is_filed_and_the_package_is_named(
        filed: Path, scans: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    before = snapshot(filed)
    code, out, err = archive(capsys, scans[EN])
    assert code == 2 and out == "" and err.count("\n") <= 2
    assert "apt-get install tesseract-ocr" in err
    assert snapshot(filed) == before


@pytest.mark.slow
def test_copy_of_is_for_scans(filed: Path, printed_letters: dict[str, Path],
                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = archive(capsys, "--copy-of", printed_letters[EN], printed_letters[EN])
    assert code == 2 and "--copy-of" in err and err.count("\n") == 1


@needs_ocr
@pytest.mark.slow
def test_a_signed_russian_scan_with_a_page_missing_and_out_of_order(
        filed: Path, printed_letters: dict[str, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Pages given as image files, the last first, the middle one missing: matched to the
    Russian letter (its language told from the scan), filed, the missing page named, exit 1."""
    from helpers.scans import CLOSINGS, scan_of

    pages = scan_of(printed_letters[RU], seed=7, closing=CLOSINGS["ru"])
    files = []
    for n in (3, 1):
        files.append(tmp_path / f"page-{n}.jpg")
        files[-1].write_bytes(pages[n - 1])
    code, out, err = archive(capsys, *files)
    bag = "2026/2026-11-20_41-26_ru_r1"
    assert code == 1 and "filed as it is" in err
    assert f"{bag}: 41/26 of 20 ноября 2026 (ru, revision 1)" in out
    assert "scan page 1 is page 3" in out and "scan page 2 is page 1" in out
    assert "page 2 of the letter is missing from the scan" in out
    assert out.splitlines()[-1].endswith(f"-> archive/{bag}_scan")
    info = bagit.Bag(str(filed / f"{bag}_scan")).info
    assert info["Scan-Original"] == ["data/scan/page-3.jpg", "data/scan/page-1.jpg"]
    assert archive(capsys, "verify")[0] == 0


@pytest.mark.slow
def test_a_pdf_of_text_by_another_program_is_neither_letter_nor_scan(
        filed: Path, printed_letters: dict[str, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from helpers.bad_pdfs import not_letterpress

    pdf = not_letterpress(tmp_path, printed_letters[APPEAL])
    before = snapshot(filed)
    code, out, err = archive(capsys, pdf)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"{pdf}: not a PDF made by letterpress")
    assert "nor is it a scan of a letter" in err
    assert snapshot(filed) == before


@needs_ocr
@pytest.mark.slow
def test_a_scan_with_no_text_files_nothing(filed: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from PIL import Image, ImageDraw

    page = Image.new("L", (1654, 2339), 250)  # A4 at 200 dpi: a photograph, no words
    ImageDraw.Draw(page).ellipse((300, 400, 1300, 1900), fill=90)
    page.save(tmp_path / "blank.png", dpi=(200, 200))
    before = snapshot(filed)
    code, out, err = archive(capsys, tmp_path / "blank.png")
    assert code == 2 and out == ""
    assert err.startswith(f"{tmp_path / 'blank.png'}: no recognisable text on this page")
    assert "hint:" in err
    assert snapshot(filed) == before
