"""The parts of a formal letter in a Markdown letter, where Markdown has a natural form for
them: a subject line and a salutation before the body, and the enclosures and copies after
the closing (or the signatory lists).

The rules are in the docstring of :mod:`letterpress.parse.markdown`; each form is one a
writer would type, and none is taken from a line that could be anything else: a subject has
its label, a salutation opens with a salutation's word and ends with its comma or
exclamation mark, and the lists after the closing start with the labels the letter prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...content import LABELS
from ...model import Enclosure, Position
from .blocks import Block, Line, Report, plain, read_spans, styled, unwrap_bold

# The labels a subject line starts with, in each language: no letter prints one (the subject
# is printed bold alone), but a writer marks the line so.
SUBJECT_LABELS = ("Subject:", "Re:", "Mövzu:", "Тема:")
# The words a salutation opens with: "Dear Ms Verhara,", "Hörmətli cənab Nazir!", "Уважаемый
# господин министр!", "Дорогие коллеги!".
SALUTATION_WORDS = ("Dear ", "Hörmətli ", "Əziz ", "Уважаем", "Дорог")
SALUTATION_MAX_CHARS = 120
_ITEM = re.compile(r"(?:\d{1,9}[.)]|[-*+])\s+(.*)")


def _labels(key: str) -> tuple[str, ...]:
    """The label ``key`` prints in every language ("Enclosures: {n}" gives "Enclosures:")."""
    return tuple(dict.fromkeys(LABELS[language][key].split("{")[0].strip()
                               for language in LABELS))


CC_LABELS = ("cc:", "CC:", "Cc:", *_labels("cc"))
ENCLOSURE_LABELS = (*_labels("enclosures"), *_labels("enclosure"))


def _labelled(text: str, labels: tuple[str, ...]) -> tuple[str, str] | None:
    """(label, the rest) if ``text`` starts with one of ``labels``, bare or in bold (the
    label alone, ``**cc:** X``, or the whole line, ``**cc: X**``)."""
    whole = unwrap_bold(text)
    for label in labels:
        for form in (label, f"**{label}**"):
            if text.startswith(form) and (len(text) == len(form) or text[len(form)] == " "):
                return label, text[len(form):].strip()
        if whole != text and whole.startswith(label + " "):
            return label, whole[len(label):].strip()
    return None


def read_opening(prose: list[Block], report: Report) -> tuple[str, str, list[Block]]:
    """The subject and the salutation ("" for none) at the head of the prose, and the prose
    that is left (at least one block stays: the body)."""
    subject = salutation = ""
    if len(prose) > 1 and len(prose[0]) == 1:
        found = _labelled(prose[0][0].content, SUBJECT_LABELS)
        if found is not None and found[1]:
            subject = plain(found[1], prose[0][0], "subject", report)
            prose = prose[1:]
    if len(prose) > 1 and is_salutation(prose[0]):
        salutation = plain(prose[0][0].content, prose[0][0], "salutation", report)
        prose = prose[1:]
    return subject, salutation, prose


def is_salutation(block: Block) -> bool:
    text = block[0].content
    return (len(block) == 1 and len(text) <= SALUTATION_MAX_CHARS
            and text.startswith(SALUTATION_WORDS) and text.endswith((",", "!"))
            and not styled(read_spans(text)))


def starts_tail(block: Block) -> bool:
    """Whether ``block`` starts the enclosures or the copies."""
    text = block[0].content
    return (_labelled(text, ENCLOSURE_LABELS) or _labelled(text, CC_LABELS)) is not None


@dataclass
class Tail:
    """The enclosures and the copies, with where each entry is written."""

    enclosures: list[Enclosure] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    positions: dict[str, Position] = field(default_factory=dict)


def read_tail(blocks: list[Block], index: int, tail: Tail, report: Report) -> int:
    """The enclosures or copies block at ``index`` (a numbered or bulleted list under the
    label may follow after a blank line); where the rest starts."""
    first = blocks[index][0]
    found = _labelled(first.content, ENCLOSURE_LABELS)
    lines = list(blocks[index][1:])
    index += 1
    while index < len(blocks) and _ITEM.fullmatch(blocks[index][0].content):
        lines += blocks[index]
        index += 1
    if found is None:
        _read_copies(first, lines, tail, report)
    else:
        _read_enclosures(first, found, lines, tail, report)
    return index


def _read_copies(first: Line, lines: list[Line], tail: Tail, report: Report) -> None:
    found = _labelled(first.content, CC_LABELS)
    assert found is not None
    entries = ([(first, found[1])] if found[1] else []) + [(line, _item(line)) for line in lines]
    if tail.cc or not entries:
        report.at(first, "a second cc: block" if tail.cc else "cc: names no one",
                  "write the copies once, one to a line after 'cc:'", "cc")
    for line, text in entries:
        path = f"cc[{len(tail.cc)}]"
        tail.cc.append(plain(text, line, path, report))
        tail.positions[path] = _where(report, line)


def _read_enclosures(first: Line, found: tuple[str, str], lines: list[Line], tail: Tail,
                     report: Report) -> None:
    label, rest = found
    entries = [(line, _item(line)) for line in lines]
    if rest and not rest.isdigit():  # "Enclosure: Report, 12 pages": the entry itself
        entries.insert(0, (first, rest))
    elif rest and int(rest) != len(entries):
        report.at(first, f"'{label} {rest}' but {len(entries)} listed",
                  "count the entries listed under it", "enclosures")
    if tail.enclosures or not entries:
        report.at(first, f"a second '{label}' block" if tail.enclosures
                  else f"'{label}' lists nothing",
                  "list the enclosures once, one to a line under the label", "enclosures")
    for line, text in entries:
        path = f"enclosures[{len(tail.enclosures)}]"
        tail.enclosures.append(Enclosure(title=plain(text, line, path, report)))
        tail.positions[path] = _where(report, line)


def _item(line: Line) -> str:
    """A list item's text without its number or bullet; a line that is not an item, whole."""
    match = _ITEM.fullmatch(line.content)
    return match.group(1) if match else line.content


def _where(report: Report, line: Line) -> Position:
    return Position(file=report.filename, line=line.number, column=line.column,
                    end_line=line.number, end_column=len(line.text) + 1)
