"""What the members registry and diff cost: run ``python bench/registry.py``.

In a scratch project: a registry of 1,000 members, and 200 copies of the sample letter whose
44 signatories are named by id. Prints (medians of several runs, in one process):
- parsing the registry (the first letter of a batch pays it; the others reuse it);
- loading one letter with its members named by id, against the same letter written out;
- ``affected``: finding an id in 200 letters that all name it, and one that none names;
- ``diff`` of two sources, and of two PDFs carrying their sources.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from letterpress.corrections.diff import diff_files
from letterpress.corrections.members import uses
from letterpress.pipeline import letters_in, load
from letterpress.resolve.registry import parse_registry
from letterpress.world import World

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "source" / "2020-10-08-amnesty-appeal.yaml"
MEMBERS, LETTERS, RUNS = 1000, 200, 5


def median_ms(task: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def project(root: Path) -> tuple[Path, Path]:
    """The registry and a letter naming its 44 signatories by id; returns both."""
    shutil.copytree(REPO / "source" / "letterheads", root / "letterheads")
    (root / ".git").mkdir()
    sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    listed = sample["signatories"][0]["members"]
    entries = [{"id": f"m{i}", **listed[i]} for i in range(len(listed))]
    entries += [{"id": f"x{i}", "name": f"Member Number{i}", "organisation": "Public Union"}
                for i in range(MEMBERS - len(entries))]
    (root / "members.yaml").write_text(yaml.safe_dump({"members": entries},
                                                      allow_unicode=True), encoding="utf-8")
    text = SAMPLE.read_text(encoding="utf-8")
    head, _, _ = text.partition("    members:\n")
    refs = "".join(f"      - member: m{i}\n" for i in range(len(listed)))
    letter = root / "by-id.yaml"
    letter.write_text(head + "    members:\n" + refs, encoding="utf-8")
    shutil.copy(SAMPLE, root / "inline.yaml")
    return root / "members.yaml", letter


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        registry, letter = project(root)
        world = World()
        text = registry.read_text(encoding="utf-8")
        coverage = world.fonts.coverage
        parse = median_ms(lambda: parse_registry.__wrapped__(text, str(registry), coverage))
        print(f"parse a registry of {MEMBERS} members: {parse:.1f} ms")
        load(letter, world)  # warm: fonts and the parsed registry
        by_id = median_ms(lambda: load(letter, world), 20)
        inline = median_ms(lambda: load(root / "inline.yaml", world), 20)
        print(f"load the sample, 44 members by id: {by_id:.2f} ms; written out: {inline:.2f} ms")
        folder = root / "letters"
        folder.mkdir()
        for i in range(LETTERS):
            shutil.copy(letter, folder / f"{i:03}.yaml")
        named = median_ms(lambda: uses("m27", letters_in(folder), world), 3)
        unnamed = median_ms(lambda: uses("x500", letters_in(folder), world), 3)
        print(f"affected, {LETTERS} letters: an id all of them name {named:.0f} ms, "
              f"one none names {unnamed:.0f} ms")
        changed = root / "changed.yaml"
        changed.write_text(SAMPLE.read_text(encoding="utf-8").replace("Rafik", "Rafiq"),
                           encoding="utf-8")
        diff = median_ms(lambda: diff_files(root / "inline.yaml", changed, world))
        print(f"diff of two sample sources (load both, compare): {diff:.1f} ms")


if __name__ == "__main__":
    main()
