"""A letter is built again when anything it was made from changes (README, "Correcting a
letter": "the SHA-256 of the letter, its letterhead and logo, the PDF itself, letterpress's
code and fonts"; docs: editing one registry entry rebuilds the letters naming it). Each
input is changed on its own here: the bytes of each font, a module anywhere in the package
(layout/ and the other subpackages too), the colour profile, the ReportLab version, a
member's text in any language, a member named in any signatory group."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from helpers.registry import REGISTRY

import letterpress
from letterpress import fonts, vendored
from letterpress.corrections import incremental
from letterpress.corrections.incremental import Cache, build_changed, environment
from letterpress.fonts import ALL_FILES
from letterpress.resolve.registry import entry_digests, members_used
from letterpress.world import World

PACKAGE = Path(letterpress.__file__).resolve().parent
REPO = PACKAGE.parents[1]


# --- letterpress itself: its code, its colour profile, ReportLab, its fonts -----------------


def copy_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of letterpress's source (and colour profile) that environment() hashes as if it
    were the installed one."""
    copy = tmp_path / "src" / "letterpress"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "icc", tmp_path / "icc")
    monkeypatch.setattr(incremental, "__file__", str(copy / "corrections" / "incremental.py"))
    monkeypatch.setattr(vendored, "SOURCE_TREE", tmp_path)
    return copy


def copy_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fonts that environment() hashes as if they were the vendored ones."""
    copy = tmp_path / "fonts"
    copy.mkdir()
    for name in ALL_FILES:
        shutil.copy(REPO / "fonts" / name, copy / name)
    monkeypatch.setattr(fonts, "fonts_dir", lambda: copy)
    return copy


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return copy_package(tmp_path, monkeypatch)


@pytest.fixture
def font_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return copy_fonts(tmp_path, monkeypatch)


def modules(package: Path) -> list[Path]:
    return sorted(package.rglob("*.py"))


def test_the_copies_hash_as_the_originals(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    original = environment()
    copy_package(tmp_path, monkeypatch)
    copy_fonts(tmp_path, monkeypatch)
    assert environment() == original


@pytest.mark.slow
def test_every_module_of_the_package_is_part_of_the_code_digest(
        package: Path, font_folder: Path) -> None:
    version, code, font = environment()
    assert {p.parent.name for p in modules(package)} >= {"letterpress", "layout", "pdf", "cli"}
    seen = {code}
    for path in modules(package):
        before = path.read_bytes()
        path.write_bytes(before + b"\n# an edit\n")
        changed = environment()
        assert changed[0] == version and changed[2] == font, path
        assert changed[1] not in seen, path.relative_to(package)  # none alike: bytes count
        seen.add(changed[1])
        path.write_bytes(before)
    assert environment() == (version, code, font)


def test_a_module_moved_or_added_changes_the_code_digest(package: Path,
                                                         font_folder: Path) -> None:
    code = environment()[1]
    (package / "layout" / "flow.py").rename(package / "layout" / "flow2.py")
    moved = environment()[1]
    assert moved != code
    (package / "layout" / "flow2.py").rename(package / "layout" / "flow.py")
    assert environment()[1] == code
    (package / "layout" / "extra.py").write_text("", encoding="utf-8")
    assert environment()[1] != code


def test_the_colour_profile_and_reportlab_are_part_of_the_code_digest(
        package: Path, font_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = environment()[1]
    icc = package.parents[1] / "icc" / "sRGB.icc"
    icc.write_bytes(icc.read_bytes() + b"\0")
    assert environment()[1] != code
    icc.write_bytes(icc.read_bytes()[:-1])
    assert environment()[1] == code
    monkeypatch.setattr(fonts, "reportlab_version", lambda: "0.0-other")
    assert environment()[1] != code


def test_the_bytes_of_every_font_are_part_of_the_font_digest(
        package: Path, font_folder: Path) -> None:
    version, code, font = environment()
    seen = {font}
    for name in ALL_FILES:
        path = font_folder / name
        before = path.read_bytes()
        path.write_bytes(before[:-1] + bytes([before[-1] ^ 1]))  # same name, same size
        changed = environment()
        assert changed[:2] == (version, code) and changed[2] not in seen, name
        seen.add(changed[2])
        path.write_bytes(before)
    assert environment() == (version, code, font)


@pytest.mark.slow
def test_a_new_code_or_font_digest_rebuilds_every_letter_and_says_why(tmp_path: Path) -> None:
    from helpers import SAMPLE

    out = tmp_path / "out"
    env = environment()
    cache = Cache(out, env, {})
    assert [r for _, r in build_changed([(SAMPLE, out / "a.pdf")], cache, World())] == [()]
    for changed, why in (((env[0], "other", env[2]), ["letterpress's code (or ReportLab) "
                                                      "changed"]),
                         ((env[0], env[1], "other"), ["the fonts changed"]),
                         ((env[0], "x", "y"), ["letterpress's code (or ReportLab) changed",
                                               "the fonts changed"]),
                         (("0.0", env[1], env[2]), [f"letterpress {env[0]} was replaced by "
                                                    "0.0"])):
        plan = Cache.open(out, changed).plan([(SAMPLE, out / "a.pdf")])
        assert [list(s.reasons) for s in plan.stale] == [why]
    assert Cache.open(out, env).plan([(SAMPLE, out / "a.pdf")]).stale == ()


# --- the members registry: every language of an entry, every signatory group ----------------

LETTER = """\
letterhead:
  name: Azerbaijan Open Government Platform
reference: "7/26"
date: 2026-11-20
language: {language}
sender: The Secretariat
recipient: Members of the Platform
body:
  - We write to you about the assembly.
signatories:
  - heading: "Signed:"
    members:
      - member: rafik-ismayilov
  - heading: "Supported by:"
    members:
      - name: Leyla Guliyeva
      - member: aynur-mammadova
"""

@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    source = tmp_path / "source"
    source.mkdir()
    (source / "members.yaml").write_text(REGISTRY, encoding="utf-8")
    for language in ("en", "az"):
        (source / f"{language}.yaml").write_text(LETTER.format(language=language),
                                                 encoding="utf-8")
    return tmp_path


def rebuild(project: Path) -> dict[str, tuple[str, ...]]:
    """Build source/ into output/ as `letterpress build` does: the letters built, and why."""
    source, out = project / "source", project / "output"
    jobs = [(source / f"{name}.yaml", out / f"{name}.pdf") for name in ("en", "az")]
    cache = Cache.open(out)
    done = {}
    for outcome, reasons in build_changed(jobs, cache, World()):
        assert outcome.error is None, outcome.error
        if outcome.built is not None:
            done[outcome.source.stem] = reasons
    return done


def test_an_edit_of_any_entry_a_letter_names_rebuilds_it(project: Path) -> None:
    registry = project / "source" / "members.yaml"
    assert rebuild(project) == {"en": (), "az": ()}
    assert rebuild(project) == {}
    # the entry named in the second group
    registry.write_text(REGISTRY.replace("chair of the Council", "chair"), encoding="utf-8")
    why = (f"{registry}: aynur-mammadova changed",)
    assert rebuild(project) == {"en": why, "az": why}
    # the entry's az: text, which only the az letter prints; the entry says something else
    registry.write_text(REGISTRY.replace("chair of the Council", "chair").replace(
        "İctimai Birlik", "İB"), encoding="utf-8")
    why = (f"{registry}: rafik-ismayilov changed",)
    assert rebuild(project) == {"en": why, "az": why}
    # an entry no letter names
    registry.write_text(registry.read_text(encoding="utf-8") + "  - id: other\n"
                        "    name: Other Member\n", encoding="utf-8")
    assert rebuild(project) == {}


def test_an_edit_of_an_entry_only_a_signer_names_rebuilds_the_letter(project: Path) -> None:
    """The signature block names a member as a group does: the entry is an input too."""
    registry = project / "source" / "members.yaml"
    signed = project / "source" / "en.yaml"
    text = signed.read_text(encoding="utf-8")
    signed.write_text(text.replace("signatories:", "signature:\n  signers:\n"
                                   "    - member: aynur-mammadova\nsignatories:").replace(
        "      - member: aynur-mammadova\n", ""), encoding="utf-8")
    assert rebuild(project) == {"en": (), "az": ()}
    registry.write_text(REGISTRY.replace("chair of the Council", "chair"), encoding="utf-8")
    why = (f"{registry}: aynur-mammadova changed",)
    assert rebuild(project) == {"en": why, "az": why}


def test_members_used_are_those_of_every_group_in_order_each_once() -> None:
    from letterpress.model import (
        Letter,
        Letterhead,
        Paragraph,
        Signatory,
        SignatoryGroup,
        Span,
    )

    def group(*ids: str) -> SignatoryGroup:
        return SignatoryGroup(heading="h", members=tuple(
            Signatory(name=f"N {i}", id=i) for i in ids) + (Signatory(name="Written Out"),))

    letter = Letter(letterhead=Letterhead(name="x"), reference="1",
                    date=datetime.date(2026, 1, 1), sender="s", recipient=("r",),
                    body=(Paragraph(spans=(Span(text="b"),)),),
                    signatories=(group("b", "a"), group("c", "a"), group("d")))
    assert members_used(letter) == ("b", "a", "c", "d")


def entry(text: str, member: str) -> str:
    return entry_digests(text.encode("utf-8"))[member]


@pytest.mark.parametrize(("old", "new"), [
    ("Rafık İsmayılov", "Rafik İsmayılov"),  # the default name
    ("For the Sake of Civil Society", "For Civil Society"),  # the default organisation
    ("Vətəndaş Cəmiyyəti", "Vətəndaş"),  # az: organisation
    ("Рафик", "Рафиг"),  # ru: name
    ("    ru:\n", "    en:\n"),  # the same text, for another language
])
def test_an_entrys_digest_covers_its_text_in_every_language(old: str, new: str) -> None:
    assert old in REGISTRY
    changed = REGISTRY.replace(old, new)
    assert entry(changed, "rafik-ismayilov") != entry(REGISTRY, "rafik-ismayilov")
    assert entry(changed, "aynur-mammadova") == entry(REGISTRY, "aynur-mammadova")


def test_an_entrys_digest_covers_each_field_of_each_language_apart() -> None:
    """Text moved from one field to its neighbour prints differently: another digest."""
    base = "members:\n  - id: m\n    name: A\n    organisation: B\n    role: C\n"
    variants = [base,
                base.replace("name: A\n    organisation: B", "name: AB\n    organisation: ''"),
                base.replace("organisation: B\n    role: C", "organisation: ''\n    role: BC"),
                base + "    az:\n      name: X\n",
                base + "    az:\n      organisation: X\n",
                base + "    az:\n      role: X\n",
                base + "    ru:\n      role: X\n",
                base + "    az:\n      role: X\n    ru:\n      role: Y\n",
                base + "    az:\n      role: Y\n    ru:\n      role: X\n"]
    digests = [entry_digests(v.encode())["m"] for v in variants]
    assert len(set(digests)) == len(variants)


def test_an_entrys_digest_changes_only_with_what_it_says() -> None:
    """Where the entry stands, the order of its keys, comments and quoting print nothing."""
    base = ("members:\n  - id: m\n    name: A\n    organisation: B\n"
            "    az:\n      role: X\n    ru:\n      role: Y\n")
    alike = ["members:\n  - id: first\n    name: Z\n" + base[len("members:\n"):],
             "# the members\nmembers:\n  - organisation: 'B'\n    ru:\n      role: Y\n"
             "    az:\n      role: X\n    name: A  # the name\n    id: m\n"]
    digest = entry_digests(base.encode())["m"]
    assert [entry_digests(text.encode())["m"] for text in alike] == [digest, digest]


def test_an_unreadable_registry_has_no_entries() -> None:
    assert entry_digests(b"\xff\xfe not text") == {}
    assert entry_digests(b"members:\n  - id: m\n") == {}  # no name: a broken registry
    assert entry_digests(b"members:\n  - id: m\n    name: A\n").keys() == {"m"}


def test_an_installed_colour_profile_is_part_of_the_code_digest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed (no icc/ beside the source tree), the profile is found under the prefix's
    share/letterpress/icc, as pdf/catalog.py finds it."""
    import sys

    copy_package(tmp_path, monkeypatch)
    copy_fonts(tmp_path, monkeypatch)
    shutil.rmtree(tmp_path / "icc")
    prefix = tmp_path / "prefix"
    shutil.copytree(REPO / "icc", prefix / "share" / "letterpress" / "icc")
    monkeypatch.setattr(sys, "prefix", str(prefix))
    code = environment()[1]
    icc = prefix / "share" / "letterpress" / "icc" / "sRGB.icc"
    icc.write_bytes(icc.read_bytes() + b"\0")
    assert environment()[1] != code
