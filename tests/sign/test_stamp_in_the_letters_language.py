"""The visible signature stamp (issue 21, point 6) speaks the letter's language (the one its
embedded source states), writes the date as the letter writes its own, wraps a long reason
within the stamp's width, and stands as far from its border on every side: measured on the
page as PDFium draws it, the ink of its glyphs against the widget's rectangle. The signed
letter still passes `check`.

The expected words are written out here (not taken from letterpress's tables): the labels
of each language and its month names."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from helpers import SOURCE_DIR
from helpers.pki import NOW, PASSWORD, Pki

from letterpress.cli import main
from letterpress.fonts import FontSet
from letterpress.layout.geometry import MARGIN_LEFT_MM, MM
from letterpress.world import World

MOMENT = NOW.replace(hour=9, minute=5, second=0)  # within the test key's validity
EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December")
RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
      "октября", "ноября", "декабря")
# the letters' date formats: en and ru "D MMMM YYYY", az "DD.MM.YYYY"
EXPECTED = {
    "en": ("Signed by Alice Signer",
           f"on {MOMENT.day} {EN[MOMENT.month - 1]} {MOMENT.year}, 09:05 UTC", "Reason: "),
    "az": ("İmzalayan: Alice Signer",
           f"Tarix: {MOMENT.day:02d}.{MOMENT.month:02d}.{MOMENT.year}, 09:05 UTC", "Səbəb: "),
    "ru": ("Подписано: Alice Signer",
           f"Дата: {MOMENT.day} {RU[MOMENT.month - 1]} {MOMENT.year}, 09:05 UTC", "Причина: "),
}
REASON = ("To be sent to the Ministry of Justice of the Republic of Azerbaijan with the list "
          "of member organisations attached and the minutes of the assembly of 20 November")
PADDING = 6.0  # points, at least, between the border and the ink (sign/stamp.py)
SCALE = 8  # pixels a point, for measuring the ink


def _signed(folder: Path, language: str, fonts: FontSet, pki: Pki, reason: str) -> Path:
    from letterpress.pipeline import build
    from letterpress.sign.letter import sign
    from letterpress.sign.signer import SignOptions, load_key

    name = f"2026-11-20-assembly-invitation-{language}"
    pdf = folder / f"{name}.pdf"
    build(SOURCE_DIR / f"{name}.yaml", pdf, World(fonts))
    key = load_key(pki.keys["alice"], PASSWORD.encode(), World())
    out = folder / f"{name}.signed.pdf"
    sign(pdf, out, key, SignOptions(reason=reason, visible=True), (),
         World(fonts, clock=lambda: MOMENT))
    return out


@pytest.fixture(scope="module")
def stamped(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet,
            pki: Pki) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("stamped")
    return {language: _signed(folder, language, fonts, pki, REASON)
            for language in ("en", "az", "ru")}


def _stamp_text(pdf: Path) -> list[str]:
    """The stamp's lines as pdftotext reads the last page: from the first of its lines."""
    with pikepdf.open(pdf) as doc:
        pages = len(doc.pages)
    text = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"],
                          capture_output=True, text=True, check=True, timeout=60).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if "Alice Signer" in line)
    return lines[first:first + 5]


def _pads(pdf: Path) -> tuple[tuple[float, float, float, float], list[float]]:
    """The stamp's rectangle, and the space between its edges and the ink inside it (left,
    right, top, bottom), in points: the page drawn with its signature widget by PDFium."""
    import pypdfium2 as pdfium

    with pikepdf.open(pdf) as doc:
        x1, y1, x2, y2 = (float(v) for v in doc.Root.AcroForm.Fields[-1].Rect)
    document = pdfium.PdfDocument(str(pdf))
    document.init_forms()
    page = document[len(document) - 1]
    height = page.get_height()
    image = page.render(scale=SCALE, may_draw_forms=True, grayscale=True).to_pil().convert("L")
    inset = 1.5  # past the 1 pt border line
    box = (round((x1 + inset) * SCALE), round((height - y2 + inset) * SCALE),
           round((x2 - inset) * SCALE), round((height - y1 - inset) * SCALE))
    inside = image.crop(box)
    pixels = inside.load()
    width, rows = inside.size
    dark = [(x, y) for y in range(rows) for x in range(width) if pixels[x, y] < 128]
    assert dark, "no ink inside the stamp"
    left = (box[0] + min(x for x, _ in dark)) / SCALE
    right = (box[0] + max(x for x, _ in dark) + 1) / SCALE
    top = (box[1] + min(y for _, y in dark)) / SCALE
    bottom = (box[1] + max(y for _, y in dark) + 1) / SCALE
    document.close()
    return (x1, y1, x2, y2), [left - x1, x2 - right, top - (height - y2),
                              (height - y1) - bottom]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_the_stamp_speaks_the_letters_language_with_its_date(
        stamped: dict[str, Path], language: str) -> None:
    signed_by, signed_on, reason = EXPECTED[language]
    lines = _stamp_text(stamped[language])
    assert lines[:2] == [signed_by, signed_on]
    assert lines[2].startswith(reason)
    other = {"en": "Signed by", "az": "İmzalayan", "ru": "Подписано"}
    assert not [word for lang, word in other.items() if lang != language
                and any(word in line for line in lines)]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_long_reason_wraps_inside_the_border_with_even_padding(
        stamped: dict[str, Path], language: str) -> None:
    lines = _stamp_text(stamped[language])
    prefix = EXPECTED[language][2]
    reason_lines = lines[2:4]
    assert reason_lines[0].startswith(prefix) and REASON.endswith(reason_lines[1])
    # wrapped, not cut: every word of the reason is there, in order, on two lines
    assert " ".join(reason_lines).removeprefix(prefix) == REASON
    (x1, _, x2, _), pads = _pads(stamped[language])
    with pikepdf.open(stamped[language]) as doc:
        page_width = float(doc.pages[-1].MediaBox[2])
    margin = MARGIN_LEFT_MM * MM
    assert x1 >= margin - 0.01 and x2 <= page_width - margin + 0.01  # within the margins
    # the ink stands PADDING (and up to half a point more) from each edge; left as far as
    # right, top as far as bottom (an eighth of a point is one pixel of the measure)
    assert all(PADDING - 0.25 <= pad <= PADDING + 0.5 + 0.25 for pad in pads), pads
    assert abs(pads[0] - pads[1]) <= 0.3 and abs(pads[2] - pads[3]) <= 0.3, pads


@pytest.mark.slow
def test_a_short_stamp_is_padded_evenly_too(
        tmp_path: Path, fonts: FontSet, pki: Pki) -> None:
    signed = _signed(tmp_path, "az", fonts, pki, "")
    assert _stamp_text(signed)[:2] == list(EXPECTED["az"][:2])
    _, pads = _pads(signed)
    assert all(PADDING - 0.25 <= pad <= PADDING + 0.5 + 0.25 for pad in pads), pads
    assert abs(pads[0] - pads[1]) <= 0.3 and abs(pads[2] - pads[3]) <= 0.3, pads


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_the_stamped_letter_still_passes_check(
        stamped: dict[str, Path], language: str, capsys: pytest.CaptureFixture[str]) -> None:
    source = SOURCE_DIR / f"2026-11-20-assembly-invitation-{language}.yaml"
    assert main(["check", str(source), str(stamped[language])]) == 0, \
        capsys.readouterr().err

