"""How deep a letter's YAML nests is known before it is composed (libyaml's composer recurses
once a level). A file with many indicators is parsed to events first, and refused past the
limit, unless a bound from the columns at which collections can start and from the brackets
clears it. These tests nest exactly one level past the limit, and exactly to it, in every way
that opens a level within few columns (compact lists, lists as mapping values sharing their
mapping's column, explicit keys, flow brackets), among enough list items that the count of
indicators alone would not clear the file; and read a long but shallow letter."""

from __future__ import annotations

import pytest
from helpers.sources import parse, problems, source

from letterpress.errors import SourceError

LIMIT = 64
MESSAGE = f"the YAML nests more than {LIMIT} levels deep"


def compact(levels: int) -> str:
    return "\n  " + "- " * levels + "x"


def alternating(levels: int) -> str:
    """A list as a mapping's value at the mapping's own column, a mapping in each item: two
    levels for every two columns."""
    pairs, odd = divmod(levels, 2)
    lines = [" " * (2 * i) + "- a:" for i in range(pairs)]
    lines.append(" " * (2 * pairs) + ("- x" if odd else "x"))
    return "\n" + "\n".join(lines)


def explicit(levels: int) -> str:
    return "\n  " + "? " * levels + "x"


def flow(levels: int) -> str:
    return " " + "[" * levels + "]" * levels


# list items enough that counting indicators alone never clears the file
PADDING = ("body:", *(f"  - Paragraph {i}." for i in range(600)))
SHAPES = {"compact": compact, "alternating": alternating, "explicit": explicit, "flow": flow}


def depth_messages(text: str) -> list[str]:
    try:
        parse(text)
    except SourceError:
        return [d.message for d in problems(text) if d.message == MESSAGE]
    return []


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_one_level_past_the_limit_is_refused(shape: str) -> None:
    # the letter's own mapping is the first level; "closing:" holds the rest
    assert depth_messages(source((8, ""), (9, ""),
                                 extra=(*PADDING, "closing:" + SHAPES[shape](LIMIT)))) == [MESSAGE]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_nesting_to_the_limit_is_not_refused_for_depth(shape: str) -> None:
    text = source((8, ""), (9, ""),
                  extra=(*PADDING, "closing:" + SHAPES[shape](LIMIT - 1)))
    assert depth_messages(text) == []


def test_a_long_shallow_letter_is_read() -> None:
    """Thousands of list items and colons inside the text: nothing about depth."""
    members = [f"      - name: \"Member {i}: of the board - {i}\"\n        organisation: Union {i}"
               for i in range(3000)]
    text = source(extra=("signatories:", "  - heading: Members", "    members:", *members))
    letter, _ = parse(text)
    assert len(letter.signatories[0].members) == 3000
