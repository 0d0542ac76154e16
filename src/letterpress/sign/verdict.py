"""The verdict on a signed letter, as data: its signatures, what changed after each, whether
its text still says what its embedded source says, and its PDF/A status.

``sign.letter.verify`` gathers the facts (signatures.py judges the signatures, the check
stage the text and what the file holds, check/pdfa.py the sources and PDF/A); this module
holds the result and words it. The archive keeps the same values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from ..content import MONTHS
from .signatures import BROKEN, MISMATCH, PERMISSIONS, SignatureCheck

# how to say which signers are trusted, told when nothing was judged
TRUST_HOW = ("to judge, name the signers you trust: --trust CERT.pem (their certificate, or "
             "the certificate of the authority that issued it; repeatable)")


@dataclass(frozen=True, slots=True)
class Verification:
    """Everything ``letterpress verify`` says about one file.

    ``source`` is "matches", "differs", "none" (no source embedded) or "unreadable";
    ``source_findings`` the differences (or why it could not be read). ``pdfa`` is the
    verdict on the whole file, every revision ("pass", "fail", "not_checked": its file
    syntax by letterpress, the rest by pikepdf.pdfa, check/pdfa.py) or "none" when the file
    does not claim PDF/A; ``pdfa_notes`` what was found and what the signatures break."""

    file: str
    signatures: tuple[SignatureCheck, ...]
    source: str
    source_findings: tuple[str, ...]
    pdfa: str
    pdfa_notes: tuple[str, ...]
    # bytes after the end of the file's last revision (its last %%EOF): no signature covers
    # them and no reader's revision holds them, so they can only be something else's
    trailing: int = 0
    judged: bool = True  # trusted certificates were given (--trust): signers were judged

    @property
    def problems(self) -> tuple[str, ...]:
        """What fails, in plain words: empty when the letter verifies."""
        found = [] if self.signatures else ["the file has no signature"]
        for check in self.signatures:
            found += [f"{check.field}: {problem}" for problem in check.problems]
        if self.source == "differs":
            found.append("the text read back differs from the embedded source")
        if self.source == "unreadable":
            found.append("the embedded source cannot be built")
        if self.trailing:
            found.append(f"{self.trailing} bytes after the file's last revision are covered "
                         "by no signature")
        return tuple(found)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, object]:
        out = asdict(self)
        out["ok"] = self.ok
        out["problems"] = list(self.problems)
        return out

    def lines(self, verbose: bool = False) -> list[str]:
        """The report for people: who signed, when, whether the letter changed since, whether
        the signer is one the reader trusts; ``verbose`` gives the detail in pyHanko's
        terms."""
        if verbose:
            return self.detail()
        out = [f"{self.file}: {'verified' if self.ok else 'NOT verified'}"]
        if not self.signatures:
            out.append("  nobody has signed it")
        for check in self.signatures:
            out += [f"  {line}" for line in _plain(check, self.judged)]
        out.append("  " + {
            "matches": "its text matches the letter's source, which it carries",
            "differs": "its text DIFFERS from the letter's source, which it carries:",
            "none": "it carries no source, so its text could not be compared with one",
            "unreadable": "the source it carries cannot be read, so its text could not be "
                          "compared with it:",
        }[self.source])
        out += [f"    {line}" for finding in self.source_findings
                for line in finding.splitlines()]
        out.append("  " + {
            "pass": "it is a sound PDF/A-3b file for archiving",
            "fail": "it is NOT a sound PDF/A-3b file, though it claims to be:",
            "not_checked": "whether it is a sound PDF/A-3b file could not be fully checked:",
            "none": "it does not claim to be a PDF/A file for archiving",
        }.get(self.pdfa, self.pdfa))
        out += [f"    {note}" for note in self.pdfa_notes]
        if self.trailing:
            out.append(f"  {self.trailing} bytes were added at the end of the file that no "
                       "signature covers")
        if not self.judged and self.signatures:
            out.append(f"  {TRUST_HOW}")
        if not self.ok:
            out.append("  (--verbose gives the details; --json gives them to scripts)")
        return out

    def detail(self) -> list[str]:
        """The report in detail, one fact a line, in pyHanko's terms."""
        out = [f"{self.file}: {'verified' if self.ok else 'NOT verified'}"]
        for check in self.signatures:
            out += [f"  {line}" for line in _describe(check)]
        out.append("  source: " + {
            "matches": "the text read back matches the embedded source",
            "differs": "the text read back DIFFERS from the embedded source",
            "none": "no source embedded (nothing to compare the text with)",
            "unreadable": "the embedded source cannot be built",
        }[self.source])
        out += [f"    {line}" for finding in self.source_findings
                for line in finding.splitlines()]
        out.append("  PDF/A-3b: " + {
            "pass": "the whole file passes (its syntax, then pikepdf.pdfa)",
            "fail": "the whole file FAILS (its syntax, then pikepdf.pdfa)",
            "not_checked": "not everything in the file could be checked",
            "none": "the file does not claim PDF/A",
        }.get(self.pdfa, self.pdfa))
        out += [f"    {note}" for note in self.pdfa_notes]
        out += [f"  problem: {problem}" for problem in self.problems]
        return out


def _describe(check: SignatureCheck) -> list[str]:
    if check.kind == "document timestamp":
        head = f"{check.field}: document timestamp by {check.signer} at {check.signed_at}"
    else:
        when = {"trusted": "trusted timestamp", "none": "signer's clock, no timestamp",
                "not trusted": "signer's clock; its timestamp is NOT trusted"}[check.timestamp]
        head = (f"{check.field}: signed by {check.signer} at {check.signed_at} ({when}), "
                f"PAdES {check.level}")
    return [
        head,
        "  intact: " + ("yes, the signed bytes are unchanged" if check.intact else "NO"),
        "  certificate: " + ("chain reaches a trusted root" if check.trusted
                             else "chain does NOT reach a trusted root")
        + ("; valid when signed" if check.valid_when_signed else "; NOT valid when signed")
        + (f" ({check.indication})" if check.indication else ""),
        f"  changed after: {check.modification}"
        + (f"; text of pages {', '.join(map(str, check.text_changed_pages))} differs"
           if check.text_changed_pages else "; page text unchanged"),
    ]


def _plain(check: SignatureCheck, judged: bool) -> list[str]:
    """One signature for people: who, when, changed since or not, trusted or not."""
    when = _when(check.signed_at)
    if check.kind == "document timestamp":
        head = f"{check.signer} (a timestamp authority) dated the file {when}"
    else:
        proof = {"trusted": "a trusted timestamp proves the time",
                 "none": "the time is the signer's own clock; no timestamp proves it",
                 "not trusted": "the time is the signer's own clock; its timestamp is from an "
                                "authority you do not trust"}[check.timestamp]
        head = f"{check.signer} signed it {when} ({proof})"
    out = [head]
    changes = []
    if BROKEN in check.problems:
        changes.append("the signed part of the file was altered afterwards: this signature "
                       "no longer matches it")
    if MISMATCH in check.problems:
        changes.append("the signature does not match the signer's certificate")
    if check.modification == "form filling":
        changes.append("since then, a form field was filled in or another signature added")
    elif check.modification == "annotations":
        changes.append("since then, someone added comments or marks (annotations)")
    elif check.modification == "other":
        changes.append("since then, someone changed the file")
    if check.text_changed_pages:
        changes.append(f"since then, the text of {_pages(check.text_changed_pages)} changed")
    if check.look_changed_pages:
        changes.append(f"since then, {_pages(check.look_changed_pages)} "
                       f"look{'s' * (len(check.look_changed_pages) == 1)} different")
    if PERMISSIONS in check.problems:
        changes.append("the signer did not allow such a change")
    out += [f"  {line}" for line in changes or ["nobody has changed the letter since"]]
    out.append("  " + _trust(check, judged))
    return out


def _trust(check: SignatureCheck, judged: bool) -> str:
    who = check.signer
    if check.valid_when_signed:
        return f"{who} is a signer you trust"
    if not judged:
        return f"whether {who} is a signer you trust was not judged: you named none"
    if not check.trusted:
        by = f" (issued by {check.issuer})" if check.issuer else ""
        return (f"{who} is NOT a signer you trust: the certificate{by} is not one you named "
                "with --trust; if you trust it, add it: --trust CERT.pem")
    said = next((p for p in check.problems
                 if p.startswith(("the certificate", "the signer's certificate"))
                 and "could not be validated" not in p), "the certificate could not be checked")
    return f"{who} is NOT a signer you trust: {said}"


def _when(moment: str) -> str:
    """"on 6 December 2026 at 09:11 UTC" from an ISO 8601 time."""
    try:
        at = dt.datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        return f"at {moment}" if moment else "at a time it does not say"
    return f"on {at.day} {MONTHS['en'][at.month - 1]} {at.year} at {at:%H:%M} UTC"


def _pages(pages: tuple[int, ...]) -> str:
    return f"page{'s' * (len(pages) > 1)} {', '.join(map(str, pages))}"
