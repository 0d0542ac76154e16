"""The figures the benchmarks print, and their comparison with bench/BASELINE.md.

A figure has a stable key, a value, a unit and a sentence saying what it measures (a real
build, a no-op, a batch ...). Every figure is lower-is-better (a time, a ratio of times, a
peak of memory). bench/BASELINE.md holds a table of the same keys measured on one machine;
:func:`compare` names each figure more than :data:`ALLOWED` above its baseline, and
bench/run.py exits 1 when there is one. Only the benchmark fails so: the test suite never
asserts a timing.
"""

from __future__ import annotations

import os
import platform
import re
from dataclasses import dataclass
from pathlib import Path

BASELINE = Path(__file__).resolve().parent / "BASELINE.md"
ALLOWED = 1.20  # a figure may be 20 % above its baseline before it is a regression
_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([0-9.]+)\s*\|\s*([^|]*?)\s*\|\s*(.*?)\s*\|\s*$")


@dataclass(frozen=True, slots=True)
class Figure:
    key: str  # stable, e.g. "cold.ratio"
    value: float
    unit: str  # ms, s, MiB, x
    measures: str  # what the figure is, in words a reader of the table understands
    target: str = ""  # the target, if it sets one

    def line(self, baseline: float | None) -> str:
        was = "" if baseline is None else f"  (baseline {_number(baseline)}"
        if baseline:
            was += f", {self.value / baseline - 1:+.0%})"
        elif baseline is not None:
            was += ")"
        target = f"  target {self.target}" if self.target else ""
        return f"  {self.key:<24} {_number(self.value):>9} {self.unit:<4} {self.measures}" \
               f"{target}{was}"


def _number(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 1000 else f"{value:.0f}"


def fresh(command: list[str]) -> list[str]:
    """``command`` started from a small shell that forks it: Linux counts in a process's peak
    memory the memory its parent held when it was forked (it survives the exec), so a
    benchmark holding fonts and letters would inflate the peak it measures of a child."""
    return ["/bin/sh", "-c", '"$@"; exit $?', "sh", *command]


def read_baseline(path: Path = BASELINE) -> dict[str, float]:
    """The baseline's figures by key; none when there is no baseline yet."""
    if not path.is_file():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            found[match.group(1)] = float(match.group(2))
    return found


def compare(figures: list[Figure], baseline: dict[str, float]) -> list[str]:
    """A line for each figure more than ALLOWED times its baseline."""
    return [f"{f.key}: {_number(f.value)} {f.unit} against {_number(baseline[f.key])} "
            f"(+{f.value / baseline[f.key] - 1:.0%}, more than {ALLOWED - 1:.0%})"
            for f in figures
            if baseline.get(f.key) and f.value > baseline[f.key] * ALLOWED]


def machine() -> str:
    """The machine the figures come from, in one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}, Python " \
           f"{platform.python_version()}"


def write_baseline(figures: list[Figure], when: str, command: str, path: Path = BASELINE
                   ) -> None:
    rows = "\n".join(f"| `{f.key}` | {f.value:.3f} | {f.unit} | {f.measures} |"
                     for f in figures)
    path.write_text(
        "# Benchmark baseline\n\n"
        f"Measured {when} on {machine()}, with `{command}`.\n"
        "bench/run.py compares each figure with this table and exits 1 when one is more than "
        f"{ALLOWED - 1:.0%} above it. Write a new baseline only on purpose "
        "(`python bench/run.py --write-baseline`), on a quiet machine, and say why in the "
        "commit.\n\n"
        "| figure | value | unit | what it measures |\n|---|---|---|---|\n"
        f"{rows}\n", encoding="utf-8")
