"""The fewest hyphens each body paragraph can be set with, and what each bound costs.

Issue 12 asks for word spaces within 0.80-1.30 of natural, glyph scaling within ±2 %,
neighbouring lines at most 1 % apart, and no more hyphens than LuaLaTeX with microtype sets.
Where a paragraph cannot have all of it, the note must say which bound gives. This finds out
by exhaustive search, independently of the breaker's own search and demerits: for every body
paragraph of every letter in source/, the fewest added hyphens any setting within the bounds
needs, next to the hyphens letterpress sets, and the fewest with LuaLaTeX's looser spaces
(0.67-1.57: TeX's shrink of a third of a space, and the widest space it set on the Russian
letter) or without the neighbour rule.

    python bench/hyphens.py   (which runs main() here)

tests/layout/test_fewest_hyphens.py uses ``fewest_hyphens`` to check that the breaker sets
no hyphen a paragraph could do without.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from letterpress.layout import linebreak as lb
from letterpress.layout.items import Sums

REPO = Path(__file__).resolve().parents[2]
FILL = 1e5  # a glue stretching further than this fills a paragraph's last line


@dataclass(frozen=True, slots=True)
class Bounds:
    """What a setting may do: spaces from ``low`` to ``high`` times natural, glyphs within
    ``expansion``, neighbouring lines within ``step``, at most ``run`` hyphenated lines in a
    row (two: the rule; three: what a paragraph that cannot keep it gives first)."""

    low: float = 1 - lb.SHRINK
    high: float = 1 + lb.STRETCH
    expansion: float = lb.EXPANSION
    step: float = 0.01
    run: int = 2


OURS = Bounds()
TEX_SPACES = Bounds(low=2 / 3, high=1.57)
THIRD_HYPHEN = Bounds(run=3)
NO_STEP = Bounds(step=2 * lb.EXPANSION)


def respaced(items: Sequence[lb.Item], bounds: Bounds) -> list[lb.Item]:
    """The items with every word space stretching and shrinking as ``bounds`` allow."""
    return [replace(item, stretch=item.width * (bounds.high - 1),
                    shrink=item.width * (1 - bounds.low))
            if isinstance(item, lb.Glue) and 0 < item.stretch < FILL else item
            for item in items]


@dataclass(frozen=True, slots=True)
class _State:
    hyphens: int
    run: int  # flagged breaks in a row, ending here
    low: float  # the glyph scales the line ending here can take
    high: float

    def covers(self, other: _State) -> bool:
        return (self.hyphens <= other.hyphens and self.run <= other.run
                and self.low <= other.low + 1e-12 and self.high >= other.high - 1e-12)


def fewest_hyphens(items: Sequence[lb.Item], measure: float, bounds: Bounds = OURS) -> int | None:
    """The fewest added hyphens of any setting of ``items`` (ending in a forced break) in
    which every line keeps its spaces and glyph scale within ``bounds``, each line's scale is
    within ``bounds.step`` of the line above, the last line takes the scale of the line
    above, no more than ``bounds.run`` flagged breaks come in a row, and the last full line is
    not flagged.
    None if there is no such setting. Exhaustive: every legal break, every way to reach it
    that no other way covers (as few hyphens, as short a run, as wide a range of scales)."""
    items = respaced(items, bounds)
    e = bounds.expansion
    sums = Sums(items, lb.Flex(expansion=e))
    states: dict[int, list[_State]] = {-1: [_State(0, 0, 1 - e, 1 + e)]}
    for end, item in enumerate(items):
        if not lb.legal_break(items, end):
            continue
        forced = isinstance(item, lb.Penalty) and item.cost <= -lb.INF
        flagged = isinstance(item, lb.Penalty) and item.flagged
        added = isinstance(item, lb.Penalty) and item.piece is not None and not forced
        reached: list[_State] = []
        for before in list(states):
            natural, g, give_up, give_down = sums.line(items, sums.after(items, before), end)
            spaces = natural - g
            if g * (1 - e) + spaces - give_down > measure + 20:
                del states[before]  # this line, and every longer one, is too long
                continue
            own = _scales(g, spaces, give_up, give_down, measure, e)
            for state in states[before]:
                run = state.run + 1 if flagged else 0
                if run > bounds.run or (forced and state.run):
                    continue
                low, high = _narrowed(own, state, before < 0, forced, bounds.step)
                if low <= high + 1e-9:
                    reached.append(_State(state.hyphens + added, run, low, high))
        if forced:
            return min((s.hyphens for s in reached), default=None)
        if reached:
            states[end] = _pareto(reached)
    return None


def _scales(g: float, spaces: float, up: float, down: float, measure: float,
            e: float) -> tuple[float, float]:
    """The glyph scales with which a line fills ``measure``, its spaces within bounds."""
    if g <= 0:
        return (1.0, 1.0) if spaces - down <= measure <= spaces + up else (1.0, 0.0)
    return max(1 - e, (measure - spaces - up) / g), min(1 + e, (measure - spaces + down) / g)


def _narrowed(own: tuple[float, float], above: _State, first: bool, last: bool,
              step: float) -> tuple[float, float]:
    low, high = own
    if first:
        return low, high
    if last:  # the last line takes the scale of the line above (it may always fill less)
        return above.low, min(high, above.high)
    return max(low, above.low - step), min(high, above.high + step)


def _pareto(states: list[_State]) -> list[_State]:
    kept: list[_State] = []
    for state in sorted(states, key=lambda s: (s.hyphens, s.run, s.low, -s.high)):
        if not any(k.covers(state) for k in kept):
            kept.append(state)
    return kept


def body_paragraphs(source: Path, typeface: str = "serif"
                    ) -> tuple[str, list[tuple[str, list[lb.Item], int]]]:
    """A letter's language and, for each body paragraph set in ``typeface``: its first
    words, its items, and the hyphens the breaker sets in it."""
    from letterpress.content import fields
    from letterpress.fonts import load_fonts, style_of
    from letterpress.layout.geometry import BODY_SIZE, frame_for
    from letterpress.layout.paragraph import StyledText, build_items, set_paragraph
    from letterpress.pipeline import load
    from letterpress.world import World

    fonts = load_fonts(typeface=typeface)
    letter = load(source, World(load_fonts())).letter
    measure = frame_for(letter.paper).measure
    out = []
    for field in fields(letter):
        if field.kind != "paragraph":
            continue
        spans = [StyledText(s.text, style_of(s.bold, s.italic), BODY_SIZE, s.href)
                 for s in field.spans]
        items = build_items(spans, fonts, letter.language, measure, True, True)
        lines = set_paragraph(spans, fonts, letter.language, measure) or []
        out.append((" ".join(field.text.split()[:3]), items,
                    sum(ln.hyphenated for ln in lines)))
    return letter.language, out


def main() -> None:
    from letterpress.layout.geometry import frame_for

    measure = frame_for("a4").measure
    print("fewest added hyphens each body paragraph can be set with (exhaustive search)")
    print("  ours: spaces 0.80-1.30, glyphs ±2 %, step 1 %; tex spaces: 0.67-1.57, step 1 %;")
    print("  no step: spaces 0.80-1.30, glyphs ±2 %, any step")
    print(f"  {'paragraph':<34} {'set':>4} {'ours':>5} {'tex spaces':>11} {'no step':>8}")
    from . import SOURCE_LETTERS

    for source in SOURCE_LETTERS:
        _, paragraphs = body_paragraphs(source)
        totals = [0, 0, 0, 0]
        print(f" {source.name}")
        for words, items, set_ in paragraphs:
            row = [set_] + [fewest_hyphens(items, measure, b) or 0
                            for b in (OURS, TEX_SPACES, NO_STEP)]
            totals = [t + r for t, r in zip(totals, row, strict=True)]
            print(f"  {words[:34]:<34} {row[0]:>4} {row[1]:>5} {row[2]:>11} {row[3]:>8}")
        print(f"  {'total':<34} {totals[0]:>4} {totals[1]:>5} {totals[2]:>11} {totals[3]:>8}")
    print("  LuaLaTeX + microtype: sample 0 hyphens (widest space 1.30), Russian letter 16 "
          "(widest 1.57)")


if __name__ == "__main__":
    sys.exit(main())
