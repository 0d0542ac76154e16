"""The world: one door for files, fonts and the clock; parse, then resolve; one lint step."""

from __future__ import annotations

import datetime
import hashlib
import multiprocessing
import os
import shutil
import time
from pathlib import Path

import pytest
from helpers import SAMPLE, SEED_MARKDOWN, SOURCE_DIR

from letterpress.errors import SourceError
from letterpress.fonts import FontSet, load_fonts
from letterpress.model import LetterheadRef
from letterpress.pipeline import build, load
from letterpress.world import SIZE_LIMITS, Unreadable, World, read_file

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
                    "0000000c49444154789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082")


def test_load_records_every_file_the_letter_read(tmp_path: Path) -> None:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    head = tmp_path / "source/letterheads/ogp.yaml"
    head.write_text(head.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    (tmp_path / "source/letterheads/logo.png").write_bytes(PNG)
    letter = tmp_path / "source" / SAMPLE.name
    loaded = load(letter, World())
    assert [(d.path, d.kind) for d in loaded.dependencies] == [
        (letter, "letter"), (head, "letterhead"), (head.parent / "logo.png", "logo")]
    for dependency in loaded.dependencies:
        data = dependency.path.read_bytes()
        assert dependency.data == data
        assert dependency.sha256 == hashlib.sha256(data).hexdigest()
    assert loaded.letter.letterhead.logo_data == PNG


def test_a_markdown_letter_depends_on_its_file_alone() -> None:
    loaded = load(SEED_MARKDOWN, World())
    assert [d.path for d in loaded.dependencies] == [SEED_MARKDOWN]
    assert loaded.source.format == "markdown"


def test_parse_keeps_the_reference_and_positions() -> None:
    loaded = load(SAMPLE, World())
    source = loaded.source
    assert source.values["letterhead"] == LetterheadRef(file="letterheads/ogp.yaml")
    assert source.references["letterhead"] == "letterheads/ogp.yaml"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    where = source.positions["signatories[0].members[27].name"]
    assert lines[where.line - 1][where.column - 1:].startswith("Rafik İsmayılov")
    # the letterhead's fields are located in the letterhead's own file
    assert Path(loaded.positions["letterhead.name"].file).name == "ogp.yaml"


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "too big"])
def test_only_regular_files_under_the_limit_are_read(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "letter.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        with path.open("wb") as handle:
            handle.truncate(SIZE_LIMITS["letterhead"] + 1)
    started = time.monotonic()
    with pytest.raises(Unreadable) as info:
        read_file(path, "letterhead")
    assert time.monotonic() - started < 5  # a pipe nobody writes to does not hang the read
    expected = {"fifo": "it is a pipe, not a file", "device": "it is a device, not a file",
                "folder": "it is a folder, not a file",
                "too big": "the file is 1.0 MiB, more than a letterhead may be (1.0 MiB)"}
    assert info.value.reason == expected[kind]


def test_a_letterhead_that_is_a_device_is_a_located_error(tmp_path: Path) -> None:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    letter = tmp_path / "source" / SAMPLE.name
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace("letterheads/ogp.yaml", "/dev/zero"), encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load(letter, World())
    [d] = info.value.diagnostics
    line = text.splitlines().index("letterhead: letterheads/ogp.yaml") + 1
    assert (d.file, d.line, d.field) == (str(letter), line, "letterhead")
    assert d.message == "cannot read the letterhead file /dev/zero: it is a device, not a file"


def test_the_clock_is_the_worlds() -> None:
    fixed = datetime.datetime(2020, 10, 8, 12, tzinfo=datetime.UTC)
    assert World(clock=lambda: fixed).now() == fixed
    assert World().now().tzinfo is not None


def test_fonts_cross_into_a_spawned_process(fonts: FontSet) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        widths = pool.apply(_width_of, (fonts, "İsmayılov Əliyeva"))
    assert widths == fonts.width("İsmayılov Əliyeva", "bold", 11)


def _width_of(fonts: FontSet, text: str) -> float:
    fonts.name("bold")  # registers the font with ReportLab in this process
    return fonts.width(text, "bold", 11)


@pytest.mark.slow
def test_a_spawned_process_builds_with_the_fonts(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        pages = pool.apply(_build, (load_fonts(), SAMPLE, tmp_path / "a.pdf"))
    assert pages == 2
    assert (tmp_path / "a.pdf").read_bytes() == build(SAMPLE, tmp_path / "b.pdf", World()).output \
        .read_bytes()


def _build(fonts: FontSet, source: Path, out: Path) -> int:
    return build(source, out, World(fonts)).pages


def test_the_width_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import letterpress.fonts as module

    monkeypatch.setattr(module, "WIDTH_CACHE_SIZE", 50)
    fonts = FontSet(load_fonts().directory)
    for n in range(200):
        fonts.width(f"word{n}", "regular", 11)
    assert fonts.cached_widths <= 50


def test_nested_tracks_each_see_what_was_read_inside_them() -> None:
    world = World()
    with world.track() as outer:
        load(SEED_MARKDOWN, world)
        with world.track() as inner:
            load(SAMPLE, world)
    assert [d.path for d in inner] == [SAMPLE, SAMPLE.parent / "letterheads/ogp.yaml"]
    assert [d.path for d in outer][0] == SEED_MARKDOWN
    assert len(outer) == 3


@pytest.mark.slow
def test_model_classes_are_keyword_only() -> None:
    import dataclasses

    from letterpress import model

    classes = [c for c in vars(model).values()
               if isinstance(c, type) and dataclasses.is_dataclass(c)]
    assert len(classes) >= 9
    for cls in classes:
        assert all(f.kw_only for f in dataclasses.fields(cls)), cls
    make = model.Span
    with pytest.raises(TypeError):
        make("positional")  # type: ignore[misc]
