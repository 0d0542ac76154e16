"""The PDF/A-3b of a scan: each page its image at its physical size, and the words OCR read
on it as invisible text where they stand, so that selecting and searching find them.

Written with the letters' own conventions (:mod:`letterpress.pdf`): ReportLab in invariant
mode, an end-of-line marker before every ``endstream`` (:mod:`.syntax`), the /ID from the
bytes written (:mod:`.identifier`), XMP metadata repeating the document information, the
vendored sRGB output intent, and embedded files as associated files (:mod:`.catalog`). The
dates come from ``created``: the same pages give the same bytes.

- **The images are drawn unchanged.** A page's size is its image's size at its resolution
  (pixels over dots per inch, in points). A JPEG is written as it is (``/DCTDecode``, its
  own bytes). A PNG whose pixels PDF can take as they are (grey, colour or palette, 1 to 16
  bits, not interlaced, no transparency) is written with its own compressed data and the
  PNG predictor (``/FlateDecode``, ``/Predictor 15``): not a bit of its pixels is decoded or
  compressed again. Any other PNG is decoded (Pillow) and its pixels written with Flate, a
  palette as its colours, transparency as a soft mask: pixel for pixel the same.
- **The words** are drawn in the vendored regular font in text render mode 3 (neither
  filled nor stroked), one line at a time: every word of a line at one size and baseline
  (the line's height from the tops of its tallest letters to the bottoms of its
  descenders), each word stretched horizontally (``Tz``) to its box's width, and a space
  stretched over the gap to the next word, so text extraction reads the words in order
  with spaces between them and a reader's highlight covers each word on the image.
- **Characters the font lacks** (OCR can read odd ones): each is replaced by its
  compatibility decomposition when the font has every character of that (``ﬁ`` becomes
  ``fi``, a full-width ``Ａ`` an ``A``) or, that failing, by its letter without accents
  when the font has that; otherwise it is left out of the invisible text. A word left with
  no character is not drawn. The image, not the text layer, is the record: the words are
  an aid to finding it.
"""

from __future__ import annotations

import datetime
import io
import struct
import unicodedata
import zlib
from collections.abc import Sequence
from typing import Any

from ..errors import RenderError
from ..fonts import FontSet
from ..model import Language
from ..scanned import ReadPage, ScanImage, Word
from .catalog import _Hex
from .options import Attachment, RenderOptions

TITLE_SUBJECT = "A scan of a printed letter, with the words read on it by OCR"
# /Desc of the embedded files (the scan's own files, as the scanner wrote them)
ORIGINAL = "the scan as it was given"


def write_scan(pages: Sequence[ReadPage], *, title: str, language: Language,
               created: datetime.datetime, attachments: Sequence[Attachment] = (),
               fonts: FontSet | None = None) -> bytes:
    """The PDF/A-3b of the scan's ``pages`` (see the module docstring); ``attachments`` are
    embedded as associated files (the scan's own files, say). RenderError if it cannot."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
    from reportlab.pdfgen.canvas import Canvas

    from ..fonts import load_fonts
    from .catalog import PRODUCER, archival, pdf_date, without_transitions
    from .identifier import identify
    from .syntax import well_formed
    from .xmp import Description, xmp_packet

    if not pages:
        raise RenderError("a scan's PDF needs at least one page")
    fonts = fonts or load_fonts()
    font = fonts.name("regular")
    first = _size(pages[0].image)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=first, invariant=1, initialFontName=font, lang=language,
                    pageCompression=1)
    doc = canvas._doc
    well_formed(doc)
    identify(doc)
    canvas.setTitle(title)
    canvas.setAuthor("")
    canvas.setSubject(TITLE_SUBJECT)
    canvas.setKeywords("")
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    stamp = pdf_date(created)
    canvas.setDateFormatter(lambda *_: stamp)
    packet = xmp_packet(Description(title, "", TITLE_SUBJECT, language, "", PRODUCER,
                                    PRODUCER, created))
    doc.Catalog.Metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet)
    archival(doc, RenderOptions(timestamp=created, attachments=tuple(attachments)),
             (ORIGINAL, ORIGINAL))
    for number, page in enumerate(pages, 1):
        width, height = _size(page.image)
        canvas.setPageSize((width, height))
        _draw_image(canvas, page.image, f"scan{number}", width, height)
        _draw_words(canvas, page, fonts, font, width, height)
        canvas.showPage()
    without_transitions(doc)
    try:
        canvas.save()
    except Exception as exc:  # ReportLab raises bare Exceptions from deep inside
        raise RenderError(f"ReportLab could not write the scan's PDF: {exc}") from None
    return buffer.getvalue()


def _size(image: ScanImage) -> tuple[float, float]:
    """The page's size in points: the image's pixels at its resolution."""
    dpi_x, dpi_y = image.dpi
    if dpi_x <= 0 or dpi_y <= 0 or image.width <= 0 or image.height <= 0:
        raise RenderError(f"{image.origin}: an image without a size or resolution")
    return (image.width * 72 / dpi_x, image.height * 72 / dpi_y)


# --- the image ----------------------------------------------------------------------------

def _draw_image(canvas: Any, image: ScanImage, name: str, width: float,
                height: float) -> None:
    doc = canvas._doc
    stream = _xobject(doc, image)
    doc.addForm(name, stream)
    canvas._formsinuse.append(name)
    canvas._currentPageHasImages = 1
    canvas._code.append(f"q {_num(width)} 0 0 {_num(height)} 0 0 cm "
                        f"/{doc.getXObjectName(name)} Do Q")


def _xobject(doc: Any, image: ScanImage) -> Any:
    if image.format == "jpeg":
        return _jpeg(image)
    if image.format == "png":
        return _png_as_is(image) or _decoded(doc, image)
    raise RenderError(f"{image.origin}: a page image in {image.format.upper()} cannot be "
                      "drawn; pages are PNG or JPEG")


def _image_dict(image: ScanImage, colour: Any, bits: int, **more: Any) -> Any:
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName

    return PDFDictionary({"Type": PDFName("XObject"), "Subtype": PDFName("Image"),
                          "Width": image.width, "Height": image.height,
                          "ColorSpace": colour, "BitsPerComponent": bits, **more})


def _jpeg(image: ScanImage) -> Any:
    """The JPEG's own bytes, its colours as many as its frame header says."""
    from PIL import Image
    from reportlab.pdfbase.pdfdoc import PDFName, PDFStream

    try:
        with Image.open(io.BytesIO(image.data), formats=["JPEG"]) as opened:
            mode, size = opened.mode, opened.size
    except (OSError, SyntaxError, ValueError) as exc:
        raise RenderError(f"{image.origin}: not a JPEG that can be drawn ({exc})") from None
    colour = {"L": "DeviceGray", "RGB": "DeviceRGB"}.get(mode)
    if colour is None or size != (image.width, image.height):
        raise RenderError(f"{image.origin}: a JPEG in {mode}, {size[0]} × {size[1]} pixels, "
                          "cannot be drawn as the page's image")
    return PDFStream(_image_dict(image, PDFName(colour), 8, Filter=PDFName("DCTDecode")),
                     image.data)


# PNG colour types PDF takes as they are: grey, colour (RGB), palette; components of each
_PNG_COLOURS = {0: 1, 2: 3, 3: 1}


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append((kind, data[at + 8:at + 8 + length]))
        at += 12 + length
        if kind == b"IEND":
            break
    return chunks


def _png_as_is(image: ScanImage) -> Any:
    """The PNG's compressed pixels as its file holds them, with the PNG predictor (ISO
    32000-1 7.4.4.4), when PDF can take them so; None when they must be decoded."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream

    chunks = _png_chunks(image.data)
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise RenderError(f"{image.origin}: not a PNG that can be drawn")
    width, height, bits, colour_type, _, _, interlace = struct.unpack(">IIBBBBB",
                                                                      chunks[0][1])
    kinds = {kind for kind, _ in chunks}
    if (colour_type not in _PNG_COLOURS or interlace or b"tRNS" in kinds
            or (width, height) != (image.width, image.height)):
        return None
    if colour_type == 3:
        palette = b"".join(body for kind, body in chunks if kind == b"PLTE")
        if not palette or len(palette) % 3:
            return None
        colour: Any = PDFArray([PDFName("Indexed"), PDFName("DeviceRGB"),
                                len(palette) // 3 - 1, _Hex(palette)])
    else:
        colour = PDFName("DeviceGray" if colour_type == 0 else "DeviceRGB")
    pixels = b"".join(body for kind, body in chunks if kind == b"IDAT")
    parms = PDFDictionary({"Predictor": 15, "Colors": _PNG_COLOURS[colour_type],
                           "BitsPerComponent": bits, "Columns": width})
    return PDFStream(_image_dict(image, colour, bits, Filter=PDFName("FlateDecode"),
                                 DecodeParms=parms), pixels)


def _decoded(doc: Any, image: ScanImage) -> Any:
    """A PNG PDF cannot take as it is, decoded: its pixels written with Flate, a palette as
    its colours, transparency as a soft mask (ISO 32000-1 11.6.5.3)."""
    from PIL import Image
    from reportlab.pdfbase.pdfdoc import PDFName, PDFStream

    try:
        with Image.open(io.BytesIO(image.data), formats=["PNG"]) as opened:
            opened.load()
            pil = opened.copy()
    except (OSError, SyntaxError, ValueError) as exc:
        raise RenderError(f"{image.origin}: not a PNG that can be drawn ({exc})") from None
    if pil.mode == "P":
        pil = pil.convert("RGBA" if "transparency" in pil.info else "RGB")
    elif pil.mode == "PA":
        pil = pil.convert("RGBA")
    elif pil.mode in ("L", "RGB") and "transparency" in pil.info:
        pil = pil.convert("LA" if pil.mode == "L" else "RGBA")
    mask = None
    if pil.mode in ("LA", "RGBA"):
        alpha = pil.getchannel("A")
        pil = pil.convert(pil.mode[:-1])
        mask = doc.Reference(PDFStream(_image_dict(
            image, PDFName("DeviceGray"), 8, Filter=PDFName("FlateDecode")),
            zlib.compress(alpha.tobytes())))
    if pil.mode == "1":
        colour, bits, raw = "DeviceGray", 1, pil.tobytes()
    elif pil.mode in ("I;16", "I;16B", "I;16L"):
        colour, bits, raw = "DeviceGray", 16, pil.tobytes("raw", "I;16B")
    elif pil.mode in ("L", "RGB"):
        colour, bits, raw = ("DeviceGray" if pil.mode == "L" else "DeviceRGB"), 8, pil.tobytes()
    else:
        raise RenderError(f"{image.origin}: a PNG of Pillow's mode {pil.mode} cannot be drawn")
    more = {"SMask": mask} if mask is not None else {}
    return PDFStream(_image_dict(image, PDFName(colour), bits, Filter=PDFName("FlateDecode"),
                                 **more), zlib.compress(raw))


# --- the words ----------------------------------------------------------------------------

def _draw_words(canvas: Any, page: ReadPage, fonts: FontSet, font: str, width: float,
                height: float) -> None:
    image = page.image
    sx, sy = width / image.width, height / image.height
    ascent, descent = fonts.extent("regular")
    space = fonts.width(" ", "regular", 1.0)
    for line in _lines(page.words):
        drawn = [(word, text) for word in line if (text := drawable(word.text, fonts))]
        if not drawn:
            continue
        top = min(word.box[1] for word, _ in drawn)
        bottom = max(word.box[1] + word.box[3] for word, _ in drawn)
        size = max((bottom - top) * sy / (ascent + descent), 0.5)
        baseline = height - bottom * sy + descent * size
        text = canvas.beginText()
        text.setTextRenderMode(3)
        text.setFont(font, size)
        for k, (word, chars) in enumerate(drawn):
            left, right = word.box[0] * sx, (word.box[0] + word.box[2]) * sx
            natural = fonts.width(chars, "regular", size)
            text.setTextOrigin(left, baseline)
            text.setHorizScale(_scale(right - left, natural))
            text.textOut(chars)
            if k + 1 < len(drawn):
                gap = drawn[k + 1][0].box[0] * sx - right
                text.setTextOrigin(right, baseline)
                text.setHorizScale(_scale(gap, space * size))
                text.textOut(" ")
        canvas.drawText(text)


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """The words in their order, a list for each run of words on one line."""
    lines: list[list[Word]] = []
    for word in words:
        if lines and lines[-1][-1].line == word.line:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _scale(wanted: float, natural: float) -> float:
    """Tz (a percentage) that stretches ``natural`` points to ``wanted``; 1 % at least."""
    if natural <= 0:
        return 100.0
    return round(max(wanted / natural * 100, 1.0), 3)


def drawable(text: str, fonts: FontSet) -> str:
    """``text`` as the invisible layer draws it: each character the regular font lacks
    replaced by its compatibility decomposition, or by its letter without accents, when the
    font has those; otherwise left out (control and space characters too)."""
    covered = fonts.coverage
    out = []
    for ch in text:
        if ord(ch) in covered and not ch.isspace() and ch.isprintable():
            out.append(ch)
            continue
        for candidate in (unicodedata.normalize("NFKC", ch),
                          "".join(c for c in unicodedata.normalize("NFKD", ch)
                                  if not unicodedata.combining(c))):
            if candidate and all(ord(c) in covered and c.isprintable() and not c.isspace()
                                 for c in candidate):
                out.append(candidate)
                break
    return "".join(out)


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")
