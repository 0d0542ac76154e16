"""The user's cache of derived data (derived.py): an entry is used only for the very bytes
and the very deriver it was made from, a damaged or foreign one is not used, and nothing it
cannot read or write is an error (the data is derived again)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from letterpress import derived

SOURCE = b"UTF-8\n.ab1c\n"
BY = "deriver 1.0"
VALUE = ({"abc": (1, (1,)), "xyz": (0, (2, 0, 3))}, 3)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "cache")}


def test_the_folder_follows_xdg_cache_home_or_defaults_to_the_home_cache() -> None:
    assert derived.folder({"XDG_CACHE_HOME": "/var/cache/u"}) == Path("/var/cache/u/letterpress")
    home = Path.home() / ".cache" / "letterpress"
    assert derived.folder({}) == home
    # the specification: a relative path is invalid and is ignored
    assert derived.folder({"XDG_CACHE_HOME": "relative/cache"}) == home


def test_a_stored_value_is_loaded_for_the_same_bytes_and_deriver(env: dict[str, str]) -> None:
    assert derived.load("entry", SOURCE, BY, env) is None  # nothing kept yet
    derived.store("entry", SOURCE, BY, VALUE, env)
    assert derived.load("entry", SOURCE, BY, env) == VALUE
    assert [p.name for p in (Path(env["XDG_CACHE_HOME"]) / "letterpress").iterdir()] == [
        "entry"]  # no temporary file left beside it


def test_other_bytes_or_another_deriver_find_nothing(env: dict[str, str]) -> None:
    derived.store("entry", SOURCE, BY, VALUE, env)
    assert derived.load("entry", SOURCE + b"2d3\n", BY, env) is None
    assert derived.load("entry", SOURCE[:-1], BY, env) is None
    assert derived.load("entry", SOURCE, "deriver 1.1", env) is None
    assert derived.load("other", SOURCE, BY, env) is None


def test_storing_again_replaces_the_entry(env: dict[str, str]) -> None:
    derived.store("entry", SOURCE, BY, VALUE, env)
    derived.store("entry", SOURCE + b"x", BY, [1, 2], env)
    assert derived.load("entry", SOURCE + b"x", BY, env) == [1, 2]
    assert derived.load("entry", SOURCE, BY, env) is None


@pytest.mark.parametrize("damage", ["flipped", "truncated", "extended", "empty", "garbage"])
def test_a_damaged_entry_is_not_used(env: dict[str, str], damage: str) -> None:
    derived.store("entry", SOURCE, BY, VALUE, env)
    path = Path(env["XDG_CACHE_HOME"]) / "letterpress" / "entry"
    data = path.read_bytes()
    path.write_bytes({"flipped": data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
                      "truncated": data[:-1], "extended": data + b"\0", "empty": b"",
                      "garbage": os.urandom(len(data))}[damage])
    assert derived.load("entry", SOURCE, BY, env) is None


@pytest.mark.parametrize("what", ["folder", "pipe"])
def test_an_entry_that_is_not_a_regular_file_is_not_read(env: dict[str, str], what: str
                                                         ) -> None:
    path = Path(env["XDG_CACHE_HOME"]) / "letterpress" / "entry"
    path.parent.mkdir(parents=True)
    if what == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)  # opened for reading, a pipe with no writer would wait for ever
    assert derived.load("entry", SOURCE, BY, env) is None


def test_a_cache_folder_that_cannot_be_made_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    env = {"XDG_CACHE_HOME": str(blocked)}
    derived.store("entry", SOURCE, BY, VALUE, env)
    assert derived.load("entry", SOURCE, BY, env) is None
    assert blocked.read_text() == "not a folder"


def test_a_value_marshal_cannot_write_is_not_kept(env: dict[str, str]) -> None:
    class Number(int):
        pass

    derived.store("entry", SOURCE, BY, {"a": Number(1)}, env)
    assert derived.load("entry", SOURCE, BY, env) is None
    assert not (Path(env["XDG_CACHE_HOME"]) / "letterpress").exists() or not any(
        (Path(env["XDG_CACHE_HOME"]) / "letterpress").iterdir())


def test_no_home_folder_and_no_cache_variable_is_no_error(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", homeless)
    derived.store("entry", SOURCE, BY, VALUE, {})
    assert derived.load("entry", SOURCE, BY, {}) is None
