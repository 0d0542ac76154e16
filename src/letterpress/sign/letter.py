"""Signing a letter and judging a signed one: the order of the steps, in one place.

sign:   PDF -> (stamp placed below the text) -> signature in an incremental update -> file
verify: PDF -> signatures judged -> text before/after each -> embedded source compared -> PDF/A

signer.py and stamp.py produce; signatures.py, the check stage (read back, compare, PDF/A) and
verdict.py judge. Every file (the PDF, the key, the password, trusted certificates) is read
through the caller's :class:`~letterpress.world.World`, with its size and regular-file checks,
and the time of signing is the world's clock. A signed letter is replaced atomically.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LetterpressError, ReadbackError, SigningError
from ..outputs import one_pdf_output, write_atomically
from ..world import Unreadable, World

if TYPE_CHECKING:
    from ..check.visibility import PageImage
    from .signer import SigningKey, SignOptions
    from .verdict import Verification

__all__ = ["read_password", "read_trusted", "sign", "signed_outputs", "verify"]


def signed_outputs(pdfs: list[Path], output: Path | None, in_place: bool) -> list[Path]:
    """Where each signed letter is written: over itself (``in_place``), ``output`` itself if
    it names a .pdf (one letter only), ``output/<name>.pdf``, or ``<name>.signed.pdf``
    beside it. A signed copy never silently replaces the letter it signs."""
    if in_place:
        if output:
            raise LetterpressError("give either --in-place or -o, not both")
        return pdfs
    if output and output.suffix.lower() == ".pdf":
        outputs = [one_pdf_output(output, len(pdfs))]
    elif output:
        outputs = [output / p.name for p in pdfs]
    else:
        outputs = [p.with_name(p.stem + ".signed.pdf") for p in pdfs]
    for pdf, out in zip(pdfs, outputs, strict=True):
        if out.resolve() == pdf.resolve():
            raise LetterpressError(f"{out}: would sign over the letter; give --in-place")
    return outputs


def read_password(path: Path, world: World) -> bytes | None:
    """The first line of a password file (None when it is empty)."""
    try:
        lines = world.read(path, "password").splitlines()
    except Unreadable as exc:
        raise LetterpressError(f"{path}: cannot read a password ({exc.reason})",
                               hint=exc.hint) from None
    if not lines:
        raise LetterpressError(f"{path}: cannot read a password (the file is empty)")
    return lines[0] or None


def read_trusted(paths: list[Path], world: World) -> tuple[bytes, ...]:
    """The trusted root certificates in ``paths`` (PEM or DER), as they are."""
    found = []
    for path in paths:
        try:
            found.append(world.read(path, "certificate"))
        except Unreadable as exc:
            raise LetterpressError(f"{path}: cannot read ({exc.reason})", hint=exc.hint
                                   ) from None
    return tuple(found)


def sign(pdf: Path, output: Path, key: SigningKey, options: SignOptions,
         trust: tuple[bytes, ...], world: World) -> int:
    """Sign the letter ``pdf`` into ``output`` at the world's time: the size of the signed
    file."""
    from .signer import check_key, sign_pdf, stamp_lines

    now = world.now()
    data = _read_pdf_file(pdf)
    if options.visible:
        from .stamp import plan_stamp

        check_key(key, options, now)  # a refused key is reported before the page is read
        language, date_format, typeface, pages = _letter_style(data, pdf, world)
        stamp = plan_stamp(data, str(pdf), stamp_lines(key, options, now, language,
                                                       date_format), typeface, pages)
        options = dataclasses.replace(options, stamp=stamp)
    signed = sign_pdf(data, str(pdf), key, options, trust, now)
    write_atomically(output, signed)
    return len(signed)


def _letter_style(data: bytes, pdf: Path, world: World
                  ) -> tuple[str, str, str, int | None]:
    """The language, date format and typeface of the letter the PDF carries as its source,
    and, when enclosures are appended after it, how many pages are the letter's own;
    English, the default date format and the default typeface for a PDF without one (or with
    one that cannot be read: the stamp need not wait for `check` to say so)."""
    from ..errors import NoSources
    from ..model import Letter
    from ..pipeline import embedded_letter, load, own_pages

    defaults = Letter.__dataclass_fields__
    try:
        with embedded_letter(data, str(pdf)) as source:
            letter = load(source, world).letter
    except (NoSources, LetterpressError):
        return ("en", str(defaults["date_format"].default),
                str(defaults["typeface"].default), None)
    pages = own_pages(letter, world) if any(e.file for e in letter.enclosures) else None
    return letter.language, letter.date_format, letter.typeface, pages


def verify(pdf: Path, trust: tuple[bytes, ...], world: World,
           fetch: bool = True) -> Verification:
    """Judge a signed letter: its signatures, the text after each, its source and PDF/A."""
    from ..check.pdfa import pdfa_status, signature_object_problems
    from ..check.readback import read_pdf_bytes
    from .signatures import check_signatures
    from .verdict import Verification

    data = _read_pdf_file(pdf)
    final = read_pdf_bytes(data, str(pdf))
    checks = []
    renders: dict[int, tuple[PageImage, ...]] = {}  # by the length of the revision rendered
    for check in check_signatures(data, str(pdf), trust, fetch):
        try:  # a damaged revision is the signature's problem, not a reason to stop
            before = read_pdf_bytes(data[:check.signed_bytes], str(pdf)).pages
        except ReadbackError:
            before = ()
        changed = tuple(i + 1 for i in range(max(len(before), len(final.pages)))
                        if before[i:i + 1] != final.pages[i:i + 1])
        checks.append(check.with_text_changes(changed).with_look_changes(
            _looks_changed(data, check.signed_bytes, str(pdf), renders)))
    source, findings = _source_agreement(data, pdf, world)
    pdfa, notes = ("none", ()) if b"pdfaid" not in data else pdfa_status(data)  # whole file
    if checks:
        notes += signature_object_problems(data)
    return Verification(str(pdf), tuple(checks), source, findings, pdfa, notes,
                        _trailing(data), judged=bool(trust))


def _looks_changed(data: bytes, signed: int, name: str,
                   renders: dict[int, tuple[PageImage, ...]]) -> tuple[int, ...]:
    """The 1-based pages of the whole file that look different from the revision a signature
    covers (``data[:signed]``), signature widgets aside; a page added or removed counts."""
    from ..check.stray import changed_regions
    from ..check.visibility import page_images

    if signed >= len(data.rstrip()):
        return ()
    for end in (signed, len(data)):
        if end not in renders:
            try:
                renders[end] = page_images(data[:end], name)
            except ReadbackError:
                renders[end] = ()  # a revision PDFium cannot read: its text check says so
    before, after = renders[signed], renders[len(data)]
    out = []
    for i in range(max(len(before), len(after))):
        if i >= len(before) or i >= len(after):
            out.append(i + 1)
            continue
        a, b = before[i], after[i]
        if (a.width, a.height, a.stride) != (b.width, b.height, b.stride) or changed_regions(
                a.data, b.data, a.width, a.height, a.stride, a.widgets + b.widgets):
            out.append(i + 1)
    return tuple(out)


def _trailing(data: bytes) -> int:
    """How many bytes follow the file's last %%EOF marker, whitespace aside (ISO 32000-1
    7.5.5: a file, and each incremental update, ends with one)."""
    end = data.rfind(b"%%EOF")
    return 0 if end < 0 else len(data[end + len(b"%%EOF"):].strip())


def _read_pdf_file(pdf: Path) -> bytes:
    from ..check.readback import read_pdf_file

    data = read_pdf_file(pdf)  # a regular file under the size limit
    if b"%PDF-" not in data[:1024]:
        raise SigningError(f"{pdf}: not a PDF file")
    return data


def _source_agreement(data: bytes, pdf: Path, world: World) -> tuple[str, tuple[str, ...]]:
    """Build nothing, but load the embedded source (and the files it read) and check the
    whole file against it as `check` does: its text, its rendered pages (hidden text, ink
    that is not the letter's), its glyphs and what it holds."""
    from ..errors import ExtractError, NoSources
    from ..pipeline import check, embedded_letter, load

    loaded = False
    try:
        with embedded_letter(data, str(pdf)) as source:
            load(source, world)  # a source that cannot be built: located inside the PDF
            loaded = True
            findings = tuple(f.format() for f in check(source, pdf, world))
    except NoSources:
        return "none", ()
    except ExtractError:
        raise  # a hostile or damaged file inside: bad input, as for extract and check
    except LetterpressError as exc:
        if loaded:
            raise  # the file itself cannot be read: bad input, as for check
        return "unreadable", (exc.format(),)
    return ("differs" if findings else "matches"), findings
