"""What each PDF of an output folder was built from, and the file that keeps it.

The file is a SQLite database (:data:`CACHE_NAME`), a row a PDF: a batch reads a letter's
row when it plans that letter and writes it when the letter is built, so neither a build of
10,000 letters nor a folder of a million holds every record in memory, or rewrites one
large file at its end (a JSON file did both: at 10,000 letters its records took 13 MiB and
writing them peaked at 35 MiB more). Records written are committed in one short
transaction about once a second (or every PENDING_MOST records) and at the end: a build
that is killed leaves the rows of the letters it had finished a second before, SQLite never
leaves a transaction half written, and two builds into one folder wait for each other's
commits only, never for each other's batch. The first build into a folder makes the file;
one that finds it made meanwhile by another uses it (it never replaces a sound cache).

Each row holds its record as canonical JSON (paths relative to the folder, so a project
moved whole keeps its cache) with the SHA-256 of that JSON. A row that does not match its
digest, or is not of the expected shape, was edited or damaged: it is ignored, so its
letter is built again, and the cache's notice says so. A file that is not such a database
(damaged, foreign, of another version) is ignored whole with a notice, and replaced by a
new one when the first record is written; a cache left by an earlier letterpress
(:data:`OLD_NAME`, one JSON file) is removed then too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..seen import CACHE_KIB

if TYPE_CHECKING:
    from ..errors import LetterpressError

__all__ = ["CACHE_NAME", "FORMAT", "OLD_NAME", "VERSION", "Input", "Record", "Table", "shown"]

CACHE_NAME = ".letterpress-cache.sqlite"
OLD_NAME = ".letterpress-cache.json"  # letterpress before the cache became a database
FORMAT, VERSION = "letterpress-cache", "3"
COMMIT_EVERY = 1.0  # seconds between commits while records are written
PENDING_MOST = 256  # records written at most in one commit
BUSY_WAIT = 30.0  # seconds to wait for another build writing the same cache
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE letters (name TEXT PRIMARY KEY, record TEXT NOT NULL, digest TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class Input:
    """One thing a letter was built from: a file (absolute path), or a part of one."""

    file: str
    kind: str
    sha256: str
    part: str = ""  # "" for the whole file


@dataclass(frozen=True, slots=True)
class Record:
    """What one PDF of the folder was built from."""

    source: str  # absolute
    inputs: tuple[Input, ...]
    output: str  # SHA-256 of the PDF written
    environment: tuple[str, str, str]  # letterpress version, its code, its fonts
    warnings: int  # how many the letter had (--strict refuses those)
    # The PDF's (size, mtime, ctime, inode) when its hash was last verified, and when (ns):
    # see incremental.Cache._output_changed.
    stat: tuple[int, int, int, int] = (0, 0, 0, 0)
    verified: int = 0
    # Its last build failed: it is built again next time, whatever changed, and its PDF
    # (the one this record describes, kept) is still known, so --prune finds it when its
    # source or recipient goes.
    failed: bool = False


class Table(MutableMapping[str, Record]):
    """The records of one output folder, by PDF name, in its cache file.

    Opened with :meth:`open`; nothing is written until a record is (a folder never built
    into gets no file). :meth:`commit` makes what was written permanent. :attr:`notice`
    says why the file there was ignored ("" if it was not); :meth:`ignored` why the record
    of one PDF was."""

    def __init__(self, path: Path, conn: sqlite3.Connection | None = None,
                 notice: str = "") -> None:
        self.path, self._conn, self.notice = path, conn, notice
        self._ignored: dict[str, str] = {}
        # name -> (record, digest) to write, or None to delete (see "writing" below)
        self._pending: dict[str, tuple[str, str] | None] = {}
        self._committed = time.monotonic()

    @classmethod
    def open(cls, path: Path) -> Table:
        """The records kept at ``path`` (a file that is missing: none, and no notice)."""
        if os.path.isdir(path):  # nothing can be kept there: the records live in memory
            return cls(path, _new(":memory:"), _ignored(path, "is a directory"))
        if not os.path.isfile(path):
            return cls(path, notice=_earlier(path))
        conn, why = _connect(path)
        return cls(path, conn, _ignored(path, why) if conn is None else "")

    # -- reading -------------------------------------------------------------------------

    def get(self, name: str, default: Record | None = None) -> Record | None:  # type: ignore[override]
        if name in self._pending:
            row = self._pending[name]
        elif self._conn is None:
            return default
        else:
            row = self._conn.execute("SELECT record, digest FROM letters WHERE name = ?",
                                     (name,)).fetchone()
        return default if row is None else self._record(name, row[0], row[1]) or default

    def ignored(self, name: str) -> str:
        """Why the record of ``name`` was ignored when last read ("" if it was not)."""
        return self._ignored.pop(name, "")

    def __getitem__(self, name: str) -> Record:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        self.commit()
        if self._conn is None:
            return iter(())
        return iter([n for (n,) in self._conn.execute("SELECT name FROM letters ORDER BY name")])

    def rows(self) -> Iterator[tuple[str, Record]]:
        """Every record that can be read, by name, in the order of the names, read as they
        are asked for."""
        self.commit()
        if self._conn is None:
            return
        cursor = self._conn.execute("SELECT name, record, digest FROM letters ORDER BY name")
        while batch := cursor.fetchmany(256):
            for name, text, digest in batch:
                record = self._record(name, text, digest)
                if record is not None:
                    yield name, record

    def __len__(self) -> int:
        self.commit()
        if self._conn is None:
            return 0
        return int(self._conn.execute("SELECT count(*) FROM letters").fetchone()[0])

    def _record(self, name: str, text: object, digest: object) -> Record | None:
        """The row's record; None for a row edited or damaged (its letter is built)."""
        if not isinstance(text, str) or hashlib.sha256(text.encode()).hexdigest() != digest:
            self._ignored[name] = "its record in the cache was edited or damaged"
            return None
        try:
            return decode(json.loads(text), str(self.path.parent.absolute()))
        except (ValueError, KeyError, TypeError, AttributeError):
            self._ignored[name] = "its record in the cache is not of the expected shape"
            return None

    # -- writing -------------------------------------------------------------------------
    # Records written wait in memory (at most PENDING_MOST, or COMMIT_EVERY seconds), then
    # go to the file in one short transaction: another build writing into the same folder
    # waits only for that, never for this one's whole batch.

    def __setitem__(self, name: str, record: Record) -> None:
        text = json.dumps(encode(record, str(self.path.parent.absolute())), sort_keys=True,
                          ensure_ascii=False, separators=(",", ":"))
        self._pending[name] = (text, hashlib.sha256(text.encode()).hexdigest())
        self._maybe_commit()

    def __delitem__(self, name: str) -> None:
        if not self._exists(name):
            raise KeyError(name)
        self._pending[name] = None
        self._maybe_commit()

    def _exists(self, name: str) -> bool:
        if name in self._pending:
            return self._pending[name] is not None
        return self._conn is not None and self._conn.execute(
            "SELECT 1 FROM letters WHERE name = ?", (name,)).fetchone() is not None

    def commit(self) -> None:
        """Write every record given so far to the file, in one transaction (the file made
        first if there is none)."""
        if self._pending:
            if self._conn is None:
                self._conn = _create(self.path)
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                for name, row in self._pending.items():
                    if row is None:
                        self._conn.execute("DELETE FROM letters WHERE name = ?", (name,))
                    else:
                        self._conn.execute("INSERT OR REPLACE INTO letters VALUES (?, ?, ?)",
                                           (name, *row))
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise _unwritable(self.path, exc) from None
            self._pending.clear()
        self._committed = time.monotonic()

    def _maybe_commit(self) -> None:
        if len(self._pending) >= PENDING_MOST or \
                time.monotonic() - self._committed >= COMMIT_EVERY:
            self.commit()


def _connect(path: Path) -> tuple[sqlite3.Connection | None, str]:
    """The cache file at ``path`` opened, or None and why it is not a cache letterpress can
    read. A cache another build holds past BUSY_WAIT is a WriteError: in use, not damaged,
    so never replaced."""
    conn = None
    try:
        conn = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=rw", uri=True,
                               timeout=BUSY_WAIT, isolation_level=None)
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        why = str(exc)
        if "locked" in why or "busy" in why:
            from ..errors import WriteError

            raise WriteError(f"{shown(path)}: the build cache is in use by another "
                             f"letterpress ({why})", hint="wait for the other build to "
                             "finish, then build again") from None
        why = ("not SQLite" if "not a database" in why else
               "no table of records" if "no such table" in why else why)
        return None, f"it is not a letterpress cache: {why}"
    if meta.get("format") != FORMAT or meta.get("version") != VERSION:
        conn.close()
        return None, ("it is not a letterpress cache" if meta.get("format") != FORMAT else
                      f"it is a cache of format version {meta.get('version')}, not {VERSION}")
    return conn, ""


def _create(path: Path) -> sqlite3.Connection:
    """A new, empty cache at ``path``, made in memory and written whole. Where there is no
    file, it is linked into place only if none appeared meanwhile: another build into the
    same folder may have made one, and that one is used (replacing it would pull the file
    from under the other build). A file that is still no cache is replaced. A cache of an
    earlier letterpress beside it is removed."""
    from ..outputs import write_atomically, write_if_absent

    memory = _new(":memory:")
    data = memory.serialize()
    memory.close()
    if not write_if_absent(path, data):
        conn, _ = _connect(path)
        if conn is not None:
            return conn
        write_atomically(path, data)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(Path(path).with_name(OLD_NAME))
    conn, why = _connect(path)
    if conn is None:  # replaced again meanwhile by something that is no cache
        raise _unwritable(path, sqlite3.DatabaseError(why))
    return conn


def _new(where: str) -> sqlite3.Connection:
    conn = sqlite3.connect(where, isolation_level=None)
    conn.executescript(_SCHEMA)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", (("format", FORMAT),
                                                        ("version", VERSION)))
    return conn


def _unwritable(path: Path, exc: sqlite3.Error) -> LetterpressError:
    from ..errors import WriteError

    return WriteError(f"{path}: cannot write the build cache ({exc})",
                      hint="delete the file: the next build makes a new one")


def shown(path: str | Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    text = os.path.relpath(path)
    return str(path) if text.startswith("..") else text


def _ignored(path: Path, why: str) -> str:
    return f"{shown(path)}: ignored ({why}); building every letter"


def _earlier(path: Path) -> str:
    """The notice for a folder whose cache an earlier letterpress wrote (JSON)."""
    old = Path(path).with_name(OLD_NAME)
    if not os.path.isfile(old):
        return ""
    return (f"{shown(old)}: the cache of an earlier letterpress; building every letter once "
            f"(the new one is {Path(path).name})")


def encode(record: Record, base: str) -> dict[str, object]:
    """A record as the file keeps it: its paths relative to the folder ``base``, with /."""
    def named(file: str) -> str:
        return Path(os.path.relpath(file, base)).as_posix()

    return {"source": named(record.source), "output": record.output,
            "warnings": record.warnings, "stat": list(record.stat),
            "verified": record.verified, "environment": list(record.environment),
            "inputs": [[named(i.file), i.kind, i.part, i.sha256] for i in record.inputs],
            **({"failed": True} if record.failed else {})}


def decode(entry: Mapping[str, object], base: str) -> Record:
    """A record read back (ValueError, KeyError or TypeError if not of that shape); its
    paths made absolute again from where the folder ``base`` is now."""
    inputs, env, stat = entry["inputs"], entry["environment"], entry["stat"]
    failed = entry.get("failed", False)
    if not (isinstance(inputs, list) and isinstance(env, list) and len(env) == 3
            and isinstance(stat, list) and len(stat) == 4 and isinstance(failed, bool)):
        raise ValueError

    def absolute(file: object) -> str:
        return os.path.normpath(os.path.join(base, str(file)))

    return Record(source=absolute(entry["source"]), output=str(entry["output"]),
                  warnings=int(entry["warnings"]),  # type: ignore[call-overload]
                  environment=(str(env[0]), str(env[1]), str(env[2])),
                  stat=(int(stat[0]), int(stat[1]), int(stat[2]), int(stat[3])),
                  verified=int(entry["verified"]),  # type: ignore[call-overload]
                  inputs=tuple(Input(file=absolute(f), kind=str(k), part=str(p),
                                     sha256=str(s)) for f, k, p, s in inputs),
                  failed=failed)
