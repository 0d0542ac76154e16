"""A letter written in a test, built in a folder of its own, and what `check` finds in it."""

from __future__ import annotations

from pathlib import Path

from helpers.tampering import tamper
from letterpress.check.compare import Finding
from letterpress.fonts import FontSet
from letterpress.pipeline import build, check
from letterpress.world import World


def built_alone(folder: Path, text: str, name: str = "letter.yaml") -> tuple[Path, Path]:
    """``text`` as the source ``name`` in ``folder`` (the project's root: no registry above
    it is looked for), and the PDF built from it beside it."""
    (folder / ".git").mkdir(exist_ok=True)
    source = folder / name
    source.write_text(text, encoding="utf-8")
    pdf = source.with_suffix(".pdf")
    build(source, pdf, World())
    return source, pdf


def found(source: Path, pdf: Path, fonts: FontSet) -> tuple[Finding, ...]:
    """What `check` finds reading ``pdf`` against ``source``."""
    out = check(source, pdf, World(fonts))
    assert all(isinstance(f, Finding) for f in out)
    return out  # type: ignore[return-value]


def found_after_swap(source: Path, pdf: Path, forged: Path, fonts: FontSet, old: bytes,
                     new: bytes) -> tuple[Finding, ...]:
    """What `check` finds once the one place ``pdf``'s content shows ``old`` shows ``new``
    (written to ``forged``)."""
    def edit(data: bytes) -> bytes:
        assert data.count(old) == 1, old
        return data.replace(old, new)

    return found(source, tamper(pdf, forged, edit), fonts)
