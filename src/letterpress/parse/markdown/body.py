"""Everything after From and To in a Markdown letter: body paragraphs, closing lines, and
numbered signatory lists under a bold heading.

The rules are in the docstring of :mod:`letterpress.parse.markdown`.
"""

from __future__ import annotations

import re

from ...inline import URL_HINT, is_safe_url
from ...model import Paragraph, Signatory, SignatoryGroup
from .blocks import HEADING, Block, Line, Report, plain, read_spans, styled
from .head import party_label
from .parts import Tail, read_tail, starts_tail

CLOSING_MAX_CHARS = 120
_GROUP_HEADING = re.compile(r"\*\*((?:(?!\*\*).)+:)\*\*")
_ITEM = re.compile(r"(\d{1,9})[.)](?:\s+(.*))?")
_SEPARATOR = re.compile(r"\s*[–—]\s*|\s+--?\s*|(?<=[^\s\\])--?\s+")
_RULE = re.compile(r"([-*_=])(?:\s*\1){2,}")
_MARKUP_HINT = "a letter holds paragraphs, closing lines and numbered signatory lists only"


# --- body, closing and signatory groups -------------------------------------------------------

def read_rest(blocks: list[Block], index: int,
              report: Report) -> tuple[list[Block], list[SignatoryGroup], Tail]:
    """The prose blocks (body and closing), the signatory groups, and the enclosures and
    copies after them, from ``index`` on."""
    prose: list[Block] = []
    groups: list[SignatoryGroup] = []
    tail = Tail()
    while index < len(blocks):
        if starts_tail(blocks[index]):
            index = read_tail(blocks, index, tail, report)
            continue
        if tail.enclosures or tail.cc:
            for line in blocks[index]:
                report.at(line, "this line fits no field: after the enclosures and the copies "
                          "nothing else may follow", "move it above them")
            index += 1
            continue
        if _starts_group(blocks, index):
            group, index = _read_group(blocks, index, len(groups), report)
            groups.append(group)
            continue
        block = blocks[index]
        if groups:
            for line in block:
                report.at(line, "this line fits no field: after a signatory list only another "
                          "list may follow", "start a new list with a bold heading ending in ':'")
        elif party_label(block[0].content):
            report.at(block[0], "From:/To: must come before the body",
                      "move the block up, or write the colon as \\: to keep it as text")
        elif not _markup_found(block, report):
            prose.append(block)
        index += 1
    return prose, groups, tail


def _markup_found(block: Block, report: Report) -> bool:
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
    if HEADING.fullmatch(text) or first and re.fullmatch(r"#{1,6}", text):
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


def _starts_group(blocks: list[Block], index: int) -> bool:
    block = blocks[index]
    if not _GROUP_HEADING.fullmatch(block[0].content):
        return False
    if len(block) > 1:
        return _ITEM.fullmatch(block[1].content) is not None
    return index + 1 < len(blocks) and _ITEM.fullmatch(blocks[index + 1][0].content) is not None


def _read_group(blocks: list[Block], index: int, number: int,
                report: Report) -> tuple[SignatoryGroup, int]:
    path = f"signatories[{number}]"
    first = blocks[index][0]
    heading_match = _GROUP_HEADING.fullmatch(first.content)
    assert heading_match is not None
    heading = plain(heading_match.group(1), first, path + ".heading", report)
    lines = list(blocks[index][1:])
    index += 1
    while index < len(blocks) and _ITEM.fullmatch(blocks[index][0].content):
        lines += blocks[index]
        index += 1
    items = _items(lines, report)
    _check_numbers(items, path, report)
    members = tuple(_member(line, text, f"{path}.members[{i}]", report)
                    for i, (line, _, text) in enumerate(items))
    return SignatoryGroup(heading=heading, members=members, start=items[0][1]), index


def _items(lines: list[Line], report: Report) -> list[tuple[Line, int, str]]:
    """(line, number, text) per list item; an indented line right under an item continues it."""
    items: list[tuple[Line, int, str]] = []
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


def _check_numbers(items: list[tuple[Line, int, str]], path: str, report: Report) -> None:
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


def _member(line: Line, text: str, path: str, report: Report) -> Signatory:
    if not text:
        report.at(line, "empty list item", "write a name after the number", path)
        return Signatory(name="")
    separator = _SEPARATOR.search(text)
    if separator is None:
        return Signatory(name=plain(text, line, path + ".name", report))
    name, organisation = text[:separator.start()].strip(), text[separator.end():].strip()
    if not name or not organisation:
        missing = "name" if not name else "organisation"
        report.at(line, f"no {missing} on the other side of the separator "
                  f"'{separator.group().strip()}'", "write 'Name – Organisation'",
                  f"{path}.{missing}")
    return Signatory(name=plain(name, line, path + ".name", report),
                     organisation=plain(organisation, line, path + ".organisation", report))


def split_prose(prose: list[Block],
                report: Report) -> tuple[tuple[Paragraph, ...], tuple[str, ...]]:
    """Body paragraphs and closing lines (the rule is in the module docstring)."""
    if not prose:
        report.add(0, 0, "no body: expected at least one paragraph after From and To",
                   field="body")
        return (), ()
    cut = len(prose)
    while cut > 1 and _is_closing(prose[cut - 1]):
        cut -= 1
    body = tuple(_paragraph(block, f"body[{i}]", report) for i, block in enumerate(prose[:cut]))
    closing = tuple(plain(block[0].content, block[0], f"closing[{i}]", report)
                    for i, block in enumerate(prose[cut:]))
    return body, closing


def _is_closing(block: Block) -> bool:
    text = block[0].content
    return len(block) == 1 and len(text) <= CLOSING_MAX_CHARS and not styled(read_spans(text))


def _paragraph(block: Block, path: str, report: Report) -> Paragraph:
    for line in block[:-1]:
        if line.hard_break:
            report.add(line.number, len(line.text) + 1, "a line break inside a paragraph "
                       "cannot be kept", "end the paragraph with a blank line, or remove the "
                       "trailing spaces to join the lines", path)
    spans = read_spans(" ".join(line.content for line in block))
    for span in spans:
        if span.href is not None and not is_safe_url(span.href):
            report.at(block[0], f"the link target '{span.href}' is not a web address",
                      URL_HINT, path)
    return Paragraph(spans=spans)
