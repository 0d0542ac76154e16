"""Judging the signatures of a PDF with pyHanko: what each one proves, as plain data.

For every signature and document timestamp in a file, :func:`check_signatures` returns a
:class:`SignatureCheck`: whether the signed bytes are intact, who signed and when (and
whether a trusted timestamp proves the time), whether the certificate chain reaches a
trusted root, whether the certificate was valid (not expired, not revoked) when it signed,
and what pyHanko's difference analysis says was changed after it. The archive can keep and
compare these values; the command line words them. Nothing here writes a PDF.

When is a certificate judged? A signature with a trusted timestamp is judged at the
timestamp's time, with the revocation information the file carries (PAdES B-LT) or, failing
that, what the responders say now: so a letter signed in time keeps verifying after the
certificate expires. Without a timestamp the signing time is only the signer's claim, and the
certificate is judged now.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from typing import Any

from ..errors import SigningError

# pyHanko logs each failed check with a traceback; with no handler of the application's,
# Python's last-resort handler would print them. What they say is reported as findings.
for _logger in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_logger).addHandler(logging.NullHandler())

# pyHanko's modification levels (diff_analysis.ModificationLevel) in plain words. "none" and
# "validation data" (a document timestamp, revocation information) change no content.
MODIFICATIONS = {0: "none", 1: "validation data", 2: "form filling", 3: "annotations",
                 4: "other"}
HARMLESS = frozenset({"none", "validation data", "form filling"})
# problems that need no other word than their own (verdict.py words them for people)
BROKEN = "the signed bytes were changed after signing (the signature no longer matches)"
MISMATCH = "the signature value does not match the signer's certificate"
PERMISSIONS = "a change after this signature breaks the signer's permissions"


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """What one signature (or document timestamp) of a file proves.

    ``signed_at`` is ISO 8601 in UTC; ``timestamp`` says whether a timestamp proves it:
    "trusted", "not trusted" (its authority's root is not trusted, so the time is the
    signer's claim) or "none". ``trusted`` says the certificate chain reaches a trusted root;
    ``valid_when_signed`` that the certificate was then also neither expired nor revoked.
    ``signed_bytes`` is where the signed revision ends (its bytes are
    ``data[:signed_bytes]``); ``modification`` is what changed after it, in the words of
    :data:`MODIFICATIONS`. ``problems`` says in plain words what fails."""

    field: str
    kind: str  # "signature" or "document timestamp"
    signer: str
    signed_at: str
    timestamp: str
    intact: bool
    trusted: bool
    valid_when_signed: bool
    level: str  # "B-B", "B-T", "B-LT", "B-LTA"; "" for a document timestamp
    modification: str
    signed_bytes: int
    problems: tuple[str, ...] = ()
    text_changed_pages: tuple[int, ...] = ()  # 1-based pages whose text differs after it
    look_changed_pages: tuple[int, ...] = ()  # 1-based pages that look different after it
    # pyHanko's own terms, for --verbose and --json: its AdES sub-indication when the
    # certificate is not trusted ("" when it is), and the certificate's issuer
    indication: str = ""
    issuer: str = ""

    def with_look_changes(self, pages: tuple[int, ...]) -> SignatureCheck:
        """This check, knowing which pages look different after the signature (outside the
        signature widgets a later signer may add)."""
        if not pages:
            return self
        from dataclasses import replace

        listed = ", ".join(map(str, pages))
        return replace(self, look_changed_pages=pages, problems=self.problems + (
            f"page{'s' * (len(pages) > 1)} {listed} look{'s' * (len(pages) == 1)} different "
            "after this signature",))

    def with_text_changes(self, pages: tuple[int, ...]) -> SignatureCheck:
        """This check, knowing which pages read differently after the signature."""
        if not pages:
            return self
        from dataclasses import replace

        listed = ", ".join(map(str, pages))
        return replace(self, text_changed_pages=pages, problems=self.problems + (
            f"the text of page{'s' * (len(pages) > 1)} {listed} changed after this signature",))

    @property
    def ok(self) -> bool:
        return not self.problems


def check_signatures(data: bytes, name: str, trust: tuple[bytes, ...],
                     fetch: bool = True) -> tuple[SignatureCheck, ...]:
    """Judge every signature of the PDF ``data`` (``name`` for messages), in signing order.

    ``trust`` are the trusted root certificates (PEM or DER), the only ones: the machine's
    list of web roots is neither meant for signed documents nor the same on every machine.
    ``fetch`` lets revocation information be fetched from the certificates' responders."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
        roots = _roots(trust)
        kwargs = {"trust_roots": roots, "allow_fetching": fetch, "revocation_mode": "soft-fail"}
        timestamps = [s for s in signatures if s.sig_object_type == "/DocTimeStamp"]
        return tuple(_check(s, reader, kwargs, timestamps) for s in signatures)
    except SigningError:
        raise
    except Exception as exc:  # pyHanko and asn1crypto raise many types on a damaged file
        raise SigningError(f"{name}: cannot read the signatures "
                           f"({exc if isinstance(exc, PdfError) else repr(exc)})") from None


def _roots(trust: tuple[bytes, ...]) -> list[Any]:
    from pyhanko.keys import load_certs_from_pemder_data

    try:
        return [c for blob in trust for c in load_certs_from_pemder_data(blob)]
    except ValueError as exc:
        raise SigningError(f"--trust: not a certificate (PEM or DER): {exc}") from None


def _check(sig: Any, reader: Any, kwargs: dict[str, Any], timestamps: list[Any]) -> SignatureCheck:
    from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_timestamp

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS, or an unreadable one: judge without it
        dss = None
    now_context = _context(dss, kwargs)
    end = int(sig.byte_range[-2]) + int(sig.byte_range[-1])
    if sig.sig_object_type == "/DocTimeStamp":
        status = validate_pdf_timestamp(sig, validation_context=now_context)
        return _timestamp_check(sig, status, end)
    status, proven = _signature_status(sig, dss, kwargs, now_context)
    later = any(_end(t) > end for t in timestamps)
    level = _level(status, dss, later)
    return _signature_check(sig, status, proven, level, end)


def _end(sig: Any) -> int:
    return int(sig.byte_range[-2]) + int(sig.byte_range[-1])


def _context(dss: Any, kwargs: dict[str, Any], **more: Any) -> Any:
    from pyhanko_certvalidator import ValidationContext

    if dss is None:
        return ValidationContext(**kwargs, **more)
    return dss.as_validation_context({**kwargs, **more})


def _signature_status(sig: Any, dss: Any, kwargs: dict[str, Any],
                      now_context: Any) -> tuple[Any, bool]:
    """pyHanko's status, judged at the trusted timestamp's time when there is one (then the
    second value is True), else now."""
    from pyhanko.sign.validation import validate_pdf_signature

    status = validate_pdf_signature(sig, now_context, ts_validation_context=now_context)
    stamp = status.timestamp_validity
    if stamp is None or not (stamp.intact and stamp.valid and stamp.trusted):
        return status, False
    then = _context(dss, kwargs, moment=stamp.timestamp, retroactive_revinfo=True)
    return validate_pdf_signature(sig, then, ts_validation_context=now_context), True


def _level(status: Any, dss: Any, later_timestamp: bool) -> str:
    if status.timestamp_validity is None:
        return "B-B"
    if dss is None or not (dss.crls or dss.ocsps):
        return "B-T"
    return "B-LTA" if later_timestamp else "B-LT"


def _signer(status: Any) -> str:
    subject = status.signing_cert.subject
    return str(subject.native.get("common_name") or subject.human_friendly)


def _utc(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _signature_check(sig: Any, status: Any, proven: bool, level: str,
                     end: int) -> SignatureCheck:
    moment = status.timestamp_validity.timestamp if proven else status.signer_reported_dt
    modification = _modification(status)
    check = SignatureCheck(
        field=str(sig.field_name), kind="signature", signer=_signer(status),
        signed_at=_utc(moment), intact=bool(status.intact), trusted=_chain_trusted(status),
        timestamp=("trusted" if proven else "none" if status.timestamp_validity is None
                   else "not trusted"),
        valid_when_signed=bool(status.valid and status.trusted),
        level=level, modification=modification, signed_bytes=end)
    return _with_problems(check, status, proven)


def _timestamp_check(sig: Any, status: Any, end: int) -> SignatureCheck:
    check = SignatureCheck(
        field=str(sig.field_name), kind="document timestamp", signer=_signer(status),
        signed_at=_utc(status.timestamp), intact=bool(status.intact),
        timestamp="trusted" if status.trusted else "not trusted",
        trusted=_chain_trusted(status), valid_when_signed=bool(status.valid and status.trusted),
        level="", modification=_modification(status), signed_bytes=end)
    return _with_problems(check, status, True)


def _chain_trusted(status: Any) -> bool:
    """Whether a path from the certificate to a trusted root was found (it may still have
    been expired or revoked)."""
    indication = str(getattr(status.trust_problem_indic, "name", "") or "")
    return bool(status.trusted) or (status.validation_path is not None
                                    and not indication.startswith("NO_CERTIFICATE_CHAIN"))


def _modification(status: Any) -> str:
    level = status.modification_level
    if level is None:  # the difference analysis could not run: assume the worst
        return "other"
    return MODIFICATIONS.get(int(level.value), "other")


def _with_problems(check: SignatureCheck, status: Any, proven: bool) -> SignatureCheck:
    from dataclasses import replace

    problems = []
    if not check.intact:
        problems.append(BROKEN)
    elif not status.valid:
        problems.append(MISMATCH)
    if check.intact and status.valid and not check.valid_when_signed:
        problems.append(_trust_problem(status, proven))
    if check.modification not in HARMLESS:
        problems.append(f"the file was changed after this signature ({check.modification})")
    if getattr(status, "docmdp_ok", True) is False:
        problems.append(PERMISSIONS)
    indication = "" if check.valid_when_signed else str(
        getattr(status.trust_problem_indic, "name", "") or "")
    return replace(check, problems=tuple(problems), indication=indication,
                   issuer=_issuer(status.signing_cert))


def _issuer(cert: Any) -> str:
    try:
        return str(cert.issuer.native.get("common_name") or cert.issuer.human_friendly)
    except (AttributeError, TypeError, ValueError):
        return ""


def _trust_problem(status: Any, proven: bool) -> str:
    """Why the certificate is not trusted, in plain words (pyHanko's AdES sub-indication)."""
    indication = str(getattr(status.trust_problem_indic, "name", "") or "")
    cert = status.signing_cert
    expiry = cert["tbs_certificate"]["validity"]["not_after"].native
    if status.revoked or indication.startswith("REVOKED"):  # not OUT_OF_BOUNDS_NOT_REVOKED
        details = status.revocation_details
        when = f" on {_utc(details.revocation_date)}" if details else ""
        return f"the signer's certificate was revoked{when}"
    if indication in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"):
        if proven:
            return (f"the certificate had expired ({_utc(expiry)}) before the trusted "
                    "timestamp: it was signed after expiry")
        return (f"the certificate expired on {_utc(expiry)} and no trusted timestamp proves "
                "the signature was made before")
    if indication == "NOT_YET_VALID":
        return "the certificate was not yet valid when it signed"
    if indication in ("NO_CERTIFICATE_CHAIN_FOUND", "NO_CERTIFICATE_CHAIN_FOUND_NO_POE"):
        issuer = cert.issuer.native.get("common_name") or cert.issuer.human_friendly
        return (f"the certificate's chain does not reach a trusted root (issued by "
                f"{issuer}; give its root with --trust)")
    return f"the certificate could not be validated ({indication or 'no reason given'})"
