"""``letterpress verify``'s verdict (README, "Signing and verifying"): exit 0 only when every
signature holds and the text still matches the embedded source; the report says, for each
signature, intact or not, who signed and when (proven by a timestamp or not), whether the
chain reaches a trusted root, whether the certificate was valid then, and what changed after
it (none, validation data, form filling, annotations, other, with the page text compared);
then the source and PDF/A-3b.

The command is run on a small letter signed once per module; the report's wording is checked
on :class:`Verification` values made here, one fact changed at a time."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import SOURCE_DIR
from helpers.embedded import embed
from helpers.pki import NOW, PASSWORD, Pki

from letterpress.cli import main
from letterpress.fonts import FontSet
from letterpress.sign.signatures import SignatureCheck
from letterpress.sign.verdict import Verification
from letterpress.world import World

NAME = "2026-11-20-assembly-invitation-en"


def _sign(pki: Pki, pdf: Path, out: Path) -> Path:
    from letterpress.sign.signer import SignOptions, load_key, sign_at

    key = load_key(pki.keys["alice"], PASSWORD.encode(), World())
    out.write_bytes(sign_at(pdf.read_bytes(), key, SignOptions(), (), NOW))
    return out


@pytest.fixture(scope="module")
def unbuildable(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet, pki: Pki) -> Path:
    """A small letter whose embedded source lacks its date (so no letter can be built from
    it), then signed: the signature itself is good."""
    from letterpress.pipeline import build

    folder = tmp_path_factory.mktemp("unbuildable")
    pdf = folder / f"{NAME}.pdf"
    build(SOURCE_DIR / f"{NAME}.yaml", pdf, World(fonts))
    source = folder / "source" / f"{NAME}.yaml"
    source.parent.mkdir()
    text = (SOURCE_DIR / f"{NAME}.yaml").read_text(encoding="utf-8")
    source.write_text("\n".join(line for line in text.splitlines()
                                if not line.startswith("date:")) + "\n", encoding="utf-8")
    (source.parent / "letterheads").mkdir()
    head = source.parent / "letterheads/ogp.yaml"
    head.write_bytes((SOURCE_DIR / "letterheads/ogp.yaml").read_bytes())
    embed(pdf, [source, head])
    return _sign(pki, pdf, folder / f"{NAME}.signed.pdf")


@pytest.mark.slow
def test_a_signed_letter_whose_source_cannot_be_built_does_not_verify(
        pki: Pki, unbuildable: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["verify", str(unbuildable), "--trust", str(pki.root), "--json"]) == 1
    [result] = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    [signature] = result["signatures"]
    assert signature["problems"] == []  # only the source fails
    assert result["source"] == "unreadable"
    assert result["problems"] and all("source" in p for p in result["problems"])
    assert any("date" in finding for finding in result["source_findings"])


@pytest.mark.slow
def test_the_report_of_an_unbuildable_source_says_not_verified(
        pki: Pki, unbuildable: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["verify", str(unbuildable), "--trust", str(pki.root), "--verbose"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{unbuildable}: NOT verified\n")
    assert "source: the embedded source cannot be built" in out


# --- the verdict and the report, from values --------------------------------------------------

GOOD = SignatureCheck(field="Signature1", kind="signature", signer="Alice Signer",
                      signed_at="2026-11-29T10:00:00Z", timestamp="trusted", intact=True,
                      trusted=True, valid_when_signed=True, level="B-T", modification="none",
                      signed_bytes=1000)


def verification(*checks: SignatureCheck, source: str = "matches",
                 findings: tuple[str, ...] = (), pdfa: str = "pass",
                 notes: tuple[str, ...] = ()) -> Verification:
    return Verification("letter.pdf", checks, source, findings, pdfa, notes)


def test_a_good_signature_and_matching_text_verify() -> None:
    result = verification(GOOD)
    assert result.ok and result.problems == ()
    assert result.detail()[0] == "letter.pdf: verified"
    assert not any("problem" in line for line in result.detail())


def test_a_file_without_a_signature_does_not_verify() -> None:
    result = verification()
    assert not result.ok and len(result.problems) == 1
    assert "no signature" in result.problems[0]


@pytest.mark.parametrize(("source", "says"), [
    ("differs", "differs from the embedded source"),
    ("unreadable", "the embedded source cannot be built"),
])
def test_text_that_does_not_match_its_source_does_not_verify(source: str, says: str) -> None:
    result = verification(GOOD, source=source, findings=("body[0]: one\ntwo",))
    assert not result.ok
    assert result.problems == (says if source == "unreadable" else f"the text read back {says}",)
    lines = result.detail()
    assert lines[0] == "letter.pdf: NOT verified"
    assert f"  problem: {result.problems[0]}" in lines
    at = lines.index(next(line for line in lines if line.startswith("  source: ")))
    assert lines[at + 1:at + 3] == ["    body[0]: one", "    two"]  # a finding's every line


def test_no_embedded_source_is_said_but_is_not_a_failure() -> None:
    result = verification(GOOD, source="none")
    assert result.ok
    assert "  source: no source embedded (nothing to compare the text with)" in result.detail()


def test_every_problem_of_every_signature_is_named_with_its_field() -> None:
    second = replace(GOOD, field="Signature2", problems=("one", "two"))
    result = verification(GOOD, second)
    assert result.problems == ("Signature2: one", "Signature2: two")
    assert not result.ok
    assert result.detail()[-2:] == ["  problem: Signature2: one", "  problem: Signature2: two"]


def test_json_carries_every_fact_and_the_verdict() -> None:
    bad = replace(GOOD, problems=("broken",))
    out = verification(bad, source="differs", pdfa="fail", notes=("n",)).as_json()
    assert out["ok"] is False
    assert out["problems"] == ["Signature1: broken",
                               "the text read back differs from the embedded source"]
    assert (out["file"], out["source"], out["pdfa"], out["pdfa_notes"]) == (
        "letter.pdf", "differs", "fail", ("n",))
    [signature] = out["signatures"]  # type: ignore[misc]
    assert signature["signer"] == "Alice Signer" and signature["problems"] == ("broken",)
    assert verification(GOOD).as_json()["ok"] is True


def _signature_lines(check: SignatureCheck) -> list[str]:
    lines = verification(check).lines(verbose=True)
    return lines[1:lines.index(next(line for line in lines if line.startswith("  source:")))]


def test_the_report_says_who_signed_when_and_how_the_time_is_proven() -> None:
    head = _signature_lines(GOOD)[0]
    assert head == ("  Signature1: signed by Alice Signer at 2026-11-29T10:00:00Z "
                    "(trusted timestamp), PAdES B-T")
    clock = _signature_lines(replace(GOOD, timestamp="none", level="B-B"))[0]
    assert clock == ("  Signature1: signed by Alice Signer at 2026-11-29T10:00:00Z "
                     "(signer's clock, no timestamp), PAdES B-B")
    untrusted = _signature_lines(replace(GOOD, timestamp="not trusted"))[0]
    assert untrusted == ("  Signature1: signed by Alice Signer at 2026-11-29T10:00:00Z "
                         "(signer's clock; its timestamp is NOT trusted), PAdES B-T")
    stamp = _signature_lines(replace(GOOD, kind="document timestamp", field="Timestamp1",
                                     signer="Test TSA", level=""))[0]
    assert stamp == "  Timestamp1: document timestamp by Test TSA at 2026-11-29T10:00:00Z"


def test_the_report_says_intact_trusted_and_valid_or_not() -> None:
    assert _signature_lines(GOOD)[1:] == [
        "    intact: yes, the signed bytes are unchanged",
        "    certificate: chain reaches a trusted root; valid when signed",
        "    changed after: none; page text unchanged"]
    bad = _signature_lines(replace(GOOD, intact=False, trusted=False, valid_when_signed=False,
                                   modification="annotations", text_changed_pages=(1, 3)))
    assert bad[1:] == [
        "    intact: NO",
        "    certificate: chain does NOT reach a trusted root; NOT valid when signed",
        "    changed after: annotations; text of pages 1, 3 differs"]


@pytest.mark.parametrize(("pdfa", "says"), [
    ("pass", "the whole file passes (its syntax, then pikepdf.pdfa)"),
    ("fail", "the whole file FAILS (its syntax, then pikepdf.pdfa)"),
    ("not_checked", "not everything in the file could be checked"),
    ("none", "the file does not claim PDF/A"),
    ("something new", "something new")])
def test_the_report_says_the_pdfa_verdict_of_the_whole_file(pdfa: str, says: str) -> None:
    lines = verification(GOOD, pdfa=pdfa, notes=("6.2.3: a note",)).lines(verbose=True)
    [line] = [line for line in lines if line.startswith("  PDF/A-3b: ")]
    assert line == f"  PDF/A-3b: {says}"
    assert lines[lines.index(line) + 1] == "    6.2.3: a note"


def test_each_source_state_is_reported_differently() -> None:
    said = {state: [line for line in verification(GOOD, source=state).lines(verbose=True)
                    if line.startswith("  source: ")]
            for state in ("matches", "differs", "none", "unreadable")}
    assert said["matches"] == ["  source: the text read back matches the embedded source"]
    assert said["differs"] == ["  source: the text read back DIFFERS from the embedded source"]
    assert said["unreadable"] == ["  source: the embedded source cannot be built"]
