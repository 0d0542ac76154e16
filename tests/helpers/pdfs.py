"""Small PDFs made by hand (pikepdf) for the judges: one page with given content, a PDF
with one object changed, a damaged cross-reference table."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf

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
