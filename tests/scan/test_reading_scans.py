"""A scan is read as its pages, in order, whatever form a scanner gave it (issue 22, point 2):
a PDF of page images (a JPEG kept byte for byte, other images' pixels unchanged), PNG or JPEG
files kept as they are, each frame of a multi-page TIFF, several files in the order given.
The files are made here (helpers/scan_inputs.py); the oracle is what was put into them."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from helpers import world
from helpers.scan_inputs import ccitt, dct, flate, jpeg, page, pdf_of, pixels, png, shown, tiff
from PIL import Image

from letterpress.scan.read import read_scan, sniff


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_a_pdf_of_jpeg_pages_keeps_each_jpeg_byte_for_byte(tmp_path: Path) -> None:
    images = [dct(page(n)) for n in (1, 2, 3)]
    path = write(tmp_path, "scan.pdf", pdf_of([[image] for image in images], dpi=150))
    pages = read_scan([path], world())
    assert [p.data for p in pages] == [image.data for image in images]
    assert {p.format for p in pages} == {"jpeg"}
    assert [p.origin for p in pages] == [f"{path}, page {n}" for n in (1, 2, 3)]
    assert {(p.width, p.height) for p in pages} == {(210, 297)}
    assert {p.dpi for p in pages} == {(150.0, 150.0)}  # 210 pixels over 100.8 points


def test_a_pdf_of_flate_pages_gives_the_same_pixels_as_png(tmp_path: Path) -> None:
    grey, colour = page(1), page(2, mode="RGB")
    path = write(tmp_path, "scan.pdf", pdf_of([[flate(grey)], [flate(colour)]], dpi=100))
    first, second = read_scan([path], world())
    assert (first.format, second.format) == ("png", "png")
    assert pixels(first.data) == ("L", (210, 297), grey.tobytes())
    assert pixels(second.data) == ("RGB", (210, 297), colour.tobytes())
    assert first.dpi == (100.0, 100.0)


def test_a_scanners_searchable_pdf_is_read_by_its_images(tmp_path: Path) -> None:
    """A scanner's own OCR puts (invisible) text over each page's image: still a scan."""
    image = dct(page(4))
    path = write(tmp_path, "searchable.pdf", pdf_of([[image]], text=True))
    assert [p.data for p in read_scan([path], world())] == [image.data]


def test_a_pdf_page_turned_by_rotate_is_read_as_shown(tmp_path: Path) -> None:
    """/Rotate 90 shows the page turned clockwise: its image is read turned so."""
    image = page(3)
    path = write(tmp_path, "turned.pdf", pdf_of([[flate(image)]], dpi=150, rotate=90))
    (read,) = read_scan([path], world())
    turned = image.transpose(Image.Transpose.ROTATE_270)  # 270° anticlockwise
    assert pixels(read.data) == ("L", (297, 210), turned.tobytes())


def test_png_and_jpeg_files_are_kept_as_they_are(tmp_path: Path) -> None:
    first = write(tmp_path, "1.png", png(page(1, (600, 848)), dpi=300))  # 2 inches wide
    second = write(tmp_path, "2.jpg", jpeg(page(2, mode="RGB"), dpi=200))
    pages = read_scan([first, second], world())
    assert [p.data for p in pages] == [first.read_bytes(), second.read_bytes()]
    assert [p.format for p in pages] == ["png", "jpeg"]
    assert [p.dpi for p in pages] == [(300.0, 300.0), (200.0, 200.0)]
    assert [p.origin for p in pages] == [str(first), str(second)]


def test_several_image_files_are_pages_in_the_order_given(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"p{n}.png", png(page(n))) for n in (1, 2, 3)]
    given = [paths[2], paths[0], paths[1]]
    assert [p.data for p in read_scan(given, world())] == [p.read_bytes() for p in given]


def test_what_a_file_is_comes_from_its_bytes_not_its_name(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", png(page(1)))
    assert [p.format for p in read_scan([path], world())] == ["png"]
    assert [sniff(png(page(1))), sniff(jpeg(page(1))), sniff(tiff([page(1)]))] == [
        "png", "jpeg", "tiff"]


@pytest.mark.parametrize("compression", ["tiff_lzw", "group4", "raw"])
def test_each_frame_of_a_multipage_tiff_is_a_page_as_png(tmp_path: Path,
                                                         compression: str) -> None:
    mode = "1" if compression == "group4" else "L"
    frames = [page(n, mode=mode) for n in (1, 2, 3)]
    path = write(tmp_path, "scan.tiff", tiff(frames, dpi=200, compression=compression))
    pages = read_scan([path], world())
    assert [pixels(p.data) for p in pages] == [(mode, (210, 297), f.tobytes()) for f in frames]
    assert [p.origin for p in pages] == [f"{path}, page {n}" for n in (1, 2, 3)]
    assert {p.dpi for p in pages} == {(200.0, 200.0)}


def test_an_image_that_states_no_resolution_is_taken_as_wide_as_its_paper(
        tmp_path: Path) -> None:
    """1654 pixels across an A4-shaped page are 210 mm at 200 dpi; across a Letter-shaped
    one (8.5 × 11 in), 1700 pixels are 8.5 in at 200 dpi."""
    a4 = write(tmp_path, "a4.png", png(Image.new("L", (1654, 2339), 255), dpi=None))
    letter = write(tmp_path, "letter.png", png(Image.new("L", (1700, 2200), 255), dpi=None))
    first, second = read_scan([a4, letter], world())
    assert first.dpi == pytest.approx((200.0, 200.0), abs=0.1)
    assert second.dpi == (200.0, 200.0)


def test_a_resolution_that_makes_a_poster_of_the_page_is_not_believed(tmp_path: Path) -> None:
    """A phone's 72 dpi on 2480 pixels would be a page 34 inches wide: the width of A4 is
    taken instead (300 dpi); 150 dpi on 1240 pixels (8.3 in) is believed."""
    phone = write(tmp_path, "phone.jpg", jpeg(Image.new("L", (2480, 3508), 255), dpi=72))
    small = write(tmp_path, "small.png", png(Image.new("L", (1240, 1754), 255), dpi=150))
    first, second = read_scan([phone, small], world())
    assert first.dpi == pytest.approx((300.0, 300.0), abs=0.1)
    assert second.dpi == (150.0, 150.0)


def test_a_pdf_image_in_a_flate_predictor_stream_keeps_its_pixels(tmp_path: Path) -> None:
    """PNG-predicted Flate, as some scanners write it: the pixels, not the filtered rows."""
    image = page(5)
    rows = b"".join(b"\x00" + image.tobytes()[y * 210:(y + 1) * 210] for y in range(297))
    import pikepdf
    from helpers.scan_inputs import PdfImage

    predicted = PdfImage(zlib.compress(rows), 210, 297, {
        "/Filter": pikepdf.Name.FlateDecode, "/ColorSpace": pikepdf.Name.DeviceGray,
        "/BitsPerComponent": 8, "/DecodeParms": pikepdf.Dictionary(
            Predictor=15, Colors=1, BitsPerComponent=8, Columns=210)})
    path = write(tmp_path, "scan.pdf", pdf_of([[predicted]]))
    (read,) = read_scan([path], world())
    assert pixels(read.data) == ("L", (210, 297), image.tobytes())


@pytest.mark.parametrize("black_is_1", [False, True])
def test_a_pdf_of_ccitt_fax_pages_reads_the_pixels_a_viewer_shows(tmp_path: Path,
                                                                  black_is_1: bool) -> None:
    """Bilevel scans are CCITT group 4 in most scanners' PDFs: the page read is the page
    PDFium shows (one pixel a dot), and with /BlackIs1 as the data was coded, the image
    that was coded."""
    image = page(2).point(lambda v: 255 if v > 128 else 0).convert("1")
    data = pdf_of([[ccitt(image, black_is_1)]], dpi=72)
    (read,) = read_scan([write(tmp_path, "fax.pdf", data)], world())
    mode, size, _ = pixels(read.data)
    with Image.open(io.BytesIO(read.data)) as decoded:
        grey = decoded.convert("L").tobytes()
    assert (mode, size) == ("1", (210, 297))
    assert grey == shown(data, 72)
    assert (grey == image.convert("L").tobytes()) is black_is_1  # Pillow codes 1 as white


def test_a_scan_read_and_written_as_pdfa_keeps_its_jpeg_pages_byte_for_byte(
        tmp_path: Path) -> None:
    """From the scanner's PDF to the scan's PDF/A (no OCR: pages without words): the JPEG
    a page held is the JPEG the PDF/A draws, on a page of the same size."""
    import datetime

    import pikepdf

    from letterpress.pdf.scanned import write_scan
    from letterpress.scanned import ReadPage

    images = [dct(page(n, mode="RGB")) for n in (1, 2)]
    path = write(tmp_path, "scan.pdf", pdf_of([[image] for image in images], dpi=150))
    pages = [ReadPage(image, ()) for image in read_scan([path], world())]
    pdf = write_scan(pages, title="scan", language="en",
                     created=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC))
    with pikepdf.open(io.BytesIO(pdf)) as doc, pikepdf.open(path) as given:
        assert [bytes(next(iter(p.get_images().values())).read_raw_bytes())
                for p in doc.pages] == [image.data for image in images]
        assert [list(p.mediabox) for p in doc.pages] == [list(p.mediabox)
                                                          for p in given.pages]


def test_a_turned_jpeg_page_is_decoded_and_turned(tmp_path: Path) -> None:
    """A JPEG cannot be turned without decoding it: the page turned by /Rotate 180 is its
    pixels (as Pillow decodes the JPEG) turned, as PNG."""
    image = dct(page(2))
    path = write(tmp_path, "upside.pdf", pdf_of([[image]], dpi=150, rotate=180))
    (read,) = read_scan([path], world())
    with Image.open(io.BytesIO(image.data)) as decoded:
        turned = decoded.transpose(Image.Transpose.ROTATE_180)
        assert pixels(read.data) == ("L", (210, 297), turned.tobytes())
    assert read.format == "png"
