"""Signers of the signature block named by their id in the members registry: the letter's
language picks the member's text field by field, the member's role is the signer's title, an
unknown id is a located error, and the entries used are the letter's dependencies (what
`letterpress affected` lists and a PDF carries)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import SOURCE_DIR
from helpers.registry import REGISTRY

from letterpress.corrections.members import uses
from letterpress.errors import SourceError
from letterpress.model import Signer
from letterpress.pipeline import load
from letterpress.resolve.registry import members_used
from letterpress.world import World


def letter(language: str, signers: str, signatories: str = "") -> str:
    return f"""\
letterhead:
  name: Azerbaijan Open Government Platform
reference: "7/26"
date: 2026-11-20
language: {language}
sender: The Secretariat
recipient: Members of the Platform
body:
  - We write to you about the assembly.
signature:
  signers:
{signers}{signatories}"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "members.yaml").write_text(REGISTRY, encoding="utf-8")
    return tmp_path


def signers_of(folder: Path, language: str, signers: str, signatories: str = "") -> tuple:
    path = folder / f"letter-{language}.yaml"
    path.write_text(letter(language, signers, signatories), encoding="utf-8")
    loaded = load(path, World())
    assert loaded.letter.signature is not None
    return loaded.letter.signature.signers


# helpers.registry.REGISTRY: rafik-ismayilov has an az organisation and a ru name; aynur-
# mammadova a role and no other language.
@pytest.mark.parametrize(("language", "expected"), [
    ("en", Signer(name="Rafık İsmayılov",
                  organisation="For the Sake of Civil Society Public Association",
                  id="rafik-ismayilov")),
    ("az", Signer(name="Rafık İsmayılov", organisation="Vətəndaş Cəmiyyəti Naminə İctimai Birlik",
                  id="rafik-ismayilov")),
    ("ru", Signer(name="Рафик Исмайылов",
                  organisation="For the Sake of Civil Society Public Association",
                  id="rafik-ismayilov")),
])
def test_the_letters_language_picks_the_members_text(project: Path, language: str,
                                                     expected: Signer) -> None:
    assert signers_of(project, language, "    - member: rafik-ismayilov\n") == (expected,)


def test_the_members_role_is_the_title_and_a_signer_written_out_stays_as_written(
        project: Path) -> None:
    assert signers_of(project, "en", "    - member: aynur-mammadova\n"
                      "    - name: Jalal Amanov\n      title: Treasurer\n") == (
        Signer(name="Aynur Mammadova", title="chair of the Council",
               organisation="“Open Data” Research Centre Public Union", id="aynur-mammadova"),
        Signer(name="Jalal Amanov", title="Treasurer"))


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_the_invitations_are_signed_in_their_own_language(language: str) -> None:
    """The invitations in source/ name two members; what they print is what source/
    members.yaml gives in the letter's language (read here with PyYAML)."""
    path = SOURCE_DIR / f"2026-11-20-assembly-invitation-{language}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    registry = {e["id"]: e for e in yaml.safe_load(
        (SOURCE_DIR / "members.yaml").read_text(encoding="utf-8"))["members"]}
    expected = []
    for named in data["signature"]["signers"]:
        entry = registry[named["member"]]
        own = entry.get(language, {})
        expected.append(Signer(name=own.get("name") or entry["name"],
                               title=own.get("role") or entry.get("role", ""),
                               organisation=own.get("organisation") or entry["organisation"],
                               id=named["member"]))
    signature = load(path, World()).letter.signature
    assert signature is not None
    assert [s.id for s in signature.signers] == ["aynur-mammadova", "rashad-huseynov"]
    assert list(signature.signers) == expected
    assert signature.place == {"en": "Baku", "az": "Bakı", "ru": "Баку"}[language]


def test_an_unknown_id_is_a_located_error_with_the_closest_id(project: Path) -> None:
    path = project / "letter.yaml"
    path.write_text(letter("en", "    - name: Jalal Amanov\n    - member: aynur-mamadova\n"),
                    encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load(path, World())
    [d] = info.value.diagnostics
    assert (d.line, d.column, d.field) == (13, 15, "signature.signers[1].member")
    assert d.message == f"no member 'aynur-mamadova' in {project / 'members.yaml'}"
    assert d.hint == "did you mean 'aynur-mammadova'?"


def test_no_registry_is_an_error_at_the_first_signer_named_by_id(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    path = tmp_path / "letter.yaml"
    path.write_text(letter("en", "    - member: aynur-mammadova\n"), encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load(path, World())
    [d] = info.value.diagnostics
    assert (d.line, d.column, d.field) == (12, 15, "signature.signers[0].member")
    assert d.message.startswith("no members registry (members.yaml)")


def test_the_members_used_are_the_signatories_then_the_signers_each_once(
        project: Path) -> None:
    path = project / "letter.yaml"
    path.write_text(letter("en", "    - member: aynur-mammadova\n"
                           "    - member: rafik-ismayilov\n",
                           "signatories:\n  - heading: Signed\n    members:\n"
                           "      - member: rafik-ismayilov\n"), encoding="utf-8")
    loaded = load(path, World())
    assert members_used(loaded.letter) == ("rafik-ismayilov", "aynur-mammadova")
    assert [(d.path.name, d.kind) for d in loaded.dependencies] == [
        ("letter.yaml", "letter"), ("members.yaml", "registry")]


def test_affected_finds_a_member_who_signs(project: Path) -> None:
    path = project / "letter.yaml"
    path.write_text(letter("en", "    - name: Jalal Amanov\n    - member: aynur-mammadova\n"),
                    encoding="utf-8")
    found, errors = uses("aynur-mammadova", [path], World())
    assert errors == []
    assert [(u.path, u.line, u.column) for u in found] == [("signature.signers[1]", 13, 15)]


def test_a_signer_mixing_scripts_is_a_located_warning(project: Path) -> None:
    path = project / "letter.yaml"
    path.write_text(letter("en", "    - name: Jalal Amanov\n      title: Сhair\n"),
                    encoding="utf-8")  # a Cyrillic С in a Latin word
    warnings = [w for w in load(path, World()).warnings if "mixes scripts" in w.message]
    assert [(w.line, w.column, w.field) for w in warnings] == [
        (13, 14, "signature.signers[0].title")]
