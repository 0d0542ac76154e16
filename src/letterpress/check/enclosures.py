"""The pages appended after the letter's: each must be the page of the enclosure the source
names there, in the order it lists them.

The letter's own pages are as many as laying the source out again gives; they are judged as
every letter's are (:func:`letter_part` keeps the text layer to them, and only they are
rendered for hidden characters and stray ink, so an enclosure's ink is never "stray"). Each
page after them is compared with the page of the enclosure file expected there, two ways:

- its text layer, read by the same reader (pypdf) from the letter's PDF and from the
  enclosure's file, must be the same text: a word changed, a page missing, added or put in
  another place reads differently;
- its rendering (PDFium, grey, 72 dpi) must look the same, pixel region by pixel region
  (check/stray.py's ``changed_regions``, the threshold that tells a change of drawing from
  anti-aliasing): a page without a text layer (a scan) is compared this way only, and a
  change drawn without touching the text layer (a glyph redrawn, a box over a word) shows.

Text and pixels both, rather than the content streams and resources byte for byte: the
judges read what a reader reads and sees, whatever objects draw it, and pages that draw the
same thing through other objects (a file written again by another tool) are the same page.
An enclosure without any text is "not checked for text": a note, not a finding.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Enclosure, Letter
from .compare import Finding
from .readback import PdfText

if TYPE_CHECKING:
    from .visibility import PageImage


def appends(letter: Letter) -> bool:
    """Whether the letter appends the pages of any file after its own."""
    return any(e.file for e in letter.enclosures)


def letter_part(text: PdfText, pages: int) -> PdfText:
    """What the PDF says on its first ``pages`` pages (the letter's own): their text, the
    fonts they use, their links and what their glyphs misread. The document's extras and
    attachments stay whole: an annotation on an appended page other than a link to a URL
    is still a finding (the links there are compared with the enclosure's own)."""
    fonts = dict.fromkeys(font for used in text.page_fonts[:pages] for font in used)
    return replace(text, pages=text.pages[:pages], fonts=tuple(fonts),
                   links=tuple(link for link in text.links if link[0] < pages),
                   misread=tuple(m for m in text.misread if m[0] < pages))


def compare_enclosures(letter: Letter, text: PdfText, data: bytes, own: int, name: str,
                       notes: list[str] | None = None) -> tuple[Finding, ...]:
    """The findings of the pages after the letter's ``own`` pages of the PDF ``data``
    (read as ``text``, named ``name``) against the enclosure files the letter names."""
    from .readback import read_pdf_bytes
    from .stray import changed_regions
    from .visibility import page_images

    # (field, enclosure, page number in it, its text (None: it has none), its rendering,
    # the URLs its links go to)
    expected: list[tuple[str, Enclosure, int, str | None, PageImage, list[str]]] = []
    for k, enclosure in enumerate(letter.enclosures):
        if not enclosure.file:
            continue
        field = f"enclosures[{k}]"
        read = read_pdf_bytes(enclosure.data, enclosure.file)
        images = page_images(enclosure.data, enclosure.file)
        textless = not any(page.strip() for page in read.pages)
        if textless and notes is not None:
            notes.append(f"{field}: {enclosure.file} has no text layer (a scan): its pages "
                         "are compared by how they look, not checked for text")
        for number, (words, image) in enumerate(zip(read.pages, images, strict=True), 1):
            expected.append((field, enclosure, number, None if textless else words, image,
                             _links(read, number - 1)))
    found_text = text.pages[own:]
    found_images = page_images(data, name, own)
    out = []
    for i, (field, enclosure, number, wanted, image, links) in enumerate(expected):
        page, what = own + i + 1, _page_of(enclosure, number)
        if i >= len(found_text):
            out.append(Finding(field, what, "", "a page of the enclosure is missing", page))
            continue
        if _links(text, own + i) != links:
            out.append(Finding(field, " ".join(links), " ".join(_links(text, own + i)),
                               f"its links are not those of {what}", page))
        if wanted is not None and found_text[i] != wanted:
            out.append(Finding(field, wanted.strip() or what, found_text[i].strip(),
                               f"does not read as {what}", page))
        seen = found_images[i] if i < len(found_images) else None
        if seen is None or (seen.width, seen.height) != (image.width, image.height):
            out.append(Finding(field, f"{image.width} x {image.height} pt",
                               f"{seen.width} x {seen.height} pt" if seen else "",
                               f"the page is not the size of {what}", page))
            continue
        changed = ([(0, 0, image.width, image.height)] if image.stride != seen.stride else
                   changed_regions(image.data, seen.data, image.width, image.height,
                                   image.stride, ()))
        if changed:  # pixel boxes: left, top, right, bottom, from the page's top left
            x0, y0, x1, y1 = changed[0]
            out.append(Finding(field, what, f"{len(changed)} region(s) drawn otherwise, the "
                               f"first {x1 - x0} x {y1 - y0} pt at {x0} pt from the left, "
                               f"{y0} pt from the top", f"does not look like {what}", page))
    for i in range(len(expected), len(found_text)):
        out.append(Finding("enclosures", "", found_text[i].strip(),
                           "a page appended after the letter that the source does not name",
                           own + i + 1))
        out += [Finding("", "", uri, "unexpected link", own + i + 1)
                for uri in _links(text, own + i)]
    return tuple(out)


def _links(text: PdfText, index: int) -> list[str]:
    """The URLs the links on the page of ``index`` go to, in the order the page lists them."""
    return [uri for at, uri in text.links if at == index]


def _page_of(enclosure: Enclosure, number: int) -> str:
    return f"page {number} of {enclosure.file}"
