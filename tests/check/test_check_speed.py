"""check's fast paths (issue 8, point 8) prove no less than the slow ones: inkmap's bulk
clearing of plainly visible glyphs finds exactly what judging every glyph one by one finds,
and the second process of aside.py gives what the function gives here, or its error."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from helpers.tampering import WHOLE_PAGE_TAMPERING, box_of, tamper

from letterpress.check import inkmap
from letterpress.check.second_process import aside
from letterpress.check.visibility import read_ink
from letterpress.errors import ReadbackError, SourceError
from letterpress.fonts import FontSet
from letterpress.pipeline import check
from letterpress.world import World


def clear_nothing(edges: Any, plain: list[bool], *_: Any
                  ) -> list[tuple[int, tuple[float, float, float, float]]]:
    """inkmap.unclear that clears no glyph: every one is judged glyph by glyph."""
    out = []
    for k in range(len(plain)):
        left, right, bottom, top = edges[4 * k:4 * k + 4]
        out.append((k, (left, bottom, right, top)))
    return out


def tampered(sample_pdf: Path, tmp_path: Path) -> list[Path]:
    """The sample, and the sample with page 1 hidden in each way the visibility tests use."""
    out = [sample_pdf]
    for n, how in enumerate(sorted(WHOLE_PAGE_TAMPERING)):
        out.append(tamper(sample_pdf, tmp_path / f"t{n}.pdf", WHOLE_PAGE_TAMPERING[how][0]))
    # a patch over a word and a half: some glyphs of a line hidden, their neighbours seen
    left, bottom, right, top = box_of(sample_pdf, "Armed F")
    cover = f"\nq 1 1 1 rg {left - 1} {bottom - 1} {right - left + 2} {top - bottom + 2} re f Q"
    out.append(tamper(sample_pdf, tmp_path / "patch.pdf", lambda d: d + cover.encode()))
    return out


@pytest.mark.slow
def test_bulk_clearing_finds_what_glyph_by_glyph_judging_finds(
        sample_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfs = tampered(sample_pdf, tmp_path)
    fast = [read_ink(pdf) for pdf in pdfs]
    monkeypatch.setattr(inkmap, "unclear", clear_nothing)
    slow = [read_ink(pdf) for pdf in pdfs]
    assert fast == slow
    assert not any(page.hidden for page in fast[0])  # the sample hides nothing
    assert all(any(page.hidden for page in ink) for ink in fast[1:])  # each tampering shows
    patched = [h.index for h in fast[-1][0].hidden]
    assert 0 < len(patched) <= len("ArmedF")


def test_check_reads_in_a_second_process_what_it_would_read_here(
        sample_pdf: Path, tmp_path: Path, fonts: FontSet) -> None:
    from helpers import SAMPLE

    pdf = tamper(sample_pdf, tmp_path / "hidden.pdf", WHOLE_PAGE_TAMPERING["render mode 3"][0])
    forked = check(SAMPLE, pdf, World(fonts))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # a second thread: aside does not fork
    other.start()
    try:
        here = check(SAMPLE, pdf, World(fonts))
    finally:
        stop.set()
        other.join(60)
    assert forked == here and forked


def fail(message: str) -> None:
    raise ReadbackError(message, hint="a hint that must survive")


def test_the_second_process_is_another_process_and_its_result_comes_back() -> None:
    # in a fresh interpreter: threads other tests leave running would make aside (rightly)
    # do the work in this process instead
    program = ("import os; from letterpress.check.second_process import aside\n"
               "with aside(os.getpid) as work:\n"
               "    print(work.result(), os.getpid())")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=True, timeout=120)
    child, parent = done.stdout.split()
    assert child != parent and done.stderr == ""


def test_an_error_in_the_second_process_is_raised_here_as_the_function_raises_it() -> None:
    with aside(fail, "no such thing") as work, pytest.raises(ReadbackError) as caught:
        work.result()
    assert str(caught.value) == "no such thing" and caught.value.hint == "a hint that must survive"


def test_a_bad_source_is_reported_before_an_unreadable_pdf(tmp_path: Path,
                                                           fonts: FontSet) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text("reference: [\n", encoding="utf-8")
    with pytest.raises(SourceError):
        check(source, tmp_path / "missing.pdf", World(fonts))
