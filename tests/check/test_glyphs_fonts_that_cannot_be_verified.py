"""A font whose glyphs cannot be compared with the vendored fonts is named, with the reason
(check/glyphs.py): a Type3 font, a font of another kind, one that is not letterpress's, one
whose program or map cannot be read or is over its limit. A font that is not embedded is left
to the font check (compare.compare_fonts), a composite one too."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers.glyph_forgery import Change, embed, font_named, forged, program, program_size, regular

from letterpress.check.glyphs import MAX_CMAP, MAX_FONT
from letterpress.check.readback import read_pdf

UNVERIFIABLE = "its glyphs cannot be verified against letterpress's fonts"


def misread(sample_pdf: Path, tmp_path: Path, change: Change) -> tuple[tuple[int, str], ...]:
    return read_pdf(forged(sample_pdf, tmp_path, change)).misread


def retyped(subtype: str, name: str | None = "/AAAAAA+LiberationSerif") -> Change:
    def change(pdf: pikepdf.Pdf) -> None:
        font = regular(pdf)
        font.Subtype = pikepdf.Name(subtype)
        if name is None:
            del font["/BaseFont"]
        else:
            font.BaseFont = pikepdf.Name(name)
    return change


@pytest.mark.parametrize("subtype", ["/Type3", "/Type1", "/MMType1"])
def test_a_font_that_is_not_truetype_is_named_as_unverifiable(subtype: str, sample_pdf: Path,
                                                              tmp_path: Path) -> None:
    assert misread(sample_pdf, tmp_path, retyped(subtype)) == (
        (0, f"font AAAAAA+LiberationSerif ({subtype}): {UNVERIFIABLE}"),)


def test_a_nameless_font_is_named_by_its_kind(sample_pdf: Path, tmp_path: Path) -> None:
    assert misread(sample_pdf, tmp_path, retyped("/Type3", None)) == (
        (0, f"font (no name) (/Type3): {UNVERIFIABLE}"),)


def test_a_type3_font_draws_its_glyphs_in_the_file_without_a_font_program(
        sample_pdf: Path, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        retyped("/Type3")(pdf)
        del regular(pdf).FontDescriptor["/FontFile2"]
    assert misread(sample_pdf, tmp_path, change) == (
        (0, f"font AAAAAA+LiberationSerif (/Type3): {UNVERIFIABLE}"),)


@pytest.mark.parametrize("key", ["/FontFile", "/FontFile2", "/FontFile3"])
def test_every_kind_of_embedded_program_makes_a_font_embedded(key: str, sample_pdf: Path,
                                                              tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        retyped("/Type1")(pdf)
        descriptor = regular(pdf).FontDescriptor
        stream = descriptor.FontFile2
        del descriptor["/FontFile2"]
        descriptor[key] = stream
    assert misread(sample_pdf, tmp_path, change) == (
        (0, f"font AAAAAA+LiberationSerif (/Type1): {UNVERIFIABLE}"),)


def test_a_font_that_is_not_embedded_is_left_to_the_font_check(sample_pdf: Path,
                                                               tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        del regular(pdf).FontDescriptor["/FontFile2"]
    assert misread(sample_pdf, tmp_path, change) == ()


def composite(embedded: bool) -> Change:
    """The regular font made the descendant of a Type0 font (its program kept or dropped)."""
    def change(pdf: pikepdf.Pdf) -> None:
        fonts = pdf.pages[0].Resources.Font
        key = next(k for k in fonts if str(fonts[k].BaseFont).endswith("+LiberationSerif"))
        descendant = fonts[key]
        if not embedded:
            del descendant.FontDescriptor["/FontFile2"]
        fonts[key] = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name("/AAAAAA+LiberationSerif"), Encoding=pikepdf.Name.IdentityH,
            DescendantFonts=pikepdf.Array([descendant]), ToUnicode=descendant.ToUnicode))
    return change


def test_an_embedded_composite_font_is_named_as_unverifiable(sample_pdf: Path,
                                                             tmp_path: Path) -> None:
    assert misread(sample_pdf, tmp_path, composite(embedded=True)) == (
        (0, f"font AAAAAA+LiberationSerif (/Type0): {UNVERIFIABLE}"),)


def test_a_composite_font_that_is_not_embedded_is_left_to_the_font_check(
        sample_pdf: Path, tmp_path: Path) -> None:
    assert misread(sample_pdf, tmp_path, composite(embedded=False)) == ()


@pytest.mark.parametrize("name", ["/AAAAAA+DejaVuSerif", "/LiberationSerif-Regular",
                                  "/AAAAA+LiberationSerif", "/aaaaaa+LiberationSerif",
                                  "/XAAAAAA+LiberationSerif", "/AAAAAA+AAAAAA+LiberationSerif",
                                  "/AAAAAA+LiberationSerif-Bolder"])
def test_a_font_that_is_not_letterpresss_is_named(name: str, sample_pdf: Path,
                                                  tmp_path: Path) -> None:
    """Only a subset tag (six capitals and a plus) comes off the name; the rest must be the
    PostScript name of a vendored font."""
    assert misread(sample_pdf, tmp_path, retyped("/TrueType", name)) == (
        (0, f"font {name[1:]}: not one of letterpress's fonts; its glyphs cannot be verified"),)


@pytest.mark.parametrize(("name", "suffix"), [("/LiberationSerif", "LiberationSerif"),
                                              ("/QWERTY+LiberationSerif", "LiberationSerif"),
                                              ("/ZZZZZZ+LiberationSerif-Bold",
                                               "LiberationSerif-Bold")])
def test_letterpresss_fonts_are_known_with_or_without_a_subset_tag(
        name: str, suffix: str, sample_pdf: Path, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        font_named(pdf, suffix).BaseFont = pikepdf.Name(name)
    assert misread(sample_pdf, tmp_path, change) == ()


def unreadable(name: str, kind: str) -> tuple[tuple[int, str], ...]:
    return ((0, f"font AAAAAA+{name}: its glyphs cannot be read ({kind})"),)


def test_a_font_program_that_cannot_be_read_is_named(sample_pdf: Path, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        regular(pdf).FontDescriptor.FontFile2 = pdf.make_stream(b"not a font program")
    found = misread(sample_pdf, tmp_path, change)
    assert len(found) == 1
    assert found[0][1].startswith("font AAAAAA+LiberationSerif: its glyphs cannot be read (")


def test_a_font_without_a_to_unicode_map_cannot_be_read(sample_pdf: Path,
                                                        tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        del font_named(pdf, "LiberationSerif-Bold")["/ToUnicode"]
    found = misread(sample_pdf, tmp_path, change)
    assert len(found) == 1
    assert found[0][1].startswith("font AAAAAA+LiberationSerif-Bold: its glyphs cannot be read (")


@pytest.mark.slow
@pytest.mark.parametrize("over", [0, 1])
def test_a_font_program_over_max_font_is_not_read(over: int, sample_pdf: Path,
                                                  tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        font = regular(pdf)
        embed(pdf, font, program(font), pad=0)
        embed(pdf, font, program(font), pad=MAX_FONT - program_size(font) + over)
        assert program_size(font) == MAX_FONT + over
    found = misread(sample_pdf, tmp_path, change)
    assert found == (unreadable("LiberationSerif", "ValueError") if over else ())


@pytest.mark.parametrize("over", [0, 1])
def test_a_to_unicode_map_over_max_cmap_is_not_read(over: int, sample_pdf: Path,
                                                    tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        font = regular(pdf)
        cmap = font.ToUnicode.read_bytes()
        padded = cmap + b"\n" * (MAX_CMAP - len(cmap) + over)
        assert len(padded) == MAX_CMAP + over
        font.ToUnicode = pdf.make_stream(padded)
    found = misread(sample_pdf, tmp_path, change)
    assert found == (unreadable("LiberationSerif", "ValueError") if over else ())
