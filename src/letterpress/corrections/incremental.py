"""Incremental builds: which letters must be built again, and why.

A build records in its output folder (:data:`CACHE_NAME`, a row a PDF: see records.py) what
each PDF was made from: the SHA-256 of every input the letter read (its source, letterhead, logo,
registry ...), of the PDF written, and of letterpress itself (its version, its code, its
fonts). The next build hashes the same files again and rebuilds a letter only when one of
them differs. Nothing is taken on trust that was not hashed in this run (no modification
times), so an edited or missing PDF is rebuilt as surely as an edited source.

A cache file that cannot be read or is of another format is ignored with a notice, and every
letter is built; a record whose own digest does not match its content (it was edited) is
ignored, and its letter built: a damaged cache costs time, never a wrong skip.

An input can be a *part* of a file, such as one entry of a members registry: :data:`PARTS`
maps a kind of file to a function giving each part's digest from the file's bytes, and an
:class:`Input` with a ``part`` is compared by that digest alone, so editing one member
rebuilds only the letters that name that member. Until a reader of parts is registered for
a kind, the whole file is the input.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from ..errors import LetterpressError
from ..world import Dependency, Kind, Unreadable, read_file
from .records import CACHE_NAME, Input, Record, Table, shown

if TYPE_CHECKING:
    from ..merge import MergeJob
    from ..pipeline import Built, Guard, Outcome
    from ..seen import Seen
    from ..world import World

    # What the pool is given for a row of a merge: its letter to build, an up-to-date PDF to
    # check against the source inside it (a (merge letter, PDF) pair), or its outcome
    # already known (a bad row, or an up-to-date PDF not to check), passed through.
    MergeWork = MergeJob | tuple[Path, Path] | Outcome

__all__ = ["CACHE_NAME", "Cache", "Input", "Orphan", "PARTS", "Plan", "Record", "Stale",
           "build_changed", "build_merge_changed", "environment"]

SETTLE = 2_000_000_000  # ns: far longer than any file system's clock tick
DIGESTS_KEPT = 1024  # files' digests kept while planning (see Cache._known)
# A kind of file -> the digest of each of its parts (e.g. registry id -> SHA-256 of the
# entry), from the file's bytes. The registry's module registers its reader here.
PARTS: dict[str, Callable[[bytes], Mapping[str, str]]] = {}


def _registry_parts(data: bytes) -> Mapping[str, str]:
    from ..resolve.registry import entry_digests

    return entry_digests(data)


PARTS["registry"] = _registry_parts


def _rows(yaml: bool) -> Callable[[bytes], Mapping[str, str]]:
    def digests(data: bytes) -> Mapping[str, str]:
        from ..merge.recipients import row_digests

        return row_digests(data, yaml)

    return digests


# A merge's recipients file: each row (by its number) is the part one PDF was built from.
PARTS["recipients-csv"], PARTS["recipients-yaml"] = _rows(False), _rows(True)


@dataclass(frozen=True, slots=True)
class Stale:
    """A letter to build, and why (no reasons: it was never built into this folder)."""

    source: Path
    output: Path
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Orphan:
    """A PDF in the folder built from a source that is gone (or, for a merge letter, whose
    recipient is gone from its recipients file: ``row``)."""

    output: Path
    source: Path
    row: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    stale: tuple[Stale, ...]
    fresh: tuple[tuple[Path, Path], ...]  # (source, output) up to date


def environment() -> tuple[str, str, str]:
    """letterpress's version, and digests of its code (with the colour profile it embeds and
    the version of ReportLab, which writes the PDF) and of its fonts: a change of any of them
    may change every PDF."""
    from .. import __version__
    from ..fonts import ALL_FILES, fonts_dir, reportlab_version
    from ..vendored import vendored

    package = Path(__file__).resolve().parents[1]  # the whole package, every stage
    code = hashlib.sha256(f"reportlab {reportlab_version()}\0".encode())
    for path in sorted(package.rglob("*.py")):
        code.update(path.relative_to(package).as_posix().encode() + b"\0")
        code.update(hashlib.sha256(path.read_bytes()).digest())
    with contextlib.suppress(FileNotFoundError):  # building would then fail, naming it
        icc = vendored("icc", "sRGB.icc") / "sRGB.icc"
        code.update(hashlib.sha256(icc.read_bytes()).digest())
    fonts = hashlib.sha256()
    folder = fonts_dir()
    for name in sorted(ALL_FILES):
        fonts.update(hashlib.sha256((folder / name).read_bytes()).digest())
    return __version__, code.hexdigest(), fonts.hexdigest()


def inputs_of(dependencies: Iterable[Dependency],
              parts: Mapping[str, Mapping[str, str]] | None = None) -> tuple[Input, ...]:
    """The inputs of a letter from the files it read; ``parts`` (absolute file -> part ->
    digest) replaces a whole file by the parts of it the letter used."""
    out: list[Input] = []
    for dep in dependencies:
        file = os.path.abspath(dep.path)
        used = (parts or {}).get(file)
        if used:
            out += [Input(file, dep.kind, digest, part) for part, digest in sorted(used.items())]
        else:
            out.append(Input(file, dep.kind, dep.sha256))
    return tuple(out)


def _used_parts(built: Built) -> dict[str, dict[str, str]]:
    """The parts of each file the letter used (the registry entries it names), each with its
    digest; a file of which the letter used no part counts whole."""
    parts: dict[str, dict[str, str]] = {}
    for dependency in built.dependencies:
        reader = PARTS.get(dependency.kind)
        if reader is not None and built.members:
            digests = reader(dependency.data)
            parts[os.path.abspath(dependency.path)] = {
                member: digests[member] for member in built.members if member in digests}
    return parts


def build_changed(jobs: Iterable[tuple[Path, Path]], cache: Cache, world: World, *,
                  force: bool = False, strict: bool = False, read_back: bool = False,
                  guard: Guard | None = None, workers: int = 1
                  ) -> Iterator[tuple[Outcome, tuple[str, ...]]]:
    """Build the letters of ``jobs`` that ``cache`` does not show up to date, with
    :func:`~letterpress.pipeline.build_one` on ``workers`` processes
    (:func:`letterpress.batch.run`; 1: one after the other in this one), recording each;
    then, with ``read_back``, check the others too. Outcomes come in the order of ``jobs``
    (those built, then those up to date), each with the reasons it was built (none: never
    built here); an up-to-date letter's outcome has neither ``built`` nor ``error``.
    ``guard`` makes, from the world of the process that builds, the check each loaded
    letter passes before it is written (pipeline.build's ``before_writing``). The cache is
    saved at the end, or when the caller stops early."""
    from functools import partial

    from ..batch import run
    from ..pipeline import Outcome

    # Planned as the pool takes the jobs: the reasons of those taken and not yet answered,
    # and the letters up to date, are all that is held (not a plan of every letter).
    fresh: list[tuple[Path, Path]] = []
    pending: dict[Path, tuple[str, ...]] = {}
    cache.start()

    def stale() -> Iterator[tuple[Path, Path]]:
        for source, output in jobs:
            why = cache.why(source, output, force=force, strict=strict)
            if why is None:
                fresh.append((source, output))
            else:
                pending[output] = why
                yield source, output

    try:
        for outcome, inputs in run(stale(), partial(build_recorded, strict=strict,
                                                    read_back=read_back, guard=guard),
                                   workers, failed=_failed, world=world):
            if outcome.built is not None:
                cache.record(outcome.source, outcome.output, inputs, outcome.built.sha256,
                             len(outcome.built.warnings))
            else:
                cache.failed(outcome.output)
            yield outcome, pending.pop(outcome.output)
        if read_back:
            for outcome, _ in run(fresh, _checked, workers, failed=_failed, world=world):
                yield outcome, ()
        else:
            for source, output in fresh:
                yield Outcome(source, output), ()
    finally:
        cache.save()


def build_recorded(job: tuple[Path, Path], world: World, *, strict: bool = False,
                   read_back: bool = False, guard: Guard | None = None
                   ) -> tuple[Outcome, tuple[Input, ...]]:
    """:func:`~letterpress.pipeline.build_one`, in whichever process the pool runs it,
    with what the cache records of it: the outcome goes back to the parent without the
    bytes of the files the letter read (about 10 KiB a letter), only their digests."""
    from ..pipeline import build_one

    return _lean(build_one(job, world, strict=strict, read_back=read_back, guard=guard))


def _lean(outcome: Outcome) -> tuple[Outcome, tuple[Input, ...]]:
    built = outcome.built
    if built is None:
        return outcome, ()
    inputs = inputs_of(built.dependencies, _used_parts(built))
    return replace(outcome, built=replace(built, dependencies=())), inputs


def _checked(job: tuple[Path, Path], world: World) -> tuple[Outcome, tuple[Input, ...]]:
    from ..pipeline import check_one

    return check_one(job, world), ()


def build_merge_changed(template: Path, out: Path, cache: Cache, world: World,
                        produced: Seen, *, force: bool = False, strict: bool = False,
                        read_back: bool = False, recipients: Path | None = None,
                        guard: Guard | None = None, workers: int = 1
                        ) -> Iterator[tuple[Outcome, tuple[str, ...]]]:
    """Build the letters of the merge letter ``template`` into the folder ``out`` whose row
    (or merge letter, letterhead ...) changed since the PDF was built, on ``workers``
    processes as the recipients file is read (:func:`letterpress.batch.run`, fed lazily:
    10,000 rows are never all in memory); each PDF's record names its row as a part of the
    recipients file, so fixing one row rebuilds that row's PDF alone. Outcomes come in the
    order of the rows. The name of every PDF the recipients still have (good rows and bad)
    is added to ``produced``, for --prune; it is emptied when the merge as a whole failed
    (then nothing is taken for gone). ``recipients`` names another recipients file than the
    letter's; ``guard`` makes the check each merged letter passes before it is written, as
    in :func:`build_changed`. The cache is saved by the caller."""
    from functools import partial

    from ..batch import run
    from ..merge import jobs
    from ..merge.recipients import is_yaml
    from ..pipeline import Outcome

    # what the parent needs of each job the pool has taken: why it is built, and its row
    # (None: nothing to record); entries leave as their outcomes come, so this stays small
    pending: dict[Path, tuple[tuple[str, ...], Input | None]] = {}

    def work() -> Iterator[MergeWork]:
        for item in jobs(template, out, world, recipients):
            if isinstance(item, tuple):  # a bad row: reported; its last good PDF is kept
                _, output, error = item
                produced.add(output.name)
                cache.failed(output)
                pending[output] = ((), None)
                yield Outcome(template, output, error=error)
                continue
            produced.add(item.output.name)
            reasons = cache.why(template, item.output, force=force, strict=strict)
            if reasons is None:  # up to date: checked, if asked, in a worker
                pending[item.output] = ((), None)
                yield (template, item.output) if read_back else Outcome(template, item.output)
                continue
            kind = "recipients-yaml" if is_yaml(item.recipients) else "recipients-csv"
            pending[item.output] = (reasons, Input(os.path.abspath(item.recipients), kind,
                                                   item.row.digest, str(item.row.n)))
            yield item

    try:
        for outcome, inputs in run(work(), partial(merge_recorded, strict=strict,
                                                   read_back=read_back, guard=guard),
                                   workers, failed=_merge_failed, world=world):
            reasons, row = pending.pop(outcome.output)
            built = outcome.built
            if row is not None and built is not None:
                cache.record(template, outcome.output, (*inputs, row), built.sha256,
                             len(built.warnings))
            elif row is not None:
                cache.failed(outcome.output)
            yield outcome, reasons
    except LetterpressError as exc:  # the merge letter or its recipients file as a whole
        produced.clear()  # nothing is taken for gone
        yield Outcome(template, out / (template.stem + ".pdf"), error=exc), ()


def merge_work(item: MergeWork, world: World, *, strict: bool = False,
               read_back: bool = False, guard: Guard | None = None) -> Outcome:
    """One row's work, in whichever process the pool runs it (see :data:`MergeWork`)."""
    from ..merge import MergeJob, build_one
    from ..pipeline import Outcome, check_embedded

    if isinstance(item, Outcome):
        return item
    if isinstance(item, MergeJob):
        outcome: Outcome = build_one(item, world, strict=strict,
                                     before_writing=guard(world) if guard else None)
        if outcome.built is None or not read_back:
            return outcome
        output = item.output
    else:
        outcome, output = Outcome(*item), item[1]
    try:
        return replace(outcome, findings=check_embedded(output, world))
    except LetterpressError as exc:
        return replace(outcome, error=exc)


def merge_recorded(item: MergeWork, world: World, *, strict: bool = False,
                   read_back: bool = False, guard: Guard | None = None
                   ) -> tuple[Outcome, tuple[Input, ...]]:
    """:func:`merge_work`, with what the cache records of it (as :func:`build_recorded`)."""
    return _lean(merge_work(item, world, strict=strict, read_back=read_back, guard=guard))


def _merge_failed(item: MergeWork, reason: str) -> tuple[Outcome, tuple[Input, ...]]:
    """The outcome of a row whose worker process failed."""
    from ..errors import RenderError
    from ..merge import MergeJob
    from ..pipeline import Outcome

    if isinstance(item, Outcome):
        return item, ()
    source, output = (item.template, item.output) if isinstance(item, MergeJob) else item
    return Outcome(source, output, error=RenderError(f"{output.name}: {reason}")), ()


def _failed(job: tuple[Path, Path], reason: str) -> tuple[Outcome, tuple[Input, ...]]:
    """The outcome of a letter whose worker process failed (see letterpress.batch)."""
    from ..errors import RenderError
    from ..pipeline import Outcome

    source, output = job
    return Outcome(source, output, error=RenderError(f"{source}: {reason}")), ()


class Cache:
    """The records of one output folder; :meth:`save` writes them back if any changed."""

    __slots__ = ("folder", "environment", "records", "notice", "_dirty", "_digests")

    def __init__(self, folder: Path, env: tuple[str, str, str],
                 records: MutableMapping[str, Record], notice: str = "") -> None:
        self.folder, self.environment, self.records = folder, env, records
        self.notice = notice  # why the cache on disk was ignored; "" if it was not
        self._dirty = False
        self._digests: dict[tuple[str, str], str | Mapping[str, str] | None] = {}

    @property
    def path(self) -> Path:
        return self.folder / CACHE_NAME

    @classmethod
    def for_output(cls, out: Path) -> Cache:
        """The cache of the letters built into ``out``: a folder, or a .pdf file whose folder
        keeps the cache."""
        return cls.open(out.parent if out.suffix.lower() == ".pdf" else out)

    @classmethod
    def open(cls, folder: Path, env: tuple[str, str, str] | None = None) -> Cache:
        """The cache of ``folder`` (none there: empty; damaged or foreign: empty, with a
        notice)."""
        records = Table.open(folder / CACHE_NAME)
        return cls(folder, env or environment(), records, records.notice)

    def start(self) -> None:
        """Begin a plan: every file is hashed anew, once (see :meth:`why`)."""
        self._digests.clear()

    def plan(self, jobs: Iterable[tuple[Path, Path]], *, force: bool = False,
             strict: bool = False) -> Plan:
        """Which of ``jobs`` (source, output) must be built, and why."""
        stale: list[Stale] = []
        fresh: list[tuple[Path, Path]] = []
        self.start()
        for source, output in jobs:
            reasons = self.why(source, output, force=force, strict=strict)
            if reasons is None:
                fresh.append((source, output))
            else:
                stale.append(Stale(source, output, reasons))
        return Plan(tuple(stale), tuple(fresh))

    def why(self, source: Path, output: Path, *, force: bool = False,
            strict: bool = False) -> tuple[str, ...] | None:
        """Why one letter must be built (no reasons: never built here); None if it is up
        to date. Files are hashed once for all the letters asked about since
        :meth:`start` (the last DIGESTS_KEPT files: those many letters read stay, a letter's
        own source is read once)."""
        record = self.records.get(self._key(output))
        if record is None:
            return self._unread(output)
        if force:
            return ("--force",)
        if record.failed:
            return ("its last build failed",)
        return self._reasons(source, output, record, strict) or None

    def _unread(self, output: Path) -> tuple[str, ...]:
        """Why a PDF has no record (none: it was never built here)."""
        why = self.records.ignored(self._key(output)) if isinstance(self.records, Table) \
            else ""
        return (f"{shown(output)}: {why}",) if why else ()

    def _reasons(self, source: Path, output: Path, record: Record,
                 strict: bool) -> tuple[str, ...]:
        if record.source != os.path.abspath(source):
            return (f"{shown(output)} was built from {shown(record.source)}",)
        reasons = [r for i in record.inputs if (r := self._changed(i))]
        reasons += _environment_changes(record.environment, self.environment)
        reasons += self._output_changed(output, record)
        if strict and record.warnings:
            reasons.append("it has warnings, and --strict makes them errors")
        return tuple(reasons)

    def _output_changed(self, output: Path, record: Record) -> list[str]:
        """Whether the PDF is still the one built. Hashing 1,000 PDFs costs more than the
        whole rest of a build with nothing to do, so a PDF whose size, times and inode are
        those it had when its hash was last verified is taken as unchanged, provided its
        ctime (which no program can set) was then more than SETTLE ago: an edit within the
        file system's clock tick of the write would leave ctime as it was (git's "racy
        clean" problem), so such a PDF is hashed again, and its stat recorded once settled.
        """
        try:
            info = os.stat(output)
        except OSError:
            return [f"{shown(output)} is missing"]
        stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        if stat == record.stat and info.st_ctime_ns < record.verified - SETTLE:
            return []
        if self._digest(str(output), "pdf") != record.output:
            return [f"{shown(output)} was changed after it was built"]
        now = time.time_ns()
        if info.st_ctime_ns < now - SETTLE:
            self.records[self._key(output)] = replace(record, stat=stat, verified=now)
            self._dirty = True
        return []

    def _changed(self, item: Input) -> str:
        """Why ``item`` is no longer what the letter was built from ("" if it is)."""
        if item.part:
            parts = self._parts(item.file, item.kind)
            if parts is None:
                return f"{shown(item.file)} is gone"
            if parts.get(item.part) != item.sha256:
                what = "recipient " if item.kind.startswith("recipients") else ""
                return f"{shown(item.file)}: {what}{item.part} changed"
            return ""
        digest = self._digest(item.file, item.kind)
        if digest is None:
            return f"{shown(item.file)} is gone"
        return "" if digest == item.sha256 else f"{shown(item.file)} changed"

    def _digest(self, file: str, kind: str) -> str | None:
        def digest() -> str | None:
            try:
                return hashlib.sha256(read_file(Path(file), _kind(kind))).hexdigest()
            except Unreadable:
                return None

        found = self._known((file, kind), digest)
        return found if isinstance(found, str) else None

    def _parts(self, file: str, kind: str) -> Mapping[str, str] | None:
        def parts() -> Mapping[str, str] | None:
            reader = PARTS.get(kind)
            try:
                return reader(read_file(Path(file), _kind(kind))) if reader else None
            except (Unreadable, LetterpressError):
                return None

        found = self._known((file, "parts:" + kind), parts)
        return None if isinstance(found, str) else found

    def _known(self, key: tuple[str, str], work: Callable[[], str | Mapping[str, str] | None]
               ) -> str | Mapping[str, str] | None:
        """What ``work`` gives for ``key``, worked out once since :meth:`start`; the
        DIGESTS_KEPT most recently asked for are kept (a file every letter reads stays, a
        letter's own source, read once, leaves)."""
        if key in self._digests:
            found = self._digests[key] = self._digests.pop(key)  # now the most recent
            return found
        found = self._digests[key] = work()
        if len(self._digests) > DIGESTS_KEPT:
            del self._digests[next(iter(self._digests))]
        return found

    def record(self, source: Path, output: Path, inputs: tuple[Input, ...], output_sha256: str,
               warnings: int) -> None:
        # No stat yet: the PDF was just written, so it is hashed on the next plan.
        self.records[self._key(output)] = Record(os.path.abspath(source), inputs,
                                                 output_sha256, self.environment, warnings)
        self._dirty = True

    def failed(self, output: Path) -> None:
        """A letter that failed: built again next time, whatever changed. Its record stays,
        marked, for the PDF it describes is kept: when its source or recipient goes, that
        PDF is an orphan like any other."""
        key = self._key(output)
        record = self.records.get(key)
        if record is not None and not record.failed:
            self.records[key] = replace(record, failed=True)
            self._dirty = True

    def forget(self, output: Path) -> None:
        """A PDF no longer kept (pruned): no record of it."""
        if self.records.pop(self._key(output), None) is not None:
            self._dirty = True

    def orphans(self, merged: Mapping[str, Container[str]] | None = None
                ) -> tuple[Orphan, ...]:
        """PDFs of this folder whose source is gone (sorted by name); and those of the merge
        letters in ``merged`` (absolute source -> the PDF names its recipients have now)
        whose recipient is gone."""
        merged = merged or {}
        out = []
        for name, record in self.entries():
            if not os.path.lexists(record.source):
                out.append(Orphan(self.folder / name, Path(record.source)))
            elif record.source in merged and name not in merged[record.source]:
                out.append(Orphan(self.folder / name, Path(record.source), row=True))
        return tuple(out)

    def prune(self, orphan: Orphan) -> None:
        """Delete an orphan's PDF and forget it."""
        (self.folder / orphan.output.name).unlink(missing_ok=True)
        self.forget(orphan.output)

    def affected_by(self, files: Iterable[str]) -> set[str]:
        """The sources of recorded letters that read any of ``files`` (absolute)."""
        changed = set(files)
        return {r.source for _, r in self.entries()
                if r.source in changed or any(i.file in changed for i in r.inputs)}

    def entries(self) -> Iterator[tuple[str, Record]]:
        """Every record, by name, one at a time (a folder of 10,000 PDFs is never read
        whole into memory)."""
        if isinstance(self.records, Table):
            return self.records.rows()
        return iter(sorted(self.records.items()))

    def save(self) -> None:
        """Make the records permanent: those written are committed to the folder's cache
        file; records given in memory (a dict) replace the file's whole."""
        if isinstance(self.records, Table):
            self.records.commit()
        elif self._dirty:
            table = Table.open(self.path)
            for name in list(table):
                del table[name]
            table.update(self.records)
            table.commit()
        self._dirty = False

    def _key(self, output: Path) -> str:
        return output.name


def _kind(kind: str) -> Kind:
    """A recorded kind as the world knows it (an unknown one is read with the largest
    limit: a cache names kinds, it does not widen what may be read)."""
    return next((k for k in get_args(Kind) if k == kind), "pdf")


def _environment_changes(old: tuple[str, str, str], new: tuple[str, str, str]) -> list[str]:
    if old[0] != new[0]:
        return [f"letterpress {old[0]} was replaced by {new[0]}"]
    out = ["letterpress's code (or ReportLab) changed"] if old[1] != new[1] else []
    return out + (["the fonts changed"] if old[2] != new[2] else [])
