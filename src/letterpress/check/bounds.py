"""Every stream of a PDF decoded with a byte limit before PDFium renders it.

PDFium, which check, verify, diff and archive use to see the pages, decodes a page's content,
its fonts and its images without any limit: a 1 MB file whose content stream inflates to a
gigabyte costs gigabytes of memory. So every stream of the file is first inflated here, in
pieces, counting the bytes and keeping none of the last filter's output, and the file is
refused when one stream or all of them together decode to more than any letter holds, when
an image has more pixels than a logo may, or when a stream is encoded in a way letterpress,
ReportLab and pyHanko never write (LZW, run length, JBIG2 and the like, whose decoders would
have no bound). pypdf, the other reader, bounds its own decoding (75 MB a stream); extract
bounds the embedded files (check/extract.py).

The streams are listed by pikepdf (qpdf), from the file's cross-reference table, which is
what PDFium reads too; a damaged table is refused by the text layer's reader.
"""

from __future__ import annotations

import base64
import binascii
import io
import zlib
from typing import Any

from ..errors import ReadbackError

MAX_STREAM = 128 * 2**20  # a 25-million-pixel logo in RGB is 75 MB decoded
MAX_TOTAL = 512 * 2**20
MAX_IMAGE_PIXELS = 25_000_000  # resolve/images.py: the largest logo a letter may have
_PIECE = 1 << 20

# The filters letterpress's writers use, by full and abbreviated name (ISO 32000-1, table 6).
_FLATE, _A85, _AHX, _DCT = ("/FlateDecode", "/Fl"), ("/ASCII85Decode", "/A85"), \
    ("/ASCIIHexDecode", "/AHx"), ("/DCTDecode", "/DCT")


def bounded(data: bytes, name: str) -> None:
    """Nothing, when every stream of the PDF ``data`` (named ``name`` in messages) decodes
    within the bounds; otherwise ReadbackError naming the object and the bound."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:  # qpdf names the stream it read first: left out
        reason = str(exc).split(": ", 1)[-1]
        raise ReadbackError(f"{name}: not a PDF whose streams can be read ({reason})") from None
    total = 0
    with pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                where = f"{name}: object {obj.objgen[0]}"
                total += _decoded_size(obj, where)
                if total > MAX_TOTAL:
                    raise ReadbackError(f"{name}: its streams decode to more than "
                                        f"{MAX_TOTAL // 2**20} MiB, more than any letter holds")


def _decoded_size(stream: Any, where: str) -> int:
    import pikepdf

    try:
        filters = _filters(stream.get("/Filter"))
        raw = bytes(stream.read_raw_bytes())
    except (pikepdf.PdfError, TypeError, ValueError) as exc:
        raise ReadbackError(f"{where}: a stream that cannot be read ({exc})") from None
    if stream.get("/Subtype") == "/Image":
        _pixels(stream, where)
    size = len(raw)
    for k, kind in enumerate(filters):
        last = k == len(filters) - 1
        if kind in _FLATE:
            size, raw = _inflate(raw, keep=not last, where=where)
        elif kind in _A85 or kind in _AHX:
            raw = _ascii(raw, kind in _A85, where)
            size = len(raw)
        elif kind in _DCT and last:
            _jpeg_pixels(raw, where)  # PDFium decodes the JPEG by its own header
            break
        else:
            raise ReadbackError(f"{where}: a stream encoded with {kind}, which letterpress "
                                "does not write (its decoder would have no bound)")
        if size > MAX_STREAM:
            break
    if size > MAX_STREAM:
        raise ReadbackError(f"{where}: a stream that decodes to more than "
                            f"{MAX_STREAM // 2**20} MiB, more than any letter holds")
    return size


def _filters(value: Any) -> list[str]:
    import pikepdf

    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, pikepdf.Array) else [str(value)]


def _inflate(raw: bytes, keep: bool, where: str) -> tuple[int, bytes]:
    """The inflated size of ``raw`` (and its bytes when ``keep``), stopping once past
    MAX_STREAM: zlib hands out at most a piece at a time."""
    inflater = zlib.decompressobj()
    size, kept = 0, []
    pending = raw
    try:
        while pending and size <= MAX_STREAM:
            piece = inflater.decompress(pending, _PIECE)
            pending = inflater.unconsumed_tail
            size += len(piece)
            if keep:
                kept.append(piece)
            if not piece and not pending:
                break
            if inflater.eof:
                break
    except zlib.error as exc:
        raise ReadbackError(f"{where}: a damaged stream ({exc})") from None
    return size, b"".join(kept)


def _ascii(raw: bytes, a85: bool, where: str) -> bytes:
    """ASCII85 or ASCIIHex decoded: at most four bytes per character of the file."""
    text = bytes(raw).translate(None, b" \t\r\n\f\x00")
    try:
        if a85:
            return base64.a85decode(text.removesuffix(b"~>").removeprefix(b"<~"))
        text = text.removesuffix(b">")
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    except (ValueError, binascii.Error) as exc:
        raise ReadbackError(f"{where}: a damaged stream ({exc})") from None


def _pixels(stream: Any, where: str) -> None:
    try:
        width, height = int(stream.get("/Width", 0)), int(stream.get("/Height", 0))
    except (TypeError, ValueError):
        raise ReadbackError(f"{where}: an image without a readable size") from None
    _at_most(width, height, where)


def _at_most(width: int, height: int, where: str) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise ReadbackError(f"{where}: an image of {width} x {height} pixels, more than the "
                            f"{MAX_IMAGE_PIXELS // 1_000_000} million a letter's logo may have")


# The JPEG markers that start a frame and give its size (ITU T.81, table B.1): SOF0-SOF15
# but DHT (C4), JPG (C8) and DAC (CC).
_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_pixels(data: bytes, where: str) -> None:
    """The JPEG ``data``'s frames hold at most MAX_IMAGE_PIXELS each, by their headers."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            at += 1
            continue
        marker = data[at + 1]
        if marker in (0x00, 0xD8, 0x01, 0xFF) or 0xD0 <= marker <= 0xD7:  # no length
            at += 1 if marker == 0xFF else 2
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if marker in _FRAMES and at + 9 <= len(data):
            height = int.from_bytes(data[at + 5:at + 7], "big")
            width = int.from_bytes(data[at + 7:at + 9], "big")
            _at_most(width, height, where)
        if marker == 0xDA:  # the scan follows: entropy-coded data, then more frames only
            at += 2 + length  # in a hierarchical JPEG, which the scan below walks over
            continue
        at += 2 + max(length, 2)
