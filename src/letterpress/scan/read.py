"""The pages of a scan, read from the files the user gives, in order.

A scan is one PDF of page images (what a scanner writes) or image files: PNG, JPEG, or a
multi-page TIFF; several files are pages in the order given. What each file is comes from
its first bytes, never its name. Each page becomes a :class:`~letterpress.scanned.ScanImage`:

- a PNG or JPEG file: its own bytes, untouched;
- a page of a PDF whose image is a JPEG (``/DCTDecode`` alone): the JPEG's bytes as the PDF
  holds them (decoded and written as PNG only when the page is turned by /Rotate or the
  image has a /Decode array); any other image of a PDF (Flate, CCITT fax, JBIG2 when pikepdf
  can decode it) and each frame of a TIFF: its pixels re-encoded as PNG, losslessly;
- its resolution: as the file states it; for a page of a PDF, the image's pixels over the
  page's size. An image file that states none, or one that would make it narrower than an
  inch or wider than 17 inches (the 72 dpi of a phone's picture), is taken to be as wide
  as the paper letters are printed on whose proportions it has (A4 or US Letter).

Refused, each with the file (and page) named and a hint (:class:`~letterpress.errors.
ScanError`): a file that is none of these, a damaged one, a password-protected PDF, a PDF
with text but no page images (a letter's own PDF, not a scan of it), a page of more pixels
than a logo may have (:data:`letterpress.resolve.images.MAX_PIXELS`), a CMYK image, no page
at all and more than :data:`MAX_PAGES`. Every file is read through the world (kind "scan").

Decoding is bounded: an image's size is checked on its header before its pixels are
decoded, and a PDF's Flate streams are inflated in pieces up to what the image's size can
need. pikepdf (PDF) and Pillow (images) are imported inside the functions: building
letters never loads them from here.
"""

from __future__ import annotations

import io
import warnings
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from ..errors import ScanError
from ..resolve.images import MAX_PIXELS
from ..scanned import ImageFormat, ReadPage, ScanImage
from ..world import Unreadable, World

MAX_PAGES = 100  # a letter of a hundred pages is a book: more is a mistake, not a letter
# An image file's resolution is believed between these (dots per inch), when it makes the
# page between an inch and 17 inches wide (A3 on its side); otherwise it is taken for unset:
# a JPEG's 1:1 "density" that states proportions only, or the 72 dpi phones and image
# programs write whatever the picture, which would make an A4 scan a poster.
DPI_RANGE = (50.0, 2400.0)
WIDTH_INCHES = (1.0, 17.0)
PAPER_MM = {"A4": (210.0, 297.0), "US Letter": (215.9, 279.4)}  # as layout/geometry.py
# A page image covers its page when its proportions are the page's within this share.
COVERING = 0.03
# What OCR must find on a page for it to be a page of text (see :func:`no_text`).
MIN_WORDS, MIN_LETTERS, MIN_CONFIDENCE = 5, 3, 50.0

Sniffed = Literal["pdf", "png", "jpeg", "tiff"]
HINT = "give the scan as a PDF of scanned pages, or as PNG, JPEG or TIFF images"
_PIECE = 1 << 20


def read_scan(paths: Sequence[Path], world: World) -> tuple[ScanImage, ...]:
    """The pages of one scan, in order: every page of each file, the files in the order
    given. ScanError (naming the file and page, with a hint) when any cannot be read."""
    if not paths:
        raise ScanError("no scan given", hint=HINT)
    pages: list[ScanImage] = []
    for path in paths:
        try:
            data = world.read(path, "scan")
        except Unreadable as exc:
            raise ScanError(f"{path}: cannot read the scan ({exc.reason})",
                            hint=exc.hint) from None
        kind = sniff(data)
        if kind is None:
            raise ScanError(f"{path}: not a scan: {_what(data)}", hint=HINT)
        if kind == "pdf":
            pages += _pdf_pages(data, str(path), len(pages))
        else:
            pages += _image_pages(data, str(path), kind, len(pages))
    if not pages:
        raise ScanError(f"{paths[0]}: the scan has no pages", hint=HINT)
    return tuple(pages)


def sniff(data: bytes) -> Sniffed | None:
    """What the bytes are, by their first bytes: a PDF (its header within the first KiB, as
    readers allow), PNG, JPEG or TIFF; None for anything else."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    return None


# What a file that is not a scan is, by its first bytes, for the message.
_OTHERS = ((b"GIF8", "a GIF image"), (b"BM", "a BMP image"), (b"PK\x03\x04",
           "a ZIP archive (a Word or OpenDocument file?)"), (b"\xd0\xcf\x11\xe0",
           "an old Office document"), (b"II+\x00", "a BigTIFF image"), (b"MM\x00+",
           "a BigTIFF image"), (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"))


def _what(data: bytes) -> str:
    if not data:
        return "the file is empty"
    for start, name in _OTHERS:
        if data.startswith(start):
            return f"it is {name}"
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        return "it is a WebP image"
    try:
        text = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "not a PDF, PNG, JPEG or TIFF file"
    if all(ch.isprintable() or ch in "\t\r\n" for ch in text):
        return "it holds text, not images"
    return "not a PDF, PNG, JPEG or TIFF file"


def no_text(pages: Sequence[ReadPage]) -> list[int]:
    """The indices (from 0) of the pages on which OCR found no recognisable text: fewer than
    MIN_WORDS words of at least MIN_LETTERS letters read with a confidence of at least
    MIN_CONFIDENCE. A blank page, a photograph or a page upside down reads so."""
    return [k for k, page in enumerate(pages)
            if sum(1 for word in page.words if word.confidence >= MIN_CONFIDENCE
                   and sum(ch.isalpha() for ch in word.text) >= MIN_LETTERS) < MIN_WORDS]


# --- image files ------------------------------------------------------------------------------

_PIL_FORMAT = {"png": "PNG", "jpeg": "JPEG", "tiff": "TIFF"}
# Modes a page image may have, as Pillow names them: bilevel, grey, palette, colour, with
# alpha, 16-bit grey. CMYK is refused: PDF/A with an sRGB output intent cannot draw it as is.
_MODES = frozenset({"1", "L", "P", "RGB", "LA", "PA", "RGBA", "I;16", "I;16B"})


def _image_pages(data: bytes, name: str, kind: Sniffed, before: int) -> list[ScanImage]:
    from PIL import Image, UnidentifiedImageError

    pages = []
    with warnings.catch_warnings():
        # Pillow warns of what it can read past (corrupt EXIF data, odd TIFF tags); pixels
        # that cannot be decoded are an error below. Sizes are checked against a lower
        # limit than Pillow's own.
        warnings.simplefilter("ignore")
        try:
            image = Image.open(io.BytesIO(data), formats=[_PIL_FORMAT[kind]])
        except UnidentifiedImageError:
            raise ScanError(f"{name}: the {kind.upper()} image is damaged (its header "
                            "cannot be read)",
                            hint="scan the page again, or save it again as PNG") from None
        except (OSError, SyntaxError, ValueError, EOFError,
                Image.DecompressionBombError) as exc:
            raise ScanError(f"{name}: the {kind.upper()} image is damaged ({_short(exc)})",
                            hint="scan the page again, or save it again as PNG") from None
        with image:
            frames = getattr(image, "n_frames", 1) if kind == "tiff" else 1
            _room(before, frames, name)
            for k in range(frames):
                where = f"{name}, page {k + 1}" if frames > 1 else name
                try:
                    image.seek(k)
                    _check_pixels(image.size, where)
                    _check_mode(image.mode, where)
                    image.load()  # the pixels decode: a damaged file says so here
                    dpi = _stated_dpi(image.info.get("dpi"), image.size)
                    if kind == "tiff":
                        pages.append(ScanImage(_png(image, dpi), "png", *image.size, dpi,
                                               where))
                    else:
                        fmt: ImageFormat = "png" if kind == "png" else "jpeg"
                        pages.append(ScanImage(data, fmt, *image.size, dpi, where))
                except ScanError:
                    raise
                except (OSError, SyntaxError, ValueError, EOFError, MemoryError,
                        Image.DecompressionBombError) as exc:
                    raise ScanError(f"{where}: the {kind.upper()} image is damaged "
                                    f"({_short(exc)})",
                                    hint="scan the page again, or save it again as PNG"
                                    ) from None
    return pages


def _room(before: int, more: int, where: str) -> None:
    if before + more > MAX_PAGES:
        raise ScanError(f"{where}: the scan has more than {MAX_PAGES} pages "
                        f"({before + more} so far)",
                        hint="a scan is one letter: give each letter's pages on their own")


def _check_pixels(size: tuple[int, int], where: str) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise ScanError(f"{where}: the page's image is {width} × {height} pixels; at most "
                        f"{MAX_PIXELS // 1_000_000} million pixels a page are read",
                        hint="scan at 300 dpi (an A4 page is then about 9 million pixels)")
    if width < 1 or height < 1:
        raise ScanError(f"{where}: the page's image has no pixels",
                        hint="scan the page again")


def _check_mode(mode: str, where: str) -> None:
    if mode == "CMYK":
        raise ScanError(f"{where}: the page's image is in CMYK",
                        hint="scan in colour (RGB) or in greyscale")
    if mode not in _MODES:
        raise ScanError(f"{where}: the page's image has pixels of a kind scans do not "
                        f"have (Pillow's mode {mode})",
                        hint="scan in colour (RGB), greyscale or black and white")


def _stated_dpi(value: Any, size: tuple[int, int]) -> tuple[float, float]:
    """The resolution an image file states, or the one its proportions suggest."""
    try:
        x, y = (float(value[0]), float(value[1]))
    except (TypeError, ValueError, IndexError):
        x = y = 0.0
    low, high = DPI_RANGE
    width, height = size
    if (low <= x <= high and low <= y <= high
            and WIDTH_INCHES[0] <= width / x <= WIDTH_INCHES[1]):
        return (_whole(x), _whole(y))
    paper = min(PAPER_MM.values(), key=lambda mm: abs(mm[1] / mm[0] - height / width))
    dpi = round(width / (paper[0] / 25.4), 3)
    return (dpi, dpi)


def _whole(dpi: float) -> float:
    """A resolution as stated, a whole number when it is one within a PNG's precision (PNG
    counts pixels a metre: 300 dpi is stored as 11811, read back as 299.9994)."""
    return float(round(dpi)) if abs(dpi - round(dpi)) < 0.05 else round(dpi, 3)


def _png(image: Any, dpi: tuple[float, float]) -> bytes:
    """The image's pixels as a PNG (lossless: the same pixels decode from it)."""
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=dpi)
    return out.getvalue()


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


# --- PDFs of page images ------------------------------------------------------------------

_DCT = ("/DCTDecode", "/DCT")
_FLATE = ("/FlateDecode", "/Fl")
# Filters a scanner's PDF uses whose decoding is bounded: by the image's size, checked on
# the image's dictionary first (CCITT fax and JBIG2 decode to the size the dictionary
# gives), or inflated here in pieces (Flate). A JPEG is read only alone, where its own
# header is checked before it is decoded; JPEG 2000's decoder would follow its own header.
_READ = frozenset({*_DCT, *_FLATE, "/ASCII85Decode", "/A85", "/ASCIIHexDecode", "/AHx",
                   "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"})
NOT_A_SCAN = "a letter's own PDF is filed with `letterpress archive FILE.pdf`"


def _pdf_pages(data: bytes, name: str, before: int) -> list[ScanImage]:
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise ScanError(f"{name}: the PDF is protected by a password",
                        hint="save the scan again without a password") from None
    except (pikepdf.PdfError, ValueError, OSError) as exc:
        reason = str(exc).split(": ", 1)[-1].strip().splitlines()[0][:200]
        raise ScanError(f"{name}: the PDF is damaged ({reason})",
                        hint="scan the letter again, or save the scan again") from None
    with pdf:
        try:
            count = len(pdf.pages)
        except pikepdf.PdfError as exc:
            raise ScanError(f"{name}: the PDF is damaged ({_short(exc)})",
                            hint="scan the letter again, or save the scan again") from None
        if count == 0:
            raise ScanError(f"{name}: the scan has no pages", hint=HINT)
        _room(before, count, name)
        pages = []
        repaired = [str(w) for w in pdf.get_warnings()]  # what qpdf repaired as it opened
        for k, page in enumerate(pdf.pages):
            where = f"{name}, page {k + 1}"
            try:
                pages.append(_pdf_page(page, where, repaired[0] if repaired else ""))
            except (pikepdf.PdfError, KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ScanError(f"{where}: the page cannot be read ({_short(exc)})",
                                hint="scan the letter again, or save the scan again") from None
        return pages


def _pdf_page(page: Any, where: str, repaired: str) -> ScanImage:
    box = [float(v) for v in page.mediabox]
    width_pt, height_pt = abs(box[2] - box[0]), abs(box[3] - box[1])
    if width_pt < 1 or height_pt < 1:
        raise ScanError(f"{where}: the page has no size", hint="scan the letter again")
    covering = []
    for image in page.get_images().values():
        w, h = int(image.get("/Width", 0)), int(image.get("/Height", 0))
        if w > 0 and h > 0 and abs((w / h) / (width_pt / height_pt) - 1) <= COVERING:
            covering.append(image)
    if not covering:
        if _has_text(page):
            raise ScanError(f"{where}: not a scan: it holds text, not images",
                            hint=NOT_A_SCAN)
        if repaired:  # a page cut off with the rest of the file
            raise ScanError(f"{where}: the PDF is damaged: the page holds no image "
                            f"({repaired.split(': ', 1)[-1][:200]})",
                            hint="scan the letter again, or save the scan again")
        raise ScanError(f"{where}: the page holds no image of the page",
                        hint="a scan's PDF has one scanned image on each page")
    if len(covering) > 1:
        raise ScanError(f"{where}: the page holds {len(covering)} page images, not one",
                        hint="scan again with one image a page, or give the pages as "
                        "image files")
    image = covering[0]
    size = (int(image.Width), int(image.Height))
    _check_pixels(size, where)
    dpi = (round(size[0] / (width_pt / 72), 3), round(size[1] / (height_pt / 72), 3))
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    filters = _filters(image.get("/Filter"))
    unknown = [f for f in filters if f not in _READ]
    if unknown:
        raise ScanError(f"{where}: the page's image is encoded with {unknown[0][1:]}, which "
                        "letterpress does not read",
                        hint="save the scan as PNG, JPEG or TIFF images")
    if any(f in _DCT for f in filters):
        if len(filters) > 1:
            raise ScanError(f"{where}: the page's image is a JPEG inside another encoding "
                            f"({', '.join(f[1:] for f in filters)}), which letterpress does "
                            "not read", hint="save the scan as PNG, JPEG or TIFF images")
        jpeg = _jpeg_page(bytes(image.read_raw_bytes()), size, dpi, where)
        if rotate == 0 and "/Decode" not in image:
            return jpeg
    _bounded_flate(image, size, where)
    return _decoded_page(image, size, dpi, rotate, where)


def _has_text(page: Any) -> bool:
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if resources is not None else None
    return bool(fonts is not None and len(fonts.keys()))


def _filters(value: Any) -> list[str]:
    import pikepdf

    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, pikepdf.Array) else [str(value)]


def _jpeg_page(jpeg: bytes, size: tuple[int, int], dpi: tuple[float, float],
               where: str) -> ScanImage:
    """A page image that is a JPEG: its bytes, once Pillow has decoded them whole."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # as in _image_pages
            with Image.open(io.BytesIO(jpeg), formats=["JPEG"]) as image:
                _check_pixels(image.size, where)
                _check_mode(image.mode, where)
                if image.size != size:
                    raise ScanError(f"{where}: the page's JPEG is {image.size[0]} × "
                                    f"{image.size[1]} pixels, but the PDF says {size[0]} × "
                                    f"{size[1]}", hint="scan the letter again")
                image.load()
    except ScanError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
            Image.DecompressionBombError) as exc:
        raise ScanError(f"{where}: the page's JPEG image is damaged ({_short(exc)})",
                        hint="scan the letter again") from None
    return ScanImage(jpeg, "jpeg", size[0], size[1], dpi, where)


def _bounded_flate(image: Any, size: tuple[int, int], where: str) -> None:
    """A Flate filter first in the image's chain inflates to no more than the image can hold
    (8 bytes a pixel, 16-bit CMYK, and a predictor's byte a row): checked in pieces before
    pikepdf inflates it whole."""
    filters = _filters(image.get("/Filter"))
    if not filters or filters[0] not in _FLATE:
        return
    limit = size[0] * size[1] * 8 + size[1] + _PIECE
    inflater = zlib.decompressobj()
    pending, total = bytes(image.read_raw_bytes()), 0
    try:
        while pending and total <= limit and not inflater.eof:
            total += len(inflater.decompress(pending, _PIECE))
            pending = inflater.unconsumed_tail
    except zlib.error as exc:
        raise ScanError(f"{where}: the page's image is damaged ({exc})",
                        hint="scan the letter again") from None
    if total > limit:
        raise ScanError(f"{where}: the page's image decodes to more than its "
                        f"{size[0]} × {size[1]} pixels can hold",
                        hint="scan the letter again") from None


def _decoded_page(image: Any, size: tuple[int, int], dpi: tuple[float, float],
                  rotate: int, where: str) -> ScanImage:
    """A page image decoded by pikepdf and written again as PNG (same pixels), turned as the
    page's /Rotate turns it on screen."""
    import pikepdf
    from PIL import Image

    try:
        pil = pikepdf.PdfImage(image).as_pil_image()
    except (pikepdf.PdfError, NotImplementedError, ValueError, OSError, TypeError,
            KeyError, MemoryError, pikepdf.PikepdfError) as exc:
        reason = _short(exc)
        hint = ("JBIG2 images need jbig2dec installed; or save the scan as PNG or TIFF"
                if "JBIG2" in reason.upper() or "jbig2" in reason else
                "save the scan as PNG, JPEG or TIFF images")
        raise ScanError(f"{where}: the page's image cannot be decoded ({reason})",
                        hint=hint) from None
    with pil:
        _check_pixels(pil.size, where)
        _check_mode(pil.mode, where)
        if rotate:
            turned = pil.transpose({90: Image.Transpose.ROTATE_270,
                                    180: Image.Transpose.ROTATE_180,
                                    270: Image.Transpose.ROTATE_90}[rotate])
            if rotate != 180:
                dpi = (dpi[1], dpi[0])
        else:
            turned = pil
        data = _png(turned, dpi)
        width, height = turned.size
    return ScanImage(data, "png", width, height, dpi, where)


__all__ = ["DPI_RANGE", "MAX_PAGES", "NOT_A_SCAN", "no_text", "read_scan", "sniff"]


def same_image(a: ScanImage, b: ScanImage) -> bool:
    """Whether two pages show the same picture: the same JPEG bytes, or the same pixels
    (the same size, mode and values) however each is encoded."""
    if a.data == b.data:
        return True
    if a.format == "jpeg" and b.format == "jpeg" or (a.width, a.height) != (b.width, b.height):
        return False  # a JPEG is kept byte for byte; decoding it twice proves nothing more
    from PIL import Image

    with Image.open(io.BytesIO(a.data)) as first, Image.open(io.BytesIO(b.data)) as second:
        return first.mode == second.mode and first.tobytes() == second.tobytes()


def top_of(image: ScanImage, share: float) -> ScanImage:
    """The top ``share`` of a page (as PNG): enough of a letter's first page to tell its
    language and reference (letterhead, reference, date, addresses, the first paragraph),
    read in a fraction of the time the whole page takes."""
    from PIL import Image

    with Image.open(io.BytesIO(image.data)) as opened:
        top = opened.crop((0, 0, opened.width, max(1, round(opened.height * share))))
        top.load()
    return ScanImage(_png(top, image.dpi), "png", top.width, top.height, image.dpi,
                     image.origin)
