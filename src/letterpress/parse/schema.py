"""The shape of a letter source: its keys in the documented order, and a JSON Schema of it.

The key tables are the one statement of which keys each mapping has, in the order
docs/source-format.md gives them, and which are required: :mod:`letterpress.parse.yaml_source`
reads by
them, :mod:`letterpress.parse.dump` writes by them, and :func:`json_schema` states them for editors.
Keys equal the field names of :mod:`letterpress.model`.
"""

from __future__ import annotations

from typing import Any

from ..model import LANGUAGES, LETTERHEAD_LABELS, PAPERS, PLACES, TYPEFACE_NAMES, WINDOWS

__all__ = ["CORRECTION_KEYS", "ENCLOSURE_KEYS", "ENTRY_KEYS", "GROUP_KEYS", "KNOWN_KEYS",
           "LABEL_KEYS", "LETTERHEAD_KEYS", "LETTERHEAD_TEXT_KEYS", "LETTER_KEYS", "MERGE_KEYS",
           "MEMBER_ID", "MEMBER_KEYS", "MEMBER_REF_KEYS", "REGISTRY_KEYS", "SIGNATURE_KEYS",
           "SIGNER_KEYS", "TRANSLATION_KEYS",
           "json_schema", "registry_json_schema"]

# Each mapping's keys in the documented order: whether the key is required.
LETTER_KEYS: dict[str, bool] = {
    "letterhead": True, "reference": True, "reference_label": False, "date": True,
    "date_format": False, "place": False, "language": False, "paper": False,
    "typeface": False, "title": False, "revision": False, "correction": False,
    "sender": True,
    "recipient": True, "address": False, "return_address": False,
    "window": False, "marks": False,
    "subject": False, "salutation": False, "body": True, "closing": False,
    "signature": False, "signatories": False, "enclosures": False, "cc": False,
    "merge": False,
}
# A letter written once for many recipients (mail merge); never a field of a letter built.
MERGE_KEYS: dict[str, bool] = {"recipients": True, "reference": False, "output": False}
LETTERHEAD_KEYS: dict[str, bool] = {
    "name": True, "address": False, "telephone": False, "email": False, "website": False,
    "website_url": False, "logo": False, "typeface": False, "labels": False,
    **{language: False for language in LANGUAGES},
}
# A letterhead's block in one language (``az:``), and the labels it may word its own way.
LETTERHEAD_TEXT_KEYS: dict[str, bool] = {"name": False, "address": False, "labels": False}
LABEL_KEYS: dict[str, bool] = {key: False for key in LETTERHEAD_LABELS}
CORRECTION_KEYS: dict[str, bool] = {"text": False, "place": False, "replaces": False}
GROUP_KEYS: dict[str, bool] = {"heading": True, "start": False, "columns": False, "members": True}
MEMBER_KEYS: dict[str, bool] = {"name": True, "organisation": False, "role": False}
MEMBER_REF_KEYS: dict[str, bool] = {"member": True}  # a member kept in the registry
# The signature block signed in ink; a signer is written out or ``member: ID`` (as above).
SIGNATURE_KEYS: dict[str, bool] = {"place": False, "date": False, "signers": True}
SIGNER_KEYS: dict[str, bool] = {"name": True, "title": False, "organisation": False}
# An enclosure written as a mapping (a plain line of text is its title alone).
ENCLOSURE_KEYS: dict[str, bool] = {"title": True, "file": False}
# The members registry, source/members.yaml: ``members:``, a list of entries.
REGISTRY_KEYS: dict[str, bool] = {"members": True}
ENTRY_KEYS: dict[str, bool] = {"id": True, "name": False, "organisation": False,
                               "role": False, **{language: False for language in LANGUAGES}}
TRANSLATION_KEYS: dict[str, bool] = {"name": False, "organisation": False, "role": False}
# Every key the source format and the registry know: what a colon in a line may follow.
KNOWN_KEYS = frozenset({*LETTER_KEYS, *LETTERHEAD_KEYS, *LABEL_KEYS, *GROUP_KEYS, *MEMBER_KEYS,
                        *MEMBER_REF_KEYS, *SIGNATURE_KEYS, *SIGNER_KEYS, *CORRECTION_KEYS,
                        *ENCLOSURE_KEYS, *MERGE_KEYS,
                        *REGISTRY_KEYS, *ENTRY_KEYS, *TRANSLATION_KEYS})
# A member's id: stable, written in letters, so plain ASCII that needs no quoting in YAML.
MEMBER_ID = "^[a-z0-9][a-z0-9._-]*$"


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a letter source, for editors and other tools.

    It checks shape only; the fonts' coverage, dates such as 2020-02-30 and body link targets
    are checked by :func:`letterpress.parse.yaml_source.parse_letter`. Dates are strings here, as
    JSON has no date type. Descriptions follow docs/source-format.md.
    """
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "letterpress letter source",
            "description": "One letter. Keys equal the field names of letterpress.model.",
            **_object(_letter_properties(),
                      [k for k in _required(LETTER_KEYS) if k != "recipient"]),
            # a merge letter takes its recipients from its recipients file
            "if": {"not": {"required": ["merge"]}}, "then": {"required": ["recipient"]},
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
        "reference_label": text('Optional label printed before the reference, e.g. "Ref."; '
                                'default: the language\'s own ("Ref.", "№", "Исх. №") when the '
                                'letter has a subject or a place, else none; "" for none',
                                False),
        "date": {"description": "A YAML date (year-month-day)", "type": "string",
                 "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "date_format": {**text("Optional; tokens DD D MM M MMMM YYYY; default DD.MM.YYYY"),
                        "default": "DD.MM.YYYY"},
        "place": text('Optional place printed before the date: "Baku, 8 October 2020"',
                      False),
        "language": {"description": "en, az or ru; labels, hyphenation and month names "
                                    "follow it", "enum": list(LANGUAGES), "default": "en"},
        "paper": {"description": "Optional: a4 (default) or letter", "enum": list(PAPERS),
                  "default": "a4"},
        "typeface": _typeface_schema("Optional: serif (Liberation Serif) or sans (Liberation "
                                     "Sans); default: the letterhead's, else serif"),
        "title": text('Optional PDF title; default "<reference> <first recipient line>"', False),
        "revision": {"description": "Optional: 1 for the letter as first sent (default), 2 for "
                                    "its first correction, and so on", "type": "integer",
                     "minimum": 1, "default": 1},
        "correction": {"description": "Optional: the note a revision above 1 prints",
                       "$ref": "#/$defs/correction"},
        "sender": text("Who sends the letter"),
        "recipient": lines("One or more lines (a single string is one line)", required=True),
        "address": {**lines("Optional: the recipient's postal address, printed where a window "
                            "envelope shows it (at most 6 lines); needs window",
                            required=False), "maxItems": 6},
        "return_address": text("Optional: the sender's line above the address in the window, "
                               "where the post returns what it cannot deliver (one line of "
                               "at least 6 pt); default: the letterhead's name and address",
                               False),
        "window": {"description": "Optional: the window the address shows through: din-a or "
                                  "din-b (DIN 5008 form A or B, window on the left), right "
                                  "(the Swiss and French right-hand window); A4 only; needs "
                                  "address", "enum": list(WINDOWS)},
        "marks": {"description": "Optional: true prints fold and punch marks at the left edge "
                                 "(needs window)", "type": "boolean", "default": False},
        "subject": text("Optional subject line, printed in bold before the salutation; also "
                        "the PDF's title when title is absent", False),
        "salutation": text('Optional salutation, e.g. "Dear Ms Verhara,", printed before the '
                           "body", False),
        "body": {"description": "Paragraphs; inline **bold**, *italic*, [text](url); "
                               "\\ escapes", "type": "array", "minItems": 1,
                 "items": text("A paragraph")},
        "closing": lines("Optional lines after the body", required=False),
        "signature": {"description": "Optional: the block signed in ink after the closing",
                      "$ref": "#/$defs/signature"},
        "signatories": {"description": "Optional; one or more groups", "type": "array",
                        "items": {"$ref": "#/$defs/group"}},
        "enclosures": {"description": 'Optional list of what the letter encloses, printed '
                                      'after the closing under "Enclosures: N" (in the '
                                      "letter's language): each a line of text, or a mapping "
                                      "with its title and, optionally, a PDF file whose "
                                      "pages are appended after the letter's",
                       "type": "array",
                       "items": {"oneOf": [_text_schema("An enclosure, as printed"),
                                           {"$ref": "#/$defs/enclosure"}]}},
        "cc": lines('Optional: who receives a copy, printed after the closing under "cc:"',
                    required=False),
        "merge": {"description": "Optional: one letter for each recipient of a recipients "
                                 "file; the letter refers to a row's fields as {{name}}",
                  **_object({
            "recipients": text("The recipients file (CSV or YAML), relative to this one: one "
                               "letter each"),
            "reference": text('Optional pattern of each letter\'s reference; default '
                              '"{reference}-{n}"', False),
            "output": text('Optional pattern of each PDF\'s name; default "{stem}-{name}"',
                           False),
        }, ["recipients"])},
    }


def _typeface_schema(description: str) -> dict[str, Any]:
    return {"description": description, "enum": list(TYPEFACE_NAMES)}


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
            "logo": text("Optional image (PNG, JPEG, GIF, or SVG drawn as vectors), relative "
                         "to the letterhead's file", False),
            "typeface": _typeface_schema("Optional: serif or sans, for the letters that use "
                                         "this letterhead and choose none"),
            "labels": {"description": "Optional: an English letter's labels worded otherwise",
                       "$ref": "#/$defs/labels"},
            **{language: {"description": f"Optional: the letterhead's name, address and labels "
                                         f"in {language}, printed on letters in {language}; "
                                         "what is left out is printed from the top, with a "
                                         "warning", "$ref": "#/$defs/letterhead_text"}
               for language in LANGUAGES},
        }, _required(LETTERHEAD_KEYS)),
        "letterhead_text": _object({
            "name": text("The organisation's name in this language", False),
            "address": _lines_schema("Address lines in this language", required=False),
            "labels": {"description": "Optional: this language's labels worded otherwise",
                       "$ref": "#/$defs/labels"},
        }, []),
        "labels": _object({key: text(f'The label before {what}, e.g. "{example}"', False)
                           for key, what, example in _LABELS}, []),
        "correction": _object({
            "text": text('Optional wording; {date} is the date of the letter replaced, '
                         '{revision} this revision; default "Corrected version; replaces '
                         'the letter of {date}" in the letter\'s language', False),
            "place": {"description": "Optional: top (under the reference and date, the "
                                     "default) or bottom (after the signatories)",
                      "enum": list(PLACES), "default": "top"},
            "replaces": {"description": "Optional date of the letter replaced (default: "
                                        "this letter's date)", "type": "string",
                         "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        }, []),
        "group": _object({
            "heading": text('The group\'s heading, e.g. "NGO Representatives:"'),
            "start": {"description": "Optional number of the first member (default 1)",
                      "type": "integer", "minimum": 1, "default": 1},
            "columns": {"description": "Optional: 2 sets a long list in two columns",
                        "enum": [1, 2], "default": 1},
            "members": {"description": "The signatories, in order: written out, or the id of "
                                       "a member of the registry (members.yaml)",
                        "type": "array", "minItems": 1,
                        "items": {"oneOf": [{"$ref": "#/$defs/member"},
                                            {"$ref": "#/$defs/member_ref"}]}},
        }, _required(GROUP_KEYS)),
        "signature": _object({
            "place": text('Optional place of signing, printed with the date: "Baku, 20 '
                          'November 2026"', False),
            "date": {"description": "Optional date of signing (a YAML date), printed in the "
                                    "letter's date_format and language", "type": "string",
                     "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "signers": {"description": "Who signs, in order: written out, or the id of a "
                                       "member of the registry (members.yaml), whose role is "
                                       "the title",
                        "type": "array", "minItems": 1,
                        "items": {"oneOf": [{"$ref": "#/$defs/signer"},
                                            {"$ref": "#/$defs/member_ref"}]}},
        }, _required(SIGNATURE_KEYS)),
        "signer": _object({
            "name": text("The signer's name, printed in bold under the line to sign on"),
            "title": text("Optional title, e.g. Chair of the Council", False),
            "organisation": text("Optional organisation", False),
        }, _required(SIGNER_KEYS)),
        "enclosure": _object({
            "title": text("The enclosure, as printed"),
            "file": text("Optional PDF file, relative to the letter, whose pages are appended "
                         "after the letter's, unchanged, and which the PDF carries as an "
                         "associated file (/AFRelationship /Supplement); it must be able to "
                         "live in a PDF/A-3b file (fonts embedded, no scripts, actions, forms, "
                         "annotations or attachments, not encrypted)", False),
        }, _required(ENCLOSURE_KEYS)),
        "member": _object({
            "name": text("The signatory's name"),
            "organisation": text("Optional organisation", False),
            "role": text("Optional role", False),
        }, _required(MEMBER_KEYS)),
        "member_ref": _object({
            "member": {"description": "The id of a member of the members registry "
                                      "(members.yaml beside the letter or in a folder above)",
                       "type": "string", "pattern": MEMBER_ID},
        }, _required(MEMBER_REF_KEYS)),
    }


_LABELS = (("sender", "the sender", "From:"), ("recipient", "the first recipient line", "To:"),
           ("telephone", "the telephone number", "Tel.:"),
           ("email", "the e-mail address", "E-mail:"))
assert tuple(key for key, _, _ in _LABELS) == LETTERHEAD_LABELS


def _required(keys: dict[str, bool]) -> list[str]:
    return [name for name, needed in keys.items() if needed]


def registry_json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the members registry, source/members.yaml.

    Shape only: :mod:`letterpress.resolve.registry` also checks that ids are unique and that every
    member has a name in some language."""
    text = _text_schema
    translation = _object({
        "name": text("The member's name in this language", False),
        "organisation": text("The organisation in this language", False),
        "role": text("The role in this language", False),
    }, [])
    entry = _object({
        "id": {"description": "Stable id, written in letters as `- member: ID`",
               "type": "string", "pattern": MEMBER_ID},
        "name": text("The name, in the default language (used where a letter's language has "
                     "none)", False),
        "organisation": text("Optional organisation", False),
        "role": text("Optional role", False),
        **{language: {"description": f"Optional: the member's text in {language}; a key left "
                                     "out falls back to the default",
                      "$ref": "#/$defs/translation"} for language in LANGUAGES},
    }, _required(ENTRY_KEYS))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "letterpress members registry",
            "description": "Each member once, with a stable id; letters list them by id.",
            **_object({"members": {"description": "The members", "type": "array",
                                   "items": {"$ref": "#/$defs/entry"}}},
                      _required(REGISTRY_KEYS)),
            "$defs": {"entry": entry, "translation": translation}}
