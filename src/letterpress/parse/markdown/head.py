"""The lines before the body of a Markdown letter: letterhead, reference, date, From and To.

The rules are in the docstring of :mod:`letterpress.parse.markdown`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ...content import LABELS, MONTHS, format_date
from ...inline import URL_HINT, is_safe_url
from ...model import Span
from .blocks import HEADING, Block, Line, Report, plain, read_link, unwrap_bold

_REFERENCE = re.compile(r"(?=.*\d)[\d/.\-]{1,20}")
_NUMERIC_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_MONTH_DATE = re.compile(r"(\d{1,2}) ([^\W\d_]+) (\d{4})")
_MONTH_DAY_DATE = re.compile(r"([^\W\d_]+) (\d{1,2}), (\d{4})")
_DATES = (_NUMERIC_DATE, _ISO_DATE, _DAY_MONTH_DATE, _MONTH_DAY_DATE)
_BARE_WEBSITE = re.compile(r"(?:https?://|www\.)\S+")
_CONTACT_LABELS = tuple(sorted({(key, LABELS[lang][key]) for lang in LABELS
                                for key in ("telephone", "email")}))
_PARTY_LABELS = tuple((key, lang, LABELS[lang][key]) for lang in LABELS
                      for key in ("sender", "recipient"))


@dataclass(slots=True)
class Head:
    """What the lines before the parties said; filled in line by line."""

    name: str | None = None
    address: list[str] = field(default_factory=list)
    telephone: str = ""
    email: str = ""
    website: str = ""
    website_url: str = ""
    reference: str | None = None
    date_line: Line | None = None
    labels: list[tuple[str, str, Line]] = field(default_factory=list)  # key, label, line


@dataclass(slots=True)
class Parties:
    sender: str | None = None
    recipient: tuple[str, ...] = ()
    labels: list[tuple[str, str, str, Line]] = field(default_factory=list)  # key, lang, label


# --- letterhead, reference, date --------------------------------------------------------------

def read_head(blocks: list[Block], report: Report) -> tuple[Head, int]:
    """Read blocks up to the date (or the first From/To block); return where the rest starts."""
    head = Head()
    index = 0
    while index < len(blocks) and party_label(blocks[index][0].content) is None:
        for line in blocks[index]:
            _head_line(head, line, report)
        index += 1
        if head.date_line is not None:
            break
    if head.name is None:
        report.add(0, 0, "no letterhead: expected a heading like '## Name' first",
                   field="letterhead.name")
    if head.reference is None:
        report.add(0, 0, "no reference line (like 05/20) before the date", field="reference")
    if head.date_line is None:
        report.add(0, 0, "no date line (like 08.10.2020) after the reference", field="date")
    return head, index


def _head_line(head: Head, line: Line, report: Report) -> None:
    text = line.content
    if head.name is None:
        head.name = _head_name(line, report)
    elif head.date_line is not None:
        report.at(line, "this line fits no field: nothing may follow the date in its block",
                  "put a blank line after the date")
    elif any(pattern.fullmatch(text) for pattern in _DATES):
        head.date_line = line
    elif head.reference is not None:
        report.at(line, "this line fits no field: the date must follow the reference",
                  "write the date, like 08.10.2020, on the line after the reference")
    elif _REFERENCE.fullmatch(text):
        head.reference = text
    elif HEADING.fullmatch(text):
        report.at(line, "a second heading: the letterhead has one, its name", "",
                  "letterhead.name")
    else:
        _contact_line(head, line, report)


def _head_name(line: Line, report: Report) -> str:
    match = HEADING.fullmatch(line.content)
    if match is None:
        report.at(line, "expected the letterhead name as a heading, like '## Name'", "",
                  "letterhead.name")
        return ""
    return plain(unwrap_bold(match.group(1)), line, "letterhead.name", report)


def _contact_line(head: Head, line: Line, report: Report) -> None:
    text = line.content
    for key, label in _CONTACT_LABELS:
        if text.startswith(label + " "):
            head.labels.append((key, label, line))
            _set_contact(head, key, text[len(label):].strip(), line, report)
            return
    link = read_link(text)
    if link and link[1].startswith("mailto:"):
        _set_contact(head, "email", text, line, report)
    elif link or _BARE_WEBSITE.fullmatch(text):
        _set_contact(head, "website", text, line, report)
    else:
        path = f"letterhead.address[{len(head.address)}]"
        head.address.append(plain(text, line, path, report))


def _set_contact(head: Head, key: str, value: str, line: Line, report: Report) -> None:
    path = f"letterhead.{key}"
    if getattr(head, key):
        report.at(line, f"a second {key} line: the letterhead has one", "", path)
        return
    link = read_link(value)
    if key == "telephone" or link is None:
        setattr(head, key, plain(value, line, path, report))
        return
    spans, target = link
    shown = plain(tuple(Span(text=s.text, bold=s.bold, italic=s.italic) for s in spans), line,
                  path, report)
    if key == "website" and not is_safe_url(target):
        report.at(line, f"the link target '{target}' is not a web address", URL_HINT,
                  "letterhead.website_url")
    elif key == "website":
        head.website, head.website_url = shown, target
    elif target != "mailto:" + shown:
        report.at(line, f"the address shown ({shown}) differs from the link ({target})",
                  "the letter prints one address and links it with mailto:", path)
    else:
        head.email = shown


def read_date(line: Line | None, language: str,
              report: Report) -> tuple[datetime.date | None, str]:
    if line is None:
        return None, ""
    try:
        return _parse_date(line.content, language)
    except ValueError as exc:
        report.at(line, str(exc), "write the date like 08.10.2020, 2020-10-08 or 8 October 2020",
                  "date")
        return None, ""


def _parse_date(text: str, language: str) -> tuple[datetime.date, str]:
    """The date and the date_format that prints it exactly as ``text``; ValueError if none."""
    if match := _NUMERIC_DATE.fullmatch(text):
        day, month, year = match.groups()
        pattern = f"{_token(day, 'D')}.{_token(month, 'M')}.YYYY"
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
        pattern = "YYYY-MM-DD"
    elif match := _DAY_MONTH_DATE.fullmatch(text):
        day, name, year = match.groups()
        month, pattern = _month(name, language), f"{_token(day, 'D')} MMMM YYYY"
    elif match := _MONTH_DAY_DATE.fullmatch(text):
        name, day, year = match.groups()
        month, pattern = _month(name, language), f"MMMM {_token(day, 'D')}, YYYY"
    else:
        raise ValueError(f"'{text}' is not a date")
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a valid date: {exc}") from None
    printed = format_date(date, pattern, language)
    if printed != text:
        raise ValueError(f"the date '{text}' would print as '{printed}'")
    return date, pattern


def _token(digits: str, letter: str) -> str:
    return letter * 2 if len(digits) == 2 else letter


def _month(name: str, language: str) -> str:
    folded = [month.lower() for month in MONTHS[language]]
    if name.lower() not in folded:
        raise ValueError(f"'{name}' is not a month name in a letter in '{language}'")
    return str(folded.index(name.lower()) + 1)


def check_labels(head: Head, parties: Parties, language: str, stated: bool,
                 report: Report) -> None:
    """Warn of each label (Tel.:, E-mail:, From:, To:) of another language than the
    letter's: it is read, but the letter prints its own language's label."""
    also = "" if stated else ", or state the letter's language (docs/markdown.md)"
    found = [(f"letterhead.{key}", key, label, line) for key, label, line in head.labels]
    found += [(key, key, label, line) for key, _, label, line in parties.labels]
    for path, key, label, line in sorted(found, key=lambda f: f[3].number):
        expected = LABELS[language][key]
        if label != expected:
            report.warn(line, f"'{label}' prints as '{expected}' in a letter in '{language}'",
                        f"write '{expected}'{also}", path)


# --- From and To ------------------------------------------------------------------------------

def party_label(text: str) -> tuple[str, str, str] | None:
    """(key, language, label) if ``text`` starts a From or To block."""
    for key, language, label in _PARTY_LABELS:
        if text.startswith((label, "**" + label)):
            return key, language, label
    return None


def read_parties(blocks: list[Block], index: int, report: Report) -> tuple[Parties, int]:
    """Read the From and To blocks from ``index``; return where the rest starts."""
    parties = Parties()
    while index < len(blocks):
        found = party_label(blocks[index][0].content)
        if found is None:
            break
        _read_party(parties, blocks[index], found, report)
        index += 1
    if parties.sender is None:
        report.add(0, 0, "no sender: expected a line like **From: Name**", field="sender")
    if not parties.recipient:
        report.add(0, 0, "no recipient: expected a line like **To: Name**", field="recipient")
    return parties, index


def _read_party(parties: Parties, block: Block, found: tuple[str, str, str],
                report: Report) -> None:
    key, language, label = found
    values = _party_values(block, label, key, report)
    parties.labels.append((key, language, label, block[0]))
    if (key == "sender" and parties.sender is not None) or (key == "recipient"
                                                             and parties.recipient):
        report.at(block[0], f"a second '{label}' block", "", key)
    elif not values:
        report.at(block[0], f"nothing follows '{label}'", "", key)
    elif key == "sender":
        parties.sender = values[0][1]
        for line, _ in values[1:]:
            report.at(line, "the sender is one line", "put further lines in the recipient",
                      "sender")
    else:
        parties.recipient = tuple(text for _, text in values)


def _party_values(block: Block, label: str, key: str,
                  report: Report) -> list[tuple[Line, str]]:
    """The lines after the label, with the bold around label or block removed."""
    texts = [line.content for line in block]
    bold = texts[0].startswith("**")
    texts[0] = texts[0][len(label) + (2 if bold else 0):]
    if bold and texts[0].startswith("**"):
        texts[0] = texts[0][2:]
    elif bold and texts[-1].endswith("**"):
        texts[-1] = texts[-1][:-2]
    elif bold:
        report.at(block[-1], "the bold opened before the label is never closed",
                  "end the block with **", key)
    pairs = [(line, unwrap_bold(text.strip())) for line, text in zip(block, texts, strict=True)]
    pairs = [(line, text) for line, text in pairs if text]
    return [(line, plain(text, line, f"{key}[{i}]" if key == "recipient" else key, report))
            for i, (line, text) in enumerate(pairs)]
