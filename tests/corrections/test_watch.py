"""`letterpress watch`: a save builds the letters it affects and no others; a broken save is
reported and leaves the last good PDF; watching goes on after it and stops cleanly."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO, SAMPLE, SOURCE_DIR
from helpers.cli import built
from helpers.processes import Child

from letterpress.corrections.watch import Round, Watcher, watch
from letterpress.world import World

TIMEOUT = 60  # seconds to wait for a round on a loaded machine; never a measured figure


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    return tmp_path


class Running:
    """``watch`` in a thread: its rounds in a queue, stopped at the end of the test."""

    def __init__(self, watcher: Watcher) -> None:
        self.rounds: queue.Queue[Round | BaseException] = queue.Queue()
        self.stop, self.ready = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run, args=(watcher,), daemon=True)
        self.thread.start()

    def _run(self, watcher: Watcher) -> None:
        try:
            for done in watch(watcher, stop=self.stop, ready=lambda roots: self.ready.set()):
                self.rounds.put(done)
        except BaseException as exc:  # shown by next(), so the test fails with it
            self.rounds.put(exc)

    def next(self) -> Round:
        done = self.rounds.get(timeout=TIMEOUT)
        if isinstance(done, BaseException):
            raise done
        return done

    def built(self) -> list[str]:
        """The letters the next round built or failed to build (by file name)."""
        return sorted(o.source.name for o, _ in self.next().built)


@pytest.fixture
def running(work: Path) -> Iterator[Running]:
    runner = Running(Watcher([work / "source"], work / "output", World()))
    yield runner
    runner.stop.set()
    runner.thread.join(timeout=TIMEOUT)
    assert not runner.thread.is_alive()


def save(path: Path, old: str, new: str) -> None:
    """Save as editors do, in one step (a new file renamed over the old): a file truncated
    and then written could be seen half written on a loaded machine, and built (and
    reported) as such before the rest of the save arrives."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(temporary, path)


@pytest.mark.slow
def test_a_save_builds_only_the_letters_it_affects(work: Path, running: Running) -> None:
    first = running.next()
    assert len(first.built) == len(built(work / "source"))
    assert running.ready.wait(TIMEOUT)
    letter = work / "source" / SAMPLE.name
    save(letter, "Ms. Julie Verhara", "Ms. Julie Verhera")
    done = running.next()
    assert [(o.source.name, reasons) for o, reasons in done.built] == [
        (SAMPLE.name, (f"{letter} changed",))]

    head = work / "source" / "letterheads" / "ogp.yaml"
    save(head, "name:", "# every letter reads the letterhead\nname:")
    assert running.built() == sorted(p.name for p, _ in built(work / "source"))


def test_a_broken_save_keeps_the_last_good_pdf_and_watching_goes_on(
        work: Path, running: Running) -> None:
    running.next()
    assert running.ready.wait(TIMEOUT)
    letter = work / "source" / SAMPLE.name
    pdf = work / "output" / f"{SAMPLE.stem}.pdf"
    good = pdf.read_bytes()
    save(letter, "date: 2020-10-08", "date: 2020-02-30")
    broken = running.next()
    assert [o.error is not None for o, _ in broken.built] == [True]
    error = broken.built[0][0].error
    assert error is not None and "'2020-02-30' is not a valid date" in error.format()
    assert pdf.read_bytes() == good
    save(letter, "date: 2020-02-30", "date: 2020-10-08")
    fixed = running.next()
    assert [(o.source.name, o.built is not None) for o, _ in fixed.built] == [
        (SAMPLE.name, True)]
    assert pdf.read_bytes() == good  # the same source again: the same bytes


def test_a_new_letter_is_built_and_a_deleted_one_reported(work: Path,
                                                         running: Running) -> None:
    running.next()
    assert running.ready.wait(TIMEOUT)
    shutil.copy(work / "source" / SAMPLE.name, work / "source" / ".copy.saving")
    os.replace(work / "source" / ".copy.saving", work / "source" / "copy.yaml")
    assert running.built() == ["copy.yaml"]
    (work / "source" / "copy.yaml").unlink()
    done = running.next()
    assert [o.output.name for o in done.orphans] == ["copy.pdf"]
    assert (work / "output" / "copy.pdf").exists()  # reported, never deleted here


@pytest.mark.slow
def test_the_command_stops_cleanly_on_ctrl_c(work: Path) -> None:
    environ = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    with Child([sys.executable, "-m", "letterpress", "watch"], cwd=work, env=environ) as child:
        lines = [child.line(TIMEOUT)]
        while not lines[-1].startswith("watching "):
            lines.append(child.line(TIMEOUT))
        assert lines[-1] == "watching source (Ctrl-C stops)\n", lines
        child.signal(signal.SIGINT)
        code, out, err = child.finish(TIMEOUT)
    assert code == 0, err
    assert out == "stopped\n"
    assert "Traceback" not in err
    assert sorted(p.name for p in (work / "output").glob("*.pdf")) == sorted(
        stem + ".pdf" for _, stem in built(work / "source"))


@pytest.mark.slow
def test_a_folder_moved_away_and_back_is_watched_again(work: Path, running: Running) -> None:
    running.next()
    assert running.ready.wait(TIMEOUT)
    running.ready.clear()
    shutil.move(work / "source", work / "away")
    gone = running.next()
    while not gone.notice:  # a round for the move's own events may come first
        gone = running.next()
    assert gone.notice.endswith("source: gone; waiting for it to come back (Ctrl-C stops)")
    letter = work / "away" / SAMPLE.name
    save(letter, "Ms. Julie Verhara", "Ms. Julie Verhera")  # edited while it was away
    shutil.move(work / "away", work / "source")
    back = running.next()
    while not back.notice:
        back = running.next()
    assert back.notice.endswith("source: back")
    assert [o.source.name for o, _ in back.built] == [SAMPLE.name]
    assert running.ready.wait(TIMEOUT)  # watching again: a save is seen
    save(work / "source" / SAMPLE.name, "Ms. Julie Verhera", "Ms. Julie Verhara")
    assert running.built() == [SAMPLE.name]
