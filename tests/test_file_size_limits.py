"""Every file a build reads is a regular file under the limit of its kind (README, "Safe"):
16 MiB for a letter, 1 MiB for a letterhead, 16 MiB for a logo, 256 MiB for a PDF to check.
A file of exactly the limit is read; one byte more is refused, before it is read. The files
are sparse: a hole of the stated size costs no disk.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import stat
import threading
from pathlib import Path
from typing import cast

import pytest
from helpers import SAMPLE, SOURCE_DIR

from letterpress.errors import SourceError
from letterpress.fonts import FontSet
from letterpress.pipeline import load
from letterpress.world import Unreadable, World, read_file

MIB = 1024 * 1024
STATED = {"letter": 16 * MIB, "letterhead": 1 * MIB, "logo": 16 * MIB, "pdf": 256 * MIB}
WHAT = {"letter": "a letter", "letterhead": "a letterhead", "logo": "a logo", "pdf": "a PDF"}


def _sparse(path: Path, size: int, head: bytes = b"") -> Path:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


@pytest.mark.parametrize("kind", ["letter", "letterhead", "logo"])
def test_a_file_of_exactly_the_limit_is_read_whole(kind: str, tmp_path: Path) -> None:
    path = _sparse(tmp_path / "f", STATED[kind], b"head")
    data = read_file(path, kind)  # type: ignore[arg-type]
    assert len(data) == STATED[kind] and data.startswith(b"head")


@pytest.mark.slow
def test_a_pdf_of_exactly_256_mib_is_read_whole(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "f.pdf", 256 * MIB, b"%PDF-1.7")
    data = read_file(path, "pdf")
    assert len(data) == 256 * MIB and data.startswith(b"%PDF-1.7")


@pytest.mark.parametrize("kind", STATED)
def test_one_byte_over_the_limit_is_refused(kind: str, tmp_path: Path) -> None:
    path = _sparse(tmp_path / "f", STATED[kind] + 1)
    with pytest.raises(Unreadable) as raised:
        read_file(path, kind)  # type: ignore[arg-type]
    limit = f"{STATED[kind] // MIB}.0 MiB"
    assert raised.value.reason == (f"the file is {limit}, more than {WHAT[kind]} may be "
                                   f"({limit})")
    assert raised.value.hint == ""


@pytest.mark.parametrize("kind, other", [("letterhead", "letter"), ("letter", "pdf"),
                                         ("logo", "pdf")])
def test_each_kind_has_its_own_limit(kind: str, other: str, tmp_path: Path) -> None:
    """A file over one kind's limit may be within a larger kind's."""
    path = _sparse(tmp_path / "f", STATED[kind] + 1)
    with pytest.raises(Unreadable):
        read_file(path, kind)  # type: ignore[arg-type]
    assert len(read_file(path, other)) == STATED[kind] + 1  # type: ignore[arg-type]


def test_a_file_that_grows_while_it_is_read_is_refused(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked on the open file, then bounded while reading: a file that grew after its
    size was taken (here: whose size the check saw smaller) is refused, not read whole."""
    path = _sparse(tmp_path / "f", STATED["letterhead"] + 1)
    real = os.fstat

    def stale(fd: int) -> os.stat_result:
        info = real(fd)
        fields = list(info)
        fields[6] = 10  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", stale)
    with pytest.raises(Unreadable) as raised:
        read_file(path, "letterhead")
    assert raised.value.reason == "the file is more than a letterhead may be (1.0 MiB)"
    monkeypatch.setattr(os, "fstat", real)
    _sparse(path, STATED["letterhead"])
    assert len(read_file(path, "letterhead")) == STATED["letterhead"]


def test_small_files_and_empty_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "e").write_bytes(b"")
    assert read_file(tmp_path / "e", "letter") == b""
    (tmp_path / "s").write_bytes(b"letterhead: x\n")
    assert read_file(tmp_path / "s", "letterhead") == b"letterhead: x\n"


@pytest.mark.parametrize("kind, hint", [("letter", "give the path of a letter file"),
                                        ("logo", "give the path of a logo file"),
                                        ("pdf", "give the path of a PDF file")])
def test_what_is_not_a_file_is_named_with_a_hint(kind: str, hint: str, tmp_path: Path) -> None:
    with pytest.raises(Unreadable) as raised:
        read_file(tmp_path, kind)  # type: ignore[arg-type]
    assert raised.value.reason == "it is a folder, not a file"
    server = socket.socket(socket.AF_UNIX)
    where = tmp_path / "s.sock"
    try:
        server.bind(str(where))
        with pytest.raises(Unreadable) as raised:
            read_file(where, kind)  # type: ignore[arg-type]
    finally:
        server.close()
    # a socket cannot even be opened as a file; either way it is never read
    assert raised.value.reason in ("it is a socket, not a file", "no such device or address")


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_refused_before_it_is_read(device: str) -> None:
    with pytest.raises(Unreadable) as raised:
        read_file(Path(device), "letterhead")
    assert raised.value.reason == "it is a device, not a file"
    assert raised.value.hint == "give the path of a letterhead file"


def test_a_missing_or_forbidden_file_says_why(tmp_path: Path) -> None:
    with pytest.raises(Unreadable) as raised:
        read_file(tmp_path / "missing.yaml", "letter")
    assert (raised.value.reason, raised.value.hint) == ("no such file", "")
    if os.geteuid() != 0:  # root reads every file
        locked = tmp_path / "locked.yaml"
        locked.write_bytes(b"x")
        locked.chmod(0)
        with pytest.raises(Unreadable) as raised:
            read_file(locked, "letter")
        assert raised.value.reason == "permission denied"


def test_a_logo_over_its_limit_is_a_located_error(tmp_path: Path) -> None:
    """Through the build's own door: the letterhead's logo is read as a logo (16 MiB)."""
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    head = tmp_path / "source/letterheads/ogp.yaml"
    text = head.read_text(encoding="utf-8")
    head.write_text(text + "logo: logo.png\n", encoding="utf-8")
    _sparse(head.parent / "logo.png", STATED["logo"] + 1, b"\x89PNG")
    with pytest.raises(SourceError) as raised:
        load(tmp_path / "source" / SAMPLE.name, World())
    [d] = raised.value.diagnostics
    assert d.file == str(head) and d.line == len(text.splitlines()) + 1
    assert d.message.endswith("the file is 16.0 MiB, more than a logo may be (16.0 MiB)")


def test_a_pipe_nobody_writes_to_is_refused_at_once(tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer unless opened without blocking: the
    read must come back by itself (if it does not, the test opens the other end to free
    it, then fails)."""
    fifo = tmp_path / "letter.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(read_file(fifo, "letter"))
        except BaseException as exc:  # noqa: BLE001  # handed to the test's thread
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(2.0)
    if reader.is_alive():
        with open(fifo, "wb"):  # a writer: the blocked open returns, the read ends
            pass
        reader.join(5.0)
        pytest.fail("reading a pipe waited for a writer")
    [result] = outcome
    assert isinstance(result, Unreadable) and result.reason == "it is a pipe, not a file"
    assert result.hint == "give the path of a letter file"


@pytest.mark.parametrize("mode, named", [
    (stat.S_IFBLK | 0o600, "it is a device, not a file"),
    (stat.S_IFCHR | 0o600, "it is a device, not a file"),
    (stat.S_IFSOCK | 0o600, "it is a socket, not a file"),
    (stat.S_IFIFO | 0o600, "it is a pipe, not a file"),
    (stat.S_IFDIR | 0o700, "it is a folder, not a file"),
    (0o160000 | 0o600, "it is not a regular file, not a file"),  # no type Python knows
])
def test_every_kind_of_non_file_is_named(mode: int, named: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """What the open file turns out to be, as fstat says (a block device or socket cannot
    be made here, so fstat is told to say so)."""
    path = _sparse(tmp_path / "f", 10)
    real = os.fstat

    def seen_as(fd: int) -> os.stat_result:
        fields = list(real(fd))
        fields[0] = mode
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", seen_as)
    with pytest.raises(Unreadable) as raised:
        read_file(path, "logo")
    assert raised.value.reason == named


def test_an_unreadable_file_is_an_exception_that_says_why(tmp_path: Path) -> None:
    with pytest.raises(Unreadable) as raised:
        read_file(tmp_path / "missing.yaml", "letter")
    assert str(raised.value) == "no such file"


@pytest.mark.parametrize("error, reason", [
    (IsADirectoryError(21, "Is a directory"), "it is a folder, not a file"),
    (PermissionError(13, "Permission denied"), "permission denied"),
    (OSError("the disk went away"), "the disk went away"),  # no strerror: the message
])
def test_an_error_opening_the_file_is_said_in_plain_words(
        error: OSError, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sparse(tmp_path / "f", 10)

    def refuse(*args: object, **kwargs: object) -> int:
        raise error

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(Unreadable) as raised:
        read_file(path, "letter")
    assert raised.value.reason == reason


def test_a_world_uses_the_fonts_it_is_given(fonts: FontSet) -> None:
    assert World(fonts).fonts is fonts
    other = cast(FontSet, object())  # not the fonts load_fonts() would give
    assert World(other).fonts is other


def test_an_error_after_opening_is_said_in_plain_words(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sparse(tmp_path / "f", 10)
    real, ours = os.fstat, path.stat().st_ino

    def broken(fd: int) -> os.stat_result:
        info = real(fd)
        if info.st_ino == ours:
            raise OSError(5, "Input/output error")
        return info

    monkeypatch.setattr(os, "fstat", broken)
    with pytest.raises(Unreadable) as raised:
        read_file(path, "letter")
    assert raised.value.reason == "input/output error"


def test_a_file_that_grew_is_read_no_further_than_its_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory is bounded by the limit, not by the file: a file that grew to 4 MiB after its
    size was taken is read only as far as needed to know it is over 1 MiB."""
    path = _sparse(tmp_path / "f", 4 * MIB)
    real_fstat, real_fdopen = os.fstat, os.fdopen
    taken: list[int] = []

    def stale(fd: int) -> os.stat_result:
        fields = list(real_fstat(fd))
        fields[6] = 10
        return os.stat_result(fields)

    class Counted:
        def __init__(self, handle: io.BufferedReader) -> None:
            self.handle = handle

        def __enter__(self) -> Counted:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def read(self, size: int | None = -1) -> bytes:
            data = self.handle.read(size)
            taken.append(len(data))
            return data

    monkeypatch.setattr(os, "fstat", stale)
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Counted(real_fdopen(*a, **k)))
    with pytest.raises(Unreadable, match="more than a letterhead may be"):
        read_file(path, "letterhead")
    assert sum(taken) == MIB + 1  # one byte past the limit says it is over
