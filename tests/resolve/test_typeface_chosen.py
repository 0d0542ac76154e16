"""Which typeface a letter is set in (docs/source-format.md, "Typefaces"): its own
``typeface``, else its letterhead's, else the serif; an unknown one is a located error naming
the choices, and a character the chosen family lacks is a located error naming the family."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import read_letter

from letterpress.errors import Diagnostic, SourceError
from letterpress.parse.schema import json_schema

HEAD = """\
reference: "1/26"
date: 2026-11-20
sender: Harbour Trust
recipient: City Archive
"""


def letter(*, own: str | None = None, head: str | None = None, inline: bool = False,
           body: str = "A short letter.", folder: Path | None = None) -> str:
    """A letter's YAML: its typeface ``own``, its letterhead's ``head`` (in a file of
    ``folder``, or inline)."""
    typeface = f"typeface: {own}\n" if own else ""
    lines = f"  typeface: {head}\n" if head else ""
    if inline:
        letterhead = f"letterhead:\n  name: Harbour Trust\n{lines}"
    else:
        assert folder is not None
        (folder / "head.yaml").write_text("name: Harbour Trust\n" + lines.lstrip(),
                                          encoding="utf-8")
        letterhead = "letterhead: head.yaml\n"
    return letterhead + HEAD + typeface + f"body:\n  - {body}\n"


def problems(text: str, folder: Path) -> tuple[Diagnostic, ...]:
    with pytest.raises(SourceError) as caught:
        read_letter(text, base_dir=folder)
    return caught.value.diagnostics


@pytest.mark.parametrize(("own", "head", "chosen"), [
    (None, None, "serif"), (None, "sans", "sans"), (None, "serif", "serif"),
    ("sans", None, "sans"), ("serif", "sans", "serif"), ("sans", "serif", "sans")])
@pytest.mark.parametrize("inline", [False, True])
def test_the_letters_typeface_wins_then_the_letterheads_then_the_serif(
        tmp_path: Path, own: str | None, head: str | None, chosen: str, inline: bool) -> None:
    found, _ = read_letter(letter(own=own, head=head, inline=inline, folder=tmp_path),
                           base_dir=tmp_path)
    assert found.typeface == chosen


def test_an_unknown_typeface_in_a_letter_names_the_choices(tmp_path: Path) -> None:
    text = letter(own="mono", inline=True)
    (d,) = problems(text, tmp_path)
    line = text.splitlines().index("typeface: mono") + 1
    assert (d.line, d.column, d.field) == (line, 11, "typeface")
    assert d.message == "unknown typeface 'mono'"
    assert d.hint == "use one of: serif, sans"


def test_an_unknown_typeface_in_a_letterhead_file_is_located_in_that_file(
        tmp_path: Path) -> None:
    (d,) = problems(letter(head="Garamond", folder=tmp_path), tmp_path)
    assert Path(d.file) == tmp_path / "head.yaml"
    assert (d.line, d.column, d.field) == (2, 11, "letterhead.typeface")
    assert d.message == "unknown typeface 'Garamond'" and d.hint == "use one of: serif, sans"


# U+263F MERCURY is in Liberation Sans only; U+F004, a private-use code point, in Liberation
# Serif only (both read from the fonts' cmaps with fontTools: tests/test_typefaces_vendored.py
# holds what each must have).
SANS_ONLY, SERIF_ONLY = "\u263f", "\uf004"


def test_a_character_only_the_other_typeface_has_is_named_with_that_typeface(
        tmp_path: Path) -> None:
    text = letter(inline=True, body=f"Signs {SANS_ONLY} here.")
    (d,) = problems(text, tmp_path)
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if SANS_ONLY in ln)
    assert (d.line, d.column, d.field) == (line, 11, "body[0]")
    assert d.message == ("character '\u263f' (U+263F MERCURY) is not in the font Liberation "
                         "Serif (typeface: serif)")
    assert d.hint.endswith("or choose typeface: sans, which has it")
    found, _ = read_letter(letter(own="sans", inline=True, body=f"Signs {SANS_ONLY} here."),
                           base_dir=tmp_path)
    assert found.body[0].text == f"Signs {SANS_ONLY} here."


def test_a_character_the_sans_lacks_is_refused_in_a_letter_set_in_it(tmp_path: Path) -> None:
    text = letter(head="sans", inline=True, body=f"Mark {SERIF_ONLY} here.")
    (d,) = problems(text, tmp_path)
    assert d.field == "body[0]" and d.column == 10
    assert d.message == "character '\uf004' (U+F004) is not in the font Liberation Sans " \
                        "(typeface: sans)"
    read_letter(letter(inline=True, body=f"Mark {SERIF_ONLY} here."), base_dir=tmp_path)


def test_a_character_no_typeface_has_names_both_families(tmp_path: Path) -> None:
    (d,) = problems(letter(own="sans", inline=True, body="Snow \u2603."), tmp_path)
    assert d.field == "body[0]"
    assert d.message == ("character '\u2603' (U+2603 SNOWMAN) is not in the font Liberation "
                         "Serif or Liberation Sans")


def test_the_json_schema_offers_the_typefaces_in_a_letter_and_a_letterhead() -> None:
    schema = json_schema()
    assert schema["properties"]["typeface"]["enum"] == ["serif", "sans"]
    letterhead = schema["$defs"]["letterhead"]["properties"]
    assert letterhead["typeface"]["enum"] == ["serif", "sans"]
    assert "typeface" not in schema["required"]
