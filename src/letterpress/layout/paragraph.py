"""Turn styled text into Knuth–Plass items, and set a paragraph from them (the breaker's
lines come with their drawable runs: items.Texts).

This is where the typographic rules about *where* a line may break live:
- a space after a number ("27 civilians"), after a title abbreviation ("Ms. Julie") or
  before a dash or a lone punctuation mark never breaks, and neither does a no-break space;
- words break at pyphen's hyphenation points in the letter's language (none for a
  language without a dictionary), and after a hyphen the source wrote;
- a word or URL wider than the measure may break anywhere, without a hyphen.
A hyphen the layout adds is U+2010 HYPHEN, so a reader can tell it from a hyphen-minus
the source wrote (Nagorno-Karabakh).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from .. import derived
from ..fonts import FontSet
from . import linebreak as lb

ADDED_HYPHEN = "\u2010"
NO_BREAK_SPACES = "\u00a0\u202f"
DICTIONARIES = {"en": "en_US", "ru": "ru_RU"}  # pyphen has no Azerbaijani patterns
# Letters a hyphen leaves before and after the break: two either side in Russian and
# Azerbaijani (as their orthography allows), three after it in English (as TeX's English).
HYPHEN_MINS = {"en": (2, 3)}
HYPHEN_MIN = (2, 2)
# Optical margin alignment (microtype's protrusion, Typst's overhang): the share of its width
# a glyph hangs into the right margin at the end of a justified line, or the left at its start.
HANG_RIGHT = {".": 0.7, ",": 0.7, ADDED_HYPHEN: 0.5, "-": 0.5, "\u2013": 0.5, "\u2014": 0.3,
              ":": 0.5, ";": 0.5, "\u201d": 0.5, "\u2019": 0.5, "\u00bb": 0.5, '"': 0.5,
              "'": 0.5, "!": 0.2, "?": 0.2}
HANG_LEFT = {"\u201c": 0.5, "\u2018": 0.5, "\u00ab": 0.5, "\u201e": 0.5, '"': 0.5, "'": 0.5,
             "(": 0.3, "[": 0.3}
# Azerbaijani syllables are regular enough to need no dictionary: a syllable starts at the
# last consonant before a vowel (ki-tab, məm-lə-kət, türk-lər), as in Turkish.
AZ_VOWELS = frozenset("aeəıioöuüAEƏIİOÖUÜаеәыиоөуүэюяёАЕӘЫИОӨУҮЭЮЯЁ")
# A word that keeps the next one with it: a title ("Ms.", "№") or a number ("27", "3.5").
_TITLE_OR_NUMBER = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Dr|Prof|No|St|Nr|г|гг|ул|д|им|тов)\.|№|\d+(?:[.,/:]\d+)*)$")
# What a word that stays with the one before starts with: a dash or a lone mark.
_DASH_OR_PUNCT = frozenset("–—%‰°»”’)]}.,;:!?")
_WORD_CORE = re.compile(r"^(\W*)(\w+)(\W*)$")
# Passes of the line breaker, as (hyphenate,): the second is tried only when the first cannot
# set the paragraph within the spacing bounds. Ragged text stretches freely.
JUSTIFIED_PASSES = ((False,), (True,))
RAGGED_PASSES = ((False,),)
LAST_RESORT_TOLERANCE = 2.0
# A word wider than the line breaks at its hyphenation points only if no piece between two of
# them is wider than this share of the line: else the lines it fills would end far short.
OVERLONG_SYLLABLE = 0.25


# Text in one style, before and after breaking: the breaker's pieces are the same thing.
StyledText = lb.Piece


@cache
def _dictionary(language: str) -> object | None:
    name = DICTIONARIES.get(language)
    if name is None:
        return None
    import pyphen

    _patterns_in(pyphen, name)
    left, right = HYPHEN_MINS.get(language, HYPHEN_MIN)
    dictionary: object = pyphen.Pyphen(lang=name, left=left, right=right)
    table = getattr(dictionary, "hd", None)
    if isinstance(getattr(table, "cache", None), dict):
        table.cache = _Unkept()  # type: ignore[union-attr]
    return dictionary


class _Unkept(dict[str, Any]):
    """A dictionary that keeps nothing, for pyphen's own cache of each word's points: it
    would grow with every word a process ever hyphenates (a batch of a million letters),
    and :func:`hyphenation_points` keeps the last 16,384 words' points already."""

    def __setitem__(self, key: str, value: Any) -> None:
        pass


def _patterns_in(pyphen: Any, name: str) -> None:
    """pyphen's patterns of the dictionary ``name``, ready before Pyphen asks for them.

    pyphen parses a dictionary's text in each process (the English one's 11,000 patterns in
    about 50 ms, a fifth of a cold build) and keeps the parsed table (its HyphDict) by the
    file's path in ``hdcache``, where Pyphen looks first. The table is put there from the
    user's cache folder (derived.py: keyed by the file's bytes and pyphen's version), or
    parsed by pyphen itself and kept there for the next process. A table of another shape
    (another pyphen) is parsed again, never used."""
    path = pyphen.LANGUAGES.get(name)
    hdcache = getattr(pyphen, "hdcache", None)
    if path is None or not isinstance(hdcache, dict) or path in hdcache:
        return
    try:
        source = path.read_bytes()
    except OSError:  # Pyphen says so itself, in its own words
        return
    entry, by = f"hyphenation-{name}", f"pyphen {pyphen.__version__}"
    kept = derived.load(entry, source, by)
    if (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], dict)
            and isinstance(kept[1], int)):
        table = pyphen.HyphDict.__new__(pyphen.HyphDict)
        table.patterns, table.maxlen, table.cache = kept[0], kept[1], {}
    else:
        table = pyphen.HyphDict(path)
        # Equal entries kept once (marshal writes an object met again as a reference): the
        # English table's 11,000 entries are 1,600 distinct ones, and it loads in half the time.
        shared: dict[object, object] = {}
        patterns = {key: shared.setdefault(value, value) for key, value in table.patterns.items()}
        derived.store(entry, source, by, (patterns, table.maxlen))
    hdcache[path] = table


@lru_cache(maxsize=1 << 14)
def hyphenation_points(word: str, language: str) -> tuple[int, ...]:
    """Offsets inside ``word`` where a hyphen may be added (only for plain words)."""
    if len(word) < 5:  # fewer than five characters: fewer letters still (see below)
        return ()
    match = _WORD_CORE.match(word)
    # a word of letters alone (most) has no digit and no underscore
    if match is None or (not word.isalpha()
                         and any(ch.isdigit() or ch == "_" for ch in word)):
        return ()
    lead, core, _ = match.groups()
    if len(core) < 5 or core.isupper():
        return ()
    if language == "az":
        points = _azerbaijani_syllables(core, *HYPHEN_MINS.get(language, HYPHEN_MIN))
    else:
        dic = _dictionary(language)
        points = dic.positions(core) if dic is not None else []  # type: ignore[attr-defined]
    return tuple(len(lead) + p for p in points)


def _azerbaijani_syllables(word: str, left: int = 2, right: int = 3) -> list[int]:
    vowels = [k for k, ch in enumerate(word) if ch in AZ_VOWELS]
    points = []
    for a, b in zip(vowels, vowels[1:], strict=False):
        cut = b - 1 if b - a > 1 else b  # before the consonant that opens the syllable
        if left <= cut <= len(word) - right:
            points.append(cut)
    return points


# A piece of a word: its text and the span it is in (whose style it has).
_Piece = tuple[str, StyledText]


def _words(spans: Sequence[StyledText]) -> list[list[_Piece]]:
    """Split styled spans into words at U+0020; each word a list of pieces, one a span it
    has letters of (the pieces are made into runs only where a box needs one: a word's
    items are mostly the cache's)."""
    words: list[list[_Piece]] = [[]]
    for span in spans:
        for k, chunk in enumerate(span.text.split(" ")):
            if k > 0 and words[-1]:
                words.append([])
            if chunk:
                words[-1].append((chunk, span))
    return [w for w in words if w]


def _keeps_together(left: str, right: str, language: str) -> bool:
    if _hard_keep(left, right):
        return True
    # Russian typography never leaves a one-letter preposition or conjunction (в, к, с, и, а,
    # о, у, я) at the end of a line: it belongs to the word after it.
    return language == "ru" and len(left) == 1 and left.isalpha()


def _hard_keep(left: str, right: str) -> bool:
    """A title and its name, a number and its noun, a dash or lone mark and the word before:
    never apart. (The Russian one-letter word may leave its neighbour in the last resort,
    where a line could not be filled otherwise.)"""
    return right[:1] in _DASH_OR_PUNCT or bool(_TITLE_OR_NUMBER.match(left))


# The items of each word already set (a language's words recur from letter to letter), and
# of each paragraph of the letter being laid out (pagination sets a paragraph again, tighter
# or looser). Both are bounded so that a process building thousands of distinct letters
# keeps a flat memory: a letter of source/ has at most 24 paragraphs (about 8,000 items,
# half a megabyte), so _ITEMS holds the last two or three letters' at most; a letter of
# source/ has 420 to 2,100 distinct words, so 8,192 hold a batch's common vocabulary.
CHUNKS_KEPT = 8_192
ITEMS_KEPT = 64
_CHUNKS: dict[tuple[object, ...], tuple[lb.Item, ...]] = {}
_GLUES: dict[tuple[object, ...], lb.Glue] = {}  # items are immutable, so one per style
_NO_BREAK = lb.Penalty(0, lb.INF)
_KEEP = lb.Penalty(0, lb.KEEP_PENALTY)
_LETTER_BREAK = lb.Penalty(0, lb.LETTER_PENALTY)


class ItemBuilder:
    def __init__(self, fonts: FontSet, language: str, measure: float, hyphenate: bool,
                 justify: bool, anywhere: bool = False) -> None:
        self.fonts, self.language, self.measure = fonts, language, measure
        self.hyphenate, self.justify, self.anywhere = hyphenate, justify, anywhere
        self.items: list[lb.Item] = []

    def piece(self, text: str, s: StyledText) -> lb.Piece:
        return s if text == s.text else lb.Piece(text, s.style, s.size, s.href)

    def box(self, text: str, s: StyledText, width: float | None = None) -> None:
        """A box of ``text`` (``width`` wide, if already measured), or in the last resort
        one a letter."""
        if self.anywhere and len(text) > 1:
            # First fit may break after any letter, if a line cannot be filled otherwise.
            for k, letter in enumerate(text):
                if k:
                    self.items.append(_LETTER_BREAK)
                self.letter_box(letter, s)
        elif text:
            self.letter_box(text, s, width)

    def letter_box(self, text: str, s: StyledText, width: float | None = None) -> None:
        """One box of ``text``; ``width`` its width, if already measured."""
        if width is None:
            width = self.fonts.width(text, s.style, s.size)
        left, right = (self.hang(text[0], HANG_LEFT, s), self.hang(text[-1], HANG_RIGHT, s))
        self.items.append(lb.Box(width, self.piece(text, s), left, right))

    def hang(self, char: str, shares: dict[str, float], s: StyledText) -> float:
        """How far ``char`` hangs into the margin (justified text only)."""
        share = shares.get(char, 0.0) if self.justify else 0.0
        return share * self.fonts.width(char, s.style, s.size) if share else 0.0

    def glue(self, s: StyledText, breakable: bool, soft: bool = False) -> None:
        if not breakable:
            self.items.append(_KEEP if soft else _NO_BREAK)
        key = (s.style, s.size, s.href, self.justify, id(self.fonts))
        glue = _GLUES.get(key)
        if glue is None:
            space = self.fonts.width(" ", s.style, s.size)
            stretch, shrink = (space * lb.STRETCH, space * lb.SHRINK) if self.justify else (0, 0)
            glue = _GLUES[key] = lb.Glue(space, stretch, shrink, self.piece(" ", s))
        self.items.append(glue)

    def word(self, pieces: list[_Piece]) -> None:
        for text, s in pieces:
            if NO_BREAK_SPACES[0] not in text and NO_BREAK_SPACES[1] not in text:
                self.chunk(text, s)
                continue
            for k, chunk in enumerate(re.split(f"[{NO_BREAK_SPACES}]", text)):
                if k:
                    self.glue(s, breakable=False)
                self.chunk(chunk, s)

    def chunk(self, text: str, s: StyledText) -> None:
        """Items for a run of text without spaces, in the style of ``s``; words recur, so
        they are cached."""
        key = (text, s.style, s.size, s.href, self.hyphenate, self.anywhere, self.justify,
               self.language, self.measure, id(self.fonts))
        cached = _CHUNKS.get(key)
        if cached is None:
            start = len(self.items)
            self.chunk_items(text, s)
            if len(_CHUNKS) > CHUNKS_KEPT:
                _CHUNKS.clear()
            _CHUNKS[key] = tuple(self.items[start:])
        else:
            self.items.extend(cached)

    def chunk_items(self, text: str, s: StyledText) -> None:
        width = self.fonts.width(text, s.style, s.size)
        if self.anywhere and width > self.measure and self.hyphenate_ok(text):
            return self.overlong(text, s)
        if width > self.measure * 0.5 and not self.hyphenate_ok(text):
            return self.emergency(text, s)
        cuts = self.cuts(text)
        if not cuts:  # most words: one box, measured above
            return self.box(text, s, width)
        last = 0
        for cut, explicit in cuts:
            self.box(text[last:cut], s)
            if explicit:
                self.items.append(lb.Penalty(0, lb.EXPLICIT_HYPHEN_PENALTY, flagged=True))
            else:
                hyphen = self.piece(ADDED_HYPHEN, s)
                w = self.fonts.width(ADDED_HYPHEN, s.style, s.size)
                self.items.append(lb.Penalty(w, lb.HYPHEN_PENALTY, True, hyphen,
                                             self.hang(ADDED_HYPHEN, HANG_RIGHT, s)))
            last = cut
        self.box(text[last:], s)

    def hyphenate_ok(self, text: str) -> bool:
        return text.isalpha()

    def cuts(self, text: str) -> list[tuple[int, bool]]:
        """Where ``text`` may break, in order: after a hyphen it has between two letters
        (True), and at its hyphenation points (False), when hyphenating."""
        if "-" not in text:  # most words: no hyphen of their own, one part to hyphenate
            if not self.hyphenate:
                return []
            return [(p, False) for p in hyphenation_points(text, self.language)]
        found: dict[int, bool] = {}
        for m in re.finditer(r"(?<=\w)-(?=\w)", text):
            found[m.end()] = True
        if self.hyphenate:
            for part in re.finditer(r"[^-]+", text):
                for p in hyphenation_points(part.group(), self.language):
                    found.setdefault(part.start() + p, False)
        return sorted(found.items())

    def overlong(self, text: str, s: StyledText) -> None:
        """A word wider than the line, in the last-resort pass: it breaks at its hyphenation
        points if they come often enough to fill lines (a hyphen is added there), otherwise
        after any letter (no hyphen: the letters are no syllable)."""
        points = hyphenation_points(text, self.language)
        edges = (0, *points, len(text))
        widest = max(self.fonts.width(text[a:b], s.style, s.size)
                     for a, b in zip(edges, edges[1:], strict=False))
        if points and widest <= self.measure * OVERLONG_SYLLABLE:
            hyphen = self.piece(ADDED_HYPHEN, s)
            w = self.fonts.width(ADDED_HYPHEN, s.style, s.size)
            for a, b in zip(edges, edges[1:], strict=False):
                if a:
                    self.items.append(lb.Penalty(w, lb.HYPHEN_PENALTY, True, hyphen,
                                                 self.hang(ADDED_HYPHEN, HANG_RIGHT, s)))
                self.box(text[a:b], s)  # and after any letter, where a line needs it
            return None
        for k, letter in enumerate(text):
            if k:
                self.items.append(lb.Penalty(0, lb.EMERGENCY_PENALTY))
            self.letter_box(letter, s)
        return None

    def emergency(self, text: str, s: StyledText) -> None:
        """A long word or URL: it may break after / . - _ ? & = @ without a hyphen, and in
        the last-resort pass after any character."""
        pieces = list(text) if self.anywhere else re.findall(r"[^/.\-_?&=@]*[/.\-_?&=@]?", text)
        pieces = [p for p in pieces if p]
        for k, piece in enumerate(pieces):
            self.letter_box(piece, s)
            if k < len(pieces) - 1:
                cost = lb.EMERGENCY_PENALTY // 5 if piece[-1] in "/.-_?&=@" else \
                    lb.EMERGENCY_PENALTY
                self.items.append(lb.Penalty(0, cost))


def build_items(spans: Sequence[StyledText], fonts: FontSet, language: str, measure: float,
                hyphenate: bool, justify: bool, anywhere: bool = False) -> list[lb.Item]:
    builder = ItemBuilder(fonts, language, measure, hyphenate, justify, anywhere)
    words = _words(spans)
    for k, word in enumerate(words):
        if k:
            (left, span), right = words[k - 1][-1], word[0][0]
            keep = _keeps_together(left, right, language)
            builder.glue(span, breakable=not keep,
                         soft=keep and anywhere and not _hard_keep(left, right))
        builder.word(word)
    if anywhere:
        builder.items = _unlock(builder.items, measure)
    end = lb.Piece("", "regular", 0)
    builder.items.append(lb.Penalty(0, lb.INF))
    builder.items.append(lb.Glue(0, 1e6 if justify else 0, 0, end))
    builder.items.append(lb.Penalty(0, -lb.INF))
    return builder.items


_ITEMS: dict[tuple[object, ...], list[lb.Item]] = {}


def _items(spans: tuple[StyledText, ...], fonts: FontSet, language: str, measure: float,
           hyphenate: bool, justify: bool) -> list[lb.Item]:
    """build_items, kept for the tighter and looser settings pagination may ask for."""
    key = (spans, id(fonts), language, measure, hyphenate, justify)
    items = _ITEMS.get(key)
    if items is None:
        if len(_ITEMS) > ITEMS_KEPT:
            _ITEMS.clear()
        items = _ITEMS[key] = build_items(spans, fonts, language, measure, hyphenate, justify)
    return items


def _unlock(items: list[lb.Item], measure: float) -> list[lb.Item]:
    """Words kept together (by no-break spaces, or a number and its noun) that are wider
    than the line together may break between them after all: else they would run off it.
    (A break after any letter is no place a line may end as such: it is a last resort.)"""
    out: list[lb.Item] = []
    start, width = 0, 0.0  # the run since the last place a line may break
    for k, item in enumerate(items):
        if lb.legal_break(items, k) and item is not _LETTER_BREAK:
            if width > measure:
                out[start:] = [i for i in out[start:] if i is not _NO_BREAK]
            start, width = len(out) + 1, 0.0
        elif not isinstance(item, lb.Penalty):
            width += item.width
        out.append(item)
    if width > measure:
        out[start:] = [i for i in out[start:] if i is not _NO_BREAK]
    return out


def set_paragraph(spans: Sequence[StyledText], fonts: FontSet, language: str, measure: float,
                  justify: bool = True, first_measure: float | None = None,
                  line_count: int | None = None,
                  passes: int = len(JUSTIFIED_PASSES)) -> list[lb.Broken] | None:
    """Break a paragraph: first by its spaces and glyphs alone, then with hyphens as well,
    then with hyphens beyond the usual rules, then an emergency pass; each only if the one
    before fails.

    Ragged text (names, organisations, addresses) is never hyphenated: a name split by a
    hyphen reads as a different name, and a ragged line has room to spare.
    With ``line_count``, only a setting of exactly that many lines within the spacing
    bounds will do (no emergency pass): None when there is none. ``passes`` stops a justified
    paragraph after that many of JUSTIFIED_PASSES.
    """
    one_line = _one_line(spans, fonts, first_measure or measure)
    if one_line is not None and line_count in (None, 1):
        return [one_line]
    flex = _flex(spans, measure, justify)
    built: dict[bool, list[lb.Item]] = {}
    for (hyphenate,) in JUSTIFIED_PASSES[:passes] if justify else RAGGED_PASSES:
        if hyphenate not in built:
            built[hyphenate] = _items(tuple(spans), fonts, language, measure, hyphenate, justify)
        tolerance = 1.0 if justify else 1e6
        lines = lb.break_lines(built[hyphenate], measure, tolerance, flex, first_measure,
                               line_count)
        if lines is not None:
            return lines
    if line_count is not None:
        return None
    if justify and passes == len(JUSTIFIED_PASSES):
        # A third hyphen in a row, every other bound kept, is the least fault (a paragraph
        # of long words in a wide typeface); a step in scaling too (a column of one long
        # word) the lesser fault than spaces beyond their bounds; spaces up to twice their
        # stretch (1.60) the lesser fault than first-fit lines.
        lines = lb.break_lines(built[True], measure, 1.0, flex, first_measure,
                               hyphen_run=lb.MAX_HYPHENS_IN_A_ROW + 1)
        if lines is not None:
            return lines
        for tolerance in (1.0, LAST_RESORT_TOLERANCE):
            lines = lb.break_lines(built[True], measure, tolerance, flex, first_measure,
                                   strict=False)
            if lines is not None:
                return lines
    items = build_items(spans, fonts, language, measure, justify, justify, anywhere=True)
    return lb.break_greedily(items, measure, flex, first_measure,
                             LAST_RESORT_TOLERANCE if justify else 1.0)


def _flex(spans: Sequence[StyledText], measure: float, justify: bool) -> lb.Flex:
    if not justify:
        return lb.Flex(ragged=measure * 0.25)
    return lb.Flex(expansion=lb.EXPANSION)


def _one_line(spans: Sequence[StyledText], fonts: FontSet, measure: float) -> lb.Broken | None:
    """The common case of a short entry or heading: everything fits, nothing to choose."""
    natural = sum(fonts.width(s.text, s.style, s.size) for s in spans)
    if natural > measure or any("  " in s.text or NO_BREAK_SPACES[0] in s.text
                                or NO_BREAK_SPACES[1] in s.text for s in spans):
        return None
    items = tuple(lb.Box(0.0, s) for s in spans)  # a styled text is a piece
    return lb.Broken(items, 0.0, natural, False, True, _merged(spans))


def _merged(spans: Sequence[StyledText]) -> tuple[lb.Piece, ...]:
    """The spans that have text, each joined to the one before if it has its style, size
    and link: a line's runs (a styled text is a run)."""
    runs: list[lb.Piece] = []
    for s in spans:
        if not s.text:
            continue
        if runs and (runs[-1].style, runs[-1].size, runs[-1].href) == (s.style, s.size, s.href):
            runs[-1] = lb.Piece(runs[-1].text + s.text, s.style, s.size, s.href)
        else:
            runs.append(s)
    return tuple(runs)


def forget() -> None:
    """Empty what this process keeps of the letters set before: each word's and each
    paragraph's items, their sums, and words' hyphenation points, so the next letter is set
    as if it were the first (bench/cold.py times a letter so)."""
    _CHUNKS.clear()
    _ITEMS.clear()
    lb.forget()
    hyphenation_points.cache_clear()
