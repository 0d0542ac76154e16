"""pyphen's parsed patterns kept between processes (layout/paragraph.py, derived.py): a build
hyphenates every word as pyphen itself does, parsing its dictionary afresh, whether the
user's cache is empty, filled, damaged or filled for other bytes; and a filled entry is what
a new process uses (so it must be keyed by the exact dictionary it came from).

The oracle is pyphen asked directly (``cache=False``: its own parse of the file), with the
README's letters either side: two and three in English, two and two in Russian."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyphen
import pytest
from helpers import REPO, SOURCE_DIR

from letterpress import derived

DICTIONARIES = {"en": ("en_US", 2, 3), "ru": ("ru_RU", 2, 2)}
SCRIPTS = {"en": r"[a-z]{5,}", "ru": r"[а-яё]{5,}"}
CODE = ("import json, sys; from letterpress.layout.paragraph import hyphenation_points; "
        "words = json.load(sys.stdin); print(json.dumps({language: [list(hyphenation_points("
        "w, language)) for w in ws] for language, ws in words.items()}))")


def words() -> dict[str, list[str]]:
    """The lower-case words of five letters or more in the repository's letters."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SOURCE_DIR.glob("*.yaml")))
    return {language: sorted(set(re.findall(pattern, text)))
            for language, pattern in SCRIPTS.items()}


def by_pyphen(found: dict[str, list[str]]) -> dict[str, list[list[int]]]:
    out = {}
    for language, ws in found.items():
        name, left, right = DICTIONARIES[language]
        fresh = pyphen.Pyphen(filename=pyphen.LANGUAGES[name], left=left, right=right,
                              cache=False)
        out[language] = [[int(p) for p in fresh.positions(w)] for w in ws]
    return out


def in_new_process(found: dict[str, list[str]], env: dict[str, str]
                   ) -> dict[str, list[list[int]]]:
    out = subprocess.run([sys.executable, "-c", CODE], input=json.dumps(found), text=True,
                         capture_output=True, check=True, timeout=120,
                         env={**os.environ, **env, "PYTHONPATH": str(REPO / "src")})
    points: dict[str, list[list[int]]] = json.loads(out.stdout)
    return points


@pytest.mark.slow
def test_a_new_process_hyphenates_as_pyphen_with_the_cache_empty_filled_or_damaged(
        tmp_path: Path) -> None:
    found = words()
    assert len(found["en"]) > 200 and len(found["ru"]) > 100  # enough words to mean something
    expected = by_pyphen(found)
    assert sum(map(len, expected["en"])) > 200  # and breaks among them
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    assert in_new_process(found, env) == expected  # parsed, and kept
    entries = sorted(p.name for p in (tmp_path / "letterpress").iterdir())
    assert entries == ["hyphenation-en_US", "hyphenation-ru_RU"]
    assert in_new_process(found, env) == expected  # from the cache
    for entry in entries:
        path = tmp_path / "letterpress" / entry
        data = path.read_bytes()
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    assert in_new_process(found, env) == expected  # damaged: parsed again


@pytest.mark.slow
def test_a_kept_table_is_used_only_for_the_very_dictionary_it_came_from(tmp_path: Path
                                                                         ) -> None:
    found = {"en": words()["en"]}
    expected = by_pyphen(found)
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    dictionary = pyphen.LANGUAGES["en_US"].read_bytes()
    empty_table = ({}, 1)  # no patterns: no word would break
    derived.store("hyphenation-en_US", dictionary + b"\n", f"pyphen {pyphen.__version__}",
                  empty_table, env)
    assert in_new_process(found, env) == expected  # kept for other bytes: not used
    derived.store("hyphenation-en_US", dictionary, f"pyphen {pyphen.__version__}",
                  empty_table, env)
    assert in_new_process(found, env) == {"en": [[] for _ in found["en"]]}  # used


def test_pyphen_keeps_no_word_of_its_own_for_ever(tmp_path: Path) -> None:
    """pyphen keeps every word it hyphenates in a dict of its own, without bound; a process
    that sets a million letters must not (hyphenation_points keeps the last 16,384). The
    points are pyphen's all the same. In a new process, where the only parsed English table
    is the one letterpress loaded (a Pyphen of that language shares it)."""
    words = [f"{w}ization" for w in ("organ", "civil", "moder", "real", "local")]
    code = ("import json, sys, pyphen; from letterpress.layout import paragraph; "
            "words = sys.argv[1:]; "
            "points = [paragraph.hyphenation_points(w, 'en') for w in words]; "
            "print(json.dumps([len(pyphen.Pyphen(lang='en_US').hd.cache), points]))")
    done = subprocess.run([sys.executable, "-c", code, *words], capture_output=True,
                          text=True, check=True, timeout=120,
                          env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    kept, points = json.loads(done.stdout)
    assert kept == 0
    fresh = pyphen.Pyphen(lang="en_US", left=2, right=3, cache=False)
    assert all(points) and points == [list(fresh.positions(word)) for word in words]
