"""Which text object draws each glyph is asked of PDFium only where it matters (visibility.py,
"check's fast paths" in tests/test_check_speed.py): when every text object of a page, those in
form XObjects nested up to MAX_FORM_DEPTH included, paints at a legible size, no glyph with
plain ink has its object asked for, and only the glyphs without it are traced to theirs; when
some object may hide its glyphs, or forms nest deeper, each glyph's object is asked for once.
inkmap.unclear is told which glyphs are plain: those whose object hides nothing.

PDFium's FPDFText_GetTextObject is wrapped here to count its calls; the findings stay exact
either way. One small page each (tests/test_visibility_limits.py's one_page)."""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2.raw as raw
import pytest
from helpers.pdfs import MEDIA, one_page

from letterpress.check import inkmap
from letterpress.check.visibility import MAX_FORM_DEPTH, PageInk, read_ink

PROTOTYPE = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
SEEN = b"BT /F1 30 Tf 20 150 Td (Seen) Tj ET\n"
INVISIBLE = "drawn in render mode 3 (invisible)"


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The character indices PDFium is asked the text object of, in order."""
    calls: list[int] = []
    real = PROTOTYPE(ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)

    def counted(textpage: int, index: int) -> int:
        calls.append(index)
        return real(textpage, index) or 0

    wrapper = PROTOTYPE(counted)
    monkeypatch.setattr(raw, "FPDFText_GetTextObject", wrapper)
    return calls


def in_forms(path: Path, depth: int, inner: bytes, outer: bytes = b"") -> Path:
    """``path`` (one page) drawing ``outer``, then ``inner`` through ``depth`` form XObjects,
    one inside the next."""
    one_page(path, b"")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        font = pdf.pages[0].obj.Resources.Font
        body, resources = inner, pikepdf.Dictionary(Font=font)
        for _ in range(depth):
            form = pdf.make_stream(body, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                   BBox=list(MEDIA), Resources=resources)
            resources = pikepdf.Dictionary(Font=font, XObject=pikepdf.Dictionary(Fm=form))
            body = b"q /Fm Do Q"
        pdf.pages[0].obj.Resources = resources
        pdf.pages[0].obj.Contents = pdf.make_stream(outer + body)
        pdf.save(path)
    return path


def drawn(page: PageInk) -> list[int]:
    return [i for i, char in enumerate(page.text) if not char.isspace()]


def test_a_plain_page_asks_for_no_text_object(tmp_path: Path, asked: list[int]) -> None:
    page = read_ink(one_page(tmp_path / "plain.pdf", SEEN + b"BT /F1 30 Tf 20 50 Td (Also) Tj ET"))
    assert page[0].text.split() == ["Seen", "Also"] and page[0].hidden == ()
    assert asked == []


def test_on_a_plain_page_only_glyphs_without_ink_are_traced(tmp_path: Path,
                                                            asked: list[int]) -> None:
    page = read_ink(one_page(tmp_path / "white.pdf", SEEN + b"BT 1 g /F1 30 Tf 20 50 Td (Gone) "
                                                           b"Tj ET"))[0]
    assert page.text.split() == ["Seen", "Gone"]
    gone = [h.index for h in page.hidden]
    assert "".join(page.text[i] for i in gone) == "Gone"
    assert sorted(set(asked)) == gone


def test_where_an_object_may_hide_its_glyphs_each_object_is_asked_for_once(
        tmp_path: Path, asked: list[int]) -> None:
    page = read_ink(one_page(tmp_path / "mode3.pdf", SEEN + b"BT 3 Tr /F1 30 Tf 20 50 Td (Gone) "
                                                           b"Tj ET"))[0]
    assert [page.text[h.index] + " " + h.reason for h in page.hidden] == [
        f"{char} {INVISIBLE}" for char in "Gone"]
    assert asked == drawn(page)


@pytest.mark.parametrize(("depth", "read_up_front"), [
    (MAX_FORM_DEPTH - 1, True), (MAX_FORM_DEPTH, False), (MAX_FORM_DEPTH + 2, False)])
def test_text_objects_in_forms_are_read_up_front_to_the_depth_limit(
        tmp_path: Path, asked: list[int], depth: int, read_up_front: bool) -> None:
    page = read_ink(in_forms(tmp_path / "deep.pdf", depth,
                             b"BT /F1 30 Tf 20 50 Td (Deep) Tj ET", SEEN))[0]
    assert page.text.split() == ["Seen", "Deep"] and page.hidden == ()
    assert asked == ([] if read_up_front else drawn(page))


def test_an_empty_form_past_the_depth_limit_holds_no_text_to_miss(
        tmp_path: Path, asked: list[int]) -> None:
    """Forms nested one deeper than the limit, the deepest of them empty: the text objects
    are all within the limit."""
    page = read_ink(in_forms(tmp_path / "empty.pdf", MAX_FORM_DEPTH, b"", SEEN))[0]
    assert page.text.split() == ["Seen"] and page.hidden == ()
    assert asked == []


def test_invisible_text_over_visible_text_in_one_form_is_found(tmp_path: Path) -> None:
    """The form is the page's only object and holds two text objects, the second invisible
    over the first: every text object of the form is read, not as many as the page holds."""
    content = (b"BT /F1 30 Tf 20 100 Td (Word) Tj ET\n"
               b"BT 3 Tr /F1 30 Tf 20 100 Td (MMMM) Tj ET")
    page = read_ink(in_forms(tmp_path / "form.pdf", 1, content))[0]
    assert page.text.split() == ["Word", "MMMM"]
    assert [page.text[h.index] + " " + h.reason for h in page.hidden] == [
        f"M {INVISIBLE}"] * 4


def test_inkmap_is_told_which_glyphs_are_plain(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[list[bool]] = []
    unclear = inkmap.unclear

    def spy(edges: Any, plain: list[bool], *rest: Any) -> Any:
        told.append(list(plain))
        return unclear(edges, plain, *rest)

    monkeypatch.setattr(inkmap, "unclear", spy)
    for mode, small in ((b"3 Tr", b"30"), (b"0 Tr", b"3")):
        page = read_ink(one_page(tmp_path / "mixed.pdf", SEEN + b"BT %s /F1 %s Tf 20 50 Td (Gone) "
                                                            b"Tj ET" % (mode, small)))[0]
        assert told.pop() == [True] * len("Seen") + [False] * len("Gone")
        assert len(page.hidden) == len("Gone")
