"""Inline markup: one parser for the YAML source and the Markdown importer.

The properties are the promises of letterpress.inline: nothing written is lost (a character is
printed, or it is markup the parser consumed), escaping round-trips any text, and the markup
written for any spans reads back as those spans.
"""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letterpress.inline import (
    MARKDOWN,
    SOURCE,
    Dialect,
    escape_inline,
    is_safe_url,
    parse_inline,
    write_inline,
)
from letterpress.model import Span

DIALECTS = pytest.mark.parametrize("dialect", [SOURCE, MARKDOWN], ids=["source", "markdown"])


def bold(text: str) -> Span:
    return Span(text=text, bold=True)


def italic(text: str) -> Span:
    return Span(text=text, italic=True)


def both(text: str) -> Span:
    return Span(text=text, bold=True, italic=True)


# --- nesting ------------------------------------------------------------------------------------


@DIALECTS
@pytest.mark.parametrize(("text", "spans"), [
    ("**a *b* c**", (bold("a "), both("b"), bold(" c"))),
    ("*a **b** c*", (italic("a "), both("b"), italic(" c"))),
    ("***a* b**", (both("a"), bold(" b"))),
    ("***a** b*", (both("a"), italic(" b"))),
    ("*a **b***", (italic("a "), both("b"))),
    ("**a *b***", (bold("a "), both("b"))),
    ("*foo**bar**baz*", (italic("foo"), both("bar"), italic("baz"))),
    ("**[a *b*](http://x) c**", (Span(text="a ", bold=True, href="http://x"),
                                 Span(text="b", bold=True, italic=True, href="http://x"),
                                 bold(" c"))),
])
def test_nested_emphasis_keeps_every_character_and_both_styles(
        dialect: Dialect, text: str, spans: tuple[Span, ...]) -> None:
    assert parse_inline(text, dialect) == spans


@DIALECTS
@pytest.mark.parametrize(("text", "printed"), [
    ("*[a*](http://x)", "*a*"),  # a link's text pairs its stars on its own
    ("**a*", "*a"), ("*a**", "a*"), ("a *b", "a *b"), ("[a **b](http://x) c**", "a **b c**"),
])
def test_stars_that_pair_with_nothing_are_printed(dialect: Dialect, text: str,
                                                  printed: str) -> None:
    assert "".join(span.text for span in parse_inline(text, dialect)) == printed


# --- where the dialects differ ------------------------------------------------------------------


def test_every_pair_of_runs_is_markup_in_the_source_but_not_in_markdown() -> None:
    assert parse_inline("5 * 3 * 2") == (Span(text="5 "), italic(" 3 "), Span(text=" 2"))
    assert parse_inline("5 * 3 * 2", MARKDOWN) == (Span(text="5 * 3 * 2"),)
    assert parse_inline("** a **") == (bold(" a "),)
    assert parse_inline("** a **", MARKDOWN) == (Span(text="** a **"),)


def test_escapes_of_each_dialect() -> None:
    assert parse_inline(r"\_ \# \* \(") == (Span(text=r"\_ \# * ("),)
    assert parse_inline(r"\_ \# \* \(", MARKDOWN) == (Span(text="_ # * ("),)
    assert parse_inline(r"[a](http://x/\_)") == (Span(text="a", href=r"http://x/\_"),)
    assert parse_inline(r"[a](http://x/\_)", MARKDOWN) == (Span(text="a", href="http://x/_"),)


def test_link_targets_with_white_space_are_links_only_in_the_source() -> None:
    text = '[a](http://x "title")'
    assert parse_inline(text) == (Span(text="a", href='http://x "title"'),)
    assert parse_inline(text, MARKDOWN) == (Span(text=text),)


@DIALECTS
def test_link_targets_may_hold_balanced_parentheses(dialect: Dialect) -> None:
    assert parse_inline("[B](https://w.org/Baku_(city)).", dialect) == (
        Span(text="B", href="https://w.org/Baku_(city)"), Span(text="."))
    assert parse_inline("[B](https://w.org/Baku_(city).", dialect) == (
        Span(text="[B](https://w.org/Baku_(city)."),)


def test_safe_urls() -> None:
    assert all(map(is_safe_url, ["http://a", "HTTPS://a", "mailto:a@b", "MailTo:a"]))
    assert not any(map(is_safe_url, ["javascript:x", "file:///etc", "ftp://a", "www.a", ""]))


# --- nothing is lost ----------------------------------------------------------------------------


def printed(spans: tuple[Span, ...]) -> str:
    return "".join(span.text for span in spans)


def is_subsequence(small: str, big: str) -> bool:
    rest = iter(big)
    return all(ch in rest for ch in small)


def only(chars: str, text: str) -> str:
    return "".join(ch for ch in text if ch in chars)


@DIALECTS
@given(text=st.text(st.sampled_from("ab *_[]()\\")))
def test_only_markup_is_consumed(dialect: Dialect, text: str) -> None:
    """What is printed is the text less some markup; without a link, less some * and \\ only,
    and the stars come in pairs (one or two from each end of an emphasis)."""
    spans = parse_inline(text, dialect)
    out = printed(spans)
    assert is_subsequence(out, text)
    if all(span.href is None for span in spans):
        assert only("ab_ []()", out) == only("ab_ []()", text)
        assert (text.count("*") - out.count("*")) % 2 == 0


@DIALECTS
@given(text=st.lists(st.sampled_from(["a", "b", " ", "*", "**", "_", "[", "]", "\\", "(x)",
                                      "](x)"])).map("".join))
def test_every_letter_outside_a_link_target_is_printed_in_order(dialect: Dialect,
                                                                text: str) -> None:
    """Link targets here are all "x", so every a, b, _ and space is link text or plain text."""
    out = printed(parse_inline(text, dialect))
    assert only("ab_ ", out) == only("ab_ ", text)
    assert is_subsequence(out, text)


@DIALECTS
@given(text=st.text(st.one_of(st.sampled_from("*[]()\\&<>\"'`:#-!_ \u00a0"), st.characters())))
def test_escape_inline_round_trips_any_text(dialect: Dialect, text: str) -> None:
    assert parse_inline(escape_inline(text), dialect) == ((Span(text=text),) if text else ())


@DIALECTS
@given(text=st.text(st.sampled_from("*[]()\\ab ")))
def test_spans_are_merged_and_not_empty(dialect: Dialect, text: str) -> None:
    spans = parse_inline(text, dialect)
    assert all(span.text for span in spans)
    styles = [(span.bold, span.italic, span.href) for span in spans]
    assert all(a != b for a, b in zip(styles, styles[1:], strict=False))


# --- writing markup -----------------------------------------------------------------------------

style = st.tuples(st.booleans(), st.booleans(),
                  st.one_of(st.none(), st.sampled_from(["http://a", "mailto:(b)", "http://\\*"])))
piece = st.text(st.sampled_from("ab *_[]()\\\u00a0"), min_size=1, max_size=4)


@st.composite
def merged_spans(draw: Any) -> tuple[Span, ...]:
    spans: list[Span] = []
    for text, (bold, italic, href) in draw(st.lists(st.tuples(piece, style), max_size=6)):
        if spans and (spans[-1].bold, spans[-1].italic, spans[-1].href) == (bold, italic, href):
            spans[-1] = Span(text=spans[-1].text + text, bold=bold, italic=italic, href=href)
        else:
            spans.append(Span(text=text, bold=bold, italic=italic, href=href))
    return tuple(spans)


@given(merged_spans())
def test_write_inline_reads_back_as_the_same_spans(spans: tuple[Span, ...]) -> None:
    assert parse_inline(write_inline(spans)) == spans


# --- hostile markup ---------------------------------------------------------------------------
# Inputs that make a naive parser quadratic. How long they take is measured in
# bench/hostile.py (at ten and twenty times these sizes), never asserted here: a time limit
# in a test fails on a busy machine for no fault of the code.


@DIALECTS
@pytest.mark.parametrize("text", [
    "*a **b " * 1_000, " **a" * 1_000 + "a*a" * 1_000, "[" * 3_000 + "]" * 3_000,
    "[a](" + "[](" * 2_000, "[*a](" * 1_200, "**a*" * 1_500,
], ids=["unclosed-runs", "rule-of-3", "brackets", "targets", "link-texts", "odd-runs"])
@pytest.mark.slow
def test_hostile_markup_loses_no_text(dialect: Dialect, text: str) -> None:
    assert is_subsequence(printed(parse_inline(text, dialect)), text)


def test_markdown_escapes_every_ascii_punctuation_character() -> None:
    text = "".join("\\" + ch for ch in string.punctuation)
    assert parse_inline(text, MARKDOWN) == (Span(text=string.punctuation),)
