"""The time to file a scanned, hand-signed copy of a 3-page letter (issue 22: under 15 s on
a 2-core machine), as a whole process, the way a user files one.

    python bench/scan.py            # 3 runs of each
    python bench/scan.py --runs 5

Builds the English assembly invitation of source/ (3 pages), files it in a new archive,
prints its pages at 200 dpi and makes them look scanned (turned, blurred, noisy, on greyish
paper, signed in ink over the closing and stamped: tests/helpers/scans.py), one JPEG a page
in a PDF, and times
`letterpress archive SCAN.pdf` into a fresh copy of that archive each run: first matched
against every filed letter (the first page read in all three languages to find it, then
every page in the letter's), then with `--copy-of LETTER.pdf` (every page read once). Each
run files the scan: nothing is cached between runs. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
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
    from helpers.scans import CLOSINGS, scan_of

    from letterpress.scan import ocr

    missing = ocr.available(("en", "az", "ru"))
    if missing:
        print(missing)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "source", work / "source")
        pdf = build_with_sources(work / "source" / f"{LETTER}.yaml", work / f"{LETTER}.pdf")
        pages = scan_of(pdf, seed=1, closing=CLOSINGS["en"])
        scan = _pdf_of(pages, work / "scan.pdf")
        command = [sys.executable, "-m", "letterpress", "archive", "--archive"]
        subprocess.run([*command, str(work / "filed"), str(pdf)], check=True,
                       capture_output=True)
        for label, extra in (("matched against the archive", []),
                             ("--copy-of the letter", ["--copy-of", str(pdf)])):
            times, cpu = [], []
            for n in range(runs):
                archive = work / f"a{n}{len(extra)}"
                shutil.copytree(work / "filed", archive)
                start, used = time.perf_counter(), _children()
                done = subprocess.run([*command, str(archive), *extra, str(scan)],
                                      capture_output=True, text=True, check=False)
                times.append(time.perf_counter() - start)
                cpu.append(_children() - used)
                if done.returncode:
                    print(done.stdout + done.stderr)
                    return 1
            said = done.stdout.splitlines()
            print(f"filing a {len(pages)}-page scan, {label}: median "
                  f"{statistics.median(times):.1f} s of {runs} (min {min(times):.1f}, max "
                  f"{max(times):.1f}), {statistics.median(cpu):.1f} s of processor time "
                  f"(OCR included); target < 15 s on {os.cpu_count()} cores; load average "
                  f"{os.getloadavg()[0]:.1f}")
            print("    " + (said[0] if said else ""))
    return 0


def _children() -> float:
    """Processor time used by the processes this one waited for (Tesseract's included)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _pdf_of(jpegs: list[bytes], path: Path) -> Path:
    """The JPEG pages in one PDF, each kept as it is, as a scanner writes them."""
    import io

    from PIL import Image

    images = [Image.open(io.BytesIO(page)) for page in jpegs]
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:],
                   resolution=200.0, quality="keep")
    return path


if __name__ == "__main__":
    sys.exit(main())
