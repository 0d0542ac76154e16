"""The last look before a PDF is written: does every line stay where layout promised?

Line breaking is meant to keep every glyph inside the text area and every line within the
spacing bounds the breaker allows; this guard checks the finished document against those
promises, so that a fault anywhere in layout (an unbreakable word, a rule that kept too much
together) becomes an error naming the field, never a PDF with text off the page or set as a
black bar. It measures each line as rendering will draw it: advance widths from the fonts,
the line's word spacing (PDF Tw), letter spacing (Tc) and glyph scaling (Tz).

The bounds are the breaker's (linebreak.py, paragraph.py): glyphs scaled by at most EXPANSION,
no letter spacing at all, word spaces from 1 - SHRINK of natural up to what the last resort
before first fit allows (1 + STRETCH * LAST_RESORT_TOLERANCE; the passes within the bounds
stop at 1 + STRETCH), first-fit lines included. Only hanging punctuation may leave the text
area, by the share of its width the item builder gave it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import LayoutError
from ..fonts import FontSet
from . import linebreak as lb
from .boxes import Document, Line
from .geometry import Frame
from .paragraph import HANG_LEFT, HANG_RIGHT, LAST_RESORT_TOLERANCE

SLACK = 0.01  # points: positions are computed in floating point, written to 6 digits
# Word spaces as a share of their natural width: as far as the breaker shrinks them, and as
# far as its last resort stretches them.
MIN_WORD_GAP = 1 - lb.SHRINK
MAX_WORD_GAP = 1 + lb.STRETCH * LAST_RESORT_TOLERANCE


@dataclass(frozen=True, slots=True)
class Extent:
    """Where a line's glyphs are drawn: left, right, bottom and top, in points."""

    left: float
    right: float
    bottom: float
    top: float


def line_extent(line: Line, fonts: FontSet) -> Extent:
    """The box of a line's glyphs as rendering draws them (at least the baseline: a font's
    ascent and descent are both above nothing)."""
    natural, letters, ascent, descent = 0.0, 0, 0.0, 0.0
    for run in line.runs:  # one pass: a line has a run or two
        natural += fonts.width(run.text, run.style, run.size)
        letters += len(run.text)
        above, below = fonts.extent(run.style)
        ascent, descent = max(ascent, above * run.size), max(descent, below * run.size)
    width = (natural + line.word_space * line.spaces
             + line.char_space * max(letters - 1, 0)) * line.scale
    return Extent(line.x, line.x + width, line.y - descent, line.y + ascent)


def check_document(document: Document, frame: Frame, fonts: FontSet) -> None:
    """Raise LayoutError for the first line that leaves its area or breaks the bounds; its
    ``field`` names the line's field, so the message points at it in the source."""
    for page in document.pages:
        top = frame.top_first if page.number == 1 else frame.top_later
        for block in page.blocks:
            furniture = block.kind == "furniture"
            # Page furniture sits in the margins above and below the text area.
            low, high = (0.0, frame.page_height) if furniture else (frame.bottom, top)
            for line in block.lines:
                left, right = _hangs(line, fonts)
                problem = (_outside(line_extent(line, fonts), frame.left - left,
                                    frame.right + right, low, high) or _spacing(line, fonts))
                if problem:
                    what = "" if block.path else "page furniture: "
                    raise LayoutError(f"{what}{problem} (page {page.number}); the line reads "
                                      f"{_clip(line.text)!r}", hint=_HINT, field=block.path)


_HINT = "this is a fault of letterpress's layout; a shorter word or field avoids it"


def _hangs(line: Line, fonts: FontSet) -> tuple[float, float]:
    """How far the line's first and last glyph may hang into the margins (points)."""
    runs = [run for run in line.runs if run.text]
    if not runs:
        return 0.0, 0.0
    first, last = runs[0], runs[-1]
    left = HANG_LEFT.get(first.text[0], 0.0) * fonts.width(first.text[0], first.style,
                                                              first.size)
    right = HANG_RIGHT.get(last.text[-1], 0.0) * fonts.width(last.text[-1], last.style,
                                                               last.size)
    return left * line.scale, right * line.scale


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
    if abs(line.scale - 1) > lb.EXPANSION + 1e-9:
        return f"glyphs scaled to {line.scale:.1%}, beyond ±{lb.EXPANSION:.0%}"
    if line.char_space:
        size = max((run.size for run in line.runs), default=1.0)
        return f"letter spacing of {line.char_space * line.scale / size:+.3f} em"
    for run in line.runs:
        if " " not in run.text:
            continue
        natural = fonts.width(" ", run.style, run.size)
        gap = (natural + line.word_space) * line.scale / natural
        if gap < MIN_WORD_GAP - 1e-6:
            return f"word spaces shrunk to {gap:.0%} of a space, below {MIN_WORD_GAP:.0%}"
        if gap > MAX_WORD_GAP + 1e-6:
            return f"word spaces stretched to {gap:.0%} of a space, beyond {MAX_WORD_GAP:.0%}"
    return ""


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
