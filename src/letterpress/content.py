"""The words a letter prints, field by field, in reading order.

Layout draws exactly these strings and verification expects exactly these strings, so the
two can never disagree about what a field *should* say. Labels ("From:", "Page 2 of 3") and
date formats depend on the letter's language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .model import Letter, Signatory, SignatoryGroup, Span

LABELS: dict[str, dict[str, str]] = {
    "en": {"sender": "From:", "recipient": "To:", "telephone": "Tel.:", "email": "E-mail:",
           "page": "Page {n} of {m}"},
    "az": {"sender": "Kimdən:", "recipient": "Kimə:", "telephone": "Tel.:", "email": "E-poçt:",
           "page": "Səhifə {n} / {m}"},
    "ru": {"sender": "От:", "recipient": "Кому:", "telephone": "Тел.:", "email": "Эл. почта:",
           "page": "Страница {n} из {m}"},
}

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "az": ("yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
           "oktyabr", "noyabr", "dekabr"),
    # Genitive, as a Russian date is written: "8 октября 2020".
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
}

DATE_TOKENS = ("YYYY", "MMMM", "MM", "M", "DD", "D")
NAME_SEPARATOR = " – "  # between a signatory's name and organisation (typography, not text)


def format_date(date: datetime.date, pattern: str, language: str) -> str:
    """Format ``date`` with a pattern of the tokens DD, D, MM, M, MMMM and YYYY."""
    values = {
        "YYYY": f"{date.year:04d}", "MMMM": MONTHS[language][date.month - 1],
        "MM": f"{date.month:02d}", "M": str(date.month),
        "DD": f"{date.day:02d}", "D": str(date.day),
    }
    out, i = [], 0
    while i < len(pattern):
        for token in DATE_TOKENS:
            if pattern.startswith(token, i):
                out.append(values[token])
                i += len(token)
                break
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out)


def member_text(member: Signatory) -> str:
    """A signatory entry without its number: "Name – Organisation, role"."""
    text = member.name
    if member.organisation:
        text += NAME_SEPARATOR + member.organisation
    if member.role:
        text += ", " + member.role
    return text


def member_number(group: SignatoryGroup, index: int) -> str:
    return f"{group.start + index}."


@dataclass(frozen=True, slots=True)
class Field:
    """One field as printed: its path in the source, and its spans (plain text via ``text``)."""

    path: str
    spans: tuple[Span, ...]
    kind: str  # "letterhead", "reference", "date", "party", "paragraph", "closing",
    #            "heading", "member"
    label: str = ""  # printed before the spans: a list number or "From:"

    @property
    def text(self) -> str:
        body = "".join(span.text for span in self.spans)
        return f"{self.label} {body}" if self.label else body


def fields(letter: Letter) -> tuple[Field, ...]:
    """Every printed field of ``letter`` in reading order (page furniture excluded)."""
    labels = LABELS[letter.language]
    head = letter.letterhead
    out = [Field("letterhead.name", (Span(head.name, bold=True),), "letterhead")]
    out += [Field(f"letterhead.address[{i}]", (Span(line),), "letterhead")
            for i, line in enumerate(head.address)]
    if head.telephone:
        out.append(Field("letterhead.telephone", (Span(head.telephone),), "letterhead",
                         labels["telephone"]))
    if head.email:
        out.append(Field("letterhead.email", (Span(head.email, href="mailto:" + head.email),),
                         "letterhead", labels["email"]))
    if head.website:
        out.append(Field("letterhead.website", (Span(head.website, href=head.website_href),),
                         "letterhead"))
    out.append(Field("reference", (Span(letter.reference),), "reference"))
    out.append(Field("date", (Span(format_date(letter.date, letter.date_format,
                                               letter.language)),), "date"))
    out.append(Field("sender", (Span(letter.sender, bold=True),), "party", labels["sender"]))
    out += [Field(f"recipient[{i}]", (Span(line, bold=True),), "party",
                  labels["recipient"] if i == 0 else "")
            for i, line in enumerate(letter.recipient)]
    out += [Field(f"body[{i}]", p.spans, "paragraph") for i, p in enumerate(letter.body)]
    out += [Field(f"closing[{i}]", (Span(line),), "closing")
            for i, line in enumerate(letter.closing)]
    for g, group in enumerate(letter.signatories):
        out.append(Field(f"signatories[{g}].heading", (Span(group.heading, bold=True),),
                         "heading"))
        out += [Field(f"signatories[{g}].members[{i}]", (Span(member_text(m)),), "member",
                      member_number(group, i))
                for i, m in enumerate(group.members)]
    return tuple(out)


def page_label(language: str, number: int, total: int) -> str:
    return LABELS[language]["page"].format(n=number, m=total)


HEADER_CHARS = 60  # the running header fits one line at 8 pt even in the widest glyphs (1 em)


def running_header(letter: Letter) -> str:
    """The small header of pages after the first: reference and date, clipped to one line
    (the full reference stands on page 1)."""
    text = f"{letter.reference} · {format_date(letter.date, letter.date_format, letter.language)}"
    return text if len(text) <= HEADER_CHARS else text[:HEADER_CHARS - 1] + "…"
