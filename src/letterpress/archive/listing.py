"""Listing, searching and re-indexing an archive (`archive list`, `search`, `reindex`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..errors import ArchiveError
from ..world import World
from . import folder, index, register
from .folder import require
from .register import Entry, Hit


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
    opened = index.open_for_reading(root, world)
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


class Reindexed(NamedTuple):
    bags: int  # how many were indexed
    notices: tuple[str, ...]
    gone: tuple[str, ...]  # bags the register listed that are gone: each said in a sentence


def reindex(root: Path, world: World) -> Reindexed:
    """Rebuild the register from the bags alone: how many were indexed, notices, and each
    bag the register listed that is gone (a rebuilt register no longer lists it, so it is
    said now, never forgotten silently)."""
    require(root, create=False)
    with folder.locked(root):
        listed = _listed(root)
        count, notices = index.rebuild(root, world)
        on_disk = set(folder.bags(root))
    gone = tuple(f"{root / name}: the bag of {reference} revision {revision} ({language}) "
                 "that the register listed is gone; it is no longer indexed"
                 for name, reference, revision, language in listed if name not in on_disk)
    return Reindexed(count, notices, gone)


def _listed(root: Path) -> list[tuple[str, str, int, str]]:
    """The bags the register lists (none when it is missing or cannot be read)."""
    try:
        conn = register.connect(root / folder.REGISTER)
    except (register.Damaged, register.Error):
        return []
    try:
        return [(e.bag, e.reference, e.revision, e.language) for e in register.entries(conn)]
    except register.Error:
        return []
    finally:
        conn.close()
