"""The resolve stage: a source letter, as its file states it, into the letter the layout sets.

Parsing (:mod:`letterpress.parse.yaml_source`, :mod:`letterpress.parse.markdown`) keeps references
as written;
this stage follows them through the world (:mod:`letterpress.world`), which records every
file read: the letterhead file a letter names, and the logo a letterhead names. Problems
found here join those of the parse, so a user still sees every problem of a letter in one run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, SourceError
from ..model import (
    Letter,
    Letterhead,
    LetterheadRef,
    Position,
    SourceLetter,
    refers_to_members,
    signature_refers_to_members,
)
from ..parse.textfile import Undecodable, read_text
from ..world import Unreadable, World
from .images import BadImage, check_logo

LETTERHEAD_HINT = "the file name is relative to the letter's folder"
LOGO_HINT = "the name is relative to the file that gives it"


def resolve(source: SourceLetter, folder: Path, world: World,
            problems: list[Diagnostic] | None = None,
            warnings: list[Diagnostic] | None = None) -> tuple[Letter, dict[str, Position]]:
    """The letter of ``source``, whose references are relative to ``folder``, and where each
    of its fields is written (in the letter, or in a letterhead file it names); SourceError
    with every problem (``problems`` of the parse and those found here) if there are any.
    What is printed but probably not meant (a letterhead with no block in the letter's
    language) is added to ``warnings``."""
    problems = list(problems or ())
    values: dict[str, Any] = dict(source.values)
    head = values.get("letterhead")
    positions, references = dict(source.positions), dict(source.references)
    from_file = isinstance(head, LetterheadRef)
    if isinstance(head, LetterheadRef):
        head = _letterhead_file(head, source, folder, world, problems, positions, references)
    if isinstance(head, Letterhead):
        found = _in_language(head, values.get("language", "en"), from_file, positions)
        if warnings is not None:
            warnings.extend(found)
    if refers_to_members(values.get("signatories", ())) or signature_refers_to_members(
            values.get("signature")):  # by id: the registry has them
        from .registry import resolve_members

        groups, signature = resolve_members(
            values.get("signatories", ()), values.get("language", "en"), source.file, folder,
            world, positions, problems, values.get("signature"))
        values.update({"signatories": groups} if "signatories" in values else {})
        values.update({"signature": signature} if "signature" in values else {})
    logo = references.get("letterhead.logo")
    data = logo and _logo(folder / logo, world, problems, positions.get("letterhead.logo"))
    if any(e.file for e in values.get("enclosures", ())):  # PDFs appended: read and judged
        from .enclosures import read_enclosures

        values["enclosures"] = read_enclosures(values["enclosures"], folder, world, problems,
                                               positions, source.file)
    if "typeface" not in values and isinstance(head, Letterhead) and head.typeface:
        values["typeface"] = head.typeface
    if not problems:  # the letter's own typeface draws every character it prints
        _check_typeface(Letter(**{**values, "letterhead": head}, origin=source.file),
                        source, world, positions, problems)
    if problems:
        errors = sorted(problems, key=lambda d: (d.file != source.file, d.file, d.line,
                                                  d.column))
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        raise SourceError(f"{source.file}: {count} in the letter source", tuple(errors))
    assert isinstance(head, Letterhead)  # else a problem was reported
    values["letterhead"] = replace(head, logo_data=data) if data else head
    return Letter(**values, origin=source.file), positions


def _letterhead_file(ref: LetterheadRef, source: SourceLetter, folder: Path, world: World,
                     problems: list[Diagnostic], positions: dict[str, Position],
                     references: dict[str, str]) -> Letterhead | None:
    from ..parse.yaml_source import parse_letterhead

    file = folder / ref.file
    try:
        text = read_text(world, file, "letterhead")
    except Undecodable as exc:
        problems.append(Diagnostic(str(file), exc.line, exc.column, "letterhead",
                                   f"cannot read the letterhead file {file}: {exc.reason}",
                                   exc.hint))
        return None
    except Unreadable as exc:
        line, column = _at(positions.get("letterhead"))
        problems.append(Diagnostic(source.file, line, column, "letterhead",
                                   f"cannot read the letterhead file {file}: {exc.reason}",
                                   exc.hint or LETTERHEAD_HINT))
        return None
    letterhead, found, named = parse_letterhead(text, str(file), ref.file,
                                                world.coverage, problems)
    positions.update(found)
    references.update(named)
    return letterhead


def _check_typeface(letter: Letter, source: SourceLetter, world: World,
                    positions: dict[str, Position], problems: list[Diagnostic]) -> None:
    """Each character of a printed field that the letter's typeface lacks (the parse checked
    that some typeface has it), located at its first place in the field. The fields' text
    is looked at once first: in the usual letter the typeface has every character, and the
    field by field search, which locates one, has nothing to find."""
    from ..content import fields
    from ..fonts import missing, not_in_typeface

    fonts = world.fonts_for(letter.typeface)
    printed = fields(letter)
    if not missing("".join(field.text for field in printed), fonts):
        return
    reported: set[str] = set()
    for field in printed:
        for ch in missing(field.text, fonts):
            if ch in reported:
                continue
            reported.add(ch)
            path = _written(field.path, positions)
            where = positions.get(path)
            line, column = (source.locate(path, ch) if where and where.file == source.file
                            else _at(where))
            message, hint = not_in_typeface(ch, fonts)
            problems.append(Diagnostic(where.file if where else source.file, line, column,
                                       field.path, message, hint))


def _written(path: str, positions: dict[str, Position]) -> str:
    """The path of the field itself, else of the nearest field around it, that has a place."""
    while path not in positions and "." in path:  # a member's text: its item's place
        path = path.rsplit(".", 1)[0]
    return path
LANGUAGE_NAMES = {"en": "English", "az": "Azerbaijani", "ru": "Russian"}


def _in_language(head: Letterhead, language: str, from_file: bool,
                 positions: dict[str, Position]) -> list[Diagnostic]:
    """The warnings of printing ``head`` in a letter in ``language`` (its block's name and
    address, else the English top's); ``positions`` of the name and address are moved to
    where the block writes them, so a finding points at the words printed.

    A letterhead written in the letter itself with no blocks at all is the letter's own,
    in its language: no warning. One kept in a file, or one with blocks, warns once for a
    missing block and once for each of name and address a block leaves out."""
    if language == "en":
        return []
    block = head.block(language)
    named = LANGUAGE_NAMES.get(language, language)
    if block is None:
        if not from_file and not any(head.block(other) for other in LANGUAGE_NAMES):
            return []
        return [_warning(positions.get("letterhead.name"), f"letterhead.{language}",
                         f"the letterhead has no {language} block: this {named} letter prints "
                         "its English name and address",
                         f"add an '{language}:' block with the name and address in {named} "
                         "(docs/source-format.md, Letterhead)")]
    out, prefix = [], f"letterhead.{language}"
    if block.name:
        _move(positions, f"{prefix}.name", "letterhead.name")
    else:
        out.append(_warning(positions.get(prefix), f"{prefix}.name",
                            f"the letterhead's {language} block gives no name: the English "
                            "name is printed", f"add 'name:' in {named} to the block"))
    if block.address:
        for key in [k for k in positions if k.startswith("letterhead.address")]:
            del positions[key]
        for key in [k for k in positions if k.startswith(f"{prefix}.address")]:
            _move(positions, key, "letterhead." + key.removeprefix(prefix + "."))
    elif head.address:
        out.append(_warning(positions.get(prefix), f"{prefix}.address",
                            f"the letterhead's {language} block gives no address: the English "
                            "address is printed", f"add 'address:' in {named} to the block"))
    return out


def _move(positions: dict[str, Position], source: str, target: str) -> None:
    if source in positions:
        positions[target] = positions[source]


def _warning(where: Position | None, path: str, message: str, hint: str) -> Diagnostic:
    line, column = _at(where)
    return Diagnostic(where.file if where else "", line, column, path, message, hint, "warning")


def _logo(file: Path, world: World, problems: list[Diagnostic],
          where: Position | None) -> bytes:
    """The bytes of a logo that can be printed, or b"" after reporting why not."""
    try:
        data = world.read(file, "logo")
        check_logo(data)
    except (Unreadable, BadImage) as exc:
        reason = exc.reason if isinstance(exc, Unreadable) else str(exc)
        hint = (exc.hint if isinstance(exc, Unreadable) else "") or LOGO_HINT
        line, column = _at(where)
        problems.append(Diagnostic(where.file if where else str(file), line, column,
                                   "letterhead.logo",
                                   f"cannot use the logo file {file}: {reason}", hint))
        return b""
    return data


def _at(where: Position | None) -> tuple[int, int]:
    return (where.line, where.column) if where else (0, 0)
