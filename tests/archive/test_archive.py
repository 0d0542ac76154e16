"""The archive: letters filed as BagIt bags, found again through the register, and proven
unchanged by ``archive verify``. The PDFs carry their sources (tests/embedded.py)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import bagit
import pytest
from helpers import REPO, SAMPLE, SOURCE_DIR, SOURCE_LETTERS
from helpers.cli import process as run
from helpers.embedded import build_with_sources
from helpers.pki import PASSWORD, Pki
from helpers.processes import Child

from letterpress.archive import file_letter, find, prepare, reindex, require, verify
from letterpress.check.extract import read_sources
from letterpress.errors import ArchiveError, LetterpressError
from letterpress.fonts import FontSet
from letterpress.pipeline import check_embedded
from letterpress.world import World

AZ, EN, RU = (f"2026-11-20-assembly-invitation-{x}" for x in ("az", "en", "ru"))
APPEAL = SAMPLE.stem
BAG = {APPEAL: "2020/2020-10-08_05-20_en_r1", AZ: "2026/2026-11-20_41-26_az_r1",
       EN: "2026/2026-11-20_41-26_en_r1", RU: "2026/2026-11-20_41-26_ru_r1"}
# the appeal and the invitations: the letters of source/ these tests file (the ministry
# letters, which show the parts of a formal letter, are filed by a test of their own)
LETTERS = sorted(p.stem for p in SOURCE_LETTERS if p.stem in BAG)
MINISTRY = "2026-12-01-ministry-letter-en"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every letter of source/ built once, with its sources inside."""
    out = tmp_path_factory.mktemp("built")
    for name in LETTERS:
        build_with_sources(SOURCE_DIR / f"{name}.yaml", out / f"{name}.pdf")
    return out


@pytest.fixture
def pdfs(tmp_path: Path, built: Path) -> Path:
    shutil.copytree(built, tmp_path / "pdfs")
    return tmp_path / "pdfs"


def file_all(root: Path, pdfs: Path, fonts: FontSet, names: list[str] = LETTERS) -> None:
    require(root, create=True)
    for name in names:
        assert file_letter(root, prepare(pdfs / f"{name}.pdf", World(fonts)), World(fonts)).new


@pytest.fixture(scope="module")
def filed(tmp_path_factory: pytest.TempPathFactory, built: Path, fonts: FontSet) -> Path:
    """An archive of every letter of source/, filed once (copy it, never change it)."""
    root = tmp_path_factory.mktemp("filed") / "archive"
    file_all(root, built, fonts)
    return root


@pytest.fixture
def archive(tmp_path: Path, pdfs: Path, filed: Path) -> Path:
    shutil.copytree(filed, tmp_path / "archive")
    return tmp_path / "archive"


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def bag_files(root: Path) -> dict[str, str]:
    return {k: v for k, v in snapshot(root).items() if k[:4].isdigit()}


# --- filing ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_each_letter_becomes_a_bag_named_by_date_and_reference(archive: Path,
                                                               pdfs: Path) -> None:
    assert sorted(p.relative_to(archive).as_posix() for p in archive.glob("*/*")) == sorted(
        BAG.values())
    for name, folder in BAG.items():
        bag = bagit.Bag(str(archive / folder))
        bag.validate()
        assert bag.version_info == (1, 0)
        assert bag.algorithms == ["sha256"]
        data = archive / folder / "data"
        assert (data / f"{name}.pdf").read_bytes() == (pdfs / f"{name}.pdf").read_bytes()
        assert (data / f"source/{name}.yaml").read_bytes() == (
            SOURCE_DIR / f"{name}.yaml").read_bytes()
        assert (data / "source/letterheads/ogp.yaml").is_file()


def test_bag_info_describes_the_letter(archive: Path, pdfs: Path) -> None:
    info = bagit.Bag(str(archive / BAG[APPEAL])).info
    digest = hashlib.sha256((pdfs / f"{APPEAL}.pdf").read_bytes()).hexdigest()
    assert {k: v for k, v in info.items() if k.startswith("Letter")} == {
        "Letter-Reference": "05/20", "Letter-Date": "2020-10-08",
        "Letter-Sender": "Azerbaijan Open Government Platform",
        "Letter-Recipient": ['Secretary General of "Amnesty International"', "Ms. Julie Verhara"],
        "Letter-Language": "en", "Letter-Signatories": "44", "Letter-Revision": "1",
        "Letter-PDF": f"data/{APPEAL}.pdf", "Letter-PDF-SHA256": digest,
        "Letter-PDF-A": info["Letter-PDF-A"], "Letter-Source": f"data/source/{APPEAL}.yaml",
        "Letterpress-Version": "0.1.0"}
    assert info["Letter-PDF-A"] in ("3b", "no")
    assert info["External-Identifier"] == "05/20"
    assert info["Source-Organization"] == "Azerbaijan Open Government Platform"
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in (archive / BAG[APPEAL] / 'data').rglob('*') if p.is_file())}.3"  # noqa: E501


def test_filing_the_same_letter_again_does_nothing(archive: Path, pdfs: Path,
                                                   fonts: FontSet) -> None:
    before = snapshot(archive)
    filed = file_letter(archive, prepare(pdfs / f"{AZ}.pdf", World(fonts)), World(fonts))
    assert not filed.new and filed.bag == archive / BAG[AZ]
    assert snapshot(archive) == before


def test_another_pdf_with_the_same_reference_is_refused(archive: Path, tmp_path: Path,
                                                        fonts: FontSet) -> None:
    shutil.copytree(SOURCE_DIR, tmp_path / "edited")
    letter = tmp_path / "edited" / SAMPLE.name
    letter.write_text(SAMPLE.read_text(encoding="utf-8").replace("Ms. Julie Verhara",
                                                                 "Ms. J. Verhara"))
    pdf = build_with_sources(letter, tmp_path / "corrected.pdf")
    before = snapshot(archive)
    with pytest.raises(ArchiveError, match=rf"^{tmp_path}/corrected\.pdf: refused: reference "
                       rf"05/20 revision 1 \(en\) is filed already as {archive}/"
                       rf"{BAG[APPEAL]}/data/{APPEAL}\.pdf, a different PDF"):
        file_letter(archive, prepare(pdf, World(fonts)), World(fonts))
    assert snapshot(archive) == before


@pytest.mark.slow
def test_another_reference_with_the_same_bag_name_is_told_apart_before_the_revision(
        archive: Path, tmp_path: Path, fonts: FontSet) -> None:
    """05-20 and 05/20 are the same in plain letters: the second bag's reference is followed
    by the start of its own SHA-256, never by a suffix after r1 that reads as a range."""
    shutil.copytree(SOURCE_DIR, tmp_path / "other")
    letter = tmp_path / "other" / SAMPLE.name
    text = SAMPLE.read_text(encoding="utf-8")
    assert 'reference: "05/20"' in text
    letter.write_text(text.replace('reference: "05/20"', 'reference: "05-20"'), encoding="utf-8")
    pdf = build_with_sources(letter, tmp_path / "other.pdf")
    filed = file_letter(archive, prepare(pdf, World(fonts)), World(fonts))
    digest = hashlib.sha256(b"05-20").hexdigest()[:8]
    assert filed.bag == archive / f"2020/2020-10-08_05-20-{digest}_en_r1"
    assert (archive / BAG[APPEAL]).is_dir()  # the first keeps its name
    assert verify(archive, World(fonts)).changes == ()


def test_a_pdf_that_does_not_read_back_as_its_source_is_refused(tmp_path: Path, built: Path,
                                                                fonts: FontSet) -> None:
    from helpers.embedded import embed, files_read

    changed = tmp_path / "src" / SAMPLE.name
    shutil.copytree(SOURCE_DIR, tmp_path / "src")
    changed.write_text(SAMPLE.read_text(encoding="utf-8").replace("Verhara", "Verhaar"))
    pdf = tmp_path / "x.pdf"
    shutil.copy(built / f"{APPEAL}.pdf", pdf)
    with __import__("pikepdf").open(pdf, allow_overwriting_input=True) as doc:
        del doc.Root.AF
        doc.save(pdf)
    embed(pdf, files_read(changed))
    with pytest.raises(ArchiveError, match=r"x\.pdf: does not read back as its embedded "
                                           r"source \(1 difference\(s\)\)"):
        prepare(pdf, World(fonts))


@pytest.mark.slow
def test_a_stale_temporary_bag_is_cleaned_and_a_lost_registration_redone(
        tmp_path: Path, pdfs: Path, fonts: FontSet) -> None:
    root = tmp_path / "archive"
    file_all(root, pdfs, fonts, [APPEAL, AZ])
    (root / ".tmp/2026_half-built.4242/data").mkdir(parents=True)
    (root / ".tmp/2026_half-built.4242/data/x.pdf").write_bytes(b"%PDF-")
    with sqlite3.connect(root / "register.sqlite") as conn:  # died before registering
        (letter,) = conn.execute("SELECT id FROM letters WHERE bag = ?", (BAG[AZ],)).fetchone()
        for table, key in (("members", "letter"), ("text", "rowid"), ("letters", "id")):
            conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (letter,))
    conn.close()
    filed = file_letter(root, prepare(pdfs / f"{EN}.pdf", World(fonts)), World(fonts))
    assert filed.new
    assert filed.notices == (f"{root / BAG[AZ]}: was missing from the register; indexed",)
    assert list((root / ".tmp").iterdir()) == []
    assert [e.bag for e in find(root, World(fonts), None).entries] == [BAG[APPEAL], BAG[AZ],
                                                                        BAG[EN]]


# --- finding ------------------------------------------------------------------------------------

def bags_found(root: Path, fonts: FontSet, query: str | None, since: str = "",
               until: str = "") -> list[str]:
    return sorted(e.bag for e in find(root, World(fonts), query, since, until).entries)


@pytest.mark.parametrize(("query", "letters"), [
    ("İsmayılov", [APPEAL, AZ, EN]), ("Ismayilov", [APPEAL, AZ, EN]),
    ("ismayılov", [APPEAL, AZ, EN]), ("Tural Ismayilov", [AZ, EN]),
    ("Mammadova", [AZ, EN]), ("Məmmədova", [AZ, EN]), ("Memmedova", [AZ]),
    ("Əliyeva", [APPEAL, AZ, EN]), ("Gülnar Əliyeva", [AZ, EN]), ("Gulnar Aliyeva", [AZ, EN]),
    ("Rəşad Hüseynov", [AZ, EN]), ("Rasad Huseynov", [AZ, EN]), ("Hüseynov", [APPEAL, AZ, EN]),
    # transliterations, matched as `members check` matches names (resolve/names.py): ş as
    # sh, ə as a or e each on its own, a doubled letter once
    ("Rashad Huseynov", [AZ, EN]), ("Şəki", [AZ, EN]), ("Shaki", [AZ, EN]),
    ("Mamedova", [AZ]), ("Mammedova", [AZ]),
    ("“Constitution” Research Fund", [APPEAL, EN]),  # an organisation, and body text
    ('"internationally recognized and accepted territory"', [APPEAL]),  # a phrase
    ('"accepted internationally"', []), ("Amnesty", [APPEAL]), ("05/20", [APPEAL]),
    ("Прозрачность бюджета", [RU]), ("прозрачность", [RU]), ("no-such-word", []),
])
def test_search_finds_names_organisations_and_phrases(archive: Path, fonts: FontSet,
                                                      query: str, letters: list[str]) -> None:
    assert bags_found(archive, fonts, query) == sorted(BAG[name] for name in letters)


@pytest.mark.slow
def test_search_says_no_letters_match_and_exits_1(archive: Path, tmp_path: Path) -> None:
    result = run(tmp_path, "archive", "search", "no-such-word")
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", "no letters match no-such-word\n")


@pytest.mark.slow
def test_each_hit_shows_the_field_and_a_snippet_with_the_match(archive: Path,
                                                              tmp_path: Path) -> None:
    """Mamedova is the Azerbaijani letter's signatory Məmmədova (source/...-az.yaml); the
    snippet shows the letter's own spelling, in brackets."""
    az = (SOURCE_DIR / f"{AZ}.yaml").read_text(encoding="utf-8")
    assert "Məmmədova" in az
    result = run(tmp_path, "archive", "search", "Mamedova")
    assert result.returncode == 0, result.stderr
    first, *hits = result.stdout.splitlines()
    assert first.endswith(f"archive/{BAG[AZ]}")
    assert hits and all(h.startswith("    ") for h in hits)
    fields = [h.strip().split(": ", 1)[0] for h in hits]
    assert "signatories" in fields
    assert all("[Məmmədova]" in h for h in hits)
    found = json.loads(run(tmp_path, "archive", "search", "Constitution", "--json").stdout)
    # the “Constitution” Research Fund is in the English invitation's body and the
    # organisation of one of the appeal's signatories
    assert {(m["field"], "[Constitution]" in m["snippet"]) for row in found
            for m in row["matches"]} == {("body", True), ("signatories", True)}


def test_list_orders_by_date_and_filters_by_dates(archive: Path, fonts: FontSet) -> None:
    assert [e.bag for e in find(archive, World(fonts), None).entries] == [
        BAG[APPEAL], BAG[AZ], BAG[EN], BAG[RU]]
    assert bags_found(archive, fonts, None, since="2021-01-01") == sorted(
        BAG[n] for n in (AZ, EN, RU))
    assert bags_found(archive, fonts, None, until="2020-10-08") == [BAG[APPEAL]]
    assert bags_found(archive, fonts, "Ismayilov", until="2020-12-31") == [BAG[APPEAL]]


def test_a_query_without_words_is_refused(archive: Path, fonts: FontSet) -> None:
    with pytest.raises(ArchiveError, match="no word"):
        find(archive, World(fonts), " -- ")


def test_reindex_gives_the_same_register(archive: Path, fonts: FontSet) -> None:
    before = find(archive, World(fonts), None).entries
    assert reindex(archive, World(fonts)) == (4, (), ())
    assert find(archive, World(fonts), None).entries == before
    assert bags_found(archive, fonts, "Memmedova") == [BAG[AZ]]


def test_a_deleted_register_is_rebuilt_with_a_notice(archive: Path, fonts: FontSet) -> None:
    before = find(archive, World(fonts), None).entries
    (archive / "register.sqlite").unlink()
    found = find(archive, World(fonts), "Ismayilov")
    assert found.notices == (f"{archive}/register.sqlite: missing; rebuilt from 4 bag(s)",)
    assert len(found.entries) == 3
    assert find(archive, World(fonts), None) .entries == before


def test_a_damaged_register_is_kept_aside_and_rebuilt(archive: Path, fonts: FontSet) -> None:
    register = archive / "register.sqlite"
    damaged = register.read_bytes()[:4096] + b"\xff" * 4096
    register.write_bytes(damaged)
    found = find(archive, World(fonts), None)
    assert len(found.notices) == 1
    assert found.notices[0].startswith(f"{register}: damaged (")
    assert found.notices[0].endswith(f"kept as {register}.damaged; rebuilt from 4 bag(s)")
    assert len(found.entries) == 4
    assert (archive / "register.sqlite.damaged").read_bytes() == damaged


# --- verify ------------------------------------------------------------------------------------

def changes(root: Path, fonts: FontSet) -> list[str]:
    verified = verify(root, World(fonts))
    assert verified.bags == len(list(root.glob("[0-9]*/*/bagit.txt")))
    return [c.removeprefix(f"{root}/") for c in verified.changes]


@pytest.mark.slow
def test_an_untouched_archive_verifies(archive: Path, fonts: FontSet) -> None:
    assert changes(archive, fonts) == []


@pytest.mark.slow
def test_a_flipped_byte_in_a_pdf_is_found(archive: Path, fonts: FontSet) -> None:
    pdf = archive / BAG[EN] / f"data/{EN}.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    assert changes(archive, fonts) == [
        f"{BAG[EN]}: data/{EN}.pdf: altered (its sha256 differs from the manifest)"]


@pytest.mark.slow
def test_a_removed_and_an_added_file_are_found(archive: Path, fonts: FontSet) -> None:
    (archive / BAG[RU] / "data/source/letterheads/ogp.yaml").unlink()
    (archive / BAG[AZ] / "data/notes.txt").write_text("added later", encoding="utf-8")
    (archive / BAG[AZ] / "README").write_text("added later", encoding="utf-8")
    assert changes(archive, fonts) == [
        f"{BAG[AZ]}: data/notes.txt: added", f"{BAG[AZ]}: README: added",
        f"{BAG[RU]}: data/source/letterheads/ogp.yaml: missing"]


@pytest.mark.slow
def test_an_edited_bag_info_is_found(archive: Path, fonts: FontSet) -> None:
    info = archive / BAG[APPEAL] / "bag-info.txt"
    info.write_text(info.read_text(encoding="utf-8").replace("05/20", "06/20"),
                    encoding="utf-8")
    assert changes(archive, fonts) == [
        f"{BAG[APPEAL]}: bag-info.txt: altered (its sha256 differs from the manifest)"]


@pytest.mark.slow
def test_a_gone_bag_and_a_bag_the_register_lacks_are_found(archive: Path,
                                                           fonts: FontSet) -> None:
    shutil.rmtree(archive / BAG[RU])
    with sqlite3.connect(archive / "register.sqlite") as conn:
        conn.execute("DELETE FROM letters WHERE bag = ?", (BAG[AZ],))
    conn.close()
    assert changes(archive, fonts) == [
        f"{BAG[RU]}: the bag of 41/26 revision 1 (ru) is gone (the register still lists it)",
        f"{BAG[AZ]}: not in the register (`letterpress archive reindex` adds it)"]


@pytest.mark.slow
def test_a_pdf_rewritten_under_new_manifests_is_found(archive: Path, fonts: FontSet) -> None:
    """Someone saved the PDF again (its XMP metadata gone, so no longer PDF/A-3b) and made
    the manifests again over it: bag-info, the register and pikepdf.pdfa still tell."""
    import pikepdf

    folder = archive / BAG[EN]
    pdf = folder / f"data/{EN}.pdf"
    old = hashlib.sha256(pdf.read_bytes()).hexdigest()
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        if "/Metadata" in doc.Root:
            del doc.Root.Metadata
        doc.save(pdf)
    bag = bagit.Bag(str(folder))
    bag.info["Letter-PDF-A"] = "3b"  # as when filed, once builds are PDF/A-3b
    bag.info["Letter-PDF-SHA256"] = old
    bag.save(manifests=True)
    found = changes(archive, fonts)
    assert found[:2] == [
        f"{BAG[EN]}: data/{EN}.pdf: its SHA-256 is not the {old} bag-info.txt records",
        f"{BAG[EN]}: data/{EN}.pdf: the register records another SHA-256 ({old})"]
    assert len(found) == 4 and found[2].startswith(
        f"{BAG[EN]}: {EN}.pdf: filed as PDF/A-3b, not PDF/A-3b")
    # and check sees the XMP gone (check/contents.py)
    assert found[3] == (f"{BAG[EN]}: {EN}.pdf: no longer reads back as its embedded source "
                        "(1 difference(s))")


@pytest.mark.slow
def test_a_deleted_register_is_no_change(archive: Path, fonts: FontSet) -> None:
    (archive / "register.sqlite").unlink()
    verified = verify(archive, World(fonts))
    assert verified.changes == () and verified.bags == 4
    assert verified.notices == (f"{archive}/register.sqlite: missing; rebuilt from 4 bag(s)",)


# --- folders that are not archives, and the command line ------------------------------------------

def test_a_folder_that_is_not_an_archive_is_refused(tmp_path: Path, pdfs: Path,
                                                    fonts: FontSet) -> None:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers/notes.txt").write_text("mine", encoding="utf-8")
    for call in (lambda r: require(r, create=True), lambda r: find(r, World(fonts), None),
                 lambda r: verify(r, World(fonts)), lambda r: reindex(r, World(fonts))):
        with pytest.raises(ArchiveError, match=r"papers: not a letterpress archive"):
            call(tmp_path / "papers")
    with pytest.raises(ArchiveError, match=r"nowhere: no archive here yet"):
        find(tmp_path / "nowhere", World(fonts), None)
    assert not (tmp_path / "nowhere").exists()
    assert [p.name for p in (tmp_path / "papers").iterdir()] == ["notes.txt"]


@pytest.mark.slow
def test_the_command_line(tmp_path: Path, pdfs: Path) -> None:
    result = run(tmp_path, "archive", *(f"pdfs/{n}.pdf" for n in LETTERS))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"pdfs/{n}.pdf -> archive/{BAG[n]}" for n in LETTERS]
    again = run(tmp_path, "archive", f"pdfs/{AZ}.pdf")
    assert again.stdout == f"pdfs/{AZ}.pdf: filed already as archive/{BAG[AZ]}; nothing done\n"
    listed = run(tmp_path, "archive", "list", "--until", "2020-12-31")
    assert listed.stdout == ('05/20  2020-10-08  Secretary General of "Amnesty International"; '
                             f"Ms. Julie Verhara  r1  archive/{BAG[APPEAL]}\n")
    found = json.loads(run(tmp_path, "archive", "search", "Ismayilov", "--json").stdout)
    assert sorted(row["path"] for row in found) == sorted(
        f"archive/{BAG[n]}" for n in (APPEAL, AZ, EN))
    assert {row["signatories"] for row in found} == {44, 7}
    assert run(tmp_path, "archive", "reindex").stdout == "archive: register rebuilt from 4 bag(s)\n"
    verified = run(tmp_path, "archive", "verify")
    assert (verified.returncode, verified.stdout) == (
        0, "archive: 4 bag(s) verified, nothing changed\n")
    (tmp_path / "archive" / BAG[RU] / "data/source/letterheads/ogp.yaml").unlink()
    broken = run(tmp_path, "archive", "verify")
    assert broken.returncode == 1
    assert broken.stderr == (f"archive/{BAG[RU]}: data/source/letterheads/ogp.yaml: missing\n"
                             "archive: 1 change(s) in 4 bag(s)\n")


@pytest.mark.slow
def test_the_archive_folder_from_the_option_or_the_environment(tmp_path: Path,
                                                               pdfs: Path) -> None:
    assert run(tmp_path, "archive", "--archive", "a", f"pdfs/{AZ}.pdf").returncode == 0
    env = {"LETTERPRESS_ARCHIVE": str(tmp_path / "b")}
    assert run(tmp_path, "archive", f"pdfs/{EN}.pdf", env=env).returncode == 0
    assert [p.name for p in (tmp_path / "a").glob("*/*")] == [Path(BAG[AZ]).name]
    assert [p.name for p in (tmp_path / "b").glob("*/*")] == [Path(BAG[EN]).name]
    assert not (tmp_path / "archive").exists()


@pytest.mark.parametrize("args", [("list", "x"), ("search",), ("verify", "--json"),
                                  ("x.pdf", "--since", "2020-01-01"),
                                  ("list", "--since", "2020-13-01"), ("reindex", "--since", "x")])
def test_wrong_archive_arguments(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run(tmp_path, "archive", *args)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["encrypted", "truncated", "no source inside",
                                  "not made by letterpress", "not a PDF"])
def test_bad_pdfs_are_not_filed(tmp_path: Path, sample_pdf: Path, kind: str) -> None:
    from helpers.bad_pdfs import BAD

    make, message = BAD[kind]
    pdf = make(tmp_path, sample_pdf)
    before = snapshot(tmp_path)
    result = run(tmp_path, "archive", pdf.name)
    assert result.returncode == 2
    assert result.stderr.startswith(f"x.pdf: {message}")
    # an encrypted PDF may be a scan: how to file one is said
    hint = "\n  hint: a scan of a letter signed in ink is filed once it is saved without a " \
        "password\n" if kind == "encrypted" else "\n"
    assert result.stderr.count("\n") == hint.count("\n") and result.stderr.endswith(hint)
    assert snapshot(tmp_path) == before and not (tmp_path / "archive").exists()


@pytest.mark.slow
def test_two_processes_filing_at_once(tmp_path: Path, pdfs: Path) -> None:
    """Three processes file the same letters in different orders into one new archive: each
    letter is filed once, the others say so, and the register lists every bag once."""
    orders = [LETTERS, LETTERS[::-1], LETTERS[1:] + LETTERS[:1]]
    environ = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"}
    with contextlib.ExitStack() as stack:
        children = [stack.enter_context(Child(
            [sys.executable, "-m", "letterpress", "archive", *(f"pdfs/{n}.pdf" for n in order)],
            cwd=tmp_path, env=environ)) for order in orders]
        finished = [child.finish(300) for child in children]
    outputs = [(out, err) for _, out, err in finished]
    assert [code for code, _, _ in finished] == [0, 0, 0], outputs
    lines = [line for out, _ in outputs for line in out.splitlines()]
    assert sorted(line for line in lines if " -> " in line) == sorted(
        f"pdfs/{n}.pdf -> archive/{BAG[n]}" for n in LETTERS)
    assert sum("nothing done" in line for line in lines) == 2 * len(LETTERS)
    root = tmp_path / "archive"
    assert sorted(p.relative_to(root).as_posix() for p in root.glob("*/*")) == sorted(
        BAG.values())
    with sqlite3.connect(root / "register.sqlite") as conn:
        rows = sorted(r[0] for r in conn.execute("SELECT bag FROM letters"))
    conn.close()
    assert rows == sorted(BAG.values())
    assert list((root / ".tmp").iterdir()) == []


def test_library_errors_are_letterpress_errors() -> None:
    assert issubclass(ArchiveError, LetterpressError)


def test_a_letter_naming_registry_members_is_filed_with_its_registry(
        tmp_path: Path, fonts: FontSet) -> None:
    from helpers.registry import REGISTRY
    from helpers.registry import letter as registry_letter

    (tmp_path / ".git").mkdir()  # the project's root: the registry search stops here
    (tmp_path / "source").mkdir()
    (tmp_path / "source/members.yaml").write_text(REGISTRY, encoding="utf-8")
    letter = tmp_path / "source/7-26-ru.yaml"
    letter.write_text(registry_letter("ru"), encoding="utf-8")
    pdf = build_with_sources(letter, tmp_path / "7-26-ru.pdf")
    root = tmp_path / "archive"
    require(root, create=True)
    filed = file_letter(root, prepare(pdf, World(fonts)), World(fonts))
    data = filed.bag / "data/source"
    assert sorted(p.name for p in data.iterdir()) == ["7-26-ru.yaml", "members.yaml"]
    # the member's name as the registry gives it for a Russian letter
    assert [e.bag for e in find(root, World(fonts), "Исмайылов").entries] == [
        "2026/2026-11-20_7-26_ru_r1"]
    (tmp_path / "source/members.yaml").unlink()  # the bag needs nothing outside it
    assert reindex(root, World(fonts)) == (1, (), ())
    assert verify(root, World(fonts)).changes == ()


@pytest.mark.slow
def test_a_signed_letter_is_extracted_checked_and_filed(
        tmp_path: Path, sample_pdf: Path, fonts: FontSet, pki: Pki,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Signing appends an update naming pyHanko as the producer; the letter as built is what
    extract, check and the archive's PDF/A check judge. Another file of the same letter
    (here the unsigned one) is refused, saying it is the same letter."""
    from letterpress.cli import main

    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    letter = Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))
    assert main(["sign", str(letter), "--key", str(pki.keys["alice"]), "--visible"]) == 0
    signed = tmp_path / "letter.signed.pdf"
    assert check_embedded(signed, World(fonts)) == ()
    assert read_sources(signed).letter.data == SAMPLE.read_bytes()
    root = tmp_path / "archive"
    require(root, create=True)
    prepared = prepare(signed, World(fonts))
    assert prepared.pdfa == ()  # the letter as built is PDF/A-3b
    assert file_letter(root, prepared, World(fonts)).new
    info = bagit.Bag(str(root / BAG[APPEAL])).info
    assert (info["Letter-PDF-A"], info["Letter-Signer"]) == ("3b", "Alice Signer")
    assert [e.signer for e in find(root, World(fonts), "Alice Signer").entries] == ["Alice Signer"]
    assert reindex(root, World(fonts)) == (1, (), ())
    assert [e.signer for e in find(root, World(fonts), None).entries] == ["Alice Signer"]
    assert verify(root, World(fonts)).changes == ()
    with pytest.raises(ArchiveError, match="it says the same: it is this letter in "
                                           "another file"):
        file_letter(root, prepare(letter, World(fonts)), World(fonts))


@pytest.mark.slow
def test_the_subject_is_a_field_search_finds_and_the_bags_description(
        tmp_path: Path, fonts: FontSet) -> None:
    """The English ministry letter has a subject and no title: search names the subject's
    field, and the bag describes the letter by its subject (docs/archive.md)."""
    source = SOURCE_DIR / f"{MINISTRY}.yaml"
    subject = "Proposals on the draft amendments to the Law on Access to Information"
    assert f"subject: {subject}" in source.read_text(encoding="utf-8")
    (tmp_path / "pdfs").mkdir()
    build_with_sources(source, tmp_path / "pdfs" / f"{MINISTRY}.pdf")
    root = tmp_path / "archive"
    file_all(root, tmp_path / "pdfs", fonts, [MINISTRY])
    found = json.loads(run(tmp_path, "archive", "search", '"draft amendments"', "--json").stdout)
    assert [row["path"] for row in found] == ["archive/2026/2026-12-01_52-26_en_r1"]
    assert "subject" in {m["field"] for m in found[0]["matches"]}
    info = bagit.Bag(str(root / "2026/2026-12-01_52-26_en_r1")).info
    assert info["External-Description"] == f"Letter {subject}, 2026-12-01"
