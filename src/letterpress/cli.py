"""The command line: argument parsing, printing and exit codes, nothing else.

Exit codes (the one table, :data:`EXIT_CODES`): 0 ok, 1 a check found differences, 2 bad input
(nothing written), 3 an output could not be written (nothing lost), 4 letterpress itself
failed (its fonts are missing, the PDF writer failed), 130 interrupted, 143 terminated.
Exit codes never depend on whether anyone reads the output: a closed standard stream loses
the report, not the work.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from .errors import (
    FontError,
    LayoutError,
    LetterpressError,
    ReadbackError,
    RenderError,
    SourceError,
    WriteError,
)

if TYPE_CHECKING:
    from .incremental import Cache
    from .model import Letter
    from .pipeline import Outcome

OK, CHECK_FAILED, BAD_INPUT, CANNOT_WRITE, INTERNAL = 0, 1, 2, 3, 4
INTERRUPTED, TERMINATED = 130, 143
# The most specific class of an error decides; LetterpressError itself is bad input.
EXIT_CODES: dict[type[LetterpressError], int] = {
    SourceError: BAD_INPUT, LayoutError: BAD_INPUT, ReadbackError: BAD_INPUT,
    WriteError: CANNOT_WRITE, FontError: INTERNAL, RenderError: INTERNAL,
    LetterpressError: BAD_INPUT,
}
# Commands after which nothing is left to flush but the standard streams: they may leave
# without tearing the interpreter down (see run).
FAST_EXIT = frozenset({"build", "check", "import", "schema"})


def exit_code(error: LetterpressError) -> int:
    return next(EXIT_CODES[kind] for kind in type(error).__mro__ if kind in EXIT_CODES)


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so that files being written are cleaned up."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="letterpress",
        description="Typeset structured letters into letterhead PDFs and prove their text.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    b = sub.add_parser("build", help="build letters into PDFs",
                       description="Build letter sources (.yaml or .md) into PDFs. A folder "
                       "means every letter directly inside it. Only letters whose source, "
                       "letterhead, other files, fonts or letterpress changed are built "
                       "again (the output folder's .letterpress-cache.json records them).")
    b.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="letter files or folders (default: source/)")
    b.add_argument("-o", "--output", type=Path, metavar="OUT",
                   help="output folder, or a .pdf file for a single letter (default: output/)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--check", action="store_true",
                   help="read every PDF back and compare it with its source")
    b.add_argument("--force", action="store_true",
                   help="build every letter, even those whose inputs did not change")
    b.add_argument("--prune", action="store_true",
                   help="delete the PDFs of the output folder whose source is gone")
    c = sub.add_parser("check", help="compare a PDF's text with its source",
                       usage="%(prog)s [SOURCE] PDF",
                       description="Read PDF back with pypdf and compare it, field by field and "
                       "in order, with SOURCE (or with the source the PDF carries inside, when "
                       "only PDF is given); render its pages (PDFium) to prove every glyph is "
                       "visible; report a damaged file. Exit 0 when they agree, 1 when they "
                       "differ.")
    c.add_argument("source", type=Path, metavar="SOURCE")
    c.add_argument("pdf", type=Path, metavar="PDF", nargs="?")
    i = sub.add_parser("import", help="turn a Markdown letter into a YAML source",
                       description="Turn a letter written in Markdown (the shape of an exported "
                       "letter) into a YAML source file.")
    i.add_argument("markdown", type=Path, metavar="LETTER.md")
    i.add_argument("-o", "--output", type=Path, metavar="OUT.yaml",
                   help="where to write the YAML (default: standard output)")
    _add_import_members(i)
    sub.add_parser("schema", help="print the JSON Schema of the source format",
                   description="Print the JSON Schema of letter sources, for editors.")
    _add_corrections(sub)
    _add_signing(sub)
    _watch_parser(sub)
    _archive_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    _open_closed_streams()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse's usage errors (2) and --help (0)
        return exc.code if isinstance(exc.code, int) else BAD_INPUT
    if args.command is None:
        _say(parser.format_help().rstrip("\n"), error=True)
        return BAD_INPUT
    try:
        return int(COMMANDS[args.command](args))
    except LetterpressError as exc:
        _say(exc.format(), error=True)
        return exit_code(exc)
    except KeyboardInterrupt:
        return INTERRUPTED
    except Terminated:
        return TERMINATED


def _open_closed_streams() -> None:
    """A standard stream that was closed when the process started is None in Python; what
    would go there goes nowhere instead."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (for the rest of the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115


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
    """Write what the command produces (a schema, a letter) to standard output. Nobody
    reading it (a closed pipe) is not an error; a failed write (a full disk) is."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    except OSError as exc:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        raise WriteError(
            f"standard output: cannot write ({(exc.strerror or str(exc)).lower()})") from None


def run() -> None:  # never returns (typing's NoReturn would cost an import)
    """The ``letterpress`` command: main(), then leave.

    Tearing down the interpreter (freeing every module and object one by one) costs a build
    about a sixth of its time; the operating system frees a process faster. After the
    commands in FAST_EXIT every file written is closed and only the standard streams need
    flushing, so they leave at once; the others (which may hold a database open) exit
    normally, running every finalizer.
    """
    signal.signal(signal.SIGTERM, _terminate)
    code = main()
    _flush()
    command = next((a for a in sys.argv[1:] if not a.startswith("-")), "")
    if command in FAST_EXIT:
        os._exit(code)
    sys.exit(code)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()


def _build(args: argparse.Namespace) -> int:
    from .incremental import Cache, build_changed
    from .pipeline import letters_in, outputs_for

    paths = args.paths or [Path("source")]
    sources = [s for p in paths for s in letters_in(p)]
    if not sources:
        raise SourceError(f"{', '.join(map(str, paths))}: no letters (.yaml, .yml, .md) in "
                          f"this folder", hint="give letter files, or a folder that holds them")
    out = args.output or Path("output")
    jobs = list(zip(sources, outputs_for(sources, out), strict=True))
    cache = Cache.open(out.parent if out.suffix.lower() == ".pdf" else out)
    if cache.notice:
        _say(cache.notice, error=True)
    status, fresh = OK, 0
    for outcome, reasons in build_changed(jobs, cache, force=args.force, strict=args.strict,
                                          read_back=args.check):
        fresh += outcome.built is None and outcome.error is None
        status = max(status, _built(outcome, reasons))
    if fresh:
        _say(f"{fresh} letter{'s' * (fresh > 1)} up to date (--force builds them again)")
    _orphans(cache, args.prune)
    return status


def _built(outcome: Outcome, reasons: tuple[str, ...]) -> int:
    """Report one letter of a build; its exit status."""
    if outcome.error is not None:
        _say(outcome.error.format(), error=True)
        return exit_code(outcome.error)
    built = outcome.built
    if built is not None:
        for warning in built.warnings:
            _say(warning.format(), error=True)
        why = f"; {'; '.join(reasons)}" if reasons else ""
        _say(f"{built.source} -> {built.output} ({built.pages} "
             f"page{'s' * (built.pages > 1)}, {built.size // 1024} KiB{why})")
    if outcome.findings is not None:
        return _report(outcome.source, outcome.output, outcome.findings)
    return OK


def _orphans(cache: Cache, prune: bool) -> None:
    """PDFs whose source is gone: reported, or deleted with --prune."""
    from .incremental import shown

    for orphan in cache.orphans():
        if prune:
            cache.prune(orphan)
            _say(f"{shown(orphan.output)}: deleted, its source {shown(orphan.source)} is gone")
        elif orphan.output.exists():
            _say(f"{shown(orphan.output)}: its source {shown(orphan.source)} is gone "
                 "(--prune deletes the PDF)")
    cache.save()


def _report(source: Path | str, pdf: Path, findings: tuple[object, ...]) -> int:
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
        return _report("its embedded source", args.source, check_embedded(args.source))
    from .pipeline import check

    return _report(args.source, args.pdf, check(args.source, args.pdf))


def _import(args: argparse.Namespace) -> int:
    from .dump import dump_letter
    from .outputs import write_atomically
    from .pipeline import load

    if args.markdown.suffix.lower() != ".md":
        raise SourceError(f"{args.markdown}: letterpress import reads Markdown letters (.md)",
                          hint="a YAML letter is built as it is: letterpress build "
                          f"{args.markdown}")
    loaded = load(args.markdown)
    text = dump_letter(_link_members(args, loaded.letter))
    if args.output:
        write_atomically(args.output, text.encode("utf-8"), inputs=loaded.dependencies)
        _say(f"{args.markdown} -> {args.output}")
    else:
        _emit(text)
    return OK


def _schema(args: argparse.Namespace) -> int:
    import json

    from .source import json_schema

    _emit(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return OK


# --- corrections: the members registry, affected letters, diffs -------------------------------


def _add_import_members(i: argparse.ArgumentParser) -> None:
    i.add_argument("--registry", type=Path, metavar="FILE",
                   help="the members registry to match signatories against (default: the "
                   "nearest members.yaml above the output, or above LETTER.md)")
    i.add_argument("--add-members", action="store_true",
                   help="add the signatories the registry lacks to it, and name them by id")


def _add_corrections(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    m = sub.add_parser("members", help="check the members registry, print its schema",
                       description="members check [PATH]: report the registry's errors and "
                       "likely duplicates (PATH: members.yaml or a folder under it; default "
                       "source/). members schema: print its JSON Schema.")
    m.add_argument("action", choices=("check", "schema"))
    m.add_argument("path", nargs="?", type=Path, default=Path("source"), metavar="PATH")
    a = sub.add_parser("affected", help="list the letters that name a registry member",
                       description="List where the letters name the member ID (- member: ID).")
    a.add_argument("member", metavar="ID")
    a.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="letter files or folders (default: source/)")
    d = sub.add_parser("diff", help="show what changed between two letters",
                       description="Compare two letters (sources, or PDFs: their embedded "
                       "sources, else their text) field by field. Exit 0 when they say the "
                       "same, 1 when they differ.")
    d.add_argument("old", type=Path, metavar="A")
    d.add_argument("new", type=Path, metavar="B")
    d.add_argument("--json", action="store_true", help="print the changes as JSON")
    d.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the changes (default: on a terminal only)")


def _registry_at(path: Path) -> Path:
    from .registry import REGISTRY_HINT, find_registry
    from .world import REGISTRY_NAME

    found = path if path.suffix.lower() in (".yaml", ".yml") else find_registry(path)
    if found is None:
        raise SourceError(f"{path}: no {REGISTRY_NAME} here or in a folder above",
                          hint=REGISTRY_HINT)
    return found


def _members(args: argparse.Namespace) -> int:
    import json

    from .registry import likely_duplicates, load_registry
    from .schema import registry_json_schema

    if args.action == "schema":
        _emit(json.dumps(registry_json_schema(), indent=2, ensure_ascii=False) + "\n")
        return OK
    registry = load_registry(_registry_at(args.path))
    warnings = likely_duplicates(registry)
    for warning in warnings:
        _say(warning.format(), error=True)
    _say(f"{registry.file}: {len(registry.members)} members, {len(warnings)} likely "
         f"duplicate{'s' * (len(warnings) != 1)}")
    return OK


def _affected(args: argparse.Namespace) -> int:
    from .members import uses
    from .pipeline import letters_in
    from .registry import load_registry, suggest_id

    paths = args.paths or [Path("source")]
    folder = paths[0] if paths[0].is_dir() else paths[0].parent
    registry = load_registry(_registry_at(folder))
    if registry.get(args.member) is None:
        raise SourceError(f"{registry.file}: no member '{args.member}'",
                          hint=suggest_id(args.member, registry))
    found, errors = uses(args.member, [s for p in paths for s in letters_in(p)])
    for error in errors:
        _say(error.format(), error=True)
    for use in found:
        _say(use.format())
    if not found:
        _say(f"no letter names '{args.member}'", error=True)
    return BAD_INPUT if errors else OK


def _link_members(args: argparse.Namespace, letter: Letter) -> Letter:
    """The imported letter with the signatories the registry has named by id."""
    from .members import add_missing, link_members, not_found
    from .outputs import write_atomically
    from .registry import find_registry, load_registry
    from .world import REGISTRY_NAME

    where = (args.output or args.markdown).parent
    path = args.registry or find_registry(where)
    if path is None and not args.add_members:
        return letter
    path = path or where / REGISTRY_NAME
    registry = load_registry(path) if path.exists() or not args.add_members else None
    letter, links = link_members(letter, registry)
    if args.add_members:
        from .fonts import load_fonts

        text = path.read_text(encoding="utf-8") if registry else ""
        letter, links, updated = add_missing(letter, links, path, text, load_fonts().coverage)
        if updated != text:
            write_atomically(path, updated.encode("utf-8"))
    for link in links:
        if link.added:
            _say(f"{link.path}: '{link.name}' added to {path} as {link.id}", error=True)
        elif link.differs:
            _say(f"{link.path}: '{link.name}' is {link.id}; {link.differs}", error=True)
    for line in not_found(links, str(args.markdown)):
        _say(line.format() + f" ({path}; --add-members adds it)", error=True)
    return letter


def _diff(args: argparse.Namespace) -> int:
    import json

    from .diff import diff_files, format_changes

    changes = diff_files(args.old, args.new)
    if args.json:
        _emit(json.dumps([c.as_json() for c in changes], indent=2, ensure_ascii=False) + "\n")
    else:
        colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                            and not os.environ.get("NO_COLOR"))
        for line in format_changes(changes, colour=colour):
            _say(line)
        if not changes:
            _say(f"{args.old} and {args.new} say the same")
    return CHECK_FAILED if changes else OK


# Signing and verifying (sign.py, signatures.py): two subcommands and their handlers.

PASSWORD_VARIABLE = "LETTERPRESS_KEY_PASSWORD"


def _add_signing(sub: Any) -> None:
    s = sub.add_parser("sign", help="add a PAdES signature to letters",
                       description="Sign letter PDFs with the key in a PKCS#12 file. The "
                       f"password comes from --password-file, ${PASSWORD_VARIABLE} or a prompt.")
    s.add_argument("pdfs", nargs="+", type=Path, metavar="LETTER.pdf")
    s.add_argument("--key", type=Path, required=True, metavar="KEY.p12")
    s.add_argument("-o", "--output", type=Path, metavar="OUT",
                   help="signed file (one letter) or folder (default: LETTER.signed.pdf)")
    s.add_argument("--in-place", action="store_true", help="replace each letter by its signed copy")
    s.add_argument("--password-file", type=Path, metavar="FILE",
                   help="read the key's password from the first line of FILE")
    s.add_argument("--reason", help="why the letter is signed")
    s.add_argument("--location", help="where (default: the certificate's locality, country)")
    s.add_argument("--name", help="who signs (default: the certificate's name)")
    s.add_argument("--visible", action="store_true",
                   help="place a stamp (who, when, why) below the end of the letter")
    s.add_argument("--timestamp-url", metavar="URL", help="RFC 3161 timestamp authority (B-T)")
    s.add_argument("--ltv", action="store_true", help="embed chain, revocation information "
                   "and a document timestamp (B-LT, B-LTA); needs --timestamp-url")
    s.add_argument("--trust", type=Path, action="append", default=[], metavar="CERT.pem",
                   help="a trusted root for --ltv's checks (repeatable)")
    s.add_argument("--no-pdfa", action="store_true", help="allow keys that break PDF/A (EC)")
    v = sub.add_parser("verify", help="check the signatures of letters",
                       description="Check each signature, what changed after it, the text "
                       "against the embedded source, and PDF/A. Exit 0 when every signature "
                       "is intact, trusted and followed by no change of content, 1 if not.")
    v.add_argument("pdfs", nargs="+", type=Path, metavar="LETTER.pdf")
    v.add_argument("--trust", type=Path, action="append", default=[], metavar="CERT.pem",
                   help="a trusted root certificate, of signers or timestamp authorities "
                   "(repeatable; no other root is trusted)")
    v.add_argument("--offline", action="store_true",
                   help="use only the revocation information inside the files")
    v.add_argument("--json", action="store_true", help="print the results as JSON")


def _password(args: argparse.Namespace) -> bytes | None:
    if args.password_file:
        try:
            return args.password_file.read_bytes().splitlines()[0] or None
        except (OSError, IndexError) as exc:
            raise LetterpressError(f"{args.password_file}: cannot read a password "
                                   f"({getattr(exc, 'strerror', None) or 'the file is empty'})"
                                   ) from None
    if PASSWORD_VARIABLE in os.environ:
        return os.environ[PASSWORD_VARIABLE].encode("utf-8") or None
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"password for {args.key}: ").encode("utf-8") or None
    return None


def _signed_outputs(args: argparse.Namespace) -> list[Path]:
    pdfs: list[Path] = args.pdfs
    if args.in_place:
        if args.output:
            raise LetterpressError("give either --in-place or -o, not both")
        return pdfs
    if args.output and args.output.suffix.lower() == ".pdf":
        if len(pdfs) != 1:
            raise LetterpressError(f"{args.output}: a .pdf output needs exactly one letter, "
                                   f"got {len(pdfs)}")
        outputs = [args.output]
    elif args.output:
        outputs = [args.output / p.name for p in pdfs]
    else:
        outputs = [p.with_name(p.stem + ".signed.pdf") for p in pdfs]
    for pdf, out in zip(pdfs, outputs, strict=True):
        if out.resolve() == pdf.resolve():
            raise LetterpressError(f"{out}: would sign over the letter; give --in-place")
    return outputs


def _trusted(paths: list[Path]) -> tuple[bytes, ...]:
    try:
        return tuple(p.read_bytes() for p in paths)
    except OSError as exc:
        raise LetterpressError(f"{exc.filename}: cannot read ({exc.strerror})") from None


def _sign(args: argparse.Namespace) -> int:
    import datetime as dt

    from .pipeline import sign
    from .sign import SignOptions, check_key, load_key

    outputs = _signed_outputs(args)
    trust = _trusted(args.trust)
    key = load_key(args.key, _password(args))
    options = SignOptions(reason=args.reason, location=args.location, name=args.name,
                          timestamp_url=args.timestamp_url, ltv=args.ltv,
                          pdfa=not args.no_pdfa, visible=args.visible)
    check_key(key, options, dt.datetime.now(dt.UTC))
    status = OK
    for pdf, output in zip(args.pdfs, outputs, strict=True):
        try:
            sign(pdf, output, key, options, trust)
        except LetterpressError as exc:
            _say(exc.format(), error=True)
            status = BAD_INPUT
            continue
        _say(f"{pdf} -> {output} (signed by {options.name or key.subject})")
    return status


def _verify(args: argparse.Namespace) -> int:
    import json

    from .pipeline import verify

    trust = _trusted(args.trust)
    status, results = OK, []
    for pdf in args.pdfs:
        try:
            result = verify(pdf, trust, fetch=not args.offline)
        except LetterpressError as exc:
            _say(exc.format(), error=True)
            status = BAD_INPUT
            continue
        if not result.ok and status == OK:
            status = CHECK_FAILED
        results.append(result.as_json())
        if not args.json:
            for line in result.lines():
                _say(line)
    if args.json:
        _emit(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return status


# --- watch ------------------------------------------------------------------------------------

def _watch_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    w = sub.add_parser("watch", help="build letters again on every save",
                       description="Build the letters of PATH (as build does), then again "
                       "each letter a saved file affects, until Ctrl-C. A save that breaks a "
                       "letter is reported and its last good PDF kept.")
    w.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="letter files or folders (default: source/)")
    w.add_argument("-o", "--output", type=Path, metavar="OUT",
                   help="output folder, or a .pdf file for a single letter (default: output/)")
    w.add_argument("--strict", action="store_true", help="treat warnings as errors")


def _watch(args: argparse.Namespace) -> int:
    from .incremental import shown
    from .watch import Watcher, watch

    watcher = Watcher(args.paths or [Path("source")], args.output or Path("output"),
                      strict=args.strict)
    if watcher.cache.notice:
        _say(watcher.cache.notice, error=True)
    told: set[Path] = set()

    def ready(roots: tuple[Path, ...]) -> None:
        _say(f"watching {', '.join(shown(r) for r in roots)} (Ctrl-C stops)")

    try:
        for done in watch(watcher, ready=ready):
            if done.error is not None:
                _say(done.error.format(), error=True)
            for outcome, reasons in done.built:
                _built(outcome, reasons)
            for orphan in done.orphans:
                if orphan.output not in told and orphan.output.exists():
                    _say(f"{shown(orphan.output)}: its source {shown(orphan.source)} is gone "
                         "(letterpress build --prune deletes the PDF)")
                told.add(orphan.output)
    except KeyboardInterrupt:  # the way to stop watching: not a failure
        _say("stopped")
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
        usage="%(prog)s [--archive DIR] [--trust CERT.pem] LETTER.pdf... | list | "
        "search QUERY | reindex | verify",
        description="`archive LETTER.pdf...` files each letter as a BagIt bag (the PDF, the "
        "sources inside it, SHA-256 manifests) in the archive folder and indexes it; a signed "
        "copy of a filed letter is filed beside it, a new revision beside the earlier ones. "
        "`list` (the latest revisions) and `search QUERY` print reference, date, recipient, "
        "revision and bag; `reindex` rebuilds the index from the bags; `verify` re-checks "
        "every bag and signature and exits 1 if anything changed or fails.")
    a.add_argument("items", nargs="+", metavar="LETTER.pdf|list|search|reindex|verify")
    a.add_argument("--archive", type=Path, metavar="DIR",
                   help=f"the archive folder (default: ${ARCHIVE_VARIABLE}, else archive/)")
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
    judging = action not in ARCHIVE_ACTIONS or action == "verify"
    if not judging and (args.trust or args.offline) or action != "list" and args.all_revisions:
        raise LetterpressError("usage: --trust and --offline are for filing and verify, "
                               "--all-revisions for list")
    if action not in ARCHIVE_ACTIONS:
        if args.since or args.until or args.json:
            raise LetterpressError("usage: letterpress archive [--archive DIR] LETTER.pdf... "
                                   "(--since, --until and --json are for list and search)")
        return _file_letters(root, [Path(p) for p in args.items], _trusted(args.trust),
                             not args.offline)
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
        verified = archive.verify(root, fonts, _trusted(args.trust), not args.offline)
        return _verified(root, verified.notices, verified.changes, verified.bags)
    found = archive.find(root, fonts, rest[0] if rest else None,
                         _date(args.since, "--since"), _date(args.until, "--until"),
                         all_revisions=args.all_revisions or action == "search")
    _notices(found.notices)
    _listing([dict(asdict(e), path=str(root / e.bag), history=e.history)
              for e in found.entries], args.json)
    return OK


def _file_letters(root: Path, pdfs: list[Path], trust: tuple[bytes, ...], fetch: bool) -> int:
    from .archive import file_letter, prepare, require
    from .fonts import load_fonts

    fonts = load_fonts()
    status = OK
    for pdf in pdfs:
        try:
            prepared = prepare(pdf, fonts, trust, fetch)
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
        for verdict in prepared.signatures.verdicts if filed.new else ():
            if verdict.startswith("failed"):
                _say(f"note: {pdf}: a signature {verdict}; filed as it is", error=True)
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
        _say(f"{row['reference']}  {row['date']}  {recipient}  {row['history']}  "
             + "".join(f"{s}  " for s in _signed_by(row)) + f"{row['path']}")


def _signed_by(row: dict[str, object]) -> list[str]:
    """``signed by Alice Signer 2026-11-29T10:00:00Z (signer's clock)``, one per signature."""
    from .archive.signed import TIME

    times = str(row["signed_at"]).split("; ") if row["signed_at"] else []
    names = str(row["signer"]).split("; ") + [""] * len(times)
    stamps = str(row["timestamp"]).split("; ") + [""] * len(times)
    return [f"signed by {name or '?'} {when} ({TIME.get(stamp, stamp)})"
            for name, when, stamp in zip(names, times, stamps, strict=False)]


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
            "members": _members, "affected": _affected, "diff": _diff,
            "sign": _sign, "verify": _verify, "watch": _watch,
            "extract": _extract, "archive": _archive}
