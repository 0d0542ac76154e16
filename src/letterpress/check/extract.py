"""The files a letter's PDF carries inside, read back out with pikepdf (which only this module
and signing's embedded.py import), and judged as PDF/A-3b.

Every PDF letterpress builds holds the files it was built from as PDF/A-3 associated files
(the agreed format: each file specification has /AFRelationship /Source, or /Supplement for
an enclosure whose pages follow the letter's, and is listed in the catalog's /AF, the
letter's own source first; /UF or /F is its path relative to the folder of
the files read; /Params /CheckSum is the MD5 of its bytes). Reading them is the start of
``extract``, of ``check PDF`` without a source and of filing a letter in the archive.

A PDF is untrusted input: its paths are checked here (:func:`safe_path`) before anything is
written, and a damaged file is refused rather than repaired, since a repaired archive copy is
not the one that was sent; the sizes and the number of files are bounded. A signed letter is
read as it was built: its first revision names letterpress as producer, the signatures'
update names the signing library. pikepdf is imported inside the functions: it costs ~40 ms
and ``letterpress build`` never needs it (docs/libraries.md, "Start-up costs").
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import Encrypted, ExtractError, NoSources

PRODUCER = "letterpress"
MAX_FILES = 64  # far more than a letter reads; a hostile PDF could list thousands
# A drive ("C:"), a share or device ("\\?\"), NUL and other control characters: none of them
# belong in a relative POSIX path, whatever system the archive is later copied to.
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\\]|^[A-Za-z]:")
_VERSION = re.compile(r"letterpress[ /]([0-9][0-9A-Za-z.+-]*)")


@dataclass(frozen=True, slots=True)
class EmbeddedFile:
    path: PurePosixPath  # relative, checked by safe_path
    data: bytes
    mime: str


@dataclass(frozen=True, slots=True)
class Sources:
    """What a letter's PDF carries: its own source first, then the files that source read."""

    pdf: str  # the PDF's name, for messages
    files: tuple[EmbeddedFile, ...]
    producer: str  # the /Producer of the PDF as built
    # who signed it, as its signatures name themselves (/Name; judged by letterpress verify)
    signers: tuple[str, ...] = ()

    @property
    def letter(self) -> EmbeddedFile:
        return self.files[0]

    @property
    def version(self) -> str:
        """The letterpress version named in /Producer, or "" when it names none."""
        match = _VERSION.search(self.producer)
        return match.group(1) if match else ""


def safe_path(name: str) -> PurePosixPath:
    """``name`` as a relative path that stays inside the folder it is written to, or
    ValueError saying why not (absolute, ``..``, a drive, a backslash, NUL, empty parts)."""
    if not name or _FORBIDDEN.search(name):
        raise ValueError("a name with a drive, a backslash or a control character")
    if name.startswith("/"):
        raise ValueError("an absolute path")
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError("a path with '..', '.' or an empty part")
    return PurePosixPath(*parts)


def read_sources(pdf: Path) -> Sources:
    """The files embedded in the letter ``pdf``, or ExtractError naming the file."""
    from .readback import read_pdf_file

    return read_sources_bytes(read_pdf_file(pdf), str(pdf))


def read_sources_bytes(data: bytes, name: str) -> Sources:
    """Like :func:`read_sources` for bytes in memory; ``name`` is used in messages."""
    import pikepdf

    if b"%PDF-" not in data[:1024]:
        raise ExtractError(f"{name}: not a PDF file")
    try:
        doc = pikepdf.open(io.BytesIO(data), attempt_recovery=False)
    except pikepdf.PasswordError:
        raise Encrypted(f"{name}: the PDF is encrypted; letterpress never encrypts "
                           "a letter, so this is not one of its PDFs") from None
    except pikepdf.PdfError as exc:
        raise ExtractError(f"{name}: damaged or truncated PDF ({_short(exc, name)})") from None
    with doc:
        if doc.is_encrypted:
            raise Encrypted(f"{name}: the PDF is encrypted; letterpress never encrypts "
                               "a letter, so this is not one of its PDFs")
        try:
            return _sources(doc, name, data)
        except (pikepdf.PdfError, AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ExtractError(f"{name}: damaged PDF ({_short(exc, name)})") from None


# A page scanned at 100 dpi, the least a scanner is set to, is about 0.8 million pixels (A5)
# or more; a letter's logo is a fraction of that.
SCANNED_PIXELS = 500_000


def is_scanned(data: bytes) -> bool:
    """Whether every page of the PDF ``data`` shows an image the size of a scanned page (a
    scan, not a letter with a logo); False for a PDF that cannot be opened."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as doc:
            return len(doc.pages) > 0 and all(_shows_scan(page.obj) for page in doc.pages)
    except (pikepdf.PdfError, AttributeError, TypeError, ValueError):
        return False


def _shows_scan(page: Any) -> bool:
    resources = page.get("/Resources")
    objects = resources.get("/XObject") if resources is not None else None
    return objects is not None and any(
        x.get("/Subtype") == "/Image"
        and int(x.get("/Width", 0)) * int(x.get("/Height", 0)) >= SCANNED_PIXELS
        for x in objects.values())


def _short(exc: Exception, name: str) -> str:
    # qpdf prefixes its messages with the stream's own name, a placeholder for bytes
    return re.sub(r"^[^:]*(empty PDF|stream)[^:]*: ", "", str(exc)) or type(exc).__name__


def _producer(doc: Any) -> str:
    return str(doc.docinfo.get("/Producer", "")) if doc.trailer.get("/Info") else ""


def _first_producer(data: bytes) -> str:
    """The producer of the PDF as first written: signing appends an update that names the
    signing library instead (ISO 32000-1 7.5.6)."""
    import pikepdf

    from .pdfa import first_revision

    first = first_revision(data)
    if len(first) >= len(data.rstrip()):
        return ""
    try:
        with pikepdf.open(io.BytesIO(first), attempt_recovery=False) as doc:
            return _producer(doc)
    except pikepdf.PdfError:
        return ""


def _sources(doc: Any, name: str, data: bytes) -> Sources:
    producer = _producer(doc)
    if not producer.startswith(PRODUCER):
        producer = _first_producer(data) or producer
    if not producer.startswith(PRODUCER):
        raise NoSources(f"{name}: not a PDF made by letterpress (its producer is "
                        f"{producer or 'not named'!r})")
    specs = doc.Root.get("/AF")
    if not specs:
        raise NoSources(f"{name}: no letter source inside (the catalog has no /AF); "
                        "was it built before letterpress embedded its sources?")
    if len(specs) > MAX_FILES:
        raise ExtractError(f"{name}: {len(specs)} embedded files; a letter reads a handful "
                           f"(its source, letterhead, logo, registry), at most {MAX_FILES}")
    files = tuple(_file(spec, i, name) for i, spec in enumerate(specs))
    paths = [file.path for file in files]
    twice = sorted({str(p) for p in paths if paths.count(p) > 1})
    if twice:
        raise ExtractError(f"{name}: embedded file {twice[0]}: named twice")
    folders = sorted(str(p) for p in {f for path in paths for f in path.parents} & set(paths))
    if folders:
        raise ExtractError(f"{name}: embedded file {folders[0]}: also used as a folder")
    return Sources(name, files, producer, _signers(doc))


def _signers(doc: Any) -> tuple[str, ...]:
    form = doc.Root.get("/AcroForm")
    fields = form.get("/Fields", []) if form is not None else []
    return tuple(str(f.V.Name) for f in fields
                 if f.get("/FT") == "/Sig" and "/V" in f and "/Name" in f.V)


def _file(spec: Any, index: int, name: str) -> EmbeddedFile:
    # the letter's source first; an enclosure's PDF, appended after the letter, is its
    # /Supplement (pdf/catalog.py), and a file the letter was built from all the same
    allowed = ("/Source",) if index == 0 else ("/Source", "/Supplement")
    if spec.get("/AFRelationship") not in allowed:
        raise ExtractError(f"{name}: embedded file {index + 1} is not a /Source file")
    raw = str(spec.get("/UF", spec.get("/F", "")))
    if "/F" in spec and str(spec.F) != raw:  # a viewer would show one name, we would write another
        raise ExtractError(f"{name}: embedded file {raw!r} refused: its /F names "
                           f"{str(spec.F)!r}")
    try:
        path = safe_path(raw)
    except ValueError as exc:
        raise ExtractError(f"{name}: embedded file {raw!r} refused: {exc} could write "
                           "outside the folder") from None
    stream = spec.EF.get("/F") or spec.EF.get("/UF")
    data = _contents(stream, path, name, spec.get("/AFRelationship") == "/Supplement")
    params = stream.get("/Params", {})
    checksum, size = params.get("/CheckSum"), params.get("/Size")
    if size is not None and int(size) != len(data) or checksum is not None and bytes(
            checksum) != hashlib.md5(data, usedforsecurity=False).digest():
        raise ExtractError(f"{name}: embedded file {path}: its bytes do not match its "
                           "size or checksum (the PDF is damaged)")
    mime = str(stream.get("/Subtype", "/application/octet-stream"))[1:]
    return EmbeddedFile(path, data, mime)


def _contents(stream: Any, path: PurePosixPath, name: str, enclosure: bool = False) -> bytes:
    """The stream's decoded bytes, decompressed no further than the largest file a letter
    may read: a few kilobytes of a hostile PDF can inflate to gigabytes."""
    from ..world import SIZE_LIMITS

    # a letter reads no PDF and no scan, and carries no recipients file (a merged letter
    # carries its own row, written in its source): the files it carries are of the other
    # kinds (an enclosure, the /Supplement, is bounded by its own kind's limit)
    limit = SIZE_LIMITS["enclosure"] if enclosure else max(
        size for kind, size in SIZE_LIMITS.items()
        if kind not in ("pdf", "scan", "enclosure", "recipients"))
    kind, parms = stream.get("/Filter"), stream.get("/DecodeParms")
    if kind is None:  # stored as it is: the PDF's own size bounds it
        data = bytes(stream.read_raw_bytes())
    elif kind == "/FlateDecode":
        # A predictor turns rows of at least two bytes into rows one byte shorter, so twice
        # the limit inflated is enough to know whether the file is larger than the limit.
        bound = limit + 1 if _plain(parms) else 2 * limit + 2
        try:
            data = zlib.decompressobj().decompress(stream.read_raw_bytes(), bound)
        except zlib.error as exc:
            raise ExtractError(f"{name}: embedded file {path}: damaged ({exc})") from None
        if not _plain(parms) and len(data) < bound:
            data = _predicted(data, parms, path, name)
    else:  # anything else would be decoded by a library without a bound: refused unread
        raise ExtractError(f"{name}: embedded file {path}: encoded with {kind} "
                           f"{parms if parms is not None else ''}".rstrip()
                           + ", which letterpress does not write")
    if len(data) > limit:
        raise ExtractError(f"{name}: embedded file {path}: larger than {limit // 2**20} MiB, "
                           "more than any file a letter reads")
    return data


def _predicted(inflated: bytes, parms: Any, path: PurePosixPath, name: str) -> bytes:
    """``inflated`` (bounded already) undone of its predictor by pikepdf, which is then
    given no more than those bytes."""
    import pikepdf

    try:
        with pikepdf.Pdf.new() as scratch:
            stream = pikepdf.Stream(scratch, zlib.compress(inflated, 1))
            stream.Filter = pikepdf.Name.FlateDecode
            stream.DecodeParms = pikepdf.Dictionary({str(k): parms[k] for k in parms})
            return bytes(stream.read_bytes())
    except (pikepdf.PdfError, pikepdf.ForeignObjectError, ValueError, TypeError,
            KeyError) as exc:
        raise ExtractError(f"{name}: embedded file {path}: damaged ({exc})") from None


def _plain(parms: Any) -> bool:
    """Decode parameters that change nothing: none, empty, or predictor 1 (ISO 32000-1,
    table 8); a predictor would need a decoder without a bound."""
    if parms is None:
        return True
    try:
        return set(parms.keys()) <= {"/Predictor"} and int(parms.get("/Predictor", 1)) == 1
    except (AttributeError, TypeError, ValueError):
        return False


def pdfa_problems(data: bytes) -> tuple[str, ...]:
    """Why the letter ``data`` is not PDF/A-3b: empty when it is. The whole file is judged,
    a signed letter's updates included (check/pdfa.py, docs/pdfa.md)."""
    from .pdfa import pdfa_status

    verdict, findings = pdfa_status(data)
    return () if verdict == "pass" else (findings or (f"pikepdf.pdfa says {verdict}",))


@dataclass(frozen=True, slots=True)
class Extracted:
    """Where a PDF's sources were written: the letter's own file first."""

    letter: Path
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]  # already there with the same bytes


def write_sources(sources: Sources, folder: Path, *, force: bool = False) -> Extracted:
    """Write every embedded file under ``folder`` at its relative path.

    Everything is checked before the first byte is written: a path through a link, a file
    where a folder must go, or an existing file with other content (unless ``force``) is an
    ExtractError and nothing is written. Each file is replaced only by a complete new one.
    """
    from ..outputs import write_atomically

    targets = [(folder.joinpath(*f.path.parts), f) for f in sources.files]
    unchanged = [t for t, f in targets if _existing(folder, t, f, sources.pdf, force)]
    written = []
    for target, file in targets:
        if target not in unchanged:
            write_atomically(target, file.data)
            written.append(target)
    return Extracted(targets[0][0], tuple(written), tuple(unchanged))


def _existing(folder: Path, target: Path, file: EmbeddedFile, pdf: str, force: bool) -> bool:
    """True if ``target`` already holds the file's bytes; ExtractError if it must not be
    written (a link on the way, a folder in the place, other content without ``force``)."""
    step = folder
    for part in file.path.parts:
        step = step / part
        if step.is_symlink():
            raise ExtractError(f"{pdf}: {file.path}: refused, {step} is a link (it could "
                               "lead outside the folder)")
        if step != target and step.exists() and not step.is_dir():
            raise ExtractError(f"{pdf}: {file.path}: refused, {step} is a file, not a folder")
    if not target.exists():
        return False
    if target.is_dir():
        raise ExtractError(f"{pdf}: {file.path}: refused, {target} is a folder")
    try:
        same = target.read_bytes() == file.data
    except OSError as exc:
        raise ExtractError(f"{target}: cannot read the file ({exc.strerror or exc})") from None
    if not same and not force:
        raise ExtractError(f"{target}: exists with other content; not overwritten "
                           "(--force replaces it)")
    return same
