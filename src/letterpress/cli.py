"""The command line: argument parsing, printing and exit codes, nothing else.

Exit codes: 0 ok, 1 a check found differences, 2 bad input (nothing written).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

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
                       "in order, with SOURCE. Exit 0 when they agree, 1 when they differ.")
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
    _add_signing(sub)
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


COMMANDS = {"build": _build, "check": _check, "import": _import, "schema": _schema,
            "sign": _sign, "verify": _verify}
