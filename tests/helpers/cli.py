"""Running letterpress as a user does: ``python -m letterpress`` in a process of its own, the
shape of a diagnostic line, and small file edits."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from helpers import REPO, SAMPLE

STEM = SAMPLE.stem


LETTER = f"source/{SAMPLE.name}"


# FILE:LINE:COL: FIELD: message  (the first line of a diagnostic)
DIAGNOSTIC = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<field>[^:\n]+): ",
                        re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def process(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """Run ``python -m letterpress`` in a process of its own."""
    environ = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    environ.pop("PYTHONWARNINGS", None)
    result = subprocess.run([sys.executable, "-m", "letterpress", *args], cwd=cwd,
                            env=environ, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return Result(result.returncode, result.stdout, result.stderr)


def in_folder(folder: Path, capsys: object, *args: str) -> Result:
    """``letterpress ARGS...`` run in ``folder``, in this process (``capsys``: pytest's
    capture of the standard streams): exit code, stdout, stderr."""
    from letterpress.cli import main

    capsys.readouterr()  # type: ignore[attr-defined]
    with contextlib.chdir(folder):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse leaves this way: usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()  # type: ignore[attr-defined]
    return Result(code, out, err)


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in the file by ``new``; the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old):], encoding="utf-8")
    return text.count("\n", 0, index) + 1


def letters(folder: Path) -> list[Path]:
    """The letters of ``folder`` as build finds them (its members registry is none)."""
    from letterpress.pipeline import letters_in

    return letters_in(folder)


def built(folder: Path) -> list[tuple[Path, str]]:
    """What ``letterpress build`` makes of the letters of ``folder``, in the order it builds
    them: (source, the stem of its PDF) for each letter, then for each merge letter one for
    each recipient of its recipients file."""
    from letterpress.merge import is_merge_letter, jobs
    from letterpress.world import World

    sources = letters(folder)
    out = [(s, s.stem) for s in sources if not is_merge_letter(s)]
    for merge in (s for s in sources if is_merge_letter(s)):
        out += [(merge, (job[1] if isinstance(job, tuple) else job.output).stem)
                for job in jobs(merge, folder, World())]
    return out
