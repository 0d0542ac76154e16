"""The vendored fonts: where they are, what they can draw, and how wide text is.

Only the files in ``fonts/`` are used, never the machine's fonts, so a PDF's bytes do not
depend on where it was built. ReportLab owns the font parsing; this module wraps its errors.
"""

from __future__ import annotations

import importlib
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import FontError

STYLES = ("regular", "bold", "italic", "bolditalic")


@dataclass(frozen=True, slots=True)
class Typeface:
    """A family letterpress sets letters in: its name and its four files in ``fonts/``."""

    family: str
    files: dict[str, str]  # style -> file name


def _files(stem: str) -> dict[str, str]:
    return {style: f"{stem}-{suffix}.ttf" for style, suffix in zip(
        STYLES, ("Regular", "Bold", "Italic", "BoldItalic"), strict=True)}


# The typefaces a letter or letterhead may choose (``typeface:``), the default first. Both are
# Liberation 2.1.5 (SIL OFL 1.1, fonts/LICENSE): each covers English, Azerbaijani and Russian
# in four styles, with TrueType hinting; the sans is the metric twin of Arial.
TYPEFACES: dict[str, Typeface] = {
    "serif": Typeface("Liberation Serif", _files("LiberationSerif")),
    "sans": Typeface("Liberation Sans", _files("LiberationSans")),
}
DEFAULT_TYPEFACE = "serif"
FILES = TYPEFACES[DEFAULT_TYPEFACE].files  # the default family's files
FAMILY = TYPEFACES[DEFAULT_TYPEFACE].family
ALL_FILES = tuple(name for face in TYPEFACES.values() for name in face.files.values())
# Widths of words already measured; a letter has 650 (the sample) to 2,600 distinct texts
# measured. Bounded so that a batch of thousands of distinct letters keeps a flat memory:
# about 300 bytes an entry, so a worker that built 8,000 letters each with a reference of its
# own grew by 5 MiB at 50,000 entries, and by at most 2.5 MiB at this bound (measuring a
# word again costs a few microseconds).
WIDTH_CACHE_SIZE = 8_192


def style_of(bold: bool, italic: bool) -> str:
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"


def fonts_dir() -> Path:
    """The vendored fonts: beside the source tree, or installed under ``share/letterpress``."""
    from .vendored import vendored

    try:
        return vendored("fonts", FILES["regular"])
    except FileNotFoundError as exc:
        raise FontError(str(exc)) from None


def reportlab_version() -> str:
    """The version of ReportLab, which measures the fonts and writes the PDF (its package
    alone is imported: a version string, not the PDF writer)."""
    import reportlab

    return str(reportlab.Version)


class FontSet:
    """Four styles of one family, each registered with ReportLab when first used.

    Parsing a TrueType file costs about 10 ms, and most letters never use italic, so the
    regular and bold styles are read at once and the others on demand. ``coverage`` is what
    the regular style can draw; a test checks that every style covers at least that much.
    """

    def __init__(self, directory: Path, typeface: str = DEFAULT_TYPEFACE) -> None:
        self.directory = directory
        self.typeface = typeface
        self.family = TYPEFACES[typeface].family
        self.files = TYPEFACES[typeface].files
        # style -> character -> 1/1000 em (keyed as a text is: a text's widths are summed
        # without a function call a character)
        self.advances: dict[str, dict[str, float]] = {}
        self._names: dict[str, str] = {}
        self._cmaps: dict[str, frozenset[int]] = {}
        self._widths: dict[tuple[str, str], float] = {}
        self._extents: dict[str, tuple[float, float]] = {}  # style -> ascent, descent in em
        for style in ("regular", "bold"):
            self.name(style)
        # Hebrew and Arabic glyphs exist, but drawn left to right they would read backwards.
        self.coverage = frozenset(c for c in self._cmaps["regular"]
                                  if not _right_to_left(chr(c)))
        self.space_width = self.advances["regular"][" "] / 1000  # in em

    def __reduce__(self) -> tuple[object, tuple[Path, str]]:
        """A FontSet crosses into another process (a process pool) as its folder and
        typeface: ReportLab's font registry is per process, so the fonts are registered there
        anew."""
        return load_fonts, (self.directory, self.typeface)

    def of(self, typeface: str) -> FontSet:
        """The fonts of ``typeface`` from the same folder (this set, if it is that one)."""
        return self if typeface == self.typeface else load_fonts(self.directory, typeface)

    def name(self, style: str) -> str:
        """The ReportLab font name of ``style``, registering the font on first use."""
        if style not in self._names:
            self._names[style] = _register(self, style)
        return self._names[style]

    def cmap(self, style: str) -> frozenset[int]:
        self.name(style)
        return self._cmaps[style]

    @property
    def cached_widths(self) -> int:
        """How many widths are remembered (at most WIDTH_CACHE_SIZE)."""
        return len(self._widths)

    def forget_widths(self) -> None:
        """Measure every text anew (as for a process's first letter)."""
        self._widths.clear()

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
            if len(self._widths) >= WIDTH_CACHE_SIZE:  # a long batch of letters: start again
                self._widths.clear()
            table = self.advances[style]
            try:
                em = sum(map(table.__getitem__, text)) / 1000
            except KeyError:  # a character the font lacks (coverage is checked before)
                em = sum(table.get(ch, 0.0) for ch in text) / 1000
            self._widths[key] = em
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


def _truetype() -> Any:
    """ReportLab's TrueType module, imported without HarfBuzz.

    It imports ``uharfbuzz`` when it starts (about 10 ms of a build) for text shaping, which
    letterpress never asks of it: the name is held empty while it imports, so ReportLab
    takes shaping to be unavailable, and is then freed for pyHanko's stamps, which import
    it themselves."""
    if "reportlab.pdfbase.ttfonts" in sys.modules or "uharfbuzz" in sys.modules:
        return importlib.import_module("reportlab.pdfbase.ttfonts")
    sys.modules["uharfbuzz"] = None  # type: ignore[assignment]
    try:
        return importlib.import_module("reportlab.pdfbase.ttfonts")
    finally:
        if sys.modules.get("uharfbuzz", 0) is None:
            del sys.modules["uharfbuzz"]


def _register(fonts: FontSet, style: str) -> str:
    _defer_pillow()
    from reportlab.pdfbase import pdfmetrics

    ttfonts = _truetype()
    TTFError, TTFont = ttfonts.TTFError, ttfonts.TTFont  # noqa: N806 (ReportLab's names)

    path = fonts.directory / fonts.files[style]
    name = f"LP-{fonts.files[style].removesuffix('.ttf')}"
    try:
        font = TTFont(name, str(path))
    except (OSError, TTFError) as exc:
        raise FontError(f"{path}: cannot load font: {exc}") from None
    pdfmetrics.registerFont(font)
    fonts.advances[style] = {chr(code): width for code, width in font.face.charWidths.items()}
    fonts._cmaps[style] = frozenset(font.face.charToGlyph)
    fonts._extents[style] = (font.face.ascent / 1000, -font.face.descent / 1000)
    return name


@cache
def load_fonts(directory: Path | None = None, typeface: str = DEFAULT_TYPEFACE) -> FontSet:
    """The vendored fonts of ``typeface`` (each once per process: ReportLab's font registry
    is global)."""
    return FontSet(directory or fonts_dir(), typeface)


class Drawable(frozenset[int]):
    """What some typeface can draw, for the parse stage, which does not know yet which
    typeface a letter is set in (a letterhead file may choose it): the default family's code
    points, and the other families' asked for only when a character is not among them, so a
    letter in the default family loads no other font. The resolve stage then checks the
    letter against its own family (:func:`missing`)."""

    __slots__ = ("directory", "others")
    directory: Path
    others: frozenset[int] | None

    def __new__(cls, default: FontSet) -> Drawable:
        self = super().__new__(cls, default.coverage)
        self.directory, self.others = default.directory, None
        return self

    def __contains__(self, code: object) -> bool:
        if frozenset.__contains__(self, code):
            return True
        if self.others is None:
            self.others = frozenset().union(*(
                load_fonts(self.directory, name).coverage for name in TYPEFACES
                if name != DEFAULT_TYPEFACE))
        return code in self.others

    def __reduce__(self) -> tuple[object, tuple[FontSet]]:
        return Drawable, (load_fonts(self.directory),)


def missing(text: str, fonts: FontSet) -> list[str]:
    """The characters of ``text`` that ``fonts`` cannot draw, each once, in order."""
    return [ch for ch in dict.fromkeys(text)
            if ord(ch) not in fonts.coverage and unicodedata.category(ch) not in ("Cc", "Cf")
            and not unicodedata.category(ch).startswith("M")]


# The blocks of right-to-left scripts (Hebrew to NKo and beyond, and their presentation
# forms): their signs and marks take their direction from the letters around them.
_RTL_BLOCKS = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))


def _right_to_left(ch: str) -> bool:
    code = ord(ch)
    return unicodedata.bidirectional(ch) in ("R", "AL") or any(
        low <= code <= high for low, high in _RTL_BLOCKS)


def _label(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"'{ch}' (U+{ord(ch):04X}{' ' + name if name else ''})"


def not_drawable(ch: str) -> tuple[str, str]:
    """Message and hint for a character no typeface can draw, the same for every source."""
    label = _label(ch)
    if _right_to_left(ch):
        return (f"right-to-left character {label} cannot be set",
                "letterpress sets left-to-right text only (Latin and Cyrillic scripts)")
    if len(TYPEFACES) == 1:
        return (f"character {label} is not in the font {FAMILY}",
                "replace it with a character the font has, or leave it out")
    families = " or ".join(face.family for face in TYPEFACES.values())
    return (f"character {label} is not in the font {families}",
            "replace it with a character the fonts have, or leave it out")


def not_in_typeface(ch: str, fonts: FontSet) -> tuple[str, str]:
    """Message and hint for a character the letter's own typeface lacks (another has it)."""
    others = [name for name in TYPEFACES if name != fonts.typeface
              and ord(ch) in load_fonts(fonts.directory, name).coverage]
    hint = "replace it with a character the font has, or leave it out"
    if others:
        hint += f", or choose typeface: {others[0]}, which has it"
    return (f"character {_label(ch)} is not in the font {fonts.family} "
            f"(typeface: {fonts.typeface})", hint)



def uncomposed_marks(text: str) -> list[tuple[int, str]]:
    """Each combining mark of ``text`` (NFC) that did not compose into one character with the
    letter before it, as (index of the cluster, the cluster: that letter and its marks).

    letterpress refuses these rather than draw them wrong: ReportLab places a mark with no
    mark positioning (no GPOS), so two marks on one letter are drawn on top of each other and
    one sits wherever the font's default offset puts it, whatever the letter's width.
    """
    out: list[tuple[int, str]] = []
    start = -1  # where the current cluster starts; -1 when it holds no uncomposed mark
    for i, ch in enumerate(text):
        if not unicodedata.category(ch).startswith("M"):
            start = -1
            continue
        if start < 0:
            start = i - 1 if i and not unicodedata.category(text[i - 1]).startswith("M") else i
            out.append((start, ""))
        out[-1] = (start, text[start:i + 1])
    return out


def not_placeable(cluster: str) -> tuple[str, str]:
    """Message and hint for a letter with combining marks that have no precomposed form."""
    parts = " + ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip()
                       for ch in cluster)
    return (f"character '{cluster}' ({parts}) has no precomposed form, and letterpress "
            "cannot place combining marks",
            "write a precomposed letter (such as é or ё) or leave the mark out")
