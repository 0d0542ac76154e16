"""Benchmark `letterpress watch`: the time from a save to the new PDF in place.

    python bench/watch.py               # 20 saves of the sample letter
    python bench/watch.py --saves 50 --letters 1000

Copies source/ (and, with --letters N, N copies of the sample) into a temporary folder, starts
`letterpress watch` there, then saves the sample letter again and again (a comment added) and
polls until its PDF has been replaced (a new inode: builds replace a PDF by renaming a complete
file onto it). Prints the median and the slowest of those times. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "2020-10-08-amnesty-appeal.yaml"


def start(folder: Path) -> subprocess.Popen[str]:
    exe = shutil.which("letterpress")
    cmd = [exe] if exe else [sys.executable, "-m", "letterpress"]
    process = subprocess.Popen([*cmd, "watch"], cwd=folder, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("watching "):
            return process
    raise SystemExit("letterpress watch ended before watching")


def one_save(letter: Path, pdf: Path, n: int) -> float:
    before = pdf.stat().st_ino
    with letter.open("a", encoding="utf-8") as handle:
        handle.write(f"# save {n}\n")
    saved = time.perf_counter()
    while True:
        try:
            if pdf.stat().st_ino != before:
                return time.perf_counter() - saved
        except FileNotFoundError:
            pass
        if time.perf_counter() - saved > 30:
            raise SystemExit("no new PDF 30 s after a save")
        time.sleep(0.001)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--letters", type=int, default=0, help="copies of the sample to add")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(ROOT / "source", folder / "source")
        for n in range(args.letters):
            shutil.copy(SAMPLE, folder / "source" / f"copy-{n:04d}.yaml")
        process = start(folder)
        try:
            letter = folder / "source" / SAMPLE.name
            pdf = folder / "output" / f"{SAMPLE.stem}.pdf"
            times = []
            for n in range(args.saves):
                times.append(one_save(letter, pdf, n))
                time.sleep(0.2)  # one save at a time, as a person saves
        finally:
            process.terminate()
            process.wait(timeout=30)
        letters = len(list((folder / "source").glob("*.yaml")))
        print(f"save -> new PDF in place, {args.saves} saves of one of {letters} letters: "
              f"median {statistics.median(times) * 1000:.0f} ms, "
              f"slowest {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
