"""Revisions in the archive (issue 11, point 3): each revision is filed beside the earlier ones
and names the one it replaces; ``archive list`` shows the latest by default, every revision
with ``--all-revisions``, and the history on each line. Nothing filed is replaced."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import bagit
import pytest
from helpers import SAMPLE, SOURCE_DIR
from helpers.embedded import build_with_sources

from letterpress.archive import find, reindex, verify
from letterpress.cli import main
from letterpress.fonts import FontSet
from letterpress.world import World

R1, R2, R3 = (f"2020/2020-10-08_05-20_en_r{n}" for n in (1, 2, 3))
RU = "2026/2026-11-20_41-26_ru_r1"


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def revision(tmp_path: Path, number: int, old: str, new: str) -> Path:
    """The sample as revision ``number``, with ``old`` corrected to ``new``, built."""
    folder = tmp_path / f"r{number}"
    shutil.copytree(SOURCE_DIR, folder)
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    source = folder / SAMPLE.name
    source.write_text(f"revision: {number}\n" + text.replace(old, new), encoding="utf-8")
    return build_with_sources(source, tmp_path / f"appeal-r{number}.pdf")


def archive(*args: object) -> int:
    return main(["archive", "--archive", "archive", *map(str, args)])


@pytest.fixture
def filed(tmp_path: Path, sample_pdf: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> Path:
    """Revision 1 of the sample and a Russian letter filed, then revision 2 correcting a name."""
    monkeypatch.chdir(tmp_path)
    ru = build_with_sources(SOURCE_DIR / "2026-11-20-assembly-invitation-ru.yaml",
                            tmp_path / "ru.pdf")
    assert archive(shutil.copy(sample_pdf, tmp_path / "appeal.pdf"), ru) == 0
    first = snapshot(tmp_path / "archive" / R1)
    assert archive(revision(tmp_path, 2, "Rafik İsmayılov", "Rafiq İsmayılov")) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{tmp_path}/appeal-r2.pdf -> archive/{R2}"
    assert snapshot(tmp_path / "archive" / R1) == first  # nothing filed is replaced
    return tmp_path / "archive"


def listed(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    capsys.readouterr()
    assert archive(*args) == 0
    return [f"{line.split('  ')[0]}  {line.split('  ')[-2]}  {line.split('  ')[-1]}"
            if not line.startswith(" ") else line.strip()
            for line in capsys.readouterr().out.splitlines()]


@pytest.mark.slow
def test_each_revision_is_a_bag_that_names_the_one_it_replaces(filed: Path,
                                                               fonts: FontSet) -> None:
    info = bagit.Bag(str(filed / R2)).info
    assert (info["Letter-Revision"], info["Letter-Replaces"]) == ("2", R1)
    assert "Letter-Replaces" not in bagit.Bag(str(filed / R1)).info
    assert (filed / R2 / "data/appeal-r2.pdf").is_file()
    assert [e.bag for e in find(filed, World(fonts), "Rafik").entries] == [R1]
    assert [e.bag for e in find(filed, World(fonts), "Rafiq").entries] == [R2]
    assert verify(filed, World(fonts)).changes == ()


@pytest.mark.slow
def test_list_shows_the_latest_revision_and_the_history(
        filed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert listed(capsys, "list") == [f"05/20  r2 (replaces r1)  archive/{R2}",
                                      f"41/26  r1  archive/{RU}"]
    assert listed(capsys, "list", "--all-revisions") == [
        f"05/20  r1 (replaced by r2)  archive/{R1}", f"05/20  r2 (replaces r1)  archive/{R2}",
        f"41/26  r1  archive/{RU}"]
    # each hit, then the field that holds the query with a snippet around it: the appeal's
    # signatory Rafik İsmayılov (Rafiq in r2)
    found = listed(capsys, "search", "İsmayılov")
    assert found[0::2] == [f"05/20  r1 (replaced by r2)  archive/{R1}",
                           f"05/20  r2 (replaces r1)  archive/{R2}"]
    assert [line.split(": ")[0] for line in found[1::2]] == ["signatories", "signatories"]
    assert "Rafik [İsmayılov]" in found[1] and "Rafiq [İsmayılov]" in found[3]
    capsys.readouterr()
    assert archive("list", "--json") == 0
    [r2, ru] = json.loads(capsys.readouterr().out)
    assert (r2["revision"], r2["revisions"], r2["history"]) == (2, [1, 2], "r2 (replaces r1)")
    assert ru["revisions"] == [1]


@pytest.mark.slow
def test_a_third_revision_and_the_history_after_reindex(
        filed: Path, tmp_path: Path, fonts: FontSet,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(filed)
    assert archive(revision(tmp_path, 3, "Ms. Julie Verhara", "Ms. Julie Verhaar")) == 0
    assert {k: v for k, v in snapshot(filed).items() if k in before and k[:4].isdigit()} == {
        k: v for k, v in before.items() if k[:4].isdigit()}
    assert bagit.Bag(str(filed / R3)).info["Letter-Replaces"] == R2
    assert reindex(filed, World(fonts)) == (4, (), ())
    assert listed(capsys, "list", "--until", "2020-12-31") == [
        f"05/20  r3 (replaces r1, r2)  archive/{R3}"]
    assert [e.history for e in find(filed, World(fonts), None).entries][:3] == [
        "r1 (replaced by r2, r3)", "r2 (replaces r1; replaced by r3)", "r3 (replaces r1, r2)"]
