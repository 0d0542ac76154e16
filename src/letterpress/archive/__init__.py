"""The archive: one BagIt bag per filed letter, and a register that finds them.

The folder's layout is in folder.py; bags are written by bag.py (the bagit library), the
register by register.py (SQLite with FTS5), filing in filing.py, verification in verify.py.
These functions are what the command line calls; each takes the archive folder and the world
(a letter source is loaded again, to index its words) and returns plain values with notices
for the user, never printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ArchiveError
from ..world import World
from . import folder, index, register
from .filing import Filed, Prepared, file_letter, prepare
from .folder import locate, require
from .register import Entry, Hit
from .verify import Verified, verify

__all__ = ["Entry", "Filed", "Found", "Hit", "Prepared", "Verified", "file_letter", "find",
           "locate", "prepare", "reindex", "require", "verify"]


@dataclass(frozen=True, slots=True)
class Found:
    entries: tuple[Entry, ...]
    notices: tuple[str, ...]
    hits: tuple[tuple[Hit, ...], ...] = ()  # a search: where each entry holds the query


def find(root: Path, world: World, query: str | None, since: str = "",
         until: str = "", all_revisions: bool = True) -> Found:
    """The letters dated ``since`` to ``until``, each file followed by its signed copies
    (without ``all_revisions``, only the latest revision of each); with ``query``, every
    revision holding all its words (or its phrase, in double quotes), best match first."""
    require(root, create=False)
    with folder.locked(root):
        opened = index.open_register(root, world)
    try:
        if query is None:
            return Found(tuple(register.entries(opened.conn, since, until, all_revisions)),
                         opened.notices)
        try:
            found = register.search(opened.conn, query, since, until)
        except ValueError as exc:
            raise ArchiveError(f"{query!r}: {exc}") from None
        return Found(tuple(e for e, _ in found), opened.notices, tuple(h for _, h in found))
    except register.Error as exc:
        raise ArchiveError(f"{root / folder.REGISTER}: cannot be read ({exc})") from None
    finally:
        opened.conn.close()


def reindex(root: Path, world: World) -> tuple[int, tuple[str, ...]]:
    """Rebuild the register from the bags alone: how many were indexed, and notices."""
    require(root, create=False)
    with folder.locked(root):
        return index.rebuild(root, world)
