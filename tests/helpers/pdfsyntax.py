"""A reader of PDF file syntax, written from ISO 19005-3 6.1 and ISO 32000-1 7.2-7.5, that
says which of the rules about how a file is written a PDF breaks, and where.

pikepdf's PDF/A validator skips these rules (it assumes qpdf wrote the file) and veraPDF
cannot be installed here; this is the tests' own oracle for them. It reads the file from its
first byte to its last, the way the bytes lie, and never trusts the cross-reference table to
find an object: objects, ``xref`` sections, trailers and ``startxref`` are met in order, and
the table is then checked against where the objects were found. A stream's data ends at the
first ``endstream`` followed by ``endobj``; its real length is counted up to the end-of-line
marker before that keyword, whatever /Length says (CR LF there may be one marker, or data
ending in CR and an LF marker: either length is taken, as veraPDF takes it).

Clauses (ISO 19005-3, numbered as veraPDF numbers its tests):
    6.1.2-1   the header ``%PDF-1.n`` (n 0-7) at byte 0, then one EOL
    6.1.2-2   then ``%`` and at least four bytes above 127
    6.1.3-1   the last trailer has /ID (two strings)
    6.1.3-2   no trailer has /Encrypt
    6.1.3-3   nothing after the last ``%%EOF`` but one optional EOL
    6.1.4-1   a subsection header: start and count separated by one space
    6.1.4-2   ``xref`` and the subsection header separated by one EOL
    6.1.6-1   a hexadecimal string has an even number of non-white-space characters
    6.1.6-2   ... and only hexadecimal digits (and white space)
    6.1.7.1-1 /Length is the number of bytes between the EOL after ``stream`` and the EOL
              before ``endstream``
    6.1.7.1-2 ``stream`` followed by CRLF or LF; ``endstream`` preceded by an EOL
    6.1.7.1-3 no /F, /FFilter or /FDecodeParms in a stream dictionary
    6.1.7.2-1 no LZWDecode filter; Crypt only with the Identity crypt filter
    6.1.9-1   ``N G obj``: single white-space characters between; the object number and
              ``endobj`` each after an EOL; ``obj`` and ``endobj`` each followed by an EOL
and of ISO 32000-1, which PDF/A assumes:
    7.5.4     every in-use entry of a cross-reference table points at ``N G obj`` of that
              object; entries are 20 bytes
    7.5.5     every ``startxref`` points at an ``xref`` keyword (or a cross-reference stream)
    7.5       the file can be read to its end
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WHITE = b"\x00\t\n\x0c\r "
DELIMITERS = b"()<>[]{}/%"
EOLS = (b"\r\n", b"\n", b"\r")
HEX = frozenset(b"0123456789abcdefABCDEF")


@dataclass(frozen=True)
class Broken:
    """One clause broken at one byte offset."""

    clause: str
    offset: int
    what: str


class Name(str):
    """A PDF name, without its solidus, #-escapes expanded."""


@dataclass(frozen=True)
class Ref:
    number: int
    generation: int


@dataclass
class _Stream:
    offset: int  # of the object
    dictionary: dict[str, object]
    data_start: int
    real_length: int  # taking a CRLF before endstream for the EOL marker
    # a CRLF before endstream may be data ending in CR and an LF marker: either reading is
    # the rule's ("the EOL marker"), so /Length one byte more than real_length is right too
    ambiguous: bool = False


@dataclass
class _Reader:
    data: bytes
    broken: list[Broken] = field(default_factory=list)
    objects: dict[tuple[int, int], object] = field(default_factory=dict)
    found_at: dict[int, tuple[int, int]] = field(default_factory=dict)  # offset -> (n, g)
    streams: list[_Stream] = field(default_factory=list)
    xref_entries: list[tuple[int, int, int, int]] = field(default_factory=list)  # n,g,off,at
    trailers: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    startxrefs: list[tuple[int, int]] = field(default_factory=list)
    xref_at: set[int] = field(default_factory=set)

    def flag(self, clause: str, offset: int, what: str) -> None:
        self.broken.append(Broken(clause, offset, what))

    # --- lexical level (ISO 32000-1 7.2, 7.3) -------------------------------------------

    def skip(self, pos: int) -> int:
        """Past white space and comments."""
        data = self.data
        while pos < len(data):
            if data[pos] in WHITE:
                pos += 1
            elif data[pos] == 0x25:  # %
                while pos < len(data) and data[pos] not in b"\r\n":
                    pos += 1
            else:
                break
        return pos

    def value(self, pos: int) -> tuple[object, int]:
        """The object starting at or after ``pos`` and where it ends."""
        data = self.data
        pos = self.skip(pos)
        if pos >= len(data):
            raise _Unreadable(pos, "the file ends inside an object")
        c = data[pos]
        if data.startswith(b"<<", pos):
            return self.dictionary(pos)
        if c == 0x3C:  # <
            return self.hex_string(pos)
        if c == 0x28:  # (
            return self.literal_string(pos)
        if c == 0x5B:  # [
            items: list[object] = []
            pos += 1
            while True:
                pos = self.skip(pos)
                if pos >= len(data):
                    raise _Unreadable(pos, "the file ends inside an array")
                if data[pos] == 0x5D:
                    return items, pos + 1
                item, pos = self.value(pos)
                items.append(item)
        if c == 0x2F:  # /
            end = pos + 1
            while end < len(data) and data[end] not in WHITE + DELIMITERS:
                end += 1
            raw = data[pos + 1:end]
            return Name(re.sub(rb"#([0-9a-fA-F]{2})", lambda m: bytes([int(m[1], 16)]),
                               raw).decode("latin-1")), end
        number = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)").match(data, pos)
        if number:
            text = number[0]
            if b"." in text:
                return float(text), number.end()
            reference = re.compile(rb"[\x00\t\n\x0c\r ]+(\d+)[\x00\t\n\x0c\r ]+R(?![^\x00\t\n"
                                   rb"\x0c\r ()<>\[\]{}/%])").match(data, number.end())
            if reference:
                return Ref(int(text), int(reference[1])), reference.end()
            return int(text), number.end()
        word = re.compile(rb"[A-Za-z]+").match(data, pos)
        if word:
            return _Keyword(word[0].decode("ascii")), word.end()
        raise _Unreadable(pos, f"unexpected byte {data[pos:pos + 1]!r}")

    def dictionary(self, pos: int) -> tuple[dict[str, object], int]:
        data = self.data
        out: dict[str, object] = {}
        pos += 2
        while True:
            pos = self.skip(pos)
            if data.startswith(b">>", pos):
                return out, pos + 2
            key, pos = self.value(pos)
            if not isinstance(key, Name):
                raise _Unreadable(pos, f"a dictionary key that is not a name: {key!r}")
            item, pos = self.value(pos)
            out[str(key)] = item

    def hex_string(self, pos: int) -> tuple[bytes, int]:
        data = self.data
        end = data.find(b">", pos)
        if end < 0:
            raise _Unreadable(pos, "a hexadecimal string that never ends")
        digits = bytes(b for b in data[pos + 1:end] if b not in WHITE)
        if any(b not in HEX for b in digits):
            self.flag("6.1.6-2", pos, "a hexadecimal string holds a character that is not a "
                      "hexadecimal digit")
        if len(digits) % 2:
            self.flag("6.1.6-1", pos, f"a hexadecimal string has an odd number ({len(digits)})"
                      " of digits")
        return digits, end + 1

    def literal_string(self, pos: int) -> tuple[bytes, int]:
        data = self.data
        depth, i = 0, pos
        while i < len(data):
            c = data[i]
            if c == 0x5C:  # backslash: the next byte is escaped
                i += 2
                continue
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    return data[pos + 1:i], i + 1
            i += 1
        raise _Unreadable(pos, "a literal string that never ends")

    # --- file structure (ISO 32000-1 7.5) -----------------------------------------------

    def read(self) -> None:
        data = self.data
        header = re.compile(rb"%PDF-1\.[0-7](\r\n|\r|\n)").match(data)
        if not header:
            self.flag("6.1.2-1", 0, "the file does not begin with %PDF-1.n (n 0 to 7) and one "
                      "EOL")
            eol = re.compile(rb"[^\r\n]*(\r\n|\r|\n)").match(data)
            pos = eol.end() if eol else len(data)
        else:
            pos = header.end()
        binary = data[pos:pos + 5]
        if len(binary) < 5 or binary[0] != 0x25 or any(b <= 127 for b in binary[1:]):
            self.flag("6.1.2-2", pos, "the header is not followed by % and four bytes above 127")
        while True:
            pos = self.skip(pos)
            if pos >= len(data):
                break
            if data.startswith(b"xref", pos):
                pos = self.xref(pos)
            elif data.startswith(b"trailer", pos):
                at = pos
                trailer, pos = self.value(pos + len(b"trailer"))
                if not isinstance(trailer, dict):
                    raise _Unreadable(at, "a trailer that is not a dictionary")
                self.trailers.append((at, trailer))
            elif data.startswith(b"startxref", pos):
                at = pos
                target, pos = self.value(pos + len(b"startxref"))
                if not isinstance(target, int):
                    raise _Unreadable(at, "startxref is not followed by a number")
                self.startxrefs.append((at, target))
            elif data[pos] in b"0123456789":
                pos = self.indirect_object(pos)
            else:
                raise _Unreadable(pos, f"unexpected {data[pos:pos + 12]!r} between objects")

    def indirect_object(self, start: int) -> int:
        data = self.data
        head = re.compile(rb"(\d+)([\x00\t\n\x0c\r ]+)(\d+)([\x00\t\n\x0c\r ]+)obj").match(
            data, start)
        if not head:
            raise _Unreadable(start, f"expected N G obj, found {data[start:start + 12]!r}")
        number, generation = int(head[1]), int(head[3])
        if start == 0 or data[start - 1] not in b"\r\n":
            self.flag("6.1.9-1", start, f"object {number} does not begin after an EOL")
        if len(head[2]) != 1 or len(head[4]) != 1:
            self.flag("6.1.9-1", start, f"object {number}: N G obj not separated by single "
                      "white-space characters")
        if not data.startswith(EOLS, head.end()):
            self.flag("6.1.9-1", head.end(), f"object {number}: obj is not followed by an EOL")
        self.found_at[start] = (number, generation)
        content, pos = self.value(head.end())
        after = self.skip(pos)
        if data.startswith(b"stream", after) and isinstance(content, dict):
            pos = self.stream(start, number, content, after)
            after = self.skip(pos)
        self.objects[(number, generation)] = content
        if not data.startswith(b"endobj", after):
            raise _Unreadable(after, f"object {number} has no endobj")
        if data[after - 1] not in b"\r\n":
            self.flag("6.1.9-1", after, f"object {number}: endobj does not follow an EOL")
        end = after + len(b"endobj")
        if not data.startswith(EOLS, end):
            self.flag("6.1.9-1", end, f"object {number}: endobj is not followed by an EOL")
        return end

    def stream(self, start: int, number: int, dictionary: dict[str, object], at: int) -> int:
        data = self.data
        keyword_end = at + len(b"stream")
        if data.startswith(b"\r\n", keyword_end):
            data_start = keyword_end + 2
        elif data.startswith(b"\n", keyword_end):
            data_start = keyword_end + 1
        else:
            self.flag("6.1.7.1-2", keyword_end, f"object {number}: stream is not followed by "
                      "CRLF or LF")
            data_start = keyword_end + (1 if data.startswith(b"\r", keyword_end) else 0)
        end = re.compile(rb"endstream[\x00\t\n\x0c\r ]*(%[^\r\n]*[\r\n]+[\x00\t\n\x0c\r ]*)*"
                         rb"endobj").search(data, data_start)
        if not end:
            raise _Unreadable(data_start, f"object {number}: a stream with no endstream")
        keyword = end.start()
        if keyword - 2 >= data_start and data[keyword - 2:keyword] == b"\r\n":
            eol = 2
        elif keyword - 1 >= data_start and data[keyword - 1] in b"\r\n":
            eol = 1
        else:
            eol = 0
            self.flag("6.1.7.1-2", keyword, f"object {number}: endstream does not follow an "
                      "EOL")
        self.streams.append(_Stream(start, dictionary, data_start, keyword - eol - data_start,
                                    ambiguous=eol == 2))
        for key in ("F", "FFilter", "FDecodeParms"):
            if key in dictionary:
                self.flag("6.1.7.1-3", start, f"object {number}: the stream dictionary has /{key}")
        return keyword + len(b"endstream")

    def xref(self, start: int) -> int:
        data = self.data
        self.xref_at.add(start)
        pos = start + len(b"xref")
        eol = re.compile(rb"(\r\n|\r|\n)(?=\d)").match(data, pos)
        if not eol:
            self.flag("6.1.4-2", pos, "xref is not followed by one EOL and the subsection header")
        pos = self.skip(pos)
        section = re.compile(rb"(\d+)([\x00\t\x0c ]+)(\d+)[\x00\t\x0c ]*(\r\n|\r|\n)")
        entry = re.compile(rb"(\d{10}) (\d{5}) ([nf])( \r| \n|\r\n)")
        while True:
            header = section.match(data, pos)
            if not header:
                return pos
            if header[2] != b" ":
                self.flag("6.1.4-1", pos, "a subsection header's numbers are not separated by "
                          "one space")
            first, count = int(header[1]), int(header[3])
            pos = header.end()
            for i in range(count):
                row = entry.match(data, pos)
                if not row:
                    self.flag("7.5.4", pos, f"entry {first + i} of a cross-reference "
                              "subsection is not 20 bytes: nnnnnnnnnn ggggg n EOL")
                    raise _Unreadable(pos, "a cross-reference table that cannot be read")
                if row[3] == b"n":
                    self.xref_entries.append((first + i, int(row[2]), int(row[1]), pos))
                pos = row.end()

    # --- what is checked once the whole file has been read ------------------------------

    def resolve(self, item: object) -> object:
        return self.objects.get((item.number, item.generation)) if isinstance(item, Ref) \
            else item

    def conclude(self, complete: bool) -> None:
        """The checks that need the whole file; those about where things are only if it was
        read to its end (``complete``)."""
        data = self.data
        for stream in self.streams:
            length = self.resolve(stream.dictionary.get("Length"))
            if length != stream.real_length and not (
                    stream.ambiguous and length == stream.real_length + 1):
                self.flag("6.1.7.1-1", stream.offset, f"/Length {length} but "
                          f"{stream.real_length} bytes between stream and endstream")
            filters = self.resolve(stream.dictionary.get("Filter"))
            parms = self.resolve(stream.dictionary.get("DecodeParms"))
            filters = filters if isinstance(filters, list) else [filters]
            parms = parms if isinstance(parms, list) else [parms] * len(filters)
            for i, name in enumerate(filters):
                name = self.resolve(name)
                if name in ("LZWDecode", "LZW"):
                    self.flag("6.1.7.2-1", stream.offset, "an LZWDecode filter")
                elif name == "Crypt":
                    parm = self.resolve(parms[i]) if i < len(parms) else None
                    if not isinstance(parm, dict) or parm.get("Name") != "Identity":
                        self.flag("6.1.7.2-1", stream.offset, "a Crypt filter that is not "
                                  "Identity")
        if self.trailers:
            last = self.trailers[-1][1]
            ident = self.resolve(last.get("ID"))
            if not (isinstance(ident, list) and len(ident) == 2
                    and all(isinstance(self.resolve(i), bytes) and self.resolve(i)
                            for i in ident)):
                self.flag("6.1.3-1", self.trailers[-1][0], "the last trailer has no /ID of two "
                          "strings")
        for at, trailer in self.trailers:
            if "Encrypt" in trailer:
                self.flag("6.1.3-2", at, "a trailer has /Encrypt")
        eof = data.rfind(b"%%EOF")
        if eof < 0:
            self.flag("6.1.3-3", len(data), "no %%EOF")
        elif data[eof + 5:] not in (b"", *EOLS):
            self.flag("6.1.3-3", eof + 5, f"{len(data) - eof - 5} bytes after the last %%EOF")
        if not complete:
            return
        if not self.trailers and not self.startxrefs:
            self.flag("7.5.5", len(data), "no trailer")
        for number, generation, offset, at in self.xref_entries:
            if self.found_at.get(offset) != (number, generation):
                self.flag("7.5.4", at, f"the cross-reference entry of object {number} points "
                          f"at {offset}, where {number} {generation} obj does not begin")
        for at, target in self.startxrefs:
            if target not in self.xref_at and not isinstance(
                    self.objects.get(self.found_at.get(target, (-1, -1))), dict):
                self.flag("7.5.5", at, f"startxref {target} points at no cross-reference "
                          "section")


class _Keyword(str):
    """A bare keyword (true, false, null, or one out of place)."""


class _Unreadable(Exception):
    def __init__(self, offset: int, what: str) -> None:
        super().__init__(what)
        self.offset, self.what = offset, what


def broken_clauses(data: bytes) -> list[Broken]:
    """Every file-syntax rule of ISO 19005-3 6.1 (and the parts of ISO 32000-1 7.5 they
    assume) that ``data`` breaks, in the order of their offsets; [] when none."""
    reader = _Reader(data)
    try:
        reader.read()
    except _Unreadable as exc:
        reader.flag("7.5", exc.offset, f"the file cannot be read on: {exc.what}")
        reader.conclude(complete=False)
    else:
        reader.conclude(complete=True)
    return sorted(reader.broken, key=lambda b: (b.offset, b.clause))


def clauses(data: bytes) -> set[str]:
    """Only the clauses ``data`` breaks."""
    return {b.clause for b in broken_clauses(data)}
