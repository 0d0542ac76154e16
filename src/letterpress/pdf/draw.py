"""Drawing: the laid-out pages onto a ReportLab canvas.

No line breaking, pagination or measuring happens here: every position, the list numbers
joined to their entries and the areas of links come from layout. Each block is drawn through
one call, :func:`draw_block`, that knows what the block prints (``kind``, ``path``): the one
place where marked content for a tagged PDF will wrap it.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.utils import ImageReader

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
    """Each line placed absolutely, spacing set per line."""
    text = canvas.beginText()
    scale, word_space, char_space = 1.0, 0.0, 0.0
    font: tuple[str, float] | None = None
    for line in lines:
        text.setTextOrigin(line.x, line.y)
        if line.scale != scale:
            scale = line.scale
            text.setHorizScale(scale * 100)
        if line.word_space != word_space:
            word_space = line.word_space
            text.setWordSpace(word_space)
        if line.char_space != char_space:
            char_space = line.char_space
            text.setCharSpace(char_space)
        for run in line.runs:
            if (run.style, run.size) != font:  # once per change: fewer operators to read
                font = (run.style, run.size)
                text.setFont(fonts.name(run.style), run.size)
            if run.href:
                text.setFillColorRGB(*LINK_COLOR)
            text.textOut(run.text)
            if run.href:
                text.setFillGray(0)
    # The text state outlives the text object (ISO 32000-1, 9.3.1): left set, a line's
    # scaling or spacing would carry over to the next block, which starts from the defaults.
    if scale != 1.0:
        text.setHorizScale(100)
    if word_space:
        text.setWordSpace(0)
    if char_space:
        text.setCharSpace(0)
    canvas.drawText(text)
