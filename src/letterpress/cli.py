"""The command line: argument parsing, printing and exit codes, nothing else.

Exit codes: 0 ok, 1 a check found differences, 2 bad input (nothing written).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import LetterpressError

OK, CHECK_FAILED, BAD_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="letterpress",
        description="Typeset structured letters into letterhead PDFs and prove their text.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    b = sub.add_parser("build", help="build letters into PDFs",
                       description="Build letter sources (.yaml or .md) into PDFs. A folder "
                       "means every letter directly inside it.")
    b.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="letter files or folders (default: source/)")
    b.add_argument("-o", "--output", type=Path, metavar="OUT",
                   help="output folder, or a .pdf file for a single letter (default: output/)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--check", action="store_true",
                   help="read every PDF back and compare it with its source")
    c = sub.add_parser("check", help="compare a PDF's text with its source",
                       usage="%(prog)s [SOURCE] PDF",
                       description="Read PDF back with pypdf and compare it, field by field and "
                       "in order, with SOURCE, or without SOURCE with the source the PDF "
                       "carries inside. Exit 0 when they agree, 1 when they differ.")
    c.add_argument("source", type=Path, metavar="SOURCE")
    c.add_argument("pdf", type=Path, metavar="PDF", nargs="?")
    i = sub.add_parser("import", help="turn a Markdown letter into a YAML source",
                       description="Turn a letter written in Markdown (the shape of an exported "
                       "letter) into a YAML source file.")
    i.add_argument("markdown", type=Path, metavar="LETTER.md")
    i.add_argument("-o", "--output", type=Path, metavar="OUT.yaml",
                   help="where to write the YAML (default: standard output)")
    sub.add_parser("schema", help="print the JSON Schema of the source format",
                   description="Print the JSON Schema of letter sources, for editors.")
    _archive_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return BAD_INPUT
    try:
        return int(COMMANDS[args.command](args))
    except LetterpressError as exc:
        _say(exc.format(), error=True)
        return BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _say(text: str, *, error: bool = False) -> None:
    """Print a line of the command's report. If nobody can read it any more (the pipe it went
    to was closed, the disk is full), the work goes on: builds are not stopped halfway by
    ``letterpress build | head -1``. The stream is replaced so that nothing writes to it."""
    stream = sys.stderr if error else sys.stdout
    try:
        print(text, file=stream, flush=True)
    except OSError:
        if error:
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115  (for the rest of the process)
        else:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115


def _emit(text: str) -> None:
    """Write what the command produces (a schema, a letter) to standard output; failing to is
    an error, unlike a lost report line."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        raise LetterpressError(
            f"standard output: cannot write ({exc.strerror or exc})") from None


def run() -> None:  # never returns (typing's NoReturn would cost an import)
    """The ``letterpress`` command: main(), then leave at once.

    Tearing down the interpreter (freeing every module and object one by one) costs a build
    about a sixth of its time; the operating system frees a process faster. Every file this
    command writes is closed by then, so only the standard streams need flushing.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said
        pass
    os._exit(code)


def _outputs(args: argparse.Namespace, sources: list[Path]) -> list[Path]:
    out = args.output or Path("output")
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


def _build(args: argparse.Namespace) -> int:
    from .fonts import load_fonts
    from .pipeline import build, letters_in

    paths = args.paths or [Path("source")]
    sources = [s for p in paths for s in letters_in(p)]
    if not sources:
        _say(f"letterpress: no letters (.yaml, .md) in {', '.join(map(str, paths))}",
             error=True)
        return BAD_INPUT
    fonts = load_fonts()
    status = OK
    for source, output in zip(sources, _outputs(args, sources), strict=True):
        try:
            built = build(source, output, strict=args.strict, fonts=fonts)
        except LetterpressError as exc:
            _say(exc.format(), error=True)
            status = BAD_INPUT
            continue
        for warning in built.warnings:
            _say(warning.format(), error=True)
        _say(f"{source} -> {output} ({built.pages} page{'s' * (built.pages > 1)}, "
             f"{built.size // 1024} KiB)")
        if args.check and _report(source, output) != OK and status == OK:
            status = CHECK_FAILED
    return status


def _report(source: Path, pdf: Path) -> int:
    from .pipeline import check

    return _findings(pdf, str(source), check(source, pdf))


def _findings(pdf: Path, source: str, findings: tuple[object, ...]) -> int:
    if not findings:
        _say(f"{pdf}: every field of {source} reads back as written")
        return OK
    for finding in findings:
        _say(finding.format(), error=True)  # type: ignore[attr-defined]
    _say(f"{pdf}: {len(findings)} difference(s) from {source}", error=True)
    return CHECK_FAILED


def _check(args: argparse.Namespace) -> int:
    if args.pdf is None:  # only the PDF: compare it with the source it carries
        from .pipeline import LETTER_SUFFIXES, check_embedded

        if args.source.suffix.lower() in LETTER_SUFFIXES:
            raise LetterpressError(f"usage: letterpress check [SOURCE] PDF\n{args.source}: "
                                   "a letter source needs the PDF to compare it with")

        return _findings(args.source, "its embedded source", check_embedded(args.source))
    return _report(args.source, args.pdf)


def _import(args: argparse.Namespace) -> int:
    from .fonts import load_fonts
    from .markdown import import_markdown
    from .pipeline import write_atomically
    from .source import dump_letter

    letter = import_markdown(args.markdown, load_fonts().coverage)
    text = dump_letter(letter)
    if args.output:
        write_atomically(args.output, text.encode("utf-8"))
        _say(f"{args.markdown} -> {args.output}")
    else:
        _emit(text)
    return OK


def _schema(args: argparse.Namespace) -> int:
    import json

    from .source import json_schema

    _emit(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return OK


# --- extract and archive: a letter's PDF as the record ------------------------------------


def _archive_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    e = sub.add_parser("extract", help="write out the sources a letter's PDF carries",
                       description="Write the files a letter's PDF carries inside (its source, "
                       "letterhead, logo) under their relative paths. `letterpress build` on "
                       "the first one rebuilds the same PDF.")
    e.add_argument("pdf", type=Path, metavar="LETTER.pdf")
    e.add_argument("-o", "--output", type=Path, metavar="DIR",
                   help="folder to write into (default: the PDF's name without .pdf)")
    e.add_argument("--force", action="store_true",
                   help="replace existing files that have other content")
    a = sub.add_parser(
        "archive", help="file letters' PDFs in an archive; list, search, verify it",
        usage="%(prog)s [--archive DIR] LETTER.pdf... | list | search QUERY | reindex | verify",
        description="`archive LETTER.pdf...` files each letter as a BagIt bag (the PDF, the "
        "sources inside it, SHA-256 manifests) in the archive folder and indexes it. `list` "
        "and `search QUERY` print reference, date, recipient, revision and bag; `reindex` "
        "rebuilds the index from the bags; `verify` re-checks every bag and exits 1 if "
        "anything changed.")
    a.add_argument("items", nargs="+", metavar="LETTER.pdf|list|search|reindex|verify")
    a.add_argument("--archive", type=Path, metavar="DIR",
                   help=f"the archive folder (default: ${ARCHIVE_VARIABLE}, else archive/)")
    a.add_argument("--since", metavar="YYYY-MM-DD", help="list or search from this date")
    a.add_argument("--until", metavar="YYYY-MM-DD", help="list or search up to this date")
    a.add_argument("--json", action="store_true", help="list or search as JSON, for scripts")


ARCHIVE_VARIABLE = "LETTERPRESS_ARCHIVE"
ARCHIVE_ACTIONS = ("list", "search", "reindex", "verify")


def _extract(args: argparse.Namespace) -> int:
    from .extract import read_sources, write_sources

    folder = args.output or Path(args.pdf.stem)
    done = write_sources(read_sources(args.pdf), folder, force=args.force)
    for path in done.written:
        _say(f"{args.pdf} -> {path}")
    for path in done.unchanged:
        _say(f"{path}: unchanged")
    _say(f"build it again with: letterpress build {done.letter}")
    return OK


def _archive(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from . import archive
    from .fonts import load_fonts

    root = archive.locate(args.archive, os.environ)
    action, rest = args.items[0], args.items[1:]
    if action not in ARCHIVE_ACTIONS:
        return _file_letters(root, [Path(p) for p in args.items])
    wanted = 1 if action == "search" else 0
    listing = action in ("list", "search")
    if len(rest) != wanted or not listing and (args.since or args.until or args.json):
        raise LetterpressError(f"usage: letterpress archive {action}" + " QUERY" * wanted
                               + " [--since DATE] [--until DATE] [--json]" * listing)
    fonts = load_fonts()
    if action == "reindex":
        count, notices = archive.reindex(root, fonts)
        _notices(notices)
        _say(f"{root}: register rebuilt from {count} bag(s)")
        return OK
    if action == "verify":
        verified = archive.verify(root, fonts)
        return _verified(root, verified.notices, verified.changes, verified.bags)
    found = archive.find(root, fonts, rest[0] if rest else None,
                         _date(args.since, "--since"), _date(args.until, "--until"))
    _notices(found.notices)
    _listing([dict(asdict(e), path=str(root / e.bag)) for e in found.entries], args.json)
    return OK


def _file_letters(root: Path, pdfs: list[Path]) -> int:
    from .archive import file_letter, prepare, require
    from .fonts import load_fonts

    fonts = load_fonts()
    status = OK
    for pdf in pdfs:
        try:
            prepared = prepare(pdf, fonts)
            require(root, create=True)
            filed = file_letter(root, prepared, fonts)
        except LetterpressError as exc:
            _say(exc.format(), error=True)
            status = BAD_INPUT
            continue
        _notices(filed.notices)
        if prepared.pdfa and filed.new:
            _say(f"note: {pdf} is not PDF/A-3b ({prepared.pdfa[0]}); filed as it is",
                 error=True)
        _say(f"{pdf} -> {filed.bag}" if filed.new else
             f"{pdf}: filed already as {filed.bag}; nothing done")
    return status


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
        _say(f"notice: {notice}", error=True)


def _listing(rows: list[dict[str, object]], as_json: bool) -> None:
    """One line per letter: reference, date, recipient, revision, the bag; or JSON."""
    if as_json:
        import json

        _emit(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    for row in rows:
        recipient = "; ".join(row["recipient"])  # type: ignore[arg-type]
        _say(f"{row['reference']}  {row['date']}  {recipient}  r{row['revision']}  "
             f"{row['path']}")


def _verified(root: Path, notices: tuple[str, ...], changes: tuple[str, ...],
              bags: int) -> int:
    _notices(notices)
    for change in changes:
        _say(change, error=True)
    if changes:
        _say(f"{root}: {len(changes)} change(s) in {bags} bag(s)", error=True)
        return CHECK_FAILED
    _say(f"{root}: {bags} bag(s) verified, nothing changed")
    return OK


COMMANDS = {"build": _build, "check": _check, "import": _import, "schema": _schema,
            "extract": _extract, "archive": _archive}
