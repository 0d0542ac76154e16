"""Pagination: place units on pages, ending a page only where a unit allows it."""

from __future__ import annotations

from ..errors import LayoutError
from .flow import Breakable, Columns, Unit
from .geometry import Frame


def paginate(flow: list[Unit | Columns | Breakable],
             frame: Frame) -> list[list[tuple[Unit, float]]]:
    """Return, per page, the units with the y of their top edge.

    When a unit does not fit, the page ends after the last unit on it that allows a break
    (its ``break_after``), and everything after that moves on, so keep-together rules
    are never broken while a page has a legal place to end. Only a chain of held units
    taller than a whole page is broken where it overflows.
    """
    pages: list[list[tuple[Unit, float]]] = [[]]
    units = list(flow)
    y = frame.top_first
    i = 0
    while i < len(units):
        unit = units[i]
        page = pages[-1]
        if isinstance(unit, Breakable):
            units[i:i + 1] = unit.choose(y - frame.bottom if page else float("inf"))
            continue
        space = unit.space_before if page else 0.0
        if isinstance(unit, Columns):
            taken = unit.take(y - space - frame.bottom)
            if taken is not None:
                units[i:i + 1] = [taken[0]] + ([taken[1]] if taken[1] else [])
                continue
            if not page:
                first = unit.entries[0]
                alone = first.height > frame.top_later - frame.bottom
                raise LayoutError("the entry is taller than a page" if alone else
                                  "with the entry after it, taller than a page",
                                  hint=_HINT, field=_name(first))
        elif not page or y - space - unit.height >= frame.bottom:
            if unit.height > frame.top_later - frame.bottom:
                raise LayoutError("the entry is taller than a page", hint=_HINT,
                                  field=_name(unit))
            page.append((unit, y - space))
            y -= space + unit.height
            i += 1
            continue
        keep = _last_break(page)
        if keep is not None:
            del page[keep + 1:]
            i = _index_after(units, page)
        pages.append([])
        y = frame.top_later
    return pages


def _last_break(page: list[tuple[Unit, float]]) -> int | None:
    for k in range(len(page) - 1, -1, -1):
        if page[k][0].break_after:
            return k
    return None


def _index_after(units: list[Unit | Columns | Breakable], page: list[tuple[Unit, float]]) -> int:
    last = page[-1][0]
    for k, unit in enumerate(units):
        if unit is last:
            return k + 1
    raise AssertionError("a placed unit comes from the list")


_HINT = "shorten the text, or split it into several entries or paragraphs"


def _name(unit: Unit) -> str:
    return unit.lines[0].path if unit.lines else "a rule"
