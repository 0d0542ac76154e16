"""What a bag's bag-info.txt and the register must say, derived again from the PDF and the
sources it carries, and each place where they say something else (``archive verify``).

Filing writes bag-info.txt and the register row from the checked PDF (filing.py); here the same
functions run again on the PDF as it is now, and every label and column they give is compared
with what is written. Some things are records of the filing and cannot be derived from the
PDF: when it was filed (``Bagging-Date``), the verdict on its signatures with the roots trusted
then (``Letter-Signature-Check``, and whether a timestamp was trusted), the bags it was filed
beside (``Letter-Copy-Of``, ``Letter-Replaces``: these must name bags of the same letter) and,
for a PDF that names no producer version, the version that filed it. The register must agree
with bag-info.txt on those.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

from ..errors import LetterpressError
from . import bag, index, register, signed
from .filing import Prepared, _entry, _info

REGISTER = "register.sqlite"
# Labels bagit writes itself (RFC 8493 2.2.2), of the filing and not of the letter.
_BAGIT = ("Bagging-Date", "Bag-Software-Agent", "Payload-Oxum")
# Labels that record the filing: compared with nothing the PDF says.
_RECORDS = (index.FILED, signed.SIGNATURE_CHECK, signed.SIGNING_TIME, signed.COPY_OF,
            signed.REPLACES, *_BAGIT)


def values(value: str | list[str] | None) -> list[str]:
    """A bag-info label's values: one or several, none when absent."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def shown(items: list[str] | str, most: int = 120) -> str:
    """A value for a message: quoted, several joined by "; ", "nothing" when empty."""
    text = "; ".join(items) if isinstance(items, list) else items
    if not text:
        return "nothing"
    text = " ".join(text.split())
    return repr(text if len(text) <= most else text[:most - 1] + "…")


def _expected_info(name: str, info: bag.Info, p: Prepared) -> bag.Info:
    """The bag-info filing would write for ``p`` as the bag ``name``, with the records of the
    filing taken from ``info``."""
    entry = _expected_entry(name, info, p)
    return _info(p, entry, "; ".join(values(info.get(signed.REPLACES))))


def _expected_entry(name: str, info: bag.Info, p: Prepared) -> register.Entry:
    copy_of, _, timestamp, check = index.signing_of(info)
    try:
        filed = datetime.date.fromisoformat("; ".join(values(info.get(index.FILED))))
    except ValueError:
        filed = datetime.date.min  # not a date: the register must still agree with it
    entry = _entry(p, name, index.revision_of(p.letter), copy_of, filed)
    version = entry.letterpress_version if p.sources.version else "; ".join(
        values(info.get(index.VERSION)))
    # the timestamp's trust and the verdict depend on the roots trusted when filed
    return replace(entry, filed="; ".join(values(info.get(index.FILED))),
                   letterpress_version=version, signature_check=check,
                   timestamp=timestamp if p.signatures.checks else "")


def info_changes(root: Path, name: str, info: bag.Info, p: Prepared) -> list[str]:
    """Each label of bag-info.txt that says something other than the letter, or that
    letterpress never writes; and links to bags that are not of this letter."""
    expected = _expected_info(name, info, p)
    if not p.sources.version:  # the version that filed it: a record, not derived
        expected[index.VERSION] = info.get(index.VERSION, "")
    changes = []
    for label in sorted(set(expected) | set(info)):
        if label in _RECORDS:
            continue
        if label not in expected:
            changes.append(f"bag-info.txt: {label}: written {shown(values(info[label]))}, "
                           "a label letterpress does not write for this letter")
            continue
        written, said = values(info.get(label)), values(expected[label])
        if label == index.PDF_SHA256 or label == index.PDF_A and written == ["3b"]:
            continue  # verify.py says that the PDF changed, or why it is no longer PDF/A-3b
        if written != said:
            changes.append(f"bag-info.txt: {label}: written {shown(written)}, the letter says "
                           f"{shown(said)}")
    return changes + _links(root, info, p)


def _links(root: Path, info: bag.Info, p: Prepared) -> list[str]:
    """``Letter-Copy-Of`` names a bag of the same reference, revision and language (and this
    one is signed); ``Letter-Replaces`` one of an earlier revision of the same letter."""
    letter, revision = p.letter, index.revision_of(p.letter)
    changes = []
    for label, same_revision in ((signed.COPY_OF, True), (signed.REPLACES, False)):
        for other in values(info.get(label)):
            try:
                theirs = bag.read_info(root / other) if other and (root / other).is_dir() else None
            except LetterpressError:
                theirs = None
            if theirs is None:
                changes.append(f"bag-info.txt: {label}: {other!r} is not a bag of this archive")
                continue
            said = (values(theirs.get(index.REFERENCE)), values(theirs.get(index.LANGUAGE)))
            try:
                their_revision = int("".join(values(theirs.get(index.REVISION))))
            except ValueError:
                their_revision = 0
            if (said != ([letter.reference], [letter.language])
                    or (their_revision == revision) != same_revision
                    or their_revision > revision):
                what = ("the same revision of this letter" if same_revision
                        else "an earlier revision of this letter")
                changes.append(f"bag-info.txt: {label}: {other} is not {what}")
        if label == signed.COPY_OF and values(info.get(label)) and not p.signatures.checks:
            changes.append(f"bag-info.txt: {label}: written, but the PDF is not signed")
    return changes


def register_changes(name: str, info: bag.Info, p: Prepared, held: register.Record,
                     words: str) -> list[str]:
    """Each column, signatory, field text and indexed word of the register's row of the bag
    ``name`` that says something other than the letter (or, for the records of the filing,
    than bag-info.txt)."""
    entry = _expected_entry(name, info, p)
    expected = index.record_of(p.letter, entry)
    records = {"filed", "copy_of", "timestamp", "signature_check"} | (
        set() if p.sources.version else {"letterpress_version"})
    changes = []
    for column in register.COLUMNS:
        written, said = getattr(held.entry, column), getattr(entry, column)
        if written != said:
            source = "bag-info.txt" if column in records else "the letter"
            changes.append(f"{REGISTER}: {column}: written {_column(written)}, {source} "
                           f"says {_column(said)}")
    for i in range(max(len(held.members), len(expected.members))):
        written_m = list(held.members[i]) if i < len(held.members) else []
        said_m = list(expected.members[i]) if i < len(expected.members) else []
        if written_m != said_m:
            changes.append(f"{REGISTER}: signatory {i + 1}: written "
                           f"{shown(', '.join(x for x in written_m if x))}, the letter says "
                           f"{shown(', '.join(x for x in said_m if x))}")
    texts, said_texts = dict(held.texts), dict(expected.texts)
    for field in register.FIELDS:
        written_t, said_t = texts.get(field, ""), said_texts.get(field, "")
        if written_t != said_t:
            a, b = difference(written_t, said_t)
            changes.append(f"{REGISTER}: the text of {field}: written {a}, the letter says {b}")
    if set(texts) - set(register.FIELDS):
        changes.append(f"{REGISTER}: texts of fields letterpress does not index: "
                       + ", ".join(sorted(set(texts) - set(register.FIELDS))))
    if words != expected.words:
        a, b = difference(words, expected.words)
        changes.append(f"{REGISTER}: the full-text index: holds {a} where the letter's words "
                       f"are {b}")
    return changes


def _column(value: object) -> str:
    if isinstance(value, tuple):
        return shown([str(v) for v in value])
    return shown(str(value)) if value != "" else "nothing"


def difference(written: str, said: str, around: int = 30) -> tuple[str, str]:
    """Where two long texts first differ: a little of each from just before that place."""
    start = next((i for i, (a, b) in enumerate(zip(written, said, strict=False)) if a != b),
                 min(len(written), len(said)))
    end_w, end_s = len(written), len(said)
    while end_w > start and end_s > start and written[end_w - 1] == said[end_s - 1]:
        end_w, end_s = end_w - 1, end_s - 1
    begin = max(0, start - around)
    lead = "…" if begin else ""
    return (shown(lead + written[begin:min(end_w, start + 3 * around)]),
            shown(lead + said[begin:min(end_s, start + 3 * around)]))
