"""A letter's PDF holds pages of text, links to the source's URLs, its metadata and its
sources (check/contents.py); a forger who adds anything that makes the file do or show more
than the letter is caught, each addition named with its page. The cases change a built letter
with pikepdf, as a hostile tool would, and leave its text layer exactly as it was."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLE

from letterpress.check.compare import Finding, compare_contents
from letterpress.check.readback import read_pdf
from letterpress.fonts import FontSet
from letterpress.pipeline import check
from letterpress.world import World

Change = Callable[[pikepdf.Pdf], None]


def javascript(pdf: pikepdf.Pdf, code: str = "app.alert('void')") -> pikepdf.Dictionary:
    return pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=code))


def first_link(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return next(a for a in pdf.pages[0].obj.Annots if a.Subtype == pikepdf.Name.Link)


def annotation(pdf: pikepdf.Pdf, subtype: str, **more: object) -> None:
    note = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name(subtype),
        Rect=pikepdf.Array([400, 60, 560, 90]), Contents=pikepdf.String("VOID"), **more))
    pdf.pages[0].obj.Annots.append(note)


def launch(pdf: pikepdf.Pdf) -> None:
    """A link laid over the signatories' list that starts a program."""
    annotation(pdf, "/Link", A=pikepdf.Dictionary(S=pikepdf.Name.Launch,
                                                  F=pikepdf.String("withdraw.exe")))


def javascript_link(pdf: pikepdf.Pdf) -> None:
    annotation(pdf, "/Link", A=javascript(pdf))


def uri_then_script(pdf: pikepdf.Pdf) -> None:
    first_link(pdf).A.Next = javascript(pdf)


def open_action(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = javascript(pdf)


def named_script(pdf: pikepdf.Pdf) -> None:
    pdf.Root.Names.JavaScript = pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("void"), javascript(pdf)]))


def free_text(pdf: pikepdf.Pdf) -> None:
    annotation(pdf, "/FreeText", DA=pikepdf.String("/Helv 12 Tf 0 g"))


def stamp_on_paper_only(pdf: pikepdf.Pdf) -> None:
    annotation(pdf, "/Stamp", F=4 | 32)  # Print and NoView: "VOID" only on paper


def hidden_layer(pdf: pikepdf.Pdf) -> None:
    layer = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG,
                                                 Name=pikepdf.String("print")))
    pdf.Root.OCProperties = pikepdf.Dictionary(
        OCGs=pikepdf.Array([layer]), D=pikepdf.Dictionary(OFF=pikepdf.Array([layer])))


def form_field(pdf: pikepdf.Pdf) -> None:
    field = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx,
        T=pikepdf.String("note"), V=pikepdf.String("THIS LETTER IS WITHDRAWN"),
        Rect=pikepdf.Array([60, 60, 400, 80])))
    pdf.pages[0].obj.Annots.append(field)
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))


def page_actions(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.AA = pikepdf.Dictionary(O=javascript(pdf))


def thumbnail(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.Thumb = pdf.make_stream(b"\0" * 12, Width=2, Height=2,
                                             ColorSpace=pikepdf.Name.DeviceRGB,
                                             BitsPerComponent=8)


def other_title_in_xmp(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = "Withdrawn"


def other_creator_in_xmp(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:creator"] = ["Someone Else"]


def another_attachment(pdf: pikepdf.Pdf) -> None:
    """/EmbeddedFiles names another letter than /AF: a reader opening attachments gets it."""
    names = pdf.Root.Names.EmbeddedFiles.Names
    spec = names[1]
    other = pikepdf.Dictionary()
    for key, value in spec.items():
        other[key] = value
    other.EF = pikepdf.Dictionary(F=pdf.make_stream(b"reference: 05/20\nbody: [withdrawn]\n"))
    names[1] = pdf.make_indirect(other)


FORGERIES: dict[str, tuple[Change, int, str]] = {
    # name: (change, page the finding names (0: the document), words the finding says)
    "launch": (launch, 1, "a link that runs a /Launch action"),
    "javascript link": (javascript_link, 1, "a link that runs a /JavaScript action"),
    "URI then script": (uri_then_script, 1, "a link that runs a /URI action"),
    "open action": (open_action, 0, "an action run when the file opens (/OpenAction)"),
    "named JavaScript": (named_script, 0, "JavaScript (/JavaScript) in the document's names"),
    "free text": (free_text, 1, "a /FreeText annotation"),
    "stamp on paper only": (stamp_on_paper_only, 1, "a /Stamp annotation"),
    "optional content": (hidden_layer, 0, "optional content, shown or hidden by the viewer"),
    "form field": (form_field, 1, "a form field (/Tx)"),  # and the document's form field
    "page actions": (page_actions, 2, "actions run on events (/AA) on the page"),
    "thumbnail": (thumbnail, 1, "a thumbnail image (/Thumb) on the page"),
}
METADATA: dict[str, tuple[Change, str]] = {
    "XMP title": (other_title_in_xmp, "metadata.xmp.title"),
    "XMP creator": (other_creator_in_xmp, "metadata.xmp.author"),
}


def forged(source: Path, folder: Path, change: Change) -> Path:
    pdf = folder / "forged.pdf"
    shutil.copy(source, pdf)
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        change(doc)
        doc.save(pdf)
    return pdf


def contents(pdf: Path) -> list[Finding]:
    return list(compare_contents(read_pdf(pdf)))


def test_the_letter_as_built_holds_nothing_more(sample_pdf: Path) -> None:
    assert contents(sample_pdf) == []


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_an_addition_that_makes_the_file_do_more_is_named(
        name: str, sample_pdf: Path, tmp_path: Path) -> None:
    change, page, words = FORGERIES[name]
    before = read_pdf(sample_pdf).pages
    pdf = forged(sample_pdf, tmp_path, change)
    assert read_pdf(pdf).pages == before  # the text layer says exactly what it said
    found = contents(pdf)
    assert {(f.field, f.message) for f in found} == {("file", "not part of a letter")}
    assert [f.found for f in found if f.page == page and words in f.found]


@pytest.mark.parametrize("name", sorted(METADATA))
def test_xmp_that_says_another_title_or_creator_is_named(
        name: str, sample_pdf: Path, tmp_path: Path) -> None:
    change, field = METADATA[name]
    found = contents(forged(sample_pdf, tmp_path, change))
    assert [f.field for f in found] == [field]
    assert found[0].found in ("Withdrawn", "Someone Else")


def test_an_attachment_other_than_the_checked_source_is_named(
        sample_pdf: Path, tmp_path: Path) -> None:
    found = contents(forged(sample_pdf, tmp_path, another_attachment))
    assert [f.message for f in found] == [
        "the files in /EmbeddedFiles are not the sources in /AF"]


@pytest.mark.slow
def test_check_reports_a_launch_action_and_fails(sample_pdf: Path, tmp_path: Path,
                                                  fonts: FontSet) -> None:
    """End to end: the whole check, not only the contents judge."""
    findings = check(SAMPLE, forged(sample_pdf, tmp_path, launch), World(fonts))
    assert [f.format() for f in findings] == [
        "file: not part of a letter (page 1)\n  found:    a link that runs a /Launch action"]
