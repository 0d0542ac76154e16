"""What the members commands do with letters and the registry: which letters name an entry
(``letterpress affected``), and linking imported signatories to entries (``letterpress
import``, with ``--add-members`` adding those not found).

Library code: it returns values and raises errors; cli.py prints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import Diagnostic, LetterpressError, SourceError
from ..model import Letter, MemberRef, Signatory
from ..resolve.names import match_keys, spelling
from ..resolve.registry import Member, Registry, append_members, parse_registry
from ..world import Unreadable, World, read_file


@dataclass(frozen=True, slots=True, kw_only=True)
class Use:
    """A letter naming a registry entry: where, and as which signatory."""

    file: Path
    path: str  # signatories[0].members[27], signature.signers[1]
    line: int
    column: int

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else str(self.file)
        return f"{where}: {self.path}"


def uses(member: str, letters: Iterable[Path], world: World
         ) -> tuple[list[Use], list[LetterpressError]]:
    """Where each of ``letters`` names the entry ``member``, and the letters that could not
    be read (the others are still searched)."""
    from ..pipeline import parse

    found: list[Use] = []
    errors: list[LetterpressError] = []
    for file in letters:
        try:
            # Most letters do not name the member: only those whose text holds the id are
            # parsed (about 7 ms each for the sample), to confirm and locate it.
            if member.encode() not in read_file(file, "letter"):
                continue
        except Unreadable:
            pass  # parse says why, in the words of every other command
        try:
            source, _ = parse(file, world)
        except LetterpressError as exc:
            errors.append(exc)
            continue
        named = [(f"signatories[{g}].members[{i}]", entry)
                 for g, group in enumerate(source.values.get("signatories", ()))
                 for i, entry in enumerate(group.members)]
        signature = source.values.get("signature")
        named += [(f"signature.signers[{i}]", entry)
                  for i, entry in enumerate(signature.signers if signature else ())]
        for path, entry in named:
            if isinstance(entry, MemberRef) and entry.id == member:
                where = source.positions.get(path + ".member")
                found.append(Use(file=file, path=path, line=where.line if where else 0,
                                 column=where.column if where else 0))
    return found, errors


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """An imported signatory and what became of it."""

    path: str  # signatories[0].members[3]
    name: str  # as imported
    id: str  # "" when not in the registry
    added: bool = False  # added to the registry by this import
    differs: str = ""  # what the registry prints instead of the imported text, if anything


def link_members(letter: Letter, registry: Registry | None
                 ) -> tuple[Letter, tuple[Link, ...]]:
    """``letter`` with each signatory found in ``registry`` (by name, ignoring diacritics,
    case and punctuation, in any of the entry's languages) replaced by the entry's text and
    id; and what happened to each signatory. A name two entries share is left as it is."""
    index: dict[str, set[str]] = {}
    for known in registry.members if registry else ():
        for key in {key for name in known.names() for key in match_keys(name)}:
            index.setdefault(key, set()).add(known.id)
    links: list[Link] = []
    groups = []
    for g, group in enumerate(letter.signatories):
        members = []
        for i, member in enumerate(group.members):
            ids = set().union(*(index.get(key, set()) for key in match_keys(member.name)))
            entry: Member | None = (registry.get(next(iter(ids)))
                                    if registry and len(ids) == 1 else None)
            path = f"signatories[{g}].members[{i}]"
            if entry is None:
                links.append(Link(path=path, name=member.name, id=""))
                members.append(member)
                continue
            text = entry.text(letter.language)
            linked = Signatory(name=text.name, organisation=text.organisation, role=text.role,
                               id=entry.id)
            links.append(Link(path=path, name=member.name, id=entry.id,
                              differs=_difference(member, linked)))
            members.append(linked)
        groups.append(replace(group, members=tuple(members)))
    return replace(letter, signatories=tuple(groups)), tuple(links)


def _difference(imported: Signatory, linked: Signatory) -> str:
    changes = [f"{key} '{getattr(linked, key)}'" for key in ("name", "organisation", "role")
               if getattr(imported, key) != getattr(linked, key)]
    return "the registry prints " + ", ".join(changes) if changes else ""


def add_missing(letter: Letter, links: tuple[Link, ...], registry_file: Path,
                text: str, coverage: frozenset[int]
                ) -> tuple[Letter, tuple[Link, ...], str]:
    """Add every signatory ``links`` did not find to the registry whose YAML is ``text``
    (empty for a new one): the letter naming them by their new ids, the links, and the new
    registry text. Ids are made from the names (rafik-ismayilov, then rafik-ismayilov-2)."""
    registry, errors = parse_registry(text, str(registry_file), coverage) if text else (
        Registry(file=str(registry_file), members=()), ())
    if registry is None:
        raise SourceError(f"{registry_file}: cannot add members to a registry with errors",
                          errors)
    taken = set(registry.ids())
    new: list[Signatory] = []
    chosen: dict[str, str] = {}
    for link in links:
        if link.id or link.path in chosen:
            continue
        member = _member_at(letter, link.path)
        chosen[link.path] = _new_id(member.name, taken)
        new.append(replace(member, id=chosen[link.path]))
    if not new:
        return letter, links, text
    updated = append_members(text, registry, new)
    check, problems = parse_registry(updated, str(registry_file), coverage)
    if check is None or check.ids() != registry.ids() + tuple(m.id for m in new):
        raise SourceError(f"{registry_file}: cannot add the members to this file as it is "
                          "written", problems,
                          hint="add them by hand, or write members: as a block list")
    groups = tuple(replace(group, members=tuple(
        replace(m, id=chosen.get(f"signatories[{g}].members[{i}]", m.id))
        for i, m in enumerate(group.members))) for g, group in enumerate(letter.signatories))
    links = tuple(replace(link, id=chosen[link.path], added=True) if link.path in chosen
                  else link for link in links)
    return replace(letter, signatories=groups), links, updated


def _member_at(letter: Letter, path: str) -> Signatory:
    g, i = (int(part.split("]")[0]) for part in path.split("[")[1:])
    return letter.signatories[g].members[i]


def _new_id(name: str, taken: set[str]) -> str:
    base = "-".join(spelling(name).encode("ascii", "ignore").decode().split()) or "member"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def not_found(links: tuple[Link, ...], file: str) -> tuple[Diagnostic, ...]:
    """A line for each signatory the registry does not have."""
    return tuple(Diagnostic(file, 0, 0, link.path, f"'{link.name}' is not in the registry",
                            severity="warning") for link in links if not link.id)


@dataclass(frozen=True, slots=True)
class Linked:
    """An imported letter linked to the registry: the letter naming its members by id, what
    became of each signatory, and the registry used (None: there is none)."""

    letter: Letter
    links: tuple[Link, ...]
    registry: Path | None


def link_to_registry(letter: Letter, folder: Path, registry: Path | None, add: bool,
                     world: World) -> Linked:
    """Link an imported ``letter`` to the registry ``registry`` (None: the one found from
    ``folder`` up, as a build finds it); with ``add``, add the signatories it lacks, creating
    it in ``folder`` if there is none. The registry file is read through ``world`` and
    replaced only by a complete new one."""
    from ..outputs import write_atomically
    from ..resolve.registry import find_registry, load_registry
    from ..world import REGISTRY_NAME

    path = registry or find_registry(folder)
    if path is None and not add:
        return Linked(letter, (), None)
    path = path or folder / REGISTRY_NAME
    exists = path.exists()
    found = load_registry(path, world) if exists or not add else None
    letter, links = link_members(letter, found)
    if add:
        text = _registry_text(path, world) if found else ""
        letter, links, updated = add_missing(letter, links, path, text, world.coverage)
        if updated != text:
            write_atomically(path, updated.encode("utf-8"))
    return Linked(letter, links, path)


def _registry_text(path: Path, world: World) -> str:
    from ..parse.textfile import decode_text

    try:
        return decode_text(world.read(path, "registry"))
    except Unreadable as exc:
        raise SourceError(f"{path}: cannot read the members registry ({exc.reason})",
                          hint=exc.hint) from None
