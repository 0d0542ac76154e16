"""Between the bags and the register: what a bag says about its letter, and a register that
agrees with the bags (rebuilt when missing or damaged, completed when a bag is missing from it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..check.extract import safe_path
from ..errors import ArchiveError, LetterpressError, WriteError
from ..model import Letter
from ..scanned import ReadPage, ScanImage, Word
from ..world import World
from . import bag, folder, register, signed
from .register import Entry, Record

# bag-info.txt labels (RFC 8493 2.2.2 reserves the first three; the others are ours)
ORGANIZATION, IDENTIFIER, DESCRIPTION = ("Source-Organization", "External-Identifier",
                                         "External-Description")
REFERENCE, DATE, SENDER, RECIPIENT = ("Letter-Reference", "Letter-Date", "Letter-Sender",
                                      "Letter-Recipient")
LANGUAGE, SIGNATORIES, REVISION = "Letter-Language", "Letter-Signatories", "Letter-Revision"
PDF, PDF_SHA256, PDF_A, SOURCE = "Letter-PDF", "Letter-PDF-SHA256", "Letter-PDF-A", "Letter-Source"
VERSION, FILED, SIGNER = "Letterpress-Version", "Bagging-Date", "Letter-Signer"
# a scan of a copy signed in ink (scans.py)
KIND, SCAN = "Letter-Copy-Kind", "scan"  # what kind of copy a bag holds
LETTER_SHA256 = "Letter-Copy-Of-PDF-SHA256"  # the letter's PDF the scan was compared with
AGREEMENT = "Scan-Agreement"  # the scan's score against the letter, as "0.97"
PAGES = "Scan-Pages"
ORIGINALS = "Scan-Original"  # the files given, in the bag, one value each
OCR_JSON = "ocr.json"  # the words recognised, page by page


@dataclass(frozen=True, slots=True)
class Opened:
    conn: register.Connection
    notices: tuple[str, ...]


def revision_of(letter: Letter) -> int:
    """The letter's revision (``revision:`` in its source, 1 by default)."""
    return letter.revision


def record_of(letter: Letter, entry: Entry) -> Record:
    members = tuple((m.name, m.organisation, m.role) for g in letter.signatories
                    for m in g.members)
    people = [g.heading for g in letter.signatories] + [" ".join(m) for m in members]
    # those who sign in ink are found under signatories too (a register of bags filed
    # before signature blocks existed reads the same: their letters have none)
    people += [" ".join(t for t in (s.name, s.title, s.organisation) if t)
               for s in (letter.signature.signers if letter.signature else ())]
    texts = {"reference": letter.reference, "title": letter.title, "subject": letter.subject,
             "sender": letter.sender,
             "recipient": "\n".join(letter.recipient), "closing": "\n".join(letter.closing),
             "signatories": "\n".join(p for p in people if p), "signer": entry.signer,
             "body": "\n".join(p.text for p in letter.body), "scan": ""}
    return Record(entry, members, tuple((field, texts[field]) for field in register.FIELDS))


def one(info: bag.Info, label: str, where: Path) -> str:
    value = info.get(label)
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        raise ArchiveError(f"{where}: bag-info.txt has no {label}")
    return value


def record_from_bag(root: Path, name: str, world: World) -> Record:
    """The register's record of the bag ``name``, from its bag-info and letter source."""
    from ..pipeline import load

    where = root / name
    info = bag.read_info(where)
    if is_scan_bag(info):
        return _scan_record_from_bag(where, name, info)
    try:
        source = where.joinpath(*safe_path(one(info, SOURCE, where)).parts)
        letter = load(source, world).letter
        signers = info.get(SIGNER, [])
        signing = signing_of(info)
        entry = _entry_of(info, where, name,
                          signer="; ".join(signers if isinstance(signers, list) else [signers]),
                          copy_of=signing[0], signed_at=signing[1], timestamp=signing[2],
                          signature_check=signing[3])
    except ValueError as exc:
        raise ArchiveError(f"{where}: bag-info.txt: {exc}") from None
    return record_of(letter, entry)


def _entry_of(info: bag.Info, where: Path, name: str, **more: Any) -> Entry:
    """The register's entry of the bag ``name`` as its bag-info states it (ValueError for a
    count that is not a number), with the columns of a copy given in ``more``."""
    recipient = info.get(RECIPIENT, [])
    return Entry(bag=name, reference=one(info, REFERENCE, where),
                 revision=int(one(info, REVISION, where)), date=one(info, DATE, where),
                 sender=one(info, SENDER, where),
                 recipient=tuple(recipient if isinstance(recipient, list) else [recipient]),
                 language=one(info, LANGUAGE, where),
                 signatories=int(one(info, SIGNATORIES, where)), pdf=one(info, PDF, where),
                 pdf_sha256=one(info, PDF_SHA256, where),
                 letterpress_version=one(info, VERSION, where), filed=one(info, FILED, where),
                 **more)


@contextmanager
def holding(root: Path, world: World) -> Iterator[Opened]:
    """The archive's lock held, what a process that died left in ``.tmp/`` removed, and its
    register open (completed): what filing a bag needs."""
    with folder.locked(root):
        folder.clean_temporary(root)
        opened = open_register(root, world)
        try:
            yield opened
        finally:
            opened.conn.close()


def register_filed(opened: Opened, record: Record, where: Path) -> None:
    """Add the bag just placed at ``where`` to the register; WriteError if
    it cannot be written (a full disk): the bag is filed, and the next command indexes it."""
    try:
        opened.conn.execute("BEGIN IMMEDIATE")
        register.insert(opened.conn, record)
        opened.conn.execute("COMMIT")
    except register.Error as exc:
        raise WriteError(f"{where}: filed, but not in the register ({exc}); the next "
                         "`letterpress archive` command adds it") from None


def is_scan_bag(info: bag.Info) -> bool:
    return info.get(KIND) == SCAN


def scan_record(reference: str, entry: Entry, text: str) -> Record:
    """The register's record of a scan: the letter's reference and the words recognised."""
    texts = dict.fromkeys(register.FIELDS, "") | {"reference": reference, "scan": text}
    return Record(entry, (), tuple((field, texts[field]) for field in register.FIELDS))


def pages_text(pages: Sequence[ReadPage]) -> str:
    """The words recognised on a scan's pages, line by line."""
    return "\n".join(page.text for page in pages)


def read_ocr_json(text: str) -> tuple[ReadPage, ...]:
    """The pages of a scan's ``ocr.json`` (their images' bytes are not kept there);
    ValueError if it is not what letterpress writes."""
    try:
        pages = json.loads(text)["pages"]
        return tuple(ReadPage(
            ScanImage(b"", "png", int(p["width"]), int(p["height"]),
                      (float(p["dpi"][0]), float(p["dpi"][1])), str(p["origin"])),
            tuple(Word(str(t), (int(b[0]), int(b[1]), int(b[2]), int(b[3])), float(c), int(n))
                  for t, b, c, n in p["words"])) for p in pages)
    except (KeyError, TypeError, IndexError, ValueError) as exc:
        raise ValueError(f"{OCR_JSON} is not what letterpress writes ({exc})") from None


def _scan_record_from_bag(where: Path, name: str, info: bag.Info) -> Record:
    """The register's record of a scan's bag, from its bag-info and recognised words."""
    try:
        pages = read_ocr_json((where / "data" / OCR_JSON).read_text(encoding="utf-8"))
        entry = _entry_of(info, where, name, copy_of=one(info, signed.COPY_OF, where),
                          scan=one(info, AGREEMENT, where))
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"{where}: {exc}") from None
    return scan_record(entry.reference, entry, pages_text(pages))


def signing_of(info: bag.Info) -> tuple[str, str, str, str]:
    """The register's columns of a signed copy, from its bag-info (signed.py's labels)."""
    def joined(label: str) -> str:
        value = info.get(label, [])
        return "; ".join(value if isinstance(value, list) else [value])

    times = {v: k for k, v in signed.TIME.items()}
    stamps = info.get(signed.SIGNING_TIME, [])
    return (joined(signed.COPY_OF), joined(signed.SIGNED_AT),
            "; ".join(times.get(s, s) for s in (stamps if isinstance(stamps, list) else [stamps])),
            joined(signed.SIGNATURE_CHECK))


def _records(root: Path, world: World, names: list[str], notices: list[str]) -> list[Record]:
    records = []
    for name in names:
        try:
            records.append(record_from_bag(root, name, world))
        except LetterpressError as exc:
            notices.append(f"{root / name}: not indexed: {exc}")
    return records


def rebuild(root: Path, world: World) -> tuple[int, tuple[str, ...]]:
    """A new register from the bags alone (lock held): the bags indexed, and notices."""
    notices: list[str] = []
    records = _records(root, world, folder.bags(root), notices)
    try:
        register.create(root / folder.REGISTER, records)
    except (OSError, register.Error) as exc:
        raise WriteError(f"{root / folder.REGISTER}: cannot write the register ({exc})"
                         ) from None
    return len(records), tuple(notices)


def open_register(root: Path, world: World, *, complete: bool = True) -> Opened:
    """The archive's register (lock held). A missing or damaged one is rebuilt from the bags
    (a damaged file is kept beside it, renamed); with ``complete``, bags it lacks (a process
    that died between placing a bag and registering it) are added. Notices say what was done."""
    try:
        return _open(root, world, complete)
    except register.Error as exc:
        raise ArchiveError(f"{root / folder.REGISTER}: the register cannot be used ({exc})"
                           ) from None


def open_for_reading(root: Path, world: World, *, complete: bool = True) -> Opened:
    """The register, for a command that only reads the archive (list, search, verify). An
    archive this process may write is opened as :func:`open_register` does, holding the lock
    while the register may be rebuilt or completed. One it may not (a burned disc, a read-only
    mount, a folder without write permission) is read without the lock, which cannot be
    taken there: the register is read into memory, and rebuilt or completed there from the
    bags when it needs to be, for this command only."""
    if folder.writable(root):
        with folder.locked(root):
            return open_register(root, world, complete=complete)
    path = root / folder.REGISTER
    notices: list[str] = []
    try:
        try:
            conn = register.copy_of(path.read_bytes())
        except FileNotFoundError:
            raise register.Damaged("missing") from None
        except OSError as exc:
            raise register.Damaged(exc.strerror or str(exc)) from None
    except register.Damaged as why:
        conn = register.empty()
        records = _records(root, world, folder.bags(root), notices)
        for record in records:
            register.insert(conn, record)
        notices.append(f"{path}: {why}; read from the {len(records)} bag(s) for this command "
                       "(the archive cannot be written)")
        return Opened(conn, tuple(notices))
    if complete:
        notices += [n.replace("; indexed", "; indexed for this command (the archive cannot be "
                              "written)") for n in _complete(root, conn, world)]
    return Opened(conn, tuple(notices))


def _open(root: Path, world: World, complete: bool) -> Opened:
    path = root / folder.REGISTER
    notices: list[str] = []
    try:
        conn = register.connect(path)
    except register.Damaged as why:
        damaged = path.exists()
        said = f"{path}: missing"
        if isinstance(why, register.Outdated):  # replaced whole by the one rebuilt
            said = f"{path}: {why}"
        elif damaged:
            aside = root / folder.unused(root, f"{folder.REGISTER}.damaged")
            path.rename(aside)
            said = f"{path}: damaged ({why}), kept as {aside}"
        count, more = rebuild(root, world)
        notices += more
        if count or damaged:  # a new archive's first register is no news
            notices.append(f"{said}; rebuilt from {count} bag(s)")
        conn = register.connect(path)
    if complete:
        notices += _complete(root, conn, world)
    return Opened(conn, tuple(notices))


def _complete(root: Path, conn: register.Connection, world: World) -> list[str]:
    known = {row[0] for row in conn.execute("SELECT bag FROM letters")}
    notices: list[str] = []
    records = _records(root, world, [b for b in folder.bags(root) if b not in known], notices)
    if records:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for record in records:
                register.insert(conn, record)
        except register.Error:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        notices += [f"{root / r.entry.bag}: was missing from the register; indexed"
                    for r in records]
    return notices
