"""The files letterpress carries with it, found in one place.

The fonts (``fonts/``) and the sRGB colour profile (``icc/``) are part of every PDF, so their
bytes must never depend on the machine: they are taken from beside the source tree (a
checkout, an editable install) or from ``share/letterpress`` under the Python prefix (a
wheel installs them there, see pyproject.toml), never from the system.
"""

from __future__ import annotations

import sys
from pathlib import Path

SOURCE_TREE = Path(__file__).resolve().parents[2]


def places() -> tuple[Path, ...]:
    """Where vendored folders are looked for, in order."""
    return SOURCE_TREE, Path(sys.prefix) / "share" / "letterpress"


def vendored(folder: str, name: str) -> Path:
    """The vendored ``folder`` (``fonts``, ``icc``) that holds the file ``name``; or
    FileNotFoundError saying where it was looked for."""
    for place in places():
        if (place / folder / name).is_file():
            return place / folder
    raise FileNotFoundError(f"the vendored {folder}/{name} was not found (looked in "
                            f"{' and '.join(str(p / folder) for p in places())})")
