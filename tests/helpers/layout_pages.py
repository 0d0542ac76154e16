"""Where a laid-out letter puts each of its fields."""

from __future__ import annotations

from letterpress.fonts import FontSet
from letterpress.layout import lay_out
from letterpress.model import Letter


def pages_of(letter: Letter, fonts: FontSet) -> dict[str, list[int]]:
    """For each field, the pages its lines stand on, one entry a line."""
    out: dict[str, list[int]] = {}
    for page in lay_out(letter, fonts).pages:
        for block in page.blocks:
            out.setdefault(block.path, []).extend([page.number] * len(block.lines))
    return out
