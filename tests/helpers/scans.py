"""Printed letterpress pages made to look scanned, the same way every time (seeded).

A page printed with :func:`helpers.ocr.printed` is clean black on white. A scanner sees it
turned a little, slightly blurred, with noise, on greyish or yellowish paper, and stores it
as a JPEG; a hand-signed copy also has a signature scribbled in blue ink over the signature
line and a round violet stamp partly over the text. :func:`scanned` makes all of that from a
seed, :func:`scribble` and :func:`stamp` draw the ink alone, and :func:`without`,
:func:`reordered` and :func:`replaced` edit a whole scan (a page missing, pages out of order,
a page of another letter). :func:`where` finds where a text is printed, so that a test can
sign over the closing or stamp over a name.

Nothing here is a fixture: the tests make their scans from letters they build, so no
generated image is kept in git.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import REPO
from helpers.ocr import printed
from letterpress.scanned import ScanImage

Box = tuple[int, int, int, int]  # left, top, right, bottom, in the image's pixels
INK = (22, 34, 112)  # dark blue ballpoint
STAMP_INK = (150, 95, 205)  # violet, as a rubber stamp prints it: lighter than text
BOLD = REPO / "fonts" / "LiberationSerif-Bold.ttf"


@dataclass(frozen=True)
class Look:
    """How a scan differs from the clean page; every default is a moderate office scanner."""

    rotation: float | None = None  # degrees; None: drawn from the seed, 0.5-2 either way
    blur: float = 0.7  # Gaussian radius in pixels
    noise: float = 7.0  # standard deviation of the grain, in grey levels
    paper: tuple[int, int, int] = (232, 228, 212)  # greyish yellow
    quality: int = 70  # JPEG quality


CLEAN = Look(rotation=0.0, blur=0.0, noise=0.0, paper=(255, 255, 255), quality=95)


def scanned(png: bytes, seed: int, look: Look = Look(), *, signature: Box | None = None,
            stamp_at: tuple[int, int] | None = None, stamp_text: str = "") -> bytes:
    """``png`` (a printed page) as a scanner would store it: a JPEG.

    ``signature`` is the box to scribble a signature over, ``stamp_at`` the centre of a round
    stamp (its ring and ``stamp_text`` around it); both are drawn before the paper is scanned,
    so they turn, blur and get noisy with the print."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    with Image.open(io.BytesIO(png)) as opened:
        dpi = opened.info.get("dpi", (200, 200))
        page = opened.convert("L")
    # paper: white becomes the paper's colour, black stays black (ink multiplies)
    colour = Image.merge("RGB", [page.point(_scaled(c)) for c in look.paper])
    if signature is not None:
        colour = scribble(colour, signature, rng.randrange(1 << 30))
    if stamp_at is not None:
        colour = stamp(colour, stamp_at, rng.randrange(1 << 30), stamp_text,
                       radius=round(dpi[0] * 0.75))
    angle = look.rotation if look.rotation is not None else (
        rng.uniform(0.5, 2.0) * rng.choice((-1, 1)))
    if angle:
        colour = colour.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False,
                               fillcolor=look.paper)
    if look.blur:
        colour = colour.filter(ImageFilter.GaussianBlur(look.blur))
    if look.noise:
        colour = _grain(colour, look.noise, rng.randrange(1 << 30))
    out = io.BytesIO()
    colour.save(out, format="JPEG", quality=look.quality, dpi=dpi)
    return out.getvalue()


def _scaled(paper: int) -> Any:
    return lambda v: v * paper // 255


def _grain(image: Any, sigma: float, seed: int) -> Any:
    import numpy
    from PIL import Image

    pixels = numpy.asarray(image, dtype=numpy.float32)
    noise = numpy.random.default_rng(seed).normal(0.0, sigma, pixels.shape[:2])
    out = numpy.clip(pixels + noise[:, :, None], 0, 255).astype(numpy.uint8)
    return Image.fromarray(out, "RGB")


def scribble(image: Any, box: Box, seed: int, ink: tuple[int, int, int] = INK) -> Any:
    """A handwritten signature in ``box``: two or three strokes, each a pen moving on to the
    right while it circles (the loops of handwriting), its size, pace and height a random
    walk, then a flourish under it."""
    from PIL import ImageDraw

    rng = random.Random(seed)
    out = image.copy()
    draw = ImageDraw.Draw(out)
    left, top, right, bottom = box
    height = bottom - top
    width = max(2, round(height / 30))
    x = left + (right - left) * 0.03
    for _ in range(rng.randint(2, 3)):
        base = rng.uniform(top + height * 0.45, top + height * 0.65)
        size, pace, phase = height * 0.18, 0.06 * height, rng.uniform(0, 2 * math.pi)
        end = min(right - (right - left) * 0.05, x + (right - left) * rng.uniform(0.3, 0.45))
        points = []
        while x < end:
            size = max(height * 0.06, min(height * 0.3, size + rng.gauss(0, height * 0.02)))
            base = max(top + height * 0.3, min(bottom - height * 0.3,
                                               base + rng.gauss(0, height * 0.015)))
            phase += rng.uniform(0.35, 0.6)
            x += pace * rng.uniform(0.4, 1.0)
            points.append((x + size * 0.7 * math.cos(phase), base + size * math.sin(phase)))
        draw.line(points, fill=ink, width=width, joint="curve")
        x += (right - left) * 0.05
    y = bottom - height * 0.18  # the flourish under the name
    draw.line([(left + (right - left) * 0.08, y + height * 0.05),
               (x - (right - left) * 0.05, y - height * 0.06)], fill=ink, width=width)
    return out


def stamp(image: Any, centre: tuple[int, int], seed: int, text: str = "",
          radius: int = 150, ink: tuple[int, int, int] = STAMP_INK) -> Any:
    """A round rubber stamp at ``centre``: two rings and ``text`` between them, in violet,
    printed over whatever is there (ink multiplies: text under it still shows)."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    rng = random.Random(seed)
    size = 2 * radius + 8
    layer = Image.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(layer)
    c = size / 2
    line = max(2, radius // 40)
    for r in (radius, radius * 0.68):
        draw.ellipse((c - r, c - r, c + r, c + r), outline=ink, width=line)
    letters = text or "LETTERPRESS * SEAL *"
    font = ImageFont.truetype(str(BOLD), max(10, round(radius * 0.2)))
    start = rng.uniform(0, 2 * math.pi)
    for i, ch in enumerate(letters):
        angle = start + 2 * math.pi * i / len(letters)
        glyph = Image.new("L", (font.size * 2, font.size * 2), 0)
        ImageDraw.Draw(glyph).text((font.size, font.size), ch, font=font, fill=255,
                                   anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        r = radius * 0.84
        x, y = c + r * math.cos(angle), c + r * math.sin(angle)
        coloured = Image.new("RGB", glyph.size, ink)
        layer.paste(coloured, (round(x - glyph.width / 2), round(y - glyph.height / 2)), glyph)
    # a stamp is never pressed straight, nor evenly: turn it, and fade it in places
    layer = layer.rotate(rng.uniform(-25, 25), fillcolor=(255, 255, 255))
    out = image.copy()
    where = (round(centre[0] - size / 2), round(centre[1] - size / 2))
    region = out.crop((where[0], where[1], where[0] + size, where[1] + size))
    out.paste(ImageChops.multiply(region, layer), where)
    return out


def where(pdf: Path, text: str, dpi: int = 200) -> tuple[int, Box]:
    """The page (0-based) and the box in pixels at ``dpi`` where ``text`` is first printed in
    ``pdf``, as PDFium finds it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(document):
            textpage = page.get_textpage()
            searcher = textpage.search(text)
            found = searcher.get_next()
            if found:
                first, count = found
                boxes = [textpage.get_charbox(i) for i in range(first, first + count)]
                height = page.get_height()
                scale = dpi / 72
                return number, (round(min(b[0] for b in boxes) * scale),
                                round((height - max(b[3] for b in boxes)) * scale),
                                round(max(b[2] for b in boxes) * scale),
                                round((height - min(b[1] for b in boxes)) * scale))
    finally:
        document.close()
    raise AssertionError(f"{text!r} is not printed in {pdf}")


def signed_over(box: Box, dpi: int = 200) -> Box:
    """Where a signature goes for a closing printed in ``box``: from its right end, an inch
    and a half wide, running down over the line below it."""
    left, top, right, bottom = box
    return (right + dpi // 8, top - dpi // 5, right + dpi * 7 // 4, bottom + dpi // 4)


# --- whole scans ----------------------------------------------------------------------------

def without(pages: Sequence[bytes], index: int) -> list[bytes]:
    """The scan with page ``index`` (0-based) missing."""
    return [p for i, p in enumerate(pages) if i != index]


def reordered(pages: Sequence[bytes], order: Sequence[int]) -> list[bytes]:
    """The scan's pages in ``order`` (0-based indices)."""
    return [pages[i] for i in order]


def replaced(pages: Sequence[bytes], index: int, page: bytes) -> list[bytes]:
    """The scan with page ``index`` swapped for ``page`` (of another letter, say)."""
    return [page if i == index else p for i, p in enumerate(pages)]


def as_scan(jpeg: bytes, origin: str = "scan", dpi: int = 200) -> ScanImage:
    """A JPEG made by :func:`scanned` as a page of a scan."""
    from PIL import Image

    with Image.open(io.BytesIO(jpeg)) as image:
        width, height = image.size
    return ScanImage(jpeg, "jpeg", width, height, (float(dpi), float(dpi)), origin)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


# --- letters to scan ------------------------------------------------------------------------

CLOSINGS = {"en": "Yours faithfully,", "az": "Hörmətlə,", "ru": "С уважением,"}


def scan_of(pdf: Path, seed: int, look: Look = Look(), closing: str = "",
            dpi: int = 200) -> list[bytes]:
    """Every page of ``pdf`` printed and scanned (JPEG); when ``closing`` is given, the page
    it is printed on is signed beside it and stamped to its right, partly over the text
    around."""
    pages = printed(pdf, dpi)
    signed, box = where(pdf, closing, dpi) if closing else (-1, (0, 0, 0, 0))
    out = []
    for i, png in enumerate(pages):
        ink: dict[str, Any] = {}
        if i == signed:
            ink = {"signature": signed_over(box, dpi),
                   "stamp_at": (box[2] + dpi * 33 // 20, box[3] + dpi * 3 // 10),
                   "stamp_text": "AZERBAIJAN OPEN GOVERNMENT PLATFORM * BAKU *"}
        out.append(scanned(png, seed * 100 + i, look, **ink))
    return out


def revised(source: Path, folder: Path, changes: dict[str, str]) -> Path:
    """A copy of the YAML letter ``source`` in ``folder`` (with the letterheads and members
    registry beside it) raised to its next revision as ``letterpress revise`` does, with
    each text of ``changes`` written as its value (a signatory's name changed, another
    taken out, say)."""
    import shutil

    from letterpress.fonts import load_fonts
    from letterpress.parse.edit import revise_text

    folder.mkdir(parents=True, exist_ok=True)
    for part in ("letterheads", "members.yaml"):
        if (source.parent / part).is_dir():
            shutil.copytree(source.parent / part, folder / part, dirs_exist_ok=True)
        elif (source.parent / part).exists():
            shutil.copy(source.parent / part, folder / part)
    text = revise_text(source.read_text(encoding="utf-8"), source.name,
                       load_fonts().coverage).text
    for old, new in changes.items():
        assert text.count(old) == 1, f"{old!r} is not once in {source}"
        text = text.replace(old, new)
    out = folder / source.name.replace(".yaml", "-r2.yaml")
    out.write_text(text, encoding="utf-8")
    return out
