"""Incremental builds: which letters must be built again, and why.

A build records in its output folder (:data:`CACHE_NAME`, replaced atomically) what each PDF
was made from: the SHA-256 of every input the letter read (its source, letterhead, logo,
registry ...), of the PDF written, and of letterpress itself (its version, its code, its
fonts). The next build hashes the same files again and rebuilds a letter only when one of
them differs. Nothing is taken on trust that was not hashed in this run (no modification
times), so an edited or missing PDF is rebuilt as surely as an edited source.

A cache that cannot be parsed, is of another format, or whose own digest does not match its
content (it was edited) is ignored with a notice, and every letter is built: a damaged cache
costs time, never a wrong skip.

An input can be a *part* of a file, such as one entry of a members registry: :data:`PARTS`
maps a kind of file to a function giving each part's digest from the file's bytes, and an
:class:`Input` with a ``part`` is compared by that digest alone, so editing one member
rebuilds only the letters that name that member. Until a reader of parts is registered for
a kind, the whole file is the input.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from ..errors import LetterpressError
from ..world import Dependency, Kind, Unreadable, read_file

if TYPE_CHECKING:
    from ..merge import MergeJob
    from ..pipeline import Built, Guard, Outcome
    from ..world import World

    # What the pool is given for a row of a merge: its letter to build, an up-to-date PDF to
    # check against the source inside it (a (merge letter, PDF) pair), or its outcome
    # already known (a bad row, or an up-to-date PDF not to check), passed through.
    MergeWork = MergeJob | tuple[Path, Path] | Outcome

__all__ = ["CACHE_NAME", "Cache", "Input", "Orphan", "PARTS", "Plan", "Record", "Stale",
           "build_changed", "build_merge_changed", "environment"]

CACHE_NAME = ".letterpress-cache.json"
# Version 2 names files relative to the output folder (version 1: absolute paths), so a
# project moved whole keeps its cache, and `build --prune` never takes a moved source as gone.
FORMAT, VERSION = "letterpress-cache", 2
SETTLE = 2_000_000_000  # ns: far longer than any file system's clock tick
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
class Input:
    """One thing a letter was built from: a file (absolute path), or a part of one."""

    file: str
    kind: str
    sha256: str
    part: str = ""  # "" for the whole file


@dataclass(frozen=True, slots=True)
class Record:
    """What one PDF of the folder was built from."""

    source: str  # absolute
    inputs: tuple[Input, ...]
    output: str  # SHA-256 of the PDF written
    environment: tuple[str, str, str]  # letterpress version, its code, its fonts
    warnings: int  # how many the letter had (--strict refuses those)
    # The PDF's (size, mtime, ctime, inode) when its hash was last verified, and when (ns):
    # see Cache._output_changed.
    stat: tuple[int, int, int, int] = (0, 0, 0, 0)
    verified: int = 0


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
    from ..pipeline import Outcome, build_one, check_one

    plan = cache.plan(jobs, force=force, strict=strict)
    reasons = {stale.output: stale.reasons for stale in plan.stale}
    try:
        for outcome in run(((s.source, s.output) for s in plan.stale),
                           partial(build_one, strict=strict, read_back=read_back, guard=guard),
                           workers, failed=_failed, world=world):
            if outcome.built is not None:
                cache.record(outcome.source, outcome.output,
                             inputs_of(outcome.built.dependencies, _used_parts(outcome.built)),
                             outcome.built.sha256, len(outcome.built.warnings))
            else:
                cache.forget(outcome.output)
            yield outcome, reasons[outcome.output]
        if read_back:
            for outcome in run(plan.fresh, check_one, workers, failed=_failed, world=world):
                yield outcome, ()
        else:
            for source, output in plan.fresh:
                yield Outcome(source, output), ()
    finally:
        cache.save()


def build_merge_changed(template: Path, out: Path, cache: Cache, world: World,
                        produced: set[str], *, force: bool = False, strict: bool = False,
                        read_back: bool = False, recipients: Path | None = None,
                        guard: Guard | None = None, workers: int = 1
                        ) -> Iterator[tuple[Outcome, tuple[str, ...]]]:
    """Build the letters of the merge letter ``template`` into the folder ``out`` whose row
    (or merge letter, letterhead ...) changed since the PDF was built, on ``workers``
    processes as the recipients file is read (:func:`letterpress.batch.run`, fed lazily:
    10,000 rows are never all in memory); each PDF's record names its row as a part of the
    recipients file, so fixing one row rebuilds that row's PDF alone. Outcomes come in the
    order of the rows. The name of every PDF the recipients still have (good rows and bad)
    is added to ``produced``, for --prune; it is left empty when the merge as a whole failed
    (then nothing is taken for gone). ``recipients`` names another recipients file than the
    letter's; ``guard`` makes the check each merged letter passes before it is written, as
    in :func:`build_changed`. The cache is saved by the caller."""
    from functools import partial

    from ..batch import run
    from ..merge import jobs
    from ..merge.recipients import is_yaml
    from ..pipeline import Outcome

    names: set[str] = set()
    # what the parent needs of each job the pool has taken: why it is built, and its row
    # (None: nothing to record); entries leave as their outcomes come, so this stays small
    pending: dict[Path, tuple[tuple[str, ...], Input | None]] = {}

    def work() -> Iterator[MergeWork]:
        for item in jobs(template, out, world, recipients):
            if isinstance(item, tuple):  # a bad row: reported; its last good PDF is kept
                _, output, error = item
                names.add(output.name)
                cache.forget(output)
                pending[output] = ((), None)
                yield Outcome(template, output, error=error)
                continue
            names.add(item.output.name)
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
        for outcome in run(work(), partial(merge_work, strict=strict, read_back=read_back,
                                           guard=guard),
                           workers, failed=_merge_failed, world=world):
            reasons, row = pending.pop(outcome.output)
            built = outcome.built
            if row is not None and built is not None:
                cache.record(template, outcome.output,
                             (*inputs_of(built.dependencies, _used_parts(built)), row),
                             built.sha256, len(built.warnings))
            elif row is not None:
                cache.forget(outcome.output)
            yield outcome, reasons
    except LetterpressError as exc:  # the merge letter or its recipients file as a whole
        yield Outcome(template, out / (template.stem + ".pdf"), error=exc), ()
        return
    produced |= names


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


def _merge_failed(item: MergeWork, reason: str) -> Outcome:
    """The outcome of a row whose worker process failed."""
    from ..errors import RenderError
    from ..merge import MergeJob
    from ..pipeline import Outcome

    if isinstance(item, Outcome):
        return item
    source, output = (item.template, item.output) if isinstance(item, MergeJob) else item
    return Outcome(source, output, error=RenderError(f"{output.name}: {reason}"))


def _failed(job: tuple[Path, Path], reason: str) -> Outcome:
    """The outcome of a letter whose worker process failed (see letterpress.batch)."""
    from ..errors import RenderError
    from ..pipeline import Outcome

    source, output = job
    return Outcome(source, output, error=RenderError(f"{source}: {reason}"))


def shown(path: str | Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    text = os.path.relpath(path)
    return str(path) if text.startswith("..") else text


class Cache:
    """The records of one output folder; :meth:`save` writes them back if any changed."""

    __slots__ = ("folder", "environment", "records", "notice", "_dirty", "_digests")

    def __init__(self, folder: Path, env: tuple[str, str, str],
                 records: dict[str, Record], notice: str = "") -> None:
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
        env = env or environment()
        path = folder / CACHE_NAME
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return cls(folder, env, {})
        except OSError as exc:
            return cls(folder, env, {}, _ignored(path, (exc.strerror or str(exc)).lower()))
        try:
            records = _parse(data, folder)
        except ValueError as exc:
            return cls(folder, env, {}, _ignored(path, str(exc)))
        return cls(folder, env, records)

    def plan(self, jobs: Iterable[tuple[Path, Path]], *, force: bool = False,
             strict: bool = False) -> Plan:
        """Which of ``jobs`` (source, output) must be built, and why."""
        stale: list[Stale] = []
        fresh: list[tuple[Path, Path]] = []
        self._digests.clear()  # hash every file anew in each plan, once
        for source, output in jobs:
            record = self.records.get(self._key(output))
            if record is None:
                stale.append(Stale(source, output, ()))
                continue
            reasons = ("--force",) if force else self._reasons(source, output, record, strict)
            if reasons:
                stale.append(Stale(source, output, reasons))
            else:
                fresh.append((source, output))
        return Plan(tuple(stale), tuple(fresh))

    def why(self, source: Path, output: Path, *, force: bool = False,
            strict: bool = False) -> tuple[str, ...] | None:
        """Why one letter must be built (no reasons: never built here); None if it is up
        to date. Files are hashed once for all the letters asked about."""
        record = self.records.get(self._key(output))
        if record is None:
            return ()
        reasons = ("--force",) if force else self._reasons(source, output, record, strict)
        return reasons or None

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
        key = (file, kind)
        if key not in self._digests:
            try:
                data = read_file(Path(file), _kind(kind))
            except Unreadable:
                self._digests[key] = None
            else:
                self._digests[key] = hashlib.sha256(data).hexdigest()
        found = self._digests[key]
        return found if isinstance(found, str) or found is None else None

    def _parts(self, file: str, kind: str) -> Mapping[str, str] | None:
        key = (file, "parts:" + kind)
        if key not in self._digests:
            reader = PARTS.get(kind)
            try:
                data = read_file(Path(file), _kind(kind))
                self._digests[key] = reader(data) if reader else None
            except (Unreadable, LetterpressError):
                self._digests[key] = None
        found = self._digests[key]
        return None if isinstance(found, str) else found

    def record(self, source: Path, output: Path, inputs: tuple[Input, ...], output_sha256: str,
               warnings: int) -> None:
        # No stat yet: the PDF was just written, so it is hashed on the next plan.
        self.records[self._key(output)] = Record(os.path.abspath(source), inputs,
                                                 output_sha256, self.environment, warnings)
        self._dirty = True

    def forget(self, output: Path) -> None:
        """A letter that failed: built again next time, whatever changed."""
        if self.records.pop(self._key(output), None) is not None:
            self._dirty = True

    def orphans(self, merged: Mapping[str, set[str]] | None = None) -> tuple[Orphan, ...]:
        """PDFs of this folder whose source is gone (sorted by name); and those of the merge
        letters in ``merged`` (absolute source -> the PDF names its recipients have now)
        whose recipient is gone."""
        merged = merged or {}
        out = []
        for name, record in sorted(self.records.items()):
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
        return {r.source for r in self.records.values()
                if r.source in changed or any(i.file in changed for i in r.inputs)}

    def save(self) -> None:
        """Write the records back (atomically), if any changed since they were read."""
        from ..outputs import write_atomically

        if not self._dirty:
            return
        write_atomically(self.path, _dump(self.records, self.folder))
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


def _ignored(path: Path, why: str) -> str:
    return f"{shown(path)}: ignored ({why}); building every letter"


# --- the file: JSON, with a digest of its own content ------------------------------------------

def _canonical(body: object) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def _dump(records: Mapping[str, Record], folder: Path) -> bytes:
    base = os.path.abspath(folder)

    def named(file: str) -> str:  # relative to the folder, with / on every system
        return Path(os.path.relpath(file, base)).as_posix()

    letters = {name: {"source": named(r.source), "output": r.output, "warnings": r.warnings,
                      "stat": list(r.stat), "verified": r.verified,
                      "environment": list(r.environment),
                      "inputs": [[named(i.file), i.kind, i.part, i.sha256] for i in r.inputs]}
               for name, r in sorted(records.items())}
    body = _canonical({"format": FORMAT, "version": VERSION, "letters": letters})
    digest = hashlib.sha256(body).hexdigest()
    # One line, encoded once: json's C encoder does not indent, and is ten times faster than
    # the Python one. The digest is of the other keys, however they are ordered in the file.
    return body[:-1] + f',"digest":"{digest}"}}\n'.encode()


def _parse(data: bytes, folder: Path) -> dict[str, Record]:
    """The records of the cache file of ``folder``, or ValueError saying why it cannot be
    trusted. Its paths are made absolute again, from where the folder is now."""
    try:
        found = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("it is not a letterpress cache: not JSON") from None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise ValueError("it is not a letterpress cache")
    if found.get("version") != VERSION:
        raise ValueError(f"it is a cache of format version {found.get('version')!r}, "
                         f"not {VERSION}")
    body = {k: v for k, v in found.items() if k != "digest"}
    if found.get("digest") != hashlib.sha256(_canonical(body)).hexdigest():
        raise ValueError("its content does not match its digest: it was edited or damaged")
    try:
        base = os.path.abspath(folder)
        return {str(name): _record(entry, base) for name, entry in found["letters"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ValueError("its records are not in the expected shape") from None


def _record(entry: Mapping[str, object], base: str) -> Record:
    inputs, env, stat = entry["inputs"], entry["environment"], entry["stat"]
    if not (isinstance(inputs, list) and isinstance(env, list) and len(env) == 3
            and isinstance(stat, list) and len(stat) == 4):
        raise ValueError

    def absolute(file: object) -> str:
        return os.path.normpath(os.path.join(base, str(file)))

    return Record(source=absolute(entry["source"]), output=str(entry["output"]),
                  warnings=int(entry["warnings"]),  # type: ignore[call-overload]
                  environment=(str(env[0]), str(env[1]), str(env[2])),
                  stat=(int(stat[0]), int(stat[1]), int(stat[2]), int(stat[3])),
                  verified=int(entry["verified"]),  # type: ignore[call-overload]
                  inputs=tuple(Input(file=absolute(f), kind=str(k), part=str(p),
                                     sha256=str(s)) for f, k, p, s in inputs))
