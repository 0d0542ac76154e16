"""Stray text inside a differing field: align.stray_lines finds a run of whole lines, at most
MAX_STRAY_LINES of them, whose removal lets every field match ("a line drawn in the middle of
a paragraph is stray text, not a changed paragraph"), and looks only while a gap has at most
MAX_LINES_SEARCHED lines ("beyond this a gap is explained by alignment alone"). A word in the
middle of a line is not a line; each case's answer is counted by hand."""

from __future__ import annotations

from letterpress.check import align
from letterpress.check.align import Token


def lines(*texts: str) -> list[Token]:
    out = []
    for text in texts:
        words = text.split()
        out += [Token(w, i == len(words) - 1, 1) for i, w in enumerate(words)]
    return out


def stray(tokens: list[Token], *fields: str) -> list[int]:
    return align.stray_lines(list(range(len(tokens))), tokens,
                             [tuple(f.split()) for f in fields])


def test_a_stray_line_between_two_lines_of_a_field_is_found() -> None:
    assert stray(lines("Dear friends", "BUY NOW", "of the platform"),
                 "Dear friends of the platform") == [2, 3]


def test_a_stray_first_line_and_a_stray_last_line_are_found() -> None:
    assert stray(lines("BUY NOW", "Dear friends"), "Dear friends") == [0, 1]
    assert stray(lines("Dear friends", "BUY NOW"), "Dear friends") == [2, 3]


def test_a_stray_word_inside_a_line_is_not_a_stray_line() -> None:
    assert stray(lines("Dear NOW friends"), "Dear friends") == []


def test_a_stray_word_ending_a_line_is_not_a_stray_line() -> None:
    assert stray(lines("Dear NOW", "friends"), "Dear friends") == []


def test_at_most_max_stray_lines_are_stray() -> None:
    many = [f"stray{k}" for k in range(align.MAX_STRAY_LINES)]
    assert stray(lines("Dear", *many, "friends"), "Dear friends") == list(
        range(1, 1 + align.MAX_STRAY_LINES))
    more = [*many, "one more"]
    assert stray(lines("Dear", *more, "friends"), "Dear friends") == []


def test_a_gap_of_max_lines_searched_lines_is_searched_and_a_longer_one_is_not() -> None:
    words = [f"w{k}" for k in range(align.MAX_LINES_SEARCHED)]
    searched = lines("BUY", *words[:-1])  # MAX_LINES_SEARCHED lines
    assert stray(searched, " ".join(words[:-1])) == [0]
    too_many = lines("BUY", *words)
    assert stray(too_many, " ".join(words)) == []


def test_a_lone_hyphen_line_inside_a_compound_is_stray() -> None:
    # "a-" and "b" spell the field "a-b"; so, as it happens, do all three lines ("a" with
    # the layout's hyphen, then "-" and "b"): removing the middle line is still a run found
    assert stray(lines("a-", "-", "b"), "a-b") == [1]
