"""Word spacing measured from glyph positions in a PDF (pdfminer.six), as FACTS.md defines it.

For every full justified line (one that runs from the left to the right edge of the text
column) the mean gap between words is divided by the font's natural space (0.25 em for
Liberation Serif). Hyphens the layout added are U+2010 at a line end.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

NATURAL_SPACE_EM = 0.25
EDGE_TOLERANCE = 0.6  # points
# A PDF writes positions with about six significant digits, so a gap set exactly at a bound
# reads back within a few 1e-7 of it, either side. A line counts as loose or tight only
# beyond that.
PRECISION = 1e-4


@dataclass(frozen=True)
class Spacing:
    ratios: tuple[float, ...]  # one per full justified line
    hyphens: int
    letters: tuple[float, ...] = ()  # mean gap between letters of a word, per line, in em

    def summary(self) -> dict[str, float]:
        r = sorted(self.ratios) or [0.0]
        p95 = r[min(len(r) - 1, int(round(0.95 * (len(r) - 1))))]
        return {"lines": len(self.ratios), "max": max(r), "p95": p95, "min": min(r),
                "mean": statistics.fmean(r), "loose>1.5": sum(x > 1.5 + PRECISION for x in r),
                "tight<0.8": sum(x < 0.8 - PRECISION for x in r), "hyphens": self.hyphens,
                "spaced": sum(abs(x) > PRECISION for x in self.letters),
                "spacing": max((abs(x) for x in self.letters), default=0.0)}


def _lines(path: Path):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine

    for page in extract_pages(str(path), laparams=LAParams(line_margin=0.1)):
        for element in page:
            if not isinstance(element, LTTextContainer):
                continue
            for line in element:
                if isinstance(line, LTTextLine):
                    yield [c for c in line if isinstance(c, LTChar)]


def measure(path: Path, left: float, right: float) -> Spacing:
    ratios: list[float] = []
    letters: list[float] = []
    hyphens = 0
    for chars in _lines(path):
        if not chars:
            continue
        text = "".join(c.get_text() for c in chars).rstrip()
        hyphens += text.endswith("\u2010")
        full = abs(chars[0].x0 - left) <= EDGE_TOLERANCE \
            and abs(max(c.x1 for c in chars) - right) <= EDGE_TOLERANCE
        if not full:
            continue
        gaps, inside, size = [], [], chars[0].size
        for k, c in enumerate(chars):
            if c.get_text() == " " and 0 < k < len(chars) - 1 and chars[k + 1].get_text() != " ":
                gaps.append(chars[k + 1].x0 - chars[k - 1].x1)
            elif k and c.get_text() != " " and chars[k - 1].get_text() != " ":
                inside.append(c.x0 - chars[k - 1].x1)  # letter spacing (the font has no kerning)
        if gaps:
            ratios.append(statistics.fmean(gaps) / (NATURAL_SPACE_EM * size))
        if inside:
            letters.append(statistics.fmean(inside) / size)
    return Spacing(tuple(ratios), hyphens, tuple(letters))
