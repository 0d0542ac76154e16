"""Reading a PDF back: the one module that imports pypdf.

What comes out is plain data (:class:`PdfText`) for ``compare.py`` to judge; nothing here
decides whether the PDF is right. pypdf is imported inside the functions because its import
costs ~100 ms and a build that does not read back must not pay it (docs/libraries.md).

pypdf reports repairs of a damaged file through the ``pypdf`` logger. They are collected in
``PdfText.warnings`` instead of reaching the user's terminal as stray log lines; its
deprecation *warnings* are left alone, since they mean our code needs fixing.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ReadbackError

METADATA_KEYS = ("Title", "Author", "Subject", "Keywords", "CreationDate")
FONT_FILE_KEYS = ("/FontFile", "/FontFile2", "/FontFile3")
# Form XObjects can nest; a damaged or hostile file could make them loop.
MAX_FORM_DEPTH = 8


@dataclass(frozen=True, slots=True)
class PdfText:
    """What a PDF says, as pypdf reads it.

    ``pages`` holds ``page.extract_text()`` of each page. ``metadata`` has the keys Title,
    Author, Subject, Keywords, CreationDate (from the document information) and Lang (from the
    catalog), each only when present. ``links`` lists (page index, URI) of every URI link
    annotation. ``fonts`` lists the BaseFont of every font resource used by any page (first
    occurrence order, no repeats), on the page or in the forms it draws, nested at most
    MAX_FORM_DEPTH - 1 deep (a page whose forms nest deeper is named in ``misread``);
    ``unembedded`` those of them whose font program is not in the file.
    """

    pages: tuple[str, ...]
    metadata: dict[str, str]
    links: tuple[tuple[int, str], ...]
    fonts: tuple[str, ...]
    unembedded: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # repairs pypdf logged while reading: a damaged file
    # What the file holds beyond pages of text, links and fonts, that a letter never holds:
    # (page index, or -1 for the document; a description), e.g. (0, "a /Launch action").
    extras: tuple[tuple[int, str], ...] = ()
    # The XMP metadata, with the keys of ``metadata`` (Title, Author, Subject, Keywords,
    # Lang) for the XMP properties that say the same (dc:title, dc:creator, dc:description,
    # pdf:Keywords, dc:language); None when the file has no readable XMP.
    xmp: dict[str, str] | None = None
    # The files the PDF carries: (where, name, SHA-256) for each /AF entry ("AF") and each
    # /EmbeddedFiles name ("EmbeddedFiles"), so that a judge can see that both agree.
    attachments: tuple[tuple[str, str, str], ...] = field(default=())
    # Where glyphs and the text layer part ways (check/glyphs.py): (page index, what), e.g.
    # a /ToUnicode map that reads the glyph of "9" as "4", or an /ActualText span.
    misread: tuple[tuple[int, str], ...] = ()
    # ``fonts`` page by page: those each page uses (so that the letter's own pages can be
    # judged apart from the pages of an enclosure appended after them)
    page_fonts: tuple[tuple[str, ...], ...] = ()


def read_pdf(path: Path) -> PdfText:
    """Read the text, metadata, links and fonts of the PDF at ``path``."""
    return read_pdf_bytes(read_pdf_file(path), str(path))


def read_pdf_file(path: Path) -> bytes:
    """The bytes of the PDF at ``path``: a regular file under the size limit, never a device."""
    from ..world import Unreadable, read_file

    try:
        return read_file(path, "pdf")
    except Unreadable as exc:
        raise ReadbackError(f"{path}: cannot read the file ({exc.reason})", hint=exc.hint
                            ) from None


def read_pdf_bytes(data: bytes, name: str) -> PdfText:
    """Like :func:`read_pdf` for bytes in memory; ``name`` is used in error messages."""
    if not data:
        raise ReadbackError(f"{name}: not a PDF file (the file is empty)")
    # ISO 32000-1 7.5.2 allows the header anywhere in the first 1024 bytes.
    if b"%PDF-" not in data[:1024]:
        raise ReadbackError(f"{name}: not a PDF file (it starts with {data[:12]!r})")
    from pypdf.errors import LimitReachedError

    with _pypdf_log() as log:
        try:
            text = _extract(data)
        except ReadbackError as exc:
            raise ReadbackError(f"{name}: {exc}") from None
        except LimitReachedError:  # pypdf's own bound on what one stream may inflate to
            raise ReadbackError(f"{name}: a stream that decodes to more than pypdf reads "
                                "(75 MB), more than any letter holds") from None
        except Exception as exc:  # pypdf raises many types on a damaged file, not only its own
            raise ReadbackError(
                f"{name}: cannot read the PDF ({type(exc).__name__}: {exc})"
            ) from exc
    return replace(text, warnings=tuple(log))


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _pypdf_log() -> Iterator[list[str]]:
    """Collect what pypdf logs while reading, instead of letting it reach the root logger."""
    logger = logging.getLogger("pypdf")
    handler = _ListHandler()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _extract(data: bytes) -> PdfText:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ReadbackError("the PDF is encrypted; letterpress reads only unencrypted PDFs")
    pages = tuple(page.extract_text() for page in reader.pages)
    fonts: dict[str, bool] = {}
    page_fonts = []
    for page in reader.pages:
        used: dict[str, bool] = {}
        _collect_fonts(_value(page, "/Resources"), used, MAX_FORM_DEPTH)
        page_fonts.append(tuple(used))
        for font, embedded in used.items():
            fonts[font] = fonts.get(font, True) and embedded
    from .contents import attachments, extras, xmp
    from .glyphs import actual_text, glyph_problems

    deep: set[int] = set()  # the pages whose forms nest past MAX_FORM_DEPTH
    return PdfText(
        pages=pages,
        metadata=_metadata(reader),
        links=tuple(_links(reader)),
        fonts=tuple(fonts),
        page_fonts=tuple(page_fonts),
        unembedded=tuple(name for name, embedded in fonts.items() if not embedded),
        extras=tuple(extras(reader)),
        xmp=xmp(reader),
        attachments=tuple(attachments(reader)),
        misread=tuple(glyph_problems(_font_objects(reader, deep)))
        + tuple((index, f"forms nested more than {MAX_FORM_DEPTH - 1} deep: the fonts they "
                 "use cannot be verified") for index in sorted(deep))
        + tuple(m for index, page in enumerate(reader.pages)
                for m in actual_text(index, _content(page))),
    )


def _font_objects(reader: Any, deep: set[int]) -> Iterator[tuple[int, Any]]:
    """(page index, font dictionary) of every font the pages use, each once, those of the
    forms they draw too (MAX_FORM_DEPTH deep, each form once); the index of each page whose
    forms nest deeper (fonts hidden from this search) is added to ``deep``."""
    seen: set[int] = set()
    for index, page in enumerate(reader.pages):
        stack = [(_value(page, "/Resources"), MAX_FORM_DEPTH)]
        forms: set[int] = set()
        while stack:
            resources, depth = stack.pop()
            if resources is None:
                continue
            if depth <= 0:
                deep.add(index)
                continue
            fonts = _value(resources, "/Font") or {}
            for key in fonts:
                font = fonts[key]
                font = font.get_object() if hasattr(font, "get_object") else font
                if id(font) not in seen:
                    seen.add(id(font))
                    yield index, font
            xobjects = _value(resources, "/XObject") or {}
            for key in xobjects:
                xobject = xobjects[key]
                if _value(xobject, "/Subtype") == "/Form" and id(xobject) not in forms:
                    forms.add(id(xobject))  # a form in its own resources is searched once
                    stack.append((_value(xobject, "/Resources"), depth - 1))


def _content(page: Any) -> bytes:
    """The page's content stream, decoded (pypdf bounds each stream it decodes)."""
    try:
        contents = page.get_contents()
        return b"" if contents is None else bytes(contents.get_data())
    except Exception:  # noqa: BLE001  (damage is reported by the text layer's reading)
        return b""


def _value(obj: Any, key: str) -> Any:
    """``obj[key]`` resolved, or None; pypdf's ``get`` can return an unresolved reference."""
    if obj is None or not hasattr(obj, "keys") or key not in obj:
        return None
    return obj[key]


def _text(value: Any) -> str:
    # A string that is not valid PDFDocEncoding/UTF-16 comes back as bytes.
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _metadata(reader: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    info = reader.metadata
    for key in METADATA_KEYS:
        value = _value(info, "/" + key)
        if value is not None:
            out[key] = _text(value)
    lang = _value(reader.trailer["/Root"], "/Lang")
    if lang is not None:
        out["Lang"] = _text(lang)
    return out


def _links(reader: Any) -> Iterator[tuple[int, str]]:
    for index, page in enumerate(reader.pages):
        for ref in _value(page, "/Annots") or ():
            annot = ref.get_object()
            action = _value(annot, "/A")
            if _value(annot, "/Subtype") == "/Link" and _value(action, "/S") == "/URI":
                yield index, _text(_value(action, "/URI"))


def _collect_fonts(resources: Any, fonts: dict[str, bool], depth: int) -> None:
    """Add every font of ``resources`` (and of the forms it draws) to ``fonts``."""
    if resources is None or depth <= 0:
        return
    font_dict = _value(resources, "/Font") or {}
    for key in font_dict:
        font = font_dict[key]
        name = _value(font, "/BaseFont") or _value(font, "/Name") or key
        name = str(name).removeprefix("/")
        fonts[name] = fonts.get(name, True) and _embedded(font)
    xobjects = _value(resources, "/XObject") or {}
    for key in xobjects:
        xobject = xobjects[key]
        if _value(xobject, "/Subtype") == "/Form":
            _collect_fonts(_value(xobject, "/Resources"), fonts, depth - 1)


def _embedded(font: Any) -> bool:
    if _value(font, "/Subtype") == "/Type3":
        return True  # its glyphs are content streams inside the file
    descendants = _value(font, "/DescendantFonts")
    if descendants:
        font = descendants[0].get_object()
    descriptor = _value(font, "/FontDescriptor")
    return any(_value(descriptor, key) is not None for key in FONT_FILE_KEYS)




@dataclass(frozen=True, slots=True)
class PageLines:
    """Where text stands on one page: its size and the baselines (points from the bottom
    edge) of every piece of text drawn on it, as pypdf reports them."""

    width: float
    height: float
    baselines: tuple[float, ...]
    annotations: tuple[tuple[float, float, float, float], ...] = ()  # their /Rect boxes


def last_page_lines(data: bytes, name: str, pages: int | None = None
                    ) -> tuple[int, PageLines]:
    """The index of the PDF's last page (of its first ``pages``: the letter's own, before
    the enclosures appended after them) and where its text stands (for placing a stamp)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        last = len(reader.pages) if pages is None else min(pages, len(reader.pages))
        page = reader.pages[last - 1]
        baselines: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
            if text.strip():  # x*b + y*d + f of the text matrix, in the page's space
                baselines.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        box = page.mediabox
        rects = tuple(_rect(ref.get_object()) for ref in _value(page, "/Annots") or ())
        return last - 1, PageLines(float(box.width), float(box.height),
                                                tuple(baselines), rects)
    except Exception as exc:  # pypdf raises many types on a damaged file, not only its own
        raise ReadbackError(f"{name}: cannot read the PDF ({type(exc).__name__}: {exc})") from exc


def _rect(annotation: Any) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in _value(annotation, "/Rect") or (0, 0, 0, 0))
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)
