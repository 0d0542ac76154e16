"""Property (issue 8, point 11): in any generated letter every glyph is on the page, inside
its field's box, and overlaps no glyph of another line.

Letters come from test_properties' strategies, with over-long words (up to 600 letters,
with and without hyphenation points), digit strings and runs of words joined by no-break
spaces put into the ragged fields where they used to run off the page. Glyph boxes are
measured from the laid-out document (each glyph's advance, the line's Tw, Tc and Tz, the
font's ascent and descent; punctuation may hang into the margin as issue 12 allows); a
second property measures the words poppler finds in the PDF (pdftotext -bbox), so the
measurement does not rest on layout's own idea of where it drew.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from itertools import pairwise

import pytest
from helpers.generated import GroupSpec, group_specs, letters, with_groups
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from letterpress.fonts import FontSet
from letterpress.layout import lay_out
from letterpress.layout.boxes import Document, Line
from letterpress.layout.geometry import BODY_SIZE, COLUMN_GAP_MM, MM, Frame, frame_for
from letterpress.layout.paragraph import HANG_LEFT, HANG_RIGHT
from letterpress.model import Letter, Signatory
from letterpress.pipeline import typeset

SLACK = 0.01  # points


@dataclasses.dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    right: float
    bottom: float
    top: float


def glyphs(line: Line, fonts: FontSet) -> list[Glyph]:
    """Every visible glyph of a line where the PDF draws it: each advance, plus Tc after
    every character and Tw after every space, all scaled by Tz (ISO 32000-1 9.4.4)."""
    out, x = [], line.x
    for run in line.runs:
        ascent, descent = fonts.extent(run.style)
        for ch in run.text:
            advance = fonts.width(ch, run.style, run.size) * line.scale
            if not ch.isspace():
                out.append(Glyph(ch, x, x + advance, line.y - descent * run.size,
                                 line.y + ascent * run.size))
            x += advance + (line.char_space + (line.word_space if ch == " " else 0.0)) \
                * line.scale
    return out


def field_boxes(letter: Letter, frame: Frame) -> dict[str, tuple[float, float]]:
    """The left and right edge of the column of each signatory entry set in two columns;
    every other field has the whole text area."""
    half = (frame.measure - COLUMN_GAP_MM * MM) / 2
    out = {}
    for g, group in enumerate(letter.signatories):
        if group.columns == 2:
            for i in range(len(group.members)):
                out[f"signatories[{g}].members[{i}]"] = (half, frame.measure - half)
    return out


def check_glyphs(document: Document, letter: Letter, fonts: FontSet) -> None:
    frame = frame_for(letter.paper)
    columns = field_boxes(letter, frame)
    for page in document.pages:
        top = frame.top_first if page.number == 1 else frame.top_later
        placed: list[tuple[int, Glyph]] = []
        for block in page.blocks:
            furniture = block.kind == "furniture"
            for line in block.lines:
                line_glyphs = glyphs(line, fonts)
                left, right = frame.left, frame.right
                if block.path in columns:  # the column this line stands in
                    half, offset = columns[block.path]
                    second = line.x >= frame.left + offset - SLACK
                    left = frame.left + (offset if second else 0.0)
                    right = left + half
                bottom, high = (0.0, frame.page_height) if furniture else (frame.bottom, top)
                for k, glyph in enumerate(line_glyphs):
                    where = f"{block.path or 'furniture'} page {page.number}: {glyph}"
                    assert glyph.left >= 0 and glyph.right <= frame.page_width, where
                    assert glyph.bottom >= 0 and glyph.top <= frame.page_height, where
                    # hanging punctuation (issue 12) may lie beyond the margin by its share
                    width = glyph.right - glyph.left
                    out_left = HANG_LEFT.get(glyph.char, 0.0) * width if k == 0 else 0.0
                    out_right = (HANG_RIGHT.get(glyph.char, 0.0) * width
                                 if k == len(line_glyphs) - 1 else 0.0)
                    assert left - out_left - SLACK <= glyph.left, where
                    assert glyph.right <= right + out_right + SLACK, where
                    assert bottom - SLACK <= glyph.bottom and glyph.top <= high + SLACK, where
                    assert glyph.right >= glyph.left, where
                placed += [(id(line), glyph) for glyph in line_glyphs]
                # In order along the line, never closed up (there is no letter spacing).
                assert line.char_space == 0, block.path
                for a, b in pairwise(line_glyphs):
                    assert b.left >= a.right - SLACK, (block.path, a, b)
        assert_apart(placed)


def assert_apart(placed: list[tuple[int, Glyph]]) -> None:
    """No glyph overlaps a glyph of another line (sweep over the glyphs sorted by left edge)."""
    placed.sort(key=lambda item: item[1].left)
    open_: list[tuple[int, Glyph]] = []
    for line, glyph in placed:
        open_ = [(n, g) for n, g in open_ if g.right > glyph.left + SLACK]
        for other_line, other in open_:
            if other_line != line:
                overlap = min(glyph.top, other.top) - max(glyph.bottom, other.bottom)
                assert overlap <= SLACK, (glyph, other)
        open_.append((line, glyph))


overlong = st.one_of(
    st.integers(60, 600).map(lambda n: ("государственного" * 40)[:n]),  # hyphenation points
    st.integers(60, 600).map(lambda n: "x" * n),  # none
    st.integers(30, 300).map(lambda n: ("1234567890" * 30)[:n]),
    st.integers(5, 120).map(lambda n: "\u00a0".join(["слово"] * n)),
)


@st.composite
def hostile_letters(draw: st.DrawFn) -> Letter:
    letter = with_groups(draw(letters), draw(group_specs))
    word = draw(overlong)
    where = draw(st.sampled_from(["sender", "recipient", "letterhead", "name", "organisation",
                                  "closing", "reference"]))
    if where == "sender":
        return dataclasses.replace(letter, sender=f"{letter.sender} {word}")
    if where == "recipient":
        return dataclasses.replace(letter, recipient=(word, *letter.recipient))
    if where == "letterhead":
        head = dataclasses.replace(letter.letterhead, name=word)
        return dataclasses.replace(letter, letterhead=head)
    if where == "closing":
        return dataclasses.replace(letter, closing=(word,))
    if where == "reference":
        return dataclasses.replace(letter, reference=word)
    if not letter.signatories:
        return letter
    group = letter.signatories[0]
    first = group.members[0]
    member = (Signatory(name=word, organisation=first.organisation, role=first.role)
              if where == "name" else
              Signatory(name=first.name, organisation=word, role=first.role))
    group = dataclasses.replace(group, members=(member, *group.members[1:]))
    return dataclasses.replace(letter, signatories=(group, *letter.signatories[1:]))


SETTINGS = dict(deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@settings(max_examples=60, **SETTINGS)  # type: ignore[arg-type]
@given(letter=letters, specs=group_specs)
def test_every_glyph_of_a_generated_letter_is_in_its_box(letter: Letter, specs: list[GroupSpec],
                                                         fonts: FontSet) -> None:
    letter = with_groups(letter, specs)
    check_glyphs(lay_out(letter, fonts), letter, fonts)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@settings(max_examples=60, **SETTINGS)  # type: ignore[arg-type]
@given(letter=hostile_letters())
def test_every_glyph_stays_in_its_box_with_over_long_words(letter: Letter,
                                                           fonts: FontSet) -> None:
    check_glyphs(lay_out(letter, fonts), letter, fonts)


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@settings(max_examples=10, **SETTINGS)  # type: ignore[arg-type]
@given(letter=hostile_letters())
def test_every_word_poppler_finds_in_the_pdf_is_inside_the_margins(
        letter: Letter, fonts: FontSet, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Measured in the PDF by poppler (pdftotext -bbox), not by layout. pdfminer.six is no
    judge here: after a run that ends in a space it places the next glyph one letter
    spacing (Tc) too far right, where poppler and the PDF's own operators agree with layout."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils"
    data, pages = typeset(letter, fonts)
    pdf = tmp_path_factory.mktemp("boxes") / "letter.pdf"
    pdf.write_bytes(data)
    html = subprocess.run([tool, "-bbox", str(pdf), "-"], capture_output=True, check=True,
                          timeout=120).stdout.decode("utf-8")
    frame = frame_for(letter.paper)
    boxes = [tuple(map(float, m.groups())) for m in WORD.finditer(html)]
    assert len(boxes) >= pages
    # Punctuation at a justified line's ends hangs into the margin: at most this far.
    hang = max(share * fonts.width(ch, style, BODY_SIZE) for marks in (HANG_LEFT, HANG_RIGHT)
               for ch, share in marks.items() for style in ("regular", "bold"))
    for x0, y0, x1, y1 in boxes:  # poppler measures y from the top of the page
        note(f"word at {x0, y0, x1, y1}")
        assert frame.left - hang - 0.05 <= x0 and x1 <= frame.right + hang + 0.05
        assert y0 >= 0 and y1 <= frame.page_height


def test_every_text_object_leaves_scaling_and_spacing_at_their_defaults(
        sample_letter: Letter, fonts: FontSet) -> None:
    """Tz, Tw and Tc outlive BT ... ET (ISO 32000-1, 9.3.1): a block that started from the
    scaling the block before it left (a paragraph's last line at 102 %) would be drawn wider
    than laid out, past the margin. Each text object must end at the defaults."""
    data, _ = typeset(sample_letter, fonts)
    objects = 0
    for page in PdfReader(io.BytesIO(data)).pages:
        stream = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        for body in re.findall(r"\bBT\b(.*?)\bET\b", stream, flags=re.S):
            objects += 1
            for operator, default in (("Tz", 100.0), ("Tw", 0.0), ("Tc", 0.0)):
                values = re.findall(rf"(-?[\d.]+) {operator}\b", body)
                assert not values or float(values[-1]) == default, (operator, values)
    assert objects > 10
