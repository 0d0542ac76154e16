"""The command line: argument parsing, printing and exit codes, nothing else.

Exit codes (the one table, :data:`.common.EXIT_CODES`): 0 ok, 1 a check found differences,
2 bad input (nothing written), 3 an output could not be written (nothing lost), 4 letterpress
itself failed (its fonts are missing, the PDF writer failed), 130 interrupted, 143
terminated. Exit codes never depend on whether anyone reads the output: a closed standard
stream loses the report, not the work.

This module parses the arguments and runs a command; each area's subcommands and their
handlers live in a module of their own (:mod:`.letters`, :mod:`.corrections`,
:mod:`.signing`, :mod:`.archive`), and :mod:`.common` holds what they share.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import warnings
from types import FrameType

from ..errors import LetterpressError
from . import archive, corrections, letters, signing, start
from .common import (
    BAD_INPUT,
    CHECK_FAILED,
    EXIT_CODES,
    INTERRUPTED,
    OK,
    TERMINATED,
    emit,
    exit_code,
    say,
)

__all__ = ["BAD_INPUT", "CHECK_FAILED", "COMMANDS", "EXIT_CODES", "OK", "Terminated", "emit",
           "exit_code", "main", "overview", "parser", "run", "say"]

# Commands after which nothing is left to flush but the standard streams: they may leave
# without tearing the interpreter down (see run).
FAST_EXIT = frozenset({"build", "check", "import", "init", "schema"})


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so that files being written are cleaned up."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


DESCRIPTION = "Typeset structured letters into letterhead PDFs and prove their text."


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line: every command, its arguments and their help. Given the
    ``command`` being run (one of COMMANDS), only the commands of its area: the others'
    arguments would never be read, and making them all costs a cold build a few ms."""
    from .. import __version__

    top = argparse.ArgumentParser(prog="letterpress", description=DESCRIPTION,
                                  epilog="`letterpress COMMAND --help` tells more of each.")
    top.add_argument("--version", action="version", version=f"letterpress {__version__}",
                     help="print letterpress's version and exit")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for area in (start, letters, corrections, signing, archive):
        if command not in COMMANDS or command in area.COMMANDS:
            area.add_parsers(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    _open_closed_streams()
    args_given = sys.argv[1:] if argv is None else argv
    usage = archive.action_help(args_given)  # `archive list --help`: list's own usage
    if usage is not None:
        say(usage.rstrip("\n"))
        return OK
    top = parser(_command(args_given))
    try:
        args = top.parse_args(args_given)
    except SystemExit as exc:  # argparse's usage errors (2), --help and --version (0)
        return exc.code if isinstance(exc.code, int) else BAD_INPUT
    if args.command is None:
        say(overview(top))
        return OK
    try:
        return int(COMMANDS[args.command](args))
    except LetterpressError as exc:
        say(exc.format(), error=True)
        return exit_code(exc)
    except KeyboardInterrupt:
        return INTERRUPTED
    except Terminated:
        return TERMINATED


def overview(top: argparse.ArgumentParser) -> str:
    """What ``letterpress`` alone prints: what it is, where it works, its commands."""
    from . import project

    try:
        here = project.find()
        where = (f"Project: {here.file} (letters in {here.source}/, PDFs in {here.output}/)"
                 if here.file else f"No project here ({project.NO_PROJECT}): "
                 "`letterpress init DIR` starts one.")
    except LetterpressError as exc:
        where = exc.format()
    commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    lines = [f"letterpress: {DESCRIPTION[0].lower()}{DESCRIPTION[1:]}", "", where, "",
             "Commands:"]
    width = max(len(name) for name in commands.choices)
    for choice in commands._choices_actions:
        lines.append(f"  {choice.dest:<{width}}  {choice.help}")
    lines += ["", "`letterpress COMMAND --help` tells more of each; `letterpress --version`."]
    return "\n".join(lines)


def _command(args: list[str]) -> str:
    """The command named in ``args`` (the first word that is no option), or ""."""
    return next((a for a in args if not a.startswith("-")), "")


def _open_closed_streams() -> None:
    """A standard stream that was closed when the process started is None in Python; what
    would go there goes nowhere instead."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (for the rest of the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115


def run() -> None:  # never returns (typing's NoReturn would cost an import)
    """The ``letterpress`` command: main(), then leave.

    Tearing down the interpreter (freeing every module and object one by one) costs a build
    about a sixth of its time; the operating system frees a process faster. After the
    commands in FAST_EXIT every file written is closed and only the standard streams need
    flushing, so they leave at once; the others (which may hold a database open) exit
    normally, running every finalizer.
    """
    signal.signal(signal.SIGTERM, _terminate)
    _silence_libraries()
    code = main()
    _flush()
    if _command(sys.argv[1:]) in FAST_EXIT:
        os._exit(code)
    sys.exit(code)


def _silence_libraries() -> None:
    """Python warnings are for the programmers of the library that raises them (pyHanko's use
    of a cryptography API that is going away, say), not for the person running a command:
    none is printed, unless Python was asked for them with -W or PYTHONWARNINGS.

    letterpress's own warnings about a letter are diagnostics (``FILE:LINE:COLUMN: FIELD:
    message``, printed by the commands), never Python warnings, so none of them is lost here.
    The test suite, which calls :func:`main`, still turns every warning letterpress's own code
    causes into an error (pyproject.toml).
    """
    if not sys.warnoptions:
        warnings.simplefilter("ignore")


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()


COMMANDS = {**start.COMMANDS, **letters.COMMANDS, **corrections.COMMANDS, **signing.COMMANDS,
            **archive.COMMANDS}
