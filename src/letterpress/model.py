"""The document model: what a letter says, with no I/O and no layout.

Field names equal the YAML keys of a source file (see docs/source-format.md), so a path such
as ``signatories[0].members[27].name`` means the same thing in the source, in error messages,
in verification findings and in tests.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

Language = Literal["en", "az", "ru"]
Paper = Literal["a4", "letter"]
Place = Literal["top", "bottom"]
SourceFormat = Literal["yaml", "markdown"]
# The families a letter is set in (fonts.TYPEFACES names their files), the default first.
Typeface = Literal["serif", "sans"]
TYPEFACE_NAMES: tuple[Typeface, ...] = get_args(Typeface)
# Where a window envelope shows the recipient's postal address (docs/source-format.md, "A
# window envelope"): DIN 5008 form A or B, or the right-hand window of Swiss and French letters.
Window = Literal["din-a", "din-b", "right"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
PAPERS: tuple[Paper, ...] = get_args(Paper)
PLACES: tuple[Place, ...] = get_args(Place)
WINDOWS: tuple[Window, ...] = get_args(Window)


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A run of text with one style. ``href`` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """A paragraph of body text: spans in reading order, with inline styles resolved."""

    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True, kw_only=True)
class Labels:
    """The labels a letterhead words its own way; "" is the language's own (content.LABELS)."""

    sender: str = ""
    recipient: str = ""
    telephone: str = ""
    email: str = ""

    def given(self) -> dict[str, str]:
        return {key: value for key, value in (("sender", self.sender),
                ("recipient", self.recipient), ("telephone", self.telephone),
                ("email", self.email)) if value}


LETTERHEAD_LABELS = ("sender", "recipient", "telephone", "email")


@dataclass(frozen=True, slots=True, kw_only=True)
class LetterheadText:
    """A letterhead's words in one language (its ``az:`` or ``ru:`` block): what is not given
    ("" or ()) is printed from the letterhead's top, written in English."""

    name: str = ""
    address: tuple[str, ...] = ()
    labels: Labels = Labels()


@dataclass(frozen=True, slots=True, kw_only=True)
class Letterhead:
    name: str
    address: tuple[str, ...] = ()
    telephone: str = ""
    email: str = ""
    website: str = ""
    website_url: str = ""  # link target; "" means derived from ``website``
    logo: str = ""  # path of an image, relative to the letter's own file once loaded; "" for none
    labels: Labels = Labels()  # an English letter's labels, worded otherwise
    # The letterhead's words in other languages: a letter prints its language's block.
    en: LetterheadText | None = None
    az: LetterheadText | None = None
    ru: LetterheadText | None = None
    # The logo's bytes, read by the resolve stage through the world ("" until then).
    logo_data: bytes = field(default=b"", repr=False)
    # The typeface of the letters that use this letterhead and choose none; None: the default.
    typeface: Typeface | None = None

    def block(self, language: str) -> LetterheadText | None:
        """The block of ``language``, if the letterhead has one."""
        found: LetterheadText | None = getattr(self, language, None)
        return found

    def in_language(self, language: str) -> Letterhead:
        """The letterhead as a letter in ``language`` prints it: its block's name, address and
        labels, each falling back to the top's (for labels: to the language's defaults);
        the blocks themselves dropped."""
        block = self.block(language)
        labels = self.labels if language == "en" else Labels()
        if block is None:
            return Letterhead(name=self.name, address=self.address, telephone=self.telephone,
                              email=self.email, website=self.website,
                              website_url=self.website_url, logo=self.logo, labels=labels,
                              logo_data=self.logo_data)
        return Letterhead(name=block.name or self.name, address=block.address or self.address,
                          telephone=self.telephone, email=self.email, website=self.website,
                          website_url=self.website_url, logo=self.logo,
                          labels=Labels(**{**labels.given(), **block.labels.given()}),
                          logo_data=self.logo_data)

    @property
    def website_href(self) -> str:
        if self.website_url:
            return self.website_url
        if not self.website or "://" in self.website:
            return self.website
        return "http://" + self.website


@dataclass(frozen=True, slots=True, kw_only=True)
class Signatory:
    name: str
    organisation: str = ""
    role: str = ""
    # The member's id in the members registry (source/members.yaml); "" for a member written
    # out in the letter itself.
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatoryGroup:
    heading: str
    members: tuple[Signatory, ...]
    start: int = 1  # number of the first member
    columns: int = 1  # 1, or 2 for a long list set in two columns


@dataclass(frozen=True, slots=True, kw_only=True)
class Signer:
    """One person who signs the letter in ink: printed under a line to sign on."""

    name: str
    title: str = ""
    organisation: str = ""
    # The member's id in the members registry (source/members.yaml); "" for a signer written
    # out in the letter itself.
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Signature:
    """The signature block after the closing: one or more signers, each with room and a line
    to sign on, and the place and date of signing (printed together: "Baku, 20 November
    2026"; each optional)."""

    signers: tuple[Signer, ...]
    place: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Merge:
    """``merge:`` of a letter written once for many recipients (docs/source-format.md, Mail
    merge): the recipients file (relative to the letter), the pattern of each letter's
    reference (``{reference}`` the letter's own, ``{n}`` the row's number from 1) and of each
    PDF's name (``{stem}`` the letter's file name, ``{name}`` the recipient's name made a
    portable file name, ``{n}``)."""

    recipients: str
    reference: str = "{reference}-{n}"
    output: str = "{stem}-{name}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Enclosure:
    """One entry of the enclosures list after the closing: a line of text naming what the
    letter encloses and, optionally, a PDF file whose pages are appended after the letter's
    (``file`` as written, relative to the letter; ``data`` its bytes, filled in by the
    resolve stage; ``pages`` how many it has)."""

    title: str
    file: str = ""
    data: bytes = field(default=b"", repr=False)
    pages: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """How a revision above 1 says that it corrects an earlier letter: the note's wording
    ("" for the letter's language's own; ``{date}`` and ``{revision}`` are filled in), where
    it is printed (under the reference and date, or after the signatories), and the date of
    the letter it replaces (None: the same date as this one)."""

    text: str = ""
    place: Place = "top"
    replaces: datetime.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Letter:
    letterhead: Letterhead
    reference: str
    date: datetime.date
    sender: str
    recipient: tuple[str, ...]
    body: tuple[Paragraph, ...]
    closing: tuple[str, ...] = ()
    signature: Signature | None = None  # the block signed in ink, after the closing
    signatories: tuple[SignatoryGroup, ...] = ()
    # The parts of a formal letter, each optional ("" or () for none): the subject (bold,
    # before the body), the salutation (the body's first line), the place printed before the
    # date, the reference's label (None: the language's own when the letter has a subject or
    # a place, else none; "" for none), and the lists after the closing.
    subject: str = ""
    salutation: str = ""
    place: str = ""
    reference_label: str | None = None
    enclosures: tuple[Enclosure, ...] = ()
    cc: tuple[str, ...] = ()
    # The recipient's postal address, printed where a window envelope shows it (``window``
    # says which; None: no window, the letter laid out as without an address), and whether
    # fold and punch marks are printed at the left edge.
    address: tuple[str, ...] = ()
    return_address: str = ""  # the sender's line above it ("": from the letterhead)
    window: Window | None = None
    marks: bool = False
    language: Language = "en"
    date_format: str = "DD.MM.YYYY"
    paper: Paper = "a4"
    # The family the letter is set in: its own choice, else its letterhead's, else the serif.
    typeface: Typeface = "serif"
    title: str = ""  # document title for the PDF metadata; "" means derived
    revision: int = 1  # a corrected letter is a new revision of the same letter
    correction: Correction = Correction()  # the note a revision above 1 prints
    # Where the letter came from, for messages and for archiving the source with the PDF.
    origin: str = field(default="", compare=False)


# --- the source stage: a letter as its file states it, before references are resolved ---------


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """Where a field's value is written: 1-based line and column of its first and last
    character (the end is inclusive of the line, exclusive of the column)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LetterheadRef:
    """``letterhead: letterheads/ogp.yaml``: a letterhead kept in its own file."""

    file: str  # as written: relative to the letter's folder


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberRef:
    """``- member: rafik-ismayilov``: a signatory kept in the members registry. In a
    :class:`SourceLetter` a group's ``members`` (and a signature's ``signers``) may hold
    these beside :class:`Signatory` (:class:`Signer`) values; the resolve stage replaces each
    with the registry's text in the letter's language."""

    id: str


def refers_to_members(groups: Iterable[Any]) -> bool:
    """Whether any signatory group of a source letter names a member of the registry."""
    return any(isinstance(m, MemberRef) for g in groups for m in getattr(g, "members", ()))


def signature_refers_to_members(signature: Any) -> bool:
    """Whether a source letter's signature block names a member of the registry."""
    return any(isinstance(s, MemberRef) for s in getattr(signature, "signers", ()))


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceLetter:
    """A letter as its source file states it: what :mod:`letterpress.resolve.references` turns into
    a :class:`Letter`.

    ``values`` holds the letter's keys (the field names of :class:`Letter`) with their values,
    as parsed; where the source refers to another file, the value is the reference
    (:class:`LetterheadRef`), not its content. ``positions`` maps each field path
    (``signatories[0].members[27].name``) to where it is written; ``references`` maps the
    fields that name a file (``letterhead``, ``letterhead.logo``) to that file, relative to the
    letter's folder; ``lines`` are the file's lines, so a later stage can point inside a
    field.
    """

    file: str  # the letter's file, as the user named it
    format: SourceFormat
    values: Mapping[str, Any]  # a group's members may be MemberRef (see there)
    positions: Mapping[str, Position] = field(default_factory=dict)
    references: Mapping[str, str] = field(default_factory=dict)  # path -> file named there
    lines: tuple[str, ...] = ()

    def locate(self, path: str, needle: str) -> tuple[int, int]:
        """Line and column of ``needle`` inside the field at ``path`` (else the field's start;
        (0, 0) for a field with no known position)."""
        where = self.positions.get(path)
        if where is None:
            return 0, 0
        for n in range(where.line, min(where.end_line, len(self.lines)) + 1):
            text = self.lines[n - 1]
            low = where.column - 1 if n == where.line else 0
            high = where.end_column - 1 if n == where.end_line else len(text)
            i = text.find(needle, low, max(high, low))
            if i >= 0:
                return n, i + 1
        return where.line, where.column
