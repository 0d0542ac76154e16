"""The letter as a flow of units: pieces of content, each with its lines already broken.

A unit is what pagination moves as a whole; ``break_after`` says whether a page may end
after it. The rules for keeping things together live here, where the units are made:
- a paragraph breaks only where at least two lines stay on each side (no widow, no orphan);
- a signatory entry never splits;
- the closing, the signatory heading and the first two entries stay together;
- a signature block stays with the closing and at least the body's last two lines, all of it
  on one page (a block taller than a page keeps at least its first row of signers there).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..content import Field
from ..fonts import FontSet, style_of
from . import linebreak as lb
from .boxes import Line, Run
from .geometry import Frame
from .paragraph import JUSTIFIED_PASSES, StyledText, set_paragraph


@dataclass(frozen=True, slots=True)
class Placed:
    """A line of a unit: ``depth`` is its baseline below the unit's top."""

    kind: str
    path: str
    line: Line
    depth: float


@dataclass(frozen=True, slots=True)
class Unit:
    lines: tuple[Placed, ...]
    height: float
    space_before: float = 0.0
    break_after: bool = True
    rules: tuple[tuple[float, float, float], ...] = ()  # (x0, x1, depth)
    images: tuple[tuple[bytes, float, float, float, float], ...] = ()  # (data, x, depth, w, h)


def _styled(field: Field, size: float) -> list[StyledText]:
    return [StyledText(s.text, style_of(s.bold, s.italic), size, s.href) for s in field.spans]


def make_line(broken: lb.Broken, x: float, measure: float, justify: bool) -> Line:
    """A drawable line from the breaker's choice, with word spacing and expansion resolved.

    Hanging punctuation moves the line left by its first glyph's hang and lets it run on by
    its last one's, so the letters, not the punctuation, meet the margins."""
    runs = broken.runs
    spaces = sum(run.text.count(" ") for run in runs)
    scale = broken.scale
    hangs = broken.hang_left + broken.hang_right
    # A paragraph's last line keeps its natural spaces, unless it had to shrink to fit.
    justified = justify and (not broken.last or (broken.natural - hangs) * scale > measure)
    word_space = 0.0
    if justified and spaces:
        word_space = (measure / scale + hangs - broken.natural) / spaces
    elif justify and (broken.natural - hangs) * scale > measure:
        # A line without spaces (part of a long URL) can only narrow its glyphs. Hanging
        # punctuation stands beyond the measure here as on every line: a last line whose
        # letters fit keeps the scale of the line above (the breaker chose it so).
        scale = max(1 - lb.EXPANSION, measure / (broken.natural - hangs))
    return Line(x - broken.hang_left * scale, 0.0, runs, word_space, scale, broken.natural,
                spaces, justified, broken.hyphenated)


def set_lines(spans: Sequence[StyledText], fonts: FontSet, language: str, x: float,
              measure: float, justify: bool, first_indent: float = 0.0,
              line_count: int | None = None, passes: int = len(JUSTIFIED_PASSES)) -> list[Line]:
    first = measure - first_indent if first_indent else None
    broken = set_paragraph(spans, fonts, language, measure, justify, first, line_count, passes)
    return [make_line(b, x, first if k == 0 and first is not None else measure, justify)
            for k, b in enumerate(broken or ())]


@dataclass(frozen=True, slots=True)
class Breakable:
    """A paragraph a page may end inside, with other settings of it at hand.

    ``pieces`` are its lines grouped so that a page may end only between two pieces and
    never leave one line alone (no widow, no orphan). When the best setting would leave the
    foot of a page empty, ``other(count)`` sets the paragraph in ``count`` lines instead
    (within the same spacing bounds), and pagination takes whichever fills the page best.
    """

    pieces: tuple[Unit, ...]
    other: Callable[[int], tuple[Unit, ...]]

    def choose(self, available: float) -> tuple[Unit, ...]:
        best, cost = self.pieces, page_end(self.pieces, available)
        if cost == (0.0, False):
            return best
        lines = sum(len(p.lines) for p in self.pieces)
        for count in (lines + 1, lines - 1):
            pieces = self.other(count) if count > 0 else ()
            if pieces and (other := page_end(pieces, available)) < cost:
                best, cost = pieces, other
        return best


def _held(pieces: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """``pieces`` with no page break allowed after the last one."""
    if not pieces:
        return pieces
    *rest, end = pieces
    return (*rest, Unit(end.lines, end.height, end.space_before, False, end.rules))


def _passes_needed(lines: Sequence[Placed]) -> int:
    """How many of the breaker's passes a paragraph's best setting took. A tighter or looser
    setting for the page's sake gets no more: it never adds a hyphen that the paragraph
    itself did not need (and an English letter never loads its hyphenation
    dictionary, which costs a process 0.1 s, just to try one)."""
    return JUSTIFIED_PASSES.index((any(p.line.hyphenated for p in lines),)) + 1


def page_end(pieces: tuple[Unit, ...], available: float) -> tuple[float, bool]:
    """How the page ends if these pieces come next: the space left empty at its foot, and
    whether its last line ends in a hyphen (a hyphenated word split across two pages is
    worse to read than across two lines). (0, False) when the paragraph fits."""
    used, legal, hyphen = 0.0, 0.0, False
    for k, piece in enumerate(pieces):
        used += piece.height + (piece.space_before if k == 0 else 0.0)
        if used > available + 1e-6:
            return (round(available - legal, 3), hyphen)
        if piece.break_after:
            legal, hyphen = used, bool(piece.lines) and piece.lines[-1].line.hyphenated
    return (0.0, False)


def split_paragraph(placed: list[Placed], leading: float, space_before: float,
                    break_after: bool) -> tuple[Unit, ...]:
    """Group a paragraph's lines into the pieces a page may end between (none for no lines)."""
    n = len(placed)
    if not n:
        return ()
    cuts = [0, 2, *range(3, n - 1), n] if n >= 4 else [0, n]
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        lines = tuple(Placed(p.kind, p.path, p.line, p.depth - leading * a) for p in placed[a:b])
        # never a hyphenated word split across two pages
        allowed = break_after if b == n else b <= n - 2 and not placed[b - 1].line.hyphenated
        pieces.append(Unit(lines, leading * len(lines), space_before if a == 0 else 0.0,
                           allowed))
    return tuple(pieces)


class FlowBuilder:
    """Builds the units of a letter from its fields, in reading order."""

    def __init__(self, fonts: FontSet, language: str, frame: Frame) -> None:
        self.fonts, self.language, self.frame = fonts, language, frame
        self.units: list[Unit | Columns | Breakable] = []

    def text_unit(self, field: Field, size: float, leading: float, *, justify: bool = False,
                  align: str = "left", space_before: float = 0.0, break_inside: bool = False,
                  break_after: bool = True, indent: float = 0.0, hanging: float = 0.0) -> None:
        """A field's lines: ``indent`` moves every line in, ``hanging`` all but the first
        (so a wrapped "To:" line continues under the text, not under the label)."""
        f = self.frame
        spans = _styled(field, size)
        if field.label:
            label_style = spans[0].style if spans else "regular"
            spans.insert(0, StyledText(field.label + " ", label_style, size))

        def placed(count: int | None = None,
                   passes: int = len(JUSTIFIED_PASSES)) -> list[Placed]:
            lines = set_lines(spans, self.fonts, self.language, f.left + indent + hanging,
                              f.measure - indent - hanging, justify, first_indent=-hanging,
                              line_count=count, passes=passes)
            if hanging and lines:
                lines[0] = _shift(lines[0], -hanging)
            if align == "center":
                lines = [_shift(ln, (f.measure - ln.set_width) / 2) for ln in lines]
            elif align == "right":
                lines = [_shift(ln, f.measure - ln.set_width) for ln in lines]
            return [Placed(field.kind, field.path, ln, leading * k + size)
                    for k, ln in enumerate(lines)]

        best = placed()
        # A field taller than a page (a word of thousands of letters) may break across pages
        # like a paragraph: else it could not be laid out at all.
        if not break_inside and leading * len(best) <= f.top_later - f.bottom:
            self.units.append(Unit(tuple(best), leading * len(best), space_before, break_after))
            return
        passes = _passes_needed(best)
        self.units.append(Breakable(
            split_paragraph(best, leading, space_before, break_after),
            lambda count: split_paragraph(placed(count, passes), leading, space_before,
                                          break_after)))

    def hold_previous(self) -> None:
        """Forbid a page break after the last unit made so far."""
        last = self.units[-1]
        if isinstance(last, Unit):
            self.units[-1] = Unit(last.lines, last.height, last.space_before, False, last.rules)
        elif isinstance(last, Breakable):
            other = last.other  # every other setting of the paragraph is held alike
            self.units[-1] = Breakable(_held(last.pieces),
                                       lambda count: _held(other(count)))

    def signers_row(self, columns: Sequence[Sequence[Field]], size: float, leading: float,
                    room: float, rule: float, gap: float, text_gap: float, space_before: float,
                    break_after: bool) -> None:
        """A row of signers side by side, each in a column ``gap`` apart (as many columns
        as given, laid out left to right): ``room`` points free above a rule of at most
        ``rule`` points (never wider than the column), then the signer's fields set one
        under the other, each broken within the column. The row never splits."""
        f = self.frame
        width = (f.measure - gap) / 2
        placed: list[Placed] = []
        rules: list[tuple[float, float, float]] = []
        tallest = 0
        for c, signer in enumerate(columns):
            x = f.left + c * (width + gap)
            rules.append((x, x + min(rule, width), room))
            k = 0
            for field in signer:
                for line in set_lines(_styled(field, size), self.fonts, self.language, x,
                                      width, justify=False):
                    placed.append(Placed(field.kind, field.path, line,
                                         room + text_gap + size + leading * k))
                    k += 1
            tallest = max(tallest, k)
        height = room + text_gap + leading * tallest
        self.units.append(Unit(tuple(placed), height, space_before, break_after, tuple(rules)))

    def on_one_line(self, first: Field, second: Field, size: float, leading: float,
                    space_before: float, break_after: bool) -> bool:
        """Two one-line fields one after the other on one baseline, a space apart ("Baku,"
        and "20 November 2026"); False, with nothing made, when they do not fit the
        measure together."""
        f = self.frame
        runs = [tuple(Run(s.text, style_of(s.bold, s.italic), size) for s in field.spans)
                for field in (first, second)]
        widths = [sum(self.fonts.width(r.text, r.style, size) for r in line) for line in runs]
        space = self.fonts.width(" ", "regular", size)
        if widths[0] + space + widths[1] > f.measure:
            return False
        lines = [Placed(first.kind, first.path, Line(f.left, 0.0, runs[0], width=widths[0]),
                        size),
                 Placed(second.kind, second.path,
                        Line(f.left + widths[0] + space, 0.0, runs[1], width=widths[1]), size)]
        self.units.append(Unit(tuple(lines), leading, space_before, break_after))
        return True

    def image(self, data: bytes, height: float,
              size: tuple[float, float] | None = None) -> None:
        """An image centred over the text column, fitted into a box ``height`` points tall.
        Given its ``size`` (an SVG's), the image is placed at the footprint it draws, its
        aspect kept; else at the whole box, which the drawing fits it into."""
        f = self.frame
        if size is None:
            placed = (data, f.left, height, f.measure, height)
        else:
            scale = min(height / size[1], f.measure / size[0])
            w, h = size[0] * scale, size[1] * scale
            placed = (data, f.left + (f.measure - w) / 2, (height + h) / 2, w, h)
        self.units.append(Unit((), height, 0.0, False, images=(placed,)))

    def rule(self, space_before: float, depth: float) -> None:
        f = self.frame
        self.units.append(Unit((), depth, space_before, True,
                               ((f.left, f.left + f.measure, depth),)))

    def pair(self, left: Field, right: Sequence[Field], size: float, leading: float,
             space_before: float) -> None:
        """One-line fields on one baseline: one at the left (after its label, if any), the
        others at the right margin, a space apart ("Baku," and "8 October 2020")."""
        f = self.frame
        label = ((Run(left.label + " ", style_of(left.spans[0].bold, left.spans[0].italic),
                      size),) if left.label else ())
        runs_l = label + tuple(Run(s.text, style_of(s.bold, s.italic), size) for s in left.spans)
        runs_r = [tuple(Run(s.text, style_of(s.bold, s.italic), size) for s in field.spans)
                  for field in right]
        widths_r = [sum(self.fonts.width(r.text, r.style, size) for r in runs) for runs in runs_r]
        space = self.fonts.width(" ", "regular", size)
        width_r = sum(widths_r) + space * (len(right) - 1)
        width_l = sum(self.fonts.width(r.text, r.style, size) for r in runs_l)
        if width_l + size + width_r > f.measure:
            # Too long to share a line, kept at least an em apart: one under the other,
            # each broken like any field.
            self.text_unit(left, size, leading, space_before=space_before, break_after=False)
            for k, field in enumerate(right):
                self.text_unit(field, size, leading, align="right",
                               break_after=k == len(right) - 1)
            return
        line_l = Line(f.left, 0.0, runs_l)
        placed = [Placed(left.kind, left.path, line_l, size)]
        x = f.left + f.measure - width_r
        for field, runs, width in zip(right, runs_r, widths_r, strict=True):
            placed.append(Placed(field.kind, field.path, Line(x, 0.0, runs, width=width), size))
            x += width + space
        self.units.append(Unit(tuple(placed), leading, space_before, True))

    def entry(self, label: str, field: Field, size: float, leading: float, number_width: float,
              space_before: float, break_after: bool, measure: float | None = None) -> Unit:
        """A numbered entry: the number right-aligned, the text hanging beside it."""
        f = self.frame
        indent = number_width + size * 0.5
        lines = set_lines(_styled(field, size), self.fonts, self.language, f.left + indent,
                          (measure or f.measure) - indent, justify=False)
        label_width = self.fonts.width(label, "regular", size)
        # The number and its entry are drawn one after the other with a real space between,
        # so every reader keeps them together.
        number = Line(f.left + number_width - label_width, 0.0,
                      (Run(label + " ", "regular", size),),
                      width=self.fonts.width(label + " ", "regular", size))
        # each line of the entry with what is drawn before it: pads, and first the number
        rows = [[Placed("label", field.path, pad, size)
                 for pad in self.pad(f.left, number_width - label_width, size)]
                + [Placed("label", field.path, number, size)]]
        rows += [[Placed(field.kind, field.path, pad, leading * k + size)
                  for pad in self.pad(f.left, indent, size)] for k in range(1, len(lines))]
        for k, ln in enumerate(lines):
            rows[k].append(Placed(field.kind, field.path, ln, leading * k + size))
        unit = Unit(tuple(p for row in rows for p in row), leading * len(lines), space_before,
                    break_after)
        if measure is None and unit.height > f.top_later - f.bottom:
            # An entry never splits, unless it is taller than a page (a name of thousands of
            # letters): then, in one column, it breaks across pages like a paragraph.
            pieces = _split_rows(rows, leading, space_before, break_after)
            self.units += pieces
            return pieces[0]
        self.units.append(unit)
        return unit

    def pad(self, x: float, width: float, size: float) -> list[Line]:
        """Spaces from ``x`` to ``width`` points right of it, drawn before a list line that
        starts there. Invisible, they give every line of a list the same left edge, which
        is how pdfminer.six tells one column from the next (its layout analysis groups lines
        by their edges; a hanging indent alone would leave each entry's first line apart
        and let it merge with the other column)."""
        space = self.fonts.width(" ", "regular", size)
        count = round(width / space)
        if count < 1:
            return []
        return [Line(x, 0.0, (Run(" " * count, "regular", size),), width / count - space,
                     width=space * count, spaces=count)]

    def columns(self, entries: list[Unit], gutter: float) -> None:
        """Set the entries just made in two balanced columns, numbered down each column."""
        del self.units[-len(entries):]
        offset = (self.frame.measure + gutter) / 2
        self.units.append(Columns(tuple(entries), offset))


@dataclass(frozen=True, slots=True)
class Columns:
    """Entries that flow down two columns; pagination takes them a page's worth at a time."""

    entries: tuple[Unit, ...]  # each set at the first column's position
    offset: float  # from the first column to the second
    space_before: float = 0.0
    break_after: bool = True

    @property
    def height(self) -> float:
        return _balanced(self.entries)[1]

    def take(self, available: float) -> tuple[Unit, Columns | None] | None:
        """The most entries that fit in ``available`` (two at least), and the rest."""
        n, best = len(self.entries), 0
        for m in range(1, n + 1):
            if _balanced(self.entries[:m])[1] > available:
                break
            best = m
        if best < min(2, n):
            return None
        rest = Columns(self.entries[best:], self.offset) if best < n else None
        return self._unit(self.entries[:best], rest is None), rest

    def _unit(self, entries: tuple[Unit, ...], last: bool) -> Unit:
        split, height = _balanced(entries)
        placed: list[Placed] = []
        for column, group in enumerate((entries[:split], entries[split:])):
            top = 0.0
            for entry in group:
                placed += [Placed(p.kind, p.path, _shift(p.line, self.offset * column),
                                  p.depth + top) for p in entry.lines]
                top += entry.height
        return Unit(tuple(placed), height, 0.0, self.break_after if last else True)


def _split_rows(rows: list[list[Placed]], leading: float, space_before: float,
                break_after: bool) -> list[Unit]:
    """split_paragraph for lines each drawn with others before it (an entry's number and
    pads): the pieces are cut by the last of each row, the others go with it."""
    pieces = split_paragraph([row[-1] for row in rows], leading, space_before, break_after)
    out, k = [], 0
    for piece in pieces:
        placed: list[Placed] = []
        for line in piece.lines:
            shift = rows[k][-1].depth - line.depth
            placed += [Placed(p.kind, p.path, p.line, p.depth - shift) for p in rows[k]]
            k += 1
        out.append(Unit(tuple(placed), piece.height, piece.space_before, piece.break_after))
    return out


def _balanced(entries: tuple[Unit, ...]) -> tuple[int, float]:
    """Where to split entries between two columns, and the height of the taller column."""
    total = sum(e.height for e in entries)
    best_split, best_height, first = len(entries), total, 0.0
    for k, entry in enumerate(entries):
        first += entry.height
        height = max(first, total - first)
        if height < best_height - 1e-6:
            best_split, best_height = k + 1, height
    return best_split, best_height


def _shift(line: Line, dx: float) -> Line:
    return line.at(line.x + dx, line.y)
