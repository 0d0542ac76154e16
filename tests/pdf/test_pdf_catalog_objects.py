"""The document-level objects of a PDF/A-3b letter, read back with pikepdf and judged by the
standards that state them:

- ISO 19005-3 6.6.2.1: the XMP metadata stream (/Type /Metadata /Subtype /XML) is not
  filtered;
- 6.2.3: an output intent /GTS_PDFA1 with the sRGB profile (3 components);
- 6.8 and ISO 32000-2 14.13: each source file an associated file (/AF) with
  /AFRelationship /Source, /F and /UF its name, /EF pointing at one embedded stream, the
  EmbeddedFiles name tree's keys in sorted order (ISO 32000-1 7.9.6), PDF names with the
  characters outside the regular set written #xx (7.3.5);
- a plain PDF (no standard asked for) has none of them, but the same information.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest
from helpers import REPO, SAMPLE

from letterpress.fonts import FontSet
from letterpress.layout import lay_out
from letterpress.model import Letter
from letterpress.pdf import Attachment, RenderOptions, render_pdf

WHEN = datetime.datetime(2020, 10, 8, tzinfo=datetime.UTC)
FILES = (Attachment("letter.yaml", b"reference: x\n", "application/yaml"),
         Attachment("zeta/ü.png", b"\x89PNG fake", "image/png"),
         Attachment("Alpha/head.yaml", b"name: A\n", "application/yaml"),
         Attachment("notes.md", b"# n\n", "text/markdown"))


def _with_files(sample_letter: Letter, fonts: FontSet) -> pikepdf.Pdf:
    """The sample with FILES embedded, made inside each test (so that a mutation run maps
    the writer's code to the test that checks it)."""
    data = render_pdf(lay_out(sample_letter, fonts), fonts,
                      RenderOptions(WHEN, attachments=FILES, keywords="k"))
    return pikepdf.open(io.BytesIO(data))


def test_the_metadata_stream_is_unfiltered_xml(sample_letter: Letter, fonts: FontSet) -> None:
    with_files = _with_files(sample_letter, fonts)
    stream = with_files.Root.Metadata
    assert stream.Type == "/Metadata" and stream.Subtype == "/XML"
    assert "/Filter" not in stream
    raw = stream.read_raw_bytes()
    assert raw.startswith(b"<?xpacket begin=") and b"<pdf:Keywords>k</pdf:Keywords>" in raw


def test_the_output_intent_names_srgb(sample_letter: Letter, fonts: FontSet) -> None:
    with_files = _with_files(sample_letter, fonts)
    [intent] = with_files.Root.OutputIntents
    assert intent.Type == "/OutputIntent" and intent.S == "/GTS_PDFA1"
    assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
    assert str(intent.Info) == "sRGB IEC61966-2.1"
    profile = intent.DestOutputProfile
    assert profile.N == 3 and profile.Filter == "/FlateDecode"
    assert profile.read_bytes()[36:40] == b"acsp"  # an ICC profile's signature


def test_each_file_is_an_associated_source_described_in_order(sample_letter: Letter,
                                                              fonts: FontSet) -> None:
    with_files = _with_files(sample_letter, fonts)
    specs = list(with_files.Root.AF)
    assert [str(s.F) for s in specs] == [a.name for a in FILES]
    assert [str(s.UF) for s in specs] == [a.name for a in FILES]
    assert [str(s.Desc) for s in specs] == ["letter source"] + ["file read by the letter"] * 3
    for spec, attachment in zip(specs, FILES, strict=True):
        assert spec.Type == "/Filespec" and spec.AFRelationship == "/Source"
        stream = spec.EF.F
        assert spec.EF.UF.objgen == stream.objgen and stream.is_indirect
        assert stream.Type == "/EmbeddedFile" and stream.Filter == "/FlateDecode"
        assert stream.read_bytes() == attachment.data
        assert zlib.decompress(stream.read_raw_bytes()) == attachment.data
        assert set(stream.Params.keys()) == {"/Size", "/CheckSum"}
        assert int(stream.Params.Size) == len(attachment.data)
        assert bytes(stream.Params.CheckSum) == hashlib.md5(attachment.data).digest()
        assert str(stream.Subtype) == "/" + attachment.mime
        assert spec.is_indirect


def test_the_name_tree_is_sorted_and_holds_the_same_specs(sample_letter: Letter,
                                                              fonts: FontSet) -> None:
    with_files = _with_files(sample_letter, fonts)
    pairs = list(with_files.Root.Names.EmbeddedFiles.Names)
    keys, values = [str(k) for k in pairs[::2]], pairs[1::2]
    # byte order of the keys as PDF strings: PDFDocEncoding, or UTF-16BE with its mark
    # (0xFE 0xFF sorts after every ASCII name)
    assert keys == ["Alpha/head.yaml", "letter.yaml", "notes.md", "zeta/ü.png"]
    by_name = {str(s.F): s.objgen for s in with_files.Root.AF}
    assert [v.objgen for v in values] == [by_name[k] for k in keys]
    assert sorted(with_files.attachments) == sorted(a.name for a in FILES)


def test_a_name_that_pdfdocencoding_cannot_write_sorts_as_utf16(sample_letter: Letter,
                                                                fonts: FontSet) -> None:
    files = (Attachment("b.yaml", b"1", "application/yaml"),
             Attachment("ə.yaml", b"2", "application/yaml"),  # not in PDFDocEncoding
             Attachment("é.yaml", b"3", "application/yaml"),  # 0xE9 in PDFDocEncoding
             Attachment("€.yaml", b"5", "application/yaml"),  # 0xA0 in PDFDocEncoding
             Attachment("a.yaml", b"4", "application/yaml"))
    data = render_pdf(lay_out(sample_letter, fonts), fonts,
                      RenderOptions(WHEN, attachments=files))
    pdf = pikepdf.open(io.BytesIO(data))
    keys = [str(k) for k in list(pdf.Root.Names.EmbeddedFiles.Names)[::2]]
    # by the bytes written, not the characters' code points (€ is U+20AC, é U+00E9)
    assert keys == ["a.yaml", "b.yaml", "€.yaml", "é.yaml", "ə.yaml"]
    assert b"\xfe\xff" + "ə.yaml".encode("utf-16-be") > "é.yaml".encode("latin-1")


def test_no_files_means_no_af_and_no_name_tree(sample_letter: Letter, fonts: FontSet) -> None:
    data = render_pdf(lay_out(sample_letter, fonts), fonts, RenderOptions(WHEN))
    pdf = pikepdf.open(io.BytesIO(data))
    assert "/AF" not in pdf.Root and "/Names" not in pdf.Root
    assert "/OutputIntents" in pdf.Root and "/Metadata" in pdf.Root


def test_a_plain_pdf_has_the_information_but_no_pdfa_objects(sample_letter: Letter,
                                                             fonts: FontSet) -> None:
    letter = dataclasses.replace(sample_letter, title="T & t")
    data = render_pdf(lay_out(letter, fonts), fonts,
                      RenderOptions(WHEN, standard=None, attachments=FILES, keywords="kw"))
    pdf = pikepdf.open(io.BytesIO(data))
    for key in ("/Metadata", "/OutputIntents", "/AF", "/Names"):
        assert key not in pdf.Root
    info = pdf.docinfo
    assert (str(info.Title), str(info.Author), str(info.Keywords)) == (
        "T & t", letter.sender, "kw")
    assert str(info.Creator) == str(info.Producer) == "letterpress"
    assert str(info.CreationDate) == str(info.ModDate) == "D:20201008000000Z"


@pytest.mark.parametrize("mime, written", [
    ("application/yaml", b"/application#2Fyaml"),
    ("a b", b"/a#20b"),
    ("x(y)<z>[w]{v}%u#t", b"/x#28y#29#3Cz#3E#5Bw#5D#7Bv#7D#25u#23t"),
    ("\u0259", b"/#C9#99"),
    ("tab\there~", b"/tab#09here~"),
    ("!AZaz09~", b"/!AZaz09~"),
    ("X-Y", b"/X-Y"),
    ("del\x7f", b"/del#7F"),  # 0x7F is outside the regular characters 0x21 to 0x7E
])
def test_a_pdf_name_escapes_what_is_outside_its_regular_characters(
        mime: str, written: bytes, sample_letter: Letter, fonts: FontSet) -> None:
    """The MIME type of an embedded file is written as a PDF name (its /Subtype)."""
    files = (Attachment("f.bin", b"x", mime),)
    data = render_pdf(lay_out(sample_letter, fonts), fonts, RenderOptions(WHEN, attachments=files))
    assert b"/Subtype " + written + b"\n" in data or b"/Subtype " + written + b" " in data
    pdf = pikepdf.open(io.BytesIO(data))
    assert str(pdf.Root.AF[0].EF.F.Subtype) == "/" + mime


def test_the_checksum_is_written_as_a_hex_string(sample_letter: Letter, fonts: FontSet) -> None:
    data = render_pdf(lay_out(sample_letter, fonts), fonts,
                      RenderOptions(WHEN, attachments=FILES))
    for attachment in FILES:
        digest = hashlib.md5(attachment.data).hexdigest().encode("ascii")
        assert b"/CheckSum <" + digest + b">" in data


def test_the_checksum_is_made_where_md5_is_barred_for_security(
        sample_letter: Letter, fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """/CheckSum is a checksum, not security: it must still be made where MD5 is refused for
    security use (a FIPS-mode Python's hashlib.md5 raises unless usedforsecurity=False)."""
    real = hashlib.md5

    def fips_md5(data: bytes = b"", *, usedforsecurity: bool = True) -> object:
        if usedforsecurity:
            raise ValueError("[digital envelope routines] unsupported")
        return real(data, usedforsecurity=False)

    monkeypatch.setattr(hashlib, "md5", fips_md5)
    data = render_pdf(lay_out(sample_letter, fonts), fonts,
                      RenderOptions(WHEN, attachments=FILES[:1]))
    monkeypatch.undo()
    pdf = pikepdf.open(io.BytesIO(data))
    [spec] = pdf.Root.AF
    assert bytes(spec.EF.F.Params.CheckSum) == hashlib.md5(FILES[0].data).digest()


_WITHOUT_PROFILE = """
import pathlib, sys
from letterpress.errors import RenderError
from letterpress.pipeline import load, typeset
from letterpress.world import World
real = pathlib.Path.is_file
pathlib.Path.is_file = lambda self: self.name != "sRGB.icc" and real(self)
letter = load(pathlib.Path(sys.argv[1]), World()).letter
from letterpress.fonts import load_fonts
try:
    typeset(letter, load_fonts())
except RenderError as exc:
    print(exc)
"""


@pytest.mark.slow
def test_a_missing_colour_profile_is_an_error_naming_where_it_was_looked_for() -> None:
    """In a fresh process (the profile is read once per process) where no sRGB.icc exists."""
    done = subprocess.run([sys.executable, "-c", _WITHOUT_PROFILE, str(SAMPLE)],
                          capture_output=True, text=True, timeout=120, check=True)
    icc = REPO / "icc"
    installed = Path(sys.prefix) / "share" / "letterpress" / "icc"
    assert done.stdout.strip() == (f"the vendored icc/sRGB.icc was not found (looked in {icc} "
                                   f"and {installed})")
