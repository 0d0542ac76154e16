"""A glyph is seen only when the rendered page shows ink inside its box (visibility.py's
docstring). A glyph whose box lies wholly past the edge of the page, though within the crop
box's tolerance (CROP_TOLERANCE_PT, 0.5 pt), shows no ink on the page: it is not seen.

The page is 5.3 pt square, which PDFium renders 11 pixels square (scale 2.08 instead of 2):
there half a point is just over a pixel, and a box 0.49 pt past the edge lies past the last
pixel even when widened by a pixel. The glyphs are a Type 3 font's hairlines, 1/1000 em thin
(0.009 pt at 9 pt) and 500/1000 em long: "I" upright, "-" lying. PDFium leaves out a text
object less than 0.01 pt wide, so the "I" past the edge follows another in its object. Along
the edge, inside the page, black and white stripes: the page's ink is beside the glyph, not
in its box."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from letterpress.check.visibility import CROP_TOLERANCE_PT, read_ink

SIDE = 5.3
PAST = SIDE + CROP_TOLERANCE_PT - 0.0095  # 0.4905 pt past the edge
NOT_DRAWN = "nothing of it is drawn (it is clipped away, or in a hidden layer)"


def hairlines(path: Path, content: bytes) -> Path:
    pdf = pikepdf.new()
    procs = pikepdf.Dictionary(
        I=pdf.make_stream(b"1 0 0 0 1 500 d1 0 0 1 500 re f"),
        dash=pdf.make_stream(b"500 0 0 0 500 1 d1 0 0 500 1 re f"))
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 500, 500],
        FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=procs,
        Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding,
                                    Differences=[45, pikepdf.Name.dash, 73, pikepdf.Name.I]),
        FirstChar=45, LastChar=73, Widths=[500] + [0] * 27 + [1],
        Resources=pikepdf.Dictionary()))
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, SIDE, SIDE],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pdf.make_stream(content))))
    pdf.save(path)
    return path


@pytest.mark.parametrize("edge", ["right", "top"])
def test_a_glyph_wholly_past_the_edge_is_not_seen(tmp_path: Path, edge: str) -> None:
    if edge == "right":  # an "I" at 1 pt, then one at PAST (TJ moves back by thousandths)
        shift = -(PAST - 1.0 - 0.009) * 1000 / 9
        content = b"BT /F1 9 Tf 1 1 Td [(I) %.4f (I)] TJ ET" % shift
    else:  # a "-" lying PAST up
        content = b"BT /F1 9 Tf 0.2 %.4f Td (-) Tj ET" % PAST
    stripes = b" ".join(
        (b"%.2f %.2f 0.25 0.4 re" if edge == "top" else b"%.2f %.2f 0.4 0.25 re")
        % ((i / 2, SIDE - 0.4) if edge == "top" else (SIDE - 0.4, i / 2))
        for i in range(0, 10, 2))
    page = read_ink(hairlines(tmp_path / "past.pdf", b"q 0 g " + stripes + b" f Q\n" + content))[0]
    past = len(page.text) - 1
    assert page.text[past] == ("I" if edge == "right" else "-")
    assert (past, NOT_DRAWN) in [(h.index, h.reason) for h in page.hidden]
