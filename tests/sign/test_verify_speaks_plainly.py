"""``letterpress verify`` speaks to people (issue 21, point 5): who signed, when, whether anyone
changed the letter since, whether the signer is one the reader trusts, and when nothing was
judged, how to say which signers are trusted (``--trust CERT.pem``). pyHanko's own terms
(field names, "NOT valid when signed", its sub-indications such as
CHAIN_CONSTRAINTS_FAILURE, "changed after: form filling") appear only with ``--verbose`` and
in ``--json``; the exit codes are those of before (0 verified, 1 not).

The wording is checked on :class:`Verification` values made here, one fact at a time, and the
command once on a signed letter with and without ``--trust``."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.pki import PASSWORD, Pki
from helpers.signing import sign, signed

from letterpress.cli import main
from letterpress.sign.signatures import BROKEN, MISMATCH, PERMISSIONS, SignatureCheck
from letterpress.sign.verdict import Verification

JARGON = ("Signature1", "NOT valid when signed", "changed after", "CHAIN_", "chain",
          "root", "PAdES", "intact", "form filling", "NO_CERTIFICATE")

GOOD = SignatureCheck(field="Signature1", kind="signature", signer="Alice Signer",
                      signed_at="2026-11-29T10:05:00Z", timestamp="none", intact=True,
                      trusted=True, valid_when_signed=True, level="B-B", modification="none",
                      signed_bytes=1000)
UNTRUSTED = replace(GOOD, trusted=False, valid_when_signed=False,
                    indication="NO_CERTIFICATE_CHAIN_FOUND", issuer="Some CA", problems=(
                        "the certificate's chain does not reach a trusted root (issued by "
                        "Some CA; give its root with --trust)",))


def report(*checks: SignatureCheck, judged: bool = True, verbose: bool = False) -> str:
    result = Verification("letter.pdf", checks, "matches", (), "pass", (), judged=judged)
    return "\n".join(result.lines(verbose=verbose))


def test_a_good_signature_says_who_when_unchanged_and_trusted() -> None:
    out = report(GOOD)
    assert out.splitlines()[0] == "letter.pdf: verified"
    assert ("Alice Signer signed it on 29 November 2026 at 10:05 UTC (the time is the "
            "signer's own clock; no timestamp proves it)") in out
    assert "nobody has changed the letter since" in out
    assert "Alice Signer is a signer you trust" in out
    assert not [word for word in JARGON if word in out]


def test_without_trust_the_signer_is_not_judged_and_the_report_says_how() -> None:
    out = report(UNTRUSTED, judged=False)
    assert out.splitlines()[0] == "letter.pdf: NOT verified"
    assert "whether Alice Signer is a signer you trust was not judged: you named none" in out
    assert "--trust CERT.pem" in out
    assert not [word for word in JARGON if word in out]


def test_a_signer_outside_the_trusted_ones_is_named_with_its_issuer() -> None:
    out = report(UNTRUSTED)
    assert ("Alice Signer is NOT a signer you trust: the certificate (issued by Some CA) is "
            "not one you named with --trust; if you trust it, add it: --trust CERT.pem") in out
    assert not [word for word in JARGON if word in out]


def test_an_unexplained_sub_indication_stays_in_the_detail() -> None:
    odd = replace(GOOD, valid_when_signed=False, indication="CHAIN_CONSTRAINTS_FAILURE",
                  problems=("the certificate could not be validated (CHAIN_CONSTRAINTS_FAILURE)",))
    out = report(odd)
    assert "Alice Signer is NOT a signer you trust: the certificate could not be checked" in out
    assert "CHAIN_CONSTRAINTS_FAILURE" not in out
    assert "CHAIN_CONSTRAINTS_FAILURE" in report(odd, verbose=True)


@pytest.mark.parametrize(("change", "says"), [
    ({"modification": "form filling"},
     "since then, a form field was filled in or another signature added"),
    ({"modification": "annotations"}, "since then, someone added comments or marks"),
    ({"modification": "other"}, "since then, someone changed the file"),
    ({"text_changed_pages": (1, 3)}, "since then, the text of pages 1, 3 changed"),
    ({"look_changed_pages": (2,)}, "since then, page 2 looks different"),
    ({"intact": False, "problems": (BROKEN,)},
     "the signed part of the file was altered afterwards"),
    ({"problems": (MISMATCH,)}, "the signature does not match the signer's certificate"),
    ({"modification": "other", "problems": (PERMISSIONS,)},
     "the signer did not allow such a change"),
])
def test_what_changed_since_signing_is_said_plainly(change: dict[str, object],
                                                     says: str) -> None:
    out = report(replace(GOOD, **change))  # type: ignore[arg-type]
    assert says in out
    assert "nobody has changed the letter since" not in out
    assert "changed after" not in out and "changed after" in report(
        replace(GOOD, **change), verbose=True)  # type: ignore[arg-type]


def test_a_document_timestamp_is_told_as_a_dating() -> None:
    stamp = replace(GOOD, kind="document timestamp", signer="Test TSA", field="Timestamp1")
    assert "Test TSA (a timestamp authority) dated the file on 29 November 2026 at 10:05 UTC" \
        in report(stamp)


@pytest.mark.slow
def test_the_command_speaks_plainly_keeps_its_exit_codes_and_details(
        pki: Pki, sample_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    letter = Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))
    assert sign(pki, letter) == 0
    capsys.readouterr()
    assert main(["verify", str(signed(letter))]) == 1  # not judged: not verified, as before
    out = capsys.readouterr().out
    assert "Alice Signer signed it on " in out and "nobody has changed the letter since" in out
    assert "was not judged" in out and "--trust CERT.pem" in out
    words = out.replace(str(signed(letter)), "LETTER")  # the temporary path may hold "root"
    assert not [word for word in JARGON if word in words]
    assert main(["verify", str(signed(letter)), "--trust", str(pki.root)]) == 0
    assert "Alice Signer is a signer you trust" in capsys.readouterr().out
    assert main(["verify", str(signed(letter)), "--verbose"]) == 1
    out = capsys.readouterr().out
    assert "NOT valid when signed (NO_CERTIFICATE_CHAIN_FOUND)" in out
    assert "changed after: none" in out
    assert main(["verify", str(signed(letter)), "--json"]) == 1
    [result] = json.loads(capsys.readouterr().out)
    assert result["judged"] is False
    [signature] = result["signatures"]
    assert (signature["indication"], signature["modification"], signature["issuer"]) == (
        "NO_CERTIFICATE_CHAIN_FOUND", "none", "letterpress test root")
