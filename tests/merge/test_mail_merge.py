"""Mail merge (docs/source-format.md, "Mail merge"): one letter, a PDF for each recipient of a
recipients file, each a letter of its own; a bad row is a located error and the others build;
rows are read lazily; an incremental build rebuilds one fixed row alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import SOURCE_DIR, world
from helpers.cli import DIAGNOSTIC, edit, in_folder

from letterpress.errors import SourceError
from letterpress.merge import build_one, jobs
from letterpress.merge.letters import file_name

EXAMPLE = "2026-12-10-open-data-workshop"

HEAD = """\
letterhead: letterheads/ogp.yaml
reference: "7/27"
date: 2027-01-05
language: en
sender: Azerbaijan Open Government Platform
merge:
  recipients: people.csv
"""
BODY = """\
salutation: "Dear {{name}},"
body:
  - We write to {{organisation}} about the workshop.
"""


def project(tmp_path: Path, rows: str, letter: str = HEAD + BODY) -> Path:
    """A folder with the OGP letterhead, a merge letter and its recipients file."""
    shutil.copytree(SOURCE_DIR / "letterheads", tmp_path / "letterheads")
    (tmp_path / ".git").mkdir()
    (tmp_path / "merge.yaml").write_text(letter, encoding="utf-8")
    (tmp_path / "people.csv").write_text(rows, encoding="utf-8")
    return tmp_path / "merge.yaml"


def outcomes(letter: Path, out: Path) -> list[object]:
    w = world()
    return [item if isinstance(item, tuple) else build_one(item, w)
            for item in jobs(letter, out, w)]


# --- 1. the letter and its placeholders ------------------------------------------------------

def test_an_unknown_field_is_an_error_at_its_line_and_column(tmp_path: Path) -> None:
    letter = project(tmp_path, "name,organisation\nA,B\n", HEAD + BODY.replace(
        "We write to {{organisation}}", "We write to {{organization}}"))
    with pytest.raises(SourceError) as caught:
        next(jobs(letter, tmp_path / "out", world()))
    (d,) = caught.value.diagnostics
    line = (HEAD + BODY).splitlines().index("  - We write to {{organisation}} about the "
                                            "workshop.") + 1
    assert (d.line, d.column, d.field) == (line, len("  - We write to ") + 1, "body[0]")
    assert "'{{organization}}'" in d.message and "organisation" in d.hint


def test_a_backslash_writes_two_braces_and_a_plain_letter_keeps_its_braces(
        tmp_path: Path) -> None:
    from letterpress.merge import merged_text

    letter = project(tmp_path, "name,organisation\nAnna,Fund\n", HEAD + BODY.replace(
        "about the workshop.", r"about \{{templates}} and {{ name }}."))
    (job,) = jobs(letter, tmp_path / "out", world())
    assert not isinstance(job, tuple)
    text = merged_text(job, world())
    assert "We write to Fund about {{templates}} and Anna." in text


# --- 2. the recipients file -------------------------------------------------------------------

def test_a_row_missing_a_field_the_letter_uses_is_located_and_the_others_build(
        tmp_path: Path) -> None:
    rows = "name,organisation\nAnna,Fund A\nBoris,\nCarla,Fund C\n"
    letter = project(tmp_path, rows)
    done = outcomes(letter, tmp_path / "out")
    bad = [item for item in done if isinstance(item, tuple)]
    assert len(bad) == 1
    (d,) = bad[0][2].diagnostics
    # Boris's row is line 3; his organisation cell starts after "Boris,"
    assert (Path(d.file).name, d.line, d.column) == ("people.csv", 3, len("Boris,") + 1)
    assert d.field == "recipients[1].organisation" and "merge.yaml:" in d.message
    built = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert built == ["merge-anna.pdf", "merge-carla.pdf"]


def test_a_missing_column_is_named_at_each_row(tmp_path: Path) -> None:
    letter = project(tmp_path, "name\nAnna\n")
    (item,) = jobs(letter, tmp_path / "out", world())
    assert isinstance(item, tuple)
    (d,) = item[2].diagnostics
    assert (d.line, d.field) == (2, "recipients[0].organisation")
    assert "no 'organisation'" in d.message


@pytest.mark.parametrize(("cells", "field", "says"), [
    ("漢字 Li,Fund", "name", "U+6F22"),
    (",Fund", "name", "must not be empty"),
    ('"Anna\u200b",Fund', "name", "U+200B"),
])
def test_a_bad_cell_is_an_error_at_its_row_and_column(tmp_path: Path, cells: str, field: str,
                                                      says: str) -> None:
    letter = project(tmp_path, f"name,organisation\nGood,Fund\n{cells}\n")
    items = list(jobs(letter, tmp_path / "out", world()))
    assert not isinstance(items[0], tuple) and isinstance(items[1], tuple)
    found = items[1][2].diagnostics
    assert {(d.line, d.column, d.field) for d in found} == {(3, 1, f"recipients[1].{field}")}
    assert says in found[0].message


def test_an_unknown_column_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    letter = project(tmp_path, "name,organization\nAnna,Fund\n")
    with pytest.raises(SourceError) as caught:
        next(jobs(letter, tmp_path / "out", world()))
    (d,) = caught.value.diagnostics
    assert (d.line, d.column) == (1, 2) and "'organisation'" in d.hint


def test_the_same_recipient_twice_is_an_error_and_namesakes_get_distinct_files(
        tmp_path: Path) -> None:
    rows = ("name,organisation\nAnna Li,Fund A\nAnna Li,Fund B\nANNA LI,Fund A\n")
    letter = project(tmp_path, rows)
    items = list(jobs(letter, tmp_path / "out", world()))
    assert [i.output.name for i in items if not isinstance(i, tuple)] == [
        "merge-anna-li.pdf", "merge-anna-li-2.pdf"]
    bad = items[2]
    assert isinstance(bad, tuple)
    assert bad[2].diagnostics[0].line == 4 and "line 2" in bad[2].diagnostics[0].message


def test_a_row_in_another_language_than_the_letter_is_an_error(tmp_path: Path) -> None:
    letter = project(tmp_path, "name,organisation,language\nAnna,Fund,en\nRafiq,Birlik,az\n"
                     "Carla,Fund C,\n")
    items = list(jobs(letter, tmp_path / "out", world()))
    assert [isinstance(i, tuple) for i in items] == [False, True, False]
    d = items[1][2].diagnostics[0]  # type: ignore[index]
    assert (d.line, d.column, d.field) == (3, len("Rafiq,Birlik,") + 1,
                                          "recipients[1].language")


def test_a_yaml_recipients_file_is_read_with_its_positions(tmp_path: Path) -> None:
    letter = project(tmp_path, "", HEAD.replace("people.csv", "people.yaml") + BODY)
    (tmp_path / "people.yaml").write_text(
        "- name: Anna\n  organisation: Fund A\n- name: Boris\n  organisation: ''\n",
        encoding="utf-8")
    items = list(jobs(letter, tmp_path / "out", world()))
    assert not isinstance(items[0], tuple) and isinstance(items[1], tuple)
    d = items[1][2].diagnostics[0]
    assert (d.line, d.column) == (4, len("  organisation: ") + 1)


def test_rows_are_read_as_they_are_taken(tmp_path: Path) -> None:
    # a byte that is not UTF-8 far down the file: taking the first job never reaches it
    rows = "name,organisation\n" + "".join(f"Person {i},Fund {i}\n" for i in range(2000))
    letter = project(tmp_path, "")
    (tmp_path / "people.csv").write_bytes(rows.encode() + b"Bad \xff,Fund\n")
    taken = jobs(letter, tmp_path / "out", world())
    first = next(taken)
    assert not isinstance(first, tuple) and first.row.n == 1
    with pytest.raises(SourceError, match="not UTF-8"):
        list(taken)


# --- 3. the PDFs: names, references, each a letter of its own ---------------------------------

@pytest.mark.parametrize(("name", "file"), [
    ("Aynur Məmmədova", "aynur-mammadova"), ("Рафик Исмайылов", "rafik-ismaiylov"),
    ("Anna Żurawska-Łoś", "anna-zurawska-los"), ("  ***  ", "recipient")])
def test_a_file_name_is_portable(name: str, file: str) -> None:
    assert file_name(name) == file


@pytest.mark.slow
def test_each_pdf_carries_its_own_letter_which_rebuilds_the_same_bytes(tmp_path: Path,
                                                                       capsys: object) -> None:
    from letterpress.check.extract import read_sources

    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    result = in_folder(tmp_path, capsys, "build", f"source/{EXAMPLE}.yaml", "-o", "out")
    assert result.returncode == 0, result.stderr
    fourth = tmp_path / "out" / f"{EXAMPLE}-04-thomas-berger.pdf"
    sources = read_sources(fourth)
    text = sources.letter.data.decode()
    assert 'reference: 44/26-4' in text  # the letter's "44/26" and the pattern "{reference}-{n}"
    assert "merge:" not in text and "Open Budget Initiative \\*Europe\\*" in text
    assert {str(f.path) for f in sources.files} == {
        f"{EXAMPLE}-04-thomas-berger.yaml", "letterheads/ogp.yaml", "members.yaml"}
    # the row's stars are printed as stars, and check reads them back so
    checked = in_folder(tmp_path, capsys, "check", str(fourth))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    extracted = in_folder(tmp_path, capsys, "extract", str(fourth), "-o", "x")
    assert extracted.returncode == 0
    again = in_folder(tmp_path, capsys, "build", f"x/{EXAMPLE}-04-thomas-berger.yaml", "-o",
                      "again.pdf")
    assert again.returncode == 0
    assert (tmp_path / "again.pdf").read_bytes() == fourth.read_bytes()


@pytest.mark.slow
def test_a_row_of_markup_characters_reads_back_as_written(tmp_path: Path) -> None:
    from letterpress.check.readback import read_pdf_bytes, read_pdf_file
    from letterpress.pipeline import check_embedded

    letter = project(tmp_path, 'name,organisation\nAnna,"*Stars* _and_ [links](x) \\ **"\n')
    (done,) = outcomes(letter, tmp_path / "out")
    pdf = tmp_path / "out" / "merge-anna.pdf"
    assert done.built is not None  # type: ignore[union-attr]
    assert check_embedded(pdf, world()) == ()
    text = " ".join(" ".join(read_pdf_bytes(read_pdf_file(pdf), "x").pages).split())
    assert "We write to *Stars* _and_ [links](x) \\ ** about the workshop." in text


# --- 4. the command line: bad rows, incremental rebuilds, prune, check ------------------------

@pytest.mark.slow
def test_a_fixed_row_rebuilds_alone_and_its_old_pdf_is_pruned(tmp_path: Path,
                                                             capsys: object) -> None:
    rows = "name,organisation\nAnna,Fund A\nBoris Smiht,Fund B\nCarla,Fund C\nDan,\n"
    project(tmp_path, rows)
    first = in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out")
    assert first.returncode == 2  # Dan's row has no organisation
    found = DIAGNOSTIC.findall(first.stderr)
    assert [(Path(f).name, int(line)) for f, line, _, _ in found] == [("people.csv", 5)]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "merge-anna.pdf", "merge-boris-smiht.pdf", "merge-carla.pdf"]
    edit(tmp_path / "people.csv", "Boris Smiht", "Boris Smith")
    edit(tmp_path / "people.csv", "Dan,", "Dan,Fund D")
    second = in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out")
    assert second.returncode == 0, second.stderr
    built = [line.split(" -> ")[1].split(" ")[0] for line in second.stdout.splitlines()
             if " -> " in line]
    assert built == ["out/merge-boris-smith.pdf", "out/merge-dan.pdf"]
    assert "2 letters up to date" in second.stdout
    assert "out/merge-boris-smiht.pdf: its recipient is gone" in second.stdout
    third = in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out", "--prune")
    assert "out/merge-boris-smiht.pdf: deleted" in third.stdout
    assert not (tmp_path / "out" / "merge-boris-smiht.pdf").exists()
    # a changed row that keeps its file name is rebuilt for that reason
    edit(tmp_path / "people.csv", "Fund C", "Fund Carla")
    fourth = in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out")
    assert "merge-carla.pdf" in fourth.stdout and "recipient 3 changed" in fourth.stdout
    assert fourth.stdout.count(" -> ") == 1
    # check LETTER FOLDER: every PDF is the letter of its row now; one out of date is named
    assert in_folder(tmp_path, capsys, "check", "merge.yaml", "out").returncode == 0
    edit(tmp_path / "people.csv", "Fund A", "Fund Anna")
    stale = in_folder(tmp_path, capsys, "check", "merge.yaml", "out")
    assert stale.returncode == 1 and "merge-anna.pdf: it is not the letter" in stale.stderr


@pytest.mark.slow
def test_a_recipient_whose_row_went_bad_and_then_went_is_still_pruned(
        tmp_path: Path, capsys: object) -> None:
    project(tmp_path, "name,organisation\nAnna,Fund A\nDan,Fund D\n")
    assert in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out").returncode == 0
    edit(tmp_path / "people.csv", "Dan,Fund D", "Dan,")  # his row goes bad: his PDF stays
    assert in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out").returncode == 2
    assert (tmp_path / "out" / "merge-dan.pdf").exists()
    edit(tmp_path / "people.csv", "Dan,\n", "")  # then he is taken off the list
    gone = in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out", "--prune")
    assert gone.returncode == 0, gone.stderr
    assert "out/merge-dan.pdf: deleted, its recipient is gone" in gone.stdout
    assert not (tmp_path / "out" / "merge-dan.pdf").exists()


def test_a_merge_letter_is_no_letter_of_its_own(tmp_path: Path) -> None:
    from letterpress.pipeline import load

    letter = project(tmp_path, "name,organisation\nAnna,Fund\n")
    with pytest.raises(SourceError) as caught:
        load(letter, world())
    assert caught.value.diagnostics[0].field == "merge"


@pytest.mark.slow
def test_the_command_line_names_other_recipients(tmp_path: Path, capsys: object) -> None:
    project(tmp_path, "name,organisation\nAnna,Fund A\n")
    (tmp_path / "others.csv").write_text("name,organisation\nZoe,Fund Z\n", encoding="utf-8")
    assert in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out").returncode == 0
    other = in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out", "--recipients",
                      "others.csv", "--prune")
    assert other.returncode == 0, other.stderr
    # Zoe's letter is built; Anna's, of the letter's own recipients, is not taken for gone
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "merge-anna.pdf", "merge-zoe.pdf"]
    assert in_folder(tmp_path, capsys, "check", "merge.yaml", "out", "--recipients",
                     "others.csv").returncode == 0


@pytest.mark.slow
def test_a_recipients_letter_is_filed_as_any_letter_and_then_kept(tmp_path: Path,
                                                                  capsys: object) -> None:
    project(tmp_path, "name,organisation\nAnna,Fund A\nBoris,Fund B\n")
    assert in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out").returncode == 0
    filed = in_folder(tmp_path, capsys, "archive", "--archive", "arch", "out/merge-boris.pdf")
    assert filed.returncode == 0, filed.stderr
    # filed by its own reference: the letter's "7/27" and Boris's row number
    assert "arch/2027/2027-01-05_7-27-2_en_r1" in filed.stdout
    found = in_folder(tmp_path, capsys, "archive", "--archive", "arch", "search", "Fund B")
    assert "7/27-2" in found.stdout
    # Boris's letter was sent: a build that would change it under its revision is refused
    edit(tmp_path / "people.csv", "Fund B", "Fund Boris")
    changed = in_folder(tmp_path, capsys, "build", "merge.yaml", "-o", "out", "--archive",
                        "arch")
    assert changed.returncode == 2 and "Fund Boris" in changed.stderr
    assert "letterpress revise merge.yaml" in changed.stderr  # the file there is to revise
    assert "merge-boris.pdf" not in changed.stdout


@pytest.mark.parametrize("what", ["pipe", "folder", "device"])
def test_a_recipients_file_that_is_not_a_regular_file_is_refused(tmp_path: Path,
                                                                 what: str) -> None:
    import os

    letter = project(tmp_path, "")
    people = tmp_path / "people.csv"
    people.unlink()
    if what == "pipe":
        os.mkfifo(people)
    elif what == "folder":
        people.mkdir()
    else:
        people.symlink_to("/dev/zero")
    with pytest.raises(SourceError, match=f"it is a {what}, not a file"):
        next(jobs(letter, tmp_path / "out", world()))


@pytest.mark.slow
def test_watching_rebuilds_the_row_a_save_of_the_recipients_changes(tmp_path: Path) -> None:
    from letterpress.corrections.watch import Watcher

    project(tmp_path, "name,organisation\nAnna,Fund A\nBoris,Fund B\n")
    watcher = Watcher([tmp_path], tmp_path / "out", world())
    first = list(watcher.build(watcher.jobs()))
    assert sorted(o.output.name for o, _ in first if o.built) == [
        "merge-anna.pdf", "merge-boris.pdf"]
    edit(tmp_path / "people.csv", "Fund B", "Fund Boris")
    affected = watcher.affected({str(tmp_path / "people.csv")})
    assert [source.name for source, _ in affected] == ["merge.yaml"]
    again = [(o.output.name, reasons) for o, reasons in watcher.build(affected) if o.built]
    assert again == [("merge-boris.pdf", (f"{tmp_path / 'people.csv'}: recipient 2 changed",))]


def test_a_job_is_a_value_a_process_pool_can_take(tmp_path: Path) -> None:
    import pickle

    letter = project(tmp_path, "name,organisation\nAnna,Fund A\n")
    (job,) = jobs(letter, tmp_path / "out", world())
    assert pickle.loads(pickle.dumps(job)) == job
    assert pickle.loads(pickle.dumps(build_one)) is build_one  # by name: module-level


@pytest.mark.parametrize(("line", "says"), [
    ('  output: "{nn}-{name}"', "unknown field '{nn}'"),
    ('  output: "{name}/x"', "portable file name"),
    ('  reference: "{reference}-{n:q}"', "is not a pattern"),
])
def test_a_bad_pattern_is_an_error_at_the_letter(tmp_path: Path, line: str, says: str) -> None:
    letter = project(tmp_path, "name,organisation\nAnna,Fund A\n", HEAD + line + "\n" + BODY)
    with pytest.raises(SourceError) as caught:
        next(jobs(letter, tmp_path / "out", world()))
    (d,) = caught.value.diagnostics
    assert d.line == HEAD.count("\n") + 1 and says in d.message
    assert d.field == "merge." + line.split(":")[0].strip()
