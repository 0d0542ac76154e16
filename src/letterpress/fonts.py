"""The vendored fonts: where they are, what they can draw, and how wide text is.

Only the files in ``fonts/`` are used, never the machine's fonts, so a PDF's bytes do not
depend on where it was built. ReportLab owns the font parsing; this module wraps its errors.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import FontError

STYLES = ("regular", "bold", "italic", "bolditalic")
FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}
FAMILY = "Liberation Serif"


def style_of(bold: bool, italic: bool) -> str:
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"


def fonts_dir() -> Path:
    """The vendored fonts: beside the source tree, or installed under ``share/letterpress``."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent.parent / "fonts", Path(sys.prefix) / "share/letterpress/fonts"):
        if (candidate / FILES["regular"]).is_file():
            return candidate
    raise FontError(f"the vendored fonts were not found (looked in {here.parent.parent / 'fonts'})")


@dataclass(frozen=True, slots=True)
class FontSet:
    """Four registered styles of one family. ``names[style]`` is the ReportLab font name."""

    names: dict[str, str]
    coverage: frozenset[int]  # code points every style can draw
    space_width: float  # width of U+0020 in em (all styles agree for Liberation Serif)
    advances: dict[str, dict[int, float]]  # style -> code point -> advance in 1/1000 em
    _cache: dict[tuple[str, str], float]

    def width(self, text: str, style: str, size: float) -> float:
        """Advance width of ``text`` in points; ReportLab sets TrueType text unkerned."""
        key = (text, style)
        em = self._cache.get(key)
        if em is None:
            table = self.advances[style]
            em = self._cache[key] = sum(table.get(ord(ch), 0.0) for ch in text) / 1000
        return em * size


@cache
def load_fonts(directory: Path | None = None) -> FontSet:
    """Register the four styles with ReportLab (once per process) and read their cmaps."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    directory = directory or fonts_dir()
    names: dict[str, str] = {}
    advances: dict[str, dict[int, float]] = {}
    coverage: frozenset[int] | None = None
    for style in STYLES:
        path = directory / FILES[style]
        name = f"LP-{FILES[style].removesuffix('.ttf')}"
        try:
            font = TTFont(name, str(path))
        except (OSError, TTFError) as exc:
            raise FontError(f"{path}: cannot load font: {exc}") from None
        pdfmetrics.registerFont(font)
        names[style] = name
        advances[style] = dict(font.face.charWidths)
        codes = frozenset(font.face.charToGlyph)
        coverage = codes if coverage is None else coverage & codes
    assert coverage is not None
    # The fonts have Hebrew and Arabic glyphs, but letterpress sets left-to-right text only:
    # drawn in logical order they would read backwards, so they count as not drawable.
    coverage = frozenset(c for c in coverage if not _right_to_left(chr(c)))
    space = advances["regular"][32] / 1000
    return FontSet(names, coverage, space, advances, {})


def _right_to_left(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def not_drawable(ch: str) -> tuple[str, str]:
    """Message and hint for a character outside the coverage, the same for every source."""
    name = unicodedata.name(ch, "")
    label = f"'{ch}' (U+{ord(ch):04X}{' ' + name if name else ''})"
    if _right_to_left(ch):
        return (f"right-to-left character {label} cannot be set",
                "letterpress sets left-to-right text only (Latin and Cyrillic scripts)")
    return (f"character {label} is not in the font {FAMILY}",
            "replace it with a character the font has, or leave it out")


def uncovered(text: str, fonts: FontSet) -> list[str]:
    """The characters of ``text`` the fonts cannot draw, in order of first appearance.

    Line breaks and tabs never reach the page as glyphs, and control characters are
    rejected earlier, so only printable characters are checked here.
    """
    seen: list[str] = []
    for ch in text:
        if ord(ch) not in fonts.coverage and ch not in seen:
            seen.append(ch)
    return seen
