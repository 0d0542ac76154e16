"""Layout: a Letter in, pages of positioned lines out. No file is written here.

``lay_out`` states the order: fields -> units (lines broken, keep rules attached) ->
pages (pagination) -> page furniture (running header, "Page N of M") -> the guard (every
glyph inside the text area, every line within the breaker's bounds).
"""

from __future__ import annotations

import math

from ..content import Field, fields, letterhead_fields, page_label, running_header
from ..fonts import FontSet
from ..model import Letter
from ..resolve.images import is_svg, svg_size
from . import geometry as g
from .boxes import Block, Document, Image, Line, Link, Page, Rule, Run
from .flow import Breakable, Columns, FlowBuilder, Unit
from .guard import check_document
from .pages import paginate

__all__ = ["lay_out", "drawings", "Document"]


def lay_out(letter: Letter, fonts: FontSet) -> Document:
    frame = g.frame_for(letter.paper)
    units = _units(letter, fonts, frame)
    pages = paginate(units, frame)
    total = len(pages)
    finished = tuple(_furnish(page, n + 1, total, letter, fonts, frame)
                     for n, page in enumerate(pages))
    title = letter.title or f"{letter.reference} {letter.recipient[0]}"
    document = Document(frame.page_width, frame.page_height, finished, title, letter.sender,
                        title, letter.language)
    check_document(document, frame, fonts)
    return document


Drawings = tuple[tuple[tuple[Rule, ...], tuple[Image, ...]], ...]


def drawings(letter: Letter, fonts: FontSet) -> Drawings:
    """The rules and images of the letter's pages as :func:`lay_out` places them, up to the
    last page that has any, without laying out the rest (check needs them on a letter of
    10,000 signatories, whose layout takes a second). They all belong to the letterhead,
    which opens page 1, and none of its units allows a page break after it: pagination
    places each unit from the ones before it and moves a unit back only after a break it
    allows, so the letterhead alone lands where it lands in the whole letter."""
    frame = g.frame_for(letter.paper)
    flow = FlowBuilder(fonts, letter.language, frame)
    _head(flow, letter, letterhead_fields(letter))
    assert not any(unit.break_after for unit in flow.units if isinstance(unit, Unit))
    pages = [_furnish(page, n + 1, 1, letter, fonts, frame)
             for n, page in enumerate(paginate(flow.units, frame))]
    while pages and not (pages[-1].rules or pages[-1].images):
        pages.pop()
    return tuple((page.rules, page.images) for page in pages)


def _units(letter: Letter, fonts: FontSet, frame: g.Frame) -> list[Unit | Columns | Breakable]:
    flow = FlowBuilder(fonts, letter.language, frame)
    by_kind: dict[str, list[Field]] = {}
    for field in fields(letter):
        by_kind.setdefault(field.kind, []).append(field)
    _head(flow, letter, by_kind["letterhead"])
    flow.pair(by_kind["reference"][0], by_kind["date"][0], g.BODY_SIZE, g.BODY_LEADING,
              g.BODY_LEADING)
    note = by_kind.get("correction", [])
    top = letter.correction.place == "top"
    if note and top:
        flow.text_unit(note[0], g.BODY_SIZE, g.BODY_LEADING, space_before=g.PARAGRAPH_SPACE)
    _parties(flow, by_kind["party"], fonts)
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
    _signatories(flow, letter, fonts)
    if note and not top:
        flow.text_unit(note[0], g.BODY_SIZE, g.BODY_LEADING, space_before=g.PARAGRAPH_SPACE * 2)
    return flow.units


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


def _signatories(flow: FlowBuilder, letter: Letter, fonts: FontSet) -> None:
    printed = [f for f in fields(letter) if f.kind in ("heading", "member")]
    if printed and letter.closing:
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
