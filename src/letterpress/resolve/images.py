"""Images a letter prints (a letterhead's logo): checked before anything draws them.

The one module that opens images with Pillow (ReportLab draws them through Pillow too, in
:mod:`letterpress.pdf.draw`). Pillow is imported on first use: most letters have no logo.

An SVG logo is read here with the standard library's expat, strictly, before svglib ever sees
it (:mod:`letterpress.pdf.draw` draws it as vectors): no DOCTYPE (so no entity is declared,
let alone expanded), no processing instruction (an ``xml-stylesheet`` names another file), no
script or event attribute, no reference to anything but an ``#id`` of the file or a ``data:``
image (checked as any raster logo), no text (it would need fonts the PDF does not embed), no
gradient or pattern (PDF shadings, which the PDF/A validator cannot check), and a size (a
``viewBox``, or ``width`` and ``height``) to fit it by.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from typing import Any

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


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Elements an SVG logo may not hold: scripts and foreign content run or fetch, text needs a
# font the PDF does not embed (and check/glyphs.py would find glyphs no field prints).
_REFUSED = {"script": "a script", "foreignObject": "foreign content (<foreignObject>)",
            "text": "text (<text>): convert it to paths", "font": "a font (<font>)",
            "font-face": "a font (<font-face>)", "iframe": "an <iframe>",
            "audio": "sound (<audio>)", "video": "video (<video>)",
            # drawn as PDF shadings, which the PDF/A validator (check/pdfa.py) cannot check:
            # verify could not vouch for the file
            "linearGradient": "a gradient (<linearGradient>): use flat colours",
            "radialGradient": "a gradient (<radialGradient>): use flat colours",
            "pattern": "a pattern (<pattern>): use flat colours"}
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|jpg|gif);base64,", re.IGNORECASE)
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*\Z")
_NUMBER = r"[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?"
_VIEWBOX = re.compile(rf"\s*({_NUMBER})[\s,]+({_NUMBER})[\s,]+({_NUMBER})[\s,]+({_NUMBER})\s*\Z")


def is_svg(data: bytes) -> bool:
    """Whether a logo's bytes are XML (an SVG, or XML that check_svg refuses as none): the
    raster formats all start with a binary signature, XML with '<'."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def check_logo(data: bytes) -> None:
    """A logo that can be printed, raster or SVG; BadImage says why it cannot."""
    if is_svg(data):
        check_svg(data)
    else:
        check_image(data)


def svg_size(data: bytes) -> tuple[float, float]:
    """The width and height of an SVG that :func:`check_svg` accepted (its aspect is what
    matters: the layout fits it into the logo's box)."""
    return check_svg(data)


def check_svg(data: bytes) -> tuple[float, float]:
    """The size of an SVG logo that can be printed (its width and height, else its
    viewBox's); BadImage says why it cannot, naming the line of the SVG."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state: dict[str, Any] = {"root": None, "style": 0}

    def refuse(what: str) -> None:
        raise BadImage(f"the SVG has {what} at line {parser.CurrentLineNumber}")

    def doctype(*_: object) -> None:
        refuse("a DOCTYPE (it may declare entities; nothing is expanded): remove it")

    def instruction(target: str, _: str) -> None:
        refuse(f"a processing instruction <?{target} ...?> (it may name another file)")

    def start(name: str, attributes: dict[str, str]) -> None:
        space, _, local = name.rpartition(" ")
        if state["root"] is None:
            if (space, local) != (SVG_NS, "svg"):
                shown = f"<{local}>" + (f" in the namespace {space}" if space != SVG_NS else "")
                raise BadImage(f"the XML's root element is {shown}, not an SVG's <svg> in "
                               f"the namespace {SVG_NS}")
            state["root"] = dict(attributes)
        if local in _REFUSED:
            refuse(_REFUSED[local])
        if local == "style":
            state["style"] += 1
        for key, value in attributes.items():
            attribute = key.rpartition(" ")[2]
            if attribute.lower().startswith("on"):
                refuse(f"an event attribute {attribute}= (a script)")
            if attribute == "href":
                _reference(value, refuse)
            for found in _URL.finditer(value):
                _reference(found.group(2), refuse)
            if attribute == "style" and "@import" in value.lower():
                refuse("a CSS @import (it names another file)")

    def end(name: str) -> None:
        if name.rpartition(" ")[2] == "style":
            state["style"] -= 1

    def text(value: str) -> None:
        if state["style"]:
            if "@import" in value.lower():
                refuse("a CSS @import (it names another file)")
            for found in _URL.finditer(value):
                _reference(found.group(2), refuse)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise BadImage(f"the SVG's XML does not parse: {expat.ErrorString(exc.code)} at line "
                       f"{exc.lineno}, column {exc.offset + 1}") from None
    return _size(state["root"] or {})


def _reference(target: str, refuse: Any) -> None:
    """An href or url(): an #id of this file, or a data: image checked as a raster logo."""
    target = target.strip()
    if target.startswith("#"):
        return
    found = _DATA_IMAGE.match(target)
    if found is None:
        shown = target if len(target) <= 60 else target[:57] + "..."
        refuse(f"a reference to '{shown}' (only #id or a data: image; nothing is fetched)")
        return
    try:
        image = base64.b64decode(target[found.end():], validate=False)
    except (binascii.Error, ValueError):
        refuse("a data: image that is not base64")
        return
    try:
        check_image(image)
    except BadImage as exc:
        refuse(f"a data: image that cannot be printed ({exc})")


def _size(root: dict[str, str]) -> tuple[float, float]:
    """The SVG's own size, whose aspect it is drawn with: its width and height where both are
    lengths (in px, pt, pc, mm, cm or in; svglib maps the viewBox into them), else its
    viewBox's."""
    width, height = (_LENGTH.match(root.get(key, "")) for key in ("width", "height"))
    if width is not None and height is not None and float(width.group(1)) and float(
            height.group(1)):
        return (float(width.group(1)) * _UNITS[width.group(2) or "px"],
                float(height.group(1)) * _UNITS[height.group(2) or "px"])
    view_box = root.get("viewBox")
    if view_box is not None:
        found = _VIEWBOX.match(view_box)
        if found is None or float(found.group(3)) <= 0 or float(found.group(4)) <= 0:
            raise BadImage(f"the SVG's viewBox '{view_box}' is not four numbers with a "
                           "positive width and height")
        return float(found.group(3)), float(found.group(4))
    raise BadImage("the SVG has no size: give its <svg> a viewBox (or a width and a height "
                   "in px, pt, mm, cm or in)")


_UNITS = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
