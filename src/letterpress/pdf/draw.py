"""Drawing: the laid-out pages onto a ReportLab canvas.

No line breaking, pagination or measuring happens here: every position, the list numbers
joined to their entries and the areas of links come from layout. Each block is drawn through
one call, :func:`draw_block`, that knows what the block prints (``kind``, ``path``): the one
place where marked content for a tagged PDF will wrap it.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import getFont

from ..errors import RenderError
from ..fonts import FontSet
from ..layout.boxes import Block, Line, Page

LINK_COLOR = (0.05, 0.2, 0.55)
RULE_COLOR = (0.35, 0.35, 0.35)


def draw_page(canvas: Any, page: Page, fonts: FontSet) -> None:
    """A page's blocks in reading order (text is extracted in drawing order), then its rules
    and images."""
    for block in page.blocks:
        draw_block(canvas, block, fonts)
    if page.rules:
        canvas.setStrokeColorRGB(*RULE_COLOR)
        for rule in page.rules:
            canvas.setLineWidth(rule.width)
            canvas.line(rule.x0, rule.y0, rule.x1, rule.y1)
    for image in page.images:
        try:
            # From its bytes (read through the world): ReportLab names the image after its
            # pixels, so a letter built in another folder gets the same bytes.
            canvas.drawImage(ImageReader(io.BytesIO(image.data)), image.x, image.y,
                             image.width, image.height, preserveAspectRatio=True, anchor="c",
                             mask="auto")
        except Exception as exc:  # the resolve stage checked the image; still, say which
            raise RenderError(f"letterhead.logo: cannot draw the image "
                              f"({type(exc).__name__}: {exc})") from None


def draw_block(canvas: Any, block: Block, fonts: FontSet) -> None:
    """One block as one text object (its list number first), then its links."""
    _draw_lines(canvas, (*block.label, *block.lines), fonts)
    for area in block.links:
        # F 4: the link is printed with the page, as PDF/A requires (ISO 19005-3 6.3.2)
        canvas.linkURL(area.href, (area.x0, area.y0, area.x1, area.y1), relative=0,
                       thickness=0, F=4)


def _draw_lines(canvas: Any, lines: tuple[Line, ...], fonts: FontSet) -> None:
    """The lines as one text object written directly, with as few operators as draw the same
    glyphs in the same places: readers (pypdf above all) pay per operator and operand.

    Each line is placed by ``Td`` from the one before (two operands, against six of ``Tm``),
    by the exact difference of the numbers absolute placement would write, so every line lands
    where it did; the font is set per change of subset, font or size, without the ``TL``
    ReportLab adds (nothing here moves by the leading). The TrueType subsets are reached as
    ReportLab's ttfonts documents for dynamic fonts: ``splitString``, ``getSubsetInternalName``.
    """
    doc = canvas._doc  # ReportLab's document: the subsets of a font are kept per document
    code = ["BT"]
    state = _TextState()
    x0 = y0 = Decimal(0)  # the text line matrix starts as the identity (ISO 32000-1, 9.4.1)
    for line in lines:
        x, y = _number(line.x), _number(line.y)
        code.append(f"{_text(x - x0)} {_text(y - y0)} Td")
        x0, y0 = x, y
        state.space(code, line.scale * 100, line.word_space, line.char_space)
        for run in line.runs:
            font = getFont(fonts.name(run.style))
            if run.href:
                code.append(f"{fp_str(*LINK_COLOR)} rg")
            for subset, chunk in font.splitString(run.text, doc):
                state.font(code, font.getSubsetInternalName(subset, doc), run.size)
                code.append(f"({escapePDF(chunk)}) Tj")
            if run.href:
                code.append("0 g")
    # The text state outlives the text object (ISO 32000-1, 9.3.1): left set, a line's
    # scaling or spacing would carry over to the next block, which starts from the defaults.
    state.space(code, 100, 0.0, 0.0)
    code.append("ET")
    canvas.addLiteral(" ".join(code))


class _TextState:
    """The text state parameters written so far in a text object, so that each is written
    only when it changes."""

    __slots__ = ("char_space", "font_key", "scale", "word_space")

    def __init__(self) -> None:
        self.scale, self.word_space, self.char_space = 100.0, 0.0, 0.0
        self.font_key: tuple[str, float] | None = None

    def space(self, code: list[str], scale: float, word_space: float, char_space: float
              ) -> None:
        if scale != self.scale:
            self.scale = scale
            code.append(f"{fp_str(scale)} Tz")
        if word_space != self.word_space:
            self.word_space = word_space
            code.append(f"{fp_str(word_space)} Tw")
        if char_space != self.char_space:
            self.char_space = char_space
            code.append(f"{fp_str(char_space)} Tc")

    def font(self, code: list[str], name: str, size: float) -> None:
        if (name, size) != self.font_key:
            self.font_key = (name, size)
            code.append(f"{name} {fp_str(size)} Tf")


def _number(value: float) -> Decimal:
    """``value`` exactly as ReportLab writes it into a content stream."""
    return Decimal(fp_str(value))


def _text(value: Decimal) -> str:
    """A PDF number for ``value``: plain digits, no exponent, no trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
