"""Texture measured from a PDF (pdfminer.six): glyph positions and the text state. A test
oracle (tests/layout/test_texture.py), also used by bench/bench.py to print the texture figures.

Per full justified line (one that runs from the left to the right edge of the text column,
hanging punctuation allowed beyond either): the mean gap between words over the font's
natural space (0.25 em for Liberation Serif, 0.278 em for Liberation Sans: the advance of
the font's space glyph, read from its file by ``space_em``), as docs/libraries.md ("Texture")
uses it; the glyph scaling (the text state's horizontal scaling, PDF Tz); the mean gap
between the letters of a word (letter spacing, PDF Tc, shows there: the font has no kerning);
and, for a line ending or starting with punctuation, the share of that glyph's width beyond
the margin. Lines of one paragraph are those one body leading apart; the step is the largest
difference in scaling between two neighbours, the paragraph's last line included. Hyphens the
layout added are U+2010 at a line end.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NATURAL_SPACE_EM = 0.25  # Liberation Serif's; space_em reads any font's
EDGE_TOLERANCE = 0.6  # points
BODY_SIZE, BODY_LEADING = 11.0, 14.0
# A PDF writes positions with about six significant digits, so a gap set exactly at a bound
# reads back within a few 1e-7 of it, either side. A line counts as loose or tight only
# beyond that.
PRECISION = 1e-4
HANGING_RIGHT = frozenset(".,\u2010-\u2013\u2014:;\u201d\u2019\u00bb")
HANGING_LEFT = frozenset("\u201c\u2018\u00ab\u201e(")


@dataclass(frozen=True)
class Spacing:
    ratios: tuple[float, ...]  # one per full justified line
    hyphens: int
    letters: tuple[float, ...] = ()  # mean gap between letters of a word, per line, in em
    scales: tuple[float, ...] = ()  # glyph scaling of every body line (full or last)
    step: float = 0.0  # largest scaling difference between neighbouring lines of a paragraph
    hyphen_run: int = 0  # most hyphenated lines in a row
    hangs: tuple[float, ...] = ()  # share hanging into the margin, per punctuated line edge

    def summary(self) -> dict[str, Any]:
        r = sorted(self.ratios) or [0.0]
        p95 = r[min(len(r) - 1, int(round(0.95 * (len(r) - 1))))]
        return {"lines": len(self.ratios), "max": max(r), "p95": p95, "min": min(r),
                "mean": statistics.fmean(r), "loose>1.5": sum(x > 1.5 + PRECISION for x in r),
                "tight<0.8": sum(x < 0.8 - PRECISION for x in r), "hyphens": self.hyphens,
                "spaced": sum(abs(x) > PRECISION for x in self.letters),
                "spacing": max((abs(x) for x in self.letters), default=0.0),
                "scale_min": min(self.scales, default=1.0),
                "scale_max": max(self.scales, default=1.0), "step": self.step,
                "in_a_row": self.hyphen_run, "hang_min": min(self.hangs, default=0.0)}


@dataclass(frozen=True)
class _Line:
    chars: list[Any]  # pdfminer LTChar, each with the scaling it was drawn with
    page: int

    @property
    def text(self) -> str:
        return "".join(c.get_text() for c in self.chars).rstrip()

    @property
    def baseline(self) -> float:
        return float(self.chars[0].matrix[5])


def _pages(path: Path) -> Iterator[Any]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class Aggregator(PDFPageAggregator):
        """Keeps the horizontal scaling each glyph was drawn with (Tz / 100)."""

        def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float,
                        *args: Any) -> float:
            advance = super().render_char(matrix, font, fontsize, scaling, *args)
            self.cur_item._objs[-1].scaling = scaling
            return advance

    manager = PDFResourceManager()
    device = Aggregator(manager, laparams=LAParams(line_margin=0.1))
    interpreter = PDFPageInterpreter(manager, device)
    with path.open("rb") as file:
        for page in PDFPage.get_pages(file):
            interpreter.process_page(page)
            yield device.get_result()


def _lines(path: Path) -> Iterator[_Line]:
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    for number, page in enumerate(_pages(path)):
        found = []
        for element in page:
            if isinstance(element, LTTextContainer):
                for line in element:
                    if isinstance(line, LTTextLine):
                        chars = [c for c in line if isinstance(c, LTChar)]
                        if chars:
                            found.append(_Line(chars, number))
        yield from sorted(found, key=lambda ln: (-ln.baseline, ln.chars[0].x0))


def _full(chars: list[Any], left: float, right: float) -> bool:
    first, last = chars[0], max(chars, key=lambda c: c.x1)
    starts = left - first.width - EDGE_TOLERANCE <= first.x0 <= left + EDGE_TOLERANCE
    return starts and right - EDGE_TOLERANCE <= last.x1 <= right + last.width


def _gaps(chars: list[Any]) -> tuple[list[float], list[float]]:
    """Gaps between words and gaps between the letters of a word, in points."""
    words, inside = [], []
    for k, c in enumerate(chars):
        if c.get_text() == " " and 0 < k < len(chars) - 1 and chars[k + 1].get_text() != " ":
            words.append(chars[k + 1].x0 - chars[k - 1].x1)
        elif k and c.get_text() != " " and chars[k - 1].get_text() != " ":
            inside.append(c.x0 - chars[k - 1].x1)
    return words, inside


def _hangs(chars: list[Any], left: float, right: float) -> list[float]:
    visible = [c for c in chars if c.get_text() != " "]
    shares = []
    if visible[-1].get_text() in HANGING_RIGHT:
        shares.append((visible[-1].x1 - right) / visible[-1].width)
    if visible[0].get_text() in HANGING_LEFT:
        shares.append((left - visible[0].x0) / visible[0].width)
    return shares


def space_em(font_file: Path) -> float:
    """The advance of the space glyph of the TrueType file ``font_file``, in em (fontTools:
    the font's own hmtx, not letterpress's measuring)."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_file, lazy=True)
    glyph = font.getBestCmap()[32]
    return float(font["hmtx"][glyph][0]) / font["head"].unitsPerEm


def measure(path: Path, left: float, right: float,
            natural_space_em: float = NATURAL_SPACE_EM) -> Spacing:
    ratios: list[float] = []
    letters: list[float] = []
    hangs: list[float] = []
    scales: list[float] = []
    hyphens = run = most = 0
    step, previous = 0.0, None
    for line in _lines(path):
        chars = line.chars
        hyphenated = line.text.endswith("\u2010")
        hyphens += hyphenated
        run = run + 1 if hyphenated else 0
        most = max(most, run)
        body = abs(chars[0].size - BODY_SIZE) < 0.01 and chars[0].x0 < left + EDGE_TOLERANCE
        scale = statistics.fmean(c.scaling for c in chars)
        if body and previous is not None and previous.page == line.page \
                and abs(previous.baseline - line.baseline - BODY_LEADING) < 0.01:
            step = max(step, abs(scale - statistics.fmean(c.scaling for c in previous.chars)))
        previous = line if body else None
        if not _full(chars, left, right):
            if body:  # a paragraph's last line (or a ragged one: at 100 %)
                scales.append(scale)
            continue
        scales.append(scale)
        words, inside = _gaps(chars)
        if words:
            ratios.append(statistics.fmean(words) / (natural_space_em * chars[0].size))
        if inside:
            letters.append(statistics.fmean(inside) / chars[0].size)
        hangs += _hangs(chars, left, right)
    return Spacing(tuple(ratios), hyphens, tuple(letters), tuple(scales), step, most,
                   tuple(hangs))
