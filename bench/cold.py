"""A cold build of the sample letter beside Typst compiling the same letter, in one run.

    pip install -c requirements.lock -e ".[bench]"   # the typst package (its compiler inside)
    python bench/cold.py            # 15 alternating rounds
    python bench/cold.py --pairs 5

Each round runs, as new processes, one after the other and in alternating order:

- letterpress: `letterpress build source/2020-10-08-amnesty-appeal.yaml -o OUT.pdf --force`
  (`--force`: every run lays the letter out and writes its PDF/A; without it a run finds the
  PDF up to date and does nothing, which is no build), with the user's cache folder
  (derived.py: pyphen's parsed patterns) filled, as it is from a user's second build on;
- letterpress again, the user's cache folder empty (a new one each run): a user's very first
  build, where pyphen parses its patterns and the cache is written (``cold.uncached``);
- Typst: `python -c "import typst; typst.compile(...)"` on bench/typst/amnesty-appeal.typ
  (written from the same source by bench/typst/make.py), with the vendored fonts.

It prints the median wall-clock time of each and letterpress's as a multiple of Typst's (the
issue's target: at most 1.0), then each in-process: letterpress laying out and writing the
sample (fonts loaded once), its whole build of a file, Typst compiling it again in the same
process (best of 5 means, the least disturbed). bench/run.py prints these with every other
figure and compares them with bench/BASELINE.md. Where the time of
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import Figure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "2020-10-08-amnesty-appeal.yaml"
TYP = ROOT / "bench" / "typst" / "amnesty-appeal.typ"
FONTS = ROOT / "fonts"
# Importing as a build does (fonts.py): ReportLab's TrueType module without HarfBuzz, Pillow
# put off until something uses it.
AS_A_BUILD = ("import sys, importlib.util; sys.modules['uharfbuzz'] = None; "
              "spec = importlib.util.find_spec('PIL.Image'); "
              "spec.loader = importlib.util.LazyLoader(spec.loader); "
              "pil = sys.modules['PIL.Image'] = importlib.util.module_from_spec(spec); "
              "spec.loader.exec_module(pil); sys.modules['PIL'].Image = pil; ")
LIBRARIES = AS_A_BUILD + "import reportlab.pdfgen.canvas, reportlab.pdfbase.ttfonts, yaml, pyphen"
# Run after a build in one process: the modules it loaded, one a line.
LOADED = ("import sys; from letterpress.cli import main; main(sys.argv[1:]); "
          "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)")


def timed(command: list[str], cache: Path | None = None) -> float:
    """Seconds ``command`` takes as a new process; with ``cache``, that is the user's cache
    folder (XDG_CACHE_HOME) it sees."""
    env = None if cache is None else {**os.environ, "XDG_CACHE_HOME": str(cache)}
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    return time.perf_counter() - start


def typst_or_none() -> object | None:
    try:
        import typst
    except ImportError:
        return None
    return typst


def cold_figures(pairs: int, out: Path) -> list[Figure]:
    """The sample built by letterpress and compiled by Typst, each as a new process, in
    ``pairs`` alternating rounds (with each, letterpress's first build, its user's cache
    empty): the medians and their ratio."""
    exe = shutil.which("letterpress")
    ours = [exe] if exe else [sys.executable, "-m", "letterpress"]
    build = [*ours, "build", str(SAMPLE), "-o", str(out / "letterpress.pdf"), "--force"]
    compile_ = [sys.executable, "-c",
                f"import typst; typst.compile({str(TYP)!r}, output={str(out / 'typst.pdf')!r},"
                f" font_paths=[{str(FONTS)!r}])"]
    filled = out / "user-cache"  # filled by the first build, as by a user's first
    timed(build, filled), timed(compile_)  # the files read once into the page cache too
    times: dict[str, list[float]] = {"ours": [], "typst": [], "first": []}
    for n in range(pairs):  # the three in turn, each first in every third round
        order = list(times)[n % 3:] + list(times)[:n % 3]
        for name in order:
            times[name].append(timed(compile_) if name == "typst" else timed(
                build, filled if name == "ours" else out / f"empty-cache-{n}"))
    ours_t, theirs_t, first_t = times["ours"], times["typst"], times["first"]
    mine, typst_time = statistics.median(ours_t), statistics.median(theirs_t)
    said = f"median of {pairs} alternating rounds"
    # the least a Python process building a PDF with these libraries can take: starting, and
    # importing what a build cannot do without, doing nothing with it
    floor = statistics.median(timed([sys.executable, "-c", LIBRARIES]) for _ in range(pairs))
    # starting, and importing every module a build loads (letterpress's own too), in one go
    loaded = subprocess.run([sys.executable, "-c", LOADED, *build[len(ours):]],
                            capture_output=True, text=True, check=True).stderr.split()
    wanted = [m for m in loaded if m.startswith(("letterpress", "reportlab", "yaml", "pyphen"))]
    imports = AS_A_BUILD + "; ".join(f"import {m}" for m in wanted)
    start = statistics.median(timed([sys.executable, "-c", "pass"]) for _ in range(pairs))
    imported = statistics.median(timed([sys.executable, "-c", imports]) for _ in range(pairs))
    return [Figure("cold.letterpress", mine * 1000, "ms",
                   "a new process building the sample, --force (a real build; the user's "
                   f"cache of pyphen's patterns filled, derived.py; {said})"),
            Figure("cold.uncached", statistics.median(first_t) * 1000, "ms",
                   "as cold.letterpress, the user's cache folder empty (a first build: "
                   "pyphen parses its patterns, and they are kept)"),
            Figure("cold.typst", typst_time * 1000, "ms",
                   "a new process compiling the same letter with Typst (the typst package)"),
            Figure("cold.ratio", mine / typst_time, "x",
                   "letterpress's cold build over Typst's, in the same run", "<= 1.00"),
            Figure("cold.python", start * 1000, "ms",
                   "a new Python process doing nothing"),
            Figure("cold.floor", floor * 1000, "ms",
                   "a new Python process importing ReportLab's canvas and TrueType fonts, "
                   "PyYAML and Pyphen as a build does (fonts.py: no HarfBuzz, Pillow put "
                   "off), building nothing"),
            Figure("cold.imports", imported * 1000, "ms",
                   f"a new Python process importing the {len(wanted)} modules of "
                   "letterpress and those libraries that a build of the sample loads, "
                   "building nothing")]


def in_process_figures(builds: int, out: Path) -> list[Figure]:
    """Per letter in one process, the fonts loaded once: laying the sample out and writing
    its PDF/A bytes (what issue 24 targets), and the whole build (reading and resolving the
    source, writing the file); Typst compiling its letter again, when installed. Each build
    does all its work: nothing of one letter is kept for the next but the fonts."""
    from letterpress.fonts import load_fonts
    from letterpress.pipeline import build, load, typeset
    from letterpress.world import World

    fonts = load_fonts()
    world = World(fonts)
    letter = load(SAMPLE, world).letter
    typeset(letter, fonts)  # warm: the first use of each font and dictionary
    figures = [
        Figure("process.typeset", best_of(lambda: typeset(letter, fonts), builds), "ms",
               "in one process: lay out the sample again and write its PDF/A bytes (its "
               "words' and paragraphs' items and its fonts' subsets kept from the run before, "
               "as a merge's body is from one recipient's letter to the next)", "<= 8"),
        Figure("process.unseen", best_of(lambda: typeset_unseen(letter, fonts), builds),
               "ms", "in one process: as process.typeset, as if the letter were new (what "
               "the process keeps of earlier letters emptied first: the items of words and "
               "paragraphs, their sums, hyphens, widths, the fonts' subsets)", "<= 8"),
        Figure("process.build", best_of(lambda: build(SAMPLE, out / "p.pdf", world, ),
                                        builds), "ms",
               "in one process: read, resolve, lay out, write the sample's PDF file")]
    typst = typst_or_none()
    if typst is not None:
        def compile_() -> None:
            typst.compile(str(TYP), output=str(out / "again.pdf"),  # type: ignore[attr-defined]
                          font_paths=[str(FONTS)])
        figures.append(Figure("process.typst", best_of(compile_, builds), "ms",
                              "in one process: Typst compiling its letter again"))
    return figures


def typeset_unseen(letter: object, fonts: object) -> None:
    """Lay out and write ``letter`` with everything the process kept of earlier letters
    emptied first (the items of its words and paragraphs, their sums, hyphenation points,
    widths, the fonts' subsets), as for a letter the process never saw: only the fonts and
    dictionaries stay."""
    from letterpress.layout import paragraph
    from letterpress.pdf import subsets
    from letterpress.pipeline import typeset

    paragraph.forget()
    subsets.forget()
    fonts.of(letter.typeface).forget_widths()  # type: ignore[attr-defined]
    typeset(letter, fonts)  # type: ignore[arg-type]


def best_of(step: Callable[[], object], count: int, rounds: int = 5) -> float:
    """Milliseconds a call of ``step``: the best of ``rounds`` means over ``count`` calls
    (the least disturbed by other processes on a shared machine)."""
    step()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(count):
            step()
        best = min(best, (time.perf_counter() - start) / count)
    return best * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15)
    pairs = parser.parse_args().pairs
    if typst_or_none() is None:
        print("bench/cold.py needs the typst package: "
              'pip install -c requirements.lock -e ".[bench]"')
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        print(f"load average {os.getloadavg()[0]:.1f}")
        for figure in cold_figures(pairs, Path(tmp)) + in_process_figures(20, Path(tmp)):
            print(figure.line(None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
