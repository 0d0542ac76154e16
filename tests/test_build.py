"""Building letters: the sample end to end, where every field lands, and what the file holds.

Every test builds its PDF here and reads it back (pypdf through ``letterpress.check.readback``);
nothing is compared with a stored PDF.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from helpers import SAMPLE, SEED_MARKDOWN, SOURCE_DIR
from pypdf import PdfReader

from letterpress import pipeline
from letterpress.check.compare import BASE14, compare_pdf
from letterpress.check.readback import PdfText, read_pdf_bytes
from letterpress.content import fields
from letterpress.errors import LetterpressError, SourceError
from letterpress.fonts import FontSet
from letterpress.model import Letter, Paragraph, Signatory, SignatoryGroup, Span
from letterpress.pipeline import Built, build, check, typeset
from letterpress.world import World

HEADER = "05/20 · 08.10.2020"  # the running header of the sample's later pages
PAGE_LABEL = re.compile(r"Page (\d+) of (\d+)")
SUBSET_FONT = re.compile(r"[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?")


# --- helpers --------------------------------------------------------------------------------

def lines(page: str) -> list[str]:
    """The non-empty lines of a page, NFC, with runs of white space made one space."""
    out = (" ".join(line.split()) for line in unicodedata.normalize("NFC", page).splitlines())
    return [line for line in out if line]


def page_words(pdf: PdfText) -> list[tuple[int, str]]:
    """Every word of the PDF with its 1-based page number, in extraction order."""
    return [(number, word) for number, page in enumerate(pdf.pages, start=1)
            for word in unicodedata.normalize("NFC", page).split()]


def find(words: list[tuple[int, str]], needle: list[str], start: int) -> int:
    """Index of the first occurrence of ``needle`` in ``words`` at or after ``start``; -1."""
    texts = [w for _, w in words]
    for i in range(start, len(texts) - len(needle) + 1):
        if texts[i:i + len(needle)] == needle:
            return i
    return -1


def probe(field_text: str, kind: str) -> list[str]:
    """The words that identify a field in the text: a paragraph's first words (its later
    words may be hyphenated at a line end), a member's number and name, else all."""
    words = unicodedata.normalize("NFC", field_text).split()
    if kind == "paragraph":
        return words[:4]
    if kind == "member":
        return words[:2]
    return words


def pdf_id(data: bytes) -> tuple[bytes, ...]:
    reader = PdfReader(io.BytesIO(data))
    return tuple(bytes(getattr(part, "original_bytes", part)) for part in reader.trailer["/ID"])


def short_letter(letter: Letter) -> Letter:
    """The sample cut to one paragraph and three signatories: one page."""
    group = letter.signatories[0]
    return dataclasses.replace(
        letter, body=letter.body[:1],
        closing=("This Appeal is signed by 3 members of Azerbaijan Open Government Platform",),
        signatories=(dataclasses.replace(group, members=group.members[:3]),))


def assert_faithful(letter: Letter, data: bytes) -> PdfText:
    text = read_pdf_bytes(data, "built.pdf")
    findings = compare_pdf(letter, text)
    assert not findings, "\n".join(f.format() for f in findings)
    return text


# --- the sample -----------------------------------------------------------------------------

def test_sample_builds_and_checks(sample_built: Built, sample_letter: Letter,
                                  fonts: FontSet) -> None:
    assert sample_built.warnings == ()
    assert sample_built.pages == 2
    assert sample_built.size == sample_built.output.stat().st_size
    assert sample_built.output.read_bytes().startswith(b"%PDF-")
    findings = check(SAMPLE, sample_built.output, World(fonts))
    assert findings == (), "\n".join(f.format() for f in findings)  # type: ignore[attr-defined]


def test_sample_page_count_matches_the_file(sample_built: Built,
                                            sample_text: PdfText) -> None:
    assert len(sample_text.pages) == sample_built.pages


def test_every_field_lands_in_order_on_its_page(sample_text: PdfText,
                                                sample_letter: Letter) -> None:
    words = page_words(sample_text)
    position, pages = 0, {}
    for field in fields(sample_letter):
        needle = probe(field.text, field.kind)
        at = find(words, needle, position)
        assert at >= 0, f"{field.path} ({' '.join(needle)!r}) not found after word {position}"
        pages[field.path] = words[at][0]
        position = at + len(needle)
    first_page = ["letterhead.name", "letterhead.address[0]", "letterhead.telephone",
                  "letterhead.email", "letterhead.website", "reference", "date", "sender",
                  "recipient[0]", "recipient[1]", "body[0]"]
    assert {path: pages[path] for path in first_page} == dict.fromkeys(first_page, 1)
    last = len(sample_text.pages)
    assert pages["signatories[0].members[43]"] == last
    # Members in number order, never going back a page.
    member_pages = [pages[f"signatories[0].members[{i}]"] for i in range(44)]
    assert member_pages == sorted(member_pages)


def test_labels_and_list_numbers_read_with_their_fields(sample_text: PdfText) -> None:
    text = " ".join(" ".join(lines(page)) for page in sample_text.pages)
    assert "From: Azerbaijan Open Government Platform" in text
    assert 'To: Secretary General of "Amnesty International" Ms. Julie Verhara' in text
    assert "Tel.: (994 12) 4925726" in text
    assert "E-mail: office@ogp.org.az" in text
    assert "28. Rafik İsmayılov – For the Sake of Civil Society Public Association" in text
    numbers = [int(n) for n in re.findall(r"(?<![\d.])(\d+)\. (?=[A-Z])",
                                          text[text.index("NGO Representatives:"):])]
    assert numbers == list(range(1, 45))


def test_running_header_and_page_labels(sample_text: PdfText) -> None:
    pages = [lines(page) for page in sample_text.pages]
    total = len(pages)
    assert total > 1
    assert not any(HEADER in line for line in pages[0])
    for number, page in enumerate(pages, start=1):
        labels = [line for line in page if PAGE_LABEL.search(line)]
        assert labels == [f"Page {number} of {total}"], f"page {number}"
        if number > 1:
            # Drawn first, so it reads first (a screen reader announces it before the text).
            assert page[0] == HEADER, f"page {number}"
            assert sum(HEADER in line for line in page) == 1, f"page {number}"


def test_a_one_page_letter_has_no_page_furniture(sample_letter: Letter,
                                                 fonts: FontSet) -> None:
    letter = short_letter(sample_letter)
    data, pages = typeset(letter, fonts)
    text = assert_faithful(letter, data)
    assert pages == len(text.pages) == 1
    page = lines(text.pages[0])
    assert not any(PAGE_LABEL.search(line) for line in page), page
    assert "Page 1 of 1" not in text.pages[0]
    assert not any("·" in line for line in page), page
    assert page[0] == sample_letter.letterhead.name
    assert " ".join(page).endswith(
        "3. Rena Safaraliyeva – Transparency Azerbaijan Public Association, board member.")


@pytest.mark.parametrize(("language", "sender_label", "page_label"), [
    ("az", "Kimdən:", "Səhifə 2 / 2"),
    ("ru", "От:", "Страница 2 из 2"),
])
def test_labels_follow_the_language(sample_letter: Letter, fonts: FontSet, language: str,
                                    sender_label: str, page_label: str) -> None:
    letter = dataclasses.replace(sample_letter, language=language)
    data, pages = typeset(letter, fonts)
    text = assert_faithful(letter, data)
    assert pages == 2
    assert f"{sender_label} Azerbaijan Open Government Platform" in lines(text.pages[0])
    assert page_label in lines(text.pages[1])
    assert text.metadata["Lang"] == language


# --- reproducible bytes ---------------------------------------------------------------------

def test_builds_are_deterministic(tmp_path: Path, sample_built: Built, fonts: FontSet) -> None:
    first = build(SAMPLE, tmp_path / "a" / "first.pdf", World(fonts))
    second = build(SAMPLE, tmp_path / "b" / "second.pdf", World(fonts))
    data = first.output.read_bytes()
    assert data == second.output.read_bytes()
    assert data == sample_built.output.read_bytes()


def test_different_letters_have_different_ids(sample_built: Built, sample_letter: Letter,
                                              fonts: FontSet) -> None:
    group = sample_letter.signatories[0]
    members = list(group.members)
    members[27] = dataclasses.replace(members[27], name="Rafiq İsmayılov")
    changed = dataclasses.replace(
        sample_letter, signatories=(dataclasses.replace(group, members=tuple(members)),))
    sample_id = pdf_id(typeset(sample_letter, fonts)[0])
    changed_id = pdf_id(typeset(changed, fonts)[0])
    assert len(sample_id) == 2 and all(len(part) == 16 for part in sample_id)
    assert changed_id != sample_id
    assert pdf_id(typeset(sample_letter, fonts)[0]) == sample_id


# --- what the file holds --------------------------------------------------------------------

def test_metadata(sample_text: PdfText, sample_built: Built) -> None:
    meta = sample_text.metadata
    assert meta["Title"] == '05/20 Secretary General of "Amnesty International"'
    assert meta["Author"] == "Azerbaijan Open Government Platform"
    assert meta["Lang"] == "en"
    assert meta["CreationDate"].startswith("D:20201008")
    info = PdfReader(sample_built.output).metadata
    assert info is not None
    assert str(info["/ModDate"]).startswith("D:20201008")


def test_title_given_in_the_source_is_the_pdf_title(sample_letter: Letter,
                                                    fonts: FontSet) -> None:
    letter = dataclasses.replace(sample_letter, title="Appeal to Amnesty International (05/20)")
    text = assert_faithful(letter, typeset(letter, fonts)[0])
    assert text.metadata["Title"] == "Appeal to Amnesty International (05/20)"


def test_only_embedded_subset_fonts(sample_text: PdfText, sample_built: Built) -> None:
    assert sample_text.fonts
    assert sample_text.unembedded == ()
    for name in sample_text.fonts:
        assert SUBSET_FONT.fullmatch(name), name
    # Every font object in the file, used on a page or not.
    data = sample_built.output.read_bytes()
    declared = {m.decode() for m in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", data)}
    assert declared == set(sample_text.fonts)
    assert not declared & BASE14
    assert b"Helvetica" not in data and b"Times-Roman" not in data


def test_links(sample_text: PdfText) -> None:
    assert sorted(sample_text.links) == [(0, "http://www.ogp.org.az"),
                                         (0, "mailto:office@ogp.org.az")]


def test_links_in_the_body_are_annotations(sample_letter: Letter, fonts: FontSet) -> None:
    body = (Paragraph(spans=(Span(text="Read the statement at "),
                       Span(text="our site", href="https://example.org/appeal?id=5&lang=en"),
                       Span(text=" or write to "), Span(text="us", bold=True, href="mailto:a@b.az"),
                       Span(text="."))),)
    letter = dataclasses.replace(sample_letter, body=body, closing=(), signatories=())
    text = assert_faithful(letter, typeset(letter, fonts)[0])
    assert {uri for _, uri in text.links} == {
        "mailto:office@ogp.org.az", "http://www.ogp.org.az",
        "https://example.org/appeal?id=5&lang=en", "mailto:a@b.az"}


def test_us_letter_paper(sample_letter: Letter, fonts: FontSet) -> None:
    letter = dataclasses.replace(sample_letter, paper="letter")
    data, _ = typeset(letter, fonts)
    assert_faithful(letter, data)
    for page in PdfReader(io.BytesIO(data)).pages:
        assert [float(v) for v in page.mediabox] == [0, 0, 612, 792]


def test_a4_paper_is_the_default(sample_built: Built) -> None:
    for page in PdfReader(sample_built.output).pages:
        box = [round(float(v), 2) for v in page.mediabox]
        assert box == [0, 0, 595.28, 841.89]


# --- failure leaves the old file ------------------------------------------------------------

@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    target = tmp_path / "source"
    shutil.copytree(SOURCE_DIR, target)
    return target


@pytest.mark.parametrize("breakage", [
    ("date: 2020-10-08", "date: 2020-02-30"),
    ("sender: Azerbaijan", "sendr: Azerbaijan"),
    ("Ms. Julie Verhara", "Ms. Julie 漢 Verhara"),
])
def test_failed_build_leaves_the_existing_output(source_copy: Path, tmp_path: Path,
                                                 fonts: FontSet,
                                                 breakage: tuple[str, str]) -> None:
    out = tmp_path / "out" / "letter.pdf"
    build(source_copy / SAMPLE.name, out, World(fonts))
    good = out.read_bytes()
    broken = source_copy / "broken.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    assert breakage[0] in text
    broken.write_text(text.replace(breakage[0], breakage[1], 1), encoding="utf-8")
    with pytest.raises(SourceError):
        build(broken, out, World(fonts))
    assert out.read_bytes() == good
    assert os.listdir(out.parent) == ["letter.pdf"]


def test_a_failed_write_leaves_the_existing_output(tmp_path: Path, fonts: FontSet,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "letter.pdf"
    out.write_bytes(b"%PDF-1.4 the old letter")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied", dst)

    monkeypatch.setattr(pipeline.os, "replace", refuse)
    with pytest.raises(LetterpressError) as info:
        build(SAMPLE, out, World(fonts))
    assert str(out) in info.value.format()
    assert out.read_bytes() == b"%PDF-1.4 the old letter"
    assert os.listdir(tmp_path) == ["letter.pdf"]


def test_an_unwritable_output_is_a_letterpress_error(tmp_path: Path, fonts: FontSet) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(LetterpressError) as info:
        build(SAMPLE, blocker / "letter.pdf", World(fonts))
    assert "not-a-folder" in info.value.format()
    assert sorted(os.listdir(tmp_path)) == ["not-a-folder"]


def test_build_reads_markdown_directly(tmp_path: Path, fonts: FontSet,
                                       sample_letter: Letter) -> None:
    built = build(SEED_MARKDOWN, tmp_path / "seed.pdf", World(fonts))
    # The seed states no language: that its language was guessed is its one warning.
    assert [(w.field, w.severity) for w in built.warnings] == [("language", "warning")]
    assert check(SEED_MARKDOWN, built.output, World(fonts)) == ()
    # The Markdown export and its YAML transcription are the same letter, so the same bytes
    # (each PDF that build writes then carries its own source file).
    letter = pipeline.load(SEED_MARKDOWN, World(fonts)).letter
    assert typeset(letter, fonts) == typeset(sample_letter, fonts)


def test_long_list_and_long_words_build_and_verify(sample_letter: Letter,
                                                   fonts: FontSet) -> None:
    url = "https://example.org/" + "a1b2c3d4e5" * 20
    members = tuple(Signatory(name=f"Name{i} Surname{i}",
                              organisation="Organisation " * (i % 7) + "Union",
                              role="board member" if i % 5 == 0 else "") for i in range(120))
    letter = dataclasses.replace(
        sample_letter,
        body=sample_letter.body + (Paragraph(spans=(Span(text="See "), Span(text=url, href=url),
                                              Span(text=" and " + "Donaudampfschiff" * 8 + "."))),),
        closing=(), signatories=(SignatoryGroup(heading="Members:", members=members, start=7),))
    data, pages = typeset(letter, fonts)
    text = assert_faithful(letter, data)
    assert pages == len(text.pages) >= 4
    last = lines(text.pages[-1])
    assert last[-1] == f"Page {pages} of {pages}"
    assert " ".join(last[:-1]).endswith("126. Name119 Surname119 – Union")


@pytest.mark.parametrize(("recipient", "columns"), [
    ("Shalom שלום friend", [12, 13, 14, 15]),  # Hebrew letters: bidi class R
    ("1 ﬩ 2 <b>", [7]),  # U+FB29 HEBREW LETTER ALTERNATIVE PLUS SIGN: bidi class ES, Hebrew block
])
def test_right_to_left_text_is_refused_where_it_stands(tmp_path: Path, fonts: FontSet,
                                                       recipient: str,
                                                       columns: list[int]) -> None:
    """The fonts cover Hebrew, but letterpress sets left-to-right text only: a source holding
    right-to-left letters is refused with an error at each of them, and nothing is built."""
    source = tmp_path / "letter.yaml"
    source.write_text(
        "letterhead:\n  name: Example Trust\n"
        'reference: "1/26"\ndate: 2026-01-05\nsender: Example Trust\n'
        f"recipient:\n  - {recipient}\n"
        "body:\n  - A short letter.\n", encoding="utf-8")
    out = tmp_path / "letter.pdf"
    with pytest.raises(SourceError) as info:
        build(source, out, World(fonts))
    found = info.value.diagnostics
    assert [(d.line, d.column, d.field) for d in found] == [(7, c, "recipient[0]") for c in columns]
    assert all("right-to-left character" in d.message for d in found), info.value.format()
    assert not out.exists()


def test_a_one_word_field_that_is_a_common_word_is_found(sample_letter: Letter,
                                                         fonts: FontSet) -> None:
    """A second list headed by a word the letter prints many times ("Public" appears in 32
    organisations' names): the PDF is right, so the check must find nothing."""
    ann = Signatory(name="Ann Smith", organisation="Example Trust")
    second = SignatoryGroup(heading="Public", members=(ann,), start=45)
    letter = dataclasses.replace(sample_letter,
                                 signatories=sample_letter.signatories + (second,))
    data, _ = typeset(letter, fonts)
    text = assert_faithful(letter, data)
    assert "Public 45. Ann Smith – Example Trust" in " ".join(" ".join(text.pages).split())


def test_the_output_gets_the_permissions_of_a_new_file(tmp_path: Path, fonts: FontSet) -> None:
    """Readable by whoever may read new files in that folder, not by the builder alone."""
    old = os.umask(0o022)
    try:
        built = build(SAMPLE, tmp_path / "letter.pdf", World(fonts))
    finally:
        os.umask(old)
    assert stat.S_IMODE(built.output.stat().st_mode) == 0o644
    assert os.listdir(tmp_path) == ["letter.pdf"]


def test_a_letter_without_a_logo_never_loads_pillow(tmp_path: Path) -> None:
    """ReportLab imports Pillow at start; only a logo needs it, so it is loaded on first use."""
    script = ("import sys; from pathlib import Path; from letterpress.pipeline import build; "
              "from letterpress.world import World; "
              f"build(Path({str(SAMPLE)!r}), Path({str(tmp_path / 'out.pdf')!r}), World()); "
              "print('PIL.ExifTags' in sys.modules, type(sys.modules['PIL.Image']).__name__)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.split() == ["False", "_LazyModule"]  # a stand-in, never run
    assert (tmp_path / "out.pdf").stat().st_size > 10_000
