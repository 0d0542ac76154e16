"""The PDF writer: a laid-out Document and its options in, the PDF's bytes out.

One module per concern:
- :mod:`.options`    what to make (dates, identifier, standard, attachments, tagging);
- :mod:`.draw`       the pages onto the ReportLab canvas, one call per block;
- :mod:`.catalog`    document-level objects: the document information and, for PDF/A,
                     XMP metadata (:mod:`.xmp`), output intent, embedded sources;
- :mod:`.identifier` the file identifier, computed last from the bytes written;
- :mod:`.syntax`     how the file is written (ISO 19005-3 6.1: an EOL before `endstream`);
- :mod:`.subsets`    the fonts' subsets as ReportLab's objects, made before the file is;
- a structure tree for tagged PDF will be one more module beside these.

Reproducible bytes: ReportLab's invariant mode fixes its own timestamps; the dates come from
the options (the letter's date), and the /ID from the content.
"""

from __future__ import annotations

import io

from ..errors import RenderError
from ..fonts import FontSet
from ..layout.boxes import Document
from .options import Attachment, RenderOptions, Standard

__all__ = ["Attachment", "RenderOptions", "Standard", "render_pdf"]


def render_pdf(document: Document, fonts: FontSet, options: RenderOptions) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from .catalog import archival, describe, without_transitions
    from .draw import draw_page
    from .identifier import identify
    from .subsets import add_subsets
    from .syntax import well_formed

    if options.tagged:
        raise RenderError("tagged PDF (a structure tree) is not made yet")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(document.width, document.height), invariant=1,
                    initialFontName=fonts.name("regular"), lang=document.language,
                    pageCompression=1)
    well_formed(canvas._doc)
    identify(canvas._doc, options.identifier)
    describe(canvas, document, options)
    if options.standard == "PDF/A-3b":
        archival(canvas._doc, options)
    for page in document.pages:
        draw_page(canvas, page, fonts)
        canvas.showPage()
    if options.standard == "PDF/A-3b":
        without_transitions(canvas._doc)
    add_subsets(canvas._doc)
    try:
        canvas.save()
    except Exception as exc:  # ReportLab raises bare Exceptions from deep inside
        raise RenderError(f"ReportLab could not write the PDF: {exc}") from None
    return buffer.getvalue()
