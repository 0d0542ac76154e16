"""Every form a /ToUnicode map may give a code's text is read before the outline it draws is
compared (check/glyphs.py): bfchar entries, bfrange entries with a first character or an array,
each range at most 256 codes. A code is named with the character it is read as and the one it
draws, or "another shape" when it draws no character of the font; a code the font does not
draw and a ligature (text of two characters) are not compared. /ActualText is named on the
page that holds it."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
from helpers.glyph_forgery import (
    FONT,
    Change,
    add_to_unicode,
    code_of,
    embed,
    misread,
    program,
    regular,
    reshape,
    swap,
)


def lie(code: int, read: str, draws: str) -> tuple[int, str]:
    return 0, f"{FONT}: code {code:02X} is read as '{read}' but draws '{draws}'"


def digits(pdf: pikepdf.Pdf) -> int:
    """The code of '0' in the regular font; '1' to '9' follow it."""
    font = regular(pdf)
    zero = code_of(font, "0")
    assert [code_of(font, d) for d in "0123456789"] == list(range(zero, zero + 10))
    return zero


def entries(text: str) -> Change:
    """``text`` added to the regular font's /ToUnicode map."""
    def change(pdf: pikepdf.Pdf) -> None:
        add_to_unicode(pdf, regular(pdf), text.encode())
    return change


def zero_code(sample_pdf: Path) -> int:
    with pikepdf.open(sample_pdf) as pdf:
        return digits(pdf)


def test_a_range_with_a_first_character_that_lies_names_every_code(sample_pdf: Path,
                                                                   tmp_path: Path) -> None:
    z = zero_code(sample_pdf)
    change = entries(f"1 beginbfrange\n<{z:02X}> <{z + 9:02X}> <0031>\nendbfrange\n")
    found = misread(sample_pdf, tmp_path, change)
    assert found == tuple(lie(z + i, chr(0x31 + i), str(i)) for i in range(10))


def test_a_range_with_a_first_character_that_tells_the_truth_is_not_named(
        sample_pdf: Path, tmp_path: Path) -> None:
    z = zero_code(sample_pdf)
    change = entries(f"2 beginbfrange\n<{z:02X}> <{z + 4:02X}> <0030>\n"
                     f"<{z + 5:02X}><{z + 9:02X}><0035>\nendbfrange\n")
    assert misread(sample_pdf, tmp_path, change) == ()


def test_a_range_with_an_array_that_lies_names_the_code(sample_pdf: Path,
                                                        tmp_path: Path) -> None:
    z = zero_code(sample_pdf)
    change = entries(f"1 beginbfrange\n<{z:02X}> <{z + 2:02X}> [<0030> <0031> <0039>]\n"
                     "endbfrange\n")
    assert misread(sample_pdf, tmp_path, change) == (lie(z + 2, "9", "2"),)


def test_an_array_longer_than_its_range_gives_only_the_range_its_text(
        sample_pdf: Path, tmp_path: Path) -> None:
    z = zero_code(sample_pdf)
    change = entries(f"1 beginbfrange\n<{z + 1:02X}> <{z + 2:02X}> [<0031> <0032> <0034>]\n"
                     "endbfrange\n")
    assert misread(sample_pdf, tmp_path, change) == ()


def test_a_lie_in_a_later_range_of_the_block_is_named(sample_pdf: Path,
                                                      tmp_path: Path) -> None:
    z = zero_code(sample_pdf)
    change = entries(f"2 beginbfrange\n<{z:02X}> <{z + 1:02X}> [<0030> <0031>]\n"
                     f"<{z + 7:02X}> <{z + 8:02X}> <0037>\n<{z + 9:02X}> <{z + 9:02X}> <0030>\n"
                     "endbfrange\n")
    assert misread(sample_pdf, tmp_path, change) == (lie(z + 9, "0", "9"),)


@pytest.mark.parametrize("last", [0x1FF, 0x200])
def test_a_range_is_at_most_256_codes(last: int, sample_pdf: Path, tmp_path: Path) -> None:
    """Codes 100 to 1FF are 256 codes: read (the font draws none of them); one more is a map
    that cannot be read."""
    change = entries(f"1 beginbfrange\n<0100> <{last:04X}> <0041>\nendbfrange\n")
    found = misread(sample_pdf, tmp_path, change)
    assert found == (() if last == 0x1FF else
                     ((0, f"{FONT}: its glyphs cannot be read (ValueError)"),))


@pytest.mark.parametrize("last", [0x1FF, 0x200])
def test_an_array_range_is_at_most_256_codes(last: int, sample_pdf: Path,
                                             tmp_path: Path) -> None:
    change = entries(f"1 beginbfrange\n<0100> <{last:04X}> [<0041>]\nendbfrange\n")
    found = misread(sample_pdf, tmp_path, change)
    assert found == (() if last == 0x1FF else
                     ((0, f"{FONT}: its glyphs cannot be read (ValueError)"),))


def test_a_bfchar_entry_that_lies_is_named(sample_pdf: Path, tmp_path: Path) -> None:
    z = zero_code(sample_pdf)
    change = entries(f"2 beginbfchar\n<{z + 3:02X}> <0038>\n<{z + 5:02X}><0036>\nendbfchar\n")
    assert misread(sample_pdf, tmp_path, change) == (lie(z + 3, "8", "3"), lie(z + 5, "6", "5"))


def test_a_ligature_and_a_code_the_font_does_not_draw_are_not_compared(
        sample_pdf: Path, tmp_path: Path) -> None:
    z = zero_code(sample_pdf)
    change = entries(f"2 beginbfchar\n<{z + 4:02X}> <00340034>\n<F3> <0041>\nendbfchar\n"
                     f"1 beginbfrange\n<{z + 1:02X}> <{z + 2:02X}> <00340034>\nendbfrange\n")
    assert misread(sample_pdf, tmp_path, change) == ()


def test_a_glyph_of_no_character_is_another_shape(sample_pdf: Path, tmp_path: Path) -> None:
    z = zero_code(sample_pdf)
    found = misread(sample_pdf, tmp_path, lambda pdf: reshape(pdf, regular(pdf), "4"))
    assert found == ((0, f"{FONT}: code {z + 4:02X} is read as '4' but draws another shape"),)


def symbol_cmap(swapped: bool) -> Change:
    """The embedded program's codes in a (3, 0) symbol table, at F000 + code, as a symbolic
    TrueType font has them; 4 and 9 swapped or not."""
    def change(pdf: pikepdf.Pdf) -> None:
        font = regular(pdf)
        if swapped:
            swap(pdf, font, "4", "9")
        ttf = program(font)
        table = CmapSubtable.newSubtable(4)
        table.platformID, table.platEncID, table.language = 3, 0, 0
        table.cmap = {0xF000 + code: glyph for code, glyph in ttf["cmap"].tables[0].cmap.items()}
        ttf["cmap"].tables = [table]
        embed(pdf, font, ttf)
    return change


@pytest.mark.parametrize("swapped", [False, True])
def test_a_symbol_table_gives_the_codes_in_its_low_byte(swapped: bool, sample_pdf: Path,
                                                        tmp_path: Path) -> None:
    z = zero_code(sample_pdf)
    found = misread(sample_pdf, tmp_path, symbol_cmap(swapped))
    assert found == ((lie(z + 4, "4", "9"), lie(z + 9, "9", "4")) if swapped else ())


def test_actual_text_is_named_on_the_page_that_holds_it(sample_pdf: Path,
                                                        tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[1]
        page.contents_coalesce()
        data = page.obj.Contents.read_bytes()
        page.obj.Contents = pdf.make_stream(
            b"/Span << /ActualText (Julia) >> BDC\n" + data + b"\nEMC\n")
    assert misread(sample_pdf, tmp_path, change) == (
        (1, "/ActualText replaces what the glyphs on the page say"),)
