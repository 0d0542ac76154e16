"""letterpress sign and verify: keys, signatures, counter-signatures, timestamps and LTV, and
every tampering issue 10 names is caught by verify with a clear message.

A throw-away CA, keys and certificates are made per session (tests/pki.py), with a
timestamp authority and a CRL server on 127.0.0.1. Nothing private is committed.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import time
from pathlib import Path

import pikepdf
import pytest
from helpers.pki import NOW, PASSWORD, Pki, new_key, write_p12
from helpers.signing import (
    add_annotation,
    add_crl,
    reverse_first_string,
    sign,
    signed,
    update,
    verify,
)

from letterpress.check.pdfa import signature_object_problems
from letterpress.check.readback import read_pdf
from letterpress.cli import main
from letterpress.world import World


@pytest.fixture
def letter(tmp_path: Path, sample_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the sample letter, and the key password in the environment."""
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    return Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))


def test_a_signed_letter_verifies_and_names_its_signer(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = letter.read_bytes()
    assert sign(pki, letter, "alice", "--reason", "appeal") == 0
    assert letter.read_bytes() == original  # never over the input
    assert signed(letter).read_bytes().startswith(original)  # an incremental update
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 0
    out = capsys.readouterr().out
    assert "verified" in out and "NOT" not in out
    assert "signed by Alice Signer" in out and "PAdES B-B" in out
    assert "intact: yes" in out and "chain reaches a trusted root; valid when signed" in out
    with pikepdf.open(signed(letter)) as pdf:
        value = pdf.Root.AcroForm.Fields[0].V
        assert (str(value.Name), str(value.Reason), str(value.Location)) == (
            "Alice Signer", "appeal", "Baku, AZ")  # name and location from the certificate


@pytest.mark.slow
def test_a_second_signer_counter_signs_and_both_verify(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sign(pki, letter) == 0
    assert main(["sign", str(signed(letter)), "--key", str(pki.keys["bob"]), "--in-place"]) == 0
    capsys.readouterr()
    assert verify(pki, signed(letter), "--json") == 0
    [result] = json.loads(capsys.readouterr().out)
    first, second = result["signatures"]
    assert (first["signer"], second["signer"]) == ("Alice Signer", "Bob Signer")
    assert first["modification"] == "form filling" and second["modification"] == "none"
    assert result["ok"] and first["problems"] == [] == second["problems"]


def _problems(capsys: pytest.CaptureFixture[str]) -> str:
    return "\n".join(line for line in capsys.readouterr().out.splitlines() if "problem:" in line)


def test_a_flipped_byte_in_the_signed_range_is_caught(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sign(pki, letter)
    data = bytearray(signed(letter).read_bytes())
    at = data.index(b"/Title") + 8  # inside the document information's title
    data[at] ^= 0x01
    signed(letter).write_bytes(bytes(data))
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 1
    assert "signed bytes were changed after signing" in _problems(capsys)


@pytest.mark.slow
def test_an_update_that_changes_the_page_text_is_caught(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sign(pki, letter)
    before = read_pdf(signed(letter)).pages[0]
    update(signed(letter), reverse_first_string)
    assert read_pdf(signed(letter)).pages[0] != before
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 1
    problems = _problems(capsys)
    assert "the file was changed after this signature (other)" in problems
    assert "the text of page 1 changed after this signature" in problems


@pytest.mark.slow
def test_an_update_that_adds_an_annotation_is_caught(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sign(pki, letter)
    update(signed(letter), add_annotation)
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 1
    problems = _problems(capsys)
    assert "the file was changed after this signature (" in problems
    assert "text of page" not in problems  # the text itself is unchanged


def test_a_stripped_signature_is_caught(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from letterpress.check.pdfa import first_revision

    sign(pki, letter)
    stripped = letter.with_name("stripped.pdf")
    stripped.write_bytes(first_revision(signed(letter).read_bytes()))
    assert read_pdf(stripped).pages == read_pdf(signed(letter)).pages
    capsys.readouterr()
    assert verify(pki, stripped) == 1
    assert "the file has no signature" in _problems(capsys)


def test_a_certificate_from_an_untrusted_ca_is_caught(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sign(pki, letter, "stranger") == 0
    capsys.readouterr()
    assert verify(pki, signed(letter), "--offline") == 1
    out = capsys.readouterr().out
    assert "chain does NOT reach a trusted root; NOT valid when signed" in out
    assert ("does not reach a trusted root (issued by some other root; give its root with "
            "--trust)") in out


@pytest.mark.slow
def test_a_revoked_certificate_is_refused_for_ltv_and_caught_in_a_b_lt_file(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sign(pki, letter, "revoked", "--timestamp-url", pki.tsa_url, "--ltv",
                "--trust", str(pki.root)) == 2
    assert "revoked" in capsys.readouterr().err
    assert not signed(letter).exists()
    # The same signer signs without checking; the revocation list then joins the file (B-LT)
    assert sign(pki, letter, "revoked", "--timestamp-url", pki.tsa_url) == 0
    add_crl(pki, signed(letter))
    capsys.readouterr()
    assert verify(pki, signed(letter), "--offline") == 1
    out = capsys.readouterr().out
    assert "PAdES B-LT" in out
    assert "chain reaches a trusted root; NOT valid when signed" in out
    assert "Signature1: the signer's certificate was revoked on" in out


def test_an_expired_key_cannot_sign(pki: Pki, letter: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert sign(pki, letter, "expired") == 2
    err = capsys.readouterr().err
    assert "the certificate of Expired Signer expired on" in err and len(err.splitlines()) == 1
    assert not signed(letter).exists()


def test_a_signature_made_after_the_certificate_expired_is_caught(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from letterpress.sign.signer import SignOptions, load_key, sign_at

    key = load_key(pki.keys["expired"], PASSWORD.encode(), World())  # bypasses sign's own refusal
    options = SignOptions(timestamp_url=pki.tsa_url)
    signed(letter).write_bytes(sign_at(letter.read_bytes(), key, options, (), NOW))
    capsys.readouterr()
    assert verify(pki, signed(letter), "--offline") == 1
    assert "before the trusted timestamp: it was signed after expiry" in _problems(capsys)


@pytest.mark.slow
def test_a_timestamped_ltv_signature_is_b_lta_and_verifies_after_expiry(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = new_key()
    cert = pki.authority.issue("Brief Signer", key,
                                 end=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=8))
    p12 = write_p12(letter.with_name("brief.p12"), key, cert, (pki.authority.cert,),
                    PASSWORD.encode())
    assert main(["sign", str(letter), "--key", str(p12), "--timestamp-url", pki.tsa_url,
                 "--ltv", "--trust", str(pki.root)]) == 0
    time.sleep(max(0.0, (cert.not_valid_after_utc - dt.datetime.now(dt.UTC)).total_seconds()) + 1)
    capsys.readouterr()
    assert verify(pki, signed(letter), "--offline") == 0
    out = capsys.readouterr().out
    assert "(trusted timestamp), PAdES B-LTA" in out
    assert "DocumentTimestamp1: document timestamp by letterpress test TSA" in out


@pytest.mark.slow
def test_the_stamp_stands_below_the_text_in_the_letters_own_font(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    from letterpress.check.readback import last_page_lines
    from letterpress.layout.geometry import MARGIN_BOTTOM_MM, MM

    assert sign(pki, letter, "alice", "--visible", "--reason", "Appeal – İsmayıllı") == 0
    data = signed(letter).read_bytes()
    page, lines = last_page_lines(letter.read_bytes(), "letter")
    rect = _widget_rect(data)
    assert MARGIN_BOTTOM_MM * MM <= rect[1] < rect[3]
    assert rect[3] < min(y for y in lines.baselines if y >= MARGIN_BOTTOM_MM * MM)
    fonts = subprocess.run(["pdffonts", str(signed(letter))], capture_output=True, text=True,
                           check=True, timeout=60).stdout.splitlines()[2:]
    assert fonts and all(" yes yes yes " in line and "LiberationSerif" in line
                         for line in fonts)
    text = subprocess.run(["pdftotext", "-f", str(page + 1), "-l", str(page + 1),
                           str(signed(letter)), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert "Signed by Alice Signer" in text and "Reason: Appeal – İsmayıllı" in text
    assert signature_object_problems(data) == ()
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 0


def _widget_rect(data: bytes) -> list[float]:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        [field] = pdf.Root.AcroForm.Fields
        return [float(x) for x in field.Rect]


@pytest.mark.parametrize(("password", "message"), [
    ("wrong", "wrong password for the key file"),
    ("", "the key file needs a password"),
])
def test_a_wrong_or_missing_password_writes_nothing(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, password: str, message: str) -> None:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", password)
    assert sign(pki, letter) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.splitlines()) == 1
    assert not signed(letter).exists()


def test_the_password_comes_from_a_file(pki: Pki, letter: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LETTERPRESS_KEY_PASSWORD")
    secret = letter.with_name("password.txt")
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    out = letter.with_name("out.pdf")
    assert sign(pki, letter, "alice", "--password-file", str(secret), "-o", str(out)) == 0
    assert out.is_file() and not signed(letter).exists()


def test_a_file_that_is_not_a_key_is_refused(pki: Pki, letter: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sign", str(letter), "--key", str(pki.root)]) == 2
    assert "not a PKCS#12 key file" in capsys.readouterr().err
    assert not signed(letter).exists()


def test_an_ec_key_is_refused_unless_pdfa_is_given_up(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sign(pki, letter, "ec") == 2
    assert "is not PDF/A-3; use an RSA key, or --no-pdfa" in capsys.readouterr().err
    assert sign(pki, letter, "ec", "--no-pdfa") == 0
    assert any("PDF version 2.0" in p
               for p in signature_object_problems(signed(letter).read_bytes()))


def test_signing_never_writes_over_the_letter_unless_in_place(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = letter.read_bytes()
    assert sign(pki, letter, "alice", "-o", str(letter)) == 2
    assert "give --in-place" in capsys.readouterr().err
    assert sign(pki, letter, "alice", "--in-place") == 0
    assert letter.read_bytes().startswith(original) and len(letter.read_bytes()) > len(original)
    assert sorted(p.name for p in letter.parent.iterdir()) == ["letter.pdf"]  # no temp files


def test_verify_says_a_non_pdf_is_bad_input(pki: Pki, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_text("hello", encoding="utf-8")
    assert verify(pki, junk) == 2
    assert capsys.readouterr().err.strip() == f"{junk}: not a PDF file"


def test_the_password_is_asked_on_a_terminal(pki: Pki, letter: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass
    import sys

    asked = []
    monkeypatch.delenv("LETTERPRESS_KEY_PASSWORD")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or PASSWORD)
    assert sign(pki, letter) == 0
    assert asked == [f"password for {pki.keys['alice']}: "]


def test_an_unreachable_timestamp_authority_writes_nothing(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/tsa"
    assert sign(pki, letter, "alice", "--timestamp-url", url) == 2
    assert f"the timestamp authority {url} did not answer" in capsys.readouterr().err
    assert not signed(letter).exists()


@pytest.mark.slow
def test_a_second_stamp_stands_below_the_first(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pikepdf

    assert sign(pki, letter, "alice", "--visible") == 0
    assert main(["sign", str(signed(letter)), "--key", str(pki.keys["bob"]), "--visible",
                 "--in-place"]) == 0
    with pikepdf.open(signed(letter)) as pdf:
        first, second = ([float(x) for x in f.Rect] for f in pdf.Root.AcroForm.Fields)
    assert second[3] < first[1]  # no overlap: the second box's top is below the first's bottom
    capsys.readouterr()
    assert verify(pki, signed(letter)) == 0


@pytest.mark.slow
def test_a_timestamp_from_an_untrusted_authority_proves_no_time(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from helpers.pki import Authority, serve, timestamp_answer

    with serve(timestamp_answer(Authority(name="unknown TSA root"))) as url:
        assert sign(pki, letter, "alice", "--timestamp-url", url + "/tsa") == 0
    capsys.readouterr()
    assert verify(pki, signed(letter), "--offline") == 0  # the signer's certificate is valid
    out = capsys.readouterr().out
    assert "(signer's clock; its timestamp is NOT trusted), PAdES B-T" in out


def test_many_letters_are_signed_into_a_folder(pki: Pki, letter: Path) -> None:
    other = Path(shutil.copy(letter, letter.with_name("other.pdf")))
    out = letter.parent / "signed"
    assert main(["sign", str(letter), str(other), "--key", str(pki.keys["alice"]),
                 "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["letter.pdf", "other.pdf"]
    assert main(["sign", str(letter), str(other), "--key", str(pki.keys["alice"]),
                 "-o", str(out / "one.pdf")]) == 2


@pytest.mark.parametrize(("arguments", "message"), [
    (["--ltv"], "--ltv needs --timestamp-url"),
    (["--trust", "{missing}"], "cannot read (no such file)"),
])
def test_bad_signing_options_write_nothing(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str],
        arguments: list[str], message: str) -> None:
    missing = str(letter.with_name("missing.pem"))
    assert sign(pki, letter, "alice", *(a.format(missing=missing) for a in arguments)) == 2
    assert message in capsys.readouterr().err
    assert not signed(letter).exists()


def test_verify_refuses_a_trusted_root_that_is_not_a_certificate(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sign(pki, letter)
    junk = letter.with_name("junk.pem")
    junk.write_text("not a certificate\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["verify", str(signed(letter)), "--trust", str(junk)]) == 2
    assert "--trust: not a certificate (PEM or DER)" in capsys.readouterr().err


def test_a_stamp_that_would_cover_text_is_refused(
        pki: Pki, letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportlab.pdfgen import canvas

    from letterpress.fonts import load_fonts

    full = letter.with_name("full.pdf")
    page = canvas.Canvas(str(full), pageCompression=1)
    page.setFont(load_fonts().name("regular"), 11)
    for y in range(70, 800, 14):  # text from the top of the page down to the bottom margin
        page.drawString(72, y, "A line of the letter")
    page.save()
    assert sign(pki, full, "alice", "--visible") == 2
    assert "no room for a visible stamp below the letter's last line on page 1" in (
        capsys.readouterr().err)
    assert not signed(full).exists()
