"""read_ink names a PDF PDFium cannot open in its error: by the name given, else by its path,
else (bytes without a name) as "the PDF". Here no name is given at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterpress.check.visibility import read_ink
from letterpress.errors import ReadbackError

JUNK = b"%PDF-1.7\nnot a PDF after all\n"


def test_a_file_is_named_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(JUNK)
    with pytest.raises(ReadbackError) as caught:
        read_ink(path)
    assert str(caught.value).startswith(f"{path}: PDFium cannot open the PDF (")


def test_bytes_are_the_pdf() -> None:
    with pytest.raises(ReadbackError) as caught:
        read_ink(JUNK)
    assert str(caught.value).startswith("the PDF: PDFium cannot open the PDF (")
