"""Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981).

A paragraph becomes a list of boxes (word pieces), glue (word spaces that stretch and
shrink) and penalties (places to break that cost something: hyphens, emergency breaks).
The breaker chooses the breaks that minimise the demerits of the whole paragraph, so one
loose line is not bought with another later on, as a greedy breaker does.

Spaces stretch to at most ``1 + STRETCH`` and shrink to ``1 - SHRINK`` of their natural
width while a line's adjustment ratio stays within [-1, 1]; the first two passes accept
nothing beyond that. Only a paragraph that cannot be set so (a long URL, a narrow measure)
falls back to a third pass that allows looser lines and breaks inside over-long words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .boxes import Run

INF = 10_000  # a penalty of INF forbids a break, -INF forces one (as in TeX)
STRETCH = 0.30  # of the natural space: at r = 1 a space is 1.30 times its natural width
SHRINK = 0.20  # at r = -1 a space is 0.80 times its natural width
# Font expansion (the hz-program, pdfTeX's microtype): glyphs may be set up to 2.5 % wider or
# narrower, in step with the spaces. It gives a line about as much room again as its spaces
# do, so paragraphs meet the word-space bounds above without more hyphens.
EXPANSION = 0.025
LINE_PENALTY = 10
HYPHEN_PENALTY = 1000  # far above TeX's 50: a hyphen only where spacing needs one
EXPLICIT_HYPHEN_PENALTY = 50  # TeX's \exhyphenpenalty: a break after a hyphen the source wrote
DOUBLE_HYPHEN_DEMERITS = 10_000  # two hyphenated lines in a row
FINAL_HYPHEN_DEMERITS = 5_000  # a hyphen on the last full line of a paragraph
FITNESS_DEMERITS = 10_000  # a very loose line next to a tight one
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
class Broken:
    """One line as chosen by the breaker: its items and how much its spaces stretch."""

    items: tuple[Item, ...]
    ratio: float  # adjustment ratio r; >0 stretched, <0 shrunk
    natural: float  # natural width including a trailing hyphen
    hyphenated: bool
    last: bool  # the last line of the paragraph


@dataclass(slots=True)
class _Node:
    position: int  # index of the break item (-1 for the paragraph start)
    start: int  # index of the first item of the line after this break
    line: int  # lines set up to this break
    fitness: int
    demerits: float
    flagged: bool
    previous: _Node | None


def _fitness(ratio: float) -> int:
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    return 2 if ratio <= 1 else 3


def break_lines(items: Sequence[Item], measure: float, tolerance: float,
                line_stretch: float = 0.0, expansion: float = 0.0,
                first_measure: float | None = None,
                line_count: int | None = None) -> list[Broken] | None:
    """Break ``items`` (ending with a forced break) into lines of ``measure`` points.

    ``tolerance`` is the largest adjustment ratio accepted; ``line_stretch`` is stretch
    every line has besides its spaces (ragged-right setting); ``expansion`` is how far glyphs
    may widen or narrow (a fraction). Returns None when no set of breaks keeps every line
    within tolerance. ``first_measure`` is the first line's width, when it differs.
    ``line_count`` asks for the best breaks giving exactly that many lines (TeX's
    \\looseness, used by pagination to avoid a widow or an orphan).
    """
    sums = _Sums(items, expansion)
    measures = (measure if first_measure is None else first_measure, measure)
    active = [_Node(-1, 0, 0, 1, 0.0, False, None)]
    by_line = line_count is not None
    for i, item in enumerate(items):
        if isinstance(item, Penalty):
            if item.cost >= INF:
                continue
        elif not (isinstance(item, Glue) and i > 0 and isinstance(items[i - 1], Box)):
            continue
        active = _try_break(items, i, active, sums, measures, tolerance, line_stretch, by_line)
        if not active:
            return None
    if by_line:
        active = [n for n in active if n.line == line_count]
        if not active:
            return None
    best = min(active, key=lambda n: n.demerits)
    return _lines(items, best, sums, measures, line_stretch)


def _legal(items: Sequence[Item], i: int) -> bool:
    item = items[i]
    if isinstance(item, Penalty):
        return item.cost < INF
    return isinstance(item, Glue) and i > 0 and isinstance(items[i - 1], Box)


def break_greedily(items: Sequence[Item], measure: float, line_stretch: float = 0.0,
                   expansion: float = 0.0, first_measure: float | None = None) -> list[Broken]:
    """First fit: each line takes as much as fits. The last resort, in linear time, for a
    paragraph no total-fit setting keeps within bounds (long URLs, a very narrow measure)."""
    sums = _Sums(items, expansion)
    measures = (measure if first_measure is None else first_measure, measure)
    chain: list[int] = []
    start, fitting = 0, -1
    for i in range(len(items)):
        if not _legal(items, i):
            continue
        item = items[i]
        natural = sums.width[i] - sums.width[start]
        natural += item.width if isinstance(item, Penalty) else 0.0
        shrink = sums.shrink[i] - sums.shrink[start]
        if natural - shrink > measures[bool(chain)] and fitting >= 0:
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
    return _lines(items, node, sums, measures, line_stretch)


class _Sums:
    """Prefix sums of width, stretch and shrink, so a line's totals cost O(1)."""

    def __init__(self, items: Sequence[Item], expansion: float) -> None:
        w, y, z = [0.0], [0.0], [0.0]
        for item in items:
            if isinstance(item, Glue):
                w.append(w[-1] + item.width)
                y.append(y[-1] + item.stretch)
                z.append(z[-1] + item.shrink)
            elif isinstance(item, Box):
                w.append(w[-1] + item.width)
                y.append(y[-1] + item.width * expansion)
                z.append(z[-1] + item.width * expansion)
            else:
                w.append(w[-1])
                y.append(y[-1])
                z.append(z[-1])
        self.width, self.stretch, self.shrink = w, y, z

    def after(self, items: Sequence[Item], position: int) -> int:
        """First index after a break at ``position`` (glue and penalties there vanish)."""
        j = position + 1
        while j < len(items) and not isinstance(items[j], Box):
            if isinstance(items[j], Penalty) and items[j].cost <= -INF:  # type: ignore[union-attr]
                break
            j += 1
        return j


def _ratio(natural: float, stretch: float, shrink: float, measure: float) -> float:
    gap = measure - natural
    if gap > 0:
        return gap / stretch if stretch > 0 else (0.0 if gap < 1e-6 else 1e9)
    if gap < 0:
        return gap / shrink if shrink > 0 else (0.0 if gap > -1e-6 else -1e9)
    return 0.0


def _try_break(items: Sequence[Item], i: int, active: list[_Node], sums: _Sums,
               measures: tuple[float, float], tolerance: float,
               line_stretch: float, by_line: bool) -> list[_Node]:
    item = items[i]
    penalty = item.cost if isinstance(item, Penalty) else 0.0
    flagged = isinstance(item, Penalty) and item.flagged
    forced = penalty <= -INF
    kept: list[_Node] = []
    best: dict[tuple[int, int], tuple[float, _Node]] = {}
    for node in active:
        start = node.start
        natural = sums.width[i] - sums.width[start]
        if isinstance(item, Penalty):
            natural += item.width
        stretch = sums.stretch[i] - sums.stretch[start] + line_stretch
        shrink = sums.shrink[i] - sums.shrink[start]
        ratio = _ratio(natural, stretch, shrink, measures[node.position >= 0])
        if ratio >= -1 and not forced:
            kept.append(node)
        if -1 <= ratio <= tolerance:
            demerits = _demerits(ratio, penalty, flagged, node, items, i)
            fitness = _fitness(ratio)
            total = node.demerits + demerits
            if abs(fitness - node.fitness) > 1:
                total += FITNESS_DEMERITS
            key = (fitness, node.line + 1 if by_line else 0)
            if key not in best or total < best[key][0]:
                best[key] = (total, node)
    start = sums.after(items, i)
    for (fitness, _), (total, node) in best.items():
        kept.append(_Node(i, start, node.line + 1, fitness, total, flagged, node))
    return kept


def _demerits(ratio: float, penalty: float, flagged: bool, node: _Node,
              items: Sequence[Item], i: int) -> float:
    badness = 100 * abs(ratio) ** 3
    demerits = (LINE_PENALTY + badness) ** 2
    if penalty >= 0:
        demerits += penalty**2
    elif penalty > -INF:
        demerits -= penalty**2
    if flagged and node.flagged:
        demerits += DOUBLE_HYPHEN_DEMERITS
    if node.flagged and i == len(items) - 1:
        demerits += FINAL_HYPHEN_DEMERITS
    return demerits


def _lines(items: Sequence[Item], best: _Node, sums: _Sums, measures: tuple[float, float],
           line_stretch: float) -> list[Broken]:
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
        natural = sums.width[end] - sums.width[start]
        hyphen = isinstance(brk, Penalty) and brk.piece is not None and brk.cost > -INF
        if isinstance(brk, Penalty):
            natural += brk.width
        stretch = sums.stretch[end] - sums.stretch[start] + line_stretch
        shrink = sums.shrink[end] - sums.shrink[start]
        ratio = _ratio(natural, stretch, shrink, measures[k > 0])
        body = tuple(items[start:end]) + ((brk,) if hyphen else ())
        lines.append(Broken(body, ratio, natural, hyphen, k == len(chain) - 1))
        start = sums.after(items, end)
    return lines


