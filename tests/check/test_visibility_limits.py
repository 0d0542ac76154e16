"""The limits of "a reader can see it" (visibility.py's docstring, README's `check`): text is
readable from 4 pt (MIN_SIZE_PT) up, measured as the font size times the scale of the text
and transformation matrices; a glyph is on the page only when its box lies inside the crop
box (what a viewer shows and a printer prints); render modes 3 and 7 paint nothing, every
other mode paints (ISO 32000-1 9.3.6). Both sides of each limit are tested.

Each PDF here is one small page written by hand (pikepdf), in Helvetica, so that every
size, position and mode is exactly the one the test states. Glyph boxes are measured with
PDFium as the test's own measuring tape, never taken from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.pdfs import MEDIA, OUTSIDE, SIZE, glyph_box, ink

from letterpress.check.visibility import PageInk

CROP = (40, 50, 250, 150)  # left, bottom, right, top: no two alike


def reasons(page: PageInk) -> dict[str, set[str]]:
    """For each drawn character of the page (in drawing order, by its position among the
    drawn characters as "0", "1", ...), the reasons it is hidden (empty when it is seen)."""
    drawn = [i for i, char in enumerate(page.text) if not char.isspace()]
    out: dict[str, set[str]] = {str(k): set() for k in range(len(drawn))}
    for h in page.hidden:
        out[str(drawn.index(h.index))].add(h.reason)
    return out


# --- size: 4 pt is readable, less is not --------------------------------------------------

@pytest.mark.parametrize(("content", "size"), [
    (b"BT /F1 3.9 Tf 20 100 Td (Small print) Tj ET", "3.90"),
    (b"BT /F1 1 Tf 20 100 Td (Small print) Tj ET", "1.00"),
    # the transformation matrix halves a 7.8 pt font
    (b"q 0.5 0 0 0.5 0 0 cm BT /F1 7.8 Tf 40 200 Td (Small print) Tj ET Q", "3.90"),
    # the text matrix halves a 7.8 pt font
    (b"BT /F1 7.8 Tf 0.5 0 0 0.5 20 100 Tm (Small print) Tj ET", "3.90"),
], ids=["3.9 pt font", "1 pt font", "halved by cm", "halved by Tm"])
def test_text_below_4_pt_is_too_small_to_read(tmp_path: Path, content: bytes,
                                              size: str) -> None:
    page = ink(tmp_path, content)
    assert page.text == "Small print"
    assert {h.reason for h in page.hidden} == {f"too small to read ({size} pt)"}
    assert len(page.hidden) == len("Smallprint")


@pytest.mark.parametrize("content", [
    b"BT /F1 4 Tf 20 100 Td (Small print) Tj ET",
    b"BT /F1 4.5 Tf 20 100 Td (Small print) Tj ET",
    b"q 0.5 0 0 0.5 0 0 cm BT /F1 8 Tf 40 200 Td (Small print) Tj ET Q",
    b"BT /F1 8 Tf 0.5 0 0 0.5 20 100 Tm (Small print) Tj ET",
    b"q 2 0 0 2 0 0 cm BT /F1 2 Tf 10 50 Td (Small print) Tj ET Q",  # 2 pt doubled
], ids=["4 pt font", "4.5 pt font", "8 pt halved by cm", "8 pt halved by Tm",
        "2 pt doubled by cm"])
def test_text_of_4_pt_or_more_is_readable(tmp_path: Path, content: bytes) -> None:
    page = ink(tmp_path, content)
    assert page.text == "Small print"
    assert page.hidden == ()


def test_a_small_object_beside_a_readable_one_is_the_only_one_found(tmp_path: Path) -> None:
    page = ink(tmp_path, b"BT /F1 12 Tf 20 150 Td (Seen) Tj ET\n"
                         b"BT /F1 3.5 Tf 20 100 Td (Speck) Tj ET\n"
                         b"BT /F1 12 Tf 20 50 Td (Seen) Tj ET")
    assert page.text.split() == ["Seen", "Speck", "Seen"]
    hidden = "".join(page.text[h.index] for h in page.hidden)
    assert hidden == "Speck"
    assert {h.reason for h in page.hidden} == {"too small to read (3.50 pt)"}


# --- render modes: 3 and 7 paint nothing, 0-2 and 4-6 paint -----------------------------

@pytest.mark.parametrize(("mode", "name"), [(3, "invisible"), (7, "clip only")])
def test_render_modes_that_paint_nothing(tmp_path: Path, mode: int, name: str) -> None:
    page = ink(tmp_path, b"BT %d Tr /F1 12 Tf 20 100 Td (Hidden words) Tj ET" % mode)
    assert {h.reason for h in page.hidden} == {f"drawn in render mode {mode} ({name})"}
    assert len(page.hidden) == len("Hiddenwords")


@pytest.mark.parametrize("mode", [0, 1, 2, 4, 5, 6])
def test_render_modes_that_paint(tmp_path: Path, mode: int) -> None:
    # modes 4-6 also add the glyphs to the clip: q ... Q keeps that from the next object
    page = ink(tmp_path, b"q BT %d Tr /F1 12 Tf 20 100 Td (Painted words) Tj ET Q\n"
                         b"BT /F1 12 Tf 20 50 Td (Plain) Tj ET" % mode)
    assert page.text.split() == ["Painted", "words", "Plain"]
    assert page.hidden == ()


def test_a_clip_only_object_beside_plain_ones_is_the_only_one_found(tmp_path: Path) -> None:
    page = ink(tmp_path, b"BT /F1 12 Tf 20 150 Td (Seen) Tj ET\n"
                         b"q BT 7 Tr /F1 12 Tf 20 100 Td (Clip) Tj ET Q\n"
                         b"BT /F1 12 Tf 20 50 Td (Seen) Tj ET")
    assert "".join(page.text[h.index] for h in page.hidden) == "Clip"
    assert {h.reason for h in page.hidden} == {"drawn in render mode 7 (clip only)"}


# --- the crop box: a glyph is on the page only when its box is inside it ------------------


def placed(tmp_path: Path, out: dict[str, float]) -> bytes:
    """An "H" beside each edge of CROP, its box ``out[edge]`` points past that edge
    (negative: inside it), drawn left, right, bottom, top in that order."""
    left, bottom, right, top = glyph_box(tmp_path, b"H")
    mid_x, mid_y = (CROP[0] + CROP[2]) / 2, (CROP[1] + CROP[3]) / 2
    width, height = right - left, top - bottom
    at = {
        "left": (CROP[0] - out["left"] - left, mid_y - bottom - height / 2),
        "right": (CROP[2] + out["right"] - right, mid_y - bottom - height / 2),
        "bottom": (mid_x - left - width / 2, CROP[1] - out["bottom"] - bottom),
        "top": (mid_x - left - width / 2, CROP[3] + out["top"] - top),
    }
    return b"\n".join(b"BT /F1 %d Tf %.3f %.3f Td (H) Tj ET" % (SIZE, x, y)
                      for x, y in (at[edge] for edge in ("left", "right", "bottom", "top")))


EDGES = {"left": "0", "right": "1", "bottom": "2", "top": "3"}


@pytest.mark.parametrize("edge", sorted(EDGES))
def test_a_glyph_half_past_an_edge_of_the_crop_box_is_off_the_page(tmp_path: Path,
                                                                    edge: str) -> None:
    """Half of it is cut off: what is left has ink, so only the box tells (and bulk
    clearing must not let it through on that ink)."""
    left, bottom, right, top = glyph_box(tmp_path, b"H")
    half = (right - left) / 2 if edge in ("left", "right") else (top - bottom) / 2
    out = {e: -5.0 for e in EDGES}
    out[edge] = half
    page = ink(tmp_path, placed(tmp_path, out), CROP)
    assert reasons(page) == {k: ({OUTSIDE} if e == edge else set()) for e, k in EDGES.items()}


@pytest.mark.parametrize("edge", sorted(EDGES))
def test_a_glyph_a_point_past_an_edge_of_the_crop_box_is_off_the_page(tmp_path: Path,
                                                                       edge: str) -> None:
    out = {e: -5.0 for e in EDGES}
    out[edge] = 1.0
    page = ink(tmp_path, placed(tmp_path, out), CROP)
    assert reasons(page) == {k: ({OUTSIDE} if e == edge else set()) for e, k in EDGES.items()}


def test_glyphs_touching_the_edges_from_inside_are_on_the_page(tmp_path: Path) -> None:
    for inside in (0.0, 0.25, 2.0):
        page = ink(tmp_path, placed(tmp_path, dict.fromkeys(EDGES, -inside)), CROP)
        assert "".join(page.text.split()) == "HHHH"
        assert page.hidden == (), inside


def test_without_a_crop_box_the_media_box_is_the_page(tmp_path: Path) -> None:
    left, bottom, right, top = glyph_box(tmp_path, b"H")
    half = (right - left) / 2
    page = ink(tmp_path, b"BT /F1 30 Tf %.3f 100 Td (H) Tj ET\n"
                         b"BT /F1 30 Tf 100 40 Td (H) Tj ET" % (MEDIA[2] + half - right))
    assert reasons(page) == {"0": {OUTSIDE}, "1": set()}
