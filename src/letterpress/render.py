"""Rendering: draw a laid-out Document onto a ReportLab canvas and return the PDF bytes.

No line breaking or pagination happens here: every position comes from layout. Each block
is drawn as one unit, in reading order, so text extraction follows the source's order.

Reproducible bytes: ReportLab's invariant mode fixes its timestamps; the document dates
are then set from the letter, and the file identifier (/ID) is derived from the content,
so the same source gives the same bytes and two different letters different /IDs.
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

from .errors import RenderError
from .fonts import FontSet
from .layout.boxes import Document, Line, Page

PRODUCER = "letterpress"
LINK_COLOR = (0.05, 0.2, 0.55)
RULE_COLOR = (0.35, 0.35, 0.35)


def render_pdf(document: Document, fonts: FontSet) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(document.width, document.height), invariant=1,
                    initialFontName=fonts.name("regular"), lang=document.language,
                    pageCompression=1)
    _metadata(canvas, document)
    for page in document.pages:
        _draw_page(canvas, page, fonts)
        canvas.showPage()
    try:
        canvas.save()
    except Exception as exc:  # ReportLab raises bare Exceptions from deep inside
        raise RenderError(f"ReportLab could not write the PDF: {exc}") from None
    return _with_content_id(buffer.getvalue())


def _metadata(canvas: Any, document: Document) -> None:
    canvas.setTitle(document.title)
    canvas.setAuthor(document.author)
    canvas.setSubject(document.subject)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    created = document.created
    canvas.setDateFormatter(lambda *_: created)


def _draw_page(canvas: Any, page: Page, fonts: FontSet) -> None:
    blocks = list(page.blocks)
    while blocks:
        block = blocks.pop(0)
        lines = block.lines
        if block.kind == "label" and blocks and blocks[0].path == block.path:
            # A list number and its entry are one text object, so that every reader keeps
            # them together on one line.
            lines += blocks.pop(0).lines
        _draw_lines(canvas, lines, fonts)
    if page.rules:
        canvas.setStrokeColorRGB(*RULE_COLOR)
        for rule in page.rules:
            canvas.setLineWidth(rule.width)
            canvas.line(rule.x0, rule.y0, rule.x1, rule.y1)
    for image in page.images:
        try:
            from reportlab.lib.utils import ImageReader

            # Given a file name, ReportLab names the image after the name, so the same logo
            # in another folder gave other bytes; read, it is named after its pixels.
            canvas.drawImage(ImageReader(image.path), image.x, image.y, image.width,
                             image.height, preserveAspectRatio=True, anchor="c", mask="auto")
        except Exception as exc:  # ReportLab and Pillow raise many kinds for a bad image
            raise RenderError(f"letterhead.logo: cannot draw the image {image.path} "
                              f"({type(exc).__name__}: {exc})") from None


def _draw_lines(canvas: Any, lines: tuple[Line, ...], fonts: FontSet) -> None:
    """One block as one text object: each line placed absolutely, spacing set per line."""
    text = canvas.beginText()
    scale, word_space, char_space = 1.0, 0.0, 0.0
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
            text.setFont(fonts.name(run.style), run.size)
            if run.href:
                text.setFillColorRGB(*LINK_COLOR)
            text.textOut(run.text)
            if run.href:
                text.setFillGray(0)
    canvas.drawText(text)
    for line in lines:
        _links(canvas, line, fonts)


def _links(canvas: Any, line: Line, fonts: FontSet) -> None:
    """One link annotation per linked run, so a link broken across lines works on both."""
    x = line.x
    for run in line.runs:
        spaces = run.text.count(" ")
        width = (fonts.width(run.text, run.style, run.size) + spaces * line.word_space
                 + len(run.text) * line.char_space)
        width *= line.scale
        if run.href:
            box = (x, line.y - run.size * 0.25, x + width, line.y + run.size * 0.8)
            canvas.linkURL(run.href, box, relative=0, thickness=0)
        x += width


_ID = re.compile(rb"/ID\s*\[<([0-9a-fA-F]{32})><([0-9a-fA-F]{32})>\]")


def _with_content_id(data: bytes) -> bytes:
    """Replace ReportLab's invariant /ID by a digest of the document itself.

    The replacement has the same length, so the cross-reference offsets stay valid.
    """
    matches = list(_ID.finditer(data))
    match = matches[-1] if matches else None  # the trailer's, after every object
    if match is None:
        raise RenderError("ReportLab wrote no /ID; cannot make the file identifier")
    blank = data[:match.start()] + b"/ID [<" + b"0" * 32 + b"><" + b"0" * 32 + b">]"
    digest = hashlib.md5(blank + data[match.end():], usedforsecurity=False).hexdigest()
    new = f"/ID [<{digest}><{digest}>]".encode()
    return data[:match.start()] + new.ljust(match.end() - match.start()) + data[match.end():]
