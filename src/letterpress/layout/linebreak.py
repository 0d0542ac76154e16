"""Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981).

A paragraph becomes a list of boxes (word pieces), glue (word spaces that stretch and
shrink) and penalties (places to break that cost something: hyphens, emergency breaks).
The breaker chooses the breaks that minimise the demerits of the whole paragraph, so one
loose line is not bought with another later on, as a greedy breaker does.

Spaces stretch to at most ``1 + STRETCH`` and shrink to ``1 - SHRINK`` of their natural
width, and glyphs by ``EXPANSION``, while a line's adjustment ratio goes from -1 to 1; the
letters of a word never move apart (letter-spaced lowercase is a classic fault). A break is
taken only if its line can be scaled within NEIGHBOUR_STEP of the line above, it is not the
third hyphen in a row, and not a hyphen on the paragraph's last full line. Punctuation at
the end of a line (and an opening quote at its start) hangs into the margin by the share
the item builder gave it, so the edge looks straight. The passes (see
paragraph.set_paragraph) never go beyond these bounds; only a paragraph that cannot be set
within them (a long URL, a narrow measure) falls back to first-fit lines that may break
inside over-long words, their spaces still within the last resort's bound where a letter
can fill the line.

At each break the search keeps, for each fitness class and run of hyphens, every way of
reaching it that no other beats both in demerits and in the glyph scales its line can take:
keeping only the cheapest lost settings the neighbour rule allows, so a paragraph took a
hyphen it could do without, or a step beyond NEIGHBOUR_STEP (bench/hyphens.py finds the
fewest hyphens by exhaustive search; tests/layout/test_fewest_hyphens.py holds the breaker to it).

The search stays linear in the paragraph: a node that can never be on the best path is
dropped (see _undominated), and a setting with a line more or fewer keeps only nodes near the
best setting's line count (looseness.py). The active nodes are kept in groups, one a break:
the nodes at a break share the line that follows it, so its width and ratio are worked out
once a group, and the time per word follows the breaks within a line's reach rather than the
nodes at them (a setting with a line more or fewer keeps about three a break). Most breaks
(four in five in the letters of source/) come where every active line is still too short
for any line to end: the search bisects past them (_ahead, _earliest) and tries only the
breaks near the end of a line, and at each it works out the lines of the groups only up to
the first that is too short.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from . import looseness
from .items import (
    INF,
    RIGID,
    Box,
    Broken,
    Flex,
    Glue,
    Item,
    Penalty,
    Piece,
    Sums,
    Texts,
    hang_left,
    hang_right,
    legal_break,
    sums_of,
)
from .items import forget as items_cache_clear
from .scaling import NEIGHBOUR_STEP, Fit, choose_scales, own_reach, reach, within

# The items are re-exported: a caller builds them and breaks them through this one module.
__all__ = [
    "DOUBLE_HYPHEN_DEMERITS", "EMERGENCY_PENALTY", "EXPANSION", "EXPLICIT_HYPHEN_PENALTY",
    "FITNESS_DEMERITS", "HYPHEN_PENALTY", "INF", "KEEP_PENALTY", "LETTER_PENALTY",
    "LINE_PENALTY", "MAX_HYPHENS_IN_A_ROW", "RIGID", "SHRINK", "STRETCH", "Box", "Broken",
    "Flex", "Glue", "Item", "Penalty", "Piece", "Texts", "break_greedily", "break_lines",
    "hang_left", "hang_right", "legal_break", "peak_active",
]

STRETCH = 0.30  # of the natural space: at r = 1 a space is 1.30 times its natural width
SHRINK = 0.20  # at r = -1 a space is 0.80 times its natural width
# Font expansion (the hz-program, pdfTeX's microtype): glyphs may be set up to 2 % wider or
# narrower. Beyond about 2 % a reader sees letters change shape.
EXPANSION = 0.02
LINE_PENALTY = 10
HYPHEN_PENALTY = 1000  # far above TeX's 50: a hyphen only where spacing needs one
EXPLICIT_HYPHEN_PENALTY = 50  # TeX's \exhyphenpenalty: a break after a hyphen the source wrote
DOUBLE_HYPHEN_DEMERITS = 10_000  # two hyphenated lines in a row
MAX_HYPHENS_IN_A_ROW = 2  # a third hyphenated line in a row is never set
FITNESS_DEMERITS = 10_000  # a very loose line next to a tight one
# A paragraph's last line shorter than this share of the measure (a word or two left alone)
# costs as much as a very loose line next to a tight one: never a hyphen more.
SHORT_LAST_LINE = 0.15
SHORT_LAST_LINE_DEMERITS = 10_000
EMERGENCY_PENALTY = 500  # a break inside an over-long word or URL, without a hyphen
# First fit only (break_greedily), where a line could not be filled otherwise: a break after
# a one-letter Russian word, and one after any letter of a word, without a hyphen.
KEEP_PENALTY = 2_000
LETTER_PENALTY = 5_000


@dataclass(slots=True)
class _Node:
    position: int  # index of the break item (-1 for the paragraph start)
    start: int  # index of the first item of the line after this break
    line: int  # lines set up to this break
    fitness: int
    demerits: float
    flagged: bool
    previous: _Node | None
    # The glyph scales the line ending here can take, given the lines before it (each
    # within NEIGHBOUR_STEP of the one above): a break whose line cannot is never taken.
    low: float = 1.0
    high: float = 1.0
    run: int = 0  # hyphenated lines in a row, ending here


def _step(strict: bool, expansion: float) -> float:
    """How far neighbouring lines' glyph scales may differ: NEIGHBOUR_STEP, or anything the
    expansion allows when the rules are lifted (strict=False)."""
    return NEIGHBOUR_STEP if strict else 2 * expansion


def _fitness(ratio: float) -> int:  # TeX's tight, decent, loose and very loose lines
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    return 2 if ratio <= 1 else 3


def break_lines(items: Sequence[Item], measure: float, tolerance: float, flex: Flex = RIGID,
                first_measure: float | None = None,
                line_count: int | None = None, strict: bool = True,
                hyphen_run: int = MAX_HYPHENS_IN_A_ROW) -> list[Broken] | None:
    """Break ``items`` (ending with a forced break) into lines of ``measure`` points.

    ``tolerance`` is the largest adjustment ratio accepted; ``flex`` what else gives.
    Returns None when no set of breaks keeps every line within tolerance.
    ``first_measure`` is the first line's width, when it differs.
    ``line_count`` asks for the best breaks giving exactly that many lines (TeX's
    \\looseness, used by pagination to avoid a widow or an orphan).
    ``strict=False`` lifts the hyphenation rules (no third hyphen in a row, none on the last
    full line) and NEIGHBOUR_STEP: for a paragraph that cannot be set within the bounds
    otherwise (a column of one long word). ``hyphen_run`` is the most hyphenated lines in a
    row a strict setting may have: one more than MAX_HYPHENS_IN_A_ROW is the first thing a
    paragraph that cannot be set otherwise gives (paragraph.set_paragraph).
    """
    best, _ = _search(items, measure, tolerance, flex, first_measure, line_count, strict,
                      hyphen_run)
    if best is None:
        return None
    sums = sums_of(items, flex)
    measures = (measure if first_measure is None else first_measure, measure)
    step = _step(strict, flex.expansion)
    return _lines(items, best, sums, measures, step=step)


def peak_active(items: Sequence[Item], measure: float, tolerance: float, flex: Flex = RIGID,
                line_count: int | None = None, strict: bool = True) -> int:
    """The most active breakpoints break_lines keeps at once: what its time per word
    depends on, bounded by what fits on a line whatever the length of the paragraph."""
    return _search(items, measure, tolerance, flex, None, line_count, strict)[1]


def _search(items: Sequence[Item], measure: float, tolerance: float, flex: Flex,
            first_measure: float | None, line_count: int | None,
            strict: bool, hyphen_run: int = MAX_HYPHENS_IN_A_ROW) -> tuple[_Node | None, int]:
    """The best last node, and the largest number of active nodes on the way.

    With ``line_count``, only nodes near the best setting's line count are kept (see
    looseness.py): else their number grows with the paragraph, and so does the time per word.
    """
    sums = sums_of(items, flex)
    measures = (measure if first_measure is None else first_measure, measure)
    guide = None
    settings = (measure, tolerance, flex, first_measure, strict, hyphen_run)
    if line_count is not None:
        # Pagination asks for a line more or fewer right after the best setting was found
        # (of the same items: the paragraph's items are cached, so the same list).
        found = _last_best[2] if _last_best and _last_best[0] is items and \
            _last_best[1] == settings else \
            _search(items, measure, tolerance, flex, first_measure, None, strict,
                    hyphen_run)[0]
        if found is None:
            return None, 0  # no setting at all, so none with that many lines
        guide = looseness.guide(_breaks(found), len(items), line_count)
    # The active nodes in groups, one a break (in the order they were made): the nodes of a
    # group share the line that follows them, so its width and ratio are worked out once.
    groups: list[tuple[_Node, ...]] = [(_Node(-1, 0, 0, 1, 0.0, False, None),)]
    peak = 1
    breaks, ahead = sums.breaks, _ahead(sums, tolerance)
    k = 0
    while k < len(breaks):
        groups = _try_break(items, breaks[k], groups, sums, measures, tolerance, guide,
                            strict, hyphen_run)
        if not groups:
            return None, peak
        peak = max(peak, sum(map(len, groups)))
        # most breaks come before any active line can reach them: passed over unseen
        k = bisect_left(ahead, _earliest(groups, sums, measures, tolerance), k + 1)
    active = [n for group in groups for n in group]
    if line_count is not None:
        active = [n for n in active if n.line == line_count]
        if not active:
            return None, peak
    best = min(active, key=lambda n: n.demerits)
    if line_count is None:
        _last_best[:] = [items, settings, best]
    return best, peak


def _ahead(sums: Sums, tolerance: float) -> list[float]:
    """For each of ``sums.breaks``, how far a line ending there reaches at ``tolerance``:
    the natural width of the items before it and what their spaces and glyphs give, from
    the paragraph's start (so that it never falls from one break to the next; a forced
    break reaches everything, and so does every break after it). A line from a break can
    end within tolerance only where the reach is past _earliest's. Kept with the sums, as
    they are: each setting of the paragraph at this tolerance uses the same."""
    ahead = sums.reaches.get(tolerance)
    if ahead is None:
        ahead = sums.reaches[tolerance] = _reaches(sums, tolerance)
    return ahead


def _reaches(sums: Sums, tolerance: float) -> list[float]:
    """_ahead, worked out."""
    widths, stretches, glyphs = sums.width, sums.stretch, sums.glyphs
    expansion = sums.flex.expansion
    ahead = [widths[i] + tolerance * (stretches[i] + expansion * glyphs[i])
             for i in sums.breaks]
    if sums.forced is not None:
        ahead[sums.forced:] = [math.inf] * (len(ahead) - sums.forced)
    return list(accumulate(ahead, max))  # in order, for bisection, whatever the rounding


def _earliest(groups: list[tuple[_Node, ...]], sums: Sums, measures: tuple[float, float],
              tolerance: float) -> float:
    """The reach (see _ahead) a break needs before a line from one of ``groups`` can end
    there within tolerance: before it, every line from their breaks is too short, the
    groups stay as they are, and the break need not be tried.

    The earliest group (the first: they come in the order of their breaks) has the longest
    lines; the paragraph's start is taken as well, as its line may have a measure of its
    own. A line at a break is at most the natural width between the two, plus the widest
    break's (a hyphen), and gives at most their stretch, the glyphs' expansion of both and
    the ragged right's: its ratio is over tolerance while the reach falls short of the
    start's by the measure less those. A share of a millionth of it is left for rounding,
    so a break passed over is one whose line _try_break finds too short as well."""
    widths, stretches, glyphs = sums.width, sums.stretch, sums.glyphs
    expansion, ragged = sums.flex.expansion, sums.flex.ragged
    slack = sums.widest_break * (1 + tolerance * expansion) + tolerance * ragged
    earliest = math.inf
    for group in groups[:2]:
        node = group[0]
        start = node.start
        reach = widths[start] + tolerance * (stretches[start] + expansion * glyphs[start])
        earliest = min(earliest, reach + measures[node.position >= 0] - slack)
        if node.position >= 0:
            break
    return earliest - 1e-6 * (1 + abs(earliest))


# (items, settings, best node) of the last unconstrained search; the items are kept
# alive with it, so their identity cannot be taken by another list
_last_best: list[Any] = []


def _breaks(best: _Node) -> list[int]:
    """The item indices of the breaks on the way to ``best``, in order."""
    positions = []
    node: _Node | None = best
    while node is not None and node.position >= 0:
        positions.append(node.position)
        node = node.previous
    return positions[::-1]


def break_greedily(items: Sequence[Item], measure: float, flex: Flex = RIGID,
                   first_measure: float | None = None, tolerance: float = 1.0) -> list[Broken]:
    """First fit: each line takes as much as fits. The last resort, in linear time, for a
    paragraph no total-fit setting keeps within bounds (long URLs, a very narrow measure).

    A line ends at the last place that fits where its spaces stay within ``tolerance`` (as
    break_lines counts it): an ordinary break if one will do, else after a one-letter word
    (KEEP_PENALTY), else after any letter (LETTER_PENALTY); only if none will, at the last
    place that fits at all. So a first-fit line is as full as the items allow, and its
    spaces within bounds wherever a letter can be moved up to fill it."""
    sums = Sums(items, flex)
    measures = (measure if first_measure is None else first_measure, measure)
    chain: list[int] = []
    start = 0
    last = [-1, -1, -1]  # the last break that fits: ordinary, or after a one-letter word, any
    for i in range(len(items)):
        if not legal_break(items, i):
            continue
        item = items[i]
        natural, glyphs, _, shrink = sums.line(items, start, i)
        if natural - shrink - glyphs * flex.expansion > measures[bool(chain)] and last[2] >= 0:
            end = _fullest(items, sums, start, last, measures[bool(chain)], tolerance)
            chain.append(end)
            start, last = sums.after(items, end), [-1, -1, -1]
        for level in range(_level(item), 3):
            last[level] = i
        if isinstance(item, Penalty) and item.cost <= -INF:
            chain.append(i)
            start, last = sums.after(items, i), [-1, -1, -1]
    node: _Node | None = _Node(-1, 0, 0, 1, 0.0, False, None)
    start = 0
    for k, position in enumerate(chain):
        low, high = _greedy_scales(sums.line(items, start, position), measures[k > 0],
                                   flex.expansion, k == len(chain) - 1)
        start = sums.after(items, position)
        node = _Node(position, start, 0, 1, 0.0, False, node, low, high)
    assert node is not None
    return _lines(items, node, sums, measures, greedy=True)


def _level(item: Item) -> int:
    """0 for an ordinary break, 1 after a one-letter word, 2 after any letter."""
    cost = item.cost if isinstance(item, Penalty) else 0.0
    return 2 if cost >= LETTER_PENALTY else int(cost >= KEEP_PENALTY)


def _fullest(items: Sequence[Item], sums: Sums, start: int, last: list[int], measure: float,
             tolerance: float) -> int:
    """Where a first-fit line from ``start`` ends, given the last break that fits at each
    level: the most ordinary one whose line needs its spaces stretched no further than
    ``tolerance``, or else the last that fits."""
    for end in last:
        if end < 0:
            continue
        natural, glyphs, stretch, _ = sums.line(items, start, end)
        if measure - natural <= stretch * tolerance + glyphs * sums.flex.expansion + 1e-9:
            return end
    return last[2]


def _greedy_scales(line: tuple[float, float, float, float], measure: float, expansion: float,
                   last: bool) -> tuple[float, float]:
    """The glyph scales a first-fit line can take with its spaces within their bounds; for a
    line that cannot keep them there, the scale that comes nearest (the glyphs' bound)."""
    low, high = reach(line, measure, expansion, last, None)
    if low > high:
        low = high = min(max(low, 1 - expansion), 1 + expansion)
    return low, high


def _ratio(natural: float, glyphs: float, stretch: float, shrink: float, measure: float,
           expansion: float) -> float:
    """The adjustment ratio: at ±1 both the spaces and the glyphs are at their bound."""
    gap = measure - natural
    if gap > 0:
        give = stretch + glyphs * expansion
        return gap / give if give > 0 else (0.0 if gap < 1e-6 else 1e9)
    if gap < 0:
        give = shrink + glyphs * expansion
        return gap / give if give > 0 else (0.0 if gap > -1e-6 else -1e9)
    return 0.0


def _try_break(items: Sequence[Item], i: int, active: list[tuple[_Node, ...]], sums: Sums,
               measures: tuple[float, float], tolerance: float,
               guide: looseness.Guide | None, strict: bool = True,
               hyphen_run: int = MAX_HYPHENS_IN_A_ROW) -> list[tuple[_Node, ...]]:
    item = items[i]
    penalty = item.cost if isinstance(item, Penalty) else 0.0
    flagged = isinstance(item, Penalty) and item.flagged
    forced = penalty <= -INF
    kept: list[tuple[_Node, ...]] = []
    best: dict[tuple[int, int, int], list[_Way]] = {}
    expansion = sums.flex.expansion
    # Sums.line, inlined: this loop runs for every active break at every legal break
    extra = sums.break_width(item) - hang_right(items, i)
    width, glyphs_end = sums.width[i] + extra, sums.glyphs[i] + extra
    stretch_end, shrink_end = sums.stretch[i] + sums.flex.ragged, sums.shrink[i]
    hangs, widths, glyph_sums = sums.hang_left, sums.width, sums.glyphs
    stretches, shrinks = sums.stretch, sums.shrink
    for k, group in enumerate(active):
        first = group[0]  # the nodes of a group differ only in what led to their break
        start = first.start
        hang = hangs[start]
        natural, glyphs = width - widths[start] - hang, glyphs_end - glyph_sums[start] - hang
        stretch, shrink = stretch_end - stretches[start], shrink_end - shrinks[start]
        measure = measures[first.position >= 0]
        gap = measure - natural
        if gap > 0:  # _ratio, inlined for the common case of a line still too short
            give = stretch + glyphs * expansion
            ratio = gap / give if give > 0 else (0.0 if gap < 1e-6 else 1e9)
            if ratio > tolerance:
                if forced:
                    continue
                if first.position < 0:
                    kept.append(group)
                    continue
                # The groups come in the order of their breaks, and all but the paragraph's
                # start share a measure: each later one starts its line further on (past a
                # box wider than its hang), so its line is shorter and gives less, and is
                # too short as well. They are kept, and their lines not worked out.
                kept += active[k:]
                break
        else:
            ratio = _ratio(natural, glyphs, stretch, shrink, measure, expansion)
            if ratio < -1:
                continue  # too long: so is every line from this group's break on
        if not forced:
            kept.append(group)
        # beyond a tolerance of 1 (the last resort before first fit) the spaces stretch further
        line = (natural, glyphs, stretch * max(tolerance, 1.0), shrink)
        _extend(best, group, line, measure, ratio, penalty, flagged, forced, guide, i, strict,
                expansion, hyphen_run)
    if not best:  # most breaks: no line ends here within bounds
        return kept
    start = sums.after(items, i)
    enough = 1 + expansion - _step(strict, expansion)
    made = [_Node(i, start, node.line + 1, fitness, total, flagged, node, low, high, run)
            for fitness, total, node, low, high, run in _undominated(best, enough)]
    if made:
        kept.append(tuple(made))
    return kept


# A way to reach a break: its demerits, the node it follows, and the glyph scales its line
# can take.
_Way = tuple[float, _Node, float, float]


def _extend(best: dict[tuple[int, int, int], list[_Way]],
            group: tuple[_Node, ...], line: tuple[float, float, float, float], measure: float,
            ratio: float, penalty: float, flagged: bool, forced: bool,
            guide: looseness.Guide | None, i: int, strict: bool, expansion: float,
            hyphen_run: int = MAX_HYPHENS_IN_A_ROW) -> None:
    """Record in ``best`` the cheapest way to break at ``i`` after each node of ``group``
    (a feasible line from their break), one for each fitness, line count and hyphen run.
    What depends on the line alone (its fitness, demerits and scales) is worked out once."""
    fitness = _fitness(ratio)
    demerits = _demerits(ratio, penalty, False, None)
    if forced and line[0] < SHORT_LAST_LINE * measure:
        demerits += SHORT_LAST_LINE_DEMERITS
    own = own_reach(line, measure, expansion)
    step = _step(strict, expansion)
    done, low_band, high_band = (guide.lines[i], guide.low, guide.high) if guide else (0, 0, 0)
    # within(), inlined for the common case of a line that follows another and scales
    narrow = own is not None and group[0].position >= 0
    own_low, own_high = own if own is not None else (1.0, 1.0)
    for node in group:
        if guide is not None and not low_band <= node.line + 1 - done <= high_band:
            continue
        run = min(node.run + 1, hyphen_run + 1) if flagged else 0
        # never a hyphen on a paragraph's last full line, nor three in a row
        if strict and (run > hyphen_run or (forced and node.flagged)):
            continue
        if not narrow:
            low, high = within(own, (node.low, node.high) if node.position >= 0 else None,
                               forced, expansion, step)
        elif forced:
            low, high = node.low, own_high if own_high < node.high else node.high
        else:
            low, high = node.low - step, node.high + step
            low, high = own_low if own_low > low else low, own_high if own_high < high else high
        if low > high + 1e-9:
            continue
        if flagged and node.flagged:
            total = node.demerits + (demerits + DOUBLE_HYPHEN_DEMERITS)
        else:
            total = node.demerits + demerits
        if abs(fitness - node.fitness) > 1:
            total += FITNESS_DEMERITS
        key = (fitness, node.line + 1 if guide is not None else 0, run)
        ways = best.get(key)
        if ways is None:  # the common case: the first way with this key
            best[key] = [(total, node, low, high)]
        else:
            _keep(ways, (total, node, low, high), 1 + expansion - step)


def _keep(ways: list[_Way], way: _Way, enough: float) -> None:
    """Add ``way`` to the ways of reaching a break with the same key, unless one of them
    is as cheap and allows every scale it does; drop those it is as good as. Keeping only
    the cheapest would lose settings: a dearer way whose line can take more scales may be
    the only one the next line can follow within NEIGHBOUR_STEP.

    Scales up to ``enough`` (the expansion's bound less one step) are all a line above
    needs to offer: the next line reaches its own upper bound from there, and a last line
    needs only the lower end of the range above it."""
    total, _, low, high = way
    high = min(high, enough)
    for other in ways:
        if other[0] <= total and other[2] <= low and min(other[3], enough) >= high:
            return
    ways[:] = [w for w in ways
               if not (total <= w[0] and low <= w[2] and high >= min(w[3], enough))]
    ways.append(way)


def _undominated(best: dict[tuple[int, int, int], list[_Way]], enough: float
                 ) -> list[tuple[int, float, _Node, float, float, int]]:
    """The ways to this break that another does not make useless, as (fitness, demerits,
    node, low, high, run); the others are dropped (as TeX drops nodes costing more than
    minimum_demerits + adj_demerits). What follows a break costs the same whichever node it
    follows, but for FITNESS_DEMERITS at most (the fitness step to the next line;
    DOUBLE_HYPHEN_DEMERITS depends on the break, not the node). So a node over
    FITNESS_DEMERITS dearer than another is never on the best path, provided the other
    allows everything it does: as many lines (looseness), the glyph scales it can take
    (NEIGHBOUR_STEP; up to ``enough``, as in _keep), and hyphens in a row. The dropped nodes
    keep the active list short."""
    if len(best) == 1:  # most breaks: one way alone, nothing to compare
        ((fitness, _, run), at_key), = best.items()
        if len(at_key) == 1:
            total, node, low, high = at_key[0]
            return [(fitness, total, node, low, high, run)]
    ways = sorted(((total, fitness, count, run, low, high, node)
                   for (fitness, count, run), at_key in best.items()
                   for total, node, low, high in at_key), key=lambda way: way[0])
    kept: list[tuple[float, int, int, float, float]] = []  # (total, count, run, low, high)
    out: list[tuple[int, float, _Node, float, float, int]] = []
    for total, fitness, count, run, low, high, node in ways:
        # A way dropped for another is dropped for whatever drops that one, so the kept
        # ways are all that need comparing.
        reach = min(high, enough)
        if not _dropped(kept, total, count, run, low, reach):
            kept.append((total, count, run, low, reach))
            out.append((fitness, total, node, low, high, run))
    return out


def _dropped(kept: list[tuple[float, int, int, float, float]], total: float, count: int,
             run: int, low: float, reach: float) -> bool:
    """Whether a way of these demerits, lines, hyphen run and scales is dropped for one of
    ``kept`` (in order of demerits): one over FITNESS_DEMERITS cheaper that allows as much."""
    for total2, count2, run2, low2, high2 in kept:
        if total2 + FITNESS_DEMERITS >= total:
            return False  # the rest are dearer still
        if count2 == count and run2 <= run and low2 <= low and high2 >= reach:
            return True
    return False


def _demerits(ratio: float, penalty: float, flagged: bool, node: _Node | None) -> float:
    """The demerits of a line; ``node`` None: without those of hyphens in a row."""
    demerits = (LINE_PENALTY + 100 * abs(ratio) ** 3) ** 2
    if penalty >= 0:
        demerits += penalty**2
    elif penalty > -INF:
        demerits -= penalty**2
    if flagged and node is not None and node.flagged:
        demerits += DOUBLE_HYPHEN_DEMERITS
    return demerits


def _lines(items: Sequence[Item], best: _Node, sums: Sums, measures: tuple[float, float],
           greedy: bool = False, step: float = NEIGHBOUR_STEP) -> list[Broken]:
    chain: list[_Node] = []
    node: _Node | None = best
    while node is not None and node.position >= 0:
        chain.append(node)
        node = node.previous
    chain.reverse()
    shapes, start = [], 0
    for k, node in enumerate(chain):
        line = sums.line(items, start, node.position)
        shapes.append((start, line, _ratio(*line, measures[k > 0], sums.flex.expansion)))
        start = sums.after(items, node.position)
    fits = [Fit(line[1], line[0] - line[1], measures[k > 0], node.low, node.high)
            for k, ((_, line, _), node) in enumerate(zip(shapes, chain, strict=True))]
    scales = choose_scales(fits, sums.flex.expansion, greedy, step)
    lines = []
    texts = sums.texts(items)
    for k, (node, (first, line, ratio)) in enumerate(zip(chain, shapes, strict=True)):
        end = node.position
        brk = items[end]
        hyphen = isinstance(brk, Penalty) and brk.piece is not None and brk.cost > -INF
        body = tuple(items[first:end]) + ((brk,) if hyphen else ())
        left, right = hang_left(items, first), hang_right(items, end)
        runs = texts.runs(first, end, brk.piece if hyphen else None)
        lines.append(Broken(body, ratio, line[0] + left + right, hyphen, k == len(chain) - 1,
                            runs, scales[k], left, right))
    return lines


def forget() -> None:
    """Empty the sums kept of items already broken and the last search's best node (see
    paragraph.forget)."""
    _last_best.clear()
    items_cache_clear()
