"""The peak memory of a build's parent process alone, for counts too large to build for real.

    python bench/parent.py                          # a batch of 10,000 and 40,000 letters
    python bench/parent.py --merge --letters 10000 40000

The parent of `letterpress build -j 2` lists the letters (or reads a merge's recipients),
plans each, feeds the workers and records each outcome in the build cache; what it keeps
while it does decides whether a million letters fit in memory. Here its two workers answer
each job at once, with a stand-in PDF of a few bytes and the outcome a real worker sends
back (the letter's own file as its one input), so 40,000 letters take seconds instead of
minutes and the figure is the parent's own: everything but the layout and the PDF writer
runs as in a real build. The letters are bench/batch.py's copies of the sample, the
merge bench/merge.py's generated recipients. Prints the parent's peak resident memory for
each count; a real batch's (parent and workers) is bench/batch.py's. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import Figure, fresh  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# Runs in the parent: the workers' work replaced before the pool forks them, then
# letterpress's command line, then the process's own peak memory (KiB) on stderr.
STAND_IN = """
import hashlib, resource, sys
from pathlib import Path
import letterpress.corrections.incremental as incremental
from letterpress.pipeline import Built, Outcome
from letterpress.world import Dependency

def written(output):
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(b"%PDF-stand-in")

def letter(job, world, **options):  # a letter's work: its one input, the letter itself
    source, output = job
    data = source.read_bytes()
    written(output)
    read = Dependency(path=source, kind="letter", sha256=hashlib.sha256(data).hexdigest(),
                      data=data)
    return incremental._lean(Outcome(source, output, built=Built(
        source, output, 1, 13, (), (read,), "0" * 64)))

def recipient(item, world, **options):  # a merged letter's: its row is recorded by the parent
    if isinstance(item, Outcome):
        return item, ()
    written(item.output)
    return Outcome(item.template, item.output, built=Built(
        item.template, item.output, 1, 13, (), (), "0" * 64)), ()

incremental.build_recorded, incremental.merge_recorded = letter, recipient
from letterpress.cli import main
code = main(sys.argv[1:])
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def parent_peak(source: Path, out: Path) -> float:
    """MiB: the peak of the parent building ``source`` into ``out`` with stand-in workers."""
    done = subprocess.run(fresh([sys.executable, "-c", STAND_IN, "build", str(source), "-o",
                                 str(out), "--force", "-j", "2"]),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=False, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    code, kib = done.stderr.strip().splitlines()[-1].split()
    if code != "0":
        raise SystemExit(f"the build failed ({code}):\n{done.stderr}")
    return int(kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, nargs="+", default=[10_000, 40_000])
    parser.add_argument("--merge", action="store_true", help="a merge letter's recipients")
    args = parser.parse_args()
    for count in args.letters:
        with tempfile.TemporaryDirectory() as tmp:
            if args.merge:
                from merge import generate as recipients

                source = recipients(Path(tmp), count)
                what = f"a merge letter to {count:,} recipients"
                key = f"parent.merge.{count}"
            else:
                from batch import generate

                source, what = generate(Path(tmp), count), f"{count:,} copies of the sample"
                key = f"parent.batch.{count}"
            peak = parent_peak(source, Path(tmp) / "out")
        print(Figure(key, peak, "MiB", f"{what}, build --force -j 2, its workers answering "
                     "at once: the parent's peak memory").line(None), flush=True)


if __name__ == "__main__":
    main()
