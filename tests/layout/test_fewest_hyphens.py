"""The breaker sets no hyphen a paragraph could do without (issue 12, point 3).

bench/hyphens.py finds, by exhaustive search, the fewest hyphens a paragraph can be set with
inside the bounds (spaces 0.80-1.30, glyphs ±2 %, neighbours 1 % apart, the hyphen rules).
Here that search is checked against brute force over every set of breaks of short
paragraphs, and the breaker against the search: in generated paragraphs of each language and
in every letter in source/."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from helpers import hyphen_search as hyphens
from helpers.texture import MEASURE, SOURCES, WORDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterpress.fonts import TYPEFACES, FontSet
from letterpress.layout import linebreak as lb
from letterpress.layout.geometry import BODY_SIZE
from letterpress.layout.paragraph import StyledText, build_items, set_paragraph


def brute_force(items: Sequence[lb.Item], measure: float,
                bounds: hyphens.Bounds) -> int | None:
    """The fewest added hyphens over every set of breaks whose lines keep the bounds,
    each line worked out from its items alone, the scales carried line to line."""
    items = hyphens.respaced(items, bounds)
    legal = [i for i in range(len(items) - 1) if lb.legal_break(items, i)]
    best = None
    for count in range(len(legal) + 1):
        for chosen in combinations(legal, count):
            found = _hyphens_if_legal(items, [*chosen, len(items) - 1], measure, bounds)
            if found is not None and (best is None or found < best):
                best = found
    return best


def _hyphens_if_legal(items: Sequence[lb.Item], breaks: list[int], measure: float,
                      bounds: hyphens.Bounds) -> int | None:
    e = bounds.expansion
    start, above, run, added = 0, (1 - e, 1 + e), 0, 0
    for k, end in enumerate(breaks):
        last, brk = k == len(breaks) - 1, items[end]
        flagged = isinstance(brk, lb.Penalty) and brk.flagged and not last
        if (last and run) or (run := run + 1 if flagged else 0) > lb.MAX_HYPHENS_IN_A_ROW:
            return None
        added += isinstance(brk, lb.Penalty) and brk.piece is not None and not last
        line = items[start:end]
        hang = lb.hang_left(items, start) + lb.hang_right(items, end)
        glyphs = sum(i.width for i in line if isinstance(i, lb.Box)) - hang
        if isinstance(brk, lb.Penalty):  # the hyphen drawn where the line breaks
            glyphs += brk.width
        glue = [i for i in line if isinstance(i, lb.Glue)]
        spaces = sum(g.width for g in glue)
        up = sum(g.stretch for g in glue)
        down = sum(g.shrink for g in glue)
        low = max(1 - e, (measure - spaces - up) / glyphs)
        high = min(1 + e, (measure - spaces + down) / glyphs)
        if last:
            low, high = (above[0], min(high, above[1])) if k else (1 - e, high)
        elif k:
            low, high = max(low, above[0] - bounds.step), min(high, above[1] + bounds.step)
        if low > high + 1e-9:
            return None
        above, start = (low, high), end + 1
        while start < len(items) and isinstance(items[start], lb.Glue | lb.Penalty):
            start += 1  # glue and penalties after a break vanish
    return added


def items_of(words: list[str], fonts: FontSet, language: str, measure: float) -> list[Any]:
    spans = [StyledText(" ".join(words), "regular", BODY_SIZE)]
    return build_items(spans, fonts, language, measure, True, True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(language=st.sampled_from(sorted(WORDS)), data=st.data(),
       measure=st.floats(min_value=150.0, max_value=260.0),
       bounds=st.sampled_from([hyphens.OURS, hyphens.TEX_SPACES, hyphens.NO_STEP]))
def test_the_search_finds_what_brute_force_finds(fonts: FontSet, language: str, data: Any,
                                                 measure: float, bounds: Any) -> None:
    words = data.draw(st.lists(st.sampled_from(WORDS[language]), min_size=2, max_size=9))
    items = items_of(words, fonts, language, measure)
    while sum(lb.legal_break(items, i) for i in range(len(items))) > 12:
        words = words[:-1]  # brute force tries 2 ** breaks settings: keep them few
        items = items_of(words, fonts, language, measure)
    assert hyphens.fewest_hyphens(items, measure, bounds) == brute_force(items, measure,
                                                                          bounds)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(language=st.sampled_from(sorted(WORDS)), data=st.data())
def test_the_breaker_sets_the_fewest_hyphens_the_bounds_allow(fonts: FontSet, language: str,
                                                               data: Any) -> None:
    words = data.draw(st.lists(st.sampled_from(WORDS[language]), min_size=20, max_size=120))
    spans = [StyledText(" ".join(words), "regular", BODY_SIZE)]
    fewest = hyphens.fewest_hyphens(items_of(words, fonts, language, MEASURE), MEASURE)
    lines = set_paragraph(spans, fonts, language, MEASURE)
    assert lines is not None
    if fewest is not None:  # else a last-resort setting, outside the bounds
        assert sum(ln.hyphenated for ln in lines) == fewest


# The paragraphs of source/ that no setting within the bounds can set in a typeface (the
# exhaustive search finds none): none in the serif. In the sans, the Russian invitation's
# sixth paragraph: its words are wider there, and no choice of breaks keeps every space
# within 0.80-1.30, the glyphs within 2 %, neighbours within 1 % and no more than two
# hyphenated lines in a row. The breaker gives the third hyphen in a row first, every other
# bound kept: the fewest hyphens such a setting takes.
UNSETTABLE = {("2026-11-20-assembly-invitation-ru", "sans"): ["Шестой вопрос касается"]}


@pytest.mark.slow
@pytest.mark.parametrize("typeface", TYPEFACES)
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_letters_in_source_have_no_hyphen_they_could_do_without(source: Path,
                                                                 typeface: str) -> None:
    _, paragraphs = hyphens.body_paragraphs(source, typeface)
    assert paragraphs
    unsettable = []
    for words, items, set_ in paragraphs:
        fewest = hyphens.fewest_hyphens(items, MEASURE)
        if fewest is None:
            unsettable.append(words)
            fewest = hyphens.fewest_hyphens(items, MEASURE, hyphens.THIRD_HYPHEN)
        assert set_ == fewest, words
    assert unsettable == UNSETTABLE.get((source.stem, typeface), [])
