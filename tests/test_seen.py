"""Seen (src/letterpress/seen.py): the keys a merge remembers of every row, in a temporary
database: it answers as a set and a dict would, for text and bytes alike."""

from __future__ import annotations

import random

from letterpress.seen import Seen


def test_seen_answers_as_a_dict_of_first_values_would() -> None:
    seen, reference = Seen(), {}
    chance = random.Random(7)
    for line in range(1, 5_001):  # more than its pages in memory hold: spilled to its file
        key: str | bytes = chance.choice([f"aynur-{chance.randrange(3_000)}",
                                          chance.randbytes(2)])
        assert (key in seen) == (key in reference)
        assert seen.setdefault(key, line) == reference.setdefault(key, line)
    assert len(seen) == len(reference)
    assert sorted(k for k in seen if isinstance(k, str)) == sorted(
        k for k in reference if isinstance(k, str))
    assert sorted(k for k in seen if isinstance(k, bytes)) == sorted(
        k for k in reference if isinstance(k, bytes))


def test_text_and_bytes_are_different_keys_and_case_counts() -> None:
    seen = Seen()
    seen.add("abc", 1)
    assert b"abc" not in seen and "ABC" not in seen and "abc" in seen
    assert seen.setdefault("abc", 2) == 1  # the first value stays
    seen.add("ərizə")
    assert "ərizə" in seen and "erize" not in seen
    assert len(seen) == 2


def test_cleared_it_knows_nothing() -> None:
    seen = Seen()
    for n in range(100):
        seen.add(f"letter-{n}.pdf")
    seen.clear()
    assert len(seen) == 0 and "letter-1.pdf" not in seen and list(seen) == []
    seen.add("letter-1.pdf")
    assert list(seen) == ["letter-1.pdf"]
    seen.close()


def test_a_database_that_fails_is_a_write_error_with_a_hint() -> None:
    import pytest

    from letterpress.errors import WriteError

    seen = Seen()
    seen.close()  # as good as a temporary file that can no longer be written
    with pytest.raises(WriteError) as raised:
        seen.add("letter-1.pdf")
    assert "temporary file" in str(raised.value) and "TMPDIR" in raised.value.hint


def test_a_listing_keeps_each_group_sorted_and_the_groups_in_order() -> None:
    from letterpress.seen import Listing

    chance = random.Random(11)
    groups = [[f"{g}/{chance.choice(['a', 'B', 'ə', 'я', 'z'])}{n:04d}.yaml" for n in
               chance.sample(range(5_000), 700)] for g in ("folder-2", "folder-1")]
    listing = Listing()
    for group in groups:
        listing.add_sorted((name, name) for name in group)  # keys of their own
    expected = sorted(groups[0]) + sorted(groups[1])  # code point order, as Python sorts
    assert list(listing) == expected and len(listing) == 1_400
    assert expected[700] in listing and "folder-1/c0001.yaml" not in listing
    assert listing.clash() is None
    kept = listing.without([expected[0], expected[-1], "not/there.yaml"])
    assert list(kept) == expected[1:-1] and len(kept) == 1_398
    assert listing.without([]) is listing


def test_a_listing_names_the_first_two_texts_that_share_a_key() -> None:
    from letterpress.seen import Listing

    listing = Listing()
    listing.add_sorted([("b/letter.yaml", "letter.pdf"), ("b/other.md", "other.pdf")])
    listing.add_sorted([("a/other.yaml", "other.pdf"), ("a/letter.yaml", "letter.pdf"),
                        ("a/x.yaml", "x.pdf")])
    # in order: b/letter, b/other, a/letter (clashes with b/letter), a/other, a/x
    assert listing.clash() == ("b/letter.yaml", "a/letter.yaml", "letter.pdf")


def test_a_file_name_that_is_not_utf8_comes_back_as_it_went_in() -> None:
    import os

    from letterpress.seen import Listing

    odd = os.fsdecode(b"letters/caf\xe9.yaml")  # Latin-1 bytes: a lone surrogate in Python
    listing = Listing()
    listing.add_sorted([(odd, "x.pdf"), ("letters/a.yaml", "a.pdf")])
    assert list(listing) == ["letters/a.yaml", odd] and odd in listing
    assert os.fsencode(list(listing)[1]) == b"letters/caf\xe9.yaml"
