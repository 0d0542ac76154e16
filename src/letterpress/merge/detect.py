"""Whether a letter file is a merge letter: asked of every letter a build is given, so this
module is all a build of letters without a merge loads of the merge package."""

from __future__ import annotations

import re
from pathlib import Path

from ..world import Unreadable, read_file

_MERGE_KEY = re.compile(r"^merge[ \t]*:", re.MULTILINE)


def is_merge_letter(path: Path) -> bool:
    """Whether the letter file ``path`` is a merge letter (a YAML letter with ``merge:``);
    a file that cannot be read is not (building it says why)."""
    if path.suffix.lower() in (".md", ".txt"):  # a Markdown letter has no merge
        return False
    try:
        return _MERGE_KEY.search(read_file(path, "letter").decode("utf-8-sig")) is not None
    except (Unreadable, UnicodeDecodeError):
        return False
