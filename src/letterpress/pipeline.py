"""The stages of letterpress, in order, in one place.

build:  source (YAML or Markdown) -> Letter -> layout -> PDF bytes -> file (atomic replace)
check:  source -> Letter;  PDF -> read back -> compare with the Letter -> findings
sign:   PDF -> (stamp placed below the text) -> signature in an incremental update -> file
verify: PDF -> signatures judged -> text before/after each -> embedded source compared -> PDF/A

Every other module is one stage; only this one knows the order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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
from .model import Letter

if TYPE_CHECKING:  # signing's modules load pyHanko: only the sign and verify commands do
    from .readback import PdfText
    from .sign import SigningKey, SignOptions
    from .verify import Verification

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


# Signing and verifying: sign.py and stamp.py produce, signatures.py, compare.py and
# embedded.py judge. A signed letter is read, stamped, signed and replaced atomically.

def sign(pdf: Path, output: Path, key: SigningKey, options: SignOptions,
         trust: tuple[bytes, ...] = ()) -> int:
    """Sign the letter ``pdf`` into ``output``: the size of the signed file."""
    import dataclasses
    import datetime as dt

    from .sign import check_key, sign_pdf, stamp_lines

    data = _read_pdf_file(pdf)
    if options.visible:
        from .stamp import plan_stamp

        now = dt.datetime.now(dt.UTC)
        check_key(key, options, now)  # a refused key is reported before the page is read
        stamp = plan_stamp(data, str(pdf), stamp_lines(key, options, now))
        options = dataclasses.replace(options, stamp=stamp)
    signed = sign_pdf(data, str(pdf), key, options, trust)
    write_atomically(output, signed)
    return len(signed)


def verify(pdf: Path, trust: tuple[bytes, ...], fonts: FontSet | None = None,
           fetch: bool = True) -> Verification:
    """Judge a signed letter: its signatures, the text after each, its source and PDF/A."""
    from .embedded import first_revision, pdfa_status, signature_object_problems
    from .readback import read_pdf_bytes
    from .signatures import check_signatures
    from .verify import Verification

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
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise SigningError(f"{pdf}: cannot read the file ({exc.strerror or exc})") from None
    if b"%PDF-" not in data[:1024]:
        raise SigningError(f"{pdf}: not a PDF file")
    return data


def _source_agreement(data: bytes, name: str, text: PdfText,
                      fonts: FontSet) -> tuple[str, tuple[str, ...]]:
    """Build nothing, but load the embedded source (and the files it read, extracted into a
    temporary folder) and compare the PDF's text with it."""
    import tempfile

    from .compare import compare_pdf
    from .embedded import embedded_sources

    files = embedded_sources(data, name)
    if not files:
        return "none", ()
    with tempfile.TemporaryDirectory() as folder:
        for embedded in files:
            target = Path(folder, embedded.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(embedded.data)
        try:
            letter, _ = load(Path(folder, files[0].path), fonts)
        except LetterpressError as exc:
            return "unreadable", (exc.format().replace(folder + "/", ""),)
    findings = tuple(f.format() for f in compare_pdf(letter, text))
    return ("differs" if findings else "matches"), findings
