"""Import a letter written in Markdown, in the shape of an exported letter, into the model.

The shape (``tests/data/seed-appeal.md`` is a real one)::

    ## Letterhead name                      letterhead.name
    Azerbaijan, Baku, AZ 1001               letterhead.address[0]
    Tel.: (994 12) 4925726                  letterhead.telephone
    E-mail: [a@b.az](mailto:a@b.az)         letterhead.email
    [www.b.az](http://www.b.az)             letterhead.website and website_url
    05/20                                   reference
    08.10.2020                              date (and date_format)
    **From: Sender**                        sender
    **To: First line                        recipient[0]
    Second line**                           recipient[1]
    Paragraphs ...                          body, then closing
    **NGO Representatives:**                signatories[0].heading
    1. Name – Organisation                  signatories[0].members[0]

The rules, in reading order:

* Lines: the text is NFC-normalised and split at line feeds (CR LF counts as one). Trailing
  spaces (two of them make a Markdown hard break) are removed, a run of spaces inside a line
  counts as one (as Markdown renders it), and blank lines separate blocks. In the letterhead
  and the From/To blocks every source line is one line of its field.
* Letterhead: the first non-blank line is a heading (``#`` to ``######``; an enclosing ``**``
  is dropped because the name prints bold anyway). The lines after it, up to the reference:
  ``Tel.:`` and ``E-mail:`` (the labels the letter prints, in any of its languages) give the
  telephone and the email (plain, or ``[x](mailto:x)``); a line that is only a link
  ``[text](url)`` gives website and website_url; a bare ``www.`` or ``http(s)://`` line gives
  the website alone; any other line is an address line, kept as written.
* Reference: a line of at most 20 characters of digits, ``/``, ``-`` and ``.`` that is not a
  date (so a postcode alone on a line would be taken for it).
* Date: the first date line: ``DD.MM.YYYY`` (one-digit day or month allowed), ``YYYY-MM-DD``,
  ``D Month YYYY`` or ``Month D, YYYY`` with the month named in the letter's language.
  date_format is chosen so that the date prints exactly as written.
* Parties: the blocks right after the date that start with ``From:`` or ``To:`` (or the labels
  of another language, which then is the letter's language), bold as a whole
  (``**From: X**``) or bold on the label only (``**From:** X``). The sender is one line.
* Signatory groups: a block ``**Heading:**`` (bold, ending in a colon) followed by a numbered
  list (``1.`` or ``1)``). The list runs on across blank lines until a block that is not a list
  item; an indented line right under an item continues it. The first number is the group's
  start and every further number must be one more than the one before. An item splits into
  name and organisation at its *first separator*: an en or em dash, spaces optional, or a
  hyphen (or two) with white space on at least one side, so "Nagorno-Karabakh" and "Al-Hassan"
  stay whole and "Orduhanli- Assistance" splits. No separator: the whole item is the name.
  role stays empty and columns 1: Markdown has no way to say them.
* Closing: of the paragraphs between the parties and the first signatory group (or the end of
  the file), the longest run at the end in which every paragraph is a single source line of at
  most 120 characters without formatting; one closing line per paragraph. The first paragraph
  always stays in the body.
* Body: the other paragraphs. The lines of a paragraph are joined with a space; a hard break
  inside a body paragraph is an error, since a paragraph of the model has no line break.
  Inline ``**bold**``, ``*italic*``, ``***both***``, ``[text](url)`` and backslash escapes of
  ASCII punctuation are read as in CommonMark; a ``*`` or ``[`` that opens nothing stays a
  literal character; links may point only to http://, https:// or mailto: addresses (as in
  the YAML source). ``_``, HTML, entities and autolinks are not interpreted: they stay as
  written. Every other field reads only backslash escapes; formatting there is an error,
  because the field prints in one style.

Nothing is dropped silently. A line that fits no field, a construct the model cannot hold (a
heading, a bulleted list, a quote or a table in the body), a control or invisible format
character, and a character the fonts cannot draw are errors with line and column (columns count
characters of the NFC-normalised line). All problems are collected and raised as one
SourceError.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .content import LABELS, MONTHS, format_date
from .errors import Diagnostic, SourceError
from .fonts import not_drawable
from .model import Letter, Letterhead, Paragraph, Signatory, SignatoryGroup, Span

CLOSING_MAX_CHARS = 120
_FORBIDDEN_CATEGORIES = {"Cc": "control", "Cf": "invisible format", "Zl": "line separator",
                         "Zp": "paragraph separator", "Cs": "surrogate"}
_HEADING = re.compile(r"#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?")
_REFERENCE = re.compile(r"(?=.*\d)[\d/.\-]{1,20}")
_NUMERIC_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_MONTH_DATE = re.compile(r"(\d{1,2}) ([^\W\d_]+) (\d{4})")
_MONTH_DAY_DATE = re.compile(r"([^\W\d_]+) (\d{1,2}), (\d{4})")
_DATES = (_NUMERIC_DATE, _ISO_DATE, _DAY_MONTH_DATE, _MONTH_DAY_DATE)
_LINK_LINE = re.compile(r"\[((?:\\.|[^\]\\])+)\]\(((?:\\.|[^()\s\\])+)\)")
_BARE_WEBSITE = re.compile(r"(?:https?://|www\.)\S+")
_GROUP_HEADING = re.compile(r"\*\*((?:(?!\*\*).)+:)\*\*")
_ITEM = re.compile(r"(\d{1,9})[.)](?:\s+(.*))?")
_SEPARATOR = re.compile(r"\s*[–—]\s*|\s+--?\s*|(?<=[^\s\\])--?\s+")
_RULE = re.compile(r"([-*_=])(?:\s*\1){2,}")
_SPACES = re.compile(r" {2,}")
_SAFE_URL = re.compile(r"(?:https?://|mailto:)", re.IGNORECASE)
_URL_HINT = "links may point only to http://, https:// or mailto: addresses"
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_INLINE = re.compile(
    r"\\(?P<escape>[!-/:-@\[-`{-~])"
    r"|\[(?P<label>(?:\\.|[^\]\\])+)\]\((?P<url>(?:\\.|[^()\s\\])+)\)"
    r"|\*\*\*(?P<both>(?=\S)(?:\\.|[^\\*])+?(?<=\S))\*\*\*"
    r"|\*\*(?P<bold>(?=\S)(?:\\.|[^\\])+?(?<=\S))\*\*"
    r"|\*(?P<italic>(?=[^\s*])(?:\\.|\*\*(?:\\.|[^\\*])+?\*\*|[^\\*])+?(?<=\S))\*"
)
_CONTACT_LABELS = tuple(sorted({(key, LABELS[lang][key]) for lang in LABELS
                                for key in ("telephone", "email")}))
_PARTY_LABELS = tuple((key, lang, LABELS[lang][key]) for lang in LABELS
                      for key in ("sender", "recipient"))
_MARKUP_HINT = "a letter holds paragraphs, closing lines and numbered signatory lists only"


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based
    text: str  # NFC, trailing white space removed, indentation kept
    hard_break: bool  # ended in two or more spaces

    @property
    def column(self) -> int:
        return len(self.text) - len(self.text.lstrip()) + 1

    @property
    def content(self) -> str:
        """The text without indentation; runs of spaces count as one, as in rendered Markdown."""
        return _SPACES.sub(" ", self.text.strip())


_Block = tuple[_Line, ...]


class _Report:
    """Collects diagnostics so that every problem of a file is reported in one run."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.diagnostics: list[Diagnostic] = []

    def add(self, line: int, column: int, message: str, hint: str = "", field: str = "") -> None:
        self.diagnostics.append(Diagnostic(self.filename, line, column, field, message, hint))

    def at(self, line: _Line, message: str, hint: str = "", field: str = "") -> None:
        self.add(line.number, line.column, message, hint, field)

    def raise_if_any(self) -> None:
        if not self.diagnostics:
            return
        found = sorted(self.diagnostics, key=lambda d: (d.line == 0, d.line, d.column))
        raise SourceError(f"{self.filename}: {len(found)} problem(s) in the Markdown letter",
                          tuple(found))


@dataclass(slots=True)
class _Head:
    """What the lines before the parties said; filled in line by line."""

    name: str | None = None
    address: list[str] = field(default_factory=list)
    telephone: str = ""
    email: str = ""
    website: str = ""
    website_url: str = ""
    reference: str | None = None
    date_line: _Line | None = None
    labels: list[tuple[str, str, _Line]] = field(default_factory=list)  # key, label, line


@dataclass(slots=True)
class _Parties:
    sender: str | None = None
    recipient: tuple[str, ...] = ()
    language: str | None = None


def import_markdown(path: Path, coverage: frozenset[int]) -> Letter:
    """Read the Markdown letter at ``path``; raise SourceError listing every problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        diagnostic = Diagnostic(str(path), 0, 0, "", message)
        raise SourceError(f"{path}: {message}", (diagnostic,)) from None
    return parse_markdown(_decode(data, str(path)), str(path), coverage)


def parse_markdown(text: str, filename: str, coverage: frozenset[int]) -> Letter:
    """Turn Markdown ``text`` into a Letter; ``filename`` names it in diagnostics and origin."""
    report = _Report(filename)
    blocks = _blocks(_lines(text, coverage, report))
    head, index = _read_head(blocks, report)
    parties, index = _read_parties(blocks, index, report)
    prose, groups = _read_rest(blocks, index, report)
    language = parties.language or "en"
    date, date_format = _read_date(head.date_line, language, report)
    _check_labels(head, language, report)
    body, closing = _split_prose(prose, report)
    report.raise_if_any()
    assert date is not None and head.reference is not None and parties.sender is not None
    letterhead = Letterhead(head.name or "", tuple(head.address), head.telephone, head.email,
                            head.website, head.website_url)
    return Letter(letterhead, head.reference, date, parties.sender, parties.recipient, body,
                  closing, tuple(groups), language, date_format, origin=filename)


# --- lines and blocks -------------------------------------------------------------------------

def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"the file is not UTF-8 (byte 0x{data[exc.start]:02X})"
        diagnostic = Diagnostic(filename, line, column, "", message, "save the file as UTF-8")
        raise SourceError(f"{filename}: {message}", (diagnostic,)) from None


def _lines(text: str, coverage: frozenset[int], report: _Report) -> tuple[_Line, ...]:
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff")).replace("\r\n", "\n")
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        _check_characters(raw, number, coverage, report)
        lines.append(_Line(number, raw.rstrip(), raw.endswith("  ")))
    return tuple(lines)


def _check_characters(text: str, number: int, coverage: frozenset[int], report: _Report) -> None:
    """Report each character of a line that must not or cannot be printed, once per line."""
    seen: set[str] = set()
    for column, char in enumerate(text, start=1):
        problem = None if char in seen else _character_problem(char, coverage)
        if problem:
            report.add(number, column, *problem)
            seen.add(char)


def _character_problem(char: str, coverage: frozenset[int]) -> tuple[str, str] | None:
    """(message, hint) if ``char`` must not or cannot be printed."""
    label = f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()
    kind = _FORBIDDEN_CATEGORIES.get(unicodedata.category(char))
    if kind:
        return (f"{kind} character {label} is not allowed",
                "delete it; use spaces, line breaks and blank lines for layout")
    if ord(char) not in coverage:
        return not_drawable(char)
    return None


def _blocks(lines: tuple[_Line, ...]) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[_Line] = []
    for line in lines:
        if line.content:
            current.append(line)
        elif current:
            blocks.append(tuple(current))
            current = []
    if current:
        blocks.append(tuple(current))
    return blocks


# --- inline text ------------------------------------------------------------------------------

def _spans(text: str, bold: bool = False, italic: bool = False,
           href: str | None = None) -> list[Span]:
    """Inline Markdown to spans; what opens nothing stays literal text."""
    out: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        out.append(Span(text[position:match.start()], bold, italic, href))
        groups = match.groupdict()
        if groups["escape"] is not None:
            out.append(Span(groups["escape"], bold, italic, href))
        elif groups["label"] is not None:
            out += _spans(groups["label"], bold, italic, _ESCAPE.sub(r"\1", groups["url"]))
        elif groups["both"] is not None:
            out += _spans(groups["both"], True, True, href)
        elif groups["bold"] is not None:
            out += _spans(groups["bold"], True, italic, href)
        else:
            out += _spans(groups["italic"], bold, True, href)
        position = match.end()
    out.append(Span(text[position:], bold, italic, href))
    return _merge(out)


def _merge(spans: list[Span]) -> list[Span]:
    """Drop empty spans and join neighbours of the same style."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = out[-1] if out else None
        if last and (last.bold, last.italic, last.href) == (span.bold, span.italic, span.href):
            out[-1] = Span(last.text + span.text, span.bold, span.italic, span.href)
        else:
            out.append(span)
    return out


def _styled(spans: list[Span]) -> bool:
    return any(span.bold or span.italic or span.href for span in spans)


def _plain(text: str, line: _Line, path: str, report: _Report) -> str:
    """A one-style field: backslash escapes are read, formatting is an error."""
    spans = _spans(text)
    if _styled(spans):
        report.at(line, "formatting cannot be kept here: this field prints in one style",
                  "remove the ** * or [](), or escape the character with a backslash, like \\*",
                  path)
    return "".join(span.text for span in spans)


def _unwrap_bold(text: str) -> str:
    inner = text[2:-2]
    if len(text) > 4 and text.startswith("**") and text.endswith("**") and "**" not in inner:
        return inner.strip()
    return text


# --- letterhead, reference, date --------------------------------------------------------------

def _read_head(blocks: list[_Block], report: _Report) -> tuple[_Head, int]:
    """Read blocks up to the date (or the first From/To block); return where the rest starts."""
    head = _Head()
    index = 0
    while index < len(blocks) and _party_label(blocks[index][0].content) is None:
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


def _head_line(head: _Head, line: _Line, report: _Report) -> None:
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
    elif _HEADING.fullmatch(text):
        report.at(line, "a second heading: the letterhead has one, its name", "",
                  "letterhead.name")
    else:
        _contact_line(head, line, report)


def _head_name(line: _Line, report: _Report) -> str:
    match = _HEADING.fullmatch(line.content)
    if match is None:
        report.at(line, "expected the letterhead name as a heading, like '## Name'", "",
                  "letterhead.name")
        return ""
    return _plain(_unwrap_bold(match.group(1)), line, "letterhead.name", report)


def _contact_line(head: _Head, line: _Line, report: _Report) -> None:
    text = line.content
    for key, label in _CONTACT_LABELS:
        if text.startswith(label + " "):
            head.labels.append((key, label, line))
            _set_contact(head, key, text[len(label):].strip(), line, report)
            return
    link = _LINK_LINE.fullmatch(text)
    if link and link.group(2).startswith("mailto:"):
        _set_contact(head, "email", text, line, report)
    elif link or _BARE_WEBSITE.fullmatch(text):
        _set_contact(head, "website", text, line, report)
    else:
        path = f"letterhead.address[{len(head.address)}]"
        head.address.append(_plain(text, line, path, report))


def _set_contact(head: _Head, key: str, value: str, line: _Line, report: _Report) -> None:
    path = f"letterhead.{key}"
    if getattr(head, key):
        report.at(line, f"a second {key} line: the letterhead has one", "", path)
        return
    link = _LINK_LINE.fullmatch(value)
    if key == "telephone" or link is None:
        setattr(head, key, _plain(value, line, path, report))
        return
    shown = _plain(link.group(1), line, path, report)
    target = _ESCAPE.sub(r"\1", link.group(2))
    if key == "website" and not _SAFE_URL.match(target):
        report.at(line, f"the link target '{target}' is not a web address", _URL_HINT,
                  "letterhead.website_url")
    elif key == "website":
        head.website, head.website_url = shown, target
    elif target != "mailto:" + shown:
        report.at(line, f"the address shown ({shown}) differs from the link ({target})",
                  "the letter prints one address and links it with mailto:", path)
    else:
        head.email = shown


def _read_date(line: _Line | None, language: str,
               report: _Report) -> tuple[datetime.date | None, str]:
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


def _check_labels(head: _Head, language: str, report: _Report) -> None:
    for key, label, line in head.labels:
        expected = LABELS[language][key]
        if label != expected:
            report.at(line, f"'{label}' would print as '{expected}' in a letter in '{language}'",
                      "use the labels of the letter's language", f"letterhead.{key}")


# --- From and To ------------------------------------------------------------------------------

def _party_label(text: str) -> tuple[str, str, str] | None:
    """(key, language, label) if ``text`` starts a From or To block."""
    for key, language, label in _PARTY_LABELS:
        if text.startswith((label, "**" + label)):
            return key, language, label
    return None


def _read_parties(blocks: list[_Block], index: int, report: _Report) -> tuple[_Parties, int]:
    parties = _Parties()
    while index < len(blocks):
        found = _party_label(blocks[index][0].content)
        if found is None:
            break
        _read_party(parties, blocks[index], found, report)
        index += 1
    if parties.sender is None:
        report.add(0, 0, "no sender: expected a line like **From: Name**", field="sender")
    if not parties.recipient:
        report.add(0, 0, "no recipient: expected a line like **To: Name**", field="recipient")
    return parties, index


def _read_party(parties: _Parties, block: _Block, found: tuple[str, str, str],
                report: _Report) -> None:
    key, language, label = found
    values = _party_values(block, label, key, report)
    if parties.language not in (None, language):
        report.at(block[0], f"'{label}' is a label of another language than the one before")
    parties.language = parties.language or language
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


def _party_values(block: _Block, label: str, key: str,
                  report: _Report) -> list[tuple[_Line, str]]:
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
    pairs = [(line, _unwrap_bold(text.strip())) for line, text in zip(block, texts, strict=True)]
    pairs = [(line, text) for line, text in pairs if text]
    return [(line, _plain(text, line, f"{key}[{i}]" if key == "recipient" else key, report))
            for i, (line, text) in enumerate(pairs)]


# --- body, closing and signatory groups -------------------------------------------------------

def _read_rest(blocks: list[_Block], index: int,
               report: _Report) -> tuple[list[_Block], list[SignatoryGroup]]:
    prose: list[_Block] = []
    groups: list[SignatoryGroup] = []
    while index < len(blocks):
        if _starts_group(blocks, index):
            group, index = _read_group(blocks, index, len(groups), report)
            groups.append(group)
            continue
        block = blocks[index]
        if groups:
            for line in block:
                report.at(line, "this line fits no field: after a signatory list only another "
                          "list may follow", "start a new list with a bold heading ending in ':'")
        elif _party_label(block[0].content):
            report.at(block[0], "From:/To: must come before the body",
                      "move the block up, or write the colon as \\: to keep it as text")
        elif not _markup_found(block, report):
            prose.append(block)
        index += 1
    return prose, groups


def _markup_found(block: _Block, report: _Report) -> bool:
    found = False
    for position, line in enumerate(block):
        kind = _markup_kind(line.content, position == 0)
        if kind:
            report.at(line, f"this line fits no field: {kind} has no place in a letter",
                      _MARKUP_HINT)
            found = True
    return found


def _markup_kind(text: str, first: bool) -> str | None:
    item = _ITEM.fullmatch(text)
    if _HEADING.fullmatch(text) or first and re.fullmatch(r"#{1,6}", text):
        return "a heading"
    if _RULE.fullmatch(text):
        return "a horizontal rule or heading underline"
    if re.match(r"[-*+]\s", text):
        return "a bulleted list"
    if item and (first or item.group(1) == "1"):
        return "a numbered list without a bold heading ending in ':' before it"
    if text.startswith(">"):
        return "a block quote"
    if text.startswith(("```", "~~~")):
        return "a code block"
    if text.startswith("|"):
        return "a table"
    return None


def _starts_group(blocks: list[_Block], index: int) -> bool:
    block = blocks[index]
    if not _GROUP_HEADING.fullmatch(block[0].content):
        return False
    if len(block) > 1:
        return _ITEM.fullmatch(block[1].content) is not None
    return index + 1 < len(blocks) and _ITEM.fullmatch(blocks[index + 1][0].content) is not None


def _read_group(blocks: list[_Block], index: int, number: int,
                report: _Report) -> tuple[SignatoryGroup, int]:
    path = f"signatories[{number}]"
    first = blocks[index][0]
    heading_match = _GROUP_HEADING.fullmatch(first.content)
    assert heading_match is not None
    heading = _plain(heading_match.group(1), first, path + ".heading", report)
    lines = list(blocks[index][1:])
    index += 1
    while index < len(blocks) and _ITEM.fullmatch(blocks[index][0].content):
        lines += blocks[index]
        index += 1
    items = _items(lines, report)
    _check_numbers(items, path, report)
    members = tuple(_member(line, text, f"{path}.members[{i}]", report)
                    for i, (line, _, text) in enumerate(items))
    return SignatoryGroup(heading, members, items[0][1]), index


def _items(lines: list[_Line], report: _Report) -> list[tuple[_Line, int, str]]:
    """(line, number, text) per list item; an indented line right under an item continues it."""
    items: list[tuple[_Line, int, str]] = []
    previous = 0
    for line in lines:
        match = _ITEM.fullmatch(line.content)
        if match:
            items.append((line, int(match.group(1)), match.group(2) or ""))
        elif items and line.text[:1].isspace() and line.number == previous + 1:
            first, number, text = items[-1]
            items[-1] = (first, number, f"{text} {line.content}")
        else:
            report.at(line, "this line fits no field: it is not a numbered list item",
                      "number it, indent it under the item it continues, or remove it")
        previous = line.number
    return items


def _check_numbers(items: list[tuple[_Line, int, str]], path: str, report: _Report) -> None:
    """Each number must be one more than the one before; one mistake gives one error.

    After a wrong number the count goes on from it if the next number follows it (a gap or
    a repeat), else from the expected number (a typo).
    """
    expected = items[0][1]
    for i, (line, number, _) in enumerate(items):
        if number != expected:
            report.at(line, f"list number {number} should be {expected}: the numbers of a "
                      "list go up by one", "renumber the list; a new bold heading may restart "
                      "the numbering", f"{path}.members[{i}]")
            following = items[i + 1][1] if i + 1 < len(items) else None
            number = number if following == number + 1 else expected
        expected = number + 1


def _member(line: _Line, text: str, path: str, report: _Report) -> Signatory:
    if not text:
        report.at(line, "empty list item", "write a name after the number", path)
        return Signatory("")
    separator = _SEPARATOR.search(text)
    if separator is None:
        return Signatory(_plain(text, line, path + ".name", report))
    name, organisation = text[:separator.start()].strip(), text[separator.end():].strip()
    if not name or not organisation:
        missing = "name" if not name else "organisation"
        report.at(line, f"no {missing} on the other side of the separator "
                  f"'{separator.group().strip()}'", "write 'Name – Organisation'",
                  f"{path}.{missing}")
    return Signatory(_plain(name, line, path + ".name", report),
                     _plain(organisation, line, path + ".organisation", report))


def _split_prose(prose: list[_Block],
                 report: _Report) -> tuple[tuple[Paragraph, ...], tuple[str, ...]]:
    """Body paragraphs and closing lines (the rule is in the module docstring)."""
    if not prose:
        report.add(0, 0, "no body: expected at least one paragraph after From and To",
                   field="body")
        return (), ()
    cut = len(prose)
    while cut > 1 and _is_closing(prose[cut - 1]):
        cut -= 1
    body = tuple(_paragraph(block, f"body[{i}]", report) for i, block in enumerate(prose[:cut]))
    closing = tuple(_plain(block[0].content, block[0], f"closing[{i}]", report)
                    for i, block in enumerate(prose[cut:]))
    return body, closing


def _is_closing(block: _Block) -> bool:
    text = block[0].content
    return len(block) == 1 and len(text) <= CLOSING_MAX_CHARS and not _styled(_spans(text))


def _paragraph(block: _Block, path: str, report: _Report) -> Paragraph:
    for line in block[:-1]:
        if line.hard_break:
            report.add(line.number, len(line.text) + 1, "a line break inside a paragraph "
                       "cannot be kept", "end the paragraph with a blank line, or remove the "
                       "trailing spaces to join the lines", path)
    spans = tuple(_spans(" ".join(line.content for line in block)))
    for span in spans:
        if span.href is not None and not _SAFE_URL.match(span.href):
            report.at(block[0], f"the link target '{span.href}' is not a web address",
                      _URL_HINT, path)
    return Paragraph(spans)
