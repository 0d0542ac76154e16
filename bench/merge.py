"""Benchmark mail merge: one letter built for 100, 1,000 and 10,000 generated recipients.

    python bench/merge.py                      # 100, 1,000 and 10,000 rows
    python bench/merge.py --rows 100,1000

For each size, the example merge letter of source/ (its letterhead and registry beside it)
is built for N recipients generated into a CSV file as a user builds it, in a new process:
`letterpress build FOLDER -o OUT --force -j 2` (bench/batch.py's wrapper: the rows' letters
on the pool of two workers, fed as the rows are read). It prints the wall-clock time, the
CPU time, and the parent's and the largest worker's peak resident memory; another process
only reads the rows into jobs, for the memory of the streaming alone. The rows are read as
they are built, so the peaks should stay flat as N grows (but for the layout's bounded
caches of words, filling with each new word until their bound). Timings are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import build  # noqa: E402
from figures import Figure, fresh  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "source" / "2026-12-10-open-data-workshop.yaml"

READ = """
import resource, sys
from pathlib import Path
from letterpress.merge import jobs
from letterpress.world import World

rows = sum(1 for job in jobs(Path(sys.argv[1]), Path(sys.argv[2]), World())
           if not isinstance(job, tuple))
print(rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux
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


def merge_figures(sizes: list[int], jobs: int = 2) -> list[Figure]:
    """For each number of recipients: the merge's wall and CPU time, the parent's and the
    largest worker's peak memory, and the peak of reading the rows alone."""
    figures = []
    for rows in sizes:
        with tempfile.TemporaryDirectory(prefix="letterpress-merge-") as folder:
            letter = generate(Path(folder), rows)
            seconds, found = build(letter.parent, Path(folder) / "out", jobs)
            pdfs = sum(1 for _ in (Path(folder) / "out").glob("*.pdf"))
            assert pdfs == rows, f"{pdfs} PDFs for {rows} recipients"
            read = subprocess.run(fresh([sys.executable, "-c", READ, str(letter),
                                         str(Path(folder) / "out")]), check=True,
                                  capture_output=True, text=True).stdout.split()
        said = f"a merge letter to {rows:,} recipients, build --force -j {jobs}"
        figures += [
            Figure(f"merge.{rows}.wall", seconds, "s",
                   f"{said}: wall time ({rows / seconds:.1f} letters/s)"),
            Figure(f"merge.{rows}.cpu", found["cpu"], "s",
                   f"{said}: CPU time of the parent and its workers"),
            Figure(f"merge.{rows}.parent", found["parent"] / 1024, "MiB",
                   f"{said}: the parent's peak memory"),
            Figure(f"merge.{rows}.worker", found["workers"] / 1024, "MiB",
                   f"{said}: the largest worker's peak memory"),
            Figure(f"merge.{rows}.rows", int(read[1]) / 1024, "MiB",
                   f"{rows:,} recipients read into jobs alone, nothing built: peak memory")]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="100,1000,10000",
                        help="comma-separated numbers of recipients")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (-j)")
    args = parser.parse_args()
    for figure in merge_figures([int(n) for n in args.rows.split(",")], args.jobs):
        print(figure.line(None), flush=True)


if __name__ == "__main__":
    main()
