"""Every embedded file is decoded with a byte bound, whatever its filters and parameters
(extract, `check PDF`, archive and verify all read sources through it): a few KiB of a
hostile PDF never inflate to gigabytes. The bound is the largest file a letter reads
(16 MiB); what letterpress cannot decode with a bound is refused unread."""

from __future__ import annotations

import tracemalloc
import zlib
from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLE
from helpers.embedded import build_with_sources

from letterpress.check.extract import read_sources_bytes
from letterpress.errors import ExtractError

MIB = 2**20


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_sources(SAMPLE, tmp_path_factory.mktemp("bound") / "letter.pdf")


def refused_within(pdf: bytes, words: str, peak_mib: int = 48) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ExtractError, match=words):
            read_sources_bytes(pdf, "bomb.pdf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < peak_mib * MIB


def second_file(letter: Path, tmp_path: Path, raw: bytes, **keys: object) -> bytes:
    pdf = tmp_path / "bomb.pdf"
    with pikepdf.open(letter) as doc:
        stream = doc.Root.AF[1].EF.F
        stream.write(raw, type_check=False)
        for key, value in keys.items():
            stream[f"/{key}"] = value
        doc.save(pdf, compress_streams=False)
    return pdf.read_bytes()


@pytest.mark.slow
def test_empty_decode_parameters_do_not_lift_the_bound(letter: Path, tmp_path: Path) -> None:
    data = second_file(letter, tmp_path, zlib.compress(b"\0" * (64 * MIB), 9),
                       Filter=pikepdf.Name.FlateDecode, DecodeParms=pikepdf.Dictionary())
    refused_within(data, "larger than 16 MiB")


@pytest.mark.slow
def test_a_predictor_does_not_lift_the_bound(letter: Path, tmp_path: Path) -> None:
    """Rows of 1,000 zero bytes under a PNG predictor: 64 MiB once undone."""
    rows = (b"\0" + b"\0" * 1000) * (64 * 1024)
    data = second_file(letter, tmp_path, zlib.compress(rows, 9),
                       Filter=pikepdf.Name.FlateDecode,
                       DecodeParms=pikepdf.Dictionary(Predictor=12, Columns=1000))
    refused_within(data, "larger than 16 MiB", peak_mib=80)


@pytest.mark.parametrize("name", ["/ASCIIHexDecode", "/LZWDecode", "/RunLengthDecode"])
def test_a_filter_letterpress_does_not_write_is_refused_unread(
        letter: Path, tmp_path: Path, name: str) -> None:
    data = second_file(letter, tmp_path, b"00>", Filter=pikepdf.Name(name))
    with pytest.raises(ExtractError, match=rf"encoded with {name}, which letterpress does "
                                           "not write"):
        read_sources_bytes(data, "other.pdf")
