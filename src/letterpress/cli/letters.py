"""The commands on letters: build, check, import, schema, and watch."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LetterpressError, SourceError
from ..world import World
from .common import OK, emit, exit_code, report, say
from .corrections import add_import_members, link_members

if TYPE_CHECKING:
    from ..corrections.incremental import Cache
    from ..pipeline import Guard, Outcome
    from ..seen import Seen
    from .progress import Progress


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """build, check, import, schema and watch."""
    b = sub.add_parser("build", help="build letters into PDFs",
                       description="Build letter sources (.yaml or .md) into PDFs. A folder "
                       "means every letter directly inside it. Only letters whose source, "
                       "letterhead, other files, fonts or letterpress changed are built "
                       "again (the output folder's .letterpress-cache.sqlite records them).")
    _letters_and_output(b)
    b.add_argument("--check", action="store_true",
                   help="read every PDF back and compare it with its source")
    b.add_argument("--force", action="store_true",
                   help="build every letter, even those whose inputs did not change")
    b.add_argument("--prune", action="store_true",
                   help="delete the PDFs of the output folder whose source is gone")
    b.add_argument("--recipients", type=Path, metavar="FILE",
                   help="build the merge letter for the recipients of FILE (CSV or YAML) "
                   "instead of those its merge: names (one merge letter only)")
    b.add_argument("--archive", type=Path, metavar="DIR",
                   help="the archive whose filed letters a build may not change under their "
                   "revision (default: $LETTERPRESS_ARCHIVE, else the project's archive, else "
                   "archive/ here, when it exists)")
    b.add_argument("-j", "--jobs", type=_workers, metavar="N", dest="workers",
                   help="build on N processes at once (default: one a usable core; 1: in "
                   "this process, one letter after the other)")
    c = sub.add_parser("check", help="compare a PDF's text with its source",
                       usage="%(prog)s [SOURCE] PDF",
                       description="Read PDF back with pypdf and compare it, field by field and "
                       "in order, with SOURCE (or with the source the PDF carries inside, when "
                       "only PDF is given); render its pages (PDFium) to prove every glyph is "
                       "visible; report a damaged file. Exit 0 when they agree, 1 when they "
                       "differ.")
    c.add_argument("source", type=Path, metavar="SOURCE",
                   help="the letter's source (.yaml or .md); with one argument, the PDF")
    c.add_argument("pdf", type=Path, metavar="PDF", nargs="?",
                   help="the PDF built from SOURCE (without it, SOURCE names a PDF compared "
                   "with the source it carries inside); for a merge letter, the folder its "
                   "PDFs were built into")
    c.add_argument("--recipients", type=Path, metavar="FILE",
                   help="for a merge letter: the recipients file it was built for, if not "
                   "the one its merge: names")
    i = sub.add_parser("import", help="turn a Markdown letter into a YAML source",
                       description="Turn a letter written in Markdown (the shape of an exported "
                       "letter, docs/markdown.md; a .txt export too) into a YAML source file.")
    i.add_argument("markdown", type=Path, metavar="LETTER.md",
                   help="the letter written in Markdown (any name: it is read for what it is)")
    i.add_argument("-o", "--output", type=Path, metavar="OUT.yaml",
                   help="where to write the YAML (default: standard output)")
    add_import_members(i)
    sub.add_parser("schema", help="print the JSON Schema of the source format",
                   description="Print the JSON Schema of letter sources, for editors.")
    _watch_parser(sub)




def _workers(text: str) -> int:
    """-j N: a whole number of processes, 1 or more."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of processes: give a whole number, 1 or more")
    return number


def _build(args: argparse.Namespace) -> int:
    import itertools
    import os

    from ..batch import usable_cores
    from ..corrections.incremental import Cache, build_changed, build_merge_changed
    from ..merge import is_merge_letter
    from ..pipeline import jobs_for
    from ..seen import Seen
    from . import project
    from .progress import Progress, drawn

    here = project.find()
    out = args.output or here.output
    every = jobs_for(project.letter_paths(args.paths, here), out)
    merges = [source for source, _ in every if is_merge_letter(source)]
    jobs = every.without(merges)
    if args.recipients is not None and len(merges) != 1:
        raise LetterpressError(f"--recipients {args.recipients}: it replaces the recipients of "
                               f"one merge letter, and {len(merges)} are being built",
                               hint="give the merge letter alone: letterpress build LETTER.yaml "
                               "--recipients FILE")
    if merges and out.suffix.lower() == ".pdf":
        raise LetterpressError(f"{merges[0]} is a merge letter: it is built into a folder, "
                               "one PDF for each recipient", hint="give -o a folder")
    cache = Cache.for_output(out)
    if cache.notice:
        say(cache.notice, error=True)
    status, fresh = OK, 0
    world = World()
    guard = _sent_letters(args.archive, here.archive)
    workers = args.workers or usable_cores()
    built = build_changed(jobs, cache, world, force=args.force, strict=args.strict,
                          read_back=args.check, guard=guard, workers=workers
                          ) if jobs else iter(())
    produced: dict[str, Seen] = {}
    total = len(jobs)
    for merge in merges:  # each recipient's letter, as its row is read, on the same pool
        names = Seen()  # in a temporary file: a million recipients take no more memory
        if args.recipients is None:  # other recipients say nothing of the letter's own
            produced[os.path.abspath(merge)] = names
        # each recipient's letter, for the progress line (the rows read once more, so only
        # when the line is drawn; else the merge letter counts as one letter)
        if drawn():
            from ..merge import count

            total += count(merge, world, args.recipients)
        else:
            total += 1
        built = itertools.chain(built, build_merge_changed(
            merge, out, cache, world, names, force=args.force, strict=args.strict,
            read_back=args.check, recipients=args.recipients, guard=guard, workers=workers))
    progress = Progress.for_terminal(total)
    try:
        for outcome, reasons in built:
            fresh += outcome.built is None and outcome.error is None
            status = max(status, _built(outcome, reasons, progress))
            progress.advance(failed=outcome.error is not None)
    finally:
        progress.finish()
    if fresh:
        say(f"{fresh} letter{'s' * (fresh > 1)} up to date (--force builds them again)")
    _orphans(cache, args.prune, {k: v for k, v in produced.items() if v})
    return status


def _sent_letters(given: Path | None, project_archive: Path | None) -> Guard | None:
    """What makes the check that keeps a build from changing a letter filed in the archive
    under its revision (archive/sent.py), in each process that builds; none when there is
    no archive."""
    import os
    from functools import partial

    from ..archive.folder import REGISTER, locate

    root = locate(given, os.environ, project_archive)
    if not (root / REGISTER).is_file():
        return None
    from ..archive.sent import guard

    return partial(guard, root)


def _built(outcome: Outcome, reasons: tuple[str, ...], progress: Progress | None = None) -> int:
    """Report one letter of a build; its exit status. With a progress line on the terminal,
    errors and warnings are printed above it and the lines of letters built are not."""
    lines = progress is None or progress.shows_built_lines()  # else not on the terminal
    if progress is not None and (outcome.error is not None or outcome.findings or (
            outcome.built is not None and outcome.built.warnings)):
        progress.clear()  # for what standard error says; the line is drawn again below it
    if outcome.error is not None:
        say(outcome.error.format(), error=True)
        return exit_code(outcome.error)
    built = outcome.built
    if built is not None:
        for warning in built.warnings:
            say(warning.format(), error=True)
        why = f"; {'; '.join(reasons)}" if reasons else ""
        if lines:
            say(f"{built.source} -> {built.output} ({built.pages} "
                f"page{'s' * (built.pages > 1)}, {built.size // 1024} KiB{why})")
        _stale_signed_copy(built.output, progress)
    if outcome.findings is not None and (outcome.findings or lines):
        return report(outcome.source, outcome.output, outcome.findings)
    return OK


def _stale_signed_copy(pdf: Path, progress: Progress | None = None) -> None:
    """Say so when ``LETTER.signed.pdf`` beside a rebuilt ``LETTER.pdf`` was signed from
    another PDF. A signature is an incremental update: a signed copy begins with the very
    bytes that were signed, so it is stale exactly when it does not begin with the new PDF."""
    from ..corrections.records import shown

    signed = pdf.with_name(pdf.stem + ".signed.pdf")
    try:
        with pdf.open("rb") as new, signed.open("rb") as old:
            built = new.read()
            same = old.read(len(built)) == built
    except OSError:  # no signed copy (the usual case), or one that cannot be read
        return
    if not same:
        if progress is not None:
            progress.clear()
        say(f"warning: {shown(signed)} was signed from an earlier {pdf.name}: it does not "
            f"say what the rebuilt letter says; sign it again (letterpress sign {shown(pdf)} "
            "--key KEY.p12)", error=True)


def _orphans(cache: Cache, prune: bool, merged: dict[str, Seen] | None = None) -> None:
    """PDFs whose source (or, for a merge letter, whose recipient) is gone: reported, or
    deleted with --prune."""
    from ..corrections.records import shown

    for orphan in cache.orphans(merged):
        gone = (f"its recipient is gone from the recipients of {shown(orphan.source)}"
                if orphan.row else f"its source {shown(orphan.source)} is gone")
        if prune:
            cache.prune(orphan)
            say(f"{shown(orphan.output)}: deleted, {gone}")
        elif orphan.output.exists():
            say(f"{shown(orphan.output)}: {gone} (--prune deletes the PDF)")
    cache.save()


def _check(args: argparse.Namespace) -> int:
    if args.pdf is None:  # only the PDF: compare it with the source it carries
        from ..pipeline import check_embedded, is_letter_file

        if is_letter_file(args.source):  # by its name or its text, as a folder's letters
            raise LetterpressError(f"usage: letterpress check [SOURCE] PDF\n{args.source}: "
                                   "a letter source needs the PDF to compare it with")
        notes: list[str] = []
        findings = check_embedded(args.source, World(), notes)
        _notes(args.source, notes)
        return report("its embedded source", args.source, findings)
    from ..merge import is_merge_letter

    if args.pdf.is_dir() and is_merge_letter(args.source):
        return _check_merge(args.source, args.pdf, args.recipients)
    from ..pipeline import check

    notes = []
    findings = check(args.source, args.pdf, World(), notes)
    _notes(args.pdf, notes)
    return report(args.source, args.pdf, findings)


def _notes(pdf: Path, notes: list[str]) -> None:
    """What was not checked, said before the verdict (a note is not a difference)."""
    for note in notes:
        say(f"{pdf}: note: {note}")


def _check_merge(source: Path, folder: Path, recipients: Path | None) -> int:
    """Each recipient's PDF in ``folder``: it must carry the very letter merged for its row
    now (else it is out of date), and read back as that letter."""
    from ..check.extract import read_sources
    from ..merge import jobs, merged_text
    from ..pipeline import check_embedded
    from .common import BAD_INPUT, CHECK_FAILED

    world, status = World(), OK
    for item in jobs(source, folder, world, recipients):
        if isinstance(item, tuple):
            say(item[2].format(), error=True)
            status = max(status, BAD_INPUT)
            continue
        pdf, who = item.output, f"recipient {item.row.n} ({item.value('name')})"
        if not pdf.exists():
            say(f"{pdf}: missing: {who} has no letter (letterpress build {source})",
                error=True)
            status = max(status, CHECK_FAILED)
            continue
        if read_sources(pdf).letter.data != merged_text(item, world).encode("utf-8"):
            say(f"{pdf}: it is not the letter {source} makes for {who} now: build it again "
                f"(letterpress build {source})", error=True)
            status = max(status, CHECK_FAILED)
            continue
        notes: list[str] = []
        findings = check_embedded(pdf, world, notes)
        _notes(pdf, notes)
        status = max(status, report("its embedded source", pdf, findings))
    return status


def _import(args: argparse.Namespace) -> int:
    from ..outputs import write_atomically
    from ..parse.dump import dump_letter
    from ..pipeline import load

    world = World()
    loaded = load(args.markdown, world)  # a file is read for what it is, whatever its name
    if loaded.source.format != "markdown":
        raise SourceError(f"{args.markdown}: letterpress import reads Markdown letters; this "
                          "is a YAML letter already",
                          hint="a YAML letter is built as it is: letterpress build "
                          f"{args.markdown}")
    for warning in loaded.read_warnings:  # what the YAML will say otherwise (build lints it)
        say(warning.format(), error=True)
    text = dump_letter(link_members(args, loaded.letter, world))
    if args.output:
        write_atomically(args.output, text.encode("utf-8"), inputs=loaded.dependencies)
        say(f"{args.markdown} -> {args.output}")
    else:
        emit(text)
    return OK


def _schema(args: argparse.Namespace) -> int:
    import json

    from ..parse.yaml_source import json_schema

    emit(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return OK


# --- watch ------------------------------------------------------------------------------------

def _letters_and_output(parser: argparse.ArgumentParser) -> None:
    """The arguments build and watch share: which letters, where to, how strictly."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="letter files or folders (default: the project's source folder, "
                   "else source/)")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT",
                        help="output folder, or a .pdf file for a single letter "
                        "(default: the project's output folder, else output/)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def _watch_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    w = sub.add_parser("watch", help="build letters again on every save",
                       description="Build the letters of PATH (as build does), then again "
                       "each letter a saved file affects, until Ctrl-C. A save that breaks a "
                       "letter is reported and its last good PDF kept.")
    _letters_and_output(w)


def _watch(args: argparse.Namespace) -> int:
    from ..corrections.records import shown
    from ..corrections.watch import Watcher, watch
    from . import project

    here = project.find()
    watcher = Watcher(project.letter_paths(args.paths, here), args.output or here.output, World(),
                      strict=args.strict)
    if watcher.cache.notice:
        say(watcher.cache.notice, error=True)
    told: set[Path] = set()

    def ready(roots: tuple[Path, ...]) -> None:
        say(f"watching {', '.join(shown(r) for r in roots)} (Ctrl-C stops)")

    try:
        for done in watch(watcher, ready=ready):
            if done.notice:
                say(done.notice)
            if done.error is not None:
                say(done.error.format(), error=True)
            for outcome, reasons in done.built:
                _built(outcome, reasons)
            for orphan in done.orphans:
                if orphan.output not in told and orphan.output.exists():
                    say(f"{shown(orphan.output)}: its source {shown(orphan.source)} is gone "
                         "(letterpress build --prune deletes the PDF)")
                told.add(orphan.output)
    except KeyboardInterrupt:  # the way to stop watching: not a failure
        say("stopped")
    return OK


COMMANDS = {"build": _build, "check": _check, "import": _import, "schema": _schema,
            "watch": _watch}
