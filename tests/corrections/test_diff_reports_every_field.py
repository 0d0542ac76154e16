"""letterpress diff compares two letters field by field (README, "Comparing letters"): a
change of any field of the model is reported, under that field's path. The fields are walked
from the model's dataclasses, so a field added to the model later is covered without a
change here; each is changed in turn, and each list also gains and loses an item."""

from __future__ import annotations

import dataclasses
import datetime
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest
from helpers.cli import process as run
from helpers.letters import BASE

from letterpress.corrections.diff import diff_files, diff_letters
from letterpress.model import (
    Letter,
)
from letterpress.world import World

# Fields whose value is never printed, so no reader can tell two letters apart by them:
# the logo's file name (the image printed is logo_data, compared by content) and where the
# letter was read from (not compared, by the model's own definition).
NOT_PRINTED = {"letterhead.logo", "origin"}


def other(value: Any, hint: Any) -> Any:
    """A value of type ``hint`` other than ``value``."""
    if get_origin(hint) is Literal:
        return next(choice for choice in get_args(hint) if choice != value)
    if get_origin(hint) in (Union, types.UnionType):
        if value is None:
            return other(None, next(a for a in get_args(hint) if a is not type(None)))
        return None
    if hint is bool:
        return not value
    if hint is int:
        return (value or 0) + 1
    if hint is str:
        return (value or "") + " changed"
    if hint is bytes:
        return (value or b"") + b" changed"
    if hint is datetime.date:
        return (value or datetime.date(2000, 1, 1)) + datetime.timedelta(days=1)
    raise AssertionError(f"no other value for {hint}")


def variants(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(the path of a field, ``value`` with that field changed), for every field at any
    depth, and for every list an item added and removed (path ``list[index]``)."""
    hints = get_type_hints(type(value))
    for f in dataclasses.fields(value):
        here = f"{path}.{f.name}" if path else f.name
        current = getattr(value, f.name)
        hint = hints[f.name]
        if get_origin(hint) is tuple:
            item = get_args(hint)[0]
            for i, element in enumerate(current):
                if dataclasses.is_dataclass(item):
                    for sub, changed in variants(element, f"{here}[{i}]"):
                        new = current[:i] + (changed,) + current[i + 1:]
                        yield sub, dataclasses.replace(value, **{f.name: new})
                else:
                    new = current[:i] + (other(element, item),) + current[i + 1:]
                    yield f"{here}[{i}]", dataclasses.replace(value, **{f.name: new})
            last = len(current) - 1
            yield f"{here}[{last}]", dataclasses.replace(value, **{f.name: current[:-1]})
            added = (_renamed(current[0]) if dataclasses.is_dataclass(item)
                     else other(current[0], item))
            yield (f"{here}[{last + 1}]",
                   dataclasses.replace(value, **{f.name: (*current, added)}))
        elif dataclasses.is_dataclass(hint) or dataclasses.is_dataclass(current):
            for sub, changed in variants(current, here):
                yield sub, dataclasses.replace(value, **{f.name: changed})
            if not dataclasses.is_dataclass(hint):  # optional: also left out
                yield here, dataclasses.replace(value, **{f.name: None})
        else:
            yield here, dataclasses.replace(value, **{f.name: other(current, hint)})


def _renamed(value: Any) -> Any:
    """An item to add to a list: ``value`` with each of its own text fields changed (a new
    member, a new group, a new paragraph), so it pairs with no item already there."""
    return dataclasses.replace(value, **{
        f.name: other(getattr(value, f.name), str) for f in dataclasses.fields(value)
        if isinstance(getattr(value, f.name), str) and f.name != "href"})


# The logo's bytes are shown under the key that names the image in the source.
SHOWN_AS = {"letterhead.logo_data": "letterhead.logo"}


def reported(path: str, changes: tuple[Any, ...]) -> bool:
    """Whether a change names the field ``path``: itself, a part of it, or the item holding
    it (a paragraph is compared as a whole; a member with another id is another member)."""
    wanted = SHOWN_AS.get(path, path.split(".spans", 1)[0])
    return any(c.path == wanted or c.path.startswith(wanted + ".")
               or wanted.startswith(c.path + ".") for c in changes)


CASES = [(path, changed) for path, changed in variants(BASE)
         if path.split("[")[0] not in NOT_PRINTED]


def test_the_walk_reaches_every_field_of_the_model() -> None:
    paths = {path for path, _ in variants(BASE)}
    for expected in ("paper", "correction.text", "correction.place", "correction.replaces",
                     "signatories[1].columns", "signatories[1].members[0].role",
                     "signatories[2]", "signatories[1]", "body[0].spans[1].bold",
                     "letterhead.logo_data", "letterhead.address[2]", "signature",
                     "signature.place", "signature.date", "signature.signers[0].title",
                     "signature.signers[1].organisation", "signature.signers[2]"):
        assert expected in paths


def test_the_same_letter_has_no_changes() -> None:
    assert diff_letters(BASE, dataclasses.replace(BASE)) == ()


@pytest.mark.parametrize(("path", "changed"), CASES, ids=[path for path, _ in CASES])
def test_a_change_of_any_field_is_reported_under_its_path(path: str, changed: Letter) -> None:
    assert changed != BASE
    assert reported(path, diff_letters(BASE, changed)), diff_letters(BASE, changed)
    assert reported(path, diff_letters(changed, BASE)), diff_letters(changed, BASE)


def test_a_signatory_group_added_or_removed_is_reported_as_such() -> None:
    one = dataclasses.replace(BASE, signatories=BASE.signatories[:1])
    removed = diff_letters(BASE, one)
    assert [(c.path, c.kind, c.old) for c in removed] == [
        ("signatories[1]", "removed", "Supported by: (2 members)")]
    added = diff_letters(one, BASE)
    assert [(c.path, c.kind, c.new) for c in added] == [
        ("signatories[1]", "added", "Supported by: (2 members)")]


# --- the correction note, from sources and from the PDFs built from them --------------------

LETTER = """\
letterhead:
  name: Azerbaijan Open Government Platform
reference: "7/26"
date: 2026-11-20
revision: 2
correction:
  text: Corrected version; replaces the letter of {date}
  place: top
sender: The Secretariat
recipient: Members of the Platform
body:
  - We write to you about the assembly.
"""


@pytest.mark.slow
def test_correction_notes_differing_in_wording_and_place_are_reported(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(LETTER, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(
        LETTER.replace("Corrected version;", "This corrects and").replace("top", "bottom"),
        encoding="utf-8")
    expected = [
        'correction note: "Corrected version; replaces the letter of {date}" → '
        '"This corrects and replaces the letter of {date}"',
        'place of the correction note: "top" → "bottom"']
    sources = run(tmp_path, "diff", "old.yaml", "new.yaml")
    assert (sources.returncode, sources.stdout.splitlines()) == (1, expected)
    for name in ("old", "new"):
        done = run(tmp_path, "build", f"{name}.yaml", "-o", f"{name}.pdf")
        assert done.returncode == 0, done.stderr
    pdfs = run(tmp_path, "diff", "old.pdf", "new.pdf")
    assert (pdfs.returncode, pdfs.stdout.splitlines()) == (1, expected)
    assert [c.path for c in diff_files(tmp_path / "new.yaml", tmp_path / "old.pdf", World())] == [
        "correction.text", "correction.place"]
