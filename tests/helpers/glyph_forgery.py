"""Forged copies of a built letter for the glyph check (check/glyphs.py): a font dictionary,
its /ToUnicode map or its embedded TrueType program changed with pikepdf and fontTools."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

Change = Callable[[pikepdf.Pdf], None]


def forged(source: Path, folder: Path, change: Change, name: str = "forged.pdf") -> Path:
    """A copy of ``source`` in ``folder`` with ``change`` made to it."""
    pdf = folder / name
    shutil.copy(source, pdf)
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        change(doc)
        doc.save(pdf)
    return pdf


def font_named(pdf: pikepdf.Pdf, suffix: str, page: int = 0) -> pikepdf.Dictionary:
    """The font of the page whose /BaseFont ends with ``+suffix`` (the subset tag aside)."""
    fonts = pdf.pages[page].Resources.Font
    return next(fonts[k] for k in fonts if str(fonts[k].BaseFont).endswith("+" + suffix))


def regular(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return font_named(pdf, "LiberationSerif")


def code_of(font: pikepdf.Dictionary, ch: str) -> int:
    """The code the font's /ToUnicode map reads as ``ch``."""
    found = re.search(rb"<([0-9A-F]{2})> <%04X>" % ord(ch), font.ToUnicode.read_bytes())
    assert found, ch
    return int(found.group(1), 16)


def program(font: pikepdf.Dictionary) -> TTFont:
    """The embedded TrueType program, read with fontTools."""
    return TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))


def embed(pdf: pikepdf.Pdf, font: pikepdf.Dictionary, ttf: TTFont, pad: int = 0) -> None:
    """``ttf`` as the font's embedded program (``pad`` zero bytes after it)."""
    out = io.BytesIO()
    ttf.save(out)
    font.FontDescriptor.FontFile2 = pdf.make_stream(out.getvalue() + bytes(pad))


def program_size(font: pikepdf.Dictionary) -> int:
    return len(font.FontDescriptor.FontFile2.read_bytes())


def swap(pdf: pikepdf.Pdf, font: pikepdf.Dictionary, a: str, b: str) -> None:
    """The embedded program draws ``b`` for the code of ``a`` and ``a`` for that of ``b``."""
    ttf = program(font)
    first, second = code_of(font, a), code_of(font, b)
    for table in ttf["cmap"].tables:
        table.cmap[first], table.cmap[second] = table.cmap[second], table.cmap[first]
    embed(pdf, font, ttf)


def reshape(pdf: pikepdf.Pdf, font: pikepdf.Dictionary, ch: str) -> None:
    """The glyph the code of ``ch`` draws, its first point moved by one unit: a shape no
    character of the font has."""
    ttf = program(font)
    glyph_name = ttf["cmap"].tables[0].cmap[code_of(font, ch)]
    glyph = ttf["glyf"][glyph_name]
    x, y = glyph.coordinates[0]
    glyph.coordinates[0] = (x + 1, y)
    embed(pdf, font, ttf)


def set_to_unicode(pdf: pikepdf.Pdf, font: pikepdf.Dictionary, cmap: bytes) -> None:
    font.ToUnicode = pdf.make_stream(cmap)


def add_to_unicode(pdf: pikepdf.Pdf, font: pikepdf.Dictionary, entries: bytes) -> None:
    """``entries`` (bfchar or bfrange blocks) added to the end of the font's /ToUnicode map,
    where they take the place of what the map said for the same codes before."""
    cmap = font.ToUnicode.read_bytes()
    at = cmap.rindex(b"endcmap")
    set_to_unicode(pdf, font, cmap[:at] + entries + b"\n" + cmap[at:])


def add_damaged_glyph(pdf: pikepdf.Pdf, font: pikepdf.Dictionary) -> None:
    """A glyph no code draws added to the embedded program, and made unreadable: its number
    of contours far more than its bytes hold."""
    ttf = program(font)
    some = ttf.getGlyphOrder()[-1]
    ttf.setGlyphOrder([*ttf.getGlyphOrder(), "unused"])
    ttf["glyf"].glyphs["unused"] = ttf["glyf"][some]
    ttf["hmtx"].metrics["unused"] = ttf["hmtx"].metrics[some]
    out = io.BytesIO()
    ttf.save(out)
    data = bytearray(out.getvalue())
    saved = TTFont(io.BytesIO(bytes(data)))
    index = len(saved.getGlyphOrder()) - 1  # the glyph added last
    start = saved.reader.tables["glyf"].offset + saved["loca"][index]
    assert saved["loca"][index + 1] > saved["loca"][index]
    data[start:start + 2] = (0x7FFF).to_bytes(2, "big")
    font.FontDescriptor.FontFile2 = pdf.make_stream(bytes(data))


FONT = "font AAAAAA+LiberationSerif"  # the sample's regular font, as findings name it


def misread(sample_pdf: Path, tmp_path: Path, change: Change) -> tuple[tuple[int, str], ...]:
    """What the glyph check finds in the sample changed by ``change``."""
    from letterpress.check.readback import read_pdf

    return read_pdf(forged(sample_pdf, tmp_path, change)).misread


def bold_y_read_as_i(doc: pikepdf.Pdf) -> None:
    """The glyphs still draw "y"; the bold serif's /ToUnicode map says its "y" is an "i",
    so every reader of the text layer reads an "i"."""
    bold = font_named(doc, "LiberationSerif-Bold")
    code = code_of(bold, "y")
    cmap = bold.ToUnicode.read_bytes().replace(b"<%02X> <0079>" % code,
                                              b"<%02X> <0069>" % code)
    bold.ToUnicode = doc.make_stream(cmap)
