"""Signing and verifying through the command line, and changes made to a signed PDF after
signing (incremental updates of pyHanko's writer), as a forger would make them."""

from __future__ import annotations

import io
from pathlib import Path

from helpers.pki import Pki
from letterpress.cli import main


def sign(pki: Pki, pdf: Path, key: str = "alice", *more: str) -> int:
    return main(["sign", str(pdf), "--key", str(pki.keys[key]), *more])


def verify(pki: Pki, pdf: Path, *more: str) -> int:
    """verify with the test root trusted, its report in detail (--verbose)."""
    return main(["verify", str(pdf), "--trust", str(pki.root), "--verbose", *more])


def signed(pdf: Path) -> Path:
    return pdf.with_name(pdf.stem + ".signed.pdf")


def update(pdf: Path, change: object) -> None:
    """Append an incremental update made by ``change(writer)`` (pyHanko's writer)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    change(writer)  # type: ignore[operator]
    out = io.BytesIO()
    writer.write(out)
    pdf.write_bytes(out.getvalue())


def reverse_first_string(writer: object) -> None:
    """Change the first page's text: the first string shown is written backwards."""
    import re

    from pyhanko.pdf_utils import generic

    page = writer.root["/Pages"]["/Kids"][0].get_object()  # type: ignore[attr-defined]
    text = page["/Contents"].get_object().data
    match = re.search(rb"\(([^()\\]{4,})\) Tj", text)
    assert match
    changed = text[:match.start(1)] + match.group(1)[::-1] + text[match.end(1):]
    page[generic.NameObject("/Contents")] = writer.add_object(  # type: ignore[attr-defined]
        generic.StreamObject(stream_data=changed))
    writer.update_container(page)  # type: ignore[attr-defined]


def add_annotation(writer: object) -> None:
    from pyhanko.pdf_utils import generic

    page = writer.root["/Pages"]["/Kids"][0].get_object()  # type: ignore[attr-defined]
    note = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/Square"),
        generic.NameObject("/Rect"): generic.ArrayObject(map(generic.FloatObject,
                                                             (100, 100, 200, 200))),
        generic.NameObject("/Contents"): generic.TextStringObject("approved?")})
    annots = page.get("/Annots", generic.ArrayObject())
    annots.append(writer.add_object(note))  # type: ignore[attr-defined]
    page[generic.NameObject("/Annots")] = annots
    writer.update_container(page)  # type: ignore[attr-defined]


def add_crl(pki: Pki, pdf: Path) -> None:
    from asn1crypto import crl
    from pyhanko.sign.validation import DocumentSecurityStore

    with pdf.open("rb+") as stream:
        DocumentSecurityStore.add_dss(
            stream, None, crls=[crl.CertificateList.load(pki.authority.crl())])
