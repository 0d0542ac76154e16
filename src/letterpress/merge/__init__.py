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

from .letters import MergeJob, build_one, count, is_merge_letter, jobs, merged_text

__all__ = ["MergeJob", "build_one", "count", "is_merge_letter", "jobs", "merged_text"]
