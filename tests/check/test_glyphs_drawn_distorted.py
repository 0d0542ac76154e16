"""A glyph drawn mirrored, slanted or squashed reads as another shape, or as nothing a reader
trusts: check names it (check/visibility.py), on both sides of the bounds docs and code state
(a slant whose axes' cosine is over 0.05, a width over 110 % or under 1/1.1 of the height,
the layout's own glyph expansion of at most 2 % included, since PDFium's matrix holds it).
Turning the text is no distortion."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.tampering import findings, tamper

from letterpress.fonts import FontSet


def drawn(sample_pdf: Path, tmp_path: Path, fonts: FontSet, matrix: str) -> set[str]:
    """The reasons check gives when page 1's text is drawn through ``matrix`` (a cm)."""
    pdf = tamper(sample_pdf, tmp_path / "distorted.pdf",
                 lambda d: f"q {matrix} cm\n".encode() + d + b"\nQ\n")
    return {f.message for f in findings(pdf, fonts) if f.page == 1}


@pytest.mark.slow
@pytest.mark.parametrize(("matrix", "reason"), [
    ("-1 0 0 1 595 0", "drawn mirrored"),
    ("1 0 0 -1 0 842", "drawn mirrored"),  # upside down and back to front
    ("1 0 0.06 1 0 0", "drawn slanted"),
    ("1.11 0 0 1 0 0", "drawn squashed to 111% of its width"),
    ("0.9 0 0 1 30 0", "drawn squashed to 90% of its width"),
])
def test_a_distorted_glyph_is_named(sample_pdf: Path, tmp_path: Path, fonts: FontSet,
                                    matrix: str, reason: str) -> None:
    """The ink is there, so it is not called invisible: it does not read as the letters."""
    assert f"text is not legible: {reason}" in drawn(sample_pdf, tmp_path, fonts, matrix)


@pytest.mark.slow
@pytest.mark.parametrize("matrix", [
    "1 0 0.04 1 0 0",  # a slant within the bound
    "1.07 0 0 1 -20 0",  # wider: 109 % with the layout's 2 % expansion
    "0.93 0 0 1 20 0",  # narrower: 91.1 % with the layout's 2 % condensing
    "0.98 0 0 0.98 5 5",  # smaller alike in both directions
])
def test_within_the_bounds_nothing_is_distorted(sample_pdf: Path, tmp_path: Path,
                                                fonts: FontSet, matrix: str) -> None:
    reasons = drawn(sample_pdf, tmp_path, fonts, matrix)
    assert not any(r.startswith(("text is not legible", "text is not visible"))
                   for r in reasons), reasons


def spaced(sample_pdf: Path, tmp_path: Path, fonts: FontSet, tc: float) -> set[str]:
    """The reasons check gives when page 1's text is set with letter spacing ``tc`` pt."""
    pdf = tamper(sample_pdf, tmp_path / "spaced.pdf",
                 lambda d: d.replace(b"BT", b"BT %.2f Tc" % tc))
    return {f.message for f in findings(pdf, fonts) if f.page == 1}


@pytest.mark.slow
def test_letters_piled_on_one_another_are_named(sample_pdf: Path, tmp_path: Path,
                                                fonts: FontSet) -> None:
    """Negative letter spacing that makes each letter cover most of the one before it."""
    assert "text is not legible: drawn over the character before it" in spaced(
        sample_pdf, tmp_path, fonts, -4.5)


@pytest.mark.slow
def test_tight_letter_spacing_is_not_piling(sample_pdf: Path, tmp_path: Path,
                                            fonts: FontSet) -> None:
    reasons = spaced(sample_pdf, tmp_path, fonts, -0.8)
    assert "text is not legible: drawn over the character before it" not in reasons
