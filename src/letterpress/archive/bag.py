"""BagIt bags (RFC 8493): the one module that imports the ``bagit`` library.

A letter's bag holds the PDF and the sources it carries under ``data/``, SHA-256 manifests of
both the payload and the tag files, and ``bag-info.txt`` with what a person or a program needs
to know without opening the PDF. The bagit library writes version 0.97 bags; the version is
raised to 1.0 (RFC 8493) and the tag manifest written again, since only bagit.txt differs.

bagit logs what it does through the "bagit" logger and reports a damaged bag by raising; both
stay inside this module: its log gets a handler that drops everything, its errors become
sentences in the changes :func:`check` returns or an ArchiveError.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from ..errors import ArchiveError, WriteError

BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
ALGORITHM = "sha256"
# Tag files a bag of ours has besides bagit.txt; anything else beside data/ was added later.
TAG_FILES = ("bagit.txt", "bag-info.txt", f"manifest-{ALGORITHM}.txt",
             f"tagmanifest-{ALGORITHM}.txt")

Info = dict[str, str | list[str]]


def _bagit() -> Any:  # bagit has no type information
    import bagit

    logger = logging.getLogger("bagit")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    return bagit


def make(folder: Path, info: Info, agent: str) -> None:
    """Turn ``folder`` (its files become the payload) into a bag with ``info``."""
    bagit = _bagit()
    try:
        bagit.make_bag(str(folder), dict(info, **{"Bag-Software-Agent": agent}),
                       checksums=[ALGORITHM])
        (folder / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
        bagit.Bag(str(folder)).save()  # the tag manifest, again over the new bagit.txt
    except OSError as exc:  # the disk is full, or cannot be written
        raise WriteError(f"{folder}: cannot make the bag ({exc.strerror or exc})") from None
    except (bagit.BagError, RuntimeError) as exc:
        raise ArchiveError(f"{folder}: cannot make the bag ({exc})") from None


def read_info(folder: Path) -> Info:
    """The bag-info of the bag ``folder``; ArchiveError if it is not a bag."""
    bagit = _bagit()
    try:
        return dict(bagit.Bag(str(folder)).info)
    except (bagit.BagError, OSError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"{folder}: not a readable bag ({exc})") from None


def check(folder: Path) -> list[str]:
    """What changed in the bag ``folder`` since it was made: each file altered, missing or
    added, as a sentence; empty when its manifests still hold."""
    bagit = _bagit()
    try:
        bag = bagit.Bag(str(folder))
    except (bagit.BagError, OSError, UnicodeDecodeError) as exc:
        return [f"not a readable bag any more ({exc})"]
    changes = []
    missing, added = bag.compare_manifests_with_fs()
    changes += [f"{path}: missing" for path in sorted(missing)]
    changes += [f"{path}: added" for path in sorted(added)]
    changes += [f"{name}: added" for name in sorted(os.listdir(folder))
                if name not in TAG_FILES and name != "data"]
    for path, hashes in sorted(bag.entries.items()):
        file = folder / path
        if path in missing or not file.is_file():
            continue
        if _digest(file) != hashes.get(ALGORITHM, "").lower():
            changes.append(f"{path}: altered (its {ALGORITHM} differs from the manifest)")
    if not changes:
        try:
            bag.validate()
        except bagit.BagError as exc:
            changes.append(str(exc))
    return changes


def _digest(file: Path) -> str:
    with file.open("rb") as handle:
        return hashlib.file_digest(handle, ALGORITHM).hexdigest()
