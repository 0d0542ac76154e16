"""letterpress.batch: any picklable jobs through a pool of worker processes, results in the
jobs' order, the job iterator read lazily, failures kept to their job."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from itertools import islice
from pathlib import Path

import pytest
from helpers import REPO, SAMPLE
from helpers.batch_jobs import (
    FAULTY,
    KILLER,
    Counted,
    fail_on_three,
    failed,
    kill_first_late,
    kill_on_five,
    odd_results,
    square,
    where,
)

from letterpress.batch import AHEAD, CHUNK, POOL_FROM, run, usable_cores
from letterpress.world import World


@pytest.mark.slow
def test_results_come_in_the_order_of_the_jobs() -> None:
    jobs = list(range(100))
    assert list(run(jobs, square, 2, failed=failed)) == [n * n for n in jobs]


def test_the_jobs_are_shared_among_the_workers_each_with_one_world() -> None:
    done = list(run(range(200), where, 2, failed=failed))
    pids = {pid for pid, _ in done}
    assert os.getpid() not in pids
    assert len(pids) == 2
    for pid in pids:  # a worker makes its world once, whatever the number of its jobs
        assert len({world for p, world in done if p == pid}) == 1


def test_a_handful_of_jobs_or_one_worker_runs_here() -> None:
    here = World()
    few = list(run(range(POOL_FROM - 1), where, 2, failed=failed, world=here))
    alone = list(run(range(50), where, 1, failed=failed, world=here))
    assert set(few) == set(alone) == {(os.getpid(), id(here))}


def test_the_jobs_are_read_as_the_workers_need_them() -> None:
    jobs = Counted(10_000)
    results = run(jobs, square, 2, failed=failed)
    try:
        assert list(islice(results, 10)) == [n * n for n in range(10)]
        # beyond those yielded, at most AHEAD chunks a worker (and the chunk being sent)
        assert jobs.taken <= 10 + (AHEAD * 2 + 1) * CHUNK
    finally:
        results.close()  # type: ignore[attr-defined]
    assert multiprocessing.active_children() == []  # closing early stops the workers


def test_a_job_that_raises_fails_alone() -> None:
    done = list(run(range(20), fail_on_three, 2, failed=failed))
    assert done[FAULTY] == f"{FAULTY} failed: letterpress failed on it: ValueError: three is " \
        "not wanted"
    assert [d for n, d in enumerate(done) if n != FAULTY] == [
        n for n in range(20) if n != FAULTY]


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_a_killed_worker_fails_its_job_and_the_others_are_done() -> None:
    done = list(run(range(40), kill_on_five, 2, failed=failed))
    assert done[KILLER] == f"{KILLER} failed: the worker process doing it was stopped (SIGKILL)"
    assert [d for n, d in enumerate(done) if n != KILLER] == [
        n for n in range(40) if n != KILLER]
    assert multiprocessing.active_children() == []


def test_usable_cores_are_those_this_process_may_run_on() -> None:
    assert usable_cores() == len(os.sched_getaffinity(0))


@pytest.mark.slow
def test_building_one_letter_starts_no_pool(tmp_path: Path) -> None:
    """A single letter pays for no pool: multiprocessing is not even imported."""
    code = ("import sys; from letterpress.cli import main; "
            f"main(['build', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'x.pdf')!r}, '--force']); "
            "print('multiprocessing' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(REPO / "src")}, cwd=tmp_path,
                         timeout=120)
    assert (tmp_path / "x.pdf").is_file()
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_a_result_that_cannot_travel_fails_its_job_alone() -> None:
    done = list(run(range(12), odd_results, 2, failed=failed))
    assert done[2].startswith("2 failed: letterpress failed on it: ")
    assert done[4] == ("4 failed: letterpress failed on it: ValueError: this result cannot be "
                       "read here")
    assert [d for n, d in enumerate(done) if n not in (2, 4)] == [
        n for n in range(12) if n not in (2, 4)]


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_the_jobs_of_a_killed_worker_are_done_when_the_others_ran_ahead() -> None:
    """Job 0's worker dies after the other worker has done every job it may run ahead:
    the dead worker's other jobs are sent again all the same."""
    done = list(run(range(100), kill_first_late, 2, failed=failed))
    assert done[0] == "0 failed: the worker process doing it was stopped (SIGKILL)"
    assert done[1:] == list(range(1, 100))
    assert multiprocessing.active_children() == []
