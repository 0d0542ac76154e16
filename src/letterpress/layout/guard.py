"""The last look before a PDF is written: does every line stay where layout promised?

Line breaking is meant to keep every glyph inside the text area and every line within the
spacing bounds the breaker allows; this guard checks the finished document against those
promises, so that a fault anywhere in layout (an unbreakable word, a rule that kept too much
together) becomes an error naming the field, never a PDF with text off the page or set as a
black bar. It measures each line as rendering will draw it: advance widths from the fonts,
the line's word spacing (PDF Tw), letter spacing (Tc) and glyph scaling (Tz).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import LayoutError
from ..fonts import FontSet
from . import linebreak as lb
from .boxes import Document, Line
from .geometry import Frame

SLACK = 0.01  # points: positions are computed in floating point, written to 6 digits
# Words on a line must stay visibly apart: the breaker shrinks a space to 1 - SHRINK of its
# width, and a space below half of it reads as two words run together.
MIN_WORD_GAP = 0.5


@dataclass(frozen=True, slots=True)
class Extent:
    """Where a line's glyphs are drawn: left, right, bottom and top, in points."""

    left: float
    right: float
    bottom: float
    top: float


def line_extent(line: Line, fonts: FontSet) -> Extent:
    """The box of a line's glyphs as rendering draws them."""
    natural = sum(fonts.width(run.text, run.style, run.size) for run in line.runs)
    letters = sum(len(run.text) for run in line.runs)
    width = (natural + line.word_space * line.spaces
             + line.char_space * max(letters - 1, 0)) * line.scale
    ascent = max((fonts.extent(run.style)[0] * run.size for run in line.runs), default=0.0)
    descent = max((fonts.extent(run.style)[1] * run.size for run in line.runs), default=0.0)
    return Extent(line.x, line.x + width, line.y - descent, line.y + ascent)


def check_document(document: Document, frame: Frame, fonts: FontSet) -> None:
    """Raise LayoutError for the first line that leaves its area or breaks the bounds."""
    for page in document.pages:
        top = frame.top_first if page.number == 1 else frame.top_later
        for block in page.blocks:
            furniture = block.kind == "furniture"
            # Page furniture sits in the margins above and below the text area.
            low, high = (0.0, frame.page_height) if furniture else (frame.bottom, top)
            for line in block.lines:
                problem = (_outside(line_extent(line, fonts), frame.left, frame.right, low,
                                    high) or _spacing(line, fonts))
                if problem:
                    where = block.path or "page furniture"
                    raise LayoutError(f"{where}: {problem} (page {page.number}); "
                                      f"the line reads {_clip(line.text)!r}")


def _outside(box: Extent, left: float, right: float, bottom: float, top: float) -> str:
    if box.left < left - SLACK:
        return f"text starts {left - box.left:.1f} pt left of the text area"
    if box.right > right + SLACK:
        return f"text runs {box.right - right:.1f} pt past the right edge of the text area"
    if box.bottom < bottom - SLACK:
        return f"text reaches {bottom - box.bottom:.1f} pt below the text area"
    if box.top > top + SLACK:
        return f"text reaches {box.top - top:.1f} pt above the text area"
    return ""


def _spacing(line: Line, fonts: FontSet) -> str:
    size = max((run.size for run in line.runs), default=0.0)
    if abs(line.scale - 1) > lb.EXPANSION + 1e-9:
        return f"glyphs scaled to {line.scale:.1%}, beyond ±{lb.EXPANSION:.0%}"
    tracking = line.char_space * line.scale  # PDF scales Tc by Tz
    if abs(tracking) > lb.TRACKING * size + 1e-9:
        return (f"letter spacing of {tracking / size:+.3f} em, beyond "
                f"±{lb.TRACKING} em")
    spaced = [run for run in line.runs if " " in run.text]
    for run in spaced:
        natural = fonts.width(" ", run.style, run.size)
        gap = (natural + line.word_space + 2 * line.char_space) * line.scale
        if gap < MIN_WORD_GAP * natural:
            return f"word spaces shrunk to {gap / natural:.0%} of a space"
    return ""


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
