"""letterpress diff: two letters, field by field, whatever form each is in (YAML, Markdown, a
PDF carrying its sources, a PDF known only by its text)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLE, SEED_MARKDOWN, SOURCE_DIR
from helpers.cli import edit
from helpers.cli import process as run

from letterpress.corrections.diff import diff_files, marked
from letterpress.fonts import load_fonts
from letterpress.pipeline import build, load, typeset
from letterpress.world import World

NAME = "signatories[0].members[27].name"
# the same place in the sample's own words: its group's heading "NGO Representatives:" and
# the member's printed number, 28.
WORDS = "NGO Representatives 28. name"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    shutil.copy(SAMPLE, tmp_path / "source/old.yaml")
    return tmp_path


def attach_sources(pdf: Path, letter: Path) -> None:
    """Embed the files ``letter`` was built from in ``pdf`` as the agreed format says
    (/prompts embedded.md): PDF/A-3 associated files, the letter's own source first in the
    catalog's /AF, named relative to the letter's folder."""
    base = letter.parent
    files = [d.path for d in load(letter, World()).dependencies]
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        specs = pikepdf.Array()
        names = pikepdf.Array()
        for i, path in enumerate(files):
            data = path.read_bytes()
            name = path.relative_to(base).as_posix()
            stream = pikepdf.Stream(doc, data)
            stream.Type = pikepdf.Name.EmbeddedFile
            stream.Subtype = pikepdf.Name("/application/yaml")
            stream.Params = pikepdf.Dictionary(Size=len(data),
                                               CheckSum=pikepdf.String(hashlib.md5(data).digest()))
            spec = doc.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Filespec, F=pikepdf.String(name), UF=pikepdf.String(name),
                EF=pikepdf.Dictionary(F=stream), AFRelationship=pikepdf.Name.Source,
                Desc=pikepdf.String("letter source" if i == 0 else "file read by the letter")))
            specs.append(spec)
            names.extend([pikepdf.String(name), spec])
        doc.Root.AF = specs
        doc.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(Names=names))
        doc.save(pdf)


def test_the_same_letter_has_no_changes(work: Path) -> None:
    result = run(work, "diff", "source/old.yaml", f"source/{SAMPLE.name}")
    assert (result.returncode, result.stdout) == (
        0, f"source/old.yaml and source/{SAMPLE.name} say the same\n")
    same = run(work, "diff", "--json", "source/old.yaml", "source/old.yaml")
    assert (same.returncode, json.loads(same.stdout)) == (0, [])


def test_a_markdown_letter_and_its_import_say_the_same(work: Path) -> None:
    assert run(work, "import", str(SEED_MARKDOWN), "-o", "imported.yaml").returncode == 0
    assert diff_files(SEED_MARKDOWN, work / "imported.yaml", World()) == ()


def test_a_changed_name_is_shown_by_its_field(work: Path) -> None:
    new = work / f"source/{SAMPLE.name}"
    edit(new, "Rafik İsmayılov", "Rafiq İsmayılov")
    result = run(work, "diff", "source/old.yaml", f"source/{SAMPLE.name}")
    assert result.returncode == 1
    assert result.stdout == f'{WORDS}: "Rafik İsmayılov" → "Rafiq İsmayılov"\n'
    assert json.loads(run(work, "diff", "--json", "source/old.yaml", str(new)).stdout) == [
        {"path": NAME, "change": "changed", "old": "Rafik İsmayılov", "new": "Rafiq İsmayılov"}]


def test_a_member_added_or_removed_is_numbered_and_shifts_nothing(work: Path) -> None:
    new = work / f"source/{SAMPLE.name}"
    text = new.read_text(encoding="utf-8")
    start = text.index("      - name: Rafik İsmayılov")
    end = text.index("      - name:", start + 1)
    new.write_text(text[:start] + text[end:], encoding="utf-8")
    changes = diff_files(work / "source/old.yaml", new, World())
    assert [(c.path, c.kind, c.old) for c in changes] == [(
        "signatories[0].members[27]", "removed",
        "28. Rafik İsmayılov – For the Sake of Civil Society Public Association")]
    back = diff_files(new, work / "source/old.yaml", World())
    assert [(c.path, c.kind) for c in back] == [("signatories[0].members[27]", "added")]
    assert back[0].format() == ("NGO Representatives: added: 28. Rafik İsmayılov – "
                                "For the Sake of Civil Society Public Association")


def test_a_paragraph_shows_only_its_changed_words(work: Path) -> None:
    edit(work / f"source/{SAMPLE.name}", "occupied 20%", "occupied 21%")
    result = run(work, "diff", "source/old.yaml", f"source/{SAMPLE.name}")
    assert result.stdout == ("paragraph 1: … Republic of Armenia that occupied [-20%-] {+21%+} of "
                             "the internationally recognized and …\n")
    assert marked("a b c", "a x c") == "a [-b-] {+x+} c"
    words = json.loads(run(work, "diff", "--json", "source/old.yaml",
                           f"source/{SAMPLE.name}").stdout)[0]["words"]
    assert [w for w in words if w["op"] != "="] == [{"op": "-", "text": "20%"},
                                                    {"op": "+", "text": "21%"}]


def test_colour_only_on_request_or_on_a_terminal(work: Path) -> None:
    edit(work / f"source/{SAMPLE.name}", "Rafik İsmayılov", "Rafiq İsmayılov")
    plain = run(work, "diff", "source/old.yaml", f"source/{SAMPLE.name}")
    assert "\x1b[" not in plain.stdout  # a pipe is no terminal
    coloured = run(work, "diff", "--color", "always", "source/old.yaml", f"source/{SAMPLE.name}")
    assert '\x1b[31m"Rafik İsmayılov"\x1b[0m → \x1b[32m"Rafiq İsmayılov"\x1b[0m' in \
        coloured.stdout


@pytest.mark.slow
def test_a_pdf_carrying_its_sources_is_diffed_field_by_field(work: Path) -> None:
    letter = work / f"source/{SAMPLE.name}"
    build(letter, work / "sent.pdf", World())
    attach_sources(work / "sent.pdf", letter)
    assert run(work, "diff", "sent.pdf", str(letter)).returncode == 0
    edit(letter, "Rafik İsmayılov", "Rafiq İsmayılov")
    edit(work / "source/letterheads/ogp.yaml", "4925726", "4925727")
    result = run(work, "diff", "sent.pdf", str(letter))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'letterhead telephone: "(994 12) 4925726" → "(994 12) 4925727"',
        f'{WORDS}: "Rafik İsmayılov" → "Rafiq İsmayılov"']
    build(letter, work / "corrected.pdf", World())
    attach_sources(work / "corrected.pdf", letter)
    assert run(work, "diff", "sent.pdf", "corrected.pdf").stdout == result.stdout


@pytest.mark.slow
def test_an_embedded_name_leaving_the_folder_is_refused(work: Path) -> None:
    letter = work / f"source/{SAMPLE.name}"
    build(letter, work / "sent.pdf", World())
    attach_sources(work / "sent.pdf", letter)
    with pikepdf.open(work / "sent.pdf", allow_overwriting_input=True) as doc:
        doc.Root.AF[0].UF = pikepdf.String("../../escape.yaml")
        doc.save(work / "sent.pdf")
    result = run(work, "diff", "sent.pdf", str(letter))
    assert result.returncode == 2
    assert "embedded file '../../escape.yaml' refused" in result.stderr
    assert not (work.parent / "escape.yaml").exists()


def without_sources(letter: Path, pdf: Path) -> None:
    """A PDF of ``letter`` that carries no source (as made by an older letterpress)."""
    pdf.write_bytes(typeset(load(letter, World()).letter, load_fonts())[0])


@pytest.mark.slow
def test_pdfs_without_sources_are_diffed_by_their_text(work: Path) -> None:
    letter = work / f"source/{SAMPLE.name}"
    without_sources(letter, work / "sent.pdf")
    edit(letter, "Rafik İsmayılov", "Rafiq İsmayılov")
    result = run(work, "diff", "sent.pdf", str(letter))
    assert result.returncode == 1
    assert result.stdout == ("NGO Representatives: 28. [-Rafik-] {+Rafiq+} İsmayılov "
                             "– For the Sake …\n")
    without_sources(letter, work / "corrected.pdf")
    result = run(work, "diff", "sent.pdf", "corrected.pdf")
    assert result.returncode == 1
    assert result.stdout.endswith(": 28. [-Rafik-] {+Rafiq+} İsmayılov – For the Sake …\n")
    assert result.stdout.startswith("page 2, line ")
    assert result.stdout.count("\n") == 1


def test_bad_input_exits_2(work: Path) -> None:
    (work / "not.pdf").write_text("hello", encoding="utf-8")
    for args in (["missing.yaml", "source/old.yaml"], ["not.pdf", "source/old.yaml"]):
        result = run(work, "diff", *args)
        assert result.returncode == 2, args
        assert result.stderr.startswith(args[0] + ":")


# --- the signature block ----------------------------------------------------------------------

INVITATION = "2026-11-20-assembly-invitation-en.yaml"


def signed_pair(work: Path, old: str, new: str) -> tuple[Path, Path]:
    """The English invitation (signed by two members of the registry), and a copy of it beside
    it with ``old`` written as ``new``."""
    source = work / "source" / INVITATION
    text = source.read_text(encoding="utf-8")
    assert old in text
    changed = work / "source" / "changed.yaml"
    changed.write_text(text.replace(old, new), encoding="utf-8")
    return source, changed


# the signature block's signers (its list is indented by 4, the signatories' by 6)
SIGNERS = "\n    - member: aynur-mammadova\n    - member: rashad-huseynov\n"


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("  place: Baku\n", "  place: Ganja\n", ['place of signing: "Baku" → "Ganja"']),
    ("  date: 2026-11-20\n  signers", "  date: 2026-11-21\n  signers",
     ['date of signing: "2026-11-20" → "2026-11-21"']),
    (SIGNERS, "\n    - member: aynur-mammadova\n", [
        "signer 2: removed: Rashad Huseynov, Budget Transparency Public Association"]),
    (SIGNERS, SIGNERS + "    - name: Jalal Amanov\n      title: Treasurer\n",
     ["signer 3: added: Jalal Amanov, Treasurer"]),
    # written out rather than named by id: paired in place, as signatories are
    (SIGNERS, "\n    - member: aynur-mammadova\n    - name: Rashad Huseynov\n", [
        'signer 2, registry id: "rashad-huseynov" → ""',
        'signer 2, organisation: "Budget Transparency Public Association" → ""']),
    ("signature:\n  place: Baku\n  date: 2026-11-20\n  signers:" + SIGNERS, "\n", [
        "signature block: removed: Baku, 2026-11-20: Aynur Mammadova, chair of the Council, "
        "“Open Data” Research Centre Public Union; Rashad Huseynov, Budget Transparency "
        "Public Association"]),
])
def test_changes_of_the_signature_block_are_shown_in_its_words(
        work: Path, old: str, new: str, shown: list[str]) -> None:
    source, changed = signed_pair(work, old, new)
    assert [c.format() for c in diff_files(source, changed, World())] == shown
    back = diff_files(changed, source, World())
    assert len(back) == len(shown)  # and the other way round


def test_a_signers_name_is_a_field_of_its_own(work: Path) -> None:
    _, written = signed_pair(work, SIGNERS, "\n    - name: Rashad Huseynov\n")
    renamed = work / "source" / "renamed.yaml"
    renamed.write_text(written.read_text(encoding="utf-8").replace(
        "name: Rashad Huseynov", "name: Rashad Guseynov"), encoding="utf-8")
    changes = diff_files(written, renamed, World())
    assert [(c.path, c.old, c.new) for c in changes] == [
        ("signature.signers[0].name", "Rashad Huseynov", "Rashad Guseynov")]
    assert changes[0].format() == 'signer 1, name: "Rashad Huseynov" → "Rashad Guseynov"'


# --- the parts of a formal letter -------------------------------------------------------------

MINISTRY = "2026-12-01-ministry-letter-en.yaml"


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("subject: Proposals on the draft", "subject: Comments on the draft",
     ['subject: "Proposals on the draft amendments to the Law on Access to Information" → '
      '"Comments on the draft amendments to the Law on Access to Information"']),
    ("salutation: Dear Minister,", "salutation: Dear Sir or Madam,",
     ['salutation: "Dear Minister," → "Dear Sir or Madam,"']),
    ("place: Baku\n", "place: Ganja\n", ['place before the date: "Baku" → "Ganja"']),
    # the language's own label follows a subject or a place: the subject keeps it here
    ("place: Baku\n", "", ['place before the date: "Baku" → ""']),
    ("date_format: D MMMM YYYY\n", "date_format: D MMMM YYYY\nreference_label: Our ref.\n",
     ['reference label: "Ref." → "Our ref."']),
    ("  - Table of proposals on the draft amendments, 6 pages\n", "",
     ["enclosure 2: removed: Table of proposals on the draft amendments, 6 pages"]),
    ("“Access to Information in 2026”, 24 pages", "“Access to Information in 2026”, 26 pages",
     ['enclosure 1: "Monitoring report “Access to Information in 2026”, 24 pages" → '
      '"Monitoring report “Access to Information in 2026”, 26 pages"']),
    ("  - Commission on Combating Corruption of the Republic of Azerbaijan\n",
     "  - Commission on Combating Corruption of the Republic of Azerbaijan\n  - The Council\n",
     ["cc, line 3: added: The Council"]),
])
def test_the_parts_of_a_formal_letter_are_shown_in_its_words(
        work: Path, old: str, new: str, shown: list[str]) -> None:
    source = work / "source" / MINISTRY
    text = source.read_text(encoding="utf-8")
    assert old in text
    changed = work / "source" / "changed.yaml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert [c.format() for c in diff_files(source, changed, World())] == shown
    assert len(diff_files(changed, source, World())) == len(shown)  # and the other way round


# --- a window envelope's address ----------------------------------------------------------------

WINDOW = """\
address:
  - Ministry of Justice
  - Baku AZ 1073
return_address: OGP, Baku AZ 1001
window: din-a
"""


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("  - Baku AZ 1073\n", "  - Baku AZ 1074\n",
     ['postal address, line 2: "Baku AZ 1073" → "Baku AZ 1074"']),
    ("  - Baku AZ 1073\n", "  - Baku AZ 1073\n  - AZERBAIJAN\n",
     ["postal address, line 3: added: AZERBAIJAN"]),
    ("window: din-a\n", "window: din-b\n", ['window envelope: "din-a" → "din-b"']),
    ("window: din-a\n", "window: din-a\nmarks: true\n",
     ['fold and punch marks: "no" → "yes"']),
    ("return_address: OGP, Baku AZ 1001\n", "return_address: OGP, Baku AZ 1002\n",
     ['return address: "OGP, Baku AZ 1001" → "OGP, Baku AZ 1002"']),
])
def test_the_window_address_is_shown_in_the_letters_words(
        work: Path, old: str, new: str, shown: list[str]) -> None:
    source = work / "source" / MINISTRY
    text = source.read_text(encoding="utf-8")
    text = text[:text.index("address:")] + text[text.index("subject:"):]  # its own window out
    text = text.replace("subject:", WINDOW + "subject:", 1)
    windowed = work / "source" / "windowed.yaml"
    windowed.write_text(text, encoding="utf-8")
    assert old in text
    changed = work / "source" / "changed.yaml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert [c.format() for c in diff_files(windowed, changed, World())] == shown
    assert len(diff_files(changed, windowed, World())) == len(shown)  # and the other way round
