"""The parts of a formal letter in a Markdown letter (docs/markdown.md, "The parts of a
letter"): a subject line and a salutation before the body, the enclosures and the copies
after the closing, each read only from a line that can be nothing else; the seed letter,
which has none of them, imports as before (tests/parse/test_markdown.py compares it with its
YAML transcription)."""

from __future__ import annotations

import re

import pytest
from helpers import REPO, read_letter

from letterpress.errors import SourceError
from letterpress.model import Enclosure, Letter

HEAD = """\
## Example Trust
1 High Street, Oxford

05/21

12.03.2021

**From: Example Trust**

**To: The Editor**

"""
BODY = "We write to you about the harbour, which the Trust has kept for a hundred years.\n\n"


def parse(text: str) -> Letter:
    return read_letter(text, "letter.md")[0]


def problems(text: str) -> list[tuple[int, int, str, str]]:
    with pytest.raises(SourceError) as info:
        parse(text)
    return [(d.line, d.column, d.field, d.message) for d in info.value.diagnostics]


def test_every_part_is_read_from_its_natural_form() -> None:
    letter = parse(HEAD + "**Subject:** The harbour wall\n\nDear Ms Verhara,\n\n" + BODY
                   + "Yours sincerely,\n\nEnclosures: 2\n\n1. The survey, 4 pages\n"
                   "2. The estimate\n\ncc: The Council\nThe Harbour Master\n")
    assert (letter.subject, letter.salutation) == ("The harbour wall", "Dear Ms Verhara,")
    assert letter.body[0].text == BODY.strip()
    assert letter.closing == ("Yours sincerely,",)
    assert letter.enclosures == (Enclosure(title="The survey, 4 pages"),
                                 Enclosure(title="The estimate"))
    assert letter.cc == ("The Council", "The Harbour Master")


@pytest.mark.parametrize(("line", "subject"), [
    ("Subject: The harbour wall", "The harbour wall"),
    ("**Subject: The harbour wall**", "The harbour wall"),
    ("Re: The harbour wall", "The harbour wall"),
    ("Тема: Ремонт причала", "Ремонт причала"),
    ("**Mövzu:** Limanın divarı", "Limanın divarı"),
])
def test_a_subject_line_is_read_in_each_form(line: str, subject: str) -> None:
    assert parse(HEAD + line + "\n\n" + BODY).subject == subject


@pytest.mark.parametrize("salutation", [
    "Dear Minister,", "Hörmətli cənab Nazir!", "Уважаемый господин министр!",
    "Уважаемые коллеги!"])
def test_a_salutation_is_read_in_each_language(salutation: str) -> None:
    letter = parse(HEAD + salutation + "\n\n" + BODY)
    assert (letter.salutation, len(letter.body)) == (salutation, 1)


@pytest.mark.parametrize("rest", [
    "Dear Minister, we write to you about the harbour wall and its repair.\n\n" + BODY,
    "Dear Minister,\n",  # the only paragraph stays the body
    "**Dear Minister,**\n\n" + BODY,  # formatting: not a salutation's line
    BODY + "Subject: a word in the body\n\n" + BODY,  # not before the body
])
def test_a_line_that_could_be_body_stays_body(rest: str) -> None:
    letter = parse(HEAD + rest)
    assert (letter.subject, letter.salutation) == ("", "")
    assert letter.body[0].text.startswith(rest.split("\n")[0].strip("*"))


def test_one_enclosure_and_the_labels_of_the_letters_language() -> None:
    letter = parse(HEAD + BODY + "С уважением,\n\nПриложение: Смета на 4 л. в 1 экз.\n\n"
                   "Копия: Совет\n")
    assert letter.enclosures == (Enclosure(title="Смета на 4 л. в 1 экз."),)
    assert letter.cc == ("Совет",)


def test_the_parts_come_after_the_signatory_lists_too() -> None:
    letter = parse(HEAD + BODY + "**Signed:**\n\n1. Ann Smith – Tide Union\n\n"
                   "Enclosure: The survey\n")
    assert (len(letter.signatories), letter.enclosures) == (1, (Enclosure(title="The survey"),))


def test_a_count_that_is_not_the_list_is_located() -> None:
    text = HEAD + BODY + "Enclosures: 3\n1. The survey\n2. The estimate\n"
    line = text.split("\n").index("Enclosures: 3") + 1
    assert problems(text) == [(line, 1, "enclosures", "'Enclosures: 3' but 2 listed")]


def test_a_line_after_the_copies_is_located() -> None:
    text = HEAD + BODY + "cc: The Council\n\nA last word.\n"
    line = text.split("\n").index("A last word.") + 1
    assert problems(text) == [(line, 1, "", "this line fits no field: after the enclosures and "
                               "the copies nothing else may follow")]


def test_formatting_in_a_copy_is_located() -> None:
    text = HEAD + BODY + "cc: The Council\n*The Harbour Master*\n"
    line = text.split("\n").index("*The Harbour Master*") + 1
    assert problems(text) == [(line, 1, "cc[1]", "formatting cannot be kept here: this field "
                               "prints in one style")]


def test_the_documented_excerpt_reads_as_the_doc_says() -> None:
    doc = (REPO / "docs" / "markdown.md").read_text(encoding="utf-8")
    excerpt = next(block for block in re.findall(r"```markdown\n(.*?)```", doc, re.S)
                   if "**Subject:**" in block)
    head = HEAD.split("**To:")[0]
    letter = parse(head + excerpt)
    assert letter.subject == ("Proposals on the draft amendments to the Law on Access to "
                              "Information")
    assert (letter.salutation, letter.closing) == ("Dear Minister,", ("Yours sincerely,",))
    assert [e.title for e in letter.enclosures] == [
        "Monitoring report “Access to Information in 2026”, 24 pages",
        "Table of proposals on the draft amendments, 6 pages"]
    assert len(letter.cc) == 2
