"""What lies under a glyph without ink is read at the middle of its box (visibility.py: "its
colour does not contrast with what lies under it", and _Pixels.level's docstring): a glyph
that leaves no ink, painted in grey 160, over one pixel of grey 192 at the very middle of its
box on a white page, has a colour that does not contrast with what lies under it (32 levels);
the same pixel one pixel beside the middle leaves white (95 levels) under it, and then the
glyph is merely not drawn. The box's contrast is 63 levels (192 against 255): no ink.

The page is 600 pt square, the glyph against its edges or near its far corner (560 pt from
the origin each way, so that a point on the page lands on the right pixel however far it is
from the origin); the page is turned every way. At 144 dpi a pixel is half a point: the
glyph's box is set to begin a quarter of a pixel past a pixel edge and to be 5.25 pt (10.5
pixels) wide and high, so its middle is the middle of a pixel, far from any pixel edge. The
glyph is clipped away entirely (it leaves no ink). Its box is measured with PDFium as the
test's own measuring tape."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from helpers.pdfs import turned

from letterpress.check.visibility import read_ink

SIDE = 600  # the page, in points
EXTENT = 5.25  # the glyph box's width and height: ten pixels and a half
# its lower left corner, each way: a quarter pixel past a pixel edge, against the page's
# edges (its box widened by a pixel would reach past them) or far from them
CORNERS = {"against the edges": 0.125, "far corner": 560.125,
           "against the far edges": SIDE - EXTENT - 0.125}
NO_CONTRAST = "its colour does not contrast with what lies under it"
NOT_DRAWN = "nothing of it is drawn (it is clipped away, or in a hidden layer)"


def page(path: Path, content: bytes) -> Path:
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding))
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, SIDE, SIDE],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pdf.make_stream(content))))
    pdf.save(path)
    return path


def glyph(tmp_path: Path, corner: float, corner_y: float | None = None) -> bytes:
    """"H" in grey 160, clipped away (to a point far from it), its box from ``corner`` to
    ``corner`` + EXTENT each way (up from ``corner_y``, if given)."""
    probe = page(tmp_path / "probe.pdf", b"BT /F1 1 Tf 0 0 Td (H) Tj ET")
    document = pdfium.PdfDocument(probe)
    try:
        textpage = document[0].get_textpage()
        left, bottom, right, top = textpage.get_charbox(0)
        textpage.close()
    finally:
        document.close()
    sx, sy = EXTENT / (right - left), EXTENT / (top - bottom)
    return (b"q 300 300 1 1 re W n BT 0.627451 g /F1 1 Tf %.6f 0 0 %.6f %.6f %.6f Tm (H) Tj ET Q"
            % (sx, sy, corner - left * sx,
               (corner if corner_y is None else corner_y) - bottom * sy))


def reasons(tmp_path: Path, rotate: int, corner: float,
            beside: tuple[float, float] | None) -> list[str]:
    """The glyph at ``corner``, over one pixel of grey 192 ``beside`` the middle of its box
    by so many points (None: no such pixel)."""
    middle = corner + EXTENT / 2  # the middle of a pixel
    grey = b"" if beside is None else b"q 0.7529412 g %.2f %.2f 0.5 0.5 re f Q\n" % (
        middle + beside[0] - 0.25, middle + beside[1] - 0.25)
    path = page(tmp_path / "middle.pdf", grey + glyph(tmp_path, corner))
    ink = read_ink(turned(path, rotate))[0]
    assert ink.text == "H"
    return [h.reason for h in ink.hidden]


@pytest.mark.parametrize("corner", CORNERS.values(), ids=CORNERS.keys())
@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_the_pixel_under_the_middle_of_the_box_is_what_lies_under_the_glyph(
        tmp_path: Path, rotate: int, corner: float) -> None:
    assert reasons(tmp_path, rotate, corner, (0, 0)) == [NO_CONTRAST]


@pytest.mark.parametrize("corner", CORNERS.values(), ids=CORNERS.keys())
@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@pytest.mark.parametrize("beside", [(-0.5, 0), (0.5, 0), (0, -0.5), (0, 0.5)],
                         ids=["left", "right", "below", "above"])
def test_a_pixel_beside_the_middle_is_not(tmp_path: Path, rotate: int, corner: float,
                                         beside: tuple[float, float]) -> None:
    assert reasons(tmp_path, rotate, corner, beside) == [NOT_DRAWN]


@pytest.mark.parametrize(("grey_at", "reason"), [(562.8, NO_CONTRAST), (563.3, NOT_DRAWN)],
                         ids=["under the middle", "beside it"])
def test_the_middle_is_found_under_a_crop_box_off_the_pixel_grid(
        tmp_path: Path, grey_at: float, reason: str) -> None:
    """The crop box runs from 0.3 pt to 599.8 pt each way (1199 pixels): the pixels begin 0.3
    pt (0.6 pixels) in from the media box's corner. The glyph's box runs from 560.3 to
    565.55 pt across (pixel 1120 to 1130.5), its middle 562.925 pt a quarter pixel into pixel
    1125 (562.8 to 563.3 pt); up, its middle is the middle of a pixel. The grey pixel lies
    under that middle, or beside it."""
    middle_y = 599.8 - 150.25  # the middle of the pixel row 300 from the top
    content = (b"q 0.7529412 g %.2f %.2f 0.5 0.5 re f Q\n" % (grey_at, middle_y - 0.25)
               + glyph(tmp_path, 560.3, middle_y - EXTENT / 2))
    pdf = page(tmp_path / "off-grid.pdf", content)
    with pikepdf.open(pdf, allow_overwriting_input=True) as opened:
        opened.pages[0].obj.CropBox = [0.3, 0.3, 599.8, 599.8]
        opened.save(pdf)
    assert [h.reason for h in read_ink(pdf)[0].hidden] == [reason]


def test_on_white_alone_the_glyph_is_merely_not_drawn(tmp_path: Path) -> None:
    assert reasons(tmp_path, 0, CORNERS["far corner"], None) == [NOT_DRAWN]


# --- a glyph just past an edge of the page, within the crop box's tolerance ---------------

def sliver_past(tmp_path: Path, edge: str) -> bytes:
    """"H" in grey 160, clipped away, squeezed into a box 0.25 pt by 30 pt (8.3 pt in size)
    that lies from 0.125 to 0.375 pt past ``edge`` of the page, centred along it: its middle
    lies past the page's outermost pixel."""
    probe = page(tmp_path / "probe.pdf", b"BT /F1 1 Tf 0 0 Td (H) Tj ET")
    document = pdfium.PdfDocument(probe)
    try:
        textpage = document[0].get_textpage()
        left, bottom, right, top = textpage.get_charbox(0)
        textpage.close()
    finally:
        document.close()
    across, along = (0.25, 30.0) if edge in ("left", "right") else (30.0, 0.25)
    sx, sy = across / (right - left), along / (top - bottom)
    x, y = {"left": (-0.375, 285), "right": (SIDE + 0.125, 285),
            "bottom": (285, -0.375), "top": (285, SIDE + 0.125)}[edge]
    return (b"q 300 300 1 1 re W n BT 0.627451 g /F1 1 Tf %.6f 0 0 %.6f %.6f %.6f Tm (H) Tj "
            b"ET Q" % (sx, sy, x - left * sx, y - bottom * sy))


STRIPS = {"left": (0, 0, 0.5, SIDE), "right": (SIDE - 0.5, 0, 0.5, SIDE),
          "bottom": (0, 0, SIDE, 0.5), "top": (0, SIDE - 0.5, SIDE, 0.5)}


@pytest.mark.parametrize("edge", sorted(STRIPS))
def test_a_glyph_just_past_the_edge_lies_on_the_outermost_pixel(tmp_path: Path,
                                                                edge: str) -> None:
    """The outermost pixel row or column of the page, grey 192: the glyph's grey 160 does
    not contrast with it."""
    strip = b"q 0.7529412 g %.2f %.2f %.2f %.2f re f Q\n" % STRIPS[edge]
    ink = read_ink(page(tmp_path / "past.pdf", strip + sliver_past(tmp_path, edge)))[0]
    assert [h.reason for h in ink.hidden] == [NO_CONTRAST]


@pytest.mark.parametrize("edge", sorted(STRIPS))
def test_a_glyph_just_past_a_white_edge_is_not_drawn(tmp_path: Path, edge: str) -> None:
    ink = read_ink(page(tmp_path / "past.pdf", sliver_past(tmp_path, edge)))[0]
    assert [h.reason for h in ink.hidden] == [NOT_DRAWN]
