"""One step of work done in a second process while this one does another.

`check` reads a PDF twice, independently: its text layer with pypdf and what a reader sees
with PDFium. Both are CPU-bound Python, so threads would take turns under the GIL; a forked
process runs PDFium's part on the other core. The result is the same as calling the function
here: when anything about the second process fails (no fork on this system, other threads
running that a fork would leave stranded, the function raising, a result that cannot be sent
back), the function is simply called again in this process, which raises what it raises.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Aside(Generic[T]):
    """``function(*args)`` running in a forked process (or, failing that, to be run here)."""

    def __init__(self, function: Callable[..., T], args: tuple[Any, ...]) -> None:
        self.function, self.args = function, args
        self.process: Any = None
        self.receive: Connection | None = None
        if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
            receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
            self.process = multiprocessing.get_context("fork").Process(
                target=_run, args=(send, function, args), daemon=True)
            self.process.start()
            send.close()
            self.receive = receive

    def result(self) -> T:
        """What the function returned (waiting for the second process), or what it raises."""
        if self.receive is not None:
            try:
                done, value = self.receive.recv()
                if done:
                    return value  # type: ignore[no-any-return]
            except (EOFError, OSError):
                pass  # the process died or could not send: do the work here
            finally:
                self.stop()
        return self.function(*self.args)

    def stop(self) -> None:
        """End the second process if it still runs, and collect it."""
        if self.receive is not None:
            self.receive.close()
            self.receive = None
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
            self.process = None


@contextmanager
def aside(function: Callable[..., T], *args: Any) -> Iterator[Aside[T]]:
    """Start ``function(*args)`` in a second process; it is stopped when the block is left."""
    work = Aside(function, args)
    try:
        yield work
    finally:
        work.stop()


def _run(send: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the second process: the function's result, or word that the parent must do the work
    (it then raises the function's own error). Nothing is printed: a parent that has gone
    (killed, interrupted) is no reason for a traceback."""
    try:
        message = (True, function(*args))
    except BaseException:  # the parent calls the function itself and raises what it raises
        message = (False, None)
    try:
        send.send(message)
    except Exception:  # a result that does not pickle, or a parent no longer listening
        with suppress(Exception):
            send.send((False, None))
    finally:
        send.close()
