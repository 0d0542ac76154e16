"""A scan that cannot be read is refused with one message naming the file (and page) and a
hint, as a ScanError the command line turns into exit code 2 (issue 22, point 5), and
reading it leaves nothing behind. Every file is made here; the limits are stated numbers
(MAX_PIXELS of logos, MAX_PAGES), tested on both sides."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
import pytest
from helpers import world
from helpers.scan_inputs import PdfImage, dct, flate, jpeg, page, pdf_of, png, text_pdf, tiff
from PIL import Image

from letterpress.cli.common import BAD_INPUT, exit_code
from letterpress.errors import ScanError
from letterpress.resolve.images import MAX_PIXELS
from letterpress.scan.read import MAX_PAGES, NOT_A_SCAN, read_scan
from letterpress.scanned import ReadPage, ScanImage, Word
from letterpress.world import SIZE_LIMITS


def refused(folder: Path, *files: tuple[str, bytes]) -> ScanError:
    """The error reading ``files`` (written into ``folder``) gives; the folder holds the
    same files after it, nothing more."""
    paths = []
    for name, data in files:
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(ScanError) as info:
        read_scan(paths, world())
    assert sorted(p.name for p in folder.iterdir()) == before
    assert exit_code(info.value) == BAD_INPUT
    assert "\n" not in str(info.value)
    return info.value


def test_a_scan_error_is_bad_input() -> None:
    assert exit_code(ScanError("x")) == BAD_INPUT == 2


def test_a_pdf_with_text_but_no_page_images_is_not_a_scan(tmp_path: Path) -> None:
    error = refused(tmp_path, ("letter.pdf", text_pdf()))
    assert str(error) == f"{tmp_path / 'letter.pdf'}, page 1: not a scan: it holds text, not images"
    assert error.hint == NOT_A_SCAN == (
        "a letter's own PDF is filed with `letterpress archive FILE.pdf`")


def test_a_letterpress_letter_is_not_a_scan(tmp_path: Path, sample_pdf: Path) -> None:
    error = refused(tmp_path, ("letter.pdf", sample_pdf.read_bytes()))
    assert "page 1: not a scan: it holds text, not images" in str(error)


def test_a_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, ("locked.pdf", pdf_of([[dct(page(1))]], password="secret")))
    assert str(error) == f"{tmp_path / 'locked.pdf'}: the PDF is protected by a password"
    assert error.hint == "save the scan again without a password"


@pytest.mark.parametrize("name, data, said", [
    ("notes.png", b"Dear Secretary General,\nplease find\n", "not a scan: it holds text"),
    ("scan.gif", b"GIF89a" + bytes(40), "not a scan: it is a GIF image"),
    ("scan.docx", b"PK\x03\x04" + bytes(40), "not a scan: it is a ZIP archive"),
    ("scan.bin", bytes(range(256)) * 4, "not a scan: not a PDF, PNG, JPEG or TIFF file"),
    ("empty.pdf", b"", "not a scan: the file is empty"),
])
def test_a_file_of_another_kind_is_refused_by_its_bytes(tmp_path: Path, name: str,
                                                        data: bytes, said: str) -> None:
    error = refused(tmp_path, (name, data))
    assert str(error).startswith(f"{tmp_path / name}: {said}")
    assert error.hint == ("give the scan as a PDF of scanned pages, or as PNG, JPEG or TIFF "
                          "images")


@pytest.mark.parametrize("name, data, said", [
    ("cut.png", png(page(1))[:300], "the PNG image is damaged"),
    ("cut.jpg", jpeg(page(1))[:400], "the JPEG image is damaged"),
    ("cut.tiff", tiff([page(1), page(2)])[:600], "the TIFF image is damaged"),
    ("cut.pdf", pdf_of([[dct(page(1))]])[:900], "damaged"),
    ("garbled.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8, "the PDF is damaged"),
])
def test_a_damaged_file_is_refused_naming_it(tmp_path: Path, name: str, data: bytes,
                                             said: str) -> None:
    error = refused(tmp_path, (name, data))
    assert str(error).startswith(f"{tmp_path / name}")
    assert said in str(error)
    assert error.hint


def test_a_damaged_jpeg_on_a_pdf_page_names_the_page(tmp_path: Path) -> None:
    good, bad = dct(page(1)), dct(page(2))
    bad.data = bad.data[:len(bad.data) // 2]
    error = refused(tmp_path, ("scan.pdf", pdf_of([[good], [bad]])))
    assert str(error).startswith(f"{tmp_path / 'scan.pdf'}, page 2: the page's JPEG image is "
                                 "damaged")
    assert error.hint == "scan the letter again"


def big(width: int, height: int) -> bytes:
    """A white bilevel PNG of that size: a few KiB however many pixels it has."""
    return png(Image.new("1", (width, height), 1), dpi=300)


def test_an_image_over_the_pixel_limit_is_refused_and_one_at_it_is_read(
        tmp_path: Path) -> None:
    """The logos' limit, per page: 25 million pixels (5000 × 5000 is read, 5000 × 5001 is
    not, before its pixels are decoded)."""
    assert MAX_PIXELS == 25_000_000
    (tmp_path / "at.png").write_bytes(big(5000, 5000))
    assert [p.width * p.height for p in read_scan([tmp_path / "at.png"], world())] == [
        MAX_PIXELS]
    error = refused(tmp_path, ("over.png", big(5000, 5001)))
    assert str(error) == (f"{tmp_path / 'over.png'}: the page's image is 5000 × 5001 pixels; "
                          "at most 25 million pixels a page are read")
    assert error.hint.startswith("scan at 300 dpi")


def test_a_tiff_frame_over_the_pixel_limit_names_its_page(tmp_path: Path) -> None:
    frames = [Image.new("1", (100, 100), 1), Image.new("1", (5001, 5000), 1)]
    error = refused(tmp_path, ("scan.tiff", tiff(frames, compression="group4")))
    assert str(error).startswith(f"{tmp_path / 'scan.tiff'}, page 2: the page's image is "
                                 "5001 × 5000 pixels")


def test_a_pdf_image_over_the_pixel_limit_is_refused_before_it_is_decoded(
        tmp_path: Path) -> None:
    """Its dictionary says 6000 × 6000; its few bytes are never inflated."""
    huge = PdfImage(zlib.compress(b"\xff" * 100), 6000, 6000, {
        "/Filter": pikepdf.Name.FlateDecode, "/ColorSpace": pikepdf.Name.DeviceGray,
        "/BitsPerComponent": 8})
    error = refused(tmp_path, ("scan.pdf", pdf_of([[dct(page(1))], [huge]])))
    assert str(error) == (f"{tmp_path / 'scan.pdf'}, page 2: the page's image is 6000 × 6000 "
                          "pixels; at most 25 million pixels a page are read")


def test_a_pdf_image_whose_stream_inflates_beyond_its_size_is_refused(tmp_path: Path) -> None:
    """100 × 100 grey pixels are 10,000 bytes; a stream inflating to 50 MB is not them."""
    bomb = PdfImage(zlib.compress(bytes(50_000_000), 9), 100, 100, {
        "/Filter": pikepdf.Name.FlateDecode, "/ColorSpace": pikepdf.Name.DeviceGray,
        "/BitsPerComponent": 8})
    error = refused(tmp_path, ("bomb.pdf", pdf_of([[bomb]], dpi=10)))
    assert str(error) == (f"{tmp_path / 'bomb.pdf'}, page 1: the page's image decodes to "
                          "more than its 100 × 100 pixels can hold")


def test_a_pdf_of_no_pages_is_refused(tmp_path: Path) -> None:
    out = io.BytesIO()
    pikepdf.Pdf.new().save(out)
    error = refused(tmp_path, ("empty.pdf", out.getvalue()))
    assert str(error) == f"{tmp_path / 'empty.pdf'}: the scan has no pages"


def test_no_file_at_all_is_refused() -> None:
    with pytest.raises(ScanError, match="^no scan given$"):
        read_scan([], world())


def test_a_missing_file_or_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScanError) as info:
        read_scan([tmp_path / "none.pdf"], world())
    assert str(info.value) == f"{tmp_path / 'none.pdf'}: cannot read the scan (no such file)"
    with pytest.raises(ScanError, match="it is a folder, not a file"):
        read_scan([tmp_path], world())


def test_a_pipe_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    """Read through the world: a pipe nobody writes to does not hang the command."""
    import os

    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ScanError, match="cannot read the scan .it is a pipe, not a file"):
        read_scan([tmp_path / "pipe"], world())
    with pytest.raises(ScanError, match="^/dev/zero: cannot read the scan .it is a device"):
        read_scan([Path("/dev/zero")], world())


def test_a_file_over_the_scan_size_limit_is_refused(tmp_path: Path) -> None:
    assert SIZE_LIMITS["scan"] == 200 * 2**20
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(SIZE_LIMITS["scan"] + 1)
    with pytest.raises(ScanError) as info:
        read_scan([path], world())
    assert str(info.value) == (f"{path}: cannot read the scan (the file is 200.0 MiB, more "
                               "than a scan may be (200.0 MiB))")


def test_more_pages_than_the_limit_are_refused_and_the_limit_is_read(tmp_path: Path) -> None:
    """100 pages are read; the 101st, in a PDF or as one more file, is refused before any
    of the file's pages is decoded."""
    assert MAX_PAGES == 100
    one = png(page(1, (24, 34)))
    paths = []
    for k in range(MAX_PAGES + 1):
        (tmp_path / f"{k:03}.png").write_bytes(one)
        paths.append(tmp_path / f"{k:03}.png")
    assert len(read_scan(paths[:MAX_PAGES], world())) == MAX_PAGES
    with pytest.raises(ScanError) as info:
        read_scan(paths, world())
    assert str(info.value) == f"{paths[-1]}: the scan has more than 100 pages (101 so far)"
    assert info.value.hint == "a scan is one letter: give each letter's pages on their own"
    many = pdf_of([[flate(page(1, (24, 34)))]] * (MAX_PAGES + 1))
    error = refused(tmp_path, ("many.pdf", many))
    assert str(error) == f"{tmp_path / 'many.pdf'}: the scan has more than 100 pages (101 so far)"


def test_a_cmyk_image_is_refused(tmp_path: Path) -> None:
    cmyk = io.BytesIO()
    page(1).convert("CMYK").save(cmyk, format="JPEG")
    error = refused(tmp_path, ("cmyk.jpg", cmyk.getvalue()))
    assert str(error) == f"{tmp_path / 'cmyk.jpg'}: the page's image is in CMYK"
    assert error.hint == "scan in colour (RGB) or in greyscale"


def test_a_pdf_page_without_an_image_of_the_page_is_refused(tmp_path: Path) -> None:
    blank = pdf_of([[]])
    error = refused(tmp_path, ("blank.pdf", blank))
    assert str(error) == f"{tmp_path / 'blank.pdf'}, page 1: the page holds no image of the page"


def test_a_pdf_page_of_two_page_images_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, ("two.pdf", pdf_of([[dct(page(1)), dct(page(2))]],
                                                 page_size=(100.8, 142.56))))
    assert str(error) == f"{tmp_path / 'two.pdf'}, page 1: the page holds 2 page images, not one"


@pytest.mark.parametrize("filters, said", [
    (["/LZWDecode"], "the page's image is encoded with LZWDecode, which letterpress does not "
     "read"),
    (["/JPXDecode"], "the page's image is encoded with JPXDecode"),
    (["/FlateDecode", "/DCTDecode"], "the page's image is a JPEG inside another encoding "
     "(FlateDecode, DCTDecode)"),
    (["/JBIG2Decode"], "the page's image cannot be decoded"),
])
def test_a_pdf_image_letterpress_cannot_decode_is_refused(tmp_path: Path, filters: list[str],
                                                         said: str) -> None:
    odd = PdfImage(bytes(64), 210, 297, {"/Filter": pikepdf.Array(
                                             [pikepdf.Name(f) for f in filters]),
                                         "/ColorSpace": pikepdf.Name.DeviceGray,
                                         "/BitsPerComponent": 1})
    error = refused(tmp_path, ("odd.pdf", pdf_of([[odd]])))
    assert str(error).startswith(f"{tmp_path / 'odd.pdf'}, page 1: {said}")
    assert "PNG" in error.hint


def words(*texts: tuple[str, float]) -> tuple[Word, ...]:
    return tuple(Word(text, (10 * k, 10, 9, 9), confidence, 0)
                 for k, (text, confidence) in enumerate(texts))


def test_no_text_lists_the_pages_with_fewer_than_five_readable_words() -> None:
    """A page counts as read with 5 words of 3 letters or more at confidence 50 or more."""
    from letterpress.scan.read import no_text

    image = ScanImage(b"", "png", 10, 10, (100.0, 100.0), "p")
    five = words(*[("Dear", 96.0)] * 4, ("you", 50.0))
    pages = [ReadPage(image, five),  # read
             ReadPage(image, five[:4]),  # four words
             ReadPage(image, (*five[:4], *words(("you", 49.9)))),  # one too unsure
             ReadPage(image, (*five[:4], *words(("to", 99.0), ("7,0", 99.0), ("—..", 99.0)))),
             ReadPage(image, ())]
    assert no_text(pages) == [1, 2, 3, 4]
