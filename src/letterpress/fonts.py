"""The vendored fonts: where they are, what they can draw, and how wide text is.

Only the files in ``fonts/`` are used, never the machine's fonts, so a PDF's bytes do not
depend on where it was built. ReportLab owns the font parsing; this module wraps its errors.
"""

from __future__ import annotations

import sys
import unicodedata
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


class FontSet:
    """Four styles of one family, each registered with ReportLab when first used.

    Parsing a TrueType file costs about 10 ms, and most letters never use italic, so the
    regular and bold styles are read at once and the others on demand. ``coverage`` is what
    the regular style can draw; a test checks that every style covers at least that much.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.advances: dict[str, dict[int, float]] = {}  # style -> code point -> 1/1000 em
        self._names: dict[str, str] = {}
        self._cmaps: dict[str, frozenset[int]] = {}
        self._widths: dict[tuple[str, str], float] = {}
        self._extents: dict[str, tuple[float, float]] = {}  # style -> ascent, descent in em
        for style in ("regular", "bold"):
            self.name(style)
        # Hebrew and Arabic glyphs exist, but drawn left to right they would read backwards.
        self.coverage = frozenset(c for c in self._cmaps["regular"]
                                  if not _right_to_left(chr(c)))
        self.space_width = self.advances["regular"][32] / 1000  # in em

    def name(self, style: str) -> str:
        """The ReportLab font name of ``style``, registering the font on first use."""
        if style not in self._names:
            self._names[style] = _register(self, style)
        return self._names[style]

    def cmap(self, style: str) -> frozenset[int]:
        self.name(style)
        return self._cmaps[style]

    def extent(self, style: str) -> tuple[float, float]:
        """How far the font's glyphs reach above and below the baseline, in em (the
        ascent and descent the PDF's font descriptor states)."""
        self.name(style)
        return self._extents[style]

    def width(self, text: str, style: str, size: float) -> float:
        """Advance width of ``text`` in points; ReportLab sets TrueType text unkerned."""
        key = (text, style)
        em = self._widths.get(key)
        if em is None:
            if style not in self.advances:
                self.name(style)
            table = self.advances[style]
            em = self._widths[key] = sum(table.get(ord(ch), 0.0) for ch in text) / 1000
        return em * size


def _defer_pillow() -> None:
    """Load Pillow only when something uses it.

    ReportLab imports ``PIL.Image`` when it starts (reportlab.lib.utils), about 12 ms of a
    whole build's 150, but only a letterhead logo needs it. The standard library's lazy
    loader puts a module in its place that runs the real one at its first attribute access.
    """
    if "PIL.Image" in sys.modules:
        return
    import importlib.util

    try:
        spec = importlib.util.find_spec("PIL.Image")
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    spec.loader.exec_module(module)
    # "from PIL import Image" then finds it on the package, without touching it
    sys.modules["PIL"].Image = module  # type: ignore[attr-defined]


def _register(fonts: FontSet, style: str) -> str:
    _defer_pillow()
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    path = fonts.directory / FILES[style]
    name = f"LP-{FILES[style].removesuffix('.ttf')}"
    try:
        font = TTFont(name, str(path))
    except (OSError, TTFError) as exc:
        raise FontError(f"{path}: cannot load font: {exc}") from None
    pdfmetrics.registerFont(font)
    fonts.advances[style] = dict(font.face.charWidths)
    fonts._cmaps[style] = frozenset(font.face.charToGlyph)
    fonts._extents[style] = (font.face.ascent / 1000, -font.face.descent / 1000)
    return name


@cache
def load_fonts(directory: Path | None = None) -> FontSet:
    """The vendored fonts (once per process: ReportLab's font registry is global)."""
    return FontSet(directory or fonts_dir())


# The blocks of right-to-left scripts (Hebrew to NKo and beyond, and their presentation
# forms): their signs and marks take their direction from the letters around them.
_RTL_BLOCKS = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))


def _right_to_left(ch: str) -> bool:
    code = ord(ch)
    return unicodedata.bidirectional(ch) in ("R", "AL") or any(
        low <= code <= high for low, high in _RTL_BLOCKS)


def not_drawable(ch: str) -> tuple[str, str]:
    """Message and hint for a character outside the coverage, the same for every source."""
    name = unicodedata.name(ch, "")
    label = f"'{ch}' (U+{ord(ch):04X}{' ' + name if name else ''})"
    if _right_to_left(ch):
        return (f"right-to-left character {label} cannot be set",
                "letterpress sets left-to-right text only (Latin and Cyrillic scripts)")
    return (f"character {label} is not in the font {FAMILY}",
            "replace it with a character the font has, or leave it out")

