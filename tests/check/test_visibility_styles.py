"""visibility.py reads which text object draws each glyph only where a style could hide
something: when every text object of a page paints at a legible size, no glyph's object is
asked for, and the few glyphs without plain ink are traced to their objects afterwards. These
tests edit single text objects and nest forms deeply, so that both ways are taken on pages
that also hold plainly visible text, and the findings stay exact."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from helpers.tampering import box_of, findings, hidden_fields, tamper

from letterpress.check.visibility import MAX_FORM_DEPTH, read_ink
from letterpress.fonts import FontSet


def one_object(edit_start: bytes, text: bytes) -> object:
    """An edit of a content stream: ``edit_start`` written at the start of the text object
    that shows ``text``, and the text state put back after it (it outlives ET)."""
    def edit(data: bytes) -> bytes:
        at = data.index(text)
        begin = data.rindex(b"BT", 0, at) + 2
        end = data.index(b"ET", at) + 2
        return (data[:begin] + b" " + edit_start + data[begin:end] + b" 0 Tr 0 g"
                + data[end:])
    return edit


def test_one_text_object_in_render_mode_3_is_the_only_finding(
        sample_pdf: Path, fonts: FontSet, tmp_path: Path) -> None:
    pdf = tamper(sample_pdf, tmp_path / "one.pdf",
                 one_object(b"3 Tr", b"(The Armed Forces"))  # type: ignore[arg-type]
    found = findings(pdf, fonts)
    assert hidden_fields(found, "drawn in render mode 3 (invisible)") == {("body[0]", 1)}
    assert {(f.field, f.page) for f in found} == {("body[0]", 1)}


def test_one_text_object_too_small_is_the_only_finding(
        sample_pdf: Path, fonts: FontSet, tmp_path: Path) -> None:
    """A text object scaled to a speck by its own matrix (Tm), beside plain ones."""
    def edit(data: bytes) -> bytes:
        at = data.index(b"(The Armed Forces")
        begin = data.rindex(b"BT", 0, at) + 2
        return data[:begin] + b" .05 0 0 .05 70 600 Tm" + data[begin:]
    found = findings(tamper(sample_pdf, tmp_path / "speck.pdf", edit), fonts)
    assert {(f.field, f.page) for f in found} == {("body[0]", 1)}
    assert all(f.message.startswith("text is not visible: too small to read") for f in found)


def test_a_rectangle_over_one_word_names_it_on_a_plain_page(
        sample_pdf: Path, fonts: FontSet, tmp_path: Path) -> None:
    """Every object of the page is plain: the glyphs under the rectangle are traced to their
    object afterwards, and only they are reported."""
    left, bottom, right, top = box_of(sample_pdf, "Armenia")
    cover = f"\nq 1 1 1 rg {left - 0.5} {bottom - 0.5} {right - left + 1} {top - bottom + 1} re f Q"
    pdf = tamper(sample_pdf, tmp_path / "word.pdf", lambda d: d + cover.encode())
    found = findings(pdf, fonts)
    assert [(f.field, f.page, f.found) for f in found] == [("body[0]", 1, "Armenia")]
    assert found[0].message == "text is not visible: covered by a filled rectangle drawn later"


def nested(src: Path, dst: Path, depth: int, inner: bytes) -> Path:
    """``dst``: ``src`` with page 1 drawn through ``depth`` form XObjects, one inside the
    next, the innermost drawing ``inner`` before the page's content."""
    with pikepdf.open(src) as pdf:
        page = pdf.pages[0]
        page.contents_coalesce()
        body = inner + page.obj.Contents.read_bytes()
        resources = page.obj.Resources
        for level in range(depth):
            form = pdf.make_stream(body, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                   BBox=[0, 0, 595, 842], Resources=resources)
            resources = pikepdf.Dictionary(Font=page.obj.Resources.Font,
                                           XObject=pikepdf.Dictionary(Fm=form))
            body = b"q /Fm Do Q\n"
            del level
        page.obj.Resources = resources
        page.obj.Contents = pdf.make_stream(body)
        pdf.save(dst)
    return dst


def test_text_in_forms_nested_past_the_limit_is_still_judged(
        sample_pdf: Path, fonts: FontSet, tmp_path: Path) -> None:
    """Forms nested deeper than visibility looks for text objects: every glyph's object is
    read from the text page instead, and invisible text there is found."""
    deep = MAX_FORM_DEPTH + 2
    plain = read_ink(nested(sample_pdf, tmp_path / "deep.pdf", deep, b""))
    assert plain[0].hidden == ()
    assert "The Armed Forces" in plain[0].text
    hidden = read_ink(nested(sample_pdf, tmp_path / "deep3.pdf", deep, b"3 Tr\n"))
    assert {h.reason for h in hidden[0].hidden} == {"drawn in render mode 3 (invisible)"}
    visible = {i for i, ch in enumerate(hidden[0].text) if not ch.isspace()}
    assert visible <= {h.index for h in hidden[0].hidden}
    assert hidden[1].hidden == ()


def overlaid(src: Path, dst: Path, depth: int) -> Path:
    """``dst``: page 1 of ``src`` as it is, then the same text again at half size in render
    mode 3, drawn through ``depth`` nested forms: invisible text partly over visible text,
    where ink alone would clear some of it."""
    with pikepdf.open(src) as pdf:
        page = pdf.pages[0]
        page.contents_coalesce()
        content = page.obj.Contents.read_bytes()
        fonts = page.obj.Resources.Font
        body, resources = b"3 Tr\n" + content, page.obj.Resources
        for _ in range(depth):
            form = pdf.make_stream(body, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                   BBox=[0, 0, 595, 842], Resources=resources)
            resources = pikepdf.Dictionary(Font=fonts, XObject=pikepdf.Dictionary(Fm=form))
            body = b"q /Fm Do Q\n"
        page.obj.Resources = resources
        page.obj.Contents = pdf.make_stream(content + b"\nq 0.5 0 0 0.5 0 0 cm " + body + b"Q")
        pdf.save(dst)
    return dst


def test_invisible_text_over_visible_text_is_found_through_forms(
        sample_pdf: Path, tmp_path: Path) -> None:
    """The style of every glyph is judged, not only of those without ink: at a depth where
    the page's text objects are read up front, and past it."""
    for depth in (1, MAX_FORM_DEPTH - 1, MAX_FORM_DEPTH + 2):
        page = read_ink(overlaid(sample_pdf, tmp_path / f"over{depth}.pdf", depth))[0]
        drawn = sum(not char.isspace() for char in page.text)
        assert {h.reason for h in page.hidden} == {"drawn in render mode 3 (invisible)"}
        assert 2 * len(page.hidden) == drawn, depth
