"""The stages of letterpress, in order, in one place.

build:  file -> parse (YAML or Markdown) -> SourceLetter -> resolve -> Letter -> lint (warnings)
        -> layout -> PDF/A-3b bytes, every file the letter read inside -> file (atomic replace)
check:  source -> Letter;  PDF -> read back -> compare with the Letter -> findings
check a PDF alone: PDF -> its embedded sources -> (temporary folder) -> check

Every file and font is reached through a :class:`~letterpress.world.World`, which records what
each letter read; the caller makes it (the command line, or a caller's own code) and passes it
down. Every other module is one stage; only this one knows the order of printing a letter.
:func:`build_all` is the one loop over many letters, for the command line and any other caller.
Signing and verifying, jobs built on these stages, keep their order in
:mod:`letterpress.sign.letter`.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import (
    Diagnostic,
    LayoutError,
    LetterpressError,
    ReadbackError,
    RenderError,
    SourceError,
)
from .fonts import FontSet
from .model import Letter, Position, SourceLetter
from .outputs import one_pdf_output, refuse_overwriting, write_atomically
from .world import REGISTRY_NAME, Dependency, Unreadable, World, read_file

if TYPE_CHECKING:  # the check and PDF stages load their libraries when first used
    from .check.compare import Finding
    from .check.readback import PdfText
    from .pdf.options import Attachment
    from .seen import Listing

__all__ = ["Built", "Guard", "Jobs", "Loaded", "Outcome", "build", "build_all", "build_one",
           "build_text", "check", "check_embedded", "check_one", "embedded_letter",
           "is_letter_file", "jobs_for", "letters_in", "load", "load_text", "outputs_for",
           "own_pages", "parse", "typeset"]

# A folder's files with these suffixes are its letters (a broken one is reported, not
# skipped); any other file is one if its text has a letter's whole shape (a .txt of Markdown).
LETTER_SUFFIXES = (".yaml", ".yml", ".md")
# Copies editors and tools leave beside a file, and PDFs (what letters are built into, and
# what check and diff read as such): never a folder's letters, whatever they hold.
_NOT_LETTERS = (".pdf", ".bak", ".orig", ".rej", ".swp", ".swo", ".tmp", ".part", "~")


@dataclass(frozen=True, slots=True)
class Loaded:
    """A letter read from its file, with its warnings and the files it was made from
    (the letter's own file first)."""

    letter: Letter
    warnings: tuple[Diagnostic, ...]
    dependencies: tuple[Dependency, ...]
    source: SourceLetter
    positions: Mapping[str, Position]  # of every field, in whichever file it is written
    # the warnings of reading the file itself (a Markdown letter's guessed language, a label
    # of another language), also in ``warnings``, first
    read_warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class Built:
    source: Path
    output: Path
    pages: int
    size: int
    warnings: tuple[Diagnostic, ...]
    dependencies: tuple[Dependency, ...] = ()
    sha256: str = ""  # of the PDF written (incremental builds record it)
    members: tuple[str, ...] = ()  # the registry ids its signatories come from


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one letter of a batch: built (and checked, if asked), or an error;
    neither, for a letter an incremental build found up to date (checked, if asked)."""

    source: Path
    output: Path
    built: Built | None = None
    error: LetterpressError | None = None
    findings: tuple[Finding, ...] | None = None  # None: not checked


def parse(path: Path, world: World) -> tuple[SourceLetter, list[Diagnostic]]:
    """A letter's file as written (YAML, or Markdown in the shape of an exported letter)."""
    from .parse import parse_text
    from .parse.textfile import read_letter

    return parse_text(read_letter(world, path), str(path), world.coverage)


def load(path: Path, world: World) -> Loaded:
    """Read, resolve and lint the letter at ``path``; SourceError lists every problem."""
    with world.track() as read:
        source, problems = parse(path, world)
        errors, warnings = _split(problems)
        letter, positions, resolved = _resolve(source, path.parent, world, errors)
    return Loaded(letter, warnings + resolved + _lint(letter, source), tuple(read), source,
                  positions, warnings)


def load_text(text: str, filename: str, base_dir: Path, world: World) -> Loaded:
    """Like :func:`load` for a letter's text in memory, named ``filename`` (the text's shape
    says YAML or Markdown); the files it names are found in ``base_dir``."""
    from .parse import parse_text

    with world.track() as read:
        source, problems = parse_text(text, filename, world.coverage)
        errors, warnings = _split(problems)
        letter, positions, resolved = _resolve(source, base_dir, world, errors)
    return Loaded(letter, warnings + resolved + _lint(letter, source), tuple(read), source,
                  positions, warnings)


def _split(problems: list[Diagnostic]) -> tuple[list[Diagnostic], tuple[Diagnostic, ...]]:
    """The parse's errors, and its warnings (a Markdown letter's guessed language)."""
    return ([p for p in problems if p.severity != "warning"],
            tuple(p for p in problems if p.severity == "warning"))


def _resolve(source: SourceLetter, base_dir: Path, world: World, problems: list[Diagnostic]
             ) -> tuple[Letter, Mapping[str, Position], tuple[Diagnostic, ...]]:
    """The letter, where its fields are written, and the warnings of resolving it."""
    from .resolve.references import resolve

    if "merge" in source.values:  # a letter for many recipients is no letter of its own
        where = source.positions.get("merge")
        raise SourceError(f"{source.file}: a merge letter is built once for each recipient",
                          (Diagnostic(source.file, where.line if where else 0,
                                      where.column if where else 0, "merge",
                                      "a merge letter is built once for each recipient, not "
                                      "as a letter of its own",
                                      "letterpress build builds one PDF per recipient; "
                                      "letterpress check LETTER OUTPUT-FOLDER checks them"),))
    warnings: list[Diagnostic] = []
    letter, positions = resolve(source, base_dir, world, problems, warnings)
    return letter, positions, tuple(warnings)


def _lint(letter: Letter, source: SourceLetter) -> tuple[Diagnostic, ...]:
    from .resolve.lint import lint

    return lint(letter, source)


def letters_in(path: Path) -> list[Path]:
    """A folder's letter sources (not its subfolders, where shared letterheads live, nor the
    members registry beside them): see :func:`is_letter_file`."""
    return [Path(name) for name in sorted(_letter_names(path))]


def _letter_names(path: Path) -> Iterator[str]:
    """:func:`letters_in` as strings, in the folder's own order, one at a time: a folder of
    a million letters is listed without a path object for each held at once."""
    if not path.is_dir():
        yield str(path)
        return
    with os.scandir(path) as entries:
        for entry in entries:
            if is_letter_file(file := path / entry.name):
                yield str(file)


def is_letter_file(path: Path) -> bool:
    """Whether the file ``path``, found in a folder, is one of its letters: by its suffix
    (.yaml, .yml, .md), else by its text (:func:`letterpress.parse.sniff.letter_shape`).
    Hidden files, editors' copies and the members registry never are."""
    name = path.name.lower()
    if path.name == REGISTRY_NAME or name.startswith((".", "#")) or name.endswith(_NOT_LETTERS):
        return False
    if not path.is_file():
        return False
    if path.suffix.lower() in LETTER_SUFFIXES:
        return True
    from .parse.sniff import binary_kind, letter_shape

    try:
        data = read_file(path, "letter")
        return binary_kind(data) is None and letter_shape(data.decode("utf-8-sig")) is not None
    except (Unreadable, UnicodeDecodeError):
        return False


def jobs_for(paths: list[Path], out: Path) -> Jobs:
    """The (source, output) pairs of the letters in ``paths`` (files, or folders of them,
    each folder's in the order of their names) built into ``out`` (see
    :func:`outputs_for`); SourceError when there are none."""
    from .seen import Listing

    sources = Listing()
    for path in paths:
        sources.add_sorted((s, _pdf_name(Path(s))) for s in _letter_names(path))
    if not sources:
        raise SourceError(f"{', '.join(map(str, paths))}: no letters (.yaml, .yml, .md) in "
                          f"this folder", hint="give letter files, or a folder that holds them")
    if out.suffix.lower() == ".pdf":
        one_pdf_output(out, len(sources))
    elif (clash := sources.clash()) is not None:
        first, second, name = clash
        raise _both_into(first, second, out / name)
    return Jobs(sources, out)


class Jobs(Collection[tuple[Path, Path]]):
    """The (source, output) pairs of a build, made as they are asked for from the letters'
    names, which wait in a temporary file (seen.Listing): a folder of a million letters
    takes the memory of ten."""

    __slots__ = ("_sources", "_out")

    def __init__(self, sources: Listing, out: Path) -> None:
        self._sources, self._out = sources, out

    def __len__(self) -> int:
        return len(self._sources)

    def __contains__(self, job: object) -> bool:
        return isinstance(job, tuple) and len(job) == 2 and str(job[0]) in self._sources \
            and self._job(str(job[0])) == job

    def __iter__(self) -> Iterator[tuple[Path, Path]]:
        return map(self._job, self._sources)

    def _job(self, name: str) -> tuple[Path, Path]:
        source, out = Path(name), self._out
        return source, out if out.suffix.lower() == ".pdf" else out / _pdf_name(source)

    def without(self, left_out: Collection[Path]) -> Jobs:
        """These jobs but those whose source is one of ``left_out``."""
        return Jobs(self._sources.without(str(p) for p in left_out), self._out)


def outputs_for(sources: list[Path], out: Path) -> list[Path]:
    """Where each source is built: ``out`` itself if it names a .pdf (one letter only), else
    ``out/<source name>.pdf``; two sources that would write the same PDF are refused."""
    if out.suffix.lower() == ".pdf":
        return [one_pdf_output(out, len(sources))]
    outputs = [out / _pdf_name(s) for s in sources]
    seen: dict[Path, Path] = {}
    for source, output in zip(sources, outputs, strict=True):
        if output in seen:
            raise _both_into(seen[output], source, output)
        seen[output] = source
    return outputs


def _pdf_name(source: Path) -> str:
    """The name of the PDF a letter is built into, in an output folder."""
    return source.stem + ".pdf"


def _both_into(first: object, second: object, output: Path) -> LetterpressError:
    return LetterpressError(f"{first} and {second} would both be built into {output}; "
                            "rename one of them")


def typeset(letter: Letter, fonts: FontSet,
            attachments: tuple[Attachment, ...] = ()) -> tuple[bytes, int]:
    """Lay out and render a letter as PDF/A-3b, with ``attachments`` (the letter's source
    first) embedded: the PDF bytes and the number of pages. The letter is set in its own
    typeface, from the folder of ``fonts``."""
    from .content import revision_keywords
    from .layout import lay_out
    from .pdf import RenderOptions, render_pdf

    fonts = fonts.of(letter.typeface)
    document = lay_out(letter, fonts)
    d = letter.date
    options = RenderOptions(timestamp=datetime.datetime(d.year, d.month, d.day,
                                                        tzinfo=datetime.UTC),
                            attachments=attachments, keywords=revision_keywords(letter),
                            revision=letter.revision)
    data = render_pdf(document, fonts, options)
    appended = tuple(e.data for e in letter.enclosures if e.file)
    if not appended:
        return data, len(document.pages)
    from .pdf.append import append_pages  # pikepdf: only for a letter that appends a file

    return append_pages(data, appended), len(document.pages) + sum(
        e.pages for e in letter.enclosures if e.file)


def _attachments(loaded: Loaded) -> tuple[Attachment, ...]:
    """Every file the letter was built from, its own source first, named relative to the
    deepest folder that holds them all: each as the world served it, but the members
    registry, of which the letter carries only the entries it names (registry_for). An
    enclosure's PDF is embedded once, as what it is to the document (/Supplement): it is
    also a file the letter was built from, so extract and check read it back as one."""
    from .pdf.options import Attachment, mime_type
    from .resolve.registry import registry_for

    read = loaded.dependencies
    full = [os.path.normpath(os.path.abspath(d.path)) for d in read]
    root = os.path.commonpath([os.path.dirname(f) for f in full])
    return tuple(Attachment(Path(os.path.relpath(f, root)).as_posix(),
                            registry_for(loaded.letter, d.data) if d.kind == "registry"
                            else d.data, mime_type(f),
                            "Supplement" if d.kind == "enclosure" else "Source")
                 for f, d in zip(full, read, strict=True))


def build(source: Path, output: Path, world: World, *, strict: bool = False,
          before_writing: Callable[[Loaded], None] | None = None) -> Built:
    """Build one letter into ``output``; an existing file is replaced only by a complete one.
    ``before_writing`` may refuse the letter once it is loaded (a letter filed as sent that
    would change: archive/sent.py), by raising; nothing is written then."""
    return _build_loaded(load(source, world), source, output, world, strict=strict,
                         before_writing=before_writing)


def build_text(text: str, source: Path, output: Path, world: World, *,
               strict: bool = False,
               before_writing: Callable[[Loaded], None] | None = None) -> Built:
    """Build the letter ``text``, held in memory as if it were the file ``source`` (the files
    it names are found beside that file), into ``output``: the PDF carries ``text`` as its
    source, under that file's name, so extracting and building it gives the same PDF. How a
    letter merged for one recipient is built (letterpress.merge)."""
    data = text.encode("utf-8")
    loaded = load_text(text, str(source), source.parent, world)
    own = Dependency(path=source, kind="letter", sha256=hashlib.sha256(data).hexdigest(),
                     data=data)
    return _build_loaded(replace(loaded, dependencies=(own, *loaded.dependencies)), source,
                         output, world, strict=strict, before_writing=before_writing)


def _build_loaded(loaded: Loaded, source: Path, output: Path, world: World, *,
                  strict: bool = False,
                  before_writing: Callable[[Loaded], None] | None = None) -> Built:
    if strict and loaded.warnings:
        raise SourceError("warnings are errors (--strict)", tuple(
            Diagnostic(w.file, w.line, w.column, w.field, w.message, w.hint)
            for w in loaded.warnings))
    if before_writing is not None:
        before_writing(loaded)
    refuse_overwriting(output, loaded.dependencies)
    try:
        data, pages = typeset(loaded.letter, world.fonts, _attachments(loaded))
    except LayoutError as exc:
        raise LayoutError(str(exc), (_diagnostic(exc, loaded),), field=exc.field) from None
    except RenderError as exc:
        raise RenderError(f"{source}: {exc}") from None  # name the letter, as messages do
    write_atomically(output, data)
    return Built(source, output, pages, len(data), loaded.warnings, loaded.dependencies,
                 hashlib.sha256(data).hexdigest(), _members_used(loaded))


def _members_used(loaded: Loaded) -> tuple[str, ...]:
    if not any(d.kind == "registry" for d in loaded.dependencies):
        return ()
    from .resolve.registry import members_used

    return members_used(loaded.letter)


def build_all(jobs: Iterable[tuple[Path, Path]], world: World, *, strict: bool = False,
              read_back: bool = False,
              before_writing: Callable[[Loaded], None] | None = None) -> Iterator[Outcome]:
    """Build each (source, output) pair in turn, going on after a letter that fails; with
    ``read_back``, check each PDF against its source. (letterpress.batch runs
    :func:`build_one` on every core.)"""
    for job in jobs:
        yield _built(job, world, strict, read_back, before_writing)


Guard = Callable[[World], Callable[[Loaded], None]]
"""Makes, from the world that builds, a ``before_writing`` check (see :func:`build`)."""


def build_one(job: tuple[Path, Path], world: World, *, strict: bool = False,
              read_back: bool = False, guard: Guard | None = None) -> Outcome:
    """One (source, output) pair built (and checked, with ``read_back``): its outcome, an
    error included. ``guard(world)`` makes the ``before_writing`` check; a worker process of
    letterpress.batch is given this function, the guard and the options pickled, and its own
    world."""
    return _built(job, world, strict, read_back, guard(world) if guard is not None else None)


def check_one(job: tuple[Path, Path], world: World) -> Outcome:
    """The (source, PDF) pair checked: its outcome, with the findings or the error."""
    source, output = job
    try:
        return Outcome(source, output, findings=check(source, output, world))
    except LetterpressError as exc:
        return Outcome(source, output, error=exc)


def _built(job: tuple[Path, Path], world: World, strict: bool, read_back: bool,
           before_writing: Callable[[Loaded], None] | None) -> Outcome:
    source, output = job
    try:
        built = build(source, output, world, strict=strict, before_writing=before_writing)
        findings = check(source, output, world) if read_back else None
    except LetterpressError as exc:
        return Outcome(source, output, error=exc)
    return Outcome(source, output, built=built, findings=findings)


def check(source: Path, pdf: Path, world: World,
          notes: list[str] | None = None) -> tuple[Finding, ...]:
    """Read ``pdf`` back and compare it with ``source``: the findings (empty when faithful).
    The text layer is read with pypdf; what a reader sees, by rendering the pages. A letter
    that appends enclosure files is judged on its own pages, and each page after them
    against the enclosure's (check/enclosures.py); what could not be checked is added to
    ``notes`` (an enclosure without a text layer), which are not findings."""
    from .check.compare import compare_pdf
    from .check.enclosures import appends
    from .check.readback import read_pdf_bytes, read_pdf_file
    from .check.second_process import aside
    from .check.visibility import read_ink

    # pypdf, the slower reader, reads the text layer on the other core while this one loads
    # the source and renders; errors keep their order: the source's, pypdf's, PDFium's.
    with aside(_text_layer, pdf) as layer:
        letter = load(source, world).letter
        data = read_pdf_file(pdf)  # once here; the other process's copy is checked by digest
        drawn = _drawn(letter, world.fonts_for(letter.typeface))
        own = len(drawn) if appends(letter) else None
        try:
            ink = read_ink(data, str(pdf), drawn, own)
        except ReadbackError:
            layer.result()
            raise
        digest, text = layer.result()
    if digest != hashlib.sha256(data).digest():  # the file changed: judge what was rendered
        text = read_pdf_bytes(data, str(pdf))
    if own is None:
        return tuple(compare_pdf(letter, text, ink))
    from .check.enclosures import compare_enclosures, letter_part

    return tuple(compare_pdf(letter, letter_part(text, own), ink)) + compare_enclosures(
        letter, text, data, own, str(pdf), notes)


def own_pages(letter: Letter, world: World) -> int:
    """How many pages the letter itself takes, as laid out (enclosures follow them)."""
    from .layout import lay_out

    return len(lay_out(letter, world.fonts_for(letter.typeface)).pages)


def _drawn(letter: Letter, fonts: FontSet) -> list[list[tuple[float, float, float, float]]]:
    """For each page of the letter as letterpress lays it out, the boxes of what it draws
    besides text (rules, the logo): the only other ink a page of it may hold."""
    from .layout import drawings

    out = []
    for rules, images in drawings(letter, fonts):
        boxes = [(min(r.x0, r.x1) - r.width / 2, min(r.y0, r.y1) - r.width / 2,
                  max(r.x0, r.x1) + r.width / 2, max(r.y0, r.y1) + r.width / 2)
                 for r in rules]
        boxes += [(i.x, i.y, i.x + i.width, i.y + i.height) for i in images]
        out.append(boxes)
    return out


def _text_layer(pdf: Path) -> tuple[bytes, PdfText]:
    """The digest of the PDF as read, and its text layer as pypdf reads it."""
    from .check.readback import read_pdf_bytes, read_pdf_file

    data = read_pdf_file(pdf)
    return hashlib.sha256(data).digest(), read_pdf_bytes(data, str(pdf))


def check_embedded(pdf: Path, world: World,
                   notes: list[str] | None = None) -> tuple[Finding, ...]:
    """Compare ``pdf`` with the source it carries inside: the findings (empty when faithful).
    A problem in the sources is reported as inside the PDF."""
    from .check.readback import read_pdf_file

    with embedded_letter(read_pdf_file(pdf), str(pdf)) as letter:
        return check(letter, pdf, world, notes)


@contextmanager
def embedded_letter(data: bytes, name: str) -> Iterator[Path]:
    """The source file of the letter PDF ``data`` (named ``name`` in messages), written with
    every file it read into a scratch folder, which is the project's root (the registry
    search stops there) and is removed afterwards. NoSources if it carries none; a source
    that is not valid is a SourceError located "inside" the PDF."""
    import tempfile

    from .check.extract import read_sources_bytes, write_sources

    sources = read_sources_bytes(data, name)
    with tempfile.TemporaryDirectory(prefix="letterpress-") as folder:
        (Path(folder) / ".git").mkdir()
        try:
            yield write_sources(sources, Path(folder)).letter
        except SourceError as exc:
            inside = f"{name}, embedded "
            raise SourceError(str(exc).replace(folder + os.sep, inside), tuple(
                replace(d, file=d.file.replace(folder + os.sep, inside))
                for d in exc.diagnostics), exc.hint) from None


def _diagnostic(exc: LayoutError, loaded: Loaded) -> Diagnostic:
    """A layout problem located where its field is written (its list item, for a part of
    one), so it reads like every other problem with a source."""
    path = exc.field
    where = loaded.positions.get(path)
    while where is None and "." in path:
        path = path.rsplit(".", 1)[0]
        where = loaded.positions.get(path)
    if where is None:
        return Diagnostic(loaded.source.file, 0, 0, exc.field, str(exc), exc.hint)
    return Diagnostic(where.file, where.line, where.column, exc.field, str(exc), exc.hint)

