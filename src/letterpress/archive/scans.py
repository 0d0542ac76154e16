"""Scans of hand-signed copies: filed beside the letter they are a copy of.

A letter printed, signed in ink and scanned comes back as images. Filing one (``letterpress
archive SCAN``) reads its pages (scan/read.py), recognises their words with OCR in the
letter's language (scan/ocr.py), finds the filed letter it is a copy of (scan/match.py: the
reference and date it reads, then its words against each filed letter's, revision and
language), and files a bag of its own beside that letter's, named ``..._r1_scan``:

    data/scan/...          the files given, byte for byte
    data/NAME_scan.pdf     a PDF/A-3b of the page images with the recognised words as an
                           invisible text layer (pdf/scanned.py)
    data/ocr.json          the words recognised, page by page, with their boxes
    data/match.json, .txt  how the scan agrees with the letter, page by page

Its bag-info names the letter's bag (``Letter-Copy-Of``) and the SHA-256 of the letter's PDF
the scan was compared with; the register lists it after the letter, as a copy, and indexes
its recognised words so that a search finds the scan. Nothing is written before the scan has
been read, recognised and matched: a scan refused leaves the archive as it was.

Verifying the bag needs no OCR: the match report is derived again from ``ocr.json`` and the
letter filed (the comparison is deterministic), and the scan's PDF must still say those words.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import ArchiveError, LetterpressError, WriteError
from ..model import LANGUAGES, Language, Letter
from ..scanned import ReadPage
from ..world import World
from . import bag, folder, index, register, sent, signed
from .register import Entry, Record

if TYPE_CHECKING:
    from ..scan.letters import Candidate
    from ..scan.match import Report

from .index import (
    AGREEMENT,
    KIND,
    LETTER_SHA256,
    OCR_JSON,
    ORIGINALS,
    PAGES,
    SCAN,
    pages_text,
    read_ocr_json,
    scan_record,
)

MATCH_JSON, MATCH_TEXT = "match.json", "match.txt"
SUFFIX = "_scan"
SHOWN = 3  # candidates named when a scan is refused
# How much of a scan's first page is read in all three languages to tell the letter's
# language and reference: its top half holds the letterhead, reference, date, addresses and
# the first paragraph (the whole page, read in three languages, takes three times as long).
FIRST_READ = 0.5
IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")  # PNG, JPEG, TIFF


@dataclass(frozen=True, slots=True)
class FiledScan:
    """What filing a scan did: its bag, and whether it is new (False: filed before)."""

    scan: Path  # the first file given
    bag: Path
    new: bool
    notices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PreparedScan:
    """A scan read, recognised and matched to a filed letter: ready to file."""

    files: tuple[Path, ...]  # as the user named them
    originals: tuple[tuple[str, bytes], ...]  # their names in the bag, and their bytes
    pages: tuple[ReadPage, ...]
    letter_bag: str
    letter_entry: Entry
    letter: Letter
    report: Report
    ranked: tuple[Report, ...]  # the candidates' reports, best first (a named letter: one)
    pdf: bytes  # the scan's PDF/A


def kind_of(path: Path, world: World) -> str:
    """What a file named for filing is, by its bytes: "image" (PNG, JPEG or TIFF: a page of a
    scan), "pdf" (a PDF of page images without a letter's source: a scan) or "letter"
    (anything else: a letter's PDF, or a file filing refuses saying why)."""
    from ..check.extract import is_scanned, read_sources_bytes
    from ..errors import NoSources
    from ..world import Unreadable

    try:
        data = world.read(path, "pdf")
    except Unreadable:
        return "letter"
    if data.startswith(IMAGES):
        return "image"
    try:
        read_sources_bytes(data, str(path))
    except NoSources:  # not a letter's PDF: a scan if its pages are images
        return "pdf" if is_scanned(data) else "letter"
    except LetterpressError:
        return "letter"
    return "letter"


def prepare_scan(root: Path, files: Sequence[Path], world: World,
                 copy_of: Path | None = None) -> PreparedScan:
    """Read ``files`` (the pages of one scan), recognise them and find the filed letter
    they are a copy of (``copy_of``: the letter's PDF, when the user knows it); ArchiveError
    or ScanError naming what is wrong, before anything is written."""
    from ..scan import ocr
    from ..scan.match import ACCEPT, compare, match
    from ..scan.read import no_text, read_scan, top_of

    images = read_scan(files, world)
    originals = _originals(files, world)
    opened = index.open_for_reading(root, world)
    try:
        entries = [e for e in register.entries(opened.conn) if not e.copy_of]
    finally:
        opened.conn.close()
    if not entries:
        raise ArchiveError(f"{root}: no letter is filed in this archive, so {files[0]} cannot "
                           "be matched to one", hint="file the letter's PDF first: "
                           "`letterpress archive LETTER.pdf`")
    try:
        if copy_of is not None:
            entry = _entry_of(copy_of, entries, world)
            pages = ocr.recognise(images, _language(entry.language))
            _readable(pages, no_text(pages))
            report = compare(pages, _candidate(root, entry, world))
            ranked: tuple[Report, ...] = (report,)
            if not report.accepted:
                raise ArchiveError(
                    f"{files[0]}: does not read as a copy of {copy_of} ({report.title()}; at "
                    f"least {ACCEPT:.2f} is needed)", hint="is it the scan of another "
                    "letter, or of another revision? without --copy-of it is matched "
                    "against every filed letter")
        else:
            # the top of the first page, read in every language, tells the letter's
            first = ocr.recognise([top_of(images[0], FIRST_READ)], LANGUAGES)
            language = language_of(first[0])
            same = [e for e in entries if e.language == language] or entries
            shortlist = _named(first[0], same) or same
            pages = ocr.recognise(images, language)
            _readable(pages, no_text(pages))
            ranked = match(pages, [_candidate(root, e, world) for e in shortlist])
            report = ranked[0]
            if not report.accepted:
                raise ArchiveError(
                    f"{files[0]}: matches no filed letter well enough (at least "
                    f"{ACCEPT:.2f} is needed, the share of words in common in order); the "
                    "closest: " + "; ".join(r.title() for r in ranked[:SHOWN]),
                    hint="if you know the letter, name it: --copy-of LETTER.pdf")
    except (ocr.Missing, ocr.Failed) as exc:
        raise ArchiveError(f"{files[0]}: cannot be read: {exc}") from None
    chosen = report.candidate.key
    entry = next(e for e in entries if e.bag == chosen)
    letter = sent.letter_in(root, entry.bag, world)
    from ..pdf.scanned import write_scan

    title = f"Hand-signed copy of {letter.title or letter.reference}"
    pdf = write_scan(pages, title=title, language=letter.language, created=world.now())
    return PreparedScan(tuple(files), originals, pages, entry.bag, entry, letter, report,
                        ranked, pdf)


def _originals(files: Sequence[Path], world: World) -> tuple[tuple[str, bytes], ...]:
    """The files given, each under its own name in the bag (numbered when two share one)."""
    named, taken = [], set()
    for n, path in enumerate(files, 1):
        name = path.name if path.name not in taken else f"{n}-{path.name}"
        taken.add(name)
        named.append((f"data/scan/{name}", world.read(path, "scan")))
    return tuple(named)


def _language(code: str) -> Language:
    """A language code as the register holds it, as OCR takes it."""
    for language in LANGUAGES:
        if language == code:
            return language
    raise ArchiveError(f"a letter in the archive is in {code!r}, a language letterpress "
                       "does not read")


# Letters found only in Azerbaijani among the languages letterpress reads (its Latin script);
# a page whose letters are mostly Cyrillic is Russian.
_AZERBAIJANI = frozenset("əƏğĞıİşŞçÇöÖüÜ")


def language_of(page: ReadPage) -> Language:
    """The language a page is written in, from its letters as OCR read them in all three:
    Russian when most are Cyrillic, Azerbaijani when more than one in fifty is a letter only
    Azerbaijani uses (ə, ğ, ı ...; an English page read that way has almost none), else
    English."""
    letters = [ch for word in page.words for ch in word.text if ch.isalpha()]
    if not letters:
        return "en"
    if sum("\u0400" <= ch <= "\u04ff" for ch in letters) > len(letters) / 2:
        return "ru"
    return "az" if sum(ch in _AZERBAIJANI for ch in letters) > len(letters) / 50 else "en"


def _readable(pages: Sequence[ReadPage], blank: Sequence[int]) -> None:
    if blank:
        where = pages[blank[0] - 1].image.origin
        raise ArchiveError(f"{where}: no recognisable text on "
                           + ("this page" if len(blank) == 1 else
                              f"{len(blank)} pages ({', '.join(map(str, blank))})"),
                           hint="is it the right way up, and a scan of a printed letter?")


def _named(page: ReadPage, entries: list[Entry]) -> list[Entry]:
    """The filed letters whose reference the page reads (every revision and language)."""
    said = {w.text.strip(".,;:()") for w in page.words}
    return [e for e in entries if e.reference in said]


def _entry_of(pdf: Path, entries: list[Entry], world: World) -> Entry:
    """The filed letter whose PDF is ``pdf`` (by its SHA-256)."""
    digest = hashlib.sha256(world.read(pdf, "pdf")).hexdigest()
    for entry in entries:
        if entry.pdf_sha256 == digest:
            return entry
    raise ArchiveError(f"{pdf}: --copy-of: this letter is not filed in the archive",
                       hint=f"file it first: `letterpress archive {pdf}`")


def _candidate(root: Path, entry: Entry, world: World) -> Candidate:
    from ..scan.letters import candidate

    letter = sent.letter_in(root, entry.bag, world)
    pdf = world.read(root / entry.bag / entry.pdf, "pdf")
    return candidate(entry.bag, letter, pdf)


# --- filing ------------------------------------------------------------------------------


def file_scan(root: Path, p: PreparedScan, world: World) -> FiledScan:
    """File the scan ``p`` beside its letter in the archive at ``root``."""
    with index.holding(root, world) as opened:
        return _file(root, p, opened, world)


def _file(root: Path, p: PreparedScan, opened: index.Opened, world: World) -> FiledScan:
    digest = hashlib.sha256(p.pdf).hexdigest()
    for known in register.copies(opened.conn, p.letter_bag):
        if known.scan and _holds(root / known.bag, p.originals):
            return FiledScan(p.files[0], root / known.bag, False, opened.notices)
    name = folder.unused(root, p.letter_bag + SUFFIX)
    pdf_name = f"data/{Path(p.letter_entry.pdf).stem}{SUFFIX}.pdf"
    entry = _scan_entry(name, p.letter_entry, pdf_name, digest, p.report,
                        world.now().date().isoformat())
    from ..check.extract import pdfa_problems

    info = scan_info(entry, p.letter_entry, p.letter, [n for n, _ in p.originals],
                     "no" if pdfa_problems(p.pdf) else "3b", len(p.pages))
    try:
        work = folder.temporary(root, name.replace("/", "_"))
        (work / "scan").mkdir()
        for file, data in p.originals:
            (work / file.removeprefix("data/")).write_bytes(data)
        (work / pdf_name.removeprefix("data/")).write_bytes(p.pdf)
        (work / OCR_JSON).write_text(ocr_json(p.pages), encoding="utf-8")
        (work / MATCH_JSON).write_text(match_json(p.report), encoding="utf-8")
        (work / MATCH_TEXT).write_text(match_text(p.report), encoding="utf-8")
        bag.make(work, info, f"letterpress {__version__}")
        os.rename(work, root / name)  # a bag appears whole or not at all
    except OSError as exc:
        raise WriteError(f"{root / name}: cannot file {p.files[0]} ({exc.strerror or exc})"
                         ) from None
    index.register_filed(opened, scan_record(p.letter.reference, entry, pages_text(p.pages)),
                         root / name)
    return FiledScan(p.files[0], root / name, True, opened.notices)


def _holds(where: Path, originals: tuple[tuple[str, bytes], ...]) -> bool:
    """Whether the scan bag ``where`` holds the files ``originals``, and no others: the same
    scan filed before (its PDF/A differs, being made when it is filed)."""
    try:
        kept = sorted(p.name for p in (where / "data" / "scan").iterdir())
        return kept == sorted(Path(n).name for n, _ in originals) and all(
            (where / name).read_bytes() == data for name, data in originals)
    except OSError:
        return False


def _scan_entry(name: str, letter: Entry, pdf: str, digest: str, report: Report,
                filed: str) -> Entry:
    score = report.score
    return Entry(bag=name, reference=letter.reference, revision=letter.revision,
                 date=letter.date, sender=letter.sender, recipient=letter.recipient,
                 language=letter.language, signatories=letter.signatories, pdf=pdf,
                 pdf_sha256=digest, letterpress_version=__version__, filed=filed,
                 copy_of=letter.bag, scan=f"{score:.2f}")


def scan_info(entry: Entry, letter: Entry, letter_data: Letter, originals: list[str],
              pdfa: str, pages: int) -> bag.Info:
    """The bag-info of a scan's bag (derived again by ``archive verify``)."""
    title = (letter_data.title or letter_data.subject
             or f"{entry.reference} {entry.recipient[0]}")
    return {
        index.ORGANIZATION: entry.sender, index.IDENTIFIER: entry.reference,
        index.DESCRIPTION: f"Scan of a hand-signed copy of the letter {title}, {entry.date}",
        index.REFERENCE: entry.reference, index.DATE: entry.date,
        index.SENDER: entry.sender, index.RECIPIENT: list(entry.recipient),
        index.LANGUAGE: entry.language, index.SIGNATORIES: str(entry.signatories),
        index.REVISION: str(entry.revision), KIND: SCAN, signed.COPY_OF: letter.bag,
        LETTER_SHA256: letter.pdf_sha256, AGREEMENT: entry.scan, PAGES: str(pages),
        ORIGINALS: originals, index.PDF: entry.pdf, index.PDF_SHA256: entry.pdf_sha256,
        index.PDF_A: pdfa, index.VERSION: entry.letterpress_version, index.FILED: entry.filed,
    }


def ocr_json(pages: Sequence[ReadPage]) -> str:
    """The words recognised, page by page: what the match report is derived from."""
    return json.dumps({"pages": [
        {"origin": p.image.origin, "width": p.image.width, "height": p.image.height,
         "dpi": list(p.image.dpi),
         "words": [[w.text, list(w.box), w.confidence, w.line] for w in p.words]}
        for p in pages]}, ensure_ascii=False, indent=1) + "\n"


def match_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=1) + "\n"


def match_text(report: Report) -> str:
    return "\n".join(report.lines()) + "\n"


# --- reading and verifying ----------------------------------------------------------------


def check_scan_bag(root: Path, name: str, info: bag.Info,
                   held: tuple[Record, str] | None, world: World) -> list[str]:
    """What changed in a scan's bag whose manifests hold: its PDF, the letter it names, its
    match report derived again from its words and the letter, bag-info and the register."""
    where = root / name
    changes: list[str] = []
    try:
        pdf_name = index.one(info, index.PDF, where)
        data = world.read(where / pdf_name, "pdf")
        pages = read_ocr_json((where / "data" / OCR_JSON).read_text(encoding="utf-8"))
        letter_bag = index.one(info, signed.COPY_OF, where)
    except (LetterpressError, ValueError, OSError) as exc:
        return [f"cannot be read ({exc})"]
    digest = hashlib.sha256(data).hexdigest()
    if info.get(index.PDF_SHA256) != digest:
        changes.append(f"{pdf_name}: its SHA-256 is not the one bag-info.txt records")
    from ..check.extract import pdfa_problems

    pdfa = pdfa_problems(data)
    if info.get(index.PDF_A) == "3b" and pdfa:
        changes.append(f"{pdf_name}: filed as PDF/A-3b, not PDF/A-3b by today's check "
                       f"({pdfa[0]})")
    changes += _shown(where / pdf_name, pages, [where / n for n in
                                                index_values(info.get(ORIGINALS))], world)
    opened = index.open_for_reading(root, world, complete=False)
    try:
        letters = {e.bag: e for e in register.entries(opened.conn) if not e.copy_of}
    finally:
        opened.conn.close()
    letter_entry = letters.get(letter_bag)
    if letter_entry is None:
        return changes + [f"bag-info.txt: {signed.COPY_OF}: {letter_bag!r} is not a letter "
                          "filed in this archive"]
    if info.get(LETTER_SHA256) != letter_entry.pdf_sha256:
        changes.append(f"bag-info.txt: {LETTER_SHA256}: not the SHA-256 of {letter_bag}'s PDF")
    letter = sent.letter_in(root, letter_bag, world)
    from ..scan.match import compare

    report = compare(pages, _candidate(root, letter_entry, world))
    if _read_text(where / "data" / MATCH_JSON) != match_json(report):
        changes.append(f"data/{MATCH_JSON}: does not say how the scan agrees with "
                       f"{letter_bag} (derived again from data/{OCR_JSON})")
    if _read_text(where / "data" / MATCH_TEXT) != match_text(report):
        changes.append(f"data/{MATCH_TEXT}: does not say how the scan agrees with "
                       f"{letter_bag} (derived again from data/{OCR_JSON})")
    originals = index_values(info.get(ORIGINALS))
    entry = _scan_entry(name, letter_entry, pdf_name, digest, report,
                        "; ".join(index_values(info.get(index.FILED))))
    from dataclasses import replace

    entry = replace(entry, letterpress_version="; ".join(index_values(info.get(index.VERSION))))
    expected = scan_info(entry, letter_entry, letter, originals,
                         "no" if pdfa else "3b", len(pages))
    for label in sorted(set(expected) | set(info)):
        if label in ("Bagging-Date", "Bag-Software-Agent", "Payload-Oxum", index.FILED,
                     index.PDF_SHA256, index.PDF_A, index.VERSION):
            continue
        written, said = index_values(info.get(label)), index_values(expected.get(label))
        if written != said:
            changes.append(f"bag-info.txt: {label}: written {'; '.join(written) or 'nothing'}"
                           f", the scan and its letter say {'; '.join(said) or 'nothing'}")
    inside = {Path(n) for n in originals} | {Path(pdf_name)} | {
        Path("data", f) for f in (OCR_JSON, MATCH_JSON, MATCH_TEXT)}
    payload = sorted(Path(f, n).relative_to(where) for f, _, names in os.walk(where / "data")
                     for n in names)
    changes += [f"{path.as_posix()}: a file letterpress does not file with a scan"
                for path in payload if path not in inside]
    if held is not None:
        record = scan_record(letter.reference, entry, pages_text(pages))
        for column in register.COLUMNS:
            if column in ("letterpress_version", "filed"):
                continue
            if getattr(held[0].entry, column) != getattr(entry, column):
                changes.append(f"{folder.REGISTER}: {column}: written "
                               f"{getattr(held[0].entry, column)!r}, the scan says "
                               f"{getattr(entry, column)!r}")
        if held[0].texts != record.texts or held[1] != record.words:
            changes.append(f"{folder.REGISTER}: the words indexed are not the scan's")
    return changes


def _shown(pdf: Path, pages: Sequence[ReadPage], originals: list[Path], world: World
           ) -> list[str]:
    """What the scan's PDF shows that is not what was filed: a page image that is not the
    page the files given hold (pixel for pixel), words in its text layer other than the
    ones recognised (``ocr.json``, as the writer draws them)."""
    from ..check.readback import read_pdf_bytes
    from ..fonts import load_fonts
    from ..pdf.scanned import drawable
    from ..scan.read import read_scan, same_image

    name = pdf.name
    try:
        shown, given = read_scan([pdf], world), read_scan(originals, world)
        text = read_pdf_bytes(world.read(pdf, "pdf"), name)
    except LetterpressError as exc:
        return [f"{name}: its pages cannot be read ({exc})"]
    changes = []
    if len(shown) != len(given) or len(shown) != len(pages):
        changes.append(f"{name}: {len(shown)} page(s), the scan filed has {len(given)} and "
                       f"{OCR_JSON} {len(pages)}")
    changes += [f"{name}: page {n}: its image is not page {n} of the scan filed"
                for n, (a, b) in enumerate(zip(shown, given, strict=False), 1)
                if not same_image(a, b)]
    fonts = load_fonts()
    for n, (page, said) in enumerate(zip(pages, text.pages, strict=False), 1):
        words = [w for w in (drawable(word.text, fonts) for word in page.words) if w]
        if said.split() != words:
            changes.append(f"{name}: page {n}: its text layer does not say the words "
                           f"{OCR_JSON} records")
    return changes


def index_values(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
