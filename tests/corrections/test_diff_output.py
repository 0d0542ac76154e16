"""What `letterpress diff` prints (README, "Correcting a letter"): a changed field as
``path: "old" → "new"``, a member added or withdrawn with its number (``path: added: 45.
...``), a corrected paragraph with only its changed words marked and a few words of context,
colour only when asked, and ``--json`` giving the same for scripts. In process, on small
letters; test_diff.py runs the command itself."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from letterpress.check.readback import read_pdf
from letterpress.corrections.diff import (
    CONTEXT_WORDS,
    Change,
    diff_files,
    diff_letters,
    format_changes,
    marked,
    renumbered_only,
    word_changes,
)
from letterpress.fonts import load_fonts
from letterpress.pipeline import load, typeset
from letterpress.world import World

RED, GREEN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"


def test_a_changed_field_is_shown_old_then_new() -> None:
    change = Change(path="reference", kind="changed", old="7/26", new="7/27")
    assert change.format() == 'reference: "7/26" → "7/27"'
    assert change.format(colour=True) == (f'reference: {RED}"7/26"{RESET} → '
                                          f'{GREEN}"7/27"{RESET}')
    assert change.as_json() == {"path": "reference", "change": "changed", "old": "7/26",
                                "new": "7/27"}
    assert list(format_changes([change, change])) == [change.format()] * 2
    assert list(format_changes([change], colour=True)) == [change.format(colour=True)]


def test_an_added_or_removed_item_is_shown_with_its_text() -> None:
    added = Change(path="signatories[0].members[44]", kind="added", new="45. Rafik")
    removed = Change(path="signatories[0].members[44]", kind="removed", old="45. Rafik")
    assert added.format() == "signatories[0].members[44]: added: 45. Rafik"
    assert removed.format() == "signatories[0].members[44]: removed: 45. Rafik"
    assert added.format(colour=True) == (f"signatories[0].members[44]: added: "
                                         f"{GREEN}45. Rafik{RESET}")
    assert removed.format(colour=True) == (f"signatories[0].members[44]: removed: "
                                           f"{RED}45. Rafik{RESET}")
    # JSON gives what there is: no "old" for an addition, no "new" for a removal
    assert added.as_json() == {"path": "signatories[0].members[44]", "change": "added",
                               "new": "45. Rafik"}
    assert removed.as_json() == {"path": "signatories[0].members[44]", "change": "removed",
                                 "old": "45. Rafik"}
    # an added or removed paragraph is shown whole, without word marks
    para = Change(path="body[2]", kind="added", new="A new paragraph.", paragraph=True)
    assert para.format() == "body[2]: added: A new paragraph."
    assert "words" not in para.as_json()


def test_a_changed_paragraph_marks_only_its_changed_words() -> None:
    old = "one two three four five six seven eight nine ten eleven twelve"
    new = "one two three four five six SEVEN eight nine ten eleven twelve"
    change = Change(path="body[0]", kind="changed", old=old, new=new, paragraph=True)
    # five unchanged words each side of the change; the rest cut to "…"
    assert change.format() == "body[0]: … two three four five six [-seven-] {+SEVEN+} eight " \
        "nine ten eleven twelve"
    assert change.format(colour=True) == (f"body[0]: … two three four five six {RED}seven"
                                          f"{RESET} {GREEN}SEVEN{RESET} eight nine ten eleven "
                                          "twelve")
    assert change.as_json()["words"] == [
        {"op": "=", "text": "one two three four five six"}, {"op": "-", "text": "seven"},
        {"op": "+", "text": "SEVEN"}, {"op": "=", "text": "eight nine ten eleven twelve"}]
    assert CONTEXT_WORDS == 5


def test_context_is_cut_on_each_side_of_a_change_and_kept_between_close_ones() -> None:
    words = [f"w{i}" for i in range(30)]
    old = " ".join(words)
    new = " ".join(["X" if i in (0, 14, 29) else w for i, w in enumerate(words)])
    assert marked(old, new) == ("[-w0-] {+X+} w1 w2 w3 w4 w5 … w9 w10 w11 w12 w13 [-w14-] "
                                "{+X+} w15 w16 w17 w18 w19 … w24 w25 w26 w27 w28 [-w29-] {+X+}")
    # eleven words between two changes are cut; ten are shown whole
    near = " ".join(["X" if i in (3, 15) else w for i, w in enumerate(words[:18])])
    assert marked(" ".join(words[:18]), near) == (
        "w0 w1 w2 [-w3-] {+X+} w4 w5 w6 w7 w8 … w10 w11 w12 w13 w14 [-w15-] {+X+} w16 w17")
    nearer = " ".join(["X" if i in (3, 14) else w for i, w in enumerate(words[:17])])
    assert marked(" ".join(words[:17]), nearer) == (
        "w0 w1 w2 [-w3-] {+X+} w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 [-w14-] {+X+} w15 w16")
    # the first or last run of words beside a single change
    assert marked("g a b c d e f", "a b c d e f") == "[-g-] a b c d e …"
    assert marked("a b c d e f", "a b c d e f X") == "… b c d e f {+X+}"
    # six words before the first change and after the last are cut to five
    assert marked("a b c d e f g", "a b c d e f X") == "… b c d e f [-g-] {+X+}"
    assert marked("g a b c d e f", "X a b c d e f") == "[-g-] {+X+} a b c d e …"


def test_words_removed_and_added_are_told_apart() -> None:
    assert word_changes("a b c", "a c") == [("=", "a"), ("-", "b"), ("=", "c")]
    assert word_changes("a c", "a b c") == [("=", "a"), ("+", "b"), ("=", "c")]
    assert word_changes("a b c d", "a x y d") == [("=", "a"), ("-", "b c"), ("+", "x y"),
                                                  ("=", "d")]
    assert word_changes("", "") == []
    assert marked("a b c", "a c") == "a [-b-] c"
    assert marked("a c", "a b c") == "a {+b+} c"


def test_renumbering_alone_is_no_change() -> None:
    assert renumbered_only("28. Rafik İsmayılov", "27. Rafik İsmayılov")
    assert renumbered_only("3) a", "4) a")
    assert not renumbered_only("28. Rafik", "28. Rafiq")
    assert not renumbered_only("28. Rafik", "27. Rafiq")
    assert not renumbered_only("28. a", "28. a")  # nothing changed at all
    assert not renumbered_only("28 a", "27 a")  # a number that numbers no list item
    assert not renumbered_only("a. b", "c. b")


# --- PDFs known only by their text --------------------------------------------------------

SMALL = """\
letterhead:
  name: Azerbaijan Open Government Platform
reference: "7/26"
date: 2026-11-20
sender: The Secretariat
recipient: Members of the Platform
body:
  - We write to you about the assembly.
signatories:
  - heading: "Signed:"
    members:
      - name: Leyla Guliyeva
      - name: Rafik Ismayilov
      - name: Aynur Mammadova
"""


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """PDFs without sources (as an older letterpress made them) of the small letter, of it
    with a name corrected, and of it with a member withdrawn; and the sources."""
    folder = tmp_path_factory.mktemp("text")
    out = {}
    for name, text in (("sent", SMALL), ("fixed", SMALL.replace("Rafik", "Rafiq")),
                       ("fewer", SMALL.replace("      - name: Leyla Guliyeva\n", "")),
                       ("both", SMALL.replace("      - name: Leyla Guliyeva\n", "").replace(
                           "Aynur", "Aynura")),
                       ("extra", SMALL + "      - name: Jalal Amanov\n")):
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
        pdf = folder / f"{name}.pdf"
        pdf.write_bytes(typeset(load(folder / f"{name}.yaml", World()).letter, load_fonts())[0])
        out[name], out[name + ".yaml"] = pdf, folder / f"{name}.yaml"
    return out


def line_of(pdf: Path, needle: str) -> str:
    """Where ``needle`` is in the PDF's text: page N, line M (non-empty lines, from 1)."""
    for p, page in enumerate(read_pdf(pdf).pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for n, line in enumerate(lines, 1):
            if needle in line:
                return f"page {p}, line {n}"
    raise AssertionError(needle)


@pytest.mark.slow
def test_two_pdfs_without_sources_are_compared_line_by_line(pdfs: dict[str, Path]) -> None:
    assert diff_files(pdfs["sent"], pdfs["sent"], World()) == ()
    changes = diff_files(pdfs["sent"], pdfs["fixed"], World())
    assert [(c.path, c.kind, c.old, c.new) for c in changes] == [
        (line_of(pdfs["fixed"], "Rafiq"), "changed", "2. Rafik Ismayilov",
         "2. Rafiq Ismayilov")]
    assert changes[0].format() == f"{changes[0].path}: 2. [-Rafik-] {{+Rafiq+}} Ismayilov"
    # a member withdrawn: the others are renumbered, which is no change of theirs
    withdrawn = diff_files(pdfs["sent"], pdfs["fewer"], World())
    assert [(c.path, c.kind, c.old) for c in withdrawn] == [
        (line_of(pdfs["sent"], "Leyla"), "removed", "1. Leyla Guliyeva")]
    back = diff_files(pdfs["fewer"], pdfs["sent"], World())
    assert [(c.path, c.kind, c.new) for c in back] == [
        (line_of(pdfs["sent"], "Leyla"), "added", "1. Leyla Guliyeva")]


@pytest.mark.slow
def test_a_letter_against_a_pdf_without_sources_is_what_check_finds(
        pdfs: dict[str, Path]) -> None:
    assert diff_files(pdfs["sent.yaml"], pdfs["sent"], World()) == ()
    assert diff_files(pdfs["sent"], pdfs["sent.yaml"], World()) == ()
    forward = diff_files(pdfs["sent"], pdfs["fixed.yaml"], World())
    assert [(c.path, c.kind, c.old, c.new, c.paragraph) for c in forward] == [
        ("signatories[0].members[1]", "changed", "2. Rafik Ismayilov", "2. Rafiq Ismayilov",
         True)]
    # renumbered members are skipped, and what follows them is still found
    both = diff_files(pdfs["sent.yaml"], pdfs["both"], World())
    assert [(c.path, c.old, c.new) for c in both][-1] == (
        "signatories[0].members[2]", "3. Aynur Mammadova", "2. Aynura Mammadova")
    assert "signatories[0].members[1]" not in [c.path for c in both]
    # a line only one side has: added or removed
    assert [(c.path, c.kind, c.old, c.new) for c in diff_files(pdfs["sent.yaml"], pdfs["extra"],
                                                               World())] == [
        ("text", "added", "", "4. Jalal Amanov")]
    assert [(c.path, c.kind, c.old, c.new) for c in diff_files(pdfs["extra"], pdfs["sent.yaml"],
                                                               World())] == [
        ("text", "removed", "4. Jalal Amanov", "")]
    backward = diff_files(pdfs["fixed.yaml"], pdfs["sent"], World())
    assert [(c.path, c.old, c.new) for c in backward] == [
        ("signatories[0].members[1]", "2. Rafiq Ismayilov", "2. Rafik Ismayilov")]


def test_a_long_paragraph_of_common_words_is_compared_word_by_word() -> None:
    """Over 200 words, difflib would treat frequent words as junk unless told not to: a
    paragraph made mostly of one word would show as replaced whole."""
    same = " ".join(["the"] * 150)
    assert word_changes(f"{same} end {same}", f"{same} close {same}") == [
        ("=", same), ("-", "end"), ("+", "close"), ("=", same)]


def test_a_registry_member_is_paired_by_id_whatever_its_name() -> None:
    """A member kept in the registry keeps their id when their name is corrected: one
    change of name, not a member withdrawn and another added."""
    from helpers.letters import BASE

    group = BASE.signatories[0]
    renamed = replace(group.members[1], name="Rafiq Ismayil")
    new = replace(BASE, signatories=(replace(group, members=(group.members[0], renamed)),
                                     *BASE.signatories[1:]))
    assert [(c.path, c.kind, c.old, c.new) for c in diff_letters(BASE, new)] == [
        ("signatories[0].members[1].name", "changed", "Rafik İsmayılov", "Rafiq Ismayil")]


def test_a_damaged_pdf_is_refused_by_its_name(tmp_path: Path) -> None:
    from letterpress.errors import LetterpressError

    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7\nnonsense")
    (tmp_path / "a.yaml").write_text(SMALL, encoding="utf-8")
    for old, new in (("bad.pdf", "a.yaml"), ("a.yaml", "bad.pdf")):
        with pytest.raises(LetterpressError) as info:
            diff_files(tmp_path / old, tmp_path / new, World())
        assert str(info.value).startswith(f"{tmp_path / 'bad.pdf'}: cannot read the PDF")


def text_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF of one page holding ``lines`` and no sources, as another program makes it."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    for n, line in enumerate(lines):
        page.drawString(72, 770 - 20 * n, line)
    page.showPage()
    page.save()
    return path


def test_numbered_lines_align_by_their_text(tmp_path: Path) -> None:
    """Lines of two PDFs known by their text pair up by what they say, list numbers aside."""
    assert diff_files(text_pdf(tmp_path / "a.pdf", ["Title", "3. Foo", "End"]),
                      text_pdf(tmp_path / "b.pdf", ["Title", "Foo", "End"]), World()) == ()
    changes = diff_files(text_pdf(tmp_path / "c.pdf", ["A", "1. x", "2. y", "B"]),
                         text_pdf(tmp_path / "d.pdf", ["A", "1. y", "B"]), World())
    assert [(c.path, c.kind, c.old) for c in changes] == [("page 1, line 2", "removed",
                                                           "1. x")]


def test_each_kind_of_change_of_a_list_of_lines() -> None:
    from helpers.letters import BASE

    old = replace(BASE, recipient=tuple("ABCDEFG"))
    new = replace(BASE, recipient=("A", "B", "C", "D", "E", "X", "Y", "G"))
    assert [(c.path, c.kind, c.old, c.new, c.paragraph) for c in diff_letters(old, new)] == [
        ("recipient[5]", "changed", "F", "X", False), ("recipient[6]", "added", "", "Y", False)]
    assert [(c.path, c.kind, c.old, c.new) for c in diff_letters(new, old)] == [
        ("recipient[5]", "changed", "X", "F"), ("recipient[6]", "removed", "Y", "")]
    # a line inserted in many alike is found where it is (no junk heuristic)
    same = replace(BASE, closing=("Same",) * 300)
    more = replace(BASE, closing=("Same",) * 150 + ("New",) + ("Same",) * 150)
    assert [(c.path, c.kind, c.new) for c in diff_letters(same, more)] == [
        ("closing[150]", "added", "New")]


def test_a_changed_paragraph_is_shown_word_by_word() -> None:
    from helpers.letters import BASE

    body = (BASE.body[0], replace(BASE.body[1], spans=(replace(BASE.body[1].spans[0],
                                                               text="A third paragraph."),)))
    [change] = diff_letters(BASE, replace(BASE, body=body))
    assert change.paragraph
    assert change.format() == "paragraph 2: A [-second-] {+third+} paragraph."
    assert change.path == "body[1]" and change.as_json()["path"] == "body[1]"


def test_the_logo_and_the_date_replaced_are_shown() -> None:
    import datetime
    import hashlib

    from helpers.letters import BASE

    bare = replace(BASE, letterhead=replace(BASE.letterhead, logo="", logo_data=b""),
                   correction=replace(BASE.correction, replaces=None))
    digest = hashlib.sha256(BASE.letterhead.logo_data).hexdigest()
    assert [(c.path, c.old, c.new) for c in diff_letters(bare, BASE)] == [
        ("letterhead.logo", "", f"image {digest[:12]}"),
        ("correction.replaces", "", "2026-11-19")]
    assert BASE.correction.replaces == datetime.date(2026, 11, 19)
    assert diff_letters(bare, bare) == ()


def test_a_member_added_before_a_renamed_registry_member_shifts_nothing() -> None:
    """Paired by id, a registry member keeps their place when another is added before
    them, even with a corrected name."""
    from helpers.letters import BASE

    group = BASE.signatories[0]
    leyla, rafik = group.members
    old = replace(BASE, signatories=(replace(group, members=(rafik, leyla)),))
    new = replace(BASE, signatories=(replace(group, members=(
        replace(leyla, name="Jalal Amanov"), replace(rafik, name="Rafiq Ismayil"), leyla)),))
    assert [(c.path, c.kind) for c in diff_letters(old, new)] == [
        ("signatories[0].members[0]", "added"),
        ("signatories[0].members[1].name", "changed")]


@pytest.mark.slow
def test_a_pdf_whose_embedded_sources_are_refused_is_named(tmp_path: Path) -> None:
    import pikepdf

    from letterpress.errors import LetterpressError
    from letterpress.pipeline import build

    (tmp_path / "a.yaml").write_text(SMALL, encoding="utf-8")
    build(tmp_path / "a.yaml", tmp_path / "sent.pdf", World())
    assert diff_files(tmp_path / "sent.pdf", tmp_path / "a.yaml", World()) == ()
    with pikepdf.open(tmp_path / "sent.pdf", allow_overwriting_input=True) as doc:
        doc.Root.AF[0].UF = pikepdf.String("../../escape.yaml")
        doc.save(tmp_path / "sent.pdf")
    with pytest.raises(LetterpressError) as info:
        diff_files(tmp_path / "sent.pdf", tmp_path / "a.yaml", World())
    assert str(info.value).startswith(f"{tmp_path / 'sent.pdf'}: ")
    assert "'../../escape.yaml' refused" in str(info.value)


def test_a_numbered_line_and_the_same_line_unnumbered_are_one_line(tmp_path: Path) -> None:
    changes = diff_files(text_pdf(tmp_path / "a.pdf", ["A", "3. Foo", "B"]),
                         text_pdf(tmp_path / "b.pdf", ["A", "New", "Foo", "B"]), World())
    assert [(c.path, c.kind, c.new) for c in changes] == [("page 1, line 2", "added", "New")]


def test_an_empty_line_added_is_shown_empty() -> None:
    from helpers.letters import BASE

    [change] = diff_letters(BASE, replace(BASE, recipient=(*BASE.recipient, "")))
    assert (change.path, change.kind, change.new) == ("recipient[2]", "added", "")


# --- places in the letter's own words (issue 21, point 5) -----------------------------------


@pytest.mark.parametrize(("path", "words"), [
    ("body[0]", "paragraph 1"), ("recipient[1]", "recipient, line 2"),
    ("closing[0]", "closing, line 1"), ("letterhead.address[2]", "letterhead address, line 3"),
    ("letterhead.telephone", "letterhead telephone"), ("date_format", "date format"),
    ("reference", "reference"), ("correction.text", "correction note"),
    # the helpers' letter: "Signed:" numbered from 1, "Supported by:" from 3
    ("signatories[0].members[1].name", "Signed 2. name"),
    ("signatories[1].members[0].role", "Supported by 3. role"),
    ("signatories[1].members[1].id", "Supported by 4. registry id"),
    ("signatories[1].members[1]", "Supported by"),  # its text starts with its number
    ("signatories[1].columns", "Supported by, columns"),
    ("signatories[0].start", "Signed, first number"),
    ("signatories[1].heading", "signatory group 2, heading"),
    ("signatories[1]", "signatory group 2"),
    ("page 2, line 3", "page 2, line 3"),  # already words
])
def test_a_place_is_named_in_the_letters_words(path: str, words: str) -> None:
    from helpers.letters import BASE

    from letterpress.corrections.diff import words_for

    assert words_for(path, BASE) == words


def test_a_group_without_heading_is_named_by_its_number() -> None:
    from helpers.letters import BASE

    from letterpress.corrections.diff import words_for

    group = replace(BASE.signatories[1], heading="")
    letter = replace(BASE, signatories=(BASE.signatories[0], group))
    assert words_for("signatories[1].members[0].name", letter) == "signatory group 2 3. name"


def test_a_member_added_and_removed_is_named_by_its_group_and_number_in_its_letter() -> None:
    from helpers.letters import BASE

    group = BASE.signatories[0]
    fewer = replace(BASE, signatories=(replace(group, members=group.members[1:]),
                                       BASE.signatories[1]))
    [removed] = diff_letters(BASE, fewer)
    assert removed.format() == ("Signed: removed: 1. Leyla Guliyeva – Open Data, chair")
    assert removed.as_json()["path"] == "signatories[0].members[0]"  # 0-based for scripts
    renamed = replace(group.members[1], name="Rafiq İsmayılov")
    changed = replace(BASE, signatories=(replace(group, members=(group.members[0], renamed)),
                                         BASE.signatories[1]))
    [name] = diff_letters(BASE, changed)
    assert name.format() == 'Signed 2. name: "Rafik İsmayılov" → "Rafiq İsmayılov"'
    assert name.as_json() == {"path": "signatories[0].members[1].name", "change": "changed",
                              "old": "Rafik İsmayılov", "new": "Rafiq İsmayılov"}
