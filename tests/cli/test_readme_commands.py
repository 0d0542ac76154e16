"""Issue 21, point 3: what README.md tells a newcomer to type works. Every `letterpress`
command in its shell blocks is a command the command line accepts, with options it has; and
the walks that need nothing but this repository (the archive's, the registry's) run as
written in a copy of it, each step exiting as the README says."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, SOURCE_DIR
from helpers.cli import process
from helpers.ocr import needs_ocr

from letterpress.cli import parser

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.S)


def commands(block: str) -> list[str]:
    """The letterpress commands of a shell block: its lines joined where they continue, each
    split at && and ;, the prompt ($) and a comment after two spaces left out."""
    joined = block.replace("\\\n", " ")
    out = []
    for line in joined.splitlines():
        line = re.sub(r"\s{2,}#.*$", "", line.strip().removeprefix("$ "))
        for part in re.split(r"\s*(?:&&|;)\s*", line):
            if part.startswith("letterpress ") or part == "letterpress":
                out.append(part)
    return out


ALL = [c for block in BLOCKS for c in commands(block)]


def test_the_readme_shows_the_commands_it_promises() -> None:
    named = {shlex.split(c)[1] for c in ALL if len(shlex.split(c)) > 1}
    assert {"build", "check", "sign", "verify", "archive", "affected", "diff", "revise"} <= named


@pytest.mark.parametrize("command", ALL)
def test_every_readme_command_is_one_the_command_line_accepts(command: str) -> None:
    argv = shlex.split(command)[1:]
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        try:
            parser().parse_args(argv)
        except SystemExit as exc:  # argparse's way of refusing (or of printing --help)
            assert exc.code == 0, f"{command}: {errors.getvalue()}"


def test_the_command_table_names_every_command() -> None:
    import argparse

    table = README[README.index("## Commands"):README.index("`python -m letterpress` works")]
    [sub] = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    missing = [name for name in sub.choices if f"`letterpress {name}" not in table]
    assert missing == []


def block_with(word: str) -> list[str]:
    [block] = [b for b in BLOCKS if word in b]
    return commands(block)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's letters and project file, as a new user has them."""
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    shutil.copy(REPO / "letterpress.toml", tmp_path / "letterpress.toml")
    return tmp_path


@pytest.mark.slow
def test_the_archive_walk_runs_as_written(project: Path) -> None:
    for command in block_with("letterpress archive list --since"):
        done = process(project, *shlex.split(command)[1:])
        assert done.returncode == 0, f"{command}: {done.stderr}"
    assert (project / "archive/2020/2020-10-08_05-20_en_r1").is_dir()


@pytest.mark.slow
def test_the_registry_walk_finds_the_letters_it_names(project: Path) -> None:
    [affected] = [c for c in block_with("letterpress affected") if " affected " in c]
    done = process(project, *shlex.split(affected)[1:])
    assert done.returncode == 0, done.stderr
    named = {line.split(":")[0] for line in done.stdout.splitlines()}
    assert named == {f"source/{letter}-{language}.yaml" for language in ("az", "en", "ru")
                     for letter in ("2026-11-20-assembly-invitation",
                                    "2026-12-01-ministry-letter")} | {
        "source/2026-12-10-open-data-workshop.yaml"}  # the merge letter she signs
    assert process(project, "members", "check").returncode == 0


@needs_ocr
@pytest.mark.slow
def test_the_scan_walk_runs_as_written(project: Path) -> None:
    """Every line of "Archiving a hand-signed copy", run by the shell as written (pdftoppm
    standing in for the printer and scanner), exits 0; the scan is filed beside its letter."""
    [block] = [b for b in BLOCKS if "pdftoppm" in b]
    path = f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"
    for line in block.replace("\\\n", " ").splitlines():
        done = subprocess.run(["bash", "-c", line], cwd=project, capture_output=True,
                              text=True, env={**os.environ, "PATH": path}, timeout=600)
        assert done.returncode == 0, f"{line}: {done.stdout}{done.stderr}"
    assert (project / "archive/2026/2026-11-20_41-26_en_r1_scan/data/ocr.json").is_file()
