"""An SVG logo follows the bad-input rules of every logo (docs/source-format.md, "Logos"): a
file over the logo size limit, XML that does not parse (its line named), a DOCTYPE (no entity
is ever expanded: no billion laughs), a reference to anything but an #id of the file or a
data: image (nothing is fetched), a script, text, or no size is refused, as a located error at
the letterhead's ``logo`` field that exits 2."""

from __future__ import annotations

import base64
import shutil
import zlib
from pathlib import Path

import pytest
from helpers import SAMPLE, SOURCE_DIR
from helpers.cli import process

from letterpress.errors import SourceError
from letterpress.pipeline import load
from letterpress.resolve.images import BadImage, check_logo, check_svg, is_svg
from letterpress.world import SIZE_LIMITS, World

NS = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
BOX = '<rect width="10" height="10"/>'


def svg(body: str = BOX, attributes: str = 'viewBox="0 0 40 10"', head: str = "") -> bytes:
    return f'{head}<svg {NS} {XLINK} {attributes}>\n{body}\n</svg>\n'.encode()


def png(width: int, height: int) -> bytes:
    """A black-and-white PNG written by hand (ISO/IEC 15948): signature, IHDR, IDAT, IEND."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    rows = (b"\0" + b"\0" * ((width + 7) // 8)) * height
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def data_uri(image: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(image).decode()


BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n <!ENTITY a "haha">\n'
                  ' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
                  ' <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n')

REFUSED = [
    ("billion laughs", svg("<desc>&c;</desc>", head=BILLION_LAUGHS),
     "the SVG has a DOCTYPE (it may declare entities; nothing is expanded): remove it at "
     "line 2"),
    ("an external entity", svg(head='<!DOCTYPE svg SYSTEM "http://example.org/x.dtd">\n'),
     "DOCTYPE"),
    ("a web image", svg('<image href="http://example.org/logo.png" width="9" height="9"/>'),
     "the SVG has a reference to 'http://example.org/logo.png' (only #id or a data: image; "
     "nothing is fetched) at line 2"),
    ("a file named by xlink:href", svg('<use xlink:href="other.svg#mark"/>'),
     "a reference to 'other.svg#mark'"),
    ("a file URL", svg('<image xlink:href="file:///etc/passwd" width="9" height="9"/>'),
     "a reference to 'file:///etc/passwd'"),
    ("a CSS url() in a style attribute",
     svg('<rect width="9" height="9" style="fill: url(https://example.org/p.svg#g)"/>'),
     "a reference to 'https://example.org/p.svg#g'"),
    ("a CSS url() in a fill attribute", svg("<rect width='9' height='9' fill='url(x.svg#g)'/>"),
     "a reference to 'x.svg#g'"),
    ("a CSS @import", svg("<style>@import 'https://example.org/a.css';</style>" + BOX),
     "a CSS @import (it names another file) at line 2"),
    ("a url() inside a style element",
     svg("<style>rect { fill: url('https://example.org/p.svg#g') }</style>" + BOX),
     "a reference to 'https://example.org/p.svg#g'"),
    ("a stylesheet instruction",
     svg(head='<?xml-stylesheet href="https://example.org/a.css"?>\n'),
     "a processing instruction <?xml-stylesheet ...?> (it may name another file) at line 1"),
    ("a script", svg("<script>alert(1)</script>"), "the SVG has a script at line 2"),
    ("an event attribute", svg(attributes='viewBox="0 0 4 1" onload="alert(1)"'),
     "an event attribute onload= (a script) at line 1"),
    ("text", svg('<text x="1" y="9">OGP</text>'), "text (<text>): convert it to paths"),
    ("a gradient", svg('<defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
                       '</defs><rect width="9" height="9" fill="url(#g)"/>'),
     "a gradient (<linearGradient>): use flat colours at line 2"),
    ("no size", svg(attributes=""), "the SVG has no size: give its <svg> a viewBox (or a width "
                                    "and a height in px, pt, mm, cm or in)"),
    ("a percentage size", svg(attributes='width="100%" height="100%"'), "has no size"),
    ("an empty viewBox", svg(attributes='viewBox="0 0 0 10"'),
     "the SVG's viewBox '0 0 0 10' is not four numbers with a positive width and height"),
    ("a tag not closed", svg("<g>\n" + BOX), "the SVG's XML does not parse: mismatched tag at "
                                             "line 4, column 3"),
    ("not XML at all", b"<svg this is not xml", "the SVG's XML does not parse: "),
    ("another XML document", b'<html xmlns="http://www.w3.org/1999/xhtml"/>',
     "the XML's root element is <html> in the namespace http://www.w3.org/1999/xhtml, not an "
     "SVG's <svg>"),
    ("an svg in no namespace", b'<svg viewBox="0 0 1 1"/>', "the XML's root element is <svg> "
                                                             "in the namespace , not"),
    ("a data: image over the pixel limit",
     svg(f'<image href="{data_uri(png(10_000, 10_000))}" width="9" height="9"/>'),
     "a data: image that cannot be printed (the image is 10000 × 10000 pixels"),
]


@pytest.mark.parametrize(("name", "data", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_what_an_svg_logo_may_not_hold_is_refused_with_its_line(
        name: str, data: bytes, reason: str) -> None:
    assert is_svg(data)
    with pytest.raises(BadImage) as raised:
        check_logo(data)
    assert reason in str(raised.value)


@pytest.mark.parametrize(("data", "size"), [
    (svg(), (40.0, 10.0)),
    (svg(attributes='width="30mm" height="1.5cm"'), (30 * 96 / 25.4, 15 * 96 / 25.4)),
    (svg(attributes='width="120" height="40"'), (120.0, 40.0)),
    # width and height are its size; the viewBox is mapped into them
    (svg(attributes='viewBox="-5,-5 20,10" width="1in" height="0.5in"'), (96.0, 48.0)),
    (svg(attributes='viewBox="-5,-5 20,10" width="100%" height="100%"'), (20.0, 10.0)),
    # an #id of the file and a data: image are no external reference
    (svg('<defs><path id="m" d="M0 0h5v5z"/></defs><use href="#m"/><use xlink:href="#m"/>'
         '<rect width="9" height="9" fill="url(#m)"/>'
         f'<image href="{data_uri(png(4, 4))}" width="9" height="9"/>'), (40.0, 10.0)),
    (b"\xef\xbb\xbf" + svg(head='<?xml version="1.0" encoding="UTF-8"?>\n<!-- logo -->\n'),
     (40.0, 10.0)),
])
def test_an_svg_with_a_size_and_nothing_outside_it_is_accepted(
        data: bytes, size: tuple[float, float]) -> None:
    assert check_svg(data) == pytest.approx(size)


def test_raster_logos_are_not_taken_for_svg() -> None:
    assert not is_svg(png(2, 2)) and not is_svg(b"GIF89a") and not is_svg(b"\xff\xd8\xff")


def _letter_with_logo(tmp_path: Path, data: bytes) -> tuple[Path, Path, int]:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    head = tmp_path / "source/letterheads/ogp.yaml"
    text = head.read_text(encoding="utf-8")
    head.write_text(text + "logo: logo.svg\n", encoding="utf-8")
    (head.parent / "logo.svg").write_bytes(data)
    return tmp_path / "source" / SAMPLE.name, head, len(text.splitlines()) + 1


@pytest.mark.parametrize(("name", "data", "reason"),
                         [REFUSED[0], REFUSED[2], REFUSED[16]], ids=["doctype", "href", "xml"])
def test_a_refused_svg_is_a_located_error_at_the_logo_field(
        tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    letter, head, line = _letter_with_logo(tmp_path, data)
    with pytest.raises(SourceError) as raised:
        load(letter, World())
    [d] = raised.value.diagnostics
    assert (d.file, d.line, d.column, d.field) == (str(head), line, 7, "letterhead.logo")
    assert d.message.startswith(f"cannot use the logo file {head.parent / 'logo.svg'}: ")
    assert reason in d.message
    assert d.hint


def test_an_svg_over_the_logo_size_limit_is_refused_unread(tmp_path: Path) -> None:
    limit = SIZE_LIMITS["logo"]
    padding = b"<!--" + b"x" * (limit - len(svg()) + 1) + b"-->"
    data = svg().replace(b"</svg>", padding + b"</svg>")
    assert len(data) > limit
    letter, head, line = _letter_with_logo(tmp_path, data)
    with pytest.raises(SourceError) as raised:
        load(letter, World())
    [d] = raised.value.diagnostics
    assert (d.file, d.line, d.field) == (str(head), line, "letterhead.logo")
    assert "16.0 MiB" in d.message


@pytest.mark.slow
def test_build_of_a_letter_with_a_refused_svg_exits_2_without_a_traceback(
        tmp_path: Path) -> None:
    letter, head, line = _letter_with_logo(tmp_path, REFUSED[2][1])
    result = process(tmp_path, "build", str(letter), "-o", "out")
    assert result.returncode == 2
    assert f"ogp.yaml:{line}:7: letterhead.logo: cannot use the logo file " in result.stderr
    assert "nothing is fetched" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
