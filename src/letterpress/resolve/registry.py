"""The members registry: each member once, with a stable id, in ``members.yaml``.

A letter's signatory group may list ``- member: ID`` beside members written out. The registry
is found beside the letter or in a folder above it (:func:`find_registry`): the nearest
``members.yaml``, looking no higher than the project's root (a folder holding ``.git`` or
``pyproject.toml``). It is read only by letters that name a member, through the world, so it
is recorded as one of their dependencies; :func:`members_used` tells which entries a letter
used and :meth:`Member.digest` fingerprints one entry, for builds that depend on the entries
rather than on the whole file.

The letter's language picks the member's text field by field: the entry's ``az:`` (``ru:``,
``en:``) block where it gives the field, else the default written at the entry's top level.

Errors (duplicate ids, a member with no name in any language, an id no entry has) are
diagnostics like every other source problem. :func:`likely_duplicates` finds entries that are
probably the same person written two ways (İlham / Ilham, swapped words): warnings, for
``letterpress members check``. :func:`match_keys` (names.py, shared with ``archive search``) is
the comparison ``letterpress import`` uses to find an imported signatory in the registry.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..errors import Diagnostic, SourceError
from ..model import (
    LANGUAGES,
    Letter,
    MemberRef,
    Position,
    Signatory,
    SignatoryGroup,
    Signature,
    Signer,
    refers_to_members,
)
from ..parse.schema import ENTRY_KEYS, REGISTRY_KEYS, TRANSLATION_KEYS
from ..parse.textfile import LINE_END, Undecodable, decode_text
from ..parse.yaml_source import field_spec, member_id, read_mapping, read_optional, read_record
from ..parse.yamltree import Node, Reader, compose, is_null
from ..world import REGISTRY_NAME, Unreadable, World
from .names import match_keys as match_keys  # the normaliser, shared with the archive
from .names import mixed_script_message, mixed_scripts

ROOT_MARKERS = (".git", "pyproject.toml", "letterpress.toml")
REGISTRY_HINT = (f"create {REGISTRY_NAME} beside the letter or in a folder above it "
                 "(usually source/members.yaml)")


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberText:
    """A member's name, organisation and role in one language ("" where not given)."""

    name: str = ""
    organisation: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    """One entry of the registry: its default text and its text in other languages."""

    id: str
    default: MemberText
    languages: tuple[tuple[str, MemberText], ...] = ()
    where: Position | None = field(default=None, compare=False)  # of its id
    path: str = field(default="", compare=False)  # members[N] in the registry
    # where each of its fields is written: (members[N].name, position), ...
    positions: tuple[tuple[str, Position], ...] = field(default=(), compare=False)

    def text(self, language: str) -> MemberText:
        """The text in ``language``, each field falling back to the default."""
        own = dict(self.languages).get(language, MemberText())
        return MemberText(name=own.name or self.default.name,
                          organisation=own.organisation or self.default.organisation,
                          role=own.role or self.default.role)

    def names(self) -> tuple[str, ...]:
        """Every name the entry gives, the default first."""
        found = [self.default.name] + [text.name for _, text in self.languages]
        return tuple(dict.fromkeys(name for name in found if name))

    def digest(self) -> str:
        """SHA-256 of what the entry says: it changes exactly when a letter using the entry
        could print something else."""
        parts = [self.id, *_fields(self.default)]
        for language, text in sorted(self.languages):
            parts += [language, *_fields(text)]
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def _fields(text: MemberText) -> list[str]:
    return [text.name, text.organisation, text.role]


@dataclass(frozen=True, slots=True, kw_only=True)
class Registry:
    file: str
    members: tuple[Member, ...]
    lines: tuple[str, ...] = ()
    indent: int = 2  # the column (0-based) of the first entry's keys, to add entries alike

    def get(self, member: str) -> Member | None:
        return next((m for m in self.members if m.id == member), None)

    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.members)


# --- finding and reading ----------------------------------------------------------------------


def find_registry(folder: Path) -> Path | None:
    """The nearest members.yaml in ``folder`` or a folder above it, up to the project's
    root; named relative to the current folder when ``folder`` is relative."""
    start = folder.absolute()
    for candidate in (start, *start.parents):
        path = candidate / REGISTRY_NAME
        if path.is_file():
            return path if folder.is_absolute() else Path(os.path.relpath(path))
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return None
    return None


def read_registry(path: Path, world: World, coverage: frozenset[int]
                  ) -> tuple[Registry | None, tuple[Diagnostic, ...]]:
    """The registry at ``path`` read through ``world`` (so it is recorded as a dependency),
    and its problems."""
    try:
        text = decode_text(world.read(path, "registry"))
    except Undecodable as exc:
        return None, (Diagnostic(str(path), exc.line, exc.column, "",
                                 f"cannot read the members registry: {exc.reason}", exc.hint),)
    except Unreadable as exc:
        return None, (Diagnostic(str(path), 0, 0, "",
                                 f"cannot read the members registry: {exc.reason}", exc.hint),)
    return parse_registry(text, str(path), coverage)


@lru_cache(maxsize=16)  # a batch of letters shares one registry: parse it once per content
def parse_registry(text: str, filename: str, coverage: frozenset[int]
                   ) -> tuple[Registry | None, tuple[Diagnostic, ...]]:
    """Parse the YAML of a registry: the registry (None if any problem) and every problem."""
    r = Reader(filename, text, coverage, PurePosixPath("."), [])
    root = compose(r)
    found = None if root is None else read_mapping(r, root, "", _REGISTRY)
    nodes = found.get("members") if found else None
    entries: list[tuple[int, dict[str, Any]]] = []
    if nodes is not None and not is_null(nodes) and r.expect(
            nodes, "members", yaml.SequenceNode, "a list of members"):
        for i, node in enumerate(nodes.value):  # each entry, so that all are checked
            r.mark(f"members[{i}]", node)
            read = _entry(r, node, f"members[{i}]")
            if read is not None:
                entries.append((i, read))
    members = tuple(_member_of(entry, r.positions, i) for i, entry in entries)
    _check_ids(r, members)
    if r.out:
        return None, tuple(r.out)
    first = r.positions.get("members[0]")
    indent = first.column - 1 if first and first.column > 2 else 2
    return Registry(file=filename, members=members, lines=tuple(r.lines), indent=indent), ()


def _entry(r: Reader, node: Node, path: str) -> dict[str, Any] | None:
    entry: dict[str, Any] | None = read_record(r, node, path, _ENTRY, dict)
    if entry is not None and not any(
            entry.get("name") or (isinstance(v, MemberText) and v.name) for v in entry.values()):
        r.error(node, path, f"member '{entry['id']}' has no name in any language",
                "give it a name: name: ... (or az: {name: ...})")
        return None
    return entry


def _member_of(entry: dict[str, Any], positions: Mapping[str, Position], i: int) -> Member:
    default = MemberText(**{k: entry.get(k, "") for k in TRANSLATION_KEYS})
    languages = tuple((language, entry[language]) for language in LANGUAGES
                      if language in entry)
    return Member(id=entry["id"], default=default, languages=languages,
                  where=positions.get(f"members[{i}].id"), path=f"members[{i}]",
                  positions=tuple((k, v) for k, v in positions.items()
                                  if k.startswith(f"members[{i}]."))
                  )


def _check_ids(r: Reader, members: tuple[Member, ...]) -> None:
    first: dict[str, Member] = {}
    for member in members:
        seen = first.setdefault(member.id, member)
        if seen is not member:
            where = member.where
            r.error((where.line, where.column) if where else (0, 0), member.path + ".id",
                    f"duplicate id '{member.id}'",
                    f"'{member.id}' is already given at line "
                    f"{seen.where.line if seen.where else '?'}; give each member one entry "
                    "with its own id")


_TRANSLATION = field_spec(TRANSLATION_KEYS, name=read_optional, organisation=read_optional,
                          role=read_optional)
_ENTRY = field_spec(
    ENTRY_KEYS, id=member_id, name=read_optional, organisation=read_optional, role=read_optional,
    **{language: lambda r, node, path: read_record(r, node, path, _TRANSLATION, MemberText)
       for language in LANGUAGES})
_REGISTRY = field_spec(REGISTRY_KEYS, members=lambda r, node, path: node)


def append_members(text: str, registry: Registry, members: Iterable[Signatory]) -> str:
    """``text`` of ``registry`` with an entry for each of ``members`` (their ``id`` set)
    added at its end, indented like the entries before them; a new registry if ``text`` is
    empty. The caller checks that the result reads back as intended."""
    entries = [{"id": m.id, "name": m.name, **({"organisation": m.organisation}
                                              if m.organisation else {}),
                **({"role": m.role} if m.role else {})} for m in members]
    block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=10**6,
                           default_flow_style=False)
    # the file's own line end (its first), so that a Windows file stays one
    end = next((m.group() for m in LINE_END.finditer(text)), "\n")
    prefix = " " * (registry.indent - 2 if text.strip() else 2)
    added = "".join(prefix + line + end for line in block.splitlines())
    if not text.strip():
        return "members:" + end + added
    return (text if text.endswith(("\n", "\r")) else text + end) + added


# --- letters and the registry -----------------------------------------------------------------


def resolve_members(groups: tuple[SignatoryGroup, ...], language: str, letter: str,
                    folder: Path, world: World, positions: Mapping[str, Position],
                    problems: list[Diagnostic], signature: Signature | None = None
                    ) -> tuple[tuple[SignatoryGroup, ...], Signature | None]:
    """The groups and the signature block with every ``member: ID`` replaced by the
    registry's text in ``language`` (a signer's title is the member's role); problems (no
    registry, a broken one, an unknown id) are added to ``problems``."""
    named = [f"signatories[{g}].members[{i}]" for g, group in enumerate(groups)
             for i, m in enumerate(group.members) if isinstance(m, MemberRef)]
    named += [f"signature.signers[{i}]" for i, s in enumerate(signature.signers if signature
                                                              else ()) if isinstance(s, MemberRef)]
    if not named:
        return groups, signature
    path = find_registry(folder)
    if path is None:
        problems.append(_at(letter, positions, named[0] + ".member",
                            f"no members registry ({REGISTRY_NAME}) in {folder} or a folder "
                            "above it", REGISTRY_HINT))
        return groups, signature
    registry, errors = read_registry(path, world, world.coverage)
    problems.extend(errors)
    if registry is None:
        return groups, signature
    if refers_to_members(groups):
        groups = tuple(replace(group, members=tuple(
            _signatory(m, registry, language, letter, f"signatories[{g}].members[{i}]",
                       positions, problems) for i, m in enumerate(group.members)))
            for g, group in enumerate(groups))
    if signature is not None:
        signature = replace(signature, signers=tuple(
            _signer(s, registry, language, letter, f"signature.signers[{i}]", positions,
                    problems) for i, s in enumerate(signature.signers)))
    return groups, signature


def _signatory(member: Signatory | MemberRef, registry: Registry, language: str, letter: str,
               path: str, positions: Mapping[str, Position],
               problems: list[Diagnostic]) -> Signatory:
    if isinstance(member, Signatory):
        return member
    text = _member_text(member.id, registry, language, letter, path, positions, problems)
    return Signatory(name=text.name, organisation=text.organisation, role=text.role,
                     id=member.id)


def _signer(signer: Signer | MemberRef, registry: Registry, language: str, letter: str,
            path: str, positions: Mapping[str, Position], problems: list[Diagnostic]) -> Signer:
    if isinstance(signer, Signer):
        return signer
    text = _member_text(signer.id, registry, language, letter, path, positions, problems)
    return Signer(name=text.name, title=text.role, organisation=text.organisation,
                  id=signer.id)


def _member_text(member: str, registry: Registry, language: str, letter: str, path: str,
                 positions: Mapping[str, Position], problems: list[Diagnostic]) -> MemberText:
    """The registry's text of ``member`` in ``language``; empty after reporting why not."""
    entry = registry.get(member)
    if entry is None:
        problems.append(_at(letter, positions, path + ".member",
                            f"no member '{member}' in {registry.file}",
                            suggest_id(member, registry)))
        return MemberText()
    text = entry.text(language)
    if not text.name:
        problems.append(_at(letter, positions, path + ".member",
                            f"member '{member}' has no name in {language} and no default "
                            f"name in {registry.file}",
                            f"give the entry a name, or a {language}: block with one"))
    return text


def suggest_id(wanted: str, registry: Registry) -> str:
    import difflib  # only a misspelt id needs it

    close = difflib.get_close_matches(wanted, registry.ids(), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"add it to {registry.file}, or write the member out (name: ...)"


def _at(file: str, positions: Mapping[str, Position], path: str, message: str,
        hint: str) -> Diagnostic:
    where = positions.get(path)
    line, column = (where.line, where.column) if where else (0, 0)
    return Diagnostic(file, line, column, path, message, hint)


def entry_digests(data: bytes) -> dict[str, str]:
    """The digest of each entry of the registry ``data`` (id -> SHA-256 of what it says);
    empty when the registry cannot be read (a letter using it is then out of date)."""
    from ..fonts import Drawable, load_fonts

    try:
        registry, _ = parse_registry(decode_text(data), REGISTRY_NAME,
                                     Drawable(load_fonts()))
    except Unreadable:
        return {}
    return {} if registry is None else {m.id: m.digest() for m in registry.members}


def registry_for(letter: Letter, data: bytes) -> bytes:
    """What of the registry ``data`` the letter carries inside its PDF: the entries it names,
    in the registry's order, each with its id and the text the letter prints (its name,
    organisation and role in the letter's language); no comments, no other member, no other
    language. Built from such a file, the letter prints the same, and carries the same file."""
    from ..fonts import Drawable, load_fonts
    from ..parse.dump import dump_registry

    registry, _ = parse_registry(decode_text(data), REGISTRY_NAME, Drawable(load_fonts()))
    used = set(members_used(letter))
    entries = []
    for member in registry.members if registry else ():
        if member.id in used:
            text = member.text(letter.language)
            entries.append({"id": member.id, **{key: value for key in TRANSLATION_KEYS
                                                if (value := getattr(text, key))}})
    return dump_registry(entries).encode("utf-8")


def members_used(letter: Letter) -> tuple[str, ...]:
    """The registry ids a letter's signatories and signers come from, in order (the
    signatories first), each once."""
    signers = letter.signature.signers if letter.signature else ()
    return tuple(dict.fromkeys([*(m.id for g in letter.signatories for m in g.members if m.id),
                                *(s.id for s in signers if s.id)]))


def registry_at(path: Path) -> Path:
    """The registry ``path`` names: itself if it is a YAML file, else the one found from the
    folder ``path`` up (as a build finds it); SourceError if there is none."""
    found = path if path.suffix.lower() in (".yaml", ".yml") else find_registry(path)
    if found is None:
        raise SourceError(f"{path}: no {REGISTRY_NAME} here or in a folder above",
                          hint=REGISTRY_HINT)
    return found


def load_registry(path: Path, world: World) -> Registry:
    """The registry at ``path``, or SourceError with every problem."""
    registry, errors = read_registry(path, world, world.coverage)
    if registry is None:
        count = f"{len(errors)} error{'s' * (len(errors) != 1)}"
        raise SourceError(f"{path}: {count} in the members registry", errors)
    return registry


# --- the same person written two ways --------------------------------------------------------

def _person_keys(name: str) -> frozenset[str]:
    """Word order does not matter either: "Ilham Aliyev" and "Aliyev Ilham"."""
    return frozenset(" ".join(sorted(key.split())) for key in match_keys(name))


def likely_duplicates(registry: Registry) -> tuple[Diagnostic, ...]:
    """A warning for each entry whose name, in some language, is another entry's name written
    another way (diacritics, case, punctuation, word order)."""
    seen: dict[str, Member] = {}
    warnings = []
    for member in registry.members:
        keys = sorted({key for name in member.names() for key in _person_keys(name)})
        for key in keys:
            other = seen.setdefault(key, member)
            if other is member:
                continue
            where = member.where
            warnings.append(Diagnostic(
                registry.file, where.line if where else 0, where.column if where else 0,
                member.path,
                f"'{member.id}' is probably the same person as '{other.id}' "
                f"(line {other.where.line if other.where else '?'})",
                "keep one entry and change the letters that name the other", "warning"))
            break
    return tuple(warnings)


def mixed_script_names(registry: Registry) -> tuple[Diagnostic, ...]:
    """A warning for each name, organisation or role of an entry with a word written in Latin
    letters and a Cyrillic one among them, or the reverse (names.py): it looks right and
    matches nothing."""
    warnings = []
    for member in registry.members:
        places = dict(member.positions)
        texts = [(f"{member.path}.{key}", getattr(member.default, key))
                 for key in TRANSLATION_KEYS]
        texts += [(f"{member.path}.{language}.{key}", getattr(text, key))
                  for language, text in member.languages for key in TRANSLATION_KEYS]
        for path, text in texts:
            for word, letter, said in mixed_scripts(text or ""):
                line, column = _locate(registry.lines, places.get(path), letter)
                warnings.append(Diagnostic(
                    registry.file, line, column, path, mixed_script_message(text, word, letter,
                                                                            said),
                    "write every letter of a word in one script", "warning"))
    return tuple(warnings)


def _locate(lines: tuple[str, ...], where: Position | None, letter: str) -> tuple[int, int]:
    """The line and column of ``letter`` in the value written at ``where`` (its start when
    the value is not on that line as written)."""
    if where is None:
        return 0, 0
    text = lines[where.line - 1] if 0 < where.line <= len(lines) else ""
    found = text.find(letter, where.column - 1)
    return where.line, found + 1 if found >= 0 else where.column
