"""Issue 21, point 1: a file is read for what it is, whatever its name: a YAML letter, a
Markdown letter, or "not a letter source" saying what it looks like and what to do; a
folder's letters are found the same way."""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from helpers import SAMPLE, SEED_MARKDOWN, SOURCE_DIR, letter_at

from letterpress.cli import main
from letterpress.corrections.diff import diff_files
from letterpress.corrections.watch import Watcher
from letterpress.parse.sniff import text_format
from letterpress.pipeline import letters_in
from letterpress.world import World

NOT_A_LETTER = "not a letter source: "


def docx() -> bytes:
    """The smallest file Word would call a .docx: a zip holding word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>Dear Sir:</w:p>"
                         "</w:body></w:document>")
    return buffer.getvalue()


PROSE = ("Dear friends,\n\nThe assembly is on Tuesday at ten. Note: bring the reports.\n\n"
         "Regards,\nNaila\n")
# A PDF's first bytes (ISO 32000: a file begins %PDF-), then what a small one holds.
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

# (file name, bytes, what the message says it is, a word the hint must hold)
NOT_LETTERS = [
    ("notes.txt", PROSE.encode(), "it reads as plain text", "docs/markdown.md"),
    ("letter.docx", docx(), "it is a Word document (.docx)", "Markdown"),
    ("letter.yaml", docx(), "it is a Word document (.docx)", "Markdown"),  # the name misleads
    ("appeal.pdf", PDF, "it is a PDF", "letterpress check"),
    ("letter.txt", PDF, "it is a PDF", "letterpress check"),
    ("logo.png", PNG, "it is a PNG image", "logo"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
     "it is an SVG image", "logo"),
    ("logo.txt", b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- the logo -->\n<svg\n/>',
     "it is an SVG image", "logo"),
    ("empty.txt", b"", "the file is empty", "docs/markdown.md"),
    ("blank.md", b"\n  \n\n", "the file is empty", "docs/markdown.md"),
]


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def said(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


# --- the seed as a .txt ----------------------------------------------------------------------

def test_the_seed_saved_as_txt_reads_as_markdown(tmp_path: Path) -> None:
    txt = tmp_path / "letter.txt"
    shutil.copy(SEED_MARKDOWN, txt)
    letter, warnings = letter_at(txt)
    # What the seed says (tests/data/seed-appeal.md), read from a file that does not say .md.
    assert letter.reference == "05/20"
    assert letter.sender == "Azerbaijan Open Government Platform"
    assert letter.recipient == ('Secretary General of "Amnesty International"',
                                "Ms. Julie Verhara")
    assert [len(group.members) for group in letter.signatories] == [44]
    assert letter.signatories[0].members[31].name == "Niyamaddin Orduhanli"
    assert letter.language == "en"
    assert [w.field for w in warnings] == ["language"]  # the seed does not state it


@pytest.mark.slow
def test_the_seed_as_txt_builds_checks_diffs_and_imports(work: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    shutil.copy(SEED_MARKDOWN, work / "letter.txt")
    shutil.copy(SEED_MARKDOWN, work / "letter.md")
    assert main(["build", "letter.txt", "-o", "out"]) == 0
    assert (work / "out/letter.pdf").read_bytes().startswith(b"%PDF-")
    assert main(["check", "letter.txt", "out/letter.pdf"]) == 0
    assert "every field of letter.txt reads back as written" in capsys.readouterr().out
    assert main(["check", "out/letter.pdf"]) == 0  # the .txt inside it, read back as Markdown
    assert main(["diff", "letter.md", "letter.txt"]) == 0
    assert diff_files(work / "letter.md", work / "letter.txt", World()) == ()
    assert main(["import", "letter.txt", "-o", "letter.yaml"]) == 0
    data = yaml.safe_load((work / "letter.yaml").read_text(encoding="utf-8"))
    assert data["language"] == "en" and data["reference"] == "05/20"
    assert len(data["signatories"][0]["members"]) == 44


def test_a_yaml_letter_named_txt_builds_as_yaml(work: Path) -> None:
    txt = work / "source" / "appeal.txt"  # beside its letterhead folder
    shutil.copy(SAMPLE, txt)
    letter, _ = letter_at(txt)
    # What the sample says (source/2020-10-08-amnesty-appeal.yaml), and all of it.
    assert letter.reference == "05/20" and letter.language == "en"
    assert letter.letterhead.name.startswith("Open Government Initiative")
    assert replace(letter, origin=str(SAMPLE)) == letter_at(SAMPLE)[0]


def test_import_of_a_yaml_letter_says_it_is_one_already(work: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    shutil.copy(SAMPLE, work / "source" / "appeal.txt")
    assert main(["import", "source/appeal.txt"]) == 2
    lines = said(capsys)
    assert lines[0] == ("source/appeal.txt: letterpress import reads Markdown letters; this is "
                        "a YAML letter already")
    assert lines[1] == "  hint: a YAML letter is built as it is: letterpress build " \
        "source/appeal.txt"


# --- what is not a letter ----------------------------------------------------------------------

# diff reads a .pdf as the PDF of a letter (it compares built letters too): not here.
CASES = [(command, *case) for command in ("build", "import", "diff") for case in NOT_LETTERS
         if not (command == "diff" and case[0].endswith(".pdf"))]


@pytest.mark.parametrize(("command", "name", "data", "what", "hint"), CASES,
                         ids=[f"{case[0]}-{case[1]}-{case[3]}" for case in CASES])
def test_what_is_not_a_letter_is_named_in_one_line(work: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   command: str, name: str, data: bytes,
                                                   what: str, hint: str) -> None:
    (work / name).write_bytes(data)
    args = {"build": ["build", name, "-o", "out"], "import": ["import", name],
            "diff": ["diff", name, str(SAMPLE)]}[command]
    assert main(args) == 2  # and no traceback: main raised nothing
    lines = said(capsys)
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{name}: {NOT_A_LETTER}{what}"), lines
    assert lines[1].startswith("  hint: ") and hint in lines[1], lines
    assert not (work / "out").exists()


def test_a_yaml_named_file_that_shows_no_shape_gets_the_yaml_messages() -> None:
    # The name decides only when the text shows neither format: a broken YAML letter gets
    # YAML's messages, a broken Markdown one Markdown's.
    assert text_format("just: [a broken\n", "letter.yaml") == "yaml"
    assert text_format("Just a note.\n", "letter.md") == "markdown"
    assert text_format("Just a note.\n", "letter.txt") is None
    # A comment first is YAML's, a heading Markdown's: the keys tell them apart.
    assert text_format("# Appeal, revision 2\nletterhead: x.yaml\nbody: [a]\n", "a.txt") == "yaml"
    assert text_format("---\nlanguage: az\n---\n## Name\n\n**Kimdən: A**\n", "a.txt") == \
        "markdown"
    # Whatever ends its lines (CR LF from Windows, CR from old Macs), as the parsers read it.
    seed = SEED_MARKDOWN.read_text(encoding="utf-8")
    for end in ("\r\n", "\r"):
        assert text_format(seed.replace("\n", end), "letter.txt") == "markdown"
        assert text_format(SAMPLE.read_text(encoding="utf-8").replace("\n", end), "a") == "yaml"
    # Half the Markdown shape is Markdown, so its parser says what is missing.
    assert text_format("**From: A**\n\n**To: B**\n\nBody.\n", "a.txt") == "markdown"


# --- a folder's letters ------------------------------------------------------------------------

def test_a_folders_letters_are_found_by_their_text(work: Path) -> None:
    folder = work / "source"
    shutil.copy(SEED_MARKDOWN, folder / "seed.txt")
    shutil.copy(SEED_MARKDOWN, folder / "seed-export")  # no suffix at all
    (folder / "notes.txt").write_text(PROSE, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(PDF)
    shutil.copy(SAMPLE, folder / "odd.pdf")  # a .pdf is never a folder's letter
    (folder / "letter.docx").write_bytes(docx())
    (folder / "logo.png").write_bytes(PNG)
    shutil.copy(SEED_MARKDOWN, folder / "seed.txt~")  # an editor's copy
    shutil.copy(SEED_MARKDOWN, folder / ".seed.txt")  # a hidden file
    (folder / "members.yaml").write_text("members:\n  - id: a-b\n    name: A B\n",
                                         encoding="utf-8")
    found = {p.name for p in letters_in(folder)}
    yaml_letters = {p.name for p in SOURCE_DIR.iterdir()
                    if p.suffix == ".yaml" and p.name != "members.yaml"}
    assert found == yaml_letters | {"seed.txt", "seed-export"}


def test_a_txt_letter_saved_into_a_watched_folder_is_listed(work: Path) -> None:
    watcher = Watcher([work / "source"], work / "output", World())
    before = {source.name for source, _ in watcher.jobs()}
    txt = work / "source" / "seed.txt"
    shutil.copy(SEED_MARKDOWN, txt)
    jobs = watcher.affected([str(txt.resolve())])
    assert [source.name for source, _ in jobs] == ["seed.txt"]
    assert {source.name for source, _ in watcher.jobs()} == before | {"seed.txt"}
    notes = work / "source" / "notes.txt"
    notes.write_text(PROSE, encoding="utf-8")
    assert watcher.affected([str(notes.resolve())]) == []


def test_revise_reads_a_letter_for_what_it_is(work: Path, capsys: pytest.CaptureFixture[str]
                                              ) -> None:
    txt = work / "source" / "appeal.txt"
    shutil.copy(SAMPLE, txt)
    assert main(["revise", "source/appeal.txt"]) == 0
    assert "source/appeal.txt: revision 1 -> 2" in capsys.readouterr().out
    assert "revision: 2" in txt.read_text(encoding="utf-8")
    shutil.copy(SEED_MARKDOWN, work / "seed.txt")
    assert main(["revise", "seed.txt"]) == 2
    lines = said(capsys)
    assert lines[0] == "seed.txt: revise edits YAML letters; this is a Markdown letter"
    assert lines[1].startswith("  hint: letterpress import seed.txt -o seed.yaml")


def test_check_of_a_txt_letter_alone_asks_for_the_pdf(work: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    shutil.copy(SEED_MARKDOWN, work / "letter.txt")
    assert main(["check", "letter.txt"]) == 2
    assert "letter.txt: a letter source needs the PDF to compare it with" in said(capsys)
