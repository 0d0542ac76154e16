"""A built letter tampered with as a forger would (text hidden, painted over, moved off the
page), and the findings check gives for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium

from helpers import SAMPLE
from letterpress.check.compare import Finding
from letterpress.fonts import FontSet
from letterpress.pipeline import check
from letterpress.world import World


def tamper(src: Path, dst: Path, edit: Callable[[bytes], bytes], page: int = 0) -> Path:
    """``dst``: ``src`` with the content stream of ``page`` replaced by ``edit`` of it."""
    with pikepdf.open(src) as pdf:
        target = pdf.pages[page]
        target.contents_coalesce()
        target.obj.Contents = pdf.make_stream(edit(target.obj.Contents.read_bytes()))
        pdf.save(dst)
    return dst


def box_of(pdf: Path, text: str, page: int = 0) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) around the first occurrence of ``text`` on
    ``page``, found with PDFium as a test's own measuring tape."""
    document = pdfium.PdfDocument(pdf)
    textpage = document[page].get_textpage()
    start = textpage.get_text_range().index(text)
    boxes = [textpage.get_charbox(i) for i in range(start, start + len(text))]
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
           max(b[2] for b in boxes), max(b[3] for b in boxes))
    textpage.close()
    document.close()
    return box


def findings(pdf: Path, fonts: FontSet, source: Path = SAMPLE) -> tuple[Finding, ...]:
    out = check(source, pdf, World(fonts))
    assert all(isinstance(f, Finding) for f in out)
    return out  # type: ignore[return-value]


def hidden_fields(found: tuple[Finding, ...], reason: str) -> set[tuple[str, int]]:
    return {(f.field, f.page) for f in found if f.message == "text is not visible: " + reason}


WHOLE_PAGE_TAMPERING = {
    "render mode 3": (lambda d: d.replace(b"BT", b"BT 3 Tr"),
                      r"drawn in render mode 3 \(invisible\)"),
    "painted white": (lambda d: d.replace(b"BT", b"BT 1 1 1 rg"),
                      "its colour does not contrast with what lies under it"),
    "moved off the page": (lambda d: b"q 1 0 0 1 2000 0 cm\n" + d + b"\nQ",
                           r"outside the page \(its crop box\)"),
    "scaled to 1 %": (lambda d: b"q 0.01 0 0 0.01 0 0 cm\n" + d + b"\nQ",
                      r"too small to read \(0\.\d\d pt\)"),
    "covered by a white rectangle": (lambda d: d + b"\nq 1 1 1 rg 0 0 595 842 re f Q",
                                     "covered by a filled rectangle drawn later"),
    "outlined in white": (lambda d: d.replace(b"BT", b"BT 1 Tr 1 1 1 RG"),
                          "its colour does not contrast with what lies under it"),
    "clipped away": (lambda d: b"q 0 0 1 1 re W n\n" + d + b"\nQ",
                     r"nothing of it is drawn \(it is clipped away, or in a hidden layer\)"),
}
