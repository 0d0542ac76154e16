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
from typing import TYPE_CHECKING

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
                       description="Read PDF back with pypdf and compare it, field by field and "
                       "in order, with SOURCE; render its pages (PDFium) to prove every glyph "
                       "is visible; report a damaged file. Exit 0 when they agree, 1 when "
                       "they differ.")
    c.add_argument("source", type=Path, metavar="SOURCE")
    c.add_argument("pdf", type=Path, metavar="PDF")
    i = sub.add_parser("import", help="turn a Markdown letter into a YAML source",
                       description="Turn a letter written in Markdown (the shape of an exported "
                       "letter) into a YAML source file.")
    i.add_argument("markdown", type=Path, metavar="LETTER.md")
    i.add_argument("-o", "--output", type=Path, metavar="OUT.yaml",
                   help="where to write the YAML (default: standard output)")
    sub.add_parser("schema", help="print the JSON Schema of the source format",
                   description="Print the JSON Schema of letter sources, for editors.")
    _watch_parser(sub)
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


def _report(source: Path, pdf: Path, findings: tuple[object, ...]) -> int:
    if not findings:
        _say(f"{pdf}: every field of {source} reads back as written")
        return OK
    for finding in findings:
        _say(finding.format(), error=True)  # type: ignore[attr-defined]
    _say(f"{pdf}: {len(findings)} difference(s) from {source}", error=True)
    return CHECK_FAILED


def _check(args: argparse.Namespace) -> int:
    from .pipeline import check

    return _report(args.source, args.pdf, check(args.source, args.pdf))


def _import(args: argparse.Namespace) -> int:
    from .dump import dump_letter
    from .pipeline import load, write_atomically

    if args.markdown.suffix.lower() != ".md":
        raise SourceError(f"{args.markdown}: letterpress import reads Markdown letters (.md)",
                          hint="a YAML letter is built as it is: letterpress build "
                          f"{args.markdown}")
    loaded = load(args.markdown)
    text = dump_letter(loaded.letter)
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


COMMANDS = {"build": _build, "check": _check, "import": _import, "schema": _schema,
            "watch": _watch}
