"""Filing a letter's PDF: check it, then build its bag beside the archive and move it in.

Everything that can refuse a PDF (not letterpress's, no source inside, encrypted, damaged,
not reading back as its own source) runs before the archive is touched, so a refused letter
leaves nothing behind; its signatures are judged then too (signed.py). Then, holding the
archive's lock: the register is asked whether the reference, revision and language are filed
already, the bag is built in ``.tmp/``, renamed into place, and registered in one transaction.

A bag is never rewritten, so a signed copy of a letter filed before (the same source, the
same reference, revision and language) becomes a bag of its own beside the first, named
``..._r1_signed``, that names the first in its bag-info (``Letter-Copy-Of``) and register row.
Each revision is a bag of its own too, naming the revision it replaces when that is filed.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..check.extract import Sources, pdfa_problems, read_sources_bytes, write_sources
from ..check.readback import read_pdf_file as read_pdf
from ..corrections.diff import diff_letters
from ..errors import ArchiveError, Encrypted, NoSources, SourceError, WriteError
from ..model import Letter
from ..world import Unreadable, World, read_file
from . import bag, folder, index, register, sent, signed
from .register import Entry


@dataclass(frozen=True, slots=True)
class Prepared:
    """A letter's PDF, checked and ready to file."""

    pdf: Path
    data: bytes
    sha256: str
    sources: Sources
    letter: Letter
    pdfa: tuple[str, ...]  # why it is not PDF/A-3b; empty when it is
    signatures: signed.Signatures = signed.Signatures((), False)


@dataclass(frozen=True, slots=True)
class Filed:
    pdf: Path
    bag: Path
    new: bool  # False: the same PDF was filed before, nothing was done
    notices: tuple[str, ...] = ()


def prepare(pdf: Path, world: World, trust: tuple[bytes, ...] = (),
            fetch: bool = True) -> Prepared:
    """Read and check the letter ``pdf``, judging its signatures against the roots ``trust``
    (none: recorded as not judged; ``fetch``: revocation information may be fetched);
    ArchiveError (or another LetterpressError) naming the file if it cannot be filed."""
    from ..pipeline import check, load

    data = read_pdf(pdf)
    try:
        sources = read_sources_bytes(data, str(pdf))
    except NoSources as exc:  # and not a scan either (cli: a scan is filed by scans.py)
        raise NoSources(f"{exc}; nor is it a scan of a letter (its pages are not scanned "
                        "images)") from None
    except Encrypted as exc:  # whether a letter or a scan cannot be told
        raise Encrypted(str(exc), hint="a scan of a letter signed in ink is filed once it "
                        "is saved without a password") from None
    with tempfile.TemporaryDirectory(prefix="letterpress-") as tmp:
        try:
            source = write_sources(sources, Path(tmp) / "source").letter
            letter = load(source, world).letter
            # the bytes that will be filed are the ones judged, not the file read again
            (Path(tmp) / "letter.pdf").write_bytes(data)
            findings = check(source, Path(tmp) / "letter.pdf", world=world)
        except SourceError as exc:
            raise ArchiveError(f"{pdf}: its embedded source is not a valid letter: "
                               f"{exc.format().replace(str(source.parent) + os.sep, '')}"
                               ) from None
    if findings:
        raise ArchiveError(f"{pdf}: does not read back as its embedded source "
                           f"({len(findings)} difference(s)); see `letterpress check {pdf}`")
    return Prepared(pdf, data, hashlib.sha256(data).hexdigest(), sources, letter,
                    pdfa_problems(data), signed.read(data, str(pdf), trust, fetch))


def file_letter(root: Path, prepared: Prepared, world: World) -> Filed:
    """File ``prepared`` in the archive at ``root`` (which ``folder.require`` accepted)."""
    with index.holding(root, world) as opened:
        return _file(root, prepared, opened, world)


def _file(root: Path, p: Prepared, opened: index.Opened, world: World) -> Filed:
    letter, today = p.letter, world.now().date()
    revision = index.revision_of(letter)
    known = register.find(opened.conn, letter.reference, revision, letter.language)
    for same in known:
        if same.pdf_sha256 == p.sha256:
            return Filed(p.pdf, root / same.bag, False, opened.notices)
    name = folder.bag_name(letter.date.isoformat(), letter.reference, letter.language,
                           revision)
    if not known and (root / name).exists():  # another reference, the same in plain letters
        name = folder.bag_name(letter.date.isoformat(), letter.reference, letter.language,
                               revision, distinct=True)
    copy_of = ""
    if known:
        first = known[0]
        if not (p.signatures.checks and _same_source(root / first.bag, p)):
            raise ArchiveError(f"{p.pdf}: refused: reference {letter.reference} revision "
                               f"{revision} ({letter.language}) is filed already as "
                               f"{root / first.bag / first.pdf}, a different PDF; "
                               + _difference(root, first.bag, p, world))
        copy_of, name = first.bag, f"{first.bag}_signed"
    name = folder.unused(root, name)
    entry = _entry(p, name, revision, copy_of, today)
    replaces = register.previous(opened.conn, letter.reference, revision, letter.language)
    # what changed against the revision replaced, as `letterpress diff` says it (and JSON)
    said = () if copy_of or not replaces else sent.changes(
        sent.letter_in(root, replaces, world), letter)
    try:
        work = folder.temporary(root, name.replace("/", "_"))
        (work / entry.pdf.removeprefix("data/")).write_bytes(p.data)
        write_sources(p.sources, work / "source")
        for file, text in zip((sent.CHANGES_TEXT, sent.CHANGES_JSON), said, strict=False):
            (work / file).write_text(text, encoding="utf-8")
        bag.make(work, _info(p, entry, replaces), f"letterpress {__version__}")
        (root / name).parent.mkdir(exist_ok=True)
        os.rename(work, root / name)  # a bag appears whole or not at all
    except OSError as exc:  # the disk is full, or cannot be written: exit 3, not bad input
        raise WriteError(f"{root / name}: cannot file {p.pdf} ({exc.strerror or exc})"
                         ) from None
    index.register_filed(opened, index.record_of(letter, entry), root / name)
    return Filed(p.pdf, root / name, True, opened.notices)


def _same_source(bag_folder: Path, p: Prepared) -> bool:
    source = bag_folder / "data" / "source" / Path(*p.sources.letter.path.parts)
    try:
        return read_file(source, "letter") == p.sources.letter.data
    except Unreadable:
        return False


def _difference(root: Path, filed: str, p: Prepared, world: World) -> str:
    """What to do about a different PDF of a filed letter: if it says something else (a
    field changed, in its source or in a registry entry it names), which fields and that a
    new revision is needed; if not, it is the same letter in another file (built by another
    version of letterpress, or unsigned)."""
    changed = diff_letters(sent.letter_in(root, filed, world), p.letter)
    if not changed:
        return ("it says the same: it is this letter in another file, unsigned; an archive "
                "keeps the first file of each revision and its signed copies")
    return (f"it changes {sent.counted(changed)} of the letter filed:{sent.listed(changed)}"
            f"\na letter sent is corrected by a new revision: "
            f"`letterpress revise` its source, build and file it again")


def _entry(p: Prepared, name: str, revision: int, copy_of: str, today: datetime.date
           ) -> Entry:
    letter, checks = p.letter, p.signatures.checks
    # The version the PDF names as its producer; a PDF that names none was made by a
    # letterpress that did not say, and is filed under the version that files it.
    return Entry(bag=name, reference=letter.reference, revision=revision,
                 date=letter.date.isoformat(), sender=letter.sender,
                 recipient=letter.recipient, language=letter.language,
                 signatories=sum(len(g.members) for g in letter.signatories),
                 pdf=f"data/{p.pdf.stem}.pdf", pdf_sha256=p.sha256,
                 letterpress_version=p.sources.version or __version__,
                 filed=today.isoformat(), signer="; ".join(p.sources.signers),
                 copy_of=copy_of, signed_at="; ".join(c.signed_at for c in checks),
                 timestamp="; ".join(c.timestamp for c in checks),
                 signature_check="; ".join(p.signatures.verdicts))


def _info(p: Prepared, e: Entry, replaces: str) -> bag.Info:
    title = p.letter.title or p.letter.subject or f"{e.reference} {e.recipient[0]}"
    signers = {index.SIGNER: list(p.sources.signers)} if p.sources.signers else {}
    links = {signed.COPY_OF: e.copy_of} if e.copy_of else {}
    links |= {signed.REPLACES: replaces} if replaces else {}
    return signers | p.signatures.info() | links | {
        index.ORGANIZATION: e.sender, index.IDENTIFIER: e.reference,
        index.DESCRIPTION: f"Letter {title}, {e.date}",
        index.REFERENCE: e.reference, index.DATE: e.date, index.SENDER: e.sender,
        index.RECIPIENT: list(e.recipient), index.LANGUAGE: e.language,
        index.SIGNATORIES: str(e.signatories), index.REVISION: str(e.revision),
        index.PDF: e.pdf, index.PDF_SHA256: e.pdf_sha256,
        index.PDF_A: "no" if p.pdfa else "3b",
        index.SOURCE: f"data/source/{p.sources.letter.path}",
        index.VERSION: e.letterpress_version, index.FILED: e.filed,
    }
