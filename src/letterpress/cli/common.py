"""What every command shares: its exit code, the one table from error family to exit code,
and how it speaks: a report line (lost, not fatal, when nobody reads it) or the product it
writes to standard output."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import (
    FontError,
    LayoutError,
    LetterpressError,
    NotProven,
    ReadbackError,
    RenderError,
    ScanError,
    SourceError,
    WriteError,
)

OK, CHECK_FAILED, BAD_INPUT, CANNOT_WRITE, INTERNAL = 0, 1, 2, 3, 4
INTERRUPTED, TERMINATED = 130, 143
# The most specific class of an error decides; LetterpressError itself is bad input.
EXIT_CODES: dict[type[LetterpressError], int] = {
    SourceError: BAD_INPUT, LayoutError: BAD_INPUT, ReadbackError: BAD_INPUT,
    WriteError: CANNOT_WRITE, FontError: INTERNAL, RenderError: INTERNAL,
    NotProven: CHECK_FAILED, ScanError: BAD_INPUT, LetterpressError: BAD_INPUT,
}


def exit_code(error: LetterpressError) -> int:
    return next(EXIT_CODES[kind] for kind in type(error).__mro__ if kind in EXIT_CODES)


def say(text: str, *, error: bool = False) -> None:
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


def emit(text: str) -> None:
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


def report(source: Path | str, pdf: Path, findings: tuple[object, ...]) -> int:
    if not findings:
        say(f"{pdf}: every field of {source} reads back as written")
        return OK
    for finding in findings:
        say(finding.format(), error=True)  # type: ignore[attr-defined]
    say(f"{pdf}: {len(findings)} difference(s) from {source}", error=True)
    return CHECK_FAILED
