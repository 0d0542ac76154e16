"""What an archived letter carries: its embedded sources and its PDF/A status (pikepdf).

The sources follow the agreed format: file specifications with ``/AFRelationship /Source``
in the catalog's ``/AF`` array, the first being the letter's own source, ``/UF`` (or ``/F``)
a relative POSIX path, the stream the file's exact bytes. This module only reads them; it
never writes a PDF.

PDF/A is judged on the whole file, every revision included (docs/pdfa.md):
- how the file is written (ISO 19005-3 6.1: header, trailer, cross-reference tables, stream
  keywords and /Length, object spacing), which pikepdf.pdfa trusts because it assumes qpdf
  wrote the file, by :mod:`.filesyntax` on the bytes as they are;
- everything else by pikepdf.pdfa on the file as its last revision reads. pikepdf.pdfa
  answers "not checked" for signature fields (it stops at the catalog's /AcroForm), the
  validation data of LTV (/DSS) and the ETSI developer extension a PAdES signature declares,
  so a signed file is validated with those set aside and each signature field's appearance
  kept as a form on its page (its fonts and colours still checked): what was set aside is
  held to PDF/A-3's rules for it (ISO 19005-3 6.3 and 6.4.3) by
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
    """The verdict on the whole file as PDF/A-3b ("pass", "fail", "not_checked") and,
    unless it passes, what was found: its file syntax first, then pikepdf.pdfa's findings."""
    from pikepdf.pdfa import validate_written

    from .filesyntax import NOT_CHECKED, file_syntax_problems

    try:
        candidate = _signatures_set_aside(data)
    except Exception:  # noqa: BLE001  (a file pikepdf cannot open: validate_written says why)
        candidate = data
    try:
        report = validate_written(io.BytesIO(candidate), FLAVOUR)
    except Exception as exc:  # a damaged file: pikepdf raises its own and others
        return "fail", (f"cannot be opened ({type(exc).__name__}: {exc})",)
    verdict, findings = str(report.verdict), tuple(str(f) for f in report.findings[:5])
    syntax = file_syntax_problems(data)
    if any(not p.startswith(NOT_CHECKED) for p in syntax):
        verdict = "fail"
    elif syntax and verdict == "pass":
        verdict = "not_checked"
    return verdict, syntax[:5] + findings


def _signatures_set_aside(data: bytes) -> bytes:
    """``data`` as pikepdf.pdfa can check it: unchanged unless it holds a form, validation
    data (/DSS) or the ETSI extension; else rewritten by qpdf without those, each signature
    widget's normal appearance kept in its page's resources."""
    import warnings

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        extensions = root.get("/Extensions")
        if "/AcroForm" not in root and "/DSS" not in root and not (
                isinstance(extensions, pikepdf.Dictionary) and "/ESIC" in extensions):
            return data
        for key in ("/AcroForm", "/DSS"):
            if key in root:
                del root[key]
        if isinstance(extensions, pikepdf.Dictionary) and "/ESIC" in extensions:
            del extensions["/ESIC"]  # ISO 32000-1 7.12 allows it; pikepdf knows Adobe's only
            if not extensions.keys():
                del root["/Extensions"]
        for page in pdf.pages:
            _widgets_as_forms(page.obj)
        out = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pikepdf's note on widgets without a form
            pdf.save(out, static_id=True, deterministic_id=False)
    return out.getvalue()


def _widgets_as_forms(page: Any) -> None:
    """Take the signature widgets off ``page``; put each one's normal appearance among the
    page's form XObjects, where pikepdf.pdfa checks what it draws."""
    import pikepdf

    annotations = page.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        return
    kept = pikepdf.Array()
    for annotation in annotations:
        if not (isinstance(annotation, pikepdf.Dictionary)
                and annotation.get("/Subtype") == pikepdf.Name.Widget
                and annotation.get("/FT") == pikepdf.Name.Sig):
            kept.append(annotation)
            continue
        appearance = annotation.get("/AP")
        normal = appearance.get("/N") if isinstance(appearance, pikepdf.Dictionary) else None
        if isinstance(normal, pikepdf.Stream):
            resources = page.get("/Resources")
            if not isinstance(resources, pikepdf.Dictionary):
                page.Resources = resources = pikepdf.Dictionary()
            forms = resources.get("/XObject")
            if not isinstance(forms, pikepdf.Dictionary):
                resources.XObject = forms = pikepdf.Dictionary()
            forms[pikepdf.Name(f"/LetterpressSignature{len(forms.keys())}")] = normal
    page.Annots = kept


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
