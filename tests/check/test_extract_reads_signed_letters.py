"""extract on letters changed after the build the way signing changes them, and on damaged
files (extract.py's docstring): a signed letter is read as it was built (its first revision
names letterpress as producer; the signatures' update names the signing library), who signed
it is read from the signature fields' /Name, a damaged file is refused in one line naming
the file (never the library's name for the bytes it was given), and pdfa_problems is empty
for a letter as built and names what is wrong otherwise.

The updates here are written by hand as ISO 32000-1 7.5.6 describes an incremental update:
the new objects, a cross-reference section for them and a trailer whose /Prev points back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLE
from helpers.embedded import build_with_sources

from letterpress.check.extract import pdfa_problems, read_sources, read_sources_bytes
from letterpress.errors import ExtractError, NoSources


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_sources(SAMPLE, tmp_path_factory.mktemp("signed") / "letter.pdf")


def updated(data: bytes, producer: str) -> bytes:
    """``data`` with an incremental update whose document information names ``producer``."""
    with pikepdf.open(io.BytesIO(data)) as doc:
        size = int(doc.trailer.Size)
        root = doc.Root.objgen[0]
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    body = data if data.endswith(b"\n") else data + b"\n"
    info_at = len(body)
    info = (f"{size} 0 obj\n<< /Producer ({producer}) >>\nendobj\n").encode()
    xref_at = info_at + len(info)
    xref = (f"xref\n{size} 1\n{info_at:010d} 00000 n \ntrailer\n<< /Size {size + 1} "
            f"/Root {root} 0 R /Info {size} 0 R /Prev {prev} >>\nstartxref\n{xref_at}\n"
            "%%EOF\n").encode()
    return body + info + xref


def test_a_letter_updated_by_a_signing_library_is_read_as_built(letter: Path) -> None:
    data = updated(letter.read_bytes(), "pyHanko 0.30")
    with pikepdf.open(io.BytesIO(data)) as doc:  # the update is what a reader sees now
        assert str(doc.docinfo.Producer) == "pyHanko 0.30"
    sources = read_sources_bytes(data, "signed.pdf")
    assert sources.producer.startswith("letterpress")
    assert sources.letter.data == SAMPLE.read_bytes()


def test_a_letter_built_elsewhere_is_not_made_letterpress_by_an_update(letter: Path,
                                                                       tmp_path: Path) -> None:
    other = tmp_path / "other.pdf"
    with pikepdf.open(letter) as doc:
        doc.docinfo.Producer = "LibreOffice 7.6"
        doc.save(other)
    data = updated(other.read_bytes(), "pyHanko 0.30")
    # named by the producer it was built with
    with pytest.raises(NoSources, match=r"^signed\.pdf: not a PDF made by letterpress \(its "
                                        r"producer is 'LibreOffice 7\.6'\)$"):
        read_sources_bytes(data, "signed.pdf")


def test_an_update_naming_letterpress_is_read(letter: Path, tmp_path: Path) -> None:
    data = updated(letter.read_bytes(), "letterpress 9.9")
    assert read_sources_bytes(data, "x.pdf").version == "9.9"


def with_fields(letter: Path, dst: Path, fields: list[pikepdf.Dictionary]) -> Path:
    with pikepdf.open(letter) as doc:
        doc.Root.AcroForm = pikepdf.Dictionary(
            Fields=pikepdf.Array([doc.make_indirect(f) for f in fields]), SigFlags=3)
        doc.save(dst)
    return dst


def signature(name: str | None, kind: str = "/Sig") -> pikepdf.Dictionary:
    field = pikepdf.Dictionary(FT=pikepdf.Name(kind), T=pikepdf.String("f"))
    if name is not None:
        value = pikepdf.Dictionary(Type=pikepdf.Name.Sig, Filter=pikepdf.Name("/Adobe.PPKLite"))
        if name:
            value.Name = pikepdf.String(name)
        field.V = value
    return field


def test_the_signers_are_read_from_signature_fields(letter: Path, tmp_path: Path) -> None:
    pdf = with_fields(letter, tmp_path / "signed.pdf", [
        signature("Alice Signer"), signature(None), signature(""),
        signature("Not a signature", "/Tx"), signature("Bob Signer")])
    assert read_sources(pdf).signers == ("Alice Signer", "Bob Signer")


def test_an_unsigned_letter_has_no_signers(letter: Path, tmp_path: Path) -> None:
    assert read_sources(letter).signers == ()
    assert read_sources(with_fields(letter, tmp_path / "empty.pdf", [])).signers == ()


@pytest.mark.parametrize("cut", [2, 3], ids=["two thirds", "one half"])
def test_a_truncated_letter_is_damaged_in_one_line_naming_the_file(letter: Path,
                                                                   cut: int) -> None:
    data = letter.read_bytes()
    with pytest.raises(ExtractError) as caught:
        read_sources_bytes(data[:len(data) * (cut - 1) // cut], "cut.pdf")
    message = str(caught.value)
    assert re.fullmatch(r"cut\.pdf: damaged or truncated PDF \([^\n]+\)", message), message
    assert "stream" not in message and "BytesIO" not in message


@pytest.mark.slow
def test_a_letter_as_built_is_pdfa(letter: Path) -> None:
    assert pdfa_problems(letter.read_bytes()) == ()


def test_a_letter_without_its_output_intent_is_not_pdfa(letter: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(letter) as doc:
        del doc.Root.OutputIntents
        doc.save(broken)
    problems = pdfa_problems(broken.read_bytes())
    assert problems and all(isinstance(p, str) and p for p in problems)


def test_a_damaged_letter_is_refused_not_repaired(letter: Path, tmp_path: Path) -> None:
    """Every cross-reference offset 7 bytes off: a reader could repair it by scanning for
    the objects, which would give a copy other than the one that was sent."""
    from helpers.pdfs import corrupt_xref

    with pikepdf.open(corrupt_xref(letter, tmp_path / "damaged.pdf")) as doc:
        assert doc.Root.AF  # repaired, it reads (pikepdf repairs by default)
    with pytest.raises(ExtractError, match=r"damaged\.pdf: damaged or truncated PDF \("):
        read_sources(tmp_path / "damaged.pdf")


def test_the_reason_given_is_the_readers_without_its_name_for_the_bytes(letter: Path) -> None:
    data = letter.read_bytes()[:-300]
    with pytest.raises(pikepdf.PdfError) as raw:
        pikepdf.open(io.BytesIO(data), attempt_recovery=False)
    reason = str(raw.value).rsplit(": ", 1)[-1]
    assert reason and "BytesIO" not in reason
    with pytest.raises(ExtractError) as caught:
        read_sources_bytes(data, "cut.pdf")
    assert str(caught.value) == f"cut.pdf: damaged or truncated PDF ({reason})"


@pytest.mark.parametrize("user", ["", "secret"], ids=["opens without a password", "needs one"])
def test_an_encrypted_pdf_is_not_one_of_letterpress(letter: Path, tmp_path: Path,
                                                    user: str) -> None:
    with pikepdf.open(letter) as doc:
        doc.save(tmp_path / "e.pdf", encryption=pikepdf.Encryption(owner="o", user=user))
    with pytest.raises(ExtractError) as caught:
        read_sources(tmp_path / "e.pdf")
    assert str(caught.value) == (f"{tmp_path / 'e.pdf'}: the PDF is encrypted; letterpress "
                                 "never encrypts a letter, so this is not one of its PDFs")


def test_a_producer_not_named_is_said_so(letter: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "anonymous.pdf"
    with pikepdf.open(letter) as doc:
        del doc.docinfo.Producer
        doc.save(pdf)
    with pytest.raises(NoSources, match=r"anonymous\.pdf: not a PDF made by letterpress \(its "
                                        r"producer is 'not named'\)$"):
        read_sources(pdf)


def test_a_file_specification_that_is_not_a_dictionary_is_damage(letter: Path,
                                                                 tmp_path: Path) -> None:
    pdf = tmp_path / "odd.pdf"
    with pikepdf.open(letter) as doc:
        doc.Root.AF[1] = 42
        doc.save(pdf)
    with pytest.raises(ExtractError) as caught:
        read_sources(pdf)
    assert re.fullmatch(rf"{re.escape(str(pdf))}: damaged PDF \([^\n]+\)", str(caught.value))


def test_a_letterpress_pdf_without_sources_says_so(letter: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "bare.pdf"
    with pikepdf.open(letter) as doc:
        del doc.Root.AF
        doc.save(pdf)
    with pytest.raises(NoSources) as caught:
        read_sources(pdf)
    assert str(caught.value) == (f"{pdf}: no letter source inside (the catalog has no /AF); "
                                 "was it built before letterpress embedded its sources?")


def test_what_is_read_names_the_pdf_and_its_producer(letter: Path) -> None:
    sources = read_sources(letter)
    assert sources.pdf == str(letter)
    with pikepdf.open(letter) as doc:
        assert sources.producer == str(doc.docinfo.Producer)
