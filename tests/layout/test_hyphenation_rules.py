"""Where a word may be hyphenated, from the README's promise: English and Russian at pyphen's
patterns, Azerbaijani by its regular syllable rule (a syllable starts at the last consonant
before a vowel: ki-tab, məm-lə-kət, türk-lər); two letters either side, three after the
break in English.

The syllables expected below are the languages' own (dictionary syllabification), and the
letters-either-side limits are the README's numbers. For the bounds to bite, each side is
shown with a word whose patterns (pyphen, asked with no limits) offer a break inside the
limit, and with a word broken exactly at the limit.
"""

from __future__ import annotations

import pyphen
import pytest

from letterpress.fonts import FontSet
from letterpress.layout.flow import set_lines
from letterpress.layout.paragraph import ADDED_HYPHEN, StyledText, hyphenation_points


@pytest.fixture(autouse=True)
def _computed_afresh() -> None:
    """Each test works the points out itself, not from the cache an earlier test filled
    (so a changed rule is seen by the test that states it)."""
    hyphenation_points.cache_clear()


def _unlimited(word: str, language: str) -> list[int]:
    """Every break the language's patterns allow, with no letters-either-side limit."""
    dictionary = {"en": "en_US", "ru": "ru_RU"}[language]
    return list(pyphen.Pyphen(lang=dictionary, left=1, right=1).positions(word))


def _split(word: str, language: str) -> str:
    points = hyphenation_points(word, language)
    pieces = [word[a:b] for a, b in zip((0, *points), (*points, len(word)), strict=True)]
    return "-".join(pieces)


# English: at least two letters before the break and three after it.

ENGLISH = ["responsibility", "internationally", "hurriedly", "happily", "finally", "certainly",
           "suddenly", "desperately", "agreement", "abandon", "organisation", "politically",
           "humanitarian", "violations", "ideology", "government"]


@pytest.mark.parametrize("word", ENGLISH)
def test_english_breaks_leave_two_letters_before_and_three_after(word: str) -> None:
    points = hyphenation_points(word, "en")
    assert all(p >= 2 and len(word) - p >= 3 for p in points), _split(word, "en")
    # every other break the patterns allow is kept
    assert list(points) == [p for p in _unlimited(word, "en") if 2 <= p <= len(word) - 3]


@pytest.mark.parametrize("word, two_after", [
    ("hurriedly", "hurried-ly"), ("happily", "happi-ly"), ("finally", "final-ly"),
    ("suddenly", "sudden-ly"), ("desperately", "desperate-ly"), ("politically", "political-ly")])
def test_english_never_leaves_two_letters_after_the_break(word: str, two_after: str) -> None:
    cut = two_after.index("-")
    assert cut in _unlimited(word, "en")  # the patterns would break there
    assert cut not in hyphenation_points(word, "en")


def test_english_breaks_three_letters_from_the_end_and_two_from_the_start() -> None:
    assert _split("responsibility", "en") == "re-spon-si-bil-ity"  # not "bil-i-ty"


@pytest.mark.parametrize("word", ["agreement", "abandon"])
def test_english_never_leaves_one_letter_before_the_break(word: str) -> None:
    assert 1 in _unlimited(word, "en")
    assert 1 not in hyphenation_points(word, "en")
    assert hyphenation_points(word, "en")  # the word has other breaks


# Russian: two letters either side.

RUSSIAN = ["государственного", "организация", "республики", "международного", "объединение",
           "территории", "экономика", "Европа", "оборона", "отношения", "агрессия"]


@pytest.mark.parametrize("word", RUSSIAN)
def test_russian_breaks_leave_two_letters_either_side(word: str) -> None:
    points = hyphenation_points(word, "ru")
    assert all(p >= 2 and len(word) - p >= 2 for p in points), _split(word, "ru")
    assert list(points) == [p for p in _unlimited(word, "ru") if 2 <= p <= len(word) - 2]


def test_russian_breaks_two_letters_from_either_end() -> None:
    assert _split("государственного", "ru") == "го-су-дар-ствен-но-го"
    assert _split("Европа", "ru") == "Ев-ро-па"


@pytest.mark.parametrize("word, cut", [("организация", 10), ("оборона", 1), ("агрессия", 1)])
def test_russian_never_leaves_one_letter_alone(word: str, cut: int) -> None:
    assert cut in _unlimited(word, "ru")
    assert cut not in hyphenation_points(word, "ru")


# Azerbaijani: the syllable rule, two letters either side.

@pytest.mark.parametrize("word, syllables", [
    ("kitab", "ki-tab"),  # one consonant between vowels opens the next syllable
    ("kitablar", "ki-tab-lar"),
    ("məmləkət", "məm-lə-kət"),  # of two consonants, the last one does
    ("türklər", "türk-lər"),  # of three, the last one
    ("Azərbaycan", "Azər-bay-can"),  # a capital vowel is a vowel ("A-zər": one letter)
    ("şairlər", "şa-ir-lər"),  # two vowels side by side are two syllables
    ("məktəbə", "mək-tə-bə"),  # two letters after the break
    ("qələmə", "qə-lə-mə"),  # and two before
    ("ərazi", "əra-zi"),  # "ə-ra-zi", but one letter never stands alone
    ("radio", "ra-dio"),  # "ra-di-o": nor after the break
    ("məlumatlandırılması", "mə-lu-mat-lan-dı-rıl-ma-sı"),
    ("ölkələrin", "öl-kə-lə-rin"),
    ("İstiqlal", "İs-tiq-lal"),
    ("Ümumdünya", "Ümum-dün-ya"),  # "Ü-mum": one letter
    ("китаблар", "ки-таб-лар"),  # Azerbaijani in Cyrillic script
    ("организасија", "ор-га-ни-за-си-ја"),
    ("Әлијева", "Әли-је-ва"),
])
def test_azerbaijani_syllables(word: str, syllables: str) -> None:
    assert _split(word, "az") == syllables


@pytest.mark.parametrize("word, syllables", [("«kitablar»", "«ki-tab-lar»"),
                                             ("(məmləkət),", "(məm-lə-kət),")])
def test_punctuation_around_a_word_moves_its_breaks(word: str, syllables: str) -> None:
    assert _split(word, "az") == syllables


def test_a_word_of_capitals_digits_or_a_joined_word_is_never_hyphenated() -> None:
    assert hyphenation_points("KİTABLAR", "az") == ()
    assert hyphenation_points("RESPONSIBILITY", "en") == ()
    assert hyphenation_points("kitab2020", "az") == ()
    assert hyphenation_points("government_2", "en") == ()
    assert hyphenation_points("Nagorno-Karabakh", "en") == ()  # breaks at its own hyphen
    assert hyphenation_points("government", "xx") == ()  # no rules for that language


def test_a_hyphenated_english_line_carries_three_letters_over(fonts: FontSet) -> None:
    """Set narrow, the breaks the layout takes obey the same limits: at least two letters
    before the added hyphen, at least three after it."""
    text = " ".join(["responsibility internationally hurriedly happily certainly"] * 6)
    hyphens = 0
    for measure in (90.0, 110.0, 130.0):
        lines = set_lines([StyledText(text, "regular", 11.0)], fonts, "en", 0.0, measure,
                          justify=True)
        for line, after in zip(lines, lines[1:], strict=False):
            if line.hyphenated:
                assert line.text.endswith(ADDED_HYPHEN)
                head = line.text.removesuffix(ADDED_HYPHEN).split(" ")[-1]
                tail = after.text.split(" ")[0]
                assert len(head) >= 2 and len(tail.rstrip(".,")) >= 3, (head, tail)
                assert head + tail in text.split()
                hyphens += 1
    assert hyphens >= 3
