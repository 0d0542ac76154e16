"""A word broken at a line end is joined again, and nothing else is (docs/libraries.md: "the
comparison joins "occu-" + "pied" to "occupied" while keeping a real compound such as
"Nagorno-Karabakh" whole"; align.py: letterpress marks its own break with U+2010 HYPHEN, other
producers with a hyphen-minus, so both readings are tried for that one). Each case is a few
tokens as readback gives them, the expected word written out by hand."""

from __future__ import annotations

import pytest

from letterpress.check import align
from letterpress.check.align import Expected, Token

HYPHENS = ["-", "\u2010"]


def line(*texts: str) -> list[Token]:
    """One extracted line: its last word ends the line."""
    return [Token(t, i == len(texts) - 1, 1) for i, t in enumerate(texts)]


# --- match_word: how many tokens spell a word ------------------------------------------------

@pytest.mark.parametrize("hyphen", HYPHENS)
def test_a_word_broken_with_a_layout_hyphen_is_two_tokens(hyphen: str) -> None:
    assert align.match_word(line(f"occu{hyphen}") + line("pied"), 0, "occupied") == 2


@pytest.mark.parametrize("hyphen", HYPHENS)
def test_one_letter_before_the_break_is_still_the_start_of_the_word(hyphen: str) -> None:
    assert align.match_word(line(f"a{hyphen}") + line("bout"), 0, "about") == 2


def test_a_compound_broken_at_its_own_hyphen_keeps_the_hyphen() -> None:
    tokens = line("Nagorno-") + line("Karabakh")
    assert align.match_word(tokens, 0, "Nagorno-Karabakh") == 2


def test_a_compound_written_with_u2010_broken_at_it_keeps_the_hyphen() -> None:
    # the source's own U+2010: the layout added nothing at this break
    tokens = line("Nagorno\u2010") + line("Karabakh")
    assert align.match_word(tokens, 0, "Nagorno\u2010Karabakh") == 2


@pytest.mark.parametrize("hyphen", HYPHENS)
def test_a_lone_hyphen_at_a_line_end_starts_no_word(hyphen: str) -> None:
    tokens = line("war", hyphen) + line("pied")
    assert align.match_word(tokens, 1, "pied") == 0
    assert align.match_field(tokens, 1, ("pied",)) == -1


def test_a_line_end_word_that_does_not_start_the_word_is_not_part_of_it() -> None:
    # "land" is as long as "occu", and "pied" follows it: still no "occupied"
    assert align.match_word(line("land") + line("pied"), 0, "occupied") == 0


def test_a_field_that_is_not_there_is_minus_one() -> None:
    tokens = line("Dear", "friends")
    assert align.match_field(tokens, 0, ("Dear", "members")) == -1
    assert align.match_field(tokens, 0, ("Dear", "friends")) == 2


def test_a_field_of_no_words_takes_no_tokens() -> None:
    tokens = line("Dear", "friends")
    assert align.in_order(tokens, [Expected("a", ()), Expected("b", ("Dear", "friends"))])
    assert align.match_all(tokens, [(), ("Dear", "friends")])
    assert not align.match_all(tokens, [(), ("Dear",)])


# --- broken_word and rejoin: the word a line-end token starts -------------------------------

@pytest.mark.parametrize("hyphen", HYPHENS)
def test_the_expected_word_a_break_falls_in_is_read(hyphen: str) -> None:
    tokens = line(f"occu{hyphen}") + line("pied", "lands")
    assert align.broken_word(tokens, 0, ["lands", "occupied"]) == (2, "occupied")
    assert align.rejoin(tokens, ["lands", "occupied"]) == [(0, "occupied"), (2, "lands")]


@pytest.mark.parametrize("hyphen", HYPHENS)
def test_one_letter_before_the_break_is_joined(hyphen: str) -> None:
    assert align.broken_word(line(f"a{hyphen}") + line("bout"), 0, ["about"]) == (2, "about")


def test_a_word_broken_on_the_last_two_tokens_is_joined() -> None:
    assert align.rejoin(line("occu-") + line("pied"), ["occupied"]) == [(0, "occupied")]


def test_a_missing_space_after_a_broken_word_shows_as_the_joined_text() -> None:
    # broken_word's own example: "Plat-" + "form;İsmayılov" gives "Platform;İsmayılov"
    tokens = line("Plat-") + line("form;İsmayılov", "and")
    vocabulary = sorted({"Platform;", "İsmayılov", "and"})
    assert align.broken_word(tokens, 0, vocabulary) == (2, "Platform;İsmayılov")
    assert align.rejoin(tokens, vocabulary) == [(0, "Platform;İsmayılov"), (2, "and")]


def test_a_missing_space_after_one_letter_and_a_hyphen_shows_as_the_joined_text() -> None:
    assert align.broken_word(line("a-") + line("bout;more"), 0, ["about"]) == (2, "about;more")


def test_a_letter_is_not_dropped_at_a_break_as_a_hyphen_is() -> None:
    # "Plan" + "t" is not "Pla" + "t"
    assert align.broken_word(line("Plan") + line("t"), 0, ["Plat"]) == (1, "Plan")


def test_a_dash_at_a_line_end_is_not_joined_to_the_next_word() -> None:
    assert align.broken_word(line("war", "-") + line("pied"), 1, ["pied", "war"]) == (1, "-")


def test_a_hyphen_after_a_whole_expected_word_is_not_a_break_inside_it() -> None:
    # "Union-" + "wide": the break falls after "Union", not inside an expected word
    assert align.broken_word(line("Union-") + line("wide"), 0, ["Union"]) == (1, "Union-")
