"""The register: an SQLite index of every bag in an archive, for listing and full-text search.

The bags are the truth and the register only an index: it can always be rebuilt from them
(:func:`create` with the records read back from the bags), so a damaged register is set
aside and rebuilt, never repaired in place. Writes happen in SQLite transactions; the archive's
lock (folder.py) keeps two processes from filing at once, SQLite's own locking keeps readers
safe while one does.

A search finds a word as ``letterpress members check`` matches names, through the one
normaliser both use (resolve/names.py): without diacritics or case, ş written sh, each ə written
a or e, a doubled letter once (Şirinov: Shirinov; Məmmədova: Mammadova, Mamedova). Every word of
every field is indexed under each of its keys; FTS5 finds the letters holding a key of each word
of the query, and the field, the snippet and a phrase's words in order are then found in the
text itself, which the register keeps field by field.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..resolve.names import plain, words

# 2: signed copies beside the first file of a letter, signing times, revision history
# 3: each field's text kept, every word indexed under the keys names.py gives it
# 4: scans of hand-signed copies (their agreement with the letter, their recognised words)
# 5: the subject of a letter indexed as a field of its own
SCHEMA_VERSION = "5"
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
    signer TEXT NOT NULL DEFAULT '',  -- who each signature says signed (/Name)
    copy_of TEXT NOT NULL DEFAULT '',  -- a signed copy: the bag of the letter's first file
    signed_at TEXT NOT NULL DEFAULT '',  -- per signature, ISO 8601 UTC
    timestamp TEXT NOT NULL DEFAULT '',  -- per signature: trusted, not trusted, none
    signature_check TEXT NOT NULL DEFAULT '',  -- per signature, the verdict when filed
    scan TEXT NOT NULL DEFAULT ''  -- a scan of a hand-signed copy: its agreement, "0.97"
);
-- one letter is sent in several languages; each revision of it is filed once, and its
-- signed copies beside that first file
CREATE UNIQUE INDEX letters_once ON letters (reference, revision, language) WHERE copy_of = '';
CREATE INDEX letters_by_date ON letters (date, reference);
CREATE TABLE members (
    letter INTEGER NOT NULL REFERENCES letters (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    role TEXT NOT NULL
);
-- the letter's words as it says them, field by field (FIELDS), for snippets and phrases
CREATE TABLE fields (
    letter INTEGER NOT NULL REFERENCES letters (id),
    field TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE VIRTUAL TABLE text USING fts5 (words, tokenize = 'unicode61 remove_diacritics 2');
"""
# The fields a search looks in, in the order a hit names them.
FIELDS = ("reference", "title", "subject", "sender", "recipient", "closing", "signatories",
          "signer", "body", "scan")
COLUMNS = ("bag", "reference", "revision", "date", "sender", "recipient", "language",
           "signatories", "pdf", "pdf_sha256", "letterpress_version", "filed", "signer",
           "copy_of", "signed_at", "timestamp", "signature_check", "scan")
# Not stored but asked for: every revision filed of the same reference and language.
_REVISIONS = ("(SELECT group_concat(revision) FROM (SELECT DISTINCT revision FROM letters AS "
              "other WHERE other.reference = letters.reference AND other.language = "
              "letters.language ORDER BY revision))")
_SELECT = ", ".join(f"letters.{c}" for c in COLUMNS) + ", " + _REVISIONS


# The rest of the archive speaks of the register's connection and errors by these names, so
# that this module stays the only one that imports sqlite3.
Connection = sqlite3.Connection
Error = sqlite3.Error


class Damaged(Exception):
    """The register cannot be used: missing, not SQLite, another schema, or corrupt."""


class Outdated(Damaged):
    """The register was written by an earlier letterpress (an older schema): it is rebuilt
    from the bags, as a damaged one is, but nothing is wrong with it."""


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
    signer: str = ""  # several signatures: "; " between them, in signing order
    copy_of: str = ""  # a signed copy's first file (its bag); "" for the first file
    signed_at: str = ""
    timestamp: str = ""
    signature_check: str = ""
    scan: str = ""  # a scan of a hand-signed copy: the share of the letter's words it reads
    # every revision filed of this reference and language, in order (read, never stored)
    revisions: tuple[int, ...] = ()

    @property
    def history(self) -> str:
        """``r2 (replaces r1)``, ``r1 (replaced by r2)``, or ``r1``."""
        earlier = [f"r{r}" for r in self.revisions if r < self.revision]
        later = [f"r{r}" for r in self.revisions if r > self.revision]
        said = [f"replaces {', '.join(earlier)}"] * bool(earlier) + [
            f"replaced by {', '.join(later)}"] * bool(later)
        return f"r{self.revision}" + (f" ({'; '.join(said)})" if said else "")


@dataclass(frozen=True, slots=True)
class Record:
    """What the register stores of one bag: the entry, its signatories, its words."""

    entry: Entry
    members: tuple[tuple[str, str, str], ...]  # name, organisation, role
    texts: tuple[tuple[str, str], ...]  # (field, its text) for each of FIELDS

    @property
    def words(self) -> str:
        """What the full-text index holds of the letter: every key of every word."""
        return indexed(self.texts)


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a search found its words in one letter: the field and a snippet around them."""

    field: str
    snippet: str


def fold(text: str, schwa: str = "a") -> str:
    """``text`` without diacritics, in lower case (names.py): for bag names."""
    return plain(text, schwa)


def indexed(texts: Iterable[tuple[str, str]]) -> str:
    """The words of ``texts`` as the full-text index holds them: each under all its keys."""
    return "\n".join(" ".join(" ".join(sorted(keys)) for _, _, keys in words(text))
                     for _, text in texts)


def connect(path: Path) -> sqlite3.Connection:
    """Open the register at ``path``, or Damaged saying why it cannot be used."""
    if not path.is_file():
        raise Damaged("missing")
    return _checked(sqlite3.connect(path, timeout=60, isolation_level=None))


def copy_of(data: bytes) -> sqlite3.Connection:
    """The register whose file holds ``data``, opened in memory: for an archive that cannot
    be written (what is done to it is forgotten when it is closed); Damaged if unusable."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.deserialize(data)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise Damaged(str(exc)) from None
    return _checked(conn)


def empty() -> sqlite3.Connection:
    """A new register in memory, with no letter."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    return conn


def _checked(conn: sqlite3.Connection) -> sqlite3.Connection:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is not None and row[0].isdigit() and int(row[0]) < int(SCHEMA_VERSION):
            raise Outdated(f"written by an earlier letterpress (schema {row[0]})")
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


def read_only(path: Path) -> sqlite3.Connection:
    """The register at ``path`` opened for reading only: no lock taken, nothing written (a
    build asks it, and it may be on a read-only copy); sqlite3.Error if it cannot be."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)


def create(path: Path, records: Iterable[Record]) -> None:
    """Write a new register with ``records`` at ``path``: made in memory, then written whole
    (an old register is replaced only by a complete new one)."""
    from ..outputs import write_atomically

    conn = empty()
    try:
        conn.execute("BEGIN")
        for record in records:
            insert(conn, record)
        conn.execute("COMMIT")
        data = conn.serialize()
    finally:
        conn.close()
    write_atomically(path, data)


def insert(conn: sqlite3.Connection, record: Record) -> None:
    """Add one bag (the caller holds a transaction)."""
    e = record.entry
    values: list[object] = [getattr(e, c) for c in COLUMNS]
    values[COLUMNS.index("recipient")] = "\n".join(e.recipient)
    cursor = conn.execute(f"INSERT INTO letters ({', '.join(COLUMNS)}) VALUES "
                          f"({', '.join('?' * len(COLUMNS))})", values)
    letter = cursor.lastrowid
    conn.executemany("INSERT INTO members VALUES (?, ?, ?, ?, ?)",
                     [(letter, i, *m) for i, m in enumerate(record.members)])
    conn.executemany("INSERT INTO fields VALUES (?, ?, ?)",
                     [(letter, field, text) for field, text in record.texts])
    conn.execute("INSERT INTO text (rowid, words) VALUES (?, ?)", (letter, record.words))


def written(conn: sqlite3.Connection, bag: str) -> tuple[Record, str] | None:
    """What the register holds of the bag ``bag``: its record, and the words its full-text
    index holds (None if it has no row)."""
    row = conn.execute(f"SELECT {_SELECT}, letters.id FROM letters WHERE bag = ?",
                       (bag,)).fetchone()
    if row is None:
        return None
    letter = row[-1]
    members = tuple((str(n), str(o), str(r)) for n, o, r in conn.execute(
        "SELECT name, organisation, role FROM members WHERE letter = ? ORDER BY position",
        (letter,)))
    texts = tuple((str(f), str(t)) for f, t in conn.execute(
        "SELECT field, text FROM fields WHERE letter = ? ORDER BY rowid", (letter,)))
    found = conn.execute("SELECT words FROM text WHERE rowid = ?", (letter,)).fetchone()
    return Record(_entry(row[:-1]), members, texts), str(found[0]) if found else ""


def _entry(row: sqlite3.Row | tuple[object, ...]) -> Entry:
    values = dict(zip((*COLUMNS, "revisions"), row, strict=True))
    values["recipient"] = tuple(str(values["recipient"]).split("\n"))
    values["revisions"] = tuple(sorted({int(r) for r in str(values["revisions"] or "").split(",")
                                        if r}))
    return Entry(**values)


def find(conn: sqlite3.Connection, reference: str, revision: int,
         language: str) -> list[Entry]:
    """The files of one revision of a letter: the first filed, then its signed copies."""
    rows = conn.execute(f"SELECT {_SELECT} FROM letters WHERE reference = ? AND revision = ? "
                        "AND language = ? ORDER BY copy_of != '', id",
                        (reference, revision, language)).fetchall()
    return [_entry(r) for r in rows]


# Only the latest revision of each reference and language (with its signed copies).
_LATEST = ("letters.revision = (SELECT max(revision) FROM letters AS other WHERE "
           "other.reference = letters.reference AND other.language = letters.language)")


def entries(conn: sqlite3.Connection, since: str = "", until: str = "",
            all_revisions: bool = True) -> list[Entry]:
    """Every letter dated from ``since`` to ``until`` (ISO dates, "" for no bound), each
    file followed by its signed copies; without ``all_revisions`` only the latest revision
    of each."""
    latest = "" if all_revisions else f" AND {_LATEST}"
    rows = conn.execute(f"SELECT {_SELECT} FROM letters WHERE date >= ? AND date <= ?{latest} "
                        "ORDER BY date, reference, revision, language, bag",
                        (since, until or "9999")).fetchall()
    return [_entry(r) for r in rows]


def search(conn: sqlite3.Connection, query: str, since: str = "", until: str = ""
           ) -> list[tuple[Entry, tuple[Hit, ...]]]:
    """The letters holding every word of ``query`` (a phrase when it is in double quotes,
    its words in order in one field), best match first, each with where it holds them;
    ValueError if the query holds no word."""
    wanted = [keys for _, _, keys in words(query)]
    if not wanted:
        raise ValueError("the query holds no word to search for")
    quoted = query.strip()
    phrase = len(quoted) > 1 and quoted[0] == quoted[-1] == '"'
    match = " AND ".join("(" + " OR ".join(f'"{k}"' for k in sorted(keys)) + ")"
                         for keys in wanted)
    rows = conn.execute(f"SELECT {_SELECT}, letters.id FROM text JOIN letters ON letters.id = "
                        "text.rowid WHERE text MATCH ? AND letters.date >= ? AND "
                        "letters.date <= ? ORDER BY bm25(text), letters.date",
                        (match, since, until or "9999")).fetchall()
    found = []
    for row in rows:
        texts = conn.execute("SELECT field, text FROM fields WHERE letter = ? ORDER BY rowid",
                             (row[-1],)).fetchall()
        hits = _hits([(str(f), str(t)) for f, t in texts], wanted, phrase)
        if hits or not phrase:
            found.append((_entry(row[:-1]), hits))
    return found


def _hits(texts: list[tuple[str, str]], wanted: list[frozenset[str]], phrase: bool
          ) -> tuple[Hit, ...]:
    """Each field holding a word of the query (the phrase, with ``phrase``), with a snippet
    around the first place it does."""
    hits = []
    for field, text in texts:
        tokens = list(words(text))
        spans = []
        if phrase:
            size = len(wanted)
            spans = [(tokens[i][0], tokens[i + size - 1][1])
                     for i in range(len(tokens) - size + 1)
                     if all(tokens[i + j][2] & wanted[j] for j in range(size))]
        else:
            spans = [(a, b) for a, b, keys in tokens if any(keys & w for w in wanted)]
        if spans:
            hits.append(Hit(field, snippet(text, *spans[0])))
    return tuple(hits)


def snippet(text: str, start: int, end: int, around: int = 40) -> str:
    """``text[start:end]`` in brackets, with up to ``around`` characters each side, cut at a
    space, lines joined by spaces."""
    before, after = text[max(0, start - around):start], text[end:end + around]
    if start > around and " " in before:
        before = "…" + before[before.index(" ") + 1:]
    if end + around < len(text) and " " in after:
        after = after[:after.rindex(" ")] + "…"
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


def previous(conn: sqlite3.Connection, reference: str, revision: int, language: str) -> str:
    """The bag of the latest revision before ``revision`` filed (its first file), or ""."""
    row = conn.execute("SELECT bag FROM letters WHERE reference = ? AND language = ? AND "
                       "revision < ? AND copy_of = '' ORDER BY revision DESC LIMIT 1",
                       (reference, language, revision)).fetchone()
    return str(row[0]) if row else ""


def copies(conn: sqlite3.Connection, bag: str) -> list[Entry]:
    """The copies filed beside the bag ``bag`` (signed copies, scans), in filing order."""
    rows = conn.execute(f"SELECT {_SELECT} FROM letters WHERE copy_of = ? ORDER BY id",
                        (bag,)).fetchall()
    return [_entry(r) for r in rows]


def of_reference(conn: sqlite3.Connection, reference: str) -> list[Entry]:
    """Every file filed under ``reference``: by language, then revision, each first file
    followed by its signed copies."""
    rows = conn.execute(f"SELECT {_SELECT} FROM letters WHERE reference = ? "
                        "ORDER BY language, revision, copy_of != '', id", (reference,)).fetchall()
    return [_entry(r) for r in rows]
