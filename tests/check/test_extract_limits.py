"""extract's bounds and its reading of the agreed format (extract.py's docstring, README
"Safe."): an embedded file may be as large as the largest file a letter reads (16 MiB, a
letter or a logo) and no larger, compressed or not; a PDF carries at most 64 files; every
file is a /Source file; the MIME type is the stream's /Subtype; the producer names the
letterpress version. Both sides of each bound are tested."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLE, SOURCE_DIR
from helpers.embedded import build_with_sources, embed

from letterpress.check.extract import MAX_FILES, Sources, read_sources, read_sources_bytes
from letterpress.errors import ExtractError, NoSources

MIB = 2**20
HEAD = SOURCE_DIR / "letterheads/ogp.yaml"


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_sources(SAMPLE, tmp_path_factory.mktemp("limits") / "letter.pdf")


def with_second_file(letter: Path, dst: Path, data: bytes, compressed: bool) -> Path:
    """``dst``: ``letter`` whose second embedded file holds ``data`` (with its size and
    checksum), stored deflated or as it is."""
    with pikepdf.open(letter) as doc:
        stream = doc.Root.AF[1].EF.F
        if compressed:
            stream.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)
        else:
            stream.write(data)
        stream.Params.Size = len(data)
        stream.Params.CheckSum = pikepdf.String(hashlib.md5(data).digest())
        doc.save(dst, compress_streams=False)
    with pikepdf.open(dst) as doc:  # as asked: deflated, or stored without a filter
        assert ("/Filter" in doc.Root.AF[1].EF.F) == compressed
    return dst


@pytest.mark.slow
@pytest.mark.parametrize("compressed", [True, False], ids=["deflated", "stored"])
def test_a_file_of_16_mib_is_read_and_one_byte_more_is_refused(
        letter: Path, tmp_path: Path, compressed: bool) -> None:
    limit = b"\n" * (16 * MIB)
    pdf = with_second_file(letter, tmp_path / "limit.pdf", limit, compressed)
    assert len(read_sources(pdf).files[1].data) == 16 * MIB
    over = with_second_file(letter, tmp_path / "over.pdf", limit + b"\n", compressed)
    with pytest.raises(ExtractError, match=r"over\.pdf: embedded file letterheads/ogp\.yaml: "
                                           r"larger than 16 MiB"):
        read_sources(over)


def test_a_deflated_file_that_does_not_inflate_is_damaged(letter: Path,
                                                          tmp_path: Path) -> None:
    pdf = tmp_path / "bad.pdf"
    with pikepdf.open(letter) as doc:
        doc.Root.AF[1].EF.F.write(b"not deflated at all", filter=pikepdf.Name.FlateDecode)
        doc.save(pdf)
    with pytest.raises(ExtractError, match=r"bad\.pdf: embedded file letterheads/ogp\.yaml: "
                                           r"damaged \("):
        read_sources(pdf)


def test_a_file_with_decode_parameters_is_read_as_its_filters_say(letter: Path,
                                                                 tmp_path: Path) -> None:
    """A PNG predictor (ISO 32000-1 7.4.4.4): one row, its filter byte 0 (None) first."""
    data = HEAD.read_bytes()
    pdf = tmp_path / "parms.pdf"
    with pikepdf.open(letter) as doc:
        stream = doc.Root.AF[1].EF.F
        stream.write(zlib.compress(b"\0" + data), filter=pikepdf.Name.FlateDecode,
                     decode_parms=pikepdf.Dictionary(Predictor=12, Columns=len(data)))
        doc.save(pdf)
    assert read_sources(pdf).files[1].data == data


@pytest.mark.slow
def test_a_bomb_is_never_inflated_much_beyond_the_limit(letter: Path, tmp_path: Path) -> None:
    """64 MiB of zeros in 64 KiB: refused having inflated little more than 16 MiB."""
    import tracemalloc

    pdf = tmp_path / "bomb.pdf"
    with pikepdf.open(letter) as doc:
        doc.Root.AF[1].EF.F.write(zlib.compress(b"\0" * (64 * MIB), 9),
                                  filter=pikepdf.Name.FlateDecode)
        doc.save(pdf)
    data = pdf.read_bytes()
    tracemalloc.start()
    try:
        with pytest.raises(ExtractError, match="larger than 16 MiB"):
            read_sources_bytes(data, "bomb.pdf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * MIB


def many(count: int, tmp_path: Path, sample_pdf: Path) -> Path:
    extra = []
    for i in range(count - 1):
        extra.append(tmp_path / "files" / f"f{i:02}.txt")
        extra[-1].parent.mkdir(parents=True, exist_ok=True)
        extra[-1].write_text(f"file {i}\n", encoding="utf-8")
    tmp_path.mkdir(exist_ok=True)
    pdf = tmp_path / "many.pdf"
    pdf.write_bytes(sample_pdf.read_bytes())
    embed(pdf, [SAMPLE, *extra], [SAMPLE.name, *(f"files/{p.name}" for p in extra)])
    return pdf


def test_64_files_are_read_and_65_refused(tmp_path: Path, sample_pdf: Path) -> None:
    assert MAX_FILES == 64
    assert len(read_sources(many(64, tmp_path / "a", sample_pdf)).files) == 64
    with pytest.raises(ExtractError, match=r"many\.pdf: 65 embedded files; .* at most 64$"):
        read_sources(many(65, tmp_path / "b", sample_pdf))


def edited(letter: Path, dst: Path, edit: Callable[[pikepdf.Pdf], None]) -> Path:
    with pikepdf.open(letter) as doc:
        edit(doc)
        doc.save(dst)
    return dst


@pytest.mark.parametrize("relationship", ["/Data", "/Alternative", None])
def test_a_file_that_is_not_a_source_is_refused(letter: Path, tmp_path: Path,
                                                relationship: str | None) -> None:
    def edit(doc: pikepdf.Pdf) -> None:
        if relationship is None:
            del doc.Root.AF[1].AFRelationship
        else:
            doc.Root.AF[1].AFRelationship = pikepdf.Name(relationship)
    pdf = edited(letter, tmp_path / "data.pdf", edit)
    with pytest.raises(ExtractError, match=r"data\.pdf: embedded file 2 is not a /Source "
                                           r"file$"):
        read_sources(pdf)


def test_the_mime_type_is_the_streams_subtype(letter: Path, tmp_path: Path) -> None:
    def edit(doc: pikepdf.Pdf) -> None:
        doc.Root.AF[1].EF.F.Subtype = pikepdf.Name("/text/x-yaml")
        del doc.Root.AF[0].EF.F.Subtype
    sources = read_sources(edited(letter, tmp_path / "mime.pdf", edit))
    assert [f.mime for f in sources.files] == ["application/octet-stream", "text/x-yaml"]


def test_the_name_is_the_unicode_name_or_else_the_plain_one(letter: Path,
                                                            tmp_path: Path) -> None:
    def only_f(doc: pikepdf.Pdf) -> None:
        del doc.Root.AF[1].UF
    assert str(read_sources(edited(letter, tmp_path / "f.pdf", only_f)).files[1].path) == (
        "letterheads/ogp.yaml")

    def only_uf(doc: pikepdf.Pdf) -> None:
        del doc.Root.AF[1].F
    assert str(read_sources(edited(letter, tmp_path / "uf.pdf", only_uf)).files[1].path) == (
        "letterheads/ogp.yaml")

    def stream_under_uf(doc: pikepdf.Pdf) -> None:
        del doc.Root.AF[1].EF.F
    assert read_sources(edited(letter, tmp_path / "ef.pdf", stream_under_uf)).files[1].data == (
        HEAD.read_bytes())


@pytest.mark.parametrize(("producer", "version"), [
    ("letterpress 1.2.3", "1.2.3"), ("letterpress/0.9.1rc1 (reportlab)", "0.9.1rc1"),
    ("letterpress", ""), ("letterpress x", "")])
def test_the_version_is_read_from_the_producer(producer: str, version: str) -> None:
    assert Sources("x.pdf", (), producer).version == version


@pytest.mark.parametrize("producer", ["LibreOffice", "my letterpress 1.0", ""])
def test_a_pdf_another_program_made_has_no_sources(letter: Path, tmp_path: Path,
                                                   producer: str) -> None:
    def edit(doc: pikepdf.Pdf) -> None:
        if producer:
            doc.docinfo.Producer = producer
        else:
            del doc.trailer.Info
    pdf = edited(letter, tmp_path / "other.pdf", edit)
    named = repr(producer) if producer else "'not named'"
    with pytest.raises(NoSources, match=rf"other\.pdf: not a PDF made by letterpress \(its "
                                        rf"producer is {named}\)"):
        read_sources(pdf)


def test_a_header_past_1024_bytes_is_not_a_pdf(letter: Path) -> None:
    data = letter.read_bytes()
    with pytest.raises(ExtractError, match=r"^late\.pdf: not a PDF file$"):
        read_sources_bytes(b"\n" * 1020 + data, "late.pdf")
    assert read_sources_bytes(b"\n" * 1019 + data, "early.pdf").files


def test_a_file_without_any_name_is_refused(letter: Path, tmp_path: Path) -> None:
    def edit(doc: pikepdf.Pdf) -> None:
        del doc.Root.AF[1].UF
        del doc.Root.AF[1].F
    with pytest.raises(ExtractError, match=r"nameless\.pdf: embedded file '' refused: a name "
                                           r"with a drive, a backslash or a control character "
                                           r"could write outside the folder$"):
        read_sources(edited(letter, tmp_path / "nameless.pdf", edit))


@pytest.mark.parametrize(("name", "why"), [
    ("C:/evil.yaml", "a name with a drive, a backslash or a control character"),
    ("/tmp/evil.yaml", "an absolute path"),
    ("a/../evil.yaml", "a path with '..', '.' or an empty part"),
])
def test_a_name_that_could_leave_the_folder_is_refused_saying_why(
        letter: Path, tmp_path: Path, name: str, why: str) -> None:
    def edit(doc: pikepdf.Pdf) -> None:
        doc.Root.AF[1].UF = doc.Root.AF[1].F = pikepdf.String(name)
    with pytest.raises(ExtractError) as caught:
        read_sources(edited(letter, tmp_path / "hostile.pdf", edit))
    assert str(caught.value) == (f"{tmp_path / 'hostile.pdf'}: embedded file {name!r} refused: "
                                 f"{why} could write outside the folder")


def test_the_refusals_of_damaged_files_say_so(letter: Path, tmp_path: Path) -> None:
    def edit(doc: pikepdf.Pdf) -> None:
        doc.Root.AF[1].EF.F.Params.Size = 1
    pdf = edited(letter, tmp_path / "d.pdf", edit)
    with pytest.raises(ExtractError) as caught:
        read_sources(pdf)
    assert str(caught.value) == (f"{pdf}: embedded file letterheads/ogp.yaml: its bytes do not "
                                 "match its size or checksum (the PDF is damaged)")
    over = with_second_file(letter, tmp_path / "over.pdf", b"\n" * (16 * MIB + 1), True)
    with pytest.raises(ExtractError) as caught:
        read_sources(over)
    assert str(caught.value) == (f"{over}: embedded file letterheads/ogp.yaml: larger than "
                                 "16 MiB, more than any file a letter reads")
