"""Why a glyph cannot be seen, as check says it (visibility.py's docstring): the rendered page
must show at least MIN_CONTRAST (64) grey levels between a glyph's darkest and lightest pixel;
a glyph without ink is covered (by the kind of thing drawn over it later), or its colour does
not contrast with what lies under it (the colour its render mode paints with, ISO 32000-1
9.3.6, as grey by ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B), or nothing of it is drawn.

One small page each, written by hand (tests/check/test_visibility_limits.py's one_page)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers.pdfs import CMAP, ink, one_page, turned, word_box

from letterpress.check.visibility import read_ink

NO_CONTRAST = "its colour does not contrast with what lies under it"
WORD = b"BT /F1 30 Tf 20 100 Td (Word) Tj ET"


def reasons(tmp_path: Path, content: bytes) -> set[str]:
    page = ink(tmp_path, content)
    assert "".join(page.text.split()) != ""
    hidden = {h.index for h in page.hidden}
    drawn = {i for i, char in enumerate(page.text) if not char.isspace()}
    assert hidden in (set(), drawn), page  # all of the word or nothing
    return {h.reason for h in page.hidden}


# --- 64 grey levels: both sides ---------------------------------------------------------------

def test_grey_191_on_white_contrasts_by_64_levels(tmp_path: Path) -> None:
    assert reasons(tmp_path, b"BT 0.7490196 g /F1 30 Tf 20 100 Td (Grey) Tj ET") == set()


def test_grey_192_on_white_contrasts_by_63_levels_only(tmp_path: Path) -> None:
    assert reasons(tmp_path, b"BT 0.7529412 g /F1 30 Tf 20 100 Td (Grey) Tj ET") == {
        NO_CONTRAST}


def test_glyphs_whose_middle_row_is_empty_are_seen(tmp_path: Path) -> None:
    """"=" and ":" have ink above and below the middle of their box, none in it."""
    page = ink(tmp_path, b"BT /F1 30 Tf 20 100 Td (= : = :) Tj ET")
    assert page.hidden == ()


# --- the colour a render mode paints, as grey ---------------------------------------------

@pytest.mark.parametrize(("panel", "colour"), [
    (b"0.298 g", b"1 0 0 rg"), (b"0.587 g", b"0 1 0 rg"), (b"0.114 g", b"0 0 1 rg")],
    ids=["red", "green", "blue"])
def test_a_colour_as_grey_as_the_panel_under_it_does_not_contrast(
        tmp_path: Path, panel: bytes, colour: bytes) -> None:
    assert reasons(tmp_path, b"q " + panel + b" 0 0 300 200 re f Q\nBT " + colour
                   + b" /F1 30 Tf 20 100 Td (Word) Tj ET") == {NO_CONTRAST}


@pytest.mark.parametrize("mode", [0, 4])
def test_a_fill_of_the_background_colour_does_not_contrast(tmp_path: Path, mode: int) -> None:
    assert reasons(tmp_path, b"q BT %d Tr 1 g 0 G /F1 30 Tf 20 100 Td (Word) Tj ET Q"
                   % mode) == {NO_CONTRAST}


@pytest.mark.parametrize("mode", [1, 5])
def test_a_stroke_of_the_background_colour_does_not_contrast(tmp_path: Path,
                                                             mode: int) -> None:
    assert reasons(tmp_path, b"q BT %d Tr 0 g 1 G /F1 30 Tf 20 100 Td (Word) Tj ET Q"
                   % mode) == {NO_CONTRAST}


@pytest.mark.parametrize("mode", [2, 6])
def test_fill_and_stroke_either_may_show(tmp_path: Path, mode: int) -> None:
    assert reasons(tmp_path, b"q BT %d Tr 1 g 0 G /F1 30 Tf 20 100 Td (Word) Tj ET Q"
                   % mode) == set()
    assert reasons(tmp_path, b"q BT %d Tr 0 g 1 G /F1 30 Tf 20 100 Td (Word) Tj ET Q"
                   % mode) == set()
    assert reasons(tmp_path, b"q BT %d Tr 1 g 1 G /F1 30 Tf 20 100 Td (Word) Tj ET Q"
                   % mode) == {NO_CONTRAST}


# --- what covers it ---------------------------------------------------------------------------

@pytest.mark.parametrize(("cover", "kind"), [
    (b"q 1 g 0 0 300 200 re f Q", "a filled rectangle"),
    (b"q 1 g 0 0 m 300 0 l 300 200 l 150 230 l 0 200 l h f Q", "a filled shape"),
    (b"q 1 G 60 w 0 110 m 300 110 l S Q", "a stroked line"),
    (b"q 300 0 0 200 0 0 cm /Im Do Q", "an image"),
    (b"q /Fm Do Q", "a form XObject"),
    (b"q /Sh sh Q", "a shading"),
], ids=["rectangle", "shape", "line", "image", "form", "shading"])
def test_what_is_drawn_over_the_text_is_named(tmp_path: Path, cover: bytes,
                                              kind: str) -> None:
    path = one_page(tmp_path / "covered.pdf", WORD + b"\n" + cover)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        resources = pdf.pages[0].obj.Resources
        image = pikepdf.Stream(pdf, b"\xff")
        image.Type, image.Subtype, image.Width, image.Height = (
            pikepdf.Name.XObject, pikepdf.Name.Image, 1, 1)
        image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 8
        form = pikepdf.Stream(pdf, b"1 g 0 0 300 200 re f")
        form.Type, form.Subtype, form.BBox = (pikepdf.Name.XObject, pikepdf.Name.Form,
                                              [0, 0, 300, 200])
        resources.XObject = pikepdf.Dictionary(Im=image, Fm=form)
        resources.Shading = pikepdf.Dictionary(Sh=pikepdf.Dictionary(
            ShadingType=2, ColorSpace=pikepdf.Name.DeviceGray, Coords=[0, 0, 300, 0],
            Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1], C1=[1], N=1),
            Extend=[True, True]))
        pdf.save(path)
    page = read_ink(path)[0]
    assert {h.reason for h in page.hidden} == {f"covered by {kind} drawn later"}
    assert len(page.hidden) == len("Word")


def test_a_shape_drawn_before_the_text_covers_nothing(tmp_path: Path) -> None:
    assert reasons(tmp_path, b"q 1 g 0 0 m 300 0 l 300 200 l 150 230 l 0 200 l h f Q\n"
                   b"BT 1 g /F1 30 Tf 20 100 Td (Word) Tj ET") == {NO_CONTRAST}


def test_an_unfilled_unstroked_path_covers_nothing(tmp_path: Path) -> None:
    assert reasons(tmp_path, b"BT 1 g /F1 30 Tf 20 100 Td (Word) Tj ET\n"
                   b"0 0 300 200 re n") == {NO_CONTRAST}


def test_a_link_over_text_without_ink_is_not_what_hides_it(tmp_path: Path) -> None:
    path = one_page(tmp_path / "link.pdf", b"BT 1 g /F1 30 Tf 20 100 Td (Word) Tj ET")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Annots = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 300, 200],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://x.org"))))])
        pdf.save(path)
    assert {h.reason for h in read_ink(path)[0].hidden} == {NO_CONTRAST}


def test_text_with_ink_is_seen_whatever_comes_after_elsewhere(tmp_path: Path) -> None:
    assert reasons(tmp_path, WORD + b"\nq 1 g 0 0 300 50 re f Q") == set()


# --- one character per character index ----------------------------------------------------


def test_a_character_outside_the_bmp_keeps_every_index_in_place(tmp_path: Path) -> None:
    """"A" maps to U+1D400, which PDFium counts as two indices (UTF-16): the page's text
    has one character per index, so the hidden indices name the hidden line's characters."""
    path = one_page(tmp_path / "astral.pdf", b"BT /F1 30 Tf 20 100 Td (BAB) Tj ET\n"
                                             b"BT 3 Tr /F1 30 Tf 20 50 Td (BAB) Tj ET")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Resources.Font.F1.ToUnicode = pdf.make_stream(CMAP)
        pdf.save(path)
    page = read_ink(path)[0]
    line = "B\ud835\udc00B"
    assert page.text.split() == [line, line]
    assert "".join(page.text[h.index] for h in page.hidden) == line
    assert page.text.rindex(line) == min(h.index for h in page.hidden)


# --- a file PDFium cannot open --------------------------------------------------------------

def test_a_file_pdfium_cannot_open_is_named_in_the_error(tmp_path: Path) -> None:
    from letterpress.errors import ReadbackError

    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\nnot a PDF after all\n")
    for source, name, shown in ((path, "", str(path)), (path.read_bytes(), "given.pdf",
                                                          "given.pdf"),
                                (path.read_bytes(), "", "the PDF")):
        with pytest.raises(ReadbackError) as caught:
            read_ink(source, name)
        assert str(caught.value).startswith(f"{shown}: PDFium cannot open the PDF (")


# --- what lies under a glyph is read where the glyph is ------------------------------------


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_glyph_on_a_panel_of_its_colour_lies_on_that_panel(tmp_path: Path,
                                                             rotate: int) -> None:
    """Black text on a black panel just larger than the word, on a white page off its
    centre: what lies under the glyphs is the panel, so their colour does not contrast
    (were the page around it read, the glyphs would seem merely not drawn)."""
    text = b"BT 0 g /F1 30 Tf 190 130 Td (Word) Tj ET"
    left, bottom, right, top = word_box(one_page(tmp_path / "probe.pdf", text))
    panel = b"q 0 g %.2f %.2f %.2f %.2f re f Q\n" % (left - 3, bottom - 3, right - left + 6,
                                                     top - bottom + 6)
    path = one_page(tmp_path / "panel.pdf", panel + text)
    page = read_ink(turned(path, rotate))[0]
    assert {h.reason for h in page.hidden} == {NO_CONTRAST}
    assert len(page.hidden) == len("Word")


def test_a_cover_is_what_lies_over_the_glyphs_middle(tmp_path: Path) -> None:
    """A white rectangle over the word's middle from its left edge, the page white too: the
    glyphs whose middle it holds are covered, and only they."""
    text = b"BT /F1 30 Tf 20 100 Td (HHHH) Tj ET"
    left, bottom, right, top = word_box(one_page(tmp_path / "probe.pdf", text))
    half = (left + right) / 2
    cover = b"\nq 1 g %.2f %.2f %.2f %.2f re f Q" % (left - 2, bottom - 2, half - left + 2,
                                                  top - bottom + 4)
    page = ink(tmp_path, text + cover)
    covered = [h for h in page.hidden if h.reason == "covered by a filled rectangle drawn later"]
    assert "".join(page.text[h.index] for h in covered) == "HH"


def test_a_clipped_glyph_whose_colour_contrasts_is_not_drawn(tmp_path: Path) -> None:
    """Grey 191 on white contrasts by exactly 64 levels: clipped away, nothing of it is
    drawn; its colour is not the reason."""
    assert reasons(tmp_path, b"q 0 0 1 1 re W n BT 0.7490196 g /F1 30 Tf 20 100 Td (Word) Tj "
                             b"ET Q") == {"nothing of it is drawn (it is clipped away, or in a "
                                          "hidden layer)"}


def test_a_cover_beside_glyphs_without_ink_does_not_cover_them(tmp_path: Path) -> None:
    """White text on white, a white rectangle over the left half of the word: the left
    glyphs are covered, the right ones merely do not contrast."""
    text = b"BT 1 g /F1 30 Tf 20 100 Td (HHHH) Tj ET"
    left, bottom, right, top = word_box(one_page(tmp_path / "probe.pdf", text))
    half = (left + right) / 2
    cover = b"\nq 1 g %.2f %.2f %.2f %.2f re f Q" % (left - 2, bottom - 2, half - left + 2,
                                                  top - bottom + 4)
    page = ink(tmp_path, text + cover)
    assert [page.text[h.index] + " " + h.reason for h in page.hidden] == [
        "H covered by a filled rectangle drawn later"] * 2 + ["H " + NO_CONTRAST] * 2


def test_white_text_in_forms_nested_past_the_limit_does_not_contrast(tmp_path: Path) -> None:
    from helpers.pdfs import MEDIA

    from letterpress.check.visibility import MAX_FORM_DEPTH

    path = one_page(tmp_path / "deep.pdf", b"q /Fm Do Q")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        font = pdf.pages[0].obj.Resources.Font
        body = b"BT 1 g /F1 30 Tf 20 100 Td (Word) Tj ET"
        resources = pikepdf.Dictionary(Font=font)
        for _ in range(MAX_FORM_DEPTH + 2):
            form = pdf.make_stream(body, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                   BBox=list(MEDIA), Resources=resources)
            resources = pikepdf.Dictionary(Font=font, XObject=pikepdf.Dictionary(Fm=form))
            body = b"q /Fm Do Q"
        pdf.pages[0].obj.Resources = resources
        pdf.save(path)
    page = read_ink(path)[0]
    assert "".join(page.text.split()) == "Word"
    assert {h.reason for h in page.hidden} == {NO_CONTRAST} and len(page.hidden) == 4


def test_text_drawn_later_is_not_a_cover(tmp_path: Path) -> None:
    """The same white word twice in one place: neither leaves ink, neither covers the other;
    both merely do not contrast."""
    word = b"BT 1 g /F1 30 Tf 20 100 Td (Word) Tj ET\n"
    assert reasons(tmp_path, word + word) == {NO_CONTRAST}


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_glyphs_whose_middle_row_is_empty_are_seen_on_rotated_pages(tmp_path: Path,
                                                                   rotate: int) -> None:
    """'"' has no ink in the middle of its box across, "=" none along: on a page turned by
    90 degrees one of them has none in the middle pixel row, and its ink is looked for in
    the whole box, in the right place of the turned page."""
    path = one_page(tmp_path / "turned.pdf", b'BT /F1 30 Tf 20 100 Td (= : " = " :) Tj ET')
    page = read_ink(turned(path, rotate))[0]
    assert "".join(page.text.split()) == '=:"=":'
    assert page.hidden == ()


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_glyph_without_ink_in_a_hole_of_a_black_page_is_judged_in_its_box(
        tmp_path: Path, rotate: int) -> None:
    """White '"' and "=" in a white hole 4 pt around them in a black page: their own boxes
    (widened by a pixel) hold no ink, only the page around the hole does."""
    text = b'BT 1 g /F1 30 Tf 130 90 Td (" =) Tj ET'
    left, bottom, right, top = word_box(one_page(tmp_path / "probe.pdf", text))
    hole = b"q 0 g 0 0 300 200 re f 1 g %.2f %.2f %.2f %.2f re f Q\n" % (
        left - 4, bottom - 4, right - left + 8, top - bottom + 8)
    path = one_page(tmp_path / "hole.pdf", hole + text)
    page = read_ink(turned(path, rotate))[0]
    assert {h.reason for h in page.hidden} == {NO_CONTRAST}
    assert len(page.hidden) == 2
