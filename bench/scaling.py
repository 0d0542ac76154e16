"""How the cost of letterpress grows with the work (issue 8, point 8). Prints two curves:

    python bench/scaling.py            # paragraphs to 20,000 words, lists to 10,000 names
    python bench/scaling.py --quick    # smaller sizes, fewer repetitions

1. Line breaking: a letter whose body is one paragraph of N words (drawn with a fixed seed
   from the sample letter's own words) is laid out in process; printed are the CPU time of
   lay_out (the best of a few runs: the machine is shared), the time per word, and that per
   word over the 1,000-word paragraph's. Target: at most 1.5 at 20,000 words.
2. check: a letter with N signatories is built, then `letterpress check` is run on it as a
   separate process; printed are its wall and CPU time (the best of a few runs), the CPU
   time per signatory and its ratio. Target: under 5 s for 10,000 signatories.

Timings are printed, never asserted. Both curves are noisy on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "2020-10-08-amnesty-appeal.yaml"
sys.path.insert(0, str(ROOT / "src"))

FIRST = ("Ali", "Leyla", "Rashad", "Aynur", "Elnur", "Sevinj", "Tural", "Gunel", "Orkhan",
         "Nigar", "Rəşad", "Gülnarə")
LAST = ("Mammadov", "Aliyeva", "Huseynov", "Guliyeva", "Ismayilov", "Hasanova", "Abbasov",
        "Əliyev")
ORGANISATIONS = ("Public Union", "Youth Centre", "Legal Initiative", "Women Network",
                 "Media Forum", "Fund of Assistance to Development of Entrepreneurship")


def paragraph_curve(sizes: list[int], runs: int) -> None:
    from letterpress.fonts import load_fonts
    from letterpress.layout import lay_out
    from letterpress.model import Paragraph, Span
    from letterpress.pipeline import load
    from letterpress.world import World

    fonts = load_fonts()
    letter = load(SAMPLE, World(fonts)).letter
    words = " ".join(p.text for p in letter.body).split()
    lay_out(letter, fonts)  # warm the caches and imports once
    print("line breaking: lay_out of a letter with one paragraph of N words (CPU time, mean")
    print("over several paragraphs of each size: the best of a few runs of each)")
    print(f"  {'words':>7} {'paras':>5} {'lines':>6} {'seconds':>8} {'us/word':>8} {'ratio':>6}"
          f" {'fastest':>8} {'slowest':>8}")
    base = None
    for n in sizes:
        # How much work a paragraph is depends on its words, more so for short ones (whether
        # a setting with a line more exists at all, say): several of each size are averaged.
        samples = max(1, min(5, 20_000 // n))
        times, lines = [], 0
        for k in range(samples):
            pick = random.Random(n * 100 + k)
            text = " ".join(pick.choice(words) for _ in range(n))
            body = (Paragraph(spans=(Span(text=text),)),)
            long = dataclasses.replace(letter, body=body)
            best = float("inf")
            for _ in range(runs):
                start = time.process_time()
                document = lay_out(long, fonts)
                best = min(best, time.process_time() - start)
            times.append(best)
            lines += sum(len(b.lines) for p in document.pages for b in p.blocks
                         if b.path == "body[0]")
        mean = sum(times) / samples
        per_word = mean / n
        base = base or per_word
        print(f"  {n:7d} {samples:5d} {lines // samples:6d} {mean:8.3f} {per_word * 1e6:8.1f} "
              f"{per_word / base:6.2f} {min(times) / n * 1e6:8.1f} {max(times) / n * 1e6:8.1f}")
    print("  target: ratio <= 1.5 at 20,000 words. fastest/slowest: us/word of the cheapest and")
    print("  dearest paragraph of that size (a short one is cheap when no setting with a line")
    print("  more or fewer exists: pagination's search for one then stops early)")


def write_list(path: Path, n: int) -> None:
    """The sample letter with ``n`` generated signatories in one list."""
    head = SAMPLE.read_text(encoding="utf-8").split("\nsignatories:")[0]
    head = head.replace("letterhead: letterheads/", f"letterhead: {ROOT}/source/letterheads/")
    head = head.replace("signed by 44 members", f"signed by {n} members")
    pick = random.Random(n)
    lines = [head, "signatories:", '  - heading: "NGO Representatives:"', "    members:"]
    for i in range(n):
        lines.append(f"      - name: {pick.choice(FIRST)} {pick.choice(LAST)}")
        lines.append(f"        organisation: {pick.choice(ORGANISATIONS)} {i + 1}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_curve(sizes: list[int], runs: int, out: Path) -> None:
    exe = shutil.which("letterpress")
    command = [exe] if exe else [sys.executable, "-m", "letterpress"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    print("check: `letterpress check` of a letter with N signatories (whole process; the")
    print("best of a few runs, wall clock and the process's CPU time, user + system)")
    print(f"  {'names':>7} {'pages':>6} {'wall s':>7} {'cpu s':>6} {'ms/name':>8} {'ratio':>6}")
    base = None
    for n in sizes:
        source, pdf = out / f"list-{n}.yaml", out / f"list-{n}.pdf"
        write_list(source, n)
        built = subprocess.run([*command, "build", str(source), "-o", str(pdf)], check=True,
                               env=env, capture_output=True, text=True).stdout
        pages = int(re.search(r"\((\d+) pages?", built).group(1))  # type: ignore[union-attr]
        wall, cpu = float("inf"), float("inf")
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run([*command, "check", str(source), str(pdf)], env=env,
                                  capture_output=True, text=True)
            wall = min(wall, time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = min(cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if done.returncode != 0:
                sys.exit(f"check failed on {n} signatories:\n{done.stdout}{done.stderr}")
        per_name = cpu / n
        base = base or per_name
        print(f"  {n:7d} {pages:6d} {wall:7.2f} {cpu:6.2f} {per_name * 1e3:8.3f} "
              f"{per_name / base:6.2f}")
    print("  target: under 5 s for 10,000 signatories")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    args = parser.parse_args()
    if args.quick:
        paragraph_curve([1_000, 2_000, 5_000], runs=2)
    else:
        paragraph_curve([1_000, 2_000, 5_000, 10_000, 20_000], runs=3)
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [1_000, 2_500] if args.quick else [1_000, 2_500, 5_000, 10_000]
        check_curve(sizes, runs=2 if args.quick else 3, out=Path(tmp))


if __name__ == "__main__":
    main()
