"""The document model: what a letter says, with no I/O and no layout.

Field names equal the YAML keys of a source file (see docs/source-format.md), so a path such
as ``signatories[0].members[27].name`` means the same thing in the source, in error messages,
in verification findings and in tests.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

LANGUAGES = ("en", "az", "ru")
PAPERS = ("a4", "letter")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one style. ``href`` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of body text: spans in reading order, with inline styles resolved."""

    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class Letterhead:
    name: str
    address: tuple[str, ...] = ()
    telephone: str = ""
    email: str = ""
    website: str = ""
    website_url: str = ""  # link target; "" means derived from ``website``
    logo: str = ""  # path of an image, relative to the letter's own file once loaded; "" for none

    @property
    def website_href(self) -> str:
        if self.website_url:
            return self.website_url
        if not self.website or "://" in self.website:
            return self.website
        return "http://" + self.website


@dataclass(frozen=True, slots=True)
class Signatory:
    name: str
    organisation: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True)
class SignatoryGroup:
    heading: str
    members: tuple[Signatory, ...]
    start: int = 1  # number of the first member
    columns: int = 1  # 1, or 2 for a long list set in two columns


@dataclass(frozen=True, slots=True)
class Letter:
    letterhead: Letterhead
    reference: str
    date: datetime.date
    sender: str
    recipient: tuple[str, ...]
    body: tuple[Paragraph, ...]
    closing: tuple[str, ...] = ()
    signatories: tuple[SignatoryGroup, ...] = ()
    language: str = "en"
    date_format: str = "DD.MM.YYYY"
    paper: str = "a4"
    title: str = ""  # document title for the PDF metadata; "" means derived
    # Where the letter came from, for messages and for archiving the source with the PDF.
    origin: str = field(default="", compare=False)
