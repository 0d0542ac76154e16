"""``letterpress check`` of a letter whose embedded glyphs were changed, in a process of its
own, as a user runs it: the vendored fonts are read afresh (a process reads them once), and
each changed code is named with the character it draws, the first of the font's characters
with that outline (a, not the Cyrillic а drawn the same), or "another shape"."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLE
from helpers.cli import process
from helpers.glyph_forgery import code_of, font_named, forged, regular, reshape, swap

FOUND = "  found:    "
HEADING = "text: the glyphs do not say what the text layer says (page 1)"


@pytest.mark.slow
def test_check_names_each_glyph_that_draws_another_character(sample_pdf: Path,
                                                             tmp_path: Path) -> None:
    codes = {}

    def change(pdf: pikepdf.Pdf) -> None:
        font, bold = regular(pdf), font_named(pdf, "LiberationSerif-Bold")
        codes.update(a=code_of(font, "a"), e=code_of(font, "e"), four=code_of(font, "4"),
                     bold_e=code_of(bold, "e"), bold_o=code_of(bold, "o"))
        swap(pdf, font, "a", "e")
        reshape(pdf, font, "4")
        swap(pdf, bold, "e", "o")

    pdf = forged(sample_pdf, tmp_path, change)
    result = process(tmp_path, "check", str(SAMPLE), str(pdf))
    assert result.returncode == 1
    regular_font, bold_font = "font AAAAAA+LiberationSerif:", "font AAAAAA+LiberationSerif-Bold:"
    expected = {
        f"{regular_font} code {codes['four']:02X} is read as '4' but draws another shape",
        f"{regular_font} code {codes['a']:02X} is read as 'a' but draws 'e'",
        f"{regular_font} code {codes['e']:02X} is read as 'e' but draws 'a'",
        f"{bold_font} code {codes['bold_e']:02X} is read as 'e' but draws 'o'",
        f"{bold_font} code {codes['bold_o']:02X} is read as 'o' but draws 'e'",
    }
    said = result.stdout + result.stderr
    found = [line.removeprefix(FOUND) for line in said.splitlines() if line.startswith(FOUND)]
    assert sorted(found) == sorted(expected), said
    assert said.count(HEADING) == len(expected), said
    assert result.stderr.endswith(f"{len(expected)} difference(s) from {SAMPLE}\n")
