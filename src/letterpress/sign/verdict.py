"""The verdict on a signed letter, as data: its signatures, what changed after each, whether
its text still says what its embedded source says, and its PDF/A status.

``sign.letter.verify`` gathers the facts (signatures.py judges the signatures, the check
stage the text and what the file holds, check/pdfa.py the sources and PDF/A); this module
holds the result and words it. The archive keeps the same values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .signatures import SignatureCheck


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

    def lines(self) -> list[str]:
        """The report in plain words, one fact a line."""
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
        + ("; valid when signed" if check.valid_when_signed else "; NOT valid when signed"),
        f"  changed after: {check.modification}"
        + (f"; text of pages {', '.join(map(str, check.text_changed_pages))} differs"
           if check.text_changed_pages else "; page text unchanged"),
    ]
