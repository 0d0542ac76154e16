"""The archive folder: where it is, what marks it as one, its lock, and where bags go.

::

    archive/
      letterpress-archive.txt      marks the folder as an archive (and says what it is)
      register.sqlite              the index (register.py); rebuilt from the bags when lost
      .lock                        held while a process files letters or rebuilds the register
      .tmp/                        bags being built; a folder left here by a process that died
                                   is removed by the next one that holds the lock
      2020/2020-10-08_05-20_en_r1/ one BagIt bag per letter: year, then date, reference,
                                   language, revision

Nothing outside ``.tmp/`` is ever deleted or overwritten: a finished bag is renamed into place
in one step, so a bag either is complete or is not there.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import ArchiveError, WriteError

MARKER = "letterpress-archive.txt"
MARKER_TEXT = ("A letterpress archive: one BagIt bag per letter, in folders by year, named\n"
               "date_reference_language_revision, indexed in register.sqlite.\n"
               "`letterpress archive verify` checks it.\n")
REGISTER = "register.sqlite"
LOCK = ".lock"
TEMP = ".tmp"
ENVIRONMENT = "LETTERPRESS_ARCHIVE"
_YEAR = re.compile(r"[0-9]{4}\Z")


def locate(given: Path | None, environ: Mapping[str, str], project: Path | None = None
           ) -> Path:
    """The archive folder: ``--archive``, else $LETTERPRESS_ARCHIVE, else the project's
    archive (``project``, from its letterpress.toml), else archive/ here."""
    if given is not None:
        return given
    return Path(environ.get(ENVIRONMENT) or project or "archive")


def require(root: Path, *, create: bool) -> None:
    """ArchiveError unless ``root`` is an archive; with ``create``, a missing or empty folder
    becomes one."""
    if (root / MARKER).is_file():
        return
    if root.exists() and not root.is_dir():
        raise ArchiveError(f"{root}: not an archive folder (it is a file)")
    # the marker again: another process may have just made the folder an archive
    if root.is_dir() and any(root.iterdir()) and not (root / MARKER).is_file():
        raise ArchiveError(f"{root}: not a letterpress archive (no {MARKER}, and the folder "
                           "is not empty); give an archive, a new or an empty folder")
    if not create:
        raise ArchiveError(f"{root}: no archive here yet; `letterpress archive LETTER.pdf` "
                           "starts one")
    try:
        root.mkdir(parents=True, exist_ok=True)
        # not through a temporary file: a process that finds the folder non-empty looks for
        # the marker again, which must exist from the first moment (its text matters less)
        with (root / MARKER).open("x", encoding="utf-8") as marker:
            marker.write(MARKER_TEXT)
    except FileExistsError:
        pass  # another process made it an archive a moment ago
    except OSError as exc:
        raise WriteError(f"{root}: cannot make the archive ({exc.strerror or exc})") from None


def writable(root: Path) -> bool:
    """Whether this process may write in the archive ``root``: the folder, and its lock file
    if there is one. False on a read-only copy (a burned disc, a read-only mount, a folder
    without write permission), where the lock cannot be taken and nothing is written."""
    lock = root / LOCK
    return os.access(root, os.W_OK) and (not lock.exists() or os.access(lock, os.W_OK))


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the archive's lock: one process at a time files letters or rebuilds the index.
    The operating system releases it when the process ends, however it ends."""
    try:
        handle = (root / LOCK).open("a")
    except OSError as exc:
        raise WriteError(f"{root}: cannot lock the archive ({exc.strerror or exc})") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_temporary(root: Path) -> int:
    """Remove bags half built by a process that died; call with the lock held (a living
    process would hold it). The number removed."""
    temp = root / TEMP
    stale = [p for p in temp.iterdir()] if temp.is_dir() else []
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return len(stale)


def temporary(root: Path, name: str) -> Path:
    """A new, empty folder to build the bag ``name`` in (lock held)."""
    folder = root / TEMP / f"{name}.{os.getpid()}"
    folder.mkdir(parents=True)
    return folder


def bag_name(date: str, reference: str, language: str, revision: int,
             distinct: bool = False) -> str:
    """``2020/2020-10-08_05-20_en_r1``: by year, then date, so a folder listing is in date
    order, then the reference as plain letters and digits (05/20 -> 05-20), the language (a
    letter is often sent in two or three) and the revision. With ``distinct`` (another
    reference, the same in plain letters, has the name: 05/20 and 05-20), the reference is
    followed by the start of its SHA-256 (``05-20-0c5f3e2a``): never a suffix after the
    revision, where ``r1-2`` would read as revisions 1 to 2."""
    from .register import fold  # here: a build asks only where the archive is (no SQLite)

    slug = re.sub(r"[^a-z0-9]+", "-", fold(reference)).strip("-")[:60] or "letter"
    if distinct:
        slug += "-" + hashlib.sha256(reference.encode("utf-8")).hexdigest()[:8]
    return f"{date[:4]}/{date}_{slug}_{language}_r{revision}"


def bags(root: Path) -> list[str]:
    """Every bag in the archive, as paths relative to it, in name (so date) order."""
    found = []
    for year in sorted(root.iterdir()):
        if _YEAR.match(year.name) and year.is_dir():
            found += [f"{year.name}/{bag.name}" for bag in sorted(year.iterdir())
                      if (bag / "bagit.txt").is_file()]
    return found


def unused(root: Path, name: str) -> str:
    """``name``, or with -2, -3 ... when a bag of another letter has it (two references that
    are the same in plain letters)."""
    candidate, n = name, 1
    while (root / candidate).exists():
        n += 1
        candidate = f"{name}-{n}"
    return candidate
