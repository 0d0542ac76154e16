"""Child processes in tests, every wait on them bounded.

A test that starts a process and then waits for a line, a signal's effect or its end must fail
when the child never answers, never hang: ``subprocess.Popen`` used as a context manager waits
for the child without a limit when the block raises, and ``readline()`` on its pipe blocks for
as long as the child is silent. :class:`Child` reads the child's output in threads and waits
with a limit everywhere; a child still running when the block ends is killed.
"""

from __future__ import annotations

import queue
import signal
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import pytest

TIMEOUT = 60.0  # seconds for a child to answer on a loaded machine; never a measured figure


def _interruptible() -> None:
    # A shell that runs commands in the background (or CI's runner) starts them with SIGINT
    # ignored, and Python then installs no KeyboardInterrupt handler: Ctrl-C could not be
    # tested. The child gets the default action back, as a terminal's foreground job has it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Child:
    """A process whose standard output is read line by line and standard error whole, in
    threads, so that no read blocks the test. ``with Child(...) as child:`` kills it at the end
    of the block if it is still running."""

    def __init__(self, args: Sequence[str], *, cwd: Path | None = None,
                 env: dict[str, str] | None = None, read_stdout: bool = True) -> None:
        self.process = subprocess.Popen(
            list(args), cwd=cwd, env=env, text=True, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_interruptible)
        assert self.process.stdout is not None and self.process.stderr is not None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._errors: list[str] = []
        self._readers = [threading.Thread(target=self._read_errors, daemon=True)]
        if read_stdout:
            self._readers.append(threading.Thread(target=self._read_lines, daemon=True))
        else:
            self.process.stdout.close()  # nobody reads what it prints
        for reader in self._readers:
            reader.start()

    def _read_lines(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        self._errors.append(self.process.stderr.read())

    def line(self, timeout: float = TIMEOUT) -> str:
        """The next line the child prints; the test fails if none comes within ``timeout``
        seconds or the child closes its output first."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"the child printed no line within {timeout} s")
        if line is None:
            pytest.fail(f"the child closed its output; it wrote to stderr: {self.stderr()!r}")
        return line

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def finish(self, timeout: float = TIMEOUT) -> tuple[int, str, str]:
        """Wait for the end (killing the child and failing the test after ``timeout``
        seconds); its exit code, the lines it printed that no :meth:`line` took, and its
        standard error."""
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=timeout)
            pytest.fail(f"the child was still running after {timeout} s and was killed")
        for reader in self._readers:
            reader.join(timeout)
        rest = []
        while not self._lines.empty():
            line = self._lines.get_nowait()
            if line is not None:
                rest.append(line)
        return code, "".join(rest), self.stderr()

    def stderr(self) -> str:
        return "".join(self._errors)

    def __enter__(self) -> Child:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
        for reader in self._readers:
            reader.join(TIMEOUT)  # a killed child's pipes end at once
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None and not stream.closed:
                stream.close()
