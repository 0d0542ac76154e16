"""The stages of letterpress, in order, in one place.

build:  file -> parse (YAML or Markdown) -> SourceLetter -> resolve -> Letter -> lint (warnings)
        -> layout -> PDF/A-3b bytes, every file the letter read inside -> file (atomic replace)
check:  source -> Letter;  PDF -> read back -> compare with the Letter -> findings
sign:   PDF -> (stamp placed below the text) -> signature in an incremental update -> file
verify: PDF -> signatures judged -> text before/after each -> embedded source compared -> PDF/A
check a PDF alone: PDF -> its embedded sources -> (temporary folder) -> check

Every file and font is reached through a :class:`~letterpress.world.World`, which records what
each letter read. Every other module is one stage; only this one knows the order.
:func:`build_all` is the one loop over many letters, for the command line and any other caller.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
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
    SigningError,
    SourceError,
)
from .fonts import FontSet, load_fonts
from .model import Letter, Position, SourceLetter
from .outputs import refuse_overwriting, write_atomically
from .world import REGISTRY_NAME, Dependency, World

if TYPE_CHECKING:
    from .check.compare import Finding
    from .check.readback import PdfText

__all__ = ["Built", "Loaded", "Outcome", "build", "build_all", "check", "check_embedded",
           "letters_in", "load", "load_fonts", "outputs_for", "typeset", "write_atomically"]

if TYPE_CHECKING:
    from .pdf.options import Attachment

if TYPE_CHECKING:  # signing's modules load pyHanko: only the sign and verify commands do
    from .check.readback import PdfText
    from .sign.signer import SigningKey, SignOptions
    from .sign.verdict import Verification

LETTER_SUFFIXES = (".yaml", ".yml", ".md")


@dataclass(frozen=True, slots=True)
class Loaded:
    """A letter read from its file, with its warnings and the files it was made from
    (the letter's own file first)."""

    letter: Letter
    warnings: tuple[Diagnostic, ...]
    dependencies: tuple[Dependency, ...]
    source: SourceLetter
    positions: Mapping[str, Position]  # of every field, in whichever file it is written


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
    from .parse.textfile import read_letter

    text = read_letter(world, path)
    if path.suffix.lower() == ".md":
        from .parse.markdown import parse_markdown_source

        return parse_markdown_source(text, str(path), world.fonts.coverage), []
    from .parse.yaml_source import parse_source

    return parse_source(text, str(path), world.fonts.coverage)


def load(path: Path, world: World | None = None) -> Loaded:
    """Read, resolve and lint the letter at ``path``; SourceError lists every problem."""
    from .resolve.lint import lint
    from .resolve.references import resolve

    world = world or World()
    with world.track() as read:
        source, problems = parse(path, world)
        letter, positions = resolve(source, path.parent, world, problems)
    return Loaded(letter, lint(letter, source), tuple(read), source, positions)


def letters_in(path: Path) -> list[Path]:
    """A folder's letter sources (not its subfolders, where shared letterheads live, nor the
    members registry beside them)."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in LETTER_SUFFIXES
                      and p.name != REGISTRY_NAME and p.is_file())
    return [path]


def outputs_for(sources: list[Path], out: Path) -> list[Path]:
    """Where each source is built: ``out`` itself if it names a .pdf (one letter only), else
    ``out/<source name>.pdf``; two sources that would write the same PDF are refused."""
    if out.suffix.lower() == ".pdf":
        if len(sources) != 1:
            raise LetterpressError(f"{out}: a .pdf output needs exactly one letter, "
                                   f"got {len(sources)}")
        return [out]
    outputs = [out / (s.stem + ".pdf") for s in sources]
    seen: dict[Path, Path] = {}
    for source, output in zip(sources, outputs, strict=True):
        if output in seen:
            raise LetterpressError(f"{seen[output]} and {source} would both be built into "
                                   f"{output}; rename one of them")
        seen[output] = source
    return outputs


def typeset(letter: Letter, fonts: FontSet,
            attachments: tuple[Attachment, ...] = ()) -> tuple[bytes, int]:
    """Lay out and render a letter as PDF/A-3b, with ``attachments`` (the letter's source
    first) embedded: the PDF bytes and the number of pages."""
    from .content import revision_keywords
    from .layout import lay_out
    from .pdf import RenderOptions, render_pdf

    document = lay_out(letter, fonts)
    d = letter.date
    options = RenderOptions(timestamp=datetime.datetime(d.year, d.month, d.day,
                                                        tzinfo=datetime.UTC),
                            attachments=attachments, keywords=revision_keywords(letter),
                            revision=letter.revision)
    return render_pdf(document, fonts, options), len(document.pages)


def _attachments(read: tuple[Dependency, ...]) -> tuple[Attachment, ...]:
    """Every file the letter was built from, as the world served it, its own source first,
    named relative to the deepest folder that holds them all."""
    from .pdf.options import Attachment, mime_type

    full = [os.path.normpath(os.path.abspath(d.path)) for d in read]
    root = os.path.commonpath([os.path.dirname(f) for f in full])
    return tuple(Attachment(Path(os.path.relpath(f, root)).as_posix(), d.data, mime_type(f))
                 for f, d in zip(full, read, strict=True))


def build(source: Path, output: Path, *, strict: bool = False,
          fonts: FontSet | None = None, world: World | None = None) -> Built:
    """Build one letter into ``output``; an existing file is replaced only by a complete one."""
    world = world or World(fonts)
    loaded = load(source, world)
    if strict and loaded.warnings:
        raise SourceError("warnings are errors (--strict)", tuple(
            Diagnostic(w.file, w.line, w.column, w.field, w.message, w.hint)
            for w in loaded.warnings))
    refuse_overwriting(output, loaded.dependencies)
    try:
        data, pages = typeset(loaded.letter, world.fonts,
                              _attachments(loaded.dependencies))
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


def build_all(jobs: Iterable[tuple[Path, Path]], *, strict: bool = False,
              read_back: bool = False, world: World | None = None) -> Iterator[Outcome]:
    """Build each (source, output) pair in turn, going on after a letter that fails; with
    ``read_back``, check each PDF against its source."""
    world = world or World()
    for source, output in jobs:
        try:
            built = build(source, output, strict=strict, world=world)
            findings = check(source, output, world=world) if read_back else None
        except LetterpressError as exc:
            yield Outcome(source, output, error=exc)
            continue
        yield Outcome(source, output, built=built, findings=findings)


def check(source: Path, pdf: Path, fonts: FontSet | None = None,
          world: World | None = None) -> tuple[Finding, ...]:
    """Read ``pdf`` back and compare it with ``source``: the findings (empty when faithful).
    The text layer is read with pypdf; what a reader sees, by rendering the pages."""
    from .check.compare import compare_pdf
    from .check.readback import read_pdf_bytes, read_pdf_file
    from .check.second_process import aside
    from .check.visibility import read_ink

    world = world or World(fonts)
    # pypdf, the slower reader, reads the text layer on the other core while this one loads
    # the source and renders; errors keep their order: the source's, pypdf's, PDFium's.
    with aside(_text_layer, pdf) as layer:
        letter = load(source, world).letter
        data = read_pdf_file(pdf)  # once here; the other process's copy is checked by digest
        try:
            ink = read_ink(data, str(pdf))
        except ReadbackError:
            layer.result()
            raise
        digest, text = layer.result()
    if digest != hashlib.sha256(data).digest():  # the file changed: judge what was rendered
        text = read_pdf_bytes(data, str(pdf))
    return tuple(compare_pdf(letter, text, ink))


def _text_layer(pdf: Path) -> tuple[bytes, PdfText]:
    """The digest of the PDF as read, and its text layer as pypdf reads it."""
    from .check.readback import read_pdf_bytes, read_pdf_file

    data = read_pdf_file(pdf)
    return hashlib.sha256(data).digest(), read_pdf_bytes(data, str(pdf))


def check_embedded(pdf: Path, fonts: FontSet | None = None,
                   world: World | None = None) -> tuple[Finding, ...]:
    """Compare ``pdf`` with the source it carries inside: the findings (empty when faithful).
    A problem in the sources is reported as inside the PDF."""
    from .check.readback import read_pdf_file

    with embedded_letter(read_pdf_file(pdf), str(pdf)) as letter:
        return check(letter, pdf, fonts, world)


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




# Signing and verifying: sign.py and stamp.py produce, signatures.py, compare.py and
# embedded.py judge. A signed letter is read, stamped, signed and replaced atomically.

def sign(pdf: Path, output: Path, key: SigningKey, options: SignOptions,
         trust: tuple[bytes, ...] = (), world: World | None = None) -> int:
    """Sign the letter ``pdf`` into ``output`` at the world's time: the size of the signed
    file."""
    import dataclasses

    from .sign.signer import check_key, sign_pdf, stamp_lines

    now = (world or World()).now()
    data = _read_pdf_file(pdf)
    if options.visible:
        from .sign.stamp import plan_stamp

        check_key(key, options, now)  # a refused key is reported before the page is read
        stamp = plan_stamp(data, str(pdf), stamp_lines(key, options, now))
        options = dataclasses.replace(options, stamp=stamp)
    signed = sign_pdf(data, str(pdf), key, options, trust, now)
    write_atomically(output, signed)
    return len(signed)


def verify(pdf: Path, trust: tuple[bytes, ...], fonts: FontSet | None = None,
           fetch: bool = True) -> Verification:
    """Judge a signed letter: its signatures, the text after each, its source and PDF/A."""
    from .check.pdfa import first_revision, pdfa_status, signature_object_problems
    from .check.readback import read_pdf_bytes
    from .sign.signatures import check_signatures
    from .sign.verdict import Verification

    data = _read_pdf_file(pdf)
    final = read_pdf_bytes(data, str(pdf))
    checks = []
    for check in check_signatures(data, str(pdf), trust, fetch):
        try:  # a damaged revision is the signature's problem, not a reason to stop
            before = read_pdf_bytes(data[:check.signed_bytes], str(pdf)).pages
        except ReadbackError:
            before = ()
        changed = tuple(i + 1 for i in range(max(len(before), len(final.pages)))
                        if before[i:i + 1] != final.pages[i:i + 1])
        checks.append(check.with_text_changes(changed))
    source, findings = _source_agreement(data, str(pdf), final, fonts or load_fonts())
    pdfa, notes = ("none", ()) if b"pdfaid" not in first_revision(data) else pdfa_status(data)
    if checks:
        notes += signature_object_problems(data)
    return Verification(str(pdf), tuple(checks), source, findings, pdfa, notes)


def _read_pdf_file(pdf: Path) -> bytes:
    from .check.readback import read_pdf_file

    data = read_pdf_file(pdf)  # a regular file under the size limit
    if b"%PDF-" not in data[:1024]:
        raise SigningError(f"{pdf}: not a PDF file")
    return data


def _source_agreement(data: bytes, name: str, text: PdfText,
                      fonts: FontSet) -> tuple[str, tuple[str, ...]]:
    """Build nothing, but load the embedded source (and the files it read) and compare the
    PDF's text with it."""
    from .check.compare import compare_pdf
    from .errors import ExtractError, NoSources

    try:
        with embedded_letter(data, name) as source:
            letter = load(source, World(fonts)).letter
    except NoSources:
        return "none", ()
    except ExtractError:
        raise  # a hostile or damaged file inside: bad input, as for extract and check
    except LetterpressError as exc:
        return "unreadable", (exc.format(),)
    findings = tuple(f.format() for f in compare_pdf(letter, text))
    return ("differs" if findings else "matches"), findings
