"""Benchmark a parallel build: N letters with `letterpress build -j 2`, time and peak memory.

    python bench/batch.py                 # 100 and 1,000 letters, -j 2
    python bench/batch.py --huge          # 10,000 letters too (minutes)
    python bench/batch.py --letters 200 --jobs 1 2
    python bench/batch.py --letters 1000 --varied   # letters that differ (see vary)

Makes N copies of the sample letter in a temporary folder (each with its own reference, so
they are distinct PDFs; one letterhead shared). Their words, paragraphs and glyphs are the
sample's, so what a process keeps of one letter serves the next, as in a mail merge;
`--varied` makes letters whose lines and pages all differ (:func:`vary`), and a batch of
letters that share no words at all would cost more a letter (process.unseen, bench/cold.py,
times a letter as new). It then builds them as a user does, in a
new process: `letterpress build DIR -o OUT --force -j J` (--force: every letter is laid out
and written, whatever an earlier run left). The process that builds is a small wrapper that
calls letterpress's command line in itself, so that its own peak memory is the parent's
(what holds the plan, the cache and the results coming back), and the peak of its children
is the largest worker's. Prints, for each N and J: the wall time of the whole process (start
and imports included), letters a second, the CPU time of the parent and its workers
together (what the wall time would be on one idle core; on J idle cores, at best that
divided by J), and the parent's and the largest worker's peak resident memory. Timings are
printed, never asserted; the machine is shared, so re-run before quoting a figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import Figure, fresh  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "2020-10-08-amnesty-appeal.yaml"

# Runs in the process that builds: letterpress's command line, then its own peak resident
# memory and its children's (the workers'), in KiB, as JSON on standard error's last line.
WRAPPER = """
import json, resource, signal, sys
from letterpress.cli import Terminated, main
def terminate(signum, frame):
    raise Terminated
signal.signal(signal.SIGTERM, terminate)
code = main(sys.argv[1:])
sys.stdout.flush()
me = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "parent": me.ru_maxrss, "workers": children.ru_maxrss,
                  "cpu": me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime}),
      file=sys.stderr)
"""


def generate(folder: Path, count: int, varied: bool = False) -> Path:
    """``count`` distinct letters in ``folder``/source: the sample, its reference varied;
    ``varied``, each also its own (see :func:`vary`)."""
    source = folder / "source"
    shutil.copytree(ROOT / "source" / "letterheads", source / "letterheads")
    text = SAMPLE.read_text(encoding="utf-8")
    assert 'reference: "05/20"' in text
    for n in range(count):
        letter = text.replace('reference: "05/20"', f'reference: "{n}/20"', 1)
        (source / f"letter-{n:05d}.yaml").write_text(vary(letter, n) if varied else letter,
                                                     encoding="utf-8")
    return source


def vary(text: str, n: int) -> str:
    """The sample as letter ``n`` of a batch of letters that differ: its paragraphs and
    signatories in an order of their own, and its recipient a name of its own (letters
    drawn at random, seeded by ``n``). No two letters then have the same lines or pages, so
    nothing a process keeps of one letter's paragraphs serves the next. Its words' items
    still do, as a language's words recur from letter to letter, and so do its fonts'
    subsets: ReportLab gives the printable ASCII characters their own codes in a font's
    first subset, so every letter in plain ASCII has the same subsets whatever its text
    (the sample's are; a letter in Azerbaijani or Russian adds its other letters in the
    order it first uses them)."""
    import random

    import yaml

    letter = yaml.safe_load(text)
    chance = random.Random(n)
    chance.shuffle(letter["body"])
    chance.shuffle(letter["signatories"])
    name = "".join(chance.sample("abcdefghijklmnopqrstuvwxyz", 9)).capitalize()
    letter["recipient"] = [f"Ms. {name}", *letter["recipient"]]
    return yaml.safe_dump(letter, allow_unicode=True, sort_keys=False)


def build(source: Path, out: Path, jobs: int) -> tuple[float, dict[str, int]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    done = subprocess.run(fresh([sys.executable, "-c", WRAPPER, "build", str(source), "-o",
                                 str(out), "--force", "-j", str(jobs)]), env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=False)
    seconds = time.perf_counter() - start
    figures = json.loads(done.stderr.strip().splitlines()[-1])
    if figures["code"] != 0:
        raise SystemExit(f"the build failed ({figures['code']}):\n{done.stderr}")
    return seconds, figures


def batch_figures(counts: list[int], jobs: list[int], varied: bool = False) -> list[Figure]:
    """For each count and number of processes: the batch's wall time, its CPU time, and the
    parent's and the largest worker's peak memory; ``varied``, of letters that differ."""
    figures = []
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            source = generate(Path(tmp), count, varied)
            for j in jobs:
                out = Path(tmp) / f"out-{j}"
                seconds, found = build(source, out, j)
                pdfs = sum(1 for _ in out.glob("*.pdf"))
                assert pdfs == count, f"{pdfs} PDFs for {count} letters"
                said = (f"{count:,} letters made from the sample, each its own recipient and "
                        f"order of paragraphs and signatories" if varied else
                        f"{count:,} copies of the sample, each its own reference")
                said += f", build --force -j {j}, a new process"
                key = f"batch.{count}.j{j}" + ".varied" * varied
                figures += [
                    Figure(f"{key}.wall", seconds, "s", f"{said}: wall time "
                           f"({count / seconds:.1f} letters/s)",
                           "<= 8" if count == 1000 and j > 1 else ""),
                    Figure(f"{key}.cpu", found["cpu"], "s",
                           f"{said}: CPU time of the parent and its workers"),
                    Figure(f"{key}.parent", found["parent"] / 1024, "MiB",
                           f"{said}: the parent's peak memory")]
                if found["workers"]:
                    figures.append(Figure(f"{key}.worker", found["workers"] / 1024, "MiB",
                                          f"{said}: the largest worker's peak memory"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--huge", action="store_true", help="10,000 letters too")
    parser.add_argument("--jobs", type=int, nargs="+", default=[2])
    parser.add_argument("--varied", action="store_true",
                        help="letters that differ (vary), not copies of the sample")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} (on {os.cpu_count()} cores)")
    for figure in batch_figures(args.letters + [10_000] * args.huge, args.jobs, args.varied):
        print(figure.line(None), flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
