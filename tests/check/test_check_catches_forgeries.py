"""`letterpress check` against PDFs changed after the build in ways the README says it catches:
a link the source does not have, a file pypdf had to repair ("reported as damaged"), a font
that is not embedded even when it is only used inside a form XObject, and characters that
only look alike ("every character is NFC-normalised": compatibility forms such as "²" and
"ﬁ" are other characters than "2" and "fi", and never match them).

The PDFs are the built sample, edited with pikepdf; the expected findings come from the edit
and the README's wording, not from a run of the code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLE
from helpers.pdfs import corrupt_xref
from helpers.tampering import findings

from letterpress.check.compare import Finding
from letterpress.check.readback import read_pdf
from letterpress.fonts import FontSet
from letterpress.pipeline import build
from letterpress.world import World

# --- links -----------------------------------------------------------------------------------

def add_link(src: Path, dst: Path, uri: str, page: int) -> Path:
    with pikepdf.open(src) as pdf:
        target = pdf.pages[page].obj
        annot = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[60, 60, 200, 80],
            Border=[0, 0, 0], A=pikepdf.Dictionary(S=pikepdf.Name.URI,
                                                   URI=pikepdf.String(uri))))
        if "/Annots" in target:
            target.Annots.append(annot)
        else:
            target.Annots = pikepdf.Array([annot])
        pdf.save(dst)
    return dst


@pytest.mark.parametrize("page", [0, 1])
def test_a_web_link_the_source_does_not_have_is_reported(sample_pdf: Path, fonts: FontSet,
                                                         tmp_path: Path, page: int) -> None:
    pdf = add_link(sample_pdf, tmp_path / "linked.pdf", "https://example.com/elsewhere", page)
    assert findings(pdf, fonts) == (
        Finding("", "", "https://example.com/elsewhere", "unexpected link", page + 1),)


def test_a_link_to_the_sources_own_target_is_no_finding(sample_pdf: Path, fonts: FontSet,
                                                        tmp_path: Path) -> None:
    """The letterhead's website (source/letterheads/ogp.yaml) linked once more, on page 2."""
    pdf = add_link(sample_pdf, tmp_path / "again.pdf", "http://www.ogp.org.az", 1)
    assert findings(pdf, fonts) == ()


def test_a_link_of_the_source_that_is_gone_is_reported(sample_pdf: Path, fonts: FontSet,
                                                       tmp_path: Path) -> None:
    pdf = tmp_path / "unlinked.pdf"
    with pikepdf.open(sample_pdf) as doc:
        annots = doc.pages[0].obj.Annots
        keep = [a for a in annots if str(a.A.URI) != "http://www.ogp.org.az"]
        assert len(keep) == len(annots) - 1
        doc.pages[0].obj.Annots = pikepdf.Array(keep)
        doc.save(pdf)
    assert findings(pdf, fonts) == (
        Finding("letterhead.website", "http://www.ogp.org.az", "", "link missing"),)


# --- a damaged file ---------------------------------------------------------------------------

def test_a_file_pypdf_repaired_is_called_damaged_on_the_command_line(
        sample_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from letterpress.cli import main

    pdf = corrupt_xref(sample_pdf, tmp_path / "damaged.pdf")
    copy = tmp_path / "letter.yaml"
    shutil.copy(SAMPLE, copy)
    (tmp_path / "letterheads").symlink_to(SAMPLE.parent / "letterheads")
    assert main(["check", str(copy), str(pdf)]) == 1
    err = capsys.readouterr().err
    assert "file: the file is damaged: pypdf repaired it (" in err
    assert "Traceback" not in err


def test_an_undamaged_copy_is_not_called_damaged(sample_pdf: Path) -> None:
    assert read_pdf(sample_pdf).warnings == ()


def test_many_repairs_are_summed_up_after_the_first_three(sample_pdf: Path, fonts: FontSet,
                                                          tmp_path: Path) -> None:
    """Every object of the sample is 7 bytes off: pypdf repairs each one; the finding names
    three repairs and counts the rest, and each repair appears once."""
    found = findings(corrupt_xref(sample_pdf, tmp_path / "damaged.pdf"), fonts)
    assert [f.field for f in found] == ["file"]
    match = re.fullmatch(r"the file is damaged: pypdf repaired it \((.*); and (\d+) more\)",
                         found[0].message)
    assert match, found[0].message
    shown = match.group(1).split("; ")
    assert len(shown) == 3 and len(set(shown)) == 3
    assert int(match.group(2)) > 0


# --- fonts inside forms -----------------------------------------------------------------------

def through_forms(src: Path, dst: Path, extra: bytes = b"",
                  font: pikepdf.Dictionary | None = None) -> Path:
    """``dst``: every page of ``src`` drawn by a form inside a form; only the inner form has
    the fonts (on page 1 also ``font`` as /FX, which ``extra``, drawn after the page's text,
    may use)."""
    with pikepdf.open(src) as pdf:
        for number, page in enumerate(pdf.pages):
            page.contents_coalesce()
            resources = pikepdf.Dictionary(
                Font=pikepdf.Dictionary(dict(page.obj.Resources.Font)))
            content = page.obj.Contents.read_bytes()
            if number == 0 and font is not None:
                resources.Font.FX = pdf.make_indirect(font)
                content += b"\n" + extra
            inner = pdf.make_stream(content, Type=pikepdf.Name.XObject,
                                    Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842],
                                    Resources=resources)
            outer = pdf.make_stream(b"q /In Do Q", Type=pikepdf.Name.XObject,
                                    Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842],
                                    Resources=pikepdf.Dictionary(
                                        XObject=pikepdf.Dictionary(In=inner)))
            page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Out=outer))
            page.obj.Contents = pdf.make_stream(b"q /Out Do Q")
        pdf.save(dst)
    return dst


def helvetica() -> pikepdf.Dictionary:
    return pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica)


def test_fonts_used_only_inside_forms_are_read(sample_pdf: Path, fonts: FontSet,
                                               tmp_path: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        used = {str(f.BaseFont)[1:] for page in pdf.pages
                for f in page.obj.Resources.Font.values()}
    wrapped = through_forms(sample_pdf, tmp_path / "forms.pdf")
    assert set(read_pdf(wrapped).fonts) == used
    assert findings(wrapped, fonts) == ()


def test_a_standard_font_used_only_inside_a_form_is_reported(sample_pdf: Path, fonts: FontSet,
                                                             tmp_path: Path) -> None:
    """Helvetica, not embedded, draws a space inside the inner form: nothing to read or see,
    but the viewer substitutes a font the letter never chose."""
    pdf = through_forms(sample_pdf, tmp_path / "helvetica.pdf",
                        b"BT /FX 10 Tf 300 400 Td ( ) Tj ET", helvetica())
    assert "Helvetica" in read_pdf(pdf).unembedded
    assert findings(pdf, fonts) == (Finding(
        "fonts", "embedded subset fonts only", "Helvetica",
        "standard font Helvetica is used; it is not embedded"),)


# --- characters that only look alike ------------------------------------------------------

@pytest.fixture(scope="module")
def plain_digits(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the sample whose body says "x2 years" and "fire", built; and its folder."""
    folder = tmp_path_factory.mktemp("lookalike")
    (folder / "letterheads").symlink_to(SAMPLE.parent / "letterheads")
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count("for 30 years, started") == 1 and text.count("intensive fire on") == 1
    source = folder / "plain.yaml"
    source.write_text(text.replace("for 30 years, started", "for x2 years, started"),
                      encoding="utf-8")
    return build(source, folder / "plain.pdf", World()).output, folder


@pytest.mark.slow
@pytest.mark.parametrize(("old", "new", "field"), [
    ("for x2 years, started", "for x² years, started", "body[0]"),
    ("intensive fire on", "intensive ﬁre on", "body[0]"),
    ("Due to the provocation", "Due to the provocation²", "body[1]"),
], ids=["superscript two", "fi ligature", "superscript added"])
def test_a_compatibility_form_in_the_source_is_not_its_plain_letters_in_the_pdf(
        plain_digits: tuple[Path, Path], fonts: FontSet, old: str, new: str,
        field: str) -> None:
    pdf, folder = plain_digits
    text = SAMPLE.read_text(encoding="utf-8").replace("for 30 years, started",
                                                      "for x2 years, started")
    assert text.count(old) == 1
    source = folder / f"{abs(hash(new))}.yaml"
    source.write_text(text.replace(old, new), encoding="utf-8")
    found = findings(pdf, fonts, source)
    assert [(f.field, f.message, f.page) for f in found] == [(field, "text differs", 1)]


@pytest.mark.slow
def test_the_plain_source_matches_its_own_pdf(plain_digits: tuple[Path, Path],
                                              fonts: FontSet) -> None:
    pdf, folder = plain_digits
    assert findings(pdf, fonts, folder / "plain.yaml") == ()
