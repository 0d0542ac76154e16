"""The running header of later pages fits its line whatever the reference.

content.py clips the header (reference · date) to 60 characters and promises one line; a
reference of wide glyphs (20 "W" and 40 em dashes, or the fonts' widest letter, U+01F1 at
4/3 em) is wider than the measure at 8 pt, and once made the guard refuse the whole letter.
Such a header is now set smaller, never below a readable size, and the letter builds and
reads back.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from helpers import SAMPLE, SOURCE_DIR

from letterpress.check.readback import read_pdf
from letterpress.check.visibility import MIN_SIZE_PT
from letterpress.content import running_header
from letterpress.fonts import FontSet
from letterpress.layout import geometry as g
from letterpress.layout import lay_out
from letterpress.layout.boxes import Block
from letterpress.model import Letter
from letterpress.pipeline import build, check, load
from letterpress.world import World

WIDE = "W" * 20 + "\u2014" * 40
WIDEST = "\u01f1" * 60  # DZ, the widest advance of Liberation Serif (1.333 em)


def _header(letter: Letter, fonts: FontSet) -> Block:
    document = lay_out(letter, fonts)
    assert len(document.pages) >= 2
    [header] = [b for b in document.pages[1].blocks
                if b.kind == "furniture" and b.lines[0].y > document.height / 2]
    return header


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("reference", [WIDE, WIDEST, "\u2014" * 200],
                         ids=["20 W and 40 em dashes", "60 DZ", "200 em dashes"])
def test_a_header_of_wide_glyphs_stays_inside_the_text_area(
        sample_letter: Letter, fonts: FontSet, reference: str, paper: str) -> None:
    letter = dataclasses.replace(sample_letter, reference=reference, paper=paper)
    [line] = _header(letter, fonts).lines
    [run] = line.runs
    frame = g.frame_for(paper)
    width = fonts.width(run.text, run.style, run.size)
    assert frame.left <= line.x and line.x + width <= frame.right
    assert run.text == running_header(letter)  # what check expects, all of it
    assert MIN_SIZE_PT <= run.size <= g.FURNITURE_SIZE
    # centred on the text area, as the header of a shorter reference
    assert abs((line.x - frame.left) - (frame.right - line.x - width)) < 0.01


def test_a_header_that_fits_keeps_its_size(sample_letter: Letter, fonts: FontSet) -> None:
    [line] = _header(sample_letter, fonts).lines
    assert line.runs[0].size == g.FURNITURE_SIZE == 8.0
    assert line.text == "05/20 · 08.10.2020"


@pytest.mark.slow
def test_a_letter_with_a_reference_of_wide_glyphs_builds_and_reads_back(
        tmp_path: Path, fonts: FontSet) -> None:
    shutil.copytree(SOURCE_DIR, tmp_path / "source")
    source = tmp_path / "source" / SAMPLE.name
    text = source.read_text(encoding="utf-8")
    assert 'reference: "05/20"' in text
    source.write_text(text.replace('reference: "05/20"', f'reference: "{WIDE}"'),
                      encoding="utf-8")
    built = build(source, tmp_path / "wide.pdf", World(fonts))
    assert check(source, built.output, World(fonts)) == ()  # read back and seen, as written
    assert running_header(load(source, World()).letter) in read_pdf(built.output).pages[1]
