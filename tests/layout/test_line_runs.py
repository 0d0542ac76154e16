"""A line's runs: its pieces merged into runs of one style, size and link. The breaker makes
them once a paragraph (items.Texts: a slice of the paragraph's text a style); these tests
hold it to the plain merge of a line's pieces, one at a time, on many lines."""

from __future__ import annotations

import random

from letterpress.fonts import FontSet
from letterpress.layout import linebreak as lb
from letterpress.layout.boxes import Run
from letterpress.layout.geometry import BODY_SIZE, frame_for
from letterpress.layout.paragraph import StyledText, build_items

MEASURE = frame_for("a4").measure
STYLES = [("regular", 11.0, None), ("bold", 11.0, None), ("regular", 9.0, None),
          ("regular", 11.0, "https://example.org/a"), ("italic", 11.0, None)]
WORDS = ("the", "platform", "organisations", "of", "civil", "society", "government", "open",
         "participation", "and", "budget", "hearings", "consultation", "a", "to", "members",
         "information", "access", "national", "action", "plan", "Nagorno-Karabakh", "in")


def merged(items: tuple[lb.Item, ...], hyphenated: bool) -> tuple[Run, ...]:
    """The plain merge: each drawn piece in turn, joined to the run before if it has its
    style, size and link; a penalty draws only the hyphen a hyphenated line ends with."""
    groups: list[tuple[tuple[str, float, str | None], list[str]]] = []
    for k, item in enumerate(items):
        if isinstance(item, lb.Penalty) and not (hyphenated and k == len(items) - 1):
            continue
        piece = item.piece
        if piece is None or not piece.text:
            continue
        style = (piece.style, piece.size, piece.href)
        if groups and groups[-1][0] == style:
            groups[-1][1].append(piece.text)
        else:
            groups.append((style, [piece.text]))
    return tuple(Run("".join(texts), *style) for style, texts in groups)


def random_items(rng: random.Random, count: int) -> list[lb.Item]:
    """Boxes, glue and penalties in random styles, some drawing nothing (a paragraph's
    closing glue), some hyphens of a style of their own."""
    items: list[lb.Item] = []
    for _ in range(count):
        style = rng.choice(STYLES)
        kind = rng.random()
        if kind < 0.5:
            text = rng.choice(["word", "x", "", "«", "—", "end."])
            items.append(lb.Box(1.0, lb.Piece(text, *style)))
        elif kind < 0.8:
            items.append(lb.Glue(1.0, 0.3, 0.2, lb.Piece(rng.choice([" ", ""]), *style)))
        elif kind < 0.9:
            items.append(lb.Penalty(1.0, lb.HYPHEN_PENALTY, True,
                                    lb.Piece(rng.choice(["\u2010", ""]), *style)))
        else:
            items.append(lb.Penalty(0, rng.choice([lb.INF, 0, lb.EMERGENCY_PENALTY])))
    return items


def test_runs_are_the_merge_of_the_pieces_on_random_lines() -> None:
    rng = random.Random(24)
    lines = 0
    for _ in range(300):
        items = random_items(rng, rng.randint(1, 40))
        texts = lb.Texts(items)
        for _ in range(20):
            first = rng.randint(0, len(items) - 1)
            end = rng.randint(first, len(items) - 1)
            brk = items[end]
            hyphen = isinstance(brk, lb.Penalty) and brk.piece is not None
            body = tuple(items[first:end]) + ((brk,) if hyphen else ())
            got = texts.runs(first, end, brk.piece if hyphen else None)
            assert got == merged(body, hyphen), (first, end, items)
            lines += 1
    assert lines == 6000


def test_every_line_of_set_paragraphs_draws_the_merge_of_its_pieces(fonts: FontSet) -> None:
    """Paragraphs of mixed styles and links, hyphenated and not, justified and ragged, set
    by the breaker (total fit and first fit): each line's runs are its pieces merged."""
    rng = random.Random(8)
    lines = hyphenated = 0
    for n in range(60):
        spans = []
        for _ in range(rng.randint(1, 8)):
            style, _, href = rng.choice(STYLES)
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 25)))
            spans.append(StyledText(text + rng.choice([" ", ""]), style, BODY_SIZE, href))
        justify = n % 3 != 0
        measure = MEASURE * rng.choice([1.0, 0.5, 0.3])
        items = build_items(spans, fonts, "en", measure, hyphenate=True, justify=justify)
        flex = lb.Flex(expansion=lb.EXPANSION) if justify else lb.Flex(ragged=measure / 4)
        broken = lb.break_lines(items, measure, 2.0 if justify else 1e6, flex, strict=False)
        if broken is None:
            broken = lb.break_greedily(items, measure, flex)
        for line in broken:
            assert line.runs == merged(line.items, line.hyphenated)
            lines += 1
            hyphenated += line.hyphenated
    assert lines > 300 and hyphenated > 10
