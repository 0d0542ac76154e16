"""Every PDF that `letterpress build` writes is PDF/A-3b (checked with pikepdf.pdfa, which
applies the veraPDF rules it knows, and with the tests' own reader of file syntax for the
rules of ISO 19005-3 6.1 that pikepdf skips: helpers.pdfsyntax) and carries the files it
was built from, in the format agreed for extraction: the first entry of /AF is the letter,
names relative to the deepest folder holding every file, exact bytes, MIME type, size and
MD5, no dates."""

from __future__ import annotations

import datetime
import hashlib
import io
from pathlib import Path

import pikepdf
import pytest
from helpers import REPO, SAMPLE, SEED_MARKDOWN, SOURCE_DIR, SOURCE_LETTERS
from helpers.generated import GroupSpec, group_specs, letters, with_groups
from helpers.pdfsyntax import broken_clauses
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pikepdf import pdfa

from letterpress.fonts import FontSet
from letterpress.model import Letter
from letterpress.pdf import Attachment
from letterpress.pipeline import Built, build, typeset
from letterpress.world import World

LETTERS = SOURCE_LETTERS


def assert_pdfa(data: bytes) -> None:
    report = pdfa.validate_written(io.BytesIO(data), "3b")
    assert report.verdict == "pass", report.summary()
    assert broken_clauses(data) == []


def embedded(data: bytes) -> list[tuple[str, str, str, bytes, pikepdf.Dictionary]]:
    """(/F, /UF, /Desc, bytes, /Params) of each file in the catalog's /AF, in order."""
    pdf = pikepdf.open(io.BytesIO(data))
    out = []
    for spec in pdf.Root.get("/AF", []):
        stream = spec.EF.F
        assert spec.EF.UF.objgen == stream.objgen
        assert spec.AFRelationship == "/Source"
        out.append((str(spec.F), str(spec.UF), str(spec.Desc), stream.read_bytes(),
                    stream.Params))
    return out


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (20, 60, 140)).save(buffer, format="PNG")
    return buffer.getvalue()


LOGO = _png()


def letter_tree(tmp_path: Path, letterhead: str = "letterheads/ogp.yaml") -> Path:
    """The sample with a logo, its letterhead at ``letterhead`` (relative to the letter)."""
    folder = tmp_path / "letters"
    folder.mkdir(parents=True)
    head = (folder / letterhead).resolve()
    head.parent.mkdir(parents=True, exist_ok=True)
    text = (SOURCE_DIR / "letterheads/ogp.yaml").read_text(encoding="utf-8")
    head.write_text(text + "logo: logo.png\n", encoding="utf-8")
    (head.parent / "logo.png").write_bytes(LOGO)
    letter = folder / SAMPLE.name
    letter.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "letterhead: letterheads/ogp.yaml", f"letterhead: {letterhead}"), encoding="utf-8")
    return letter


# --- every build is PDF/A-3b ------------------------------------------------------------------

@pytest.mark.parametrize("source", [*LETTERS, SEED_MARKDOWN], ids=lambda p: p.name)
def test_every_letter_builds_as_pdfa_3b(source: Path, tmp_path: Path, fonts: FontSet) -> None:
    built = build(source, tmp_path / "out.pdf", World(fonts))
    assert_pdfa(built.output.read_bytes())


def test_a_letter_with_a_logo_and_links_is_pdfa(tmp_path: Path, fonts: FontSet) -> None:
    built = build(letter_tree(tmp_path), tmp_path / "out.pdf", World(fonts))
    data = built.output.read_bytes()
    assert_pdfa(data)
    pdf = pikepdf.open(io.BytesIO(data))
    annotations = [a for page in pdf.pages for a in page.get("/Annots", [])]
    assert annotations and all(int(a.F) == 4 for a in annotations)  # printed, as PDF/A asks


SVG_LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 10">
  <rect width="30" height="10" fill="#1a3c8c" stroke="#c00" stroke-width="0.5"/>
  <circle cx="15" cy="5" r="4" fill="#fff" fill-opacity="0.5" stroke="#000"/>
</svg>"""


def test_a_letter_with_an_svg_logo_is_pdfa_and_carries_it(tmp_path: Path,
                                                          fonts: FontSet) -> None:
    """Drawn as vectors with transparency; the SVG travels as image/svg+xml."""
    letter = letter_tree(tmp_path)
    head = letter.parent / "letterheads/ogp.yaml"
    head.write_text(head.read_text(encoding="utf-8").replace("logo.png", "logo.svg"),
                    encoding="utf-8")
    (head.parent / "logo.svg").write_bytes(SVG_LOGO)
    data = build(letter, tmp_path / "out.pdf", World(fonts)).output.read_bytes()
    assert_pdfa(data)
    [logo] = [f for f in embedded(data) if f[0] == "letterheads/logo.svg"]
    assert logo[3] == SVG_LOGO
    with pikepdf.open(io.BytesIO(data)) as pdf:
        subtypes = {str(spec.F): str(spec.EF.F.Subtype) for spec in pdf.Root.AF}
        images = len(pdf.pages[0].get_images())
    assert subtypes["letterheads/logo.svg"] == "/image/svg+xml"
    assert images == 0  # vectors, no image


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@pytest.mark.slow
@settings(max_examples=6, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(letter=letters, specs=group_specs,
       names=st.lists(st.text(st.sampled_from("abcə/._-Жİ (&)"), min_size=1, max_size=12),
                      max_size=3, unique=True))
def test_any_letter_with_any_files_is_pdfa(letter: Letter, specs: list[GroupSpec],
                                           names: list[str], fonts: FontSet) -> None:
    files = tuple(Attachment(name, name.encode() * 3, "application/yaml") for name in names)
    data, _ = typeset(with_groups(letter, specs), fonts, files)
    assert_pdfa(data)
    assert [(f, uf, content) for f, uf, _, content, _ in embedded(data)] == \
        [(a.name, a.name, a.data) for a in files]


def test_no_page_has_a_transition_and_every_font_is_embedded(sample_built: Built) -> None:
    pdf = pikepdf.open(sample_built.output)
    for page in pdf.pages:
        assert "/Trans" not in page.obj
        for font in page.Resources.Font.values():
            assert "/FontFile2" in font.FontDescriptor, font.BaseFont


# --- the metadata -----------------------------------------------------------------------------

def test_xmp_says_what_the_document_information_says(sample_built: Built,
                                                     sample_letter: Letter) -> None:
    pdf = pikepdf.open(sample_built.output)
    info = pdf.docinfo
    xmp = pdf.open_metadata()
    assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "B"
    assert xmp["dc:title"] == str(info.Title) == "05/20 Secretary General of \"Amnesty " \
        "International\""
    assert xmp["dc:creator"] == [str(info.Author)] == [sample_letter.sender]
    assert xmp["dc:description"] == str(info.Subject)
    assert xmp["dc:language"] == {sample_letter.language} and str(pdf.Root.Lang) == "en"
    assert xmp["xmp:CreateDate"] == xmp["xmp:ModifyDate"] == "2020-10-08T00:00:00Z"
    assert str(info.CreationDate) == str(info.ModDate) == "D:20201008000000Z"
    assert xmp["pdf:Producer"] == str(info.Producer)
    assert xmp["xmp:CreatorTool"] == str(info.Creator)


def test_a_title_with_markup_characters_is_escaped_in_the_xmp(sample_letter: Letter,
                                                             fonts: FontSet) -> None:
    import dataclasses

    title = 'Q&A <draft> "x"'
    data, _ = typeset(dataclasses.replace(sample_letter, title=title), fonts)
    assert_pdfa(data)
    pdf = pikepdf.open(io.BytesIO(data))
    assert pdf.open_metadata()["dc:title"] == title


def test_the_output_intent_is_the_vendored_srgb_profile(sample_built: Built) -> None:
    pdf = pikepdf.open(sample_built.output)
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
    vendored = (REPO / "icc/sRGB.icc").read_bytes()
    assert intent.DestOutputProfile.read_bytes() == vendored
    assert hashlib.sha256(vendored).hexdigest().startswith("2a92d4bae450b76d")


# --- the sources inside -----------------------------------------------------------------------

def test_the_sample_carries_its_source_and_letterhead(sample_built: Built) -> None:
    files = embedded(sample_built.output.read_bytes())
    assert [(f, uf, desc) for f, uf, desc, _, _ in files] == [
        (SAMPLE.name, SAMPLE.name, "letter source"),
        ("letterheads/ogp.yaml", "letterheads/ogp.yaml", "file read by the letter")]
    assert files[0][3] == SAMPLE.read_bytes()
    assert files[1][3] == (SOURCE_DIR / "letterheads/ogp.yaml").read_bytes()
    for *_, content, params in files:
        assert set(params.keys()) == {"/Size", "/CheckSum"}  # no dates: same bytes
        assert int(params.Size) == len(content)
        assert bytes(params.CheckSum) == hashlib.md5(content).digest()
    pdf = pikepdf.open(sample_built.output)
    subtypes = [str(spec.EF.F.Subtype) for spec in pdf.Root.AF]
    assert subtypes == ["/application/yaml", "/application/yaml"]
    assert b"/application#2Fyaml" in sample_built.output.read_bytes()
    assert sorted(pdf.attachments) == [SAMPLE.name, "letterheads/ogp.yaml"]  # the name tree


def test_a_markdown_letter_carries_itself(tmp_path: Path, fonts: FontSet) -> None:
    built = build(SEED_MARKDOWN, tmp_path / "seed.pdf", World(fonts))
    pdf = pikepdf.open(built.output)
    (spec,) = pdf.Root.AF
    assert str(spec.F) == SEED_MARKDOWN.name and spec.EF.F.Subtype == "/text/markdown"
    assert spec.EF.F.read_bytes() == SEED_MARKDOWN.read_bytes()


@pytest.mark.parametrize(("letterhead", "names"), [
    ("letterheads/ogp.yaml", [SAMPLE.name, "letterheads/ogp.yaml", "letterheads/logo.png"]),
    ("../shared/ogp.yaml", [f"letters/{SAMPLE.name}", "shared/ogp.yaml", "shared/logo.png"]),
])
def test_extracted_sources_rebuild_the_same_bytes(tmp_path: Path, fonts: FontSet,
                                                  letterhead: str, names: list[str]) -> None:
    source = letter_tree(tmp_path / "a", letterhead)
    first = build(source, tmp_path / "first.pdf", World(fonts)).output.read_bytes()
    files = embedded(first)
    assert [f for f, *_ in files] == names
    assert files[2][3] == LOGO
    pdf = pikepdf.open(io.BytesIO(first))
    assert pdf.Root.AF[2].EF.F.Subtype == "/image/png"
    extracted = tmp_path / "extracted"
    for name, _, _, content, _ in files:
        (extracted / name).parent.mkdir(parents=True, exist_ok=True)
        (extracted / name).write_bytes(content)
    again = build(extracted / names[0], tmp_path / "again.pdf", World(fonts))
    assert again.output.read_bytes() == first


def test_a_plain_pdf_can_still_be_asked_for(sample_letter: Letter, fonts: FontSet) -> None:
    from letterpress.layout import lay_out
    from letterpress.pdf import RenderOptions, render_pdf

    when = datetime.datetime(2020, 10, 8, tzinfo=datetime.UTC)
    data = render_pdf(lay_out(sample_letter, fonts), fonts, RenderOptions(when, standard=None))
    pdf = pikepdf.open(io.BytesIO(data))
    assert "/Metadata" not in pdf.Root and "/OutputIntents" not in pdf.Root
    assert pdfa.validate_written(io.BytesIO(data), "3b").verdict != "pass"


def test_a_letter_with_its_letterhead_inline_carries_only_itself(tmp_path: Path,
                                                                 fonts: FontSet) -> None:
    head = (SOURCE_DIR / "letterheads/ogp.yaml").read_text(encoding="utf-8")
    inline = "letterhead:\n" + "".join(f"  {line}\n" for line in head.splitlines())
    text = SAMPLE.read_text(encoding="utf-8").replace("letterhead: letterheads/ogp.yaml\n",
                                                      inline)
    assert text != SAMPLE.read_text(encoding="utf-8")
    source = tmp_path / "inline.yaml"
    source.write_text(text, encoding="utf-8")
    built = build(source, tmp_path / "inline.pdf", World(fonts))
    assert [(f, content) for f, _, _, content, _ in embedded(built.output.read_bytes())] == \
        [("inline.yaml", text.encode("utf-8"))]
