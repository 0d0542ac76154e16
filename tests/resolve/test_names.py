"""One normaliser for names (resolve/names.py): `members check` and `import` match names with
it, `archive search` finds letters with it (tests/archive); and a word mixing Latin and
Cyrillic letters is flagged by `members check` and by `build`, where the writer sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import DIAGNOSTIC
from helpers.cli import process as run
from helpers.registry import REGISTRY, letter

from letterpress.resolve.names import match_keys, mixed_scripts, word_keys
from letterpress.resolve.registry import likely_duplicates, load_registry
from letterpress.world import World

CYRILLIC_A = "\u0410"  # looks like Latin A
CYRILLIC_O = "\u043e"  # looks like Latin o
LATIN_E = "e"


@pytest.mark.parametrize(("one", "other"), [
    ("Şirinov", "Shirinov"),  # ş written sh
    ("Məmmədova", "Mamedova"),  # each ə on its own (a, then e), the doubled m once
    ("Məmmədova", "Mammadova"), ("Məmmədova", "Memmedova"),
    ("Xəlilov", "Khalilov"), ("Abbasov", "Abasov"), ("İsmayılov", "ISMAYILOV"),
    ("Çingiz Ağayev", "Chingiz Aghayev"),
])
def test_transliterations_share_a_key(one: str, other: str) -> None:
    assert match_keys(one) & match_keys(other)


@pytest.mark.parametrize(("one", "other"), [
    ("Ilham Aliyev", "Ilham Safarov"), ("Məmmədova", "Mamadov"), ("100", "10"),
    ("Aliyev", "Alıyeva"),
])
def test_other_names_do_not(one: str, other: str) -> None:
    assert not match_keys(one) & match_keys(other)


def test_a_word_with_three_schwas_has_a_key_for_each_way_of_writing_them() -> None:
    assert len(word_keys("Əhmədəli")) == 2 ** 3


def test_members_check_finds_a_transliterated_duplicate(tmp_path: Path) -> None:
    registry = tmp_path / "members.yaml"
    registry.write_text("members:\n  - id: aytan\n    name: Aytən Məmmədova\n"
                        "  - id: aytan-2\n    name: Aytan Mamedova\n", encoding="utf-8")
    warned = likely_duplicates(load_registry(registry, World()))
    assert [(d.field, d.message) for d in warned] == [
        ("members[1]", "'aytan-2' is probably the same person as 'aytan' (line 2)")]


@pytest.mark.parametrize(("text", "letter_", "code"), [
    (f"{CYRILLIC_A}lice Signer", CYRILLIC_A, "U+0410 CYRILLIC CAPITAL LETTER A"),
    (f"Рафик Исмайыл{LATIN_E}в", LATIN_E, "U+0065 LATIN SMALL LETTER E"),
    (f"G{CYRILLIC_O}vernment", CYRILLIC_O, "U+043E CYRILLIC SMALL LETTER O"),
])
def test_a_word_mixing_latin_and_cyrillic_names_the_odd_letter(text: str, letter_: str,
                                                               code: str) -> None:
    assert [(found[1], found[2]) for found in mixed_scripts(text)] == [(letter_, code)]


@pytest.mark.parametrize("text", ["Alice Signer", "Рафик Исмайылов", "Rafik Исмайылов",
                                  "Məmmədova", "Şirinov 2026"])
def test_words_in_one_script_each_are_not_flagged(text: str) -> None:
    assert mixed_scripts(text) == ()


def test_members_check_flags_a_name_with_a_cyrillic_letter(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    registry = tmp_path / "members.yaml"
    text = (REGISTRY + f"  - id: alice\n    name: {CYRILLIC_A}lice Signer\n"
            f"    ru:\n      name: Ал{LATIN_E}кс\n")
    registry.write_text(text, encoding="utf-8")
    result = run(tmp_path, "members", "check", "members.yaml")
    assert result.returncode == 0
    lines = [m.groups() for m in DIAGNOSTIC.finditer(result.stderr)]
    written = text.splitlines()
    name = written.index(f"    name: {CYRILLIC_A}lice Signer") + 1
    assert lines == [("members.yaml", str(name), "11", "members[2].name"),
                     ("members.yaml", str(name + 2), str(len("      name: Ал") + 1),
                      "members[2].ru.name")]
    assert f"'{CYRILLIC_A}' (U+0410 CYRILLIC CAPITAL LETTER A)" in result.stderr
    assert "3 members, 0 likely duplicates, 2 names mixing scripts" in result.stdout


@pytest.mark.slow
def test_build_warns_about_a_signatory_and_a_sender_mixing_scripts(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "members.yaml").write_text(
        REGISTRY.replace("Aynur Mammadova", f"Aynur Mamm{CYRILLIC_A.lower()}dova"),
        encoding="utf-8")
    text = letter("en", "      - member: aynur-mammadova\n").replace(
        "sender: The Secretariat", f"sender: The Secretariat of the Platf{CYRILLIC_O}rm")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    result = run(tmp_path, "build", "a.yaml", "-o", "out")
    assert result.returncode == 0, result.stderr
    found = {m.group("field"): m.groups()[1:3] for m in DIAGNOSTIC.finditer(result.stderr)}
    lines = text.splitlines()
    sender = next(i for i, line in enumerate(lines, 1) if line.startswith("sender:"))
    member = next(i for i, line in enumerate(lines, 1) if "aynur-mammadova" in line)
    assert found == {
        "sender": (str(sender), str(lines[sender - 1].index(CYRILLIC_O) + 1)),
        "signatories[0].members[1].name": (
            str(member), str(lines[member - 1].index("aynur-mammadova") + 1))}
    assert "U+043E CYRILLIC SMALL LETTER O" in result.stderr
    assert "U+0430 CYRILLIC SMALL LETTER A" in result.stderr
