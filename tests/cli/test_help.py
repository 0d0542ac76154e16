"""The command line explains itself (issue 21, point 9): every command, option and argument
has help text; `archive ACTION --help` prints that action's own usage; `--version`; and
`letterpress` alone prints an overview and exits 0."""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO
from helpers.cli import in_folder

from letterpress.cli import COMMANDS, parser
from letterpress.cli.archive import ARCHIVE_ACTIONS, action_parsers


def parsers(top: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """``top`` and every parser under it (subcommands, and theirs)."""
    yield top
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from parsers(sub)


def without_help(top: argparse.ArgumentParser) -> list[str]:
    """Every option or argument (and subcommand) of ``top``'s tree that has no help text."""
    missing = []
    for each in parsers(top):
        for action in each._actions:
            if isinstance(action, argparse._SubParsersAction):
                documented = {c.dest for c in action._choices_actions
                              if (c.help or "").strip()}
                missing += [f"{each.prog} {name}" for name in action.choices
                            if name not in documented]
            elif not (action.help or "").strip() or action.help == argparse.SUPPRESS:
                missing.append(f"{each.prog} {'/'.join(action.option_strings) or action.dest}")
    return missing


def test_every_command_option_and_argument_has_help() -> None:
    assert without_help(parser()) == []
    for action_parser in action_parsers().values():
        assert without_help(action_parser) == []


def test_the_walk_finds_what_has_no_help() -> None:
    """The check above could fail: it sees an argument, an option and a command without."""
    top = argparse.ArgumentParser(prog="p")
    sub = top.add_subparsers(dest="command")
    child = sub.add_parser("child")  # no help=
    child.add_argument("thing")
    child.add_argument("--flag", action="store_true")
    child.add_argument("--fine", help="documented")
    assert without_help(top) == ["p child", "p child thing", "p child --flag"]


def test_the_walk_reaches_every_command() -> None:
    commands = {p.prog.split()[1] for p in parsers(parser()) if len(p.prog.split()) == 2}
    assert commands == set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_prints_its_own_help(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          command: str) -> None:
    result = in_folder(tmp_path, capsys, command, "--help")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith(f"usage: letterpress {command}")


# Which options each archive action takes, from its description in README.md and
# docs/archive.md: dates and JSON for list and search, trust for verify.
ACTION_OPTIONS = {
    "list": {"--archive", "--since", "--until", "--json", "--all-revisions"},
    "search": {"--archive", "--since", "--until", "--json"},
    "history": {"--archive"},
    "reindex": {"--archive"},
    "verify": {"--archive", "--trust", "--offline"},
}
ALL_OPTIONS = set().union(*ACTION_OPTIONS.values())


@pytest.mark.parametrize("action", ARCHIVE_ACTIONS)
@pytest.mark.parametrize("before", [[], ["--archive", "records"]])
def test_archive_action_help_is_the_actions_own(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], action: str,
        before: list[str]) -> None:
    result = in_folder(tmp_path, capsys, "archive", *before, action, "--help")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith(f"usage: letterpress archive {action} ")
    shown = {option for option in ALL_OPTIONS if option in result.stdout}
    assert shown == ACTION_OPTIONS[action]
    assert list(tmp_path.iterdir()) == []


def test_archive_help_without_an_action_is_the_archive_commands(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = in_folder(tmp_path, capsys, "archive", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: letterpress archive [--archive DIR]")


def test_version_is_the_projects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["version"]
    result = in_folder(tmp_path, capsys, "--version")
    assert result.returncode == 0
    assert result.stdout == f"letterpress {version}\n"


def test_letterpress_alone_prints_an_overview_and_exits_0(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = in_folder(tmp_path, capsys)
    assert result.returncode == 0 and result.stderr == ""
    listed = {line.split()[0] for line in result.stdout.splitlines()
              if line.startswith("  ") and line.strip()}
    assert listed == set(COMMANDS)
    assert "no letterpress.toml here or in a folder above" in result.stdout
    assert "letterpress init DIR" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_overview_names_the_project(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "letterpress.toml").write_text('output = "pdf"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    result = in_folder(tmp_path / "sub", capsys)
    assert result.returncode == 0
    assert "Project: ../letterpress.toml (letters in ../source/, PDFs in ../pdf/)" in (
        result.stdout)


def commands_of(top: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a.choices for a in top._actions if isinstance(a, argparse._SubParsersAction))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_parser_made_for_one_command_reads_it_as_the_whole_one_does(command: str) -> None:
    """A run makes the parsers of its command's area only (a cold build's few ms): that
    command's usage, help and arguments are those of the whole command line's."""
    whole, one = commands_of(parser()), commands_of(parser(command))
    assert set(one) < set(whole)  # fewer commands made
    assert one[command].format_help() == whole[command].format_help()
    assert one[command].format_usage() == whole[command].format_usage()


@pytest.mark.parametrize("argv", [
    ["build"], ["build", "a.yaml", "b.md", "-o", "out", "--force", "--check", "-j", "2"],
    ["build", "--strict", "--prune", "--archive", "arch", "--recipients", "r.csv", "x.yaml"],
    ["check", "letter.yaml", "letter.pdf"], ["sign", "--help"], ["build", "-j", "0"],
    ["build", "--bogus"], ["archive", "list"], ["init", "here"]])
def test_a_command_line_parses_the_same_with_its_area_alone(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    def parsed(top: argparse.ArgumentParser) -> tuple[object, str]:
        try:
            return vars(top.parse_args(argv)), capsys.readouterr().out
        except SystemExit as exc:  # --help, or a usage error: the same words, the same code
            out = capsys.readouterr()
            return exc.code, out.out + out.err

    assert parsed(parser(argv[0])) == parsed(parser())
