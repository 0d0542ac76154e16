"""Which filed letter a scan is a copy of, and how well each of its pages agrees with it.

A scan's words (OCR, scan/ocr.py) are compared with the words each page of a letter prints
(scan/letters.py). Both sides are reduced to keys first: letters and digits only, no case,
no diacritics (resolve/names.py ``plain``), so "İsmayılov," and "Ismayilov" are one word.
A word of the letter counts as recognised when the scan has it in order: the same key, or
one within a small edit distance for its length (:data:`TOLERANCE`), since OCR misreads a
letter or two of a word now and then (rn for m, l for I). Words are aligned in order
(difflib on the exact keys, then the close ones inside each differing stretch; then runs
OCR read as another block), so another letter's words in a scattered order do not count.

:func:`compare` assigns the scan's pages to the letter's pages (in any order), says how much
of each page was recognised, which pages are missing or extra, and what is not there: a
paragraph or a signatory whose words are mostly missing from a page that is, or a name that
reads differently (other words where the name stands, not a misreading of it); fields ink
covers (something stands where they should be) are said apart as not read. :func:`match`
compares the candidates whose reference and date the scan reads, and the likeliest others,
and ranks them all. docs/archive.md ("How a scan is matched") has the measurements behind
the thresholds below.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..check.align import opcodes
from ..resolve.names import plain
from ..scanned import ReadPage
from .letters import Candidate

# A word's letters that OCR may misread and the word still count, as a share of its length
# (at least one letter for a word of four or more; shorter words and numbers must read
# exactly): "lsmayilov" for "Ismayilov" counts, "Ismayil" for "Ismayilov" (2 of 9) counts,
# "Mammadli" does not.
TOLERANCE = 0.25
SHORTEST_FUZZY = 4
# A differing stretch larger than this (words of the letter x words of the scan) is not
# searched for close words: in a page of the right letter OCR errors are single words between
# exact ones; stretches this large are another text.
FUZZY_CELLS = 2500
# A scan page is a copy of a letter page when at least this share of the page's words is
# recognised in order. Measured (docs/archive.md, "How a scan is matched"): a scan of the
# right page agrees 0.9 or more, but Tesseract now and then skips a whole block of a page
# turned 2 degrees (0.43 left of a page); a page of another letter agrees 0.26 at most (a
# short last page: its "the", "of" and names in order), another page of the same letter the
# same, another language 0.1.
PAGE_MATCH = 0.35
# A paragraph, closing or signatory with less than this share of its words recognised, on a
# page that is there, is "not there".
PRESENT = 0.5
# A name whose words are not recognised reads differently when the words in its place share
# less than this (difflib's ratio of their letters) with it; more alike, it is OCR noise.
DIFFERENT = 0.5
# A field not recognised stands under ink (or OCR skipped its block) when the room between
# the recognised lines around it holds at least this share of the lines it needs; a field
# taken out of a letter leaves a paragraph's space at most (about half a line).
ROOM = 0.6
LINE_WORDS = 3  # a line read with fewer words is not counted for the spacing of lines
# The score below which the best candidate is refused: the caller asks for --copy-of, and
# shows the best few. Measured (docs/archive.md): the right letter scores 0.93 or more on
# clean and degraded scans, 0.60 or more with one page of three missing; another letter,
# or the same letter in another language, pairs no page (PAGE_MATCH) and scores 0. 0.5 is
# between: a scan with two of three pages missing (about 0.5 at best) should rather be
# named with --copy-of than taken on its own.
ACCEPT = 0.5
# Candidates compared word by word: those whose reference and date the scan reads, and this
# many more of those with the most words in common (any order); the others are scored by
# their words in common alone.
COMPARED = 3

# A stretch of a letter page's words found elsewhere on its scan page counts when at least
# this many of them stand there in order; shorter runs ("of the") are chance.
MOVED_RUN = 4
MOVES = 3

_NOT_WORD = re.compile(r"[\W_]+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class PageMatch:
    """A page of the scan (1-based) and the page of the letter it is a copy of (0: none),
    with how many of that letter page's words it recognised in order (for a page that is
    none of the letter's: of the page it comes closest to)."""

    scan: int
    page: int
    agreement: float
    recognised: int
    words: int


@dataclass(frozen=True, slots=True)
class Finding:
    """What the scan does not show as the letter prints it: ``field`` is the source path
    (``signatories[0].members[5].name``), ``page`` the letter's page (1-based)."""

    field: str
    page: int
    message: str


@dataclass(frozen=True, slots=True)
class Report:
    """How a scan agrees with one candidate letter.

    ``score`` (0 to 1) is the share of words the scan and the letter have in common, in
    order, of both (2 x common / (letter's words + scan's words)): a missing page, an extra
    page and other text all lower it. ``pages`` holds each scan page in the scan's order;
    ``missing`` the letter pages no scan page is a copy of, ``extra`` the scan pages that are
    a copy of no page of the letter. ``compared`` is False for a candidate scored only by
    its words in common (not a contender: see :func:`match`); it then has no pages."""

    candidate: Candidate
    score: float
    pages: tuple[PageMatch, ...] = ()
    missing: tuple[int, ...] = ()
    extra: tuple[int, ...] = ()
    findings: tuple[Finding, ...] = ()
    reference_read: bool = False
    date_read: bool = False
    compared: bool = True
    # fields OCR did not read where something stands in their place (ink over the print):
    # said, but not differences
    unread: tuple[Finding, ...] = ()
    # the share of words the scan and the letter have in common in any order, as the score
    # counts (2 x common / both): what ranks candidates that pair no page
    common: float = 0.0

    @property
    def accepted(self) -> bool:
        return self.compared and self.score >= ACCEPT

    def title(self) -> str:
        c = self.candidate
        return (f"{c.key}: {c.reference} of {c.dated} ({c.language}, revision {c.revision}),"
                f" score {self.score:.2f}" + ("" if self.pages and any(p.page for p in self.pages)
                                              else f" (words in common {self.common:.2f})"))

    def lines(self) -> list[str]:
        """What the command line prints: the match and its score, each page, the findings."""
        read = [what for what, seen in (("reference", self.reference_read),
                                         ("date", self.date_read)) if seen]
        out = [self.title(),
               f"  {' and '.join(read)} read on the scan" if read
               else "  neither reference nor date read on the scan"]
        if not self.compared:
            return [*out, "  not compared page by page (too few words in common)"]
        for p in self.pages:
            if p.page:
                out.append(f"  scan page {p.scan} is page {p.page}: {p.recognised} of its "
                           f"{p.words} words recognised in order ({p.agreement:.0%})")
            else:
                out.append(f"  scan page {p.scan} is no page of this letter: extra (at most "
                           f"{p.agreement:.0%} of a page's words)")
        out += [f"  page {page} of the letter is missing from the scan" for page in self.missing]
        out += [f"  {f.field} (page {f.page}): {f.message}" for f in self.findings]
        out += [f"  not read: {f.field} (page {f.page}): {f.message}" for f in self.unread]
        return out

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-able data, for the bag's match report."""
        c = self.candidate
        return {
            "letter": c.key, "reference": c.reference, "date": c.date.isoformat(),
            "language": c.language, "revision": c.revision, "score": round(self.score, 4),
            "words_in_common": round(self.common, 4),
            "accepted": self.accepted, "compared": self.compared,
            "reference_read": self.reference_read, "date_read": self.date_read,
            "pages": [{"scan_page": p.scan, "letter_page": p.page or None,
                       "agreement": round(p.agreement, 4), "recognised": p.recognised,
                       "words": p.words} for p in self.pages],
            "missing_pages": list(self.missing), "extra_scan_pages": list(self.extra),
            "findings": [{"field": f.field, "page": f.page, "message": f.message}
                         for f in self.findings],
            "not_read": [{"field": f.field, "page": f.page, "message": f.message}
                         for f in self.unread],
        }


# --- keys ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Keys:
    """A page's words as keys, and the index of the word each came from."""

    keys: tuple[str, ...]
    origin: tuple[int, ...]
    counts: Counter[str] = field(compare=False)
    words: tuple[str, ...] = ()  # each key's word as written (or read)
    # on a scan page: each key's word's box (left, top, width, height), the distance from
    # one line to the next (pixels) and the keys on a line
    boxes: tuple[tuple[int, int, int, int], ...] = ()
    pitch: float = 0.0
    per_line: float = 0.0


def key(word: str) -> str:
    """A word for comparison: its letters and digits, without case or diacritics."""
    return _NOT_WORD.sub("", plain(word))


def _keyed(words: Sequence[str], skip: Sequence[int] = ()) -> _Keys:
    """The keys of ``words``, but for those that make no key and those at ``skip``."""
    left = set(skip)
    pairs = [(k, i) for i, w in enumerate(words) if (k := key(w)) and i not in left]
    keys = tuple(k for k, _ in pairs)
    return _Keys(keys, tuple(i for _, i in pairs), Counter(keys),
                 tuple(words[i] for _, i in pairs))


def _scanned(page: ReadPage) -> _Keys:
    """A scan page's keys, with where their words stand and how its lines are spaced."""
    keys = _keyed([w.text for w in page.words])
    boxes = tuple(page.words[i].box for i in keys.origin)
    tops: dict[int, int] = {}
    count: Counter[int] = Counter()
    for i in keys.origin:
        word = page.words[i]
        tops[word.line] = min(tops.get(word.line, word.box[1]), word.box[1])
        count[word.line] += 1
    # lines of text, not the scraps OCR makes of a signature or a stamp
    ordered = sorted(top for line, top in tops.items() if count[line] >= LINE_WORDS)
    count = Counter({line: n for line, n in count.items() if n >= LINE_WORDS})
    steps = sorted(b - a for a, b in zip(ordered, ordered[1:], strict=False) if b > a)
    return _Keys(keys.keys, keys.origin, keys.counts, keys.words, boxes,
                 # the lower quartile: lines apart by a blank line or a skipped block are
                 # many on a short page
                 float(steps[len(steps) // 4]) if steps else 0.0,
                 float(sorted(count.values())[len(count) // 2]) if count else 0.0)


def close(a: str, b: str) -> bool:
    """Whether two keys are one word, allowing for OCR's misreadings (:data:`TOLERANCE`)."""
    if a == b:
        return True
    n = max(len(a), len(b))
    if n < SHORTEST_FUZZY or _DIGIT.search(a) or _DIGIT.search(b):
        return False  # short words, and numbers (05/20 is not 05/21), read exactly
    allowed = max(1, int(n * TOLERANCE))
    return abs(len(a) - len(b)) <= allowed and _distance(a, b, allowed) <= allowed


def _distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``bound + 1`` once it must exceed it."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) > bound:
            return bound + 1
        previous = current
    return previous[-1]


# --- one page against one page ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Aligned:
    """A letter page's keys against a scan page's: for each letter key, the scan key it was
    recognised as (-1: not recognised)."""

    partner: tuple[int, ...]

    @property
    def recognised(self) -> int:
        return sum(p >= 0 for p in self.partner)


def _align(letter: Sequence[str], scan: Sequence[str]) -> _Aligned:
    """Each letter key's partner on the scan: in order first; then, among the words left on
    both sides, runs of at least :data:`MOVED_RUN` in order, which OCR read as another block
    (a list's lines after the ones below them, a column taken for another), up to
    :data:`MOVES` times."""
    partner = [-1] * len(letter)
    _pair(letter, scan, list(range(len(letter))), list(range(len(scan))), partner, 1)
    for _ in range(MOVES):
        taken = set(partner)
        left = [i for i, j in enumerate(partner) if j < 0]
        free = [j for j in range(len(scan)) if j not in taken]
        if not left or not free or not _pair(letter, scan, left, free, partner, MOVED_RUN):
            break
    return _Aligned(tuple(partner))


def _pair(letter: Sequence[str], scan: Sequence[str], left: list[int], free: list[int],
          partner: list[int], run: int) -> int:
    """Pair the letter keys at ``left`` with the scan keys at ``free``, in order: runs of
    equal keys at least ``run`` long, and close keys between two such runs (or anywhere, for
    a ``run`` of 1). How many were paired."""
    a, b = [letter[i] for i in left], [scan[j] for j in free]
    blocks = opcodes(a, b)
    kept = [i2 - i1 >= run and i2 - i1 == j2 - j1
            and all(a[i] == b[j1 + i - i1] for i in range(i1, i2))
            for i1, i2, j1, j2 in blocks]
    paired = 0
    for n, (i1, i2, j1, j2) in enumerate(blocks):
        if kept[n]:
            for i in range(i1, i2):
                partner[left[i]] = free[j1 + i - i1]
            paired += i2 - i1
        elif (i2 > i1 and j2 > j1 and (i2 - i1) * (j2 - j1) <= FUZZY_CELLS
              and (run == 1 or (0 < n < len(blocks) - 1 and kept[n - 1] and kept[n + 1]))):
            for i, j in _close_in_order(a[i1:i2], b[j1:j2]):
                partner[left[i1 + i]] = free[j1 + j]
                paired += 1
    return paired


def _close_in_order(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """The longest run of pairs (i, j), increasing in both, with a[i] close to b[j]."""
    n, m = len(a), len(b)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1],
                             best[i + 1][j + 1] + 1 if close(a[i], b[j]) else 0)
    out, i, j = [], 0, 0
    while i < n and j < m:
        if close(a[i], b[j]) and best[i][j] == best[i + 1][j + 1] + 1:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _common(a: Counter[str], b: Counter[str]) -> int:
    return sum((a & b).values())


# --- the comparison ---------------------------------------------------------------------------

def compare(pages: Sequence[ReadPage], candidate: Candidate) -> Report:
    """How the scan's ``pages`` agree with ``candidate``, page by page (see :class:`Report`)."""
    scans = [_scanned(page) for page in pages]
    return _compare(scans, candidate, _letter_keys(candidate))


def _letter_keys(candidate: Candidate) -> list[_Keys]:
    labels = candidate.labels or tuple(() for _ in candidate.pages)
    return [_keyed(page, skip) for page, skip in zip(candidate.pages, labels, strict=True)]


def _compare(scans: list[_Keys], candidate: Candidate, letter: list[_Keys]) -> Report:
    # Each scan page is aligned with the letter pages it shares most words with (two: its
    # own and, for a page that is none of them, the likeliest), then pages are paired off,
    # the pairs with most words recognised first.
    aligned: dict[tuple[int, int], _Aligned] = {}
    for s, scan in enumerate(scans):
        likely = sorted(range(len(letter)),
                        key=lambda p: -_common(scan.counts, letter[p].counts))[:2]
        for p in likely:
            aligned[s, p] = _align(letter[p].keys, scan.keys)
    pairs = sorted(aligned, key=lambda sp: (-aligned[sp].recognised, sp))
    assigned: dict[int, int] = {}
    for s, p in pairs:
        words = len(letter[p].keys)
        if (s in assigned or p in assigned.values() or not words
                or aligned[s, p].recognised / words < PAGE_MATCH):
            continue
        assigned[s] = p
    matches = []
    for s in range(len(scans)):
        if s in assigned:
            p = assigned[s]
            done, words = aligned[s, p].recognised, len(letter[p].keys)
            matches.append(PageMatch(s + 1, p + 1, done / words, done, words))
        else:  # the closest page, to show how far it is from any
            s_pairs = [(aligned[s, p].recognised / len(letter[p].keys), p)
                       for t, p in aligned if t == s and letter[p].keys]
            share, p = max(s_pairs, default=(0.0, -1))
            matches.append(PageMatch(s + 1, 0, share, aligned[s, p].recognised if p >= 0
                                     else 0, len(letter[p].keys) if p >= 0 else 0))
    total = sum(len(k.keys) for k in letter) + sum(len(k.keys) for k in scans)
    common = sum(m.recognised for m in matches if m.page)
    findings, unread = _findings(candidate, letter, scans, {p: (s, aligned[s, p])
                                                            for s, p in assigned.items()})
    return Report(candidate, 2 * common / total if total else 0.0, tuple(matches),
                  tuple(p + 1 for p in range(len(letter)) if p not in assigned.values()),
                  tuple(s + 1 for s in range(len(scans)) if s not in assigned),
                  findings, *_read_head(scans, candidate), unread=unread,
                  common=_in_common(scans, letter))


def _findings(candidate: Candidate, letter: list[_Keys], scans: list[_Keys],
              present: dict[int, tuple[int, _Aligned]]
              ) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """The fields on pages that are there whose words are mostly not: missing, or (a name)
    reading differently; and apart, those not read where something stands in their place
    (:func:`_printed_over`), which are not differences."""
    out: list[Finding] = []
    unread: list[Finding] = []
    named: set[str] = set()  # entries whose name reads differently: not "not there" too
    counted: dict[str, tuple[list[tuple[int, int]], int]] = {}
    for printed in candidate.fields:
        inside = [(place.page - 1, k) for place in printed.places if place.page - 1 in present
                  for k, origin in enumerate(letter[place.page - 1].origin)
                  if place.start <= origin < place.end]
        counted[printed.path] = (inside, sum(present[p][1].partner[k] >= 0 for p, k in inside))
    for printed in sorted(candidate.fields, key=lambda f: f.kind != "name"):
        places = [p for p in printed.places if p.page - 1 in present]
        if not places or printed.kind not in _MESSAGES:
            continue
        inside, recognised = counted[printed.path]
        wanted = len(inside)
        if recognised < wanted and _elsewhere(inside, letter, scans, printed.kind == "name"):
            continue  # read out of order: OCR took its lines for another column or block
        if printed.kind == "name":
            # a name is short: one word of it not recognised may be another name, when the
            # rest of its entry reads as printed (else ink or damage is over the line)
            entry = printed.path.rsplit(".", 1)[0]
            rest, read = counted.get(entry + ".organisation", ([], 0))
            instead = (_in_place(inside, letter, scans, present)
                       if recognised < wanted and read >= PRESENT * len(rest) else "")
            if instead:
                out.append(Finding(printed.path, places[0].page,
                                   f'the name reads "{instead}" where the letter has '
                                   f'"{printed.text}"'))
                named.add(entry)
            continue
        if not wanted or recognised / wanted >= PRESENT:
            continue
        if printed.kind == "organisation" or printed.path in named:
            continue
        if _printed_over(inside, letter, scans, present):
            unread.append(Finding(printed.path, places[0].page,
                                  f"{recognised} of its {wanted} words recognised, but "
                                  "something stands in its place: ink over the print?"))
            continue
        out.append(Finding(printed.path, places[0].page,
                           f"{_MESSAGES[printed.kind]}: {recognised} of its {wanted} words "
                           "recognised"))
    out.sort(key=lambda f: (f.page, _order(candidate, f.field)))
    unread.sort(key=lambda f: (f.page, _order(candidate, f.field)))
    return tuple(out), tuple(unread)


def _window(inside: list[tuple[int, int]], letter: list[_Keys],
            present: dict[int, tuple[int, _Aligned]]) -> tuple[int, int, int]:
    """The scan page and its keys low:high between the recognised words around a field's
    words on its first page (``inside``: letter page, key index), where it should stand."""
    page = inside[0][0]
    s, aligned = present[page]
    mine = [k for p, k in inside if p == page]
    before = [aligned.partner[k] for k in range(mine[0]) if aligned.partner[k] >= 0]
    after = [aligned.partner[k] for k in range(mine[-1] + 1, len(letter[page].keys))
             if aligned.partner[k] >= 0]
    return s, before[-1] + 1 if before else 0, after[0] if after else -1


def _printed_over(inside: list[tuple[int, int]], letter: list[_Keys], scans: list[_Keys],
                  present: dict[int, tuple[int, _Aligned]]) -> bool:
    """Whether something stands on the scan where a field not recognised should be: words
    OCR read but not as the letter's (at least half as many as the field's words not
    recognised), or room for the field's lines
    between the recognised lines around it (OCR skipped a block: under a stamp, say). A
    field taken out of a letter leaves neither: the letter was set again without it."""
    s, low, high = _window(inside, letter, present)
    scan, aligned = scans[s], present[inside[0][0]][1]
    if high < 0:
        high = len(scan.keys)
    taken = set(aligned.partner)
    missing = sum(aligned.partner[k] < 0 for p, k in inside if p == inside[0][0])
    if 2 * sum(j not in taken for j in range(low, high)) >= missing:
        return True
    if not scan.pitch or low == 0 or high >= len(scan.keys):
        return False
    above, below = scan.boxes[low - 1], scan.boxes[high]
    room = below[1] - (above[1] + above[3])  # between the line above and the one below
    lines = -(-missing // max(1.0, scan.per_line))
    return room >= ROOM * lines * scan.pitch


_MESSAGES = {"paragraph": "the paragraph is not on the scan",
             "closing": "the closing is not on the scan",
             "heading": "the heading is not on the scan",
             "member": "the signatory is not on the scan",
             "signer": "the signer is not on the scan", "signature": "not on the scan", "name": "",
             "organisation": ""}


def _order(candidate: Candidate, path: str) -> int:
    return next((i for i, f in enumerate(candidate.fields) if f.path == path), 0)


def key_text(text: str) -> str:
    return " ".join(k for w in text.split() if (k := key(w)))


def _unlike(expected: str, found: str) -> bool:
    return difflib.SequenceMatcher(None, expected, found, autojunk=False).ratio() < DIFFERENT


def _elsewhere(inside: list[tuple[int, int]], letter: list[_Keys], scans: list[_Keys],
               name: bool) -> bool:
    """Whether a field's words (``inside``: letter page, key index) stand together somewhere
    on the scan, out of the pages' order (OCR took its lines for another block, or a page
    break fell elsewhere): at least :data:`PRESENT` of them (of a name: all) in order within
    twice their length, on any page."""
    by_page: dict[int, list[int]] = {}
    for page, k in inside:
        by_page.setdefault(page, []).append(k)
    for page, ks in by_page.items():
        wanted = [letter[page].keys[k] for k in ks]
        need = len(wanted) if name else max(1, PRESENT * len(wanted))
        reach = 2 * len(wanted) + 2
        for scan in scans:
            found = sorted(j for j in _align(wanted, scan.keys).partner if j >= 0)
            if any(bisect_right(found, j + reach) - i >= need for i, j in enumerate(found)):
                break
        else:
            return False
    return True


def _in_place(inside: list[tuple[int, int]], letter: list[_Keys], scans: list[_Keys],
              present: dict[int, tuple[int, _Aligned]]) -> str:
    """What the scan reads where a name stands, when its words not recognised are others
    (not a misreading of them: :data:`DIFFERENT`), else "". ``inside`` holds the name's
    keys as (letter page, key index); only those on the first page are looked at."""
    page = inside[0][0]
    keys = letter[page]
    s, aligned = present[page]
    mine = [k for p, k in inside if p == page]
    lost = [k for k in mine if aligned.partner[k] < 0]
    before = [aligned.partner[k] for k in range(lost[0]) if aligned.partner[k] >= 0]
    after = [aligned.partner[k] for k in range(lost[-1] + 1, len(keys.keys))
             if aligned.partner[k] >= 0]
    low = before[-1] + 1 if before else 0
    high = after[0] if after else len(scans[s].keys)
    found = scans[s].keys[low:high]
    # nothing there, or not a name's place (a list number, a page running on without it):
    # another name stands word for word (a longer one by a word)
    if (len(found) < len(lost) or len(found) > len(lost) + 1
            or not all(any(c.isalpha() for c in k) for k in found)):
        return ""
    expected = " ".join(keys.keys[k] for k in lost)
    if not _unlike(expected, " ".join(found)):
        return ""  # OCR noise: the name misread beyond TOLERANCE, not another name
    # the whole name as read: its recognised words too, where they stand beside the others
    shown = [aligned.partner[k] for k in mine if aligned.partner[k] >= 0] + [low, high - 1]
    if max(shown) - min(shown) > len(mine) + 1:
        shown = [low, high - 1]
    return " ".join(scans[s].words[min(shown):max(shown) + 1])


def _read_head(scans: list[_Keys], candidate: Candidate) -> tuple[bool, bool]:
    """Whether the scan reads the letter's reference, and its date, as the letter prints
    them (on any page: the running header repeats both)."""
    return (any(_reads(scan.keys, key_text(candidate.reference).split()) for scan in scans),
            any(_reads(scan.keys, key_text(candidate.dated).split()) for scan in scans))


def _reads(keys: Sequence[str], wanted: Sequence[str]) -> bool:
    if not wanted:
        return False
    n = len(wanted)
    return any(all(close(keys[i + k], wanted[k]) for k in range(n))
               for i in range(len(keys) - n + 1) if close(keys[i], wanted[0]))


# --- among candidates -------------------------------------------------------------------------

def match(pages: Sequence[ReadPage], candidates: Sequence[Candidate]) -> tuple[Report, ...]:
    """Every candidate's report, best first (by score, then by the reference and date read,
    then by words in common).

    The candidates whose reference and date the scan reads are compared page by page, and
    the :data:`COMPARED` others that share most words with the scan (in case the reference
    was misread or the scan's first page is missing); the rest score 0, with their words in
    common, and are not compared (``compared`` False). The caller refuses the best when it
    scores below :data:`ACCEPT`."""
    scans = [_scanned(page) for page in pages]
    letters = [_letter_keys(c) for c in candidates]
    common = [_in_common(scans, letter) for letter in letters]
    heads = [_read_head(scans, c) for c in candidates]
    order = sorted(range(len(candidates)), key=lambda i: -common[i])
    chosen = {i for i in range(len(candidates)) if all(heads[i])} | set(order[:COMPARED])
    reports = []
    for i, c in enumerate(candidates):
        if i in chosen:
            reports.append(_compare(scans, c, letters[i]))
        else:
            reports.append(Report(c, 0.0, reference_read=heads[i][0], date_read=heads[i][1],
                                  compared=False, common=common[i]))
    return tuple(sorted(reports, key=lambda r: (-r.score, -(r.reference_read + r.date_read),
                                                 -r.common, r.candidate.key)))


def _in_common(scans: list[_Keys], letter: list[_Keys]) -> float:
    """The share of words the scan and the letter have in common, in any order."""
    a: Counter[str] = Counter()
    b: Counter[str] = Counter()
    for page in scans:
        a.update(page.counts)
    for page in letter:
        b.update(page.counts)
    total = a.total() + b.total()
    return 2 * _common(a, b) / total if total else 0.0
