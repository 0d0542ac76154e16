"""Small PDFs made by hand (pikepdf) for the judges: one page with given content, a PDF
with one object changed, a damaged cross-reference table."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium

from letterpress.check.visibility import PageInk, read_ink


def corrupt_xref(src: Path, dst: Path) -> Path:
    """Every offset of the cross-reference table 7 bytes off: a damaged file that readers
    repair by scanning for the objects."""
    data = src.read_bytes()
    start = int(data[data.rindex(b"startxref") + 9:].split()[0])
    end = data.index(b"trailer", start)
    table = re.sub(rb"(\d{10}) (\d{5}) n",
                   lambda m: b"%010d %s n" % (int(m.group(1)) + 7, m.group(2)),
                   data[start:end])
    dst.write_bytes(data[:start] + table + data[end:])
    return dst


MEDIA = (0, 0, 300, 200)


def pdf_with(change: Callable[[pikepdf.Pdf], None] = lambda pdf: None) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def one_page(path: Path, content: bytes, crop: tuple[float, ...] | None = None) -> Path:
    """A PDF of one 300 x 200 pt page drawing ``content`` with /F1 (Helvetica)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding))
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=list(MEDIA),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pdf.make_stream(content))
    if crop is not None:
        page.CropBox = list(crop)
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def ink(tmp_path: Path, content: bytes, crop: tuple[float, ...] | None = None) -> PageInk:
    pages = read_ink(one_page(tmp_path / "page.pdf", content, crop))
    assert len(pages) == 1
    return pages[0]


OUTSIDE = "outside the page (its crop box)"


SIZE = 30


def glyph_box(tmp_path: Path, char: bytes) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) PDFium gives ``char`` drawn at 30 pt at (0, 0)."""
    return first_charbox(one_page(tmp_path / "probe.pdf",
                                  b"BT /F1 %d Tf 0 0 Td (%s) Tj ET" % (SIZE, char)))


def first_charbox(path: Path) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) PDFium gives the first character of ``path``."""
    document = pdfium.PdfDocument(path)
    try:
        textpage = document[0].get_textpage()
        box: tuple[float, float, float, float] = textpage.get_charbox(0)
        textpage.close()
    finally:
        document.close()
    return box


CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <41> <D835DC00> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


def word_box(path: Path) -> tuple[float, float, float, float]:
    """The box around every character of page 1, measured with PDFium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        textpage = document[0].get_textpage()
        boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
        textpage.close()
    finally:
        document.close()
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def turned(path: Path, rotate: int) -> Path:
    """``path`` with its page's /Rotate set to ``rotate`` (in place)."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Rotate = rotate
        pdf.save(path)
    return path


def paths_and_chars(data: bytes, page: int
                    ) -> tuple[list[tuple[float, float, float, float]],
                               list[tuple[str, tuple[float, float, float, float]]]]:
    """What PDFium finds drawn on a page of the PDF ``data``: the bounds (left, bottom, right,
    top) of every path object, and every character with its box."""
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(data)
    try:
        sheet = document[page]
        paths = [tuple(o.get_bounds()) for o in sheet.get_objects(
            filter=(pdfium_c.FPDF_PAGEOBJ_PATH,))]
        textpage = sheet.get_textpage()
        chars = [(textpage.get_text_range(i, 1), tuple(textpage.get_charbox(i)))
                 for i in range(textpage.count_chars())]
        textpage.close()
    finally:
        document.close()
    return paths, chars  # type: ignore[return-value]
