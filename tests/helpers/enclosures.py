"""Enclosure PDFs made in the test with ReportLab (no committed binaries), a small letter
that encloses them, and the built letter with its pages rearranged as a forger would."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from helpers import REPO

FONT = "EnclosureSans"
pdfmetrics.registerFont(TTFont(FONT, str(REPO / "fonts" / "LiberationSans-Regular.ttf")))
A4 = (595.0, 842.0)


def enclosure_pdf(pages: list[str], *, size: tuple[float, float] = A4,
                  embedded: bool = True, link: bool = False, encrypted: bool = False,
                  scan: bool = False) -> bytes:
    """A PDF of one page per text of ``pages`` (each drawn large, with a box around it), in
    an embedded subset of the vendored Liberation Sans; ``embedded=False`` sets it in
    Helvetica, which no PDF embeds; ``link`` adds a link annotation; ``encrypted`` a
    password; ``scan`` draws each text as boxes only, with no text layer."""
    buffer = io.BytesIO()
    font = FONT if embedded else "Helvetica"
    canvas = Canvas(buffer, pagesize=size, invariant=1, initialFontName=font,
                    encrypt="secret" if encrypted else None)
    for text in pages:
        canvas.rect(50, size[1] - 200, size[0] - 100, 120)
        if scan:
            for k, ch in enumerate(text):  # a bar of ink per character: no text at all
                if not ch.isspace():
                    canvas.rect(72 + 9 * k, size[1] - 150, 6, 10 + (ord(ch) % 20), fill=1)
        else:
            canvas.setFont(font, 18)
            canvas.drawString(72, size[1] - 150, text)
        if link:
            canvas.linkURL("https://example.org/", (72, 100, 200, 120), F=4)  # printed
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def letter_with(folder: Path, enclosures: list[tuple[str, str]], name: str = "letter.yaml"
                ) -> Path:
    """A letter in ``folder`` that lists ``enclosures`` ((title, file): file "" for a line
    of text only)."""
    lines = ["letterhead:", "  name: ACME", 'reference: "05/20"', "date: 2020-10-08",
             "sender: Azerbaijan Open Government Platform", "recipient:",
             "  - Secretary General", "body:", "  - We enclose our report.", "enclosures:"]
    for title, file in enclosures:
        lines += [f"  - title: {title}"] + ([f"    file: {file}"] if file else [])
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rearranged(pdf: Path, out: Path, order: list[int | bytes]) -> Path:
    """``out``: ``pdf`` with its pages in ``order`` (indexes into its pages; a bytes value
    is a PDF whose first page goes there), written by pikepdf as a forger's tool would."""
    with pikepdf.open(pdf) as original:
        others = [pikepdf.open(io.BytesIO(item)) for item in order if isinstance(item, bytes)]
        copies = iter(others)
        kept = [page.obj for page in original.pages]
        pages = []
        for item in order:
            if isinstance(item, int):
                pages.append(kept[item])
            else:
                original.pages.append(next(copies).pages[0])
                page = original.pages[-1].obj
                if "/Trans" in page:  # ReportLab's, which a careful forger leaves out
                    del page["/Trans"]
                pages.append(page)
        original.Root.Pages.Kids = pikepdf.Array(pages)
        original.Root.Pages.Count = len(pages)
        original.save(out)
        for other in others:
            other.close()
    return out


def altered(data: bytes, change: Callable[[pikepdf.Pdf], None]) -> bytes:
    """The PDF ``data`` with ``change`` made to it by pikepdf (an entry a forger or another
    tool adds: a script, a form, a comment)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def cmyk_pdf() -> bytes:
    """One page whose box is filled in CMYK."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=FONT)
    canvas.setFillColorCMYK(0, 1, 1, 0)
    canvas.rect(72, 600, 100, 100, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
