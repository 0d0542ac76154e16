"""Inline markup: ``**bold**``, ``*italic*``, ``[text](url)`` and backslash escapes, both ways.

One parser serves both sources. The YAML source (:data:`SOURCE`, docs/source-format.md) and the
Markdown importer (:data:`MARKDOWN`, CommonMark) share the scanner, the link rules and the
pairing of ``*`` runs; a :class:`Dialect` states the three places where they differ:

* which characters a backslash escapes (``\\*[]()`` in the YAML source, any ASCII punctuation
  in Markdown; before any other character the backslash is printed);
* which ``*`` runs may open or close emphasis. In Markdown, CommonMark's flanking rules decide
  (``5 * 3`` is not emphasis). In the YAML source every run may do both, so that every span a
  letter can hold has markup (:func:`write_inline`); the flanking rules only settle the readings
  that :func:`write_inline` never writes, so that ``**a *b* c**`` nests;
* whether a link target may hold white space (CommonMark: no, it would be a title).

Nothing written is dropped: a ``*`` or ``[`` that opens nothing, a ``]`` that closes nothing
and a backslash that escapes nothing are printed as written. The parser takes time linear in
the text, however many runs or brackets fail to pair.

Link targets are not judged here: :func:`is_safe_url` says whether one may be linked, and each
caller reports a bad one in its own words, at its own position.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from .model import Span

__all__ = ["MARKDOWN", "SOURCE", "URL_HINT", "Dialect", "escape_inline", "is_safe_url",
           "parse_inline", "to_uri", "write_inline"]


@dataclass(frozen=True, slots=True)
class Dialect:
    """Where the YAML source and Markdown read inline markup differently."""

    escapable: str  # the characters a backslash before them stands for
    flanking: bool  # CommonMark's flanking rules decide which * runs open and close
    spaced_targets: bool  # a link target may hold white space


SOURCE = Dialect("\\*[]()", flanking=False, spaced_targets=True)
MARKDOWN = Dialect(string.punctuation, flanking=True, spaced_targets=False)

URL_HINT = "links may point only to http://, https:// or mailto: addresses"
_SAFE_URL = re.compile(r"(?:https?://|mailto:)", re.IGNORECASE)
_SPECIAL = re.compile(r"[\\*\[\]]")
_STARS = re.compile(r"\*+")
_PAREN = re.compile(r"\\.|[()]", re.DOTALL)
_ESCAPE = re.compile(r"([\\*\[\]])")
_ESCAPE_TARGET = re.compile(r"([\\()])")
# RFC 3986 2.2-2.3: what a URI may hold as it is (reserved, unreserved, and % of an escape
# already written); everything else is percent-encoded as UTF-8 (RFC 3987 3.1).
_URI_KEEP = "!#$%&'()*+,/:;=?@[]~"
_NOT_URI = re.compile(r"[^A-Za-z0-9\-._~!#$%&'()*+,/:;=?@\[\]]")
_AUTHORITY = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)(.*)", re.DOTALL)
_PORT = re.compile(r":[0-9]*\Z")
_MAILTO = re.compile(r"(mailto:)([^?]*)(.*)", re.DOTALL | re.IGNORECASE)


def is_safe_url(url: str) -> bool:
    """Whether ``url`` may be linked: http://, https:// and mailto: only (any case)."""
    return _SAFE_URL.match(url) is not None


def to_uri(iri: str) -> str:
    """The ASCII URI that links to ``iri``, a link target as the letter writes it.

    A PDF's link action holds a URI in 7-bit ASCII (ISO 32000-1 12.6.4.7); a target written
    with other characters (``https://bücher.example/straße``) becomes an ASCII URI: the host
    name, and the domain of a mailto: address, in IDNA (punycode), every other character that
    a URI may not hold percent-encoded as UTF-8 (RFC 3987 3.1). A target that is a URI
    already is returned as it is.
    """
    if not _NOT_URI.search(iri):
        return iri
    link = _AUTHORITY.fullmatch(iri)
    if link:
        scheme, authority, rest = link.groups()
        userinfo, at, hostport = authority.rpartition("@")
        host, colon, port = hostport.rpartition(":") if _PORT.search(hostport) else (
            hostport, "", "")
        return scheme + _quote(userinfo) + at + _idna(host) + colon + port + _quote(rest)
    mail = _MAILTO.fullmatch(iri)
    if mail:
        scheme, addresses, query = mail.groups()
        out = []
        for address in addresses.split(","):
            local, at, domain = address.rpartition("@")
            out.append(_quote(local) + at + _idna(domain) if at else _quote(address))
        return scheme + ",".join(out) + _quote(query)
    return _quote(iri)


def _quote(text: str) -> str:
    from urllib.parse import quote  # only for a target that needs it: no cost on other builds

    return quote(text, safe=_URI_KEEP)


def _idna(host: str) -> str:
    """A host name in ASCII: each label in IDNA (Python's codec, IDNA 2003); a name IDNA
    refuses (an empty or over-long label) percent-encoded instead, which RFC 3986 3.2.2
    also allows."""
    if host.isascii():
        return _quote(host)
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return _quote(host)


def parse_inline(text: str, dialect: Dialect = SOURCE) -> tuple[Span, ...]:
    """The spans of ``text``: merged neighbours of one style, none empty, text kept as is.

    Link targets come out unescaped and unchecked (see :func:`is_safe_url`).
    """
    scanner = _Scanner(text, dialect)
    tokens = scanner.run()
    bold, italic = [0] * (len(tokens) + 1), [0] * (len(tokens) + 1)
    for opener, closer, used in scanner.pairs:
        depth = bold if used == 2 else italic
        depth[opener + 1] += 1
        depth[closer] -= 1
    pieces: list[tuple[tuple[bool, bool, str | None], str]] = []
    in_bold = in_italic = 0
    for k, token in enumerate(tokens):
        in_bold += bold[k]
        in_italic += italic[k]
        if token.printed:
            pieces.append(((in_bold > 0, in_italic > 0, token.href), token.printed))
    # Joined at once: adding piece by piece to the last span would be quadratic.
    return tuple(Span(text="".join(text for _, text in group), bold=bold, italic=italic,
                      href=href)
                 for (bold, italic, href), group in groupby(pieces, key=itemgetter(0)))


def escape_inline(text: str) -> str:
    """Markup that :func:`parse_inline` reads back as exactly ``text``, unstyled, in either
    dialect."""
    return _ESCAPE.sub(r"\\\1", text)


def write_inline(spans: tuple[Span, ...]) -> str:
    """Markup that :func:`parse_inline` (YAML source dialect) reads back as ``spans``.

    Each span is written on its own, ``**`` for bold and ``*`` for italic around its escaped
    text, so two neighbours never share the stars of one style. Spans must be merged (no two
    neighbours of one style), as :func:`parse_inline` gives them.
    """
    out = []
    for span in spans:
        stars = "*" * (2 * span.bold + span.italic)
        markup = stars + escape_inline(span.text) + stars
        if span.href is not None:
            markup = "[" + markup + "](" + _ESCAPE_TARGET.sub(r"\\\1", span.href) + ")"
        out.append(markup)
    return "".join(out)


# --- scanning: text, runs of *, brackets and links --------------------------------------------


class _Token:
    """Plain text, a run of ``*`` (``length`` > 0), or a ``[``.

    A plain class, like the scanner: dataclass creation costs import time.
    """

    __slots__ = ("text", "length", "stars", "opens", "closes", "right_only", "href")

    def __init__(self, text: str, length: int = 0) -> None:
        self.text = text  # what a text token or a "[" prints; "" for a "[" that opened a link
        self.length = length  # a run's length as written
        self.stars = length  # stars of a run not (yet) used as emphasis; these print
        self.opens = self.closes = True  # whether a run may open or close emphasis
        self.right_only = False  # right- and not left-flanking: stands like a closer
        self.href: str | None = None

    @property
    def printed(self) -> str:
        return "*" * self.stars if self.length else self.text


class _Scanner:
    """Splits text into tokens and pairs their runs of ``*``, as CommonMark does: a link is
    resolved when its "](target)" is met, and the runs inside it pair among themselves."""

    __slots__ = ("text", "dialect", "tokens", "runs", "brackets", "plain", "parens", "pairs")

    def __init__(self, text: str, dialect: Dialect) -> None:
        self.text = text
        self.dialect = dialect
        self.tokens: list[_Token] = []
        self.runs: list[int] = []  # runs not inside a link, in order
        self.brackets: list[tuple[int, int]] = []  # each open "[": its token, len(runs) then
        self.plain: list[str] = []
        self.parens: dict[int, int] | None = None  # the ")" of each "(", found when needed
        self.pairs: list[tuple[int, int, int]] = []  # (opener, closer, stars used)

    def run(self) -> list[_Token]:
        text, pos = self.text, 0
        while (m := _SPECIAL.search(text, pos)) is not None:
            i = m.start()
            self.plain.append(text[pos:i])
            ch = text[i]
            if ch == "\\":
                pos = self.backslash(i)
            elif ch == "*":
                pos = _STARS.match(text, i).end()  # type: ignore[union-attr]
                self.star_run(i, pos)
            elif ch == "[":
                self.brackets.append((self.push(_Token("[")), len(self.runs)))
                pos = i + 1
            else:
                pos = self.close(i)
        self.plain.append(text[pos:])
        self.flush()
        self.pairs += _pair(self.tokens, self.runs, self.dialect)
        return self.tokens

    def backslash(self, i: int) -> int:
        following = self.text[i + 1:i + 2]
        if following and following in self.dialect.escapable:
            self.plain.append(following)
            return i + 2
        self.plain.append("\\")
        return i + 1

    def star_run(self, start: int, end: int) -> None:
        token = _Token("", end - start)
        before = self.text[start - 1] if start else " "
        after = self.text[end] if end < len(self.text) else " "
        left, right = _flanking(before, after)
        token.right_only = right and not left
        if self.dialect.flanking:
            token.opens, token.closes = left, right
        self.runs.append(self.push(token))

    def close(self, i: int) -> int:
        """At a "]": a link if the last open "[" has text since and "(target)" follows."""
        self.flush()
        target = self.target(i + 1) if self.brackets else None
        opener, first_run = self.brackets.pop() if self.brackets else (-1, 0)
        if target is None or opener == len(self.tokens) - 1:
            self.plain.append("]")
            return i + 1
        href, end = target
        self.tokens[opener].text = ""
        for token in self.tokens[opener + 1:]:
            token.href = href
        self.pairs += _pair(self.tokens, self.runs[first_run:], self.dialect)
        del self.runs[first_run:]
        self.brackets.clear()  # links do not nest: an earlier "[" stays literal
        return end

    def target(self, i: int) -> tuple[str, int] | None:
        """The link target in the parentheses opening at ``i``, and the index after them."""
        if not self.text.startswith("(", i):
            return None
        if self.parens is None:
            self.parens = _parens(self.text)
        end = self.parens.get(i)
        if end is None or end == i + 1:
            return None
        raw = self.text[i + 1:end]
        if not self.dialect.spaced_targets and any(ch.isspace() for ch in raw):
            return None
        return _unescape(raw, self.dialect), end + 1

    def push(self, token: _Token) -> int:
        self.flush()
        self.tokens.append(token)
        return len(self.tokens) - 1

    def flush(self) -> None:
        text = "".join(self.plain)
        self.plain.clear()
        if text:
            self.tokens.append(_Token(text))


def _flanking(before: str, after: str) -> tuple[bool, bool]:
    """Whether a run between ``before`` and ``after`` is left- and right-flanking (CommonMark
    0.31.2, section 6.2; the start and the end of the text count as white space)."""
    space_before, space_after = before.isspace(), after.isspace()
    punct_before, punct_after = _punctuation(before), _punctuation(after)
    left = not space_after and (not punct_after or space_before or punct_before)
    right = not space_before and (not punct_before or space_after or punct_after)
    return left, right


def _punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _unescape(text: str, dialect: Dialect) -> str:
    """``text`` with each backslash escape replaced by the character it stands for."""
    out, i = [], 0
    while (j := text.find("\\", i)) >= 0:
        following = text[j + 1:j + 2]
        escaped = bool(following) and following in dialect.escapable
        out.append(text[i:j] + (following if escaped else "\\"))
        i = j + 1 + escaped
    out.append(text[i:])
    return "".join(out)


def _parens(text: str) -> dict[int, int]:
    """The index of the matching ")" for each "(" that has one; escaped ones do not count.

    Found for the whole text at once, so that a link target may hold balanced parentheses
    (https://en.wikipedia.org/wiki/Baku_(city)) and scanning stays linear however many "]("
    fail to close.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _PAREN.finditer(text):
        if m.group() == "(":
            stack.append(m.start())
        elif m.group() == ")" and stack:
            pairs[stack.pop()] = m.start()
    return pairs


# --- pairing runs of * into emphasis ----------------------------------------------------------


def _pair(tokens: list[_Token], runs: list[int], dialect: Dialect) -> list[tuple[int, int, int]]:
    """(opener, closer, stars used) for each pair the runs at ``runs`` make, in order.

    CommonMark's "process emphasis" (spec appendix A): each run that may close looks back for
    an open run it matches (:func:`_matches`); the innermost stars pair first, two at a time
    while both runs have two (``***x***`` is bold italic); open runs passed over inside a pair
    print as written. In the YAML source a run looks only at the nearest open run.
    """
    found: list[tuple[int, int, int]] = []
    openers: list[int] = []
    # CommonMark's openers_bottom, which keeps this linear: by the kind of closer, how many
    # openers at the bottom of the stack are known not to match it.
    bottom: dict[tuple[bool, int], int] = {}
    for j in runs:
        closer = tokens[j]
        kind = (closer.opens, closer.length % 3)
        k, paired = len(openers) - 1, -1
        while closer.stars and closer.closes and k >= bottom.get(kind, 0):
            opener = tokens[openers[k]]
            # Once paired, a closer goes on with the same opener as long as both have stars.
            if openers[k] == paired or _matches(opener, closer, dialect):
                used = 2 if opener.stars >= 2 and closer.stars >= 2 else 1
                opener.stars -= used
                closer.stars -= used
                found.append((openers[k], j, used))
                paired = openers[k]
                del openers[k + (opener.stars > 0):]
                bottom = {key: min(value, len(openers)) for key, value in bottom.items()}
                k = len(openers) - 1
            elif dialect.flanking:
                k -= 1
            else:
                break
        if closer.stars and closer.closes and dialect.flanking:
            bottom[kind] = len(openers)
        if closer.stars and closer.opens:
            openers.append(j)
    return found


def _matches(opener: _Token, closer: _Token, dialect: Dialect) -> bool:
    """Whether ``closer`` closes ``opener``: both have stars left, which the caller checks."""
    if dialect.flanking:
        # CommonMark's "rule of 3": where a run may both open and close, the two lengths
        # must not add up to a multiple of 3 unless both are one (*foo**bar* is one italic).
        either = closer.opens or opener.closes
        return not (either and closer.length % 3 and (opener.length + closer.length) % 3 == 0)
    # YAML source: any run closes the open run, except in the two readings write_inline never
    # writes: a run shorter than the open one, or twice as long (closing a style only to open
    # it again). There the run closes only if it stands like a closer (a** b), and otherwise
    # opens inside, so that **a *b* c** and *a **b** c* nest.
    odd = closer.stars < opener.stars or closer.stars == 2 * opener.stars
    return not odd or closer.right_only
