"""What an archived letter carries: its embedded sources and its PDF/A status (pikepdf).

The sources follow the agreed format: file specifications with ``/AFRelationship /Source``
in the catalog's ``/AF`` array, the first being the letter's own source, ``/UF`` (or ``/F``)
a relative POSIX path, the stream the file's exact bytes. This module only reads them; it
never writes a PDF.

A signed file is checked for PDF/A as far as can be done here (docs/libraries.md): pikepdf.pdfa
answers "not checked" for signatures and forms, so the letter as built (revision 1, the
bytes up to the first ``%%EOF``) is validated as PDF/A-3b, and the objects the signatures
added are held to PDF/A-3's rules for them (ISO 19005-3 6.3 and 6.4.3) by
:func:`signature_object_problems`.
"""

from __future__ import annotations

import io
import re
from typing import Any

FLAVOUR = "3b"
# ISO 32000-1 12.8.3.3 and ISO 19005-2 6.4.3: the signature encodings PDF/A allows.
PDFA_SUBFILTERS = frozenset({"/ETSI.CAdES.detached", "/adbe.pkcs7.detached",
                             "/ETSI.RFC3161"})
# ISO 32000-1 12.5.3: annotation flags PDF/A forbids (Invisible, Hidden, NoView, ToggleNoView)
FORBIDDEN_FLAGS = 1 | 2 | 32 | 256
PRINT_FLAG = 4
EOF_MARK = re.compile(rb"startxref\s+\d+\s+%%EOF[\r\n]{0,2}")


def first_revision(data: bytes) -> bytes:
    """The bytes of the file as first written: up to the end of its first ``%%EOF`` line."""
    match = EOF_MARK.search(data)
    return data[:match.end()] if match else data


def pdfa_status(data: bytes) -> tuple[str, tuple[str, ...]]:
    """pikepdf.pdfa's verdict on revision 1 as PDF/A-3b ("pass", "fail", "not_checked")
    and, unless it passes, what it found."""
    from pikepdf.pdfa import validate_written

    try:
        report = validate_written(io.BytesIO(first_revision(data)), FLAVOUR)
    except Exception as exc:  # a damaged file: pikepdf raises its own and others
        return "fail", (f"cannot be opened ({type(exc).__name__}: {exc})",)
    return str(report.verdict), tuple(str(f) for f in report.findings[:5])


def signature_object_problems(data: bytes) -> tuple[str, ...]:
    """Where the objects added by signing break PDF/A-3's rules for them."""
    import pikepdf

    problems: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        version = str(pdf.Root.get("/Version", "/1.7")).lstrip("/")
        if version > "1.7":
            problems.append(f"the catalog sets PDF version {version} (PDF/A-3 is PDF 1.7)")
        form = pdf.Root.get("/AcroForm")
        if form is not None and bool(form.get("/NeedAppearances", False)):
            problems.append("the form asks viewers to draw appearances (/NeedAppearances)")
        for field in (form.get("/Fields", pikepdf.Array()) if form is not None else ()):
            problems.extend(_field_problems(field))
        problems.extend(_metadata_problems(pdf))
    return tuple(problems)


def _metadata_problems(pdf: Any) -> list[str]:
    """ISO 19005-2 6.6.2.3.1: what the document information says, the XMP must say too.
    (Signing updates both; the producer is where they drift apart.)"""
    if "/Metadata" not in pdf.Root or "/Info" not in pdf.trailer:
        return []
    info = str(pdf.trailer.Info.get("/Producer", ""))
    xmp = str(pdf.open_metadata().get("pdf:Producer", ""))
    if info and info != xmp:
        return [f"the producer differs between the document information ({info!r}) and "
                f"the XMP metadata ({xmp!r})"]
    return []


def _field_problems(field: Any) -> list[str]:
    if str(field.get("/FT", "")) != "/Sig" or "/V" not in field:
        return []
    name = str(field.get("/T", "?"))
    problems = []
    subfilter = str(field.V.get("/SubFilter", ""))
    if subfilter not in PDFA_SUBFILTERS:
        problems.append(f"{name}: signature encoding {subfilter} is not allowed in PDF/A")
    flags = int(field.get("/F", 0))
    if not flags & PRINT_FLAG or flags & FORBIDDEN_FLAGS:
        problems.append(f"{name}: the widget must be printable and not hidden (flags {flags})")
    rect = [float(x) for x in field.get("/Rect", [0, 0, 0, 0])]
    if rect[2] - rect[0] and rect[3] - rect[1]:
        appearance = field.get("/AP")
        if appearance is None or set(appearance.keys()) != {"/N"}:
            problems.append(f"{name}: a visible widget needs exactly one normal appearance")
    return problems
