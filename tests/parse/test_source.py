"""The letter source: YAML in, Letter out, every problem located; and Letter back to YAML.

Error tests assert the message, the line and column (1-based) and the field path of each
diagnostic, since those are what a user acts on.
"""

from __future__ import annotations

import datetime
import re
import string
import unicodedata
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers import letter_at, read_letter
from helpers.sources import HOSTILE, PRINTABLE, ROOT, as_json, line, parse, problems, source
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterpress.errors import Diagnostic, SourceError
from letterpress.inline import write_inline
from letterpress.model import (
    LANGUAGES,
    PAPERS,
    Letter,
    Letterhead,
    Paragraph,
    Signatory,
    SignatoryGroup,
    Signature,
    Signer,
    Span,
)
from letterpress.parse.yaml_source import (
    dump_letter,
    escape_inline,
    json_schema,
    parse_inline,
)
from letterpress.world import World

# The smallest PNG: one white pixel (a logo must be a real image).
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
                    "0000000c49444154789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082")
SAMPLE = ROOT / "source" / "2020-10-08-amnesty-appeal.yaml"


def problem(text: str, base_dir: Path = ROOT) -> Diagnostic:
    found = problems(text, base_dir)
    assert len(found) == 1, [d.format() for d in found]
    return found[0]


def at(d: Diagnostic) -> tuple[int, int, str]:
    return d.line, d.column, d.field


# --- valid letters ----------------------------------------------------------------------------


def test_minimal_letter_gets_every_field_and_the_defaults() -> None:
    letter, warnings = parse(source())
    assert letter == Letter(
        letterhead=Letterhead(name="ACME"), reference="05/20",
        date=datetime.date(2020, 10, 8), sender="Azerbaijan Open Government Platform",
        recipient=("Secretary General",), body=(Paragraph(spans=(Span(text="Hello."),)),))
    assert (letter.language, letter.paper, letter.title) == ("en", "a4", "")
    assert letter.origin == "letter.yaml"
    assert warnings == ()


def test_load_letter_names_the_file_as_given(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(source(), encoding="utf-8")
    letter, _ = letter_at(path)
    assert letter.origin == str(path)
    bad = tmp_path / "b.yaml"
    bad.write_text(source((5, "sender: ''")), encoding="utf-8")
    with pytest.raises(SourceError) as info:
        letter_at(bad)
    assert info.value.diagnostics[0].file == str(bad)


def test_scalars_in_text_fields_are_taken_as_written() -> None:
    letter, _ = parse(source((3, "reference: 2020"), (5, "sender: 1.50"), extra=(
        "title: yes", "closing: 0x1F")))
    assert (letter.reference, letter.sender, letter.title) == ("2020", "1.50", "yes")
    assert letter.closing == ("0x1F",)
    head, _ = parse(source((2, "  name: ACME\n  telephone: 4925726")))
    assert head.letterhead.telephone == "4925726"


def test_text_is_nfc_normalised_and_stripped() -> None:
    decomposed = "Bo\u0308hm I\u0307lham"  # ö and İ written as base + combining mark
    letter, _ = parse(source((5, f"sender: '  {decomposed}  '"), (9, f"  - {decomposed}")))
    assert letter.sender == "Böhm İlham"
    assert letter.body[0].text == "Böhm İlham"
    assert len(letter.sender) == len("Bohm Ilham")


def test_body_paragraph_whitespace_collapses_to_single_spaces() -> None:
    letter, _ = parse(source((9, '  - "  one\\ntwo\\t\\tthree   four  "'), extra=(
        "  - >-", "    folded", "    lines", "  - |", "    literal", "    lines")))
    assert [p.text for p in letter.body] == ["one two three four", "folded lines",
                                             "literal lines"]


def test_single_string_is_one_line_and_quoted_date_is_accepted() -> None:
    letter, _ = parse(source((4, 'date: "2020-10-08"'), (6, "recipient: Ms. Verhara"), (7, "")))
    assert letter.recipient == ("Ms. Verhara",)
    assert letter.date == datetime.date(2020, 10, 8)


def test_signatory_groups_and_letterhead_fields() -> None:
    letter, _ = parse(source((2, "  name: ACME\n  address: [Baku, AZ 1001]\n"
                                 "  website: www.ogp.org.az"), extra=(
        "signatories:", "  - heading: NGO", "    start: 28", "    columns: 2", "    members:",
        "      - name: A", "        organisation: B", "        role: C", "      - name: D")))
    assert letter.letterhead.address == ("Baku", "AZ 1001")
    assert letter.letterhead.website_href == "http://www.ogp.org.az"
    assert letter.signatories == (SignatoryGroup(
        heading="NGO", members=(Signatory(name="A", organisation="B", role="C"),
                                Signatory(name="D")), start=28, columns=2),)


@pytest.mark.skipif(not SAMPLE.exists(), reason="the sample letter is not in this checkout")
def test_the_sample_letter_loads_without_warnings_and_round_trips() -> None:
    letter, warnings = letter_at(SAMPLE)
    assert warnings == ()
    assert sum(len(group.members) for group in letter.signatories) == 44
    assert letter.letterhead.name.startswith("Open Government Initiative")
    again, _ = read_letter(dump_letter(letter, "letterheads/ogp.yaml"), "x.yaml",
                            SAMPLE.parent)
    assert again == letter
    inline, _ = read_letter(dump_letter(letter), "x.yaml", SAMPLE.parent)
    assert inline == letter


# --- YAML-level problems ----------------------------------------------------------------------


def test_yaml_syntax_error_has_its_line_and_column() -> None:
    d = problem(source((5, "sender: [unclosed")))
    assert d.message == ("invalid YAML: did not find expected ',' or ']' "
                         "(while parsing a flow sequence at line 5, column 9)")
    assert at(d) == (6, 10, "")
    d = problem(source((5, "sender: a: b")))
    assert (d.message, at(d)) == (
        "invalid YAML: mapping values are not allowed in this context", (5, 10, ""))


@pytest.mark.parametrize(("line", "hint"), [
    ("  - *Important*: read this", "starts with * is read as YAML syntax: put the text in "
                                   "double quotes; write the line as:   "
                                   '- "*Important*: read this"'),
    ("  - `code` here", "starts with ` is read as YAML syntax"),
    ("  - @handle", "starts with @ is read as YAML syntax"),
    ("  - Note: this is: wrong", "a colon and a space inside a text start a new key: put the "
                                 'text in double quotes; write the line as:   - "Note: this is: '
                                 'wrong"'),
    ('  - "Quoted" and more', "goes on after its closing quotation mark: put the text in "
                              'double quotes; write the line as:   - "\\"Quoted\\" and more"'),
    ('  - "never closed', "the quotation mark at line 9, column 5 is never closed"),
    ("\t- Hello.", "YAML indents with spaces; this line has a tab character"),
])
def test_yaml_mistakes_get_a_hint_in_plain_words(line: str, hint: str) -> None:
    d = problem(source((9, line)))
    assert d.message.startswith("invalid YAML: ")
    assert hint in d.hint
    assert d.line == 9


HINTED = [  # a line of a letter written by hand, and where it stands
    ((9, "  - Note: this is: wrong"), "body[0]"),
    ((9, "  - *Important*: read this"), "body[0]"),
    ((9, '  - "Quoted" and more'), "body[0]"),
    ((9, "  - Subject: we ask you to act"), "body[0]"),  # a mapping where text was meant
    ((5, "sender: The Secretariat: Baku"), "sender"),
    ((7, "  - Secretary General: Amnesty  # the office"), "recipient[0]"),
]
GROUP = ("closing: Yours", "signatories:", "  - heading: H", "    members:", "      - name: A")


@pytest.mark.parametrize(("change", "field"), [
    *HINTED, ((0, "  - heading: NGO Representatives:"), "signatories[0].heading"),
    ((0, "      - name: Rafik: the chair"), "signatories[0].members[0].name")])
def test_every_quoting_hint_followed_literally_fixes_the_file(change: tuple[int, str],
                                                              field: str) -> None:
    """The hint's line, put in place of the line it names, loads, and the field then holds
    the text as the writer meant it."""
    number, line = change
    extra = list(GROUP)
    if number == 0:  # a line of the signatories, appended after the base letter
        extra[2 if "heading" in line else 4] = line
        text = source(extra=tuple(extra))
    else:
        text = source(change, extra=tuple(extra))
    d = problem(text)
    assert "write the line as: " in d.hint, d.format()
    fixed_line = d.hint.split("write the line as: ", 1)[1]
    lines = text.split("\n")
    lines[d.line - 1] = fixed_line
    letter, _ = parse("\n".join(lines))
    meant = line.split(" #")[0].strip().removeprefix("- ")
    if field in ("signatories[0].heading", "signatories[0].members[0].name", "sender"):
        meant = meant.split(": ", 1)[1]  # after the key the format knows
    got = {"body[0]": lambda: write_inline(letter.body[0].spans),  # its markup as written
           "sender": lambda: letter.sender,
           "recipient[0]": lambda: letter.recipient[0],
           "signatories[0].heading": lambda: letter.signatories[0].heading,
           "signatories[0].members[0].name": lambda: letter.signatories[0].members[0].name,
           }[field]()
    assert got == meant


def test_a_limit_is_named_in_its_message() -> None:
    d = problem(source(extra=("revision: 1000000",)))
    assert d.message == "expected a whole number from 1 to 999,999, got '1000000'"


def test_empty_file_and_non_mapping_document() -> None:
    assert problem("").message == "the file is empty"
    d = problem("- a\n- b\n")
    assert (d.message, at(d)) == ("expected a mapping, got a list", (1, 1, ""))


def test_literal_control_character_is_a_yaml_error_at_its_position() -> None:
    d = problem(source((5, "sender: ACME\x07")))
    assert d.message == "invalid YAML: control character U+0007 is not allowed"
    assert at(d) == (5, 13, "")


def test_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = source((5, f"sender: !!python/object/apply:os.system ['touch {marker}']"))
    d = problem(text)
    assert d.message == "the tag !!python/object/apply:os.system is not allowed"
    assert at(d) == (5, 9, "sender")
    assert not marker.exists()


def test_alias_is_refused_where_it_is_written() -> None:
    d = problem(source((5, "sender: &who ACME"), extra=("title: *who",)))
    assert d.message == "aliases (*name) are not allowed"
    assert at(d) == (10, 8, "title")


def test_alias_bomb_is_refused() -> None:
    """Each alias is refused where it is written, none expanded (bench/hostile.py times it)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    found = problems(source(extra=tuple(lines)))
    aliases = [d for d in found if d.message == "aliases (*name) are not allowed"]
    assert len(aliases) == 8 * 9
    assert at(aliases[0]) == (11, 8, "b[0]")


def test_self_referencing_alias_does_not_hang() -> None:
    found = problems(source(extra=("closing: &loop [*loop]",)))
    assert [(d.message, d.field) for d in found] == [
        ("aliases (*name) are not allowed", "closing[0]")]


@pytest.mark.parametrize("nested", [
    " " + "[" * 100_000 + "]" * 100_000,  # libyaml's composer would crash the process
    "\n  " + "- " * 50_000 + "x",
    "\n" + "".join(" " * i + "- a:\n" for i in range(0, 1200, 2)) + " " * 1200 + "- x",
], ids=["flow", "compact", "indented"])
def test_deep_nesting_is_refused_without_crashing(nested: str) -> None:
    d = problem(source(extra=("closing:" + nested,)))
    assert d.message == "the YAML nests more than 64 levels deep"
    assert d.line >= 10


def test_duplicate_key() -> None:
    d = problem(source(extra=("sender: Someone else",)))
    assert (d.message, at(d)) == ("duplicate key 'sender'", (10, 1, "sender"))
    assert d.hint == "'sender' is already given at line 5"


# --- field-level problems ---------------------------------------------------------------------


def test_unknown_key_suggests_the_closest_known_key() -> None:
    d = problem(source((2, "  name: ACME\n  adress: Baku")))
    assert (d.message, at(d), d.hint) == (
        "unknown key 'adress'", (3, 3, "letterhead.adress"), "did you mean 'address'?")
    d = problem(source(extra=("zzz: 1",)))
    assert d.hint.startswith("expected one of: letterhead, reference, reference_label, date")


def test_american_spelling_of_a_member_key_gets_a_hint() -> None:
    d = problem(source(extra=("signatories:", "  - heading: H", "    members:",
                              "      - name: A", "        organization: B")))
    assert (d.message, at(d), d.hint) == (
        "unknown key 'organization'", (14, 9, "signatories[0].members[0].organization"),
        "did you mean 'organisation'?")


def test_missing_required_key_is_reported_at_the_parent_mapping() -> None:
    d = problem(source((5, "")))
    assert (d.message, at(d)) == ("missing required key 'sender'", (1, 1, "sender"))
    d = problem(source(extra=("signatories:", "  - heading: H", "    start: 2")))
    assert (d.message, at(d)) == (
        "missing required key 'members'", (11, 5, "signatories[0].members"))


def test_wrong_type_names_what_was_expected_and_found() -> None:
    d = problem(source((7, "  - Secretary General\n  - [a, b]")))
    assert (d.message, at(d)) == ("expected text, got a list", (8, 5, "recipient[1]"))
    d = problem(source((9, ""), (8, "body: Hello.")))
    assert (d.message, at(d)) == ("expected a list of paragraphs, got text", (8, 7, "body"))
    d = problem(source((1, "letterhead: [a]"), (2, "")))
    assert (d.message, at(d)) == ("expected a file name or a mapping, got a list",
                                  (1, 13, "letterhead"))


def test_empty_required_text() -> None:
    d = problem(source((5, 'sender: "  "')))
    assert (d.message, at(d)) == ("must not be empty", (5, 9, "sender"))
    d = problem(source((5, "sender:")))
    assert (d.message, at(d)) == ("must not be empty", (5, 8, "sender"))
    d = problem(source((9, "  - ''")))
    assert (d.message, at(d)) == ("must not be empty", (9, 5, "body[0]"))


@pytest.mark.parametrize(("written", "message"), [
    ("2020-13-45", "'2020-13-45' is not a valid date (month must be in 1..12)"),
    ("2020-02-30", "'2020-02-30' is not a valid date (day is out of range for month)"),
    ("08.10.2020", "expected a date (YYYY-MM-DD), got '08.10.2020'"),
    ('"8 October 2020"', "expected a date (YYYY-MM-DD), got '8 October 2020'"),
    ("2020-10-08 10:00:00", "expected a date (YYYY-MM-DD), got '2020-10-08 10:00:00'"),
])
def test_a_date_that_is_not_a_date(written: str, message: str) -> None:
    d = problem(source((4, f"date: {written}")))
    assert (d.message, at(d)) == (message, (4, 7, "date"))
    assert d.hint == "write the date as YYYY-MM-DD, e.g. 2020-10-08"


@pytest.mark.parametrize(("line", "message", "column", "field"), [
    ("language: de", "unknown language 'de'", 11, "language"),
    ("paper: a5", "unknown paper 'a5'", 8, "paper"),
    ("date_format: ''", "must not be empty", 14, "date_format"),
])
def test_invalid_choices(line: str, message: str, column: int, field: str) -> None:
    d = problem(source(extra=(line,)))
    assert (d.message, at(d)) == (message, (10, column, field))


def test_unknown_date_format_tokens_are_literal_text() -> None:
    letter, _ = parse(source(extra=("date_format: 'Baku, D MMMM YYYY (x)'",)))
    assert letter.date_format == "Baku, D MMMM YYYY (x)"


@pytest.mark.parametrize(("line", "message"), [
    ("    columns: 3", "expected 1 or 2, got '3'"),
    ("    columns: two", "expected 1 or 2, got 'two'"),
    ("    start: 0", "expected a whole number from 1 to 999,999,999, got '0'"),
    ("    start: -4", "expected a whole number from 1 to 999,999,999, got '-4'"),
    ("    start: 1.5", "expected a whole number from 1 to 999,999,999, got '1.5'"),
])
def test_invalid_group_numbers(line: str, message: str) -> None:
    d = problem(source(extra=("signatories:", "  - heading: H", line, "    members:",
                              "      - name: A")))
    key = line.split(":")[0].strip()
    assert (d.message, at(d)) == (message, (12, len(line.split(":")[0]) + 3,
                                            f"signatories[0].{key}"))


def test_group_members_must_not_be_empty() -> None:
    d = problem(source(extra=("signatories:", "  - heading: H", "    members: []")))
    assert (d.message, at(d)) == ("must not be empty", (12, 14, "signatories[0].members"))


def test_control_character_from_an_escape_is_named_by_code_point() -> None:
    d = problem(source((5, 'sender: "ACME \\a Ltd"')))
    assert (d.message, at(d)) == ("control character U+0007 is not allowed", (5, 9, "sender"))


def test_line_break_in_a_one_line_field_is_a_control_character() -> None:
    d = problem(source((7, '  - "Secretary\\nGeneral"')))
    assert (d.message, at(d)) == ("control character U+000A is not allowed",
                                  (7, 5, "recipient[0]"))
    assert "one item per line" in d.hint


def test_invisible_format_character_is_located_at_its_column() -> None:
    d = problem(source((5, "sender: ACME\u200bLtd")))
    assert d.message == "control character U+200B (ZERO WIDTH SPACE) is not allowed"
    assert at(d) == (5, 13, "sender")


@pytest.mark.parametrize(("line", "column"), [
    ("sender: Tokyo 漢 office", 15),  # plain
    ("sender: 'it''s 漢'", 16),  # single-quoted: the column of the character as written
    ('sender: "a\\u00e9b 漢"', 19),  # double-quoted with an escape before it
])
def test_character_missing_from_the_font_is_located_at_its_column(line: str,
                                                                 column: int) -> None:
    d = problem(source((5, line)))
    assert d.message == ("character '漢' (U+6F22 CJK UNIFIED IDEOGRAPH-6F22) is not in the "
                         "font Liberation Serif or Liberation Sans")
    assert at(d) == (5, column, "sender")


def test_right_to_left_text_is_refused_though_the_font_has_the_glyphs() -> None:
    found = problems(source((5, "sender: Tel Aviv שלום office")))
    assert len(found) == 4  # each letter of the word, once
    d = found[0]
    assert d.message.startswith("right-to-left character 'ש' (U+05E9 HEBREW LETTER SHIN)")
    assert at(d) == (5, 18, "sender")
    assert "left-to-right" in d.hint


def test_missing_character_in_a_block_scalar_is_found_on_its_line() -> None:
    d = problem(source((9, "  - >\n    first line\n    second 漢 line")))
    assert d.message.startswith("character '漢' (U+6F22")
    assert at(d) == (11, 12, "body[0]")


def test_character_missing_from_the_font_in_a_deep_field() -> None:
    d = problem(source(extra=("signatories:", "  - heading: H", "    members:",
                              "      - name: 李")))
    assert at(d) == (13, 15, "signatories[0].members[0].name")


@pytest.mark.parametrize("target", ["javascript:alert(1)", "file:///etc/passwd", "www.x.org"])
def test_link_targets_other_than_http_and_mailto_are_errors(target: str) -> None:
    d = problem(source((9, f"  - See [this]({target}) now.")))
    assert (d.message, at(d)) == (f"link target '{target}' is not allowed",
                                  (9, 16, "body[0]"))
    d = problem(source((2, f"  name: ACME\n  website_url: {target}")))
    assert at(d) == (3, 16, "letterhead.website_url")


def test_allowed_link_targets() -> None:
    letter, _ = parse(source((9, "  - Write [to us](mailto:a@b.c) or [see](HTTPS://x.org/a\\)b).")))
    assert [s.href for s in letter.body[0].spans if s.href] == ["mailto:a@b.c",
                                                                 "HTTPS://x.org/a)b"]


def test_all_problems_of_a_file_come_in_one_run() -> None:
    found = problems(source((4, "date: 08.10.2020"), (5, "sender: ''"), extra=("paper: a5",)))
    assert [(d.field, d.line) for d in found] == [("date", 4), ("sender", 5), ("paper", 10)]


def test_every_problem_of_a_broken_file() -> None:
    text = source((2, "  name: ACME\n  adress: x"), (5, "sendr: X"),
                  (7, "  - [a]"), (9, "  - Hello 漢 [x](file:///x)"))
    found = problems(text)
    assert [(d.line, d.column, d.field) for d in found] == [
        (1, 1, "sender"), (3, 3, "letterhead.adress"), (6, 1, "sendr"), (8, 5, "recipient[0]"),
        (10, 11, "body[0]"), (10, 17, "body[0]")]


# --- the letterhead file ----------------------------------------------------------------------


def letterhead_dir(tmp_path: Path, letterhead: str) -> Path:
    (tmp_path / "letterheads").mkdir()
    (tmp_path / "letterheads" / "org.yaml").write_text(letterhead, encoding="utf-8")
    return tmp_path


def test_letterhead_from_a_file_with_its_logo_relative_to_the_letter(tmp_path: Path) -> None:
    base = letterhead_dir(tmp_path, "name: Org\nlogo: logo.png\n")
    (base / "letterheads" / "logo.png").write_bytes(PNG)
    letter, _ = parse(source((1, "letterhead: letterheads/org.yaml"), (2, "")), base)
    assert letter.letterhead == Letterhead(name="Org", logo="letterheads/logo.png",
                                           logo_data=PNG)
    assert (base / letter.letterhead.logo).is_file()
    again, _ = parse(dump_letter(letter), base)  # inline now, logo relative to the letter
    assert again == letter


def test_missing_letterhead_file_is_reported_at_the_key(tmp_path: Path) -> None:
    d = problem(source((1, "letterhead:   nowhere.yaml"), (2, "")), tmp_path)
    assert d.message.startswith(f"cannot read the letterhead file {tmp_path / 'nowhere.yaml'}")
    assert (d.file, at(d)) == ("letter.yaml", (1, 15, "letterhead"))  # at the file's name


def test_problems_in_a_letterhead_file_name_that_file(tmp_path: Path) -> None:
    base = letterhead_dir(tmp_path, "# org\nname: ''\nlogo: gone.png\ncolour: red\n")
    found = problems(source((1, "letterhead: letterheads/org.yaml"), (2, ""), (5, "")), base)
    other = str(base / "letterheads" / "org.yaml")
    assert [(d.file, *at(d)) for d in found] == [
        ("letter.yaml", 1, 1, "sender"),
        (other, 2, 7, "letterhead.name"), (other, 3, 7, "letterhead.logo"),
        (other, 4, 1, "letterhead.colour")]


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as info:
        letter_at(tmp_path / "none.yaml")
    assert info.value.diagnostics[0].message.startswith("cannot read the letter:")
    path = tmp_path / "latin1.yaml"
    path.write_bytes(source((5, "sender: B\xf6hm")).encode("latin-1"))
    with pytest.raises(SourceError) as info:
        letter_at(path)
    assert at(info.value.diagnostics[0]) == (5, 10, "")
    assert "not UTF-8" in info.value.diagnostics[0].message
    assert info.value.diagnostics[0].hint.startswith("save the file as UTF-8")


@pytest.mark.parametrize("suffix", [".yaml", ".md"])
def test_a_utf16_file_is_named_as_such_in_either_format(tmp_path: Path, suffix: str) -> None:
    """What Windows Notepad once saved as "Unicode": the same message for YAML and Markdown."""
    from letterpress.pipeline import load

    path = tmp_path / f"letter{suffix}"
    path.write_text(source(), encoding="utf-16")
    with pytest.raises(SourceError) as info:
        load(path, World())
    (d,) = info.value.diagnostics
    assert (d.line, d.column, d.message) == (
        1, 1, "cannot read the letter: the file is UTF-16 text, not UTF-8")
    assert d.hint.startswith("save the file as UTF-8")


# --- warnings ---------------------------------------------------------------------------------


def test_stated_signatory_count_that_disagrees_is_a_warning() -> None:
    members = ("signatories:", "  - heading: H", "    members:", "      - name: A",
               "      - name: B")
    letter, warnings = parse(source(extra=("closing:", "  - This appeal is Signed by 3 members",
                                           *members)))
    assert len(letter.signatories[0].members) == 2
    [w] = warnings
    assert (w.severity, at(w)) == ("warning", (11, 20, "closing[0]"))
    assert "3" in w.message and "2" in w.message
    _, warnings = parse(source(extra=("closing: signed by 2 of us", *members)))
    assert warnings == ()


def test_stated_count_in_the_body_with_no_signatories() -> None:
    _, [w] = parse(source((9, "  - Hello. This letter is signed by 44 members.")))
    assert (at(w), w.message) == (
        (9, 27, "body[0]"), "the text says signed by 44, but 0 signatories are listed")


# --- inline markup ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "spans"), [
    ("plain", (Span(text="plain"),)),
    ("a **b** c", (Span(text="a "), Span(text="b", bold=True), Span(text=" c"))),
    ("*i* and ***bi***", (Span(text="i", italic=True), Span(text=" and "),
                          Span(text="bi", bold=True, italic=True))),
    ("[the site](http://x.org/a_\\(b) now", (Span(text="the site", href="http://x.org/a_(b"),
                                             Span(text=" now"))),
    ("[B](https://w.org/Baku_(city)).", (Span(text="B", href="https://w.org/Baku_(city)"),
                                          Span(text="."))),
    ("[a](b (c) d", (Span(text="[a](b (c) d"),)),
    ("[**b** t](mailto:a@b)", (Span(text="b", bold=True, href="mailto:a@b"),
                               Span(text=" t", href="mailto:a@b"))),
    ("5 * 3 = 15", (Span(text="5 * 3 = 15"),)),
    ("a [b c", (Span(text="a [b c"),)),
    ("[a] (b) [](c) [d]()", (Span(text="[a] (b) [](c) [d]()"),)),
    ("\\*\\[\\]\\(\\)\\\\ \\a", (Span(text="*[]()\\ \\a"),)),
    ("[a [b](http://u) c](http://v)", (Span(text="[a "), Span(text="b", href="http://u"),
                                        Span(text=" c](http://v)"))),
    ("**unclosed", (Span(text="**unclosed"),)),
    ("trailing \\", (Span(text="trailing \\"),)),
    # Nested emphasis keeps every character and both styles (more in test_inline.py).
    ("**a *b* c**", (Span(text="a ", bold=True), Span(text="b", bold=True, italic=True),
                     Span(text=" c", bold=True))),
    ("*a **b** c*", (Span(text="a ", italic=True), Span(text="b", bold=True, italic=True),
                     Span(text=" c", italic=True))),
])
def test_parse_inline(text: str, spans: tuple[Span, ...]) -> None:
    assert parse_inline(text) == spans


def test_a_paragraph_with_nested_emphasis_loads_with_both_styles() -> None:
    letter, _ = parse(source((9, "  - We **urge *you* now** and *ask **all** of  you*.")))
    assert letter.body[0].spans == (
        Span(text="We "), Span(text="urge ", bold=True), Span(text="you", bold=True, italic=True),
        Span(text=" now", bold=True), Span(text=" and "), Span(text="ask ", italic=True),
        Span(text="all", bold=True, italic=True), Span(text=" of you", italic=True), Span(text="."))


@pytest.mark.parametrize(("text", "printed"), [
    ("*", "*"), ("**", "**"), ("***a", "***a"), ("a*b", "a*b"), ("[", "["), ("[[x", "[[x"),
    ("](x)", "](x)"), ("[a](unclosed", "[a](unclosed"), ("*a**", "a*"), ("**a*", "*a"),
])
def test_unmatched_markup_is_printed_as_written(text: str, printed: str) -> None:
    assert "".join(span.text for span in parse_inline(text)) == printed


def test_failed_link_targets_print_as_written() -> None:
    """An unclosed target after many empty links (bench/hostile.py times the larger one)."""
    text = "[a](" + "[](" * 2_000
    assert parse_inline(text) == (Span(text=text),)


@given(st.text(st.one_of(st.sampled_from(HOSTILE), st.characters())))
def test_escape_inline_round_trips_any_text(text: str) -> None:
    assert parse_inline(escape_inline(text)) == ((Span(text=text),) if text else ())


@given(st.text(st.sampled_from("*[]()\\ab ")))
def test_parse_inline_gives_merged_non_empty_spans(text: str) -> None:
    spans = parse_inline(text)
    assert all(span.text for span in spans)
    styles = [(span.bold, span.italic, span.href) for span in spans]
    assert all(a != b for a, b in zip(styles, styles[1:], strict=False))


@given(st.text(st.characters(blacklist_characters="*[\\")))
def test_text_without_markup_characters_is_one_plain_span(text: str) -> None:
    assert parse_inline(text) == ((Span(text=text),) if text else ())


# --- dump_letter round trip -------------------------------------------------------------------

WORD_CHARS = [c for c in PRINTABLE if not c.isspace() and not unicodedata.category(c)
              .startswith("M")]

optional_line = st.one_of(st.just(""), line)
href = st.builds(str.__add__, st.sampled_from(["http://", "https://", "mailto:", "HTTP://"]),
                 st.text(st.sampled_from(string.ascii_letters + "()[]*\\/.:?=&%#~-_"),
                         max_size=10))
word = st.text(st.one_of(st.sampled_from(HOSTILE.replace(" ", "").replace("\u00a0", "")),
                         st.sampled_from(WORD_CHARS)), min_size=1, max_size=6)
style = st.tuples(st.booleans(), st.booleans(), st.one_of(st.none(), href))


@st.composite
def paragraphs(draw: Any) -> Paragraph:
    """Spans as the loader makes them: merged, single spaces, nothing at the ends."""
    spans: list[Span] = []
    for i in range(draw(st.integers(1, 6))):
        pieces = [" ", draw(word)] if i and draw(st.booleans()) else [draw(word)]
        for text in pieces:
            bold, italic, link = draw(style)
            if spans and (spans[-1].bold, spans[-1].italic, spans[-1].href) == (
                    bold, italic, link):
                spans[-1] = Span(text=spans[-1].text + text, bold=bold, italic=italic, href=link)
            else:
                spans.append(Span(text=text, bold=bold, italic=italic, href=link))
    return Paragraph(spans=tuple(spans))


letterheads = st.builds(
    Letterhead, name=line, address=st.lists(line, max_size=2).map(tuple),
    telephone=optional_line, email=optional_line,
    website=optional_line.filter(lambda s: "://" not in s),
    website_url=st.one_of(st.just(""), href), logo=st.just(""))
groups = st.builds(
    SignatoryGroup, heading=line, start=st.integers(1, 10**6), columns=st.sampled_from([1, 2]),
    members=st.lists(st.builds(Signatory, name=line, organisation=optional_line,
                               role=optional_line), min_size=1, max_size=3).map(tuple))
signatures = st.builds(
    Signature, place=optional_line, date=st.one_of(st.none(), st.dates()),
    signers=st.lists(st.builds(Signer, name=line, title=optional_line,
                               organisation=optional_line), min_size=1, max_size=3).map(tuple))
letters = st.builds(
    Letter, letterhead=letterheads, reference=line, date=st.dates(), sender=line,
    recipient=st.lists(line, min_size=1, max_size=3).map(tuple),
    body=st.lists(paragraphs(), min_size=1, max_size=3).map(tuple),
    closing=st.lists(line, max_size=2).map(tuple),
    signature=st.one_of(st.none(), signatures),
    signatories=st.lists(groups, max_size=2).map(tuple),
    language=st.sampled_from(LANGUAGES),
    # any text around at least one token: a format without one is an error
    date_format=st.tuples(line, st.sampled_from(("DD", "D", "MM", "M", "MMMM", "YYYY")), line)
    .map("".join), paper=st.sampled_from(PAPERS),
    title=optional_line)



VALIDATOR = jsonschema.Draft202012Validator(json_schema())


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(letters)
def test_dump_letter_round_trips_and_fits_the_schema(letter: Letter) -> None:
    text = dump_letter(letter)
    again, _ = parse(text)
    assert again == letter
    VALIDATOR.validate(as_json(yaml.safe_load(text)))


def test_dump_letter_writes_the_documented_layout() -> None:
    letter, _ = parse(source((9, "  - 'A **bold** [link](http://x.org/\\(y) \\*star'"), extra=(
        "paper: letter", "signatories:", "  - heading: H", "    members:", "      - name: A")))
    text = dump_letter(letter, "letterheads/ogp.yaml")
    assert text.splitlines() == [
        "letterhead: letterheads/ogp.yaml", "reference: 05/20", "date: 2020-10-08",
        "language: en", "paper: letter", "sender: Azerbaijan Open Government Platform",
        "recipient:", "  - Secretary General", "body:",
        "  - A **bold** [link](http://x.org/\\(y) \\*star", "signatories:", "  - heading: H",
        "    members:", "      - name: A"]


# --- JSON Schema ------------------------------------------------------------------------------


def test_json_schema_is_valid_and_describes_every_key() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["letterhead", "reference", "date", "sender", "body"]
    # recipient is required of every letter but a merge letter (its rows give it)
    validator = jsonschema.Draft202012Validator(schema)
    letter = {"letterhead": "l.yaml", "reference": "1", "date": "2020-10-08", "sender": "S",
              "body": ["B"]}
    assert not validator.is_valid(letter)
    assert validator.is_valid({**letter, "recipient": ["R"]})
    assert validator.is_valid({**letter, "merge": {"recipients": "people.csv"}})
    assert not validator.is_valid({**letter, "merge": {"recipient": "people.csv"}})
    assert all(prop.get("description") for prop in schema["properties"].values())
    assert [kind.get("type") for kind in schema["properties"]["letterhead"]["oneOf"]] == [
        "string", None]


@pytest.mark.skipif(not SAMPLE.exists(), reason="the sample letter is not in this checkout")
def test_json_schema_accepts_the_sample_and_its_letterhead() -> None:
    VALIDATOR.validate(as_json(yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))))
    head = yaml.safe_load((SAMPLE.parent / "letterheads" / "ogp.yaml").read_text("utf-8"))
    VALIDATOR.validate(as_json(yaml.safe_load(source())) | {"letterhead": head})


@pytest.mark.parametrize("change", [
    {"sendr": "x"}, {"body": []}, {"letterhead": ["x"]}, {"language": "de"},
    {"signatories": [{"heading": "H", "members": [], "columns": 3}]},
    {"letterhead": {"name": "A", "website_url": "javascript:x"}},
])
def test_json_schema_rejects_what_the_loader_rejects(change: dict[str, Any]) -> None:
    data = as_json(yaml.safe_load(source())) | change
    assert not VALIDATOR.is_valid(data)


# --- any input: a letter, or errors that point into the file ---------------------------------

BASE_TEXT = source(extra=("closing: Signed by 1", "signatories:", "  - heading: H",
                          "    members:", "      - name: A"))


def assert_located(text: str) -> None:
    """The text loads, or every diagnostic names a line of the text (or the end of it)."""
    try:
        parse(text)
    except SourceError as exc:
        assert exc.diagnostics
        lines = re.split("\r\n|[\r\n\x85\u2028\u2029]", text)  # as YAML counts them
        lines = lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines
        assert all(1 <= d.line <= len(lines) and 1 <= d.column <= len(lines[d.line - 1]) + 1
                   for d in exc.diagnostics), [d.format() for d in exc.diagnostics]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(BASE_TEXT)), st.integers(0, 8),
       st.text(st.sampled_from(HOSTILE + "\n\t-:漢é\x07"), max_size=4))
def test_a_mutated_source_loads_or_names_an_existing_line(start: int, cut: int,
                                                          insert: str) -> None:
    assert_located(BASE_TEXT[:start] + insert + BASE_TEXT[start + cut:])


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_loads_or_names_an_existing_line(text: str) -> None:
    assert_located(text)
