"""Warnings and waits: a command never prints a library's warning; the suite fails on any
warning letterpress's own code causes and records one it cannot act on; no test waits without
a limit."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from cryptography.utils import CryptographyDeprecationWarning
from helpers import REPO
from helpers.pki import PASSWORD, Pki

TESTS = REPO / "tests"
DEPRECATIONS = [DeprecationWarning, PendingDeprecationWarning, FutureWarning,
                CryptographyDeprecationWarning]


def warn_from(module: str, category: type[Warning]) -> list[str]:
    """Raise a warning as if ``module`` had raised it; the messages the filters let through
    to be recorded (an error is raised instead)."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.warn_explicit("this will go away", category, "somewhere.py", 1, module=module,
                               registry={})
    return [str(w.message) for w in seen]


@pytest.mark.parametrize("category", DEPRECATIONS)
@pytest.mark.parametrize("module", ["letterpress", "letterpress.sign.signer",
                                    "letterpress.pdf.draw",
                                    "test_sign", "conftest", "helpers.pki",
                                    "helpers.embedded"])
def test_a_deprecation_letterpress_or_its_tests_cause_fails_the_suite(
        module: str, category: type[Warning]) -> None:
    with pytest.raises(category):
        warn_from(module, category)


@pytest.mark.parametrize("category", DEPRECATIONS)
@pytest.mark.parametrize("module", ["pyhanko.sign.signers.pdf_cms", "pikepdf", "letterpressx"])
def test_a_deprecation_inside_a_library_is_recorded_not_an_error(
        module: str, category: type[Warning]) -> None:
    assert warn_from(module, category) == ["this will go away"]


@pytest.mark.parametrize("category", [UserWarning, RuntimeWarning, ResourceWarning])
def test_any_other_warning_fails_the_suite_wherever_it_comes_from(
        category: type[Warning]) -> None:
    with pytest.raises(category):
        warn_from("pyhanko.sign", category)


def command(*args: str, cwd: Path | None = None, warnoptions: tuple[str, ...] = (),
            program: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m letterpress ARGS`` (or ``python -c PROGRAM ARGS``) as a user runs it: no
    PYTHONWARNINGS from the test run's environment."""
    environ = {**os.environ, "PYTHONPATH": str(REPO / "src"),
               "LETTERPRESS_KEY_PASSWORD": PASSWORD}
    environ.pop("PYTHONWARNINGS", None)
    start = ["-c", program] if program else ["-m", "letterpress"]
    return subprocess.run([sys.executable, *warnoptions, *start, *args], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=120)


# A command whose work raises warnings from a library (as pyHanko's import of a deprecated
# cryptography API does), then prints its report.
NOISY = """
import sys, warnings
import letterpress.cli as cli
def main():
    for category in (DeprecationWarning, UserWarning, RuntimeWarning):
        warnings.warn_explicit("library noise", category, "lib.py", 7, module="somelib")
    print("report")
    return 0
cli.main = main
sys.argv = ["letterpress", "schema"]
cli.run()
"""


def test_a_command_prints_no_warning_of_a_library() -> None:
    done = command(program=NOISY)
    assert (done.returncode, done.stdout, done.stderr) == (0, "report\n", "")


def test_python_s_own_switch_still_shows_them_to_a_programmer() -> None:
    done = command(program=NOISY, warnoptions=("-W", "default"))
    assert done.stdout == "report\n"
    assert done.stderr.count("library noise") == 3


@pytest.mark.slow
def test_signing_and_verifying_print_only_letterpress_s_words(
        pki: Pki, sample_pdf: Path, tmp_path: Path) -> None:
    letter = Path(shutil.copy(sample_pdf, tmp_path / "letter.pdf"))
    signed = command("sign", letter.name, "--key", str(pki.keys["alice"]), cwd=tmp_path)
    assert signed.returncode == 0, signed.stderr
    verified = command("verify", "letter.signed.pdf", "--trust", str(pki.root), cwd=tmp_path)
    assert verified.returncode == 0, verified.stderr
    for done in (signed, verified):
        assert "Warning" not in done.stdout + done.stderr
        assert done.stderr == ""


# --- no test waits without a limit ------------------------------------------------------------

BLOCKING = {"run", "call", "check_call", "check_output"}  # subprocess's, which wait for the end
WAITS = {"wait", "communicate", "join"}  # a process's or a thread's


def unbounded_waits(tree: ast.AST) -> list[str]:
    """Calls in a test module that could wait for ever: subprocess calls and waits with no
    timeout, and processes started other than through tests/processes.py."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, owner = node.func.attr, ast.unparse(node.func.value)
        limited = any(k.arg == "timeout" for k in node.keywords)
        if (owner == "subprocess" and name in BLOCKING and not limited
                or owner == "subprocess" and name == "Popen"
                or name in WAITS and not (limited or node.args)
                or name in {"read", "readline"} and owner.endswith((".stdout", ".stderr"))):
            found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_the_finder_of_unbounded_waits_sees_each_kind() -> None:
    tree = ast.parse("subprocess.run(['x'])\nsubprocess.run(['x'], timeout=5)\n"
                     "process.wait()\nprocess.wait(5)\nthread.join()\n"
                     "subprocess.Popen(['x'])\nprocess.stdout.readline()\n"
                     "subprocess.check_output(['x'])\n")
    assert [line.split(":")[0] for line in unbounded_waits(tree)] == [
        "line 1", "line 3", "line 5", "line 6", "line 7", "line 8"]


@pytest.mark.slow
def test_no_test_waits_for_a_process_or_a_thread_without_a_limit() -> None:
    found = {path.name: waits for path in sorted(TESTS.rglob("*.py"))
             if path.name != "processes.py"
             and (waits := unbounded_waits(ast.parse(path.read_text(encoding="utf-8"))))}
    assert found == {}
