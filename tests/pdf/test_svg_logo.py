"""An SVG logo is drawn as vectors (docs/source-format.md, "Logos"): the PDF holds paths, no
image, the same shape at any zoom, sharp edges at any zoom, fitted 16 mm high over the text
column with its aspect kept; check accounts for its ink and still names ink a forger adds
beside it; the same source gives the same bytes.

The oracle is the SVG's own geometry, stated here: a 40 × 10 viewBox holding a square
(0..10), a disc (centre 20, 5, radius 5) and a triangle (30,10 35,0 40,10), all black; on A4
with 25 mm and 20 mm side margins and the logo's box 16 mm high from 15 mm below the top
(layout/geometry.py's stated numbers), a unit is 1.6 mm and the logo spans 75.5..139.5 mm from
the left edge and 15..31 mm from the top."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pypdf
import pypdfium2 as pdfium
import pytest
from helpers import REPO, SAMPLE
from helpers.tampering import tamper

from letterpress.fonts import FontSet
from letterpress.pipeline import build, check
from letterpress.world import World

SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10" width="400" height="100">
  <rect x="0" y="0" width="10" height="10" fill="#000"/>
  <circle cx="20" cy="5" r="5" fill="black"/>
  <path d="M30 10 L35 0 L40 10 Z" style="fill: #000000"/>
</svg>
"""
MM = 72 / 25.4
LEFT_MM, TOP_MM, UNIT_MM = 75.5, 15.0, 1.6  # the logo's place, and one SVG unit, in mm
PERIMETER = 40 + 2 * math.pi * 5 + 10 + 2 * math.hypot(5, 10)  # of the three shapes, in units


def inside(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Whether the SVG point (x, y) is inked: the square, the disc or the triangle."""
    square = (x >= 0) & (x <= 10) & (y >= 0) & (y <= 10)
    disc = (x - 20) ** 2 + (y - 5) ** 2 <= 25
    triangle = (y <= 10) & (y >= 2 * np.abs(x - 35))
    return square | disc | triangle


def letter_with_svg(tmp_path: Path, data: bytes = SVG) -> Path:
    shutil.copytree(REPO / "source", tmp_path / "source")
    (tmp_path / "source/letterheads/logo.svg").write_bytes(data)
    head = tmp_path / "source/letterheads/ogp.yaml"
    head.write_text(head.read_text(encoding="utf-8") + "logo: logo.svg\n", encoding="utf-8")
    return tmp_path / "source" / SAMPLE.name


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("svg")
    source = letter_with_svg(folder)
    return source, build(source, folder / "out.pdf", World(fonts)).output


# the region rendered, in points from the page's left and top edges: 2 mm around the logo
CROP_LEFT, CROP_TOP = round((LEFT_MM - 2) * MM), round((TOP_MM - 2) * MM)


def render(pdf: Path, zoom: float) -> np.ndarray:
    """The logo's region of page 1 in grey levels, at ``zoom`` × 72 dpi."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        height_pt = page.get_height()
        crop = (CROP_LEFT, int(height_pt - (TOP_MM + 18) * MM),
                int(page.get_width() - (LEFT_MM + 66) * MM), CROP_TOP)
        bitmap = page.render(scale=zoom, crop=crop, grayscale=True)
        return np.asarray(bitmap.to_numpy(), dtype=np.float64).reshape(
            bitmap.height, bitmap.width, -1)[:, :, 0]
    finally:
        document.close()


def expected(shape: tuple[int, int], zoom: float) -> np.ndarray:
    """The SVG's own raster on the same pixel grid: the shapes at each pixel's centre."""
    rows, columns = np.mgrid[0:shape[0], 0:shape[1]] + 0.5
    mm_x = (CROP_LEFT + columns / zoom) / MM
    mm_y = (CROP_TOP + rows / zoom) / MM
    return inside((mm_x - LEFT_MM) / UNIT_MM, (mm_y - TOP_MM) / UNIT_MM)


def test_the_logo_is_vector_paths_not_an_image(built: tuple[Path, Path]) -> None:
    page = pypdf.PdfReader(built[1]).pages[0]
    assert len(page.images) == 0
    resources = page["/Resources"]
    assert "/XObject" not in resources or not resources["/XObject"]
    stream = page.get_contents().get_data()
    assert b" c\n" in stream and b" re f" in stream  # the disc's curves, the square's path
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for f in resources["/Font"].values()}
    assert all(name.startswith("Liberation") for name in fonts), fonts  # no font of its own


@pytest.mark.slow
@pytest.mark.parametrize("zoom", [1.0, 6.0])
def test_the_logo_has_the_svgs_shape_and_sharp_edges_at_every_zoom(
        built: tuple[Path, Path], zoom: float) -> None:
    grey = render(built[1], zoom)
    want = expected(grey.shape, zoom)
    inked = grey < 128
    assert want.sum() > 100  # the oracle sees the logo in this region at all
    # the same shape: at most the pixels along the edges disagree
    edge_pixels = PERIMETER * UNIT_MM * MM * zoom
    assert (inked != want).sum() <= 1.5 * edge_pixels, ((inked != want).sum(), edge_pixels)
    # sharp: grey (half-inked) pixels only in a band about one pixel wide along the edges,
    # whatever the zoom (a raster enlarged would blur over more pixels as it grows)
    blurred = ((grey > 40) & (grey < 215)).sum()
    assert blurred <= 2.0 * edge_pixels, (blurred, edge_pixels)


@pytest.mark.slow
def test_check_accounts_for_the_logo_and_names_a_mark_beside_it(
        built: tuple[Path, Path], tmp_path: Path, fonts: FontSet) -> None:
    source, pdf = built
    assert check(source, pdf, World(fonts)) == ()
    # a small mark in the logo's 16 mm band, 10 mm right of it: inside the box a raster logo
    # is fitted into, outside the footprint the SVG draws
    x, y = (139.5 + 10) * MM, 841.89 - (TOP_MM + 8) * MM
    forged = tamper(pdf, tmp_path / "forged.pdf",
                    lambda d: d + f"\nq 0 g {x:.2f} {y:.2f} 6 6 re f Q\n".encode())
    found = [f for f in check(source, forged, World(fonts))
             if f.message == "ink that is not part of the letter"]
    assert [f.page for f in found] == [1]


def test_the_same_svg_logo_gives_the_same_bytes(tmp_path: Path, fonts: FontSet,
                                                built: tuple[Path, Path]) -> None:
    source = letter_with_svg(tmp_path)  # another folder, the same files
    again = build(source, tmp_path / "again.pdf", World(fonts)).output
    assert again.read_bytes() == built[1].read_bytes()


@pytest.mark.slow
def test_a_tall_logo_is_fitted_16_mm_high_with_its_aspect(tmp_path: Path,
                                                          fonts: FontSet) -> None:
    """A logo 5 × 10 mm (a 10 × 20 viewBox): 16 mm high, so 8 mm wide, centred over the
    165 mm column."""
    tall = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 20" width="5mm" '
            b'height="10mm"><rect width="10" height="20" fill="#000"/></svg>')
    pdf = build(letter_with_svg(tmp_path, tall), tmp_path / "tall.pdf", World(fonts)).output
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=4, grayscale=True)
        grey = np.asarray(bitmap.to_numpy(), dtype=np.float64).reshape(
            bitmap.height, bitmap.width, -1)[:, :, 0]
    finally:
        document.close()
    band = grey[: int((TOP_MM + 16.5) * MM * 4)] < 128
    rows, columns = np.nonzero(band)
    px = 4 * MM  # pixels per mm
    assert abs((rows.max() - rows.min() + 1) / px - 16) < 0.5
    assert abs((columns.max() - columns.min() + 1) / px - 8) < 0.5
    assert abs((columns.min() / px) - (25 + (165 - 8) / 2)) < 0.5
