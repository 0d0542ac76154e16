"""What extract reads and how it refuses (check/extract.py), at the edges of the format: an
embedded file's stream under /F or /UF alone is read; a form without fields has no signers;
a file of the largest size a letter reads comes out whole whatever its predictor, and one
whose inflated bytes reach the bound is refused for its size before its parameters are used;
each refusal names the PDF, the file and what was wrong; a producer is taken from the first
revision only when that revision opens as it is, never repaired."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import socket
import tracemalloc
import zlib
from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLE
from helpers.embedded import build_with_sources

from letterpress.check.extract import read_sources, read_sources_bytes, write_sources
from letterpress.errors import ExtractError, NoSources

MIB = 2**20


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_sources(SAMPLE, tmp_path_factory.mktemp("forms") / "letter.pdf")


def changed(letter: Path, tmp_path: Path, change: object) -> bytes:
    pdf = tmp_path / "changed.pdf"
    with pikepdf.open(letter) as doc:
        change(doc)  # type: ignore[operator]
        doc.save(pdf, compress_streams=False)
    return pdf.read_bytes()


def second_stream(letter: Path, tmp_path: Path, raw: bytes, plain: bytes,
                  **keys: object) -> bytes:
    """The letter with its second file's stream replaced: ``raw`` as stored, ``plain`` the
    bytes it decodes to (its /Params say their size and MD5)."""
    def change(doc: pikepdf.Pdf) -> None:
        stream = doc.Root.AF[1].EF.F
        stream.write(raw, type_check=False)
        for key, value in keys.items():
            stream[f"/{key}"] = value
        stream.Params = pikepdf.Dictionary(
            Size=len(plain), CheckSum=pikepdf.String(hashlib.md5(plain).digest()))
    return changed(letter, tmp_path, change)


@pytest.mark.parametrize("kept", ["/F", "/UF"])
def test_a_files_stream_under_either_key_alone_is_read(letter: Path, tmp_path: Path,
                                                        kept: str) -> None:
    def change(doc: pikepdf.Pdf) -> None:
        for spec in doc.Root.AF:
            stream = spec.EF[kept]
            spec.EF = pikepdf.Dictionary({kept: stream})

    want = read_sources(letter)
    got = read_sources_bytes(changed(letter, tmp_path, change), "letter.pdf")
    assert [(f.path, f.data) for f in got.files] == [(f.path, f.data) for f in want.files]


def test_a_form_without_fields_has_no_signers(letter: Path, tmp_path: Path) -> None:
    def change(doc: pikepdf.Pdf) -> None:
        doc.Root.AcroForm = pikepdf.Dictionary(SigFlags=3)

    sources = read_sources_bytes(changed(letter, tmp_path, change), "letter.pdf")
    assert sources.signers == ()
    assert sources.letter.path == read_sources(letter).letter.path


@pytest.mark.slow
def test_a_file_of_the_largest_size_comes_out_whole_under_a_predictor(
        letter: Path, tmp_path: Path) -> None:
    """16 MiB, the largest file a letter reads, in rows of one byte under a PNG predictor:
    twice that inflated, once undone exactly the limit."""
    plain = bytes(range(256)) * (16 * MIB // 256)
    rows = bytearray(2 * len(plain))  # each row: predictor 0 (none), then its byte
    rows[1::2] = plain
    data = second_stream(letter, tmp_path, zlib.compress(bytes(rows), 1), plain,
                         Filter=pikepdf.Name.FlateDecode,
                         DecodeParms=pikepdf.Dictionary(Predictor=12, Columns=1))
    assert read_sources_bytes(data, "letter.pdf").files[1].data == plain


@pytest.mark.slow
def test_a_file_whose_inflated_bytes_reach_the_bound_is_refused_for_its_size(
        letter: Path, tmp_path: Path) -> None:
    """Twice the limit and two bytes inflated is more than any predictor brings down to
    16 MiB: refused as larger, before parameters that could not even be applied are used."""
    inflated = b"\0" * (2 * 16 * MIB + 2)
    data = second_stream(letter, tmp_path, zlib.compress(inflated, 9), inflated,
                         Filter=pikepdf.Name.FlateDecode,
                         DecodeParms=pikepdf.Dictionary(Predictor=12, Columns=-1))
    with pytest.raises(ExtractError, match="larger than 16 MiB"):
        read_sources_bytes(data, "bomb.pdf")


def test_a_predictor_that_cannot_be_applied_is_refused_naming_the_file(
        letter: Path, tmp_path: Path) -> None:
    plain = b"abc\n"
    data = second_stream(letter, tmp_path, zlib.compress(b"\0" + plain), plain,
                         Filter=pikepdf.Name.FlateDecode,
                         DecodeParms=pikepdf.Dictionary(Predictor=12, Columns=-1))
    with pytest.raises(ExtractError) as refused:
        read_sources_bytes(data, "bomb.pdf")
    assert str(refused.value).startswith("bomb.pdf: embedded file letterheads/ogp.yaml: "
                                         "damaged (")


def test_a_filter_refused_unread_is_named_with_its_parameters(letter: Path,
                                                               tmp_path: Path) -> None:
    data = second_stream(letter, tmp_path, b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", b"",
                         Filter=pikepdf.Name.LZWDecode,
                         DecodeParms=pikepdf.Dictionary(EarlyChange=0))
    with pytest.raises(ExtractError) as refused:
        read_sources_bytes(data, "other.pdf")
    message = str(refused.value)
    assert message.startswith("other.pdf: embedded file letterheads/ogp.yaml: encoded with "
                              "/LZWDecode ")
    assert re.search(r"EarlyChange.*, which letterpress does not write$", message, re.S)


def test_an_existing_file_that_cannot_be_read_is_named_with_why(letter: Path,
                                                                tmp_path: Path) -> None:
    """A socket where the letter's source would go: there, not a folder, and unreadable."""
    sources = read_sources(letter)
    target = tmp_path / str(sources.letter.path)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(target))
        with pytest.raises(ExtractError) as refused:
            write_sources(sources, tmp_path)
    assert str(refused.value) == (f"{target}: cannot read the file "
                                  f"({os.strerror(errno.ENXIO)})")


def signed_by_another(letter: Path, *, first_startxref_off: bool) -> bytes:
    """The letter with an update appended that names another producer, as signing does
    (ISO 32000-1 7.5.6); with ``first_startxref_off`` the first revision's own startxref
    points one byte wrong, so that revision alone opens only if repaired (the update's /Prev
    still finds its cross-reference table)."""
    data = letter.read_bytes()
    xref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+ R)", data)[-1]
    if first_startxref_off:
        data = data.replace(b"startxref\n%d\n" % xref, b"startxref\n%d\n" % (xref + 1))
    info = b"%d 0 obj\n<< /Producer (Other Signer 1.0) >>\nendobj\n" % size
    at = len(data)
    update = info + b"xref\n%d 1\n%010d 00000 n \ntrailer\n" % (size, at)
    update += b"<< /Size %d /Root %s /Info %d 0 R /Prev %d >>\n" % (size + 1, root, size, xref)
    return data + update + b"startxref\n%d\n%%%%EOF\n" % (at + len(info))


def test_a_letter_updated_by_another_producer_is_read_by_its_first_revision(
        letter: Path) -> None:
    sources = read_sources_bytes(signed_by_another(letter, first_startxref_off=False),
                                 "signed.pdf")
    assert sources.producer.startswith("letterpress")


def test_a_first_revision_that_opens_only_if_repaired_is_not_read(letter: Path) -> None:
    data = signed_by_another(letter, first_startxref_off=True)
    with pytest.raises(NoSources) as refused:
        read_sources_bytes(data, "signed.pdf")
    assert str(refused.value) == ("signed.pdf: not a PDF made by letterpress (its producer "
                                  "is 'Other Signer 1.0')")


def test_a_damaged_object_is_refused_saying_what_is_wrong(letter: Path, tmp_path: Path) -> None:
    """/Params /Size must be a number: the refusal says the object is not one."""
    def change(doc: pikepdf.Pdf) -> None:
        doc.Root.AF[1].EF.F.Params.Size = pikepdf.Name("/large")

    with pytest.raises(ExtractError) as refused:
        read_sources_bytes(changed(letter, tmp_path, change), "odd.pdf")
    assert re.fullmatch(r"odd\.pdf: damaged PDF \([^()]*numeric[^()]*\)", str(refused.value))


@pytest.mark.slow
def test_a_predictor_of_1_keeps_the_bound_at_the_limit(letter: Path, tmp_path: Path) -> None:
    """Predictor 1 is no predictor (ISO 32000-1, table 8): a bomb under it is refused having
    inflated no more than the 16 MiB limit, not the twice as much a real predictor needs."""
    bomb = b"\0" * (64 * MIB)
    data = second_stream(letter, tmp_path, zlib.compress(bomb, 9), bomb,
                         Filter=pikepdf.Name.FlateDecode,
                         DecodeParms=pikepdf.Dictionary(Predictor=1))
    tracemalloc.start()
    try:
        with pytest.raises(ExtractError, match="larger than 16 MiB"):
            read_sources_bytes(data, "bomb.pdf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 48 * MIB  # as with no parameters at all; a real predictor needs 80


def test_a_predictor_named_alone_is_applied_with_its_default_columns(letter: Path,
                                                                     tmp_path: Path) -> None:
    """/Predictor 12 without /Columns: rows of one byte (ISO 32000-1, table 8)."""
    plain = b"reference: 05/20\n"
    rows = b"".join(b"\0" + plain[i:i + 1] for i in range(len(plain)))
    data = second_stream(letter, tmp_path, zlib.compress(rows), plain,
                         Filter=pikepdf.Name.FlateDecode,
                         DecodeParms=pikepdf.Dictionary(Predictor=12))
    assert read_sources_bytes(data, "letter.pdf").files[1].data == plain


def test_decode_parameters_that_are_not_a_dictionary_are_refused(letter: Path,
                                                                 tmp_path: Path) -> None:
    plain = b"abc\n"
    data = second_stream(letter, tmp_path, zlib.compress(plain), plain,
                         Filter=pikepdf.Name.FlateDecode, DecodeParms=5)
    with pytest.raises(ExtractError, match=r"^bomb\.pdf: embedded file letterheads/ogp\.yaml: "
                                           r"damaged \("):
        read_sources_bytes(data, "bomb.pdf")
