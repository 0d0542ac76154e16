"""The typefaces letterpress sets letters in (docs/source-format.md, "Typefaces"): each is
vendored in fonts/ in four styles, as TrueType outlines, under the licence kept beside them,
and covers every character English, Azerbaijani and Russian letters need. The oracle is the
list of characters the issue names and the font files read with fontTools, not letterpress's
own measuring."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont
from helpers import REPO, SEED_MARKDOWN, SOURCE_DIR

from letterpress.fonts import STYLES, TYPEFACES
from letterpress.model import TYPEFACE_NAMES

FONTS = REPO / "fonts"
# What the three languages need: the Azerbaijani Latin letters, the Russian alphabet with ё,
# and the punctuation letters in English, Azerbaijani and Russian use.
NEEDED = (set("əƏğĞıİşŞçÇöÖüÜ“”‘’«»„–—…№")
          | {chr(c) for c in range(0x0410, 0x0450)} | set("ёЁ")
          | {chr(c) for c in range(0x20, 0x7F)})
SUBFAMILY = {"regular": "Regular", "bold": "Bold", "italic": "Italic",
             "bolditalic": "Bold Italic"}


def used_in_the_repositorys_letters() -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SOURCE_DIR.rglob("*.yaml")))
    text += SEED_MARKDOWN.read_text(encoding="utf-8")
    return {ch for ch in text if ch.isprintable()}


def test_the_typefaces_a_source_names_are_the_vendored_ones() -> None:
    assert tuple(TYPEFACES) == TYPEFACE_NAMES == ("serif", "sans")
    assert [face.family for face in TYPEFACES.values()] == ["Liberation Serif",
                                                           "Liberation Sans"]


@pytest.mark.parametrize("typeface", TYPEFACES)
@pytest.mark.parametrize("style", STYLES)
def test_each_style_is_a_truetype_font_of_its_family_drawing_every_needed_character(
        typeface: str, style: str) -> None:
    face = TYPEFACES[typeface]
    font = TTFont(io.BytesIO((FONTS / face.files[style]).read_bytes()), lazy=True)
    assert "glyf" in font  # TrueType outlines: ReportLab embeds no CFF
    assert all(table in font for table in ("fpgm", "prep", "gasp"))  # hinted
    assert font["name"].getDebugName(1) == face.family
    assert font["name"].getDebugName(2) == SUBFAMILY[style]
    assert "Open Font License" in str(font["name"].getDebugName(13))
    cmap = font.getBestCmap()
    missing = sorted((NEEDED | used_in_the_repositorys_letters()) - {chr(c) for c in cmap}
                     - {"\n", "\t"})
    assert missing == []


def test_the_licence_of_every_vendored_font_is_beside_it() -> None:
    licence = (FONTS / "LICENSE").read_text(encoding="utf-8")
    assert "Liberation Fonts" in licence and "SIL-OFL-1.1" in licence
    vendored = sorted(p.name for p in FONTS.glob("*.ttf"))
    assert vendored == sorted(name for face in TYPEFACES.values()
                              for name in face.files.values())
    # the licence file covers every file named Liberation*
    assert "Files: *" in licence
