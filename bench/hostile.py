"""Time letterpress on hostile input: markup built to make a naive parser quadratic, and a
YAML alias bomb. These figures were time limits inside tests (tests/parse/test_inline.py,
tests/parse/test_source.py); a time limit in a test fails on a busy machine for no fault of the
code, so they are measured here and printed, never asserted.

    python bench/hostile.py            # median of 5 runs per input
    python bench/hostile.py --runs 1

Each markup input is timed at two sizes, n and 2n: the ratio of the two times is about 2 for
a parser linear in its input and about 4 for a quadratic one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from letterpress.world import World

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# name -> input at size n (the tests use these at a tenth of n)
MARKUP: dict[str, Callable[[int], str]] = {
    "unclosed-runs": lambda n: "*a **b " * n,
    "rule-of-3": lambda n: " **a" * n + "a*a" * n,
    "brackets": lambda n: "[" * 3 * n + "]" * 3 * n,
    "targets": lambda n: "[a](" + "[](" * 2 * n,
    "link-texts": lambda n: "[*a](" * (6 * n // 5),
    "odd-runs": lambda n: "**a*" * (3 * n // 2),
}
N = 10_000


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def alias_bomb() -> str:
    """Nine levels of nine aliases each: 9**9 strings if a loader expanded them."""
    lines = ["letterhead:", "  name: ACME", 'reference: "05/20"', "date: 2020-10-08",
             "sender: ACME", "recipient:", "  - Someone", "body:", "  - Hello.",
             'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def refuse(text: str, world: World) -> None:
    from letterpress.errors import SourceError
    from letterpress.pipeline import load_text

    try:
        load_text(text, "bomb.yaml", ROOT, world)
    except SourceError:
        return
    raise SystemExit("the alias bomb was accepted")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per input (median)")
    args = parser.parse_args()
    from letterpress.fonts import load_fonts
    from letterpress.inline import MARKDOWN, SOURCE, parse_inline

    print(f"inline markup, median of {args.runs} runs:")
    print(f"  {'input':14} {'dialect':9} {'chars at n':>10} {'n':>9} {'2n':>9} {'ratio':>6}")
    for name, make in MARKUP.items():
        for label, dialect in (("source", SOURCE), ("markdown", MARKDOWN)):
            small, large = make(N), make(2 * N)
            t1 = median_seconds(lambda: parse_inline(small, dialect), args.runs)  # noqa: B023
            t2 = median_seconds(lambda: parse_inline(large, dialect), args.runs)  # noqa: B023
            print(f"  {name:14} {label:9} {len(small):10d} {t1 * 1000:7.1f}ms "
                  f"{t2 * 1000:7.1f}ms {t2 / t1:6.2f}")
    world = World(load_fonts())
    bomb = alias_bomb()
    seconds = median_seconds(lambda: refuse(bomb, world), args.runs)
    print(f"YAML alias bomb (9 x 9 aliases), refused in {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
