"""Each glyph is the character the text layer claims (check/glyphs.py): what a reader sees is
decided by the outline a code draws, what every reader of the text gets by /ToUnicode or
/ActualText. Forgeries that make them part ways are named; the letters as built are not."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from letterpress.check.compare import compare_contents
from letterpress.check.readback import read_pdf

Change = Callable[[pikepdf.Pdf], None]


def forged(source: Path, folder: Path, change: Change) -> Path:
    pdf = folder / "forged.pdf"
    shutil.copy(source, pdf)
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        change(doc)
        doc.save(pdf)
    return pdf


def regular(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    fonts = pdf.pages[0].Resources.Font
    return next(fonts[k] for k in fonts if str(fonts[k].BaseFont).endswith(
        "+LiberationSerif"))


def code_of(font: pikepdf.Dictionary, ch: str) -> int:
    cmap = font.ToUnicode.read_bytes()
    found = re.search(rb"<([0-9A-F]{2})> <%04X>" % ord(ch), cmap)
    assert found, ch
    return int(found.group(1), 16)


def lie_in_to_unicode(pdf: pikepdf.Pdf) -> None:
    """The glyph of '9' read as '4': the page prints 19, copy and search get 14."""
    font = regular(pdf)
    cmap = font.ToUnicode.read_bytes()
    nine = code_of(font, "9")
    font.ToUnicode = pdf.make_stream(cmap.replace(b"<%02X> <0039>" % nine,
                                                  b"<%02X> <0034>" % nine))


def swap_glyphs(pdf: pikepdf.Pdf) -> None:
    """The embedded font draws 9 for the code of 4 and 4 for the code of 9."""
    font = regular(pdf)
    program = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
    table = next(t for t in program["cmap"].tables)
    four, nine = code_of(font, "4"), code_of(font, "9")
    table.cmap[four], table.cmap[nine] = table.cmap[nine], table.cmap[four]
    out = io.BytesIO()
    program.save(out)
    font.FontDescriptor.FontFile2 = pdf.make_stream(out.getvalue())


def actual_text(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0]
    page.contents_coalesce()
    data = page.obj.Contents.read_bytes()
    page.obj.Contents = pdf.make_stream(
        b"/Span << /ActualText (Julia) >> BDC\n" + data + b"\nEMC\n")


FORGERIES = {
    "ToUnicode lies": (lie_in_to_unicode, "is read as '4' but draws '9'"),
    "glyphs swapped": (swap_glyphs, "is read as '4' but draws '9'"),
    "ActualText": (actual_text, "/ActualText replaces what the glyphs on the page say"),
}


@pytest.mark.parametrize("built", ["sample_pdf"])
def test_the_letters_as_built_draw_what_they_say(built: str,
                                                 request: pytest.FixtureRequest) -> None:
    assert read_pdf(request.getfixturevalue(built)).misread == ()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_glyphs_that_say_something_else_are_named(name: str, sample_pdf: Path,
                                                  tmp_path: Path) -> None:
    change, words = FORGERIES[name]
    found = [f for f in compare_contents(read_pdf(forged(sample_pdf, tmp_path, change)))
             if f.field == "text"]
    assert found, name
    assert all(f.message == "the glyphs do not say what the text layer says" for f in found)
    assert any(words in f.found and f.page == 1 for f in found), [f.found for f in found]
