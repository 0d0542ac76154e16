"""What changed between two letters, field by field and in the letter's terms.

Each side is a source (YAML or Markdown), or a PDF: the sources embedded in it (PDF/A-3
associated files, the letter's own source first) when it carries them, else its text read
back. Two letters are compared field by field (``NGO Representatives 28. name: "Rafik
İsmayılov" → "Rafiq İsmayılov"``: each place in the letter's own words, its heading and
printed number, "paragraph 3"; ``--json`` gives the source's 0-based path,
``signatories[0].members[27].name``); signatories are paired by registry id, else by name, so
a member added or removed is reported with its number and the others are not shifted; a
changed paragraph shows only the words that changed. A letter against a PDF without sources
is the read-back comparison of ``letterpress check``; two such PDFs are compared line by line.

Library code: :func:`diff_files` returns :class:`Change` values; cli.py prints them.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..content import member_number, member_text, reference_label
from ..inline import write_inline
from ..model import (
    LANGUAGES,
    LETTERHEAD_LABELS,
    Enclosure,
    Labels,
    Letter,
    LetterheadText,
    Signatory,
    SignatoryGroup,
    Signature,
    Signer,
)
from ..resolve.names import match_keys
from ..world import World

Kind = Literal["changed", "added", "removed"]
CONTEXT_WORDS = 5  # unchanged words shown on each side of a change in a paragraph
_NUMBER = re.compile(r"[0-9]+[.)]")
_NUMBERED = re.compile(r"\A[0-9]+[.)] ")  # a line of a numbered list
_RED, _GREEN, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One difference: the field's path, and its text before and after ("" when absent).

    ``path`` is the source's, 0-based (``signatories[0].members[27].name``), for scripts;
    ``where`` the same place in the letter's own words ("NGO Representatives 28. name",
    "paragraph 3"), shown to people ("" shows the path)."""

    path: str
    kind: Kind
    old: str = ""
    new: str = ""
    paragraph: bool = False  # shown word by word
    where: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "change": self.kind}
        if self.kind != "added":
            out["old"] = self.old
        if self.kind != "removed":
            out["new"] = self.new
        if self.paragraph and self.kind == "changed":
            out["words"] = [{"op": op, "text": text} for op, text in word_changes(self.old,
                                                                                 self.new)]
        return out

    def format(self, colour: bool = False) -> str:
        red, green, reset = (_RED, _GREEN, _RESET) if colour else ("", "", "")
        where = self.where or self.path
        if self.kind == "added":
            return f"{where}: added: {green}{self.new}{reset}"
        if self.kind == "removed":
            return f"{where}: removed: {red}{self.old}{reset}"
        if not self.paragraph:
            return (f'{where}: {red}"{self.old}"{reset} → {green}"{self.new}"{reset}')
        return f"{where}: {marked(self.old, self.new, colour)}"


def format_changes(changes: Sequence[Change], colour: bool = False) -> Iterator[str]:
    return (change.format(colour) for change in changes)


# --- words ------------------------------------------------------------------------------------


def word_changes(old: str, new: str) -> list[tuple[str, str]]:
    """The words of ``new`` against ``old``: ("=", same), ("-", removed), ("+", added)."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


def marked(old: str, new: str, colour: bool = False) -> str:
    """The paragraph with only its changed words marked (``[-old-]{+new+}``, or in colour),
    long unchanged runs cut to a few words each side."""
    parts = []
    ops = word_changes(old, new)
    for k, (op, text) in enumerate(ops):
        if op == "=":
            words = text.split()
            head = words[:CONTEXT_WORDS] if k > 0 else []  # after a change
            tail = words[-CONTEXT_WORDS:] if k + 1 < len(ops) else []  # before one
            if len(words) > len(head) + len(tail):
                text = " ".join([*head, "…", *tail])
            parts.append(text)
        elif colour:
            parts.append(f"{_RED if op == '-' else _GREEN}{text}{_RESET}")
        else:
            parts.append(f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return " ".join(parts)


def renumbered_only(old: str, new: str) -> bool:
    """Whether the only words that differ are list numbers (members after one added or
    removed)."""
    changed = [text for op, text in word_changes(old, new) if op != "="]
    return bool(changed) and all(_NUMBER.fullmatch(word) for text in changed
                                 for word in text.split())


# --- two letters ------------------------------------------------------------------------------


def diff_letters(old: Letter, new: Letter) -> tuple[Change, ...]:
    """Every field of ``new`` that differs from ``old``, in the letter's order."""
    changes = list(_scalars("letterhead.", _letterhead(old), _letterhead(new)))
    changes += _addresses(old, new)
    changes += _scalars("", _head(old), _head(new))
    changes += _scalars("correction.", _correction(old), _correction(new))
    changes += _lines("recipient", old.recipient, new.recipient)
    changes += _scalars("", _window(old), _window(new))
    changes += _lines("address", old.address, new.address)
    changes += _scalars("", _opening(old), _opening(new))
    changes += _lines("body", [write_inline(p.spans) for p in old.body],
                      [write_inline(p.spans) for p in new.body], paragraph=True)
    changes += _lines("closing", old.closing, new.closing)
    changes += _signature(old.signature, new.signature)
    for g in range(max(len(old.signatories), len(new.signatories))):
        path = f"signatories[{g}]"
        if g >= len(new.signatories):
            changes.append(Change(path=path, kind="removed", old=_group_text(old.signatories[g])))
        elif g >= len(old.signatories):
            changes.append(Change(path=path, kind="added", new=_group_text(new.signatories[g])))
        else:
            changes += _group(path, old.signatories[g], new.signatories[g])
    changes += _lines("enclosures", [_enclosure(e) for e in old.enclosures],
                      [_enclosure(e) for e in new.enclosures])
    changes += _lines("cc", old.cc, new.cc)
    return tuple(_worded(c, old if c.kind == "removed" else new) for c in changes)


def _enclosure(enclosure: Enclosure) -> str:
    """An enclosure as a line: its title and, for one that appends a file, the file's name,
    pages and content (another file of the same name appends other pages)."""
    if not (enclosure.file or enclosure.data or enclosure.pages):
        return enclosure.title
    digest = hashlib.sha256(enclosure.data).hexdigest()[:16]
    pages = f"{enclosure.pages} page{'s' if enclosure.pages != 1 else ''}"
    return f"{enclosure.title} (file {enclosure.file}, {pages}, SHA-256 {digest}...)"


# --- the letter's own words for a place in it -------------------------------------------------

_PLACE = re.compile(r"(?P<list>[a-z_.]+)\[(?P<i>[0-9]+)\](?:\.(?P<rest>.+))?\Z")
_MEMBER = re.compile(r"members\[(?P<j>[0-9]+)\](?:\.(?P<field>.+))?\Z")
_LINES = {"letterhead.address": "letterhead address, line", "recipient": "recipient, line",
          "closing": "closing, line", "body": "paragraph", "enclosures": "enclosure",
          "cc": "cc, line", "address": "postal address, line",
          **{f"letterhead.{language}.address": f"letterhead address ({language}), line"
             for language in LANGUAGES}}
_FIELDS = {"website_url": "website link", "date_format": "date format",
           "correction.text": "correction note", "correction.place": "place of the correction note",
           "correction.replaces": "date of the letter the correction replaces",
           "id": "registry id", "start": "first number", "columns": "columns",
           "signature": "signature block", "signature.place": "place of signing",
           "signature.date": "date of signing", "reference_label": "reference label",
           "place": "place before the date",
           "window": "window envelope", "marks": "fold and punch marks",
           "return_address": "return address"}


def _worded(change: Change, letter: Letter) -> Change:
    from dataclasses import replace

    where = words_for(change.path, letter)
    return change if where == change.path else replace(change, where=where)


def words_for(path: str, letter: Letter) -> str:
    """The place ``path`` (0-based, as in the source) in the words the letter prints:
    "paragraph 3", "recipient, line 2", "NGO Representatives 28. name"; a path it does not
    know is given as it is. A whole member is named by its group alone: its text, shown
    beside, starts with its number."""
    found = _PLACE.match(path)
    if found is None:
        if path.startswith("letterhead."):
            field = path.removeprefix("letterhead.")
            language, _, rest = field.partition(".")
            if language in LANGUAGES and rest:
                return f"{words_for('letterhead.' + rest, letter)} ({language})"
            if field.startswith("labels."):
                return f"letterhead label {field.removeprefix('labels.')}"
            return f"letterhead {_FIELDS.get(field, field)}"
        return _FIELDS.get(path, path.replace("_", " "))
    index, rest = int(found["i"]), found["rest"]
    if found["list"] in _LINES and rest is None:
        return f"{_LINES[found['list']]} {index + 1}"
    if found["list"] == "signature.signers":
        return f"signer {index + 1}" + (f", {_FIELDS.get(rest, rest)}" if rest else "")
    if found["list"] != "signatories":
        return path
    group = letter.signatories[index] if index < len(letter.signatories) else None
    heading = group.heading.strip().rstrip(":").strip() if group else ""
    named = heading or f"signatory group {index + 1}"
    if rest is None:
        return f"signatory group {index + 1}"
    if rest == "heading":
        return f"signatory group {index + 1}, heading"
    member = _MEMBER.match(rest)
    if member is None:
        return f"{named}, {_FIELDS.get(rest, rest)}"
    if group is None:
        return path
    if member["field"] is None:
        return named
    number = member_number(group, int(member["j"]))
    return f"{named} {number} {_FIELDS.get(member['field'], member['field'])}"


def _letterhead(letter: Letter) -> dict[str, str]:
    """The letterhead as its file writes it: the top, then each language's block (a letter
    prints one of them, but the file is one, and every letter naming it reads all of it)."""
    head = letter.letterhead
    logo = hashlib.sha256(head.logo_data).hexdigest()[:12] if head.logo_data else ""
    out = {"name": head.name, "telephone": head.telephone, "email": head.email,
           "website": head.website, "website_url": head.website_href,
           "logo": f"image {logo}" if logo else "", "typeface": head.typeface or "",
           **_labels("labels.", head.labels)}
    for language in LANGUAGES:
        block = head.block(language) or LetterheadText()
        out[f"{language}.name"] = block.name
        out.update(_labels(f"{language}.labels.", block.labels))
    return out


def _labels(prefix: str, labels: Labels) -> dict[str, str]:
    return {prefix + key: getattr(labels, key) for key in LETTERHEAD_LABELS}


def _addresses(old: Letter, new: Letter) -> list[Change]:
    """The address lines of the letterhead's top and of each block."""
    changes = _lines("letterhead.address", old.letterhead.address, new.letterhead.address)
    for language in LANGUAGES:
        a, b = (letter.letterhead.block(language) or LetterheadText() for letter in (old, new))
        changes += _lines(f"letterhead.{language}.address", a.address, b.address)
    return changes


def _head(letter: Letter) -> dict[str, str]:
    # the reference's label as printed: the language's own follows a subject or a place
    return {"reference": letter.reference, "reference_label": reference_label(letter),
            "date": letter.date.isoformat(), "date_format": letter.date_format,
            "place": letter.place, "language": letter.language,
            "paper": letter.paper, "typeface": letter.typeface, "title": letter.title,
            "revision": str(letter.revision), "sender": letter.sender}


def _window(letter: Letter) -> dict[str, str]:
    """The window's form (none: "") and marks, and the return line the letter gives (one
    from the letterhead changes with it, and the letterhead's change is shown)."""
    return {"window": letter.window or "", "marks": "yes" if letter.marks else "no",
            "return_address": letter.return_address}


def _opening(letter: Letter) -> dict[str, str]:
    return {"subject": letter.subject, "salutation": letter.salutation}


def _correction(letter: Letter) -> dict[str, str]:
    note = letter.correction
    return {"text": note.text, "place": note.place,
            "replaces": note.replaces.isoformat() if note.replaces else ""}


def _scalars(prefix: str, old: dict[str, str], new: dict[str, str]) -> Iterator[Change]:
    for key, value in new.items():
        if old[key] != value:
            yield Change(path=prefix + key, kind="changed", old=old[key], new=value)


def _lines(path: str, old: Sequence[str], new: Sequence[str],
           paragraph: bool = False) -> list[Change]:
    """A list of texts: pairs that changed, and items added or removed, by position."""
    out = []
    for i, j, a, b in _pairs(list(old), list(new), list(old), list(new)):
        if a is None:
            out.append(Change(path=f"{path}[{j}]", kind="added", new=b or ""))
        elif b is None:
            out.append(Change(path=f"{path}[{i}]", kind="removed", old=a))
        elif a != b:
            out.append(Change(path=f"{path}[{j}]", kind="changed", old=a, new=b,
                              paragraph=paragraph))
    return out


def _pairs(keys_a: list[Any], keys_b: list[Any], a: list[Any], b: list[Any]
           ) -> Iterator[tuple[int, int, Any, Any]]:
    """Items of ``a`` and ``b`` aligned by their keys: (index in a, index in b, item of a or
    None, item of b or None). In a replaced run, items pair up in order, the rest are added
    or removed."""
    matcher = difflib.SequenceMatcher(a=keys_a, b=keys_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        n = min(i2 - i1, j2 - j1) if op in ("equal", "replace") else 0
        for k in range(n):
            yield i1 + k, j1 + k, a[i1 + k], b[j1 + k]
        for i in range(i1 + n, i2):
            yield i, j1 + n, a[i], None
        for j in range(j1 + n, j2):
            yield i2, j, None, b[j]


def _group(path: str, old: SignatoryGroup, new: SignatoryGroup) -> list[Change]:
    out = list(_scalars(path + ".", {"heading": old.heading, "start": str(old.start),
                                     "columns": str(old.columns)},
                        {"heading": new.heading, "start": str(new.start),
                         "columns": str(new.columns)}))
    pairs = _pairs([_key(m) for m in old.members], [_key(m) for m in new.members],
                   list(old.members), list(new.members))
    for i, j, a, b in pairs:
        if a is None:
            out.append(Change(path=f"{path}.members[{j}]", kind="added",
                              new=f"{member_number(new, j)} {member_text(b)}"))
        elif b is None:
            out.append(Change(path=f"{path}.members[{i}]", kind="removed",
                              old=f"{member_number(old, i)} {member_text(a)}"))
        else:
            out += _scalars(f"{path}.members[{j}].", _member(a), _member(b))
    return out


def _key(member: Signatory | Signer) -> str:
    return f"id:{member.id}" if member.id else "name:" + min(match_keys(member.name))


def _member(member: Signatory) -> dict[str, str]:
    return {"id": member.id, "name": member.name, "organisation": member.organisation,
            "role": member.role}


def _signature(old: Signature | None, new: Signature | None) -> list[Change]:
    """The signature block: added or removed whole, else its place, date and signers (paired
    by registry id, else by name, as signatories are)."""
    if old is None:
        return [] if new is None else [Change(path="signature", kind="added",
                                              new=_signature_text(new))]
    if new is None:
        return [Change(path="signature", kind="removed", old=_signature_text(old))]
    out = list(_scalars("signature.", _when(old), _when(new)))
    pairs = _pairs([_key(s) for s in old.signers], [_key(s) for s in new.signers],
                   list(old.signers), list(new.signers))
    for i, j, a, b in pairs:
        if a is None:
            out.append(Change(path=f"signature.signers[{j}]", kind="added", new=_signer_text(b)))
        elif b is None:
            out.append(Change(path=f"signature.signers[{i}]", kind="removed",
                              old=_signer_text(a)))
        else:
            out += _scalars(f"signature.signers[{j}].", _signer(a), _signer(b))
    return out


def _when(signature: Signature) -> dict[str, str]:
    return {"place": signature.place,
            "date": signature.date.isoformat() if signature.date else ""}


def _signer(signer: Signer) -> dict[str, str]:
    return {"id": signer.id, "name": signer.name, "title": signer.title,
            "organisation": signer.organisation}


def _signer_text(signer: Signer) -> str:
    return ", ".join(t for t in (signer.name, signer.title, signer.organisation) if t)


def _signature_text(signature: Signature) -> str:
    names = "; ".join(_signer_text(s) for s in signature.signers)
    when = ", ".join(_when(signature)[k] for k in ("place", "date") if _when(signature)[k])
    return f"{when}: {names}" if when else names


def _group_text(group: SignatoryGroup) -> str:
    return f"{group.heading} ({len(group.members)} members)"


# --- files ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Side:
    letter: Letter | None  # None: a PDF without sources, known by its text only
    pages: tuple[str, ...] = ()


def diff_files(old: Path, new: Path, world: World) -> tuple[Change, ...]:
    """The changes from the letter ``old`` to the letter ``new`` (sources or PDFs)."""
    a, b = _read(old, world), _read(new, world)
    if a.letter is not None and b.letter is not None:
        return diff_letters(a.letter, b.letter)
    if a.letter is None and b.letter is None:
        return _text_lines(a.pages, b.pages)
    return _against_text(a, b)


def _read(path: Path, world: World) -> _Side:
    if path.suffix.lower() != ".pdf":
        from ..pipeline import load

        return _Side(load(path, world).letter)
    from ..check.readback import read_pdf_bytes, read_pdf_file
    from ..errors import NoSources, NotProven
    from ..pipeline import check, embedded_letter, load

    data = read_pdf_file(path)
    text = read_pdf_bytes(data, str(path))  # also refuses what is not a PDF
    try:
        with embedded_letter(data, str(path)) as source:
            # the PDF stands for its source only if it is proven to say it: its pages, not
            # the source it carries, are what was sent
            findings = check(source, path, world)
            if findings:
                raise NotProven(f"{path}: does not read back as its embedded source "
                                f"({len(findings)} difference(s)); see `letterpress check "
                                f"{path}`")
            return _Side(load(source, world).letter)
    except NoSources:
        return _Side(None, text.pages)


def _against_text(a: _Side, b: _Side) -> tuple[Change, ...]:
    """A letter against a PDF known only by its text: what ``letterpress check`` finds."""
    from ..check.compare import compare_text
    from ..check.readback import PdfText

    letter = a.letter or b.letter
    pages = b.pages if a.letter is not None else a.pages
    assert letter is not None
    findings = compare_text(letter, PdfText(pages=pages, metadata={}, links=(), fonts=()))
    out = []
    for finding in findings:
        source, pdf = finding.expected, finding.found
        if renumbered_only(source, pdf):
            continue
        old, new = (source, pdf) if a.letter is not None else (pdf, source)
        kind: Kind = "changed" if old and new else "added" if new else "removed"
        out.append(_worded(Change(path=finding.field or "text", kind=kind, old=old, new=new,
                                  paragraph=True), letter))
    return tuple(out)


def _text_lines(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[Change, ...]:
    """Two PDFs known only by their text, line by line (lines named on their page)."""
    a, b = _numbered(old), _numbered(new)
    out = []
    keys_a, keys_b = ([_NUMBERED.sub("", t) for *_, t in lines] for lines in (a, b))
    for _, _, x, y in _pairs(keys_a, keys_b, a, b):
        page, line, _ = y or x
        where = f"page {page}, line {line}"
        if x is None:
            out.append(Change(path=where, kind="added", new=y[2]))
        elif y is None:
            out.append(Change(path=where, kind="removed", old=x[2]))
        elif x[2] != y[2] and not renumbered_only(x[2], y[2]):
            out.append(Change(path=where, kind="changed", old=x[2], new=y[2], paragraph=True))
    return tuple(out)


def _numbered(pages: tuple[str, ...]) -> list[tuple[int, int, str]]:
    return [(p, n, line.strip()) for p, page in enumerate(pages, 1)
            for n, line in enumerate((ln for ln in page.splitlines() if ln.strip()), 1)]
