"""Issue 24, point 3: `letterpress build -j N` builds on N processes (default: every usable
core), with the same PDFs, cache and lines as one process; one bad letter does not stop the
others; a terminal gets one progress line instead of a line a letter; Ctrl-C stops every
worker and leaves no half-written file."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import REPO, SAMPLE, SEED_MARKDOWN, SOURCE_DIR
from helpers.cache_file import rows
from helpers.cli import Result, edit
from helpers.cli import built as made_of
from helpers.processes import Child

from letterpress.cli import main
from letterpress.cli.progress import Progress
from letterpress.corrections.records import CACHE_NAME

Run = Callable[..., Result]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    shutil.copy(SEED_MARKDOWN, tmp_path / "source" / "seed-appeal.md")
    return tmp_path


@pytest.fixture
def run(work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    monkeypatch.chdir(work)

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return Result(code, out, err)
    return run


@pytest.mark.parametrize("given", ["0", "-1", "x", "2.5", ""])
def test_a_number_of_processes_that_is_not_one_or_more_is_refused(run: Run, given: str) -> None:
    result = run("build", "-j", given)
    assert result.returncode == 2
    assert "-j/--jobs" in result.stderr
    assert "give a whole number, 1 or more" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (Path("output")).exists()  # nothing was built


@pytest.mark.slow
def test_two_processes_write_the_bytes_and_the_cache_one_writes(work: Path, run: Run) -> None:
    one = run("build", "-o", "one", "-j", "1")
    two = run("build", "-o", "two", "-j", "2")
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    built = sorted(p.name for p in (work / "one").iterdir())
    assert built == sorted(p.name for p in (work / "two").iterdir())
    assert sorted(f"{stem}.pdf" for _, stem in made_of(work / "source")) == \
        [b for b in built if b.endswith(".pdf")]
    assert CACHE_NAME in built
    for name in built:  # every PDF byte for byte, and the same records in the cache
        if name == CACHE_NAME:
            assert rows(work / "one" / name) == rows(work / "two" / name)
            continue
        assert (work / "one" / name).read_bytes() == (work / "two" / name).read_bytes(), name
    # not on a terminal: the plain lines, one a letter, in the same order
    assert one.stdout.replace("one/", "two/") == two.stdout
    assert one.stderr == two.stderr
    assert "\r" not in two.stderr


@pytest.mark.slow
def test_one_bad_letter_among_many_fails_alone(work: Path, run: Run) -> None:
    edit(work / "source" / SAMPLE.name, "date: 2020-10-08", "date: 2020-02-30")
    result = run("build", "-j", "2")
    assert result.returncode == 2
    assert f"source/{SAMPLE.name}:4:7: date: '2020-02-30' is not a valid date" in result.stderr
    others = sorted(stem for _, stem in made_of(work / "source") if stem != SAMPLE.stem)
    assert len(others) == len(made_of(work / "source")) - 1 >= 7
    assert sorted(p.stem for p in (work / "output").glob("*.pdf")) == others
    assert result.stdout.count(" -> output/") == len(others)


@pytest.mark.slow
@pytest.mark.parametrize("stdout_too", [True, False])
def test_on_a_terminal_one_line_stands_for_the_letters_built(
        work: Path, run: Run, monkeypatch: pytest.MonkeyPatch, stdout_too: bool) -> None:
    edit(work / "source" / SAMPLE.name, "date: 2020-10-08", "date: 2020-02-30")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: stdout_too)
    result = run("build", "-j", "2")
    assert result.returncode == 2
    # the error in full, above the line; the line rewritten in place, then the summary
    assert f"source/{SAMPLE.name}:4:7: date: '2020-02-30' is not a valid date" in result.stderr
    n = len(made_of(work / "source"))  # each recipient of a merge letter's list counted
    assert f"\r\x1b[K{n}/{n} letters [########################] 100%" in result.stderr
    assert result.stderr.endswith(f"\r\x1b[K{n} of {n} letters in " + result.stderr.rsplit(
        f"\r\x1b[K{n} of {n} letters in ", 1)[1])
    assert result.stderr.rstrip("\n").endswith(", 1 failed")
    # the lines of letters built: not on the same terminal, still in a file or a pipe
    assert result.stdout.count(" -> output/") == (0 if stdout_too else n - 1)


def test_the_progress_line_says_done_rate_and_time_left() -> None:
    now = [100.0]
    progress = Progress(1000, active=True, clock=lambda: now[0])
    for _ in range(250):
        progress.advance()
    now[0] = 110.0  # 250 letters in 10 s: 25 a second, 750 left: 30 s
    assert progress.line(now[0]).startswith(
        "250/1000 letters [######..................]  25%  25.0/s  30.0 s left")
    progress.advance(failed=True)
    assert progress.line(now[0]).endswith("1 failed")


def test_off_a_terminal_nothing_is_drawn(capsys: pytest.CaptureFixture[str]) -> None:
    progress = Progress.for_terminal(10)  # pytest's capture is no terminal
    for _ in range(10):
        progress.advance()
    progress.finish()
    assert progress.shows_built_lines()
    assert capsys.readouterr().err == ""


def living(marker: str) -> list[int]:
    """The processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="lists processes through /proc")
def test_ctrl_c_stops_every_worker_and_leaves_no_part_file(tmp_path: Path) -> None:
    source = tmp_path / "many"
    shutil.copytree(SOURCE_DIR / "letterheads", source / "letterheads")
    text = SAMPLE.read_text(encoding="utf-8")
    for n in range(80):
        (source / f"letter-{n:03d}.yaml").write_text(
            text.replace('reference: "05/20"', f'reference: "{n}/20"', 1), encoding="utf-8")
    out = tmp_path / "out-of-the-interrupted-build"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    with Child([sys.executable, "-m", "letterpress", "build", str(source), "-o", str(out),
                "-j", "2"], env=env) as child:
        assert " -> " in child.line()  # building, on the workers
        child.signal(signal.SIGINT)
        code, _, err = child.finish()
    assert code == 130
    assert "Traceback" not in err
    deadline = time.monotonic() + 10
    while living(str(out)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert living(str(out)) == []  # no worker left behind
    assert [p.name for p in out.iterdir() if p.name.endswith(".part")] == []
    assert len(list(out.glob("*.pdf"))) < 80
