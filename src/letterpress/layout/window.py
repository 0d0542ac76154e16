"""The first page of a letter for a window envelope: where the post reads the address.

The figures are DIN 5008:2020's (docs/source-format.md, "A window envelope", says where each
comes from), in millimetres from the sheet's top left corner. The address field is 85 mm
wide and 45 mm tall; from its top down it holds a 5 mm zone for the return address (the
sender's, one small line), a 12.7 mm zone for postal remarks (left empty here) and the
27.3 mm address zone, six lines. Form A sets the field 27 mm from the top (the height of its
letterhead), form B 45 mm; both 20 mm from the left, the text 5 mm inside. The right-hand
window of Swiss (SN 010130) and French letters is form A's field moved to the right, where a
C5/6 envelope with its window on the right shows it.

The letterhead, the reference and the date stand in a column beside the field (DIN 5008's
information block, from 125 mm; for the right-hand window, on the left at the text's
margin), and everything after them starts below both.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..content import Field
from ..errors import LayoutError
from ..fonts import FontSet
from ..model import Letter
from . import geometry as g
from .boxes import Line, Run
from .flow import FlowBuilder, Placed, Unit

RETURN_ZONE_MM = 5.0  # the return address's zone, at the field's top
REMARKS_ZONE_MM = 12.7  # postal remarks ("Registered"), between it and the address
ADDRESS_ZONE_MM = 27.3  # the address itself: six lines
FIELD_WIDTH_MM = 85.0
FIELD_INSET_MM = 5.0  # from the field's left edge to the text
PUNCH_MM = 148.5  # the punch (hole) mark: the middle of an A4 sheet
MARK_FROM_MM, MARK_TO_MM = 5.0, 10.0  # a fold mark's ends, from the left edge
PUNCH_TO_MM = 12.0  # the punch mark is longer, so the two are told apart
COLUMN_GAP_MM = 20.0  # between the address field and the column beside it

ADDRESS_SIZE, ADDRESS_LEADING = 10.0, 12.0  # six lines: 72 pt = 25.4 mm of 27.3
RETURN_SIZE, RETURN_SMALLEST = 7.0, 6.0  # DIN 5008 advises 8 pt at most, 6 pt at least
RETURN_DEPTH_MM = 1.2  # the return line's baseline above its zone's foot


@dataclass(frozen=True, slots=True)
class Form:
    """Where a window's field stands, and where the sheet folds to show it."""

    field_left_mm: float
    field_top_mm: float
    folds_mm: tuple[float, float]
    column_left_mm: float  # the letterhead's column beside the field
    column_right_mm: float

    @property
    def address_top_mm(self) -> float:
        return self.field_top_mm + RETURN_ZONE_MM + REMARKS_ZONE_MM

    @property
    def field_bottom_mm(self) -> float:
        return self.address_top_mm + ADDRESS_ZONE_MM


_TEXT_RIGHT_MM = g.PAPER_MM["a4"][0] - g.MARGIN_RIGHT_MM
# The right-hand window: SN 010130's C5/6 window is 90 x 40 mm, 17 mm from the envelope's
# right edge; a 210 mm sheet in a 229 mm envelope stands 9.5 mm in from either side, so the
# window begins 112.5 mm from the sheet's left edge. Vertically form A's field shows in it.
FORMS: dict[str, Form] = {
    "din-a": Form(20.0, 27.0, (87.0, 192.0), 125.0, _TEXT_RIGHT_MM),
    "din-b": Form(20.0, 45.0, (105.0, 210.0), 125.0, _TEXT_RIGHT_MM),
    "right": Form(112.5, 27.0, (87.0, 192.0), g.MARGIN_LEFT_MM, 112.5 - COLUMN_GAP_MM),
}


def head_unit(letter: Letter, fields: Sequence[Field], fonts: FontSet, frame: g.Frame) -> Unit:
    """The first page's head as one unit placed at the top of the text area: the letterhead,
    the reference and the place and date in the column, the return address and the postal
    address in the field, and the fold and punch marks if asked for."""
    assert letter.window is not None
    form = FORMS[letter.window]
    mm = g.MM
    top_mm = g.MARGIN_TOP_MM  # the unit's top: depths are measured from it
    by_kind: dict[str, list[Field]] = {}
    for field in fields:
        by_kind.setdefault(field.kind, []).append(field)

    beside = g.Frame(frame.page_width, frame.page_height, form.column_left_mm * mm,
                     (form.column_right_mm - form.column_left_mm) * mm, frame.top_first,
                     frame.top_later, frame.bottom)
    flow = FlowBuilder(fonts, letter.language, beside)
    head = by_kind["letterhead"]
    if letter.letterhead.logo_data:
        flow.image(letter.letterhead.logo_data, g.LOGO_MM * mm)
    flow.text_unit(head[0], g.NAME_SIZE, g.NAME_LEADING)
    for field in head[1:]:
        flow.text_unit(field, g.LETTERHEAD_SIZE, g.LETTERHEAD_LEADING,
                       space_before=2.0 if field is head[1] else 0.0)
    flow.text_unit(by_kind["reference"][0], g.BODY_SIZE, g.BODY_LEADING,
                   space_before=g.BODY_LEADING)
    dated = [*by_kind.get("place", []), by_kind["date"][0]]
    if len(dated) == 1 or not flow.on_one_line(dated[0], dated[1], g.BODY_SIZE,
                                               g.BODY_LEADING, 0.0, True):
        for field in dated:
            flow.text_unit(field, g.BODY_SIZE, g.BODY_LEADING)

    column: list[Placed] = []
    images = []
    depth = 0.0
    for k, unit in enumerate(flow.units):
        assert isinstance(unit, Unit), "a head's fields are short"
        depth += unit.space_before if k else 0.0
        column += [Placed(p.kind, p.path, p.line, depth + p.depth) for p in unit.lines]
        images += [(data, x, depth + d, w, h) for data, x, d, w, h in unit.images]
        depth += unit.height
    column_depth = depth

    # the field: the return address at the foot of its zone, then the address zone's lines
    left = (form.field_left_mm + FIELD_INSET_MM) * mm
    right = min(form.field_left_mm + FIELD_WIDTH_MM, _TEXT_RIGHT_MM) * mm
    width = right - left
    sender = by_kind["return"][0]
    lines = [Placed(sender.kind, sender.path, _one_line(
        sender, fonts, left, width, *_return_size(letter, sender, fonts, width)),
        (form.address_top_mm - REMARKS_ZONE_MM - RETURN_DEPTH_MM - top_mm) * mm)]
    first = (form.address_top_mm - top_mm) * mm + ADDRESS_SIZE
    for k, field in enumerate(by_kind.get("address", [])):
        if fonts.width(field.spans[0].text, "regular", ADDRESS_SIZE) > width:
            raise LayoutError(f"the line is wider than the window's address field "
                              f"({width / mm:.0f} mm at {ADDRESS_SIZE:g} pt)",
                              hint="break it into two lines (six at most)", field=field.path)
        lines.append(Placed(field.kind, field.path,
                            _one_line(field, fonts, left, width, ADDRESS_SIZE, 1.0),
                            first + ADDRESS_LEADING * k))
    # drawn (and so read) from left to right: text on one baseline is never run together
    lines = column + lines if form.column_left_mm < form.field_left_mm else lines + column

    rules = []
    if letter.marks:
        rules = [(MARK_FROM_MM * mm, MARK_TO_MM * mm, (at - top_mm) * mm)
                 for at in form.folds_mm]
        rules.append((MARK_FROM_MM * mm, PUNCH_TO_MM * mm, (PUNCH_MM - top_mm) * mm))
    height = max(column_depth, (form.field_bottom_mm - top_mm) * mm)
    return Unit(tuple(lines), height, 0.0, False, tuple(rules), tuple(images))


def _return_size(letter: Letter, field: Field, fonts: FontSet, width: float
                 ) -> tuple[float, float]:
    """The return line's size, made smaller to fit the field (never below 6 pt), and
    nothing else changed (scale 1)."""
    text = field.spans[0].text
    natural = fonts.width(text, "regular", RETURN_SIZE)
    if natural <= width:
        return RETURN_SIZE, 1.0
    size = math.floor(RETURN_SIZE * width / natural * 100) / 100
    if size < RETURN_SMALLEST:
        raise LayoutError(f"the return address ({text!r}) does not fit the window's "
                          f"{width / g.MM:.0f} mm at {RETURN_SMALLEST:g} pt",
                          hint="write a shorter one as the letter's 'return_address'",
                          field="return_address" if letter.return_address
                          else "letterhead.address")
    return size, 1.0


def _one_line(field: Field, fonts: FontSet, x: float, width: float, size: float,
              scale: float) -> Line:
    text = field.spans[0].text
    natural = fonts.width(text, "regular", size)
    assert natural <= width + 1e-6 and scale == 1.0
    return Line(x, 0.0, (Run(text, "regular", size),), width=natural)
