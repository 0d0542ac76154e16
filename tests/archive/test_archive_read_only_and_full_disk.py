"""An archive on a read-only copy (a burned disc, a read-only mount) is listed, searched and
verified without its write lock, which cannot be taken there; filing on a full disk exits 3
(an output could not be written), not 2 (bad input).

The tests run as root, for whom a folder without write permission is still writable: the
read-only copy and the full disk are made for real, in a mount namespace of the test's own
(``unshare``: a read-only bind mount, a tmpfs too small for a letter), and skipped where the
machine does not allow one."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, SOURCE_DIR
from helpers.embedded import build_with_sources

from letterpress.archive import file_letter, prepare, require
from letterpress.cli import main
from letterpress.fonts import FontSet
from letterpress.world import World

NAME = "2026-11-20-assembly-invitation-en"
BAG = "2026/2026-11-20_41-26_en_r1"


def namespaces() -> bool:
    try:
        done = subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


needs_namespaces = pytest.mark.skipif(not namespaces(), reason="no mount namespace here "
                                      "(unshare -rm): a read-only copy cannot be made as root")


def in_namespace(mount: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m letterpress ARGS`` after the shell command ``mount``, in a mount namespace
    of its own (the mounts vanish with it)."""
    command = f"{mount} && exec {shlex.join([sys.executable, '-m', 'letterpress', *args])}"
    environ = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(["unshare", "-rm", "sh", "-c", command], capture_output=True,
                          text=True, env=environ, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def letter_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letter")
    return build_with_sources(SOURCE_DIR / f"{NAME}.yaml", folder / f"{NAME}.pdf")


@pytest.fixture(scope="module")
def filed(tmp_path_factory: pytest.TempPathFactory, letter_pdf: Path, fonts: FontSet) -> Path:
    root = tmp_path_factory.mktemp("filed") / "archive"
    require(root, create=True)
    assert file_letter(root, prepare(letter_pdf, World(fonts)), World(fonts)).new
    return root


@pytest.fixture
def archive(tmp_path: Path, filed: Path) -> Path:
    return Path(shutil.copytree(filed, tmp_path / "archive"))


def read_only(root: Path) -> str:
    quoted = shlex.quote(str(root))
    return f"mount --bind {quoted} {quoted} && mount -o remount,bind,ro {quoted}"


@pytest.mark.slow
@needs_namespaces
def test_a_read_only_copy_is_listed_searched_and_verified(archive: Path) -> None:
    """Were the lock taken, opening .lock to write would fail there: each command would
    exit 3 saying it cannot lock the archive."""
    probe = in_namespace(read_only(archive) + f" && touch {shlex.quote(str(archive))}/x",
                         "--version")
    assert probe.returncode != 0 and "Read-only file system" in probe.stderr  # it is read-only
    listed = in_namespace(read_only(archive), "archive", "--archive", str(archive), "list")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout.startswith("41/26  2026-11-20  ") and BAG in listed.stdout
    found = in_namespace(read_only(archive), "archive", "--archive", str(archive), "search",
                         "Platform")
    assert found.returncode == 0 and BAG in found.stdout, found.stderr
    verified = in_namespace(read_only(archive), "archive", "--archive", str(archive), "verify")
    assert (verified.returncode, verified.stdout) == (
        0, f"{archive}: 1 bag(s) verified, nothing changed\n"), verified.stderr


@pytest.mark.slow
@needs_namespaces
def test_a_read_only_copy_without_its_register_is_read_from_the_bags(archive: Path) -> None:
    (archive / "register.sqlite").unlink()
    found = in_namespace(read_only(archive), "archive", "--archive", str(archive), "search",
                         "Platform")
    assert found.returncode == 0 and BAG in found.stdout
    assert found.stderr == (f"notice: {archive}/register.sqlite: missing; read from the 1 "
                            "bag(s) for this command (the archive cannot be written)\n")
    assert not (archive / "register.sqlite").exists()


@pytest.mark.slow
def test_a_register_missing_a_bag_on_a_read_only_copy_is_completed_in_memory(
        archive: Path, fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """The decision alone: an archive this process may not write is read without the lock
    (.lock made a folder, which no process can open to write), and what the register lacks
    is added in memory, not to the file."""
    from letterpress.archive import find, folder

    with sqlite3.connect(archive / "register.sqlite") as conn:
        conn.execute("DELETE FROM letters")
    conn.close()
    before = (archive / "register.sqlite").read_bytes()
    (archive / ".lock").unlink()
    (archive / ".lock").mkdir()
    monkeypatch.setattr(folder, "writable", lambda root: False)
    found = find(archive, World(fonts), "Platform")
    assert [e.bag for e in found.entries] == [BAG]
    assert found.notices == (f"{archive / BAG}: was missing from the register; indexed for "
                             "this command (the archive cannot be written)",)
    assert (archive / "register.sqlite").read_bytes() == before


@pytest.mark.slow
def test_filing_on_a_full_disk_exits_3(tmp_path: Path, letter_pdf: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The disk fills while the bag is written (simulated: every write of a file under the
    archive fails as a full disk does)."""
    root = tmp_path / "archive"
    write_bytes = Path.write_bytes

    def full(self: Path, data: bytes) -> int:  # type: ignore[override]
        if root in self.parents:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    assert main(["archive", "--archive", str(root), str(letter_pdf)]) == 3
    error = capsys.readouterr().err
    assert f"cannot file {letter_pdf} (No space left on device)" in error, error
    assert not (root / "2026").exists()


@pytest.mark.slow
@needs_namespaces
def test_filing_on_a_real_full_disk_exits_3(tmp_path: Path, letter_pdf: Path) -> None:
    disc = tmp_path / "small"
    disc.mkdir()
    assert letter_pdf.stat().st_size > 32 * 1024  # more than the disk holds
    mount = f"mount -t tmpfs -o size=32k tmpfs {shlex.quote(str(disc))}"
    done = in_namespace(mount, "archive", "--archive", str(disc / "archive"), str(letter_pdf))
    assert done.returncode == 3, done.stderr
    assert "no space left on device" in done.stderr.lower()
