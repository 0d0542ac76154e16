"""`letterpress check` reads the signature block back like every other field, and its lines
to sign on are the only ink the block may add, and must be there: a name changed in the PDF,
a name drawn as ink with no text behind it, a line to sign on drawn where the letter has
none, and one of its lines removed or painted over are each a finding (README, "Checking";
docs/source-format.md, "The signature block").

The PDFs are a small signed letter, built, then edited with pikepdf; what each finding must
name comes from the edit (the field edited, the place drawn on), not from a run of the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from helpers.checked import built_alone, found
from helpers.glyph_forgery import bold_y_read_as_i, forged
from helpers.tampering import box_of, tamper

from letterpress.check.compare import Finding
from letterpress.fonts import FontSet

# Bold text is the letterhead's name, the sender, the recipient and the signers' names: only
# the second signer's name has a "y" in bold.
LETTER = """\
letterhead:
  name: Open Government Platform
reference: "7/26"
date: 2026-11-20
sender: The Secretariat
recipient: Members of the Platform
body:
  - We write to you about the assembly.
closing:
  - Yours faithfully,
signature:
  place: Baku
  date: 2026-11-20
  signers:
    - name: Elchin Sadigov
      title: Chair of the Council
    - name: Rashad Huseynov
      organisation: Budget Transparency Public Association
"""
NAME = "signature.signers[1].name"
STRAY = "ink that is not part of the letter"


@pytest.fixture(scope="module")
def signed_letter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built_alone(tmp_path_factory.mktemp("signed"), LETTER)


def stray_places(findings: tuple[Finding, ...]) -> list[tuple[float, float]]:
    return [tuple(float(v) for v in re.match(  # type: ignore[misc]
        r"ink at \((-?\d+), (-?\d+)\)", f.found).groups()) for f in findings
        if f.message == STRAY]


@pytest.mark.slow
def test_the_letter_as_built_reads_back_with_its_lines_to_sign_on(
        signed_letter: tuple[Path, Path], fonts: FontSet) -> None:
    source, pdf = signed_letter
    with pikepdf.open(pdf) as doc:
        drawn = doc.pages[0].Contents.read_bytes()
    assert len(re.findall(rb" m [0-9.]+ [0-9.]+ l S", drawn)) == 3  # the letterhead's and two
    assert found(source, pdf, fonts) == ()


@pytest.mark.slow
def test_a_name_changed_in_the_pdf_is_a_finding_of_its_field(
        signed_letter: tuple[Path, Path], tmp_path: Path, fonts: FontSet) -> None:
    source, pdf = signed_letter
    forged_pdf = tamper(pdf, tmp_path / "forged.pdf",
                        lambda d: d.replace(b"(Rashad Huseynov)", b"(Rashad Huseyonv)"))
    findings = found(source, forged_pdf, fonts)
    assert [(f.field, f.expected, f.found) for f in findings if f.field == NAME] == [
        (NAME, "Rashad Huseynov", "Rashad Huseyonv")]


@pytest.mark.slow
def test_a_name_changed_in_the_text_layer_only_is_a_finding(
        signed_letter: tuple[Path, Path], tmp_path: Path, fonts: FontSet) -> None:
    """The glyphs still draw "Huseynov"; the bold font's /ToUnicode map says the "y" is an
    "i", so every reader of the text layer reads "Huseinov"."""
    source, pdf = signed_letter

    forged_pdf = forged(pdf, tmp_path, bold_y_read_as_i)
    findings = found(source, forged_pdf, fonts)
    assert (NAME, "Rashad Huseynov", "Rashad Huseinov") in [
        (f.field, f.expected, f.found) for f in findings]


@pytest.mark.slow
def test_ink_drawn_where_a_name_should_be_without_text_is_a_finding(
        signed_letter: tuple[Path, Path], tmp_path: Path, fonts: FontSet) -> None:
    """The name's text removed and strokes drawn in its place: the name is missing from the
    text, and the strokes are ink that is not part of the letter, named where they stand."""
    source, pdf = signed_letter
    left, bottom, right, top = box_of(pdf, "Rashad Huseynov")
    strokes = (b"q 0 0 0 RG 1 w %.1f %.1f m %.1f %.1f l %.1f %.1f l S Q\n"
               % (left, bottom, (left + right) / 2, top, right, bottom))
    forged_pdf = tamper(pdf, tmp_path / "forged.pdf",
                        lambda d: d.replace(b"(Rashad Huseynov)", b"()") + strokes)
    findings = found(source, forged_pdf, fonts)
    assert NAME in {f.field for f in findings}
    places = stray_places(findings)
    assert places, [f.format() for f in findings]
    assert any(abs(x - left) <= 3 and abs(y - bottom) <= 3 for x, y in places), places


@pytest.mark.slow
def test_a_line_to_sign_on_drawn_where_the_letter_has_none_is_a_finding(
        signed_letter: tuple[Path, Path], tmp_path: Path, fonts: FontSet) -> None:
    """A third line, drawn as letterpress draws its own, under the second signer's text."""
    source, pdf = signed_letter
    _, bottom, _, _ = box_of(pdf, "Budget Transparency")
    left = box_of(pdf, "Rashad")[0]
    y = bottom - 40
    line = b"\n.35 .35 .35 RG .5 w n %.2f %.2f m %.2f %.2f l S\n" % (left, y, left + 184, y)
    forged_pdf = tamper(pdf, tmp_path / "forged.pdf", lambda d: d + line)
    findings = found(source, forged_pdf, fonts)
    assert [f.message for f in findings] == [STRAY]
    [(x, at)] = stray_places(findings)
    assert abs(x - left) <= 2 and abs(at - y) <= 2, (x, at)


@pytest.mark.slow
def test_a_line_to_sign_on_moved_is_a_finding(
        signed_letter: tuple[Path, Path], tmp_path: Path, fonts: FontSet) -> None:
    """The second signer's line drawn 30 points lower, through the name: where it stands now
    it is ink the letter does not draw."""
    source, pdf = signed_letter

    def lower(d: bytes) -> bytes:
        *_, last = re.finditer(rb"n ([0-9.]+) ([0-9.]+) m ([0-9.]+) ([0-9.]+) l S", d)
        x0, y0, x1, y1 = (float(v) for v in last.groups())
        moved = b"n %.4f %.4f m %.4f %.4f l S" % (x0, y0 - 30, x1, y1 - 30)
        return d[:last.start()] + moved + d[last.end():]

    forged_pdf = tamper(pdf, tmp_path / "forged.pdf", lower)
    assert STRAY in {f.message for f in found(source, forged_pdf, fonts)}


def _last_line(d: bytes) -> re.Match[bytes]:
    *_, last = re.finditer(rb"n ([0-9.]+) ([0-9.]+) m ([0-9.]+) ([0-9.]+) l S", d)
    return last


@pytest.mark.slow
@pytest.mark.parametrize("how", ["removed", "painted over", "cut short"])
def test_a_line_to_sign_on_gone_is_a_finding(
        signed_letter: tuple[Path, Path], tmp_path: Path, fonts: FontSet, how: str) -> None:
    source, pdf = signed_letter
    line: list[float] = []

    def edit(d: bytes) -> bytes:
        last = _last_line(d)
        line.extend(float(v) for v in last.groups())
        x0, y0, x1, _ = line
        if how == "removed":
            return d[:last.start()] + d[last.end():]
        if how == "painted over":
            return d + b"\nq 1 g %.2f %.2f %.2f 4 re f Q\n" % (x0 - 1, y0 - 2, x1 - x0 + 2)
        return d.replace(last.group(), b"n %.4f %.4f m %.4f %.4f l S" % (
            x0, y0, (x0 + x1) / 2, y0))

    forged_pdf = tamper(pdf, tmp_path / "forged.pdf", edit)
    findings = found(source, forged_pdf, fonts)
    assert [(f.message, f.page) for f in findings] == [("a line the letter draws is missing", 1)]
    at = re.match(r"a line at \((\d+), (\d+)\), (\d+) pt long", findings[0].expected)
    assert at, findings[0].expected
    x, y, length = (float(v) for v in at.groups())
    assert abs(x - line[0]) <= 1 and abs(y - line[1]) <= 1
    assert abs(length - (line[2] - line[0])) <= 2  # 65 mm and the stroke's width
