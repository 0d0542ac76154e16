"""YAML letter sources written in tests, and their problems read back."""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from helpers import REPO, read_letter
from letterpress.errors import Diagnostic, SourceError
from letterpress.fonts import load_fonts
from letterpress.model import (
    Letter,
)

COVERAGE = load_fonts().coverage


ROOT = REPO


# A valid letter, one line per list item so tests can replace lines by number (1-based).
BASE = [
    "letterhead:",  # 1
    "  name: ACME",  # 2
    'reference: "05/20"',  # 3
    "date: 2020-10-08",  # 4
    "sender: Azerbaijan Open Government Platform",  # 5
    "recipient:",  # 6
    "  - Secretary General",  # 7
    "body:",  # 8
    "  - Hello.",  # 9
]


def source(*changes: tuple[int, str], extra: tuple[str, ...] = ()) -> str:
    """BASE with line n replaced by text ("" drops it), then extra lines appended."""
    lines = list(BASE)
    for number, text in changes:
        lines[number - 1] = text
    return "\n".join([line for line in lines if line] + list(extra)) + "\n"


def parse(text: str, base_dir: Path = ROOT) -> tuple[Letter, tuple[Diagnostic, ...]]:
    return read_letter(text, "letter.yaml", base_dir)


def problems(text: str, base_dir: Path = ROOT) -> list[Diagnostic]:
    with pytest.raises(SourceError) as info:
        parse(text, base_dir)
    assert all(d.severity == "error" for d in info.value.diagnostics)
    return list(info.value.diagnostics)


HOSTILE = "*[]()\\&<>\"'`:#-!%@|{}~ \u00a0"


# Characters the fonts print that survive NFC on their own; combining marks and spaces are
# excluded from words so that joining words cannot compose or collapse anything.
PRINTABLE = sorted(
    chr(c) for c in COVERAGE
    if unicodedata.category(chr(c)) not in ("Cc", "Cf", "Cs", "Cn")
    # a combining mark NFC cannot compose with the letter before it is refused
    and not unicodedata.category(chr(c)).startswith("M")
    and unicodedata.normalize("NFC", chr(c)) == chr(c))


YAML_LOOKALIKES = ["yes", "no", "null", "~", "1.5", "2020", "05/20", "- a", "#x", "a: b",
                   "'q'", '"q"', "2020-10-08", "0x1F", "&a", "*a", "!t", "@x", "`x", "%x",
                   "? x", "|", ">", "[a]", "{a: b}", "a #b", "on", "NULL", ".inf"]


chars = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(PRINTABLE))


line = st.one_of(st.sampled_from(YAML_LOOKALIKES), st.text(chars, max_size=12)).map(
    lambda s: unicodedata.normalize("NFC", s).strip()).filter(bool)


def as_json(value: Any) -> Any:
    """YAML data as JSON sees it (and a JSON Schema validates it): dates are strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, datetime.date) else value
