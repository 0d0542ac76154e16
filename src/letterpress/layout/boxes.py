"""What layout hands to rendering: pages of positioned lines, rules and links.

Coordinates are PDF points with the origin at the bottom left of the page; ``y`` of a line is
its baseline. Every line belongs to a block that knows what it is (``kind``) and which source
field it prints (``path``), so rendering can tag it and tests can find it. Everything the
renderer places is measured here: it draws, it does not measure.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one font style and size. Spaces in ``text`` stretch by the line's word space."""

    text: str
    style: str  # a key of fonts.FontSet.names
    size: float
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    x: float
    y: float
    runs: tuple[Run, ...]
    word_space: float = 0.0  # extra width added to every space (PDF Tw), in points
    scale: float = 1.0  # horizontal glyph scaling (PDF Tz / 100): font expansion
    width: float = 0.0  # natural width of the runs, before word spacing
    spaces: int = 0  # number of stretchable spaces
    justified: bool = False  # a full line of justified text (the last line of a paragraph is not)
    hyphenated: bool = False  # the layout added a hyphen at the end
    char_space: float = 0.0  # extra width after every character (PDF Tc), in points

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    def at(self, x: float, y: float) -> Line:
        """The same line placed elsewhere (dataclasses.replace is five times slower)."""
        return Line(x, y, self.runs, self.word_space, self.scale, self.width, self.spaces,
                    self.justified, self.hyphenated, self.char_space)

    @property
    def set_width(self) -> float:
        """Width from the first glyph's left edge to the last glyph's right edge."""
        letters = len(self.text)
        return (self.width + self.word_space * self.spaces
                + self.char_space * max(letters - 1, 0)) * self.scale


@dataclass(frozen=True, slots=True)
class Link:
    """A clickable area over linked text: one per linked run, so a link broken across lines
    works on each of them."""

    x0: float
    y0: float
    x1: float
    y1: float
    href: str


@dataclass(frozen=True, slots=True)
class Block:
    """Lines that print one field (or one piece of page furniture)."""

    kind: str  # "letterhead", "reference", "date", "party", "paragraph", "closing",
    #            "heading", "member", "furniture"
    path: str  # the source field, e.g. "body[2]"; "" for furniture
    lines: tuple[Line, ...]
    # A list number (after the invisible spaces that start it at the column's edge, see
    # flow.FlowBuilder.pad), drawn in the same text object as the entry's lines, before them,
    # so that every reader keeps the number and its entry together on one line.
    label: tuple[Line, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5


@dataclass(frozen=True, slots=True)
class Image:
    data: bytes = field(repr=False)
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    blocks: tuple[Block, ...]
    rules: tuple[Rule, ...] = ()
    images: tuple[Image, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    width: float
    height: float
    pages: tuple[Page, ...]
    title: str
    author: str
    subject: str
    language: str
