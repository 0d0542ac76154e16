"""The PDF files a letter encloses: read through the world, and judged fit to travel inside
a PDF/A-3b letter (pikepdf, imported only when a letter names an enclosure file).

An enclosure's pages are appended after the letter's unchanged (pdf/append.py), so what its
pages draw and refer to must be what a PDF/A-3b letter may hold, and what the judges accept
(check/contents.py: no actions, annotations, forms, optional content or attachments;
check/readback.py and pikepdf.pdfa: every font embedded; check/pdfa.py: the sRGB output
intent, so no colour in CMYK). What does not travel (the enclosure's own catalog: its
scripts, forms, attachments, outline) is refused too rather than silently lost: the writer
of the letter believes it sends what the file holds. Each refusal says why and hints at the
way out: print the file to PDF/A first.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import Diagnostic
from ..model import Enclosure, Position
from ..world import Unreadable, World

PDFA_HINT = "print it to PDF/A first (any PDF printer or 'Save as PDF/A' does)"
FILE_HINT = "the file name is relative to the letter's folder"
MAX_DEPTH = 8  # forms inside forms; a hostile file could make them loop
SHOWN = 3  # of the reasons a file cannot be enclosed
# The page keys an appended page keeps (check/contents.py's PAGE_KEYS; /Annots only when it
# holds links to URLs, the one annotation a letter has besides a signature), and those it
# leaves out: metadata about the page that draws nothing (a thumbnail, an editor's
# private data, trim boxes for a print shop, its place in a structure tree that does not
# travel). Any other key is refused by name.
KEPT = frozenset({"/Type", "/Parent", "/Contents", "/Resources", "/MediaBox", "/CropBox",
                  "/Rotate", "/Annots"})
# ISO 32000-1 12.5.3: the annotation flags; PDF/A-3 (ISO 19005-3 6.3.2) asks every
# annotation to be printed and none to be hidden (Invisible, Hidden, NoView, ToggleNoView)
PRINT, HIDING = 4, 1 | 2 | 32 | 256
# the keys of a link to a URL (ISO 32000-1 12.5.2, 12.5.6.5, 12.6.4.7); /P, the page it is
# on, is left out when the page is appended (it would name the enclosure's own page)
LINK_KEYS = frozenset({"/Type", "/Subtype", "/Rect", "/Border", "/BS", "/C", "/F", "/A",
                       "/NM", "/M", "/H", "/QuadPoints", "/Contents", "/StructParent", "/P"})
DROPPED = frozenset({"/Thumb", "/PieceInfo", "/LastModified", "/StructParents", "/Tabs",
                     "/BleedBox", "/TrimBox", "/ArtBox", "/Metadata", "/ID", "/PZ",
                     "/SeparationInfo", "/Trans", "/Dur", "/B", "/BoxColorInfo"})
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# What the enclosure's catalog may hold: the rest (scripts, forms, attachments, actions)
# would not travel with its pages, or could not.
CATALOG_KEYS = frozenset({"/Type", "/Pages", "/Metadata", "/Lang", "/OutputIntents",
                          "/MarkInfo", "/StructTreeRoot", "/ViewerPreferences", "/PageLayout",
                          "/PageMode", "/PageLabels", "/Outlines", "/Version", "/Names",
                          "/Extensions"})
_WHY = {"/AA": "actions run on events (/AA)", "/OpenAction": "an action run when it opens",
        "/AcroForm": "a form (/AcroForm)", "/AF": "associated files (/AF)",
        "/OCProperties": "optional content (/OCProperties)", "/Group": "a transparency group",
        "/UserUnit": "a page scaled by /UserUnit", "/Annots": "annotations (links, comments "
        "or form fields)"}


class Unfit(Exception):
    """An enclosure that cannot be appended: why, and what to do."""

    def __init__(self, reason: str, hint: str = PDFA_HINT) -> None:
        super().__init__(reason)
        self.reason, self.hint = reason, hint


def read_enclosures(enclosures: tuple[Enclosure, ...], folder: Path, world: World,
                    problems: list[Diagnostic], positions: dict[str, Position],
                    file: str) -> tuple[Enclosure, ...]:
    """``enclosures`` with each named file's bytes and page count; each file that cannot be
    appended is reported in ``problems`` at its ``file:`` entry."""
    out = []
    for k, enclosure in enumerate(enclosures):
        if not enclosure.file:
            out.append(enclosure)
            continue
        path = folder / enclosure.file
        field = f"enclosures[{k}].file"
        try:
            data = world.read(path, "enclosure")
            pages = inspect(data)
        except (Unreadable, Unfit) as exc:
            where = positions.get(field) or positions.get(f"enclosures[{k}]")
            hint = exc.hint or FILE_HINT
            problems.append(Diagnostic(where.file if where else file,
                                       where.line if where else 0,
                                       where.column if where else 0, field,
                                       f"cannot enclose {path}: {exc.reason}", hint))
            out.append(enclosure)
            continue
        out.append(replace(enclosure, data=data, pages=pages))
    return tuple(out)


def inspect(data: bytes) -> int:
    """The number of pages of the PDF ``data``, or Unfit saying why it cannot be appended
    to a PDF/A-3b letter."""
    if not data:
        raise Unfit("the file is empty", FILE_HINT)
    if b"%PDF-" not in data[:1024]:
        raise Unfit(f"not a PDF file (it starts with {data[:12]!r})",
                    "an enclosure is a PDF file; " + PDFA_HINT)
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise Unfit("the PDF is encrypted (a password protects it)",
                    "save it without a password, or " + PDFA_HINT) from None
    except Exception as exc:  # noqa: BLE001  (qpdf raises several types on a damaged file)
        raise Unfit(f"the PDF is damaged and cannot be read ({_short(exc)})") from None
    with pdf:
        if pdf.is_encrypted:
            raise Unfit("the PDF is encrypted", "save it without encryption, or " + PDFA_HINT)
        try:
            pages = len(pdf.pages)
            for page in pdf.pages:
                _ = page.obj.get("/Contents")
            problems = _problems(pdf)
            warnings = pdf.get_warnings()
        except Unfit:
            raise
        except Exception as exc:  # noqa: BLE001
            raise Unfit(f"the PDF is damaged and cannot be read ({_short(exc)})") from None
        if warnings:
            raise Unfit(f"the PDF is damaged (qpdf had to repair it: {warnings[0]})")
        if not pages:
            raise Unfit("the PDF has no pages")
        if problems:
            shown = list(dict.fromkeys(problems))
            more = f" (and {len(shown) - SHOWN} more)" if len(shown) > SHOWN else ""
            raise Unfit(f"it cannot live in a PDF/A-3b letter: {'; '.join(shown[:SHOWN])}"
                        + more)
    return pages


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__


def _problems(pdf: Any) -> list[str]:
    """What in the PDF cannot travel inside a PDF/A-3b letter, in plain words."""
    import pikepdf

    out: list[str] = []
    root = pdf.Root
    for key in sorted(str(k) for k in root):
        if key not in CATALOG_KEYS:
            out.append(f"{_WHY.get(key, key)} in its catalog")
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        if "/JavaScript" in names:
            out.append("JavaScript")
        if "/EmbeddedFiles" in names:
            out.append("embedded files (attachments)")
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, start=1):
        obj = page.obj
        for key in sorted(str(k) for k in obj):
            if key in KEPT or key in DROPPED:
                continue
            out.append(f"{_WHY.get(key, key)} on page {number}")
        out += [f"{what} on page {number}" for what in _annotations(obj.get("/Annots"))]
        resources = inherited(obj, "/Resources")
        out += [f"{what} on page {number}" for what in _resources(resources, seen, MAX_DEPTH)]
        out += [f"{what} on page {number}" for what in _operators(obj)]
    return out


def _annotations(annots: Any) -> list[str]:
    """What PDF/A-3b or a letter forbids among a page's annotations: anything but a printed
    link to a URL (a comment, a form field, a link into a document or running an action)."""
    import pikepdf

    if annots is None:
        return []
    if not isinstance(annots, pikepdf.Array):
        return ["annotations that cannot be read"]
    out = []
    for annot in annots:
        if not isinstance(annot, pikepdf.Dictionary):
            out.append("annotations that cannot be read")
            continue
        subtype = str(annot.get("/Subtype", "/none"))
        action = annot.get("/A")
        if subtype != "/Link":
            out.append(f"a {subtype.removeprefix('/')} annotation (a comment, a form field "
                       "or a drawing over the page)")
        elif not (isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/URI"
                  and "/Next" not in action) or set(map(str, annot.keys())) - LINK_KEYS:
            out.append("a link that is not to a URL (one into a document, or running an "
                       "action)")
        elif int(annot.get("/F", 0)) & (PRINT | HIDING) != PRINT:
            out.append("a link that is not printed, or is hidden")
    return out


def inherited(page: Any, key: str) -> Any:
    """A page's entry ``key``, its own or inherited from the page tree above it."""
    node = page
    for _ in range(MAX_DEPTH * 4):
        if node is None:
            return None
        if key in node:
            return node.get(key)
        node = node.get("/Parent")
    return None


def _resources(resources: Any, seen: set[tuple[int, int]], depth: int) -> list[str]:
    """What the fonts, images and forms of ``resources`` hold that PDF/A-3b forbids."""
    import pikepdf

    if not isinstance(resources, pikepdf.Dictionary) or depth <= 0:
        return [] if depth > 0 else ["forms nested too deep to be judged"]
    out: list[str] = []
    fonts: Any = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary):
        for key in [str(k) for k in fonts]:
            font = fonts.get(key)
            if not isinstance(font, pikepdf.Dictionary) or _once(font, seen):
                continue
            if font.get("/Subtype") == "/Type3":
                out += _resources(font.get("/Resources"), seen, depth - 1)
            elif not _embedded(font):
                name = str(font.get("/BaseFont", key)).removeprefix("/")
                out.append(f"the font {name} is not embedded")
    spaces: Any = resources.get("/ColorSpace")
    if isinstance(spaces, pikepdf.Dictionary):
        for key in [str(k) for k in spaces]:
            if "/DeviceCMYK" in _names(spaces.get(key)):
                out.append("colour in CMYK (a PDF/A letter is in sRGB)")
    states: Any = resources.get("/ExtGState")
    if isinstance(states, pikepdf.Dictionary):
        for key in [str(k) for k in states]:
            state = states.get(key)
            if isinstance(state, pikepdf.Dictionary) and (
                    "/TR" in state or state.get("/TR2", pikepdf.Name.Default)
                    != pikepdf.Name.Default):
                out.append("a transfer function")
    xobjects: Any = resources.get("/XObject")
    if isinstance(xobjects, pikepdf.Dictionary):
        for key in [str(k) for k in xobjects]:
            xobject = xobjects.get(key)
            if not isinstance(xobject, pikepdf.Stream) or _once(xobject, seen):
                continue
            subtype = xobject.get("/Subtype")
            if "/OC" in xobject:
                out.append("optional content, shown or hidden by the viewer")
            if subtype == "/Form":
                if "/Ref" in xobject:
                    out.append("a form referring to another file")
                out += _resources(xobject.get("/Resources"), seen, depth - 1)
                out += _operators(xobject)
            elif subtype == "/Image":
                if "/DeviceCMYK" in _names(xobject.get("/ColorSpace")):
                    out.append("an image in CMYK (a PDF/A letter is in sRGB)")
                if "/Alternates" in xobject or "/OPI" in xobject:
                    out.append("an image with alternates")
                if bool(xobject.get("/Interpolate", False)):
                    out.append("an image interpolated by the viewer")
            else:
                out.append(f"a {str(subtype).removeprefix('/')} object")
    return out


def _once(obj: Any, seen: set[tuple[int, int]]) -> bool:
    """Whether ``obj`` (an indirect object) was judged already; marks it."""
    key = obj.objgen
    if key == (0, 0):
        return False
    if key in seen:
        return True
    seen.add(key)
    return False


def _embedded(font: Any) -> bool:
    import pikepdf

    descendants = font.get("/DescendantFonts")
    if isinstance(descendants, pikepdf.Array) and len(descendants):
        font = descendants[0]
    descriptor = font.get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _names(value: Any) -> set[str]:
    """The names in a colour space (a name, or an array such as [/ICCBased ...])."""
    import pikepdf

    if isinstance(value, pikepdf.Name):
        return {str(value)}
    if isinstance(value, pikepdf.Array):
        return {str(item) for item in value if isinstance(item, pikepdf.Name)}
    return set()


def _operators(obj: Any) -> list[str]:
    """CMYK colour set in the content stream of a page or form (k, K)."""
    import pikepdf

    try:
        operators = {str(i.operator) for i in pikepdf.parse_content_stream(obj)}
    except Exception:  # noqa: BLE001  (a damaged stream: qpdf's warnings report it)
        return ["a content stream that cannot be read"]
    return ["colour in CMYK (a PDF/A letter is in sRGB)"] if operators & {"k", "K"} else []
