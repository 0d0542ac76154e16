"""An enclosure's pages appended after the letter's: the one step after ReportLab (pikepdf).

ReportLab writes the letter, every file it read embedded (the enclosures among them, as
/AFRelationship /Supplement: :mod:`.catalog`); this step then appends the pages of each
enclosure PDF, in the order the letter lists them, each page as the enclosure has it: its
content streams, resources, media box, crop box and rotation unchanged (inherited values
made the page's own), the page's metadata that draws nothing left out (the keys
resolve/enclosures.py drops; every other key was refused there).

qpdf writes the whole file again, and what it writes keeps what PDF/A-3b asks of a file's
syntax (ISO 19005-3 6.1): the header and its binary comment, an end-of-line before every
``endstream``, a cross-reference table (no object or cross-reference streams), nothing after
``%%EOF``, and a trailer /ID computed from the content (``deterministic_id``), so the same
letter and enclosures give the same bytes. Streams are written as they are (nothing decoded
or compressed again), so the XMP metadata stays unfiltered and each page's bytes unchanged.

pikepdf is imported only here, and this module only when a letter appends a file: a letter
without one never loads it (tests/test_architecture.py).
"""

from __future__ import annotations

import io
from contextlib import ExitStack

from ..errors import RenderError
from ..resolve.enclosures import INHERITED, KEPT, inherited


def append_pages(letter: bytes, enclosures: tuple[bytes, ...]) -> bytes:
    """The PDF ``letter`` with every page of each PDF of ``enclosures`` after its own."""
    import pikepdf

    try:
        with ExitStack() as stack:
            pdf = stack.enter_context(pikepdf.open(io.BytesIO(letter)))
            for data in enclosures:
                # qpdf copies a foreign page's streams when the file is written: the
                # enclosure stays open until then
                other = stack.enter_context(pikepdf.open(io.BytesIO(data)))
                for page in other.pages:
                    for key in INHERITED:
                        if key not in page.obj:
                            value = inherited(page.obj, key)
                            if value is not None:
                                page.obj[key] = value
                    pdf.pages.append(page)
                    copied = pdf.pages[-1].obj
                    for key in [str(k) for k in copied]:
                        if key not in KEPT:
                            del copied[key]
                    for annotation in copied.get("/Annots", []):  # links to URLs only
                        if "/P" in annotation:
                            del annotation["/P"]
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True, compress_streams=False,
                     stream_decode_level=pikepdf.StreamDecodeLevel.none,
                     object_stream_mode=pikepdf.ObjectStreamMode.disable,
                     fix_metadata_version=False, normalize_content=False, linearize=False)
    except Exception as exc:  # qpdf raises its own and others; resolve judged the files
        raise RenderError(f"could not append the enclosures ({type(exc).__name__}: {exc})"
                          ) from None
    return out.getvalue()

