"""What the line breaker works on: boxes, glue and penalties, and a line's totals.

A paragraph becomes a list of items (Knuth & Plass): boxes (word pieces), glue (word spaces
that stretch and shrink) and penalties (places to break that cost something). Prefix sums
give any line's natural width, glyph width, stretch and shrink in O(1); punctuation that
hangs into the margin is left out of both widths.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from .boxes import Run

INF = 10_000  # a penalty of INF forbids a break, -INF forces one (as in TeX)


# A piece of text in one style (what a box, glue or hyphen draws) is a run of the page.
Piece = Run


@dataclass(frozen=True, slots=True)
class Box:
    width: float
    piece: Piece
    # How far the first and last glyph hang into the left and right margin when the box
    # starts or ends a line (optical margin alignment): points at natural width.
    hang_left: float = 0.0
    hang_right: float = 0.0


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
    hang: float = 0.0  # how far that piece hangs into the right margin (a hyphen: about half)


Item = Box | Glue | Penalty


@dataclass(frozen=True, slots=True)
class Flex:
    """How a line may be adjusted besides its spaces' own stretch and shrink.

    ``expansion`` is how far glyphs may widen or narrow (a fraction of their width); with
    the spaces they take a line's adjustment ratio from -1 to 1. How the two share it is
    chosen afterwards for the whole paragraph (scaling.choose_scales).
    ``ragged`` is stretch every line has besides (ragged-right setting).
    """

    expansion: float = 0.0
    ragged: float = 0.0


RIGID = Flex()


@dataclass(frozen=True, slots=True)
class Broken:
    """One line as chosen by the breaker: its items and how much its spaces stretch."""

    items: tuple[Item, ...]
    ratio: float  # adjustment ratio r; >0 stretched, <0 shrunk
    natural: float  # natural width including a trailing hyphen
    hyphenated: bool
    last: bool  # the last line of the paragraph
    runs: tuple[Run, ...]  # what it draws: its pieces merged into runs of one style (Texts)
    scale: float = 1.0  # glyph width factor (font expansion)
    hang_left: float = 0.0  # points the first glyph hangs into the left margin, unscaled
    hang_right: float = 0.0  # and the last one into the right margin


def legal_break(items: Sequence[Item], i: int) -> bool:
    """Whether a line may end at ``items[i]``: a penalty below INF, or glue after a box."""
    item = items[i]
    if isinstance(item, Penalty):
        return item.cost < INF
    return isinstance(item, Glue) and i > 0 and isinstance(items[i - 1], Box)


_CACHE: dict[tuple[int, Flex], tuple[Sequence[Item], Sums]] = {}


def sums_of(items: Sequence[Item], flex: Flex) -> Sums:
    """The prefix sums of ``items``, kept while they are set again (pagination's tighter
    and looser settings of a paragraph break the same items)."""
    cached = _CACHE.get((id(items), flex))
    if cached is not None and cached[0] is items:
        return cached[1]
    if len(_CACHE) > 64:
        _CACHE.clear()
    sums = Sums(items, flex)
    _CACHE[(id(items), flex)] = (items, sums)
    return sums


def forget() -> None:
    """Empty the sums kept (see paragraph.forget)."""
    _CACHE.clear()


class Sums:
    """Prefix sums of width, glyph width and the spaces' stretch and shrink: a line's totals
    in O(1). Glyphs (boxes and a trailing hyphen) are what font expansion scales."""

    def __init__(self, items: Sequence[Item], flex: Flex) -> None:
        w, g, y, z = [], [], [], []
        self.breaks: list[int] = []  # where a line may end (legal_break), in order
        self.widest_break = 0.0  # the widest thing drawn at a break (a hyphen)
        self.forced: int | None = None  # the first forced break, as an index of breaks
        box = False  # whether the item before is a box
        # ``type(item) is``, not isinstance: the items are of these three classes alone, and
        # this loop runs over every item of every paragraph set
        for i, item in enumerate(items):
            if type(item) is Box:
                w.append(item.width)
                g.append(item.width)
                y.append(0.0)
                z.append(0.0)
                box = True
                continue
            if type(item) is Glue:
                w.append(item.width)
                g.append(0.0)
                y.append(item.stretch)
                z.append(item.shrink)
                if box:
                    self.breaks.append(i)
            elif type(item) is Penalty:
                w.append(0.0)
                g.append(0.0)
                y.append(0.0)
                z.append(0.0)
                if item.cost < INF:
                    if item.cost <= -INF and self.forced is None:
                        self.forced = len(self.breaks)
                    self.breaks.append(i)
                    self.widest_break = max(self.widest_break, item.width)
            else:
                raise TypeError(f"not a box, glue or penalty: {item!r}")
            box = False
        self.width, self.glyphs, self.stretch, self.shrink = (
            list(accumulate(values, initial=0.0)) for values in (w, g, y, z))
        self.flex = flex
        self.hang_left = [item.hang_left if type(item) is Box else 0.0 for item in items]
        self.hang_left.append(0.0)
        self._texts: Texts | None = None
        # how far a line reaches at each break, by tolerance (linebreak._ahead)
        self.reaches: dict[float, list[float]] = {}

    def texts(self, items: Sequence[Item]) -> Texts:
        """The text ``items`` draw (the items these sums are of), made on first use: the
        runs of every line of a setting come from it."""
        if self._texts is None:
            self._texts = Texts(items)
        return self._texts

    def line(self, items: Sequence[Item], start: int,
             end: int) -> tuple[float, float, float, float]:
        """Natural width, glyph width, stretch and shrink of a line from ``start`` to a
        break at ``end``, its hanging punctuation left out of both widths."""
        item = items[end]
        hang = hang_left(items, start) + hang_right(items, end)
        extra = self.break_width(item) - hang
        natural = self.width[end] - self.width[start] + extra
        glyphs = self.glyphs[end] - self.glyphs[start] + extra
        stretch = self.stretch[end] - self.stretch[start] + self.flex.ragged
        return natural, glyphs, stretch, self.shrink[end] - self.shrink[start]

    def break_width(self, item: Item) -> float:
        return item.width if isinstance(item, Penalty) else 0.0

    def after(self, items: Sequence[Item], position: int) -> int:
        """First index after a break at ``position`` (glue and penalties there vanish)."""
        j = position + 1
        while j < len(items) and not isinstance(items[j], Box):
            if isinstance(items[j], Penalty) and items[j].cost <= -INF:  # type: ignore[union-attr]
                break
            j += 1
        return j


Style = tuple[str, float, str | None]  # a run's style, size and link


class Texts:
    """What a paragraph's items draw, made once a paragraph: the text of its boxes and glue
    one after the other, where each item's text starts in it, and where the style changes.
    A line's runs (its pieces merged into runs of one style, size and link) are then a
    slice of the text a style, not a merge of its pieces."""

    def __init__(self, items: Sequence[Item]) -> None:
        # a penalty draws nothing, unless a line breaks at its hyphen (see runs)
        texts = ["" if isinstance(item, Penalty) else item.piece.text for item in items]
        self.text = "".join(texts)
        self.at = list(accumulate(map(len, texts), initial=0))
        self.changes: list[int] = []  # the items that draw text in a style new from the last
        self.styles: list[Style] = []  # the style from each of them on
        last: Style | None = None
        for i, text in enumerate(texts):
            if text:
                piece = items[i].piece
                assert piece is not None  # a box's or glue's
                style = (piece.style, piece.size, piece.href)
                if style != last:
                    self.changes.append(i)
                    self.styles.append(style)
                    last = style

    def runs(self, first: int, end: int, hyphen: Piece | None) -> tuple[Run, ...]:
        """The runs of the line of items ``first`` to ``end`` (the break, not drawn), then
        ``hyphen`` if the line breaks at an added hyphen: pieces of one style merged."""
        changes, at, text = self.changes, self.at, self.text
        runs = []
        k = max(bisect_right(changes, first) - 1, 0)  # the style in force at ``first``
        while k < len(changes) and changes[k] < end:
            upto = changes[k + 1] if k + 1 < len(changes) and changes[k + 1] < end else end
            drawn = text[at[max(first, changes[k])]:at[upto]]
            if drawn:
                runs.append(Run(drawn, *self.styles[k]))
            k += 1
        if hyphen is not None and hyphen.text:
            last = runs[-1] if runs else None
            if last is not None and (last.style, last.size, last.href) == \
                    (hyphen.style, hyphen.size, hyphen.href):
                runs[-1] = Run(last.text + hyphen.text, last.style, last.size, last.href)
            else:
                runs.append(Run(hyphen.text, hyphen.style, hyphen.size, hyphen.href))
        return tuple(runs)


def hang_left(items: Sequence[Item], start: int) -> float:
    """How far a line starting at ``start`` hangs into the left margin."""
    item = items[start] if start < len(items) else None
    return item.hang_left if isinstance(item, Box) else 0.0


def hang_right(items: Sequence[Item], end: int) -> float:
    """How far a line broken at ``end`` hangs into the right margin: its hyphen's share, or
    the last glyph's of the word before the break."""
    item = items[end]
    if isinstance(item, Penalty) and item.piece is not None:
        return item.hang if item.cost > -INF else 0.0
    if isinstance(item, Penalty) and item.cost <= -INF:
        # a paragraph's end: the word before its closing glue (a last line that had to
        # shrink is set to the measure, and hangs like any other)
        while end > 0 and not isinstance(items[end - 1], Box):
            end -= 1
    before = items[end - 1] if end > 0 else None
    return before.hang_right if isinstance(before, Box) else 0.0
