"""What one signature proves, as :mod:`letterpress.sign.signatures` judges it (README, "Signing and
verifying"): intact or not, who signed and when, whether a trusted timestamp proves the time,
whether the chain reaches a trusted root, whether the certificate was valid then (not expired,
not revoked), and what changed after it, in pyHanko's levels.

Real signatures are made once per module on a small letter (pyHanko through letterpress's
signer); the judgement of each kind of failure is checked on pyHanko-shaped statuses made here,
one fact at a time, with real certificates."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from helpers import SOURCE_DIR
from helpers.pki import DAY, NOW, PASSWORD, Authority, Pki, new_key

from letterpress.errors import SigningError
from letterpress.fonts import FontSet
from letterpress.sign.signatures import SignatureCheck, check_signatures
from letterpress.world import World

NAME = "2026-11-20-assembly-invitation-en"


# --- real signatures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet,
           pki: Pki) -> dict[str, bytes]:
    """The small letter as built, signed by Alice (no timestamp), with a trusted timestamp,
    and counter-signed by Bob."""
    from asn1crypto import crl
    from pyhanko.sign.validation import DocumentSecurityStore

    from letterpress.pipeline import build
    from letterpress.sign.signer import SignOptions, load_key, sign_at

    pdf = tmp_path_factory.mktemp("signed") / f"{NAME}.pdf"
    build(SOURCE_DIR / f"{NAME}.yaml", pdf, World(fonts))
    brief = _brief_key(pki, pdf.with_name("brief.p12"))  # first: it expires in seconds
    stamp = SignOptions(timestamp_url=pki.tsa_url)
    in_time = sign_at(pdf.read_bytes(), brief, stamp, (), dt.datetime.now(dt.UTC))
    alice = load_key(pki.keys["alice"], PASSWORD.encode(), World())
    bob = load_key(pki.keys["bob"], PASSWORD.encode(), World())
    letter = pdf.read_bytes()
    root = (pki.root.read_bytes(),)
    plain = sign_at(letter, alice, SignOptions(), (), NOW)
    revocation = [crl.CertificateList.load(pki.authority.crl())]
    revoked_key = load_key(pki.keys["revoked"], PASSWORD.encode(), World())
    revoked = io.BytesIO(sign_at(letter, revoked_key, stamp, (), NOW))
    DocumentSecurityStore.add_dss(revoked, None, crls=revocation)
    unstamped = io.BytesIO(sign_at(letter, revoked_key, SignOptions(), (), NOW))
    DocumentSecurityStore.add_dss(unstamped, None, crls=revocation)
    ltv = sign_at(letter, alice, SignOptions(timestamp_url=pki.tsa_url, ltv=True), root, NOW)
    return {"letter": letter, "plain": plain, "stamped": sign_at(letter, alice, stamp, (), NOW),
            "counter": sign_at(plain, bob, SignOptions(), (), NOW), "ltv": ltv,
            "after ltv": sign_at(ltv, bob, stamp, (), NOW),
            "revoked": revoked.getvalue(), "revoked unstamped": unstamped.getvalue(),
            "revoked online": sign_at(letter, revoked_key, SignOptions(), (), NOW),
            "in time": in_time,
            "expired": sign_at(letter, load_key(pki.keys["expired"], PASSWORD.encode(), World()),
                               stamp, (), NOW)}


BRIEF = 8  # seconds the brief certificate lives


def _brief_key(pki: Pki, path: Path) -> Any:
    from helpers.pki import write_p12

    from letterpress.sign.signer import load_key

    key = new_key()
    cert = pki.authority.issue("Brief Signer", key, start=NOW - DAY,
                               end=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=BRIEF))
    write_p12(path, key, cert, (pki.authority.cert,), PASSWORD.encode())
    return load_key(path, PASSWORD.encode(), World())


def judged(data: bytes, pki: Pki, trusted: bool = True) -> tuple[SignatureCheck, ...]:
    return check_signatures(data, "letter.pdf", (pki.root.read_bytes(),) if trusted else (),
                            fetch=False)


@pytest.mark.slow
def test_a_good_signature_is_intact_trusted_valid_and_unchanged(
        signed: dict[str, bytes], pki: Pki) -> None:
    [check] = judged(signed["plain"], pki)
    assert (check.field, check.kind, check.signer) == ("Signature1", "signature",
                                                       "Alice Signer")
    assert check.intact and check.trusted and check.valid_when_signed and check.ok
    assert (check.timestamp, check.level, check.modification) == ("none", "B-B", "none")
    assert check.signed_bytes == len(signed["plain"])  # the whole file is what was signed
    moment = dt.datetime.fromisoformat(check.signed_at.replace("Z", "+00:00"))
    assert check.signed_at.endswith("Z")  # ISO 8601 in UTC, to the second
    assert NOW - dt.timedelta(seconds=1) <= moment <= dt.datetime.now(dt.UTC)


@pytest.mark.slow
def test_a_trusted_timestamp_proves_the_time(signed: dict[str, bytes], pki: Pki) -> None:
    [check] = judged(signed["stamped"], pki)
    assert (check.timestamp, check.level, check.problems) == ("trusted", "B-T", ())
    [untrusted] = judged(signed["stamped"], pki, trusted=False)
    assert untrusted.timestamp == "not trusted"  # its authority's root is not given


@pytest.mark.slow
def test_without_the_root_the_chain_is_not_trusted(signed: dict[str, bytes], pki: Pki) -> None:
    [check] = judged(signed["plain"], pki, trusted=False)
    assert check.intact and not check.trusted and not check.valid_when_signed
    assert check.problems == ("the certificate's chain does not reach a trusted root (issued "
                              "by letterpress test root; give its root with --trust)",)


@pytest.mark.slow
def test_a_counter_signature_is_judged_in_signing_order(signed: dict[str, bytes],
                                                        pki: Pki) -> None:
    first, second = judged(signed["counter"], pki)
    assert (first.signer, second.signer) == ("Alice Signer", "Bob Signer")
    assert first.signed_bytes == len(signed["plain"])
    assert second.signed_bytes == len(signed["counter"])
    # a counter-signature is a form filled after the first: harmless
    assert first.modification in ("none", "form filling") and first.ok and second.ok


@pytest.mark.slow
def test_a_long_term_signature_and_its_document_timestamp(signed: dict[str, bytes],
                                                          pki: Pki) -> None:
    """--ltv: the chain and revocation information in the file and a document timestamp
    after the signature, B-LTA (README)."""
    signature, stamp = judged(signed["ltv"], pki)
    assert (signature.kind, signature.level, signature.timestamp) == ("signature", "B-LTA",
                                                                      "trusted")
    assert signature.ok and signature.modification in ("none", "validation data")
    assert (stamp.kind, stamp.level, stamp.signer, stamp.timestamp) == (
        "document timestamp", "", "letterpress test TSA", "trusted")
    assert stamp.ok and stamp.intact and stamp.trusted and stamp.valid_when_signed
    assert signature.signed_bytes < stamp.signed_bytes <= len(signed["ltv"])
    for check in (signature, stamp):  # each signed revision is a whole one
        assert signed["ltv"][:check.signed_bytes].rstrip().endswith(b"%%EOF")
    assert stamp.signed_at >= signature.signed_at


@pytest.mark.slow
def test_a_signature_after_the_document_timestamp_is_not_b_lta(signed: dict[str, bytes],
                                                               pki: Pki) -> None:
    """B-LTA needs a document timestamp after the signature; one before it, with the
    revocation information of the file, makes the counter-signature B-LT."""
    first, stamp, second = judged(signed["after ltv"], pki)
    assert (first.level, stamp.kind, second.signer) == ("B-LTA", "document timestamp",
                                                        "Bob Signer")
    assert second.level == "B-LT" and second.ok


@pytest.mark.slow
def test_a_revocation_the_file_carries_is_found_offline(signed: dict[str, bytes],
                                                        pki: Pki) -> None:
    [check] = judged(signed["revoked"], pki)
    assert check.level == "B-LT" and check.trusted and not check.valid_when_signed
    assert len(check.problems) == 1
    assert check.problems[0].startswith("the signer's certificate was revoked on ")


@pytest.mark.slow
def test_a_revocation_the_file_carries_is_found_without_a_timestamp(
        signed: dict[str, bytes], pki: Pki) -> None:
    """Without a timestamp the certificate is judged now, with what the file carries."""
    [check] = judged(signed["revoked unstamped"], pki)
    assert check.level == "B-B" and check.timestamp == "none"
    assert len(check.problems) == 1
    assert check.problems[0].startswith("the signer's certificate was revoked on ")


@pytest.mark.slow
def test_by_default_the_responders_are_asked(signed: dict[str, bytes], pki: Pki) -> None:
    """Nothing in the file says the certificate was revoked: its CRL distribution point
    does, and is asked unless fetching is turned off (--offline)."""
    trust = (pki.root.read_bytes(),)
    [online] = check_signatures(signed["revoked online"], "letter.pdf", trust)
    assert online.problems[0].startswith("the signer's certificate was revoked on ")
    [offline] = check_signatures(signed["revoked online"], "letter.pdf", trust, fetch=False)
    assert offline.ok


@pytest.mark.slow
def test_a_signature_timestamped_in_time_verifies_after_expiry(signed: dict[str, bytes],
                                                               pki: Pki) -> None:
    """README: a letter signed in time keeps verifying after the certificate expires (here
    a B-T signature, no revocation information in the file, nothing fetched)."""
    import time

    [check] = judged(signed["in time"], pki)  # maybe still valid now: judged at the stamp
    assert check.ok and check.timestamp == "trusted"
    from pyhanko.pdf_utils.reader import PdfFileReader

    cert = PdfFileReader(io.BytesIO(signed["in time"])).embedded_signatures[0].signer_cert
    expiry = cert["tbs_certificate"]["validity"]["not_after"].native
    time.sleep(max(0.0, (expiry - dt.datetime.now(dt.UTC)).total_seconds()) + 1.5)
    [check] = judged(signed["in time"], pki)
    assert check.ok and check.valid_when_signed and check.timestamp == "trusted", check.problems


@pytest.mark.slow
def test_a_signature_timestamped_after_expiry_was_made_after_it(signed: dict[str, bytes],
                                                                pki: Pki) -> None:
    [check] = judged(signed["expired"], pki)
    assert check.timestamp == "trusted" and not check.valid_when_signed
    assert len(check.problems) == 1 and check.problems[0].endswith("it was signed after expiry")


@pytest.mark.slow
def test_a_changed_signed_byte_breaks_the_signature(signed: dict[str, bytes], pki: Pki) -> None:
    data = bytearray(signed["plain"])
    at = data.index(b"/Title")
    data[at + 8] ^= 0x01
    [check] = judged(bytes(data), pki)
    assert not check.intact and not check.ok
    assert check.problems[0] == ("the signed bytes were changed after signing (the signature "
                                 "no longer matches)")


@pytest.mark.slow
def test_an_unsigned_letter_has_no_signatures(signed: dict[str, bytes], pki: Pki) -> None:
    assert judged(signed["letter"], pki) == ()


@pytest.mark.parametrize(("data", "why"), [
    (b"%PDF-1.7\nnot a pdf", "(Could not read malformed PDF file)"),
    (b"nothing", "(Illegal PDF header)"),
    # not pyHanko's own error: its kind is named too
    (b"%PDF-1.7\ntrailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n", "(ValueError("),
])
def test_a_file_that_cannot_be_read_is_a_signing_error_naming_it(data: bytes,
                                                                 why: str) -> None:
    with pytest.raises(SigningError) as caught:
        check_signatures(data, "letter.pdf", (), fetch=False)
    assert str(caught.value).startswith(f"letter.pdf: cannot read the signatures {why}")


def test_a_trusted_root_that_is_not_a_certificate_is_refused() -> None:
    from helpers.pdfs import pdf_with

    with pytest.raises(SigningError, match=r"^--trust: not a certificate \(PEM or DER\)"):
        check_signatures(pdf_with(), "letter.pdf", (b"-----BEGIN CERTIFICATE-----\nxx\n"
                                                    b"-----END CERTIFICATE-----\n",))


@pytest.mark.slow
def test_every_certificate_of_every_trust_file_is_a_root(signed: dict[str, bytes],
                                                         pki: Pki) -> None:
    pem = pki.root.read_bytes()
    other = Authority(name="another root").cert.public_bytes(serialization.Encoding.PEM)
    for trust in ((other + pem,), (other, pem), (pem + other,)):
        [check] = check_signatures(signed["plain"], "letter.pdf", trust, fetch=False)
        assert check.ok, trust
    [check] = check_signatures(signed["plain"], "letter.pdf", (other,), fetch=False)
    assert not check.trusted


# --- judgements, one fact at a time -----------------------------------------------------------
# pyHanko's verdict on the letter Alice signed is replaced by one made here: everything
# letterpress concludes from it goes through check_signatures as for a real file.

@functools.cache
def certificate(name: str = "Carol Signer", issuer: str = "some CA",
                end: dt.datetime = NOW + 365 * DAY) -> Any:
    cert = Authority(name=issuer).issue(name, new_key(), start=end - 400 * DAY, end=end)
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


EXPIRY = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
STAMPED = dt.datetime(2026, 11, 29, 9, 30, tzinfo=dt.UTC)


def status(**facts: Any) -> SimpleNamespace:
    """A pyHanko signature status whose facts all hold, with ``facts`` changed."""
    base: dict[str, Any] = dict(
        intact=True, valid=True, trusted=True, revoked=False, docmdp_ok=True,
        trust_problem_indic=None, revocation_details=None, validation_path=object(),
        modification_level=SimpleNamespace(value=0), timestamp_validity=None,
        signer_reported_dt=dt.datetime(2026, 11, 29, 14, 0, tzinfo=dt.timezone(
            dt.timedelta(hours=4))),
        signing_cert=certificate(end=EXPIRY), timestamp=STAMPED)
    base.update(facts)
    return SimpleNamespace(**base)


def stamp(intact: bool = True, valid: bool = True, trusted: bool = True) -> SimpleNamespace:
    return SimpleNamespace(intact=intact, valid=valid, trusted=trusted, timestamp=STAMPED)


def indication(name: str) -> SimpleNamespace:
    return SimpleNamespace(name=name)


Judge = Callable[..., tuple[SignatureCheck, ...]]


@pytest.fixture
def judge(signed: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> Judge:
    import pyhanko.sign.validation as validation

    def run(facts: SimpleNamespace, file: str = "plain",
            timestamp: SimpleNamespace | None = None) -> tuple[SignatureCheck, ...]:
        monkeypatch.setattr(validation, "validate_pdf_signature", lambda *a, **k: facts)
        if timestamp is not None:
            monkeypatch.setattr(validation, "validate_pdf_timestamp", lambda *a, **k: timestamp)
        return check_signatures(signed[file], "letter.pdf", (), fetch=False)
    return run


def problems(judge: Judge, **facts: Any) -> tuple[str, ...]:
    [check] = judge(status(**facts))
    return check.problems


@pytest.mark.slow
def test_a_status_whose_facts_all_hold_has_no_problem(judge: Judge) -> None:
    [check] = judge(status())
    assert check.ok and check.intact and check.trusted and check.valid_when_signed
    assert (check.signer, check.modification, check.level) == ("Carol Signer", "none", "B-B")


@pytest.mark.slow
def test_changed_bytes_are_named_before_anything_else(judge: Judge) -> None:
    assert problems(judge, intact=False, valid=False, trusted=False) == (
        "the signed bytes were changed after signing (the signature no longer matches)",)


@pytest.mark.slow
def test_a_signature_value_that_does_not_match_the_certificate(judge: Judge) -> None:
    assert problems(judge, valid=False) == (
        "the signature value does not match the signer's certificate",)


@pytest.mark.slow
@pytest.mark.parametrize(("level", "said"), [
    (0, "none"), (1, "validation data"), (2, "form filling"), (3, "annotations"),
    (4, "other"), (7, "other"), (None, "other")])
def test_what_changed_after_a_signature(judge: Judge, level: int | None, said: str) -> None:
    """none, validation data and form filling change no content; annotations, other and
    what the analysis could not tell (assumed the worst) do."""
    [check] = judge(status(modification_level=None if level is None
                           else SimpleNamespace(value=level)))
    assert check.modification == said
    harmless = said in ("none", "validation data", "form filling")
    assert check.problems == (() if harmless else
                              (f"the file was changed after this signature ({said})",))


@pytest.mark.slow
def test_a_change_that_breaks_the_signers_permissions(judge: Judge) -> None:
    assert problems(judge, docmdp_ok=False) == (
        "a change after this signature breaks the signer's permissions",)


@pytest.mark.slow
def test_a_status_without_a_docmdp_verdict_is_no_problem(judge: Judge) -> None:
    facts = status()
    del facts.docmdp_ok
    [check] = judge(facts)
    assert check.problems == ()


def untrusted(judge: Judge, proven: bool = False, **facts: Any) -> tuple[str, ...]:
    return problems(judge, trusted=False, timestamp_validity=stamp() if proven else None,
                    **facts)


@pytest.mark.slow
def test_a_revoked_certificate_is_named_with_the_date(judge: Judge) -> None:
    details = SimpleNamespace(revocation_date=dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC))
    assert untrusted(judge, revoked=True, revocation_details=details) == (
        "the signer's certificate was revoked on 2026-11-28T12:00:00Z",)
    assert untrusted(judge, trust_problem_indic=indication("REVOKED_NO_POE")) == (
        "the signer's certificate was revoked",)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"])
def test_an_expired_certificate_without_a_trusted_timestamp(judge: Judge, name: str) -> None:
    assert untrusted(judge, trust_problem_indic=indication(name)) == (
        "the certificate expired on 2026-01-02T03:04:05Z and no trusted timestamp proves the "
        "signature was made before",)


@pytest.mark.slow
def test_a_trusted_timestamp_after_expiry_proves_a_signature_made_after_it(judge: Judge) -> None:
    assert untrusted(judge, True, trust_problem_indic=indication("EXPIRED")) == (
        "the certificate had expired (2026-01-02T03:04:05Z) before the trusted timestamp: it "
        "was signed after expiry",)


@pytest.mark.slow
def test_a_certificate_not_yet_valid(judge: Judge) -> None:
    assert untrusted(judge, trust_problem_indic=indication("NOT_YET_VALID")) == (
        "the certificate was not yet valid when it signed",)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["NO_CERTIFICATE_CHAIN_FOUND",
                                  "NO_CERTIFICATE_CHAIN_FOUND_NO_POE"])
def test_a_chain_to_no_trusted_root_names_the_issuer(judge: Judge, name: str) -> None:
    assert untrusted(judge, trust_problem_indic=indication(name), signing_cert=certificate(
        issuer="Elsewhere CA")) == (
        "the certificate's chain does not reach a trusted root (issued by Elsewhere CA; give "
        "its root with --trust)",)


@pytest.mark.slow
def test_any_other_reason_is_given_as_pyhanko_says_it(judge: Judge) -> None:
    assert untrusted(judge, trust_problem_indic=indication("CHAIN_CONSTRAINTS_FAILURE")) == (
        "the certificate could not be validated (CHAIN_CONSTRAINTS_FAILURE)",)
    assert untrusted(judge) == ("the certificate could not be validated (no reason given)",)


@pytest.mark.slow
@pytest.mark.parametrize(("facts", "trusted"), [
    ({}, True),
    ({"trusted": False}, True),  # a path was found (expired or revoked, say)
    ({"trusted": False, "validation_path": None}, False),
    ({"trusted": False, "trust_problem_indic": indication("NO_CERTIFICATE_CHAIN_FOUND")}, False),
    ({"trusted": False, "trust_problem_indic": indication("EXPIRED")}, True),
])
def test_the_chain_is_trusted_when_a_path_to_a_root_was_found(
        judge: Judge, facts: dict[str, Any], trusted: bool) -> None:
    [check] = judge(status(**facts))
    assert check.trusted is trusted


@pytest.mark.slow
@pytest.mark.parametrize(("file", "timestamp", "level"), [
    ("plain", None, "B-B"), ("revoked", None, "B-B"), ("ltv", None, "B-B"),
    ("plain", stamp(), "B-T"), ("plain", stamp(trusted=False), "B-T"),
    ("revoked", stamp(), "B-LT"), ("ltv", stamp(), "B-LTA")])
def test_the_pades_level(judge: Judge, file: str, timestamp: Any, level: str) -> None:
    """B-B a signature; B-T with a timestamp; B-LT with revocation information in the file;
    B-LTA with a document timestamp after it (ETSI EN 319 142-1)."""
    check = judge(status(timestamp_validity=timestamp), file)[0]
    assert check.level == level


@pytest.mark.slow
def test_the_signing_time_is_the_signers_claim_in_utc_without_a_timestamp(judge: Judge,
                                                                        signed: dict[str, bytes]
                                                                        ) -> None:
    [check] = judge(status())
    assert (check.signed_at, check.timestamp, check.signer) == (
        "2026-11-29T10:00:00Z", "none", "Carol Signer")
    assert (check.signed_bytes, check.kind, check.field) == (len(signed["plain"]), "signature",
                                                              "Signature1")


@pytest.mark.slow
def test_the_signing_time_is_the_timestamps_when_it_proves_it(judge: Judge) -> None:
    [proven] = judge(status(timestamp_validity=stamp()))
    assert (proven.signed_at, proven.timestamp) == ("2026-11-29T09:30:00Z", "trusted")
    for untrusted_stamp in (stamp(trusted=False), stamp(valid=False), stamp(intact=False)):
        [claimed] = judge(status(timestamp_validity=untrusted_stamp))
        assert (claimed.signed_at, claimed.timestamp) == ("2026-11-29T10:00:00Z", "not trusted")


@pytest.mark.slow
@pytest.mark.parametrize(("facts", "valid"), [
    ({}, True), ({"valid": False}, False), ({"trusted": False}, False)])
def test_valid_when_signed_needs_a_valid_and_trusted_certificate(
        judge: Judge, facts: dict[str, Any], valid: bool) -> None:
    [check] = judge(status(**facts))
    assert check.valid_when_signed is valid


@pytest.mark.slow
def test_a_document_timestamp_is_judged_as_its_own_kind(judge: Judge,
                                                        signed: dict[str, bytes]) -> None:
    tsa = status(timestamp=dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC),
                 signing_cert=certificate("Test TSA"))
    _, check = judge(status(), "ltv", tsa)
    assert (check.field, check.kind, check.signer, check.signed_at) == (
        "DocumentTimestamp1", "document timestamp", "Test TSA", "2026-11-29T09:00:00Z")
    assert (check.timestamp, check.level, check.ok) == ("trusted", "", True)
    assert check.signed_bytes <= len(signed["ltv"])
    assert check.trusted and check.valid_when_signed and check.intact
    bad = status(timestamp=tsa.timestamp, trusted=False, validation_path=None,
                 signing_cert=tsa.signing_cert, intact=False)
    _, check = judge(status(), "ltv", bad)
    assert (check.timestamp, check.trusted, check.valid_when_signed, check.intact) == (
        "not trusted", False, False, False)
    assert not check.ok


@pytest.mark.slow
def test_a_document_timestamp_proves_its_own_time(judge: Judge) -> None:
    """A document timestamp made with an expired certificate was made after expiry: its
    time is the one it proves."""
    tsa = status(trusted=False, trust_problem_indic=indication("EXPIRED"))
    _, check = judge(status(), "ltv", tsa)
    assert check.problems == (
        "the certificate had expired (2026-01-02T03:04:05Z) before the trusted timestamp: it "
        "was signed after expiry",)


@pytest.mark.slow
def test_the_signer_is_the_certificates_common_name_or_its_whole_name(judge: Judge) -> None:
    nameless = SimpleNamespace(subject=SimpleNamespace(
        native={"organization_name": "Org"}, human_friendly="Organization: Org"))
    [check] = judge(status(signing_cert=nameless))
    assert check.signer == "Organization: Org"


@pytest.mark.slow
def test_times_are_in_utc_whatever_the_machines_zone(judge: Judge,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Baku")
    time.tzset()
    try:
        [check] = judge(status(signer_reported_dt=dt.datetime(2026, 1, 1, 3, 0, 0, 999,
                                                              tzinfo=dt.UTC)))
        assert check.signed_at == "2026-01-01T03:00:00Z"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.slow
def test_a_signature_without_a_time_has_none(judge: Judge) -> None:
    [check] = judge(status(signer_reported_dt=None))
    assert check.signed_at == ""


CHECK = SignatureCheck(field="Signature1", kind="signature", signer="Carol Signer",
                       signed_at="", timestamp="none", intact=True, trusted=True,
                       valid_when_signed=True, level="B-B", modification="none", signed_bytes=9)


@pytest.mark.parametrize(("pages", "said"), [
    ((1,), "the text of page 1 changed after this signature"),
    ((2, 5), "the text of pages 2, 5 changed after this signature")])
def test_changed_page_text_is_a_problem_naming_the_pages(pages: tuple[int, ...],
                                                         said: str) -> None:
    before = replace(CHECK, problems=("earlier",))
    after = before.with_text_changes(pages)
    assert after.text_changed_pages == pages
    assert after.problems == ("earlier", said) and not after.ok
    assert before.with_text_changes(()) == before
