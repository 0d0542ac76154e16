"""Every benchmark figure of letterpress in one run, compared with bench/BASELINE.md.

    pip install -c requirements.lock -e ".[bench]"   # Typst, for the cold-build ratio
    python bench/run.py                    # all figures; exit 1 on a regression
    python bench/run.py --quick            # fewer repetitions, smaller batches
    python bench/run.py --write-baseline   # make these figures the new baseline (on purpose)

Each printed line is one figure: its key, value and unit, what it measures (a real build, a
no-op, a batch), the issue's target where there is one, and how it stands against the
baseline. A figure more than 20 % above its baseline is a regression: the script says which
and exits 1 (the test suite never asserts a timing). Figures come from bench/cold.py (a cold
build beside Typst, and one process building again), a no-op build (the incremental cache
finding the sample up to date: reported as such, never as a build), the peak memory of a
build process, bench/batch.py (copies of the sample, each its own reference, built on one
process, then on two; then a thousand letters that differ, on two) and bench/merge.py (a
merge letter to many recipients, on two).
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from batch import batch_figures  # noqa: E402
from cold import SAMPLE, cold_figures, in_process_figures, typst_or_none  # noqa: E402
from figures import Figure, compare, fresh, read_baseline, write_baseline  # noqa: E402
from merge import merge_figures  # noqa: E402


def letterpress() -> list[str]:
    exe = shutil.which("letterpress")
    return [exe] if exe else [sys.executable, "-m", "letterpress"]


def _run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def noop_figures(runs: int, out: Path) -> list[Figure]:
    """A build that finds the sample's PDF up to date: what an unchanged letter costs on the
    next `letterpress build` (hashing its inputs and its PDF), not a build."""
    command = [*letterpress(), "build", str(SAMPLE), "-o", str(out / "noop.pdf")]
    _run(command)  # built once; every run after it is the no-op measured
    median = statistics.median(_run(command) for _ in range(runs))
    return [Figure("noop.letterpress", median * 1000, "ms",
                   f"a new process finding the sample up to date (a no-op: nothing built; "
                   f"median of {runs})")]


def memory_figures(out: Path) -> list[Figure]:
    """The peak resident memory of one process building the sample."""
    script = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
              "stdout=subprocess.DEVNULL); "
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run(fresh([sys.executable, "-c", script, *letterpress(), "build",
                                 str(SAMPLE), "-o", str(out / "memory.pdf"), "--force"]),
                          check=True, capture_output=True, text=True)
    return [Figure("memory.build", int(done.stdout.split()[-1]) / 1024, "MiB",
                   "peak memory of a process building the sample (--force)")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--huge", action="store_true",
                        help="batches and merges of 10,000 letters too (several minutes)")
    parser.add_argument("--write-baseline", action="store_true",
                        help="write these figures to bench/BASELINE.md")
    args = parser.parse_args()
    pairs, builds, runs = (5, 10, 5) if args.quick else (15, 30, 9)
    sizes = ([100] if args.quick else [100, 1000]) + [10_000] * args.huge
    baseline = read_baseline()
    print(f"letterpress benchmarks, load average {os.getloadavg()[0]:.1f} at the start"
          f"{'' if baseline else ' (no baseline yet: bench/BASELINE.md)'}")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        out = Path(tmp)
        steps = [lambda: in_process_figures(builds, out), lambda: noop_figures(runs, out),
                 lambda: memory_figures(out), lambda: batch_figures(sizes[-1:], [1]),
                 lambda: batch_figures(sizes, [2]),
                 lambda: batch_figures(sizes[1:2] or sizes, [2], varied=True),
                 lambda: merge_figures(sizes)]
        if typst_or_none() is not None:
            steps.insert(0, lambda: cold_figures(pairs, out))
        else:
            print('  (no Typst: pip install -c requirements.lock -e ".[bench]" for the '
                  "cold-build ratio)")
        for step in steps:
            for figure in step():
                print(figure.line(baseline.get(figure.key)), flush=True)
                figures.append(figure)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if args.write_baseline:
        write_baseline(figures, datetime.date.today().isoformat(),
                       "python bench/run.py" + " --quick" * args.quick + " --huge" * args.huge)
        print("bench/BASELINE.md written")
        return 0
    regressions = compare(figures, baseline)
    for line in regressions:
        print(f"regression: {line}")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
