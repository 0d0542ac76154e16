"""A batch's progress on the terminal: one line, rewritten in place.

When standard error is a terminal and there is more than one letter, ``letterpress build``
shows one line (letters done of the total, a bar, the rate and the time left) instead of a
line a letter; errors and warnings are still printed in full, above it. The lines of letters
built go to standard output only when it is not that terminal too (a file, a pipe). When
standard error is not a terminal, nothing changes: the plain lines, one a letter.

A carriage return and the terminal's "erase to the end of the line" are all it needs, so it
is written with the standard library: no dependency, and nothing added to a build's start.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "drawn"]

REDRAW = 0.1  # seconds between two drawings of the line (a letter takes about 15 ms)
BAR = 24  # characters of the bar


class Progress:
    """Counts the letters of a batch and, when ``active``, draws the line on ``stream``."""

    def __init__(self, total: int, *, active: bool, built_lines: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.active, self.built_lines = total, active, built_lines
        self.done = self.failed = 0
        self.clock = clock
        self.started = clock()
        self.drawn_at: float | None = None
        self.shown = False  # whether the line is on the terminal now

    @classmethod
    def for_terminal(cls, total: int) -> Progress:
        """A progress line if standard error is a terminal and there are several letters;
        otherwise one that draws nothing."""
        active = total > 1 and drawn()
        return cls(total, active=active, built_lines=not (active and _is_terminal(sys.stdout)))

    def shows_built_lines(self) -> bool:
        """Whether the line of each letter built is printed (not when this line stands for
        them on the same terminal)."""
        return self.built_lines

    def clear(self) -> None:
        """Take the line off the terminal, so that a message can be printed in its place."""
        if self.shown:
            self._write("\r\x1b[K")
            self.shown = False

    def advance(self, *, failed: bool = False) -> None:
        """One more letter done; the line drawn again (at most ten times a second)."""
        self.done += 1
        self.failed += failed
        if not self.active:
            return
        now = self.clock()
        if (not self.shown or self.drawn_at is None or now - self.drawn_at >= REDRAW
                or self.done == self.total):
            self.drawn_at = now
            self._write("\r\x1b[K" + self.line(now))
            self.shown = True

    def line(self, now: float) -> str:
        """What the line says at ``now``: done of total, a bar, the rate and the time left."""
        width = shutil.get_terminal_size((80, 24)).columns - 1
        share = self.done / self.total if self.total else 1.0
        filled = round(share * BAR)
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        text = (f"{self.done}/{self.total} letters [{'#' * filled}{'.' * (BAR - filled)}] "
                f"{share:4.0%}  {rate:.1f}/s  {_duration(left)} left")
        if self.failed:
            text += f"  {self.failed} failed"
        return text[:width]

    def finish(self) -> None:
        """The line replaced by what the batch came to (when it was shown at all)."""
        if not self.active:
            return
        self.clear()
        if self.done:
            elapsed = self.clock() - self.started
            failed = f", {self.failed} failed" if self.failed else ""
            self._write(f"{self.done} of {self.total} letters in {_duration(elapsed)}"
                        f"{failed}\n")

    def _write(self, text: str) -> None:
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except (OSError, ValueError):  # nobody reads it any more: the work goes on
            self.active = self.shown = False


def drawn() -> bool:
    """Whether a progress line would be drawn at all (standard error is a terminal): what
    its total costs to know (a merge's rows counted) is paid only then."""
    return _is_terminal(sys.stderr)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"
