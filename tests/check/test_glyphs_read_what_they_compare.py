"""The glyph check reads what it compares and names what it cannot (check/glyphs.py): a
glyph no code draws is not read, so damage there hides no forgery; /ToUnicode text that is not
UTF-16 is read as U+FFFD and compared; a font without a name is named "(no name)"; a composite
font whose descendant cannot be had is left to the font check, as one not embedded."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
from helpers.glyph_forgery import (
    FONT,
    add_damaged_glyph,
    add_to_unicode,
    code_of,
    embed,
    misread,
    program,
    regular,
    swap,
)


def test_a_damaged_glyph_no_code_draws_hides_no_forgery(sample_pdf: Path,
                                                        tmp_path: Path) -> None:
    codes = {}

    def change(pdf: pikepdf.Pdf) -> None:
        font = regular(pdf)
        codes.update({"4": code_of(font, "4"), "9": code_of(font, "9")})
        swap(pdf, font, "4", "9")
        add_damaged_glyph(pdf, font)
    found = misread(sample_pdf, tmp_path, change)
    assert found == ((0, f"{FONT}: code {codes['4']:02X} is read as '4' but draws '9'"),
                     (0, f"{FONT}: code {codes['9']:02X} is read as '9' but draws '4'"))


def test_text_that_is_not_utf16_is_read_as_the_replacement_character(
        sample_pdf: Path, tmp_path: Path) -> None:
    codes = {}

    def change(pdf: pikepdf.Pdf) -> None:
        font = regular(pdf)
        codes["4"] = code_of(font, "4")
        add_to_unicode(pdf, font, b"1 beginbfchar\n<%02X> <D800>\nendbfchar\n" % codes["4"])
    found = misread(sample_pdf, tmp_path, change)
    assert found == ((0, f"{FONT}: code {codes['4']:02X} is read as '\ufffd' but draws '4'"),)


def test_a_truetype_font_without_a_name_is_named_as_such(sample_pdf: Path,
                                                         tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        del regular(pdf)["/BaseFont"]
    assert misread(sample_pdf, tmp_path, change) == (
        (0, "font (no name): not one of letterpress's fonts; its glyphs cannot be verified"),)


def test_a_composite_font_whose_descendant_cannot_be_had_is_left_to_the_font_check(
        sample_pdf: Path, tmp_path: Path) -> None:
    """The font check already names the font (one of the same name is not embedded); the
    broken composite font is not named again as unverifiable."""
    def change(pdf: pikepdf.Pdf) -> None:
        fonts = pdf.pages[0].Resources.Font
        key = next(k for k in fonts if str(fonts[k].BaseFont).endswith("+LiberationSerif"))
        plain = pikepdf.Dictionary(fonts[key].copy())
        descriptor = pikepdf.Dictionary(plain.FontDescriptor.copy())
        del descriptor["/FontFile2"]
        plain.FontDescriptor = pdf.make_indirect(descriptor)
        broken = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=plain.BaseFont,
            Encoding=pikepdf.Name.IdentityH, DescendantFonts=7, ToUnicode=plain.ToUnicode)
        page = pikepdf.Dictionary({"/A0": pdf.make_indirect(plain)})
        for k in fonts:
            page[k] = fonts[k]
        page[key] = pdf.make_indirect(broken)
        pdf.pages[0].Resources.Font = page
    assert misread(sample_pdf, tmp_path, change) == ()


def test_a_code_read_as_a_character_the_font_lacks_is_named(sample_pdf: Path,
                                                             tmp_path: Path) -> None:
    """Liberation Serif has no 一 (U+4E00): the code reads as a character it cannot draw."""
    codes = {}

    def change(pdf: pikepdf.Pdf) -> None:
        font = regular(pdf)
        codes["4"] = code_of(font, "4")
        add_to_unicode(pdf, font, b"1 beginbfchar\n<%02X> <4E00>\nendbfchar\n" % codes["4"])
    found = misread(sample_pdf, tmp_path, change)
    assert found == ((0, f"{FONT}: code {codes['4']:02X} is read as '\u4e00' but draws '4'"),)


def test_a_unicode_table_gives_no_character_codes(sample_pdf: Path, tmp_path: Path) -> None:
    """A simple TrueType font's codes are those of its (1, 0) and (3, 0) tables; an entry of
    a Unicode table at U+0100 + code is a character, not the code (whose glyph is still 4)."""
    def change(pdf: pikepdf.Pdf) -> None:
        font = regular(pdf)
        ttf = program(font)
        mac = ttf["cmap"].tables[0]
        unicode = CmapSubtable.newSubtable(4)
        unicode.platformID, unicode.platEncID, unicode.language = 0, 3, 0
        unicode.cmap = {0x100 + code_of(font, "4"): mac.cmap[code_of(font, "9")]}
        ttf["cmap"].tables = [unicode, mac]
        embed(pdf, font, ttf)
    assert misread(sample_pdf, tmp_path, change) == ()
