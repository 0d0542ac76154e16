"""Where unmatched fields stand: each gap says which matched fields it lies between ("" at
the start and at the end, align.Gap), a field whose exact text stands between the wrong
neighbours is moved (out of order), even before the first matched field, and a short field
is looked for everywhere until it occurs more than MAX_OCCURRENCES times ("more means the
text is everywhere"). The fields and tokens are written here; the answers by hand."""

from __future__ import annotations

from letterpress.check import align
from letterpress.check.align import Expected, Gap, Match, Token


def tokens_of(text: str) -> list[Token]:
    words = text.split()
    return [Token(w, i == len(words) - 1, 1) for i, w in enumerate(words)]


def test_a_gap_names_the_matched_fields_around_it_and_nothing_at_either_end() -> None:
    expected = [Expected("a", ("x",)), Expected("b", ("y",)), Expected("c", ("z",))]
    chain = [Match(0, 0, 1), Match(2, 3, 4)]
    assert align.gaps(chain, expected, 5) == [
        Gap(range(0, 0), range(0, 0), "", "a"),
        Gap(range(1, 2), range(1, 3), "a", "c"),
        Gap(range(3, 3), range(4, 5), "c", ""),
    ]


def test_with_only_the_middle_field_matched_the_ends_name_nothing() -> None:
    expected = [Expected("a", ("x",)), Expected("b", ("y",)), Expected("c", ("z",))]
    assert align.gaps([Match(1, 2, 3)], expected, 5) == [
        Gap(range(0, 1), range(0, 2), "", "b"),
        Gap(range(2, 3), range(3, 5), "b", ""),
    ]


def test_a_field_printed_before_the_first_matched_field_has_moved() -> None:
    expected = [Expected("a", ("Dear", "friends")), Expected("b", ("Thanks",)),
                Expected("c", ("Yours", "truly"))]
    tokens = tokens_of("Yours truly Dear friends Thanks")
    occurrences = align.occurrences(tokens, expected)
    chain = align.chain([m for ms in occurrences for m in ms], expected)
    assert chain == [Match(0, 2, 4), Match(1, 4, 5)]
    gaps = align.gaps(chain, expected, len(tokens))
    assert align.moves(gaps, occurrences, {0, 1}, len(tokens)) == {2: Match(2, 0, 2)}


def test_a_field_printed_after_the_last_matched_field_has_moved() -> None:
    expected = [Expected("a", ("Dear", "friends")), Expected("b", ("Thanks",)),
                Expected("c", ("Yours", "truly"))]
    tokens = tokens_of("Thanks Yours truly Dear friends")
    occurrences = align.occurrences(tokens, expected)
    chain = align.chain([m for ms in occurrences for m in ms], expected)
    assert chain == [Match(1, 0, 1), Match(2, 1, 3)]
    gaps = align.gaps(chain, expected, len(tokens))
    assert align.moves(gaps, occurrences, {1, 2}, len(tokens)) == {0: Match(0, 3, 5)}


def frequent(times: int) -> tuple[list[list[Match]], list[Match], list[Token]]:
    """Fields "a", "0", "b": "0" printed between "a" and "b", and ``times - 1`` more times
    after "b"; the chain is "a" and "b"."""
    tokens = tokens_of("a 0 b" + " 0" * (times - 1))
    expected = [Expected("a", ("a",)), Expected("zero", ("0",)), Expected("b", ("b",))]
    occurrences = align.occurrences(tokens, expected)
    assert len(occurrences[1]) == times
    return occurrences, [Match(0, 0, 1), Match(2, 2, 3)], tokens


def test_a_field_that_occurs_max_occurrences_times_keeps_every_place() -> None:
    occurrences, chain, tokens = frequent(align.MAX_OCCURRENCES)
    assert align.near_anchors(occurrences, chain, tokens) == occurrences


def test_a_field_that_occurs_more_often_keeps_the_places_between_its_neighbours() -> None:
    occurrences, chain, tokens = frequent(align.MAX_OCCURRENCES + 1)
    kept = align.near_anchors(occurrences, chain, tokens)
    assert kept == [occurrences[0], [Match(1, 1, 2)], occurrences[2]]
