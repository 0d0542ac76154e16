"""align.assign shares the words left in a gap among the fields that did not match, in order,
by the best word alignment: a word that replaces an expected word goes to that word's field,
and "an inserted word goes with the field of the expected word before it" (the first field
when nothing comes before). Each share is (index of the token, word), written out by hand."""

from __future__ import annotations

from letterpress.check import align
from letterpress.check.align import Token


def tokens_of(text: str) -> list[Token]:
    words = text.split()
    return [Token(w, i == len(words) - 1, 1) for i, w in enumerate(words)]


FIELDS = [("Dear",), ("friends",), ("today",)]


def test_an_inserted_word_goes_with_the_field_before_it() -> None:
    assert align.assign(FIELDS, tokens_of("Dear friends NEW today")) == [
        [(0, "Dear")], [(1, "friends"), (2, "NEW")], [(3, "today")]]


def test_an_inserted_word_at_the_end_goes_with_the_last_field() -> None:
    assert align.assign(FIELDS, tokens_of("Dear friends today NEW")) == [
        [(0, "Dear")], [(1, "friends")], [(2, "today"), (3, "NEW")]]


def test_an_inserted_word_at_the_start_goes_with_the_first_field() -> None:
    assert align.assign(FIELDS, tokens_of("NEW Dear friends today")) == [
        [(0, "NEW"), (1, "Dear")], [(2, "friends")], [(3, "today")]]


def test_replaced_words_go_one_by_one_to_the_fields_they_replace() -> None:
    assert align.assign(FIELDS, tokens_of("Dear pals tonight")) == [
        [(0, "Dear")], [(1, "pals")], [(2, "tonight")]]
    assert align.assign(FIELDS, tokens_of("Hi pals tonight")) == [
        [(0, "Hi")], [(1, "pals")], [(2, "tonight")]]


def test_a_word_broken_at_a_line_end_is_shared_whole() -> None:
    tokens = tokens_of("Dear fri-") + tokens_of("ends today")
    assert align.assign(FIELDS, tokens) == [[(0, "Dear")], [(1, "friends")], [(3, "today")]]
