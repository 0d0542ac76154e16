"""A YAML tag on any value of a source (``members: !x``, ``name: !x Rafik``, a tagged list or
mapping) is refused as a located error (FILE:LINE:COLUMN: FIELD: message, exit code 2),
never a traceback: docs/source-format.md allows only text, lists and mappings, and the
README promises every bad input a located message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import read_letter
from helpers.cli import process as run

from letterpress.errors import SourceError
from letterpress.fonts import load_fonts
from letterpress.resolve.registry import parse_registry

COVERAGE = load_fonts().coverage

# A letter giving every key of the source format once, a member named from the registry too.
LETTER = """\
letterhead:
  name: Azerbaijan Open Government Platform
  address:
    - Baku, Azerbaijan
  telephone: "+994 12 000 00 00"
  email: info@example.org
  website: www.example.org
  website_url: https://www.example.org/
reference: "7/26"
date: 2026-11-20
date_format: DD.MM.YYYY
language: en
paper: a4
title: An invitation
revision: 2
correction:
  text: Corrected; replaces the letter of {date}
  place: bottom
  replaces: 2026-11-19
sender: The Secretariat
recipient:
  - Members of the Platform
body:
  - We write to you about the assembly.
closing:
  - With respect,
signatories:
  - heading: "Signed:"
    start: 1
    columns: 2
    members:
      - name: Leyla Guliyeva
        organisation: “Open Data” Research Centre
        role: chair
      - member: rafik-ismayilov
"""

REGISTRY = """\
members:
  - id: rafik-ismayilov
    name: Rafik İsmayılov
    organisation: For the Sake of Civil Society
    role: member
    az:
      name: Rafik İsmayılov
      organisation: Vətəndaş Cəmiyyəti Naminə
      role: üzv
"""

KEY = re.compile(r"(?P<lead>\s*(?:- )?)(?P<key>[a-z_]+):(?P<value>.*)")
ITEM = re.compile(r"(?P<lead>\s*- )(?P<value>[^:]*)")  # an item of a list of lines


def tagged(text: str, tag: str) -> list[tuple[int, str, str]]:
    """For each line of ``text``: (its line number, the key ("]" for an item of a list),
    the text with the line's value tagged). A value written on the key's line is tagged there
    (an empty one too, ``members: !x``); a value written in the block below becomes a tagged
    list or mapping."""
    lines = text.splitlines()
    out = []
    for n, line in enumerate(lines):
        m = KEY.fullmatch(line)
        if m is None:
            item = ITEM.fullmatch(line)
            assert item is not None, line
            changed = list(lines)
            changed[n] = f"{item['lead']}{tag} {item['value']}"
            out.append((n + 1, "]", "\n".join(changed) + "\n"))
            continue
        changed = list(lines)
        changed[n] = f"{m['lead']}{m['key']}: {tag}{m['value']}"
        out.append((n + 1, m["key"], "\n".join(changed) + "\n"))
        if m["value"].strip():
            changed[n] = f"{m['lead']}{m['key']}: {tag}"  # the tagged empty node
            out.append((n + 1, m["key"], "\n".join(changed) + "\n"))
    return out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "members.yaml").write_text(REGISTRY, encoding="utf-8")
    return tmp_path


def test_the_letter_and_registry_without_tags_are_valid(folder: Path) -> None:
    letter, _ = read_letter(LETTER, "letter.yaml", folder)
    assert [m.name for m in letter.signatories[0].members] == ["Leyla Guliyeva",
                                                               "Rafik İsmayılov"]
    assert letter.correction.place == "bottom"
    registry, errors = parse_registry(REGISTRY, "members.yaml", COVERAGE)
    assert errors == () and registry is not None


@pytest.mark.parametrize("tag", ["!x", "!!python/object/apply:os.system"])
def test_a_tag_on_any_value_of_a_letter_is_a_located_error(folder: Path, tag: str) -> None:
    cases = tagged(LETTER, tag)
    # 31 keys, 23 with a value on their line (tagged as written and empty), 4 list items
    assert len(cases) == 31 + 23 + 4
    for line, key, text in cases:
        with pytest.raises(SourceError) as info:
            read_letter(text, "letter.yaml", folder)
        found = [d for d in info.value.diagnostics if "tag" in d.message]
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        assert [d.line for d in found] == [line], (key, text)
        assert found[0].message == f"the tag {shown} is not allowed"
        assert found[0].field.endswith(key), found[0].format()


def test_a_tag_on_any_value_of_a_letterhead_file_is_a_located_error(folder: Path) -> None:
    head, rest = LETTER.split("reference:", 1)
    letter = "letterhead: head.yaml\nreference:" + rest
    lines = [line[2:] for line in head.splitlines()[1:]]
    (folder / "head.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    read_letter(letter, "letter.yaml", folder)  # valid as it stands
    for line, _, text in tagged("\n".join(lines), "!x"):
        (folder / "head.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(SourceError) as info:
            read_letter(letter, "letter.yaml", folder)
        found = [d for d in info.value.diagnostics if "tag" in d.message]
        assert [(d.file, d.line) for d in found] == [(str(folder / "head.yaml"), line)], text


def test_a_tag_on_any_value_of_the_registry_is_a_located_error() -> None:
    for line, key, text in tagged(REGISTRY, "!x"):
        registry, errors = parse_registry(text, "members.yaml", COVERAGE)
        assert registry is None, (key, text)
        assert [d.line for d in errors if "tag" in d.message] == [line], (key, text)


def test_build_of_a_tagged_empty_member_list_exits_2_with_a_located_message(
        folder: Path) -> None:
    (folder / "letter.yaml").write_text(LETTER[:LETTER.index("    members:")] + "    members: !x\n",
                                        encoding="utf-8")
    line = LETTER.splitlines().index("    members:") + 1
    result = run(folder, "build", "letter.yaml", "-o", "letter.pdf")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert (f"letter.yaml:{line}:14: signatories[0].members: the tag !x is not allowed"
            in result.stderr)
