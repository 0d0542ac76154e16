"""The time to file a scanned, hand-signed copy of a 3-page letter (issue 22: under 15 s on
a 2-core machine), as a whole process, the way a user files one.

    python bench/scan.py            # 3 runs of each
    python bench/scan.py --runs 5

Builds the English assembly invitation of source/ (3 pages), files it in a new archive,
prints its pages at 200 dpi as a scanner would (one JPEG a page in a PDF), and times
`letterpress archive SCAN.pdf` into a fresh copy of that archive each run: first matched
against every filed letter (the first page read in all three languages to find it, then
every page in the letter's), then with `--copy-of LETTER.pdf` (every page read once). Each
run files the scan: nothing is cached between runs. Timings are printed, never asserted.
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
sys.path.insert(0, str(ROOT / "tests"))

LETTER = "2026-11-20-assembly-invitation-en"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    from helpers.embedded import build_with_sources
    from helpers.ocr import printed, scanner_pdf

    from letterpress.scan import ocr

    missing = ocr.available(("en", "az", "ru"))
    if missing:
        print(missing)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "source", work / "source")
        pdf = build_with_sources(work / "source" / f"{LETTER}.yaml", work / f"{LETTER}.pdf")
        pages = printed(pdf, 200)
        scan = scanner_pdf(pages, work / "scan.pdf")
        command = [sys.executable, "-m", "letterpress", "archive", "--archive"]
        subprocess.run([*command, str(work / "filed"), str(pdf)], check=True,
                       capture_output=True)
        for label, extra in (("matched against the archive", []),
                             ("--copy-of the letter", ["--copy-of", str(pdf)])):
            times = []
            for n in range(runs):
                archive = work / f"a{n}{len(extra)}"
                shutil.copytree(work / "filed", archive)
                start = time.perf_counter()
                done = subprocess.run([*command, str(archive), *extra, str(scan)],
                                      capture_output=True, text=True, check=False)
                times.append(time.perf_counter() - start)
                if done.returncode:
                    print(done.stdout + done.stderr)
                    return 1
            said = done.stdout.splitlines()
            print(f"filing a {len(pages)}-page scan, {label}: median "
                  f"{statistics.median(times):.1f} s of {runs} (min {min(times):.1f}, max "
                  f"{max(times):.1f}); target < 15 s on {os.cpu_count()} cores")
            print("    " + (said[0] if said else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
