"""The XMP metadata packet of a PDF/A file (ISO 19005-3 6.6.2; ISO 16684-1).

It says what the document information dictionary says, in the properties ISO 19005-3 6.6.3
pairs with each entry (Title dc:title, Author dc:creator, Subject dc:description, Keywords
pdf:Keywords, Creator xmp:CreatorTool, Producer pdf:Producer, CreationDate xmp:CreateDate,
ModDate xmp:ModifyDate), and identifies the file as PDF/A-3b (pdfaid).
Written as text here: an XML library would add an import to every build.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

_PACKET = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt>
   </dc:description>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdfaid:part>{part}</pdfaid:part>
   <pdfaid:conformance>{conformance}</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


@dataclass(frozen=True, slots=True)
class Description:
    """What the metadata says; the same values go into the document information."""

    title: str
    author: str
    subject: str
    language: str
    keywords: str
    creator: str
    producer: str
    date: datetime.datetime


def xmp_packet(d: Description, part: int = 3, conformance: str = "B") -> bytes:
    """The packet as UTF-8 bytes, read-only (``end="r"``): nothing pads it for editing."""
    return _PACKET.format(
        title=_escape(d.title), author=_escape(d.author), subject=_escape(d.subject),
        language=_escape(d.language), keywords=_escape(d.keywords), creator=_escape(d.creator),
        producer=_escape(d.producer), date=xmp_date(d.date), part=part,
        conformance=conformance).encode("utf-8")


def xmp_date(moment: datetime.datetime) -> str:
    """An XMP date (ISO 8601) in UTC, e.g. ``2020-10-08T00:00:00Z``."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
