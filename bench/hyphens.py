"""The fewest hyphens each body paragraph can be set with, and what each bound costs.

    python bench/hyphens.py

The exhaustive search is a test oracle, so it lives with the tests
(tests/helpers/hyphen_search.py, whose docstring says what it measures); this prints its
figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers.hyphen_search import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
