"""Benchmark incremental builds: 1,000 letters in a temporary folder.

    python bench/incremental.py              # 1,000 letters
    python bench/incremental.py --letters 200

Generates N copies of the sample letter (each with its own reference, all sharing one
letterhead), builds them once with `letterpress build`, then prints the whole-process time
of the first build with nothing to do (which hashes every PDF), of the next ones (median of
5 runs: sources hashed, PDFs known by their stat), and of a build after one letter was edited.
Timings are printed, never asserted.
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


def command() -> list[str]:
    exe = shutil.which("letterpress")
    return [exe] if exe else [sys.executable, "-m", "letterpress"]


def generate(folder: Path, count: int) -> list[Path]:
    shutil.copytree(ROOT / "source" / "letterheads", folder / "source" / "letterheads")
    text = SAMPLE.read_text(encoding="utf-8")
    letters = []
    for n in range(count):
        letter = folder / "source" / f"letter-{n:04d}.yaml"
        letter.write_text(text.replace('reference: "05/20"', f'reference: "{n}/20"', 1),
                          encoding="utf-8")
        letters.append(letter)
    return letters


def build(folder: Path) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    done = subprocess.run([*command(), "build"], cwd=folder, env=env, capture_output=True,
                          text=True, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    count = parser.parse_args().letters
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        letters = generate(folder, count)
        full, _ = build(folder)
        print(f"full build of {count} letters: {full:.1f} s")
        first, _ = build(folder)  # hashes every PDF, then trusts its stat (see incremental.py)
        print(f"first no-op build after it (every PDF hashed): {first:.3f} s")
        noop = []
        for _ in range(5):
            seconds, out = build(folder)
            assert f"{count} letters up to date" in out, out  # the figure is of a no-op
            noop.append(seconds)
        size = sum(p.stat().st_size for p in (folder / "output").iterdir()) / 2**20
        print(f"no-op build of {count} letters ({size:.0f} MiB of PDFs, sources hashed): "
              f"median {statistics.median(noop):.3f} s, best {min(noop):.3f} s")
        with letters[count // 2].open("a", encoding="utf-8") as handle:
            handle.write("# edited\n")
        one, out = build(folder)
        assert out.count(" -> ") == 1, out
        print(f"build after editing one of {count} letters: {one:.3f} s")


if __name__ == "__main__":
    main()
