"""The build cache (README, "Correcting a letter"; incremental.py's promise): what a PDF was
built from is recorded, a letter is built again when any recorded input differs or is gone,
an edited or missing PDF is built again, and a damaged, foreign or edited cache is ignored
with a notice that says why (every letter is then built). In process, on one small letter;
test_incremental.py runs `letterpress build` itself."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.cache_file import database, edit, rows

from letterpress.corrections.incremental import (
    CACHE_NAME,
    SETTLE,
    Cache,
    Input,
    Orphan,
    Record,
    build_changed,
    environment,
    inputs_of,
)
from letterpress.pipeline import build
from letterpress.world import Dependency, World

LETTER = """\
letterhead: head.yaml
reference: "7/26"
date: 2026-11-20
sender: The Secretariat
recipient: Members of the Platform
body:
  - We write to you about the assembly.
"""

ENV = ("1.0", "code", "fonts")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "letter.yaml").write_text(LETTER, encoding="utf-8")
    (tmp_path / "head.yaml").write_text("name: Open Government Platform\n", encoding="utf-8")
    return tmp_path


def built_once(folder: Path, warnings: int = 0) -> tuple[Cache, Path, Path]:
    """The letter built into out/ and recorded in a cache (saved)."""
    source, pdf = folder / "letter.yaml", folder / "out" / "letter.pdf"
    done = build(source, pdf, World())
    cache = Cache(folder / "out", ENV, {})
    cache.record(source, pdf, inputs_of(done.dependencies), done.sha256, warnings)
    cache.save()
    return cache, source, pdf


def reasons(cache: Cache, source: Path, pdf: Path, **options: bool) -> list[tuple[str, ...]]:
    return [s.reasons for s in cache.plan([(source, pdf)], **options).stale]


@pytest.mark.slow
def test_the_cache_reads_back_what_was_recorded(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    again = Cache.open(folder / "out", ENV)
    assert again.notice == ""
    assert again.records == cache.records
    record = again.records["letter.pdf"]
    assert record.source == str(source)
    assert record.output == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert record.environment == ENV
    assert [(Path(i.file).name, i.kind, i.part) for i in record.inputs] == [
        ("letter.yaml", "letter", ""), ("head.yaml", "letterhead", "")]
    assert [i.sha256 for i in record.inputs] == [
        hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in ("letter.yaml", "head.yaml")]
    assert reasons(again, source, pdf) == []
    assert again.plan([(source, pdf)]).fresh == ((source, pdf),)


def test_a_cache_is_written_only_when_something_changed(folder: Path) -> None:
    cache, _, _ = built_once(folder)
    path = folder / "out" / CACHE_NAME
    path.write_bytes(path.read_bytes())
    before = path.stat().st_mtime_ns, path.stat().st_ino
    cache.save()  # nothing changed since the last save
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before
    Cache.open(folder / "out", ENV).save()
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before


def test_every_input_is_compared_and_each_change_named(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    (folder / "head.yaml").write_text("name: Another Platform\n", encoding="utf-8")
    assert reasons(cache, source, pdf) == [(f"{folder / 'head.yaml'} changed",)]
    source.write_text(LETTER.replace("7/26", "7/27"), encoding="utf-8")
    assert reasons(cache, source, pdf) == [(f"{source} changed", f"{folder / 'head.yaml'} "
                                            "changed")]
    (folder / "head.yaml").unlink()
    assert reasons(cache, source, pdf) == [(f"{source} changed",
                                            f"{folder / 'head.yaml'} is gone")]
    assert reasons(cache, source, pdf, force=True) == [("--force",)]


def test_the_files_are_hashed_anew_in_each_plan(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    assert reasons(cache, source, pdf) == []
    (folder / "head.yaml").write_text("name: Another Platform\n", encoding="utf-8")
    assert reasons(cache, source, pdf) == [(f"{folder / 'head.yaml'} changed",)]


def test_strict_rebuilds_only_a_letter_that_had_warnings(folder: Path) -> None:
    cache, source, pdf = built_once(folder, warnings=1)
    assert reasons(cache, source, pdf) == []
    assert reasons(cache, source, pdf, strict=True) == [
        ("it has warnings, and --strict makes them errors",)]
    clean, _, _ = built_once(folder, warnings=0)
    assert reasons(clean, source, pdf, strict=True) == []


def test_a_letter_never_built_here_is_built_without_reasons(folder: Path) -> None:
    cache = Cache(folder / "out", ENV, {})
    plan = cache.plan([(folder / "letter.yaml", folder / "out" / "letter.pdf")])
    assert [(s.source.name, s.output.name, s.reasons) for s in plan.stale] == [
        ("letter.yaml", "letter.pdf", ())]
    assert plan.fresh == ()


def test_a_pdf_is_hashed_until_its_stat_has_settled(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    info = pdf.stat()
    stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    record = cache.records["letter.pdf"]
    # Verified SETTLE after its ctime and more: trusted without hashing, even if it lies.
    cache.records["letter.pdf"] = replace(record, stat=stat,
                                          verified=info.st_ctime_ns + SETTLE + 1,
                                          output="0" * 64)
    assert reasons(cache, source, pdf) == []
    # Verified exactly SETTLE after: a write within the clock tick could hide, so hashed.
    cache.records["letter.pdf"] = replace(record, stat=stat,
                                          verified=info.st_ctime_ns + SETTLE,
                                          output="0" * 64)
    assert reasons(cache, source, pdf) == [(f"{pdf} was changed after it was built",)]
    # Another stat (a different size, time or inode): hashed.
    for i in range(4):
        other = tuple(v + (k == i) for k, v in enumerate(stat))
        cache.records["letter.pdf"] = replace(record, stat=other,  # type: ignore[arg-type]
                                              verified=info.st_ctime_ns + 10 * SETTLE,
                                              output="0" * 64)
        assert reasons(cache, source, pdf) == [(f"{pdf} was changed after it was built",)], i


def test_a_settled_pdf_has_its_stat_recorded_and_saved(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    info = pdf.stat()
    old = info.st_ctime_ns - 3 * SETTLE
    assert reasons(cache, source, pdf) == []
    assert cache.records["letter.pdf"].stat == (0, 0, 0, 0)  # written just now: not settled
    # As if the PDF had been written long ago: ctime cannot be set, so the record is judged
    # against a clock that runs ahead.
    import time

    real = time.time_ns
    try:
        time.time_ns = lambda: real() + 2 * SETTLE  # type: ignore[assignment]
        assert reasons(cache, source, pdf) == []
    finally:
        time.time_ns = real  # type: ignore[assignment]
    record = cache.records["letter.pdf"]
    assert record.stat == (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    assert record.verified > info.st_ctime_ns + SETTLE > old
    cache.save()
    assert Cache.open(folder / "out", ENV).records["letter.pdf"] == record


def test_a_missing_pdf_is_built_again(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    pdf.unlink()
    assert reasons(cache, source, pdf) == [(f"{pdf} is missing",)]


def foreign_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(("make", "why"), [
    (lambda p: p.write_bytes(b"\xff\xfe{"), "it is not a letterpress cache: not SQLite"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84),
     "it is not a letterpress cache: not SQLite"),
    (foreign_database, "it is not a letterpress cache: no table of records"),
    (lambda p: database(p, {"format": "other", "version": "3"}),
     "it is not a letterpress cache"),
    (lambda p: database(p, {"format": "letterpress-cache", "version": "4"}),
     "it is a cache of format version 4, not 3"),
    (lambda p: database(p, {"format": "letterpress-cache"}),
     "it is a cache of format version None, not 3"),
])
def test_a_cache_that_cannot_be_trusted_is_ignored_saying_why(
        tmp_path: Path, make: Callable[[Path], object], why: str) -> None:
    make(tmp_path / CACHE_NAME)
    cache = Cache.open(tmp_path, ENV)
    assert cache.records == {}
    assert cache.notice == f"{tmp_path / CACHE_NAME}: ignored ({why}); building every letter"
    # the first record written replaces the file whole with a cache that can be read
    cache.record(tmp_path / "a.yaml", tmp_path / "a.pdf", (), "f" * 64, 0)
    cache.save()
    again = Cache.open(tmp_path, ENV)
    assert again.notice == "" and list(again.records) == ["a.pdf"]


def test_an_edited_record_is_ignored_and_its_letter_built(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    path = folder / "out" / CACHE_NAME
    head = hashlib.sha256((folder / "head.yaml").read_bytes()).hexdigest()
    (folder / "head.yaml").write_text("name: Another Platform\n", encoding="utf-8")
    # The lie: the record claims the letter was built from the letterhead as it is now.
    edit(path, "letter.pdf", lambda r: r["inputs"][1].__setitem__(
        3, hashlib.sha256((folder / "head.yaml").read_bytes()).hexdigest()))
    again = Cache.open(folder / "out", ENV)
    assert again.notice == ""
    assert reasons(again, source, pdf) == [(f"{pdf}: its record in the cache was edited or "
                                            "damaged",)]
    assert rows(path)["letter.pdf"]["inputs"][1][3] != head


GOOD = {"source": "/a.yaml", "output": "f" * 64, "warnings": 0, "stat": [1, 2, 3, 4],
        "verified": 5, "environment": ["1.0", "code", "fonts"],
        "inputs": [["/a.yaml", "letter", "", "e" * 64]]}
META = {"format": "letterpress-cache", "version": "3"}


@pytest.mark.parametrize("entry", [
    {k: v for k, v in GOOD.items() if k != "inputs"},
    {**GOOD, "inputs": "none"},
    {**GOOD, "environment": ["1.0", "code"]},
    {**GOOD, "environment": "1.0"},
    {**GOOD, "stat": [1, 2, 3]},
    {**GOOD, "stat": "1234"},
    {**GOOD, "warnings": "many"},
    {**GOOD, "inputs": [["/a.yaml", "letter", ""]]},
    "not a mapping",
])
def test_records_of_another_shape_are_ignored(tmp_path: Path, entry: object) -> None:
    database(tmp_path / CACHE_NAME, META, {"a.pdf": entry, "b.pdf": GOOD})
    cache = Cache.open(tmp_path, ENV)
    assert cache.notice == ""
    assert list(cache.records) == ["a.pdf", "b.pdf"]  # named, but the one not read
    assert cache.records.get("a.pdf") is None and cache.records.get("b.pdf") is not None
    assert cache.why(tmp_path / "a.yaml", tmp_path / "a.pdf") == (
        f"{tmp_path / 'a.pdf'}: its record in the cache is not of the expected shape",)


def test_a_sealed_record_of_the_right_shape_is_read(tmp_path: Path) -> None:
    database(tmp_path / CACHE_NAME, META, {"a.pdf": GOOD})
    cache = Cache.open(tmp_path, ENV)
    assert cache.notice == ""
    assert cache.records == {"a.pdf": Record(
        source="/a.yaml", inputs=(Input("/a.yaml", "letter", "e" * 64),), output="f" * 64,
        environment=("1.0", "code", "fonts"), warnings=0, stat=(1, 2, 3, 4), verified=5)}
    (tmp_path / "unsealed").mkdir()
    database(tmp_path / "unsealed" / CACHE_NAME, META, {"a.pdf": GOOD}, sealed=False)
    assert Cache.open(tmp_path / "unsealed", ENV).records.get("a.pdf") is None


def test_the_cache_of_an_earlier_letterpress_is_named_and_replaced(folder: Path) -> None:
    old = folder / "out" / ".letterpress-cache.json"
    old.parent.mkdir()
    old.write_text("{}", encoding="utf-8")
    cache = Cache.open(folder / "out", ENV)
    assert cache.notice == (f"{old}: the cache of an earlier letterpress; building every "
                            f"letter once (the new one is {CACHE_NAME})")
    source, pdf = folder / "letter.yaml", folder / "out" / "letter.pdf"
    assert [why for _, why in build_changed([(source, pdf)], cache, World())] == [()]
    assert not old.exists() and Cache.open(folder / "out", ENV).notice == ""


def test_an_unreadable_cache_is_ignored_and_an_absent_one_is_empty(tmp_path: Path) -> None:
    absent = Cache.open(tmp_path / "nowhere", ENV)
    assert (absent.records, absent.notice) == ({}, "")
    (tmp_path / "file").write_text("", encoding="utf-8")
    inside_a_file = Cache.open(tmp_path / "file", ENV)
    assert (inside_a_file.records, inside_a_file.notice) == ({}, "")
    (tmp_path / CACHE_NAME).mkdir()
    folder = Cache.open(tmp_path, ENV)
    assert folder.records == {}
    assert folder.notice == (f"{tmp_path / CACHE_NAME}: ignored (is a directory); "
                             "building every letter")
    assert Cache.open(tmp_path).environment == environment()


def test_a_failed_build_is_built_again_and_its_old_pdf_still_known(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    source.write_text(LETTER.replace("2026-11-20", "2026-02-30"), encoding="utf-8")
    outcomes = list(build_changed([(source, pdf)], cache, World()))
    assert [(o.error is not None, why) for o, why in outcomes] == [(True, (f"{source} "
                                                                          "changed",))]
    assert pdf.exists()  # the last good PDF is kept, and so is its record, marked
    saved = Cache.open(folder / "out", ENV)
    assert saved.records["letter.pdf"].failed
    # put back as it was: the PDF is that letter's, but the last build failed: built again
    source.write_text(LETTER, encoding="utf-8")
    assert saved.why(source, pdf) == ("its last build failed",)
    again = list(build_changed([(source, pdf)], saved, World()))
    assert [(o.built is not None, why) for o, why in again] == [
        (True, ("its last build failed",))]
    assert not Cache.open(folder / "out", ENV).records["letter.pdf"].failed
    cache.forget(folder / "out" / "other.pdf")  # forgetting what is not recorded: no change
    assert not cache._dirty


def test_a_failed_letter_whose_source_goes_is_an_orphan(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    source.write_text(LETTER.replace("2026-11-20", "2026-02-30"), encoding="utf-8")
    list(build_changed([(source, pdf)], cache, World()))
    source.unlink()
    assert Cache.open(folder / "out", ENV).orphans() == (Orphan(pdf, source),)


@pytest.mark.slow
def test_an_up_to_date_letter_is_read_back_on_request(folder: Path) -> None:
    source, pdf = folder / "letter.yaml", folder / "out" / "letter.pdf"
    cache = Cache.open(folder / "out")
    first = list(build_changed([(source, pdf)], cache, World()))
    assert [(o.built is not None, why) for o, why in first] == [(True, ())]
    quiet = list(build_changed([(source, pdf)], Cache.open(folder / "out"), World()))
    assert [(o.built, o.error, o.findings, why) for o, why in quiet] == [(None, None, None, ())]
    checked = list(build_changed([(source, pdf)], Cache.open(folder / "out"), World(),
                                 read_back=True))
    assert [(o.built, o.error, o.findings) for o, _ in checked] == [(None, None, ())]
    (folder / "head.yaml").unlink()  # the check cannot load the letter: an error, told
    (folder / "out" / CACHE_NAME).unlink()
    cache = Cache.open(folder / "out")
    cache.records["letter.pdf"] = Record(str(source), (), hashlib.sha256(
        pdf.read_bytes()).hexdigest(), cache.environment, 0)
    broken = list(build_changed([(source, pdf)], cache, World(), read_back=True))
    assert [(o.built, o.error is not None) for o, _ in broken] == [(None, True)]


def test_orphans_are_the_records_whose_source_is_gone(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    assert cache.orphans() == ()
    source.rename(folder / "moved.yaml")
    assert cache.orphans() == (Orphan(folder / "out" / "letter.pdf", source),)
    (folder / "out" / "other.pdf").write_bytes(b"%PDF-")
    cache.prune(cache.orphans()[0])
    assert not pdf.exists() and (folder / "out" / "other.pdf").exists()
    assert cache.records == {} and cache.orphans() == ()
    cache.save()
    assert Cache.open(folder / "out", ENV).records == {}


def test_affected_by_names_the_letters_that_read_a_file(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    head = str(folder / "head.yaml")
    assert cache.affected_by([head]) == {str(source)}
    assert cache.affected_by([str(source)]) == {str(source)}
    assert cache.affected_by([str(folder / "other.yaml")]) == set()


def test_inputs_name_absolute_files_and_the_parts_used(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    monkeypatch.chdir(tmp_path)
    deps = (Dependency(path=Path("a.yaml"), kind="letter", sha256="1", data=b""),
            Dependency(path=Path("m.yaml"), kind="registry", sha256="2", data=b""))
    assert inputs_of(deps) == (Input(str(tmp_path / "a.yaml"), "letter", "1"),
                               Input(str(tmp_path / "m.yaml"), "registry", "2"))
    parts = {str(tmp_path / "m.yaml"): {"b": "4", "a": "3"}}
    assert inputs_of(deps, parts) == (Input(str(tmp_path / "a.yaml"), "letter", "1"),
                                      Input(str(tmp_path / "m.yaml"), "registry", "3", "a"),
                                      Input(str(tmp_path / "m.yaml"), "registry", "4", "b"))
    assert inputs_of(deps, {str(tmp_path / "m.yaml"): {}}) == inputs_of(deps)
    assert os.path.isabs(inputs_of(deps)[0].file)


# --- build_changed: its options reach the plan and the build --------------------------------

WARNED = LETTER.replace("assembly.", "assembly. This letter is signed by 2 members.") + """\
signatories:
  - heading: "Signed:"
    members:
      - name: Leyla Guliyeva
"""


def outcomes(folder: Path, **options: bool) -> list[tuple[str, bool, bool, object,
                                                        tuple[str, ...]]]:
    """(source's name, built, failed, findings, reasons) of each letter of folder/*.yaml."""
    jobs = [(s, folder / "out" / f"{s.stem}.pdf") for s in sorted(folder.glob("[!h]*.yaml"))]
    cache = Cache.open(folder / "out", ENV)
    out = []
    for o, why in build_changed(jobs, cache, World(), **options):
        assert o.output == folder / "out" / f"{o.source.stem}.pdf"
        out.append((o.source.name, o.built is not None, o.error is not None, o.findings, why))
    return out


@pytest.mark.slow
def test_build_changed_passes_force_strict_and_read_back_on(folder: Path) -> None:
    (folder / "warned.yaml").write_text(WARNED, encoding="utf-8")
    assert outcomes(folder) == [("letter.yaml", True, False, None, ()),
                                ("warned.yaml", True, False, None, ())]  # not strict
    assert outcomes(folder) == [("letter.yaml", False, False, None, ()),
                                ("warned.yaml", False, False, None, ())]
    assert outcomes(folder, force=True) == [("letter.yaml", True, False, None, ("--force",)),
                                            ("warned.yaml", True, False, None, ("--force",))]
    strict = outcomes(folder, strict=True)
    assert strict == [("warned.yaml", False, True, None,
                       ("it has warnings, and --strict makes them errors",)),
                      ("letter.yaml", False, False, None, ())]
    (folder / "letter.yaml").write_text(LETTER.replace("7/26", "7/27"), encoding="utf-8")
    checked = outcomes(folder, read_back=True)
    assert checked[0][:4] == ("letter.yaml", True, False, ())  # built, and read back
    assert checked[1][:4] == ("warned.yaml", True, False, ())  # forgotten: built again


def test_every_up_to_date_letter_is_checked_even_after_one_fails(folder: Path) -> None:
    (folder / "second.yaml").write_text(LETTER, encoding="utf-8")
    assert [o[1] for o in outcomes(folder)] == [True, True]
    (folder / "out" / "letter.pdf").write_bytes(b"%PDF-1.7 not a letter")
    cache = Cache.open(folder / "out", ENV)
    info = (folder / "out" / "letter.pdf").stat()
    # as if verified: the plan trusts its stat, the check does not
    cache.records["letter.pdf"] = replace(
        cache.records["letter.pdf"], verified=info.st_ctime_ns + 2 * SETTLE,
        stat=(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    cache._dirty = True  # saved as a later build would, once the stat has settled
    cache.save()
    checked = outcomes(folder, read_back=True)
    assert [(name, failed, findings) for name, _, failed, findings, _ in checked] == [
        ("letter.yaml", True, None), ("second.yaml", False, ())]


def test_reasons_name_files_as_the_user_would(folder: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cache, source, pdf = built_once(folder)
    monkeypatch.chdir(folder)
    source.write_text(LETTER.replace("7/26", "7/27"), encoding="utf-8")
    pdf.unlink()
    assert reasons(cache, source, pdf) == [("letter.yaml changed", "out/letter.pdf is missing")]
    monkeypatch.chdir(folder / "out")
    assert reasons(cache, source, pdf) == [(f"{source} changed", "letter.pdf is missing")]


def test_an_orphan_whose_pdf_is_already_gone_is_pruned(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    source.unlink()
    pdf.unlink()
    [orphan] = cache.orphans()
    cache.prune(orphan)
    assert cache.records == {}


def test_the_notice_of_an_unreadable_cache_keeps_its_folder(tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).mkdir()
    cache = Cache.open(tmp_path, ENV)
    assert cache.folder == tmp_path and cache.path == tmp_path / CACHE_NAME


def registry_letter(folder: Path, name: str) -> tuple[Path, Path]:
    """folder/name/ holding a registry and a letter naming its member m."""
    (folder / name).mkdir()
    (folder / name / "members.yaml").write_text(
        "members:\n  - id: m\n    name: Leyla Guliyeva\n", encoding="utf-8")
    (folder / name / "letter.yaml").write_text(
        LETTER.replace("letterhead: head.yaml", "letterhead:\n  name: Platform")
        + "signatories:\n  - heading: Signed\n    members:\n      - member: m\n",
        encoding="utf-8")
    return folder / name / "letter.yaml", folder / "out" / f"{name}.pdf"


def test_each_registry_is_compared_by_its_own_entries(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    jobs = [registry_letter(tmp_path, "a"), registry_letter(tmp_path, "b")]
    cache = Cache.open(tmp_path / "out", ENV)
    assert [why for _, why in build_changed(jobs, cache, World())] == [(), ()]
    (tmp_path / "b" / "members.yaml").write_text(
        "members:\n  - id: m\n    name: Leyla Quliyeva\n", encoding="utf-8")
    plan = Cache.open(tmp_path / "out", ENV).plan(jobs)
    assert [(s.source, s.reasons) for s in plan.stale] == [
        (jobs[1][0], (f"{tmp_path / 'b' / 'members.yaml'}: m changed",))]


def test_a_registry_over_its_size_limit_is_no_longer_what_was_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from letterpress import world

    (tmp_path / ".git").mkdir()
    job = registry_letter(tmp_path, "a")
    cache = Cache.open(tmp_path / "out", ENV)
    list(build_changed([job], cache, World()))
    monkeypatch.setitem(world.SIZE_LIMITS, "registry", 10)
    registry = tmp_path / "a" / "members.yaml"
    assert [s.reasons for s in Cache.open(tmp_path / "out", ENV).plan([job]).stale] == [
        (f"{registry} is gone",)]


def test_a_part_of_a_kind_without_a_reader_of_parts_counts_as_gone(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    record = cache.records["letter.pdf"]
    cache.records["letter.pdf"] = replace(record, inputs=(
        *record.inputs, Input(str(source), "letter", "0" * 64, "a part")))
    assert reasons(cache, source, pdf) == [(f"{source} is gone",)]


@pytest.mark.parametrize("kind", ["letter", "letterhead"])
def test_each_input_is_read_within_the_limit_of_its_kind(
        folder: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """An input grown past the limit of its kind cannot be what the letter was built from
    (the build would refuse it): it is reported gone, whatever the other kinds allow."""
    from letterpress import world

    cache, source, pdf = built_once(folder)
    monkeypatch.setitem(world.SIZE_LIMITS, kind, 10)  # both files are longer than 10 bytes
    file = source if kind == "letter" else folder / "head.yaml"
    assert reasons(cache, source, pdf) == [(f"{file} is gone",)]


def test_an_input_of_a_kind_unknown_to_this_version_is_still_compared(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    record = cache.records["letter.pdf"]
    head = folder / "head.yaml"
    digest = hashlib.sha256(head.read_bytes()).hexdigest()
    cache.records["letter.pdf"] = replace(record, inputs=(
        *record.inputs, Input(str(head), "font", digest)))
    assert reasons(cache, source, pdf) == []
    head.write_text("name: Another\n", encoding="utf-8")
    assert f"{head} changed" in reasons(cache, source, pdf)[0]


def test_a_stat_is_recorded_only_once_its_ctime_is_more_than_settle_old(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    cache, source, pdf = built_once(folder)
    ctime = pdf.stat().st_ctime_ns
    monkeypatch.setattr(time, "time_ns", lambda: ctime + SETTLE)  # exactly SETTLE old
    assert reasons(cache, source, pdf) == []
    assert cache.records["letter.pdf"].stat == (0, 0, 0, 0)
    monkeypatch.setattr(time, "time_ns", lambda: ctime + SETTLE + 1)
    assert reasons(cache, source, pdf) == []
    assert cache.records["letter.pdf"].stat != (0, 0, 0, 0)
    assert cache.records["letter.pdf"].verified == ctime + SETTLE + 1


def test_a_letter_recorded_from_another_source_is_built_again(folder: Path) -> None:
    cache, source, pdf = built_once(folder)
    other = folder / "other.yaml"
    other.write_text(LETTER, encoding="utf-8")
    assert reasons(cache, other, pdf) == [(f"{pdf} was built from {source}",)]


def test_a_damaged_cache_keeps_the_folder_and_environment_it_was_opened_with(
        tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).write_bytes(b"{")
    cache = Cache.open(tmp_path, ENV)
    assert (cache.folder, cache.environment) == (tmp_path, ENV)


def test_a_cache_another_build_holds_is_waited_for_then_named_never_replaced(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from letterpress.corrections import records
    from letterpress.errors import WriteError

    built_once(folder)
    path = folder / "out" / CACHE_NAME
    monkeypatch.setattr(records, "BUSY_WAIT", 0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another build, in the middle of writing
    try:
        with pytest.raises(WriteError, match="the build cache is in use by another letterpress"):
            Cache.open(folder / "out", ENV)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert list(Cache.open(folder / "out", ENV).records) == ["letter.pdf"]  # still whole


def test_two_builds_making_a_folders_first_cache_at_once_keep_both_records(
        tmp_path: Path) -> None:
    """Two builds into a new folder each find no cache; the one that writes second uses the
    file the first made, rather than replacing it under the first."""
    first, second = Cache.open(tmp_path, ENV), Cache.open(tmp_path, ENV)
    second.record(tmp_path / "b.yaml", tmp_path / "b.pdf", (), "b" * 64, 0)
    first.record(tmp_path / "a.yaml", tmp_path / "a.pdf", (), "a" * 64, 0)
    second.record(tmp_path / "c.yaml", tmp_path / "c.pdf", (), "c" * 64, 0)
    first.save()
    second.save()
    assert list(Cache.open(tmp_path, ENV).records) == ["a.pdf", "b.pdf", "c.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [CACHE_NAME]  # nothing left beside


def test_a_batch_is_planned_as_it_is_built_and_sends_back_no_file_bytes(
        folder: Path) -> None:
    """build_changed takes a letter from its jobs only as it builds: when the first outcome
    comes, the second job has not been asked for (10,000 jobs are never planned at once),
    and the outcome carries the digests of the files the letter read, not their bytes."""
    (folder / "other.yaml").write_text(LETTER.replace("7/26", "7/27"), encoding="utf-8")
    taken: list[str] = []

    def jobs() -> Iterator[tuple[Path, Path]]:
        for name in ("letter", "other"):
            taken.append(name)
            yield folder / f"{name}.yaml", folder / "out" / f"{name}.pdf"

    cache = Cache.open(folder / "out", ENV)
    outcomes = build_changed(jobs(), cache, World())
    first, _ = next(outcomes)
    assert taken == ["letter"]
    assert first.built is not None and first.built.dependencies == ()
    assert [Path(i.file).name for i in cache.records["letter.pdf"].inputs] == [
        "letter.yaml", "head.yaml"]
    assert [o.output.name for o, _ in outcomes] == ["other.pdf"]
    assert taken == ["letter", "other"]
