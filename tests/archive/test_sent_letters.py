"""Issue 20, point 3: a letter filed as sent never changes silently. A build that would change
it under the same reference, language and revision is refused with the fields it changes;
`letterpress revise` raises the revision in the source (layout and comments kept), and the
new revision's bag records what changed, which `archive history` shows."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers.cli import process
from helpers.registry import REGISTRY, letter

COMMENT = "# checked by the secretariat on 19 November\n"


@pytest.fixture
def filed(tmp_path: Path) -> Path:
    """A project whose letter naming a registry member was built and filed."""
    (tmp_path / ".git").mkdir()  # the project's root: the registry is looked for up to it
    (tmp_path / "source").mkdir()
    (tmp_path / "source/members.yaml").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "source/invitation.yaml").write_text(COMMENT + letter("en"), encoding="utf-8")
    assert process(tmp_path, "build").returncode == 0
    assert process(tmp_path, "archive", "output/invitation.pdf").returncode == 0
    return tmp_path


def fix_name(project: Path) -> None:
    registry = project / "source/members.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "Rafık İsmayılov", "Rafiq İsmayılov"), encoding="utf-8")


@pytest.mark.slow
def test_a_build_that_would_change_a_filed_letter_is_refused(filed: Path) -> None:
    sent = (filed / "output/invitation.pdf").read_bytes()
    fix_name(filed)
    done = process(filed, "build")
    assert done.returncode == 2
    assert ("source/invitation.yaml: reference 7/26 revision 1 (en) was filed as sent "
            "(archive/2026/2026-11-20_7-26_en_r1); this would change 1 field of it:"
            in done.stderr)
    # the place in the letter's words: its group "Signed:", the member printed as "2."
    assert 'Signed 2. name: "Rafık İsmayılov" → "Rafiq İsmayılov"' in done.stderr
    assert "letterpress revise source/invitation.yaml" in done.stderr
    assert (filed / "output/invitation.pdf").read_bytes() == sent  # the sent PDF is kept
    # refused every time, not once: the next build says it again
    assert process(filed, "build").returncode == 2


@pytest.mark.slow
def test_a_build_that_changes_nothing_is_not_refused(filed: Path) -> None:
    done = process(filed, "build", "--force")
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_filing_a_changed_pdf_names_what_changed(filed: Path) -> None:
    fix_name(filed)
    # built without the archive's guard, as another machine would
    assert process(filed, "build", "--archive", "elsewhere", "-o", "other").returncode == 0
    done = process(filed, "archive", "other/invitation.pdf")
    assert done.returncode == 2
    assert "it changes 1 field of the letter filed:" in done.stderr
    assert 'Signed 2. name: "Rafık İsmayılov" → "Rafiq İsmayılov"' in done.stderr
    assert "letterpress revise" in done.stderr
    assert "it is this letter in another file" not in done.stderr


@pytest.mark.slow
def test_revise_then_build_and_file_records_what_changed(filed: Path) -> None:
    fix_name(filed)
    source = filed / "source/invitation.yaml"
    before = source.read_text(encoding="utf-8").splitlines()
    done = process(filed, "revise", "source/invitation.yaml")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ('source/invitation.yaml: revision 1 -> 2; it will print "Corrected '
                           'version; replaces the letter of 20.11.2026"\n')
    after = source.read_text(encoding="utf-8").splitlines()
    # every line of the file as it was, in order; only the revision and its note added
    assert [line for line in after if line in before] == before
    assert [line for line in after if line not in before] == [
        "revision: 2", "correction:",
        "  replaces: 2026-11-20  # the date of the letter this revision replaces"]
    assert process(filed, "build").returncode == 0
    assert process(filed, "archive", "output/invitation.pdf").returncode == 0
    bag = filed / "archive/2026/2026-11-20_7-26_en_r2"
    text = (bag / "data/changes.txt").read_text(encoding="utf-8")
    assert 'Signed 2. name: "Rafık İsmayılov" → "Rafiq İsmayılov"' in text
    assert 'revision: "1" → "2"' in text
    changes = json.loads((bag / "data/changes.json").read_text(encoding="utf-8"))
    assert {"path": "signatories[0].members[1].name", "change": "changed",
            "old": "Rafık İsmayılov", "new": "Rafiq İsmayılov"} in changes
    history = process(filed, "archive", "history", "7/26")
    assert history.returncode == 0
    lines = history.stdout.splitlines()
    assert lines[0].startswith("r1 en  dated 2026-11-20, filed ")
    assert lines[0].endswith("archive/2026/2026-11-20_7-26_en_r1")
    assert lines[1].startswith("r2 en  dated 2026-11-20, filed ")
    assert '    Signed 2. name: "Rafık İsmayılov" → "Rafiq İsmayılov"' in lines
    assert process(filed, "archive", "verify").returncode == 0
    # a second revise raises it again, in place
    assert process(filed, "revise", "source/invitation.yaml").returncode == 0
    assert "revision: 3" in source.read_text(encoding="utf-8").splitlines()


@pytest.mark.slow
def test_changes_rewritten_under_new_manifests_are_found(filed: Path) -> None:
    fix_name(filed)
    assert process(filed, "revise", "source/invitation.yaml").returncode == 0
    assert process(filed, "build").returncode == 0
    assert process(filed, "archive", "output/invitation.pdf").returncode == 0
    bag = filed / "archive/2026/2026-11-20_7-26_en_r2"
    forged = bag / "data/changes.txt"
    # the same number of bytes, so bag-info's Payload-Oxum holds too
    forged.write_text(forged.read_text(encoding="utf-8").replace("Rafiq", "Rafiz"),
                      encoding="utf-8")
    _rehash(bag, "manifest-sha256.txt", "data/changes.txt")
    _rehash(bag, "tagmanifest-sha256.txt", "manifest-sha256.txt")
    done = process(filed, "archive", "verify")
    assert done.returncode == 1
    assert "data/changes.txt: does not say what changed against 2026/2026-11-20_7-26_en_r1" in \
        done.stdout + done.stderr


def _rehash(bag: Path, manifest: str, name: str) -> None:
    lines = []
    for line in (bag / manifest).read_text(encoding="utf-8").splitlines():
        digest, file = line.split(None, 1)
        if file == name:
            digest = hashlib.sha256((bag / name).read_bytes()).hexdigest()
        lines.append(f"{digest}  {file}")
    (bag / manifest).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_history_of_a_reference_never_filed_says_so(tmp_path: Path) -> None:
    done = process(tmp_path, "archive", "history", "9/99")
    assert done.returncode == 1
    assert "no letter with the reference 9/99 is filed" in done.stderr


def test_revise_refuses_a_markdown_letter_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "letter.md").write_text("# A letter\n", encoding="utf-8")
    done = process(tmp_path, "revise", "letter.md")
    assert done.returncode == 2
    assert "letter.md: revise edits YAML letters" in done.stderr
    assert "letterpress import letter.md -o letter.yaml" in done.stderr


@pytest.mark.slow
def test_the_guard_refuses_in_a_worker_process_too(filed: Path) -> None:
    """build -j 2 builds in worker processes; each makes the guard again from the archive's
    folder: the filed letter is refused there as here, and the other letters are built."""
    sent = (filed / "output/invitation.pdf").read_bytes()
    text = (filed / "source/invitation.yaml").read_text(encoding="utf-8")
    others = [f"other-{n}" for n in range(5)]
    for n, name in enumerate(others):
        (filed / f"source/{name}.yaml").write_text(
            text.replace('reference: "7/26"', f'reference: "{n + 100}/26"'), encoding="utf-8")
    fix_name(filed)
    done = process(filed, "build", "-j", "2")
    assert done.returncode == 2
    assert ("source/invitation.yaml: reference 7/26 revision 1 (en) was filed as sent "
            "(archive/2026/2026-11-20_7-26_en_r1); this would change 1 field of it:"
            in done.stderr)
    assert (filed / "output/invitation.pdf").read_bytes() == sent
    assert sorted(p.stem for p in (filed / "output").glob("other-*.pdf")) == others
