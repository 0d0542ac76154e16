"""A scan's PDF/A (issue 22, point 2): each page its image at its physical size, drawn
unchanged, and the words read on it as invisible text on their boxes, so that selecting and
searching find them. Judged as letters are (check/pdfa.py with check/filesyntax.py, and the
tests' own syntax reader), read back with pypdf and PDFium, not with the writer's ReportLab.
The words are made here, on boxes stated by the test, except in the one test that reads a
printed letter with OCR."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2
import pytest
from helpers.ocr import needs_ocr, printed
from helpers.pdfsyntax import broken_clauses
from helpers.scan_inputs import jpeg, page, pixels, png
from PIL import Image

from letterpress.check.filesyntax import file_syntax_problems
from letterpress.check.pdfa import pdfa_status
from letterpress.fonts import FontSet
from letterpress.pdf import Attachment
from letterpress.pdf.scanned import ORIGINAL, drawable, write_scan
from letterpress.scanned import ReadPage, ScanImage, Word

CREATED = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
LINES = [["Dear", "Secretary", "General,"], ["Azərbaycan", "Respublikası"],
         ["Уважаемый", "господин"]]


def image_of(data: bytes, fmt: str, dpi: float = 150.0, origin: str = "page") -> ScanImage:
    with Image.open(io.BytesIO(data)) as opened:
        size = opened.size
    return ScanImage(data, fmt, size[0], size[1], (dpi, dpi), origin)  # type: ignore[arg-type]


def lined(image: ScanImage, lines: list[list[str]] = LINES) -> ReadPage:
    """Words on the page in rows 40 pixels apart, each box 14 pixels a letter wide."""
    words, top = [], 30
    for number, line in enumerate(lines):
        left = 20
        for text in line:
            words.append(Word(text, (left, top, 14 * len(text), 24), 91.0, number))
            left += 14 * len(text) + 12
        top += 40
    return ReadPage(image, tuple(words))


def written(pages: list[ReadPage], **more: object) -> bytes:
    return write_scan(pages, title="Scan of 05/20", language="en", created=CREATED,
                      **more)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def two_pages() -> tuple[list[ReadPage], bytes]:
    pages = [lined(image_of(jpeg(page(1, (800, 1131), "RGB"), dpi=None), "jpeg")),
             lined(image_of(png(page(2, (800, 1131))), "png"), [["Yours", "faithfully,"]])]
    return pages, written(pages)


def test_the_judges_pass_the_scans_pdf(two_pages: tuple[list[ReadPage], bytes]) -> None:
    _, pdf = two_pages
    assert pdfa_status(pdf) == ("pass", ())
    assert file_syntax_problems(pdf) == ()
    assert broken_clauses(pdf) == []


def test_the_same_pages_give_the_same_bytes(two_pages: tuple[list[ReadPage], bytes]) -> None:
    pages, pdf = two_pages
    assert written(pages) == pdf


def test_the_dates_are_the_ones_given(two_pages: tuple[list[ReadPage], bytes]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(two_pages[1]))
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20261201093000Z"
    assert reader.metadata["/Title"] == "Scan of 05/20"


def test_each_page_is_its_image_at_its_physical_size(
        two_pages: tuple[list[ReadPage], bytes]) -> None:
    """800 × 1131 pixels at 150 dpi are 384 × 542.88 points."""
    reader = pypdf.PdfReader(io.BytesIO(two_pages[1]))
    for pdf_page in reader.pages:
        assert (float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)) == \
            pytest.approx((384.0, 542.88))


def test_the_text_layer_reads_the_words_in_order(
        two_pages: tuple[list[ReadPage], bytes]) -> None:
    pages, pdf = two_pages
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for pdf_page, read in zip(reader.pages, pages, strict=True):
        assert pdf_page.extract_text().split() == [w.text for w in read.words]


def test_each_letter_lies_on_its_words_box(two_pages: tuple[list[ReadPage], bytes]) -> None:
    """Where PDFium places each character (its glyph's box) lies in the word's box on the
    image, in points: a reader's highlight and search land on the word."""
    pages, pdf = two_pages
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index, read in enumerate(pages):
            pdf_page = document[index]
            width, height = pdf_page.get_size()
            scale = width / read.image.width
            textpage = pdf_page.get_textpage()
            text = textpage.get_text_range()
            at = 0
            for word in read.words:
                start = text.index(word.text, at)
                at = start + len(word.text)
                left, top, w, h = (v * scale for v in word.box)
                for k in range(start, at):
                    x0, y0, x1, y1 = textpage.get_charbox(k)
                    assert left - 0.5 <= x0 <= x1 <= left + w + 0.5, word.text
                    assert height - top - h - 0.5 <= y0 <= y1 <= height - top + 0.5, word.text
            textpage.close()
    finally:
        document.close()


def test_the_words_are_invisible(two_pages: tuple[list[ReadPage], bytes]) -> None:
    """The page shows exactly what it shows without any word on it."""
    pages, pdf = two_pages
    bare = written([ReadPage(p.image, ()) for p in pages])

    def shown(data: bytes) -> list[bytes]:
        document = pypdfium2.PdfDocument(data)
        try:
            return [bytes(p.render(scale=1, grayscale=True).to_pil().tobytes())
                    for p in document]
        finally:
            document.close()

    assert shown(pdf) == shown(bare)
    assert pypdf.PdfReader(io.BytesIO(bare)).pages[0].extract_text().split() == []


def images_of(pdf: bytes) -> list[pikepdf.Stream]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [next(iter(p.get_images().values())) for p in doc.pages]


def test_a_jpeg_is_drawn_byte_for_byte(two_pages: tuple[list[ReadPage], bytes]) -> None:
    pages, pdf = two_pages
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        image = next(iter(doc.pages[0].get_images().values()))
        assert image.Filter == pikepdf.Name.DCTDecode
        assert image.ColorSpace == pikepdf.Name.DeviceRGB
        assert bytes(image.read_raw_bytes()) == pages[0].image.data


def page_image(pdf: bytes) -> Image.Image:
    """The first page's image as pikepdf decodes it (its soft mask as alpha)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        stream = next(iter(doc.pages[0].get_images().values()))
        return pikepdf.PdfImage(stream).as_pil_image()


@pytest.mark.parametrize("mode, options", [
    ("L", {}), ("RGB", {}), ("1", {}), ("P", {}), ("L", {"interlace": 1}),
    ("I;16", {}), ("RGBA", {}), ("LA", {})])
def test_a_png_is_drawn_with_its_pixels_unchanged(mode: str, options: dict[str, int]) -> None:
    """Grey, colour, bilevel, palette (its colours), interlaced, 16-bit grey, and with
    transparency (the alpha a soft mask): the same pixels."""
    source = page(3, (120, 170), "RGB" if mode in ("P", "RGBA") else "L")
    if mode == "P":
        source = source.convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    elif mode == "I;16":
        source = source.convert("I").point(lambda v: v * 257).convert("I;16")
    elif mode in ("RGBA", "LA"):
        source = source.convert(mode)
        source.putalpha(source.getchannel(0).point(lambda v: 255 - v // 2))
    else:
        source = source.convert(mode)
    pdf = written([lined(image_of(png(source, **options), "png"))])
    assert pdfa_status(pdf) == ("pass", ())
    got = page_image(pdf)
    assert got.size == source.size
    if mode == "P":
        assert got.convert("RGB").tobytes() == source.convert("RGB").tobytes()
    elif mode == "I;16":
        assert got.convert("I").tobytes() == source.convert("I").tobytes()
        assert max(source.convert("I").tobytes()[1::4]) > 0  # values above 255 compared
    else:
        assert (got.mode, got.tobytes()) == (source.mode, source.tobytes())


def test_a_plain_png_keeps_its_own_compressed_data() -> None:
    """Grey, colour or palette, not interlaced, no transparency: the PNG's IDAT data is the
    image stream, read through the PNG predictor; nothing is compressed again."""
    data = png(page(4, (120, 170)))
    idat = data.index(b"IDAT")
    length = int.from_bytes(data[idat - 4:idat], "big")
    with pikepdf.open(io.BytesIO(written([lined(image_of(data, "png"))]))) as doc:
        stream = next(iter(doc.pages[0].get_images().values()))
        assert bytes(stream.read_raw_bytes()) == data[idat + 4:idat + 4 + length]
        assert stream.DecodeParms.Predictor == 15


def test_characters_the_font_lacks_are_replaced_or_left_out(fonts: FontSet) -> None:
    assert {ord("ﬃ"), ord("Ａ"), ord("☃"), 0xE000} & fonts.coverage == set()  # the cases
    assert drawable("oﬃce", fonts) == "office"  # its compatibility decomposition
    assert drawable("ＡＺ", fonts) == "AZ"
    assert drawable("a\u200bb\tc", fonts) == "abc"  # invisible and white space left out
    assert drawable("☃snow", fonts) == "snow"
    assert drawable("\ue000", fonts) == ""
    assert drawable("Azərbaycan", fonts) == "Azərbaycan"


def test_a_page_of_odd_characters_is_still_a_pdfa(fonts: FontSet) -> None:
    image = image_of(png(page(1, (400, 566))), "png")
    odd = ReadPage(image, (Word("\ue000\ue001", (10, 10, 50, 20), 30.0, 0),
                           Word("oﬃce", (70, 10, 50, 20), 80.0, 0),
                           Word("☃", (130, 10, 20, 20), 10.0, 1)))
    pdf = written([odd])
    assert pdfa_status(pdf) == ("pass", ())
    assert pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split() == ["office"]


def test_attachments_are_embedded_as_associated_files() -> None:
    data = png(page(1, (400, 566)))
    pdf = written([lined(image_of(data, "png"))],
                  attachments=(Attachment("scan-1.png", data, "image/png"),))
    assert pdfa_status(pdf) == ("pass", ())
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        (spec,) = doc.Root.AF
        assert (str(spec.F), str(spec.Desc), spec.AFRelationship) == (
            "scan-1.png", ORIGINAL, pikepdf.Name.Source)
        assert bytes(spec.EF.F.read_bytes()) == data


def test_no_page_is_refused() -> None:
    from letterpress.errors import RenderError

    with pytest.raises(RenderError, match="at least one page"):
        written([])


@needs_ocr
@pytest.mark.slow
def test_a_printed_letter_read_by_ocr_is_written_and_read_back(sample_pdf: Path,
                                                              fonts: FontSet) -> None:
    """The first page of the sample letter printed at 200 dpi and read by Tesseract: the
    scan's PDF passes the judges and its text layer gives the words OCR read, in order."""
    from letterpress.scan.ocr import recognise

    image = image_of(printed(sample_pdf, 200)[0], "png", dpi=200)
    (read,) = recognise([image], "en")
    pdf = written([read])
    assert pdfa_status(pdf) == ("pass", ())
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert text.split() == [t for w in read.words if (t := drawable(w.text, fonts))]
    assert len(read.words) > 100
    assert pixels(image.data)[2] == page_image(pdf).tobytes()
