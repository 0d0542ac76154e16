"""Keys met so far in a stream of any length, in as much memory for a million as for ten.

A mail merge remembers three things of every row until it ends: the PDF names given (a
second "Aynur Məmmədova" gets ``-2``), who each recipient is (a row repeating one is an
error naming the first one's line), and the names its recipients still have (for --prune).
In sets and dicts these grow with the rows: about 4 MiB for 10,000, 400 MiB for a million.
:class:`Seen` keeps them in a private temporary SQLite database instead (the standard
library's; SQLite holds a few hundred KiB of its pages in memory, the rest in a temporary
file it deletes when closed), at a few microseconds a key against a letter's milliseconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from .errors import WriteError

Key = str | bytes

CACHE_KIB = 256  # of the database's pages kept in memory


class Seen:
    """A set of keys (text or bytes), each with a number (a row's line, say).

    Only the process that made it uses it; it is not thread-safe, nor meant to cross into
    another process. The database is deleted when the object is closed or collected."""

    def __init__(self) -> None:
        # "": a private, temporary database, on disk once its pages outgrow the cache
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._db.executescript(
            f"PRAGMA cache_size = -{CACHE_KIB}; PRAGMA journal_mode = OFF;"
            "PRAGMA synchronous = OFF;"
            "CREATE TABLE seen (key PRIMARY KEY NOT NULL, value INTEGER) WITHOUT ROWID;"
            "BEGIN")  # one transaction: nothing of it need survive the process
        self._count = 0

    def __repr__(self) -> str:
        return f"<Seen: {self._count} keys>"

    def __contains__(self, key: object) -> bool:
        return self._one("SELECT 1 FROM seen WHERE key = ?", key) is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Key]:
        """The keys in their order (text before bytes, each in its bytes' order)."""
        for (key,) in self._run("SELECT key FROM seen ORDER BY key"):
            yield key

    def add(self, key: Key, value: int = 0) -> None:
        """Remember ``key`` (with ``value``, unless it is known already)."""
        self.setdefault(key, value)

    def setdefault(self, key: Key, value: int = 0) -> int:
        """The number of ``key``, remembering ``value`` for it if it is new."""
        found = self._one("SELECT value FROM seen WHERE key = ?", key)
        if found is not None:
            return int(found[0])
        self._run("INSERT INTO seen VALUES (?, ?)", key, value)
        self._count += 1
        return value

    def clear(self) -> None:
        self._run("DELETE FROM seen")
        self._count = 0

    def close(self) -> None:
        self._db.close()

    def _one(self, sql: str, *args: object) -> Any:
        return self._run(sql, *args).fetchone()

    def _run(self, sql: str, *args: object) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, args)
        except sqlite3.Error as exc:  # its temporary file: the disk full, say
            raise WriteError(f"cannot keep the rows read so far in a temporary file: {exc}",
                             hint="free some space, or set TMPDIR to a folder that has it"
                             ) from None
