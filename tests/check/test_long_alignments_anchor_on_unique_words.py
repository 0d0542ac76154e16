"""align.opcodes, the word alignment of what is left in a gap: up to DIFFLIB_CELLS cells
(words expected x words found) it is difflib's, the longest common run first; past that it is
anchored, as patience diff is, on the words that occur once on each side, and "with no such
word, the two stand for each other as a whole". The inputs are built so that the two methods
give different blocks (i1, i2, j1, j2), each written out by hand."""

from __future__ import annotations

from letterpress.check import align


def test_at_difflib_cells_the_longest_common_run_is_aligned() -> None:
    # 500 x 500 cells: "u" moved from the front to the back of 499 words "c"; difflib
    # keeps the 499 c's together and drops and adds the "u"
    a = ["u"] + ["c"] * 499
    b = ["c"] * 499 + ["u"]
    assert len(a) * len(b) == align.DIFFLIB_CELLS
    assert align.opcodes(a, b) == [(0, 1, 0, 0), (1, 500, 0, 499), (500, 500, 499, 500)]


def test_past_difflib_cells_the_word_that_occurs_once_on_each_side_is_the_anchor() -> None:
    # one more "c" found: 500 x 501 cells; "u" is kept, the c's before and after it are
    # added and dropped
    a = ["u"] + ["c"] * 499
    b = ["c"] * 500 + ["u"]
    assert len(a) * len(b) > align.DIFFLIB_CELLS
    assert align.opcodes(a, b) == [(0, 0, 0, 500), (0, 1, 500, 501), (1, 500, 501, 501)]


def test_past_difflib_cells_with_no_unique_word_the_sides_stand_for_each_other() -> None:
    a = ["c"] * 501
    b = ["d"] * 500
    assert align.opcodes(a, b) == [(0, 501, 0, 500)]


def test_a_stretch_between_anchors_with_no_unique_word_is_one_block_in_place() -> None:
    a = ["u"] + ["c"] * 600
    b = ["u"] + ["d"] * 600
    assert align.opcodes(a, b) == [(0, 1, 0, 1), (1, 601, 1, 601)]


def test_a_word_twice_on_one_side_is_no_anchor() -> None:
    a = ["u"] + ["c"] * 500 + ["u"]
    b = ["c"] * 500 + ["u"]
    assert align.opcodes(a, b) == [(0, 502, 0, 501)]
    assert align.opcodes(b, a) == [(0, 501, 0, 502)]


def test_a_word_printed_many_times_is_still_aligned_with_its_first_copy() -> None:
    # small enough for difflib (2 x 250 cells), with a word found more often than difflib's
    # automatic junk heuristic would ignore: "members" is still matched
    a = ["Dear", "members"]
    b = ["Dear"] + ["members"] * 249
    assert align.opcodes(a, b) == [(0, 2, 0, 2), (2, 2, 2, 250)]


def test_of_unique_words_in_another_order_the_longest_run_in_order_is_kept() -> None:
    # "p" printed after "q r" instead of before: q and r are the anchors, p is dropped
    # where it was expected and added where it was found
    a = ["c"] * 498 + ["p", "q", "r"]
    b = ["c"] * 497 + ["q", "r", "p"]
    assert len(a) * len(b) > align.DIFFLIB_CELLS
    assert align.opcodes(a, b) == [(0, 497, 0, 497), (497, 499, 497, 497),
                                   (499, 500, 497, 498), (500, 501, 498, 499),
                                   (501, 501, 499, 500)]
