"""The members registry in process (docs/source-format.md, "The members registry"): members
added by `import --add-members` are appended in the file's own indentation with its
comments kept, and read back as given; an id the registry lacks is a located error with the
closest id as a hint; entries that are probably the same person are warned about, whichever
of their names gives them away."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.registry import REGISTRY, letter

from letterpress.errors import Diagnostic, SourceError
from letterpress.fonts import load_fonts
from letterpress.model import Signatory
from letterpress.pipeline import load
from letterpress.resolve.registry import (
    Registry,
    append_members,
    likely_duplicates,
    parse_registry,
    suggest_id,
)
from letterpress.world import World

COVERAGE = load_fonts().coverage
NEW = (Signatory(name="Jalal Amanov", organisation="“Tereqqi” Union", role="chair", id="jalal"),
       Signatory(name="Leyla Guliyeva", id="leyla"))


def parsed(text: str) -> Registry:
    registry, errors = parse_registry(text, "members.yaml", COVERAGE)
    assert errors == () and registry is not None, errors
    return registry


def entries(registry: Registry) -> list[tuple[str, str, str, str]]:
    return [(m.id, m.default.name, m.default.organisation, m.default.role)
            for m in registry.members]


def refusal(folder: Path, members: str, registry: str | None = REGISTRY) -> Diagnostic:
    """The one error of loading an English letter naming ``members`` in a project ``folder``
    with ``registry`` as its members.yaml (None: none)."""
    (folder / ".git").mkdir()
    if registry is not None:
        (folder / "members.yaml").write_text(registry, encoding="utf-8")
    (folder / "a.yaml").write_text(letter("en", members), encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load(folder / "a.yaml", World())
    [d] = info.value.diagnostics
    return d


@pytest.mark.parametrize("end", ["\r\n", "\r", "\n"], ids=["CRLF", "CR", "LF"])
@pytest.mark.parametrize("last", [True, False], ids=["ends with a line end", "ends without"])
def test_members_are_appended_with_the_files_own_line_ends(end: str, last: bool) -> None:
    written = REGISTRY.replace("\n", end)
    written = written if last else written.removesuffix(end)
    text = append_members(written, parsed(written), NEW)
    assert text.startswith(written)
    others = {"\r\n", "\r", "\n"} - {end}
    assert not any(other in text.replace(end, "") for other in others), repr(text)
    assert text.endswith(end)
    assert parsed(text).ids() == ("rafik-ismayilov", "aynur-mammadova", "jalal", "leyla")


def test_members_are_appended_after_the_entries_as_written() -> None:
    registry = parsed(REGISTRY)
    assert registry.ids() == ("rafik-ismayilov", "aynur-mammadova")
    text = append_members(REGISTRY, registry, NEW)
    assert text.startswith(REGISTRY)  # comments and entries as they were
    assert text[len(REGISTRY):] == (
        "  - id: jalal\n    name: Jalal Amanov\n    organisation: “Tereqqi” Union\n"
        "    role: chair\n"
        "  - id: leyla\n    name: Leyla Guliyeva\n")  # no empty organisation or role
    again = parsed(text)
    assert again.ids() == registry.ids() + ("jalal", "leyla")
    assert entries(again)[2:] == [("jalal", "Jalal Amanov", "“Tereqqi” Union", "chair"),
                                  ("leyla", "Leyla Guliyeva", "", "")]


@pytest.mark.parametrize("indent", [0, 2, 4])
def test_members_are_appended_in_the_files_own_indentation(indent: int) -> None:
    pad = " " * indent
    text = f"members:\n{pad}- id: a\n{pad}  name: A\n"
    registry = parsed(text)
    assert registry.indent == indent + 2
    out = append_members(text, registry, NEW[1:])
    assert out == text + f"{pad}- id: leyla\n{pad}  name: Leyla Guliyeva\n"
    assert parsed(out).ids() == ("a", "leyla")


def test_a_file_without_a_final_newline_gets_one_before_the_new_members() -> None:
    text = "members:\n  - id: a\n    name: A"
    out = append_members(text, parsed(text), NEW[1:])
    assert out == text + "\n  - id: leyla\n    name: Leyla Guliyeva\n"


def test_members_added_to_no_registry_make_a_new_one() -> None:
    for empty in ("", "\n", "  \n"):
        out = append_members(empty, Registry(file="members.yaml", members=()), NEW)
        assert out.startswith("members:\n  - id: jalal\n")
        assert entries(parsed(out)) == [("jalal", "Jalal Amanov", "“Tereqqi” Union", "chair"),
                                        ("leyla", "Leyla Guliyeva", "", "")]


def test_an_unknown_id_suggests_the_closest() -> None:
    registry = parsed(REGISTRY)
    assert suggest_id("rafik-ismailov", registry) == "did you mean 'rafik-ismayilov'?"
    assert suggest_id("aynur-mamedova", registry) == "did you mean 'aynur-mammadova'?"
    assert suggest_id("zzz", registry) == ("add it to members.yaml, or write the member out "
                                           "(name: ...)")


def test_an_unknown_id_in_a_letter_is_located_at_the_member(tmp_path: Path) -> None:
    d = refusal(tmp_path, "      - member: rafik-ismailov\n")
    assert (d.file, d.line, d.column, d.field) == (
        str(tmp_path / "a.yaml"), 14, 17, "signatories[0].members[1].member")
    assert d.message == f"no member 'rafik-ismailov' in {tmp_path / 'members.yaml'}"
    assert d.hint == "did you mean 'rafik-ismayilov'?"


def test_a_duplicate_is_found_by_any_of_its_names() -> None:
    """The second entry's default name is new; its az: name is the first entry's, with the
    words swapped and without the marks."""
    text = ("members:\n  - id: ilham\n    name: İlham Əliyev\n"
            "  - id: aaron\n    name: Aaron Bell\n    az:\n      name: Aliyev Ilham\n")
    [warning] = likely_duplicates(parsed(text))
    assert (warning.file, warning.line, warning.column, warning.field, warning.severity) == (
        "members.yaml", 4, 9, "members[1]", "warning")
    assert warning.message == "'aaron' is probably the same person as 'ilham' (line 2)"
    assert warning.hint == "keep one entry and change the letters that name the other"


def test_an_entry_is_warned_about_once_however_many_names_match() -> None:
    text = ("members:\n  - id: ilham\n    name: İlham Əliyev\n    ru:\n      name: Ильхам\n"
            "  - id: again\n    name: Ilham Aliyev\n    az:\n      name: Aliyev Ilham\n")
    assert [w.field for w in likely_duplicates(parsed(text))] == ["members[1]"]


def test_no_registry_is_a_located_error_at_the_first_member_named(tmp_path: Path) -> None:
    d = refusal(tmp_path, "      - name: Someone Else\n      - member: rafik-ismayilov\n",
                registry=None)
    assert (d.file, d.line, d.column, d.field) == (
        str(tmp_path / "a.yaml"), 15, 17, "signatories[0].members[2].member")
    assert d.message == f"no members registry (members.yaml) in {tmp_path} or a folder above it"
    assert d.hint == ("create members.yaml beside the letter or in a folder above it "
                      "(usually source/members.yaml)")


@pytest.mark.parametrize(("extra", "count"), [
    ("  - id: aynur-mammadova\n    name: Again\n", "1 error"),
    ("  - id: aynur-mammadova\n    name: Again\n  - id: nameless\n", "2 errors"),
])
def test_a_broken_registry_says_how_many_errors_it_has(tmp_path: Path, extra: str,
                                                       count: str) -> None:
    from letterpress.resolve.registry import load_registry

    path = tmp_path / "members.yaml"
    path.write_text(REGISTRY + extra, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_registry(path, World())
    assert str(info.value).startswith(f"{path}: {count} in the members registry")
    assert len(info.value.diagnostics) == int(count[0])
    assert "members[2].id" in [d.field for d in info.value.diagnostics]


def test_match_keys_ignore_punctuation() -> None:
    from letterpress.resolve.registry import match_keys

    assert match_keys("İsmayılov, Rafik") == match_keys("Ismayilov Rafik")
    assert match_keys("Rafik-Ismayilov") == match_keys("rafik ismayilov")
    assert match_keys("Rafik") != match_keys("Rafiq")


def test_a_registry_that_is_not_text_is_located_where_it_stops_being_text(
        tmp_path: Path) -> None:
    from letterpress.resolve.registry import load_registry

    path = tmp_path / "members.yaml"
    path.write_bytes(b"members:\n  - id: a\n    name: A\xff\n")
    with pytest.raises(SourceError) as info:
        load_registry(path, World())
    [d] = info.value.diagnostics
    assert (d.file, d.line, d.column, d.field) == (str(path), 3, 12, "")
    assert d.message.startswith("cannot read the members registry: ")
    assert d.hint
    assert str(info.value) == f"{path}: 1 error in the members registry"


def test_a_registry_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    from letterpress.resolve.registry import load_registry

    path = tmp_path / "members.yaml"
    path.mkdir()
    with pytest.raises(SourceError) as info:
        load_registry(path, World())
    [d] = info.value.diagnostics
    assert (d.file, d.line, d.column, d.field) == (str(path), 0, 0, "")
    assert d.message == "cannot read the members registry: it is a folder, not a file"
    assert d.hint == "give the path of a members registry file"


def test_a_member_without_a_name_in_the_letters_language_is_located(tmp_path: Path) -> None:
    d = refusal(tmp_path, "      - member: only-az\n",
                REGISTRY + "  - id: only-az\n    az:\n      name: Əli Əliyev\n")
    assert (d.file, d.line, d.column, d.field) == (
        str(tmp_path / "a.yaml"), 14, 17, "signatories[0].members[1].member")
    assert d.message == (f"member 'only-az' has no name in en and no default name in "
                         f"{tmp_path / 'members.yaml'}")
    assert d.hint == "give the entry a name, or a en: block with one"


def test_a_duplicate_id_and_a_nameless_entry_are_located_errors() -> None:
    text = REGISTRY + ("  - id: rafik-ismayilov\n    name: Rafik Ismayilov\n"
                       "  - id: nobody\n    organisation: Nowhere\n    az:\n      role: üzv\n")
    registry, errors = parse_registry(text, "members.yaml", COVERAGE)
    assert registry is None
    found = sorted(errors, key=lambda d: d.line)
    assert [(d.file, d.line, d.column, d.field) for d in found] == [
        ("members.yaml", 14, 9, "members[2].id"), ("members.yaml", 16, 5, "members[3]")]
    assert found[0].message == "duplicate id 'rafik-ismayilov'"
    assert found[0].hint == ("'rafik-ismayilov' is already given at line 3; give each member "
                             "one entry with its own id")
    assert found[1].message == "member 'nobody' has no name in any language"
    assert found[1].hint == "give it a name: name: ... (or az: {name: ...})"


def test_an_entry_named_in_one_language_only_is_read_with_its_place() -> None:
    text = REGISTRY + "  - id: only-az\n    az:\n      name: Əli Əliyev\n      role: üzv\n"
    registry = parsed(text)
    member = registry.get("only-az")
    assert member is not None and registry.get("nobody") is None
    assert (member.path, member.where.line if member.where else 0) == ("members[2]", 14)
    assert member.default.name == ""
    assert member.text("az").name == "Əli Əliyev" and member.text("az").role == "üzv"
    assert member.text("en").name == "" and member.names() == ("Əli Əliyev",)
    rafik = registry.get("rafik-ismayilov")
    assert rafik is not None
    assert [language for language, _ in rafik.languages] == ["az", "ru"]
    assert rafik.text("ru").name == "Рафик Исмайылов"
    assert rafik.text("ru").organisation == "For the Sake of Civil Society Public Association"


def test_a_long_organisation_is_appended_on_one_line() -> None:
    organisation = "Public Union for the Support of " + "Civil Society and " * 5 + "Rights"
    member = Signatory(name="Jalal Amanov", organisation=organisation, id="jalal")
    out = append_members(REGISTRY, parsed(REGISTRY), (member,))
    assert f"    organisation: {organisation}\n" in out
    assert entries(parsed(out))[-1] == ("jalal", "Jalal Amanov", organisation, "")
