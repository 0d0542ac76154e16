"""The build cache's file read and edited as a forger would: straight through SQLite, not
through letterpress (corrections/records.py keeps a row a PDF: its record as JSON and the
SHA-256 of that JSON)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any


def rows(path: Path) -> dict[str, dict[str, Any]]:
    """Every record of the cache file at ``path``, by PDF name, as its JSON says."""
    conn = sqlite3.connect(path)
    try:
        return {name: json.loads(text)
                for name, text in conn.execute("SELECT name, record FROM letters")}
    finally:
        conn.close()


def edit(path: Path, name: str, change: Callable[[dict[str, Any]], object], *,
         reseal: bool = False) -> None:
    """Change the record of ``name`` in place; with ``reseal``, its digest is made to match
    again (a forger who read the code). ``change`` may edit the record or return another
    value to store instead (anything JSON can say)."""
    conn = sqlite3.connect(path)
    try:
        (text,) = conn.execute("SELECT record FROM letters WHERE name = ?", (name,)).fetchone()
        record = json.loads(text)
        returned = change(record)
        new = json.dumps(record if returned is None else returned)
        digest = hashlib.sha256(new.encode()).hexdigest() if reseal else None
        conn.execute("UPDATE letters SET record = ?, digest = coalesce(?, digest) "
                     "WHERE name = ?", (new, digest, name))
        conn.commit()
    finally:
        conn.close()


def database(path: Path, meta: dict[str, str], letters: dict[str, object] | None = None,
             *, sealed: bool = True) -> None:
    """A SQLite file of the cache's shape with ``meta`` and the records ``letters``, each
    sealed with its digest (or not)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("CREATE TABLE letters (name TEXT PRIMARY KEY, record TEXT NOT NULL, "
                     "digest TEXT NOT NULL)")
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        for name, entry in (letters or {}).items():
            text = json.dumps(entry)
            digest = hashlib.sha256(text.encode()).hexdigest() if sealed else "0" * 64
            conn.execute("INSERT INTO letters VALUES (?, ?, ?)", (name, text, digest))
        conn.commit()
    finally:
        conn.close()
