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

    findings = check(source, pdf)
    if not findings:
        _say(f"{pdf}: every field of {source} reads back as written")
        return OK
    for finding in findings:
        _say(finding.format(), error=True)  # type: ignore[attr-defined]
    _say(f"{pdf}: {len(findings)} difference(s) from {source}", error=True)
    return CHECK_FAILED


def _check(args: argparse.Namespace) -> int:
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


COMMANDS = {"build": _build, "check": _check, "import": _import, "schema": _schema}
