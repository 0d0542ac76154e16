"""Work functions for letterpress.batch's pool, at module level so that a worker process
can be given them: each takes (job, world) as pipeline.build_one does."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

from letterpress.world import World

KILLER = 5  # the job whose worker kill_on_five kills
FAULTY = 3  # the job on which fail_on_three raises


def square(job: int, world: World) -> int:
    """The job's square; the even jobs take a little longer, so that the workers finish
    out of the jobs' order."""
    if job % 2 == 0:
        time.sleep(0.002)
    return job * job


def where(job: int, world: World) -> tuple[int, int]:
    """The process that did the job, and the world it was given there."""
    return os.getpid(), id(world)


def fail_on_three(job: int, world: World) -> int:
    if job == FAULTY:
        raise ValueError("three is not wanted")
    return job


def kill_on_five(job: int, world: World) -> int:
    """The worker doing job 5 is killed, as the out-of-memory killer would."""
    if job == KILLER:
        os.kill(os.getpid(), signal.SIGKILL)
    return job


def failed(job: int, reason: str) -> str:
    return f"{job} failed: {reason}"


class Counted:
    """The numbers 0 .. total-1, counting how many were taken."""

    def __init__(self, total: int) -> None:
        self.total, self.taken = total, 0

    def __iter__(self) -> Iterator[int]:
        for n in range(self.total):
            self.taken += 1
            yield n


def refuse() -> None:
    raise ValueError("this result cannot be read here")


class OneWay:
    """A value that pickles, and cannot be unpickled."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return refuse, ()


def odd_results(job: int, world: World) -> object:
    """Job 2's result cannot be sent (a function made here pickles by name, and has none);
    job 4's cannot be read back."""
    if job == 2:
        return lambda: job
    if job == 4:
        return OneWay()
    return job


def kill_first_late(job: int, world: World) -> int:
    """The worker doing job 0 is killed after the other has done all it may run ahead."""
    if job == 0:
        time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGKILL)
    return job
