"""Drawing: the laid-out pages onto a ReportLab canvas.

No line breaking, pagination or measuring happens here: every position, the list numbers
joined to their entries and the areas of links come from layout. Each block is drawn through
one call, :func:`draw_block`, that knows what the block prints (``kind``, ``path``): the one
place where marked content for a tagged PDF will wrap it.
"""

from __future__ import annotations

import io
import itertools
import weakref
from decimal import Decimal
from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import getFont

from ..errors import RenderError
from ..fonts import FontSet
from ..layout.boxes import Block, Line, Page
from ..resolve.images import is_svg

LINK_COLOR = (0.05, 0.2, 0.55)
RULE_COLOR = (0.35, 0.35, 0.35)


def draw_page(canvas: Any, page: Page, fonts: FontSet) -> None:
    """A page's blocks in reading order (text is extracted in drawing order), then its rules
    and images. The font outlives a text object (ISO 32000-1, 9.3.1) but not the page's
    content stream: one page's text objects share what is known of it."""
    text = _TextObject()
    for block in page.blocks:
        draw_block(canvas, block, fonts, text)
    if page.rules:
        canvas.setStrokeColorRGB(*RULE_COLOR)
        for rule in page.rules:
            canvas.setLineWidth(rule.width)
            canvas.line(rule.x0, rule.y0, rule.x1, rule.y1)
    for image in page.images:
        try:
            if is_svg(image.data):
                draw_svg(canvas, image.data, image.x, image.y, image.width, image.height)
                continue
            # From its bytes (read through the world): ReportLab names the image after its
            # pixels, so a letter built in another folder gets the same bytes.
            canvas.drawImage(ImageReader(io.BytesIO(image.data)), image.x, image.y,
                             image.width, image.height, preserveAspectRatio=True, anchor="c",
                             mask="auto")
        except Exception as exc:  # the resolve stage checked the image; still, say which
            raise RenderError(f"letterhead.logo: cannot draw the image "
                              f"({type(exc).__name__}: {exc})") from None


def draw_svg(canvas: Any, data: bytes, x: float, y: float, width: float, height: float
             ) -> None:
    """An SVG (checked by :func:`letterpress.resolve.images.check_svg`: nothing external,
    no entities, no text) drawn as vectors, scaled to the box the layout placed and clipped
    to it, so no ink leaves the footprint the check allows. svglib turns it into ReportLab's
    own drawing; it is imported here, on the first SVG logo, and its log stays quiet (it
    logs what it skips, which is the checker's business, not the person building)."""
    import logging

    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    logger = logging.getLogger("svglib")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    drawing = svg2rlg(io.BytesIO(data), resolve_entities=False)
    _ShapesOnly = _shapes_only()
    if drawing is None or not drawing.width or not drawing.height:
        raise RenderError("letterhead.logo: svglib could not read the SVG")
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(x, y, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.translate(x, y)
    canvas.scale(width / drawing.width, height / drawing.height)
    _ShapesOnly().draw(renderPDF.renderScaledDrawing(drawing), canvas, 0, 0,
                       showBoundary=False)
    canvas.restoreState()


def _shapes_only() -> type:
    """ReportLab's PDF renderer of drawings, less the font it sets for every group: an SVG
    logo has no text (the checker refuses it), and an unused, unembedded font would break
    PDF/A and show as a font no field prints."""
    from reportlab.graphics.renderPDF import _PDFRenderer

    class ShapesOnly(_PDFRenderer):  # type: ignore[misc]
        def applyStateChanges(self, delta: dict[str, Any], newState: dict[str, Any]) -> None:
            super().applyStateChanges({key: value for key, value in delta.items()
                                       if key not in _FONT_STATE}, newState)

    return ShapesOnly


_FONT_STATE = ("fontName", "fontSize", "textAnchor")


def draw_block(canvas: Any, block: Block, fonts: FontSet, text: _TextObject | None = None
               ) -> None:
    """One block as one text object (its list number first), then its links. ``text``
    carries the font set by the blocks drawn before on the same page."""
    _draw_lines(canvas, (*block.label, *block.lines), fonts, text or _TextObject())
    for area in block.links:
        # F 4: the link is printed with the page, as PDF/A requires (ISO 19005-3 6.3.2)
        canvas.linkURL(area.href, (area.x0, area.y0, area.x1, area.y1), relative=0,
                       thickness=0, F=4)


def _draw_lines(canvas: Any, lines: tuple[Line, ...], fonts: FontSet, text: _TextObject
                ) -> None:
    """The lines as one text object written directly, with as few operators as draw the same
    glyphs in the same places: readers (pypdf above all) pay per operator and operand.

    Each line is placed by ``Td`` from the one before (two operands, against six of ``Tm``),
    by the exact difference of the numbers absolute placement would write, so every line lands
    where it did; a line that starts where the spaces before it leave the pen (a list entry's
    pad, then its number) is not placed at all, and one that goes on along the baseline after
    a line ending in a space (the entry after its number) is reached by a ``TJ`` number,
    in the same text-showing operator. The font is set per change of subset, font or
    size, without the ``TL`` ReportLab adds (nothing here moves by the leading), and text in
    one state is shown by one ``Tj``; a font the text object before left set is not set
    again. The TrueType subsets are reached as ReportLab's ttfonts
    documents for dynamic fonts: ``splitString``, ``getSubsetInternalName``.
    """
    doc = canvas._doc  # ReportLab's document: the subsets of a font are kept per document
    text.begin()
    previous: Line | None = None
    for line in lines:
        if previous is None:
            text.move(_number(line.x), _number(line.y))
        elif not _continues(previous, line):
            gap = _gap(previous, line)
            if gap is None or not text.skip(gap):
                text.move(_number(line.x), _number(line.y))
        previous = line
        text.space(line.scale * 100, line.word_space, line.char_space)
        for run in line.runs:
            face = text.faces.get(run.style)
            if face is None:
                font = getFont(fonts.name(run.style))
                face = text.faces[run.style] = (font, _codes(font, doc))
            font, codes = face
            if run.href:
                text.paint(f"{fp_str(*LINK_COLOR)} rg")
            for subset, chunk in _chunks(font, codes, run.text, doc):
                name = codes.names.get(subset)
                if name is None:  # the first call registers the font with the document
                    name = codes.names[subset] = font.getSubsetInternalName(subset, doc)
                text.font(name, run.size)
                text.show(chunk)
            if run.href:
                text.paint("0 g")
    canvas.addLiteral(text.end())


def subset_chunks(font: Any, text: str, doc: Any) -> list[tuple[int, bytes]]:
    """``font.splitString(text, doc)``: the text as codes of the font's subsets, a chunk a
    subset. Where every letter of ``text`` already has its code (most text after a page's
    first lines), the codes are looked up at once, by ``str.translate`` over the codes the
    document has given out (:class:`_Codes`); a letter new to the document goes through
    ReportLab, which gives it its code."""
    return _chunks(font, _codes(font, doc), text, doc)


def _chunks(font: Any, codes: _Codes, text: str, doc: Any) -> list[tuple[int, bytes]]:
    """:func:`subset_chunks`, the document's codes of the font at hand."""
    try:
        coded = text.translate(codes)
    except _NewLetter:
        chunks = font.splitString(text, doc)
        codes.learn(font.state[doc].assignments, text)
        return chunks  # type: ignore[no-any-return]
    if not coded:
        return []
    try:  # one subset, the first (most text): the codes are the bytes
        return [(0, coded.encode("latin-1"))]
    except UnicodeEncodeError:
        return [(subset, bytes(ord(c) & 0xFF for c in group))
                for subset, group in itertools.groupby(coded, lambda c: ord(c) >> 8)]


class _NewLetter(Exception):
    """A letter without a code in the document yet (not a LookupError, so that
    ``str.translate`` stops at it instead of leaving it as it is)."""


class _Codes(dict[int, str]):
    """The codes a font's subsets give letters in one document, as ``str.translate`` reads
    them: a letter's code point to its code as a character (subset * 256 + byte). A letter
    without one stops the translation. ReportLab prints a no-break space as a space
    (U+00A0 -> 32), as here. ``names`` keeps the subsets' font names in the document
    (``getSubsetInternalName``, asked once)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[int, str] = {}

    def __missing__(self, key: int) -> str:
        raise _NewLetter

    def learn(self, assignments: dict[int, int], text: str) -> None:
        """The codes ReportLab has now given the letters of ``text``; the first time, every
        code it has given (it gives ASCII theirs before any text)."""
        letters = assignments.keys() if not self else set(map(ord, text))
        for c in letters:
            n = assignments.get(c)
            if n is not None:
                self[c] = chr(n)
        if 32 in assignments:
            self[0xA0] = chr(assignments[32])


# A document's codes, per font: the document outlives none of them (as ReportLab's own
# font states, a weak dictionary on the document).
_DOCUMENT_CODES: weakref.WeakKeyDictionary[Any, dict[str, _Codes]] = \
    weakref.WeakKeyDictionary()


def _codes(font: Any, doc: Any) -> _Codes:
    fonts = _DOCUMENT_CODES.get(doc)
    if fonts is None:
        fonts = _DOCUMENT_CODES[doc] = {}
    codes = fonts.get(font.fontName)
    if codes is None:
        codes = fonts[font.fontName] = _Codes()
    return codes


def _continues(previous: Line, line: Line) -> bool:
    """Whether ``line`` starts on ``previous``'s baseline exactly where ``previous``, spaces
    alone drawn in the same spacing, leaves the pen (spaces are as wide in the PDF as in
    layout; other glyphs' widths are rounded there)."""
    return (line.y == previous.y and not previous.text.strip(" ") and not previous.char_space
            and (line.scale, line.word_space) == (previous.scale, previous.word_space)
            and abs(previous.x + (previous.width + previous.word_space * previous.spaces)
                    * previous.scale - line.x) < 1e-6)


def _gap(previous: Line, line: Line) -> float | None:
    """How far right of where ``previous`` leaves the pen ``line`` starts, if it starts on the
    same baseline after a line that ends in a space and is drawn without spacing (its
    advance is then its natural width, as layout measured it), else None. Readers see the
    space that ends ``previous`` as the gap between the two, as they did when ``line`` was
    placed by ``Td``."""
    if (line.y != previous.y or not previous.text.endswith(" ") or previous.width <= 0
            or previous.char_space or previous.word_space):
        return None
    gap = line.x - (previous.x + previous.width * previous.scale)
    return gap if gap >= 0 else None


class _TextObject:
    """The operators of a text object, each text state parameter written only when it
    changes and text in one state gathered into one ``Tj``. Made once a page: the font is
    known from one text object to the next."""

    __slots__ = ("char_space", "code", "faces", "font_key", "pending", "scale", "word_space",
                 "x", "y")

    def __init__(self) -> None:
        self.font_key: tuple[str, float] | None = None  # none yet on the page
        # each style's ReportLab font and its codes in the document, looked up once a page
        self.faces: dict[str, tuple[Any, _Codes]] = {}
        self.begin()

    def begin(self) -> None:
        """A new text object: the line matrix starts as the identity (ISO 32000-1, 9.4.1),
        scaling and spacing at their defaults (each object leaves them so)."""
        self.code = ["BT"]
        self.pending: list[bytes | float] = []  # text, and TJ numbers between it
        self.x = self.y = Decimal(0)
        self.scale, self.word_space, self.char_space = 100.0, 0.0, 0.0

    def move(self, x: Decimal, y: Decimal) -> None:
        self.paint(f"{_text(x - self.x)} {_text(y - self.y)} Td")
        self.x, self.y = x, y

    def space(self, scale: float, word_space: float, char_space: float) -> None:
        if scale != self.scale:
            self.scale = scale
            self.paint(f"{fp_str(scale)} Tz")
        if word_space != self.word_space:
            self.word_space = word_space
            self.paint(f"{fp_str(word_space)} Tw")
        if char_space != self.char_space:
            self.char_space = char_space
            self.paint(f"{fp_str(char_space)} Tc")

    def font(self, name: str, size: float) -> None:
        if (name, size) != self.font_key:
            self.font_key = (name, size)
            self.paint(f"{name} {fp_str(size)} Tf")

    def show(self, chunk: bytes) -> None:
        self.pending.append(chunk)

    def skip(self, points: float) -> bool:
        """Move the pen ``points`` right after the text gathered so far, by a number in its
        ``TJ`` (thousandths of the font size, scaled as the text is: ISO 32000-1, 9.4.3).
        False when nothing is gathered to attach it to."""
        if not self.pending or self.font_key is None:
            return False
        self.pending.append(-points * 1000 / (self.font_key[1] * self.scale / 100))
        return True

    def paint(self, operator: str) -> None:
        """Any operator but showing text: what is gathered to show is shown first."""
        if self.pending:
            self.code.append(_shown(self.pending))
            self.pending.clear()
        self.code.append(operator)

    def end(self) -> str:
        """The whole text object. The text state outlives it (ISO 32000-1, 9.3.1): left set,
        a line's scaling or spacing would carry over to the next block, which starts from the
        defaults."""
        self.space(100.0, 0.0, 0.0)
        self.paint("ET")
        return " ".join(self.code)


def _shown(pending: list[bytes | float]) -> str:
    """``Tj`` of the text, or ``TJ`` of the text and the numbers between it."""
    if all(isinstance(item, bytes) for item in pending):
        return f"({escapePDF(b''.join(pending))}) Tj"  # type: ignore[arg-type]
    parts: list[str] = []
    text: list[bytes] = []
    for item in pending:
        if isinstance(item, bytes):
            text.append(item)
            continue
        if text:
            parts.append(f"({escapePDF(b''.join(text))})")
            text = []
        parts.append(fp_str(item))
    if text:
        parts.append(f"({escapePDF(b''.join(text))})")
    return f"[{' '.join(parts)}] TJ"


def _number(value: float) -> Decimal:
    """``value`` exactly as ReportLab writes it into a content stream."""
    return Decimal(fp_str(value))


def _text(value: Decimal) -> str:
    """A PDF number for ``value``: plain digits, no exponent, no trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
