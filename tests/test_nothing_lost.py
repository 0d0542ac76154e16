"""Nothing lost: exit codes that do not depend on who reads, YAML null as null, no input
overwritten, no temporary file left behind, and messages in the promised shape."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import REPO, SAMPLE, SEED_MARKDOWN, SOURCE_DIR
from helpers.processes import Child

from letterpress.cli import main
from letterpress.errors import SourceError
from letterpress.outputs import write_atomically
from letterpress.parse import yamltree
from letterpress.pipeline import load
from letterpress.world import World

LETTER = f"source/{SAMPLE.name}"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    shutil.copy(SEED_MARKDOWN, tmp_path / "appeal.md")
    return tmp_path


def run(cwd: Path, *args: str, close: str = "") -> subprocess.CompletedProcess[str]:
    """letterpress in a real process; ``close`` names a standard stream closed before it starts
    (as ``letterpress build >&-`` does in a shell)."""
    redirect = {"stdout": " >&-", "stderr": " 2>&-", "": ""}[close]
    command = " ".join([f"'{sys.executable}'", "-m", "letterpress", *args]) + redirect
    environ = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(["sh", "-c", command], cwd=cwd, env=environ, capture_output=True,
                            text=True, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


COMMANDS = {
    "build": (("build", LETTER), 0),
    "build --check": (("build", "--check", LETTER), 0),
    "bad input": (("build", "nowhere.yaml"), 2),
    "check": (("check", LETTER, "output/x.pdf"), 0),
    "import": (("import", "appeal.md"), 0),
    "schema": (("schema",), 0),
    "no command": ((), 0),  # the overview (issue 21, point 9)
}


@pytest.mark.slow
@pytest.mark.parametrize("close", ["stdout", "stderr"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_exit_codes_do_not_depend_on_who_reads(work: Path, name: str, close: str) -> None:
    assert run(work, "build", LETTER, "-o", "output/x.pdf").returncode == 0
    args, code = COMMANDS[name]
    assert run(work, *args).returncode == code
    assert run(work, *args, close=close).returncode == code


def test_a_closed_pipe_loses_the_schema_not_the_exit_code(work: Path) -> None:
    environ = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(["sh", "-c", f"'{sys.executable}' -m letterpress schema | head -c1"],
                            cwd=work, env=environ, capture_output=True, text=True, timeout=60)
    assert result.stdout == "{"
    assert result.stderr == ""


# --- YAML null --------------------------------------------------------------------------------

@pytest.fixture(params=["libyaml", "pure Python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML is installed without libyaml")
        monkeypatch.setattr(yamltree, "_LOADER", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yamltree, "_LOADER", yaml.SafeLoader)
    return str(request.param)


@pytest.mark.parametrize(("old", "new", "field"), [
    ("sender: Azerbaijan Open Government Platform", "sender: null", "sender"),
    ("sender: Azerbaijan Open Government Platform", "sender: ~", "sender"),
    ("name: Rafik İsmayılov", "name: ~", "signatories[0].members[27].name"),
])
def test_a_yaml_null_is_never_printed_as_a_name(work: Path, loader: str, old: str, new: str,
                                                 field: str) -> None:
    letter = work / LETTER
    letter.write_text(letter.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load(letter, World())
    assert [(d.field, d.message) for d in info.value.diagnostics] == [(field, "must not be empty")]


def test_an_optional_null_is_absent(work: Path, loader: str) -> None:
    letter = work / LETTER
    text = letter.read_text(encoding="utf-8")
    start = text.index("closing:")
    end = text.index("signatories:")
    letter.write_text(text[:start] + "closing: ~\n" + text[end:], encoding="utf-8")
    assert load(letter, World()).letter.closing == ()


# --- inputs are never overwritten ------------------------------------------------------------

def test_import_never_writes_over_its_own_input(work: Path) -> None:
    before = (work / "appeal.md").read_bytes()
    result = run(work, "import", "appeal.md", "-o", "appeal.md")
    assert result.returncode == 3
    assert "appeal.md: refusing to write over appeal.md" in result.stderr
    assert (work / "appeal.md").read_bytes() == before


def test_build_never_writes_over_a_file_the_letter_read(work: Path) -> None:
    head = work / "source/letterheads/ogp.yaml"
    copy = work / "source/letterheads/ogp.pdf"
    shutil.copy(head, copy)
    letter = work / LETTER
    letter.write_text(letter.read_text(encoding="utf-8").replace(
        "letterheads/ogp.yaml", "letterheads/ogp.pdf"), encoding="utf-8")
    before = copy.read_bytes()
    result = run(work, "build", LETTER, "-o", "source/letterheads/ogp.pdf")
    assert result.returncode == 3
    assert "refusing to write over" in result.stderr
    assert copy.read_bytes() == before


# --- temporary files ---------------------------------------------------------------------------

def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    code = "\n".join([
        "import os, sys, time",
        "from pathlib import Path",
        "import letterpress.cli as cli, letterpress.outputs as p",
        "cli.signal.signal(cli.signal.SIGTERM, cli._terminate)",  # as cli.run installs it
        "real = os.fdopen",
        "def slow(*args, **kwargs):",
        "    handle = real(*args, **kwargs)",
        "    print('writing', flush=True)",
        "    time.sleep(30)",
        "    return handle",
        "os.fdopen = slow",
        "try:",
        "    p.write_atomically(Path(sys.argv[1]), b'data')",
        "except cli.Terminated:",
        "    sys.exit(143)",
    ])
    with Child([sys.executable, "-c", code, str(tmp_path / "a.pdf")],
               env={**os.environ, "PYTHONPATH": str(REPO / "src")}) as child:
        assert child.line().strip() == "writing"
        assert [p.name for p in tmp_path.iterdir()][0].endswith(".part")
        child.signal(signal.SIGTERM)
        assert child.finish(30)[0] == 143
    assert list(tmp_path.iterdir()) == []


def test_a_stale_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    with Child([sys.executable, "-c", "pass"]) as dead:
        dead.finish()
    stale = tmp_path / f".a.pdf.{dead.process.pid}-0.part"
    stale.write_bytes(b"half")
    mine = tmp_path / f".a.pdf.{os.getpid()}-7.part"  # a live process's file stays
    mine.write_bytes(b"busy")
    write_atomically(tmp_path / "a.pdf", b"whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.pdf", mine.name])


def test_a_long_legal_output_name_is_written(tmp_path: Path) -> None:
    name = "x" * 251 + ".pdf"  # 255 bytes: the longest name a Linux file system allows
    write_atomically(tmp_path / name, b"whole")
    assert (tmp_path / name).read_bytes() == b"whole"
    assert [p.name for p in tmp_path.iterdir()] == [name]


# --- messages --------------------------------------------------------------------------------

def test_a_letter_path_that_is_a_folder(work: Path) -> None:
    (work / "folder.yaml").mkdir()
    result = run(work, "build", "folder.yaml")
    assert result.returncode == 2
    assert result.stderr == ("folder.yaml: no letters (.yaml, .yml, .md) in this folder\n"
                             "  hint: give letter files, or a folder that holds them\n")
    result = run(work, "check", "folder.yaml", "x.pdf")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "folder.yaml: cannot read the letter: it is a folder, not a file")


def test_an_empty_markdown_letter(work: Path) -> None:
    (work / "empty.md").write_text("", encoding="utf-8")
    result = run(work, "build", "empty.md")
    assert result.returncode == 2
    assert re.match(r"empty\.md(:\d+:\d+)?: ", result.stderr), result.stderr
    assert "object at 0x" not in result.stderr


def test_an_output_folder_that_is_a_file(work: Path) -> None:
    (work / "out").write_text("a file", encoding="utf-8")
    result = run(work, "build", LETTER, "-o", "out/")
    assert result.returncode == 3
    assert "out is a file, not a folder" in result.stderr
    assert "File exists" not in result.stderr
    assert (work / "out").read_text(encoding="utf-8") == "a file"


def test_an_entry_taller_than_a_page_is_located(work: Path) -> None:
    """In two columns (in one, such an entry breaks across pages: test_long_words)."""
    letter = work / LETTER
    text = letter.read_text(encoding="utf-8")
    line = text.splitlines().index("  - heading: \"NGO Representatives:\"") + 4
    role = " ".join(["role"] * 4000)
    text = text.replace("  - heading: \"NGO Representatives:\"\n",
                        "  - heading: \"NGO Representatives:\"\n    columns: 2\n", 1)
    letter.write_text(text.replace("        organisation: “Constitution” Research Fund",
                                   "        organisation: “Constitution” Research Fund\n"
                                   f"        role: {role}", 1), encoding="utf-8")
    result = run(work, "build", LETTER)
    assert result.returncode == 2
    assert re.match(rf"{re.escape(LETTER)}:{line}:\d+: signatories\[0\]\.members\[0\]: "
                    r"the entry is taller than a page\n  hint: ", result.stderr), result.stderr


def test_control_characters_in_messages_are_escaped(work: Path) -> None:
    letter = work / LETTER
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace("sender:", "\x1b[31msender\u200b:", 1), encoding="utf-8")
    result = run(work, "build", LETTER)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\u200b" not in result.stderr
    assert "\\x1b" in result.stderr or "U+001B" in result.stderr


def test_a_markdown_letter_warns_like_its_yaml(work: Path, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    markdown = work / "appeal.md"
    text = markdown.read_text(encoding="utf-8")
    markdown.write_text(re.sub(r"(?m)^44\. .*$\n?", "", text), encoding="utf-8")
    assert main(["build", str(markdown), "-o", str(work / "md.pdf")]) == 0
    assert "signed by 44, but 43 signatories are listed" in capsys.readouterr().err
    assert main(["build", "--strict", str(markdown), "-o", str(work / "strict.pdf")]) == 2
    assert not (work / "strict.pdf").exists()
    assert main(["import", str(markdown), "-o", str(work / "md.yaml")]) == 0
    assert main(["build", "--strict", str(work / "md.yaml"), "-o", str(work / "y.pdf")]) == 2
    errors = capsys.readouterr().err
    assert errors.count("signed by 44, but 43 signatories are listed") == 2
