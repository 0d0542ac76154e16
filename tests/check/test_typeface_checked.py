"""A letter set in the sans is checked against the sans (docs/source-format.md,
"Typefaces"): its PDF passes `check`, and a font swapped in after the build is still caught,
whether it is the other family's font or the sans' glyphs under the serif's name."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers import REPO
from helpers.glyph_forgery import code_of, font_named, forged

from letterpress.check.compare import compare_fonts
from letterpress.check.readback import PdfText, read_pdf
from letterpress.pipeline import build, check, check_embedded
from letterpress.world import World

SANS_LETTER = REPO / "tests" / "data" / "typeface-sans.yaml"


@pytest.fixture(scope="module")
def sans_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sans") / "letter.pdf"
    build(SANS_LETTER, out, World())
    return out


@pytest.mark.slow
def test_a_letter_set_in_the_sans_embeds_only_the_sans_and_reads_back_as_written(
        sans_pdf: Path) -> None:
    fonts = read_pdf(sans_pdf).fonts
    assert fonts and all(name.split("+")[1].startswith("LiberationSans") for name in fonts)
    assert {name.split("+")[1] for name in fonts} >= {"LiberationSans", "LiberationSans-Bold",
                                                     "LiberationSans-Italic"}
    assert check(SANS_LETTER, sans_pdf, World()) == ()
    assert check_embedded(sans_pdf, World()) == ()  # the sources inside say sans too


def test_a_font_of_the_other_family_is_a_finding() -> None:
    pdf = PdfText((), {}, (), ("ABCDEF+LiberationSans", "ABCDEF+LiberationSerif-Bold"))
    (finding,) = compare_fonts(pdf, "sans")
    assert finding.message == ("font ABCDEF+LiberationSerif-Bold is Liberation Serif, but the "
                               "letter is set in Liberation Sans (typeface: sans)")
    (finding,) = compare_fonts(pdf, "serif")
    assert finding.found == "Liberation Sans" and finding.expected == "Liberation Serif"
    assert compare_fonts(PdfText((), {}, (), ("ABCDEF+LiberationSans-BoldItalic",)),
                         "sans") == ()


@pytest.mark.slow
def test_the_sans_letter_checked_as_a_serif_letter_names_the_fonts(sans_pdf: Path,
                                                                   tmp_path: Path) -> None:
    """The PDF of the sans letter against its source changed to say serif: the fonts of the
    PDF are not the letter's."""
    source = tmp_path / SANS_LETTER.name
    source.write_text(SANS_LETTER.read_text(encoding="utf-8").replace(
        "typeface: sans", "typeface: serif"), encoding="utf-8")
    found = [f for f in check(source, sans_pdf, World()) if f.field == "fonts"]
    assert found and all(f.found == "Liberation Sans" for f in found)


@pytest.mark.slow
def test_the_sans_glyphs_under_the_serif_name_are_caught(sans_pdf: Path,
                                                        tmp_path: Path) -> None:
    codes = {}

    def change(pdf: pikepdf.Pdf) -> None:
        font = font_named(pdf, "LiberationSans")
        codes.update({ch: code_of(font, ch) for ch in "aə"})
        font.BaseFont = pikepdf.Name("/AAAAAA+LiberationSerif")
    found = read_pdf(forged(sans_pdf, tmp_path, change)).misread
    for ch, code in codes.items():
        assert (0, f"font AAAAAA+LiberationSerif: code {code:02X} is read as '{ch}' but draws "
                   "another shape") in found
