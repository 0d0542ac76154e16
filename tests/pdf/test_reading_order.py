"""The sample's PDF reads in source order in three independent text extractors.

pypdf (what ``check`` uses), pdfminer.six and poppler's ``pdftotext -raw`` each have their
quirks (docs/libraries.md, "Reading text back"): pdfminer doubles spaces on justified lines,
pdftotext drops every line-end hyphen and may merge words. So the fields are compared with white
space and hyphens removed ("squashed"), which forgives those quirks but not a word out of place.
The list numbers are compared strictly: each must come out right before its name.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import REPO
from pdfminer.high_level import extract_text

from letterpress.check.readback import read_pdf
from letterpress.content import Field, fields
from letterpress.fonts import load_fonts
from letterpress.model import Letter
from letterpress.pipeline import typeset

HEADER = "05/20 · 08.10.2020"
FURNITURE = re.compile(r"(Page \d+ of \d+|05/20 · 08\.10\.2020)")
HYPHENS = "-\u00ad\u2010\u2011"


def pypdf_text(pdf: Path) -> str:
    return "\n".join(read_pdf(pdf).pages)


def pdfminer_text(pdf: Path) -> str:
    return str(extract_text(str(pdf)))


def pdftotext_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils"
    result = subprocess.run([tool, "-raw", "-enc", "UTF-8", str(pdf), "-"],
                            capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8")


READERS: dict[str, Callable[[Path], str]] = {
    "pypdf": pypdf_text, "pdfminer": pdfminer_text, "pdftotext": pdftotext_text}


@pytest.fixture(scope="module", params=list(READERS))
def extracted(request: pytest.FixtureRequest, sample_pdf: Path) -> tuple[str, str]:
    """(reader name, the text it extracts from the sample), NFC."""
    name = request.param
    return name, unicodedata.normalize("NFC", READERS[name](sample_pdf))


def without_furniture(text: str) -> str:
    """The text without the running header and page labels (lines of their own)."""
    kept = [line for line in text.splitlines() if not FURNITURE.fullmatch(" ".join(line.split()))]
    return "\n".join(kept)


def squash(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in HYPHENS)


def test_furniture_is_on_its_own_lines(extracted: tuple[str, str]) -> None:
    name, text = extracted
    found = [" ".join(line.split()) for line in text.splitlines()
             if FURNITURE.search(line)]
    assert found == ["Page 1 of 2", HEADER, "Page 2 of 2"], name


def test_fields_read_in_source_order(extracted: tuple[str, str], sample_letter: Letter) -> None:
    name, text = extracted
    flat = squash(without_furniture(text))
    position = 0
    for field in fields(sample_letter):
        needle = squash(field.text)
        at = flat.find(needle, position)
        assert at >= 0, f"{name}: {field.path} not found in order: {field.text[:60]!r}"
        position = at + len(needle)
    # No stray text anywhere: the fields, end to end, are all the text there is.
    assert flat == "".join(squash(field.text) for field in fields(sample_letter)), name


def test_first_page_starts_with_the_letterhead(extracted: tuple[str, str]) -> None:
    name, text = extracted
    first = [" ".join(line.split()) for line in text.splitlines() if line.strip()][:5]
    assert first == [
        "Open Government Initiative Government – Civil Society Dialogue Platform",
        "Azerbaijan, Baku, M.Afandiev7/24, AZ 1001",
        "Tel.: (994 12) 4925726",
        "E-mail: office@ogp.org.az",
        "www.ogp.org.az",
    ], name


def members(letter: Letter) -> list[Field]:
    return [f for f in fields(letter) if f.kind == "member"]


def test_every_number_is_followed_by_its_name(extracted: tuple[str, str],
                                              sample_letter: Letter) -> None:
    name, text = extracted
    heading = text.index("NGO Representatives:")
    listing = text[heading:]
    starts = []
    for field in members(sample_letter):
        number = field.label.removesuffix(".")
        first_word = field.spans[0].text.split()[0]
        match = re.search(rf"(?<![\d.]){number}\.\s+{re.escape(first_word)}\b", listing)
        assert match, f"{name}: '{field.label}' is not followed by '{first_word}'"
        starts.append(match.start())
    assert starts == sorted(starts), f"{name}: the members come out of number order"


def test_member_numbers_increase(extracted: tuple[str, str]) -> None:
    name, text = extracted
    listing = text[text.index("NGO Representatives:"):]
    numbers = [int(n) for n in re.findall(r"(?m)^\s*(\d+)\.(?=\s)", listing)]
    assert numbers == list(range(1, 45)), name


def test_member_28_reads_whole(extracted: tuple[str, str]) -> None:
    """The entry with İ and ı, in one piece: number, name, dash, organisation."""
    name, text = extracted
    one_line = " ".join(text.split())
    assert "28. Rafik İsmayılov – For the Sake of Civil Society Public Association" in one_line, \
        name


def pdftotext_layout_text(pdf: Path) -> str:
    """poppler's default mode, which finds columns by itself."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils"
    result = subprocess.run([tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                            check=True, timeout=60)
    return result.stdout.decode("utf-8")


def mupdf_text(pdf: Path) -> str:
    pymupdf = pytest.importorskip("pymupdf", reason="MuPDF: pip install pymupdf")
    with pymupdf.open(pdf) as document:
        return "".join(page.get_text() for page in document)


def pdfjs_text(pdf: Path) -> str:
    """pdf.js, Firefox's viewer: node and pdfjs-dist (npm install pdfjs-dist; PDFJS_DIST
    names its directory)."""
    node, dist = shutil.which("node"), os.environ.get("PDFJS_DIST", "")
    if not node or not (Path(dist) / "legacy" / "build" / "pdf.mjs").is_file():
        pytest.skip("pdf.js: set PDFJS_DIST to an installed pdfjs-dist directory")
    script = REPO / "tests" / "data" / "pdfjs_text.mjs"
    result = subprocess.run([node, str(script), dist, str(pdf)], capture_output=True,
                            check=True, timeout=120)
    return result.stdout.decode("utf-8")


COLUMN_READERS: dict[str, Callable[[Path], str]] = {
    **READERS, "pdftotext-layout": pdftotext_layout_text, "mupdf": mupdf_text,
    "pdfjs": pdfjs_text}


@pytest.mark.parametrize("reader", list(COLUMN_READERS))
def test_a_two_column_list_reads_down_each_column(reader: str, sample_letter: Letter,
                                                  tmp_path: Path) -> None:
    """``columns: 2`` numbers down the first column, then the second, and every reader reads
    it so: those that follow the drawing order (the columns are drawn one after the other)
    and those that analyse the layout (pdfminer.six, poppler's default mode), for which
    every line of a column starts at the column's edge (flow.FlowBuilder.pad)."""
    group = dataclasses.replace(sample_letter.signatories[0], columns=2)
    letter = dataclasses.replace(sample_letter, signatories=(group,))
    pdf = tmp_path / "columns.pdf"
    pdf.write_bytes(typeset(letter, load_fonts())[0])
    text = unicodedata.normalize("NFC", COLUMN_READERS[reader](pdf))
    listing = text[text.index("NGO Representatives:"):]
    assert [int(n) for n in re.findall(r"(?m)^\s*(\d+)\.(?=\s)", listing)] == list(range(1, 45))
    for field in members(letter):
        first_word = field.spans[0].text.split()[0]
        assert re.search(rf"(?<![\d.]){field.label[:-1]}\.\s+{re.escape(first_word)}\b",
                         listing), f"{reader}: {field.label} {first_word}"
    assert squash(without_furniture(text)) == "".join(squash(f.text) for f in fields(letter))


def test_list_lines_keep_their_hanging_indent(sample_letter: Letter) -> None:
    """The spaces that give pdfminer a column edge are invisible: numbers stay right-aligned
    and an entry's continuation lines start under its text, not under its number."""
    from letterpress.layout import lay_out

    group = dataclasses.replace(sample_letter.signatories[0], columns=2)
    letter = dataclasses.replace(sample_letter, signatories=(group,))
    fonts = load_fonts()
    left = page_left(letter)
    edges = (left, left + column_offset())
    for page in lay_out(letter, fonts).pages:
        ends: dict[int, set[float]] = {}
        starts: dict[int, set[float]] = {}
        lines = [(kind, ln) for block in page.blocks if block.kind == "member"
                 for kind, part in (("label", block.label), ("member", block.lines))
                 for ln in part]
        for kind, ln in lines:
            if not ln.text.strip():  # a pad: from the column's edge to the text
                assert any(ln.x == pytest.approx(edge) for edge in edges)
                continue
            column = int(ln.x >= edges[1] - 1)
            if kind == "label":
                end = ln.x + fonts.width(ln.text.rstrip(), "regular", ln.runs[0].size)
                ends.setdefault(column, set()).add(round(end, 3))
            else:
                starts.setdefault(column, set()).add(round(ln.x, 3))
        for column, found in ends.items():
            assert len(found) == 1  # numbers right-aligned
            assert len(starts[column]) == 1  # every line of text under the text
            assert min(starts[column]) > max(found)


def page_left(letter: Letter) -> float:
    from letterpress.layout.geometry import frame_for

    return frame_for(letter.paper).left


def column_offset() -> float:
    from letterpress.layout.geometry import COLUMN_GAP_MM, MM, frame_for

    return (frame_for("a4").measure + COLUMN_GAP_MM * MM) / 2
