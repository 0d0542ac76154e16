"""The cost of filing letters in the archive and verifying it, per letter, for 100 letters.

    python bench/archive.py            # 100 letters
    python bench/archive.py --letters 20

Builds 100 letters (the letters of source/ with other references and dates) with their
sources inside, then measures, in one process, ``prepare`` + ``file_letter`` (what
`letterpress archive` does per PDF) and ``verify``; and, as whole processes,
`letterpress archive PDF...` of all of them into a new archive and `letterpress archive
verify`. Until every build embeds its sources, the letters get them as the tests give them
(tests/embedded.py). Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from letterpress.world import World

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))


def make_letters(count: int, folder: Path) -> list[Path]:
    from embedded import build_with_sources

    shutil.copytree(ROOT / "source", folder / "source")
    originals = sorted((folder / "source").glob("*.yaml"))
    pdfs = []
    for i in range(count):
        text = originals[i % len(originals)].read_text(encoding="utf-8")
        date = datetime.date(2026, 1, 1) + datetime.timedelta(days=i)
        text = re.sub(r'(?m)^reference: .*$', f'reference: "B{i:03d}/26"', text)
        text = re.sub(r"(?m)^date: .*$", f"date: {date.isoformat()}", text)
        source = folder / "source" / f"letter-{i:03d}.yaml"
        source.write_text(text, encoding="utf-8")
        pdfs.append(build_with_sources(source, folder / "pdf" / f"letter-{i:03d}.pdf"))
    return pdfs


Times = tuple[float, float]  # wall clock, processor (this process or the child)


def _clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _per(start: tuple[float, float], n: int) -> Times:
    wall, cpu = _clocks()
    return (wall - start[0]) / n, (cpu - start[1]) / n


def in_process(pdfs: list[Path], root: Path) -> tuple[Times, Times, Times]:
    from letterpress.archive import file_letter, prepare, require, verify
    from letterpress.fonts import load_fonts

    fonts = load_fonts()
    require(root, create=True)
    n = len(pdfs)
    start = _clocks()
    prepared = [prepare(pdf, World(fonts)) for pdf in pdfs]
    check = _per(start, n)
    start = _clocks()
    for p in prepared:
        file_letter(root, p, World(fonts))
    file = _per(start, n)
    start = _clocks()
    verified = verify(root, World(fonts))
    verify_times = _per(start, n)
    assert not verified.changes, verified.changes
    return check, file, verify_times


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_process(pdfs: list[Path], root: Path) -> tuple[Times, Times]:
    exe = shutil.which("letterpress")
    cmd = [exe] if exe else [sys.executable, "-m", "letterpress"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    times = []
    for args in (["archive", "--archive", str(root), *map(str, pdfs)],
                 ["archive", "--archive", str(root), "verify"]):
        start, cpu = time.perf_counter(), _children_cpu()
        subprocess.run([*cmd, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=env)
        times.append(((time.perf_counter() - start) / len(pdfs),
                      (_children_cpu() - cpu) / len(pdfs)))
    return times[0], times[1]


def _row(label: str, times: Times) -> str:
    return f"    {label:48} {times[0] * 1000:6.1f} ms  {times[1] * 1000:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=100, help="how many (default 100)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdfs = make_letters(args.letters, folder)
        check, file, verify = in_process(pdfs, folder / "a")
        size = sum(p.stat().st_size for p in (folder / "a").rglob("*") if p.is_file())
        archive, verify_whole = whole_process(pdfs, folder / "b")
    n = args.letters
    print(f"archive of {n} letters (the letters of source/ with other references and dates)")
    print(f"  per letter {'':39} wall clock  processor")
    print("  in one process:")
    print(_row("check before filing (sources, read-back, PDF/A)", check))
    print(_row("filing (bag, manifests, register)", file))
    print(_row("archive verify", verify))
    print("  whole processes:")
    print(_row(f"letterpress archive PDF... ({n} PDFs at once)", archive))
    print(_row("letterpress archive verify", verify_whole))
    print(f"  archive size: {size / n / 1024:.1f} KiB per letter (the PDF is most of it)")

if __name__ == "__main__":
    main()
