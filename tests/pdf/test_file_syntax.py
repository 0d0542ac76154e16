"""How letterpress writes a PDF holds to ISO 19005-3 6.1 (issue 20): the rules about the
file's syntax that pikepdf's validator leaves unchecked, read by the tests' own reader
(helpers.pdfsyntax, itself tested in test_file_syntax_reader.py). Every build in
test_pdfa.py is read by it too; here are the cases that once broke: streams whose data ends
in a line feed or a carriage return (the Azerbaijani letter has one of the latter)."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from helpers import SEED_MARKDOWN, SOURCE_DIR
from helpers.handmade import assemble, objects, stream
from helpers.pdfsyntax import broken_clauses

from letterpress.fonts import FontSet
from letterpress.pdf.syntax import with_eol_before_endstream
from letterpress.pipeline import build
from letterpress.world import World

LETTERS = sorted(SOURCE_DIR.glob("*.yaml"))


def data_endings(data: bytes) -> set[bytes]:
    """The last byte of every stream's data in ``data`` (as pikepdf reads it by /Length)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return {raw[-1:] for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                for raw in [obj.read_raw_bytes()] if raw}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("syntax")
    return {p.name: build(p, out / (p.stem + ".pdf"), World(fonts)).output.read_bytes()
            for p in [*LETTERS, SEED_MARKDOWN]}


@pytest.mark.slow
def test_every_letter_and_the_seed_break_no_rule_of_file_syntax(built: dict[str, bytes]
                                                                 ) -> None:
    assert {name: broken_clauses(data) for name, data in built.items()} == {
        name: [] for name in built}


@pytest.mark.slow
def test_the_azerbaijani_letter_holds_a_stream_whose_data_ends_in_a_carriage_return(
        built: dict[str, bytes]) -> None:
    """The case that broke /Length under ReportLab's writing (the data's last byte read as
    the EOL marker) is among the letters read above, so the test above would see it."""
    assert b"\r" in data_endings(built["2026-11-20-assembly-invitation-az.yaml"])


@pytest.mark.parametrize("data", [b"", b"BT ET", b"BT ET\n", b"BT ET\r", b"BT ET\r\n", b"\r",
                                  b"\n"])
def test_a_stream_as_reportlab_ends_it_gets_the_eol_its_length_needs(data: bytes) -> None:
    """ReportLab's bytes for a stream object (data right before endstream), given the EOL:
    then the stream breaks no rule and /Length (the data's length) is exact."""
    reportlab = stream(4, data, before_end=b"")
    fixed = with_eol_before_endstream(reportlab)
    parts = objects()
    parts[3] = fixed
    assert broken_clauses(assemble(parts)) == []
    kept = reportlab[:-len(b"endstream\nendobj\n")]
    assert fixed.startswith(kept) and fixed[len(kept):] in (b"\nendstream\nendobj\n",
                                                             b"\r\nendstream\nendobj\n")


def test_an_object_that_is_no_stream_is_left_as_it_is() -> None:
    for chunk in (b"5 0 obj\n<< /S (endstream) >>\nendobj\n", b"xref\n0 1\n", b"trailer\n"):
        assert with_eol_before_endstream(chunk) == chunk


@pytest.mark.slow
def test_the_reader_passes_a_file_written_by_qpdf(built: dict[str, bytes], tmp_path: Path
                                                  ) -> None:
    """Another writer's file, by the reader: qpdf holds to the rules (pikepdf's premise)."""
    out = tmp_path / "qpdf.pdf"
    with pikepdf.open(io.BytesIO(built["2026-11-20-assembly-invitation-az.yaml"])) as pdf:
        pdf.save(out, static_id=True)
    assert broken_clauses(out.read_bytes()) == []
