"""OCR reads a printed letterpress page in the letter's language, and says what to install
where it cannot run."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SAMPLE, world
from helpers.ocr import needs_ocr, printed, scan_image

from letterpress.pipeline import build
from letterpress.resolve.names import plain
from letterpress.scan import ocr


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    out = tmp_path_factory.mktemp("ocr") / "sample.pdf"
    build(SAMPLE, out, world=world())
    return printed(out)


@needs_ocr
@pytest.mark.slow
def test_a_printed_page_reads_back_its_words_in_order(sample_pages: list[bytes]) -> None:
    page, = ocr.recognise([scan_image(sample_pages[0])], "en")
    said = [plain(w.text) for w in page.words]
    # the reference, the date and the recipient as the source writes them
    for expected in ("05/20", "08.10.2020", "verhara", "amnesty"):
        assert any(expected in w for w in said), expected
    lines = [w.line for w in page.words]
    assert lines == sorted(lines) and len(set(lines)) > 20
    assert all(w.box[2] > 0 and w.box[3] > 0 for w in page.words)


def test_tsv_rows_become_words_on_lines() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\t" \
             "height\tconf\ttext"
    rows = ["4\t1\t1\t1\t1\t0\t10\t10\t200\t20\t-1\t",
            "5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t96.5\tYours",
            "5\t1\t1\t1\t1\t2\t70\t10\t90\t20\t91\tfaithfully,",
            "5\t1\t1\t1\t2\t1\t10\t40\t30\t20\t12\t \t",
            "5\t1\t2\t1\t1\t1\t10\t90\t60\t20\t88\tBake\u0301"]
    words = ocr.read_tsv("\n".join([header, *rows]))
    assert [(w.text, w.line) for w in words] == [("Yours", 0), ("faithfully,", 0),
                                                  ("Baké", 1)]
    assert words[1].box == (70, 10, 90, 20) and words[1].confidence == 91


def test_without_tesseract_it_names_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    reason = ocr.available("az")
    assert "not installed" in reason and ocr.INSTALL in reason
    with pytest.raises(ocr.Missing, match="apt-get install tesseract-ocr"):
        ocr.recognise([], "az")


def test_a_missing_language_names_its_package(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\necho 'List of available languages (2):'\necho eng\necho osd\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert ocr.available("en") == ""
    assert ocr.available("ru").endswith("`apt-get install tesseract-ocr-rus`")
