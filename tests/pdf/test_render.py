"""Rendering details a reader of the PDF sees: the logo, links, hyphens, reproducible bytes."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from helpers import REPO

from letterpress.check.compare import compare_pdf
from letterpress.check.readback import read_pdf_bytes
from letterpress.errors import SourceError
from letterpress.fonts import FontSet
from letterpress.model import Letter, Paragraph, Span
from letterpress.pipeline import build, check, typeset
from letterpress.world import World


def letter_with_logo(tmp_path: Path, image: bytes) -> Path:
    shutil.copytree(REPO / "source", tmp_path / "source")
    (tmp_path / "source/letterheads/logo.png").write_bytes(image)
    head = tmp_path / "source/letterheads/ogp.yaml"
    head.write_text(head.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    return tmp_path / "source/2020-10-08-amnesty-appeal.yaml"


def png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (20, 60, 140)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_logo_is_drawn_above_the_letterhead(tmp_path: Path, fonts: FontSet) -> None:
    source = letter_with_logo(tmp_path, png())
    built = build(source, tmp_path / "out.pdf", World(fonts))
    import pypdf

    page = pypdf.PdfReader(built.output).pages[0]
    images = page.images
    assert len(images) == 1
    assert not check(source, built.output, World(fonts))


def test_an_unreadable_logo_is_an_error_naming_it(tmp_path: Path, fonts: FontSet) -> None:
    source = letter_with_logo(tmp_path, b"not an image at all")
    with pytest.raises(SourceError) as info:
        build(source, tmp_path / "out.pdf", World(fonts))
    [d] = info.value.diagnostics
    head = source.parent / "letterheads/ogp.yaml"
    logo_line = head.read_text(encoding="utf-8").splitlines().index("logo: logo.png") + 1
    assert (Path(d.file).name, d.line, d.field) == ("ogp.yaml", logo_line, "letterhead.logo")
    assert d.message == (f"cannot use the logo file {source.parent / 'letterheads/logo.png'}: "
                         "not an image Pillow can read (PNG, JPEG or GIF expected)")
    assert "object at 0x" not in d.format() and "ImageReader" not in d.format()
    assert not (tmp_path / "out.pdf").exists()


def test_layout_hyphens_read_back_whole_and_differ_from_source_hyphens(
        sample_letter: Letter, fonts: FontSet) -> None:
    # words so long that no spacing of them fills a line: the layout has to hyphenate
    words = ("antidisestablishmentarianism Nagorno-Karabakh electroencephalographically "
             "high-destructive ") * 8
    letter = dataclasses.replace(sample_letter,
                                 body=(Paragraph(spans=(Span(text=words.strip()),)),))
    data, _ = typeset(letter, fonts)
    pdf = read_pdf_bytes(data, "hyphens.pdf")
    text = "\n".join(pdf.pages)
    line_ends = [line.split()[-1] for line in text.splitlines() if line.split()]
    assert any(end.endswith("\u2010") for end in line_ends)  # the layout hyphenated somewhere
    assert all("\u2010" not in w for w in words.split())
    assert compare_pdf(letter, pdf) == ()


def test_same_letter_same_bytes_other_letter_other_id(sample_letter: Letter,
                                                      fonts: FontSet) -> None:
    first, _ = typeset(sample_letter, fonts)
    again, _ = typeset(sample_letter, fonts)
    other, _ = typeset(dataclasses.replace(sample_letter, reference="06/20"), fonts)
    assert first == again
    trailer = first[first.rindex(b"/ID"):][:80]
    assert trailer not in other


@pytest.mark.parametrize("style", ["regular", "bold", "italic", "bolditalic"])
def test_every_style_draws_every_character_the_loader_accepts(fonts: FontSet,
                                                              style: str) -> None:
    # Coverage is read from the regular style alone; a font swapped in later that lacks a
    # character in italic would otherwise print an empty box there.
    assert fonts.coverage <= fonts.cmap(style)


def test_a_link_broken_across_lines_is_clickable_on_each(sample_letter: Letter,
                                                         fonts: FontSet) -> None:
    linked = "the assembly page of the Open Government Platform " * 5
    para = Paragraph(spans=(Span(text="Before the meeting, read "), Span(text=linked.strip(), href="https://x.org/a"),
                      Span(text=" and reply."),))
    letter = dataclasses.replace(sample_letter, body=(para,))
    data, _ = typeset(letter, fonts)
    pdf = read_pdf_bytes(data, "links.pdf")
    assert sum(uri == "https://x.org/a" for _, uri in pdf.links) >= 2
    assert compare_pdf(letter, pdf) == ()


def test_word_spaces_measured_in_the_pdf_are_the_ones_laid_out(
        tmp_path: Path, fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """Glyph expansion (Tz) and word spacing (Tw) together give the gaps and the scales the
    layout chose: bench/spacing.py measures them from glyph positions and the text state."""
    from helpers import spacing

    from letterpress.layout import lay_out
    from letterpress.layout.geometry import frame_for
    from letterpress.pipeline import load

    source = REPO / "source" / "2026-11-20-assembly-invitation-ru.yaml"
    letter = load(source, World(fonts)).letter
    lines = [ln for page in lay_out(letter, fonts).pages for block in page.blocks
             if block.kind == "paragraph" for ln in block.lines if ln.justified]
    assert not any(ln.char_space for ln in lines)
    built = build(source, tmp_path / "ru.pdf", World(fonts))
    frame = frame_for("a4")
    measured = spacing.measure(built.output, frame.left, frame.right)
    natural = fonts.space_width * lines[0].runs[0].size
    expected = [ln.scale * (natural + ln.word_space) / natural for ln in lines]
    assert measured.ratios == pytest.approx(expected, abs=1e-4)
    assert measured.letters == pytest.approx([0.0] * len(lines), abs=1e-6)
    assert min(measured.scales) == pytest.approx(min(ln.scale for ln in lines), abs=1e-6)
    assert max(measured.scales) == pytest.approx(max(ln.scale for ln in lines), abs=1e-6)
    assert measured.hyphens == sum(ln.hyphenated for ln in lines)
