"""Corrections: the members registry (members check, affected), import's matching of
signatories against it, and diff."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SourceError
from ..world import World
from .common import BAD_INPUT, CHECK_FAILED, OK, emit, say

if TYPE_CHECKING:
    from ..model import Letter


# --- corrections: the members registry, affected letters, diffs -------------------------------


def add_import_members(i: argparse.ArgumentParser) -> None:
    i.add_argument("--registry", type=Path, metavar="FILE",
                   help="the members registry to match signatories against (default: the "
                   "nearest members.yaml above the output, or above LETTER.md)")
    i.add_argument("--add-members", action="store_true",
                   help="add the signatories the registry lacks to it, and name them by id")


def _add_corrections(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    m = sub.add_parser("members", help="check the members registry, print its schema",
                       description="members check [PATH]: report the registry's errors and "
                       "likely duplicates (PATH: members.yaml or a folder under it; default "
                       "the project's registry). members schema: print its JSON Schema.")
    m.add_argument("action", choices=("check", "schema"),
                   help="check: report the registry's errors and likely duplicates; "
                   "schema: print its JSON Schema")
    m.add_argument("path", nargs="?", type=Path, metavar="PATH",
                   help="members.yaml, or a folder at or under it (default: the project's "
                   "registry, else the nearest members.yaml above source/)")
    a = sub.add_parser("affected", help="list the letters that name a registry member",
                       description="List where the letters name the member ID (- member: ID).")
    a.add_argument("member", metavar="ID", help="the member's id in the registry")
    a.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="letter files or folders (default: the project's source folder, "
                   "else source/)")
    d = sub.add_parser("diff", help="show what changed between two letters",
                       description="Compare two letters (sources, or PDFs: their embedded "
                       "sources, else their text) field by field. Exit 0 when they say the "
                       "same, 1 when they differ.")
    d.add_argument("old", type=Path, metavar="A",
                   help="the letter before: a source (.yaml, .md) or a PDF")
    d.add_argument("new", type=Path, metavar="B", help="the letter after, likewise")
    d.add_argument("--json", action="store_true", help="print the changes as JSON")
    d.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the changes (default: on a terminal only)")
    r = sub.add_parser("revise", help="raise the revision of letters sent already",
                       description="Raise each letter's revision by one in its source (and "
                       "name the date of the letter it replaces), keeping every other line and "
                       "comment as written, so the rebuilt letter prints its correction note. "
                       "A letter filed as sent is corrected this way: build refuses to change "
                       "it under the revision it was filed with.")
    r.add_argument("letters", nargs="+", type=Path, metavar="LETTER.yaml",
                   help="the YAML sources of the letters to revise")


def _members(args: argparse.Namespace) -> int:
    import json

    from ..parse.schema import registry_json_schema
    from ..resolve.registry import likely_duplicates, load_registry, mixed_script_names

    if args.action == "schema":
        emit(json.dumps(registry_json_schema(), indent=2, ensure_ascii=False) + "\n")
        return OK
    registry = load_registry(_registry(args.path), World())
    warnings = likely_duplicates(registry)
    mixed = mixed_script_names(registry)
    for warning in warnings + mixed:
        say(warning.format(), error=True)
    say(f"{registry.file}: {len(registry.members)} members, {len(warnings)} likely "
         f"duplicate{'s' * (len(warnings) != 1)}"
         + f", {len(mixed)} name{'s' * (len(mixed) != 1)} mixing scripts" * bool(mixed))
    return OK


def _registry(given: Path | None) -> Path:
    """The registry members check reads: the one given, else the project's, else the nearest
    above the project's source folder (source/ outside any project)."""
    from ..resolve.registry import REGISTRY_HINT, registry_at
    from . import project

    if given is not None:
        return registry_at(given)
    here = project.find()
    if here.registry is not None:
        return here.registry
    if not here.source.exists():
        raise SourceError(f"{here.source}: no such folder, and {here.where}",
                          hint="give the registry (letterpress members check members.yaml); "
                          + REGISTRY_HINT)
    return registry_at(here.source)


def _affected(args: argparse.Namespace) -> int:
    from ..corrections.members import uses
    from ..pipeline import letters_in
    from ..resolve.registry import load_registry, registry_at, suggest_id
    from . import project

    here = project.find()
    paths = project.letter_paths(args.paths, here)
    folder = paths[0] if paths[0].is_dir() else paths[0].parent
    world = World()
    registry = load_registry(registry_at(folder) if args.paths or here.registry is None
                             else here.registry, world)
    gone = registry.get(args.member) is None
    found, errors = uses(args.member, [s for p in paths for s in letters_in(p)], world)
    if gone and not found:
        raise SourceError(f"{registry.file}: no member '{args.member}'",
                          hint=suggest_id(args.member, registry))
    for error in errors:
        say(error.format(), error=True)
    for use in found:
        say(use.format())
    if gone:  # removed from the registry, still named: those letters no longer build
        say(f"{registry.file}: no member '{args.member}' any more: the letters above name it "
            "and will not build until it is back or they name another", error=True)
        return BAD_INPUT if errors else CHECK_FAILED
    if not found:
        say(f"no letter names '{args.member}'", error=True)
    return BAD_INPUT if errors else OK


def link_members(args: argparse.Namespace, letter: Letter, world: World) -> Letter:
    """The imported letter with the signatories the registry has named by id."""
    from ..corrections.members import link_to_registry, not_found

    linked = link_to_registry(letter, (args.output or args.markdown).parent, args.registry,
                              args.add_members, world)
    for link in linked.links:
        if link.added:
            say(f"{link.path}: '{link.name}' added to {linked.registry} as {link.id}",
                error=True)
        elif link.differs:
            say(f"{link.path}: '{link.name}' is {link.id}; {link.differs}", error=True)
    for line in not_found(linked.links, str(args.markdown)):
        say(line.format() + f" ({linked.registry}; --add-members adds it)", error=True)
    if args.registry is not None and linked.registry is not None and args.output:
        _beyond_registry(args.output, linked.registry)
    return linked.letter


def _beyond_registry(written: Path, registry: Path) -> None:
    """A letter imported with --registry builds only where a build finds that registry: in
    its folder or below (the nearest members.yaml above the letter). Say so if not."""
    from ..resolve.registry import find_registry

    found = find_registry(written.parent)
    if found is not None and found.absolute() == registry.absolute():
        return
    builds_with = f"it would use {found}" if found else "it would find no registry"
    say(f"warning: {written} is outside the folder of {registry}: a build finds the nearest "
        f"members.yaml above the letter, so {builds_with} and not build with these member "
        f"ids; write the letter under {registry.parent}/ or move the registry above it",
        error=True)


def _diff(args: argparse.Namespace) -> int:
    import json

    from ..corrections.diff import diff_files, format_changes

    changes = diff_files(args.old, args.new, World())
    if args.json:
        emit(json.dumps([c.as_json() for c in changes], indent=2, ensure_ascii=False) + "\n")
    else:
        colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                            and not os.environ.get("NO_COLOR"))
        for line in format_changes(changes, colour=colour):
            say(line)
        if not changes:
            say(f"{args.old} and {args.new} say the same")
    return CHECK_FAILED if changes else OK


def _revise(args: argparse.Namespace) -> int:
    from ..content import correction_note
    from ..outputs import write_atomically
    from ..parse.edit import revise_text
    from ..parse.sniff import source_format
    from ..parse.textfile import read_letter
    from ..pipeline import load_text

    world = World()
    for path in args.letters:
        text = read_letter(world, path)  # read for what it is, whatever its name
        if source_format(text, str(path)) != "yaml":
            raise SourceError(f"{path}: revise edits YAML letters; this is a Markdown letter",
                              hint=f"letterpress import {path} -o {path.with_suffix('.yaml')} "
                              "turns it into one")
        revised = revise_text(text, str(path), world.coverage)
        # the edited source must load, and say only that it is the next revision
        letter = load_text(revised.text, str(path), path.parent, world).letter
        if letter.revision != revised.new:
            raise SourceError(f"{path}: could not raise the revision in this file's layout",
                              hint=f"write revision: {revised.new} in it by hand")
        write_atomically(path, revised.text.encode("utf-8"))
        say(f"{path}: revision {revised.old} -> {revised.new}; it will print "
            f"\"{correction_note(letter)}\"")
    return OK


add_parsers = _add_corrections



COMMANDS = {"members": _members, "affected": _affected, "diff": _diff, "revise": _revise}
