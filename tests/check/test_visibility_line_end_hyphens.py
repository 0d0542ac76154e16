"""A hyphen PDFium takes for a line-end break is a printed hyphen (visibility.py): PageInk's
text has "-" at its index, whichever way the page's text is read (in one call, or one call
per character when a character outside the BMP makes PDFium's counts differ), never PDFium's
markers for it (U+0002 from FPDFText_GetUnicode, U+FFFE from FPDFText_GetText).

One small page each (tests/test_visibility_limits.py's one_page)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers.pdfs import CMAP, one_page

from letterpress.check.visibility import read_ink

BROKEN = b"BT /F1 12 Tf 20 100 Td (B exam-) Tj 0 -14 Td (ple) Tj ET"


@pytest.mark.parametrize("astral", [False, True], ids=["one call", "one call a character"])
def test_a_line_end_hyphen_is_a_hyphen(tmp_path: Path, astral: bool) -> None:
    path = one_page(tmp_path / "hyphen.pdf", BROKEN)
    if astral:  # "A" becomes U+1D400, two indices for PDFium
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            pdf.pages[0].obj.Resources.Font.F1.ToUnicode = pdf.make_stream(CMAP)
            pdf.pages[0].obj.Contents = pdf.make_stream(BROKEN.replace(b"(B ", b"(A "))
            pdf.save(path)
    text = read_ink(path)[0].text
    assert "\x02" not in text and "\ufffe" not in text
    assert text.count("-") == 1
    assert text.replace("\r", "").replace("\n", "").endswith("exam-ple")


def test_a_hidden_hyphenated_word_keeps_its_hyphen(tmp_path: Path) -> None:
    page = read_ink(one_page(tmp_path / "hidden.pdf", BROKEN.replace(b"BT", b"BT 3 Tr")))[0]
    assert "".join(page.text[h.index] for h in page.hidden) == "Bexam-ple"
