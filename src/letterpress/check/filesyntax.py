"""How a PDF file is written, held to ISO 19005-3 6.1: the rules pikepdf.pdfa trusts
because it assumes qpdf wrote the file it validates (docs/pdfa.md).

The file is read the way a reader finds its objects: from the last ``startxref`` back
through each cross-reference table (its trailer's /Prev), every entry in use checked where
the table says the object stands, in every revision (a signature's incremental update
included). Each revision is opened with pikepdf as it stood when written, for the values
the rules compare the bytes with (a stream's /Length, its dictionary's keys, the /ID). A
stream is measured from its end: ``endobj`` and ``endstream`` are the last ones before the
next thing the tables place, and /Length bytes before the end-of-line marker in front of
``endstream`` must be the line feed after ``stream``.

Clauses (ISO 19005-3 6.1, as veraPDF numbers its tests; ISO 32000-1 for what they assume):
6.1.2-1/2 header and binary comment; 6.1.3-1/2/3 /ID, no /Encrypt, nothing after the last
``%%EOF`` but one EOL; 6.1.4-1/2 cross-reference subsection headers; 6.1.6-1/2 hexadecimal
strings outside streams; 6.1.7.1-1/2/3 stream keywords, /Length, no external data; 6.1.9-1
``N G obj`` and ``endobj`` spacing; ISO 32000-1 7.5.4 (entries 20 bytes, pointing at their
object) and 7.5.5 (startxref pointing at a table). A cross-reference stream is not read: a
file with one is reported as not checked.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

NOT_CHECKED = "not checked"
_WS = rb"[\x00\t\n\x0c\r ]"
_HEADER = re.compile(rb"%PDF-1\.[0-7](\r\n|\r|\n)")
_OBJ = re.compile(rb"(\d+)(" + _WS + rb"+)(\d+)(" + _WS + rb"+)obj")
_SECTION = re.compile(rb"(\d+)([\x00\t\x0c ]+)(\d+)[\x00\t\x0c ]*(?:\r\n|\r|\n)")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)")
_REVISION_END = re.compile(rb"startxref" + _WS + rb"+(\d+)" + _WS + rb"+%%EOF(\r\n|\r|\n)?")
_EOLS = (b"\r\n", b"\n", b"\r")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_Say = Callable[[str, int, str], None]  # clause, byte offset, what is wrong there


@dataclass(frozen=True, slots=True)
class _Section:
    offset: int  # of the ``xref`` keyword
    entries: tuple[tuple[int, int, int, int], ...]  # number, generation, offset, where listed
    trailer: tuple[int, int]  # the trailer dictionary's bytes: start, end
    end: int  # the end of the revision (after %%EOF and its EOL)


def file_syntax_problems(data: bytes) -> tuple[str, ...]:
    """Each file-syntax rule of ISO 19005-3 6.1 that ``data`` breaks, with the byte offset
    where; a problem starting with "not checked" when part of the file could not be read
    this way. Empty when every rule holds."""
    problems: list[str] = []

    def say(clause: str, offset: int, what: str) -> None:
        standard = "ISO 32000-1" if clause.startswith("7.") else "ISO 19005-3"
        problems.append(f"{standard} {clause} at byte {offset}: {what}")

    _header(data, say)
    last = data.rfind(b"%%EOF")
    if last < 0:
        say("6.1.3-3", len(data), "no %%EOF marker")
    elif data[last + 5:] not in (b"", *_EOLS):
        say("6.1.3-3", last + 5, f"{len(data) - last - 5} bytes after the last %%EOF")
    try:
        sections = list(_sections(data, say))
    except _Unread as exc:
        return (*problems, f"{NOT_CHECKED}: {exc}")
    places = sorted({e[2] for s in sections for e in s.entries} | {s.offset for s in sections})
    for section in reversed(sections):  # the oldest revision first
        _revision(data, section, places, say)
    if sections:
        start, end = sections[0].trailer
        _hex_strings(data, start, end, say)
    return tuple(problems)


class _Unread(Exception):
    pass


def _header(data: bytes, say: _Say) -> None:
    header = _HEADER.match(data)
    if not header:
        say("6.1.2-1", 0, "the file does not begin with %PDF-1.n (n 0 to 7) and one EOL")
        return
    comment = data[header.end():header.end() + 5]
    if len(comment) < 5 or comment[0] != 0x25 or min(comment[1:]) <= 127:
        say("6.1.2-2", header.end(), "the header is not followed by % and four bytes above 127")


def _sections(data: bytes, say: _Say) -> Iterator[_Section]:
    """The cross-reference tables from the last one back (the newest revision first)."""
    ends = list(_REVISION_END.finditer(data))
    if not ends:
        raise _Unread("no startxref and %%EOF at the end of the file")
    offset: int | None = int(ends[-1][1])
    seen: set[int] = set()
    while offset is not None:
        if offset in seen or offset >= len(data):
            say("7.5.5", offset, "startxref or /Prev points outside the file or in a loop")
            return
        seen.add(offset)
        if not data.startswith(b"xref", offset):
            if _OBJ.match(data, offset):
                raise _Unread(f"a cross-reference stream at byte {offset}")
            say("7.5.5", offset, "startxref or /Prev points at no cross-reference table")
            return
        section, prev = _section(data, offset, ends, say)
        yield section
        offset = prev


def _section(data: bytes, start: int, ends: list[re.Match[bytes]], say: _Say
             ) -> tuple[_Section, int | None]:
    pos = start + len(b"xref")
    if not re.compile(rb"(\r\n|\r|\n)\d").match(data, pos):
        say("6.1.4-2", pos, "xref is not followed by one EOL and the subsection header")
    while pos < len(data) and data[pos] in b"\x00\t\n\x0c\r ":
        pos += 1
    entries = []
    while header := _SECTION.match(data, pos):
        if header[2] != b" ":
            say("6.1.4-1", pos, "a subsection header's numbers are not separated by one space")
        first = int(header[1])
        pos = header.end()
        for i in range(int(header[3])):
            row = _ENTRY.match(data, pos)
            if not row:
                say("7.5.4", pos, f"entry {first + i} of the table is not 20 bytes")
                raise _Unread(f"a cross-reference table at byte {start} that cannot be read")
            if row[3] == b"n":
                entries.append((first + i, int(row[2]), int(row[1]), pos))
            pos = row.end()
    trailer = data.find(b"trailer", pos, pos + 64)
    end = next((m for m in ends if m.start() > pos), None)
    if trailer < 0 or end is None:
        raise _Unread(f"the table at byte {start} has no trailer, startxref and %%EOF")
    dictionary = data[trailer:end.start()]
    if re.search(rb"/Encrypt\b", dictionary):
        say("6.1.3-2", trailer, "the trailer has /Encrypt")
    prev = re.search(rb"/Prev" + _WS + rb"*(\d+)", dictionary)
    return (_Section(start, tuple(entries), (trailer, end.start()), end.end()),
            int(prev[1]) if prev else None)


def _revision(data: bytes, section: _Section, places: list[int], say: _Say) -> None:
    """The objects a table lists, checked against the revision as pikepdf reads it."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data[:section.end]))
    except Exception as exc:  # a damaged revision: pikepdf raises its own and others
        say("7.5", section.offset, f"the revision cannot be opened ({type(exc).__name__})")
        return
    with pdf:
        if section.end == _last_end(data):
            ident = pdf.trailer.get("/ID")
            if not (isinstance(ident, pikepdf.Array) and len(ident) == 2
                    and all(isinstance(i, pikepdf.String) and bytes(i) for i in ident)):
                say("6.1.3-1", section.trailer[0], "the last trailer has no /ID of two strings")
        for number, generation, offset, listed in section.entries:
            head = _OBJ.match(data, offset)
            if not head or (int(head[1]), int(head[3])) != (number, generation):
                say("7.5.4", listed, f"the entry of object {number} points at byte {offset}, "
                    f"where {number} {generation} obj does not begin")
                continue
            bound = next((p for p in places if p > offset), section.end)
            try:
                obj = pdf.get_object(number, generation)
            except Exception:  # an object pikepdf cannot read: the rules below need it
                say("7.5", offset, f"object {number} cannot be read")
                continue
            _indirect(data, offset, head, bound, obj, say)


def _last_end(data: bytes) -> int:
    ends = list(_REVISION_END.finditer(data))
    return ends[-1].end() if ends else -1


def _indirect(data: bytes, offset: int, head: re.Match[bytes], bound: int, obj: object,
              say: _Say) -> None:
    import pikepdf

    number = int(head[1])
    if offset == 0 or data[offset - 1] not in b"\r\n":
        say("6.1.9-1", offset, f"object {number} does not begin after an EOL")
    if len(head[2]) != 1 or len(head[4]) != 1:
        say("6.1.9-1", offset, f"object {number}: N G obj not separated by single spaces")
    if not data.startswith(_EOLS, head.end()):
        say("6.1.9-1", head.end(), f"object {number}: obj is not followed by an EOL")
    end = data.rfind(b"endobj", head.end(), bound)
    if end < 0:
        say("7.5", offset, f"object {number} has no endobj before what follows it")
        return
    if data[end - 1] not in b"\r\n":
        say("6.1.9-1", end, f"object {number}: endobj does not follow an EOL")
    if not data.startswith(_EOLS, end + len(b"endobj")):
        say("6.1.9-1", end + 6, f"object {number}: endobj is not followed by an EOL")
    dictionary_end = end
    if isinstance(obj, pikepdf.Stream):
        dictionary_end = _stream(data, offset, head.end(), end, obj, say)
    _hex_strings(data, head.end(), dictionary_end, say)


def _stream(data: bytes, offset: int, start: int, end: int, obj: object, say: _Say) -> int:
    """Check the stream of the object at ``offset``; where its dictionary ends."""
    number = int(_OBJ.match(data, offset)[1])  # type: ignore[index]
    keys = set(obj.stream_dict.keys())  # type: ignore[attr-defined]
    for key in ("/F", "/FFilter", "/FDecodeParms"):
        if key in keys:
            say("6.1.7.1-3", offset, f"object {number}: the stream dictionary has {key}")
    keyword = re.compile(rb">>" + _WS + rb"*stream").search(data, start, end)
    closing = data.rfind(b"endstream", start, end)
    if keyword is None or closing < 0:
        say("7.5", offset, f"object {number}: no stream and endstream keywords")
        return end
    try:
        length = int(obj.stream_dict.Length)  # type: ignore[attr-defined]
    except (AttributeError, TypeError, ValueError):
        length = -1
    after = keyword.end()
    if data.startswith(b"\r\n", after):
        first = after + 2
    elif data.startswith(b"\n", after):
        first = after + 1
    else:
        say("6.1.7.1-2", after, f"object {number}: stream is not followed by CRLF or LF")
        first = after + (1 if data.startswith(b"\r", after) else 0)
    eols: tuple[int, ...]
    if data[closing - 2:closing] == b"\r\n" and closing - 2 >= first:
        eols = (2, 1)  # one marker, or data ending in CR and an LF marker
    elif data[closing - 1:closing] in (b"\r", b"\n") and closing - 1 >= first:
        eols = (1,)
    else:
        say("6.1.7.1-2", closing, f"object {number}: endstream does not follow an EOL")
        eols = (0,)
    real = [closing - eol - first for eol in eols]
    if length not in real:
        say("6.1.7.1-1", offset, f"object {number}: /Length {length} but {real[0]} bytes "
            "between stream and endstream")
    return keyword.start() + 2


def _hex_strings(data: bytes, start: int, end: int, say: _Say) -> None:
    """6.1.6: every hexadecimal string between ``start`` and ``end`` (no stream data)."""
    i = start
    while i < end:
        c = data[i]
        if c == 0x25:  # a comment, to the end of its line
            while i < end and data[i] not in b"\r\n":
                i += 1
        elif c == 0x28:  # a literal string: balanced parentheses, backslash escapes
            depth = 0
            while i < end:
                if data[i] == 0x5C:
                    i += 1
                elif data[i] == 0x28:
                    depth += 1
                elif data[i] == 0x29:
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
        elif c == 0x3C and data[i + 1:i + 2] == b"<":
            i += 1
        elif c == 0x3C:
            close = data.find(b">", i, end)
            close = end if close < 0 else close
            digits = bytes(b for b in data[i + 1:close] if b not in b"\x00\t\n\x0c\r ")
            if any(b not in _HEX for b in digits):
                say("6.1.6-2", i, "a hexadecimal string holds a character that is not a "
                    "hexadecimal digit")
            if len(digits) % 2:
                say("6.1.6-1", i, "a hexadecimal string has an odd number of digits")
            i = close
        i += 1


