"""Properties (Hypothesis): any valid letter builds and reads back as written; any broken
source is refused with diagnostics that point into the file.

Letters are generated as models (``letterpress.model``), not as YAML, so the text is exactly
what gets printed: random Unicode the fonts cover (Azerbaijani, Cyrillic, Greek, IPA,
symbols), characters that break naive markup (& < > quotes * [ ] \\ and whole tags), very
long words and URLs, 0 to 300 signatories and every optional field left empty.
"""

from __future__ import annotations

import re

import pytest
from helpers import SAMPLE, SOURCE_DIR, read_letter
from helpers.generated import (
    AZERBAIJANI,
    CYRILLIC,
    POOL,
    GroupSpec,
    group_specs,
    letters,
    printable,
    with_groups,
)
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from letterpress.check.compare import compare_pdf
from letterpress.check.readback import read_pdf_bytes
from letterpress.content import fields
from letterpress.errors import SourceError
from letterpress.fonts import FontSet
from letterpress.model import (
    Letter,
)
from letterpress.pipeline import typeset

assert len(AZERBAIJANI) == 14 and len(CYRILLIC) > 60 and len(POOL) > 1500


# A failing letter can be large; its report must not be replaced by a warning about its size.
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
# No shrinking: an example costs up to a second (300 signatories, long URLs), and shrinking
# one ran into Hypothesis's five-minute limit. The findings name the field and its text,
# and the pages read back are printed with the example.
@pytest.mark.slow
@settings(max_examples=30, deadline=None,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(letter=letters, specs=group_specs)
def test_any_letter_builds_and_reads_back_as_written(letter: Letter, specs: list[GroupSpec],
                                                     fonts: FontSet) -> None:
    letter = with_groups(letter, specs)
    for field in fields(letter):
        assert all(printable(ch) or ch == " " for ch in field.text), field.path
    data, pages = typeset(letter, fonts)
    pdf = read_pdf_bytes(data, "generated.pdf")
    assert len(pdf.pages) == pages
    findings = compare_pdf(letter, pdf)
    if findings:
        note("pages read back:\n" + "\n\f".join(pdf.pages))
    assert not findings, "\n".join(finding.format() for finding in findings)


# --- broken sources ---------------------------------------------------------------------------

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
SAMPLE_LINES = SAMPLE_TEXT.splitlines()
KEY_LINE = re.compile(r"(?P<lead>\s*(?:- )?)(?P<key>[a-z_]+):(?P<value>.*)")
KEY_LINES = [i for i, text in enumerate(SAMPLE_LINES) if KEY_LINE.fullmatch(text)]
REQUIRED = {"letterhead", "reference", "date", "sender", "recipient", "body", "heading",
            "members", "name"}
# Values no key of a letter accepts.
GARBAGE = [" [[1, 2], [3, [4]]]", " {unexpected: mapping}", " 漢字", ' "never closed',
           " !!python/object/apply:os.system [echo]", " *alias", " &anchor [1, 2]",
           " value\x07bell", " [unbalanced"]


def mutate(index: int, how: str, garbage: str) -> str:
    m = KEY_LINE.fullmatch(SAMPLE_LINES[index])
    assert m is not None
    lines = list(SAMPLE_LINES)
    if how == "remove":
        del lines[index]
    elif how == "rename":
        lines[index] = f"{m['lead']}{m['key']}x:{m['value']}"
    elif how == "tab":
        lines[index] = "\t" + lines[index]
    else:
        lines[index] = f"{m['lead']}{m['key']}:{garbage}"
    return "\n".join(lines) + "\n"


@st.composite
def broken_sources(draw: st.DrawFn) -> tuple[str, str]:
    """(what was done, the mutated text); every mutation makes the source invalid."""
    how = draw(st.sampled_from(["garbage", "garbage", "rename", "remove", "tab", "date"]))
    if how == "date":
        index = next(i for i in KEY_LINES if SAMPLE_LINES[i].startswith("date:"))
        value = draw(st.sampled_from(["2020-13-01", "2020-02-30", "08.10.2020", "tomorrow",
                                      "2020-1-8", "[2020, 10, 8]", "", "99999-10-08"]))
        return f"date: {value!r}", mutate(index, "value", " " + value)
    if how == "remove":
        candidates = [i for i in KEY_LINES
                      if KEY_LINE.fullmatch(SAMPLE_LINES[i])["key"] in REQUIRED]  # type: ignore[index]
    else:
        candidates = KEY_LINES
    index = draw(st.sampled_from(candidates))
    garbage = draw(st.sampled_from(GARBAGE))
    return f"{how} line {index + 1} ({garbage!r})", mutate(index, how, garbage)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=broken_sources())
def test_a_broken_source_names_an_existing_line(case: tuple[str, str]) -> None:
    what, text = case
    note(what)
    lines = text.splitlines()
    with pytest.raises(SourceError) as info:
        read_letter(text, "letter.yaml", SOURCE_DIR)
    diagnostics = info.value.diagnostics
    assert diagnostics, info.value
    for d in diagnostics:
        assert d.file == "letter.yaml", d.format()
        assert 1 <= d.line <= len(lines), d.format()
        assert 1 <= d.column <= len(lines[d.line - 1]) + 1, d.format()
        assert d.format().startswith(f"letter.yaml:{d.line}:{d.column}: ")


def test_the_unmutated_sample_parses() -> None:
    """The mutations above start from a valid source, so each error is the mutation's."""
    letter, warnings = read_letter(SAMPLE_TEXT, "letter.yaml", SOURCE_DIR)
    assert warnings == ()
    assert len(KEY_LINES) == 100
    assert letter.signatories[0].members[27].name == "Rafik İsmayılov"
