"""The command line: ``letterpress.cli.main(argv)`` in this process, with the working folder
and the standard streams of a user's run.

Each test works in its own folder holding a copy of the repository's ``source/``, so the
default ``letterpress build`` (no arguments) builds ``source/`` into ``output/`` there. Only
what needs a process of its own runs ``python -m letterpress`` (section "in a process of its
own"): the exit through ``cli.run``, a reader that goes away, a full disk, and the time zone
and environment of a fresh process.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import REPO, SEED_MARKDOWN, SOURCE_DIR
from helpers.cli import DIAGNOSTIC, LETTER, STEM, Result, built, edit, letters, process
from helpers.processes import Child

from letterpress.cli import main

Run = Callable[..., Result]


@pytest.fixture
def run(work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """``letterpress ARGS...`` in ``work``, in this process: exit code, stdout, stderr. An
    exception other than argparse's exit fails the test, as a traceback would."""
    monkeypatch.chdir(work)

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse leaves this way: usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return Result(code, out, err)
    return run


def pdfs(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.pdf"))


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    return tmp_path


# --- build ----------------------------------------------------------------------------------


def test_build_without_arguments_builds_source_into_output(work: Path, run: Run) -> None:
    shutil.copy(SEED_MARKDOWN, work / "source" / "seed-appeal.md")
    result = run("build")
    assert result.returncode == 0, result.stderr
    # Every letter directly in source/, none of the letterheads in its subfolder.
    expected = [f"output/{stem}.pdf" for _, stem in built(work / "source")]
    assert len(expected) >= 2
    assert pdfs(work) == sorted(expected)
    for source, stem in built(work / "source"):
        assert f"source/{source.name} -> output/{stem}.pdf (" in result.stdout
    assert f"{LETTER} -> output/{STEM}.pdf (2 pages" in result.stdout
    # The seed states no language: the one thing said is that it was guessed, and from what.
    said = [line for line in result.stderr.splitlines() if not line.startswith("  hint:")]
    assert said == ["source/seed-appeal.md:17:1: language: warning: the letter does not state "
                    "its language; guessed 'en' from the labels 'From:', 'To:'"]


def test_one_bad_letter_does_not_stop_the_others(work: Path, run: Run) -> None:
    edit(work / LETTER, "date: 2020-10-08", "date: 2020-02-30")
    result = run("build")
    assert result.returncode == 2
    assert f"{LETTER}:4:7: date: '2020-02-30' is not a valid date" in result.stderr
    others = [f"output/{stem}.pdf" for p, stem in built(work / "source") if p.stem != STEM]
    assert pdfs(work) == sorted(others)


def test_build_with_check_reads_back(work: Path, run: Run) -> None:
    result = run("build", "--check", "-o", "out/appeal.pdf", LETTER)
    assert result.returncode == 0, result.stderr
    assert "out/appeal.pdf: every field of" in result.stdout
    assert pdfs(work) == ["out/appeal.pdf"]


def test_build_markdown_directly(work: Path, run: Run) -> None:
    shutil.copy(SEED_MARKDOWN, work / "letter.md")
    result = run("build", "letter.md")
    assert result.returncode == 0, result.stderr
    assert pdfs(work) == ["output/letter.pdf"]
    assert run("check", "letter.md", "output/letter.pdf").returncode == 0


def test_a_pdf_output_needs_exactly_one_letter(work: Path, run: Run) -> None:
    shutil.copy(SEED_MARKDOWN, work / "source" / "seed-appeal.md")
    result = run("build", "-o", "all.pdf")
    assert result.returncode == 2
    count = len(letters(work / "source"))
    assert f"all.pdf: a .pdf output needs exactly one letter, got {count}" in result.stderr
    assert pdfs(work) == []


def test_an_unwritable_output_is_a_message(work: Path, run: Run) -> None:
    result = run("build", "-o", f"{LETTER}/appeal.pdf", LETTER)
    assert result.returncode == 3  # an output that cannot be written: nothing was lost
    assert f"{LETTER}/appeal.pdf: cannot write the file" in result.stderr
    assert pdfs(work) == []


# --- check ----------------------------------------------------------------------------------

def test_check_finds_a_name_changed_after_the_build(work: Path, run: Run) -> None:
    assert run("build").returncode == 0
    pdf = f"output/{STEM}.pdf"
    assert run("check", LETTER, pdf).returncode == 0
    edit(work / LETTER, "name: Rafik İsmayılov", "name: Rafiq İsmayılov")
    result = run("check", LETTER, pdf)
    assert result.returncode == 1, result.stdout + result.stderr
    err = result.stderr
    assert "signatories[0].members[27]" in err
    assert re.search(r"expected: .*\bRafiq İsmayılov\b", err), err
    assert re.search(r"found: .*\bRafik İsmayılov\b", err), err
    assert f"{pdf}: 1 difference(s) from {LETTER}" in err
    # Nothing else differs: no other field is named.
    assert re.findall(r"^(\S+): ", err, re.MULTILINE) == ["signatories[0].members[27]", pdf]


def test_check_of_a_file_that_is_no_pdf(work: Path, run: Run) -> None:
    result = run("check", LETTER, LETTER)
    assert result.returncode == 2
    assert f"{LETTER}: not a PDF file" in result.stderr


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("sender: Azerbaijan", "sendr: Azerbaijan", "sendr", "unknown key 'sendr'"),
    ("date: 2020-10-08", "date: 2020-13-45", "date", "'2020-13-45' is not a valid date"),
    ("Ms. Julie Verhara", "Ms. Julie 漢 Verhara", "recipient[1]", "U+6F22"),
])
def test_bad_input_is_a_located_message(work: Path, run: Run, old: str, new: str, field: str,
                                        words: str) -> None:
    line = edit(work / LETTER, old, new)
    result = run("build", LETTER)
    assert result.returncode == 2
    found = {(m["file"], int(m["line"]), m["field"]) for m in DIAGNOSTIC.finditer(result.stderr)}
    assert (LETTER, line, field) in found, result.stderr
    assert words in result.stderr
    assert pdfs(work) == []
    assert not (work / "output").exists() or not any((work / "output").iterdir())


def test_every_problem_is_reported_in_one_run(work: Path, run: Run) -> None:
    lines = {edit(work / LETTER, "sender: Azerbaijan", "sendr: Azerbaijan"),
             edit(work / LETTER, "date: 2020-10-08", "date: 2020-13-45"),
             edit(work / LETTER, "Ms. Julie Verhara", "Ms. Julie 漢 Verhara")}
    result = run("build", LETTER)
    assert result.returncode == 2
    assert lines <= {int(m["line"]) for m in DIAGNOSTIC.finditer(result.stderr)}


def test_missing_files_are_clear_messages(work: Path, run: Run) -> None:
    for args, name in ((("build", "nowhere.yaml"), "nowhere.yaml"),
                       (("check", "nowhere.yaml", "nowhere.pdf"), "nowhere.yaml"),
                       (("check", LETTER, "nowhere.pdf"), "nowhere.pdf"),
                       (("import", "nowhere.md"), "nowhere.md")):
        result = run(*args)
        assert result.returncode == 2, args
        assert name in result.stderr, args
        assert re.search(r"no such file|No such file", result.stderr), args
    assert pdfs(work) == []


def test_an_empty_folder_has_no_letters(work: Path, run: Run) -> None:
    (work / "empty").mkdir()
    result = run("build", "empty")
    assert result.returncode == 2
    assert "no letters" in result.stderr


# --- the signatory count --------------------------------------------------------------------

def test_sample_has_no_count_warning(work: Path, run: Run) -> None:
    result = run("build", "--strict", LETTER)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower()


def test_a_missing_member_warns_and_strict_refuses(work: Path, run: Run) -> None:
    edit(work / LETTER, "      - name: Jalal Amanov\n"
         "        organisation: “Tereqqi” Social Development Public Union\n", "")
    line = next(i for i, text in enumerate((work / LETTER).read_text().splitlines(), start=1)
                if "signed by 44" in text)
    result = run("build", LETTER)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"^{re.escape(LETTER)}:{line}:\d+: closing\[0\]: warning: .*44.*43",
                     result.stderr, re.MULTILINE), result.stderr
    assert pdfs(work) == [f"output/{STEM}.pdf"]

    (work / "output" / f"{STEM}.pdf").unlink()
    strict = run("build", "--strict", LETTER)
    assert strict.returncode == 2
    assert "signed by 44, but 43 signatories are listed" in strict.stderr
    assert pdfs(work) == []


# --- import and schema ----------------------------------------------------------------------

def test_import_build_check(work: Path, run: Run) -> None:
    shutil.copy(SEED_MARKDOWN, work / "letter.md")
    result = run("import", "letter.md", "-o", "out.yaml")
    assert result.returncode == 0, result.stderr
    assert (work / "out.yaml").is_file()
    assert run("build", "out.yaml").returncode == 0
    check = run("check", "out.yaml", "output/out.pdf")
    assert check.returncode == 0, check.stderr
    assert "every field of out.yaml reads back as written" in check.stdout


def test_import_to_standard_output(work: Path, run: Run) -> None:
    shutil.copy(SEED_MARKDOWN, work / "letter.md")
    result = run("import", "letter.md")
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert data["reference"] == "05/20"
    assert len(data["signatories"][0]["members"]) == 44


def _load_yaml_keeping_dates_as_text(path: Path) -> object:
    """YAML as JSON sees it: a date is a string (JSON has no date type)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def test_schema_is_json_that_validates_the_sample(work: Path, run: Run) -> None:
    result = run("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    for source in letters(work / "source"):
        if source.suffix == ".yaml":
            errors = list(validator.iter_errors(_load_yaml_keeping_dates_as_text(source)))
            assert errors == [], (source.name, [e.message for e in errors])
    head_validator = validator_class({"$schema": schema["$schema"], "$defs": schema["$defs"],
                                      "$ref": "#/$defs/letterhead"})
    for head in (work / "source" / "letterheads").glob("*.yaml"):
        errors = list(head_validator.iter_errors(_load_yaml_keeping_dates_as_text(head)))
        assert errors == [], (head.name, [e.message for e in errors])
    assert not head_validator.is_valid({"name": "X", "fax": "1"})
    sample = _load_yaml_keeping_dates_as_text(work / LETTER)
    # It is not a schema that accepts anything.
    assert isinstance(sample, dict)
    assert not validator.is_valid({**sample, "colour": "red"})
    assert not validator.is_valid({k: v for k, v in sample.items() if k != "sender"})
    assert not validator.is_valid({**sample, "date": "08.10.2020"})


# --- usage ----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["import"], ["schema"]])
def test_help(work: Path, run: Run, command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: letterpress")
    assert result.stderr == ""


def test_no_command_shows_an_overview_and_builds_nothing(work: Path, run: Run) -> None:
    result = run()
    assert result.returncode == 0
    assert "Commands:" in result.stdout and result.stderr == ""
    assert pdfs(work) == []


def test_two_sources_with_one_name_are_refused_before_anything_is_built(work: Path,
                                                                        run: Run) -> None:
    (work / "source/2020-10-08-amnesty-appeal.md").write_text(
        (REPO / "tests/data/seed-appeal.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("build")
    assert result.returncode == 2
    assert "would both be built into output/2020-10-08-amnesty-appeal.pdf" in result.stderr
    assert pdfs(work) == []


def test_unknown_command_and_missing_arguments(work: Path, run: Run) -> None:
    for args in (["bogus"], ["check", LETTER], ["build", "--bogus"]):
        result = run(*args)
        assert result.returncode == 2, args
        assert "usage: letterpress" in result.stderr, args


# --- in a process of its own -------------------------------------------------------------------

@pytest.mark.slow
def test_the_command_exits_with_the_code_of_main_and_says_everything(work: Path,
                                                                     sample_pdf: Path) -> None:
    """``python -m letterpress`` leaves through cli.run (os._exit, no interpreter teardown):
    the exit code is main's and every line written before it reaches its stream."""
    shutil.copy(sample_pdf, work / "sample.pdf")
    edit(work / LETTER, "name: Rafik İsmayılov", "name: Rafiq İsmayılov")
    failed = process(work, "check", LETTER, "sample.pdf")
    assert failed.returncode == 1
    assert failed.stderr.endswith(f"sample.pdf: 1 difference(s) from {LETTER}\n")
    missing = process(work, "build", "nowhere.yaml")
    assert missing.returncode == 2
    assert missing.stderr.startswith("nowhere.yaml: cannot read the letter: no such file")


def test_build_is_the_same_in_every_process(work: Path, sample_pdf: Path) -> None:
    result = process(work, "build", LETTER, env={"TZ": "Asia/Baku", "SOURCE_DATE_EPOCH": "1"})
    assert result.returncode == 0, result.stderr
    assert (work / "output" / f"{STEM}.pdf").read_bytes() == sample_pdf.read_bytes()


@pytest.mark.slow
def test_a_reader_that_goes_away_stops_no_build(work: Path) -> None:
    """``letterpress build | head -1``: the pipe closes after the first line; every letter is
    still built, and no traceback appears."""
    with Child([sys.executable, "-m", "letterpress", "build"], cwd=work,
               read_stdout=False) as child:  # nobody reads the report
        code, _, errors = child.finish()
    assert code == 0, errors
    assert "Traceback" not in errors
    assert pdfs(work / "output") == sorted(stem + ".pdf" for _, stem in built(work / "source"))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_an_error_not_a_traceback(work: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "letterpress", "schema"], cwd=work,
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 3  # an I/O failure, not bad input
    assert result.stderr.strip() == "standard output: cannot write (no space left on device)"
