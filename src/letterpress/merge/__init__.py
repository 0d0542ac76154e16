"""Mail merge: one letter written once, built for each recipient of a recipients file.

A merge letter declares ``merge: {recipients: FILE, reference: PATTERN, output: PATTERN}``
and refers to a row's fields as ``{{name}}``, ``{{organisation}}`` ... (docs/source-format.md,
"Mail merge"). :mod:`.recipients` reads the rows (CSV streamed, or YAML); :mod:`.letters`
turns each good row into a picklable job (:class:`~.letters.MergeJob`), lazily, and builds a
job with :func:`~.letters.build_one` ``(job, world) -> Outcome``: the letter merged for that
row, written out as YAML, is the source its PDF carries, so each PDF is a letter of its own
for check, extract and archive.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .detect import is_merge_letter

if TYPE_CHECKING:
    from .letters import MergeJob, build_one, count, jobs, merged_text

__all__ = ["MergeJob", "build_one", "count", "is_merge_letter", "jobs", "merged_text"]


def __getattr__(name: str) -> Any:
    """The merging itself (letters.py, recipients.py, csv) loads when first asked for: a
    build asks every letter whether it is a merge letter (detect.py), and most are not."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(".letters", __name__), name)
