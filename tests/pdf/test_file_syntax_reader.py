"""The tests' reader of PDF file syntax (helpers.pdfsyntax), tested on files made by hand:
each rule of ISO 19005-3 6.1 it checks is broken once, and kept in each of the ways the
standard allows, so that the reader is seen to tell the two sides apart. The expected
clauses and offsets come from the clauses' wording and the bytes written here."""

from __future__ import annotations

import pytest
from helpers.handmade import CONTENT, FILE_ID, assemble, obj, objects, stream, update
from helpers.pdfsyntax import broken_clauses, clauses


def test_a_well_written_file_breaks_nothing() -> None:
    assert broken_clauses(assemble()) == []


# --- 6.1.2 the header and the binary comment --------------------------------------------------

@pytest.mark.parametrize("header", [b"%PDF-1.7\n", b"%PDF-1.0\r\n", b"%PDF-1.4\r"])
def test_a_header_of_pdf_1_0_to_1_7_and_one_eol_is_allowed(header: bytes) -> None:
    assert clauses(assemble(header=header)) == set()


@pytest.mark.parametrize("header", [b"%PDF-1.8\n", b"%PDF-2.0\n", b" %PDF-1.7\n",
                                    b"%PDF-1.7 \n", b"%PDF-1.7"])
def test_another_header_breaks_6_1_2_1(header: bytes) -> None:
    found = broken_clauses(assemble(header=header))
    assert found and found[0].clause == "6.1.2-1" and found[0].offset == 0


@pytest.mark.parametrize("comment", [b"%\x80\x81\x82\x83\n", b"%\xe2\xe3\xcf\xd3 letter\n"])
def test_four_bytes_above_127_after_the_header_are_the_binary_comment(comment: bytes) -> None:
    assert clauses(assemble(comment=comment)) == set()


@pytest.mark.parametrize("comment", [b"%abcd\n", b"%\xe2\xe3\xcf\n", b"%\xe2\xe3\x7f\xd3\n",
                                     b"\n%\xe2\xe3\xcf\xd3\n"])
def test_a_missing_or_short_binary_comment_breaks_6_1_2_2(comment: bytes) -> None:
    found = broken_clauses(assemble(comment=comment))
    assert [(b.clause, b.offset) for b in found] == [("6.1.2-2", len(b"%PDF-1.7\n"))]


def test_bytes_above_127_that_are_no_comment_break_6_1_2_2_and_the_file() -> None:
    found = broken_clauses(assemble(comment=b"\xe2\xe3\xcf\xd3\n"))
    assert [(b.clause, b.offset) for b in found] == [("6.1.2-2", 9), ("7.5", 9)]


# --- 6.1.3 the trailer ----------------------------------------------------------------------

def test_a_trailer_without_an_id_breaks_6_1_3_1() -> None:
    data = assemble(trailer=b"")
    found = broken_clauses(data)
    assert [(b.clause, b.offset) for b in found] == [("6.1.3-1", data.rindex(b"trailer"))]


@pytest.mark.parametrize("ident", [b"[<00112233>]", b"[<> <>]", b"(x)"])
def test_an_id_that_is_not_two_strings_breaks_6_1_3_1(ident: bytes) -> None:
    assert clauses(assemble(trailer=b"/ID " + ident)) == {"6.1.3-1"}


def test_the_last_trailer_is_the_one_that_needs_the_id() -> None:
    base = assemble()
    kept = update(base, [obj(5, b"<< /Kept true >>")])
    lost = update(base, [obj(5, b"<< /Kept true >>")], trailer=b"")
    assert clauses(kept) == set()
    assert [(b.clause, b.offset) for b in broken_clauses(lost)] == [
        ("6.1.3-1", lost.rindex(b"trailer"))]


def test_an_encrypt_entry_breaks_6_1_3_2() -> None:
    data = assemble(trailer=b"/ID " + FILE_ID + b" /Encrypt 9 0 R")
    assert clauses(data) == {"6.1.3-2"}


@pytest.mark.parametrize("tail", [b"", b"\n", b"\r", b"\r\n"])
def test_one_eol_may_follow_the_last_eof(tail: bytes) -> None:
    assert clauses(assemble(tail=tail)) == set()


@pytest.mark.parametrize("tail", [b"\n\n", b" ", b"\r\n\r\n", b"\n%garbage\n"])
def test_anything_more_after_the_last_eof_breaks_6_1_3_3(tail: bytes) -> None:
    data = assemble(tail=tail)
    found = broken_clauses(data)
    assert [(b.clause, b.offset) for b in found] == [("6.1.3-3", len(data) - len(tail))]


# --- 6.1.4 the cross-reference table ----------------------------------------------------------

@pytest.mark.parametrize("xref", [b"xref\n", b"xref\r\n", b"xref\r"])
def test_xref_and_the_subsection_header_separated_by_one_eol(xref: bytes) -> None:
    assert clauses(assemble(xref=xref)) == set()


@pytest.mark.parametrize("xref", [b"xref \n", b"xref\n\n", b"xref\r\n\n", b"xref "])
def test_more_or_other_space_after_xref_breaks_6_1_4_2(xref: bytes) -> None:
    data = assemble(xref=xref)
    assert [(b.clause, b.offset) for b in broken_clauses(data)] == [
        ("6.1.4-2", data.index(b"xref") + 4)]


@pytest.mark.parametrize("separator", [b"  ", b"\t"])
def test_a_subsection_header_not_separated_by_one_space_breaks_6_1_4_1(separator: bytes
                                                                      ) -> None:
    data = assemble(separator=separator)
    start = data.index(b"xref") + len(b"xref\n")
    assert [(b.clause, b.offset) for b in broken_clauses(data)] == [("6.1.4-1", start)]


def test_an_entry_pointing_elsewhere_breaks_the_table() -> None:
    data = assemble(offsets={3: 1})
    found = broken_clauses(data)
    assert [b.clause for b in found] == ["7.5.4"] and "object 3" in found[0].what


def test_a_startxref_pointing_elsewhere_is_found() -> None:
    assert clauses(assemble(startxref=3)) == {"7.5.5"}


# --- 6.1.6 hexadecimal strings ----------------------------------------------------------------

@pytest.mark.parametrize("string", [b"<0A1b>", b"<0a 1B\n>", b"<>"])
def test_hexadecimal_strings_of_pairs_of_digits_are_allowed(string: bytes) -> None:
    parts = objects(page_extra=b" /Hex " + string)
    assert clauses(assemble(parts)) == set()


def test_an_odd_number_of_digits_breaks_6_1_6_1() -> None:
    data = assemble(objects(page_extra=b" /Hex <0A1>"))
    assert [(b.clause, b.offset) for b in broken_clauses(data)] == [
        ("6.1.6-1", data.index(b"<0A1>"))]


def test_a_character_that_is_no_hexadecimal_digit_breaks_6_1_6_2() -> None:
    data = assemble(objects(page_extra=b" /Hex <0G1B>"))
    assert [(b.clause, b.offset) for b in broken_clauses(data)] == [
        ("6.1.6-2", data.index(b"<0G1B>"))]


# --- 6.1.7 streams ----------------------------------------------------------------------------

def content(**changes: bytes) -> bytes:
    """The one-page file, its content stream (object 4) written with ``changes``."""
    parts = objects()
    parts[3] = stream(4, changes.pop("data", CONTENT), **changes)  # type: ignore[arg-type]
    return assemble(parts)


@pytest.mark.parametrize("after", [b"\n", b"\r\n"])
@pytest.mark.parametrize("before", [b"\n", b"\r\n", b"\r"])
def test_stream_and_endstream_with_the_eols_allowed(after: bytes, before: bytes) -> None:
    assert clauses(content(after_keyword=after, before_end=before)) == set()


@pytest.mark.parametrize("data", [b"", b"q\n", b"q\r", b"q\r\n", b"\n", b"\r"])
@pytest.mark.parametrize("marker", [b"\n", b"\r\n"])
def test_data_of_any_ending_then_an_eol_has_its_own_length(data: bytes, marker: bytes) -> None:
    """Data ending in CR, then LF: the CR LF may be read as the marker, or the LF alone."""
    assert clauses(content(data=data, before_end=marker)) == set()


@pytest.mark.parametrize("length", [b"3", b"4"])
def test_crlf_before_endstream_is_the_marker_or_an_lf_after_data(length: bytes) -> None:
    assert clauses(content(data=b"q\r\n", before_end=b"\r\n", length=length)) == set()


@pytest.mark.parametrize("length", [b"2", b"5"])
def test_crlf_before_endstream_leaves_no_other_length(length: bytes) -> None:
    assert clauses(content(data=b"q\r\n", before_end=b"\r\n", length=length)) == {
        "6.1.7.1-1"}


@pytest.mark.parametrize("after", [b"\r", b" \n", b""])
def test_stream_followed_by_other_than_crlf_or_lf_breaks_6_1_7_1_2(after: bytes) -> None:
    data = content(after_keyword=after)
    assert "6.1.7.1-2" in clauses(data)
    assert any(b.offset == data.index(b"stream") + 6 for b in broken_clauses(data))


def test_endstream_right_after_the_data_breaks_6_1_7_1_2_only() -> None:
    data = content(data=b"BT ET", before_end=b"")
    assert [(b.clause, b.offset) for b in broken_clauses(data)] == [
        ("6.1.7.1-2", data.index(b"endstream"))]


def test_data_ending_in_a_line_feed_with_no_eol_is_one_byte_short_of_its_length() -> None:
    """ReportLab's way before issue 20: the data's own last line feed is read as the EOL."""
    data = content(data=b"BT ET\n", before_end=b"")
    found = broken_clauses(data)
    assert [(b.clause, b.offset) for b in found] == [("6.1.7.1-1", data.index(b"4 0 obj"))]
    assert "/Length 6 but 5 bytes" in found[0].what


@pytest.mark.parametrize("length", [b"5", b"7", b"0"])
def test_a_length_other_than_the_data_breaks_6_1_7_1_1(length: bytes) -> None:
    data = content(data=b"BT ET\n", length=length)
    assert clauses(data) == {"6.1.7.1-1"}


def test_an_indirect_length_is_followed() -> None:
    right = objects()
    right[3] = stream(4, CONTENT, length=b"5 0 R")
    right.append(obj(5, b"%d" % len(CONTENT)))
    wrong = right[:4] + [obj(5, b"%d" % (len(CONTENT) + 1))]
    assert clauses(assemble(right)) == set()
    assert clauses(assemble(wrong)) == {"6.1.7.1-1"}


@pytest.mark.parametrize("key", [b"/F (x.bin)", b"/FFilter /FlateDecode",
                                 b"/FDecodeParms << >>"])
def test_an_external_stream_key_breaks_6_1_7_1_3(key: bytes) -> None:
    data = content(dictionary=key + b" ")
    assert [(b.clause, b.offset) for b in broken_clauses(data)] == [
        ("6.1.7.1-3", data.index(b"4 0 obj"))]


def test_a_filter_key_named_like_them_is_allowed() -> None:
    assert clauses(content(dictionary=b"/Filter /ASCIIHexDecode ", data=b"4142>")) == set()


@pytest.mark.parametrize(("dictionary", "broken"), [
    (b"/Filter /LZWDecode ", True),
    (b"/Filter [/ASCIIHexDecode /LZWDecode] ", True),
    (b"/Filter /Crypt ", True),
    (b"/Filter /Crypt /DecodeParms << /Name /Identity >> ", False),
    (b"/Filter /FlateDecode ", False),
])
def test_lzw_and_crypt_other_than_identity_break_6_1_7_2_1(dictionary: bytes, broken: bool
                                                           ) -> None:
    assert clauses(content(dictionary=dictionary)) == ({"6.1.7.2-1"} if broken else set())


# --- 6.1.9 indirect objects -------------------------------------------------------------------

def with_object_1(part: bytes) -> bytes:
    parts = objects()
    parts[0] = part
    return assemble(parts)


@pytest.mark.parametrize("part", [
    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>"),
    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>", head=b"1 0 obj\r\n", end=b"\r\nendobj\r\n"),
    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>", head=b"1\n0\nobj\r"),
])
def test_objects_spaced_as_6_1_9_asks(part: bytes) -> None:
    assert clauses(with_object_1(part)) == set()


@pytest.mark.parametrize(("head", "end"), [
    (b"1  0 obj\n", b"\nendobj\n"),
    (b"1 0  obj\n", b"\nendobj\n"),
    (b"1 0 obj ", b"\nendobj\n"),
    (b"1 0 obj", b"\nendobj\n"),
    (b"1 0 obj\n", b" endobj\n"),
    (b"1 0 obj\n", b"endobj\n"),
    (b"1 0 obj\n", b"\nendobj "),
])
def test_other_spacing_of_an_object_breaks_6_1_9_1(head: bytes, end: bytes) -> None:
    data = with_object_1(obj(1, b"<< /Type /Catalog /Pages 2 0 R >>", head=head, end=end))
    assert clauses(data) == {"6.1.9-1"}
    assert all(len(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") <= b.offset <= data.index(b"2 0 obj")
               for b in broken_clauses(data))


def test_an_object_that_does_not_begin_on_its_own_line_breaks_6_1_9_1() -> None:
    data = assemble(comment=b"%\xe2\xe3\xcf\xd3\n ")
    start = data.index(b"1 0 obj")
    assert [(b.clause, b.offset) for b in broken_clauses(data)] == [("6.1.9-1", start)]


# --- what cannot be read ----------------------------------------------------------------------

@pytest.mark.parametrize("cut", [100, 200, -40])
def test_a_cut_file_is_said_to_be_unreadable_not_passed(cut: int) -> None:
    assert clauses(assemble()[:cut]) - {"6.1.3-3"}


def test_every_finding_names_a_clause_of_the_reader() -> None:
    from helpers import pdfsyntax

    documented = set(__import__("re").findall(r"\n    (\d[\d.]*-?\d*) ", pdfsyntax.__doc__))
    data = assemble(header=b"%PDF-1.9\n", comment=b"%abcd\n", trailer=b"/Encrypt 1 0 R",
                    tail=b"\n%x", xref=b"xref \n", separator=b"  ")
    assert clauses(data) == {"6.1.2-1", "6.1.2-2", "6.1.3-1", "6.1.3-2", "6.1.3-3", "6.1.4-1",
                             "6.1.4-2"}
    assert clauses(data) <= documented
