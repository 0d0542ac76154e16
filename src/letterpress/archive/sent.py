"""A letter filed is a letter sent: it never changes under its reference, language and revision.

A correction made after a letter was filed (a name fixed in the members registry, a word in
the body) needs a new revision, which prints a correction note and is filed beside the one it
replaces. This module finds what a build would change in a filed letter (:func:`guard`, used
by ``letterpress build``), and what changed between two filed revisions (:func:`changes`,
stored in the new revision's bag and shown by ``letterpress archive history``).

The archive is only read here, through a read-only connection to its register: a build never
takes the archive's lock, and works on a read-only copy.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from ..check.extract import safe_path
from ..corrections.diff import Change, diff_letters, format_changes
from ..errors import ArchiveError, LetterpressError, SourceError
from ..model import Letter
from ..world import World
from . import bag, folder, register
from .index import SOURCE, one

if TYPE_CHECKING:
    from ..pipeline import Loaded

CHANGES_TEXT, CHANGES_JSON = "changes.txt", "changes.json"  # in data/ of a later revision


def filed(root: Path, reference: str, revision: int, language: str) -> list[register.Entry]:
    """The bags filed under ``reference``, ``revision`` and ``language`` (the first file,
    then its signed copies); none when the archive or its register does not exist."""
    return _read(root, lambda conn: register.find(conn, reference, revision, language))


def _read(root: Path, query: Callable[[register.Connection], list[register.Entry]]
          ) -> list[register.Entry]:
    """``query`` on the archive's register opened read-only (no lock, no journal written);
    nothing when it does not exist or cannot be read (`archive` rebuilds it)."""
    path = root / folder.REGISTER
    if not path.is_file():
        return []
    try:
        with closing(register.read_only(path)) as conn:
            return query(conn)
    except register.Error:
        return []


def history(root: Path, reference: str) -> list[tuple[register.Entry, str]]:
    """Every file filed under ``reference`` (by language and revision, signed copies after
    their first file), each with what changed against the revision it replaces, as stored
    in its bag ("" for a first revision or a signed copy)."""
    out = []
    for entry in _read(root, lambda conn: register.of_reference(conn, reference)):
        stored = root / entry.bag / "data" / CHANGES_TEXT
        out.append((entry, stored.read_text(encoding="utf-8") if stored.is_file() else ""))
    return out


def letter_in(root: Path, bag_name: str, world: World) -> Letter:
    """The letter a filed bag holds, loaded from the sources it was filed with."""
    from ..pipeline import load

    where = root / bag_name
    try:
        source = where.joinpath(*safe_path(one(bag.read_info(where), SOURCE, where)).parts)
        return load(source, world).letter
    except (ValueError, LetterpressError) as exc:
        raise ArchiveError(f"{where}: cannot read the letter filed there ({exc})") from None


def since_filed(root: Path, letter: Letter, world: World
                ) -> tuple[str, tuple[Change, ...]] | None:
    """When ``letter``'s reference, revision and language are filed in the archive at
    ``root`` and ``letter`` says something else: the bag, and what changed."""
    for entry in filed(root, letter.reference, letter.revision, letter.language)[:1]:
        changed = diff_letters(letter_in(root, entry.bag, world), letter)
        if changed:
            return entry.bag, changed
    return None


def counted(changed: tuple[Change, ...]) -> str:
    """"1 field" or "N fields"."""
    return f"{len(changed)} field{'s' * (len(changed) != 1)}"


def listed(changed: tuple[Change, ...]) -> str:
    """Each change on a line of its own, indented, as `letterpress diff` says it."""
    return "".join(f"\n  {line}" for line in format_changes(changed))


def _refusal(source: str, letter: Letter, where: str, changed: tuple[Change, ...]) -> str:
    """The words that refuse a changed letter under a filed revision."""
    return (f"{source}: reference {letter.reference} revision {letter.revision} "
            f"({letter.language}) was filed as sent ({where}); this would change "
            f"{counted(changed)} of it:{listed(changed)}")


def guard(root: Path, world: World) -> Callable[[Loaded], None]:
    """For ``letterpress build``: a check run on each loaded letter before its PDF is
    written, refusing (SourceError, exit 2, the PDF on disk kept) a letter that would change
    one filed in the archive at ``root`` under the same revision."""

    def check(loaded: Loaded) -> None:
        letter = loaded.letter
        found = since_filed(root, letter, world)
        if found is not None:
            bag_name, changed = found
            raise SourceError(_refusal(letter.origin, letter, str(root / bag_name), changed),
                              hint=f"a sent letter is corrected by a new revision, which says "
                              f"so on the page: letterpress revise {letter.origin}")

    return check


def changes(old: Letter, new: Letter) -> tuple[str, str]:
    """What changed from one revision to the next: as `letterpress diff` prints it, and as
    JSON (the same changes), for the new revision's bag."""
    changed = diff_letters(old, new)
    text = "\n".join(format_changes(changed)) + "\n" if changed else "no field changed\n"
    data = json.dumps([c.as_json() for c in changed], ensure_ascii=False, indent=2) + "\n"
    return text, data
