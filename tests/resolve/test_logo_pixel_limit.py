"""A logo is at most 25 million pixels (README, "Safe"), counted as its area: 5000 × 5000 and
25,000,000 × 1 are allowed, 5000 × 5001 and 10,000 × 10,000 are not. Only PNG, JPEG and GIF
are printed; anything else, or a damaged file, is refused with the reason.

The PNGs are written by hand here (signature, IHDR, IDAT, IEND: ISO/IEC 15948), one bit per
pixel, so that a picture of 25 million pixels takes a few kilobytes and no Pillow encoder.
"""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from functools import cache
from pathlib import Path

import pytest
from helpers import SAMPLE, SOURCE_DIR
from PIL import Image

from letterpress.errors import SourceError
from letterpress.pipeline import load
from letterpress.resolve.images import BadImage, check_image
from letterpress.world import World

LIMIT = 25_000_000


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


@cache
def png(width: int, height: int) -> bytes:
    """A black-and-white PNG of ``width`` × ``height`` pixels, all black."""
    row = b"\0" * (1 + (width + 7) // 8)  # filter type 0, then the packed bits
    packer = zlib.compressobj(1)
    rows = 1 << 16
    body = b"".join(packer.compress(row * min(rows, height - k))
                    for k in range(0, height, rows)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body)
            + _chunk(b"IEND", b""))


def test_the_hand_made_png_is_a_png() -> None:
    image = Image.open(io.BytesIO(png(30, 20)))
    assert (image.format, image.size, image.mode) == ("PNG", (30, 20), "1")
    image.load()
    assert image.getextrema() == (0, 0)


@pytest.mark.parametrize("width, height", [(5000, 5000), (LIMIT, 1), (1, LIMIT),
                                           (2500, 10_000), (1, 1), (600, 200)])
def test_up_to_25_million_pixels_are_allowed(width: int, height: int) -> None:
    assert width * height <= LIMIT
    assert check_image(png(width, height)) == (width, height)


@pytest.mark.parametrize("width, height", [(5000, 5001), (5001, 5000), (LIMIT + 1, 1),
                                           (1, LIMIT + 1), (10_000, 10_000)])
def test_more_than_25_million_pixels_are_refused(width: int, height: int) -> None:
    with pytest.raises(BadImage) as raised:
        check_image(png(width, height))
    assert str(raised.value) == (f"the image is {width} × {height} pixels; at most 25 million "
                                 "pixels are allowed")


def _saved(fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (20, 60, 140)).save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF"])
def test_png_jpeg_and_gif_are_printed(fmt: str) -> None:
    assert check_image(_saved(fmt)) == (60, 20)


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "WEBP", "PPM"])
def test_other_formats_are_refused_by_name(fmt: str) -> None:
    with pytest.raises(BadImage) as raised:
        check_image(_saved(fmt))
    assert str(raised.value) == f"{fmt} images are not supported; use PNG or JPEG"


def test_an_oversized_image_of_another_format_is_refused_for_its_size() -> None:
    """The size is judged first: a large BMP is refused for its pixels."""
    header = struct.pack("<2sIHHI", b"BM", 0, 0, 0, 54) + struct.pack(
        "<IiiHHIIiiII", 40, 10_000, 10_000, 1, 24, 0, 0, 0, 0, 0, 0)
    with pytest.raises(BadImage, match=r"^the image is 10000 × 10000 pixels; at most 25 "):
        check_image(header)


@pytest.mark.parametrize("data, reason", [
    (b"", "not an image Pillow can read (PNG, JPEG or GIF expected)"),
    (b"letterhead: not a picture\n", "not an image Pillow can read (PNG, JPEG or GIF "
                                     "expected)"),
])
def test_what_is_not_an_image_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(BadImage) as raised:
        check_image(data)
    assert str(raised.value) == reason


def test_a_damaged_png_is_refused() -> None:
    good = png(40, 40)
    broken = bytearray(good)
    broken[-20] ^= 0xFF  # inside the image data: its checksum no longer matches
    with pytest.raises(BadImage, match=r"^the image is damaged \("):
        check_image(bytes(broken))
    with pytest.raises(BadImage, match=r"^the image is damaged \("):
        check_image(good[:-16])  # cut short inside its image data


def test_a_logo_of_too_many_pixels_is_a_located_error(tmp_path: Path) -> None:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    head = tmp_path / "source/letterheads/ogp.yaml"
    text = head.read_text(encoding="utf-8")
    head.write_text(text + "logo: logo.png\n", encoding="utf-8")
    (head.parent / "logo.png").write_bytes(png(10_000, 10_000))
    with pytest.raises(SourceError) as raised:
        load(tmp_path / "source" / SAMPLE.name, World())
    [d] = raised.value.diagnostics
    assert (d.file, d.line, d.field) == (str(head), len(text.splitlines()) + 1,
                                         "letterhead.logo")
    assert d.message.endswith("the image is 10000 × 10000 pixels; at most 25 million pixels "
                              "are allowed")


def test_only_the_decompression_bomb_warning_is_silenced() -> None:
    """check_image replaces Pillow's decompression-bomb warning by its own lower limit and
    silences that one alone: Pillow's other warnings (an animated PNG with no frames) reach
    the caller, who decides (the command line ignores every Python warning)."""
    good = png(40, 20)
    at = 8 + 25  # after the signature and IHDR
    actl = _chunk(b"acTL", struct.pack(">II", 0, 0))  # zero frames: invalid APNG
    with pytest.warns(UserWarning, match="Invalid APNG"):
        assert check_image(good[:at] + actl + good[at:]) == (40, 20)
    big = png(10_000, 9_000)  # 90 million pixels: above Pillow's own warning threshold
    assert Image.MAX_IMAGE_PIXELS < 10_000 * 9_000
    with pytest.raises(BadImage, match="at most 25 million"):
        check_image(big)  # and no DecompressionBombWarning (an error in this suite)
