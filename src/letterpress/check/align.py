"""Where each field's words stand in the text read back from a PDF.

The words of every page, in reading order, are tokens; each field of the letter is the
words it should print. This module finds where fields occur exactly (a word broken at a line
end may be joined again, see ``match_word``), the heaviest chain of such matches in source
order, the gaps between them, fields that stand elsewhere, and how the words left in a gap
share out among the fields that did not match. It says nothing about what a difference
means: compare.py turns the alignment into findings.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

MAX_OCCURRENCES = 20  # per field: more means the text is everywhere, not that it moved
MAX_STRAY_LINES = 5  # longest run of lines tried as stray text inside a differing field
MAX_LINES_SEARCHED = 200  # beyond this a gap is explained by alignment alone (time)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    line_end: bool  # last word of an extracted line (or page): a break may split a word here
    page: int


@dataclass(frozen=True, slots=True)
class Expected:
    path: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    field: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Gap:
    """Fields not matched in place, and the tokens between the matches around them."""

    fields: range
    tokens: range
    after: str  # path of the matched field before the gap, "" at the start
    before: str  # path of the matched field after the gap, "" at the end


# letterpress adds U+2010 HYPHEN at a break; other producers use a hyphen-minus, which is
# ambiguous with a hyphen the source wrote, so both readings are tried for it.
LAYOUT_HYPHENS = ("-", "\u2010")


def match_word(tokens: Sequence[Token], p: int, word: str) -> int:
    """How many tokens from ``p`` spell ``word`` (0: they do not)."""
    token = tokens[p]
    if token.text == word:
        return 1
    if not token.line_end or p + 1 >= len(tokens):
        return 0
    pieces = [token.text]
    if token.text.endswith(LAYOUT_HYPHENS) and len(token.text) > 1:
        pieces.append(token.text[:-1])  # a hyphen the layout added at the break
        if token.text.endswith("\u2010") and "\u2010" not in word:
            pieces.remove(token.text)  # letterpress marks its own hyphens as U+2010
    for piece in pieces:
        if len(piece) < len(word) and word.startswith(piece):
            rest = match_word(tokens, p + 1, word[len(piece):])
            if rest:
                return 1 + rest
    return 0


def match_field(tokens: Sequence[Token], p: int, words: Sequence[str]) -> int:
    """The end of ``words`` matched from ``p``, or -1."""
    for word in words:
        n = match_word(tokens, p, word) if p < len(tokens) else 0
        if not n:
            return -1
        p += n
    return p


def in_order(tokens: Sequence[Token], expected: Sequence[Expected]) -> bool:
    """Whether the tokens are every field's words, field after field, and nothing else: the
    text of a faithful PDF. Then the heaviest chain (:func:`chain`) is this one, every
    field matched where the one before it ends, and there is nothing to explain; finding
    it so costs one pass instead of an alignment."""
    p = 0
    for field in expected:
        p = match_field(tokens, p, field.words)
        if p < 0:
            return False
    return p == len(tokens)


def occurrences(tokens: list[Token], expected: list[Expected]) -> list[list[Match]]:
    """Every place each field's words occur exactly, contiguously."""
    index: dict[str, list[int]] = {}
    for p, token in enumerate(tokens):
        index.setdefault(token.text, []).append(p)
    # A field may also start with a word broken at a line end ("occu-" + "pied"): index the
    # line-end tokens by what a word must start with to continue there, so each field looks
    # up the prefixes of its first word instead of trying every line end (10,000 fields by
    # 10,000 lines was most of the cost of checking a long signatory list).
    heads: dict[str, list[int]] = {}
    for p, token in enumerate(tokens):
        if token.line_end:
            for piece in {token.text, token.text[:-1] if token.text.endswith(LAYOUT_HYPHENS)
                          else token.text}:
                heads.setdefault(piece, []).append(p)
    out = []
    for f, field in enumerate(expected):
        first = field.words[0]
        starts = set(index.get(first, ()))
        for k in range(1, len(first)):
            starts.update(p for p in heads.get(first[:k], ())
                          if match_word(tokens, p, first) > 1)
        ends = ((s, match_field(tokens, s, field.words)) for s in sorted(starts))
        out.append([Match(f, s, e) for s, e in ends if e >= 0])
    return out


def near_anchors(occurrences: list[list[Match]], chain: list[Match],
                  tokens: list[Token]) -> list[list[Match]]:
    """Keep a few occurrences per field: those between its chained neighbours.

    A short field ("Public", a one-word heading) can occur dozens of times; only the places
    between the fields before and after it in the first alignment can be right, and keeping
    just those keeps the alignment quick without losing the true one.
    """
    anchors = sorted((m.field, m.start, m.end) for m in chain)
    fields = [g for g, _, _ in anchors]
    # the largest end of the anchors up to each one, the smallest start from each one on
    ends = list(accumulate((end for _, _, end in anchors), max, initial=0))
    starts = list(accumulate((start for _, start, _ in reversed(anchors)), min,
                             initial=len(tokens)))[::-1]
    out = []
    for f, matches in enumerate(occurrences):
        if len(matches) <= MAX_OCCURRENCES:
            out.append(matches)
            continue
        low = ends[bisect_left(fields, f)]
        high = starts[bisect_right(fields, f)]
        out.append([m for m in matches if low <= m.start and m.end <= high][:MAX_OCCURRENCES])
    return out


def chain(matches: list[Match], expected: list[Expected]) -> list[Match]:
    """The heaviest set of matches in field order and text order, weighted by word count.

    Between chains of equal weight, the one whose matches leave exactly room for the fields
    between them wins: where fields repeat the same words ("0", "0 0"), a match one word early
    is as heavy as the right one, but squeezes out the field before it. Among equal chains the
    one through the earliest matches wins.

    A match m may follow p when p.field < m.field and p.end <= m.start; it leaves exactly room
    when m.start - words_before[m.field] equals p.end - words_before[p.field + 1] (the two
    "offsets" below). Matches are taken in text order, and each one's predecessor is the best
    of those already ended, found in a prefix-maximum tree over fields (one tree in all, and
    one per offset for those that leave room): O(m log m), where trying every pair took
    minutes for a list of 10,000 signatories.
    """
    matches = sorted(matches, key=lambda m: (m.start, m.field))
    words_before = list(accumulate((len(e.words) for e in expected), initial=0))
    size = len(expected) + 1
    every = _PrefixMax(size)
    by_offset: dict[int, _PrefixMax] = {}
    best: list[tuple[int, int, int]] = []  # (weight, fits, -index), compared as tuples
    back = [-1] * len(matches)
    ended = sorted(range(len(matches)), key=lambda j: matches[j].end)
    e = 0
    for i, m in enumerate(matches):
        while e < len(ended) and matches[ended[e]].end <= m.start:
            j = ended[e]
            p = matches[j]
            every.add(p.field + 1, best[j])
            after = p.end - words_before[p.field + 1]
            by_offset.setdefault(after, _PrefixMax(size)).add(p.field + 1, best[j])
            e += 1
        weight = len(expected[m.field].words)
        value = (weight, int(m.start == words_before[m.field]))
        candidates = [every.get(m.field)]
        offset = m.start - words_before[m.field]
        if offset in by_offset:
            candidates.append(by_offset[offset].get(m.field))
        choice = -1
        for c in candidates:
            if c is None:
                continue
            j = -c[2]
            fits = int(matches[j].end - words_before[matches[j].field + 1] == offset)
            total = (c[0] + weight, c[1] + fits)
            if total > value or (total == value and choice >= 0 and j < choice):
                value, choice = total, j
        best.append((value[0], value[1], -i))
        back[i] = choice
    chain = []
    i = max(range(len(matches)), key=best.__getitem__, default=-1)
    while i >= 0:
        chain.append(matches[i])
        i = back[i]
    return chain[::-1]


class _PrefixMax:
    """A Fenwick tree of the largest value at positions 1..n, asked for positions 1..k."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.tree: dict[int, tuple[int, int, int]] = {}

    def add(self, position: int, value: tuple[int, int, int]) -> None:
        while position <= self.n:
            current = self.tree.get(position)
            if current is None or value > current:
                self.tree[position] = value
            position += position & -position

    def get(self, position: int) -> tuple[int, int, int] | None:
        """The largest value at positions 1..``position``."""
        found = None
        while position > 0:
            value = self.tree.get(position)
            if value is not None and (found is None or value > found):
                found = value
            position -= position & -position
        return found


def gaps(chain: list[Match], expected: list[Expected], n_tokens: int) -> list[Gap]:
    bounds = [Match(-1, 0, 0), *chain, Match(len(expected), n_tokens, n_tokens)]
    return [Gap(range(a.field + 1, b.field), range(a.end, b.start),
                 expected[a.field].path if a.field >= 0 else "",
                 expected[b.field].path if b.field < len(expected) else "")
            for a, b in pairwise(bounds)]


def moves(gaps: list[Gap], occurrences: list[list[Match]], anchored: set[int],
           n_tokens: int) -> dict[int, Match]:
    """Unmatched fields whose exact text stands between the wrong neighbours."""
    owner = [-1] * n_tokens
    for g, gap in enumerate(gaps):
        for t in gap.tokens:
            owner[t] = g
    taken: set[int] = set()
    moves = {}
    for f, matches in enumerate(occurrences):
        if f in anchored:
            continue
        for m in matches:
            span = range(m.start, m.end)
            g = owner[m.start]
            if (g >= 0 and f not in gaps[g].fields and all(owner[t] == g for t in span)
                    and taken.isdisjoint(span)):
                moves[f] = m
                taken.update(span)
                break
    return moves


def stray_lines(left: list[int], tokens: list[Token], fields_words: list[tuple[str, ...]]
                 ) -> list[int]:
    """A run of whole lines (at most MAX_STRAY_LINES) whose removal lets every field match:
    a line drawn in the middle of a paragraph is stray text, not a changed paragraph."""
    starts = [i for i in range(len(left)) if i == 0 or tokens[left[i - 1]].line_end]
    if len(starts) > MAX_LINES_SEARCHED:
        return []
    starts.append(len(left))
    for a in range(len(starts) - 1):
        for b in range(a + 1, min(a + 1 + MAX_STRAY_LINES, len(starts))):
            rest = [tokens[t] for t in left[:starts[a]] + left[starts[b]:]]
            if rest and match_all(rest, fields_words):
                return left[starts[a]:starts[b]]
    return []


def match_all(tokens: list[Token], fields_words: list[tuple[str, ...]]) -> bool:
    p = 0
    for words in fields_words:
        p = match_field(tokens, p, words)
        if p < 0:
            return False
    return p == len(tokens)


def assign(fields_words: list[tuple[str, ...]], tokens: list[Token]
            ) -> list[list[tuple[int, str]]]:
    """Share ``tokens`` among fields in order, by the best word alignment (difflib), as
    (index of the first token, word) pairs; words broken at line ends are joined first."""
    owner = [f for f, words in enumerate(fields_words) for _ in words]
    wanted = [w for words in fields_words for w in words]
    found = rejoin(tokens, sorted(set(wanted)))
    shares: list[list[tuple[int, str]]] = [[] for _ in fields_words]
    for i1, i2, j1, j2 in opcodes(wanted, [w for _, w in found]):
        for j in range(j1, j2):
            # An inserted word goes with the field of the expected word before it.
            i = i1 + (j - j1) * (i2 - i1) // (j2 - j1) if i2 > i1 else max(i1 - 1, 0)
            shares[owner[i]].append(found[j])
    return shares


# Past this many cells (words expected x words found), difflib's alignment grows slow
# (minutes for the 5,000 words of 800 renumbered signatories): unique words anchor it first.
DIFFLIB_CELLS = 250_000


def opcodes(a: Sequence[str], b: Sequence[str], ia: int = 0, ib: int = 0
            ) -> list[tuple[int, int, int, int]]:
    """Blocks (i1, i2, j1, j2) in which ``a[i1:i2]`` corresponds to ``b[j1:j2]``, in order.

    Small inputs get difflib's alignment. Larger ones are first anchored, as patience diff
    does, on the words that occur once in each, in the longest run in the same order; the
    stretches between anchors are aligned the same way. With no such word, the two stand
    for each other as a whole."""
    if len(a) * len(b) <= DIFFLIB_CELLS:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        return [(i1 + ia, i2 + ia, j1 + ib, j2 + ib)
                for _, i1, i2, j1, j2 in matcher.get_opcodes()]
    out: list[tuple[int, int, int, int]] = []
    pa = pb = 0
    for i, j in _anchors(a, b):
        out += opcodes(a[pa:i], b[pb:j], ia + pa, ib + pb)
        out.append((ia + i, ia + i + 1, ib + j, ib + j + 1))
        pa, pb = i + 1, j + 1
    if pa == 0 and pb == 0:
        return [(ia, ia + len(a), ib, ib + len(b))]
    return out + opcodes(a[pa:], b[pb:], ia + pa, ib + pb)


def _anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Positions (in a, in b) of words that occur once in each, the longest chain of them
    in the same order in both (a longest increasing subsequence, O(n log n))."""
    where_a: dict[str, int] = {}
    where_b: dict[str, int] = {}
    for where, words in ((where_a, a), (where_b, b)):
        for k, word in enumerate(words):
            where[word] = -1 if word in where else k
    pairs = sorted((i, where_b[w]) for w, i in where_a.items()
                   if i >= 0 and where_b.get(w, -1) >= 0)
    tails: list[int] = []  # tails[k]: the smallest last j of a chain of k + 1 pairs
    index: list[int] = []  # which pair that is
    back = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        back[n] = index[k - 1] if k else -1
        if k == len(tails):
            tails.append(j)
            index.append(n)
        else:
            tails[k], index[k] = j, n
    chain = []
    n = index[-1] if index else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    return chain[::-1]


def rejoin(tokens: list[Token], vocabulary: list[str]) -> list[tuple[int, str]]:
    """Tokens as (index of first token, word), joining line-end breaks into expected words
    (``vocabulary`` is sorted so that the result does not depend on hash order)."""
    known = set(vocabulary)
    out, p = [], 0
    while p < len(tokens):
        n, word = 1, tokens[p].text
        if word not in known and tokens[p].line_end and p + 1 < len(tokens):
            n, word = broken_word(tokens, p, vocabulary)
        out.append((p, word))
        p += n
    return out


def broken_word(tokens: list[Token], p: int, vocabulary: list[str]) -> tuple[int, str]:
    """The word a line-end token starts: an expected word, or the token joined with the next
    one when the break fell inside an expected word ("Plat-" + "form;İsmayılov" gives
    "Platform;İsmayılov", so the difference shows as the missing space it is)."""
    head = tokens[p].text
    # only words that start with the token (less a hyphen the layout added) can continue it
    cut = head.endswith(LAYOUT_HYPHENS) and len(head) > 1
    for candidate in _starting(vocabulary, head[:-1] if cut else head):
        if (k := match_word(tokens, p, candidate)) > 1:
            return k, candidate
    pieces = [head[:-1]] if head.endswith("-") and len(head) > 1 else []
    for piece in [*pieces, head]:
        joined = piece + tokens[p + 1].text
        if any(joined.startswith(v) and len(v) > len(piece)
               for v in _starting(vocabulary, piece)):
            return 2, joined
    return 1, head


def _starting(vocabulary: list[str], prefix: str) -> Iterator[str]:
    """The words of the sorted ``vocabulary`` that start with ``prefix``, in order."""
    for k in range(bisect_left(vocabulary, prefix), len(vocabulary)):
        if not vocabulary[k].startswith(prefix):
            return
        yield vocabulary[k]


def runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs
