"""``archive verify`` reports every change docs/archive.md lists: a file altered, missing or
added (beside data/ too, whatever its name), a bag gone or no longer a bag, a PDF that no longer
reads back as its source, copies under data/source/ that are not that source, and nothing
beside the letter's own files, even when someone made the manifests again over the change;
and every bag-info label and register row that says something other than the PDF and its
sources (a forger who redoes the tag manifest, or edits the register), named with what is
written and what the letter says.

One small letter is filed once per module; each test spoils a copy of that archive."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import bagit
import pikepdf
import pytest
import yaml
from helpers import SOURCE_DIR
from helpers.embedded import build_with_sources, embed
from helpers.pki import NOW, PASSWORD, Pki
from helpers.registry import with_members

from letterpress.archive import file_letter, prepare, reindex, require, verify
from letterpress.errors import ArchiveError
from letterpress.fonts import FontSet
from letterpress.world import World

NAME = "2026-11-20-assembly-invitation-en"
BAG = "2026/2026-11-20_41-26_en_r1"  # docs/archive.md: year/date_reference_language_revision
PDF = f"data/{NAME}.pdf"
SOURCE = f"data/source/{NAME}.yaml"
LETTERHEAD = "data/source/letterheads/ogp.yaml"


@pytest.fixture(scope="module")
def filed(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet) -> Path:
    """The archive with one letter filed (copy it, never change it)."""
    folder = tmp_path_factory.mktemp("filed")
    pdf = build_with_sources(SOURCE_DIR / f"{NAME}.yaml", folder / f"{NAME}.pdf")
    root = folder / "archive"
    require(root, create=True)
    assert file_letter(root, prepare(pdf, World(fonts)), World(fonts)).new
    return root


@pytest.fixture
def archive(tmp_path: Path, filed: Path) -> Path:
    return Path(shutil.copytree(filed, tmp_path / "archive"))


def changes(root: Path, fonts: FontSet) -> list[str]:
    return [c.removeprefix(f"{root}/") for c in verify(root, World(fonts)).changes]


def remade(bag_folder: Path, **info: str) -> None:
    """Make the manifests (and bag-info, with ``info``) again over what the bag now holds,
    as someone covering a change would."""
    bag = bagit.Bag(str(bag_folder))
    bag.info.update(info)
    bag.save(manifests=True)


@pytest.mark.slow
def test_the_untouched_bag_verifies(archive: Path, fonts: FontSet) -> None:
    verified = verify(archive, World(fonts))
    assert (verified.bags, verified.changes) == (1, ())


@pytest.mark.parametrize("name", ["tagmanifest-sha512.txt", "manifest-md5.txt", "bag-info.txt~",
                                  "bagit.txt.orig", "fetch.txt", "data.txt", "Data"])
def test_a_file_added_beside_data_is_found_whatever_its_name(archive: Path, fonts: FontSet,
                                                             name: str) -> None:
    """Only bagit.txt, bag-info.txt and the SHA-256 manifests belong beside data/; a file
    named like another tag file or manifest was added too."""
    (archive / BAG / name).write_text("added later\n", encoding="utf-8")
    found = changes(archive, fonts)
    assert f"{BAG}: {name}: added" in found, found


def test_a_folder_added_beside_data_is_found(archive: Path, fonts: FontSet) -> None:
    (archive / BAG / "notes").mkdir()
    assert changes(archive, fonts) == [f"{BAG}: notes: added"]


def test_a_registered_bag_that_is_no_longer_a_bag_is_found(archive: Path,
                                                           fonts: FontSet) -> None:
    """Its folder is still there but bagit.txt is not: the register lists what is not a
    bag any more (and the folder is not gone)."""
    (archive / BAG / "bagit.txt").unlink()
    verified = verify(archive, World(fonts))
    assert verified.bags == 0
    assert verified.changes == (f"{archive / BAG}: the bag of 41/26 revision 1 (en) is not a "
                                "bag any more (the register still lists it)",)


def test_a_registered_bag_that_is_gone_is_found(archive: Path, fonts: FontSet) -> None:
    shutil.rmtree(archive / BAG)
    [change] = changes(archive, fonts)
    assert change.startswith(f"{BAG}: the bag of 41/26 revision 1 (en) is gone")
    assert "not a bag" not in change


def test_a_folder_that_is_no_archive_is_refused_and_left_alone(tmp_path: Path,
                                                              fonts: FontSet) -> None:
    with pytest.raises(ArchiveError, match="no archive here yet"):
        verify(tmp_path / "new", World(fonts))
    assert not (tmp_path / "new").exists()


def test_a_lost_register_is_rebuilt_with_a_notice(archive: Path, fonts: FontSet) -> None:
    (archive / "register.sqlite").unlink()
    verified = verify(archive, World(fonts))
    assert (verified.bags, verified.changes) == (1, ())
    assert verified.notices == (f"{archive}/register.sqlite: missing; rebuilt from 1 bag(s)",)


def test_a_bag_the_register_does_not_list_is_still_checked(archive: Path,
                                                          fonts: FontSet) -> None:
    with sqlite3.connect(archive / "register.sqlite") as conn:
        conn.execute("DELETE FROM letters")
    conn.close()
    (archive / BAG / "README").write_text("added later\n", encoding="utf-8")
    assert changes(archive, fonts) == [
        f"{BAG}: not in the register (`letterpress archive reindex` adds it)",
        f"{BAG}: README: added"]


# --- changes covered by manifests made again -------------------------------------------------

@pytest.mark.slow
def test_another_source_beside_the_letters_own_is_found(archive: Path, fonts: FontSet) -> None:
    """The sources under data/source/ must be the ones inside the PDF: one more (another
    letter's source) is found, though the manifests were made again to hold it."""
    shutil.copy(SOURCE_DIR / "2020-10-08-amnesty-appeal.yaml",
                archive / BAG / "data/source/2020-10-08-amnesty-appeal.yaml")
    remade(archive / BAG)
    assert changes(archive, fonts) == [
        f"{BAG}: data/source/2020-10-08-amnesty-appeal.yaml: not among the files inside the PDF"]


@pytest.mark.slow
def test_another_file_beside_the_pdf_is_found(archive: Path, fonts: FontSet) -> None:
    shutil.copy(SOURCE_DIR / "2020-10-08-amnesty-appeal.yaml",
                archive / BAG / "data/2020-10-08-amnesty-appeal.yaml")
    (archive / BAG / "data/source/letterheads/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    remade(archive / BAG)
    assert changes(archive, fonts) == [
        f"{BAG}: data/2020-10-08-amnesty-appeal.yaml: not among the files inside the PDF",
        f"{BAG}: data/source/letterheads/logo.png: not among the files inside the PDF"]


@pytest.mark.slow
def test_a_source_replaced_under_new_manifests_is_found(archive: Path, fonts: FontSet) -> None:
    path = archive / BAG / LETTERHEAD
    path.write_bytes(path.read_bytes() + b"# edited\n")
    remade(archive / BAG)
    assert changes(archive, fonts) == [f"{BAG}: {LETTERHEAD}: differs from the copy inside "
                                       "the PDF"]


@pytest.mark.slow
def test_a_source_removed_under_new_manifests_is_found(archive: Path, fonts: FontSet) -> None:
    (archive / BAG / LETTERHEAD).unlink()
    remade(archive / BAG)
    assert changes(archive, fonts) == [f"{BAG}: {LETTERHEAD}: differs from the copy inside "
                                       "the PDF"]


def _replace_pdf(archive: Path, data: bytes) -> str:
    """Put ``data`` in place of the filed PDF, with manifests and bag-info.txt's digest made
    again over it: only the register still knows the old digest."""
    pdf = archive / BAG / PDF
    pdf.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    remade(archive / BAG, **{"Letter-PDF-SHA256": digest})
    return digest


@pytest.mark.slow
def test_a_pdf_that_no_longer_reads_back_as_its_source_is_found(
        archive: Path, fonts: FontSet, tmp_path: Path) -> None:
    """A PDF carrying an edited source (its text still the old one), the copies beside it
    edited alike and every digest made again over them: the read-back still tells."""
    edited = tmp_path / "source" / f"{NAME}.yaml"
    shutil.copytree(archive / BAG / "data/source", edited.parent)
    text = edited.read_text(encoding="utf-8")
    # one word of the closing, so that nothing below it moves (the lines to sign on would
    # stand elsewhere: differences of their own)
    assert '"Yours faithfully,"' in text
    edited.write_text(text.replace('"Yours faithfully,"', '"Yours sincerely,"'),
                      encoding="utf-8")
    pdf = tmp_path / "spoilt.pdf"
    shutil.copy(archive / BAG / PDF, pdf)
    embed(pdf, [edited, *sorted(p for p in edited.parent.rglob("*")  # what it read, too
                                if p.is_file() and p != edited)])
    shutil.copy(edited, archive / BAG / SOURCE)
    _replace_pdf(archive, pdf.read_bytes())
    found = changes(archive, fonts)
    assert found[0].startswith(f"{BAG}: {PDF}: the register records another SHA-256")
    assert len(found) == 2, found
    assert found[1].startswith(f"{BAG}: {NAME}.pdf: no longer reads back as its embedded "
                               "source (1 difference(s))"), found


@pytest.mark.slow
def test_a_pdf_filed_as_pdfa_that_no_longer_is_is_found(archive: Path, fonts: FontSet,
                                                        tmp_path: Path) -> None:
    """bag-info.txt says Letter-PDF-A: 3b; the PDF put in its place has lost its output
    intent (ISO 19005-3 6.2.4.3), its sources still inside."""
    from pikepdf.pdfa import validate_written

    assert bagit.Bag(str(archive / BAG)).info["Letter-PDF-A"] == "3b"
    filed = hashlib.sha256((archive / BAG / PDF).read_bytes()).hexdigest()
    pdf = tmp_path / "plain.pdf"
    with pikepdf.open(archive / BAG / PDF) as doc:
        del doc.Root.OutputIntents
        doc.save(pdf)
    _replace_pdf(archive, pdf.read_bytes())
    first = str(validate_written(pdf, "3b").findings[0])
    assert changes(archive, fonts) == [
        f"{BAG}: {PDF}: the register records another SHA-256 ({filed})",
        f"{BAG}: {NAME}.pdf: filed as PDF/A-3b, not PDF/A-3b by today's check ({first})"]


def test_a_pdf_without_its_sources_cannot_be_checked(archive: Path, fonts: FontSet,
                                                      tmp_path: Path) -> None:
    pdf = tmp_path / "bare.pdf"
    with pikepdf.open(archive / BAG / PDF) as doc:
        del doc.Root.AF
        del doc.Root.Names
        doc.save(pdf)
    _replace_pdf(archive, pdf.read_bytes())
    found = changes(archive, fonts)
    why = f"{BAG}: {NAME}.pdf: cannot be checked ({archive / BAG / PDF}: "  # which file, why
    assert any(c.startswith(why) for c in found), found


def test_a_bag_info_that_names_no_pdf_is_found(archive: Path, fonts: FontSet) -> None:
    bag = bagit.Bag(str(archive / BAG))
    del bag.info["Letter-PDF"]
    bag.save()
    assert changes(archive, fonts) == [
        f"{BAG}: cannot be read ({archive / BAG}: bag-info.txt has no Letter-PDF)"]


def test_a_bag_info_that_names_a_missing_pdf_is_found(archive: Path, fonts: FontSet) -> None:
    remade(archive / BAG, **{"Letter-PDF": "data/elsewhere.pdf"})
    [change] = changes(archive, fonts)
    assert change.startswith(f"{BAG}: cannot be read (")


@pytest.mark.slow
def test_a_pdf_digest_edited_in_bag_info_alone_is_found(archive: Path, fonts: FontSet) -> None:
    """bag-info.txt says another SHA-256 than the PDF's (tag manifest made again): the PDF
    is the one filed, so the register agrees with it and only bag-info is named."""
    recorded = "0" * 64
    remade(archive / BAG, **{"Letter-PDF-SHA256": recorded})
    assert changes(archive, fonts) == [
        f"{BAG}: {PDF}: its SHA-256 is not the {recorded} bag-info.txt records"]


# --- a signed letter --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def filed_signed(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet, pki: Pki) -> Path:
    """The small letter signed by a certificate of a root not given as trusted, filed without
    --trust (copy it, never change it)."""
    from letterpress.sign.signer import SignOptions, load_key, sign_at

    folder = tmp_path_factory.mktemp("filed-signed")
    pdf = build_with_sources(SOURCE_DIR / f"{NAME}.yaml", folder / f"{NAME}.pdf")
    letter = pdf.read_bytes()
    key = load_key(pki.keys["stranger"], PASSWORD.encode(), World())
    pdf.write_bytes(sign_at(letter, key, SignOptions(), (), NOW))
    root = folder / "archive"
    require(root, create=True)
    assert file_letter(root, prepare(pdf, World(fonts)), World(fonts)).new
    # and a copy signed by a revoked certificate: only its responder says so
    copy = folder / f"{NAME}.revoked.pdf"
    copy.write_bytes(sign_at(letter, load_key(pki.keys["revoked"], PASSWORD.encode(), World()),
                             SignOptions(), (), NOW))
    assert file_letter(root, prepare(copy, World(fonts), fetch=False), World(fonts)).new
    return root


@pytest.mark.slow
def test_the_signatures_of_a_filed_letter_are_judged_again(
        tmp_path: Path, filed_signed: Path, fonts: FontSet, pki: Pki) -> None:
    """docs/archive.md: without roots only what needs none (it holds here); with --trust,
    that the signature is trusted (it is not: another root issued it)."""
    root = Path(shutil.copytree(filed_signed, tmp_path / "archive"))
    assert verify(root, World(fonts), fetch=False).changes == ()
    stranger = (f"{root / BAG}: {NAME}.pdf: Signature1 (Stranger Signer): the certificate's "
                "chain does not reach a trusted root (issued by some other root; give its root "
                "with --trust)")
    trust = (pki.root.read_bytes(),)
    assert verify(root, World(fonts), trust, fetch=False).changes == (stranger,)  # --offline
    # by default the responders are asked, and the revocation list names the other signer
    found = verify(root, World(fonts), trust).changes
    assert found[0] == stranger and len(found) == 2, found
    assert found[1].startswith(f"{root / BAG}_signed: {NAME}.revoked.pdf: Signature1 (Revoked "
                               "Signer): the signer's certificate was revoked on ")


# --- metadata: the PDF and its sources are the truth ---------------------------------------

def stated() -> dict[str, object]:
    """What the letter's source says (the oracle for what verify derives from the PDF)."""
    path = SOURCE_DIR / f"{NAME}.yaml"
    return with_members(path, yaml.safe_load(path.read_text(encoding="utf-8")))


def forge_bag_info(bag_folder: Path, label: str, value: str) -> None:
    """Write ``value`` for every ``label`` line of bag-info.txt and redo only its line of
    tagmanifest-sha256.txt, as a forger who knows BagIt would."""
    info = bag_folder / "bag-info.txt"
    lines = info.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(f"{label}:")]
    assert len(kept) < len(lines)
    info.write_text("\n".join(kept + [f"{label}: {value}"]) + "\n", encoding="utf-8")
    digest = hashlib.sha256(info.read_bytes()).hexdigest()
    tags = bag_folder / "tagmanifest-sha256.txt"
    tags.write_text("".join(f"{digest}  bag-info.txt\n" if line.endswith(" bag-info.txt") else
                            line + "\n" for line in tags.read_text(encoding="utf-8").splitlines()),
                    encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(("label", "key"), [("Letter-Recipient", "recipient"),
                                            ("Letter-Sender", "sender")])
def test_a_forged_bag_info_label_is_named_with_what_the_letter_says(
        archive: Path, fonts: FontSet, label: str, key: str) -> None:
    forge_bag_info(archive / BAG, label, "Forged Person")
    assert bagit.Bag(str(archive / BAG)).is_valid()  # BagIt alone sees nothing
    truth = stated()[key]
    said = "; ".join(truth) if isinstance(truth, list) else truth
    assert changes(archive, fonts) == [
        f"{BAG}: bag-info.txt: {label}: written 'Forged Person', the letter says '{said}'"]


def forge_register(root: Path, sql: str, *args: object) -> None:
    with sqlite3.connect(root / "register.sqlite") as conn:
        assert conn.execute(sql, args).rowcount == 1
    conn.close()


@pytest.mark.slow
def test_a_forged_recipient_in_the_register_is_named(archive: Path, fonts: FontSet) -> None:
    forge_register(archive, "UPDATE letters SET recipient = ? WHERE bag = ?", "Forged Person",
                   BAG)
    said = "; ".join(stated()["recipient"])  # type: ignore[arg-type]
    assert changes(archive, fonts) == [
        f"{BAG}: register.sqlite: recipient: written 'Forged Person', the letter says '{said}'"]


@pytest.mark.slow
def test_a_forged_signer_in_the_register_is_named(archive: Path, fonts: FontSet) -> None:
    """The letter is not signed: a signer in its row, or a signatory added, is a forgery."""
    forge_register(archive, "UPDATE letters SET signer = ? WHERE bag = ?", "Forged Signer", BAG)
    forge_register(archive, "INSERT INTO members SELECT letter, position + 1, 'Forged Signer', "
                   "'', '' FROM members WHERE position = (SELECT max(position) FROM members)")
    count = sum(len(g["members"]) for g in stated()["signatories"])  # type: ignore[attr-defined]
    assert changes(archive, fonts) == [
        f"{BAG}: register.sqlite: signer: written 'Forged Signer', the letter says nothing",
        f"{BAG}: register.sqlite: signatory {count + 1}: written 'Forged Signer', the letter "
        "says nothing"]


@pytest.mark.slow
def test_a_forged_signatory_name_in_the_register_is_named(archive: Path,
                                                          fonts: FontSet) -> None:
    forge_register(archive, "UPDATE members SET name = 'Forged Signer' WHERE position = 0")
    first = stated()["signatories"][0]["members"][0]  # type: ignore[index]
    [change] = changes(archive, fonts)
    assert change.startswith(f"{BAG}: register.sqlite: signatory 1: written 'Forged Signer, ")
    assert f"the letter says '{first['name']}, " in change


@pytest.mark.slow
@pytest.mark.parametrize(("sql", "named"), [
    # the index holds each word under its keys: "platform" is one word, with one key
    ("UPDATE text SET words = replace(words, 'platform', 'forged') WHERE rowid = 1",
     "register.sqlite: the full-text index: holds "),
    ("UPDATE fields SET text = replace(text, 'Platform', 'Forged') WHERE field = 'body'",
     "register.sqlite: the text of body: written "),
])
def test_a_forged_full_text_body_is_named(archive: Path, fonts: FontSet, sql: str,
                                          named: str) -> None:
    assert "Platform" in " ".join(stated()["body"])  # type: ignore[arg-type]
    forge_register(archive, sql)
    [change] = changes(archive, fonts)
    assert change.startswith(f"{BAG}: {named}"), change
    written, said = change.split(named)[1].split("the letter")
    assert "forged" in written.lower() and "forged" not in said.lower()


def test_reindex_says_which_bag_the_register_listed_is_gone(archive: Path,
                                                            fonts: FontSet) -> None:
    shutil.rmtree(archive / BAG)
    done = reindex(archive, World(fonts))
    assert (done.bags, done.notices) == (0, ())
    assert done.gone == (f"{archive / BAG}: the bag of 41/26 revision 1 (en) that the register "
                         "listed is gone; it is no longer indexed",)


def test_reindex_of_a_gone_bag_exits_1_naming_it(archive: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from letterpress.cli import main

    shutil.rmtree(archive / BAG)
    assert main(["archive", "--archive", str(archive), "reindex"]) == 1
    out, err = capsys.readouterr()
    assert out == f"{archive}: register rebuilt from 0 bag(s)\n"
    assert err.splitlines() == [
        f"{archive / BAG}: the bag of 41/26 revision 1 (en) that the register listed is gone; "
        "it is no longer indexed", f"{archive}: 1 bag(s) the register listed are gone"]


@pytest.mark.slow
def test_a_forged_signer_in_a_signed_copys_bag_info_is_named(
        tmp_path: Path, filed_signed: Path, fonts: FontSet) -> None:
    """Who signed is what the signature says (its certificate's name: the "stranger" key of
    tests/conftest.py's pki is issued to "Stranger Signer"), not what bag-info.txt says."""
    root = Path(shutil.copytree(filed_signed, tmp_path / "archive"))
    forge_bag_info(root / BAG, "Letter-Signed-By", "Forged Signer")
    assert verify(root, World(fonts), fetch=False).changes == (
        f"{root / BAG}: bag-info.txt: Letter-Signed-By: written 'Forged Signer', the letter "
        "says 'Stranger Signer'",)


@pytest.mark.slow
def test_a_signed_copy_that_names_another_first_file_is_found(
        tmp_path: Path, filed_signed: Path, fonts: FontSet) -> None:
    root = Path(shutil.copytree(filed_signed, tmp_path / "archive"))
    assert bagit.Bag(str(root / f"{BAG}_signed")).info["Letter-Copy-Of"] == BAG
    forge_bag_info(root / f"{BAG}_signed", "Letter-Copy-Of", "2026/nowhere")
    # the register, which agrees with bag-info.txt on what the filing recorded, now does not
    assert verify(root, World(fonts), fetch=False).changes == (
        f"{root / BAG}_signed: bag-info.txt: Letter-Copy-Of: '2026/nowhere' is not a bag of "
        "this archive",
        f"{root / BAG}_signed: register.sqlite: copy_of: written '{BAG}', bag-info.txt says "
        "'2026/nowhere'")
