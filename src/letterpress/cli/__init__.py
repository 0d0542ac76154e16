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
from . import archive, corrections, letters, signing
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
           "exit_code", "main", "run", "say"]

# Commands after which nothing is left to flush but the standard streams: they may leave
# without tearing the interpreter down (see run).
FAST_EXIT = frozenset({"build", "check", "import", "schema"})


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so that files being written are cleaned up."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="letterpress",
        description="Typeset structured letters into letterhead PDFs and prove their text.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in (letters, corrections, signing, archive):
        area.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    _open_closed_streams()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse's usage errors (2) and --help (0)
        return exc.code if isinstance(exc.code, int) else BAD_INPUT
    if args.command is None:
        say(parser.format_help().rstrip("\n"), error=True)
        return BAD_INPUT
    try:
        return int(COMMANDS[args.command](args))
    except LetterpressError as exc:
        say(exc.format(), error=True)
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
    command = next((a for a in sys.argv[1:] if not a.startswith("-")), "")
    if command in FAST_EXIT:
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


COMMANDS = {**letters.COMMANDS, **corrections.COMMANDS, **signing.COMMANDS,
            **archive.COMMANDS}
