"""The XMP metadata says what the document information says (ISO 19005-3 6.6.3: Title
dc:title, Author dc:creator, Subject dc:description, Keywords pdf:Keywords, Creator
xmp:CreatorTool, Producer pdf:Producer, CreationDate xmp:CreateDate, ModDate
xmp:ModifyDate), identifies the file as PDF/A-3b, and a corrected letter's Keywords say
"revision 2; replaces revision 1 of 2020-10-08" (README, "Correcting a letter") in both.

The packet is read with an XML parser (and pikepdf), never compared as text.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import time
import xml.etree.ElementTree as ET

import pikepdf
import pytest

from letterpress.fonts import FontSet
from letterpress.model import Letter
from letterpress.pdf.catalog import pdf_date
from letterpress.pdf.xmp import Description, xmp_date, xmp_packet
from letterpress.pipeline import typeset

NS = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
BAKU = datetime.timezone(datetime.timedelta(hours=4))


def _parsed(packet: bytes) -> dict[str, str | None]:
    """The packet's properties by prefixed name; a list's single item stands for it."""
    text = packet.decode("utf-8")
    assert text.startswith('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>')
    assert text.endswith('<?xpacket end="r"?>')  # read-only: nothing pads it for editing
    root = ET.fromstring(text[text.index("<x:xmpmeta"):text.rindex("<?xpacket")])
    [description] = root.iterfind("rdf:RDF/rdf:Description", NS)
    out: dict[str, str | None] = {}
    for element in description:
        uri, name = element.tag[1:].split("}")
        prefix = next(p for p, u in NS.items() if u == uri)
        items = element.findall(".//rdf:li", NS)
        if items:
            assert len(items) == 1
            out[f"{prefix}:{name}"] = items[0].text
        else:
            out[f"{prefix}:{name}"] = element.text
    return out


DESCRIPTION = Description(
    title='Q&A <draft> "x" & İsmayılov ]]> end', author="Azərbaycan <Open> & Co", subject="S & <s>",
    language="az", keywords="revision 3; replaces revision 2 of 2020-09-30 <&>",
    creator="tool & <c>", producer="maker > x", date=datetime.datetime(2020, 10, 8, 2, 30,
                                                                        tzinfo=BAKU),
    version="3")


def test_every_value_reaches_its_own_property_as_written() -> None:
    got = _parsed(xmp_packet(DESCRIPTION))
    assert got == {
        "dc:format": "application/pdf",
        "dc:title": DESCRIPTION.title, "dc:creator": DESCRIPTION.author,
        "dc:description": DESCRIPTION.subject, "dc:language": "az",
        "xmp:CreateDate": "2020-10-07T22:30:00Z", "xmp:ModifyDate": "2020-10-07T22:30:00Z",
        "xmp:MetadataDate": "2020-10-07T22:30:00Z",
        "xmp:CreatorTool": DESCRIPTION.creator, "pdf:Producer": DESCRIPTION.producer,
        "pdf:Keywords": DESCRIPTION.keywords, "xmpMM:VersionID": "3",
        "pdfaid:part": "3", "pdfaid:conformance": "B"}


def test_the_alternatives_are_the_default_language() -> None:
    root = ET.fromstring(xmp_packet(DESCRIPTION).decode("utf-8").split("?>", 1)[1]
                         .rsplit("<?xpacket", 1)[0])
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for name in ("dc:title", "dc:description"):
        [item] = root.iterfind(f".//{name}/rdf:Alt/rdf:li", NS)
        assert item.get(lang) == "x-default"
    assert root.find(".//dc:creator/rdf:Seq", NS) is not None  # an ordered list of authors
    assert root.find(".//dc:language/rdf:Bag", NS) is not None


def test_a_first_revision_has_no_version_and_the_part_can_be_named() -> None:
    first = dataclasses.replace(DESCRIPTION, version="")
    got = _parsed(xmp_packet(first, part=2, conformance="U"))
    assert "xmpMM:VersionID" not in got
    assert (got["pdfaid:part"], got["pdfaid:conformance"]) == ("2", "U")
    assert _parsed(xmp_packet(first))["pdfaid:part"] == "3"


@pytest.mark.parametrize("moment, xmp, pdf", [
    (datetime.datetime(2020, 10, 8, tzinfo=datetime.UTC), "2020-10-08T00:00:00Z",
     "D:20201008000000Z"),
    (datetime.datetime(2020, 10, 8, 2, 30, 5, tzinfo=BAKU), "2020-10-07T22:30:05Z",
     "D:20201007223005Z"),
    (datetime.datetime(1999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone(
        datetime.timedelta(hours=-5))), "2000-01-01T04:59:59Z", "D:20000101045959Z"),
])
def test_dates_are_written_in_utc(moment: datetime.datetime, xmp: str, pdf: str,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """ISO 8601 in the XMP, ISO 32000-1 7.9.4 in the information: the same instant, whatever
    the machine's own time zone."""
    assert xmp_date(moment) == xmp
    assert pdf_date(moment) == pdf
    try:
        for zone in ("Asia/Baku", "America/New_York"):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            assert xmp_date(moment) == xmp
            assert pdf_date(moment) == pdf
    finally:
        monkeypatch.undo()
        time.tzset()


# The built file: the information dictionary and the XMP agree, entry by entry.


def _both(data: bytes) -> tuple[pikepdf.Dictionary, pikepdf.models.PdfMetadata]:
    pdf = pikepdf.open(io.BytesIO(data))
    return pdf.docinfo, pdf.open_metadata()


@pytest.mark.parametrize("revision", [2, 3])
def test_a_corrected_letters_keywords_are_in_both(sample_letter: Letter, fonts: FontSet,
                                                  revision: int) -> None:
    letter = dataclasses.replace(sample_letter, revision=revision)
    data, _ = typeset(letter, fonts)
    info, xmp = _both(data)
    wanted = f"revision {revision}; replaces revision {revision - 1} of 2020-10-08"
    assert str(info.Keywords) == wanted
    assert xmp["pdf:Keywords"] == wanted
    assert xmp["xmpMM:VersionID"] == str(revision)


def test_a_first_revision_says_no_keywords_and_no_version(sample_letter: Letter,
                                                          fonts: FontSet) -> None:
    data, _ = typeset(sample_letter, fonts)
    info, xmp = _both(data)
    assert str(info.get("/Keywords", "")) == ""
    assert xmp.get("pdf:Keywords", "") == ""
    assert "xmpMM:VersionID" not in xmp


def test_every_paired_entry_agrees_in_a_letter_with_a_title(sample_letter: Letter,
                                                            fonts: FontSet) -> None:
    letter = dataclasses.replace(sample_letter, title="Appeal & <reply>", revision=2,
                                 sender="Sender Ə & Co")
    data, _ = typeset(letter, fonts)
    info, xmp = _both(data)
    assert xmp["dc:title"] == str(info.Title) == "Appeal & <reply>"
    assert xmp["dc:creator"] == [str(info.Author)] == ["Sender Ə & Co"]
    assert xmp["dc:description"] == str(info.Subject)
    assert xmp["pdf:Keywords"] == str(info.Keywords)
    assert xmp["xmp:CreatorTool"] == str(info.Creator) == "letterpress"
    assert xmp["pdf:Producer"] == str(info.Producer) == "letterpress"
    assert str(info.CreationDate) == str(info.ModDate) == "D:20201008000000Z"
    assert xmp["xmp:CreateDate"] == xmp["xmp:ModifyDate"] == "2020-10-08T00:00:00Z"
    assert xmp["dc:language"] == {"en"}
    assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "B")
