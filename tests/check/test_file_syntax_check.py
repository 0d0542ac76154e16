"""letterpress's own check of PDF file syntax (check/filesyntax.py, used by `verify` and the
archive through check/pdfa.py), against the tests' independent reader (helpers.pdfsyntax,
which reads the file from its first byte on, where the check follows the cross-reference
tables and measures streams from their end) on hand-made files, each rule of ISO 19005-3
6.1 broken once or kept; and PDF/A judged on the whole signed file (issue 20)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from helpers.handmade import CONTENT, FILE_ID, assemble, obj, objects, stream, update
from helpers.pdfsyntax import clauses as reader_clauses

from letterpress.check.filesyntax import NOT_CHECKED, file_syntax_problems
from letterpress.check.pdfa import pdfa_status


def check_clauses(data: bytes) -> set[str]:
    """The clauses letterpress's check names ("not checked" aside)."""
    return {m[1] for p in file_syntax_problems(data)
            for m in [re.match(r"ISO [\d-]+ ([\d.]+(?:-\d+)?) at byte \d+", p)] if m}


def with_content(**changes: bytes) -> bytes:
    parts = objects()
    parts[3] = stream(4, changes.pop("data", CONTENT), **changes)  # type: ignore[arg-type]
    return assemble(parts)


def with_first(head: bytes = b"1 0 obj\n", end: bytes = b"\nendobj\n") -> bytes:
    parts = objects()
    parts[0] = obj(1, b"<< /Type /Catalog /Pages 2 0 R >>", head=head, end=end)
    return assemble(parts)


CASES = {  # a file made by hand: the clause it breaks (None: it breaks nothing)
    "well written": (assemble(), None),
    "header 1.8": (assemble(header=b"%PDF-1.8\n"), "6.1.2-1"),
    "header CRLF": (assemble(header=b"%PDF-1.4\r\n"), None),
    "short binary comment": (assemble(comment=b"%\xe2\xe3\xcf\n"), "6.1.2-2"),
    "no /ID": (assemble(trailer=b""), "6.1.3-1"),
    "/Encrypt": (assemble(trailer=b"/ID " + FILE_ID + b" /Encrypt 9 0 R"), "6.1.3-2"),
    "two EOLs after %%EOF": (assemble(tail=b"\n\n"), "6.1.3-3"),
    "CRLF after %%EOF": (assemble(tail=b"\r\n"), None),
    "nothing after %%EOF": (assemble(tail=b""), None),
    "two spaces in a subsection header": (assemble(separator=b"  "), "6.1.4-1"),
    "space after xref": (assemble(xref=b"xref \n"), "6.1.4-2"),
    "odd hex string": (assemble(objects(page_extra=b" /H <0A1>")), "6.1.6-1"),
    "not hex": (assemble(objects(page_extra=b" /H <0G1B>")), "6.1.6-2"),
    "hex in a literal string": (assemble(objects(page_extra=b" /S (<0G1>)")), None),
    "/Length one more": (with_content(data=b"BT ET\n", length=b"7"), "6.1.7.1-1"),
    "data ending in LF, no EOL": (with_content(data=b"BT ET\n", before_end=b""), "6.1.7.1-1"),
    "data ending in CR, then LF": (with_content(data=b"BT ET\r"), None),
    "data ending in CR, then CRLF": (with_content(data=b"BT ET\r", before_end=b"\r\n"), None),
    "no EOL before endstream": (with_content(data=b"BT ET", before_end=b""), "6.1.7.1-2"),
    "CR after stream": (with_content(after_keyword=b"\r"), "6.1.7.1-2"),
    "CRLF after stream": (with_content(after_keyword=b"\r\n"), None),
    "/F": (with_content(dictionary=b"/F (x.bin) "), "6.1.7.1-3"),
    "/FFilter": (with_content(dictionary=b"/FFilter /FlateDecode "), "6.1.7.1-3"),
    "two spaces in N G obj": (with_first(head=b"1  0 obj\n"), "6.1.9-1"),
    "no EOL after obj": (with_first(head=b"1 0 obj "), "6.1.9-1"),
    "no EOL before endobj": (with_first(end=b" endobj\n"), "6.1.9-1"),
    "no EOL after endobj": (with_first(end=b"\nendobj "), "6.1.9-1"),
    "an entry pointing elsewhere": (assemble(offsets={3: 1}), "7.5.4"),
}


@pytest.mark.parametrize("name", CASES)
def test_the_check_and_the_reader_name_the_same_clause(name: str) -> None:
    data, clause = CASES[name]
    expected = set() if clause is None else {clause}
    assert reader_clauses(data) == expected  # the oracle agrees with the case's intent
    assert check_clauses(data) == expected


def test_each_problem_says_the_standard_the_clause_and_the_byte() -> None:
    data = with_content(data=b"BT ET", before_end=b"")
    assert file_syntax_problems(data) == (
        f"ISO 19005-3 6.1.7.1-2 at byte {data.index(b'endstream')}: object 4: endstream "
        "does not follow an EOL",)


def test_every_revision_is_read() -> None:
    """A rule broken in an incremental update, not in the first revision, is found."""
    base = assemble()
    good = update(base, [stream(5, b"q Q\n")])
    bad = update(base, [stream(5, b"q Q", before_end=b"")])
    assert check_clauses(good) == reader_clauses(good) == set()
    assert check_clauses(bad) == reader_clauses(bad) == {"6.1.7.1-2"}
    assert check_clauses(update(base, [obj(5, b"<< >>")], trailer=b"")) == {"6.1.3-1"}


def test_a_cross_reference_stream_is_said_to_be_not_checked(sample_pdf: Path) -> None:
    out = io.BytesIO()
    with pikepdf.open(sample_pdf) as pdf:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    problems = file_syntax_problems(out.getvalue())
    assert problems and all(p.startswith(NOT_CHECKED) for p in problems)
    assert pdfa_status(out.getvalue())[0] == "not_checked"


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n", b"%PDF-1.7\nstartxref\n0\n%%EOF\n"])
def test_a_damaged_file_breaks_rules_or_is_not_checked(data: bytes) -> None:
    assert file_syntax_problems(data)


# --- PDF/A judged on the whole file -----------------------------------------------------------

def test_a_letter_whose_update_breaks_file_syntax_fails_pdfa(sample_pdf: Path) -> None:
    """The letter as built passes; an update appended by another writer that puts no EOL
    before endstream makes the whole file fail, naming the clause."""
    base = sample_pdf.read_bytes()
    size = int(re.findall(rb"/Size (\d+)", base)[-1])
    root = re.findall(rb"/Root (\d+ \d+ R)", base)[-1]
    prev = int(re.findall(rb"startxref\s+(\d+)", base)[-1])
    part = stream(size, b"q Q", before_end=b"")
    at = len(base)
    data = (base + part + b"xref\n%d 1\n%010d 00000 n \n" % (size, at)
            + b"trailer\n<< /Size %d /Root %s /Prev %d /ID %s >>\nstartxref\n%d\n%%%%EOF\n"
            % (size + 1, root, prev, FILE_ID, at + len(part)))
    assert pdfa_status(base) == ("pass", ())
    verdict, findings = pdfa_status(data)
    assert verdict == "fail"
    assert findings[0] == (f"ISO 19005-3 6.1.7.1-2 at byte {at + part.index(b'endstream')}: "
                           f"object {size}: endstream does not follow an EOL")
