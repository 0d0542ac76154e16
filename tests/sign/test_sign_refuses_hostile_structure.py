"""A PDF given to `sign` may be hostile: its page tree nested thousands deep is a one-line
refusal with exit 2, never a RecursionError traceback, and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from helpers.pki import PASSWORD, Pki
from helpers.signing import sign, signed


def deep_page_tree(src: Path, dst: Path, depth: int = 5000) -> Path:
    """``dst``: ``src`` whose first page hangs ``depth`` /Pages nodes below the root."""
    with pikepdf.open(src) as pdf:
        root = pdf.Root.Pages
        first = root.Kids[0]
        node = first
        for _ in range(depth):
            parent = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Pages, Kids=pikepdf.Array([node]), Count=1))
            node.Parent = parent
            node = parent
        node.Parent = root
        root.Kids[0] = node
        pdf.save(dst)
    return dst


@pytest.mark.slow
def test_a_page_tree_nested_too_deep_is_refused_in_one_line(
        pki: Pki, sample_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    letter = deep_page_tree(Path(shutil.copy(sample_pdf, tmp_path / "in.pdf")),
                            tmp_path / "letter.pdf")
    capsys.readouterr()
    assert sign(pki, letter, "alice", "--visible") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{letter}: ") and len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    assert not signed(letter).exists()
