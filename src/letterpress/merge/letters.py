"""A merge letter's rows turned into letters: the jobs (lazily, one per good row), and the
build of one job.

A job is a frozen value (picklable: a process pool can take it) and :func:`build_one` a
module-level function ``(job, world) -> Outcome``. The letter built for a row is the merge
letter with the row's text put in place of its placeholders, the row's recipient lines (and
the window's address), its own reference and no ``merge`` key, written out as YAML
(parse/dump.py): that text is the source the PDF carries, so ``letterpress check PDF``,
``extract`` and ``archive`` treat it as a letter of its own, and building the extracted
source gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, LetterpressError, SourceError
from ..fonts import not_drawable, not_placeable, uncomposed_marks
from ..model import LetterheadRef, MemberRef, Merge, Paragraph, SourceLetter, Span
from ..seen import Seen
from ..world import World
from .recipients import COLUMNS, Row, read_rows

__all__ = ["MergeJob", "build_one", "count", "file_name", "jobs", "merged_text"]

# {{name}} is a row's field; \{{ is two braces written as such.
PLACEHOLDER = re.compile(r"\\\{\{|\{\{\s*([^{}]*?)\s*\}\}")
# Fields whose text is not the letter's words: never filled.
_NOT_FILLED = frozenset({"letterhead", "merge", "reference", "date", "date_format", "language",
                         "paper", "typeface", "window", "marks", "revision"})
# Cyrillic letters as a file name spells them (the Russian passport romanisation, ICAO 9303).
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөүһ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
     "a", "g", "k", "n", "o", "u", "h"], strict=True))
_NAME_LENGTH = 60


@dataclass(frozen=True, slots=True)
class MergeJob:
    """One recipient's letter to build: the merge letter, the row (cleaned: NFC, stripped),
    the reference and the PDF it gets."""

    template: Path
    recipients: Path
    row: Row
    values: tuple[tuple[str, str], ...]  # the row's cells as printed
    reference: str
    output: Path

    @property
    def source(self) -> Path:
        """The file the merged letter would be, beside the merge letter: the name its PDF
        carries it under."""
        return self.template.parent / (self.output.stem + ".yaml")

    def value(self, name: str) -> str:
        return next((v for k, v in self.values if k == name), "")


@dataclass(frozen=True, slots=True)
class _Template:
    source: SourceLetter
    merge: Merge
    uses: dict[str, tuple[str, int, int]]  # field -> where the letter first uses it


def _template(path: Path, world: World) -> _Template:
    """The merge letter at ``path``, parsed, with the fields it uses; SourceError listing its
    problems (an unknown field among them, at its line and column)."""
    from ..parse import parse_text
    from ..parse.textfile import read_letter

    source, problems = parse_text(read_letter(world, path), str(path), world.coverage)
    errors = [p for p in problems if p.severity != "warning"]
    merge = source.values.get("merge")
    if not errors and not isinstance(merge, Merge):
        raise SourceError(f"{path}: not a merge letter (it has no 'merge' key)")
    uses: dict[str, tuple[str, int, int]] = {}
    for field, text in _texts(source.values):
        for found in PLACEHOLDER.finditer(text):
            name = found.group(1)
            if name is None:
                continue
            line, column = source.locate(field, found.group(0))
            if name not in COLUMNS:
                import difflib

                close = difflib.get_close_matches(name, COLUMNS, n=1)
                errors.append(Diagnostic(str(path), line, column, field,
                                         f"unknown field '{{{{{name}}}}}'",
                                         f"did you mean '{{{{{close[0]}}}}}'?" if close else
                                         "the fields are " + ", ".join(COLUMNS)))
            else:
                uses.setdefault(name, (field, line, column))
    if errors:
        raise SourceError(f"{path}: {len(errors)} error{'s' * (len(errors) > 1)} in the "
                          "merge letter", tuple(errors))
    assert isinstance(merge, Merge)
    if source.values.get("window") and "address" not in source.values:
        uses.setdefault("address", ("address", *_where(source, "window")))
    return _Template(source, merge, uses)


def _where(source: SourceLetter, field: str) -> tuple[int, int]:
    at = source.positions.get(field)
    return (at.line, at.column) if at else (0, 0)


def _texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text of the letter's values that placeholders may stand in, with its field."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_FILLED:
                yield from _texts(item, key)
    elif isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{i}]")
    elif isinstance(value, Paragraph):
        yield path, value.text
    elif is_dataclass(value) and not isinstance(value, (LetterheadRef, MemberRef)):
        for f in fields(value):
            yield from _texts(getattr(value, f.name), f"{path}.{f.name}")


def _filled(value: Any, fill: Callable[[str], str]) -> Any:
    """``value`` with ``fill`` applied to every text in it (as :func:`_texts` finds them)."""
    if isinstance(value, str):
        return fill(value)
    if isinstance(value, tuple):
        return tuple(_filled(item, fill) for item in value)
    if isinstance(value, Paragraph):  # a row's text is never markup: it joins a span as is
        return Paragraph(spans=tuple(Span(text=fill(s.text), bold=s.bold, italic=s.italic,
                                          href=s.href) for s in value.spans))
    if is_dataclass(value) and not isinstance(value, (LetterheadRef, MemberRef, type)):
        return replace(value, **{f.name: _filled(getattr(value, f.name), fill)
                                 for f in fields(value) if f.init})
    return value


def jobs(template: Path, out: Path, world: World, recipients: Path | None = None
         ) -> Iterator[MergeJob | tuple[Row, Path, SourceError]]:
    """The jobs of the merge letter ``template`` built into the folder ``out``: one for each
    good row, in order, read as they are taken (10,000 rows are never all in memory), and
    for a bad row the row, the PDF it would have had, and its error. ``recipients`` names
    another recipients file than the letter's. SourceError (raised when the first job is
    taken) if the merge letter or the recipients file as a whole is not valid."""
    found = _template(template, world)
    recipients = recipients or template.parent / found.merge.recipients
    language = found.source.values.get("language", "en")
    # the names given, and who each row is (a digest), for as many rows as there are
    taken, people = Seen(), Seen()
    coverage = world.coverage
    for row in read_rows(recipients, str(recipients)):
        values, problems = _clean(row, found, language, coverage)
        name = values.get("name", "")
        key = hashlib.blake2b("\0".join(_plain(values.get(k, "")) for k in (
            "name", "organisation", "address")).encode(), digest_size=16).digest()
        first = people.setdefault(key, row.line) if name else row.line
        if first != row.line:
            cell = row.get("name")
            problems.append(Diagnostic(row.file, cell.line if cell else row.line,
                                       cell.column if cell else row.column,
                                       f"recipients[{row.n - 1}].name",
                                       f"the same recipient as at line {first} (name, "
                                       "organisation and address)",
                                       "remove one: each row gets a letter"))
        output = out / (_output_name(found.merge.output, template.stem, name, row.n, taken)
                        + ".pdf")
        if problems:
            yield row, output, SourceError(
                f"{row.file}:{row.line}: recipient {row.n}: "
                f"{len(problems)} error{'s' * (len(problems) > 1)}", tuple(problems))
            continue
        reference = found.merge.reference.format(
            reference=found.source.values.get("reference", ""), n=row.n)
        yield MergeJob(template, recipients, row, tuple(values.items()), reference, output)


def count(template: Path, world: World, recipients: Path | None = None) -> int:
    """How many letters :func:`jobs` will give (a row each, bad rows too), by reading the
    rows alone, for a progress line; 1 for a merge letter or recipients file that is not
    valid as a whole (building it reports the one error)."""
    try:
        found = _template(template, world)
        return sum(1 for _ in read_rows(recipients or template.parent / found.merge.recipients,
                                        str(recipients)))
    except LetterpressError:
        return 1


def _plain(text: str) -> str:
    from ..resolve.names import plain

    return " ".join(plain(text).split())


def _clean(row: Row, template: _Template, language: str, coverage: frozenset[int]
           ) -> tuple[dict[str, str], list[Diagnostic]]:
    """The row's cells as the letter prints them (NFC, stripped; an address's lines each
    stripped, empty ones left out), and what is wrong with them."""
    problems = list(row.problems)
    values: dict[str, str] = {}
    field = f"recipients[{row.n - 1}]"
    for key, cell in row.cells:
        text = unicodedata.normalize("NFC", cell.value)
        if key == "address":
            text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        else:
            text = text.strip()
        values[key] = text
        problems += _characters(text, row.file, cell, f"{field}.{key}", coverage,
                                key == "address")
    for key, (used_at, line, column) in template.uses.items():
        if key == "name":  # every row needs one (below)
            continue
        found_cell = row.get(key)
        if found_cell is None:
            problems.append(Diagnostic(row.file, row.line, row.column, f"{field}.{key}",
                                       f"no '{key}', which the letter uses at "
                                       f"{template.source.file}:{line}:{column} ({used_at})",
                                       f"add a column '{key}'"))
        elif not values.get(key):
            problems.append(Diagnostic(row.file, found_cell.line, found_cell.column,
                                       f"{field}.{key}", "must not be empty: the letter uses it at "
                                       f"{template.source.file}:{line}:{column} ({used_at})"))
    name = row.get("name")
    if name is None or not values.get("name"):
        at = (name.line, name.column) if name else (row.line, row.column)
        problems.append(Diagnostic(row.file, *at, f"{field}.name", "must not be empty",
                                   "each recipient needs a name"))
    said = values.get("language", "")
    language_cell = row.get("language")
    if said and language_cell is not None and said != language:
        problems.append(Diagnostic(
            row.file, language_cell.line, language_cell.column, f"{field}.language",
            f"'{said}', but the letter is written in '{language}'",
            "a letter's words are in one language: give the recipients in another language "
            "a merge letter of their own, or leave the cell empty"))
    return values, problems


def _characters(text: str, file: str, cell: Any, field: str, coverage: frozenset[int],
                lines: bool) -> list[Diagnostic]:
    """A row's text is printed as written: a control character, or one no font has, is an
    error (at the cell: a CSV reader does not say where inside a quoted cell it is)."""
    out = []
    for ch in dict.fromkeys(text):
        if ch == "\n" and lines:
            continue
        if unicodedata.category(ch) in ("Cc", "Cf"):
            out.append(Diagnostic(file, cell.line, cell.column, field,
                                  f"control character U+{ord(ch):04X} is not allowed",
                                  "a line break only in an address; remove it"))
        elif ord(ch) not in coverage and not unicodedata.category(ch).startswith("M"):
            message, hint = not_drawable(ch)
            out.append(Diagnostic(file, cell.line, cell.column, field, message, hint))
    for cluster in dict.fromkeys(cluster for _, cluster in uncomposed_marks(text)):
        message, hint = not_placeable(cluster)
        out.append(Diagnostic(file, cell.line, cell.column, field, message, hint))
    return out


def _output_name(pattern: str, stem: str, name: str, n: int, taken: Seen) -> str:
    """The PDF's name (no suffix) from the merge's pattern; a name already given to an earlier
    row gets -2, -3 ... (so the same rows always get the same names)."""
    base = pattern.format(stem=stem, name=file_name(name), n=n)
    candidate, k = base, 1
    while candidate.lower() in taken:
        k += 1
        candidate = f"{base}-{k}"
    taken.add(candidate.lower())
    return candidate


def file_name(name: str) -> str:
    """A recipient's name as a portable file name: lower-case ASCII letters, digits and
    hyphens (diacritics dropped, Azerbaijani ə as a, Cyrillic romanised), at most 60
    characters; "recipient" for a name with no letter left."""
    from ..resolve.names import plain

    text = "".join(_CYRILLIC.get(ch, ch) for ch in name.lower())
    text = re.sub(r"[^a-z0-9]+", "-", plain(text, "a")).strip("-")
    return text[:_NAME_LENGTH].rstrip("-") or "recipient"


# --- one job: the letter merged for one row ---------------------------------------------------


def merged_text(job: MergeJob, world: World) -> str:
    """The YAML source of the letter merged for ``job``'s row (what its PDF carries)."""
    from ..parse.dump import dump_letter
    from ..resolve.references import resolve

    found = _template(job.template, world)
    values = _merged_values(found, job)
    source = replace(found.source, values=values)
    letter, _ = resolve(source, job.template.parent, world)
    head = values.get("letterhead")
    return dump_letter(letter, head.file if isinstance(head, LetterheadRef) else None)


def _merged_values(found: _Template, job: MergeJob) -> dict[str, Any]:
    row = dict(job.values)
    one_line = {**row, "address": ", ".join(row.get("address", "").splitlines())}

    def fill(text: str) -> str:
        return PLACEHOLDER.sub(lambda m: "{{" if m.group(1) is None else one_line[m.group(1)],
                               text)

    values = {key: value if key in _NOT_FILLED else _filled(value, fill)
              for key, value in found.source.values.items() if key != "merge"}
    person = [row[k] for k in ("name", "title", "organisation") if row.get(k)]
    address = row.get("address", "").splitlines()
    if "recipient" not in values:
        values["recipient"] = tuple(person if values.get("window") else person + address)
    if values.get("window") and "address" not in values:
        values["address"] = tuple([row[k] for k in ("name", "organisation") if row.get(k)]
                                  + address)
    if row.get("salutation"):
        values["salutation"] = row["salutation"]
    values["reference"] = job.reference
    return values


def build_one(job: MergeJob, world: World, *, strict: bool = False,
              before_writing: Callable[[Any], None] | None = None) -> Any:
    """Build ``job``'s letter into its PDF: a :class:`~letterpress.pipeline.Outcome` whose
    source is the merge letter, built (its dependencies the files read: the merge letter,
    its letterhead ...) or failed, a problem of the row located in the recipients file.
    ``before_writing`` may refuse the merged letter once loaded, as for
    :func:`~letterpress.pipeline.build` (a letter filed as sent that would change)."""
    from ..pipeline import Outcome, build_text

    try:
        with world.track() as read:
            text = merged_text(job, world)
            built = build_text(text, job.source, job.output, world, strict=strict,
                               before_writing=before_writing)
    except LetterpressError as exc:
        return Outcome(job.template, job.output, error=_relocated(exc, job))
    return Outcome(job.template, job.output, built=replace(built, source=job.template,
                                                           dependencies=tuple(read)))


# Which cell of the row a field of the merged letter comes from.
_CELLS = {"recipient": "name", "address": "address", "salutation": "salutation"}


def _relocated(exc: LetterpressError, job: MergeJob) -> LetterpressError:
    """A problem of the merged letter (which is no file) said of the row it came from; a
    problem of another file (the letterhead) as it is."""
    row, merged = job.row, str(job.source)
    out = []
    for d in exc.diagnostics:
        if d.file not in (merged, str(job.template)):
            out.append(d)
            continue
        cell = row.get(_CELLS.get(re.split(r"[.\[]", d.field)[0], ""))
        at = (cell.line, cell.column) if cell else (row.line, row.column)
        out.append(Diagnostic(row.file, *at, f"recipients[{row.n - 1}]",
                              f"{d.field}: {d.message}" if d.field else d.message,
                              d.hint.replace(merged, str(job.template)), d.severity))
    message = str(exc).replace(merged, f"{row.file}:{row.line}: recipient {row.n}")
    # a command the hint names works on the merge letter (letterpress revise), not on the
    # merged letter, which is no file
    return type(exc)(message, tuple(out), exc.hint.replace(merged, str(job.template)))
