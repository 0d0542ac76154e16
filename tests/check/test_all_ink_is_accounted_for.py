"""All ink is accounted for (check/stray.py, wired in check/visibility.py): every inked part
of a rendered page lies in a glyph's box, a rule or the logo the layout draws, or a signature's
widget. Ink a forger adds without text (a sentence drawn as vector outlines, a scribble over a
name, a stamp drawn on the page) is named with its page and where it stands."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import SAMPLE
from helpers.pki import PASSWORD, Pki
from helpers.signing import sign, signed
from helpers.tampering import tamper

from letterpress.fonts import FontSet
from letterpress.pipeline import check
from letterpress.world import World

# "VOID" in strokes: a V, an O, an I and a D drawn with lines, no text anywhere
OUTLINES = (b"q 0 0 0 RG 2 w 400 60 m 410 30 l 420 60 l S 440 45 m 440 60 l 455 60 l "
            b"455 30 l 440 30 l h S 470 30 m 470 60 l S 485 30 m 485 60 l 495 55 l "
            b"495 35 l 485 30 l S Q\n")
FAINT_BOX = b"q 0.8 g 550 400 20 20 re f Q\n"  # in the right margin


def stray(findings: tuple[object, ...]) -> list[tuple[int, str]]:
    return [(f.page, f.found) for f in findings  # type: ignore[attr-defined]
            if f.message == "ink that is not part of the letter"]  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_letter_as_built_has_no_stray_ink(sample_pdf: Path, fonts: FontSet) -> None:
    assert stray(check(SAMPLE, sample_pdf, World(fonts))) == []


@pytest.mark.slow
@pytest.mark.parametrize(("name", "drawing", "left", "bottom"), [
    ("a word drawn as outlines", OUTLINES, 399, 29),
    ("a light grey box", FAINT_BOX, 550, 400),
])
def test_ink_without_text_is_named_with_its_place(
        sample_pdf: Path, tmp_path: Path, fonts: FontSet, name: str, drawing: bytes,
        left: int, bottom: int) -> None:
    forged = tamper(sample_pdf, tmp_path / "forged.pdf", lambda d: d + b"\n" + drawing)
    findings = check(SAMPLE, forged, World(fonts))
    found = stray(findings)
    assert found and {page for page, _ in found} == {1}
    places = [tuple(float(v) for v in re.match(r"ink at \((-?\d+), (-?\d+)\)", where).groups())
              for _, where in found]
    assert abs(min(x for x, _ in places) - left) <= 2, found
    assert abs(min(y for _, y in places) - bottom) <= 2, found
    assert [f.format() for f in findings if f.message != "ink that is not part of the letter"
            ] == []


@pytest.mark.slow
def test_ink_over_a_signatory_is_named_even_inside_the_text(
        sample_pdf: Path, tmp_path: Path, fonts: FontSet) -> None:
    """A scribble between two lines of the list: it touches no glyph's box."""
    forged = tamper(sample_pdf, tmp_path / "forged.pdf", lambda d: d + b"\nq 0 g 150 700 m "
                    b"250 703 l 1.5 w S Q\n", page=0)
    assert [page for page, _ in stray(check(SAMPLE, forged, World(fonts)))] == [1]


@pytest.mark.slow
def test_a_visible_signature_stamp_is_part_of_the_letter(
        pki: Pki, sample_pdf: Path, tmp_path: Path, fonts: FontSet,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The stamp `sign --visible` draws is a signature's widget: its ink is accounted for."""
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    letter = Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))
    assert sign(pki, letter, "alice", "--visible") == 0
    assert check(SAMPLE, signed(letter), World(fonts)) == ()


@pytest.mark.slow
def test_a_stamp_that_shows_only_on_paper_is_ink_on_paper_only(
        sample_pdf: Path, tmp_path: Path, fonts: FontSet) -> None:
    """An annotation marked NoView and Print, drawing a black box: nothing on screen, the box
    on paper. Its ink is found on the page as printed."""
    import pikepdf

    pdf = tmp_path / "stamp.pdf"
    with pikepdf.open(sample_pdf) as doc:
        look = doc.make_stream(b"0 g 0 0 80 30 re f", Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Form, BBox=[0, 0, 80, 30])
        stamp = doc.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Stamp, F=4 | 32,
            Rect=[460, 40, 540, 70], AP=pikepdf.Dictionary(N=look)))
        doc.pages[0].obj.Annots.append(stamp)
        doc.save(pdf)
    found = check(SAMPLE, pdf, World(fonts))
    paper = [f.page for f in found
             if f.message == "ink that is not part of the letter, on paper only"]
    screen = [f for f in found if f.message == "ink that is not part of the letter"]
    assert paper == [1] and screen == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["/Square", "/Widget"])
def test_text_covered_only_on_paper_is_named_with_its_field(
        kind: str, sample_pdf: Path, tmp_path: Path, fonts: FontSet) -> None:
    """An annotation marked NoView and Print that paints a white box over the first line of
    the body: the screen shows the text, paper does not. A signature field's widget is the
    kind of annotation a letter may hold, so the box must be judged by what it hides; PDFium
    draws a widget through its form environment, on screen too."""
    import pikepdf
    from helpers.tampering import box_of

    left, bottom, right, top = box_of(sample_pdf, "The Armed Forces")
    pdf = tmp_path / "covered.pdf"
    with pikepdf.open(sample_pdf) as doc:
        width, height = right - left + 4, top - bottom + 4
        look = doc.make_stream(f"1 g 0 0 {width} {height} re f".encode(),
                               Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                               BBox=[0, 0, width, height])
        cover = doc.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name(kind), F=4 | 32,
            Rect=[left - 2, bottom - 2, right + 2, top + 2], AP=pikepdf.Dictionary(N=look)))
        if kind == "/Widget":  # an empty signature field, as a signer would fill in
            cover.FT, cover.T, cover.P = pikepdf.Name.Sig, "Signature2", doc.pages[0].obj
            doc.Root.AcroForm = pikepdf.Dictionary(Fields=[cover], SigFlags=1)
        doc.pages[0].obj.Annots.append(cover)
        doc.save(pdf)
    found = check(SAMPLE, pdf, World(fonts))
    hidden = {(f.field, f.page) for f in found if "text is not visible" in f.message}
    assert hidden == {("body[0]", 1)}, [f.format() for f in found]
    if kind == "/Square":  # PDFium's form environment draws a widget on screen too
        assert all("covered on paper only, by an annotation that prints over it" in f.message
                   for f in found if "text is not visible" in f.message)


@pytest.mark.slow
def test_a_signature_stamp_over_the_text_is_not_part_of_the_letter(
        sample_pdf: Path, tmp_path: Path, fonts: FontSet) -> None:
    """A signed signature field whose stamp lies over the body and strikes its first line
    through: the stamp's ink between the words is ink no letter has. (letterpress puts a
    stamp below the text, clear of every glyph.)"""
    import pikepdf
    from helpers.tampering import box_of

    left, bottom, right, top = box_of(sample_pdf, "The Armed Forces")
    middle = (bottom + top) / 2
    pdf = tmp_path / "struck.pdf"
    with pikepdf.open(sample_pdf) as doc:
        look = doc.make_stream(f"0 G 1 w 0 {middle - bottom + 10} m 400 {middle - bottom + 10} "
                               f"l S".encode(), Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Form, BBox=[0, 0, 400, 40])
        stamp = doc.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, F=4, FT=pikepdf.Name.Sig,
            T="Signature1", V=pikepdf.Dictionary(Type=pikepdf.Name.Sig), P=doc.pages[0].obj,
            Rect=[left, bottom - 10, left + 400, bottom + 30], AP=pikepdf.Dictionary(N=look)))
        doc.Root.AcroForm = pikepdf.Dictionary(Fields=[stamp], SigFlags=3)
        doc.pages[0].obj.Annots.append(stamp)
        doc.save(pdf)
    found = check(SAMPLE, pdf, World(fonts))
    assert [page for page, _ in stray(found)] and {page for page, _ in stray(found)} == {1}
