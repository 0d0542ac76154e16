"""What a stream of any length remembers of every item, in as much memory for a million as
for ten.

A build remembers the letters it was given until it ends (their names, in order), and a
mail merge three things of every row: the PDF names given (a second "Aynur Məmmədova" gets
``-2``), who each recipient is (a row repeating one is an error naming the first one's
line), and the names its recipients still have (for --prune). In lists, sets and dicts
these grow with the count: about 4 MiB for 10,000 rows, 400 MiB for a million.
:class:`Seen` and :class:`Listing` keep them in a private temporary SQLite database instead
(the standard library's; SQLite holds a few hundred KiB of its pages in memory, the rest in
a temporary file it deletes when closed), at a few microseconds an item against a letter's
milliseconds.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import WriteError

Key = str | bytes

# SQLite's page cache of each database (2 MiB by default): a key or a letter's row is read
# once or twice, so pages kept save little, and 10,000 rows take the memory of 100.
# (corrections/records.py's build cache uses it too.)
CACHE_KIB = 256


class _Temporary:
    """A private temporary database with ``schema``, used by the process that made it
    alone: not thread-safe, never meant to cross into another process. It is deleted when
    the object is closed or collected."""

    def __init__(self, schema: str) -> None:
        # "": a private, temporary database, on disk once its pages outgrow the cache
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._db.executescript(
            f"PRAGMA cache_size = -{CACHE_KIB}; PRAGMA journal_mode = OFF;"
            f"PRAGMA synchronous = OFF; {schema}; "
            "BEGIN")  # one transaction: nothing of it need survive the process
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        self._db.close()

    def _one(self, sql: str, *args: object) -> Any:
        return self._run(sql, *args).fetchone()

    def _run(self, sql: str, *args: object) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, args)
        except sqlite3.Error as exc:  # its temporary file: the disk full, say
            raise WriteError(f"cannot keep the items read so far in a temporary file: {exc}",
                             hint="free some space, or set TMPDIR to a folder that has it"
                             ) from None


class Seen(_Temporary):
    """A set of keys (text or bytes), each with a number (a row's line, say)."""

    def __init__(self) -> None:
        super().__init__("CREATE TABLE seen (key PRIMARY KEY NOT NULL, value INTEGER) "
                         "WITHOUT ROWID")

    def __repr__(self) -> str:
        return f"<Seen: {self._count} keys>"

    def __contains__(self, key: object) -> bool:
        return self._one("SELECT 1 FROM seen WHERE key = ?", key) is not None

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


class Listing(_Temporary):
    """Texts in the order given, each with a key (a letter's file, and the PDF it is built
    into). Texts and keys are kept as their file-system bytes (``os.fsencode``), so that any
    file name comes back as it went in; a group added with :meth:`add_sorted` is sorted by
    those bytes, which is Unicode's order for names in UTF-8."""

    def __init__(self) -> None:
        super().__init__("CREATE TABLE listing (n INTEGER PRIMARY KEY, text BLOB NOT NULL, "
                         "key BLOB NOT NULL); "
                         "CREATE TABLE incoming (text BLOB NOT NULL, key BLOB NOT NULL)")

    def __repr__(self) -> str:
        return f"<Listing: {self._count} texts>"

    def __iter__(self) -> Iterator[str]:
        for (text,) in self._run("SELECT text FROM listing ORDER BY n"):
            yield os.fsdecode(text)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self._one(
            "SELECT 1 FROM listing WHERE text = ?", os.fsencode(text)) is not None

    def add_sorted(self, entries: Iterable[tuple[str, str]]) -> None:
        """Add ``entries`` (text, key) after those added before, sorted by their text."""
        for text, key in entries:
            self._run("INSERT INTO incoming VALUES (?, ?)", os.fsencode(text),
                      os.fsencode(key))
        self._count += self._run("INSERT INTO listing (text, key) "
                                 "SELECT text, key FROM incoming ORDER BY text").rowcount
        self._run("DELETE FROM incoming")

    def clash(self) -> tuple[str, str, str] | None:
        """The first text whose key an earlier text has: (the earlier, the text, the key);
        None if every key is its text's alone."""
        self._run("CREATE INDEX IF NOT EXISTS by_key ON listing (key, n)")
        found = self._one("SELECT a.text, b.text, b.key FROM listing AS b JOIN listing AS a "
                          "ON a.key = b.key AND a.n < b.n ORDER BY b.n, a.n LIMIT 1")
        if found is None:
            return None
        earlier, text, key = map(os.fsdecode, found)
        return earlier, text, key

    def without(self, texts: Iterable[str]) -> Listing:
        """This listing but ``texts``, in the same order (itself if there are none)."""
        gone = {os.fsencode(text) for text in texts}  # a few merge letters, say
        if not gone:
            return self
        left = Listing()
        for text, key in self._run("SELECT text, key FROM listing ORDER BY n"):
            if text not in gone:
                left._run("INSERT INTO listing (text, key) VALUES (?, ?)", text, key)
                left._count += 1
        return left
