"""A cold build of the sample letter beside Typst compiling the same letter, in one run.

    pip install -c requirements.lock -e ".[bench]"   # the typst package (its compiler inside)
    python bench/cold.py            # 15 alternating pairs
    python bench/cold.py --pairs 5

Each pair runs, as new processes, one after the other and in alternating order:

- letterpress: `letterpress build source/2020-10-08-amnesty-appeal.yaml -o OUT.pdf --force`
  (`--force`: every run lays the letter out and writes its PDF/A; without it a run finds the
  PDF up to date and does nothing, which is no build);
- Typst: `python -c "import typst; typst.compile(...)"` on bench/typst/amnesty-appeal.typ
  (written from the same source by bench/typst/make.py), with the vendored fonts.

It prints the median wall-clock time of each and letterpress's as a multiple of Typst's (the
issue's target: at most 1.0), then each in-process: letterpress laying out and writing the
sample (fonts loaded once), Typst compiling it again in the same process. Where the time of
a cold build goes: `python -X importtime -m letterpress build ... --force 2> imports.txt`.
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
TYP = ROOT / "bench" / "typst" / "amnesty-appeal.typ"
FONTS = ROOT / "fonts"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15)
    pairs = parser.parse_args().pairs
    try:
        import typst
    except ImportError:
        print("bench/cold.py needs the typst package: "
              'pip install -c requirements.lock -e ".[bench]"')
        return 2
    exe = shutil.which("letterpress")
    ours = [exe] if exe else [sys.executable, "-m", "letterpress"]
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        out = Path(tmp)
        build = [*ours, "build", str(SAMPLE), "-o", str(out / "letterpress.pdf"), "--force"]
        compile_ = [sys.executable, "-c",
                    f"import typst; typst.compile({str(TYP)!r}, output={str(out / 'typst.pdf')!r},"
                    f" font_paths=[{str(FONTS)!r}])"]
        timed(build), timed(compile_)  # the files read once into the page cache, as a user's
        ours_t, theirs_t = [], []
        for n in range(pairs):
            first, second = (build, compile_) if n % 2 == 0 else (compile_, build)
            a, b = timed(first), timed(second)
            ours_t.append(a if first is build else b)
            theirs_t.append(b if first is build else a)
        mine, typst_time = statistics.median(ours_t), statistics.median(theirs_t)
        print(f"cold build, a new process each (median of {pairs} alternating pairs, load "
              f"average {os.getloadavg()[0]:.1f}):")
        print(f"  letterpress build --force  {mine * 1000:7.1f} ms")
        print(f"  typst.compile (Python)     {typst_time * 1000:7.1f} ms")
        print(f"  letterpress / Typst        {mine / typst_time:7.2f}  (target: at most 1.00)")

        from letterpress.fonts import load_fonts
        from letterpress.pipeline import load, typeset
        from letterpress.world import World

        fonts = load_fonts()
        letter = load(SAMPLE, World(fonts)).letter
        typeset(letter, fonts)
        start = time.perf_counter()
        for _ in range(20):
            typeset(letter, fonts)
        per_letter = (time.perf_counter() - start) / 20
        typst.compile(str(TYP), output=str(out / "again.pdf"), font_paths=[str(FONTS)])
        start = time.perf_counter()
        for _ in range(20):
            typst.compile(str(TYP), output=str(out / "again.pdf"), font_paths=[str(FONTS)])
        per_compile = (time.perf_counter() - start) / 20
        print("in one process, after a first build (mean of 20):")
        print(f"  letterpress lay out + write {per_letter * 1000:6.1f} ms  (target: 8 ms)")
        print(f"  typst.compile               {per_compile * 1000:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
