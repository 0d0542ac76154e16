"""extract refuses an embedded file whose bytes disagree with what its file specification says
of them (the agreed format: /Params /Size is its length, /Params /CheckSum the MD5 of its
bytes): either one disagreeing is enough, since either means the PDF is damaged or edited.
A file that agrees with both, or says neither (as other tools write it), is read as it is."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLE
from helpers.embedded import build_with_sources

from letterpress.check.extract import read_sources
from letterpress.errors import ExtractError

HEAD = SAMPLE.parent / "letterheads/ogp.yaml"


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_sources(SAMPLE, tmp_path_factory.mktemp("extract") / "letter.pdf")


def edited(letter: Path, dst: Path, edit: Callable[[pikepdf.Stream], None]) -> Path:
    """``dst``: ``letter`` with ``edit`` applied to the stream of its second file (the
    letterhead)."""
    with pikepdf.open(letter) as doc:
        edit(doc.Root.AF[1].EF.F)
        doc.save(dst)
    return dst


def same_length_other_bytes(stream: pikepdf.Stream) -> None:
    data = bytearray(stream.read_bytes())
    data[0] ^= 0x20  # the first letter's case: the size stays, the checksum does not
    stream.write(bytes(data))


def size_off_by_one(stream: pikepdf.Stream) -> None:
    stream.Params.Size = int(stream.Params.Size) + 1


def checksum_of_other_bytes(stream: pikepdf.Stream) -> None:
    stream.Params.CheckSum = pikepdf.String(hashlib.md5(b"other bytes").digest())


@pytest.mark.parametrize("edit", [same_length_other_bytes, size_off_by_one,
                                  checksum_of_other_bytes], ids=lambda f: f.__name__)
def test_a_file_whose_size_or_checksum_disagrees_is_refused(letter: Path, tmp_path: Path,
                                                            edit: Callable[..., None]) -> None:
    pdf = edited(letter, tmp_path / "damaged.pdf", edit)
    with pytest.raises(ExtractError, match=r"^.*damaged\.pdf: embedded file "
                                           r"letterheads/ogp\.yaml: its bytes do not match"):
        read_sources(pdf)


def test_the_files_as_built_are_read_with_their_exact_bytes(letter: Path) -> None:
    sources = read_sources(letter)
    assert sources.files[1].data == HEAD.read_bytes()


def without_params(stream: pikepdf.Stream) -> None:
    del stream.Params


def without_size(stream: pikepdf.Stream) -> None:
    del stream.Params.Size


def without_checksum(stream: pikepdf.Stream) -> None:
    del stream.Params.CheckSum


@pytest.mark.parametrize("edit", [without_params, without_size, without_checksum],
                         ids=lambda f: f.__name__)
def test_a_file_that_does_not_say_its_size_or_checksum_is_read(
        letter: Path, tmp_path: Path, edit: Callable[..., None]) -> None:
    sources = read_sources(edited(letter, tmp_path / "plain.pdf", edit))
    assert sources.files[1].data == HEAD.read_bytes()
