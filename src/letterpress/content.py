"""The words a letter prints, field by field, in reading order.

Layout draws exactly these strings and verification expects exactly these strings, so the
two can never disagree about what a field *should* say. Labels ("From:", "Page 2 of 3") and
date formats depend on the letter's language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .inline import to_uri
from .model import Letter, Signatory, SignatoryGroup, Span

LABELS: dict[str, dict[str, str]] = {
    "en": {"sender": "From:", "recipient": "To:", "telephone": "Tel.:", "email": "E-mail:",
           "page": "Page {n} of {m}",
           # a visible signature stamp's lines (sign/stamp.py): its time is in UTC
           "signed_by": "Signed by {name}", "signed_on": "on {date}, {time} UTC",
           "reason": "Reason: {reason}",
           # the parts of a formal letter (docs/source-format.md, "The parts of a letter")
           "reference": "Ref.", "cc": "cc:", "enclosure": "Enclosure:",
           "enclosures": "Enclosures: {n}"},
    "az": {"sender": "Kimdən:", "recipient": "Kimə:", "telephone": "Tel.:", "email": "E-poçt:",
           "page": "Səhifə {n} / {m}",
           "signed_by": "İmzalayan: {name}", "signed_on": "Tarix: {date}, {time} UTC",
           "reason": "Səbəb: {reason}",
           "reference": "№", "cc": "Surəti:", "enclosure": "Əlavə:",
           "enclosures": "Əlavələr: {n}"},
    "ru": {"sender": "От:", "recipient": "Кому:", "telephone": "Тел.:", "email": "Эл. почта:",
           "page": "Страница {n} из {m}",
           "signed_by": "Подписано: {name}", "signed_on": "Дата: {date}, {time} UTC",
           "reason": "Причина: {reason}",
           "reference": "Исх. №", "cc": "Копия:", "enclosure": "Приложение:",
           "enclosures": "Приложения: {n}"},
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

# The note of a corrected letter (a revision above 1), unless its source words it otherwise.
CORRECTION: dict[str, str] = {
    "en": "Corrected version; replaces the letter of {date}",
    "az": "Düzəliş edilmiş variant; {date} tarixli məktubu əvəz edir",
    "ru": "Исправленная версия; заменяет письмо от {date}",
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
    return "".join(values.get(piece, piece) for piece in _date_pieces(pattern))


def date_tokens(pattern: str) -> tuple[str, ...]:
    """The tokens of a date_format in order: none means it would print itself, not a date."""
    return tuple(piece for piece in _date_pieces(pattern) if piece in DATE_TOKENS)


def _date_pieces(pattern: str) -> list[str]:
    """``pattern`` cut into tokens (longest first) and single other characters."""
    out, i = [], 0
    while i < len(pattern):
        token = next((t for t in DATE_TOKENS if pattern.startswith(t, i)), pattern[i])
        out.append(token)
        i += len(token)
    return out


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
    kind: str  # "letterhead", "return" (a window's return address), "address",
    #            "reference", "place", "date", "correction", "party",
    #            "subject", "salutation", "paragraph", "closing", "signature" (its place and
    #            date), "signer", "heading", "member", "enclosures" (the count),
    #            "enclosure", "cc"
    label: str = ""  # printed before the spans: a list number or "From:"

    @property
    def text(self) -> str:
        body = "".join(span.text for span in self.spans)
        return f"{self.label} {body}" if self.label else body


def labels(letter: Letter) -> dict[str, str]:
    """The labels a letter prints: its language's, as its letterhead words them."""
    head = letter.letterhead.in_language(letter.language)
    return {**LABELS[letter.language], **head.labels.given()}


def letterhead_fields(letter: Letter) -> list[Field]:
    """The letterhead's printed fields, in the letter's language (its block, else the top):
    its name, address lines and contacts."""
    labels_ = labels(letter)
    head = letter.letterhead.in_language(letter.language)
    out = [Field("letterhead.name", (Span(text=head.name, bold=True),), "letterhead")]
    out += [Field(f"letterhead.address[{i}]", (Span(text=line),), "letterhead")
            for i, line in enumerate(head.address)]
    if head.telephone:
        out.append(Field("letterhead.telephone", (Span(text=head.telephone),), "letterhead",
                         labels_["telephone"]))
    if head.email:
        out.append(Field("letterhead.email",
                         (Span(text=head.email, href=to_uri("mailto:" + head.email)),),
                         "letterhead", labels_["email"]))
    if head.website:
        out.append(Field("letterhead.website",
                         (Span(text=head.website, href=to_uri(head.website_href)),), "letterhead"))
    return out


def fields(letter: Letter) -> tuple[Field, ...]:
    """Every printed field of ``letter`` in reading order (page furniture excluded)."""
    labels_ = labels(letter)
    out = letterhead_fields(letter)
    out.append(Field("reference", (Span(text=letter.reference),), "reference",
                     reference_label(letter)))
    if letter.place:
        out.append(Field("place", (Span(text=letter.place + ","),), "place"))
    out.append(Field("date", (Span(text=format_date(letter.date, letter.date_format,
                                               letter.language)),), "date"))
    # a window's field and the column beside it, read from left to right
    out = window_fields(letter) + out if letter.window in ("din-a", "din-b") else (
        out + window_fields(letter))
    note = correction_note(letter)
    if note and letter.correction.place == "top":
        out.append(Field("correction", (Span(text=note, italic=True),), "correction"))
    out.append(Field("sender", (Span(text=letter.sender, bold=True),), "party", labels_["sender"]))
    out += [Field(f"recipient[{i}]", (Span(text=line, bold=True),), "party",
                  labels_["recipient"] if i == 0 else "")
            for i, line in enumerate(letter.recipient)]
    if letter.subject:
        out.append(Field("subject", (Span(text=letter.subject, bold=True),), "subject"))
    if letter.salutation:
        out.append(Field("salutation", (Span(text=letter.salutation),), "salutation"))
    out += [Field(f"body[{i}]", _linked(p.spans), "paragraph") for i, p in enumerate(letter.body)]
    out += [Field(f"closing[{i}]", (Span(text=line),), "closing")
            for i, line in enumerate(letter.closing)]
    out += signature_fields(letter)
    for g, group in enumerate(letter.signatories):
        out.append(Field(f"signatories[{g}].heading", (Span(text=group.heading, bold=True),),
                         "heading"))
        out += [Field(f"signatories[{g}].members[{i}]", (Span(text=member_text(m)),), "member",
                      member_number(group, i))
                for i, m in enumerate(group.members)]
    out += after_closing_fields(letter)
    if note and letter.correction.place == "bottom":
        out.append(Field("correction", (Span(text=note, italic=True),), "correction"))
    return tuple(out)


def return_address(letter: Letter) -> str:
    """The sender's line above a window's address, where the post returns what it cannot
    deliver: the letter's own, else the letterhead's name and address lines, one after the
    other."""
    if letter.return_address:
        return letter.return_address
    head = letter.letterhead
    return ", ".join((head.name, *head.address))


def window_fields(letter: Letter) -> list[Field]:
    """What a window envelope shows: the return address (small, one line) and the
    recipient's postal address, line by line (none without a window)."""
    if letter.window is None:
        return []
    out = [Field("return_address", (Span(text=return_address(letter)),), "return")]
    out += [Field(f"address[{i}]", (Span(text=line),), "address")
            for i, line in enumerate(letter.address)]
    return out


def reference_label(letter: Letter) -> str:
    """The label printed before the reference ("Ref. 52/26"): the source's own, else the
    language's when the letter has a subject or a place (the head of a formal letter), else
    none, so a letter without those parts prints its reference bare, as it always has."""
    if letter.reference_label is not None:
        return letter.reference_label
    return LABELS[letter.language]["reference"] if letter.subject or letter.place else ""


def after_closing_fields(letter: Letter) -> list[Field]:
    """The lists at the letter's end: the enclosures ("Enclosure:" before a single one;
    "Enclosures: 2" over several, each numbered) and who receives a copy ("cc:" before the
    first line)."""
    labels = LABELS[letter.language]
    out = []
    items = letter.enclosures
    if len(items) == 1:
        out.append(Field("enclosures[0]", (Span(text=items[0].title),), "enclosure",
                         labels["enclosure"]))
    elif items:
        out.append(Field("enclosures", (Span(text=labels["enclosures"].format(n=len(items))),),
                         "enclosures"))
        out += [Field(f"enclosures[{i}]", (Span(text=item.title),), "enclosure", f"{i + 1}.")
                for i, item in enumerate(items)]
    out += [Field(f"cc[{i}]", (Span(text=line),), "cc", labels["cc"] if i == 0 else "")
            for i, line in enumerate(letter.cc)]
    return out


def pdf_title(letter: Letter) -> str:
    """The PDF's title: the source's ``title``, else its subject, else the reference and the
    first line of the recipient."""
    return letter.title or letter.subject or f"{letter.reference} {letter.recipient[0]}"


SIGNER_KEYS = ("name", "title", "organisation")  # a signer's fields, as printed (top down)


def signature_fields(letter: Letter) -> list[Field]:
    """The signature block's printed fields: the place (with a comma when the date follows:
    "Baku, 20 November 2026") and the date, then each signer's name (bold), title and
    organisation, signer after signer."""
    signature = letter.signature
    if signature is None:
        return []
    out = []
    if signature.place:
        comma = "," if signature.date else ""
        out.append(Field("signature.place", (Span(text=signature.place + comma),), "signature"))
    if signature.date:
        out.append(Field("signature.date", (Span(text=format_date(
            signature.date, letter.date_format, letter.language)),), "signature"))
    for i, signer in enumerate(signature.signers):
        out += [Field(f"signature.signers[{i}].{key}",
                      (Span(text=getattr(signer, key), bold=key == "name"),), "signer")
                for key in SIGNER_KEYS if getattr(signer, key)]
    return out


def correction_note(letter: Letter) -> str:
    """The note a corrected letter prints ("" for revision 1): "Corrected version; replaces
    the letter of 08.10.2020", with the date in the letter's own format and language."""
    if letter.revision <= 1:
        return ""
    replaced = letter.correction.replaces or letter.date
    text = letter.correction.text or CORRECTION[letter.language]
    # replace, not str.format: a source's own braces are printed as written
    return (text.replace("{date}", format_date(replaced, letter.date_format, letter.language))
            .replace("{revision}", str(letter.revision)))


def revision_keywords(letter: Letter) -> str:
    """What the PDF's Keywords say of a corrected letter ("" for revision 1), for the archive
    and for check: "revision 2; replaces revision 1 of 2020-10-08"."""
    if letter.revision <= 1:
        return ""
    replaced = letter.correction.replaces or letter.date
    return (f"revision {letter.revision}; replaces revision {letter.revision - 1} of "
            f"{replaced.isoformat()}")


def _linked(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """The spans with each link target as the ASCII URI a PDF link holds (the letter keeps
    the target as written; only what is drawn and checked is encoded)."""
    if all(span.href is None or span.href == to_uri(span.href) for span in spans):
        return spans
    return tuple(Span(text=s.text, bold=s.bold, italic=s.italic,
                      href=None if s.href is None else to_uri(s.href))
                 for s in spans)


def page_label(language: str, number: int, total: int) -> str:
    return LABELS[language]["page"].format(n=number, m=total)


HEADER_CHARS = 60  # the running header: one line (of the widest glyphs, set smaller: layout)


def running_header(letter: Letter) -> str:
    """The small header of pages after the first: reference and date, clipped to one line
    (the full reference stands on page 1)."""
    text = f"{letter.reference} · {format_date(letter.date, letter.date_format, letter.language)}"
    return text if len(text) <= HEADER_CHARS else text[:HEADER_CHARS - 1] + "…"
