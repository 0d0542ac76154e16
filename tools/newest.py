"""Try the newest releases within pyproject.toml's bounds, on purpose.

    python tools/newest.py            # resolve, install in a throw-away venv, run the suite
    python tools/newest.py --accept   # the same, then write requirements.lock if it passed

requirements.lock pins what the tests passed with; this script asks what would change if the
lock were made today. It resolves the newest releases of every package (uv pip compile
--upgrade, the same command that made the lock), prints what changed against the lock,
installs them in a new virtual environment in a temporary folder, runs the whole test suite
there and prints what failed and which warnings libraries raised (a deprecation the suite
records is a change coming). The working tree and the current environment are left alone,
except with --accept, which replaces requirements.lock when the suite passed.

Needs uv (`pip install -c requirements.lock -e ".[lock]"`) and the network to the package
index. Exit status: 0 the suite passed with the newest releases, 1 it did not, 2 they could
not be resolved or installed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PYTHON = "3.11"  # the oldest Python pyproject.toml allows: the lock must install there
COMPILE = ["pip", "compile", "pyproject.toml", "--all-extras", "--universal",
           "--python-version", PYTHON]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)(?:\s*;\s*(.+))?$")


def pins(lock: str) -> dict[str, str]:
    """Package (with its environment marker, if any) -> version, from a lock file's text."""
    found = {}
    for line in lock.splitlines():
        if match := PIN.match(line.strip()):
            name, version, marker = match.groups()
            key = name.lower() + (f" ; {marker}" if marker else "")
            found[key] = version
    return found


def changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted(old.keys() | new.keys()):
        if name not in new:
            lines.append(f"  - {name} {old[name]} (no longer needed)")
        elif name not in old:
            lines.append(f"  + {name} {new[name]} (new)")
        elif old[name] != new[name]:
            lines.append(f"    {name} {old[name]} -> {new[name]}")
    return lines


def uv() -> list[str]:
    found = shutil.which("uv")
    if found:
        return [found]
    try:
        import uv as module  # the PyPI package ships the binary
    except ImportError:
        print('uv is not installed: pip install -c requirements.lock -e ".[lock]"',
              file=sys.stderr)
        raise SystemExit(2) from None
    return [module.find_uv_bin()]


def step(title: str, command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    print(f"== {title}", flush=True)
    return subprocess.run(command, cwd=ROOT, text=True, capture_output=True,
                          check=False, **kwargs)  # type: ignore[call-overload]


def report_tests(output: str) -> None:
    """The lines of pytest's output worth reading: failures, errors, recorded warnings and
    the closing count."""
    lines = output.splitlines()
    in_warnings = False
    for line in lines:
        if "warnings summary" in line:
            in_warnings = True
        elif line.startswith(("-- Docs:", "=====")) and in_warnings:
            in_warnings = False
        if in_warnings or line.startswith(("FAILED", "ERROR")):
            print("   ", line)
    if lines:
        print("   ", lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accept", action="store_true",
                        help="write requirements.lock when the suite passes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="letterpress-newest-") as folder:
        work = Path(folder)
        candidate = work / "requirements.lock"
        header = " ".join(["uv", *COMPILE, "-o", "requirements.lock"])
        resolved = step("resolving the newest releases within pyproject.toml's bounds",
                        [*uv(), *COMPILE, "--upgrade", "--custom-compile-command", header,
                         "-o", str(candidate)])
        if resolved.returncode != 0:
            print(resolved.stderr)
            return 2
        new_text = candidate.read_text(encoding="utf-8")
        changed = changes(pins(LOCK.read_text(encoding="utf-8")), pins(new_text))
        print("\n".join(changed) if changed else "    the lock is already the newest")

        venv.create(work / "venv", with_pip=True)
        python = str(work / "venv" / "bin" / "python")
        installed = step("installing them in a throw-away environment",
                         [python, "-m", "pip", "install", "-q", "-c", str(candidate),
                          "-e", ".[test]"])
        if installed.returncode != 0:
            print(installed.stdout, installed.stderr)
            return 2
        tested = step("running the test suite with them",
                      [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"])
        report_tests(tested.stdout)
        passed = tested.returncode == 0
        print("the suite passes with the newest releases" if passed
              else "the suite FAILS with the newest releases: see above")
        if passed and args.accept and changed:
            LOCK.write_text(new_text, encoding="utf-8")
            print(f"wrote {LOCK.relative_to(ROOT)}: run .ci/run before committing it")
        return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
