"""Verifying an archive: does every bag still hold what was filed, and does the register
still describe the bags? A judge only: it reports what changed and repairs nothing (a lost
register excepted, which is an index and is rebuilt from the bags with a notice).

For each bag: its manifests (a file altered, missing or added), then, when the PDF is intact,
that it is still PDF/A-3b if it was when filed, that it still reads back as the source it
carries, and that the sources beside it are the ones inside it; a signed PDF's signatures are
judged again (signed.py: against the trust roots given, or without any, only what needs none).
For the register: a row whose bag is gone, a bag it does not list, a PDF whose digest it
records differently.

Nothing a bag or the register says about a letter is taken on its word: the PDF and the sources
it carries are the truth, and every bag-info label and register row that can be derived from
them is derived again (derive.py) and compared, so an edit of bag-info.txt covered by a new
tag manifest, or of a register row, is named: the bag, the field, what is written and what the
letter says.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..check.extract import Sources, read_sources_bytes, safe_path
from ..errors import LetterpressError
from ..model import Letter
from ..world import Unreadable, World, read_file
from . import bag, derive, folder, index, register, scans, signed
from .filing import Prepared


@dataclass(frozen=True, slots=True)
class Verified:
    bags: int
    changes: tuple[str, ...]  # one sentence each, naming the bag; empty: nothing changed
    notices: tuple[str, ...]


def verify(root: Path, world: World, trust: tuple[bytes, ...] = (),
           fetch: bool = True) -> Verified:
    folder.require(root, create=False)
    opened = index.open_for_reading(root, world, complete=False)
    try:
        written = {e.bag: register.written(opened.conn, e.bag)
                   for e in register.entries(opened.conn)}
    finally:
        opened.conn.close()
    on_disk = folder.bags(root)
    changes = []
    for name, held in written.items():
        if name not in on_disk and held is not None:
            entry = held[0].entry
            state = "is not a bag any more" if (root / name).exists() else "is gone"
            changes.append(f"{root / name}: the bag of {entry.reference} revision "
                           f"{entry.revision} ({entry.language}) {state} (the register still "
                           "lists it)")
    for name in on_disk:
        if name not in written:
            changes.append(f"{root / name}: not in the register "
                           "(`letterpress archive reindex` adds it)")
        changes += [f"{root / name}: {c}" for c in check_bag(
            root, name, written.get(name), world, trust, fetch)]
    return Verified(len(on_disk), tuple(changes), opened.notices)


def check_bag(root: Path, name: str, held: tuple[register.Record, str] | None, world: World,
              trust: tuple[bytes, ...] = (), fetch: bool = True) -> list[str]:
    """What changed in one bag: manifests first, then the PDF itself if they hold, then what
    bag-info.txt and the register ``held`` (its record and indexed words) say of it."""
    where = root / name
    changes = bag.check(where)
    if changes:
        return changes
    try:
        info = bag.read_info(where)
        if index.is_scan_bag(info):
            return scans.check_scan_bag(root, name, info, held, world)
        pdf = where.joinpath(*safe_path(index.one(info, index.PDF, where)).parts)
        data = world.read(pdf, "pdf")  # a regular file under the size limit
    except Unreadable as exc:
        return [f"cannot be read ({pdf.relative_to(where)}: {exc.reason})"]
    except (LetterpressError, ValueError, OSError) as exc:
        return [f"cannot be read ({exc})"]
    digest = hashlib.sha256(data).hexdigest()
    recorded = info.get(index.PDF_SHA256)
    if recorded != digest:  # the manifest was made again over another PDF
        changes.append(f"{pdf.relative_to(where)}: its SHA-256 is not the {recorded} "
                       "bag-info.txt records")
    entry = held[0].entry if held else None
    if entry is not None and entry.pdf_sha256 != digest:
        changes.append(f"{entry.pdf}: the register records another SHA-256 ({entry.pdf_sha256})")
    from ..check.extract import pdfa_problems

    pdfa = pdfa_problems(data)
    if info.get(index.PDF_A) == "3b" and pdfa:  # changed since, or judged more strictly
        changes.append(f"{pdf.name}: filed as PDF/A-3b, not PDF/A-3b by today's check "
                       f"({pdfa[0]})")
    try:
        signatures = signed.read(data, pdf.name, trust, fetch)
    except LetterpressError as exc:
        changes.append(f"{pdf.name}: its signatures cannot be read ({exc})")
        signatures = signed.Signatures((), bool(trust))
    changes += signed.changes(signatures, pdf.name)
    try:
        sources = read_sources_bytes(data, str(pdf))
        letter, findings = _letter(pdf, data, world)
    except LetterpressError as exc:
        return changes + [f"{pdf.name}: cannot be checked ({exc})"]
    if findings:
        changes.append(f"{pdf.name}: no longer reads back as its embedded source "
                       f"({len(findings)} difference(s))")
    stored, said = _stored_changes(where, info, world)
    changes += said + _sources(where, pdf, sources, stored)
    truth = Prepared(pdf=pdf, data=data, sha256=digest, sources=sources, letter=letter,
                     pdfa=pdfa, signatures=signatures)
    if recorded == digest:  # the PDF filed: what is written about it is derived again
        changes += derive.info_changes(root, name, info, truth)
        if held is not None and held[0].entry.pdf_sha256 == digest:
            changes += derive.register_changes(name, info, truth, *held)
    return changes


def _letter(pdf: Path, data: bytes, world: World) -> tuple[Letter, tuple[object, ...]]:
    """The letter the PDF ``data`` carries, and how its text differs from it."""
    from ..pipeline import check, embedded_letter, load

    with embedded_letter(data, str(pdf)) as source:
        return load(source, world).letter, tuple(check(source, pdf, world))


def _stored_changes(where: Path, info: bag.Info, world: World) -> tuple[set[Path], list[str]]:
    """A later revision's bag holds what changed against the one it replaces (sent.py):
    those files, and whether they still say it (derived again from both bags' sources)."""
    from . import sent

    replaced = info.get(signed.REPLACES)
    if not isinstance(replaced, str) or not replaced or signed.COPY_OF in info:
        return set(), []
    root = where.parents[1]  # bags are named YEAR/NAME
    files = (Path("data", sent.CHANGES_TEXT), Path("data", sent.CHANGES_JSON))
    try:
        wanted = sent.changes(sent.letter_in(root, replaced, world),
                              sent.letter_in(root, where.relative_to(root).as_posix(), world))
    except LetterpressError as exc:
        return set(files), [f"what changed against {replaced} cannot be derived ({exc})"]
    return set(files), [f"{file.as_posix()}: does not say what changed against {replaced}"
                        for file, text in zip(files, wanted, strict=True)
                        if _read(where / file) != text.encode("utf-8")]


def _sources(where: Path, pdf: Path, sources: Sources,
             also: frozenset[Path] | set[Path] = frozenset()) -> list[str]:
    """The embedded sources are the ones beside the PDF in the bag, and nothing else is
    (but ``also``: in a later revision's bag, the files of what changed)."""
    changes = []
    for file in sources.files:
        beside = where / "data" / "source" / Path(*file.path.parts)
        if _read(beside) != file.data:
            changes.append(f"data/source/{file.path}: differs from the copy inside the PDF")
    # and nothing else is there (a file added under manifests made again over it)
    inside = {pdf.relative_to(where)} | also | {Path("data", "source", *f.path.parts)
                                                for f in sources.files}
    payload = sorted(Path(folder, name).relative_to(where)
                     for folder, _, names in os.walk(where / "data") for name in names)
    changes += [f"{path.as_posix()}: not among the files inside the PDF" for path in payload
                if path not in inside]
    return changes


def _read(path: Path) -> bytes | None:
    """A source file in a bag (as large as a letter or a logo may be), or None."""
    try:
        return read_file(path, "logo")
    except Unreadable:
        return None
