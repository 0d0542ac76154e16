"""A project is found the way git finds a repository: from the current folder upward, by its
letterpress.toml, which names the folders of its letters, PDFs, archive and registry
(src/letterpress/cli/project.py). Commands run anywhere inside it use those folders; paths
given on the command line stay relative to the current folder; outside any project each
command says which folder it uses or why it cannot go on."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import in_folder
from helpers.registry import REGISTRY, letter

from letterpress.cli.project import find, letter_paths
from letterpress.errors import SourceError

NO_PROJECT = "no letterpress.toml here or in a folder above"
TOML = """\
source = "letters"
output = "pdf"
archive = "records"
registry = "letters/members.yaml"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose folders all have other names than the defaults, and a folder deep
    inside it (no source/, output/ or archive/ anywhere)."""
    root = tmp_path / "project"
    (root / "letters").mkdir(parents=True)
    (root / "letterpress.toml").write_text(TOML, encoding="utf-8")
    (root / "letters" / "members.yaml").write_text(REGISTRY, encoding="utf-8")
    (root / "letters" / "invitation.yaml").write_text(letter(), encoding="utf-8")
    (root / "notes" / "deep").mkdir(parents=True)
    return root


def test_the_project_is_found_from_a_folder_deep_inside(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "notes" / "deep")
    found = find()
    assert found.file == Path("../../letterpress.toml")
    assert (found.source, found.output) == (Path("../../letters"), Path("../../pdf"))
    assert (found.archive, found.registry) == (Path("../../records"),
                                               Path("../../letters/members.yaml"))


def test_build_from_a_subfolder_builds_the_projects_letters_into_its_output(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = project / "notes" / "deep"
    result = in_folder(deep, capsys, "build")
    assert result.returncode == 0, result.stderr
    assert (project / "pdf" / "invitation.pdf").is_file()
    assert "../../letters/invitation.yaml -> ../../pdf/invitation.pdf (1 page" in result.stdout
    assert list(deep.iterdir()) == []  # nothing written where the command ran
    assert result.stderr == ""


def test_paths_given_stay_relative_to_the_current_folder(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = project / "notes" / "deep"
    result = in_folder(deep, capsys, "build", "../../letters/invitation.yaml", "-o", "here")
    assert result.returncode == 0, result.stderr
    assert (deep / "here" / "invitation.pdf").is_file()
    assert not (project / "pdf").exists()


def test_affected_from_a_subfolder_reads_the_projects_registry(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = in_folder(project / "notes", capsys, "affected", "rafik-ismayilov")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("../letters/invitation.yaml:")
    checked = in_folder(project / "notes", capsys, "members", "check")
    assert checked.stdout.startswith("../letters/members.yaml: 2 members")


def test_a_registry_builds_would_not_read_is_refused_with_where_to_put_it(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One registry for every command: the one named is the one a build finds."""
    (project / "shared").mkdir()
    (project / "shared" / "members.yaml").write_text(REGISTRY, encoding="utf-8")
    toml = project / "letterpress.toml"
    toml.write_text(TOML.replace("letters/members.yaml", "shared/members.yaml"),
                    encoding="utf-8")
    monkeypatch.chdir(project)
    with pytest.raises(SourceError) as refused:
        find()
    assert str(refused.value).startswith(
        "letterpress.toml: registry: shared/members.yaml is not the members registry of the "
        "letters (builds of the letters in letters read letters/members.yaml")
    assert "put the registry in letters or a folder above it" in (refused.value.hint or "")
    (project / "letters" / "members.yaml").unlink()  # then no build would find one at all
    with pytest.raises(SourceError, match="would not find it"):
        find()


@pytest.mark.slow
def test_archive_and_builds_from_subfolders_use_the_projects_archive(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Filed from one subfolder, listed from another, and a build from a third is kept from
    changing the letter filed (the archive build consults is the project's, too)."""
    assert in_folder(project, capsys, "build").returncode == 0
    filed = in_folder(project / "notes" / "deep", capsys, "archive", "../../pdf/invitation.pdf")
    assert filed.returncode == 0, filed.stderr
    assert filed.stderr == ""
    assert (project / "records" / "register.sqlite").is_file()
    assert not (project / "notes" / "deep" / "archive").exists()
    listed = in_folder(project / "letters", capsys, "archive", "list")
    assert listed.returncode == 0 and "7/26" in listed.stdout
    source = project / "letters" / "invitation.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "about the assembly", "about the meeting"), encoding="utf-8")
    refused = in_folder(project / "notes", capsys, "build")
    assert refused.returncode == 2
    assert "was filed as sent (../records/" in refused.stderr


# --- outside any project ------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["build"], ["watch"], ["affected", "rafik-ismayilov"],
                                     ["members", "check"], ["archive", "list"],
                                     ["archive", "verify"]])
def test_outside_any_project_a_command_says_why_it_cannot_go_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    result = in_folder(tmp_path, capsys, *command)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert NO_PROJECT in first and first.startswith(("source: ", "archive: "))
    assert "hint: " in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_outside_any_project_a_new_archive_here_is_said_aloud(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert in_folder(project, capsys, "build").returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    pdf = str(project / "pdf" / "invitation.pdf")
    filed = in_folder(elsewhere, capsys, "archive", pdf)
    assert filed.returncode == 0, filed.stderr
    assert filed.stderr.startswith(f"note: archive: no archive in this folder, and {NO_PROJECT}"
                                   ": starting a new archive in archive/")
    assert (elsewhere / "archive").is_dir()
    again = in_folder(elsewhere, capsys, "archive", pdf)  # an archive here now: nothing said
    assert again.returncode == 0 and again.stderr == ""


def test_outside_any_project_source_here_is_used_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "source").mkdir()
    monkeypatch.chdir(tmp_path)
    assert letter_paths([], find()) == [Path("source")]
    assert letter_paths([Path("x.yaml")], find()) == [Path("x.yaml")]


# --- a wrong project file ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ('colour = "red"\n', "letterpress.toml: colour: not a setting of a project file"),
    ("source = 3\n", "letterpress.toml: source: expected a path in quotes, got 3"),
    ('source = "letters\n', "letterpress.toml: invalid TOML: "),
    ('output = ""\n', "letterpress.toml: output: expected a path in quotes, got ''"),
])
def test_a_wrong_project_file_is_a_message_naming_it_and_the_setting(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str) -> None:
    (tmp_path / "letterpress.toml").write_text(text, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    for folder, prefix in ((tmp_path, ""), (tmp_path / "sub", "../")):
        result = in_folder(folder, capsys, "build")
        assert result.returncode == 2
        assert result.stderr.startswith(prefix + message), result.stderr
        assert "Traceback" not in result.stderr


def test_a_project_whose_source_folder_is_missing_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "letterpress.toml").write_text('source = "letters"\n', encoding="utf-8")
    result = in_folder(tmp_path, capsys, "build")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "letterpress.toml: source: the folder letters does not exist")


def test_a_folder_named_like_the_project_file_is_no_project(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder named letterpress.toml is no project file: the search goes on above it."""
    (tmp_path / "letterpress.toml").mkdir()
    monkeypatch.chdir(tmp_path)
    assert find().file is None
