"""An oracle that does not share the builder's words.

Layout, ``check`` and the Markdown importer all take the words a field prints from
content.py, so a fault there changes what is drawn and what is expected alike. The tests here
take their expectations from elsewhere: the source files read with PyYAML (not letterpress's
source.py), the Markdown text itself, and the model's dataclass fields. The PDFs are built
through the command line (``letterpress.cli.main``) and read with pypdf directly.

How text is matched, on both sides: NFC; white space, soft hyphens, hyphen-minus, U+2010
hyphen and en dash removed (``squash``). A word broken at a line end ("occu-" + "pied") and
the separator between a signatory's name and organisation (written " – ", " - " or "- " in
Markdown) then cannot make a difference, at the price of not noticing a hyphen or dash lost
inside a line. Each field must be found after the one before it, so order matters; what lies
between fields (labels such as "From:", the separator) is the builder's typography and is not
judged here.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import SEED_MARKDOWN, SOURCE_LETTERS
from helpers.registry import with_members
from pypdf import PdfReader

from letterpress.cli import main

# The order in which a letter is read, as docs/source-format.md describes the format.
LETTER_KEYS = ("letterhead", "reference", "date", "sender", "recipient", "body", "closing",
               "signature", "signatories")
LETTERHEAD_KEYS = ("name", "address", "telephone", "email", "website")
MEMBER_KEYS = ("name", "organisation", "role")
SIGNER_KEYS = ("name", "title", "organisation")  # under the line to sign on, top down
# Month names as a date is printed in each language (Russian in the genitive: "8 октября").
MONTHS = {
    "en": tuple(calendar.month_name)[1:],
    "az": ("yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
           "oktyabr", "noyabr", "dekabr"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
}
# U+2010 HYPHEN is the hyphen letterpress adds at a line end.
IGNORED = re.compile("[\\s\u00ad\\-\u2010\u2013]+")
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")


def squash(text: str) -> str:
    return IGNORED.sub("", unicodedata.normalize("NFC", text))


def printed_date(date: datetime.date, pattern: str, language: str) -> str:
    """The date as docs/source-format.md says it prints: the tokens DD D MM M MMMM YYYY,
    every other character as written."""
    values = {"YYYY": f"{date.year:04d}", "MMMM": MONTHS[language][date.month - 1],
              "MM": f"{date.month:02d}", "M": str(date.month), "DD": f"{date.day:02d}",
              "D": str(date.day)}
    return re.sub("YYYY|MMMM|MM|M|DD|D", lambda m: values[m.group()], pattern)


def without_markup(text: str) -> str:
    """Body text as it prints: a link's text without its target, no ``*``, and a backslash
    escape as the character it escapes."""
    text = LINK.sub(lambda m: m.group(1), text)
    out, escaped = [], False
    for ch in text:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch != "*":
            out.append(ch)
    return "".join(out)


# --- what the sources say, read without letterpress --------------------------------------------

def strings(value: object) -> Iterator[str]:
    """Every non-empty string in a list (or a single string), in order."""
    items = value if isinstance(value, list) else [value]
    yield from (item for item in items if isinstance(item, str) and item.strip())


def letterhead_of(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The letterhead as the letter prints it (docs/source-format.md, "Letterheads per
    language"): the name and address of the block in the letter's language, where it gives
    them, else the English top's."""
    head = data["letterhead"]
    if isinstance(head, str):  # a shared letterhead file, relative to the letter
        head = yaml.safe_load((path.parent / head).read_text(encoding="utf-8"))
    assert isinstance(head, dict)
    block = head.get(data.get("language", "en")) or {}
    return {**head, **{key: block[key] for key in ("name", "address") if block.get(key)}}


def yaml_fields(path: Path) -> list[tuple[str, str]]:
    """(where, what prints) for every printed string of a YAML letter, in reading order."""
    data = with_members(path, yaml.safe_load(path.read_text(encoding="utf-8")))
    head = letterhead_of(path, data)
    out = [(f"letterhead.{key}", text) for key in LETTERHEAD_KEYS
           for text in strings(head.get(key))]
    for key in LETTER_KEYS[1:]:
        value = data.get(key)
        if key == "date":
            out.append(("date", printed_date(value, data.get("date_format", "DD.MM.YYYY"),
                                             data.get("language", "en"))))
        elif key == "body":
            out += [(f"body[{i}]", without_markup(text)) for i, text in enumerate(value)]
        elif key == "signatories":
            out += list(signatory_fields(value or []))
        elif key == "signature" and value:
            out += list(signature_fields(value, data.get("date_format", "DD.MM.YYYY"),
                                         data.get("language", "en")))
        else:
            out += [(key, text) for text in strings(value)]
    return out


def signatory_fields(groups: list[dict[str, object]]) -> Iterator[tuple[str, str]]:
    for g, group in enumerate(groups):
        yield f"signatories[{g}].heading", str(group["heading"])
        start = group.get("start", 1)
        assert isinstance(start, int) and isinstance(group["members"], list)
        for i, member in enumerate(group["members"]):
            path = f"signatories[{g}].members[{i}]"
            # The list number reads right before the name.
            yield path, f"{start + i}. {member['name']}"
            for key in MEMBER_KEYS[1:]:
                yield from ((f"{path}.{key}", text) for text in strings(member.get(key)))


def markdown_lines(path: Path) -> list[tuple[str, str]]:
    """(line number, what prints) for every non-empty line of a Markdown letter."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = without_markup(line.lstrip("#").strip())
        if text:
            out.append((f"line {number}", text))
    return out

def signature_fields(block: dict[str, Any], pattern: str, language: str
                     ) -> Iterator[tuple[str, str]]:
    """The place and date of signing (the date as the letter's own), then each signer."""
    yield from (("signature.place", text) for text in strings(block.get("place")))
    if block.get("date"):
        yield "signature.date", printed_date(block["date"], pattern, language)
    for i, signer in enumerate(block["signers"]):
        yield from ((f"signature.signers[{i}].{key}", text) for key in SIGNER_KEYS
                    for text in strings(signer.get(key)))


# --- what the PDF says, read without letterpress -----------------------------------------------

def page_lines(pdf: Path) -> list[list[str]]:
    pages = [unicodedata.normalize("NFC", page.extract_text()) for page in PdfReader(pdf).pages]
    return [[line for line in page.splitlines() if line.strip()] for page in pages]


def body_text(pdf: Path, reference: str) -> str:
    """The PDF's text without its page furniture, which is checked on the way: on a letter of
    several pages each page ends with a line naming its number and the total, and each page
    after the first starts with a line naming the reference."""
    pages = page_lines(pdf)
    total = len(pages)
    kept = []
    for number, lines in enumerate(pages, start=1):
        if total > 1:
            assert re.findall(r"\d+", lines[-1]) == [str(number), str(total)], lines[-1]
            lines = lines[:-1]
        if number > 1:
            assert lines[0].startswith(reference), lines[0]
            lines = lines[1:]
        kept += lines
    return "\n".join(kept)


def missing_in_order(expected: list[tuple[str, str]], text: str) -> list[str]:
    """The expected fields not found, each searched after the one found before it."""
    flat, position, missing = squash(text), 0, []
    for where, words in expected:
        found = flat.find(squash(words), position)
        if found < 0:
            before = flat[max(0, position - 40):position]
            missing.append(f"{where}: {words[:80]!r} (after {before!r})")
        else:
            position = found + len(squash(words))
    return missing


Built = dict[str, Path]  # a letter's stem -> its PDF


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Every letter in source/ and the Markdown sample, built as a user builds them: the PDF
    of each letter's stem, or the exit code of a build that failed (each test fails alone)."""
    out = tmp_path_factory.mktemp("oracle")
    pdfs = {}
    for source in [*SOURCE_LETTERS, SEED_MARKDOWN]:
        pdf = out / f"{source.stem}.pdf"
        code = main(["build", str(source), "-o", str(pdf)])
        pdfs[source.stem] = pdf if code == 0 else Path(f"exit code {code}")
    return pdfs


YAML_LETTERS = SOURCE_LETTERS


@pytest.mark.parametrize("source", YAML_LETTERS, ids=[p.stem for p in YAML_LETTERS])
def test_every_string_of_a_yaml_letter_reads_back_in_order(source: Path, built: Built) -> None:
    expected = yaml_fields(source)
    reference = next(text for where, text in expected if where == "reference")
    assert len(expected) > 10
    missing = missing_in_order(expected, body_text(built[source.stem], reference))
    assert missing == [], "\n".join(missing)


def test_every_line_of_the_markdown_letter_reads_back_in_order(built: Built) -> None:
    expected = markdown_lines(SEED_MARKDOWN)
    assert len(expected) > 50
    missing = missing_in_order(expected, body_text(built[SEED_MARKDOWN.stem], "05/20"))
    assert missing == [], "\n".join(missing)


def test_the_oracle_notices_a_missing_or_moved_field() -> None:
    """The matching itself can fail: a field left out, or two fields read the other way."""
    expected = [("a", "Ann Smith"), ("b", "Tide Union, board member"), ("c", "Bo")]
    assert missing_in_order(expected, "Ann Smith – Tide Union,\nboard mem-\nber Bo") == []
    assert missing_in_order(expected, "Ann Smith – Tide Union Bo")[0].startswith("b:")
    assert missing_in_order(expected, "Tide Union, board member Ann Smith Bo")[0].startswith("b:")


@pytest.mark.parametrize("source", YAML_LETTERS, ids=[p.stem for p in YAML_LETTERS])
def test_every_list_number_reads_on_the_line_of_its_name(source: Path, built: Built) -> None:
    """A list number and its entry read together, whatever the reader: "7. Ann Smith ..."."""
    data = with_members(source, yaml.safe_load(source.read_text(encoding="utf-8")))
    lines = [" ".join(line.split()) for page in page_lines(built[source.stem])
             for line in page]
    for group in data.get("signatories") or []:
        start = group.get("start", 1)
        for i, member in enumerate(group["members"]):
            first_word = member["name"].split()[0]
            label = f"{start + i}. {first_word}"
            assert any(line.startswith(label) for line in lines), label


@pytest.mark.parametrize("source", YAML_LETTERS, ids=[p.stem for p in YAML_LETTERS])
def test_every_link_of_the_source_is_a_link_in_the_pdf(source: Path, built: Built) -> None:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    expected = {target for text in data["body"] for _, target in LINK.findall(text)}
    head = letterhead_of(source, data)
    if head.get("email"):
        expected.add("mailto:" + head["email"])
    if head.get("website"):  # docs/source-format.md: website_url, by default http:// + website
        website = head["website"]
        expected.add(head.get("website_url") or (website if "://" in website
                                                 else "http://" + website))
    found = set()
    for page in PdfReader(built[source.stem]).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                found.add(str(action["/URI"]))
    assert found == expected
