"""What a PDF holds besides a letter (check/contents.py), case by case on small files: each
addition is named with what it is and where (a page's index, or -1 for the document), the
things a letter holds (a link to a URL, a signature field) are not; the XMP properties that
say what the document information says are read as written; each embedded file is named
with the SHA-256 of its bytes, from /AF and from the /EmbeddedFiles name tree alike."""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from letterpress.check.contents import attachments, extras, xmp

Change = Callable[[pikepdf.Pdf], None]


def reader(change: Change, pages: int = 1) -> PdfReader:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    change(pdf)
    out = io.BytesIO()
    with warnings.catch_warnings():  # a widget outside /AcroForm, as a forger may leave it
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        pdf.save(out, fix_metadata_version=False)  # the XMP exactly as written
    return PdfReader(out)


def found(change: Change, pages: int = 1) -> list[tuple[int, str]]:
    return list(extras(reader(change, pages)))


def on_page(pdf: pikepdf.Pdf, index: int, **keys: object) -> None:
    for key, value in keys.items():
        pdf.pages[index].obj[f"/{key}"] = value


def annotate(pdf: pikepdf.Pdf, subtype: str, **keys: object) -> pikepdf.Dictionary:
    note = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name(subtype),
                                        Rect=Array([10, 10, 50, 50]), **keys))
    pdf.pages[0].obj.Annots = Array([note])
    return note


def uri(address: str = "https://example.org") -> Dictionary:
    return Dictionary(S=Name.URI, URI=String(address))


def script() -> Dictionary:
    return Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))


def test_a_bare_file_holds_nothing_more() -> None:
    assert found(lambda pdf: None) == []


@pytest.mark.parametrize(("key", "value", "words"), [
    ("Trans", Dictionary(S=Name.Dissolve), "a page transition (/Trans) on the page"),
    ("UserUnit", 72, "a page scaled by /UserUnit on the page"),
    ("Thumb", Dictionary(), "a thumbnail image (/Thumb) on the page"),
    ("AA", Dictionary(O=script()), "actions run on events (/AA) on the page"),
    ("PieceInfo", Dictionary(), "/PieceInfo on the page"),
])
def test_a_page_key_a_letter_has_not_is_named_with_its_page(key: str, value: object,
                                                             words: str) -> None:
    assert found(lambda pdf: on_page(pdf, 1, **{key: value}), pages=3) == [(1, words)]


def test_the_keys_a_letters_page_has_are_not_named() -> None:
    def keys(pdf: pikepdf.Pdf) -> None:
        on_page(pdf, 0, CropBox=Array([0, 0, 612, 792]), Rotate=0, Annots=Array([]))

    assert found(keys) == []


@pytest.mark.parametrize(("key", "value", "words"), [
    ("OpenAction", script(), "an action run when the file opens (/OpenAction)"),
    ("AA", Dictionary(WC=script()), "actions run on events (/AA)"),
    ("OCProperties", Dictionary(OCGs=Array([])), "optional content, shown or hidden by the "
     "viewer (/OCProperties)"),
    ("Outlines", Dictionary(), "/Outlines"),
])
def test_a_catalog_key_a_letter_has_not_is_named_for_the_document(key: str, value: object,
                                                                   words: str) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root[f"/{key}"] = value

    assert found(change) == [(-1, f"{words} in the document catalog")]


def test_several_additions_to_the_catalog_are_each_named_in_order_of_their_keys() -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.URI = Dictionary()
        pdf.Root.AA = Dictionary()
        pdf.Root.Lang = String("en")  # a letter's own

    assert found(change) == [(-1, "actions run on events (/AA) in the document catalog"),
                             (-1, "/URI in the document catalog")]


def test_names_other_than_embedded_files_are_named() -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([])),
                                    JavaScript=Dictionary(Names=Array([])),
                                    Dests=Dictionary(Names=Array([])))

    assert found(change) == [(-1, "/Dests in the document's names"),
                             (-1, "JavaScript (/JavaScript) in the document's names")]


@pytest.mark.parametrize(("keys", "words"), [
    ({"A": uri()}, ""),
    ({"A": uri(), "AA": Dictionary(E=script())}, "a link with actions on events (/AA)"),
    ({"Dest": Array([0, Name.Fit])}, "a link to a place in a document (/Dest)"),
    ({"A": uri(), "Dest": Array([0, Name.Fit])}, "a link to a place in a document (/Dest)"),
    ({"A": Dictionary(S=Name.GoToR, F=String("other.pdf"))}, "a link that runs a /GoToR action"),
    ({"A": Dictionary(S=Name.URI, URI=String("https://example.org"), Next=script())},
     "a link that runs a /URI action"),
    ({"A": script(), "AA": Dictionary(E=script())},
     "a link that runs a /JavaScript action with actions on events (/AA)"),
])
def test_a_link_is_part_of_a_letter_only_when_it_opens_a_url(keys: dict[str, object],
                                                               words: str) -> None:
    want = [(0, words)] if words else []
    assert found(lambda pdf: annotate(pdf, "/Link", **keys)) == want


@pytest.mark.parametrize(("keys", "words"), [
    ({"FT": Name.Sig, "V": Dictionary(Type=Name.Sig)}, ""),
    ({"FT": Name.Sig}, "an empty signature field"),  # drawing whatever its look says
    ({"FT": Name.Sig, "V": Dictionary(Type=Name.Sig), "AA": Dictionary(K=script())},
     "a signature field with actions on events (/AA)"),
    ({"FT": Name.Tx}, "a form field (/Tx)"),
    ({"FT": Name.Btn, "AA": Dictionary(K=script())},
     "a form field (/Btn) with actions on events (/AA)"),
    ({}, "a form field (no type)"),
])
def test_a_widget_is_part_of_a_letter_only_when_it_is_a_signatures(keys: dict[str, object],
                                                                    words: str) -> None:
    want = [(0, words)] if words else []
    assert found(lambda pdf: annotate(pdf, "/Widget", **keys)) == want


def test_a_widget_takes_its_field_type_from_its_parents() -> None:
    def change(pdf: pikepdf.Pdf, kind: Name) -> None:
        top = pdf.make_indirect(Dictionary(FT=kind, T=String("signature"),
                                           V=Dictionary(Type=Name.Sig)))
        middle = pdf.make_indirect(Dictionary(Parent=top))
        annotate(pdf, "/Widget", Parent=middle)

    assert found(lambda pdf: change(pdf, Name.Sig)) == []
    assert found(lambda pdf: change(pdf, Name.Ch)) == [(0, "a form field (/Ch)")]


@pytest.mark.parametrize(("keys", "words"), [
    ({}, "a /Square annotation"),
    ({"AA": Dictionary(E=script())}, "a /Square annotation with actions on events (/AA)"),
])
def test_any_other_annotation_is_named_by_its_subtype(keys: dict[str, object],
                                                      words: str) -> None:
    assert found(lambda pdf: annotate(pdf, "/Square", **keys)) == [(0, words)]


def form(pdf: pikepdf.Pdf, fields: list[pikepdf.Dictionary], **keys: object) -> None:
    pdf.Root.AcroForm = Dictionary(Fields=Array(fields), **keys)


def test_a_form_holding_only_signature_fields_is_part_of_a_letter() -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        field = pdf.make_indirect(Dictionary(FT=Name.Sig, T=String("Signature1")))
        form(pdf, [field], SigFlags=3, DA=String("/Helv 0 Tf 0 g"), DR=Dictionary())

    assert found(change) == []


def test_a_form_key_a_letter_has_not_is_named() -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        form(pdf, [], NeedAppearances=True, XFA=Array([]))

    assert found(change) == [(-1, "/NeedAppearances in the document's form"),
                             (-1, "/XFA in the document's form")]


def test_each_form_field_other_than_a_signature_is_named_with_its_name() -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        note = pdf.make_indirect(Dictionary(FT=Name.Tx, T=String("note")))
        blank = pdf.make_indirect(Dictionary(T=String("blank")))
        form(pdf, [note, blank])

    assert sorted(found(change)) == [(-1, "a form field 'blank' (no type)"),
                                     (-1, "a form field 'note' (/Tx)")]


def test_a_fields_kids_are_judged_each_and_take_its_type() -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        top = pdf.make_indirect(Dictionary(FT=Name.Tx, T=String("names")))
        kids = [pdf.make_indirect(Dictionary(Parent=top, T=String(t))) for t in ("a", "b")]
        signed = pdf.make_indirect(Dictionary(FT=Name.Sig, T=String("sig")))
        sig_kid = pdf.make_indirect(Dictionary(Parent=signed, T=String("widget")))
        signed.Kids = Array([sig_kid])
        top.Kids = Array(kids)
        form(pdf, [top, signed])

    assert sorted(found(change)) == [(-1, "a form field 'a' (/Tx)"),
                                     (-1, "a form field 'b' (/Tx)")]


def chain(pdf: pikepdf.Pdf, levels: int) -> pikepdf.Dictionary:
    """A signature field whose widget lies ``levels`` generations of /Kids below it."""
    top = node = pdf.make_indirect(Dictionary(FT=Name.Sig, T=String("sig")))
    for _ in range(levels):
        kid = pdf.make_indirect(Dictionary(Parent=node))
        node.Kids = Array([kid])
        node = kid
    return top


def test_a_field_tree_eight_deep_is_read_to_its_leaves() -> None:
    assert found(lambda pdf: form(pdf, [chain(pdf, 7)])) == []


def test_a_field_tree_looping_on_itself_is_named_once_and_the_reading_ends() -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        field = pdf.make_indirect(Dictionary(FT=Name.Tx, T=String("loop")))
        field.Kids = Array([field])
        form(pdf, [field])

    assert found(change) == [(-1, "a form field 'loop' (/Tx)")]


XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
{}
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""
DESCRIPTION = ('<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
               'xmlns:pdf="http://ns.adobe.com/pdf/1.3/">{}</rdf:Description>')


def with_xmp(data: bytes) -> Change:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Metadata = pdf.make_stream(data, Type=Name.Metadata, Subtype=Name.XML)
    return change


def test_the_xmp_properties_are_read_as_written() -> None:
    body = DESCRIPTION.format(
        '<dc:title><rdf:Alt><rdf:li xml:lang="x-default"> A letter </rdf:li></rdf:Alt>'
        '</dc:title><dc:creator><rdf:Seq><rdf:li>Aysel</rdf:li><rdf:li>Other</rdf:li>'
        '</rdf:Seq></dc:creator><dc:description><rdf:Alt><rdf:li/></rdf:Alt></dc:description>'
        '<pdf:Keywords> revision 2 </pdf:Keywords>'
        '<dc:language><rdf:Bag><rdf:li>az</rdf:li></rdf:Bag></dc:language>')
    assert xmp(reader(with_xmp(XMP.format(body).encode()))) == {
        "Title": "A letter", "Author": "Aysel", "Subject": "", "Keywords": " revision 2 ",
        "Lang": "az"}


def test_the_first_description_that_says_a_property_is_the_one_read() -> None:
    first = DESCRIPTION.format('<pdf:Keywords>one</pdf:Keywords>')
    second = DESCRIPTION.format('<pdf:Keywords>two</pdf:Keywords><dc:title><rdf:Alt>'
                                '<rdf:li>Title</rdf:li></rdf:Alt></dc:title>')
    assert xmp(reader(with_xmp(XMP.format(first + second).encode()))) == {
        "Keywords": "one", "Title": "Title"}


def test_an_empty_property_without_items_reads_as_empty() -> None:
    body = DESCRIPTION.format("<pdf:Keywords/>")
    assert xmp(reader(with_xmp(XMP.format(body).encode()))) == {"Keywords": ""}


def test_a_file_without_xmp_or_with_xmp_that_cannot_be_read_has_none() -> None:
    assert xmp(reader(lambda pdf: None)) is None
    assert xmp(reader(with_xmp(b"<x:xmpmeta><rdf:RDF>"))) is None


def test_xmp_up_to_a_mib_is_read_and_larger_is_not() -> None:
    body = XMP.format(DESCRIPTION.format("<pdf:Keywords>k</pdf:Keywords>"))
    padding = 1024 * 1024 - len(body.encode()) - len("<!---->")
    at_limit = body.replace("</rdf:RDF>", "<!--" + "x" * padding + "--></rdf:RDF>").encode()
    assert len(at_limit) == 1024 * 1024
    assert xmp(reader(with_xmp(at_limit))) == {"Keywords": "k"}
    over = at_limit.replace(b"<!--x", b"<!--xx")
    assert xmp(reader(with_xmp(over))) is None


def spec(pdf: pikepdf.Pdf, name: str, data: bytes | None, key: str = "UF") -> pikepdf.Object:
    keys: dict[str, object] = {key: String(name)}
    if data is not None:
        keys["EF"] = Dictionary(F=pdf.make_stream(data))
    return pdf.make_indirect(Dictionary(Type=Name.Filespec, **keys))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_each_file_in_af_is_named_with_the_digest_of_its_bytes() -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.AF = Array([spec(pdf, "letter.yaml", b"one"),
                             spec(pdf, "logo.png", b"two", key="F"),
                             spec(pdf, "gone.txt", None)])

    assert list(attachments(reader(change))) == [
        ("AF", "letter.yaml", sha(b"one")), ("AF", "logo.png", sha(b"two")),
        ("AF", "gone.txt", "")]


def test_the_embedded_files_tree_is_read_through_its_kids() -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        leaf = Dictionary(Names=Array([String("b.txt"), spec(pdf, "b.txt", b"b"),
                                       String("c.txt"), spec(pdf, "c.txt", b"c")]))
        pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(
            Names=Array([String("a.txt"), spec(pdf, "a.txt", b"a"), String("odd")]),
            Kids=Array([pdf.make_indirect(leaf)])))

    assert list(attachments(reader(change))) == [
        ("EmbeddedFiles", "a.txt", sha(b"a")), ("EmbeddedFiles", "b.txt", sha(b"b")),
        ("EmbeddedFiles", "c.txt", sha(b"c"))]


def tree(pdf: pikepdf.Pdf, levels: int) -> pikepdf.Dictionary:
    """A name tree whose one file lies ``levels`` generations of /Kids below its root."""
    node = pdf.make_indirect(Dictionary(Names=Array([String("deep"),
                                                     spec(pdf, "deep", b"deep")])))
    for _ in range(levels):
        node = pdf.make_indirect(Dictionary(Kids=Array([node])))
    return node


def test_a_name_tree_is_read_eight_kids_deep_and_no_deeper() -> None:
    def change(levels: int) -> Change:
        def apply(pdf: pikepdf.Pdf) -> None:
            pdf.Root.Names = Dictionary(EmbeddedFiles=tree(pdf, levels))
        return apply

    assert list(attachments(reader(change(8)))) == [("EmbeddedFiles", "deep", sha(b"deep"))]
    assert list(attachments(reader(change(9)))) == []


def test_a_name_tree_that_loops_is_read_and_the_reading_ends() -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        node = pdf.make_indirect(Dictionary(Names=Array([String("x"), spec(pdf, "x", b"x")])))
        node.Kids = Array([node])
        pdf.Root.Names = Dictionary(EmbeddedFiles=node)

    assert list(attachments(reader(change))) == [("EmbeddedFiles", "x", sha(b"x"))] * 9
