"""A letter written back as YAML source: the inverse of
:func:`letterpress.parse.yaml_source.parse_letter`.

Keys come in the documented order (:mod:`letterpress.parse.schema`), optional keys with their
default value are left out (but ``language``, always written: a reader should not have to
know the default), and body paragraphs are written in the inline markup
(:func:`letterpress.inline.write_inline`). ``letterpress import`` uses it to turn a Markdown
letter into a YAML source.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import yaml

from ..inline import write_inline
from ..model import (
    Correction,
    Enclosure,
    Labels,
    Letter,
    Letterhead,
    LetterheadText,
    Paragraph,
    Signatory,
    SignatoryGroup,
    Signature,
    Signer,
)
from .schema import (
    CORRECTION_KEYS,
    ENCLOSURE_KEYS,
    GROUP_KEYS,
    LABEL_KEYS,
    LETTER_KEYS,
    LETTERHEAD_KEYS,
    LETTERHEAD_TEXT_KEYS,
    MEMBER_KEYS,
    SIGNATURE_KEYS,
    SIGNER_KEYS,
)

__all__ = ["dump_letter", "dump_registry"]

_KEYS: dict[type, dict[str, bool]] = {
    Letterhead: LETTERHEAD_KEYS, LetterheadText: LETTERHEAD_TEXT_KEYS, Labels: LABEL_KEYS,
    SignatoryGroup: GROUP_KEYS, Signatory: MEMBER_KEYS,
    Correction: CORRECTION_KEYS, Enclosure: ENCLOSURE_KEYS, Signature: SIGNATURE_KEYS,
    Signer: SIGNER_KEYS}


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key, as docs/source-format.md writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_letter(letter: Letter, letterhead_ref: str | None = None) -> str:
    """YAML source of ``letter``, such that :func:`parse_letter` gives ``letter`` back.

    The letterhead is written inline unless ``letterhead_ref`` names its file (relative to
    where the letter will be). Optional fields with their default value are left out.
    """
    keys = {**LETTER_KEYS, "language": True}
    del keys["merge"]  # a letter built is never a merge: each recipient gets one of their own
    data = _data(letter, keys)
    if letterhead_ref is not None:
        data["letterhead"] = letterhead_ref
    # The pure-Python dumper: the same bytes whether or not libyaml is installed.
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10**6, default_flow_style=False)


def dump_registry(entries: list[dict[str, str]]) -> str:
    """YAML of a members registry holding ``entries`` (each a mapping of its keys in the
    documented order), written as :func:`dump_letter` writes a letter."""
    return yaml.dump({"members": entries}, Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, width=10**6, default_flow_style=False)


def _data(record: Any, keys: dict[str, bool]) -> dict[str, Any]:
    """A record as a mapping in the documented key order, defaults left out."""
    defaults = {f.name: f.default for f in fields(record)}
    return {name: _plain(getattr(record, name)) for name, required in keys.items()
            if required or getattr(record, name) != defaults[name]}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Paragraph):
        return write_inline(value.spans)
    if isinstance(value, Enclosure) and not value.file:  # a line of text, as usually written
        return value.title
    if isinstance(value, (Signatory, Signer)) and value.id:  # a member of the registry: named by id
        return {"member": value.id}
    keys = _KEYS.get(type(value))
    return value if keys is None else _data(value, keys)
