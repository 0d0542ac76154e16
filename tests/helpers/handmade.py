"""Small PDFs written byte by byte, each part replaceable, with their cross-reference offsets
computed from where the parts end up: the files the syntax reader (helpers.pdfsyntax) is
tested on, each breaking one rule of ISO 19005-3 6.1 or keeping it."""

from __future__ import annotations

import re

FILE_ID = b"[<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]"
HEADER = b"%PDF-1.7\n"
COMMENT = b"%\xe2\xe3\xcf\xd3\n"
CONTENT = b"BT /F1 12 Tf 10 10 Td (Hi) Tj ET\n"


def obj(number: int, body: bytes, *, head: bytes | None = None, end: bytes = b"\nendobj\n"
        ) -> bytes:
    """``number 0 obj``, EOL, ``body``, then ``end`` (EOL, endobj, EOL unless replaced)."""
    return (head if head is not None else b"%d 0 obj\n" % number) + body + end


def stream(number: int, data: bytes, *, dictionary: bytes = b"", length: bytes | None = None,
           after_keyword: bytes = b"\n", before_end: bytes = b"\n") -> bytes:
    """A stream object: /Length is the data's length unless ``length`` says otherwise."""
    size = length if length is not None else b"%d" % len(data)
    return obj(number, b"<< /Length " + size + b" " + dictionary + b">>\nstream"
               + after_keyword + data + before_end + b"endstream")


def objects(content: bytes = CONTENT, *, page_extra: bytes = b"") -> list[bytes]:
    """A one-page document: catalog, page tree, page, content stream."""
    return [
        obj(1, b"<< /Type /Catalog /Pages 2 0 R >>"),
        obj(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
            + page_extra + b" >>"),
        stream(4, content),
    ]


def assemble(parts: list[bytes] | None = None, *, header: bytes = HEADER,
             comment: bytes = COMMENT, xref: bytes = b"xref\n", separator: bytes = b" ",
             trailer: bytes = b"/ID " + FILE_ID, tail: bytes = b"\n", offsets: dict[int, int]
             | None = None, startxref: int | None = None) -> bytes:
    """The file: header, binary comment, the objects (numbered by their ``N G obj``), one
    cross-reference table, the trailer (/Size, /Root and ``trailer``), startxref, %%EOF and
    ``tail`` (what follows it). ``offsets`` shifts chosen entries; ``startxref`` replaces
    its value."""
    parts = objects() if parts is None else parts
    out = header + comment
    where: dict[int, int] = {}
    for part in parts:
        number = re.match(rb"\s*(\d+)", part)
        if number:
            where[int(number[1])] = len(out) + (len(part) - len(part.lstrip()))
        out += part
    size = max(where, default=0) + 1
    table = xref + b"0" + separator + b"%d\n" % size + b"0000000000 65535 f \n"
    for n in range(1, size):
        offset = where.get(n, 0) + (offsets or {}).get(n, 0)
        table += b"%010d 00000 %s \n" % (offset, b"n" if n in where else b"f")
    at = len(out)
    out += table + b"trailer\n<< /Size %d /Root 1 0 R " % size + trailer + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF" % (at if startxref is None else startxref)
    return out + tail


def update(base: bytes, parts: list[bytes], *, trailer: bytes = b"/ID " + FILE_ID) -> bytes:
    """``base`` with an incremental update holding ``parts`` (ISO 32000-1 7.5.6)."""
    prev = int(re.findall(rb"startxref\s+(\d+)", base)[-1])
    out = base
    where = {}
    for part in parts:
        where[int(re.match(rb"(\d+)", part)[1])] = len(out)  # type: ignore[index]
        out += part
    at = len(out)
    table = b"xref\n"
    for n, offset in sorted(where.items()):
        table += b"%d 1\n%010d 00000 n \n" % (n, offset)
    size = int(re.search(rb"/Size (\d+)", base)[1])  # type: ignore[index]
    out += table + b"trailer\n<< /Size %d /Root 1 0 R /Prev %d " % (size, prev) + trailer
    return out + b" >>\nstartxref\n%d\n%%%%EOF\n" % at
