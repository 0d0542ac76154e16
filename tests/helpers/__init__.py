"""What many tests share: the repository's letters and fonts, and letters read from text.

Tests reach letterpress the way a caller does: they make the world (the fonts, the files,
the clock) and hand it to the stages.
"""

from __future__ import annotations

from pathlib import Path

from letterpress.errors import Diagnostic
from letterpress.fonts import load_fonts
from letterpress.model import Letter
from letterpress.pipeline import letters_in, load, load_text
from letterpress.world import World

REPO = Path(__file__).resolve().parents[2]
SOURCE_DIR = REPO / "source"
SAMPLE = SOURCE_DIR / "2020-10-08-amnesty-appeal.yaml"


def _letters_built_from(folder: Path) -> list[Path]:
    """The letters ``letterpress build`` makes of ``folder``: each letter, and for a merge
    letter the letter merged for each recipient, written (with the letterheads and registry
    they name) into a scratch folder removed at exit."""
    import atexit
    import shutil
    import tempfile

    from letterpress.merge import is_merge_letter, jobs, merged_text

    letters = letters_in(folder)
    merges = [p for p in letters if is_merge_letter(p)]
    out = [p for p in letters if p not in merges]
    if merges:
        scratch = Path(tempfile.mkdtemp(prefix="letterpress-merged-"))
        atexit.register(shutil.rmtree, scratch, True)
        shutil.copytree(folder, scratch, dirs_exist_ok=True,
                        ignore=lambda at, names: [n for n in names if Path(at) == folder
                                                  and (folder / n) in letters])
        for merge in merges:
            for job in jobs(merge, scratch, World()):
                assert not isinstance(job, tuple), job[2].format()  # the example's rows build
                target = scratch / job.source.name
                target.write_text(merged_text(job, World()), encoding="utf-8")
                out.append(target)
    return out


# the letters of source/, as build makes them (not its members registry nor letterheads; a
# merge letter's once for each recipient)
SOURCE_LETTERS = _letters_built_from(SOURCE_DIR)
SEED_MARKDOWN = REPO / "tests/data/seed-appeal.md"
COVERAGE = load_fonts().coverage  # the code points the vendored fonts draw


def world() -> World:
    """A world with the vendored fonts (loaded once per process)."""
    return World(load_fonts())


def read_letter(text: str, filename: str = "letter.yaml", base_dir: Path = Path("."),
                in_world: World | None = None) -> tuple[Letter, tuple[Diagnostic, ...]]:
    """The letter written as ``text`` (YAML, or Markdown for a .md ``filename``), its files
    found in ``base_dir``, and its warnings; SourceError as for a file."""
    loaded = load_text(text, filename, base_dir, in_world or world())
    return loaded.letter, loaded.warnings


def letter_at(path: Path) -> tuple[Letter, tuple[Diagnostic, ...]]:
    """The letter in the file ``path`` and its warnings."""
    loaded = load(path, world())
    return loaded.letter, loaded.warnings
