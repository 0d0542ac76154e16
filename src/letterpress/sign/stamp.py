"""The visible signature stamp: where it goes on the letter and how it is drawn.

The stamp stands at the end of the letter, below the last line of text on the last page and
above the bottom margin, so it covers no text. It is set in the letter's own typeface
(Liberation Serif or Sans from ``fonts/``), embedded as a subset, so no base-14 font (pyHanko's
default stamp font is an unembedded Courier) enters the file.

pyHanko's GlyphAccumulator writes glyph widths in font units while PDF expects thousandths
of an em (docs/libraries.md, "Signing"), so the font is first cut down to the stamp's
characters and rescaled to 1000 units per em with fontTools: rescaling the whole font costs
~2.6 s, the subset ~10 ms.
"""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass
from typing import Any

from ..check.readback import last_page_lines
from ..errors import SigningError
from ..fonts import DEFAULT_TYPEFACE, TYPEFACES, fonts_dir
from ..layout.geometry import MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MM

SIZE = 9  # points (pyHanko writes the font size and leading as whole numbers)
LEADING = 11
PADDING = 6.0  # at least, between the stamp's border and the ink of its text, on every side
GAP = 10.0  # between the last baseline of the letter and the top of the stamp
DESCENT = 0.25  # of the font size, below a baseline (Liberation Serif's is 0.216 em)
UNITS_PER_EM = 1000


@dataclass(frozen=True, slots=True)
class Stamp:
    """A planned stamp: the page (0-based), its box (x1, y1, x2, y2 in points), its lines as
    drawn (wrapped to the box) and the pyHanko stamp style that draws them."""

    page: int
    box: tuple[float, float, float, float]
    lines: tuple[str, ...]
    style: Any


@dataclass(frozen=True, slots=True)
class _Ink:
    """The box of the ink of some lines set at SIZE and LEADING, in points from the start of
    the last line's baseline: the glyphs' outlines (a space has none)."""

    left: float
    bottom: float
    right: float
    top: float


def plan_stamp(data: bytes, name: str, lines: tuple[str, ...],
               typeface: str = DEFAULT_TYPEFACE, pages: int | None = None) -> Stamp:
    """Where the stamp showing ``lines`` goes on the PDF ``data``, and how it looks (in the
    letter's ``typeface``): each
    line wrapped to the width between the page's margins, and the box PADDING away from the
    ink of its text on all four sides. Raises SigningError when the last page has no room
    for it below the letter's text. ``pages``: the letter's own, when enclosures follow
    them (the stamp goes on the letter's last page, not on an enclosure's)."""
    from ..errors import ReadbackError

    try:
        page, text = last_page_lines(data, name, pages)
    except ReadbackError as exc:
        raise SigningError(str(exc)) from None
    font = _stamp_font("".join(lines), typeface)
    metrics = _Metrics(font)
    left = MARGIN_LEFT_MM * MM
    room = text.width - 2 * left - 2 * PADDING  # for the ink of the longest line
    lines = tuple(part for line in lines for part in metrics.wrap(line, room))
    ink = metrics.ink(lines)
    # pyHanko draws the stamp in a box of whole points, stretched over the widget's: so the
    # box is the ink's size plus twice PADDING, rounded up, the rest shared by both sides
    width = math.ceil(ink.right - ink.left + 2 * PADDING)
    height = math.ceil(ink.top - ink.bottom + 2 * PADDING)
    bottom = MARGIN_BOTTOM_MM * MM
    above = [y - DESCENT * SIZE for y in text.baselines if y >= bottom]
    # an earlier signer's stamp (or any visible annotation) counts as text to stay clear of
    above += [y1 for x1, y1, x2, y2 in text.annotations if x2 > x1 and y2 > y1 and y1 >= bottom]
    top = (min(above) if above else text.height - bottom) - GAP
    if top - height < bottom:
        raise SigningError(
            f"{name}: no room for a visible stamp below the letter's last line on page "
            f"{page + 1} ({max(top - bottom, 0):.0f} pt free, {height:.0f} pt needed)",
        )
    box = (left, top - height, left + width, top)
    # the text box's origin is its last baseline's start: placed so that the ink stands in
    # the middle of the box, as far from the left edge as from the right, from the top as
    # from the bottom (PADDING, and less than half a point more)
    origin = ((width - (ink.right - ink.left)) / 2 - ink.left,
              (height - (ink.top - ink.bottom)) / 2 - ink.bottom)
    return Stamp(page=page, box=box, lines=lines, style=_style(font, lines, origin))


class _Metrics:
    """The stamp font's advance widths and glyph outlines' boxes, in points at SIZE."""

    def __init__(self, font: bytes) -> None:
        from fontTools.ttLib import TTFont

        tt = TTFont(io.BytesIO(font))
        self.cmap = tt.getBestCmap()
        self.advances = tt["hmtx"].metrics
        glyf = tt["glyf"]
        self.boxes: dict[str, tuple[float, float, float, float]] = {}
        for glyph in set(self.cmap.values()):
            outline = glyf[glyph]
            if getattr(outline, "numberOfContours", 0):
                outline.recalcBounds(glyf)
                self.boxes[glyph] = (outline.xMin, outline.yMin, outline.xMax, outline.yMax)
        self.scale = SIZE / UNITS_PER_EM

    def ink(self, lines: tuple[str, ...]) -> _Ink:
        """The box of the ink of ``lines`` set one below the other, the last on y = 0."""
        xs: list[float] = []
        ys: list[float] = []
        for k, line in enumerate(lines):
            baseline = (len(lines) - 1 - k) * LEADING
            pen = 0.0
            for ch in line:
                glyph = self.cmap.get(ord(ch))
                if glyph is None:
                    continue
                if glyph in self.boxes:
                    x1, y1, x2, y2 = self.boxes[glyph]
                    xs += [pen + x1 * self.scale, pen + x2 * self.scale]
                    ys += [baseline + y1 * self.scale, baseline + y2 * self.scale]
                pen += self.advances[glyph][0] * self.scale
        if not xs:
            return _Ink(0.0, 0.0, 0.0, 0.0)
        return _Ink(min(xs), min(ys), max(xs), max(ys))

    def wrap(self, line: str, room: float) -> list[str]:
        """``line`` cut at spaces into lines whose ink is at most ``room`` wide (a word
        longer than that alone is cut between its characters)."""
        out: list[str] = []
        current = ""
        for word in line.split(" "):
            trial = f"{current} {word}" if current else word
            if self._fits(trial, room):
                current = trial
                continue
            if current:
                out.append(current)
            current = ""
            for ch in word:
                if current and not self._fits(current + ch, room):
                    out.append(current)
                    current = ""
                current += ch
        out.append(current)
        return out

    def _fits(self, line: str, room: float) -> bool:
        ink = self.ink((line,))
        return ink.right - min(ink.left, 0.0) <= room


def _stamp_font(text: str, typeface: str = DEFAULT_TYPEFACE) -> bytes:
    """The regular style of ``typeface`` (Liberation Serif or Sans) cut down to the
    characters of ``text`` and rescaled to 1000 units per em, without its layout features (no
    kerning, no ligature: each character is drawn with its own glyph at its own advance, as
    the stamp is measured). A character the font lacks is refused, as the build refuses it."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(fonts_dir() / TYPEFACES[typeface].files["regular"])
    missing = sorted({ch for ch in text if ord(ch) not in font.getBestCmap() and ch != "\n"})
    if missing:
        raise SigningError(f"the stamp's text has characters the font lacks: {''.join(missing)}")
    options = subset.Options()
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "kern"]  # FFTM: FontForge's
    # time stamps, unknown to fontTools' subsetter; the rest: no glyph moved or replaced
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # its notes on dropped tables
    subsetter.subset(font)
    scale_upem(font, UNITS_PER_EM)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _style(font: bytes, lines: tuple[str, ...], origin: tuple[float, float]) -> Any:
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
    from pyhanko.pdf_utils.layout import (
        AxisAlignment,
        InnerScaling,
        Margins,
        SimpleBoxLayoutRule,
    )
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    class LetterFont(FontEngineFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            return GlyphAccumulator(writer, io.BytesIO(font), font_size=SIZE,
                                    obj_stream=obj_stream)

    text = "\n".join(lines).replace("%", "%%")  # the stamp text is a %-template
    # pyHanko sets the text box's first baseline one leading below its top and the last on
    # its bottom; the box goes where the ink comes out PADDING from each edge, unscaled.
    inner = SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MIN,
                                y_align=AxisAlignment.ALIGN_MIN,
                                margins=Margins(left=origin[0], bottom=origin[1]),  # type: ignore[arg-type]
                                inner_content_scaling=InnerScaling.NO_SCALING)
    tight = SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MIN,
                                y_align=AxisAlignment.ALIGN_MIN, margins=Margins())
    return TextStampStyle(
        text_box_style=TextBoxStyle(font=LetterFont(), font_size=SIZE, leading=LEADING,
                                    box_layout_rule=tight),
        border_width=1, stamp_text=text, background=None, inner_content_layout=inner)
