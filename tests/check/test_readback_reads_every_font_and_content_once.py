"""readback hands the glyph check every font the pages use, each once, with the first page
that uses it, those of the forms a page draws too (MAX_FORM_DEPTH deep), and every page's
content stream, so that ``PdfText.misread`` names (page index, what) for each font whose
glyphs cannot be verified and each page whose content holds an /ActualText span
(check/glyphs.py). A Type 3 font is one that cannot be verified against letterpress's fonts.

The PDFs are written here by hand with pikepdf, so each one holds exactly what the test says.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pikepdf
import pytest

from letterpress.check.readback import MAX_FORM_DEPTH, read_pdf_bytes

Name = pikepdf.Name
DEEP = (f"forms nested more than {MAX_FORM_DEPTH - 1} deep: the fonts they use cannot be "
        "verified")
ACTUAL = b"/Span << /ActualText (Julia) >> BDC BT /F1 12 Tf 20 100 Td (Julie) Tj ET EMC"


def type3(pdf: pikepdf.Pdf, name: str) -> pikepdf.Object:
    """A Type 3 font named ``name``: its glyphs are the file's own, never letterpress's."""
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=Name.Font, Subtype=Name.Type3, BaseFont=Name("/" + name),
        FontBBox=[0, 0, 1, 1], FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
        CharProcs=pikepdf.Dictionary(), Encoding=pikepdf.Dictionary(Differences=[]),
        FirstChar=0, LastChar=0, Widths=[0]))


def form(pdf: pikepdf.Pdf, resources: pikepdf.Dictionary) -> pikepdf.Object:
    stream = pdf.make_indirect(pikepdf.Stream(pdf, b""))
    stream.Type, stream.Subtype, stream.BBox = Name.XObject, Name.Form, [0, 0, 1, 1]
    stream.Resources = resources
    return stream


def build(pages: Callable[[pikepdf.Pdf], list[pikepdf.Dictionary]]) -> bytes:
    pdf = pikepdf.new()
    for page in pages(pdf):
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=Name.Page, MediaBox=[0, 0, 300, 200], **page)))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def misread(data: bytes) -> list[tuple[int, str]]:
    return [(page, what.split(" (")[0]) for page, what in read_pdf_bytes(data, "t.pdf").misread]


def page(pdf: pikepdf.Pdf, content: bytes = b"", **fonts: pikepdf.Object
         ) -> pikepdf.Dictionary:
    return {"Contents": pdf.make_stream(content),  # type: ignore[return-value]
            "Resources": pikepdf.Dictionary(Font=pikepdf.Dictionary(
                {"/" + key: font for key, font in fonts.items()}))}


def test_each_font_is_named_once_with_the_first_page_that_uses_it() -> None:
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        shared, second = type3(pdf, "Shared"), type3(pdf, "Second")
        return [page(pdf, F1=shared), page(pdf, F1=shared, F2=second),
                page(pdf, F9=shared)]

    assert misread(build(pages)) == [(0, "font Shared"), (1, "font Second")]


def test_two_fonts_of_one_page_are_both_named() -> None:
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        return [page(pdf), page(pdf, F1=type3(pdf, "One"), F2=type3(pdf, "Two"))]

    assert sorted(misread(build(pages))) == [(1, "font One"), (1, "font Two")]


@pytest.mark.parametrize("depth", [1, 2, MAX_FORM_DEPTH - 1])
def test_the_fonts_of_forms_a_page_draws_are_named_with_that_page(depth: int) -> None:
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=type3(pdf, "Deep")))
        for _ in range(depth):
            resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=form(pdf, resources)))
        return [page(pdf), {"Contents": pdf.make_stream(b""), "Resources": resources}]

    assert misread(build(pages)) == [(1, "font Deep")]


def nested(pdf: pikepdf.Pdf, depth: int, forms: int = 1) -> pikepdf.Dictionary:
    """A page whose one font is ``depth`` forms down, each level drawing ``forms`` forms."""
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=type3(pdf, "Deep")))
    for _ in range(depth):
        resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(
            {f"/Fm{k}": form(pdf, resources) for k in range(forms)}))
    return {"Contents": pdf.make_stream(b""), "Resources": resources}  # type: ignore[return-value]


@pytest.mark.parametrize("forms", [1, 2])
def test_forms_nested_past_the_limit_are_named_once_for_their_page(forms: int) -> None:
    """A font hidden deeper than the search goes cannot be verified: that is said, not
    passed over."""
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        return [page(pdf), nested(pdf, MAX_FORM_DEPTH - 1), nested(pdf, MAX_FORM_DEPTH, forms),
                nested(pdf, MAX_FORM_DEPTH + 3)]

    assert misread(build(pages)) == [(1, "font Deep"), (2, DEEP), (3, DEEP)]


def test_a_form_without_resources_beside_one_with_a_font() -> None:
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        bare = [pdf.make_indirect(pikepdf.Stream(pdf, b"")) for _ in range(2)]
        for stream in bare:
            stream.Type, stream.Subtype, stream.BBox = Name.XObject, Name.Form, [0, 0, 1, 1]
        font = form(pdf, pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=type3(pdf, "Kept"))))
        xobjects = pikepdf.Dictionary(Fa=bare[0], Fm=font, Fz=bare[1])
        return [{"Contents": pdf.make_stream(b""),
                 "Resources": pikepdf.Dictionary(XObject=xobjects)}]

    assert misread(build(pages)) == [(0, "font Kept")]


def test_fonts_of_the_page_and_of_its_forms_are_all_named() -> None:
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        inner = form(pdf, pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=type3(pdf, "Inner"))))
        other = form(pdf, pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=type3(pdf, "Other"))))
        resources = pikepdf.Dictionary(
            Font=pikepdf.Dictionary(F1=type3(pdf, "Outer")),
            XObject=pikepdf.Dictionary(Fa=inner, Fb=other))
        return [{"Contents": pdf.make_stream(b""), "Resources": resources}]

    assert sorted(misread(build(pages))) == [(0, "font Inner"), (0, "font Other"),
                                             (0, "font Outer")]


def test_a_form_in_its_own_resources_is_searched_once_and_its_font_named_once() -> None:
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        loop = form(pdf, pikepdf.Dictionary())
        loop.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=loop),
                                            Font=pikepdf.Dictionary(F1=type3(pdf, "Loop")))
        return [{"Contents": pdf.make_stream(b""),
                 "Resources": pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=loop))}]

    assert misread(build(pages)) == [(0, "font Loop")]


def test_an_image_is_not_searched_for_fonts() -> None:
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        image = pikepdf.Stream(pdf, b"\0")
        image.Type, image.Subtype, image.Width, image.Height = (Name.XObject, Name.Image,
                                                                1, 1)
        image.ColorSpace, image.BitsPerComponent = Name.DeviceGray, 8
        image.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=type3(pdf, "Im")))
        return [{"Contents": pdf.make_stream(b""),
                 "Resources": pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im=image))}]

    assert misread(build(pages)) == []


def test_actual_text_is_named_with_its_page() -> None:
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        return [page(pdf, b"BT ET"), page(pdf, ACTUAL), page(pdf, b"")]

    assert misread(build(pages)) == [(1, "/ActualText replaces what the glyphs on the page say")]


def test_actual_text_in_a_later_stream_of_a_page_is_named() -> None:
    """A page's /Contents may be an array of streams: they are read as one."""
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        return [{"Contents": pikepdf.Array([pdf.make_stream(b"q Q"), pdf.make_stream(ACTUAL)]),
                 "Resources": pikepdf.Dictionary()}]

    assert misread(build(pages)) == [(0, "/ActualText replaces what the glyphs on the page say")]


def test_a_page_without_content_has_nothing_to_misread() -> None:
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        return [{"Resources": pikepdf.Dictionary()}, page(pdf, ACTUAL)]

    assert misread(build(pages)) == [(1, "/ActualText replaces what the glyphs on the page say")]


def test_a_content_stream_that_cannot_be_decoded_is_damage_not_a_failure() -> None:
    """The damage is reported by the text layer's reading (``warnings``); the other pages'
    content is still searched."""
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        broken = pikepdf.Stream(pdf, b"not deflated at all")
        broken.Filter = Name.FlateDecode
        return [{"Contents": pdf.make_indirect(broken), "Resources": pikepdf.Dictionary()},
                page(pdf, ACTUAL)]

    text = read_pdf_bytes(build(pages), "t.pdf")
    assert text.warnings
    assert text.misread == ((1, "/ActualText replaces what the glyphs on the page say"),)


@pytest.mark.parametrize("deep_key", ["Fa", "Fz"])
def test_forms_past_the_limit_leave_the_other_forms_of_the_page_searched(deep_key: str) -> None:
    """One branch of a page's forms nesting too deep says so; the fonts of its other forms
    are still verified."""
    def pages(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
        shallow = form(pdf, pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=type3(pdf, "Beside"))))
        deep = form(pdf, nested(pdf, MAX_FORM_DEPTH)["Resources"])
        other = "Fz" if deep_key == "Fa" else "Fa"
        return [{"Contents": pdf.make_stream(b""), "Resources": pikepdf.Dictionary(
            XObject=pikepdf.Dictionary({"/" + deep_key: deep, "/" + other: shallow}))}]

    assert misread(build(pages)) == [(0, "font Beside"), (0, DEEP)]


def test_the_fonts_list_ends_at_the_limit_and_misread_says_so() -> None:
    """PdfText.fonts: fonts of forms nested at most MAX_FORM_DEPTH - 1 deep; deeper, the
    page is named in misread instead."""
    within = read_pdf_bytes(build(lambda pdf: [nested(pdf, MAX_FORM_DEPTH - 1)]), "t.pdf")
    past = read_pdf_bytes(build(lambda pdf: [nested(pdf, MAX_FORM_DEPTH)]), "t.pdf")
    assert (within.fonts, past.fonts) == (("Deep",), ())
    assert past.misread == ((0, DEEP),)
