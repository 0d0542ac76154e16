"""Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981).

A paragraph becomes a list of boxes (word pieces), glue (word spaces that stretch and
shrink) and penalties (places to break that cost something: hyphens, emergency breaks).
The breaker chooses the breaks that minimise the demerits of the whole paragraph, so one
loose line is not bought with another later on, as a greedy breaker does.

Spaces stretch to at most ``1 + STRETCH`` and shrink to ``1 - SHRINK`` of their natural
width, and glyphs by ``EXPANSION``, while a line's adjustment ratio goes from -1 to 1.
Beyond that, to ±2, the spaces stay at their bound and the letters move apart or together
(``TRACKING``), at a cost that keeps this to the lines that need it. The passes (see
paragraph.set_paragraph) never go beyond these bounds; only a paragraph that cannot be set
within them (a long URL, a narrow measure) falls back to first-fit lines that may break
inside over-long words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from . import looseness
from .boxes import Run

INF = 10_000  # a penalty of INF forbids a break, -INF forces one (as in TeX)
STRETCH = 0.30  # of the natural space: at r = 1 a space is 1.30 times its natural width
SHRINK = 0.20  # at r = -1 a space is 0.80 times its natural width
# Font expansion (the hz-program, pdfTeX's microtype): glyphs may be set up to 3 % wider or
# narrower, in step with the spaces. It gives a line about as much room again as its spaces
# do, so paragraphs meet the word-space bounds above without more hyphens.
EXPANSION = 0.03
# Letter spacing (InDesign's "letter spacing" justification setting): up to 0.02 em more or
# less between the letters of a word, but only on a line that its spaces and glyphs cannot
# set within their bounds, and only where the alternative is a hyphen. Long words (Russian,
# Azerbaijani) leave a line few spaces to stretch; letter spacing saves most of the hyphens
# they would otherwise need, and leaves every other line untouched.
TRACKING = 0.02
LINE_PENALTY = 10
HYPHEN_PENALTY = 1000  # far above TeX's 50: a hyphen only where spacing needs one
EXPLICIT_HYPHEN_PENALTY = 50  # TeX's \exhyphenpenalty: a break after a hyphen the source wrote
DOUBLE_HYPHEN_DEMERITS = 10_000  # two hyphenated lines in a row
FINAL_HYPHEN_DEMERITS = 5_000  # a hyphen on the last full line of a paragraph
FITNESS_DEMERITS = 10_000  # a very loose line next to a tight one
# A line that needs letter spacing: far above any line its spaces can set (at most 12,100),
# below a hyphen (10^6), and more the more spacing it needs.
LETTER_SPACING_DEMERITS = 300_000
EMERGENCY_PENALTY = 500  # a break inside an over-long word or URL, without a hyphen


# A piece of text in one style (what a box, glue or hyphen draws) is a run of the page.
Piece = Run


@dataclass(frozen=True, slots=True)
class Box:
    width: float
    piece: Piece


@dataclass(frozen=True, slots=True)
class Glue:
    width: float
    stretch: float
    shrink: float
    piece: Piece  # the space as drawn (" " in the style of the space)


@dataclass(frozen=True, slots=True)
class Penalty:
    width: float  # width of what is drawn if the line breaks here (a hyphen)
    cost: float
    flagged: bool = False  # a hyphen: two flagged breaks in a row cost DOUBLE_HYPHEN_DEMERITS
    piece: Piece | None = None  # drawn at the end of the line when broken here


Item = Box | Glue | Penalty


@dataclass(frozen=True, slots=True)
class Flex:
    """How a line may be adjusted besides its spaces' own stretch and shrink.

    ``expansion`` is how far glyphs may widen or narrow (a fraction of their width), in step
    with the spaces: both reach their bounds at an adjustment ratio of ±1.
    ``tracking`` is how far the letters of a word may move apart or together (points between
    two letters); it takes over where the spaces stop, from a ratio of ±1 to ±2. A word
    space is the whole gap between two words, letter spacing at its edges included, so the
    spaces stay within their bounds whatever the letters do.
    ``ragged`` is stretch every line has besides (ragged-right setting).
    """

    expansion: float = 0.0
    tracking: float = 0.0
    ragged: float = 0.0

    @property
    def reach(self) -> float:
        """The largest adjustment ratio (either way) this flexibility can set."""
        return 2.0 if self.tracking > 0 else 1.0


RIGID = Flex()


@dataclass(frozen=True, slots=True)
class Broken:
    """One line as chosen by the breaker: its items and how much its spaces stretch."""

    items: tuple[Item, ...]
    ratio: float  # adjustment ratio r; >0 stretched, <0 shrunk
    natural: float  # natural width including a trailing hyphen
    hyphenated: bool
    last: bool  # the last line of the paragraph
    scale: float = 1.0  # glyph width factor at this ratio (font expansion)
    letter_space: float = 0.0  # points added between two letters of a word at this ratio


@dataclass(slots=True)
class _Node:
    position: int  # index of the break item (-1 for the paragraph start)
    start: int  # index of the first item of the line after this break
    line: int  # lines set up to this break
    fitness: int
    demerits: float
    flagged: bool
    previous: _Node | None


def _fitness(ratio: float) -> int:  # TeX's tight, decent, loose and very loose lines
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    return 2 if ratio <= 1 else 3


def break_lines(items: Sequence[Item], measure: float, tolerance: float, flex: Flex = RIGID,
                first_measure: float | None = None,
                line_count: int | None = None) -> list[Broken] | None:
    """Break ``items`` (ending with a forced break) into lines of ``measure`` points.

    ``tolerance`` is the largest adjustment ratio accepted; ``flex`` what else gives.
    Returns None when no set of breaks keeps every line within tolerance.
    ``first_measure`` is the first line's width, when it differs.
    ``line_count`` asks for the best breaks giving exactly that many lines (TeX's
    \\looseness, used by pagination to avoid a widow or an orphan).
    """
    best, _ = _search(items, measure, tolerance, flex, first_measure, line_count)
    if best is None:
        return None
    sums = _Sums(items, flex)
    measures = (measure if first_measure is None else first_measure, measure)
    return _lines(items, best, sums, measures)


def peak_active(items: Sequence[Item], measure: float, tolerance: float, flex: Flex = RIGID,
                line_count: int | None = None) -> int:
    """The most active breakpoints break_lines keeps at once: what its time per word
    depends on, bounded by what fits on a line whatever the length of the paragraph."""
    return _search(items, measure, tolerance, flex, None, line_count)[1]


def _search(items: Sequence[Item], measure: float, tolerance: float, flex: Flex,
            first_measure: float | None, line_count: int | None) -> tuple[_Node | None, int]:
    """The best last node, and the largest number of active nodes on the way.

    With ``line_count``, only nodes near the best setting's line count are kept (see
    looseness.py): else their number grows with the paragraph, and so does the time per word.
    """
    sums = _Sums(items, flex)
    measures = (measure if first_measure is None else first_measure, measure)
    guide = None
    key = (tuple(items), measure, tolerance, flex, first_measure)
    if line_count is not None:
        # Pagination asks for a line more or fewer right after the best setting was found.
        found = _last_best[1] if _last_best and _last_best[0] == key else \
            _search(items, measure, tolerance, flex, first_measure, None)[0]
        if found is None:
            return None, 0  # no setting at all, so none with that many lines
        guide = looseness.guide(_breaks(found), len(items), line_count)
    active = [_Node(-1, 0, 0, 1, 0.0, False, None)]
    peak = 1
    for i, item in enumerate(items):
        if isinstance(item, Penalty):
            if item.cost >= INF:
                continue
        elif not (isinstance(item, Glue) and i > 0 and isinstance(items[i - 1], Box)):
            continue
        active = _try_break(items, i, active, sums, measures, tolerance, guide)
        if not active:
            return None, peak
        peak = max(peak, len(active))
    if line_count is not None:
        active = [n for n in active if n.line == line_count]
        if not active:
            return None, peak
    best = min(active, key=lambda n: n.demerits)
    if line_count is None:
        _last_best[:] = [key, best]
    return best, peak


_last_best: list[Any] = []  # (items and settings, best node) of the last unconstrained search


def _breaks(best: _Node) -> list[int]:
    """The item indices of the breaks on the way to ``best``, in order."""
    positions = []
    node: _Node | None = best
    while node is not None and node.position >= 0:
        positions.append(node.position)
        node = node.previous
    return positions[::-1]


def legal_break(items: Sequence[Item], i: int) -> bool:
    """Whether a line may end at ``items[i]``: a penalty below INF, or glue after a box."""
    return _legal(items, i)


def _legal(items: Sequence[Item], i: int) -> bool:
    item = items[i]
    if isinstance(item, Penalty):
        return item.cost < INF
    return isinstance(item, Glue) and i > 0 and isinstance(items[i - 1], Box)


def break_greedily(items: Sequence[Item], measure: float, flex: Flex = RIGID,
                   first_measure: float | None = None) -> list[Broken]:
    """First fit: each line takes as much as fits. The last resort, in linear time, for a
    paragraph no total-fit setting keeps within bounds (long URLs, a very narrow measure)."""
    sums = _Sums(items, flex)
    measures = (measure if first_measure is None else first_measure, measure)
    chain: list[int] = []
    start, fitting = 0, -1
    for i in range(len(items)):
        if not _legal(items, i):
            continue
        item = items[i]
        natural, _, shrink, letters = sums.line(items, start, i)
        if natural - shrink - letters > measures[bool(chain)] and fitting >= 0:
            chain.append(fitting)
            start, fitting = sums.after(items, fitting), -1
        fitting = i
        if isinstance(item, Penalty) and item.cost <= -INF:
            chain.append(i)
            start, fitting = sums.after(items, i), -1
    node: _Node | None = _Node(-1, 0, 0, 1, 0.0, False, None)
    for position in chain:
        node = _Node(position, sums.after(items, position), 0, 1, 0.0, False, node)
    assert node is not None
    return _lines(items, node, sums, measures)


class _Sums:
    """Prefix sums of width, stretch, shrink and letter spacing: a line's totals in O(1).

    Stretch and shrink are the spaces' and the glyphs' (expansion). Letter spacing counts
    the gaps between letters inside words: a box gives one per letter, a word space takes
    one back (the gap after a word's last letter is part of the space) and so does a line
    (n words on a line have n - 1 spaces).
    """

    def __init__(self, items: Sequence[Item], flex: Flex) -> None:
        expansion, tracking = flex.expansion, flex.tracking
        w, y, z, t = [], [], [], []
        for item in items:
            if isinstance(item, Box):
                w.append(item.width)
                y.append(item.width * expansion)
                z.append(item.width * expansion)
                t.append(len(item.piece.text) * tracking)
            elif isinstance(item, Glue):
                w.append(item.width)
                y.append(item.stretch)
                z.append(item.shrink)
                t.append(-tracking if item.width > 0 else 0.0)
            else:
                w.append(0.0)
                y.append(0.0)
                z.append(0.0)
                t.append(0.0)
        self.width, self.stretch, self.shrink, self.letters = (
            list(accumulate(values, initial=0.0)) for values in (w, y, z, t))
        self.flex = flex

    def line(self, items: Sequence[Item], start: int, end: int) -> tuple[float, ...]:
        """Natural width, stretch, shrink and letter spacing of a line from ``start`` to a
        break at ``end``."""
        item = items[end]
        natural = self.width[end] - self.width[start] + self.break_width(item)
        stretch = self.stretch[end] - self.stretch[start] + self.break_stretch(item)
        shrink = self.shrink[end] - self.shrink[start] + self.break_stretch(item)
        letters = self.letters[end] - self.letters[start] + self.break_letters(item)
        return natural, stretch + self.flex.ragged, shrink, letters

    def break_width(self, item: Item) -> float:
        return item.width if isinstance(item, Penalty) else 0.0

    def break_stretch(self, item: Item) -> float:
        return item.width * self.flex.expansion if isinstance(item, Penalty) else 0.0

    def break_letters(self, item: Item) -> float:
        """Letter gaps a line ending at ``item`` adds: its hyphen's, less the line's one."""
        hyphen = isinstance(item, Penalty) and item.piece is not None
        return (len(item.piece.text) - 1 if hyphen else -1) * self.flex.tracking  # type: ignore[union-attr]

    def settle(self, ratio: float, last: bool) -> tuple[float, float]:
        """Glyph scale and letter spacing of a line set at ``ratio``."""
        if last and ratio >= 0:
            return 1.0, 0.0  # the last line of a paragraph is set at its natural width
        # A first-fit line (the last-resort pass) may need more than the letters can give:
        # they stop at their bound, and the word spaces take the rest.
        reach = self.flex.reach
        ratio = max(-reach, min(reach, ratio))
        spaces = max(-1.0, min(1.0, ratio))
        return 1 + self.flex.expansion * spaces, self.flex.tracking * (ratio - spaces)

    def after(self, items: Sequence[Item], position: int) -> int:
        """First index after a break at ``position`` (glue and penalties there vanish)."""
        j = position + 1
        while j < len(items) and not isinstance(items[j], Box):
            if isinstance(items[j], Penalty) and items[j].cost <= -INF:  # type: ignore[union-attr]
                break
            j += 1
        return j


def _ratio(natural: float, stretch: float, shrink: float, letters: float,
           measure: float) -> float:
    """The adjustment ratio: within ±1 the spaces and glyphs take it all; beyond, up to ±2,
    they stay at their bound and letter spacing takes the rest."""
    gap = measure - natural
    if gap > 0:
        if gap > stretch and letters > 0:
            return 1 + (gap - stretch) / letters
        return gap / stretch if stretch > 0 else (0.0 if gap < 1e-6 else 1e9)
    if gap < 0:
        if -gap > shrink and letters > 0:
            return -1 + (gap + shrink) / letters
        return gap / shrink if shrink > 0 else (0.0 if gap > -1e-6 else -1e9)
    return 0.0


def _try_break(items: Sequence[Item], i: int, active: list[_Node], sums: _Sums,
               measures: tuple[float, float], tolerance: float,
               guide: looseness.Guide | None) -> list[_Node]:
    item = items[i]
    penalty = item.cost if isinstance(item, Penalty) else 0.0
    flagged = isinstance(item, Penalty) and item.flagged
    forced = penalty <= -INF
    kept: list[_Node] = []
    best: dict[tuple[int, int], tuple[float, _Node]] = {}
    # _Sums.line, inlined: this loop runs for every active node at every legal break
    width, stretch_end, shrink_end = sums.width[i], sums.stretch[i], sums.shrink[i]
    letters_end = sums.letters[i] + sums.break_letters(item)
    extra_width = sums.break_width(item)
    extra_shrink = sums.break_stretch(item)
    extra_stretch = extra_shrink + sums.flex.ragged
    reach = sums.flex.reach
    for node in active:
        start = node.start
        natural = width - sums.width[start] + extra_width
        stretch = stretch_end - sums.stretch[start] + extra_stretch
        shrink = shrink_end - sums.shrink[start] + extra_shrink
        letters = letters_end - sums.letters[start]
        ratio = _ratio(natural, stretch, shrink, letters, measures[node.position >= 0])
        if ratio >= -reach and not forced:
            kept.append(node)
        if -reach <= ratio <= tolerance:
            demerits = _demerits(ratio, penalty, flagged, node, items, i)
            fitness = _fitness(ratio)
            total = node.demerits + demerits
            if abs(fitness - node.fitness) > 1:
                total += FITNESS_DEMERITS
            if guide is not None and not guide.allows(i, node.line + 1):
                continue
            key = (fitness, node.line + 1 if guide is not None else 0)
            if key not in best or total < best[key][0]:
                best[key] = (total, node)
    start = sums.after(items, i)
    # As TeX does (minimum_demerits + adj_demerits): a node that costs more than the cheapest
    # at this break by over FITNESS_DEMERITS can never be on the best path, since what follows
    # costs both the same but for that one term; dropping it keeps the active list short.
    least: dict[int, float] = {}
    for (_, line), (total, _) in best.items():
        least[line] = min(total, least.get(line, total))
    for (fitness, line), (total, node) in best.items():
        if total <= least[line] + FITNESS_DEMERITS:
            kept.append(_Node(i, start, node.line + 1, fitness, total, flagged, node))
    return kept


def _demerits(ratio: float, penalty: float, flagged: bool, node: _Node,
              items: Sequence[Item], i: int) -> float:
    if abs(ratio) > 1:  # letter spacing: the spaces are at their bound
        demerits = (LINE_PENALTY + 100) ** 2 + LETTER_SPACING_DEMERITS * abs(ratio)
    else:
        demerits = (LINE_PENALTY + 100 * abs(ratio) ** 3) ** 2
    if penalty >= 0:
        demerits += penalty**2
    elif penalty > -INF:
        demerits -= penalty**2
    if flagged and node.flagged:
        demerits += DOUBLE_HYPHEN_DEMERITS
    if node.flagged and i == len(items) - 1:
        demerits += FINAL_HYPHEN_DEMERITS
    return demerits


def _lines(items: Sequence[Item], best: _Node, sums: _Sums,
           measures: tuple[float, float]) -> list[Broken]:
    chain: list[_Node] = []
    node: _Node | None = best
    while node is not None and node.position >= 0:
        chain.append(node)
        node = node.previous
    chain.reverse()
    lines, start = [], 0
    for k, node in enumerate(chain):
        end = node.position
        brk = items[end]
        hyphen = isinstance(brk, Penalty) and brk.piece is not None and brk.cost > -INF
        natural, stretch, shrink, letters = sums.line(items, start, end)
        ratio = _ratio(natural, stretch, shrink, letters, measures[k > 0])
        body = tuple(items[start:end]) + ((brk,) if hyphen else ())
        last = k == len(chain) - 1
        lines.append(Broken(body, ratio, natural, hyphen, last, *sums.settle(ratio, last)))
        start = sums.after(items, end)
    return lines


