"""Signed letters in the archive: what each signature of a filed PDF says, and its verdict.

signatures.py (pyHanko) judges; this module turns its :class:`SignatureCheck` values into the
bag-info labels and register columns of a bag, and into the changes ``archive verify`` reports.
Without trust roots (no ``--trust``) nothing can say who really signed: the signature's own
claims are recorded (the certificate's name, the time, whether a timestamp is present) with the
verdict "not judged", and only what needs no trust is checked (the signed bytes intact, no
change of content after the signature).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sign.signatures import SignatureCheck

# bag-info.txt labels, one value per signature in signing order
SIGNED_BY, SIGNED_AT, SIGNING_TIME, SIGNATURE_CHECK = (
    "Letter-Signed-By", "Letter-Signed-At", "Letter-Signing-Time", "Letter-Signature-Check")
COPY_OF = "Letter-Copy-Of"  # a signed copy: the bag of the letter's first file
REPLACES = "Letter-Replaces"  # a revision: the bag of the revision before it, when filed

TIME = {"trusted": "trusted timestamp", "not trusted": "timestamp, not trusted",
        "none": "signer's clock"}
NOT_JUDGED = "not judged (filed without --trust)"


@dataclass(frozen=True, slots=True)
class Signatures:
    """The signatures of one PDF as the archive records them (empty for an unsigned one)."""

    checks: tuple[SignatureCheck, ...]
    judged: bool  # trust roots were given

    @property
    def verdicts(self) -> tuple[str, ...]:
        return tuple(_verdict(c, self.judged) for c in self.checks)

    def info(self) -> dict[str, str | list[str]]:
        if not self.checks:
            return {}
        return {SIGNED_BY: [c.signer for c in self.checks],
                SIGNED_AT: [c.signed_at for c in self.checks],
                SIGNING_TIME: [TIME.get(c.timestamp, c.timestamp) for c in self.checks],
                SIGNATURE_CHECK: list(self.verdicts)}


def read(data: bytes, name: str, trust: tuple[bytes, ...], fetch: bool) -> Signatures:
    """The signatures of the PDF ``data`` judged against ``trust`` (none: not judged)."""
    if b"/ByteRange" not in data:  # no signature dictionary: spare loading pyHanko
        return Signatures((), bool(trust))
    from ..sign.signatures import check_signatures

    return Signatures(check_signatures(data, name, trust, fetch), bool(trust))


def problems(check: SignatureCheck, judged: bool) -> tuple[str, ...]:
    """What fails in one signature; without trust roots only what needs none."""
    if judged:
        return check.problems
    # signatures.py words every judgement of the certificate (trust, expiry, revocation)
    # as a sentence about "the certificate"; without roots none of them can be made
    return tuple(p for p in check.problems
                 if not p.startswith(("the certificate", "the signer's certificate")))


def _verdict(check: SignatureCheck, judged: bool) -> str:
    failed = problems(check, judged)
    if failed:
        return f"failed: {failed[0]}"
    return "verified" if judged else NOT_JUDGED


def changes(found: Signatures, name: str) -> list[str]:
    """``archive verify``'s sentences about the signatures of a filed PDF: each that fails."""
    return [f"{name}: {c.field} ({c.signer}): {p}" for c in found.checks
            for p in problems(c, found.judged)]
