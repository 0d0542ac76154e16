"""The cost of `letterpress check` on the sample letter, and where it goes.

    python bench/check.py            # medians of 9 runs
    python bench/check.py --quick    # 3 runs

Prints the whole-process time of `letterpress check SAMPLE PDF`, then the in-process time of
each step of pipeline.check on the same PDF: loading the source, reading the text layer
(pypdf), rendering and judging what is visible (PDFium, visibility.read_ink), and comparing
(compare.compare_pdf). Timings are printed, never asserted.
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
from collections.abc import Callable
from pathlib import Path

from letterpress.world import World

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "2020-10-08-amnesty-appeal.yaml"
sys.path.insert(0, str(ROOT / "src"))


def median_time(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def whole_process(pdf: Path, runs: int) -> float:
    exe = shutil.which("letterpress")
    cmd = [exe] if exe else [sys.executable, "-m", "letterpress"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return median_time(lambda: subprocess.run([*cmd, "check", str(SAMPLE), str(pdf)],
                                              check=True, stdout=subprocess.DEVNULL, env=env),
                       runs)


def steps(pdf: Path, runs: int) -> list[tuple[str, float]]:
    from letterpress.check.compare import compare_pdf
    from letterpress.check.readback import read_pdf
    from letterpress.check.visibility import read_ink
    from letterpress.fonts import load_fonts
    from letterpress.pipeline import load
    from letterpress.world import World

    fonts = load_fonts()
    letter = load(SAMPLE, World(fonts)).letter
    text, ink = read_pdf(pdf), read_ink(pdf)  # imports and caches warm, as in a long run
    assert compare_pdf(letter, text, ink) == (), "the sample must check clean"
    return [
        ("load the source", median_time(lambda: load(SAMPLE, World(fonts)), runs)),
        ("read the text layer (pypdf)", median_time(lambda: read_pdf(pdf), runs)),
        ("render and find hidden glyphs (PDFium)", median_time(lambda: read_ink(pdf), runs)),
        ("compare", median_time(lambda: compare_pdf(letter, text, ink), runs)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 9")
    runs = 3 if parser.parse_args().quick else 9
    from letterpress.check.visibility import read_ink
    from letterpress.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        built = build(SAMPLE, Path(tmp) / "sample.pdf", World())
        glyphs = sum(len(page.text) for page in read_ink(built.output))
        print(f"letterpress check on {SAMPLE.relative_to(ROOT)} ({built.pages} pages, "
              f"{glyphs} characters in PDFium's text), median of {runs} runs")
        print(f"  whole process: {whole_process(built.output, runs) * 1000:7.1f} ms")
        rows = steps(built.output, runs)
        for name, seconds in rows:
            print(f"  {name:<40} {seconds * 1000:7.1f} ms")
        print(f"  {'in-process total':<40} {sum(s for _, s in rows) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
