"""Images a letter prints (a letterhead's logo): checked before anything draws them.

The one module that opens images with Pillow (ReportLab draws them through Pillow too, in
:mod:`letterpress.pdf.draw`). Pillow is imported on first use: most letters have no logo.
"""

from __future__ import annotations

import io
import warnings

# A logo is printed 16 mm high: 600 dpi needs about 400 pixels of height. 25 million pixels
# is far more than any logo needs and decodes in about 100 MB, instead of the gigabytes a
# crafted file can ask for.
MAX_PIXELS = 25_000_000
FORMATS = ("PNG", "JPEG", "GIF")


class BadImage(ValueError):
    """An image letterpress will not print, and why."""


def check_image(data: bytes) -> tuple[int, int]:
    """The pixel size of an image that can be printed; BadImage says why it cannot."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # The size is checked below against a lower limit than Pillow's own.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise BadImage(f"the image is {width} × {height} pixels; at most "
                               f"{MAX_PIXELS // 1_000_000} million pixels are allowed")
            if image.format not in FORMATS:
                raise BadImage(f"{image.format} images are not supported; use PNG or JPEG")
            image.verify()
    except UnidentifiedImageError:
        raise BadImage("not an image Pillow can read (PNG, JPEG or GIF expected)") from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, BadImage):
            raise
        raise BadImage(f"the image is damaged ({exc})") from None
    return width, height
