"""The members registry: members.yaml, `- member: ID` in letters, members check, affected,
import matching, and a correction made once in the registry reaching every letter."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers.cli import DIAGNOSTIC
from helpers.cli import process as run
from helpers.registry import REGISTRY, letter, members

from letterpress.check.readback import read_pdf, read_pdf_bytes
from letterpress.errors import SourceError
from letterpress.parse.schema import json_schema, registry_json_schema
from letterpress.pipeline import build, load
from letterpress.resolve.registry import (
    find_registry,
    likely_duplicates,
    load_registry,
    match_keys,
    members_used,
)
from letterpress.world import World


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: its root marked (the registry search stops there), source/ with
    the registry and three letters, two of which name rafik-ismayilov."""
    (tmp_path / ".git").mkdir()
    source = tmp_path / "source"
    source.mkdir()
    (source / "members.yaml").write_text(REGISTRY, encoding="utf-8")
    (source / "a-en.yaml").write_text(letter("en"), encoding="utf-8")
    (source / "b-az.yaml").write_text(letter("az"), encoding="utf-8")
    (source / "c-ru.yaml").write_text(letter("ru", "      - member: aynur-mammadova\n"),
                                      encoding="utf-8")
    return tmp_path


def test_the_letters_language_picks_the_members_text_field_by_field(project: Path) -> None:
    source = project / "source"
    inline = ("Leyla Guliyeva", "", "", "")
    assert members(source / "a-en.yaml") == [inline, (
        "Rafık İsmayılov", "For the Sake of Civil Society Public Association", "",
        "rafik-ismayilov")]
    # az gives its own organisation; the name falls back to the default
    assert members(source / "b-az.yaml")[1] == (
        "Rafık İsmayılov", "Vətəndaş Cəmiyyəti Naminə İctimai Birlik", "", "rafik-ismayilov")
    assert members(source / "c-ru.yaml")[1] == (
        "Aynur Mammadova", "“Open Data” Research Centre Public Union", "chair of the Council",
        "aynur-mammadova")


def test_the_registry_is_a_dependency_of_the_letters_that_use_it(project: Path) -> None:
    source = project / "source"
    loaded = load(source / "a-en.yaml", World())
    assert [(d.path.name, d.kind) for d in loaded.dependencies] == [
        ("a-en.yaml", "letter"), ("members.yaml", "registry")]
    assert members_used(loaded.letter) == ("rafik-ismayilov",)
    (source / "d.yaml").write_text(letter("en", ""), encoding="utf-8")
    plain = load(source / "d.yaml", World())
    assert [d.kind for d in plain.dependencies] == ["letter"]
    assert members_used(plain.letter) == ()


def test_the_registry_is_found_in_a_folder_above_up_to_the_project_root(
        project: Path) -> None:
    nested = project / "source" / "2026" / "november"
    nested.mkdir(parents=True)
    assert find_registry(nested) == project / "source" / "members.yaml"
    (project / "source" / "members.yaml").rename(project / "members.yaml")
    assert find_registry(nested) == project / "members.yaml"
    (project / "members.yaml").rename(project.parent / "members.yaml")
    try:
        assert find_registry(nested) is None  # beyond the project's root: not looked at
    finally:
        (project.parent / "members.yaml").unlink()


def test_no_registry_is_an_error_at_the_member(project: Path) -> None:
    (project / "source" / "members.yaml").unlink()
    result = run(project, "build", "source/a-en.yaml")
    assert result.returncode == 2
    found = DIAGNOSTIC.search(result.stderr)
    assert found is not None
    assert (found["file"], found["line"], found["column"], found["field"]) == (
        "source/a-en.yaml", "14", "17", "signatories[0].members[1].member")
    assert "no members registry (members.yaml)" in result.stderr
    assert "hint: create members.yaml beside the letter" in result.stderr


def test_unknown_and_duplicate_ids_and_nameless_members_are_located_errors(
        project: Path) -> None:
    registry = project / "source" / "members.yaml"
    registry.write_text(REGISTRY + "  - id: rafik-ismayilov\n    name: Rafik Ismayilov\n"
                        "  - id: nobody\n    organisation: Nowhere\n"
                        "  - id: Bad Id\n    name: X\n", encoding="utf-8")
    result = run(project, "build", "source/a-en.yaml")
    assert result.returncode == 2
    found = [(m["file"], m["line"], m["column"], m["field"])
             for m in DIAGNOSTIC.finditer(result.stderr)]
    assert found == [("source/members.yaml", "14", "9", "members[2].id"),
                     ("source/members.yaml", "16", "5", "members[3]"),
                     ("source/members.yaml", "18", "9", "members[4].id")]
    assert "duplicate id 'rafik-ismayilov'" in result.stderr
    assert "already given at line 3" in result.stderr
    assert "member 'nobody' has no name in any language" in result.stderr
    assert "'Bad Id' is not a member id" in result.stderr
    assert not (project / "output").exists()
    registry.write_text(REGISTRY, encoding="utf-8")
    (project / "source" / "a-en.yaml").write_text(
        letter("en", "      - member: rafik-ismailov\n"), encoding="utf-8")
    result = run(project, "build", "source/a-en.yaml")
    assert result.returncode == 2
    assert ("source/a-en.yaml:14:17: signatories[0].members[1].member: no member "
            "'rafik-ismailov' in source/members.yaml") in result.stderr
    assert "did you mean 'rafik-ismayilov'?" in result.stderr


def test_a_member_entry_takes_only_its_id(project: Path) -> None:
    (project / "source" / "a-en.yaml").write_text(
        letter("en", "      - member: rafik-ismayilov\n        name: Rafik\n"),
        encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        load(project / "source" / "a-en.yaml", World())
    assert [(d.line, d.field) for d in raised.value.diagnostics] == [
        (15, "signatories[0].members[1].name")]


def test_a_language_without_a_name_and_no_default_is_an_error(project: Path) -> None:
    registry = project / "source" / "members.yaml"
    registry.write_text(REGISTRY + "  - id: only-az\n    az:\n      name: Əli Əliyev\n",
                        encoding="utf-8")
    (project / "source" / "a-en.yaml").write_text(letter("en", "      - member: only-az\n"),
                                                  encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        load(project / "source" / "a-en.yaml", World())
    assert "'only-az' has no name in en" in raised.value.format()
    (project / "source" / "b-az.yaml").write_text(letter("az", "      - member: only-az\n"),
                                                  encoding="utf-8")
    assert members(project / "source" / "b-az.yaml")[1][0] == "Əli Əliyev"


def test_match_keys_ignore_diacritics_case_and_romanisation() -> None:
    assert match_keys("İsmayılov") & match_keys("ISMAYILOV")
    assert match_keys("Fərid Şahbazlı") & match_keys("Farid Shahbazli")
    assert match_keys("Məmmədov") & match_keys("Memmedov")
    assert not match_keys("Ilham Aliyev") & match_keys("Ilham Safarov")


def test_members_check_warns_about_likely_duplicates(project: Path) -> None:
    registry = project / "source" / "members.yaml"
    registry.write_text(REGISTRY + """\
  - id: ilham-aliyev
    name: İlham Əliyev
  - id: ilham-aliyev-2
    name: Aliyev Ilham
  - id: rafik-ismayilov-2
    name: Rafik Ismayilov
  - id: ilham-safarov
    name: Ilham Safarov
""", encoding="utf-8")
    warned = {d.field: d.message for d in likely_duplicates(load_registry(registry, World()))}
    assert warned == {
        "members[3]": "'ilham-aliyev-2' is probably the same person as 'ilham-aliyev' (line 14)",
        "members[4]": "'rafik-ismayilov-2' is probably the same person as 'rafik-ismayilov' "
                      "(line 3)"}
    result = run(project, "members", "check")
    assert result.returncode == 0
    assert "source/members.yaml: 6 members, 2 likely duplicates" in result.stdout
    assert "source/members.yaml:16:9: members[3]: warning:" in result.stderr


def test_affected_lists_where_letters_name_an_entry(project: Path) -> None:
    result = run(project, "affected", "rafik-ismayilov")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "source/a-en.yaml:14:17: signatories[0].members[1]",
        "source/b-az.yaml:14:17: signatories[0].members[1]"]
    result = run(project, "affected", "rafik-ismailov")
    assert result.returncode == 2
    assert "no member 'rafik-ismailov'" in result.stderr
    assert "did you mean 'rafik-ismayilov'?" in result.stderr


def test_affected_names_the_letters_of_an_id_removed_from_the_registry(project: Path) -> None:
    registry = project / "source" / "members.yaml"
    text = registry.read_text(encoding="utf-8")
    start = text.index("  - id: rafik-ismayilov")
    registry.write_text(text[:start] + text[text.index("  - id: aynur-mammadova"):],
                        encoding="utf-8")
    result = run(project, "affected", "rafik-ismayilov")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "source/a-en.yaml:14:17: signatories[0].members[1]",
        "source/b-az.yaml:14:17: signatories[0].members[1]"]
    assert "no member 'rafik-ismayilov' any more: the letters above name it" in result.stderr


def test_the_schemas_describe_the_registry_and_member_ids(project: Path) -> None:
    result = run(project, "members", "schema")
    schema = json.loads(result.stdout)
    assert schema == registry_json_schema()
    jsonschema.validate(yaml.safe_load(REGISTRY), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"members": [{"id": "Bad Id", "name": "x"}]}, schema)
    source = yaml.safe_load((project / "source" / "a-en.yaml").read_text(encoding="utf-8"))
    source["date"] = str(source["date"])
    jsonschema.validate(source, json_schema())


def test_an_entrys_digest_changes_only_with_the_entry() -> None:
    before = {m.id: m.digest() for m in _registry(REGISTRY).members}
    after = {m.id: m.digest() for m in _registry(
        REGISTRY.replace("Rafık", "Rafik")).members}
    assert before["aynur-mammadova"] == after["aynur-mammadova"]
    assert before["rafik-ismayilov"] != after["rafik-ismayilov"]


def _registry(text: str) -> object:
    from letterpress.fonts import load_fonts
    from letterpress.resolve.registry import parse_registry

    registry, errors = parse_registry(text, "members.yaml", load_fonts().coverage)
    assert errors == ()
    return registry


# --- import -----------------------------------------------------------------------------------


def test_import_names_the_members_the_registry_has(project: Path) -> None:
    from helpers import SEED_MARKDOWN

    (project / "source" / "members.yaml").write_text(REGISTRY + """\
  - id: farid-shahbazli
    name: Fərid Şahbazlı
    organisation: Young Reformers Public Union
""", encoding="utf-8")
    md = project / "appeal.md"
    md.write_bytes(SEED_MARKDOWN.read_bytes())
    result = run(project, "import", "appeal.md", "-o", "source/appeal.yaml")
    assert result.returncode == 0, result.stderr
    imported = yaml.safe_load((project / "source/appeal.yaml").read_text(encoding="utf-8"))
    listed = imported["signatories"][0]["members"]
    # Rafik İsmayılov (27) matched Rafık İsmayılov; Farid Shahbazli matched Fərid Şahbazlı
    assert listed[26] == {"member": "farid-shahbazli"}
    assert listed[27] == {"member": "rafik-ismayilov"}
    assert sum("member" in m for m in listed) == 2
    assert ("signatories[0].members[26]: 'Farid Shahbazli' is farid-shahbazli; the registry "
            "prints name 'Fərid Şahbazlı'") in result.stderr
    assert result.stderr.count("is not in the registry") == 42
    assert "appeal.md: signatories[0].members[0]: warning: 'Alimammad Nuriyev' is not in " \
           "the registry" in result.stderr


def test_import_add_members_adds_the_others_and_keeps_the_registry_as_written(
        project: Path) -> None:
    from helpers import SEED_MARKDOWN

    registry = project / "source" / "members.yaml"
    md = project / "appeal.md"
    md.write_bytes(SEED_MARKDOWN.read_bytes())
    result = run(project, "import", "appeal.md", "-o", "source/appeal.yaml", "--add-members")
    assert result.returncode == 0, result.stderr
    text = registry.read_text(encoding="utf-8")
    assert text.startswith(REGISTRY)  # comments and entries as they were
    added = load_registry(registry, World())
    assert len(added.members) == 2 + 43
    assert added.get("alimammad-nuriyev") is not None
    listed = yaml.safe_load((project / "source/appeal.yaml").read_text(encoding="utf-8"))
    assert all(set(m) == {"member"} for m in listed["signatories"][0]["members"])
    # the letter prints what the Markdown said, except where the registry already knew better
    plain = load(md, World()).letter.signatories[0].members
    linked = load(project / "source/appeal.yaml", World()).letter.signatories[0].members
    differ = [i for i, (a, b) in enumerate(zip(plain, linked, strict=True))
              if (a.name, a.organisation) != (b.name, b.organisation)]
    assert differ == [27]
    assert "'Jalal Amanov' added to source/members.yaml as jalal-amanov" in result.stderr
    again = run(project, "import", "appeal.md", "-o", "source/appeal.yaml", "--add-members")
    assert again.returncode == 0
    assert registry.read_text(encoding="utf-8") == text  # nothing added twice


# --- a correction, end to end -----------------------------------------------------------------


@pytest.mark.slow
def test_a_misspelt_name_fixed_once_is_fixed_in_every_letter(project: Path) -> None:
    source, out = project / "source", project / "output"
    for name in ("a-en", "b-az", "c-ru"):
        build(source / f"{name}.yaml", out / f"{name}.pdf", World())
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    assert "Rafık İsmayılov" in read_pdf(out / "a-en.pdf").pages[0]
    registry = source / "members.yaml"
    registry.write_text(REGISTRY.replace("Rafık", "Rafik"), encoding="utf-8")
    assert run(project, "affected", "rafik-ismayilov").stdout.count("\n") == 2
    for name in ("a-en", "b-az", "c-ru"):
        build(source / f"{name}.yaml", out / f"{name}.pdf", World())
    for name in ("a-en", "b-az"):
        text = read_pdf(out / f"{name}.pdf").pages[0]
        assert "Rafik İsmayılov" in text and "Rafık" not in text
        assert (out / f"{name}.pdf").read_bytes() != old[f"{name}.pdf"]
        assert run(project, "check", f"source/{name}.yaml", f"output/{name}.pdf"
                   ).returncode == 0
    # it does not name him: it prints the same; its bytes differ only because the PDF carries
    # the registry it read, so that it rebuilds from itself
    assert read_pdf(out / "c-ru.pdf").pages == read_pdf_bytes(old["c-ru.pdf"], "old").pages
    (project / "old.pdf").write_bytes(old["a-en.pdf"])
    result = run(project, "diff", "old.pdf", "source/a-en.yaml")
    assert result.returncode == 1
    # the sent PDF carries its source and registry: the change shows in the letter's terms
    # (its group "Signed:", the member printed "2.")
    assert result.stdout == ('Signed 2. name: "Rafık İsmayılov" → '
                             '"Rafik İsmayılov"\n')


def test_every_letter_of_a_batch_records_the_registry(project: Path) -> None:
    from letterpress.world import World

    world = World()  # one world for the batch: the registry is parsed once, read by each
    for name in ("a-en", "b-az", "c-ru"):
        kinds = [d.kind for d in load(project / "source" / f"{name}.yaml", world).dependencies]
        assert kinds == ["letter", "registry"], name


def test_members_check_of_a_broken_registry_exits_2(project: Path) -> None:
    (project / "source" / "members.yaml").write_text(REGISTRY + "  - id: aynur-mammadova\n"
                                                     "    name: A. Mammadova\n",
                                                     encoding="utf-8")
    result = run(project, "members", "check", "source/members.yaml")
    assert result.returncode == 2
    assert result.stderr.startswith("source/members.yaml:14:9: members[2].id: duplicate id")


def test_import_registry_option_names_the_registry(project: Path, tmp_path: Path) -> None:
    from helpers import SEED_MARKDOWN

    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("members:\n  - id: jalal\n    name: JALAL AMANOV\n", encoding="utf-8")
    result = run(project, "import", str(SEED_MARKDOWN), "--registry", str(elsewhere))
    assert result.returncode == 0
    listed = yaml.safe_load(result.stdout)["signatories"][0]["members"]
    assert listed[43] == {"member": "jalal"}
    assert sum("member" in m for m in listed) == 1  # source/members.yaml was not used


@pytest.mark.slow
def test_a_registry_edit_rebuilds_exactly_the_letters_naming_the_entry(project: Path) -> None:
    """Incremental builds compare the registry entry by entry (issue 11, point 2)."""
    assert run(project, "build", "source").returncode == 0
    registry = project / "source/members.yaml"
    registry.write_text(REGISTRY.replace("Rafık", "Rafik"), encoding="utf-8")
    result = run(project, "build", "source")
    assert result.returncode == 0, result.stderr
    built = sorted(line.split(" -> ")[0] for line in result.stdout.splitlines() if " -> " in line)
    assert built == ["source/a-en.yaml", "source/b-az.yaml"]
    assert result.stdout.count("members.yaml: rafik-ismayilov changed") == 2
    registry.write_text(REGISTRY.replace("Rafık", "Rafik") + "  - id: new-member\n"
                        "    name: New Member\n", encoding="utf-8")
    again = run(project, "build", "source")
    assert " -> " not in again.stdout  # an entry no letter names changes no letter
