"""Every field of the model shows in the PDF, or is listed as deliberately not printed.

The list of fields comes from the dataclasses in model.py, so a field added there without a
way into the PDF (or a line here saying why it stays out) fails this test. For each field, a
small one-page letter is built twice, once with the field changed, and the two PDFs are read
with pypdf directly (not through readback.py or content.py): the change must show where that
field shows. A field that prints text must make a new word appear in the text read back.
"""

from __future__ import annotations

import dataclasses
import datetime
import inspect
import re
import unicodedata
import zlib
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from helpers.enclosures import enclosure_pdf
from pypdf import PdfReader

from letterpress import model
from letterpress.fonts import FontSet
from letterpress.model import (
    Correction,
    Enclosure,
    Labels,
    Letter,
    Letterhead,
    LetterheadText,
    Paragraph,
    Signatory,
    SignatoryGroup,
    Signature,
    Signer,
    Span,
)
from letterpress.pipeline import typeset

# Fields that change nothing a reader of the PDF can see, and why.
NOT_PRINTED = {
    "Merge.recipients": "a merge letter is never printed itself; each recipient's letter is, "
                        "merged from a row of this file (tests/merge)",
    "Merge.reference": "the pattern; what prints is each letter's reference made by it "
                       "(tests/merge reads 44/26-4 back)",
    "Merge.output": "the pattern of the PDFs' file names",
    "Letter.origin": "where the source came from, for messages; a logo's path is relative to it",
    "Letterhead.logo": "the file the logo was read from; what prints is its bytes (logo_data)",
    "Letterhead.typeface": "the letterhead's choice: the resolve stage makes it the letter's "
                           "typeface (Letter.typeface) when the letter chooses none",
    "Signatory.id": "the member's id in the registry; what prints is the text it resolves to",
    "Signer.id": "the member's id in the registry; what prints is the text it resolves to",
    "Enclosure.file": "the file an enclosure's pages were read from; what prints is its pages "
                      "(Enclosure.data)",
    "Enclosure.pages": "how many pages Enclosure.data holds, counted when it is read; what "
                       "prints is the pages",
}


def base_letter(origin: str = "") -> Letter:
    """One page, with every optional field empty or at its default."""
    members = tuple(Signatory(name=name, organisation=org) for name, org in (
        ("Ann Smith", "Tide Union"), ("Bo Lund", "Harbour Trust"), ("Cy Park", "Pier Club")))
    return Letter(
        letterhead=Letterhead(name="Harbour Trust", address=("1 Quay Street",)),
        reference="7/26", date=datetime.date(2026, 3, 14), sender="Harbour Trust",
        recipient=("City Archive",),
        body=(Paragraph(spans=(Span(text="A short letter about the quay."),)),),
        closing=("Signed by three members",),
        signatories=(SignatoryGroup(heading="Members:", members=members),),
        origin=origin)


# What a reader sees, each read with pypdf: how a change of a field is observed.
def text(data: bytes) -> str:
    pages = (page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", "".join(pages)))


def metadata(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    info: Any = reader.metadata or {}
    root: Any = reader.trailer["/Root"]
    return repr(sorted((str(k), str(v)) for k, v in info.items())) + (
        f" Lang={root.get('/Lang')}")


def links(data: bytes) -> str:
    return repr(sorted(str(a.get_object()["/A"]["/URI"]) for page in PdfReader(BytesIO(data)).pages
                       for a in page.get("/Annots") or []))


def styled(data: bytes) -> str:
    """Each piece of text with the font it is drawn in: "LiberationSerif-Bold: From:"."""
    pieces: list[str] = []

    def visit(piece: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if piece.strip() and font is not None:
            name = str(font.get("/BaseFont", "")).split("+")[-1]
            pieces.append(f"{name}: {piece.strip()}")

    for page in PdfReader(BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return "\n".join(pieces)


def page_size(data: bytes) -> str:
    return repr([[float(v) for v in page.mediabox] for page in PdfReader(BytesIO(data)).pages])


def images(data: bytes) -> str:
    found = []
    for page in PdfReader(BytesIO(data)).pages:
        resources: Any = page["/Resources"]
        objects = resources.get("/XObject") or {}
        found += [str(o.get_object()["/Subtype"]) for o in objects.values()]
    return repr(found)


def drawing(data: bytes) -> bytes:
    """The drawing operators of the first page: where things are set."""
    return PdfReader(BytesIO(data)).pages[0].get_contents().get_data()  # type: ignore[union-attr]


def edge_marks(data: bytes) -> str:
    """How many lines the first page draws within 15 mm of its left edge (fold and punch
    marks)."""
    found = re.findall(rb"([0-9.]+) [0-9.]+ m ([0-9.]+) [0-9.]+ l", drawing(data))
    return f"{sum(float(x1) < 15 * 72 / 25.4 for _, x1 in found)} marks"


def changed(where: str, **changes: Any) -> Callable[[Letter], Letter]:
    """A function changing ``changes`` in the part of a letter named by ``where``."""
    def change(letter: Letter) -> Letter:
        replace, group = dataclasses.replace, letter.signatories[0]
        if where == "letterhead":
            return replace(letter, letterhead=replace(letter.letterhead, **changes))
        if where == "paragraph":
            return replace(letter, body=(replace(letter.body[0], **changes),))
        if where == "span":
            span = replace(letter.body[0].spans[0], **changes)
            return replace(letter, body=(Paragraph(spans=(span,)),))
        if where == "group":
            return replace(letter, signatories=(replace(group, **changes),))
        if where == "member":
            member = replace(group.members[0], **changes)
            return replace(letter, signatories=(replace(
                group, members=(member, *group.members[1:])),))
        return replace(letter, **changes)
    return change


def signed(**given: Any) -> Callable[[Letter], Letter]:
    """A function giving a letter a signature block: Vera Quist signs, unless ``given``
    says otherwise."""
    block = Signature(**{"signers": (Signer(name="Vera Quist"),), **given})
    return lambda letter: dataclasses.replace(letter, signature=block)


def tiny_png() -> bytes:
    """A 1 x 1 grey PNG (written by hand: no imaging library needed)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (len(body).to_bytes(4, "big") + kind + body
                + zlib.crc32(kind + body).to_bytes(4, "big"))
    header = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


LOGO = "logo.png"
# field -> (the change, how it shows, the text it must bring into view: "" for none)
VARIANTS: dict[str, tuple[Callable[[Letter], Letter], Callable[[bytes], Any], str]] = {
    "Letter.letterhead": (changed("letter", letterhead=Letterhead(name="Quayside Guild")),
                          text, "Quayside Guild"),
    "Letter.reference": (changed("letter", reference="93/31"), text, "93/31"),
    "Letter.date": (changed("letter", date=datetime.date(2027, 5, 16)), text, "16.05.2027"),
    "Letter.sender": (changed("letter", sender="Quill Society"), text, "Quill Society"),
    "Letter.recipient": (changed("letter", recipient=("City Archive", "Zora Quill")), text,
                         "Zora Quill"),
    "Letter.body": (changed("letter", body=(Paragraph(spans=(Span(text="Zephyr words."),)),)),
                    text, "Zephyr words."),
    "Letter.closing": (changed("letter", closing=("Quorum closing",)), text, "Quorum closing"),
    "Letter.signatories": (changed("letter", signatories=(SignatoryGroup(
        heading="Observers:", members=(Signatory(name="Vera Quist"),)),)), text,
        "Observers:1.Vera Quist"),
    "Letter.language": (changed("letter", language="ru"), metadata, "Lang=ru"),
    "Letter.date_format": (changed("letter", date_format="YYYY/MM/DD"), text, "2026/03/14"),
    "Letter.paper": (changed("letter", paper="letter"), page_size, "612.0, 792.0"),
    "Letter.title": (changed("letter", title="Quayside Notice"), metadata, "Quayside Notice"),
    "Letter.typeface": (changed("letter", typeface="sans"), styled,
                        "LiberationSans: A short letter about the quay."),
    "Letterhead.name": (changed("letterhead", name="Quayside Guild"), text, "Quayside Guild"),
    "Letterhead.address": (changed("letterhead", address=("1 Quay Street", "Zenda Town")),
                           text, "Zenda Town"),
    "Letterhead.telephone": (changed("letterhead", telephone="555 0199"), text, "555 0199"),
    "Letterhead.email": (changed("letterhead", email="desk@quay.example"), text,
                         "desk@quay.example"),
    "Letterhead.website": (changed("letterhead", website="quay.example"), text, "quay.example"),
    "Letterhead.website_url": (changed("letterhead", website="quay.example",
                                       website_url="https://quay.example/en"), links,
                               "https://quay.example/en"),
    "Letterhead.logo_data": (changed("letterhead", logo=LOGO, logo_data=tiny_png()), images,
                             "/Image"),
    # A letter prints its language's block of the letterhead, and the labels it words
    "Letterhead.labels": (changed("letterhead", telephone="555 0199",
                                  labels=Labels(telephone="Phone:")), text, "Phone:555 0199"),
    "Letterhead.en": (changed("letterhead", en=LetterheadText(name="Quayside Guild")), text,
                      "Quayside Guild"),
    "Letterhead.az": (lambda letter: changed("letterhead", az=LetterheadText(
        name="Liman Gildiyası"))(dataclasses.replace(letter, language="az")), text,
        "Liman Gildiyası"),
    "Letterhead.ru": (lambda letter: changed("letterhead", ru=LetterheadText(
        name="Портовая гильдия"))(dataclasses.replace(letter, language="ru")), text,
        "Портовая гильдия"),
    "LetterheadText.name": (changed("letterhead", en=LetterheadText(name="Zenda Guild")), text,
                            "Zenda Guild"),
    "LetterheadText.address": (changed("letterhead", en=LetterheadText(
        address=("9 Zenda Row",))), text, "9 Zenda Row"),
    "LetterheadText.labels": (changed("letterhead", email="desk@quay.example",
                                      en=LetterheadText(labels=Labels(email="Mailbox:"))),
                              text, "Mailbox:desk@quay.example"),
    "Labels.sender": (changed("letterhead", labels=Labels(sender="Sent by:")), text,
                      "Sent by:Harbour Trust"),
    "Labels.recipient": (changed("letterhead", labels=Labels(recipient="Addressee:")), text,
                         "Addressee:City Archive"),
    "Labels.telephone": (changed("letterhead", telephone="555 0199",
                                 labels=Labels(telephone="Phone:")), text, "Phone:555 0199"),
    "Labels.email": (changed("letterhead", email="desk@quay.example",
                             labels=Labels(email="Mailbox:")), text,
                     "Mailbox:desk@quay.example"),
    "Paragraph.spans": (changed("paragraph", spans=(Span(text="Quiet zephyrs."),)), text,
                        "Quiet zephyrs."),
    "Span.text": (changed("span", text="Zany quokkas."), text, "Zany quokkas."),
    "Span.bold": (changed("span", bold=True), styled,
                  "LiberationSerif-Bold: A short letter about the quay."),
    "Letter.revision": (changed("letter", revision=2), text,
                        "Corrected version; replaces the letter of 14.03.2026"),
    "Letter.correction": (changed("letter", revision=2, correction=Correction(
        text="Amended ({revision}), see {date}")), text, "Amended (2), see 14.03.2026"),
    "Correction.text": (changed("letter", revision=2, correction=Correction(
        text="Second issue")), text, "Second issue"),
    "Correction.place": (changed("letter", revision=2, correction=Correction(place="bottom")),
                         text, "Pier Club Corrected version"),
    "Correction.replaces": (changed("letter", revision=2, correction=Correction(
        replaces=datetime.date(2026, 1, 2))), text, "replaces the letter of 02.01.2026"),
    "Span.italic": (changed("span", italic=True), styled,
                    "LiberationSerif-Italic: A short letter about the quay."),
    "Span.href": (changed("span", href="https://quay.example/q"), links,
                  "https://quay.example/q"),
    "SignatoryGroup.heading": (changed("group", heading="Observers:"), text, "Observers:"),
    "SignatoryGroup.members": (changed("group", members=(Signatory(name="Vera Quist"),)), text,
                               "1.Vera Quist"),
    "SignatoryGroup.start": (changed("group", start=7), text, "9.Cy Park"),
    "SignatoryGroup.columns": (changed("group", columns=2), drawing, ""),
    "Signatory.name": (changed("member", name="Vera Quist"), text, "1.Vera Quist"),
    "Signatory.organisation": (changed("member", organisation="Zenith Fund"), text,
                               "Zenith Fund"),
    "Signatory.role": (changed("member", role="quartermaster"), text, "quartermaster"),
    "Letter.signature": (signed(), text, "Vera Quist"),
    "Signature.signers": (signed(signers=(Signer(name="Ann Smith"), Signer(name="Zora Quill"))),
                          text, "Zora Quill"),
    "Signature.place": (signed(place="Zenda"), text, "Zenda"),
    "Signature.date": (signed(date=datetime.date(2027, 5, 16)), text, "16.05.2027"),
    "Signer.name": (signed(signers=(Signer(name="Zora Quill"),)), text, "Zora Quill"),
    "Signer.title": (signed(signers=(Signer(name="Ann Smith", title="Quartermaster"),)), text,
                     "Quartermaster"),
    "Signer.organisation": (signed(signers=(Signer(name="Ann Smith", organisation="Zenith"),)),
                            text, "Zenith"),
    "Letter.subject": (changed("letter", subject="Quay repairs"), styled,
                       "LiberationSerif-Bold: Quay repairs"),
    "Letter.salutation": (changed("letter", salutation="Dear Ms Quist,"), text,
                          "Dear Ms Quist,A short letter"),
    "Letter.place": (changed("letter", place="Zenda"), text, "Zenda,14.03.2026"),
    "Letter.reference_label": (changed("letter", reference_label="Our ref."), text,
                               "Our ref.7/26"),
    "Letter.enclosures": (changed("letter", enclosures=(Enclosure(title="Quay plan"),)), text,
                          "Enclosure:Quay plan"),
    "Enclosure.title": (changed("letter", enclosures=(Enclosure(title="Quay plan"),
                                                      Enclosure(title="Zinc survey"))),
                        text, "Enclosures:21.Quay plan2.Zinc survey"),
    "Enclosure.data": (changed("letter", enclosures=(Enclosure(
        title="Quay plan", file="plan.pdf", data=enclosure_pdf(["Zinc survey of the quay"]),
        pages=1),)), text, "Enclosure:Quay planZinc survey of the quay"),
    "Letter.cc": (changed("letter", cc=("Zora Quill", "Port Office")), text,
                  "cc:Zora QuillPort Office"),
    "Letter.address": (changed("letter", window="din-a", address=("Zora Quill", "Quay 9")),
                       text, "Zora QuillQuay 9"),
    "Letter.window": (changed("letter", window="din-b", address=("Zora Quill",)), text,
                      "Harbour Trust, 1 Quay StreetZora Quill"),
    "Letter.marks": (changed("letter", window="din-a", address=("Zora Quill",), marks=True),
                     edge_marks, "3 marks"),
    "Letter.return_address": (changed("letter", window="din-a", address=("Zora Quill",),
                                      return_address="Quayside, Zenda"), text,
                              "Quayside, ZendaZora Quill"),
}


OBSERVERS = SignatoryGroup(heading="Observers:", members=(Signatory(name="Vera Quist"),), start=4)
# More changes of fields above, each a case the one change does not cover.
MORE = {
    "Letter.signatories/second group": (
        lambda letter: dataclasses.replace(letter,
                                           signatories=(*letter.signatories, OBSERVERS)),
        text, "Observers:4.Vera Quist"),
    "Signatory.role/without organisation": (
        changed("member", organisation="", role="quartermaster"), text, "quartermaster"),
    "Signature.place/with the date": (
        signed(place="Zenda", date=datetime.date(2027, 5, 16)), text, "Zenda,16.05.2027"),
    "Signature.signers/three, two to a row": (
        signed(signers=tuple(Signer(name=n, title="Clerk") for n in ("Vera", "Zora", "Quill"))),
        text, "VeraClerkZoraClerkQuillClerk"),
    "Letter.subject/the PDF's title without a title": (
        changed("letter", subject="Quay repairs"), metadata, "Quay repairs"),
    "Letter.reference_label/the language's own with a place": (
        changed("letter", place="Zenda"), text, "Ref.7/26"),
    "Letter.cc/in Russian": (changed("letter", language="ru", cc=("Zora Quill",)), text,
                             "Копия:Zora Quill"),
    "Letter.enclosures/in Azerbaijani": (
        changed("letter", language="az", enclosures=(Enclosure(title="Quay plan"),)), text,
        "Əlavə:Quay plan"),
    "Signatory.organisation/with role": (
        changed("member", role="quartermaster"), text, "Tide Union"),
}


# The source stage (a file as written, before resolve): what prints is the resolved Letter.
SOURCE_STAGE = {"SourceLetter", "Position", "LetterheadRef", "MemberRef"}


def model_fields() -> set[str]:
    classes = [c for _, c in inspect.getmembers(model, inspect.isclass)
               if dataclasses.is_dataclass(c) and c.__module__ == model.__name__
               and c.__name__ not in SOURCE_STAGE]
    return {f"{c.__name__}.{f.name}" for c in classes for f in dataclasses.fields(c)}


def test_every_model_field_is_printed_or_listed_as_not_printed() -> None:
    fields = model_fields()
    assert {"Letter.reference", "Signatory.role"} <= fields  # the introspection finds them
    assert not set(VARIANTS) & set(NOT_PRINTED)
    assert fields - set(VARIANTS) - set(NOT_PRINTED) == set(), "fields no test shows printed"
    assert set(VARIANTS) | set(NOT_PRINTED) <= fields, "fields the model no longer has"
    assert {name.split("/")[0] for name in MORE} <= fields


@pytest.fixture(scope="module")
def letter_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("coverage")
    (folder / LOGO).write_bytes(tiny_png())
    return folder / "letter.yaml"  # never read: it only places the logo


@pytest.fixture(scope="module")
def base_pdf(letter_file: Path, fonts: FontSet) -> bytes:
    data, pages = typeset(base_letter(str(letter_file)), fonts)
    assert pages == 1
    return data


@pytest.mark.parametrize("name", sorted(VARIANTS) + sorted(MORE))
def test_a_changed_field_shows_in_the_pdf(name: str, letter_file: Path, base_pdf: bytes,
                                          fonts: FontSet) -> None:
    change, observe, shown = VARIANTS[name] if name in VARIANTS else MORE[name]
    letter = change(base_letter(str(letter_file)))
    assert letter != base_letter(str(letter_file))
    data, _ = typeset(letter, fonts)
    before, after = observe(base_pdf), observe(data)
    assert after != before, f"{name} changed nothing that {observe.__name__} reads"
    if shown:
        if observe is text:
            shown = re.sub(r"\s+", "", shown)
        assert shown in after, (shown, after)
        assert shown not in before or name in MORE, (shown, before)
