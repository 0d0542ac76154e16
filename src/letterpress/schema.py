"""The shape of a letter source: its keys in the documented order, and a JSON Schema of it.

The key tables are the one statement of which keys each mapping has, in the order
docs/source-format.md gives them, and which are required: :mod:`letterpress.source` reads by
them, :mod:`letterpress.dump` writes by them, and :func:`json_schema` states them for editors.
Keys equal the field names of :mod:`letterpress.model`.
"""

from __future__ import annotations

from typing import Any

from .model import LANGUAGES, PAPERS

__all__ = ["GROUP_KEYS", "LETTERHEAD_KEYS", "LETTER_KEYS", "MEMBER_KEYS", "json_schema"]

# Each mapping's keys in the documented order: whether the key is required.
LETTER_KEYS: dict[str, bool] = {
    "letterhead": True, "reference": True, "date": True, "date_format": False,
    "language": False, "paper": False, "title": False, "revision": False, "sender": True,
    "recipient": True, "body": True, "closing": False, "signatories": False,
}
LETTERHEAD_KEYS: dict[str, bool] = {
    "name": True, "address": False, "telephone": False, "email": False, "website": False,
    "website_url": False, "logo": False,
}
GROUP_KEYS: dict[str, bool] = {"heading": True, "start": False, "columns": False, "members": True}
MEMBER_KEYS: dict[str, bool] = {"name": True, "organisation": False, "role": False}


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a letter source, for editors and other tools.

    It checks shape only; the fonts' coverage, dates such as 2020-02-30 and body link targets
    are checked by :func:`letterpress.source.parse_letter`. Dates are strings here, as JSON
    has no date type. Descriptions follow docs/source-format.md.
    """
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "letterpress letter source",
            "description": "One letter. Keys equal the field names of letterpress.model.",
            **_object(_letter_properties(), _required(LETTER_KEYS)),
            "$defs": _definitions()}


def _text_schema(description: str, required: bool = True) -> dict[str, Any]:
    # YAML reads 2020 as a number and yes as a boolean; the loader takes them as written.
    return {"description": description, "type": ["string", "number", "boolean"],
            **({"minLength": 1} if required else {})}


def _lines_schema(description: str, required: bool) -> dict[str, Any]:
    many = {"type": "array", "items": _text_schema("a line"),
            **({"minItems": 1} if required else {})}
    return {"description": description, "anyOf": [_text_schema("one line", required), many]}


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": required,
            "properties": properties}


def _letter_properties() -> dict[str, Any]:
    text, lines = _text_schema, _lines_schema
    return {
        "letterhead": {"description": "A file relative to this one (shared by many letters), "
                                      "or a mapping",
                       "oneOf": [{"type": "string", "minLength": 1},
                                 {"$ref": "#/$defs/letterhead"}]},
        "reference": text('The reference, e.g. "05/20"; quote it: YAML reads 2020 as a number'),
        "date": {"description": "A YAML date (year-month-day)", "type": "string",
                 "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "date_format": {**text("Optional; tokens DD D MM M MMMM YYYY; default DD.MM.YYYY"),
                        "default": "DD.MM.YYYY"},
        "language": {"description": "en, az or ru; labels, hyphenation and month names "
                                    "follow it", "enum": list(LANGUAGES), "default": "en"},
        "paper": {"description": "Optional: a4 (default) or letter", "enum": list(PAPERS),
                  "default": "a4"},
        "title": text('Optional PDF title; default "<reference> <first recipient line>"', False),
        "revision": {"description": "Optional: 1 for the letter as first sent (default), 2 for "
                                    "its first correction, and so on", "type": "integer",
                     "minimum": 1, "default": 1},
        "sender": text("Who sends the letter"),
        "recipient": lines("One or more lines (a single string is one line)", required=True),
        "body": {"description": "Paragraphs; inline **bold**, *italic*, [text](url); "
                               "\\ escapes", "type": "array", "minItems": 1,
                 "items": text("A paragraph")},
        "closing": lines("Optional lines after the body", required=False),
        "signatories": {"description": "Optional; one or more groups", "type": "array",
                        "items": {"$ref": "#/$defs/group"}},
    }


def _definitions() -> dict[str, Any]:
    text = _text_schema
    safe_url = "^([hH][tT][tT][pP][sS]?://|[mM][aA][iI][lL][tT][oO]:)"
    return {
        "letterhead": _object({
            "name": text("The organisation's name, printed in bold at the top"),
            "address": _lines_schema("Address lines", required=False),
            "telephone": text("Optional telephone number, printed as written", False),
            "email": text("Optional; printed as a mailto: link", False),
            "website": text("Optional; printed as written, linked", False),
            "website_url": {**text("Optional link target (default http:// + website)", False),
                            "pattern": safe_url},
            "logo": text("Optional image, relative to the letterhead's file", False),
        }, _required(LETTERHEAD_KEYS)),
        "group": _object({
            "heading": text('The group\'s heading, e.g. "NGO Representatives:"'),
            "start": {"description": "Optional number of the first member (default 1)",
                      "type": "integer", "minimum": 1, "default": 1},
            "columns": {"description": "Optional: 2 sets a long list in two columns",
                        "enum": [1, 2], "default": 1},
            "members": {"description": "The signatories, in order", "type": "array",
                        "minItems": 1, "items": {"$ref": "#/$defs/member"}},
        }, _required(GROUP_KEYS)),
        "member": _object({
            "name": text("The signatory's name"),
            "organisation": text("Optional organisation", False),
            "role": text("Optional role", False),
        }, _required(MEMBER_KEYS)),
    }


def _required(keys: dict[str, bool]) -> list[str]:
    return [name for name, needed in keys.items() if needed]
