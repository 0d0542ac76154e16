"""Each glyph is the character the text layer claims: outlines against the vendored fonts.

What a reader sees is decided by a glyph's outline; what copy, search and pypdf read is
decided by the font's /ToUnicode map (or an /ActualText span). A forger can make them part
ways: a /ToUnicode entry that maps the glyph of "9" to "4", an embedded font whose glyphs for
4 and 9 are swapped, an /ActualText that makes every reader get "Julia" where the glyphs say
"Julie". The page then prints one letter and the check would read another.

letterpress knows its fonts. A letter's PDF embeds subsets of the vendored fonts of its
typeface (fonts/: Liberation Serif or Liberation Sans), whose glyph outlines the subset keeps
exactly. So for every character code of every embedded font, the outline the code draws (from
the embedded font program) must be the outline the vendored font has for the character the
/ToUnicode map claims. A font that is not one of the vendored fonts, or whose glyphs cannot be
read, cannot be verified and is reported so; so
is any /ActualText in a page's content.

The facts are gathered from pypdf's objects (readback.py owns pypdf) with fontTools, which
reads TrueType outlines; compare.py turns them into findings.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from .contents import entry

MAX_CMAP = 256 * 1024  # a /ToUnicode map of a 256-code subset is a few KiB
MAX_FONT = 16 * 1024 * 1024  # an embedded subset is tens of KiB
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_HEX = rb"<([0-9A-Fa-f]+)>"
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_RANGE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")


def glyph_problems(fonts: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, str]]:
    """(page index, what) for every font of ``fonts`` ((page index, font dictionary), each
    font once) whose glyphs do not draw the characters its /ToUnicode map claims."""
    for page, font in fonts:
        for problem in _font_problems(font):
            yield page, problem


def actual_text(page: int, content: bytes) -> Iterator[tuple[int, str]]:
    """An /ActualText span in a page's content replaces what its glyphs say for every reader."""
    if b"/ActualText" in content:
        yield page, "/ActualText replaces what the glyphs on the page say"


def _font_problems(font: Any) -> list[str]:
    name = str(entry(font, "/BaseFont") or "").removeprefix("/")
    base = SUBSET_TAG.sub("", name, count=1)
    subtype = str(entry(font, "/Subtype"))
    if subtype != "/Type3" and not _embedded(font):
        return []  # a font the viewer substitutes: compare.compare_fonts names it
    if subtype != "/TrueType":
        return [f"font {name or '(no name)'} ({subtype}): its glyphs cannot be verified "
                "against letterpress's fonts"]
    vendored = _vendored(base)
    if vendored is None:
        return [f"font {name or '(no name)'}: not one of letterpress's fonts; its glyphs "
                "cannot be verified"]
    try:
        claims = _to_unicode(entry(font, "/ToUnicode"))
        embedded = _embedded_outlines(entry(entry(font, "/FontDescriptor"), "/FontFile2"))
    except Exception as exc:  # noqa: BLE001  (a damaged or hostile font program or map)
        return [f"font {name}: its glyphs cannot be read ({type(exc).__name__})"]
    out = []
    for code, claimed in sorted(claims.items()):
        drawn = embedded.get(code)
        if drawn is None or len(claimed) != 1:
            continue  # a code the font does not draw, or a ligature: nothing to compare
        if drawn != vendored.outline(claimed):
            shows = vendored.character(drawn)
            out.append(f"font {name}: code {code:02X} is read as '{claimed}' but draws "
                       + (f"'{shows}'" if shows else "another shape"))
    return out


class _Vendored:
    """One vendored font: outlines by character, and characters by outline."""

    def __init__(self, path: Any) -> None:
        from fontTools.ttLib import TTFont

        self.font = TTFont(io.BytesIO(path.read_bytes()), lazy=True)  # no file left open
        self.cmap = self.font.getBestCmap()
        self.glyphs = self.font.getGlyphSet()
        self._by_outline: dict[tuple[Any, ...], str] | None = None

    def outline(self, ch: str) -> tuple[Any, ...] | None:
        glyph = self.cmap.get(ord(ch))
        return None if glyph is None else _outline(self.glyphs, glyph)

    def character(self, outline: tuple[Any, ...]) -> str:
        if self._by_outline is None:
            self._by_outline = {}
            for code in sorted(self.cmap):
                shape = _outline(self.glyphs, self.cmap[code])
                if shape:
                    self._by_outline.setdefault(shape, chr(code))
        return self._by_outline.get(outline, "")


@cache
def _vendored(name: str) -> _Vendored | None:
    """The vendored font whose PostScript name is ``name`` (LiberationSerif, -Bold ...: the
    name of its file, -Regular aside), of any typeface, read once per process and only when
    a PDF uses it."""
    from ..fonts import ALL_FILES, fonts_dir

    for file in ALL_FILES:
        if file.removesuffix(".ttf") in (name, name + "-Regular"):
            font = _Vendored(fonts_dir() / file)
            return font if str(font.font["name"].getDebugName(6)) == name else None
    return None


def _embedded_outlines(stream: Any) -> dict[int, tuple[Any, ...]]:
    """Character code -> outline of the glyph the embedded TrueType program draws for it."""
    from fontTools.ttLib import TTFont

    data = stream.get_data()
    if len(data) > MAX_FONT:
        raise ValueError("font program too large")
    font = TTFont(io.BytesIO(data), lazy=True)
    glyphs = font.getGlyphSet()
    codes: dict[int, str] = {}
    for table in font["cmap"].tables:  # a simple font's codes: (1, 0) or (3, 0) tables
        for code, glyph in table.cmap.items():
            codes.setdefault(code & 0xFF if table.platformID == 3 else code, glyph)
    return {code: _outline(glyphs, glyph) for code, glyph in codes.items()}


def _outline(glyphs: Any, name: str) -> tuple[Any, ...]:
    """The glyph's contours, components drawn in place, as a hashable value."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen

    pen = DecomposingRecordingPen(glyphs)
    glyphs[name].draw(pen)
    return tuple((op, tuple(args)) for op, args in pen.value)


def _to_unicode(stream: Any) -> dict[int, str]:
    """Character code -> text, from a /ToUnicode CMap's bfchar and bfrange entries."""
    data = stream.get_data()
    if len(data) > MAX_CMAP:
        raise ValueError("ToUnicode map too large")
    out: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        for src, dst in re.findall(_HEX + rb"\s*" + _HEX, block):
            out[int(src, 16)] = _utf16(dst)
    for block in _BFRANGE.findall(data):
        for low, high, rest in _RANGE.findall(block):
            first, last = int(low, 16), int(high, 16)
            if last - first > 255:
                raise ValueError("bfrange too long")
            if rest.startswith(b"["):
                for i, dst in enumerate(re.findall(_HEX, rest)[:last - first + 1]):
                    out[first + i] = _utf16(dst)
            else:
                start = _utf16(rest[1:-1])
                for i in range(last - first + 1):
                    out[first + i] = start[:-1] + chr(ord(start[-1]) + i) if start else ""
    return out


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", "replace")


def _embedded(font: Any) -> bool:
    """Whether the font's program is in the file (of its descendant, for a composite font)."""
    try:
        descendants = entry(font, "/DescendantFonts")
        if descendants:
            font = descendants[0].get_object()
    except Exception:  # noqa: BLE001  (a broken composite font: judged as not embedded)
        return False
    descriptor = entry(font, "/FontDescriptor")
    return any(entry(descriptor, key) is not None
               for key in ("/FontFile", "/FontFile2", "/FontFile3"))

