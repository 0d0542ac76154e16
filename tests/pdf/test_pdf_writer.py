"""The PDF writer's seam: its options, one text object per laid-out block, link areas and the
file identifier taken from layout and from the content."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import re

import pytest
from pypdf import PdfReader

from letterpress.errors import RenderError
from letterpress.fonts import FontSet
from letterpress.layout import lay_out
from letterpress.model import Letter, Paragraph, Span
from letterpress.pdf import RenderOptions, render_pdf

WHEN = datetime.datetime(2020, 10, 8, tzinfo=datetime.UTC)


def linked_letter(letter: Letter) -> Letter:
    linked = "the assembly page of the Open Government Platform " * 4
    para = Paragraph(spans=(Span(text="Before the meeting, read "),
                      Span(text=linked.strip(), href="https://x.org/a"), Span(text=" and reply."),))
    return dataclasses.replace(letter, body=(para, *letter.body[1:]))


def trailer_id(data: bytes) -> str:
    match = re.search(rb"/ID \[<([0-9a-f]{32})><\1>\]", data[data.rindex(b"trailer"):])
    assert match, "no /ID of two equal parts in the trailer"
    return match.group(1).decode()


def test_the_id_is_the_md5_of_every_byte_before_the_trailer(sample_letter: Letter,
                                                           fonts: FontSet) -> None:
    data = render_pdf(lay_out(sample_letter, fonts), fonts, RenderOptions(WHEN))
    before = data[:data.rindex(b"trailer")]
    assert trailer_id(data) == hashlib.md5(before, usedforsecurity=False).hexdigest()
    later = render_pdf(lay_out(sample_letter, fonts), fonts,
                       RenderOptions(WHEN + datetime.timedelta(days=1)))
    assert trailer_id(later) != trailer_id(data)  # the date is in the content, so in the /ID


def test_a_given_identifier_is_the_id(sample_letter: Letter, fonts: FontSet) -> None:
    fixed = bytes(range(16))
    data = render_pdf(lay_out(sample_letter, fonts), fonts, RenderOptions(WHEN, fixed))
    assert trailer_id(data) == fixed.hex()
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and reader.metadata["/CreationDate"] == "D:20201008000000Z"


def test_tagging_is_refused_until_there_is_a_structure_tree(sample_letter: Letter,
                                                            fonts: FontSet) -> None:
    with pytest.raises(RenderError, match="tagged"):
        render_pdf(lay_out(sample_letter, fonts), fonts, RenderOptions(WHEN, tagged=True))


def test_each_block_is_one_text_object_its_list_number_included(sample_letter: Letter,
                                                                 fonts: FontSet) -> None:
    document = lay_out(sample_letter, fonts)
    assert sum(bool(b.label) for p in document.pages for b in p.blocks) == 44
    reader = PdfReader(io.BytesIO(render_pdf(document, fonts, RenderOptions(WHEN))))
    for page, laid in zip(reader.pages, document.pages, strict=True):
        content = page.get_contents()
        assert content is not None
        assert len(re.findall(rb"\bBT\b", content.get_data())) == len(laid.blocks)


def test_link_areas_are_the_ones_laid_out(sample_letter: Letter, fonts: FontSet) -> None:
    document = lay_out(linked_letter(sample_letter), fonts)
    laid = [(round(k.x0, 2), round(k.y0, 2), round(k.x1, 2), round(k.y1, 2), k.href)
            for p in document.pages for b in p.blocks for k in b.links]
    assert sum(href == "https://x.org/a" for *_, href in laid) >= 2  # across a line break
    reader = PdfReader(io.BytesIO(render_pdf(document, fonts, RenderOptions(WHEN))))
    found = []
    for page in reader.pages:
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            x0, y0, x1, y1 = (round(float(v), 2) for v in annot["/Rect"])
            found.append((x0, y0, x1, y1, str(annot["/A"]["/URI"])))
    assert found == laid
    # each area starts where the laid-out text of its run starts
    body = next(b for b in document.pages[0].blocks if b.path == "body[0]")
    first = body.lines[0]
    assert body.links[0].x0 == pytest.approx(
        first.x + first.scale * (fonts.width(first.runs[0].text, "regular", first.runs[0].size)
                                 + first.runs[0].text.count(" ") * first.word_space
                                 + len(first.runs[0].text) * first.char_space))
