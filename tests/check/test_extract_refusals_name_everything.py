"""When extract refuses to write (README: "refusing paths that would leave the folder, and
existing files with other content unless --force"), the one line it prints names the PDF,
the embedded file, the path in the way and why; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SAMPLE
from helpers.embedded import build_with_sources

from letterpress.check.extract import Sources, read_sources, write_sources
from letterpress.errors import ExtractError


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    pdf = build_with_sources(SAMPLE, tmp_path_factory.mktemp("refusals") / "letter.pdf")
    return read_sources(pdf)


def refusal(sources: Sources, out: Path, force: bool = False) -> str:
    with pytest.raises(ExtractError) as caught:
        write_sources(sources, out, force=force)
    return str(caught.value)


def test_a_link_on_the_way_is_refused_naming_all(sources: Sources, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "letterheads").symlink_to(tmp_path / "elsewhere")
    assert refusal(sources, out) == (
        f"{sources.pdf}: letterheads/ogp.yaml: refused, {out / 'letterheads'} is a link "
        "(it could lead outside the folder)")
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert not (out / SAMPLE.name).exists()


def test_a_file_where_a_folder_goes_is_refused_naming_all(sources: Sources,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "letterheads").write_text("a file\n", encoding="utf-8")
    assert refusal(sources, out, force=True) == (
        f"{sources.pdf}: letterheads/ogp.yaml: refused, {out / 'letterheads'} is a file, "
        "not a folder")
    assert not (out / SAMPLE.name).exists()


def test_a_folder_where_a_file_goes_is_refused_naming_all(sources: Sources,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "letterheads/ogp.yaml").mkdir(parents=True)
    assert refusal(sources, out, force=True) == (
        f"{sources.pdf}: letterheads/ogp.yaml: refused, {out / 'letterheads/ogp.yaml'} is a "
        "folder")


def test_what_was_there_and_what_was_written(sources: Sources, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "letterheads").mkdir(parents=True)
    (out / "letterheads/ogp.yaml").write_bytes(sources.files[1].data)
    done = write_sources(sources, out)
    assert done.letter == out / SAMPLE.name
    assert done.written == (out / SAMPLE.name,)
    assert done.unchanged == (out / "letterheads/ogp.yaml",)
    assert (out / SAMPLE.name).read_bytes() == SAMPLE.read_bytes()
