"""Issue 21, point 2: the Markdown format as docs/markdown.md writes it down, the letter's
language stated in front matter or guessed (a warning naming the guess's basis), labels of
another language read and warned of, and import writing language:."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml
from helpers import REPO, read_letter, world
from helpers.cli import DIAGNOSTIC

from letterpress.cli import main
from letterpress.errors import Diagnostic, SourceError
from letterpress.model import Letter
from letterpress.pipeline import build, check

DOC = REPO / "docs/markdown.md"
# The complete letters of docs/markdown.md, one a language, in the order it gives them.
EXAMPLES = dict(zip(("en", "az", "ru"),
                    [block for block in re.findall(r"```markdown\n(.*?)```",
                                                   DOC.read_text(encoding="utf-8"), re.S)
                     if "\n## " in block], strict=True))
# What the doc's examples say, per language: the closing line and the group heading.
CLOSING = {"en": "Sincerely,", "az": "Hörmətlə,", "ru": "С уважением,"}
HEADING = {"en": "NGO Representatives:", "az": "QHT nümayəndələri:", "ru": "Представители НКО:"}
FRONT_MATTER = re.compile(r"\A---\nlanguage: \w+\n---\n")


def load(text: str, name: str = "letter.txt") -> tuple[Letter, tuple[Diagnostic, ...]]:
    return read_letter(text, name)


def problems(text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(SourceError) as info:
        load(text)
    return [(d.line, d.field, d.message) for d in info.value.diagnostics]


def unstated(language: str) -> str:
    """The doc's example of ``language`` without its front matter."""
    text, count = FRONT_MATTER.subn("", EXAMPLES[language])
    assert count == 1
    return text


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


# --- the documented examples -------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_each_documented_example_reads_as_the_doc_says(language: str) -> None:
    letter, warnings = load(EXAMPLES[language])
    assert warnings == ()
    assert letter.language == language
    assert letter.reference == "12/26"
    assert letter.date == datetime.date(2026, 11, 20)
    assert letter.letterhead.email == "office@ogp.org.az"
    assert letter.letterhead.website_url == "http://www.ogp.org.az"
    assert len(letter.recipient) == 2 and len(letter.body) == 2
    assert letter.closing == (CLOSING[language],)
    assert [(g.heading, g.start, len(g.members)) for g in letter.signatories] == [
        (HEADING[language], 1, 3)]
    assert all(member.organisation for member in letter.signatories[0].members)
    assert any(span.bold for span in letter.body[0].spans)
    assert any(span.href == "https://www.ogp.org.az" for span in letter.body[0].spans)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_each_documented_example_builds_and_reads_back(language: str, tmp_path: Path) -> None:
    source = tmp_path / f"letter-{language}.txt"
    source.write_text(EXAMPLES[language], encoding="utf-8")
    built = build(source, tmp_path / "letter.pdf", world(), strict=True)
    assert built.pages == 1 and built.warnings == ()
    assert check(source, built.output, world()) == ()


# --- the language: stated, or guessed and said so ---------------------------------------------

def test_an_azerbaijani_letter_with_english_labels_stays_azerbaijani() -> None:
    text = (unstated("az").replace("**Kimdən:", "**From:").replace("**Kimə:", "**To:"))
    letter, warnings = load(text)
    assert letter.language == "az"
    assert letter.sender == "Azərbaycan Açıq Hökumət Platforması"
    guess, *labels = warnings
    assert guess.field == "language" and guess.severity == "warning"
    assert guess.line == line_of(text, "Katibliyin adından")  # the text it was based on
    assert guess.message.startswith("the letter does not state its language; guessed 'az' "
                                    "from the Azerbaijani letters (")
    assert guess.message.endswith("of the body (the labels 'From:', 'To:' are of another "
                                  "language)")
    assert "language: az" in guess.hint
    assert [(w.line, w.field, w.message) for w in labels] == [
        (line_of(text, "**From:"), "sender", "'From:' prints as 'Kimdən:' in a letter in 'az'"),
        (line_of(text, "**To:"), "recipient", "'To:' prints as 'Kimə:' in a letter in 'az'")]


def test_stating_the_language_leaves_only_what_prints_otherwise() -> None:
    text = EXAMPLES["az"].replace("**Kimdən:", "**From:")
    letter, warnings = load(text)
    assert letter.language == "az"
    assert [(w.field, w.message, w.hint) for w in warnings] == [
        ("sender", "'From:' prints as 'Kimdən:' in a letter in 'az'", "write 'Kimdən:'")]


def test_kimden_does_not_demand_the_azerbaijani_email_label() -> None:
    # An export keeps the letterhead's "E-mail:" while the parties say "Kimdən:".
    text = unstated("az").replace("E-poçt:", "E-mail:")
    letter, warnings = load(text)
    assert letter.letterhead.email == "office@ogp.org.az"
    assert [(w.line, w.field, w.message) for w in warnings if w.field != "language"] == [
        (line_of(text, "E-mail:"), "letterhead.email",
         "'E-mail:' prints as 'E-poçt:' in a letter in 'az'")]


@pytest.mark.parametrize(("language", "basis"), [
    ("en", "the labels 'From:', 'To:'"),
    ("az", "the Azerbaijani letters ("),
    ("ru", "the Cyrillic letters of the body"),
])
def test_a_guess_names_its_basis_where_it_is_written(language: str, basis: str) -> None:
    text = unstated(language)
    letter, warnings = load(text)
    assert letter.language == language
    (guess,) = warnings
    assert f"guessed '{language}' from {basis}" in guess.message
    found = DIAGNOSTIC.match(guess.format())  # FILE:LINE:COL: FIELD: like every diagnostic
    assert found is not None and found["field"] == "language"
    assert found["file"] == "letter.txt" and int(found["line"]) == guess.line > 0


def test_a_month_name_comes_before_the_labels() -> None:
    text = "## Trust\n\n1/26\n\n20 noyabr 2026\n\n**From: A**\n\n**To: B**\n\nQısa.\n"
    letter, warnings = load(text)
    assert letter.language == "az" and letter.date == datetime.date(2026, 11, 20)
    assert warnings[0].message.endswith("guessed 'az' from the month name 'noyabr' in the date")
    assert warnings[0].line == 5
    # Labels alone: the guess follows them.
    letter, warnings = load(text.replace("20 noyabr 2026", "20.11.2026"))
    assert letter.language == "en"
    assert warnings[0].message.endswith("guessed 'en' from the labels 'From:', 'To:'")


@pytest.mark.parametrize(("front", "line", "message"), [
    ("---\nlanguage: de\n---\n", 2, "'de' is not a language letterpress prints (it prints "
     "en, az, ru)"),
    ("---\nlanguage: az\ntitle: X\n---\n", 3, "the front matter holds the keys language and "
     "typeface: like 'language: az'"),
    ("---\nlanguage: az\nlanguage: ru\n---\n", 3, "a second language: line"),
    ("---\nlanguage: az\n\n", 1, "the front matter opened here is never closed"),
])
def test_bad_front_matter_is_a_located_error(front: str, line: int, message: str) -> None:
    assert problems(front + unstated("az")) == [(line, "language", message)]


def test_front_matter_may_quote_and_is_read_whatever_the_name() -> None:
    text = "---\nlanguage: \"ru\"\n---\n" + unstated("ru")
    for name in ("letter.txt", "letter.md", "letter"):
        letter, warnings = load(text, name)
        assert letter.language == "ru" and warnings == ()


# --- import --------------------------------------------------------------------------------------

@pytest.mark.parametrize("stated", [True, False])
def test_import_writes_the_language(stated: bool, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text(EXAMPLES["az"] if stated else unstated("az"), encoding="utf-8")
    assert main(["import", str(letter), "-o", str(tmp_path / "letter.yaml")]) == 0
    data = yaml.safe_load((tmp_path / "letter.yaml").read_text(encoding="utf-8"))
    assert data["language"] == "az"
    errors = capsys.readouterr().err
    assert ("guessed 'az'" in errors) is not stated


def test_the_warnings_the_doc_shows_are_those_its_example_gives() -> None:
    # docs/markdown.md shows what its Azerbaijani example says without front matter and
    # with From:/To: labels; the doc is the oracle.
    shown = re.findall(r"^```\n(letter\.txt:.*?)^```", DOC.read_text(encoding="utf-8"),
                       re.S | re.M)
    text = unstated("az").replace("**Kimdən:", "**From:").replace("**Kimə:", "**To:")
    said = "\n".join(w.format() for w in load(text)[1]) + "\n"
    assert len(shown) == 2
    assert all(block in said for block in shown)


# --- the typeface ----------------------------------------------------------------------------

@pytest.mark.parametrize(("front", "typeface"), [
    ("---\nlanguage: az\ntypeface: sans\n---\n", "sans"),
    ("---\ntypeface: 'serif'\nlanguage: az\n---\n", "serif"),
    ("---\nlanguage: az\n---\n", "serif")])
def test_the_front_matter_may_choose_the_typeface(front: str, typeface: str) -> None:
    letter, warnings = load(front + unstated("az"))
    assert letter.typeface == typeface and letter.language == "az" and warnings == ()


@pytest.mark.parametrize(("front", "line", "message"), [
    ("---\nlanguage: az\ntypeface: mono\n---\n", 3, "unknown typeface 'mono'"),
    ("---\ntypeface: sans\nlanguage: az\ntypeface: serif\n---\n", 4,
     "a second typeface: line")])
def test_a_bad_typeface_in_the_front_matter_is_a_located_error(front: str, line: int,
                                                               message: str) -> None:
    assert problems(front + unstated("az")) == [(line, "typeface", message)]


def test_import_writes_the_typeface(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("---\nlanguage: az\ntypeface: sans\n---\n" + unstated("az"),
                      encoding="utf-8")
    assert main(["import", str(letter), "-o", str(tmp_path / "letter.yaml")]) == 0
    data = yaml.safe_load((tmp_path / "letter.yaml").read_text(encoding="utf-8"))
    assert data["typeface"] == "sans" and data["language"] == "az"
