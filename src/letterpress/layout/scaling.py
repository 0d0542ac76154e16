"""How each line of a paragraph shares its adjustment between its spaces and its glyphs.

Breaking decides how much a line must stretch or shrink. Within the bounds (spaces 0.80-1.30
of natural, glyphs within the expansion) a line can take that with wider spaces or with wider
glyphs; the choice is made here for the whole paragraph at once, so that neighbouring lines
differ in glyph scaling by at most NEIGHBOUR_STEP (a wide line over a narrow one shows as a
change of colour) and the last line takes the scale of the line above it.

The breaker guarantees that a choice exists: each line's range (``Fit.low`` to ``Fit.high``)
is what it can take given the lines before it. Among the choices, the one kept favours
scales near 1, spaces near natural and small steps; where neighbours must be brought
together, scales are multiples of 1/500 where the ranges allow.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

NEIGHBOUR_STEP = 0.01
GRID = 0.002
SPACE_SPREAD = 0.25  # a space this far from natural costs as much as a glyph scale at its bound
STEP_WEIGHT = 0.5  # a step of NEIGHBOUR_STEP costs this much


@dataclass(frozen=True, slots=True)
class Fit:
    """What a line must fill and the scales it can take."""

    glyphs: float  # natural width of what scales with the glyphs (hanging parts left out)
    spaces: float  # natural width of the spaces
    measure: float
    low: float
    high: float


def reach(line: tuple[float, float, float, float], measure: float, expansion: float,
          last: bool, above: tuple[float, float] | None,
          step: float = NEIGHBOUR_STEP) -> tuple[float, float]:
    """The glyph scales a line can take: within ``expansion``, with its spaces within their
    bounds, and within ``step`` of a scale the line above can take (``above``, None for a
    paragraph's first line). A paragraph's last line takes the scale of the line above; it
    may only shrink its spaces (or is ragged). ``line`` is the breaker's natural width,
    glyph width, and the spaces' stretch and shrink. An empty range: low > high."""
    return within(own_reach(line, measure, expansion), above, last, expansion, step)


def own_reach(line: tuple[float, float, float, float], measure: float,
              expansion: float) -> tuple[float, float] | None:
    """The scales a line can take by itself, whatever the line above (None: only 1, a line
    without glyphs or expansion). The breaker works this out once for all the nodes it may
    follow, and narrows it to each with ``within``."""
    natural, glyphs, stretch, shrink = line
    if expansion == 0 or glyphs <= 0:
        return None
    spaces = natural - glyphs
    high = min(1 + expansion, (measure - spaces + shrink) / glyphs)
    return max(1 - expansion, (measure - spaces - stretch) / glyphs), high


def within(own: tuple[float, float] | None, above: tuple[float, float] | None, last: bool,
           expansion: float, step: float = NEIGHBOUR_STEP) -> tuple[float, float]:
    """``own`` (see own_reach) narrowed to the line above's scales, as reach describes."""
    if own is None:
        return 1.0, 1.0
    low, high = own
    if last:
        return (1 - expansion, high) if above is None else (above[0], min(high, above[1]))
    if above is None:
        return low, high
    return max(low, above[0] - step), min(high, above[1] + step)


def choose_scales(fits: Sequence[Fit], expansion: float, greedy: bool = False,
                  step: float = NEIGHBOUR_STEP) -> list[float]:
    """One glyph scale per line, neighbours at most ``step`` apart. ``greedy`` lines (the
    emergency pass) have no neighbours' ranges: each takes its own best scale within its
    range, the last line that of the line above if its range allows."""
    if not fits or expansion == 0:
        return [1.0] * len(fits)
    if greedy:
        scales = [_clamp(_ideal(f, expansion), f.low, f.high) for f in fits[:-1]]
        last = fits[-1]  # as in a total-fit setting, the last line takes the scale above
        return [*scales, _clamp(scales[-1] if scales else 1.0, last.low, last.high)]
    if len(fits) == 1:
        return [_clamp(1.0, fits[0].low, fits[0].high)]
    # The last line copies the line above, so the two are chosen as one, from the last
    # line's range (which the breaker already narrowed to the line above's).
    body = list(fits[:-1])
    domains = [(f.low, f.high) for f in body[:-1]] + [(fits[-1].low, fits[-1].high)]
    targets = [_clamp(_ideal(f, expansion), lo, hi) for f, (lo, hi) in zip(body, domains,
                                                                           strict=True)]
    if all(abs(b - a) <= step + 1e-12 for a, b in zip(targets, targets[1:], strict=False)):
        scales = targets
    else:
        scales = _smoothest(body, domains, expansion, step)
    return [*scales, scales[-1]]


def _ideal(fit: Fit, expansion: float) -> float:
    """The scale minimising ((s - 1) / expansion)^2 + ((q - 1) / SPACE_SPREAD)^2, where q is
    the space factor the line then needs: q = (measure - s * glyphs) / spaces."""
    if fit.glyphs <= 0:
        return 1.0
    if fit.spaces <= 0:
        return fit.measure / fit.glyphs
    a = fit.glyphs / fit.spaces
    u, v = 1 / expansion**2, a / SPACE_SPREAD**2
    return (u + v * (fit.measure / fit.spaces - 1)) / (u + v * a)


def _cost(fit: Fit, scale: float, expansion: float) -> float:
    cost = ((scale - 1) / expansion) ** 2
    if fit.spaces > 0:
        cost += ((fit.measure - scale * fit.glyphs) / fit.spaces - 1) ** 2 / SPACE_SPREAD**2
    return cost


def _candidates(low: float, high: float) -> list[float]:
    first, last = int(-(-low // GRID)), int(high // GRID)
    grid = [k * GRID for k in range(first, last + 1) if low - 1e-12 <= k * GRID <= high + 1e-12]
    return sorted({low, high, *grid})


def _smoothest(body: Sequence[Fit], domains: Sequence[tuple[float, float]],
               expansion: float, step: float) -> list[float]:
    """Dynamic programming over candidate scales: every candidate of a line has one within
    ``step`` on the line before (each range reaches back to the one before it).

    A candidate comes from the cheapest way there: the least cost of a candidate above plus
    the step's, the first such candidate on a tie. The candidates above are tried cheapest
    first, and none costing more than the best way so far is tried: its step's cost is never
    below nothing, so the best and the first on a tie are as trying them all finds."""
    states = [(_cost(body[0], s, expansion), s, -1) for s in _candidates(*domains[0])]
    table = [states]
    for fit, domain in zip(body[1:], domains[1:], strict=True):
        row = []
        before = table[-1]
        scales = [p for _, p, _ in before]
        cheapest = sorted(range(len(before)), key=lambda k: before[k][0])
        for s in _candidates(*domain):
            first = bisect_left(scales, s - step - 1e-9)
            last = bisect_right(scales, s + step + 1e-9)
            if first < last:
                cost, back = math.inf, -1
                for k in cheapest:
                    above, scale, _ = before[k]
                    if above > cost:
                        break
                    if first <= k < last:
                        way = above + STEP_WEIGHT * ((s - scale) / step) ** 2
                        if way < cost or (way == cost and (back < 0 or k < back)):
                            cost, back = way, k
                row.append((cost + _cost(fit, s, expansion), s, back))
        table.append(row)
    _, scale, back = min(table[-1])
    scales = [scale]
    for row in reversed(table[:-1]):
        _, scale, back = row[back]
        scales.append(scale)
    return scales[::-1]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))
