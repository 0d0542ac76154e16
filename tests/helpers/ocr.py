"""What the tests of scans share: whether OCR can run here, and letters printed to images.

On a machine without Tesseract the OCR tests are skipped, with the command that installs it
as the reason; under CI (``CI`` set, as `.ci/run` sets it) they always run, so a CI machine
without Tesseract fails instead of passing quietly.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from letterpress.scan import ocr
from letterpress.scanned import ScanImage

_MISSING = ocr.available("en") or ocr.available("az") or ocr.available("ru")
needs_ocr = pytest.mark.skipif(bool(_MISSING) and not os.environ.get("CI"),
                               reason=f"OCR not installed here: {ocr.INSTALL}")


def printed(pdf: Path, dpi: int = 200) -> list[bytes]:
    """Each page of ``pdf`` as a PNG printed at ``dpi``, as a scanner would see the paper."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = []
        for page in document:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            out = io.BytesIO()
            image.save(out, format="PNG", dpi=(dpi, dpi))
            pages.append(out.getvalue())
        return pages
    finally:
        document.close()


def scan_image(png: bytes, dpi: int = 200, origin: str = "page") -> ScanImage:
    """A PNG as a page of a scan."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    return ScanImage(png, "png", width, height, (float(dpi), float(dpi)), origin)


def scanner_pdf(pages: list[bytes], path: Path, dpi: int = 200) -> Path:
    """The PNG ``pages`` as a scanner saves them: a PDF with one JPEG image a page."""
    from PIL import Image

    images = [Image.open(io.BytesIO(p)).convert("L") for p in pages]
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:],
                   resolution=float(dpi), quality=85)
    return path
