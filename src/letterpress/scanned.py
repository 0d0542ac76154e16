"""The values a scan is made of: the pages' images as they were given, and the words read on
them. Shared by the reader (scan/), the writer of a scan's PDF/A (pdf/scanned.py) and the
archive, so that none of them imports another for its data.

Boxes are in the page image's pixels, from its top left corner: ``(left, top, width,
height)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ImageFormat = Literal["png", "jpeg", "tiff"]


@dataclass(frozen=True, slots=True)
class ScanImage:
    """One page of a scan: its image as the user's file holds it, untouched.

    ``data`` is the image file's bytes for that page (for a page of a PDF of images or of a
    multi-page TIFF, the page's image re-encoded losslessly as PNG, or a JPEG's own bytes),
    ``origin`` names where it came from (``scan.pdf, page 2``)."""

    data: bytes
    format: ImageFormat
    width: int  # pixels
    height: int
    dpi: tuple[float, float]  # as the file states it (or as the PDF page's size implies)
    origin: str


@dataclass(frozen=True, slots=True)
class Word:
    """A word recognised on a page: its text (NFC), where it stands, and the recogniser's
    confidence from 0 to 100."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float
    line: int  # the line it was read on, counted on the page from 0 (reading order)


@dataclass(frozen=True, slots=True)
class ReadPage:
    """A page of a scan and the words read on it, in reading order."""

    image: ScanImage
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """The words as lines of text."""
        lines: dict[int, list[str]] = {}
        for word in self.words:
            lines.setdefault(word.line, []).append(word.text)
        return "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))
