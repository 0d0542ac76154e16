"""letterpress init [DIR] starts a new set of letters: a project file, a letterhead, a members
registry, one example letter per language that names a member, a .gitignore for the PDFs and
the keys; it prints the next three commands, which run clean (issue 21, point 8)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers.cli import in_folder

WRITTEN = {"letterpress.toml", ".gitignore", "source/letterheads/letterhead.yaml",
           "source/members.yaml", "source/example-en.yaml", "source/example-az.yaml",
           "source/example-ru.yaml"}


def next_commands(stdout: str) -> list[str]:
    """The commands init printed after "Next:", one per line."""
    return [line.strip() for line in stdout.split("Next:\n", 1)[1].splitlines()]


@pytest.mark.slow
def test_the_three_commands_init_prints_run_clean(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    started = in_folder(tmp_path, capsys, "init", "letters")
    assert started.returncode == 0 and started.stderr == ""
    folder = tmp_path / "letters"
    assert {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} == WRITTEN
    commands = next_commands(started.stdout)
    assert len(commands) == 3
    here = tmp_path
    outputs = []
    for command in commands:
        words = shlex.split(command)
        if words[0] == "cd":
            here = here / words[1]
            continue
        assert words[0] == "letterpress"
        result = in_folder(here, capsys, *words[1:])
        assert result.returncode == 0, (command, result.stderr)
        assert result.stderr == "", command
        outputs.append(result.stdout)
    # built, and every field of each example read back as written
    for language in ("en", "az", "ru"):
        assert (folder / "output" / f"example-{language}.pdf").is_file()
        assert (f"output/example-{language}.pdf: every field of source/example-{language}.yaml"
                " reads back as written") in outputs[0]
    # the member the last command asks about is named by every example
    assert len(outputs[1].splitlines()) == 3


def test_every_example_letter_names_a_member_of_the_registry(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert in_folder(tmp_path, capsys, "init").returncode == 0
    ids = {m["id"] for m in yaml.safe_load(
        (tmp_path / "source/members.yaml").read_text(encoding="utf-8"))["members"]}
    languages = set()
    for path in sorted((tmp_path / "source").glob("example-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        languages.add(data["language"])
        named = {m.get("member") for g in data["signatories"] for m in g["members"]}
        assert named & ids, path
    assert languages == {"en", "az", "ru"}


def test_init_into_the_current_folder_starts_with_a_command_that_is_no_cd(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = in_folder(tmp_path, capsys, "init")
    assert started.returncode == 0
    assert [c.split()[0] for c in next_commands(started.stdout)] == ["letterpress"] * 3
    checked = in_folder(tmp_path, capsys, "members", "check")
    assert checked.stdout == "source/members.yaml: 2 members, 0 likely duplicates\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to judge .gitignore")
def test_the_gitignore_keeps_pdfs_and_keys_out_and_the_letters_in(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert in_folder(tmp_path, capsys, "init").returncode == 0
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, timeout=60)
    paths = ["output/example-en.pdf", "keys/trial.p12", "keys/trial.key", "signer.p12",
             "source/example-en.yaml", "source/members.yaml", "letterpress.toml"]
    done = subprocess.run(["git", "check-ignore", *paths], cwd=tmp_path, capture_output=True,
                          text=True, check=False, timeout=60)
    assert done.stdout.split() == paths[:4]


@pytest.mark.parametrize("existing", sorted(WRITTEN))
def test_init_writes_over_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  existing: str) -> None:
    (tmp_path / existing).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / existing).write_text("mine\n", encoding="utf-8")
    result = in_folder(tmp_path, capsys, "init")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{existing}: exists already")
    assert (tmp_path / existing).read_text(encoding="utf-8") == "mine\n"
    assert {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()} == {
        existing}


def test_init_of_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "letters").write_text("", encoding="utf-8")
    result = in_folder(tmp_path, capsys, "init", "letters")
    assert result.returncode == 2 and result.stderr.startswith("letters: not a folder")
