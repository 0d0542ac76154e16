"""extract and archive: a letter's PDF as the record."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LetterpressError
from ..world import World
from .common import CHECK_FAILED, OK, emit, exit_code, say

if TYPE_CHECKING:
    from ..check.extract import Sources


# --- extract and archive: a letter's PDF as the record ------------------------------------


def _archive_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    e = sub.add_parser("extract", help="write out the sources a letter's PDF carries",
                       description="Write the files a letter's PDF carries inside (its source, "
                       "letterhead, logo) under their relative paths. `letterpress build` on "
                       "the first one rebuilds the same PDF.")
    e.add_argument("pdf", type=Path, metavar="LETTER.pdf", help="the letter's PDF")
    e.add_argument("-o", "--output", type=Path, metavar="DIR",
                   help="folder to write into (default: the PDF's name without .pdf)")
    e.add_argument("--force", action="store_true",
                   help="replace existing files that have other content")
    e.add_argument("--list", action="store_true",
                   help="only list what the PDF carries (before it is sent); write nothing")
    a = sub.add_parser(
        "archive", help="file letters' PDFs in an archive; list, search, verify it",
        usage="%(prog)s [--archive DIR] [--trust CERT.pem] LETTER.pdf... | "
        "[--copy-of LETTER.pdf] SCAN... | list | search QUERY | history REFERENCE | reindex | "
        "verify",
        description="`archive LETTER.pdf...` files each letter as a BagIt bag (the PDF, the "
        "sources inside it, SHA-256 manifests) in the archive folder and indexes it; a signed "
        "copy of a filed letter is filed beside it, a new revision beside the earlier ones. "
        "`list` (the latest revisions) and `search QUERY` print reference, date, recipient, "
        "revision and bag (a search also each field it matched, with a snippet, and exits 1 "
        "when no letter matches); `history REFERENCE` every revision filed and what each "
        "changed. A scan of a printed copy signed in ink (a PDF of images, or image files: PNG, "
        "JPEG, TIFF; the image files named in one command are the pages of one scan, in that "
        "order) is read with OCR, matched to the filed letter it is a copy of, and filed "
        "beside it with a report of how each page agrees. `reindex` rebuilds the index from "
        "the bags (exit 1 if a bag it listed is "
        "gone); `verify` re-checks every bag and signature, and what bag-info.txt and the index "
        "say against the PDF, and exits 1 if anything changed or fails. A read-only archive is "
        "listed, searched and verified without its lock.")
    a.add_argument("items", nargs="+",
                   metavar="LETTER.pdf|SCAN|list|search|history|reindex|verify",
                   help="the letters' PDFs or the scans to file, or an action and what it takes "
                   "(`letterpress archive ACTION --help` tells more of each)")
    a.add_argument("--archive", type=Path, metavar="DIR", help=_ARCHIVE_HELP)
    a.add_argument("--since", metavar="YYYY-MM-DD", help="list or search from this date")
    a.add_argument("--until", metavar="YYYY-MM-DD", help="list or search up to this date")
    a.add_argument("--json", action="store_true", help="list or search as JSON, for scripts")
    a.add_argument("--all-revisions", action="store_true",
                   help="list every revision, not only the latest")
    a.add_argument("--trust", type=Path, action="append", default=[], metavar="CERT.pem",
                   help="a trusted root to judge signatures with when filing or verifying "
                   "(repeatable; without it, signatures are recorded as not judged)")
    a.add_argument("--offline", action="store_true",
                   help="judge signatures with only the revocation information in the files")
    a.add_argument("--copy-of", type=Path, metavar="LETTER.pdf",
                   help="the filed letter the scans are copies of, when you know it (without "
                   "it, each scan is matched against every filed letter)")


ARCHIVE_VARIABLE = "LETTERPRESS_ARCHIVE"
ARCHIVE_ACTIONS = ("list", "search", "reindex", "verify", "history")
_ARCHIVE_HELP = f"the archive folder (default: ${ARCHIVE_VARIABLE}, else the project's archive, " \
    "else archive/)"


def action_parsers() -> dict[str, argparse.ArgumentParser]:
    """The usage of each archive action on its own (``archive list --help``): what it takes
    and what it does. The archive command parses them all at once; these only explain."""
    def parser(action: str, description: str) -> argparse.ArgumentParser:
        p = argparse.ArgumentParser(prog=f"letterpress archive {action}",
                                    description=description, add_help=True)
        p.add_argument("--archive", type=Path, metavar="DIR", help=_ARCHIVE_HELP)
        return p

    def dates(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument("--since", metavar="YYYY-MM-DD", help=f"{what} from this date")
        p.add_argument("--until", metavar="YYYY-MM-DD", help=f"{what} up to this date")
        p.add_argument("--json", action="store_true", help=f"{what} as JSON, for scripts")

    found = {}
    p = found["list"] = parser("list", "Print each filed letter's latest revision: reference, "
                               "date, recipient, revision, signatures and bag.")
    dates(p, "list")
    p.add_argument("--all-revisions", action="store_true",
                   help="list every revision, not only the latest")
    p = found["search"] = parser("search", "Print the filed letters (every revision) whose "
                                 "text, names or reference hold QUERY; names match with or "
                                 "without diacritics.")
    p.add_argument("query", metavar="QUERY",
                   help="a word or a name to find (İsmayılov also finds Ismayilov), or "
                   '"a phrase" in quotes')
    dates(p, "search")
    p = found["history"] = parser("history", "Print every revision filed under REFERENCE "
                                  "and what each changed.")
    p.add_argument("reference", metavar="REFERENCE", help="the letter's reference, e.g. 05/20")
    found["reindex"] = parser("reindex", "Rebuild the register (register.sqlite) from the "
                              "bags, which are the truth.")
    p = found["verify"] = parser("verify", "Check every bag, PDF and signature again; exit 1 "
                                 "if anything was altered, added, removed or fails.")
    p.add_argument("--trust", type=Path, action="append", default=[], metavar="CERT.pem",
                   help="a trusted root to judge the signatures with (repeatable)")
    p.add_argument("--offline", action="store_true",
                   help="judge signatures with only the revocation information in the files")
    return found


def action_help(argv: list[str]) -> str | None:
    """The help of ``letterpress archive ACTION --help`` (ACTION's own), or None when
    ``argv`` asks for something else."""
    if not argv or argv[0] != "archive" or not {"-h", "--help"} & set(argv):
        return None
    valued = {"--archive", "--since", "--until", "--trust"}
    words = [w for k, w in enumerate(argv[1:], 1)
             if not w.startswith("-") and argv[k - 1] not in valued]
    if not words or words[0] not in ARCHIVE_ACTIONS:
        return None
    return action_parsers()[words[0]].format_help()


def _extract(args: argparse.Namespace) -> int:
    from ..check.extract import read_sources, write_sources

    if args.list:
        _list_sources(read_sources(args.pdf))
        return OK
    folder = args.output or Path(args.pdf.stem)
    done = write_sources(read_sources(args.pdf), folder, force=args.force)
    for path in done.written:
        say(f"{args.pdf} -> {path}")
    for path in done.unchanged:
        say(f"{path}: unchanged")
    say(f"build it again with: letterpress build {done.letter}")
    return OK


def _list_sources(sources: Sources) -> None:
    """What a letter's PDF carries, file by file, in words a sender can judge."""
    from ..world import REGISTRY_NAME

    files = sources.files
    say(f"{sources.pdf} carries {len(files)} file{'s' * (len(files) != 1)}"
        + (f", signed by {', '.join(sources.signers)}" if sources.signers else "") + ":")
    width = max(len(str(f.path)) for f in files)
    for k, file in enumerate(files):
        text = file.data.decode("utf-8", "replace")
        if k == 0:
            comments = sum(line.lstrip().startswith("#") for line in text.splitlines())
            what = "the letter's source as written" + (
                f", with its {comments} comment line{'s' * (comments != 1)}" if comments else "")
        elif file.path.name == REGISTRY_NAME:
            ids = [line.split(":", 1)[1].strip() for line in text.splitlines()
                   if line.lstrip().startswith("- id:")]
            what = (f"{len(ids)} entr{'ies' if len(ids) != 1 else 'y'} of the members "
                    f"registry, as this letter prints them: {', '.join(ids)}")
        elif file.mime.startswith("image/"):
            what = "an image the letter prints (its logo)"
        elif file.mime == "application/pdf":
            what = "an enclosure, its pages appended after the letter's"
        else:
            what = "a file the letter reads (its letterhead)"
        say(f"  {str(file.path):<{width}}  {len(file.data):>9,} bytes  {what}")


def _archive(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from .. import archive
    from ..sign.letter import read_trusted

    world = World()
    action, rest = args.items[0], args.items[1:]
    judging = action not in ARCHIVE_ACTIONS or action == "verify"
    if not judging and (args.trust or args.offline) or action != "list" and args.all_revisions:
        raise LetterpressError("usage: --trust and --offline are for filing and verify, "
                               "--all-revisions for list")
    if action not in ARCHIVE_ACTIONS:
        if args.since or args.until or args.json:
            raise LetterpressError("usage: letterpress archive [--archive DIR] LETTER.pdf... "
                                   "(--since, --until and --json are for list and search)")
        letters, scans = _letters_and_scans([Path(p) for p in args.items], world)
        if args.copy_of and not scans:
            raise LetterpressError("usage: --copy-of names the letter that scans are copies "
                                   "of: letterpress archive --copy-of LETTER.pdf SCAN...")
        root, missing = _root(args.archive)
        status = _file_letters(root, missing, letters, read_trusted(args.trust, world),
                               not args.offline, world) if letters else OK
        for scan in scans:
            status = max(status, _file_scan(root, missing, scan, args.copy_of, world))
        return status
    if args.copy_of:
        raise LetterpressError("usage: --copy-of is for filing scans")
    if action == "history":
        if len(rest) != 1 or args.since or args.until or args.json:
            raise LetterpressError("usage: letterpress archive history REFERENCE")
        return _history(*_root(args.archive), rest[0])
    wanted = 1 if action == "search" else 0
    listing = action in ("list", "search")
    if len(rest) != wanted or not listing and (args.since or args.until or args.json):
        raise LetterpressError(f"usage: letterpress archive {action}" + " QUERY" * wanted
                               + " [--since DATE] [--until DATE] [--json]" * listing)
    since, until = _date(args.since, "--since"), _date(args.until, "--until")
    root = _existing(args.archive)
    if action == "reindex":
        count, notices, gone = archive.reindex(root, world)
        _notices(notices)
        for lost in gone:
            say(lost, error=True)
        say(f"{root}: register rebuilt from {count} bag(s)")
        if gone:
            say(f"{root}: {len(gone)} bag(s) the register listed are gone", error=True)
            return CHECK_FAILED
        return OK
    if action == "verify":
        verified = archive.verify(root, world, read_trusted(args.trust, world),
                                  not args.offline)
        return _verified(root, verified.notices, verified.changes, verified.bags)
    found = archive.find(root, world, rest[0] if rest else None,
                         since, until, all_revisions=args.all_revisions or action == "search")
    _notices(found.notices)
    rows = [dict(asdict(e), path=str(root / e.bag), history=e.history) for e in found.entries]
    for row, hits in zip(rows, found.hits, strict=False):
        row["matches"] = [asdict(h) for h in hits]
    _listing(rows, args.json)
    if action == "search" and not rows:
        say(f"no letters match {rest[0]}", error=True)
        return CHECK_FAILED
    return OK


def _root(given: Path | None) -> tuple[Path, str]:
    """The archive folder (--archive, $LETTERPRESS_ARCHIVE, the project's, else archive/
    here), and, when it is archive/ here outside any project and does not exist yet, why it
    was taken (said before a new archive is started there, or when nothing is found)."""
    from ..archive import locate
    from .project import NO_PROJECT, find

    if given is not None or os.environ.get(ARCHIVE_VARIABLE):
        return locate(given, os.environ), ""
    here = find()
    root = locate(given, os.environ, here.archive)
    if here.file or root.exists():
        return root, ""
    return root, f"{root}: no archive in this folder, and {NO_PROJECT}"


def _existing(given: Path | None) -> Path:
    """The archive to read: outside any project, one must be here."""
    root, missing = _root(given)
    if missing:
        raise LetterpressError(missing, hint="go to the folder of your letters, or give "
                               "--archive DIR")
    return root


def _history(root: Path, missing: str, reference: str) -> int:
    """Every revision filed under ``reference``, and what each changed."""
    from ..archive.sent import history

    found = history(root, reference)
    if not found:
        say(f"{root}: no letter with the reference {reference} is filed"
            + (f" ({missing})" if missing else ""), error=True)
        return CHECK_FAILED
    for entry, changes in found:
        kind = (f"scan of a copy of {entry.copy_of} signed in ink" if entry.scan else
                f"signed copy of {entry.copy_of}" if entry.copy_of else f"dated {entry.date}")
        say(f"r{entry.revision} {entry.language}  {kind}, filed {entry.filed}: "
            f"{root / entry.bag}")
        for line in changes.splitlines():
            say(f"    {line}")
    return OK


def _file_letters(root: Path, missing: str, pdfs: list[Path], trust: tuple[bytes, ...],
                  fetch: bool, world: World) -> int:
    from ..archive import file_letter, prepare, require

    status = OK
    for pdf in pdfs:
        try:
            prepared = prepare(pdf, world, trust, fetch)
            if missing and not root.exists():
                say(f"note: {missing}: starting a new archive in {root}/", error=True)
            require(root, create=True)
            filed = file_letter(root, prepared, world)
        except LetterpressError as exc:
            say(exc.format(), error=True)
            status = max(status, exit_code(exc))  # a full disk (3) outweighs a bad letter (2)
            continue
        _notices(filed.notices)
        if prepared.pdfa and filed.new:
            say(f"note: {pdf} is not PDF/A-3b ({prepared.pdfa[0]}); filed as it is",
                 error=True)
        for verdict in prepared.signatures.verdicts if filed.new else ():
            if verdict.startswith("failed"):
                say(f"note: {pdf}: a signature {verdict}; filed as it is", error=True)
        say(f"{pdf} -> {filed.bag}" if filed.new else
             f"{pdf}: filed already as {filed.bag}; nothing done")
    return status


def _letters_and_scans(paths: list[Path], world: World
                       ) -> tuple[list[Path], list[list[Path]]]:
    """The letters' own PDFs named, and the scans: each PDF of images one scan, the image
    files together one scan (its pages, in the order named)."""
    from ..archive.scans import kind_of

    letters, scans, images = [], [], []
    for path in paths:
        kind = kind_of(path, world)
        if kind == "letter":
            letters.append(path)
        elif kind == "pdf":
            scans.append([path])
        else:
            images.append(path)
    return letters, scans + ([images] if images else [])


def _file_scan(root: Path, missing: str, files: list[Path], copy_of: Path | None,
               world: World) -> int:
    """File one scan of a hand-signed copy; what it matched and how well said first."""
    from ..archive import require
    from ..archive.scans import file_scan, prepare_scan

    try:
        require(root, create=False)
        prepared = prepare_scan(root, files, world, copy_of)
        filed = file_scan(root, prepared, world)
    except LetterpressError as exc:
        say(exc.format(), error=True)
        return exit_code(exc)
    _notices(filed.notices)
    named = files[0] if len(files) == 1 else f"{files[0]} (+{len(files) - 1} pages)"
    for line in prepared.report.lines():
        say(f"{named}: {line}" if line and not line.startswith(" ") else line)
    say(f"{named} -> {filed.bag}" if filed.new else
        f"{named}: filed already as {filed.bag}; nothing done")
    report = prepared.report
    if report.missing or report.extra or report.findings:  # filed, as the record it is
        say(f"{named}: the scan does not show all of the letter as printed (above); "
            "filed as it is", error=True)
        return CHECK_FAILED
    return OK


def _date(value: str | None, option: str) -> str:
    import datetime

    if value is None:
        return ""
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise LetterpressError(f"{option} {value}: expected a date as YYYY-MM-DD") from None


def _notices(notices: tuple[str, ...]) -> None:
    for notice in notices:
        say(f"notice: {notice}", error=True)


def _listing(rows: list[dict[str, object]], as_json: bool) -> None:
    """One line per letter: reference, date, recipient, revision, the bag; or JSON."""
    if as_json:
        import json

        emit(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    for row in rows:
        recipient = "; ".join(row["recipient"])  # type: ignore[arg-type]
        scan = (f"scan of a copy signed in ink ({float(str(row['scan'])):.0%} of the "
                "letter's words read)  ") if row.get("scan") else ""
        say(f"{row['reference']}  {row['date']}  {recipient}  {row['history']}  {scan}"
             + "".join(f"{s}  " for s in _signed_by(row)) + f"{row['path']}")
        for hit in row.get("matches", ()):  # type: ignore[attr-defined]
            say(f"    {hit['field']}: {hit['snippet']}")


def _signed_by(row: dict[str, object]) -> list[str]:
    """``signed by Alice Signer 2026-11-29T10:00:00Z (signer's clock)``, one per signature."""
    from ..archive.signed import TIME

    times = str(row["signed_at"]).split("; ") if row["signed_at"] else []
    names = str(row["signer"]).split("; ") + [""] * len(times)
    stamps = str(row["timestamp"]).split("; ") + [""] * len(times)
    return [f"signed by {name or '?'} {when} ({TIME.get(stamp, stamp)})"
            for name, when, stamp in zip(names, times, stamps, strict=False)]


def _verified(root: Path, notices: tuple[str, ...], changes: tuple[str, ...],
              bags: int) -> int:
    _notices(notices)
    for change in changes:
        say(change, error=True)
    if changes:
        say(f"{root}: {len(changes)} change(s) in {bags} bag(s)", error=True)
        return CHECK_FAILED
    say(f"{root}: {bags} bag(s) verified, nothing changed")
    return OK


add_parsers = _archive_parsers



COMMANDS = {"extract": _extract, "archive": _archive}
