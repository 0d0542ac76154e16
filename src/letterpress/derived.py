"""Data derived from a file a library ships, kept between processes in the user's cache folder.

Some of what a build needs is slow to derive and the same in every process: pyphen parses its
English patterns (11,000 lines) in about 50 ms, a fifth of a cold build of one letter, to the
same table every time. The table is kept here, and a process loads it in a few milliseconds.

It can never change what a build makes:

- an entry is keyed by the exact bytes it was derived from and by what derived them (the
  library and its version): other bytes, another version, and it is not used;
- its own bytes carry their SHA-256, so a damaged entry is not used either;
- it is written whole or not at all (a temporary file renamed over the old one), so two
  processes filling it at once leave one complete entry;
- missing, stale, damaged, unreadable or unwritable, it costs only the time it would have
  saved: the data is derived again, as without it.

It lives in ``$XDG_CACHE_HOME/letterpress`` (``~/.cache/letterpress`` when the variable is
unset or not an absolute path) and may be deleted at any time.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
from collections.abc import Mapping
from pathlib import Path

FORMAT = b"letterpress derived data 1\n"
# An entry larger than this is not one letterpress wrote (the English patterns take 0.3 MiB).
LIMIT = 16 * 1024 * 1024


def folder(environ: Mapping[str, str] = os.environ) -> Path:
    """The user's cache folder for letterpress (XDG Base Directory Specification);
    RuntimeError when it is not set and there is no home folder to put it in."""
    base = environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "letterpress"


def _header(source: bytes, by: str) -> bytes:
    key = hashlib.sha256(source).hexdigest()
    return FORMAT + f"{by}\n{key}\n".encode()


def load(name: str, source: bytes, by: str, environ: Mapping[str, str] = os.environ
         ) -> object | None:
    """What was stored as ``name``, derived by ``by`` from exactly ``source``; None when
    there is no such entry (missing, from other bytes or another ``by``, damaged)."""
    try:
        data = _read(folder(environ) / name)
    except (OSError, ValueError, RuntimeError):
        return None
    header = _header(source, by)
    if not data.startswith(header):
        return None
    digest, _, payload = data[len(header):].partition(b"\n")
    if digest != hashlib.sha256(payload).hexdigest().encode():
        return None
    try:
        value: object = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return value


def store(name: str, source: bytes, by: str, value: object,
          environ: Mapping[str, str] = os.environ) -> None:
    """Keep ``value`` (plain data: marshal's types) as ``name``, derived by ``by`` from
    ``source``. Nothing happens when it cannot be written: the next process derives it
    again."""
    try:
        payload = marshal.dumps(value)  # type: ignore[arg-type]
    except ValueError:  # a value of a type marshal does not write: not kept
        return
    data = (_header(source, by) + hashlib.sha256(payload).hexdigest().encode() + b"\n"
            + payload)
    try:
        path = folder(environ) / name
    except RuntimeError:  # no cache folder to be had
        return
    temporary = path.with_name(f".{name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # as XDG asks
        with temporary.open("wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _read(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file under LIMIT (never a pipe or a device,
    which could block or never end); ValueError otherwise."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > LIMIT:
            raise ValueError(f"{path}: not a cache entry")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(LIMIT + 1)
    finally:
        os.close(fd)
