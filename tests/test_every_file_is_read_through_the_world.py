"""Every file letterpress reads is a regular file under its kind's size limit (README, "every
file read"; docs/architecture.md, "The world is built at the edge"): not only letters and
their letterheads, but the signing key, the password file, trusted certificates, a PDF in
the archive and the members registry an import adds to. A pipe is refused at once instead of
hanging the command, a device or an oversized file is refused instead of filling memory."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from letterpress.corrections.members import link_to_registry
from letterpress.errors import LetterpressError, SigningError, SourceError
from letterpress.model import Letter
from letterpress.sign.letter import read_password, read_trusted
from letterpress.sign.signer import load_key
from letterpress.world import SIZE_LIMITS, World

# Each kind of file outside a letter, how letterpress reads it, and what it is called.
READERS: dict[str, Callable[[Path], object]] = {
    "key": lambda path: load_key(path, None, World()),
    "password": lambda path: read_password(path, World()),
    "certificate": lambda path: read_trusted([path], World()),
}


def not_a_file(tmp_path: Path, what: str, kind: str) -> Path:
    path = tmp_path / f"{kind}.file"
    if what == "pipe":
        os.mkfifo(path)
    elif what == "folder":
        path.mkdir()
    elif what == "device":
        return Path("/dev/zero")
    else:  # one byte over the limit of its kind, and none under it is refused for size
        with path.open("wb") as handle:
            handle.truncate(SIZE_LIMITS[kind] + 1)  # type: ignore[index]
    return path


@pytest.mark.parametrize("kind", sorted(READERS))
@pytest.mark.parametrize("what", ["pipe", "folder", "device", "too big"])
def test_a_key_password_or_certificate_that_is_not_a_regular_file_is_refused(
        tmp_path: Path, kind: str, what: str) -> None:
    path = not_a_file(tmp_path, what, kind)
    expected = {"pipe": "it is a pipe, not a file", "folder": "it is a folder, not a file",
                "device": "it is a device, not a file", "too big": "more than a"}[what]
    with pytest.raises(LetterpressError) as info:
        READERS[kind](path)
    assert str(info.value).startswith(f"{path}: cannot read")
    assert expected in str(info.value)


@pytest.mark.parametrize("kind", sorted(READERS))
def test_a_file_at_the_limit_is_read(tmp_path: Path, kind: str) -> None:
    """The other side of the limit: a file of exactly the limit gets past the size check
    (and is then judged for what it holds)."""
    path = tmp_path / "at-the-limit"
    path.write_bytes(b"x" * SIZE_LIMITS[kind])  # type: ignore[index]
    if kind == "key":
        with pytest.raises(SigningError, match="not a PKCS#12 key file"):
            READERS[kind](path)
    elif kind == "password":
        assert READERS[kind](path) == b"x" * SIZE_LIMITS["password"]
    else:
        assert READERS[kind](path) == (b"x" * SIZE_LIMITS["certificate"],)


def test_a_password_file_gives_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "password"
    path.write_bytes(b"correct horse\nsecond line\n")
    assert read_password(path, World()) == b"correct horse"
    path.write_bytes(b"")
    with pytest.raises(LetterpressError, match="the file is empty"):
        read_password(path, World())


def test_a_registry_that_is_a_pipe_is_refused_when_members_are_added(
        tmp_path: Path, sample_letter: Letter) -> None:
    registry = tmp_path / "members.yaml"
    os.mkfifo(registry)
    with pytest.raises(SourceError) as info:
        link_to_registry(sample_letter, tmp_path, registry, True, World())
    assert "it is a pipe, not a file" in info.value.format()
