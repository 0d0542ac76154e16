"""What a reader of a PDF sees: the one module that imports pypdfium2.

pypdf (readback.py) reads the text layer, which says nothing about whether the text can be
seen: text in render mode 3, painted in the colour under it, moved off the page, scaled to a
speck or covered by a rectangle drawn later all read back as written. This module renders
every page with PDFium and, for every character PDFium's text page reports, tells whether it
is drawn visibly, and if not, why. What comes out is plain data (:class:`PageInk`) for
compare.py to judge and to attribute to fields.

A character is visible when (in this order, the first failure is its reason):

* its text render mode paints it (ISO 32000-1 9.3.6: modes 3 and 7 paint nothing);
* its box lies inside the page's crop box (what a viewer shows and a printer prints), cut
  to the media box where it reaches past it (ISO 32000-1 14.11.2);
* its size, the font size times the scale of the text and transformation matrices, is at
  least MIN_SIZE_PT;
* the rendered page shows ink inside its box: its darkest and lightest pixels differ by at
  least MIN_CONTRAST grey levels. This one test covers a fill that matches what lies under
  it and anything drawn over it later; which of the two it is comes from the page objects
  drawn after the character's text object.

pypdfium2 is imported inside the functions: `letterpress build` never loads it.
"""

from __future__ import annotations

import ctypes
import dataclasses
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ReadbackError

SCALE = 2.0  # render at 144 dpi: an 8 pt glyph is ~16 px high, its thinnest stroke ~1 px
MIN_SIZE_PT = 4.0  # smaller than the smallest print anyone reads (footnotes are ~7 pt)
MIN_CONTRAST = 64  # of 255 grey levels between the darkest and lightest pixel of a glyph
PAD_PX = 1  # a glyph's box is widened so that a thin or tiny glyph has background beside it
CROP_TOLERANCE_PT = 0.5
# letterpress sets text upright and unslanted (italics are their own fonts); its glyph
# expansion (PDF Tz, not in the matrix) stays within 2 %. A text matrix may turn glyphs, and
# may not mirror, slant (cosine of the angle between its axes) or squash them beyond these.
MAX_SLANT = 0.05
MAX_OVERLAP = 0.5  # of the narrower glyph's width: more, and two letters read as one blot
SAME_LINE = 0.8  # of the lower glyph's height shared: the two stand on one line
MAX_SQUASH = 1.10
MAX_FORM_DEPTH = 8  # form XObjects can nest; a hostile file could make them deep
INVISIBLE_MODES = {3: "render mode 3 (invisible)", 7: "render mode 7 (clip only)"}
Box = tuple[float, float, float, float]  # left, bottom, right, top in page space
# PDFium reports a hyphen it takes for a line-end break as U+0002 (FPDFText_GetUnicode) or
# U+FFFE (FPDFText_GetText, the page's text in one call); it is a printed hyphen.
LINE_END_HYPHENS = str.maketrans({"\x02": "-", "\ufffe": "-"})


@dataclass(frozen=True, slots=True)
class Hidden:
    """Character ``index`` of a page's text is not visible, for ``reason``; or, ``legible``
    ``seen``, its ink is there but does not read as the character (mirrored, piled on another)."""

    index: int
    reason: str
    seen: bool = False  # ink is drawn, in a shape a reader cannot read as the letter


@dataclass(frozen=True, slots=True)
class PageInk:
    """One page as PDFium reads it: ``text`` has one character per character index, in
    drawing order, with the line ends PDFium adds ("\\r\\n"); ``hidden`` lists those of its
    characters that a reader cannot see."""

    text: str
    hidden: tuple[Hidden, ...]
    # ink outside every glyph's box and every part of the letter the caller named
    # (check/stray.py), as boxes in page space; empty when no parts were named
    stray: tuple[Box, ...] = ()
    printed: tuple[Box, ...] = ()  # the same, on the page as printed, where none is on screen
    # the lines the letter draws (the caller's parts no more than MAX_LINE_HEIGHT high: the
    # letterhead's rule, the lines to sign on) that the rendered page does not show whole
    missing: tuple[Box, ...] = ()


def read_ink(path: Path | bytes, name: str = "",
             drawn: Sequence[Sequence[Box]] | None = None,
             pages: int | None = None) -> tuple[PageInk, ...]:
    """Render every page of the PDF (a file, or its bytes named ``name`` in messages) and
    find the characters nobody can see. With ``drawn`` (for each page, the boxes of what
    the letter draws besides text: rules, the logo), also the ink that is none of those nor
    a glyph nor a signature's widget; a page past the end of ``drawn`` may hold only text.
    With ``pages``, only the first ``pages`` pages: the letter's own, when enclosures are
    appended after them (those are compared with their files: check/enclosures.py)."""
    from .readback import read_pdf_file

    where = name or (str(path) if isinstance(path, Path) else "the PDF")
    with _opened(read_pdf_file(path) if isinstance(path, Path) else path, where) as document:
        count = len(document) if pages is None else min(pages, len(document))
        return tuple(_page(document[i], None if drawn is None else
                           (drawn[i] if i < len(drawn) else ()))
                     for i in range(count))


@contextmanager
def _opened(data: bytes, name: str) -> Iterator[Any]:
    """The PDF ``data`` opened by PDFium, its streams first decoded within bounds (PDFium
    decodes what it renders without a limit), with its form environment (widgets, a
    signature's stamp or any form field, are drawn only through it: without it a widget could
    cover text nobody judged). PDFium's failures are ReadbackErrors naming ``name``."""
    import pypdfium2 as pdfium

    from .bounds import bounded

    try:
        document = pdfium.PdfDocument(data)
        document.init_forms()
    except pdfium.PdfiumError as exc:
        raise ReadbackError(f"{name}: PDFium cannot open the PDF ({exc})") from exc
    try:
        bounded(data, name)
        yield document
    except pdfium.PdfiumError as exc:  # a page PDFium cannot load (a broken page tree)
        raise ReadbackError(f"{name}: PDFium cannot read a page ({exc})") from exc
    finally:
        document.close()


@dataclass(frozen=True, slots=True)
class PageImage:
    """One page rendered grey at 72 dpi (rows of ``stride`` bytes), with the pixel boxes of
    its widget annotations (signature stamps), to compare one revision with another."""

    width: int
    height: int
    stride: int
    data: bytes = dataclasses.field(repr=False)
    widgets: tuple[tuple[int, int, int, int], ...] = ()


def page_images(data: bytes, name: str, first: int = 0) -> tuple[PageImage, ...]:
    """Every page of the PDF ``data`` (named ``name`` in messages) as a reader sees it, from
    the page of index ``first`` on."""
    out = []
    with _opened(data, name) as document:
        for i in range(first, len(document)):
            page = document[i]
            bitmap = page.render(scale=1.0, grayscale=True)
            try:
                pixels = _Pixels(page, bitmap)
                out.append(PageImage(pixels.width, pixels.height, pixels.stride,
                                     bytes(pixels.data), tuple(pixels.to_pixels(box)
                                                               for box in _widgets(page))))
            finally:
                bitmap.close()
    return tuple(out)


def _page(page: Any, drawn: Sequence[Box] | None = None) -> PageInk:
    textpage = page.get_textpage()
    try:
        text = _text(textpage)
        glyphs = _glyphs(textpage.raw, text, _text_styles(page.raw))
        # with annotations, as a viewer shows the page: one can be drawn over text too
        bitmap = page.render(scale=SCALE, grayscale=True)
        try:
            pixels = _Pixels(page, bitmap)
            # the crop box cut to the media box: the page PDFium renders and a viewer shows
            hidden = _hidden(glyphs, page.get_bbox(), pixels, _Painted(page))
            hidden += _piled(glyphs, text, {h.index for h in hidden})
            stray = () if drawn is None else _stray(page, glyphs, pixels, drawn)
            missing = () if drawn is None else _missing(pixels, drawn)
        finally:
            bitmap.close()
        on_paper, printed = _printed(page, glyphs, drawn, hidden, stray)
    finally:
        textpage.close()
    return PageInk(text.translate(LINE_END_HYPHENS), hidden + on_paper, stray, printed,
                   missing)


ON_PAPER_ONLY = "covered on paper only, by an annotation that prints over it"


def _printed(page: Any, glyphs: _Glyphs, drawn: Sequence[Box] | None,
             hidden: tuple[Hidden, ...], stray: tuple[Box, ...]
             ) -> tuple[tuple[Hidden, ...], tuple[Box, ...]]:
    """What the page as printed hides and adds where the screen did not: annotations are
    drawn by their print flags there (a white box marked NoView covers a word only on paper,
    a stamp marked NoView prints "VOID" only on paper). The glyphs seen on screen are judged
    again on the printed page, and (with ``drawn``) its stray ink is found again. A page
    without annotations prints as it shows (optional content, the other difference, is named
    by check/contents.py), so it is not rendered again."""
    import pypdfium2.raw as raw

    from .inkmap import unclear

    if not raw.FPDFPage_GetAnnotCount(page.raw):
        return (), ()
    bitmap = page.render(scale=SCALE, grayscale=True, extra_flags=raw.FPDF_PRINTING)
    try:
        pixels = _Pixels(page, bitmap)
        seen = {h.index for h in hidden}
        t, crop = CROP_TOLERANCE_PT, page.get_bbox()
        covered = tuple(  # as _hidden judges them, of those it found visible on screen
            Hidden(glyphs.index[k], ON_PAPER_ONLY)
            for k, box in unclear(glyphs.boxes, glyphs.plain,
                                  (crop[0] - t, crop[1] - t, crop[2] + t, crop[3] + t),
                                  pixels.raster(), PAD_PX, MIN_CONTRAST)
            if glyphs.index[k] not in seen and glyphs.obj(k) and box[0] < box[2]
            and box[1] < box[3] and not pixels.inked(*box))
        found = () if drawn is None else _stray(page, glyphs, pixels, drawn)
    finally:
        bitmap.close()
    return covered, tuple(box for box in found if not any(_overlap(box, other)
                                                          for other in stray))


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _piled(glyphs: _Glyphs, text: str, judged: set[int]) -> tuple[Hidden, ...]:
    """Glyphs drawn over the one before them on their line (negative letter spacing, a
    string shown again on top of itself): two characters in a row whose boxes share more
    than MAX_OVERLAP of the narrower one's width and SAME_LINE of the lower one's height (a
    line turned far enough to make boxes overlap steps up or down at each glyph). A reader
    sees one blot where the text layer has two letters. The second half of a character
    outside the BMP (two indices, one box) is the same glyph, not another."""
    from .inkmap import piled

    out = []
    for k in piled(glyphs.boxes, glyphs.index, MAX_OVERLAP, SAME_LINE):
        at = glyphs.index[k]
        if at not in judged and not "\udc00" <= text[at] <= "\udfff":
            out.append(Hidden(at, "drawn over the character before it", seen=True))
    return tuple(out)


def _stray(page: Any, glyphs: _Glyphs, pixels: _Pixels, drawn: Sequence[Box]
           ) -> tuple[Box, ...]:
    """The regions of ink outside the glyphs' boxes, ``drawn`` and signature widgets."""
    from .stray import stray_on_page

    regions = stray_on_page(pixels.data, pixels.width, pixels.height, pixels.stride,
                            (pixels.origin, pixels.x_axis, pixels.y_axis), glyphs.boxes,
                            len(glyphs.index), drawn, _widgets(page))
    return tuple(pixels.to_page(region) for region in regions)


MAX_LINE_HEIGHT = 2.0  # points: a part of the letter no higher than this is a drawn line
LINE_PIECE = 3.0  # points: a line is judged piece by piece, each of them this long
INK = 235  # a pixel darker than this is ink (check/stray.py's PAPER)


def _missing(pixels: _Pixels, drawn: Sequence[Box]) -> tuple[Box, ...]:
    """The lines among ``drawn`` that the page does not show whole: a piece of one with no
    pixel of ink (a line removed, painted over, cut short or moved away)."""
    out = []
    for box in drawn:
        left, bottom, right, top = box
        if top - bottom > MAX_LINE_HEIGHT or right <= left:
            continue
        count = max(1, math.floor((right - left) / LINE_PIECE))
        step = (right - left) / count
        for k in range(count):
            x0, y0, x1, y1 = pixels.to_pixels((left + k * step, bottom, left + (k + 1) * step,
                                               top))
            x0, x1 = max(0, x0), min(pixels.width, x1)
            y0, y1 = max(0, y0 - PAD_PX), min(pixels.height, y1 + PAD_PX)
            if x1 <= x0 or y1 <= y0 or not any(
                    min(pixels.data[y * pixels.stride + x0:y * pixels.stride + x1]) < INK
                    for y in range(y0, y1)):
                out.append(box)
                break
    return tuple(out)


def _widgets(page: Any) -> list[Box]:
    """The rectangles of the page's widget annotations (a signature's stamp is one; any other
    kind of widget is named by check/contents.py)."""
    import pypdfium2.raw as raw

    out = []
    for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, i)
        try:
            rect = raw.FS_RECTF()
            if (raw.FPDFAnnot_GetSubtype(annot) == raw.FPDF_ANNOT_WIDGET
                    and raw.FPDFAnnot_GetRect(annot, rect)):
                out.append((rect.left, min(rect.bottom, rect.top), rect.right,
                            max(rect.bottom, rect.top)))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return out


def _text(textpage: Any) -> str:
    """One character per character index: the page's text in one call, or (if a character
    outside the BMP made the two counts differ) one call per character."""
    import pypdfium2.raw as raw

    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) == count:
        return str(text)
    return "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, i)) for i in range(count))


class _Glyphs:
    """The characters of a text page that may draw something: glyph k is character
    ``index[k]``, with box ``boxes[k]`` (left, right, bottom, top: PDFium's order) in page
    space, drawn by the text object at address ``obj(k)`` (0 for a character PDFium made up);
    ``styles`` has each text object's render mode and size; ``plain[k]`` says that glyph k's
    style hides nothing."""

    def __init__(self, textpage: int, index: list[int], objs: list[int] | None, boxes: Any,
                 styles: dict[int, tuple[int, float, str]], plain: list[bool]) -> None:
        self.textpage, self.index, self.objs, self.boxes = textpage, index, objs, boxes
        self.styles, self.plain = styles, plain

    def obj(self, k: int) -> int:
        if self.objs is not None:
            return self.objs[k]
        obj = _calls()[0](self.textpage, self.index[k]) or 0
        if obj and obj not in self.styles:
            self.styles[obj] = _style(obj)
        return int(obj)


def _glyphs(textpage: Any, text: str, styles: dict[int, tuple[int, float, str]] | None) -> _Glyphs:
    """The characters that may draw something, with their boxes. Two PDFium calls per
    character, through prototypes that take plain addresses, and the box written straight
    into one array: a long letter's check spends much of its time here, and pypdfium2's
    handle objects and ctypes' boxed doubles cost more than the calls themselves.

    When ``styles`` (every text object of the page) hide nothing, no glyph's object is asked
    for: each is plain whatever object draws it, and the few glyphs without plain ink are
    traced to their objects afterwards. Otherwise each glyph's object is read here."""
    handle = _address(textpage)
    get_object, get_box = _calls()
    if styles is not None and all(_plain(style) for style in styles.values()):
        # spaces and the line ends PDFium adds draw nothing: they are not looked at
        indices = [index for index, char in enumerate(text) if not char.isspace()]
        boxes = (ctypes.c_double * (4 * len(indices)))()
        at = ctypes.addressof(boxes)
        for index in indices:
            get_box(handle, index, at, at + 8, at + 16, at + 24)  # left, right, bottom, top
            at += 32
        return _Glyphs(handle, indices, None, boxes, styles, [True] * len(indices))
    styles = {}
    boxes = (ctypes.c_double * (4 * len(text)))()
    at = ctypes.addressof(boxes)
    indices, objs = [], []
    for index, char in enumerate(text):
        obj = None if char.isspace() else get_object(handle, index)
        if not obj:
            continue  # a space, or a line end PDFium made up: nothing to see
        if obj not in styles:
            styles[obj] = _style(obj)
        get_box(handle, index, at, at + 8, at + 16, at + 24)
        at += 32
        indices.append(index)
        objs.append(obj)
    plain = [_plain(styles[obj]) for obj in objs]
    return _Glyphs(handle, indices, objs, boxes, styles, plain)


def _text_styles(page: Any) -> dict[int, tuple[int, float, str]] | None:
    """The render mode and size of every text object of the page, those inside form
    XObjects included (by address), or None if forms nest deeper than MAX_FORM_DEPTH (then
    some text object could be missed)."""
    import pypdfium2.raw as raw

    styles: dict[int, tuple[int, float, str]] = {}
    todo: list[tuple[Any, int]] = [(None, 0)]  # a form object and its depth; None: the page
    while todo:
        form, depth = todo.pop()
        count = raw.FPDFFormObj_CountObjects(form) if form else raw.FPDFPage_CountObjects(page)
        for i in range(count):
            obj = raw.FPDFFormObj_GetObject(form, i) if form else raw.FPDFPage_GetObject(page, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                styles[_address(obj)] = _style(obj)
            elif kind == raw.FPDF_PAGEOBJ_FORM and raw.FPDFFormObj_CountObjects(obj) > 0:
                if depth + 1 >= MAX_FORM_DEPTH:
                    return None
                todo.append((obj, depth + 1))
    return styles


def _calls() -> tuple[Any, Any]:
    """FPDFText_GetTextObject and FPDFText_GetCharBox with plain address arguments."""
    import pypdfium2.raw as raw

    address = ctypes.c_void_p
    get_object = ctypes.CFUNCTYPE(address, address, ctypes.c_int)(
        _entry(raw.FPDFText_GetTextObject))
    get_box = ctypes.CFUNCTYPE(ctypes.c_int, address, ctypes.c_int, *[address] * 4)(
        _entry(raw.FPDFText_GetCharBox))
    return get_object, get_box


def _entry(function: Any) -> int:
    """The address of a PDFium function, to call it through another prototype."""
    return ctypes.cast(function, ctypes.c_void_p).value or 0


def _style(obj: Any) -> tuple[int, float, str]:
    """A text object's render mode, its size on the page (font size times the scale of its
    matrix, which PDFium composes from the text and transformation matrices) and how that
    matrix distorts its glyphs ("" for none; turned is not distorted). (Its colour is judged on
    the rendered page, against what actually lies under it.)"""
    import pypdfium2.raw as raw

    if isinstance(obj, int):
        obj = ctypes.cast(obj, raw.FPDF_PAGEOBJECT)
    matrix, size = raw.FS_MATRIX(), ctypes.c_float()
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    raw.FPDFTextObj_GetFontSize(obj, size)
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
    return (raw.FPDFTextObj_GetTextRenderMode(obj), size.value * scale,
            _distortion(matrix.a, matrix.b, matrix.c, matrix.d))


def _distortion(a: float, b: float, c: float, d: float) -> str:
    """How the matrix [a b c d] changes a glyph's shape, beyond turning and scaling it alike
    in both directions: mirrored, slanted, or squashed (its width against its height)."""
    across, up = math.hypot(a, b), math.hypot(c, d)
    if across == 0 or up == 0:
        return "squashed flat"
    if a * d - b * c < 0:
        return "mirrored"
    if abs(a * c + b * d) / (across * up) > MAX_SLANT:
        return "slanted"
    ratio = across / up
    if not 1 / MAX_SQUASH <= ratio <= MAX_SQUASH:
        return f"squashed to {ratio:.0%} of its width"
    return ""


def _address(handle: Any) -> int:
    return ctypes.c_void_p.from_buffer(handle).value or 0


def _hidden(glyphs: _Glyphs, crop: Box, pixels: _Pixels,
            later: _Painted) -> tuple[Hidden, ...]:
    """The glyphs nobody can see, each with its reason. inkmap clears the plainly visible
    ones in bulk; each of the rest is judged here, the first failing test giving its reason:
    render mode, crop box, size, ink."""
    from .inkmap import unclear

    t = CROP_TOLERANCE_PT
    c0, c1, c2, c3 = crop[0] - t, crop[1] - t, crop[2] + t, crop[3] + t
    out = []
    for k, (left, bottom, right, top) in unclear(glyphs.boxes, glyphs.plain, (c0, c1, c2, c3),
                                                 pixels.raster(), PAD_PX, MIN_CONTRAST):
        obj = glyphs.obj(k)
        if not obj:
            continue  # a character PDFium made up: nothing to see
        before, after = _style_verdict(*glyphs.styles[obj])
        if before:
            reason = before
        elif left < c0 or bottom < c1 or right > c2 or top > c3:
            reason = "outside the page (its crop box)"
        elif after:
            reason = after
        elif right <= left or top <= bottom or pixels.inked(left, bottom, right, top):
            shape = glyphs.styles[obj][2]
            if not shape:
                continue
            out.append(Hidden(glyphs.index[k], f"drawn {shape}", seen=True))
            continue  # seen, but as another shape than the letter's
        else:
            reason = _why_no_ink(glyphs.styles[obj][0], obj, (left, bottom, right, top),
                                 pixels, later)
        out.append(Hidden(glyphs.index[k], reason))
    return tuple(out)


def _style_verdict(mode: int, size: float, shape: str = "") -> tuple[str, str]:
    """What a text object's style says of each of its glyphs: before the crop box is looked
    at (its render mode paints nothing) and after (it is too small to read). A distorted
    ``shape`` is judged last, on a glyph that does leave ink (see _hidden)."""
    if mode in INVISIBLE_MODES:
        return f"drawn in {INVISIBLE_MODES[mode]}", ""
    if size < MIN_SIZE_PT:
        return "", f"too small to read ({size:.2f} pt)"
    return "", ""


def _plain(style: tuple[int, float, str]) -> bool:
    """A style that hides nothing and distorts nothing: its glyphs may be cleared in bulk."""
    return _style_verdict(*style) == ("", "") and not style[2]


def _why_no_ink(mode: int, obj: int, box: Box, pixels: _Pixels, later: _Painted) -> str:
    """Why a glyph of text object ``obj`` drawn in a paint mode, on the page, at a legible
    size left no ink."""
    cover = later.cover(obj, box)
    if cover:
        return f"covered by {cover} drawn later"
    background = pixels.level(box)
    if any(abs(grey - background) < MIN_CONTRAST for grey in _paint(mode, obj)):
        return "its colour does not contrast with what lies under it"
    return "nothing of it is drawn (it is clipped away, or in a hidden layer)"


def _paint(mode: int, obj: int) -> list[int]:
    """The grey levels (0 black, 255 white) a text object paints its glyphs with: the fill
    colour, the stroke colour, or both, as its render mode says (ISO 32000-1 9.3.6)."""
    import pypdfium2.raw as raw

    handle = ctypes.cast(obj, raw.FPDF_PAGEOBJECT)
    getters = {0: (raw.FPDFPageObj_GetFillColor,), 1: (raw.FPDFPageObj_GetStrokeColor,),
               2: (raw.FPDFPageObj_GetFillColor, raw.FPDFPageObj_GetStrokeColor)}
    out = []
    for get in getters[mode % 4]:
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        if get(handle, r, g, b, a):
            out.append(round(0.299 * r.value + 0.587 * g.value + 0.114 * b.value))
    return out


def _contains(outer: Box, inner: Box) -> bool:
    x, y = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]


class _Pixels:
    """The rendered page, grey, and the contrast inside a box given in page space."""

    def __init__(self, page: Any, bitmap: Any) -> None:
        self.width: int = bitmap.width
        self.height: int = bitmap.height
        self.stride: int = bitmap.stride
        self.origin, self.x_axis, self.y_axis = _affine(page, self.width, self.height)
        # a view, not a copy: the bitmap outlives every use of it (closed after _hidden)
        self.data = memoryview(bitmap.buffer).cast("B")

    def raster(self) -> tuple[memoryview, int, int, int, tuple[tuple[float, float], ...]]:
        """The grey page for inkmap: data, width, height, stride and the affine to pixels."""
        return self.data, self.width, self.height, self.stride, (
            self.origin, self.x_axis, self.y_axis)

    def inked(self, left: float, bottom: float, right: float, top: float) -> bool:
        """Whether the darkest and the lightest pixel in the box (page space, widened by
        PAD_PX) differ by MIN_CONTRAST or more. The middle row is read first: nearly every
        glyph has ink and background in its middle row, which then settles it. Called once
        a glyph, so the mapping to pixels is written out here."""
        (ox, oy), (xx, xy), (yx, yy) = self.origin, self.x_axis, self.y_axis
        ax, ay = ox + left * xx + bottom * yx, oy + left * xy + bottom * yy
        bx, by = ox + right * xx + top * yx, oy + right * xy + top * yy
        x0 = max(0, math.floor(ax if ax < bx else bx) - PAD_PX)
        x1 = min(self.width, math.ceil(bx if ax < bx else ax) + PAD_PX)
        y0 = max(0, math.floor(ay if ay < by else by) - PAD_PX)
        y1 = min(self.height, math.ceil(by if ay < by else ay) + PAD_PX)
        if x1 <= x0 or y1 <= y0:
            return False
        start = (y0 + y1) // 2 * self.stride
        row = self.data[start + x0:start + x1]
        if max(row) - min(row) >= MIN_CONTRAST:
            return True
        darkest, lightest = 255, 0
        for y in range(y0, y1):
            row = self.data[y * self.stride + x0:y * self.stride + x1]
            darkest, lightest = min(darkest, min(row)), max(lightest, max(row))
            if lightest - darkest >= MIN_CONTRAST:
                return True
        return False

    def to_pixels(self, box: Box) -> tuple[int, int, int, int]:
        """The pixels (left, top, right, bottom; right and bottom excluded) a page-space box
        covers."""
        (ox, oy), (xx, xy), (yx, yy) = self.origin, self.x_axis, self.y_axis
        xs, ys = [], []
        for px, py in ((box[0], box[1]), (box[2], box[3]), (box[0], box[3]), (box[2], box[1])):
            xs.append(ox + px * xx + py * yx)
            ys.append(oy + px * xy + py * yy)
        return (math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)),
                math.ceil(max(ys)))

    def to_page(self, pixels: tuple[int, int, int, int]) -> Box:
        """The page-space box (left, bottom, right, top) of a box of pixels."""
        (ox, oy), (xx, xy), (yx, yy) = self.origin, self.x_axis, self.y_axis
        det = xx * yy - xy * yx
        corners = []
        for dx, dy in ((pixels[0], pixels[1]), (pixels[2], pixels[3]), (pixels[0], pixels[3]),
                       (pixels[2], pixels[1])):
            x, y = dx - ox, dy - oy
            corners.append(((x * yy - y * yx) / det, (y * xx - x * xy) / det))
        return (min(c[0] for c in corners), min(c[1] for c in corners),
                max(c[0] for c in corners), max(c[1] for c in corners))

    def level(self, box: Box) -> int:
        """The grey level at the middle of ``box``: what a glyph without ink lies on (the
        nearest pixel of the page, for a box lying past its edge within the tolerance)."""
        (ox, oy), (xx, xy), (yx, yy) = self.origin, self.x_axis, self.y_axis
        mx, my = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        x = min(max(math.floor(ox + mx * xx + my * yx), 0), self.width - 1)
        y = min(max(math.floor(oy + mx * xy + my * yy), 0), self.height - 1)
        return self.data[y * self.stride + x]


def _affine(page: Any, width: int, height: int) -> tuple[tuple[float, float], ...]:
    """Where page space's origin and unit vectors land in the bitmap. PDFium maps the crop
    box and the page's rotation; asking it for three points costs three calls per page
    instead of two per glyph. Page to device it answers in whole pixels (half a pixel off
    where the crop box does not begin on a pixel edge), so the other way is asked, device to
    page in doubles, for points 1000 pixels apart, and that map is inverted."""
    import pypdfium2.raw as raw

    points = []
    for dx, dy in ((0, 0), (1000, 0), (0, 1000)):
        px, py = ctypes.c_double(), ctypes.c_double()
        raw.FPDF_DeviceToPage(page, 0, 0, width, height, 0, dx, dy, px, py)
        points.append((px.value, py.value))
    (ox, oy), (ax, ay), (bx, by) = points
    ux, uy, vx, vy = (ax - ox) / 1000, (ay - oy) / 1000, (bx - ox) / 1000, (by - oy) / 1000
    det = ux * vy - uy * vx  # page = o + device x * u + device y * v
    x_axis, y_axis = (vy / det, -uy / det), (-vx / det, ux / det)
    return ((-ox * x_axis[0] - oy * y_axis[0], -ox * x_axis[1] - oy * y_axis[1]),
            x_axis, y_axis)


class _Painted:
    """What each page object paints and where, in drawing order; read from the page only when
    a glyph without ink needs explaining (a faithful letter never asks)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.objects: list[tuple[str, int, Box]] = []  # kind, nesting level, bounds
        self.annotations: list[tuple[str, int, Box]] = []  # level 0: in page space
        self.text_at: dict[int, int] | None = None

    def cover(self, obj: int, box: Box) -> str:
        """What is painted over the middle of ``box`` after text object ``obj``, or "": a page
        object or an annotation. Text inside a form XObject is covered by what the page draws
        after that form; objects inside forms are skipped as covers (their bounds are in the
        form's space)."""
        if self.text_at is None:
            self._read()
        assert self.text_at is not None
        start = self.text_at.get(obj)
        later = self.objects[start + 1:] if start is not None else []
        return next((kind for kind, level, bounds in later + self.annotations
                     if level == 0 and kind != "text" and _contains(bounds, box)), "")

    def _read(self) -> None:
        import pypdfium2.raw as raw

        self.text_at = {}
        for obj in self.page.get_objects(max_depth=MAX_FORM_DEPTH):
            kind = _kind(obj)
            if kind == "text":
                self.text_at[_address(obj.raw)] = len(self.objects)
            self.objects.append((kind, obj.level, obj.get_bounds()))
        # annotations are drawn after the page's content (ISO 32000-1 12.5.5)
        names = {getattr(raw, n): n.removeprefix("FPDF_ANNOT_").title() for n in dir(raw)
                 if n.startswith("FPDF_ANNOT_") and isinstance(getattr(raw, n), int)}
        for i in range(raw.FPDFPage_GetAnnotCount(self.page.raw)):
            annot = raw.FPDFPage_GetAnnot(self.page.raw, i)
            rect = raw.FS_RECTF()
            subtype = raw.FPDFAnnot_GetSubtype(annot)
            if subtype not in (raw.FPDF_ANNOT_LINK, raw.FPDF_ANNOT_POPUP) and \
                    raw.FPDFAnnot_GetRect(annot, rect):
                box = (min(rect.left, rect.right), min(rect.bottom, rect.top),
                       max(rect.left, rect.right), max(rect.bottom, rect.top))
                self.annotations.append((f"an annotation ({names.get(subtype, '?')})", 0, box))
            raw.FPDFPage_CloseAnnot(annot)


def _kind(obj: Any) -> str:
    """What a page object paints, in words ("" for what paints nothing here)."""
    import pypdfium2.raw as raw

    if obj.type == raw.FPDF_PAGEOBJ_TEXT:
        return "text"
    if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
        return "an image"
    if obj.type == raw.FPDF_PAGEOBJ_SHADING:
        return "a shading"
    if obj.type == raw.FPDF_PAGEOBJ_FORM:
        return "a form XObject"
    if obj.type != raw.FPDF_PAGEOBJ_PATH:
        return ""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
    if not fill.value:
        return "a stroked line" if stroke.value else ""
    # "x y w h re f" is a move, three lines and a close: at most five segments
    return "a filled rectangle" if raw.FPDFPath_CountSegments(obj.raw) <= 5 else "a filled shape"
