"""Scan files made in the test, as scanners and image programs write them: page images
(Pillow), PDFs of page images (pikepdf, one image covering each page) and files that are not
scans. Small pages, so that reading them costs milliseconds; no OCR.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from PIL import Image, ImageDraw


def page(number: int, size: tuple[int, int] = (210, 297), mode: str = "L") -> Image.Image:
    """A page image told apart from the others by ``number``: a dark bar at a height of its
    own and ``number`` short lines, on grey."""
    image = Image.new("L", size, 230)
    draw = ImageDraw.Draw(image)
    width, height = size
    top = (number * 37) % max(height - 20, 1)
    draw.rectangle((2, top, max(width - 10, 2), top + 8), fill=20)
    for k in range(number):
        draw.line((2 + 6 * k, height // 2, 2 + 6 * k, height - 2), fill=60, width=2)
    return image.convert(mode)


def png(image: Image.Image, dpi: float | None = 150, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", **({"dpi": (dpi, dpi)} if dpi else {}), **options)
    return out.getvalue()


def jpeg(image: Image.Image, dpi: float | None = 150) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, **({"dpi": (dpi, dpi)} if dpi else {}))
    return out.getvalue()


def tiff(frames: Sequence[Image.Image], dpi: float = 150, compression: str = "tiff_lzw"
         ) -> bytes:
    out = io.BytesIO()
    frames = [f.copy() for f in frames]  # an image saved before keeps that save's options
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:],
                   dpi=(dpi, dpi), compression=compression)
    return out.getvalue()


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    """An image file's mode, size and pixels, decoded by Pillow."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.mode, image.size, image.tobytes()


@dataclass
class PdfImage:
    """An image XObject as a PDF page holds it: its dictionary's entries and stream data."""

    data: bytes
    width: int
    height: int
    entries: dict[str, Any] = field(default_factory=dict)


def dct(image: Image.Image) -> PdfImage:
    """The image as a JPEG in a PDF (/DCTDecode), the JPEG's own bytes."""
    colour = "/DeviceGray" if image.mode == "L" else "/DeviceRGB"
    return PdfImage(jpeg(image, None), *image.size, {
        "/Filter": pikepdf.Name.DCTDecode, "/ColorSpace": pikepdf.Name(colour),
        "/BitsPerComponent": 8})


def flate(image: Image.Image) -> PdfImage:
    """The image's pixels compressed with Flate (grey or RGB, 8 bits)."""
    colour = "/DeviceGray" if image.mode == "L" else "/DeviceRGB"
    return PdfImage(zlib.compress(image.tobytes()), *image.size, {
        "/Filter": pikepdf.Name.FlateDecode, "/ColorSpace": pikepdf.Name(colour),
        "/BitsPerComponent": 8})


def pdf_of(pages: Sequence[Sequence[PdfImage]], dpi: float = 150, *, rotate: int = 0,
           text: bool = False, password: str = "",
           page_size: tuple[float, float] | None = None) -> bytes:
    """A PDF with a page for each list of images, the first image covering the page at
    ``dpi`` (the others drawn small in a corner); with ``page_size`` (points) every image is
    drawn small; ``text`` adds a line of text to each page."""
    pdf = pikepdf.Pdf.new()
    for images in pages:
        if page_size or not images:
            width, height = page_size or (595.0, 842.0)
        else:
            width, height = images[0].width * 72 / dpi, images[0].height * 72 / dpi
        new = pdf.add_blank_page(page_size=(width, height))
        content, xobjects = [], pikepdf.Dictionary()
        for k, image in enumerate(images):
            stream = pikepdf.Stream(pdf, image.data)
            stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
            stream.Width, stream.Height = image.width, image.height
            for key, value in image.entries.items():
                stream[key] = value
            xobjects[f"/Im{k}"] = stream
            w, h = (width, height) if k == 0 and not page_size else (20, 20)
            content.append(f"q {w:.3f} 0 0 {h:.3f} 0 0 cm /Im{k} Do Q")
        resources = pikepdf.Dictionary(XObject=xobjects)
        if text:
            resources.Font = pikepdf.Dictionary(F1=pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica))
            content.append("BT /F1 12 Tf 20 20 Td (Dear Secretary General) Tj ET")
        new.Resources = resources
        new.Contents = pdf.make_stream("\n".join(content).encode("ascii"))
        if rotate:
            new.Rotate = rotate
    out = io.BytesIO()
    if password:
        pdf.save(out, encryption=pikepdf.Encryption(user=password, owner=password),
                 compress_streams=False)
    else:  # the streams as given: compressing them, qpdf would turn LZW into Flate
        pdf.save(out, deterministic_id=True, compress_streams=False)
    return out.getvalue()


def text_pdf() -> bytes:
    """A PDF of text and a small logo, as a letter's own PDF is: no page image."""
    return pdf_of([[flate(page(1, (60, 20)))]], text=True, page_size=(595.0, 842.0))


def ccitt(image: Image.Image, black_is_1: bool) -> PdfImage:
    """A bilevel image as CCITT group 4 fax data in a PDF (/CCITTFaxDecode, K -1), the data
    taken from the single strip of a group 4 TIFF Pillow writes."""
    out = io.BytesIO()
    image.save(out, format="TIFF", compression="group4", tiffinfo={278: image.size[1]})
    with Image.open(io.BytesIO(out.getvalue())) as written:
        start, length = written.tag_v2[273][0], written.tag_v2[279][0]
    width, height = image.size
    return PdfImage(out.getvalue()[start:start + length], width, height, {
        "/Filter": pikepdf.Name.CCITTFaxDecode, "/ColorSpace": pikepdf.Name.DeviceGray,
        "/BitsPerComponent": 1, "/DecodeParms": pikepdf.Dictionary(
            K=-1, Columns=width, Rows=height, BlackIs1=black_is_1)})


def shown(pdf: bytes, dpi: float) -> bytes:
    """The first page of ``pdf`` as PDFium shows it, in grey, one pixel a dot at ``dpi``."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72, grayscale=True)
        return bytes(bitmap.to_pil().convert("L").tobytes())
    finally:
        document.close()
