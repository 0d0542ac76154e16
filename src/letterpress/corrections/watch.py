"""Watching: build the letters a save affects, on every save, until stopped.

One :class:`~letterpress.world.World` serves every build (the fonts are loaded once) and one
:class:`~letterpress.corrections.incremental.Cache` decides what a change affects: a saved letter,
or a letterhead, logo or registry that recorded letters read. Each round goes through
:func:`~letterpress.corrections.incremental.build_changed`, so watching and ``letterpress build``
agree on
what is up to date, and a save that breaks a letter is reported while its last good PDF stays
where it is (builds replace a PDF only by a complete new one).

A letter that failed has no record of what it read, so it is tried again when its own file
is saved or when any other file a letter can read (YAML, Markdown, an image) is.

watchfiles (Rust's notify: inotify on Linux) is used only here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LetterpressError
from ..pipeline import is_letter_file, letters_in, outputs_for
from ..seen import Seen
from ..world import World
from .incremental import CACHE_NAME, Cache, Orphan, build_changed, build_merge_changed

if TYPE_CHECKING:
    import threading

    from ..pipeline import Outcome

__all__ = ["Round", "Watcher", "watch"]

# What a letter can read: a save of any other file (a PDF, an editor's swap file) is no
# reason to try a failed letter again.
READABLE = (".yaml", ".yml", ".md", ".txt", ".csv", ".png", ".jpg", ".jpeg", ".gif")
STEP_MS = 20  # quiet time after a change before building: a save is one burst of events
TIMEOUT_MS = 50  # how often an idle watcher wakes (to notice it is asked to stop)


@dataclass(frozen=True, slots=True)
class Round:
    """What one round of building did: each letter built (with why), and the PDFs whose
    source is gone (reported, never deleted here)."""

    built: tuple[tuple[Outcome, tuple[str, ...]], ...]
    orphans: tuple[Orphan, ...] = ()
    error: LetterpressError | None = None  # the letters could not even be listed
    notice: str = ""  # what happened to the watching itself (a folder gone, or back)


class Watcher:
    """The letters of ``paths`` built into ``out``, and what a change of files affects."""

    __slots__ = ("paths", "out", "strict", "world", "cache", "relisted", "_failed", "_jobs",
                 "_by_source")

    def __init__(self, paths: Iterable[Path], out: Path, world: World, *,
                 strict: bool = False) -> None:
        self.paths = tuple(paths)
        self.out = out
        self.strict = strict
        self.world = world
        self.cache = Cache.for_output(out)
        self._failed: set[str] = set()  # sources whose last build failed (absolute)
        # The letters, listed again only when one may have come or gone: listing a folder
        # of 1,000 letters costs more than building the one that was saved.
        self._jobs: list[tuple[Path, Path]] | None = None
        self._by_source: dict[str, tuple[Path, Path]] = {}
        self.relisted = True  # whether the last jobs() listed the folders anew

    def jobs(self) -> list[tuple[Path, Path]]:
        """The (source, output) pairs of the letters there are."""
        self.relisted = self._jobs is None
        if self._jobs is None:
            sources = [s for p in self.paths if os.path.exists(p) for s in letters_in(p)]
            self._jobs = list(zip(sources, outputs_for(sources, self.out), strict=True))
            self._by_source = {os.path.abspath(s): (s, o) for s, o in self._jobs}
        return self._jobs

    def build(self, jobs: list[tuple[Path, Path]]) -> Iterator[tuple[Outcome, tuple[str, ...]]]:
        """Build what is out of date among ``jobs``: a merge letter's once for each recipient
        whose letter is (saving its recipients file affects the merge letter, whose records
        read it)."""
        from ..merge import is_merge_letter

        merges = [source for source, _ in jobs if is_merge_letter(source)]
        letters = [job for job in jobs if job[0] not in merges]
        for outcome, reasons in build_changed(letters, self.cache, self.world,
                                              strict=self.strict):
            source = os.path.abspath(outcome.source)
            if outcome.error is None:
                self._failed.discard(source)
            else:
                self._failed.add(source)
            yield outcome, reasons
        for merge in merges:
            source, failed = os.path.abspath(merge), False
            for outcome, reasons in build_merge_changed(merge, self.out, self.cache,
                                                        self.world, Seen(),
                                                        strict=self.strict):
                failed = failed or outcome.error is not None
                yield outcome, reasons
            if failed:
                self._failed.add(source)
            else:
                self._failed.discard(source)

    def affected(self, changed: Iterable[str]) -> list[tuple[Path, Path]]:
        """The jobs a change of the files ``changed`` (absolute) may affect."""
        files = {f for f in changed if not self._ours(f)}
        if not files:
            return []
        if any(self._comes_or_goes(f) for f in files):
            self._jobs = None
        self.jobs()
        hit = self.cache.affected_by(files) | files
        if any(f.lower().endswith(READABLE) for f in files):
            hit |= self._failed
        return [job for source, job in self._by_source.items() if source in hit]

    def _comes_or_goes(self, file: str) -> bool:
        """A letter file that is not listed (by its name or its text, as a folder's letters
        are found), or is listed and gone."""
        if file in self._by_source:
            return not os.path.exists(file)
        return os.path.exists(file) and is_letter_file(Path(file))

    def present(self) -> bool:
        """Whether every path given to watch is there."""
        return all(os.path.exists(p) for p in self.paths)

    def relist(self) -> None:
        """List the letters anew on the next :meth:`jobs` (their folder came back)."""
        self._jobs = None

    def roots(self) -> tuple[Path, ...]:
        """The folders to watch: those of the paths given, and of every file the recorded
        letters read (a letterhead may live elsewhere)."""
        folders = {os.path.abspath(p if os.path.isdir(p) else os.path.dirname(p) or ".")
                   for p in self.paths}
        folders |= {os.path.dirname(i.file) for _, r in self.cache.entries()
                    for i in r.inputs}
        folders = {f for f in folders if os.path.isdir(f)}
        return tuple(Path(f) for f in sorted(folders)
                     if not any(f.startswith(other + os.sep) for other in folders))

    def _ours(self, file: str) -> bool:
        """A file builds write (a PDF, the cache, a temporary file): never a reason to build."""
        folder = os.path.abspath(self.cache.folder)
        return os.path.dirname(file) == folder and (
            file.endswith((".pdf", ".part")) or os.path.basename(file).startswith(CACHE_NAME))


def watch(watcher: Watcher, *, stop: threading.Event | None = None,
          ready: Callable[[tuple[Path, ...]], None] | None = None) -> Iterator[Round]:
    """Build what is out of date, then one round per burst of saves, until ``stop`` is set
    (or KeyboardInterrupt). ``ready`` is called with the folders watched, each time the
    watching (re)starts."""
    from watchfiles import watch as changes_in

    yield _round(watcher, watcher.jobs)
    while stop is None or not stop.is_set():
        if not watcher.present():
            # what was given to watch was moved or deleted: wait for it, then build what
            # changed meanwhile and watch it again
            given = ", ".join(str(p) for p in watcher.paths)
            yield Round((), notice=f"{given}: gone; waiting for it to come back (Ctrl-C "
                        "stops)")
            while not watcher.present():
                if _wait(stop):
                    return
            watcher.relist()
            done = _round(watcher, watcher.jobs)
            yield Round(done.built, done.orphans, done.error, f"{given}: back")
            continue
        roots = watcher.roots()
        told, where = False, _identity(roots)
        # The OS is asked to watch on the first step of the generator; its first (empty)
        # answer after a timeout tells that saves from now on are seen.
        for changes in changes_in(*roots, step=STEP_MS, stop_event=stop,
                                  rust_timeout=TIMEOUT_MS, yield_on_timeout=True):
            if not told and ready is not None:
                ready(roots)
            told = True
            if not changes:
                if _identity(roots) != where:
                    break  # a folder watched was moved away (and perhaps back): look again
                continue
            if not watcher.present():
                break  # the changes are a folder moved away: that is said first, above
            files = {os.path.abspath(path) for _, path in changes}
            yield _round(watcher, partial(watcher.affected, files))
            if watcher.roots() != roots or _identity(roots) != where:
                break  # a letter now reads a file elsewhere, or a folder moved: look again


def _identity(folders: tuple[Path, ...]) -> tuple[tuple[int, int] | None, ...]:
    """Which folders these are (device and inode; None for one not there): a folder moved
    away and another put in its place is another folder to watch."""
    out: list[tuple[int, int] | None] = []
    for folder in folders:
        try:
            info = os.stat(folder)
        except OSError:
            out.append(None)
        else:
            out.append((info.st_dev, info.st_ino))
    return tuple(out)


def _wait(stop: threading.Event | None) -> bool:
    """Wait a step for a folder to come back; True when asked to stop meanwhile."""
    import time

    if stop is not None:
        return stop.wait(TIMEOUT_MS / 1000)
    time.sleep(TIMEOUT_MS / 1000)
    return False


def _round(watcher: Watcher, jobs: Callable[[], list[tuple[Path, Path]]]) -> Round:
    try:
        built = tuple(watcher.build(jobs()))
    except LetterpressError as exc:  # e.g. two letters of one name: reported, not fatal
        return Round((), watcher.cache.orphans(), exc)
    # a PDF's source can only have gone if the letters were listed anew
    return Round(tuple(b for b in built if b[0].built is not None or b[0].error is not None),
                 watcher.cache.orphans() if watcher.relisted else ())
