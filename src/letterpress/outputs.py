"""Files a command writes: whole or not at all, never over a file the same run read.

The counterpart of :mod:`letterpress.world`, which every read goes through. A file is written
to a temporary name beside it and renamed over the old one, so a reader never sees half a
file and an interrupted write (SIGINT, SIGTERM: see cli.run) loses nothing; the temporary
file of a process that was killed outright is removed by the next write beside it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import LetterpressError, WriteError
from .world import Dependency

__all__ = ["one_pdf_output", "refuse_overwriting", "write_atomically", "write_if_absent"]

_PART = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)-[0-9]+\.part\Z")
_NAME_MAX = 255


def refuse_overwriting(output: Path, read: Iterable[Dependency]) -> None:
    """No command writes over a file it read in the same run (``import a.md -o a.md``)."""
    for dependency in read:
        if _same_file(output, dependency.path):
            raise WriteError(f"{output}: refusing to write over {dependency.path}, which this "
                             f"{dependency.kind} was read from",
                             hint="choose another output file")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_atomically(path: Path, data: bytes, *, inputs: Iterable[Dependency] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file, so ``path`` is never half written;
    never over one of ``inputs``. An OS error (no such folder, permission denied, disk full)
    becomes a WriteError."""
    refuse_overwriting(path, inputs)
    if path.is_dir():
        raise WriteError(f"{path}: cannot write the file: a folder of that name is there",
                         hint="choose another output name")

    def replace(tmp: Path) -> bool:
        os.replace(tmp, path)
        return True

    _write_beside(path, data, replace)


# What os.link raises where the file system has no hard links (FAT, some network shares).
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV}


def write_if_absent(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` whole, unless a file of that name is there (made meanwhile
    by another process, which keeps it): whether it was written. The file is made beside
    and linked into place, which fails rather than replaces. An OS error becomes a
    WriteError."""
    def link(tmp: Path) -> bool:
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError as exc:  # a file system without hard links: replaced if still absent
            if exc.errno not in _NO_LINKS:
                raise
            if os.path.lexists(path):
                return False
            os.replace(tmp, path)
        return True

    return _write_beside(path, data, link)


def _write_beside(path: Path, data: bytes, place: Callable[[Path], bool]) -> bool:
    """``data`` written to a new file beside ``path``, then put in its place by ``place``
    (what it returns); the temporary file never left behind, SIGINT and SIGTERM (see
    cli.run) included. An OS error becomes a WriteError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _create_beside(path)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write the file ({_reason(exc, path)})",
                         hint=_hint(exc, path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return place(tmp)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write the file ({_reason(exc, path)})") from None
    finally:
        tmp.unlink(missing_ok=True)


def _reason(exc: OSError, path: Path) -> str:
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return f"{_first_file(path.parent)} is a file, not a folder"
    return (exc.strerror or str(exc)).lower()


def _hint(exc: OSError, path: Path) -> str:
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return "choose an output folder that is not the name of a file"
    return ""


def _first_file(folder: Path) -> Path:
    """The part of ``folder`` that exists as a file, blocking the folder's creation."""
    for part in (folder, *folder.parents):
        if part.is_file():
            return part
    return folder


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, empty file in ``path``'s folder (so the final rename stays on one file system),
    with the permissions a new file gets there: tempfile.mkstemp's files, and so the PDFs
    renamed from them, are readable by their owner only. Temporary files left by a process
    that was killed are removed first."""
    _remove_stale(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    name = path.name
    suffix = f".{os.getpid()}-99.part"
    if len(("." + name + suffix).encode()) > _NAME_MAX:  # a legal name, too long with ours
        name = name[:_NAME_MAX - len(suffix.encode()) - 8]
        while len(("." + name + suffix).encode()) > _NAME_MAX:
            name = name[:-1]
    for attempt in range(100):
        tmp = path.with_name(f".{name}.{os.getpid()}-{attempt}.part")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue  # left behind by an earlier process of the same number
    raise FileExistsError(17, "no free temporary name", str(path))


def _remove_stale(path: Path) -> None:
    """Remove the ``.NAME.PID-N.part`` files in ``path``'s folder whose process no longer
    runs: once a process a folder (its first write there), so that a batch writing
    thousands of files into one folder does not list it before each one."""
    folder = os.path.abspath(path.parent)
    if folder in _SWEPT:
        return
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    _SWEPT.add(folder)
    for entry in entries:
        match = _PART.match(entry.name)
        if match is None:
            continue
        pid = int(match["pid"])
        if pid == os.getpid() or _running(pid):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


_SWEPT: set[str] = set()  # the folders whose stale temporary files this process removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def one_pdf_output(out: Path, letters: int) -> Path:
    """``out``, a path ending in .pdf, as the output of ``letters`` letters: only of one."""
    if letters != 1:
        raise LetterpressError(f"{out}: a .pdf output needs exactly one letter, got {letters}")
    return out
