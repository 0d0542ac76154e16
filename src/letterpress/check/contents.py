"""What a PDF holds besides its pages of text: facts for the judge, read from pypdf's objects.

A letter letterpress writes holds pages of text and rules, a logo, links to the URLs its
source names, its metadata (document information and XMP, which say the same), its sources
(each named both in the catalog's /AF and in the /EmbeddedFiles name tree) and, once signed,
signature fields and validation data. Everything else a file can carry is a way for it to do
or show more than the letter: an action that runs JavaScript or launches a program when the
file opens or a link is clicked, an annotation drawn over the page (a stamp that prints
"VOID" only on paper), a form field filled in after signing, optional content that hides the
page from the printer, a thumbnail or another attachment than the one checked.

So this module lists, by allow-list, what is not part of a letter; :mod:`.compare` turns each
into a finding. It reads the objects pypdf has parsed (readback.py owns pypdf) and imports
nothing heavy.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

# The keys a letter's catalog may have: ReportLab's and letterpress's own (/AF, /Lang,
# /Metadata, /Names for /EmbeddedFiles, /OutputIntents, /PageMode), and what signing adds
# (/AcroForm holding signature fields, /DSS validation data, /Extensions, /Perms).
CATALOG_KEYS = frozenset({"/Type", "/Pages", "/Metadata", "/Lang", "/Names", "/AF",
                          "/OutputIntents", "/PageMode", "/AcroForm", "/DSS", "/Extensions",
                          "/Perms", "/Version"})
NAMES_KEYS = frozenset({"/EmbeddedFiles"})
PAGE_KEYS = frozenset({"/Type", "/Parent", "/Contents", "/Resources", "/MediaBox", "/CropBox",
                       "/Rotate", "/Annots"})
ACROFORM_KEYS = frozenset({"/Fields", "/SigFlags", "/DA", "/DR"})
MAX_DEPTH = 8  # name trees and field trees nest; a hostile file could make them loop
XMP_LIMIT = 1024 * 1024  # a letter's XMP is about 2 KiB

_NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/"}
# XMP property -> the key of the document information (or catalog) that says the same
_XMP_KEYS = (("dc:title", "Title"), ("dc:creator", "Author"), ("dc:description", "Subject"),
             ("pdf:Keywords", "Keywords"), ("dc:language", "Lang"))


def extras(reader: Any) -> Iterator[tuple[int, str]]:
    """(page index, or -1 for the document; what) for everything a letter does not hold."""
    root = entry(reader.trailer, "/Root")
    for key in sorted(set(_keys(root)) - CATALOG_KEYS):
        yield -1, f"{_what(key)} in the document catalog"
    for key in sorted(set(_keys(entry(root, "/Names"))) - NAMES_KEYS):
        yield -1, f"{_what(key)} in the document's names"
    yield from _form(entry(root, "/AcroForm"))
    for index, page in enumerate(reader.pages):
        for key in sorted(set(_keys(page)) - PAGE_KEYS):
            yield index, f"{_what(key)} on the page"
        for annotation in _list(entry(page, "/Annots")):
            what = _annotation(annotation)
            if what:
                yield index, what


def _what(key: str) -> str:
    return {"/OpenAction": "an action run when the file opens (/OpenAction)",
            "/AA": "actions run on events (/AA)",
            "/JavaScript": "JavaScript (/JavaScript)",
            "/OCProperties": "optional content, shown or hidden by the viewer (/OCProperties)",
            "/Thumb": "a thumbnail image (/Thumb)",
            "/Trans": "a page transition (/Trans)",
            "/UserUnit": "a page scaled by /UserUnit"}.get(key, key)


def _annotation(annotation: Any) -> str:
    """What is wrong with one annotation ("" for a link to a URL or a signature's widget)."""
    subtype = str(entry(annotation, "/Subtype"))
    extra = "" if entry(annotation, "/AA") is None else " with actions on events (/AA)"
    if subtype == "/Link":
        action = entry(annotation, "/A")
        kind = str(entry(action, "/S"))
        if entry(annotation, "/Dest") is not None:
            return "a link to a place in a document (/Dest)"
        if kind != "/URI" or entry(action, "/Next") is not None:
            return f"a link that runs a {kind} action" + extra
        return f"a link{extra}" if extra else ""
    if subtype == "/Widget":
        if _field_type(annotation) != "/Sig":
            return f"a form field ({_field_type(annotation) or 'no type'})" + extra
        if _inherited(annotation, "/V") is None:  # a place to sign, drawing what it likes
            return "an empty signature field" + extra
        return f"a signature field{extra}" if extra else ""
    return f"a {subtype} annotation" + extra


def _field_type(field: Any) -> str:
    kind = _inherited(field, "/FT")
    return "" if kind is None else str(kind)


def _inherited(field: Any, key: str) -> Any:
    """The value of a field's entry ``key``, its own or inherited from a parent field."""
    for _ in range(MAX_DEPTH):
        value = entry(field, key)
        if value is not None:
            return value
        field = entry(field, "/Parent")
        if field is None:
            break
    return None


def _form(form: Any) -> Iterator[tuple[int, str]]:
    if form is None:
        return
    for key in sorted(set(_keys(form)) - ACROFORM_KEYS):
        yield -1, f"{key} in the document's form"
    stack = [(field, 0) for field in _list(entry(form, "/Fields"))]
    while stack:
        field, depth = stack.pop()
        kids = _list(entry(field, "/Kids"))
        if kids and depth < MAX_DEPTH:
            stack += [(kid, depth + 1) for kid in kids]
        elif _field_type(field) != "/Sig":
            name = _text(entry(field, "/T"))
            yield -1, f"a form field {name!r} ({_field_type(field) or 'no type'})"


def xmp(reader: Any) -> dict[str, str] | None:
    """The XMP properties that say what the document information says; None when the file
    has no XMP, or none that can be read."""
    stream = entry(entry(reader.trailer, "/Root"), "/Metadata")
    try:
        data = stream.get_data()
        if len(data) > XMP_LIMIT:
            return None
        root = ET.fromstring(data)
    except Exception:  # noqa: BLE001  (a damaged or hostile stream: no readable XMP)
        return None
    out: dict[str, str] = {}
    for description in root.iter(f"{{{_NS['rdf']}}}Description"):
        for prop, key in _XMP_KEYS:
            prefix, name = prop.split(":")
            element = description.find(f"{prefix}:{name}", _NS)
            if element is None:
                continue
            items = element.findall(".//rdf:li", _NS)
            value = (items[0].text if items else element.text) or ""
            out.setdefault(key, value.strip() if items else value)
    return out


def attachments(reader: Any) -> Iterator[tuple[str, str, str]]:
    """("AF" or "EmbeddedFiles", name, SHA-256 of its bytes) of each file the PDF carries."""
    root = entry(reader.trailer, "/Root")
    for spec in _list(entry(root, "/AF")):
        yield "AF", _name(spec), _digest(spec)
    tree = entry(entry(root, "/Names"), "/EmbeddedFiles")
    stack = [(tree, 0)] if tree is not None else []
    while stack:
        node, depth = stack.pop(0)
        names = _list(entry(node, "/Names"))
        for i in range(0, len(names) - 1, 2):
            yield "EmbeddedFiles", _text(names[i]), _digest(names[i + 1])
        if depth < MAX_DEPTH:
            stack += [(kid, depth + 1) for kid in _list(entry(node, "/Kids"))]


def _name(spec: Any) -> str:
    return _text(entry(spec, "/UF") or entry(spec, "/F"))


def _digest(spec: Any) -> str:
    try:
        return hashlib.sha256(entry(entry(spec, "/EF"), "/F").get_data()).hexdigest()
    except Exception:  # noqa: BLE001  (no stream, or one that cannot be decoded)
        return ""


def entry(obj: Any, key: str) -> Any:
    """``obj[key]`` resolved, or None (also for an object that is not a dictionary)."""
    try:
        if obj is None or key not in obj:
            return None
        value = obj[key]
        return value.get_object() if hasattr(value, "get_object") else value
    except Exception:  # noqa: BLE001  (a broken reference reads as absent)
        return None


def _keys(obj: Any) -> list[str]:
    try:
        return [str(k) for k in obj] if obj is not None else []
    except Exception:  # noqa: BLE001
        return []


def _list(obj: Any) -> list[Any]:
    if obj is None or isinstance(obj, (str, bytes)) or not hasattr(obj, "__iter__"):
        return []
    try:
        return [item.get_object() if hasattr(item, "get_object") else item for item in obj]
    except Exception:  # noqa: BLE001
        return []


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)
