"""PDFs extract must refuse, each with the words its refusal uses."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from helpers import SAMPLE
from helpers.embedded import build_with_sources


def not_letterpress(tmp_path: Path, sample_pdf: Path) -> Path:
    pdf = build_with_sources(SAMPLE, tmp_path / "x.pdf")
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        doc.docinfo["/Producer"] = "Some Word Processor 1.0"
        doc.save(pdf)
    return pdf


def encrypted(tmp_path: Path, sample_pdf: Path) -> Path:
    pdf = build_with_sources(SAMPLE, tmp_path / "y.pdf")
    with pikepdf.open(pdf) as doc:
        doc.save(tmp_path / "x.pdf", encryption=pikepdf.Encryption(owner="o", user=""))
    return tmp_path / "x.pdf"


def truncated(tmp_path: Path, sample_pdf: Path) -> Path:
    data = build_with_sources(SAMPLE, tmp_path / "y.pdf").read_bytes()
    (tmp_path / "x.pdf").write_bytes(data[:len(data) * 2 // 3])
    return tmp_path / "x.pdf"


def without_source(tmp_path: Path, sample_pdf: Path) -> Path:
    """A letterpress PDF as built before sources were embedded."""
    with pikepdf.open(sample_pdf) as doc:
        for key in ("/AF", "/Names"):
            if key in doc.Root:
                del doc.Root[key]
        doc.save(tmp_path / "x.pdf")
    return tmp_path / "x.pdf"


def not_a_pdf(tmp_path: Path, sample_pdf: Path) -> Path:
    (tmp_path / "x.pdf").write_bytes(SAMPLE.read_bytes())
    return tmp_path / "x.pdf"


BAD = {"not made by letterpress": (not_letterpress, "not a PDF made by letterpress"),
       "encrypted": (encrypted, "the PDF is encrypted"),
       "truncated": (truncated, "damaged or truncated PDF"),
       "no source inside": (without_source, "no letter source inside"),
       "not a PDF": (not_a_pdf, "not a PDF file")}
