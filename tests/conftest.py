"""Shared fixtures: the repository's sample letter, the fonts, and the sample built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterpress.fonts import FontSet, load_fonts
from letterpress.model import Letter
from letterpress.pipeline import Built, build, load
from letterpress.readback import PdfText, read_pdf
from letterpress.world import World

REPO = Path(__file__).resolve().parents[1]
SOURCE_DIR = REPO / "source"
SAMPLE = SOURCE_DIR / "2020-10-08-amnesty-appeal.yaml"
SEED_MARKDOWN = REPO / "tests/data/seed-appeal.md"


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    return load_fonts()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_letter(fonts: FontSet) -> Letter:
    loaded = load(SAMPLE, World(fonts))
    letter, warnings = loaded.letter, loaded.warnings
    assert warnings == ()
    return letter


@pytest.fixture(scope="session")
def sample_built(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet) -> Built:
    """The sample built once per session (read it, never write to it)."""
    out = tmp_path_factory.mktemp("sample") / "2020-10-08-amnesty-appeal.pdf"
    return build(SAMPLE, out, fonts=fonts)


@pytest.fixture(scope="session")
def sample_pdf(sample_built: Built) -> Path:
    return sample_built.output


@pytest.fixture(scope="session")
def sample_text(sample_pdf: Path) -> PdfText:
    return read_pdf(sample_pdf)
