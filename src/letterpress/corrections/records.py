"""What each PDF of an output folder was built from, and the file that keeps it.

The file is a SQLite database (:data:`CACHE_NAME`), a row a PDF: a batch reads a letter's
row when it plans that letter and writes it when the letter is built, so neither a build of
10,000 letters nor a folder of a million holds every record in memory, or rewrites one
large file at its end (a JSON file did both: at 10,000 letters its records took 13 MiB and
writing them peaked at 35 MiB more). Writes are committed about once a second and at the
end: a build that is killed leaves the rows of the letters it had finished a second before,
and SQLite never leaves a transaction half written.

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

if TYPE_CHECKING:
    from ..errors import LetterpressError

__all__ = ["CACHE_NAME", "FORMAT", "OLD_NAME", "VERSION", "Input", "Record", "Table", "shown"]

CACHE_NAME = ".letterpress-cache.sqlite"
OLD_NAME = ".letterpress-cache.json"  # letterpress before the cache became a database
FORMAT, VERSION = "letterpress-cache", "3"
COMMIT_EVERY = 1.0  # seconds between commits while records are written
# SQLite's page cache (2 MiB by default): a letter's row is read once a build, so pages kept
# save little, and the memory of a build of 10,000 letters stays what it is for 100.
CACHE_KIB = 256
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
        self._committed = time.monotonic()

    @classmethod
    def open(cls, path: Path) -> Table:
        """The records kept at ``path`` (a file that is missing: none, and no notice)."""
        if os.path.isdir(path):  # nothing can be kept there: the records live in memory
            return cls(path, _new(":memory:"), _ignored(path, "is a directory"))
        if not os.path.isfile(path):
            return cls(path, notice=_earlier(path))
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
            if "locked" in why or "busy" in why:  # in use, not damaged: never replaced
                from ..errors import WriteError

                raise WriteError(f"{shown(path)}: the build cache is in use by another "
                                 f"letterpress ({why})", hint="wait for the other build to "
                                 "finish, then build again") from None
            why = ("not SQLite" if "not a database" in why else
                   "no table of records" if "no such table" in why else why)
            return cls(path, notice=_ignored(path, f"it is not a letterpress cache: {why}"))
        if meta.get("format") != FORMAT or meta.get("version") != VERSION:
            conn.close()
            why = "it is not a letterpress cache" if meta.get("format") != FORMAT else \
                f"it is a cache of format version {meta.get('version')}, not {VERSION}"
            return cls(path, notice=_ignored(path, why))
        return cls(path, conn)

    # -- reading -------------------------------------------------------------------------

    def get(self, name: str, default: Record | None = None) -> Record | None:  # type: ignore[override]
        if self._conn is None:
            return default
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
        if self._conn is None:
            return iter(())
        return iter([n for (n,) in self._conn.execute("SELECT name FROM letters ORDER BY name")])

    def rows(self) -> Iterator[tuple[str, Record]]:
        """Every record that can be read, by name, in the order of the names, read as they
        are asked for."""
        if self._conn is None:
            return
        cursor = self._conn.execute("SELECT name, record, digest FROM letters ORDER BY name")
        while batch := cursor.fetchmany(256):
            for name, text, digest in batch:
                record = self._record(name, text, digest)
                if record is not None:
                    yield name, record

    def __len__(self) -> int:
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

    def __setitem__(self, name: str, record: Record) -> None:
        text = json.dumps(encode(record, str(self.path.parent.absolute())), sort_keys=True,
                          ensure_ascii=False, separators=(",", ":"))
        self._write("INSERT OR REPLACE INTO letters VALUES (?, ?, ?)",
                    (name, text, hashlib.sha256(text.encode()).hexdigest()))

    def __delitem__(self, name: str) -> None:
        if self._conn is None or not self._write("DELETE FROM letters WHERE name = ?", (name,)):
            raise KeyError(name)

    def commit(self) -> None:
        """Make every record written so far permanent."""
        if self._conn is not None and self._conn.in_transaction:
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _unwritable(self.path, exc) from None
        self._committed = time.monotonic()

    def _write(self, statement: str, values: tuple[str, ...]) -> int:
        """Run ``statement`` in the open transaction (the file made first if there is
        none); commit about once a second. How many rows it changed."""
        if self._conn is None:
            self._conn = _create(self.path)
        try:
            if not self._conn.in_transaction:
                self._conn.execute("BEGIN IMMEDIATE")
            changed = self._conn.execute(statement, values).rowcount
        except sqlite3.Error as exc:
            raise _unwritable(self.path, exc) from None
        if time.monotonic() - self._committed >= COMMIT_EVERY:
            self.commit()
        return changed


def _create(path: Path) -> sqlite3.Connection:
    """A new, empty cache at ``path``: made in memory, then written whole over whatever is
    there (a file that is not a cache is replaced only by a complete one); a cache of an
    earlier letterpress beside it is removed."""
    from ..outputs import write_atomically

    memory = _new(":memory:")
    data = memory.serialize()
    memory.close()
    write_atomically(path, data)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(Path(path).with_name(OLD_NAME))
    conn = sqlite3.connect(path, timeout=BUSY_WAIT, isolation_level=None)
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
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
            "inputs": [[named(i.file), i.kind, i.part, i.sha256] for i in record.inputs]}


def decode(entry: Mapping[str, object], base: str) -> Record:
    """A record read back (ValueError, KeyError or TypeError if not of that shape); its
    paths made absolute again from where the folder ``base`` is now."""
    inputs, env, stat = entry["inputs"], entry["environment"], entry["stat"]
    if not (isinstance(inputs, list) and isinstance(env, list) and len(env) == 3
            and isinstance(stat, list) and len(stat) == 4):
        raise ValueError

    def absolute(file: object) -> str:
        return os.path.normpath(os.path.join(base, str(file)))

    return Record(source=absolute(entry["source"]), output=str(entry["output"]),
                  warnings=int(entry["warnings"]),  # type: ignore[call-overload]
                  environment=(str(env[0]), str(env[1]), str(env[2])),
                  stat=(int(stat[0]), int(stat[1]), int(stat[2]), int(stat[3])),
                  verified=int(entry["verified"]),  # type: ignore[call-overload]
                  inputs=tuple(Input(file=absolute(f), kind=str(k), part=str(p),
                                     sha256=str(s)) for f, k, p, s in inputs))
