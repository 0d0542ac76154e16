"""Benchmark mail merge: one letter built for 100, 1,000 and 10,000 generated recipients.

    python bench/merge.py                      # 100, 1,000 and 10,000 rows
    python bench/merge.py --rows 100,1000

For each size, a fresh process builds the example merge letter of source/ (its letterhead
and registry beside it) for N recipients generated into a CSV file, one job after another
through letterpress.merge (jobs -> build_one), and prints the wall-clock time, the time per
letter and the process's peak resident memory; another process only reads the rows into jobs,
for the memory of the streaming alone. The rows are read as they are built, so the peak
should stay flat as N grows (but for the layout's bounded caches of words, filling with each
new word until their bound). Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "source" / "2026-12-10-open-data-workshop.yaml"

CHILD = """
import resource, sys, time
from pathlib import Path
from letterpress.merge import build_one, jobs
from letterpress.world import World

letter, out = Path(sys.argv[1]), Path(sys.argv[2])
world, built, failed = World(), 0, 0
start = time.perf_counter()
if sys.argv[3] == "read":  # the rows alone, read into jobs and dropped
    for job in jobs(letter, out, world):
        built += not isinstance(job, tuple)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{built} 0 {time.perf_counter() - start:.2f} {peak}")
    sys.exit()
for job in jobs(letter, out, world):
    if isinstance(job, tuple):
        failed += 1
        continue
    outcome = build_one(job, world)
    built += outcome.built is not None
    failed += outcome.error is not None
    if (built + failed) % 1000 == 0:
        print(f"  {built + failed} rows", file=sys.stderr, flush=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(f"{built} {failed} {seconds:.2f} {peak:.0f}")
"""


# Recipients are drawn from these words (100 x 100 names, then a place): a list of 10,000
# organisations repeats its words, as a real one does, so the layout's word caches (bounded:
# fonts.WIDTH_CACHE_SIZE, paragraph._CHUNKS) fill with the words of the letter, not with
# 40,000 made-up ones.
FIRST = [f"{a}{b}" for a in ("Ay", "El", "Ra", "Na", "Sa", "Ka", "Le", "Mi", "Tu", "Gu")
         for b in ("nur", "vin", "fiq", "rmin", "bina", "mal", "yla", "rza", "ral", "lnar")]
LAST = [f"{a}{b}" for a in ("Məmməd", "Əli", "Hüseyn", "Qasım", "İsmayıl", "Rəhim", "Bağır",
                            "Nəsir", "Cəfər", "Kərim")
        for b in ("ov", "ova", "li", "zadə", "bəyli", "xanlı", "oğlu", "qızı", "ovlar", "yev")]
PLACES = ["Ganja", "Sumgayit", "Lankaran", "Shaki", "Guba", "Mingachevir"]


def generate(folder: Path, rows: int) -> Path:
    shutil.copytree(ROOT / "source" / "letterheads", folder / "letterheads")
    shutil.copy(ROOT / "source" / "members.yaml", folder / "members.yaml")
    letter = folder / EXAMPLE.name
    letter.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "2026-12-10-open-data-workshop.csv", "recipients.csv").replace(
        '"{stem}-{n:02}-{name}"', '"{n:05}-{name}"'), encoding="utf-8")
    with (folder / "recipients.csv").open("w", encoding="utf-8") as out:
        out.write("name,title,organisation,address,language,salutation\n")
        for n in range(rows):  # every row another person, in the words of a real list
            first, last = FIRST[n % len(FIRST)], LAST[n // len(FIRST) % len(LAST)]
            place = PLACES[n // (len(FIRST) * len(LAST)) % len(PLACES)]
            out.write(f'{first} {last},Director,{last} {place} Public Union,'
                      f'"{n % 200 + 1} {place} Street\nBaku AZ {1000 + n % 100}\n'
                      f'AZERBAIJAN",en,\n')
    return letter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="100,1000,10000",
                        help="comma-separated numbers of recipients")
    args = parser.parse_args()
    print(f"{'rows':>7} {'built':>7} {'seconds':>9} {'ms/letter':>10} {'peak MiB':>9} "
          f"{'rows read alone: peak MiB':>26}")
    for rows in (int(n) for n in args.rows.split(",")):
        with tempfile.TemporaryDirectory(prefix="letterpress-merge-") as folder:
            letter = generate(Path(folder), rows)
            found = {}
            for what in ("read", "build"):
                done = subprocess.run([sys.executable, "-c", CHILD, str(letter),
                                       str(Path(folder) / "out"), what], check=True,
                                      capture_output=True, text=True)
                found[what] = done.stdout.split()
            built, _, seconds, peak = found["build"]
            print(f"{rows:>7} {built:>7} {float(seconds):>9.1f} "
                  f"{1000 * float(seconds) / rows:>10.1f} {float(peak) / 1024:>9.1f} "
                  f"{float(found['read'][3]) / 1024:>26.1f}")


if __name__ == "__main__":
    main()
