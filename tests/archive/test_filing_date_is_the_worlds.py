"""Filing records the day it happened by the world's clock (docs/architecture.md: every
clock goes through the world), so an archive filed under a fixed clock says that day."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from helpers import SAMPLE
from helpers.embedded import build_with_sources

from letterpress.archive import file_letter, find, prepare, require
from letterpress.fonts import FontSet
from letterpress.world import World


@pytest.mark.slow
def test_the_filing_date_is_the_worlds_day(tmp_path: Path, fonts: FontSet) -> None:
    pdf = build_with_sources(SAMPLE, tmp_path / "letter.pdf")
    root = tmp_path / "archive"
    require(root, create=True)
    day = datetime.datetime(2031, 1, 2, 23, 59, tzinfo=datetime.UTC)
    world = World(fonts, clock=lambda: day)
    assert file_letter(root, prepare(pdf, world), world).new
    [entry] = find(root, world, None).entries
    assert entry.filed == "2031-01-02"
