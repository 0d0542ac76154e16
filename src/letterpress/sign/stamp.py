"""The visible signature stamp: where it goes on the letter and how it is drawn.

The stamp stands at the end of the letter, below the last line of text on the last page and
above the bottom margin, so it covers no text. It is set in the letter's own typeface
(Liberation Serif from ``fonts/``), embedded as a subset, so no base-14 font (pyHanko's
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
from ..fonts import FILES, fonts_dir
from ..layout.geometry import MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MM

SIZE = 9.0  # points
LEADING = 11.0
PADDING = 6.0  # between the stamp's border and its text
GAP = 10.0  # between the last baseline of the letter and the top of the stamp
DESCENT = 0.25  # of the font size, below a baseline (Liberation Serif's is 0.216 em)
UNITS_PER_EM = 1000


@dataclass(frozen=True, slots=True)
class Stamp:
    """A planned stamp: the page (0-based), its box (x1, y1, x2, y2 in points) and the
    pyHanko stamp style that draws its lines."""

    page: int
    box: tuple[int, int, int, int]
    lines: tuple[str, ...]
    style: Any


def plan_stamp(data: bytes, name: str, lines: tuple[str, ...]) -> Stamp:
    """Where the stamp showing ``lines`` goes on the PDF ``data``, and how it looks. Raises
    SigningError when the last page has no room for it below the letter's text."""
    from ..errors import ReadbackError

    try:
        page, text = last_page_lines(data, name)
    except ReadbackError as exc:
        raise SigningError(str(exc)) from None
    font = _stamp_font("".join(lines))
    width = max(_advance(font, line) for line in lines) * SIZE / UNITS_PER_EM + 2 * PADDING
    height = len(lines) * LEADING + 2 * PADDING
    bottom = MARGIN_BOTTOM_MM * MM
    left = MARGIN_LEFT_MM * MM
    above = [y - DESCENT * SIZE for y in text.baselines if y >= bottom]
    # an earlier signer's stamp (or any visible annotation) counts as text to stay clear of
    above += [y1 for x1, y1, x2, y2 in text.annotations if x2 > x1 and y2 > y1 and y1 >= bottom]
    top = (min(above) if above else text.height - bottom) - GAP
    if top - height < bottom:
        raise SigningError(
            f"{name}: no room for a visible stamp below the letter's last line on page "
            f"{page + 1} ({max(top - bottom, 0):.0f} pt free, {height:.0f} pt needed)",
        )
    box = (round(left), round(top - height), math.ceil(left + min(width, text.width - 2 * left)),
           round(top))
    return Stamp(page=page, box=box, lines=lines, style=_style(font, lines))


def _advance(font: bytes, text: str) -> float:
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(font))
    cmap = tt.getBestCmap()
    metrics = tt["hmtx"].metrics
    return float(sum(metrics[cmap[ord(ch)]][0] for ch in text if ord(ch) in cmap))


def _stamp_font(text: str) -> bytes:
    """Liberation Serif cut down to the characters of ``text`` and rescaled to 1000 units
    per em. A character the font lacks is refused, as the build refuses it."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(fonts_dir() / FILES["regular"])
    missing = sorted({ch for ch in text if ord(ch) not in font.getBestCmap() and ch != "\n"})
    if missing:
        raise SigningError(f"the stamp's text has characters the font lacks: {''.join(missing)}")
    options = subset.Options()
    options.drop_tables += ["FFTM"]  # FontForge's time stamps: unknown to fontTools' subsetter
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


def _style(font: bytes, lines: tuple[str, ...]) -> Any:
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    class LetterFont(FontEngineFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            return GlyphAccumulator(writer, io.BytesIO(font), font_size=SIZE,
                                    obj_stream=obj_stream)

    text = "\n".join(lines).replace("%", "%%")  # the stamp text is a %-template
    # The box is measured to fit the text at SIZE; pyHanko's default margins (10 pt around
    # the text box and 10 pt inside it) would shrink the text to fit them.
    inner = SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MIN,
                                y_align=AxisAlignment.ALIGN_MID,
                                margins=Margins(*(int(PADDING),) * 4))
    tight = SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MIN,
                                y_align=AxisAlignment.ALIGN_MIN, margins=Margins())
    return TextStampStyle(
        text_box_style=TextBoxStyle(font=LetterFont(), font_size=int(SIZE), leading=int(LEADING),
                                    box_layout_rule=tight),
        border_width=1, stamp_text=text, background=None, inner_content_layout=inner)
