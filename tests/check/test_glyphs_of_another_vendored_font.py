"""A font named as one of letterpress's fonts but holding another one's glyphs is named code by
code (check/glyphs.py): the subset of the regular face renamed LiberationSerif-Italic draws
shapes the italic face has for no character."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers.glyph_forgery import code_of, forged, regular

from letterpress.check.readback import read_pdf


@pytest.mark.slow
def test_the_regular_glyphs_named_italic_draw_another_shape(sample_pdf: Path,
                                                            tmp_path: Path) -> None:
    codes = {}

    def change(pdf: pikepdf.Pdf) -> None:
        font = regular(pdf)
        codes.update({ch: code_of(font, ch) for ch in "a4"})
        font.BaseFont = pikepdf.Name("/AAAAAA+LiberationSerif-Italic")
    found = read_pdf(forged(sample_pdf, tmp_path, change)).misread
    name = "font AAAAAA+LiberationSerif-Italic"
    for ch, code in codes.items():
        assert (0, f"{name}: code {code:02X} is read as '{ch}' but draws another shape") in found
    assert all(page == 0 and what.startswith(f"{name}: code ")
               and what.endswith("but draws another shape") for page, what in found)
