"""The stages of letterpress, in order, in one place.

build:  source (YAML or Markdown) -> Letter -> layout -> PDF bytes -> file (atomic replace)
check:  source -> Letter;  PDF -> read back -> compare with the Letter -> findings
check a PDF alone: PDF -> its embedded sources -> (temporary folder) -> check

Every other module is one stage; only this one knows the order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import Diagnostic, LayoutError, LetterpressError, RenderError, SourceError
from .fonts import FontSet, load_fonts
from .model import Letter

LETTER_SUFFIXES = (".yaml", ".yml", ".md")


@dataclass(frozen=True, slots=True)
class Built:
    source: Path
    output: Path
    pages: int
    size: int
    warnings: tuple[Diagnostic, ...]


def load(path: Path, fonts: FontSet) -> tuple[Letter, tuple[Diagnostic, ...]]:
    """Read a letter source: YAML, or Markdown in the shape of an exported letter."""
    if not path.is_file():
        raise SourceError(f"{path}: no such file", (
            Diagnostic(str(path), 0, 0, "", "no such file",
                       "give a .yaml or .md letter, or a folder of them"),))
    if path.suffix.lower() == ".md":
        from .markdown import import_markdown

        return import_markdown(path, fonts.coverage), ()
    from .source import load_letter

    return load_letter(path, fonts.coverage)


def letters_in(path: Path) -> list[Path]:
    """A folder's letter sources (not its subfolders, where shared letterheads live)."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in LETTER_SUFFIXES
                      and p.is_file())
    return [path]


def typeset(letter: Letter, fonts: FontSet) -> tuple[bytes, int]:
    """Lay out and render a letter: the PDF bytes and the number of pages."""
    from .layout import lay_out
    from .render import render_pdf

    document = lay_out(letter, fonts)
    return render_pdf(document, fonts), len(document.pages)


def build(source: Path, output: Path, *, strict: bool = False,
          fonts: FontSet | None = None) -> Built:
    """Build one letter into ``output``; an existing file is replaced only by a complete one."""
    fonts = fonts or load_fonts()
    letter, warnings = load(source, fonts)
    if strict and warnings:
        raise SourceError("warnings are errors (--strict)", tuple(
            Diagnostic(w.file, w.line, w.column, w.field, w.message, w.hint) for w in warnings))
    try:
        data, pages = typeset(letter, fonts)
    except (LayoutError, RenderError) as exc:
        raise type(exc)(f"{source}: {exc}") from None  # name the letter, as every message does
    write_atomically(output, data)
    return Built(source, output, pages, len(data), warnings)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so ``path`` is never half written.
    An OS error (no such folder, permission denied, disk full) becomes a LetterpressError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _create_beside(path)
    except OSError as exc:
        raise LetterpressError(f"{path}: cannot write the file ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise LetterpressError(
                f"{path}: cannot write the file ({exc.strerror or exc})") from None
        raise


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, empty file in ``path``'s folder (so the final rename stays on one file system),
    with the permissions a new file gets there: tempfile.mkstemp's files, and so the PDFs
    renamed from them, are readable by their owner only."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for attempt in range(100):
        tmp = path.with_name(f".{path.name}.{os.getpid()}-{attempt}.part")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue  # left behind by an earlier process of the same number
    raise FileExistsError(17, "no free temporary name", str(path))


def check(source: Path, pdf: Path, fonts: FontSet | None = None) -> tuple[object, ...]:
    """Read ``pdf`` back and compare it with ``source``: the findings (empty when faithful)."""
    from .compare import compare_pdf
    from .readback import read_pdf

    fonts = fonts or load_fonts()
    letter, _ = load(source, fonts)
    return tuple(compare_pdf(letter, read_pdf(pdf)))


def check_embedded(pdf: Path, fonts: FontSet | None = None) -> tuple[object, ...]:
    """Compare ``pdf`` with the source it carries inside: the findings (empty when faithful).
    The sources are written to a temporary folder, so the letter reads its letterhead as it
    did when it was built; a problem in them is reported as inside the PDF."""
    import tempfile

    from .extract import read_sources, write_sources

    sources = read_sources(pdf)
    with tempfile.TemporaryDirectory(prefix="letterpress-") as folder:
        letter = write_sources(sources, Path(folder)).letter
        try:
            return check(letter, pdf, fonts)
        except SourceError as exc:
            inside = f"{pdf}, embedded "
            raise SourceError(str(exc).replace(folder + os.sep, inside), tuple(
                replace(d, file=d.file.replace(folder + os.sep, inside))
                for d in exc.diagnostics)) from None
