"""Layout: a Letter in, pages of positioned lines out. No file is written here.

``lay_out`` states the order: fields -> units (lines broken, keep rules attached) ->
pages (pagination) -> page furniture (running header, "Page N of M") -> the guard (every
glyph inside the text area, every line within the breaker's bounds).
"""

from __future__ import annotations

import math

from ..content import Field, fields, letterhead_fields, page_label, pdf_title, running_header
from ..fonts import FontSet
from ..model import Letter
from ..resolve.images import is_svg, svg_size
from . import geometry as g
from .boxes import Block, Document, Image, Line, Link, Page, Rule, Run
from .flow import Breakable, Columns, FlowBuilder, Unit
from .guard import check_document
from .pages import paginate
from .window import head_unit

__all__ = ["lay_out", "drawings", "Document"]


def lay_out(letter: Letter, fonts: FontSet) -> Document:
    frame = g.frame_for(letter.paper)
    units = _units(letter, fonts, frame)
    pages = paginate(units, frame)
    total = len(pages)
    finished = tuple(_furnish(page, n + 1, total, letter, fonts, frame)
                     for n, page in enumerate(pages))
    title = pdf_title(letter)
    document = Document(frame.page_width, frame.page_height, finished, title, letter.sender,
                        title, letter.language)
    check_document(document, frame, fonts)
    return document


Drawings = tuple[tuple[tuple[Rule, ...], tuple[Image, ...]], ...]


def drawings(letter: Letter, fonts: FontSet) -> Drawings:
    """The rules and images of the letter's pages as :func:`lay_out` places them, up to the
    last page that has any, without laying out the rest (check needs them on a letter of
    10,000 signatories, whose layout takes a second). Without a signature block they all
    belong to the letterhead, which opens page 1, and none of its units allows a page break
    after it: pagination places each unit from the ones before it and moves a unit back
    only after a break it allows, so the letterhead alone lands where it lands in the whole
    letter. With one, the lines to sign on are placed too, laying out the letter up to the
    block's end (the signatories after it are left out)."""
    frame = g.frame_for(letter.paper)
    if letter.signature is not None:
        # The lines to sign on stand where the signature block falls: the letter is laid
        # out up to the block's end, which allows a page break after it (nothing after it
        # moves it back), so it lands where it lands in the whole letter.
        units = _units(letter, fonts, frame, through_signature=True)
    elif letter.window is not None:
        # the whole head is one unit, and the letter's first: it lands at the page's top
        head = [f for f in fields(letter) if f.kind in _WINDOW_HEAD]
        units = [head_unit(letter, head, fonts, frame)]
    else:
        flow = FlowBuilder(fonts, letter.language, frame)
        _head(flow, letter, letterhead_fields(letter))
        assert not any(unit.break_after for unit in flow.units if isinstance(unit, Unit))
        units = flow.units
    pages = [_furnish(page, n + 1, 1, letter, fonts, frame)
             for n, page in enumerate(paginate(units, frame))]
    while pages and not (pages[-1].rules or pages[-1].images):
        pages.pop()
    return tuple((page.rules, page.images) for page in pages)


def _units(letter: Letter, fonts: FontSet, frame: g.Frame, through_signature: bool = False
           ) -> list[Unit | Columns | Breakable]:
    """The letter's units in reading order (with ``through_signature``, up to the end of its
    signature block)."""
    flow = FlowBuilder(fonts, letter.language, frame)
    by_kind: dict[str, list[Field]] = {}
    every = fields(letter)
    for field in every:
        by_kind.setdefault(field.kind, []).append(field)
    if letter.window is not None:
        head = [f for kind in _WINDOW_HEAD for f in by_kind.get(kind, [])]
        flow.units.append(head_unit(letter, head, fonts, frame))
    else:
        _head(flow, letter, by_kind["letterhead"])
        flow.pair(by_kind["reference"][0], [*by_kind.get("place", []), by_kind["date"][0]],
                  g.BODY_SIZE, g.BODY_LEADING, g.BODY_LEADING)
    note = by_kind.get("correction", [])
    top = letter.correction.place == "top"
    if note and top:
        flow.text_unit(note[0], g.BODY_SIZE, g.BODY_LEADING, space_before=g.PARAGRAPH_SPACE)
    _parties(flow, by_kind["party"], fonts)
    # the subject and the salutation: each a blank line below what stands above, held with
    # what follows, so neither ends a page (the salutation stays with the body's first two
    # lines, the first piece a paragraph may be cut into)
    for field in by_kind.get("subject", []) + by_kind.get("salutation", []):
        flow.text_unit(field, g.BODY_SIZE, g.BODY_LEADING, space_before=g.BODY_LEADING)
        flow.hold_previous()
    for k, para in enumerate(by_kind.get("paragraph", [])):
        flow.text_unit(para, g.BODY_SIZE, g.BODY_LEADING, justify=True,
                       space_before=g.BODY_LEADING if k == 0 else g.PARAGRAPH_SPACE,
                       break_inside=True)
    closing = by_kind.get("closing", [])
    if closing and by_kind.get("paragraph"):
        flow.hold_previous()  # the closing goes with the body's last lines (two at least)
    for k, line in enumerate(closing):
        if k:
            flow.hold_previous()  # and its lines stay together: never one alone at a foot
        flow.text_unit(line, g.BODY_SIZE, g.BODY_LEADING,
                       space_before=g.PARAGRAPH_SPACE * 2 if k == 0 else 0.0)
    if letter.signature is not None:
        _signature(flow, letter, by_kind.get("signature", []), by_kind.get("signer", []),
                   above=closing or by_kind.get("paragraph", []))
        if through_signature:
            return flow.units
    _signatories(flow, letter, fonts, [f for f in every if f.kind in ("heading", "member")])
    _after_closing(flow, by_kind, fonts)
    if note and not top:
        flow.text_unit(note[0], g.BODY_SIZE, g.BODY_LEADING, space_before=g.PARAGRAPH_SPACE * 2)
    return flow.units


# the fields a window letter's head sets (layout/window.py), the rest flowing below it
_WINDOW_HEAD = frozenset({"letterhead", "return", "address", "reference", "place", "date"})


def _head(flow: FlowBuilder, letter: Letter, head: list[Field]) -> None:
    """The logo, the letterhead's lines and its rule: every rule and image a letter has."""
    logo = letter.letterhead.logo_data
    if logo:
        flow.image(logo, g.LOGO_MM * g.MM, svg_size(logo) if is_svg(logo) else None)
    flow.text_unit(head[0], g.NAME_SIZE, g.NAME_LEADING, align="center", break_after=False)
    for field in head[1:]:
        flow.text_unit(field, g.LETTERHEAD_SIZE, g.LETTERHEAD_LEADING, align="center",
                       space_before=2.0 if field is head[1] else 0.0, break_after=False)
    flow.rule(4.0, 6.0)
    flow.hold_previous()


def _parties(flow: FlowBuilder, parties: list[Field], fonts: FontSet) -> None:
    indent = 0.0
    for k, party in enumerate(parties):
        if party.label:
            indent = fonts.width(party.label + " ", "bold", g.BODY_SIZE)
            flow.text_unit(party, g.BODY_SIZE, g.BODY_LEADING, hanging=indent,
                           space_before=g.BODY_LEADING if k == 0 else g.PARAGRAPH_SPACE / 2)
        else:
            flow.text_unit(party, g.BODY_SIZE, g.BODY_LEADING, indent=indent)
        flow.hold_previous()


def _signature(flow: FlowBuilder, letter: Letter, when: list[Field], signers: list[Field],
               above: list[Field]) -> None:
    """The signature block: the place and date, then the signers two to a row (one alone at
    the left), each with room for the ink above a line to sign on. It goes with what stands
    above it (the closing, which goes with the body's last two lines), all on one page; a
    block taller than a page may break after any row of signers, so at least the first one
    stays with the closing."""
    if above:
        flow.hold_previous()
    first = len(flow.units)
    space = g.PARAGRAPH_SPACE * 2
    if len(when) == 2 and flow.on_one_line(when[0], when[1], g.BODY_SIZE, g.BODY_LEADING,
                                           space, break_after=False):
        when = []
    for k, field in enumerate(when):
        flow.text_unit(field, g.BODY_SIZE, g.BODY_LEADING, space_before=space if k == 0 else 0.0,
                       break_after=False)
    count = len(letter.signature.signers) if letter.signature else 0
    columns = [[f for f in signers if f.path.startswith(f"signature.signers[{i}].")]
               for i in range(count)]
    rows = [columns[i:i + 2] for i in range(0, count, 2)]
    made = []
    for n, row in enumerate(rows):
        flow.signers_row(row, g.LIST_SIZE, g.LIST_LEADING, g.SIGN_ROOM_MM * g.MM,
                         g.SIGN_RULE_MM * g.MM, g.SIGN_COLUMN_GAP_MM * g.MM, g.SIGN_TEXT_GAP,
                         space_before=0.0, break_after=n == len(rows) - 1)
        made.append(flow.units[-1])
    # the chain held together: the block, the closing above it and the body's last two lines
    chain = sum(u.height + u.space_before for u in flow.units[first:] if isinstance(u, Unit))
    chain += sum(u.height + u.space_before for u in flow.units[:first]
                 if isinstance(u, Unit) and u.lines and u.lines[0].kind == "closing")
    chain += 2 * g.BODY_LEADING
    if chain > flow.frame.top_later - flow.frame.bottom:
        for k, unit in enumerate(flow.units):  # too tall for a page: a break after each row
            if isinstance(unit, Unit) and any(unit is row for row in made):
                flow.units[k] = Unit(unit.lines, unit.height, unit.space_before, True,
                                     unit.rules)


def _signatories(flow: FlowBuilder, letter: Letter, fonts: FontSet,
                 printed: list[Field]) -> None:
    """The signatories' groups: ``printed`` are their headings' and members' fields, in
    reading order."""
    if printed and letter.closing and letter.signature is None:
        flow.hold_previous()  # the closing stays with the heading and the first entries
    widest = max((fonts.width(f.label, "regular", g.LIST_SIZE) for f in printed if f.label),
                 default=0.0)
    gutter = g.COLUMN_GAP_MM * g.MM
    for n, group in enumerate(letter.signatories):
        heading, *members = [f for f in printed if f.path.startswith(f"signatories[{n}].")]
        flow.text_unit(heading, g.BODY_SIZE, g.BODY_LEADING, space_before=g.BODY_LEADING,
                       break_after=False)
        measure = (flow.frame.measure - gutter) / 2 if group.columns == 2 else None
        made = [flow.entry(m.label, m, g.LIST_SIZE, g.LIST_LEADING, widest, 0.0,
                           break_after=k >= 1, measure=measure) for k, m in enumerate(members)]
        if group.columns == 2:
            flow.columns(made, gutter)


def _after_closing(flow: FlowBuilder, by_kind: dict[str, list[Field]], fonts: FontSet) -> None:
    """The enclosures and the copies, after everything signed, in the body's size, each
    entry hanging beside its label or number: the count ("Enclosures: 2") stays with the
    first two entries, and the first line of either list with the line after it."""
    count = by_kind.get("enclosures", [])
    items = by_kind.get("enclosure", [])
    copies = by_kind.get("cc", [])
    space = g.PARAGRAPH_SPACE * 2
    if count:
        flow.text_unit(count[0], g.BODY_SIZE, g.BODY_LEADING, space_before=space,
                       break_after=False)
        widest = max(fonts.width(f.label, "regular", g.BODY_SIZE) for f in items)
        for k, item in enumerate(items):
            flow.entry(item.label, item, g.BODY_SIZE, g.BODY_LEADING, widest, 0.0,
                       break_after=k >= 1)
    elif items:
        _labelled(flow, items, fonts, space)
    if copies:
        _labelled(flow, copies, fonts, space if not items else g.PARAGRAPH_SPACE)


def _labelled(flow: FlowBuilder, lines: list[Field], fonts: FontSet, space: float) -> None:
    """A labelled list ("cc:" and its lines): the lines after the first under the text, not
    under the label; the first line held with the second."""
    indent = fonts.width(lines[0].label + " ", "regular", g.BODY_SIZE)
    for k, line in enumerate(lines):
        if k:
            flow.text_unit(line, g.BODY_SIZE, g.BODY_LEADING, indent=indent)
        else:
            flow.text_unit(line, g.BODY_SIZE, g.BODY_LEADING, hanging=indent,
                           space_before=space)
        if k == 0 and len(lines) > 1:
            flow.hold_previous()


def _furnish(units: list[tuple[Unit, float]], number: int, total: int, letter: Letter,
             fonts: FontSet, frame: g.Frame) -> Page:
    """Place the units at their page positions and add the running header and page label."""
    blocks: list[Block] = []
    if number > 1:
        blocks.append(_furniture(running_header(letter), fonts, frame,
                                 frame.page_height - g.HEADER_MM * g.MM))
    blocks += _blocks(units, fonts)
    rules = [Rule(x0, top - depth, x1, top - depth)
             for unit, top in units for x0, x1, depth in unit.rules]
    images = [Image(data, x, top - depth, w, h)
              for unit, top in units for data, x, depth, w, h in unit.images]
    if total > 1:
        blocks.append(_furniture(page_label(letter.language, number, total), fonts, frame,
                                 g.FOOTER_MM * g.MM))
    return Page(number, tuple(blocks), tuple(rules), tuple(images))


def _blocks(units: list[tuple[Unit, float]], fonts: FontSet) -> list[Block]:
    """The placed lines grouped by field; a list number joins its entry's block."""
    blocks: list[Block] = []
    label: tuple[Line, ...] = ()
    for unit, top in units:
        for placed in unit.lines:
            line = placed.line.at(placed.line.x, top - placed.depth)
            if placed.kind == "label":
                label += (line,)  # the entry's own lines follow at once, in the same unit
            elif not label and blocks and (blocks[-1].path, blocks[-1].kind) == (
                    placed.path, placed.kind):
                last = blocks[-1]
                blocks[-1] = Block(last.kind, last.path, last.lines + (line,), last.label)
            else:
                blocks.append(Block(placed.kind, placed.path, (line,), label))
                label = ()
    return [Block(b.kind, b.path, b.lines, b.label, _links(b.lines, fonts))
            if any(run.href for line in b.lines for run in line.runs) else b for b in blocks]


def _links(lines: tuple[Line, ...], fonts: FontSet) -> tuple[Link, ...]:
    """One clickable area per linked run, from the glyph advances and the line's spacing."""
    links = []
    for line in lines:
        x = line.x
        for run in line.runs:
            width = (fonts.width(run.text, run.style, run.size)
                     + run.text.count(" ") * line.word_space + len(run.text) * line.char_space)
            width *= line.scale
            if run.href:
                links.append(Link(x, line.y - run.size * 0.25, x + width,
                                  line.y + run.size * 0.8, run.href))
            x += width
    return tuple(links)


def _furniture(text: str, fonts: FontSet, frame: g.Frame, y: float) -> Block:
    """A line of page furniture, centred on the text area; a running header of the widest
    glyphs (a reference of em dashes) is set smaller until it fits the measure: at most 60
    characters of at most 4/3 em (the widest advance of the fonts) never go below 5.8 pt."""
    size = g.FURNITURE_SIZE
    width = fonts.width(text, "regular", size)
    if width > frame.measure:
        # rounded down to 1/100 pt, so the smaller line is never wider than the measure
        size = math.floor(size * frame.measure / width * 100) / 100
        width = fonts.width(text, "regular", size)
    line = Line(frame.left + (frame.measure - width) / 2, y,
                (Run(text, "regular", size),), width=width)
    return Block("furniture", "", (line,))
