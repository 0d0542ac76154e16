"""The project: the folder of a set of letters, found the way git finds a repository.

A project is the nearest folder, from the current one upward, that holds ``letterpress.toml``.
The file names the project's folders, each relative to the file and each optional::

    source = "source"              # the letters (default source/)
    output = "output"              # their PDFs (default output/)
    archive = "archive"            # the archive (default archive/)
    registry = "source/members.yaml"  # the members registry (default: the nearest
                                      # members.yaml above the letters)

``registry`` is the registry ``members check`` and ``affected`` read, and it must be the one a
build finds for each letter (the nearest members.yaml above it, up to the project's folder):
a project file naming another is refused, so that every command reads one registry.
Commands run anywhere inside the project use these folders; paths given on the command line
stay relative to the current folder. Outside any project the defaults are today's: source/,
output/ and archive/ in the current folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..world import Unreadable, read_file

PROJECT_FILE = "letterpress.toml"
KEYS = ("source", "output", "archive", "registry")
LIMIT = 64 * 1024  # a project file is a few lines
NO_PROJECT = f"no {PROJECT_FILE} here or in a folder above"


@dataclass(frozen=True, slots=True)
class Project:
    """The folders commands use by default, named relative to the current folder."""

    file: Path | None  # None: outside any project
    source: Path
    output: Path
    archive: Path | None  # None: the archive is found as outside a project
    registry: Path | None  # None: the nearest members.yaml above the letters

    @property
    def where(self) -> str:
        """How a message names the project, or says there is none."""
        return str(self.file) if self.file else NO_PROJECT


def find_file(start: Path | None = None) -> Path | None:
    """The nearest letterpress.toml in ``start`` (default: the current folder) or above."""
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def find(start: Path | None = None) -> Project:
    """The project the current folder (or ``start``) is in, read; SourceError naming the file
    and the key when the file is wrong."""
    file = find_file(start)
    if file is None:
        return Project(None, Path("source"), Path("output"), None, None)
    return read(file)


def read(file: Path) -> Project:
    import tomllib

    shown = _relative(file)
    try:
        if file.stat().st_size > LIMIT:
            raise Unreadable(f"the file is more than a project file may be ({LIMIT} bytes)")
        data = read_file(file, "letterhead")
    except OSError as exc:
        raise SourceError(f"{shown}: cannot read the project file "
                          f"({(exc.strerror or str(exc)).lower()})") from None
    except Unreadable as exc:
        raise SourceError(f"{shown}: cannot read the project file ({exc.reason})") from None
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise SourceError(f"{shown}: the project file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{shown}: invalid TOML: {exc}",
                          hint='write each setting as  source = "source"') from None
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise SourceError(f"{shown}: {unknown[0]}: not a setting of a project file",
                          hint=f"the settings are {', '.join(KEYS)}")
    folders: dict[str, Path | None] = {}
    for key in KEYS:
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise SourceError(f"{shown}: {key}: expected a path in quotes, got {value!r}",
                              hint=f'for example  {key} = "{key}"')
        folders[key] = _relative(file.parent / value) if value is not None else None
    source = folders["source"] or _relative(file.parent / "source")
    registry = folders["registry"]
    if registry is not None and source.is_dir():
        _found_by_builds(shown, registry, source)
    return Project(shown, source, folders["output"] or _relative(file.parent / "output"),
                   folders["archive"] or _relative(file.parent / "archive"), registry)


def _found_by_builds(shown: Path, registry: Path, source: Path) -> None:
    """The registry named is the one a build of the letters finds (the nearest members.yaml
    above each letter): one registry for every command, or SourceError saying where to put
    it."""
    from ..resolve.registry import find_registry

    found = find_registry(source)
    if found is None or os.path.abspath(found) != os.path.abspath(registry):
        builds = f"builds of the letters in {source} read {found}" if found else \
            f"builds of the letters in {source} would not find it"
        raise SourceError(f"{shown}: registry: {registry} is not the members registry of the "
                          f"letters ({builds}: a letter reads the nearest members.yaml above it)",
                          hint=f"put the registry in {source} or a folder above it, named "
                          "members.yaml, or leave the registry setting out")


def letter_paths(given: list[Path], here: Project) -> list[Path]:
    """The letters a command works on: those given, else the project's source folder (or
    source/ here, outside any project); SourceError saying why there are none."""
    if given:
        return given
    if here.source.is_dir():
        return [here.source]
    if here.file is None:
        raise SourceError(f"{here.source}: no such folder, and {here.where}",
                          hint="give the letters (files or folders), go to the "
                          "folder of your letters, or start one with letterpress init DIR")
    raise SourceError(f"{here.file}: source: the folder {here.source} does not exist",
                      hint=f"create it, or name the folder of your letters in {here.file}")


def _relative(path: Path) -> Path:
    """``path`` as the user would write it from the current folder (``../source`` from a
    subfolder of the project, ``source`` from its root)."""
    return Path(os.path.relpath(path.absolute()))
