"""Markdown import: the sample letter, hand-written letters, and every kind of error."""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata
from pathlib import Path

import pytest
from helpers import REPO, letter_at, read_letter

from letterpress.errors import SourceError
from letterpress.fonts import load_fonts
from letterpress.model import Letter, Paragraph, Signatory, Span

# A copy of the first real letter, as it was exported to Markdown (a .txt file), kept in the
# repository so that the tests need nothing outside it.
SEED = REPO / "tests/data/seed-appeal.md"
SEED_YAML = REPO / "source/2020-10-08-amnesty-appeal.yaml"
COVERAGE = load_fonts().coverage


def hard(text: str) -> str:
    """Markdown with every "⏎" made a hard break (two trailing spaces editors would strip)."""
    return text.replace("⏎", "  ")


HEAD = hard("""\
## Example Trust
1 High Street, Oxford⏎
Tel.: 01865 000000

05/21

12.03.2021

**From: Example Trust**

**To: The Editor**

""")


def parse(text: str) -> Letter:
    return read_letter(text, "letter.md")[0]


def with_head(rest: str) -> Letter:
    return parse(HEAD + rest)


def problems(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, field, message) of every diagnostic the import raises for ``text``."""
    with pytest.raises(SourceError) as info:
        parse(text)
    return [(d.line, d.column, d.field, d.message) for d in info.value.diagnostics]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


@pytest.fixture(scope="module")
def seed() -> Letter:
    return letter_at(SEED)[0]


# --- the sample letter ------------------------------------------------------------------------

def test_seed_header(seed: Letter) -> None:
    head = seed.letterhead
    assert head.name == "Open Government Initiative Government – Civil Society Dialogue Platform"
    assert head.address == ("Azerbaijan, Baku, M.Afandiev7/24, AZ 1001",)
    assert (head.telephone, head.email) == ("(994 12) 4925726", "office@ogp.org.az")
    assert (head.website, head.website_url) == ("www.ogp.org.az", "http://www.ogp.org.az")
    assert seed.reference == "05/20"
    assert seed.date == datetime.date(2020, 10, 8)
    assert (seed.date_format, seed.language, seed.paper, seed.title) == ("DD.MM.YYYY", "en",
                                                                         "a4", "")
    assert seed.sender == "Azerbaijan Open Government Platform"
    assert seed.recipient == ('Secretary General of "Amnesty International"', "Ms. Julie Verhara")
    assert seed.origin == str(SEED)


def test_seed_body_and_closing(seed: Letter) -> None:
    assert len(seed.body) == 5
    assert all(len(p.spans) == 1 and p.spans[0] == Span(text=p.text) for p in seed.body)
    assert seed.body[0].text.startswith("The Armed Forces of the Republic of Armenia that occupied")
    assert seed.body[1].text.endswith("the Council of Europe and the European Union.")
    assert 'banned high-destructive cluster munitions and "Smerch" missiles' in seed.body[2].text
    assert 'so-called "Nagorno-Karabakh Republic", which' in seed.body[3].text
    assert seed.body[4].text == (
        'As Azerbaijan Open Government Platform, we call "Amnesty International" organization to '
        "demonstrate an objective position and objectively assess these war crimes against "
        "humanity made by the Armenian Armed Forces.")
    assert seed.closing == (
        "This Appeal is signed by 44 members of Azerbaijan Open Government Platform",)


def test_seed_signatories(seed: Letter) -> None:
    (group,) = seed.signatories
    assert (group.heading, group.start, group.columns) == ("NGO Representatives:", 1, 1)
    members = group.members
    assert len(members) == 44
    assert all(m.name and m.organisation and not m.role for m in members)
    assert members[0] == Signatory(name="Alimammad Nuriyev",
                                   organisation="“Constitution” Research Fund")
    assert members[2] == Signatory(
        name="Rena Safaraliyeva",
        organisation="Transparency Azerbaijan Public Association, board member.")
    assert members[24].organisation == "Women’s Association for Rational Development"
    assert members[27] == Signatory(name="Rafik İsmayılov",
                                    organisation="For the Sake of Civil Society Public Association")
    assert members[31] == Signatory(name="Niyamaddin Orduhanli",
                                    organisation="Assistance to Municipal Development Public Union")
    assert members[32] == Signatory(
        name="Osman Gunduz",
        organisation="“Multimedia” Information Systems and Technologies Center")
    assert members[33] == Signatory(name="Gunel Safarova",
                                    organisation="“Young Citizen” Enlightenment Public Union")
    assert members[34].organisation == "Education Center for Youth Public Union."
    assert members[35] == Signatory(name="Davud Rahimli",
                                    organisation="Union of Disabled People Organizations")
    assert members[38] == Signatory(name="Jasarat Huseynzade",
                                    organisation="Support to Information Initiatives Public Union")
    assert members[41].organisation == "Research Center for Women's Problems Public Union"
    assert members[43] == Signatory(name="Jalal Amanov",
                                    organisation="“Tereqqi” Social Development Public Union")


def test_seed_trailing_spaces_and_line_endings_change_nothing(seed: Letter) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert text.rstrip().endswith("44. Jalal Amanov - “Tereqqi” Social Development Public Union")
    variant = (text + "   ").replace("\n", "   \r\n")
    assert read_letter(variant, "variant.md")[0] == seed


def test_seed_equals_its_yaml_transcription(seed: Letter) -> None:

    letter, warnings = letter_at(SEED_YAML)
    assert not warnings
    # The YAML names the shared letterhead file, which also holds its az and ru blocks; an
    # English letter prints its top, which the Markdown letter writes out.
    assert letter.letterhead.az is not None and letter.letterhead.ru is not None
    printed = dataclasses.replace(letter, letterhead=letter.letterhead.in_language("en"))
    assert printed == seed


def test_seed_error_names_the_line() -> None:
    text = SEED.read_text(encoding="utf-8").replace("30. Qorkhmaz", "31. Qorkhmaz")
    assert problems(text) == [(66, 1, "signatories[0].members[29]",
                               "list number 31 should be 30: the numbers of a list go up by one")]


# --- hand-written letters ---------------------------------------------------------------------

def test_small_letter_with_every_header_form() -> None:
    letter = parse(hard("""\
# **Example Trust** #
1 High Street⏎
Oxford OX1 1AA
Tel.: 01865 000000⏎
E-mail: info@example.org
www.example.org

7-2021

12.3.2021

**From:** Example Trust

**To:**⏎
The Editor⏎
The Gazette

Thank you.
"""))
    head = letter.letterhead
    assert head.name == "Example Trust"
    assert head.address == ("1 High Street", "Oxford OX1 1AA")
    assert (head.email, head.website, head.website_url) == ("info@example.org",
                                                            "www.example.org", "")
    assert head.website_href == "http://www.example.org"
    assert (letter.reference, letter.date_format) == ("7-2021", "DD.M.YYYY")
    assert (letter.sender, letter.recipient) == ("Example Trust", ("The Editor", "The Gazette"))
    assert [p.text for p in letter.body] == ["Thank you."]


def test_reference_and_iso_date() -> None:
    letter = parse("## T\n\n7/2021\n\n2021-03-12\n\n**From:** A\n\n**To:**  \nB  \nC\n\nHi.\n")
    assert (letter.reference, letter.date, letter.date_format) == (
        "7/2021", datetime.date(2021, 3, 12), "YYYY-MM-DD")
    assert (letter.sender, letter.recipient) == ("A", ("B", "C"))
    assert letter.body == (Paragraph(spans=(Span(text="Hi."),)),)
    assert letter.closing == ()


@pytest.mark.parametrize(("written", "date", "date_format"), [
    ("08.10.2020", datetime.date(2020, 10, 8), "DD.MM.YYYY"),
    ("8.10.2020", datetime.date(2020, 10, 8), "D.MM.YYYY"),
    ("2020-10-08", datetime.date(2020, 10, 8), "YYYY-MM-DD"),
    ("8 October 2020", datetime.date(2020, 10, 8), "D MMMM YYYY"),
    ("08 October 2020", datetime.date(2020, 10, 8), "DD MMMM YYYY"),
    ("October 8, 2020", datetime.date(2020, 10, 8), "MMMM D, YYYY"),
])
def test_dates_print_as_written(written: str, date: datetime.date, date_format: str) -> None:
    letter = parse(f"## T\n\n05/20\n\n{written}\n\n**From: A**\n\n**To: B**\n\nHi.\n")
    assert (letter.date, letter.date_format) == (date, date_format)


def test_email_link_website_link_and_az_labels() -> None:
    letter = parse("## Platforma\nBakı  \nE-poçt: [a@b.az](mailto:a@b.az)  \n"
                   "[ogp.az](https://ogp.az/)\n\n05/20\n\n8 oktyabr 2020\n\n"
                   "**Kimdən: Platforma**\n\n**Kimə: Nazirlik**\n\nMətn.\n")
    assert letter.language == "az"
    assert (letter.letterhead.email, letter.letterhead.website,
            letter.letterhead.website_url) == ("a@b.az", "ogp.az", "https://ogp.az/")
    assert (letter.date, letter.date_format) == (datetime.date(2020, 10, 8), "D MMMM YYYY")


def test_inline_styles_in_the_body() -> None:
    letter = with_head("We **strongly** urge *you* to read [the report](http://x.org/a_b) "
                       "and ***act***.\n")
    assert letter.body[0].spans == (
        Span(text="We "), Span(text="strongly", bold=True), Span(text=" urge "), Span(text="you",
                                                                                      italic=True),
        Span(text=" to read "), Span(text="the report",
                                     href="http://x.org/a_b"), Span(text=" and "),
        Span(text="act", bold=True, italic=True), Span(text="."))


def test_nested_emphasis_in_the_body() -> None:
    letter = with_head("We **urge *you* now** and *ask **all** of you*.\n")
    assert letter.body[0].spans == (
        Span(text="We "), Span(text="urge ", bold=True), Span(text="you", bold=True, italic=True),
        Span(text=" now", bold=True), Span(text=" and "), Span(text="ask ", italic=True),
        Span(text="all", bold=True, italic=True), Span(text=" of you", italic=True), Span(text="."))


def test_literal_markup_characters_survive() -> None:
    text = (r"5 * 3 = 15, a [sic] note, C:\Users, \*not italic\*, a\\b, snake_case, "
            "an [unclosed link, ** alone, 20% & <b> \"quoted\".")
    letter = with_head(text + "\n")
    assert letter.body[0].spans == (Span(
        text=r"5 * 3 = 15, a [sic] note, C:\Users, *not italic*, a\b, snake_case, "
        "an [unclosed link, ** alone, 20% & <b> \"quoted\"."),)


def test_runs_of_spaces_count_as_one() -> None:
    letter = with_head("Two  spaces,   three.\n\n**Signed:**\n\n1.  Ann   Lee  –  Trust\n")
    assert letter.body[0].text == "Two spaces, three."
    assert letter.signatories[0].members == (Signatory(name="Ann Lee", organisation="Trust"),)


def test_soft_wrapped_paragraph_is_joined() -> None:
    letter = with_head("One line\nand the next\n   indented too.\n\nSecond paragraph, long "
                       "enough to stay in the body even though it is only a single line of "
                       "text here, well past the limit.\n")
    assert [p.text for p in letter.body] == [
        "One line and the next indented too.",
        "Second paragraph, long enough to stay in the body even though it is only a single "
        "line of text here, well past the limit."]


def test_closing_without_signatories_keeps_the_first_paragraph_in_the_body() -> None:
    letter = with_head("Short first.\n\nYours sincerely,\n\nJane Doe\n")
    assert [p.text for p in letter.body] == ["Short first."]
    assert letter.closing == ("Yours sincerely,", "Jane Doe")


def test_formatted_or_multi_line_paragraph_is_not_closing() -> None:
    letter = with_head("Body.\n\nSee **this**.\n\nSigned by\nall of us\n\nThanks\n")
    assert [p.text for p in letter.body] == ["Body.", "See this.", "Signed by all of us"]
    assert letter.closing == ("Thanks",)


def test_groups_with_restarting_numbering_and_blank_lines() -> None:
    letter = with_head("""\
Please act.

Signed by 4 members.

**NGO Representatives:**

1. Ann Smith – Trust One

2. Bob Jones — Trust Two


**Experts:**
1. Carl Al-Hassan - University of Nagorno-Karabakh
2. Dora Lee
   – Institute, senior fellow

**Observers:**

7) Eve Stone --Watch Group
""")
    assert letter.closing == ("Signed by 4 members.",)
    first, second, third = letter.signatories
    assert (first.heading, first.start, first.members) == ("NGO Representatives:", 1, (
        Signatory(name="Ann Smith", organisation="Trust One"), Signatory(name="Bob Jones",
                                                                         organisation="Trust Two")))
    assert (second.heading, second.start, second.members) == ("Experts:", 1, (
        Signatory(name="Carl Al-Hassan", organisation="University of Nagorno-Karabakh"),
        Signatory(name="Dora Lee", organisation="Institute, senior fellow")))
    assert (third.start, third.members) == (7, (Signatory(name="Eve Stone",
                                                          organisation="Watch Group"),))


@pytest.mark.parametrize(("item", "member"), [
    ("A B – C", Signatory(name="A B", organisation="C")),
    ("A B–C D", Signatory(name="A B", organisation="C D")),
    ("A B —C", Signatory(name="A B", organisation="C")),
    ("A B - C-D", Signatory(name="A B", organisation="C-D")),
    ("A-B -C", Signatory(name="A-B", organisation="C")),
    ("A-B- C", Signatory(name="A-B", organisation="C")),
    ("Al-Hassan", Signatory(name="Al-Hassan")),
    (r"A \- B", Signatory(name="A - B")),
    ("A \\*B\\* – C \\[D\\]", Signatory(name="A *B*", organisation="C [D]")),
])
def test_member_separator_rule(item: str, member: Signatory) -> None:
    letter = with_head(f"Body.\n\n**Signed:**\n\n1. {item}\n")
    assert letter.signatories[0].members == (member,)


def test_text_is_nfc_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Rəşad Çələbi – Şəki Ümid")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    letter = with_head(f"Body.\n\n**Signed:**\n\n1. {decomposed}\n")
    assert letter.signatories[0].members == (Signatory(name="Rəşad Çələbi",
                                                       organisation="Şəki Ümid"),)


def test_import_markdown_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    path.write_bytes(("\ufeff" + HEAD + "Body.\n").encode("utf-8"))
    letter = letter_at(path)[0]
    assert letter == with_head("Body.\n")
    assert letter.origin == str(path)


# --- errors -----------------------------------------------------------------------------------

LIST = "Body.\n\n**Signed:**\n\n1. A – X\n2. B – Y\n3. C – Z\n"


def test_stray_line_after_the_list() -> None:
    text = HEAD + LIST + "\nSent from my phone\n"
    assert problems(text) == [(line_of(text, "Sent from"), 1, "", "this line fits no field: "
                               "after a signatory list only another list may follow")]


def test_stray_line_inside_the_list() -> None:
    text = HEAD + LIST.replace("2. B", "and more\n2. B")
    assert problems(text) == [(line_of(text, "and more"), 1, "",
                               "this line fits no field: it is not a numbered list item")]


def test_stray_line_between_reference_and_date() -> None:
    text = HEAD.replace("05/21\n", "05/21\nurgent\n")
    found = problems(text + "Body.\n")
    assert found == [(line_of(text, "urgent"), 1, "",
                      "this line fits no field: the date must follow the reference")]


@pytest.mark.parametrize(("numbers", "bad", "message"), [
    ((1, 2, 4), 3, "list number 4 should be 3: the numbers of a list go up by one"),
    ((1, 2, 2), 3, "list number 2 should be 3: the numbers of a list go up by one"),
    ((1, 5, 3), 2, "list number 5 should be 2: the numbers of a list go up by one"),
    ((3, 2, 3), 2, "list number 2 should be 4: the numbers of a list go up by one"),
])
def test_numbering_gap_or_repeat(numbers: tuple[int, int, int], bad: int, message: str) -> None:
    items = "".join(f"{n}. Name {i} – Org\n" for i, n in enumerate(numbers))
    text = HEAD + "Body.\n\n**Signed:**\n\n" + items
    assert problems(text) == [(line_of(text, f"Name {bad - 1} "), 1,
                               f"signatories[0].members[{bad - 1}]", message)]


def test_uncovered_character_names_line_column_and_code_point() -> None:
    text = HEAD + "Body with 漢字 and 漢.\n\n**Signed:**\n\n1. A – 漢\n"
    line = line_of(text, "Body with")
    found = problems(text)
    assert [(ln, col) for ln, col, _, _ in found] == [(line, 11), (line, 12), (line + 4, 8)]
    assert "U+6F22" in found[0][3] and "'漢'" in found[0][3]
    assert "U+5B57" in found[1][3]


def test_control_and_format_characters() -> None:
    text = HEAD + "Bell\x07 here,\ttab, soft\u00adhyphen.\n"
    line = line_of(text, "Bell")
    assert problems(text) == [
        (line, 5, "", "control character U+0007 is not allowed"),
        (line, 12, "", "control character U+0009 is not allowed"),
        (line, 22, "", "invisible format character U+00AD SOFT HYPHEN is not allowed")]


def test_all_problems_are_reported_at_once() -> None:
    text = HEAD.replace("**To: The Editor**", "**To: The *Editor***") + (
        "A line  \nbroken hard.\n\n# Heading\n\n- bullet\n\n**Signed:**\n\n1. – Org\n")
    found = problems(text)
    assert [(f, m) for _, _, f, m in found] == [
        ("recipient[0]", "formatting cannot be kept here: this field prints in one style"),
        ("body[0]", "a line break inside a paragraph cannot be kept"),
        ("", "this line fits no field: a heading has no place in a letter"),
        ("", "this line fits no field: a bulleted list has no place in a letter"),
        ("signatories[0].members[0].name",
         "no name on the other side of the separator '–'"),
    ]
    assert found[1][:2] == (line_of(text, "A line"), 7)


def test_missing_fields() -> None:
    found = problems("Just a note.\n")
    assert (1, 1, "letterhead.name",
            "expected the letterhead name as a heading, like '## Name'") in found
    assert {f for ln, _, f, _ in found if ln == 0} == {"reference", "date", "sender",
                                                       "recipient", "body"}


def test_bad_dates() -> None:
    for written, message in [("31.02.2021", "'31.02.2021' is not a valid date: day is out of "
                                            "range for month"),
                             ("8 october 2020", "the date '8 october 2020' would print as "
                                                "'8 October 2020'"),
                             ("8 Brumaire 2020", "'Brumaire' is not a month name in a letter "
                                                 "in 'en'")]:
        text = HEAD.replace("12.03.2021", written) + "Body.\n"
        assert problems(text) == [(line_of(text, written), 1, "date", message)]


def test_link_to_something_other_than_the_web() -> None:
    text = HEAD + "Click [here](javascript:alert(1)) or [there](file:///etc/passwd).\n"
    line = line_of(text, "Click")
    # A target may hold balanced parentheses, as in CommonMark, so both links are seen.
    assert problems(text) == [
        (line, 1, "body[0]", "the link target 'javascript:alert(1)' is not a web address"),
        (line, 1, "body[0]", "the link target 'file:///etc/passwd' is not a web address")]


def test_mailto_that_differs_and_label_of_another_language() -> None:
    text = HEAD.replace("Tel.: 01865 000000",
                        "E-mail: [a@b.org](mailto:c@b.org)  \nТел.: 123") + "Body.\n"
    assert problems(text) == [
        (3, 1, "letterhead.email",
         "the address shown (a@b.org) differs from the link (mailto:c@b.org)")]
    # A label of another language is read, and warned of: the letter prints its own.
    fixed = text.replace("[a@b.org](mailto:c@b.org)", "[a@b.org](mailto:a@b.org)")
    letter, warnings = read_letter(fixed, "letter.md")
    assert letter.letterhead.telephone == "123"
    assert [(w.line, w.field, w.message) for w in warnings if w.field != "language"] == [
        (4, "letterhead.telephone", "'Тел.:' prints as 'Tel.:' in a letter in 'en'")]


def test_not_utf8_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    path.write_bytes(HEAD.encode("utf-8") + b"Caf\xe9\n")
    with pytest.raises(SourceError) as info:
        letter_at(path)[0]
    (diagnostic,) = info.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == (HEAD.count("\n") + 1, 4)
    assert diagnostic.message == "cannot read the letter: not UTF-8 text (byte 0xE9)"
    assert diagnostic.hint.startswith("save the file as UTF-8")
    with pytest.raises(SourceError, match="cannot read the letter: no such file"):
        letter_at(tmp_path / "missing.md")[0]
