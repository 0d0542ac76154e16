"""align.in_order: the one-pass answer compare.py takes for a faithful text must be the answer
of the full alignment. Generated fields are printed (their words broken at line ends, with
the hyphens a layout adds, or not) and then mutated (a word dropped, changed or added, two
fields swapped, a field repeated); in_order says yes exactly when the heaviest chain matches
every field and leaves no token between, before or after the matches."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letterpress.check import align
from letterpress.check.align import Expected, Token

WORDS = st.sampled_from(["0", "0.", "a", "ab", "abc", "occupied", "Nagorno-Karabakh", "x-y",
                         "Union", "1.", "2.", "–"])
FIELDS = st.lists(st.lists(WORDS, min_size=1, max_size=4), min_size=1, max_size=6)


def printed(fields: list[list[str]], breaks: list[int]) -> list[Token]:
    """The fields' words one after another, some broken at a line end (a hyphen added when
    ``breaks`` says 2, the word split bare when 1)."""
    tokens: list[Token] = []
    k = 0
    for words in fields:
        for i, word in enumerate(words):
            how = breaks[k % len(breaks)] if breaks else 0
            k += 1
            if how and len(word) > 1:
                cut = len(word) // 2
                head = word[:cut] + ("\u2010" if how == 2 else "")
                tokens += [Token(head, True, 1), Token(word[cut:], False, 1)]
            else:
                tokens.append(Token(word, i == len(words) - 1, 1))
    return tokens


def mutate(tokens: list[Token], how: int, at: int) -> list[Token]:
    if not tokens or how == 0:
        return tokens
    i = at % len(tokens)
    if how == 1:
        return tokens[:i] + tokens[i + 1:]
    if how == 2:
        return [*tokens[:i], Token(tokens[i].text + "z", tokens[i].line_end, 1), *tokens[i + 1:]]
    if how == 3:
        return [*tokens[:i], Token("stray", False, 1), *tokens[i:]]
    if how == 4:
        return tokens[i:] + tokens[:i]
    return tokens + tokens[:i + 1]


def aligned_fully(tokens: list[Token], expected: list[Expected]) -> bool:
    """What compare.py's full alignment says: every field in the chain, no gap left."""
    occurrences = align.occurrences(tokens, expected)
    rare = [m for ms in occurrences if len(ms) <= align.MAX_OCCURRENCES for m in ms]
    occurrences = align.near_anchors(occurrences, align.chain(rare, expected), tokens)
    chain = align.chain([m for ms in occurrences for m in ms], expected)
    gaps = align.gaps(chain, expected, len(tokens))
    return len(chain) == len(expected) and all(not g.tokens and not g.fields for g in gaps)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(FIELDS, st.lists(st.integers(0, 2), max_size=5), st.integers(0, 5), st.integers(0, 50))
def test_in_order_agrees_with_the_full_alignment(fields: list[list[str]], breaks: list[int],
                                                 how: int, at: int) -> None:
    expected = [Expected(f"body[{i}]", tuple(words)) for i, words in enumerate(fields)]
    tokens = mutate(printed(fields, breaks), how, at)
    assert align.in_order(tokens, expected) == aligned_fully(tokens, expected)


def test_a_faithful_text_is_in_order_and_a_swapped_one_is_not() -> None:
    expected = [Expected("a", ("occupied", "land")), Expected("b", ("Union", "1."))]
    faithful = [Token("occu\u2010", True, 1), Token("pied", False, 1), Token("land", True, 1),
                Token("Union", False, 1), Token("1.", True, 1)]
    assert align.in_order(faithful, expected)
    assert not align.in_order(faithful[3:] + faithful[:3], expected)
    assert not align.in_order(faithful[:-1], expected)
    assert not align.in_order([*faithful, Token("x", True, 1)], expected)
