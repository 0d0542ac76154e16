"""Benchmark letterpress on the letters in source/ and print the figures the issues ask for.

    python bench/bench.py            # all figures
    python bench/bench.py --quick    # fewer repetitions
    python bench/bench.py --texture  # only the texture figures

Prints, for the sample letter: the whole-process time of `letterpress build` (median of
several runs), the in-process time per letter over 100 builds, peak memory of a build
process, and the PDF's size; then the texture figures of every letter in source/, set in each
typeface (glyph
scaling, steps between neighbouring lines, letter spacing, word spaces, hyphens, hanging
punctuation), measured from the PDFs. `--texture` prints only those.
Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime
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
SAMPLE = ROOT / "source" / "2020-10-08-amnesty-appeal.yaml"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def whole_process(runs: int, out: Path) -> tuple[float, int]:
    exe = shutil.which("letterpress")
    cmd = [exe] if exe else [sys.executable, "-m", "letterpress"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        # --force: every run lays out and writes the letter; without it every run after the
        # first would find the PDF up to date and measure a no-op
        subprocess.run([*cmd, "build", str(SAMPLE), "-o", str(out / "sample.pdf"), "--force"],
                       check=True,
                       stdout=subprocess.DEVNULL,
                       env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        times.append(time.perf_counter() - start)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return statistics.median(times), peak_kib


def in_process(builds: int) -> float:
    from letterpress.fonts import load_fonts
    from letterpress.pipeline import load, typeset
    from letterpress.world import World

    fonts = load_fonts()
    letter = load(SAMPLE, World(fonts)).letter
    typeset(letter, fonts)  # warm caches once, as a long-running process would be
    start = time.perf_counter()
    for _ in range(builds):
        typeset(letter, fonts)
    return (time.perf_counter() - start) / builds


def pdfa_cost(builds: int) -> tuple[float, float]:
    """Rendering the laid-out sample as a plain PDF and as PDF/A-3b with its source files
    embedded: the PDF/A objects' share of a build. The fastest of many alternating renders
    (CPU time), since on a shared machine noise only ever adds time and a difference of two
    medians drowns in it."""
    from letterpress.fonts import load_fonts
    from letterpress.layout import lay_out
    from letterpress.pdf import RenderOptions, render_pdf
    from letterpress.pipeline import _attachments, load
    from letterpress.world import World

    fonts = load_fonts()
    loaded = load(SAMPLE, World(fonts))
    letter = loaded.letter
    document = lay_out(letter, fonts)
    when = datetime.datetime(2020, 10, 8, tzinfo=datetime.UTC)
    plain = RenderOptions(when, standard=None)
    archival = RenderOptions(when, attachments=_attachments(loaded.dependencies))
    best = {plain: float("inf"), archival: float("inf")}
    for _ in range(builds):
        for options in (plain, archival):
            start = time.process_time()
            render_pdf(document, fonts, options)
            best[options] = min(best[options], time.process_time() - start)
    return best[plain], best[archival]


def spacing_rows(out: Path) -> list[tuple[str, list[tuple[str, dict[str, float]]]]]:
    """For each typeface (serif, sans): the texture of every letter in source/ set in it."""
    import dataclasses

    sys.path.insert(0, str(ROOT / "tests"))
    from helpers.spacing import measure, space_em

    from letterpress.fonts import TYPEFACES, load_fonts
    from letterpress.layout.geometry import frame_for
    from letterpress.pipeline import letters_in, load, typeset
    from letterpress.world import World

    fonts = load_fonts()
    tables = []
    for typeface, face in TYPEFACES.items():
        natural = space_em(fonts.directory / face.files["regular"])
        rows = []
        for source in letters_in(ROOT / "source"):
            letter = dataclasses.replace(load(source, World(fonts)).letter, typeface=typeface)
            pdf = out / f"{source.stem}-{typeface}.pdf"
            pdf.write_bytes(typeset(letter, fonts)[0])
            frame = frame_for(letter.paper)
            rows.append((source.name,
                         measure(pdf, frame.left, frame.right, natural).summary()))
        tables.append((f"{typeface} ({face.family})", rows))
    return tables


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--texture", action="store_true", help="only the texture figures")
    args = parser.parse_args()
    try:
        import pdfminer  # noqa: F401  (the word-spacing figures read glyph positions with it)
    except ImportError:
        sys.exit("bench/bench.py measures word spacing with pdfminer.six, a test dependency:\n"
                 "  pip install -e \".[test]\"")
    if args.texture:
        with tempfile.TemporaryDirectory() as tmp:
            print_texture(spacing_rows(Path(tmp)))
        return
    runs, builds = (5, 20) if args.quick else (15, 100)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        median, peak = whole_process(runs, out)
        size = (out / "sample.pdf").stat().st_size
        per_letter = in_process(builds)
        print(f"sample letter: {SAMPLE.relative_to(ROOT)}")
        print(f"  whole-process build (median of {runs}): {median * 1000:.0f} ms"
              "   target < 250 ms")
        print(f"  in-process per letter (over {builds}):   {per_letter * 1000:.1f} ms"
              "   target < 15 ms")
        plain, archival = pdfa_cost(builds)
        print(f"  PDF/A-3b objects and embedded sources: {(archival - plain) * 1000:.2f} ms"
              f" per letter (render {plain * 1000:.1f} ms plain, {archival * 1000:.1f} ms"
              " PDF/A)   target <= 2 ms")
        print(f"  peak memory of a build process:       {peak / 1024:.1f} MiB")
        print(f"  PDF size:                             {size / 1024:.1f} KiB")
        print_texture(spacing_rows(out))


# LuaLaTeX with microtype (defaults) on the same measure, font and leading
# (docs/libraries.md, "Texture")
MICROTYPE = {"2020-10-08-amnesty-appeal.yaml": "1.30  scale 0.98-1.02  step 4.0 %  0 hyphens",
             "2026-11-20-assembly-invitation-ru.yaml":
                 "1.57 / p95 1.27  step 4.0 %  16 hyphens"}


def print_texture(tables: list[tuple[str, list[tuple[str, dict[str, float]]]]]) -> None:
    print("texture of body text, from glyph positions and the text state (pdfminer), each")
    print("letter of source/ set in each typeface:")
    for typeface, rows in tables:
        print(f"  typeface {typeface}")
        print(f"  {'letter':40} {'lines':>5} {'scale':>11} {'step':>6} {'ls':>3} {'max':>5} "
              f"{'p95':>5} {'min':>5} {'hyph':>4} {'row':>3} {'hang':>5}")
        for name, s in rows:
            scale = f"{s['scale_min']:.3f}-{s['scale_max']:.3f}"
            print(f"  {name:40} {s['lines']:5d} {scale:>11} {s['step'] * 100:4.2f}% "
                  f"{s['spaced']:3d} {s['max']:5.2f} {s['p95']:5.2f} {s['min']:5.2f} "
                  f"{s['hyphens']:4d} {s['in_a_row']:3d} {s['hang_min']:5.2f}")
    print("  scale: glyph scaling (Tz) of body lines; step: the largest difference between")
    print("  neighbouring lines of a paragraph; ls: letter-spaced lines; max/p95/min: word space")
    print("  on full lines (x natural); hyph: line-end hyphens; row: most in a row; hang: the")
    print("  smallest share of a line-edge punctuation mark's width beyond the margin")
    print("  targets: scale 0.98-1.02, step <= 1 %, ls 0, spaces 0.80-1.30, row <= 2")
    print("  word spaces are over the typeface's own space (0.25 em serif, 0.278 em sans)")
    print("  LuaLaTeX + microtype on the same text (serif):")
    for name, figures in MICROTYPE.items():
        print(f"    {name:38} widest {figures}")
    print("  the fewest hyphens each paragraph can be set with within the bounds, by exhaustive")
    print("  search: python bench/hyphens.py")

if __name__ == "__main__":
    main()
