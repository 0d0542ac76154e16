"""The world a build reads: files, fonts and the clock, through one door.

As in Typst's ``World``, a build reaches nothing of the machine except through this object:

- **files**: :meth:`World.read` serves a file's bytes after checking that it is a regular file
  under the size limit of its kind (a letter, a letterhead, a logo, a PDF), so a device, a pipe
  or a huge file is refused at once instead of hanging or filling memory; and it records the
  file's path and SHA-256, so a build knows exactly what it depended on (the PDF embeds those
  files, the archive and incremental builds compare them);
- **fonts**: the vendored :class:`~letterpress.fonts.FontSet` of each typeface, loaded on
  first use (:meth:`World.fonts_for`); :attr:`World.fonts` is the default typeface's;
- **the clock**: nothing that goes into a letter's PDF reads it (dates come from the letter),
  but signing and archiving record when they happened; tests give a fixed clock.

A World lives as long as a batch of builds and is shared by them; :meth:`World.track` collects
what one letter read.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .fonts import Drawable, FontSet

Kind = Literal["letter", "letterhead", "logo", "pdf", "registry", "key", "password",
               "certificate", "scan", "enclosure", "recipients"]

REGISTRY_NAME = "members.yaml"  # the members registry's file: never taken for a letter
MIB = 1024 * 1024
# The largest file of each kind letterpress reads. A letter with 10,000 signatories is about
# 0.7 MiB of YAML; a letterhead is a few lines; a logo is printed 16 mm high. A signing key
# (PKCS#12) with its chain and a certificate are a few KiB; a password file holds one line.
# A scan's file is a PDF of page images or an image file of one or more pages: 100 pages
# in colour at 300 dpi, as JPEG, are about 100 MiB; uncompressed TIFF runs to 25 MiB a page.
# An enclosure is a PDF appended to a letter (a report, a form already filled in): 20 MiB is
# a hundred pages of text with their fonts, or a dozen pages scanned, and keeps the letter a
# file that can still be sent by e-mail.
# A merge's recipients file of 10,000 rows is about 1 MiB; it is read a line at a time.
SIZE_LIMITS: dict[Kind, int] = {
    "letter": 16 * MIB, "letterhead": 1 * MIB, "logo": 16 * MIB, "pdf": 256 * MIB,
    "registry": 16 * MIB, "key": 1 * MIB, "password": 64 * 1024, "certificate": 1 * MIB,
    "scan": 200 * MIB, "enclosure": 20 * MIB, "recipients": 256 * MIB,
}
_WHAT = {"letter": "a letter", "letterhead": "a letterhead", "logo": "a logo",
         "pdf": "a PDF", "registry": "a members registry", "key": "a key",
         "password": "a password", "certificate": "a certificate",
         "scan": "a scan", "enclosure": "an enclosure", "recipients": "a recipients file"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Dependency:
    """A file a letter was built from: where, what it is, and its content's SHA-256."""

    path: Path
    kind: Kind
    sha256: str
    data: bytes


class Unreadable(Exception):
    """A file that cannot be read: why (in plain words), and what to do."""

    def __init__(self, reason: str, hint: str = "") -> None:
        super().__init__(reason)
        self.reason, self.hint = reason, hint


def read_file(path: Path, kind: Kind) -> bytes:
    """The bytes of a regular file of at most ``SIZE_LIMITS[kind]``, or Unreadable.

    The file is opened without blocking and checked on the open descriptor, so a FIFO does
    not hang and a file swapped between a check and the read is still checked.
    """
    limit = SIZE_LIMITS[kind]
    fd = _open_checked(path, kind)
    try:
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise Unreadable(f"the file is more than {_WHAT[kind]} may be ({_size(limit)})")
    return data


def read_lines(path: Path, kind: Kind) -> Iterator[bytes]:
    """The lines of a regular file of at most ``SIZE_LIMITS[kind]``, each with its line end,
    read as they are taken (a file of many lines is never whole in memory); Unreadable, at
    once or when the file grows past the limit while being read. Checked as
    :func:`read_file` checks, on the open descriptor."""
    limit = SIZE_LIMITS[kind]
    fd = _open_checked(path, kind)
    try:
        with os.fdopen(fd, "rb", closefd=False) as handle:
            left = limit + 1
            while line := handle.readline(left):
                left -= len(line)
                if left <= 0:  # it grew while being read
                    raise Unreadable(f"the file is more than {_WHAT[kind]} may be "
                                     f"({_size(limit)})")
                yield line
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    finally:
        os.close(fd)


def _open_checked(path: Path, kind: Kind) -> int:
    """A descriptor of ``path`` opened without blocking, once it is known to be a regular
    file no larger than ``kind`` may be (checked on the descriptor itself); Unreadable."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"it is {_not_regular(info.st_mode)}, not a file",
                             f"give the path of {_WHAT[kind]} file")
        if info.st_size > SIZE_LIMITS[kind]:
            raise Unreadable(f"the file is {_size(info.st_size)}, more than {_WHAT[kind]} may "
                             f"be ({_size(SIZE_LIMITS[kind])})")
    except OSError as exc:
        os.close(fd)
        raise Unreadable(_os_reason(exc)) from None
    except Unreadable:
        os.close(fd)
        raise
    return fd


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder, not a file"
    return (exc.strerror or str(exc)).lower()


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(n: int) -> str:
    return f"{n / MIB:.1f} MiB" if n >= MIB else f"{n} bytes"


class World:
    """Files, fonts and the clock of a batch of builds (see the module docstring)."""

    __slots__ = ("_fonts", "_clock", "_tracks", "_drawable")

    def __init__(self, fonts: FontSet | None = None,
                 clock: Callable[[], datetime.datetime] | None = None) -> None:
        self._fonts = fonts
        self._clock = clock
        self._tracks: list[dict[Path, Dependency]] = []
        self._drawable: Drawable | None = None

    @property
    def fonts(self) -> FontSet:
        if self._fonts is None:
            from .fonts import load_fonts

            self._fonts = load_fonts()
        return self._fonts

    def fonts_for(self, typeface: str) -> FontSet:
        """The fonts of ``typeface`` (a key of fonts.TYPEFACES), from the same folder as
        :attr:`fonts`; each is loaded once per process."""
        return self.fonts.of(typeface)

    @property
    def coverage(self) -> Drawable:
        """What some typeface can draw: the parse stage's check, before a letter's typeface
        is known (the resolve stage checks the letter against its own)."""
        if self._drawable is None:
            from .fonts import Drawable

            self._drawable = Drawable(self.fonts)
        return self._drawable

    def now(self) -> datetime.datetime:
        """The current time, in UTC (for signing and archiving, never for a letter's PDF)."""
        if self._clock is not None:
            return self._clock()
        return datetime.datetime.now(datetime.UTC)

    def read(self, path: Path, kind: Kind) -> bytes:
        """The bytes of ``path`` (see :func:`read_file`), recorded as a dependency."""
        data = read_file(path, kind)
        for track in self._tracks:
            key = Path(os.path.abspath(path))
            track.setdefault(key, Dependency(
                path=path, kind=kind, sha256=hashlib.sha256(data).hexdigest(), data=data))
        return data

    @contextmanager
    def track(self) -> Iterator[list[Dependency]]:
        """Collect what is read inside the ``with`` block, in the order first read."""
        files: dict[Path, Dependency] = {}
        found: list[Dependency] = []
        self._tracks.append(files)
        try:
            yield found
        finally:
            # by identity: two tracks that read the same files are equal dictionaries
            self._tracks[:] = [track for track in self._tracks if track is not files]
            found.extend(files.values())
