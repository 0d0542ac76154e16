"""Small surprises, each said aloud (issue 21, point 10): a signed copy left beside a letter
rebuilt since it was signed; the README's trial key kept out of version control; a letter
imported against a registry that its build will not find."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, SEED_MARKDOWN
from helpers.cli import in_folder
from helpers.pki import PASSWORD, Pki
from helpers.registry import REGISTRY, letter


@pytest.mark.slow
def test_a_signed_copy_of_an_earlier_build_is_reported(
        tmp_path: Path, pki: Pki, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LETTERPRESS_KEY_PASSWORD", PASSWORD)
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "members.yaml").write_text(REGISTRY, encoding="utf-8")
    source = tmp_path / "source" / "invitation.yaml"
    source.write_text(letter(), encoding="utf-8")
    assert in_folder(tmp_path, capsys, "build").returncode == 0
    signed = in_folder(tmp_path, capsys, "sign", "output/invitation.pdf", "--key",
                       str(pki.keys["alice"]))
    assert signed.returncode == 0, signed.stderr
    # built again to the same bytes: the signed copy still signs what the letter says
    again = in_folder(tmp_path, capsys, "build", "--force")
    assert again.returncode == 0 and again.stderr == ""
    source.write_text(letter().replace("about the assembly", "about the meeting"),
                      encoding="utf-8")
    changed = in_folder(tmp_path, capsys, "build")
    assert changed.returncode == 0
    assert changed.stderr.startswith("warning: output/invitation.signed.pdf was signed from an "
                                     "earlier invitation.pdf")
    assert "letterpress sign output/invitation.pdf" in changed.stderr


@pytest.mark.slow
def test_a_copy_that_is_not_the_built_pdf_with_more_after_it_is_stale(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A signature is an incremental update (ISO 32000-1, 7.5.6): a signed copy begins with
    the bytes signed. One that does not begin with the new PDF was signed from another."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "members.yaml").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "source" / "invitation.yaml").write_text(letter(), encoding="utf-8")
    assert in_folder(tmp_path, capsys, "build").returncode == 0
    pdf = tmp_path / "output" / "invitation.pdf"
    copy = tmp_path / "output" / "invitation.signed.pdf"
    copy.write_bytes(pdf.read_bytes() + b"\n% an update\n")
    assert in_folder(tmp_path, capsys, "build", "--force").stderr == ""
    copy.write_bytes(pdf.read_bytes()[:-1] + b"X\n% an update\n")
    stale = in_folder(tmp_path, capsys, "build", "--force")
    assert stale.stderr.startswith("warning: output/invitation.signed.pdf was signed from")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to judge .gitignore")
def test_the_readmes_trial_key_goes_where_gitignore_keeps_it_out() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("A key for a trial"):]
    block = block[:block.index("```", block.index("```") + 3)]
    written = re.findall(r"-(?:keyout|out) (\S+)", block)
    assert {Path(p).suffix for p in written} == {".key", ".pem", ".p12"}
    done = subprocess.run(["git", "check-ignore", "--no-index", *written], cwd=REPO,
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.stdout.split() == written


@pytest.mark.parametrize(("output", "warned"), [("elsewhere/letter.yaml", True),
                                                ("registry/letters/letter.yaml", False)])
def test_import_against_a_registry_its_build_will_not_find_warns(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str, warned: bool) -> None:
    (tmp_path / "registry" / "letters").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "registry" / "members.yaml").write_text(REGISTRY, encoding="utf-8")
    shutil.copy(SEED_MARKDOWN, tmp_path / "letter.md")
    result = in_folder(tmp_path, capsys, "import", "letter.md", "--registry",
                       "registry/members.yaml", "-o", output)
    assert result.returncode == 0, result.stderr
    warning = (f"warning: {output} is outside the folder of registry/members.yaml: a build "
               "finds the nearest members.yaml above the letter, so it would find no registry")
    assert (warning in result.stderr) is warned
