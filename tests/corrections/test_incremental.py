"""Incremental builds: `letterpress build` builds again exactly the letters whose inputs
changed, says why, and never skips a letter because its cache lies (an edited or missing PDF,
an edited or damaged cache file)."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import SAMPLE, SOURCE_DIR
from helpers.cache_file import edit as edit_record
from helpers.cache_file import rows
from helpers.cli import LETTER, STEM, edit
from helpers.cli import built as made
from helpers.cli import process as run

from letterpress.corrections.incremental import (
    CACHE_NAME,
    PARTS,
    SETTLE,
    Cache,
    Input,
    environment,
    inputs_of,
)
from letterpress.pipeline import build
from letterpress.world import Dependency, World

HEAD = "source/letterheads/ogp.yaml"


def built(stdout: str) -> list[str]:
    """The sources a build reported building, in order."""
    return [line.split(" -> ")[0] for line in stdout.splitlines() if " -> " in line]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    return tmp_path


@pytest.mark.slow
def test_a_second_build_builds_nothing(work: Path) -> None:
    first = run(work, "build")
    assert first.returncode == 0, first.stderr
    count = len(made(work / "source"))
    assert len(built(first.stdout)) == count
    before = {p.name: p.stat().st_mtime_ns for p in (work / "output").glob("*.pdf")}
    second = run(work, "build")
    assert second.returncode == 0, second.stderr
    assert built(second.stdout) == []
    assert f"{count} letters up to date" in second.stdout
    assert {p.name: p.stat().st_mtime_ns for p in (work / "output").glob("*.pdf")} == before
    assert second.stderr == ""


@pytest.mark.slow
def test_exactly_the_letters_an_edit_affects_are_built_and_why(work: Path) -> None:
    assert run(work, "build").returncode == 0
    edit(work / LETTER, "Ms. Julie Verhara", "Ms. Julie Verhera")
    one = run(work, "build")
    assert built(one.stdout) == [LETTER]
    assert f"{LETTER} -> output/{STEM}.pdf (2 pages" in one.stdout
    assert f"; {LETTER} changed)" in one.stdout

    with (work / HEAD).open("a", encoding="utf-8") as handle:
        handle.write("# a comment changes the file, so every letter using it is built\n")
    every = run(work, "build")
    assert every.returncode == 0, every.stderr
    assert built(every.stdout) == [f"source/{p.name}" for p, _ in made(work / "source")]
    assert every.stdout.count(f"{HEAD} changed") == len(made(work / "source"))


@pytest.mark.slow
def test_force_builds_everything(work: Path) -> None:
    assert run(work, "build").returncode == 0
    forced = run(work, "build", "--force")
    assert len(built(forced.stdout)) == len(made(work / "source"))
    assert forced.stdout.count("--force)") == len(made(work / "source"))


@pytest.mark.slow
def test_an_edited_or_missing_pdf_is_built_again(work: Path) -> None:
    assert run(work, "build").returncode == 0
    pdf = work / "output" / f"{STEM}.pdf"
    good = pdf.read_bytes()
    info = pdf.stat()
    # Same size, same modification time: only the content (and the ctime) tells.
    pdf.write_bytes(good.replace(b"/Producer (letterpress)", b"/Producer (letterpres5)", 1))
    assert pdf.read_bytes() != good and pdf.stat().st_size == info.st_size
    os.utime(pdf, ns=(info.st_atime_ns, info.st_mtime_ns))
    again = run(work, "build")
    assert built(again.stdout) == [LETTER]
    assert f"output/{STEM}.pdf was changed after it was built" in again.stdout
    assert pdf.read_bytes() == good

    pdf.unlink()
    missing = run(work, "build")
    assert built(missing.stdout) == [LETTER]
    assert f"output/{STEM}.pdf is missing" in missing.stdout
    assert pdf.read_bytes() == good


@pytest.mark.slow
def test_an_edited_record_is_ignored_and_its_letter_built(work: Path) -> None:
    assert run(work, "build").returncode == 0
    edit(work / LETTER, "Ms. Julie Verhara", "Ms. Julie Verhera")
    cache = work / "output" / CACHE_NAME
    # The lie: the cache claims the letter was built from the source as it is now.
    now = hashlib.sha256((work / LETTER).read_bytes()).hexdigest()
    edit_record(cache, f"{STEM}.pdf", lambda r: r["inputs"][0].__setitem__(3, now))
    result = run(work, "build")
    assert result.returncode == 0, result.stderr
    assert built(result.stdout) == [LETTER]  # that letter alone: the others' records hold
    assert f"output/{STEM}.pdf: its record in the cache was edited or damaged" in result.stdout
    assert built(run(work, "build").stdout) == []  # a sound cache again


@pytest.mark.slow
def test_a_damaged_or_foreign_cache_is_ignored_with_a_notice(work: Path) -> None:
    assert run(work, "build").returncode == 0
    cache = work / "output" / CACHE_NAME
    for content, why in ((b"\x00\xff{", "not SQLite"), (b'{"letters": {}}', "not SQLite"),
                         (cache.read_bytes()[:100], "it is not a letterpress cache")):
        cache.write_bytes(content)
        result = run(work, "build")
        assert result.returncode == 0, result.stderr
        assert f"output/{CACHE_NAME}: ignored (" in result.stderr and why in result.stderr
        assert len(built(result.stdout)) == len(made(work / "source"))
        assert built(run(work, "build").stdout) == []  # replaced by a sound cache


@pytest.mark.slow
def test_a_broken_letter_is_reported_every_time_and_its_pdf_kept(work: Path) -> None:
    assert run(work, "build").returncode == 0
    pdf = work / "output" / f"{STEM}.pdf"
    good = pdf.read_bytes()
    edit(work / LETTER, "date: 2020-10-08", "date: 2020-02-30")
    for _ in range(2):  # never "up to date": a failed letter is not recorded
        result = run(work, "build")
        assert result.returncode == 2
        assert "'2020-02-30' is not a valid date" in result.stderr
        assert pdf.read_bytes() == good
    edit(work / LETTER, "date: 2020-02-30", "date: 2020-10-08")
    fixed = run(work, "build")
    assert built(fixed.stdout) == [LETTER]
    assert pdf.read_bytes() == good


@pytest.mark.slow
def test_strict_refuses_a_letter_built_with_warnings_before(work: Path) -> None:
    edit(work / LETTER, "      - name: Jalal Amanov\n"
         "        organisation: “Tereqqi” Social Development Public Union\n", "")
    assert run(work, "build", LETTER).returncode == 0
    strict = run(work, "build", "--strict", LETTER)
    assert strict.returncode == 2
    assert "signed by 44, but 43 signatories are listed" in strict.stderr


@pytest.mark.slow
def test_a_pdf_whose_source_is_gone_is_reported_and_pruned_on_request(work: Path) -> None:
    assert run(work, "build").returncode == 0
    (work / "output" / "mine.pdf").write_bytes(b"%PDF- not built by letterpress")
    moved = work / SAMPLE.name
    shutil.move(work / LETTER, moved)
    result = run(work, "build")
    assert result.returncode == 0, result.stderr
    assert (f"output/{STEM}.pdf: its source {LETTER} is gone (--prune deletes the PDF)"
            in result.stdout)
    assert (work / "output" / f"{STEM}.pdf").exists()
    pruned = run(work, "build", "--prune")
    assert f"output/{STEM}.pdf: deleted, its source {LETTER} is gone" in pruned.stdout
    assert not (work / "output" / f"{STEM}.pdf").exists()
    assert (work / "output" / "mine.pdf").exists()  # never built here: never deleted
    assert "is gone" not in run(work, "build").stdout


@pytest.mark.slow
def test_a_project_moved_whole_keeps_its_cache_and_prune_deletes_nothing(
        work: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert run(work, "build").returncode == 0
    pdfs = sorted(p.name for p in (work / "output").glob("*.pdf"))
    moved = tmp_path_factory.mktemp("elsewhere") / "project"
    shutil.move(work, moved)
    pruned = run(moved, "build", "--prune")
    assert pruned.returncode == 0, pruned.stderr
    assert "deleted" not in pruned.stdout and "is gone" not in pruned.stdout
    assert built(pruned.stdout) == []  # every letter still up to date where it now is
    assert sorted(p.name for p in (moved / "output").glob("*.pdf")) == pdfs
    records = rows(moved / "output" / CACHE_NAME)
    assert records and all(not os.path.isabs(r["source"]) for r in records.values())


@pytest.mark.slow
def test_a_letter_built_from_another_source_is_built_again(work: Path) -> None:
    assert run(work, "build", LETTER).returncode == 0
    (work / "other").mkdir()
    shutil.copy(work / LETTER, work / "other" / SAMPLE.name)
    shutil.copytree(work / "source" / "letterheads", work / "other" / "letterheads")
    result = run(work, "build", f"other/{SAMPLE.name}")
    assert built(result.stdout) == [f"other/{SAMPLE.name}"]
    assert f"output/{STEM}.pdf was built from {LETTER}" in result.stdout


def test_a_pdf_edited_after_its_stat_was_trusted_is_still_found(tmp_path: Path) -> None:
    """The stat shortcut: a PDF is hashed until its ctime is SETTLE old; then a stat with the
    same size and mtime but a new ctime (an edit) sends it to be hashed again."""
    out = tmp_path / "out"
    pdf = out / "a.pdf"
    done = build(SAMPLE, pdf, World())
    env = environment()
    cache = Cache(out, env, {})
    cache.record(SAMPLE, pdf, inputs_of(done.dependencies), done.sha256, 0)
    assert cache.plan([(SAMPLE, pdf)]).fresh == ((SAMPLE, pdf),)
    record = cache.records["a.pdf"]
    assert record.stat == (0, 0, 0, 0)  # too fresh to trust: not recorded
    info = pdf.stat()
    # As if its hash had been verified long after it was written:
    cache.records["a.pdf"] = replace(
        record, stat=(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino),
        verified=info.st_ctime_ns + 2 * SETTLE)
    assert cache.plan([(SAMPLE, pdf)]).fresh == ((SAMPLE, pdf),)
    time.sleep(0.05)
    data = pdf.read_bytes()
    pdf.write_bytes(data[:-10] + b"%%EOF\n    ")
    os.utime(pdf, ns=(info.st_atime_ns, info.st_mtime_ns))
    plan = cache.plan([(SAMPLE, pdf)])
    assert [s.reasons for s in plan.stale] == [(f"{pdf} was changed after it was built",)]


def test_a_part_of_a_file_is_compared_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    """How a registry's entries slot in: a reader of parts for the file's kind, and inputs
    naming the parts a letter used. Editing another entry leaves the letter up to date."""
    def entries(data: bytes) -> dict[str, str]:
        lines = data.decode().splitlines()
        return {line.split(":")[0]: hashlib.sha256(line.encode()).hexdigest() for line in lines}

    monkeypatch.setitem(PARTS, "registry", entries)
    registry = tmp_path / "members.yaml"
    registry.write_text("rafik: Rafik İsmayılov\njalal: Jalal Amanov\n", encoding="utf-8")
    out = tmp_path / "out"
    pdf = out / "a.pdf"
    done = build(SAMPLE, pdf, World())
    used = {str(registry): {"rafik": entries(registry.read_bytes())["rafik"]}}
    reg = Dependency(path=registry, kind="registry", sha256="", data=b"")
    inputs = inputs_of((*done.dependencies, reg), used)
    assert inputs[-1] == Input(str(registry), "registry", used[str(registry)]["rafik"],
                               "rafik")
    cache = Cache(out, environment(), {})
    cache.record(SAMPLE, pdf, inputs, done.sha256, 0)
    registry.write_text("rafik: Rafik İsmayılov\njalal: Jalal Amanov Jr.\n", encoding="utf-8")
    assert cache.plan([(SAMPLE, pdf)]).fresh == ((SAMPLE, pdf),)
    registry.write_text("rafik: Rafiq İsmayılov\njalal: Jalal Amanov Jr.\n", encoding="utf-8")
    assert [s.reasons for s in cache.plan([(SAMPLE, pdf)]).stale] == [
        (f"{registry}: rafik changed",)]
    registry.unlink()
    assert [s.reasons for s in cache.plan([(SAMPLE, pdf)]).stale] == [
        (f"{registry} is gone",)]
