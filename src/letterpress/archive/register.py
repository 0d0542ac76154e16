"""The register: an SQLite index of every bag in an archive, for listing and full-text search.

The bags are the truth and the register only an index: it can always be rebuilt from them
(:func:`create` with the records read back from the bags), so a damaged register is set
aside and rebuilt, never repaired in place. Writes happen in SQLite transactions; the archive's
lock (folder.py) keeps two processes from filing at once, SQLite's own locking keeps readers
safe while one does.

Names match with or without diacritics (İsmayılov, Ismayilov): the text and the query are both
folded by :func:`fold` before FTS5 sees them. Azerbaijani ə has no decomposition and is written
"a" or "e" in Latin transliteration (Məmmədov: Mammadov, Memmedov), so text holding it is
indexed in both spellings.
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: the text table keys on it
    bag TEXT NOT NULL UNIQUE,
    reference TEXT NOT NULL,
    revision INTEGER NOT NULL,
    date TEXT NOT NULL,
    sender TEXT NOT NULL,
    recipient TEXT NOT NULL,
    language TEXT NOT NULL,
    signatories INTEGER NOT NULL,
    pdf TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    letterpress_version TEXT NOT NULL,
    filed TEXT NOT NULL,
    signer TEXT NOT NULL DEFAULT '',  -- who signed the PDF, once signed letters are filed
    UNIQUE (reference, revision, language)  -- one letter is sent in several languages
);
CREATE INDEX letters_by_date ON letters (date, reference);
CREATE TABLE members (
    letter INTEGER NOT NULL REFERENCES letters (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE VIRTUAL TABLE text USING fts5 (head, people, body,
                                      tokenize = 'unicode61 remove_diacritics 2');
"""
COLUMNS = ("bag", "reference", "revision", "date", "sender", "recipient", "language",
           "signatories", "pdf", "pdf_sha256", "letterpress_version", "filed", "signer")
_LETTERS = str.maketrans({"ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d",
                          "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe"})
_SCHWA = ("ə", "Ə")


# The rest of the archive speaks of the register's connection and errors by these names, so
# that this module stays the only one that imports sqlite3.
Connection = sqlite3.Connection
Error = sqlite3.Error


class Damaged(Exception):
    """The register cannot be used: missing, not SQLite, another schema, or corrupt."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One filed letter as the register lists it. ``bag`` is relative to the archive."""

    bag: str
    reference: str
    revision: int
    date: str  # ISO 8601
    sender: str
    recipient: tuple[str, ...]
    language: str
    signatories: int
    pdf: str  # the PDF's path inside the bag
    pdf_sha256: str
    letterpress_version: str
    filed: str  # the bag's Bagging-Date
    signer: str = ""


@dataclass(frozen=True, slots=True)
class Record:
    """What the register stores of one bag: the entry, its signatories, its words."""

    entry: Entry
    members: tuple[tuple[str, str, str], ...]  # name, organisation, role
    head: str  # reference, title, sender, recipient, closing
    body: str


def fold(text: str, schwa: str = "a") -> str:
    """``text`` without diacritics, in lower case: İsmayılov and Ismayilov both give
    "ismayilov". Decomposes first, so 'İ' never becomes two characters (FACTS.md)."""
    text = text.replace("ə", schwa).replace("Ə", schwa)
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare.translate(_LETTERS).lower()


def _indexed(text: str) -> str:
    if any(s in text for s in _SCHWA):
        return fold(text, "a") + "\n" + fold(text, "e")
    return fold(text)


def connect(path: Path) -> sqlite3.Connection:
    """Open the register at ``path``, or Damaged saying why it cannot be used."""
    if not path.is_file():
        raise Damaged("missing")
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            raise Damaged(f"schema {row[0] if row else 'unknown'}, expected {SCHEMA_VERSION}")
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise Damaged("corrupt")
        conn.execute("SELECT count(*) FROM text").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise  # in use, not damaged
        raise Damaged(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise Damaged(str(exc)) from None
    except Damaged:
        conn.close()
        raise
    return conn


def create(path: Path, records: Iterable[Record]) -> None:
    """Write a new register with ``records`` beside ``path``, then put it in its place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.executescript(SCHEMA)
        conn.execute("BEGIN")
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        for record in records:
            insert(conn, record)
        conn.execute("COMMIT")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(tmp, path)


def insert(conn: sqlite3.Connection, record: Record) -> None:
    """Add one bag (the caller holds a transaction)."""
    e = record.entry
    values = [getattr(e, c) for c in COLUMNS]
    values[COLUMNS.index("recipient")] = "\n".join(e.recipient)
    cursor = conn.execute(f"INSERT INTO letters ({', '.join(COLUMNS)}) VALUES "
                          f"({', '.join('?' * len(COLUMNS))})", values)
    letter = cursor.lastrowid
    conn.executemany("INSERT INTO members VALUES (?, ?, ?, ?, ?)",
                     [(letter, i, *m) for i, m in enumerate(record.members)])
    people = "\n".join(" ".join(m) for m in record.members)
    conn.execute("INSERT INTO text (rowid, head, people, body) VALUES (?, ?, ?, ?)",
                 (letter, _indexed(record.head), _indexed(people), _indexed(record.body)))


def _entry(row: sqlite3.Row | tuple[object, ...]) -> Entry:
    values = dict(zip(COLUMNS, row, strict=True))
    values["recipient"] = tuple(str(values["recipient"]).split("\n"))
    return Entry(**values)


def find(conn: sqlite3.Connection, reference: str, revision: int,
         language: str) -> Entry | None:
    row = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM letters WHERE reference = ? AND "
                       "revision = ? AND language = ?", (reference, revision, language)
                       ).fetchone()
    return _entry(row) if row else None


def entries(conn: sqlite3.Connection, since: str = "", until: str = "") -> list[Entry]:
    """Every letter dated from ``since`` to ``until`` (ISO dates, "" for no bound)."""
    rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM letters WHERE date >= ? AND "
                        "date <= ? ORDER BY date, reference, revision",
                        (since, until or "9999")).fetchall()
    return [_entry(r) for r in rows]


def search(conn: sqlite3.Connection, query: str, since: str = "", until: str = "") -> list[Entry]:
    """The letters holding every word of ``query`` (a phrase when it is in double quotes),
    best match first; ValueError if it holds no word."""
    words = re.findall(r"\w+", fold(query))
    if not words:
        raise ValueError("the query holds no word to search for")
    quoted = query.strip()
    phrase = len(quoted) > 1 and quoted[0] == quoted[-1] == '"'
    match = '"' + " ".join(words) + '"' if phrase else " ".join(f'"{w}"' for w in words)
    columns = ", ".join(f"letters.{c}" for c in COLUMNS)
    rows = conn.execute(f"SELECT {columns} FROM text JOIN letters ON letters.id = text.rowid "
                        "WHERE text MATCH ? AND letters.date >= ? AND letters.date <= ? "
                        "ORDER BY bm25(text), letters.date", (match, since, until or "9999"))
    return [_entry(r) for r in rows.fetchall()]
