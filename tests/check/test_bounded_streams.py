"""Issue 19, point 4: every stream PDFium would decode is first decoded here with a bound
(check/bounds.py). A few hundred kilobytes of a hostile PDF can inflate to gigabytes."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest
from helpers import REPO, SAMPLE
from helpers.cli import process

from letterpress.check import bounds
from letterpress.errors import ReadbackError


def deflated(size: int, byte: bytes = b" ") -> bytes:
    """``size`` bytes of ``byte`` deflated a mebibyte at a time (never all in memory)."""
    packer, out = zlib.compressobj(9), []
    piece = byte * min(size, 2**20)
    for start in range(0, size, len(piece)):
        out.append(packer.compress(piece[:size - start]))
    return b"".join(out) + packer.flush()


def with_stream(src: Path, dst: Path, raw: bytes, filters: list[str],
                extra: dict[str, object] | None = None, content: bool = True) -> Path:
    """The PDF ``src`` with a stream of ``raw`` bytes, stored as they are under ``filters``:
    added to page 1's content, or (``content`` False) only as an object of the file."""
    with pikepdf.open(src) as pdf:
        stream = pikepdf.Stream(pdf, b"")
        names = [pikepdf.Name(f) for f in filters]
        if names:  # raw is stored as encoded with these
            stream.write(raw, filter=names[0] if len(names) == 1 else pikepdf.Array(names))
        else:
            stream.write(raw)
        for key, value in (extra or {}).items():
            stream[key] = value
        if content:
            pdf.pages[0].contents_add(stream, prepend=False)
        else:
            pdf.Root.Extra = pdf.make_indirect(stream)
        # as written: qpdf would otherwise decode LZW and the like and deflate them again
        pdf.save(dst, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 compress_streams=False)
    return dst


def refusal(pdf: Path) -> str:
    with pytest.raises(ReadbackError) as caught:
        bounds.bounded(pdf.read_bytes(), pdf.name)
    return str(caught.value)


def test_the_sample_and_a_signed_letters_streams_are_within_bounds(sample_pdf: Path) -> None:
    bounds.bounded(sample_pdf.read_bytes(), "sample")  # ASCII85 then Flate, and Flate alone


def bare(dst: Path, raw: bytes, filters: list[str],
         extra: dict[str, object] | None = None) -> Path:
    """A one-page PDF holding only a stream of ``raw`` bytes under ``filters``."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(dst)
    return with_stream(dst, dst.with_name("with-" + dst.name), raw, filters, extra,
                       content=False)


def test_a_stream_at_the_bound_passes_and_one_byte_more_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "MAX_STREAM", 5000)
    monkeypatch.setattr(bounds, "_PIECE", 777)  # pieces that do not divide the bound
    at = bare(tmp_path / "at.pdf", deflated(5000), ["/FlateDecode"])
    bounds.bounded(at.read_bytes(), "at")
    over = bare(tmp_path / "over.pdf", deflated(5001), ["/FlateDecode"])
    assert "a stream that decodes to more than 0 MiB" in refusal(over)


def test_the_streams_together_are_bounded_too(sample_pdf: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with pikepdf.open(sample_pdf) as doc:  # qpdf decodes each stream whole: the oracle
        total = sum(len(o.read_bytes()) for o in doc.objects if isinstance(o, pikepdf.Stream))
    monkeypatch.setattr(bounds, "MAX_TOTAL", total)
    bounds.bounded(sample_pdf.read_bytes(), "sample")
    monkeypatch.setattr(bounds, "MAX_TOTAL", total - 1)
    assert refusal(sample_pdf).endswith("its streams decode to more than 0 MiB, more than any "
                                        "letter holds")


def test_a_filter_chain_is_bounded_at_each_step(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """ASCII85 over Flate, as ReportLab writes images: the inflated size is what counts."""
    import base64

    monkeypatch.setattr(bounds, "MAX_STREAM", 5000)
    chained = base64.a85encode(deflated(6000)) + b"~>"
    assert len(chained) < 5000
    pdf = bare(tmp_path / "chain.pdf", chained, ["/ASCII85Decode", "/FlateDecode"])
    assert "decodes to more than" in refusal(pdf)
    fits = bare(tmp_path / "fits.pdf", base64.a85encode(deflated(4000)) + b"~>",
                ["/ASCII85Decode", "/FlateDecode"])
    bounds.bounded(fits.read_bytes(), "fits")


@pytest.mark.parametrize("kind", ["/LZWDecode", "/RunLengthDecode", "/JBIG2Decode",
                                  "/CCITTFaxDecode", "/JPXDecode", "/MadeUpDecode"])
def test_a_filter_letterpress_never_writes_is_refused_unread(kind: str, sample_pdf: Path,
                                                            tmp_path: Path) -> None:
    pdf = with_stream(sample_pdf, tmp_path / "odd.pdf", b"\x80\x0b\x60\x50", [kind],
                      content=False)
    assert f"a stream encoded with {kind}, which letterpress does not write" in refusal(pdf)


def test_a_damaged_deflated_stream_is_refused(sample_pdf: Path, tmp_path: Path) -> None:
    pdf = with_stream(sample_pdf, tmp_path / "damaged.pdf", b"not deflated at all",
                      ["/FlateDecode"], content=False)
    assert "a damaged stream" in refusal(pdf)


@pytest.mark.parametrize(("width", "height", "refused"), [
    (5000, 5000, False), (5000, 5001, True), (65535, 400, True)])
def test_an_image_is_bounded_by_its_pixels(width: int, height: int, refused: bool,
                                           sample_pdf: Path, tmp_path: Path) -> None:
    """25 million pixels, the largest logo a letter may have, both as the image's dictionary
    says and as a JPEG's own header says (PDFium decodes by the header)."""
    image = {"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Image,
             "/BitsPerComponent": 8, "/ColorSpace": pikepdf.Name.DeviceGray}
    declared = with_stream(sample_pdf, tmp_path / "declared.pdf", deflated(10), ["/FlateDecode"],
                           {**image, "/Width": width, "/Height": height}, content=False)
    frame = (b"\xff\xc0\x00\x0b\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big")
             + b"\x01\x01\x11\x00")
    jpeg = b"\xff\xd8\xff\xe0\x00\x04ab" + frame + b"\xff\xda\x00\x02\x12\xff\x00\x34\xff\xd9"
    header = with_stream(sample_pdf, tmp_path / "header.pdf", jpeg, ["/DCTDecode"],
                         {**image, "/Width": 1, "/Height": 1}, content=False)
    for pdf in (declared, header):
        if refused:
            assert f"an image of {width} x {height} pixels, more than the 25 million" in \
                refusal(pdf)
        else:
            bounds.bounded(pdf.read_bytes(), pdf.name)


@pytest.mark.slow
@pytest.mark.parametrize("drawn", [True, False], ids=["page content", "an image's stream"])
def test_a_bomb_is_refused_by_check_in_little_memory(drawn: bool, sample_pdf: Path,
                                                     tmp_path: Path) -> None:
    """A stream that inflates to 1 GiB from about a megabyte of file: in the page's content
    (pypdf, reading the text layer, may stop first with its own bound) or in a stream only
    PDFium would decode."""
    extra = None if drawn else {"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Image,
                                "/Width": 5000, "/Height": 5000, "/BitsPerComponent": 8,
                                "/ColorSpace": pikepdf.Name.DeviceGray}
    bomb = with_stream(sample_pdf, tmp_path / "bomb.pdf", deflated(2**30), ["/FlateDecode"],
                       extra, content=drawn)
    assert bomb.stat().st_size < 3 * 2**20
    result = process(REPO, "check", str(SAMPLE), str(bomb))
    assert result.returncode == 2
    assert "more than any letter holds" in result.stderr
    if not drawn:
        assert "a stream that decodes to more than 128 MiB" in result.stderr
    # the same in a process whose memory is measured, with the one it starts: far below 1 GiB
    code = ("import resource; from letterpress.cli import main; "
            f"main(['check', {str(SAMPLE)!r}, {str(bomb)!r}]); "
            "print(max(resource.getrusage(who).ru_maxrss for who in "
            "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))")
    # started by a shell that forks it: a process exec'ed straight from this one (vfork)
    # would report this test runner's own peak as its maxrss (Linux keeps it across exec)
    done = subprocess.run(["/bin/sh", "-c", '"$0" "$@"; exit $?', sys.executable, "-c", code],
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(REPO / "src"), "PATH": ""})
    assert int(done.stdout.split()[-1]) * 1024 < 400 * 2**20, done.stderr
