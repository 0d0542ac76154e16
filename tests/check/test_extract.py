"""extract: a letter's PDF gives back the files it was built from, and nothing else.

The PDFs here carry their sources in the agreed format (tests/embedded.py makes them so);
hostile ones name paths that would leave the folder they are extracted into.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import zlib
from pathlib import Path

import pikepdf
import pytest
import yaml
from helpers import REPO, SAMPLE, SEED_MARKDOWN, SOURCE_DIR
from helpers.bad_pdfs import BAD
from helpers.cli import process as run
from helpers.embedded import build_with_sources, embed, files_read
from helpers.registry import registry_as_used

from letterpress.check.extract import read_sources, safe_path, write_sources
from letterpress.errors import ExtractError
from letterpress.fonts import FontSet
from letterpress.model import Paragraph, Span
from letterpress.parse.yaml_source import dump_letter
from letterpress.pipeline import check_embedded, load
from letterpress.world import World


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (120, 30, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def generated(tmp_path: Path, fonts: FontSet, kind: str) -> Path:
    """Letters of other shapes than those in source/: a logo (a binary file two folders
    down), a letterhead outside the letter's folder, Markdown, and text written by dump."""
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    letter = tmp_path / "source" / SAMPLE.name
    if kind == "logo":
        (tmp_path / "source/letterheads/img").mkdir()
        (tmp_path / "source/letterheads/img/logo.png").write_bytes(png())
        head = tmp_path / "source/letterheads/ogp.yaml"
        head.write_text(head.read_text(encoding="utf-8") + "logo: img/logo.png\n",
                        encoding="utf-8")
    elif kind == "shared letterhead":
        (tmp_path / "shared").mkdir()
        shutil.move(tmp_path / "source/letterheads/ogp.yaml", tmp_path / "shared/ogp.yaml")
        text = letter.read_text(encoding="utf-8")
        letter.write_text(text.replace("letterhead: letterheads/ogp.yaml",
                                       "letterhead: ../shared/ogp.yaml"), encoding="utf-8")
    elif kind == "registry":
        from helpers.registry import REGISTRY
        from helpers.registry import letter as registry_letter

        (tmp_path / "source/members.yaml").write_text(REGISTRY, encoding="utf-8")
        letter = tmp_path / "source/registry-az.yaml"
        letter.write_text(registry_letter("az"), encoding="utf-8")
    elif kind == "markdown":
        letter = tmp_path / "source/seed-appeal.md"
        shutil.copy(SEED_MARKDOWN, letter)
    else:
        sample = load(SAMPLE, World(fonts)).letter
        body = (Paragraph(spans=(Span(text="Məktub "),
                                 Span(text="İsmayılov & <Ağayev>", bold=True),
                                 Span(text=" “quoted” – "),
                                 Span(text="link", href="https://ogp.org.az"))),)
        changed = dataclasses.replace(sample, reference="07/26", language="az",
                                      body=body + sample.body[1:])
        letter = tmp_path / "source/generated.yaml"
        letter.write_text(dump_letter(changed), encoding="utf-8")
    return letter


LETTERS = ["sample", "az", "ru", "logo", "shared letterhead", "markdown", "dumped", "registry"]


def letter_for(tmp_path: Path, fonts: FontSet, kind: str) -> Path:
    named = {"sample": SAMPLE.name, "az": "2026-11-20-assembly-invitation-az.yaml",
             "ru": "2026-11-20-assembly-invitation-ru.yaml"}
    if kind in named:
        shutil.copytree(SOURCE_DIR, tmp_path / "source")
        return tmp_path / "source" / named[kind]
    return generated(tmp_path, fonts, kind)


@pytest.mark.parametrize("kind", LETTERS)
def test_extracted_sources_rebuild_the_same_pdf(tmp_path: Path, fonts: FontSet,
                                                kind: str) -> None:
    letter = letter_for(tmp_path, fonts, kind)
    original = build_with_sources(letter, tmp_path / "letter.pdf")
    done = write_sources(read_sources(original), tmp_path / "out")
    read = files_read(letter)
    carried = [p.read_bytes() for p in (done.letter, *done.written[1:])]
    assert len(carried) == len(read)
    for path, data in zip(read, carried, strict=True):
        if path.name == "members.yaml":  # only what the letter uses of it (issue 20)
            assert yaml.safe_load(data) == registry_as_used(path, "az", {"rafik-ismayilov"})
            assert b"#" not in data  # the registry's comments stay with it
        else:
            assert data == path.read_bytes()
    assert done.letter == tmp_path / "out" / (letter.name if kind != "shared letterhead"
                                              else f"source/{letter.name}")
    again = build_with_sources(done.letter, tmp_path / "again.pdf")
    assert again.read_bytes() == original.read_bytes()


def test_the_letter_comes_first_with_its_mime_type(tmp_path: Path, fonts: FontSet) -> None:
    pdf = build_with_sources(generated(tmp_path, fonts, "logo"), tmp_path / "letter.pdf")
    sources = read_sources(pdf)
    assert [(str(f.path), f.mime) for f in sources.files] == [
        (SAMPLE.name, "application/yaml"), ("letterheads/ogp.yaml", "application/yaml"),
        ("letterheads/img/logo.png", "image/png")]
    assert sources.files[2].data == png()


# --- hostile PDFs ----------------------------------------------------------------------------

HOSTILE = ["../evil.yaml", "/tmp/evil.yaml", "a/../../evil.yaml", "letterheads/../../evil",
           "C:/evil.yaml", "c:evil.yaml", "..\\evil.yaml", "a\\b.yaml", "evil\x00.yaml",
           "", "./evil.yaml", "a//evil.yaml", "a/.", "~/../evil", "\\\\server\\share\\evil"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_path_that_leaves_the_folder_is_refused(tmp_path: Path, sample_pdf: Path,
                                                  name: str) -> None:
    pdf = tmp_path / "hostile.pdf"
    shutil.copy(sample_pdf, pdf)
    embed(pdf, [SAMPLE, SOURCE_DIR / "letterheads/ogp.yaml"], [SAMPLE.name, name])
    (tmp_path / "out").mkdir()
    with pytest.raises(ExtractError, match=r"hostile\.pdf: embedded file .* refused"):
        write_sources(read_sources(pdf), tmp_path / "out")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["hostile.pdf", "out"]


@pytest.mark.parametrize("name", ["~/x", "a b/c d.yaml", "letterheads/ogp.yaml", "..x/y..",
                                  "İsmayılov/ə.yaml"])
def test_unusual_but_relative_names_are_kept(name: str) -> None:
    assert str(safe_path(name)) == name


def test_a_link_in_the_folder_is_not_followed(tmp_path: Path, sample_pdf: Path) -> None:
    pdf = build_with_sources(SAMPLE, tmp_path / "letter.pdf")
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out/letterheads").symlink_to(outside)
    with pytest.raises(ExtractError, match=r"letterheads/ogp\.yaml: refused, .* is a link"):
        write_sources(read_sources(pdf), tmp_path / "out")
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "out" / SAMPLE.name).exists()  # nothing written, not even the first


def test_a_link_in_place_of_a_file_is_not_followed(tmp_path: Path) -> None:
    pdf = build_with_sources(SAMPLE, tmp_path / "letter.pdf")
    (tmp_path / "out").mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "out" / SAMPLE.name).symlink_to(victim)
    with pytest.raises(ExtractError, match="is a link"):
        write_sources(read_sources(pdf), tmp_path / "out", force=True)
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_file_that_inflates_beyond_any_source_is_refused(tmp_path: Path) -> None:
    pdf = build_with_sources(SAMPLE, tmp_path / "letter.pdf")
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        huge = b"\0" * (17 * 2**20)  # 17 MiB of zeros: 17 KiB compressed
        doc.Root.AF[1].EF.F.write(zlib.compress(huge), filter=pikepdf.Name.FlateDecode)
        doc.save(pdf)
    assert pdf.stat().st_size < 200_000
    with pytest.raises(ExtractError, match=r"letterheads/ogp\.yaml: larger than 16 MiB"):
        read_sources(pdf)


def test_a_file_with_two_names_is_refused(tmp_path: Path) -> None:
    pdf = build_with_sources(SAMPLE, tmp_path / "letter.pdf")
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        doc.Root.AF[1].F = pikepdf.String("letterheads/innocent.yaml")
        doc.save(pdf)
    with pytest.raises(ExtractError, match=r"'letterheads/ogp\.yaml' refused: its /F names "
                                           r"'letterheads/innocent\.yaml'"):
        read_sources(pdf)


@pytest.mark.parametrize(("second", "message"), [
    (SAMPLE.name, "named twice"), (f"{SAMPLE.name}/x.yaml", "also used as a folder")])
def test_a_name_given_twice_is_refused(tmp_path: Path, sample_pdf: Path, second: str,
                                       message: str) -> None:
    pdf = tmp_path / "twice.pdf"
    shutil.copy(sample_pdf, pdf)
    embed(pdf, [SAMPLE, SOURCE_DIR / "letterheads/ogp.yaml"], [SAMPLE.name, second])
    with pytest.raises(ExtractError, match=f"embedded file {SAMPLE.name}: {message}"):
        read_sources(pdf)


def test_a_file_whose_bytes_disagree_with_its_checksum_is_refused(tmp_path: Path) -> None:
    pdf = build_with_sources(SAMPLE, tmp_path / "letter.pdf")
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        stream = doc.Root.AF[1].EF.F
        stream.write(stream.read_bytes() + b"# added later\n")
        doc.save(pdf)
    with pytest.raises(ExtractError, match=r"letterheads/ogp\.yaml: its bytes do not match"):
        read_sources(pdf)


# --- existing files --------------------------------------------------------------------------

def test_existing_files_are_kept_unless_forced(tmp_path: Path) -> None:
    pdf = build_with_sources(SAMPLE, tmp_path / "letter.pdf")
    out = tmp_path / "out"
    first = write_sources(read_sources(pdf), out)
    assert len(first.written) == 2 and first.unchanged == ()
    again = write_sources(read_sources(pdf), out)
    assert again.written == () and len(again.unchanged) == 2
    head = out / "letterheads/ogp.yaml"
    head.write_text("name: edited by hand\n", encoding="utf-8")
    (out / SAMPLE.name).unlink()
    with pytest.raises(ExtractError, match=r"ogp\.yaml: exists with other content; not "
                                           r"overwritten \(--force replaces it\)"):
        write_sources(read_sources(pdf), out)
    assert head.read_text(encoding="utf-8") == "name: edited by hand\n"
    assert not (out / SAMPLE.name).exists()  # refused before anything was written
    forced = write_sources(read_sources(pdf), out, force=True)
    assert head.read_bytes() == (SOURCE_DIR / "letterheads/ogp.yaml").read_bytes()
    assert len(forced.written) == 2


def test_a_folder_where_a_file_goes_is_refused(tmp_path: Path) -> None:
    pdf = build_with_sources(SAMPLE, tmp_path / "letter.pdf")
    (tmp_path / "out" / SAMPLE.name).mkdir(parents=True)
    with pytest.raises(ExtractError, match="is a folder"):
        write_sources(read_sources(pdf), tmp_path / "out", force=True)


# --- check without a source --------------------------------------------------------------------

def test_a_pdf_checks_against_its_own_source(tmp_path: Path, fonts: FontSet) -> None:
    pdf = build_with_sources(letter_for(tmp_path, fonts, "az"), tmp_path / "letter.pdf")
    assert check_embedded(pdf, World(fonts)) == ()


def test_a_pdf_whose_embedded_source_says_otherwise_fails(tmp_path: Path, sample_pdf: Path,
                                                          fonts: FontSet) -> None:
    changed = tmp_path / "changed.yaml"
    changed.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "Ms. Julie Verhara", "Mr. John Smith"), encoding="utf-8")
    shutil.copytree(SOURCE_DIR / "letterheads", tmp_path / "letterheads")
    pdf = tmp_path / "letter.pdf"
    shutil.copy(sample_pdf, pdf)  # built from the unchanged source
    embed(pdf, files_read(changed))
    findings = check_embedded(pdf, World(fonts))
    assert [f.field for f in findings] == ["recipient[1]"]  # type: ignore[attr-defined]


# --- the command line -------------------------------------------------------------------------

@pytest.mark.slow
def test_extract_and_check_on_the_command_line(tmp_path: Path) -> None:
    pdf = build_with_sources(SAMPLE, tmp_path / "appeal.pdf")
    result = run(tmp_path, "extract", "appeal.pdf")
    assert result.returncode == 0, result.stderr
    assert tree(tmp_path / "appeal") == {SAMPLE.name: SAMPLE.read_bytes(),
                                         "letterheads/ogp.yaml":
                                         (SOURCE_DIR / "letterheads/ogp.yaml").read_bytes()}
    assert f"letterpress build {os.path.join('appeal', SAMPLE.name)}" in result.stdout
    edited = tmp_path / "appeal/letterheads/ogp.yaml"
    edited.write_text("name: other\n", encoding="utf-8")
    refused = run(tmp_path, "extract", "appeal.pdf")
    assert refused.returncode == 2
    assert refused.stderr.startswith("appeal/letterheads/ogp.yaml: exists with other content")
    assert run(tmp_path, "extract", "appeal.pdf", "--force").returncode == 0
    assert run(tmp_path, "extract", "appeal.pdf", "-o", "x").returncode == 0
    assert (tmp_path / "x" / SAMPLE.name).read_bytes() == SAMPLE.read_bytes()
    checked = run(tmp_path, "check", "appeal.pdf")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == ("appeal.pdf: every field of its embedded source reads back "
                              "as written\n")
    assert pdf.exists()


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_pdfs_are_one_line_naming_the_file(tmp_path: Path, sample_pdf: Path,
                                               kind: str) -> None:
    make, message = BAD[kind]
    pdf = make(tmp_path, sample_pdf)
    with pytest.raises(ExtractError, match=f"^{pdf}: {message}"):
        read_sources(pdf)
    before = tree(tmp_path)
    for args in (("extract", "x.pdf", "-o", "out"), ("check", "x.pdf")):
        result = run(tmp_path, *args)
        assert result.returncode == 2
        assert result.stderr.startswith(f"x.pdf: {message}")
        assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert tree(tmp_path) == before  # nothing written


def test_the_repository_files_are_untouched() -> None:
    # Extraction tests copy what they change; the sample's digest is what it was.
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() == hashlib.sha256(
        (REPO / "source" / SAMPLE.name).read_bytes()).hexdigest()
