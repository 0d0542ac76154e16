"""Many jobs on every core: a pool of worker processes fed lazily from a job iterator.

:func:`run` applies a module-level function ``work(job, world)`` to each job of an iterable
and yields the results **in the order of the jobs**, whichever worker finished first, so a
batch prints, and records, the same whatever the number of workers. ``pipeline.build_one``
over (source, output) pairs is its first user; any picklable jobs and any picklable function
(a module-level one, or a :func:`functools.partial` of one) run through it the same way.

- **Start-up is paid once a worker.** Each worker makes its :class:`~letterpress.world.World`
  once (fonts and hyphenation dictionaries are loaded on first use and kept), then takes
  jobs in chunks of :data:`CHUNK` until there are none left.
- **Lazily.** Jobs are taken from the iterable only as workers need them (two chunks ahead
  of each), and results are held only until the earlier ones are in (at most :data:`AHEAD`
  chunks a worker, taken and held together): memory stays flat however many jobs there
  are. A job much slower than the others holds the others back once that many are done.
- **A handful of jobs pays for no pool.** Fewer than :data:`POOL_FROM` jobs (or ``workers``
  of 1) run here, one after the other, in the caller's world.
- **Failures stay with their job.** An exception inside ``work`` (beyond the errors ``work``
  turns into results itself), or a worker that dies (killed, out of memory), becomes
  ``failed(job, reason)`` for the job it was doing; its other jobs go to another worker,
  and a new worker takes its place. Nothing waits for a process that is gone.
- **Stopping is clean.** Workers ignore Ctrl-C (the terminal sends it to every process of
  the group): the caller is interrupted, and when the iteration ends, normally or not,
  every worker is stopped and collected. SIGTERM raises inside a worker, so that a file
  being written (``outputs.write_atomically``) is removed rather than left half written.

Workers are forked where the system can (Linux): a forked worker starts in a few
milliseconds with letterpress already imported, where a spawned one imports it anew (about
a third of a second). A process with other threads running is not forked (a lock held by a
thread would stay held in the child forever): workers are then spawned.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .world import World

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

__all__ = ["AHEAD", "CHUNK", "POOL_FROM", "run", "usable_cores"]

J = TypeVar("J")
R = TypeVar("R")

# Jobs sent to a worker at a time: one message instead of eight; small enough that the
# workers finish together at the end of a batch.
CHUNK = 8
# Chunks a worker may have taken beyond the results yielded, answered or not: two to work
# on, two more of answers held for an earlier job still being done. Bounds the jobs read
# ahead and the results held, whatever the number of jobs.
AHEAD = 4
# Below this many jobs the work is done in this process: a pool's start (a fork a worker,
# each loading its fonts) costs about what two letters do (docs/benchmarks.md).
POOL_FROM = 4
STOP_WAIT = 5.0  # seconds a stopped worker is given to leave before it is killed


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run(jobs: Iterable[J], work: Callable[[J, World], R], workers: int, *,
        failed: Callable[[J, str], R], world: World | None = None,
        make_world: Callable[[], World] = World, chunk: int = CHUNK) -> Iterator[R]:
    """``work(job, world)`` for each of ``jobs``, in their order, on ``workers`` processes
    (see the module docstring). ``world`` serves the jobs run here (a new one if None);
    each worker makes its own with ``make_world``. ``failed(job, reason)`` stands for the
    result of a job whose ``work`` raised or whose worker died."""
    source = iter(jobs)
    first = list(islice(source, POOL_FROM if workers > 1 else 1))
    if workers <= 1 or len(first) < POOL_FROM:
        here = world if world is not None else make_world()
        for job in first:
            yield work(job, here)
        for job in source:
            yield work(job, here)
        return
    pool = _Pool(workers, work, make_world, failed, max(1, chunk))
    yield from pool.results(_chain(first, source))


def _chain(first: list[J], rest: Iterator[J]) -> Iterator[J]:
    yield from first
    yield from rest


# --- the pool ----------------------------------------------------------------------------------

@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    pending: deque[int] = field(default_factory=deque)  # jobs sent, in order, unanswered


class _Pool(Generic[J, R]):
    def __init__(self, workers: int, work: Callable[[J, World], R],
                 make_world: Callable[[], World], failed: Callable[[J, str], R],
                 chunk: int) -> None:
        self.size, self.work, self.make_world = workers, work, make_world
        self.failed, self.chunk = failed, chunk
        self.workers: list[_Worker] = []
        self.jobs: dict[int, J] = {}  # taken from the iterable, not yet answered
        self.again: deque[int] = deque()  # jobs of a dead worker, to send to another
        self.done: dict[int, R] = {}  # answered, waiting for an earlier job

    def results(self, jobs: Iterator[J]) -> Iterator[R]:
        numbered = enumerate(jobs)
        exhausted, following = False, 0
        try:
            for _ in range(self.size):
                self.workers.append(self._start())
            while True:
                for worker in self.workers:
                    exhausted = self._feed(worker, numbered, exhausted)
                while following in self.done:
                    yield self.done.pop(following)
                    following += 1
                if not any(worker.pending for worker in self.workers):
                    if exhausted and not self.again:
                        return
                    continue  # the results held were yielded: there is room to feed again
                self._collect()
        finally:
            self._stop()

    def _start(self) -> _Worker:
        context = _context()
        mine, theirs = context.Pipe(duplex=True)
        # A forked worker holds a copy of every pipe end this process has open: it closes
        # the others' (a worker sees its input end only when every copy of the other end is
        # closed, the parent's included, when the parent dies).
        others = [mine, *(w.conn for w in self.workers)] if context.get_start_method() == \
            "fork" else []
        process = context.Process(target=_serve, name="letterpress-worker",
                                  args=(theirs, self.work, self.make_world, others))
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def _feed(self, worker: _Worker, numbered: Iterator[tuple[int, J]],
              exhausted: bool) -> bool:
        """Keep two chunks ahead in ``worker``: the jobs of a dead worker first, then new
        ones while fewer than AHEAD chunks a worker are held in all; whether the iterable
        is used up."""
        held = AHEAD * self.size * self.chunk
        while len(worker.pending) < 2 * self.chunk:
            batch: list[tuple[int, J]] = []
            while self.again and len(batch) < self.chunk:
                number = self.again.popleft()
                batch.append((number, self.jobs[number]))
            while (not exhausted and len(batch) < self.chunk
                   and len(self.jobs) + len(self.done) < held):
                taken = next(numbered, None)
                if taken is None:
                    exhausted = True
                else:
                    self.jobs[taken[0]] = taken[1]
                    batch.append(taken)
            if not batch:
                break
            try:
                worker.conn.send(batch)
            except OSError:  # it died: its end says so (_collect); the jobs go elsewhere
                self.again.extendleft(reversed([number for number, _ in batch]))
                break
            worker.pending.extend(number for number, _ in batch)
        return exhausted

    def _collect(self) -> None:
        """Wait for an answer or a worker's end; take every answer there is."""
        from multiprocessing.connection import wait

        owners: dict[object, tuple[_Worker, bool]] = {}  # what is waited on: whose, an end?
        for worker in self.workers:
            if worker.pending:
                owners[worker.conn] = (worker, False)
            owners[worker.process.sentinel] = (worker, True)
        ready = [owners[item] for item in wait(list(owners))]  # type: ignore[arg-type]
        for worker, _ in ready:  # the answers first, then the ends (answers sent before)
            if worker in self.workers:
                self._answers(worker)
        for worker, ended in ready:
            if ended and worker in self.workers:
                self._answers(worker)
                self._dead(worker)

    def _answers(self, worker: _Worker) -> None:
        try:
            while worker.pending and worker.conn.poll():
                number = worker.pending[0]  # a worker answers its jobs in order
                try:
                    _, ok, value = worker.conn.recv()
                except (EOFError, OSError):
                    raise
                except Exception as exc:  # sent whole, but not to be unpickled here
                    ok, value = False, _fault(exc)
                worker.pending.popleft()
                job = self.jobs.pop(number)
                self.done[number] = value if ok else self.failed(job, value)
        except (EOFError, OSError):
            pass  # it died: its sentinel says so too

    def _dead(self, worker: _Worker) -> None:
        """The worker is gone: the job it was doing failed, the others go elsewhere."""
        worker.process.join()
        worker.conn.close()
        self.workers.remove(worker)
        if worker.pending:
            number = worker.pending.popleft()
            job = self.jobs.pop(number)
            self.done[number] = self.failed(job, _how_it_ended(worker.process.exitcode))
            self.again.extendleft(reversed(worker.pending))
        if self.jobs or self.again:
            self.workers.append(self._start())

    def _stop(self) -> None:
        """Every worker asked to leave (the input closed: done; SIGTERM: interrupted), then
        collected; one that does not leave in time is killed."""
        for worker in self.workers:
            if worker.pending:
                worker.process.terminate()
            else:
                with suppress(OSError):
                    worker.conn.send(None)  # no more jobs
            worker.conn.close()
        for worker in self.workers:
            worker.process.join(STOP_WAIT)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        self.workers.clear()


def _context() -> Any:
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _how_it_ended(code: int | None) -> str:
    import signal

    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the worker process doing it was stopped ({name})"
    return f"the worker process doing it ended (exit status {code})"


class _Stopped(BaseException):
    """SIGTERM in a worker: raised where it is, so that a file being written is removed."""


def _stopped(signum: int, frame: object) -> None:
    raise _Stopped


def _serve(conn: Connection, work: Callable[[Any, World], Any],
           make_world: Callable[[], World], others: list[Connection]) -> None:
    """A worker: one World, then chunks of jobs until told to stop (None) or the input
    closes. Each answer is (number, True, result) or (number, False, why it failed)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, _stopped)
    for other in others:
        other.close()
    try:
        world = make_world()
        while True:
            try:
                batch = conn.recv()
            except (EOFError, OSError):
                return
            if batch is None:
                return
            for number, job in batch:
                try:
                    answer = (number, True, work(job, world))
                except Exception as exc:  # a fault of the work: this job's, not the batch's
                    answer = (number, False, _fault(exc))
                try:
                    conn.send(answer)
                except (BrokenPipeError, EOFError):
                    return
                except Exception as exc:  # a result that cannot be sent back
                    conn.send((number, False, _fault(exc)))
    except _Stopped:
        return


def _fault(exc: BaseException) -> str:
    return f"letterpress failed on it: {type(exc).__name__}: {exc}"
