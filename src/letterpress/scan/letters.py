"""A filed letter as the matcher sees it: what a scan of its printed pages should read.

A scan is compared with what the paper says, so each page's words are taken from the
letter's PDF as its text layer reads them (check/readback.py), furniture (the running header,
the page label) and words broken at line ends included, exactly as they were printed. The
fields (content.py: body paragraphs, the closing, the signature block where the letter has
one, each signatory with its name and organisation) are placed on those words, so that a
page's missing paragraph or a name that reads differently can be named by its source path.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from ..check import align
from ..check.readback import read_pdf_bytes
from ..content import Field, fields, format_date, page_label, running_header
from ..model import Language, Letter, Signatory

# The field kinds a comparison looks for on the scan (content.Field.kind, and "name" and
# "organisation" for a signatory's or signer's name and organisation within its entry).
SOUGHT = ("paragraph", "closing", "signature", "signer", "heading", "member", "name",
          "organisation")


@dataclass(frozen=True, slots=True)
class Place:
    """Where some of a field's words stand: ``page`` (1-based), tokens ``start:end`` of its
    words (:attr:`Candidate.pages`)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Printed:
    """A field as it is printed: its source path, kind, text, and where its words stand (a
    paragraph may run over a page break: two places). No places: not found in the text
    layer (the PDF is not what the source says; nothing is judged of it)."""

    path: str
    kind: str
    text: str
    places: tuple[Place, ...]

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(p.page for p in self.places))


@dataclass(frozen=True, slots=True)
class Candidate:
    """One filed letter (``key`` names it for the caller: its bag, say), with what a scan of
    it should read: its words page by page (whitespace-separated, as the text layer reads
    each page) and its fields on them."""

    key: str
    reference: str
    revision: int
    language: Language
    date: datetime.date
    date_format: str
    pages: tuple[tuple[str, ...], ...]
    fields: tuple[Printed, ...]
    # per page, the words that number a list ("26."): OCR often does not read a number
    # standing apart before its line, and a scan is not judged by them
    labels: tuple[tuple[int, ...], ...] = ()

    @property
    def dated(self) -> str:
        """The date as the letter prints it."""
        return format_date(self.date, self.date_format, self.language)

    @property
    def words(self) -> int:
        return sum(len(page) for page in self.pages)


def candidate(key: str, letter: Letter, pdf: bytes) -> Candidate:
    """What the letter ``letter``, printed from ``pdf`` (its built PDF), looks like to the
    matcher. ReadbackError when the PDF cannot be read."""
    text = read_pdf_bytes(pdf, key)
    pages, tokens, where = [], [], []
    for number, page in enumerate(text.pages, start=1):
        furniture = {tuple(_nfc(page_label(letter.language, number, len(text.pages))).split())}
        if number > 1:
            furniture.add(tuple(_nfc(running_header(letter)).split()))
        lines = [tuple(line.split()) for line in _nfc(page).splitlines() if line.split()]
        words: list[str] = []
        for n, line in enumerate(lines):
            # the running header and page label are printed (a scan reads them) but belong
            # to no field: the fields are found in the words without them
            if not ((n < 2 or n == len(lines) - 1) and line in furniture):
                for i, word in enumerate(line):
                    tokens.append(align.Token(word, i == len(line) - 1, number))
                    where.append((number, len(words) + i))
            words += line
        pages.append(tuple(words))
    printed = fields(letter)
    expected = [align.Expected(f.path, w) for f in printed if (w := tuple(_nfc(f.text).split()))]
    kinds = {f.path: f for f in printed}
    found = _located(tokens, expected)
    out: list[Printed] = []
    labels: list[set[int]] = [set() for _ in pages]
    for f, exp in enumerate(expected):
        field = kinds[exp.path]
        span = found.get(f)
        places = _places(span, where) if span else ()
        # a signer's name (signature.signers[0].name) is a name like a signatory's
        kind = "name" if field.kind == "signer" and exp.path.endswith(".name") else field.kind
        out.append(Printed(exp.path, kind, field.text, places))
        if span:
            out += _parts(field, letter, tokens, span, where)
            if field.kind == "member" and field.label:
                at, index = where[span[0]]
                labels[at - 1].add(index)
    return Candidate(key, letter.reference, letter.revision, letter.language, letter.date,
                     letter.date_format, tuple(pages), tuple(out),
                     tuple(tuple(sorted(page)) for page in labels))


def _located(tokens: list[align.Token], expected: list[align.Expected]
             ) -> dict[int, tuple[int, int]]:
    """Each field's token span (start, end) where it is printed, by the alignment check
    uses: exact matches, the heaviest chain of them in source order. Furniture lines are
    tokens no field claims."""
    occurrences = align.occurrences(tokens, expected)
    rare = [m for ms in occurrences if len(ms) <= align.MAX_OCCURRENCES for m in ms]
    occurrences = align.near_anchors(occurrences, align.chain(rare, expected), tokens)
    chain = align.chain([m for ms in occurrences for m in ms], expected)
    return {m.field: (m.start, m.end) for m in chain}


def _places(span: tuple[int, int], where: list[tuple[int, int]]) -> tuple[Place, ...]:
    out: list[Place] = []
    for t in range(*span):
        page, index = where[t]
        if out and out[-1].page == page:
            out[-1] = Place(page, out[-1].start, index + 1)
        else:
            out.append(Place(page, index, index + 1))
    return tuple(out)


def _parts(field: Field, letter: Letter, tokens: list[align.Token], span: tuple[int, int],
           where: list[tuple[int, int]]) -> list[Printed]:
    """A signatory's name and organisation within its entry ("3. Name – Organisation,
    role")."""
    if field.kind != "member":
        return []
    member = _member(letter, field.path)
    if member is None:
        return []
    start = span[0] + len(field.label.split())
    out: list[Printed] = []
    for kind, text in (("name", member.name), ("organisation", member.organisation)):
        words = tuple(_nfc(text).split())
        if not words:
            continue
        end = align.match_field(tokens, start, words)
        if end < 0 or end > span[1]:
            return out
        out.append(Printed(f"{field.path}.{kind}", kind, text, _places((start, end), where)))
        start = end + 1  # the separator between name and organisation
    return out


def _member(letter: Letter, path: str) -> Signatory | None:
    """The signatory at ``signatories[g].members[i]``."""
    try:
        group, member = path.removeprefix("signatories[").split("].members[")
        return letter.signatories[int(group)].members[int(member.rstrip("]"))]
    except (ValueError, IndexError):
        return None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u00ad", "")
