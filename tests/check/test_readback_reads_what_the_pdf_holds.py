"""readback.py hands compare.py plain data about a PDF (PdfText's docstring): the document
information keys Title, Author, Subject, Keywords, CreationDate and the catalog's Lang, each
only when present; every URI link annotation; every font resource a page uses, and whether
its program is in the file (ISO 32000-1 9.8.1: /FontFile, /FontFile2 or /FontFile3 in the
descriptor; a Type 3 font's glyphs are content streams, always inside); a header anywhere in
the first 1024 bytes (ISO 32000-1 7.5.2). And, for the visible signature's stamp, where the
text of the last page stands (PageLines' docstring).

The PDFs are written here by hand with pikepdf, so each one holds exactly what the test says.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from letterpress.check.readback import MAX_FORM_DEPTH, PdfText, last_page_lines, read_pdf_bytes
from letterpress.errors import ReadbackError

Name = pikepdf.Name


def pdf_bytes(pages: list[tuple[bytes, pikepdf.Dictionary]], *,
              info: dict[str, str] | None = None, lang: str | None = None,
              annots: list[pikepdf.Dictionary] | None = None,
              media: tuple[int, int] = (300, 200)) -> bytes:
    """A PDF of ``pages`` (content, resources), with ``info``, ``lang`` and ``annots`` (on
    the last page)."""
    pdf = pikepdf.new()
    for content, resources in pages:
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=Name.Page, MediaBox=[0, 0, *media], Resources=resources,
            Contents=pdf.make_stream(content))))
    if annots:
        pdf.pages[-1].obj.Annots = pikepdf.Array([pdf.make_indirect(a) for a in annots])
    if info:
        pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary(
            {"/" + k: pikepdf.String(v) for k, v in info.items()}))
    if lang is not None:
        pdf.Root.Lang = pikepdf.String(lang)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def helvetica(name: str = "Helvetica") -> pikepdf.Dictionary:
    return pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/" + name),
                              Encoding=Name.WinAnsiEncoding)


def fonts(**named: pikepdf.Dictionary) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(Font=pikepdf.Dictionary({"/" + k: v for k, v in named.items()}))


TEXT = b"BT /F1 12 Tf 20 100 Td (Hello) Tj ET"


def read(data: bytes) -> PdfText:
    return read_pdf_bytes(data, "test.pdf")


# --- metadata ------------------------------------------------------------------------------

def test_every_document_information_key_and_lang_are_read() -> None:
    info = {"Title": "T", "Author": "A", "Subject": "S", "Keywords": "K",
            "CreationDate": "D:20201008120000Z"}
    text = read(pdf_bytes([(TEXT, fonts(F1=helvetica()))], info=info, lang="az"))
    assert text.metadata == {**info, "Lang": "az"}
    assert text.pages == ("Hello",)


def test_keys_that_are_not_there_are_not_read() -> None:
    text = read(pdf_bytes([(TEXT, fonts(F1=helvetica()))], info={"Title": "T"}))
    assert text.metadata == {"Title": "T"}


def test_a_string_that_is_not_text_is_read_byte_for_byte() -> None:
    pdf = pikepdf.open(io.BytesIO(pdf_bytes([(TEXT, fonts(F1=helvetica()))])))
    pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(b"\xfe\xff\xd8")))
    out = io.BytesIO()
    pdf.save(out)
    # an odd UTF-16 string (BOM and one byte) is not text: each byte is one character
    assert read(out.getvalue()).metadata["Title"] == "\xfe\xff\xd8"


# --- links -----------------------------------------------------------------------------------

def annotation(subtype: str, action: pikepdf.Dictionary | None,
               rect: tuple[float, ...] = (10, 10, 60, 30)) -> pikepdf.Dictionary:
    annot = pikepdf.Dictionary(Type=Name.Annot, Subtype=Name("/" + subtype), Rect=list(rect))
    if action is not None:
        annot.A = action
    return annot


def uri(target: str) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(S=Name.URI, URI=pikepdf.String(target))


def test_uri_links_of_every_page_are_read_with_their_page() -> None:
    page = (TEXT, fonts(F1=helvetica()))
    data = pdf_bytes([page, page], annots=[annotation("Link", uri("https://a.example")),
                                           annotation("Link", uri("mailto:b@example.org"))])
    assert read(data).links == ((1, "https://a.example"), (1, "mailto:b@example.org"))


def test_only_uri_actions_of_link_annotations_are_links() -> None:
    goto = pikepdf.Dictionary(S=Name.GoTo, D=pikepdf.Array([0, Name.Fit]))
    data = pdf_bytes([(TEXT, fonts(F1=helvetica()))], annots=[
        annotation("Link", goto), annotation("Link", None),
        annotation("Square", uri("https://not-a-link.example")),
        annotation("Link", uri("https://a.example"))])
    assert read(data).links == ((0, "https://a.example"),)


# --- fonts -----------------------------------------------------------------------------------

def embedded(pdf_key: str, subtype: str = "TrueType", name: str = "ABCDEF+Tinos"
             ) -> pikepdf.Dictionary:
    descriptor = pikepdf.Dictionary({"/Type": Name.FontDescriptor, "/FontName": Name("/" + name),
                                     pdf_key: pikepdf.Dictionary(Length=0)})
    return pikepdf.Dictionary(Type=Name.Font, Subtype=Name("/" + subtype),
                              BaseFont=Name("/" + name), FontDescriptor=descriptor)


@pytest.mark.parametrize("key", ["/FontFile", "/FontFile2", "/FontFile3"])
def test_a_font_program_under_any_of_the_three_keys_is_embedded(key: str) -> None:
    text = read(pdf_bytes([(TEXT, fonts(F1=embedded(key)))]))
    assert text.fonts == ("ABCDEF+Tinos",)
    assert text.unembedded == ()


def test_a_descriptor_without_a_font_program_is_not_embedded() -> None:
    text = read(pdf_bytes([(TEXT, fonts(F1=embedded("/FontFileX")))]))
    assert text.unembedded == ("ABCDEF+Tinos",)


def test_a_composite_font_is_judged_by_its_descendant() -> None:
    def type0(descendant: pikepdf.Dictionary) -> pikepdf.Dictionary:
        return pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type0,
                                  BaseFont=Name("/ABCDEF+Tinos"), Encoding=Name("/Identity-H"),
                                  DescendantFonts=pikepdf.Array([descendant]))
    inside = embedded("/FontFile2", "CIDFontType2")
    outside = embedded("/FontFileX", "CIDFontType2")
    assert read(pdf_bytes([(b"", fonts(F1=type0(inside)))])).unembedded == ()
    assert read(pdf_bytes([(b"", fonts(F1=type0(outside)))])).unembedded == ("ABCDEF+Tinos",)


def test_a_type3_font_is_inside_the_file() -> None:
    type3 = pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type3, Name=Name.T3,
                               FontBBox=[0, 0, 1, 1], FontMatrix=[1, 0, 0, 1, 0, 0],
                               CharProcs=pikepdf.Dictionary(), Encoding=pikepdf.Dictionary(
                                   Differences=pikepdf.Array()), FirstChar=0, LastChar=0,
                               Widths=[0])
    text = read(pdf_bytes([(b"", fonts(F1=type3))]))
    assert text.fonts == ("T3",) and text.unembedded == ()


def test_a_font_without_a_name_is_named_by_its_resource_key() -> None:
    nameless = pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1)
    assert read(pdf_bytes([(b"", fonts(F9=nameless))])).fonts == ("F9",)


def test_fonts_in_first_occurrence_order_without_repeats() -> None:
    one = (b"", fonts(F1=helvetica("Helvetica"), F2=helvetica("Courier")))
    two = (b"", fonts(F1=helvetica("Courier"), F2=helvetica("Symbol")))
    text = read(pdf_bytes([one, two]))
    assert text.fonts == ("Helvetica", "Courier", "Symbol")
    assert text.unembedded == ("Helvetica", "Courier", "Symbol")


def test_a_font_embedded_once_and_not_once_is_not_embedded() -> None:
    """Two resources of one name: one whose program is inside, one whose is not."""
    one = (b"", fonts(F1=embedded("/FontFile2")))
    two = (b"", fonts(F1=embedded("/FontFileX")))
    assert read(pdf_bytes([one, two])).unembedded == ("ABCDEF+Tinos",)
    assert read(pdf_bytes([two, one])).unembedded == ("ABCDEF+Tinos",)


def forms_pdf(depth: int) -> bytes:
    """A page whose one font, Courier, is ``depth`` form XObjects down (0: on the page)."""
    pdf = pikepdf.new()
    resources = fonts(F1=helvetica("Courier"))
    for _ in range(depth):
        form = pdf.make_indirect(pikepdf.Stream(pdf, b""))
        form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, [0, 0, 1, 1]
        form.Resources = resources
        resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=form))
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=Name.Page, MediaBox=[0, 0, 300, 200], Resources=resources,
        Contents=pdf.make_stream(b""))))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("depth", [0, 1, 2, MAX_FORM_DEPTH - 1])
def test_fonts_of_forms_nested_within_the_limit_are_read(depth: int) -> None:
    assert read(forms_pdf(depth)).fonts == ("Courier",)


def test_forms_that_draw_each_other_end() -> None:
    pdf = pikepdf.new()
    form = pdf.make_indirect(pikepdf.Stream(pdf, b""))
    form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, [0, 0, 1, 1]
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=form),
                                        Font=pikepdf.Dictionary(F1=helvetica("Courier")))
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=Name.Page, MediaBox=[0, 0, 300, 200], Contents=pdf.make_stream(b""),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=form)))))
    out = io.BytesIO()
    pdf.save(out)
    assert read(out.getvalue()).fonts == ("Courier",)


def test_an_image_xobject_is_not_searched_for_fonts() -> None:
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, b"\0")
    image.Type, image.Subtype, image.Width, image.Height = Name.XObject, Name.Image, 1, 1
    image.ColorSpace, image.BitsPerComponent = Name.DeviceGray, 8
    image.Resources = fonts(F1=helvetica("Courier"))  # meaningless on an image: ignored
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=Name.Page, MediaBox=[0, 0, 300, 200], Contents=pdf.make_stream(b""),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im=image)))))
    out = io.BytesIO()
    pdf.save(out)
    assert read(out.getvalue()).fonts == ()


# --- the header ------------------------------------------------------------------------------

def test_a_header_within_the_first_1024_bytes_is_found() -> None:
    data = pdf_bytes([(TEXT, fonts(F1=helvetica()))])
    junk = b"\n" * (1024 - len(b"%PDF-"))
    assert read(junk + data).pages == ("Hello",)


def test_a_header_past_the_first_1024_bytes_is_not_a_pdf() -> None:
    data = pdf_bytes([(TEXT, fonts(F1=helvetica()))])
    junk = b"\n" * (1024 - len(b"%PDF-") + 1)
    with pytest.raises(ReadbackError, match=r"^test\.pdf: not a PDF file \(it starts with "
                                            r"b'\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n'\)$"):
        read(junk + data)


def test_an_encrypted_pdf_is_refused_by_name(tmp_path: Path) -> None:
    data = pdf_bytes([(TEXT, fonts(F1=helvetica()))])
    pdf = pikepdf.open(io.BytesIO(data))
    pdf.save(tmp_path / "e.pdf", encryption=pikepdf.Encryption(owner="o", user=""))
    with pytest.raises(ReadbackError, match=r"^test\.pdf: the PDF is encrypted; "):
        read((tmp_path / "e.pdf").read_bytes())


# --- where the last page's text stands ----------------------------------------------------

def test_the_last_page_its_size_baselines_and_annotation_boxes() -> None:
    first = (b"BT /F1 12 Tf 20 150 Td (First) Tj ET", fonts(F1=helvetica()))
    # the baseline's origin (20, 100) through the matrix [1 0.5 0 0.5 0 10]:
    # y = 0.5 * 20 + 0.5 * 100 + 10 = 70
    last = (b"BT /F1 12 Tf 20 120 Td (Upper) Tj ET\n"
            b"q 1 0 0 1 0 -40 cm BT /F1 12 Tf 20 100 Td (Lower) Tj ET Q\n"
            b"q 1 0.5 0 0.5 0 10 cm BT /F1 12 Tf 20 100 Td (Sheared) Tj ET Q\n"
            b"BT /F1 12 Tf 20 90 Td ( ) Tj ET", fonts(F1=helvetica()))
    data = pdf_bytes([first, first, last], media=(400, 250),
                     annots=[annotation("Square", None, (80, 70, 10, 20))])
    index, lines = last_page_lines(data, "x.pdf")
    assert index == 2
    assert (lines.width, lines.height) == (400.0, 250.0)
    assert [round(b, 3) for b in lines.baselines] == [120.0, 60.0, 70.0]
    assert lines.annotations == ((10.0, 20.0, 80.0, 70.0),)


def test_an_annotation_without_a_rect_has_no_box() -> None:
    page = (TEXT, fonts(F1=helvetica()))
    square = annotation("Square", None)
    del square.Rect
    assert last_page_lines(pdf_bytes([page], annots=[square]), "x.pdf")[1].annotations == (
        (0.0, 0.0, 0.0, 0.0),)


def test_last_page_lines_of_a_damaged_file_is_a_readback_error() -> None:
    with pytest.raises(ReadbackError, match=r"^x\.pdf: cannot read the PDF \([A-Za-z]*Error: "):
        last_page_lines(b"%PDF-1.7\nnothing else", "x.pdf")


def test_a_damaged_file_is_a_readback_error_naming_what_went_wrong() -> None:
    data = pdf_bytes([(TEXT, fonts(F1=helvetica()))])
    with pytest.raises(ReadbackError, match=r"^cut\.pdf: cannot read the PDF \([A-Za-z]*Error: "):
        read_pdf_bytes(data[:len(data) // 3], "cut.pdf")


def test_a_folder_is_refused_with_the_hint_to_give_a_pdf(tmp_path: Path) -> None:
    from letterpress.check.readback import read_pdf

    with pytest.raises(ReadbackError, match=r"cannot read the file \(it is a folder") as caught:
        read_pdf(tmp_path)
    assert caught.value.hint == "give the path of a PDF file"


@pytest.mark.parametrize("action", [5, pikepdf.Array([1, 2])], ids=["a number", "an array"])
def test_a_link_whose_action_is_not_a_dictionary_is_no_link(action: object) -> None:
    link = pikepdf.Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 1, 1], A=action)
    text = read(pdf_bytes([(TEXT, fonts(F1=helvetica()))],
                          annots=[link, annotation("Link", uri("https://a.example"))]))
    assert text.links == ((0, "https://a.example"),)
