"""The visible stamp of a letter set in the sans is drawn in the sans (the typeface its
embedded source states), so the signed letter still holds the fonts of one family only, and
still verifies and passes `check`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import REPO
from helpers.pki import NOW, PASSWORD, Pki

from letterpress.pipeline import build, check_embedded
from letterpress.world import World

MOMENT = NOW.replace(hour=9, minute=5, second=0)  # within the test key's validity


@pytest.mark.slow
def test_the_stamp_of_a_sans_letter_is_set_in_the_sans(tmp_path: Path, pki: Pki) -> None:
    from letterpress.sign.letter import sign
    from letterpress.sign.signer import SignOptions, load_key

    pdf = tmp_path / "letter.pdf"
    build(REPO / "tests" / "data" / "typeface-sans.yaml", pdf, World())
    key = load_key(pki.keys["alice"], PASSWORD.encode(), World())
    out = tmp_path / "letter.signed.pdf"
    sign(pdf, out, key, SignOptions(reason="Dəvət", visible=True), (),
         World(clock=lambda: MOMENT))
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True,
                           timeout=60).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in fonts}
    assert names >= {"LiberationSans", "LiberationSans-Bold"}
    assert all(name.startswith("LiberationSans") for name in names), names
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert "İmzalayan: Alice Signer" in text and "Səbəb: Dəvət" in text
    assert check_embedded(out, World()) == ()
