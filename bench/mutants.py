"""Mutation checks: does the test suite notice when the builder says the wrong thing?

    python bench/mutants.py                 # every mutant against the fast test files
    python bench/mutants.py --list          # the mutants, without running anything
    python bench/mutants.py -k role -k merge
    python bench/mutants.py --tests tests/test_build.py tests/check/test_oracle.py

Each mutant is one exact text replacement in a file of src/letterpress/, applied to a copy of
the repository in a temporary folder (the working tree is never touched). The chosen test
files then run against the copy; a mutant is *killed* when at least one test fails and
*survives* when all pass. A mutant whose text is no longer in the source is *stale*: the code
moved, and the mutant must be rewritten to match it.

The mutants are the blind spots of a suite whose expected words come from the builder's own
content.py: a fault there changes what is drawn and what is expected alike. Exit status: 0
when every mutant is killed, 1 when one survives or is stale. Prints figures; asserts nothing
about time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The test files worth running per mutant: the property tests (slow, random) and the
# command-line tests (processes) add time and catch nothing the others miss here.
FAST_TESTS = ("tests/check/test_oracle.py", "tests/test_model_coverage.py", "tests/test_build.py",
              "tests/check/test_compare.py", "tests/parse/test_markdown.py",
              "tests/pdf/test_reading_order.py", "tests/pdf/test_render.py",
              "tests/layout/test_layout.py")
COPIED = ("src", "tests", "source", "fonts", "pyproject.toml")


@dataclass(frozen=True, slots=True)
class Mutant:
    name: str
    file: str  # relative to src/letterpress/
    old: str
    new: str


MUTANTS = (
    Mutant("member role dropped", "content.py",
           '    if member.role:\n        text += ", " + member.role\n', ""),
    Mutant("member organisation dropped", "content.py",
           "        text += NAME_SEPARATOR + member.organisation\n", "        pass\n"),
    Mutant("label/entry merge dropped", "render.py",
           'if block.kind == "label" and blocks and blocks[0].path == block.path:',
           "if False:"),
    Mutant("letterhead address dropped", "content.py",
           "for i, line in enumerate(head.address)]",
           "for i, line in enumerate(head.address[1:])]"),
    Mutant("letterhead telephone dropped", "content.py",
           "    if head.telephone:\n", "    if False:\n"),
    Mutant("letterhead website dropped", "content.py",
           "    if head.website:\n", "    if False:\n"),
    Mutant("sender after recipients", "content.py",
           '    out.append(Field("sender", (Span(letter.sender, bold=True),), "party", '
           'labels["sender"]))\n'
           '    out += [Field(f"recipient[{i}]", (Span(line, bold=True),), "party",\n'
           '                  labels["recipient"] if i == 0 else "")\n'
           '            for i, line in enumerate(letter.recipient)]\n',
           '    out += [Field(f"recipient[{i}]", (Span(line, bold=True),), "party",\n'
           '                  labels["recipient"] if i == 0 else "")\n'
           '            for i, line in enumerate(letter.recipient)]\n'
           '    out.append(Field("sender", (Span(letter.sender, bold=True),), "party", '
           'labels["sender"]))\n'),
    # Layout sets the fields kind by kind, so this one changes only what check expects: the
    # PDF stays right and only a check of a right PDF can notice.
    Mutant("closing before body", "content.py",
           '    out += [Field(f"body[{i}]", p.spans, "paragraph") for i, p in '
           'enumerate(letter.body)]\n'
           '    out += [Field(f"closing[{i}]", (Span(line),), "closing")\n'
           '            for i, line in enumerate(letter.closing)]\n',
           '    out += [Field(f"closing[{i}]", (Span(line),), "closing")\n'
           '            for i, line in enumerate(letter.closing)]\n'
           '    out += [Field(f"body[{i}]", p.spans, "paragraph") for i, p in '
           'enumerate(letter.body)]\n'),
    Mutant("last body paragraph dropped", "content.py",
           'for i, p in enumerate(letter.body)]', 'for i, p in enumerate(letter.body[:-1])]'),
    Mutant("last member dropped", "content.py",
           "for i, m in enumerate(group.members)]", "for i, m in enumerate(group.members[:-1])]"),
    Mutant("list numbers ignore start", "content.py",
           'return f"{group.start + index}."', 'return f"{1 + index}."'),
    Mutant("second recipient line dropped", "content.py",
           "for i, line in enumerate(letter.recipient)]",
           "for i, line in enumerate(letter.recipient[:1])]"),
    Mutant("day and month swapped", "content.py",
           '"DD": f"{date.day:02d}", "D": str(date.day),',
           '"DD": f"{date.month:02d}", "D": str(date.month),'),
    Mutant("link targets dropped", "content.py",
           "(Span(head.website, href=head.website_href),)", "(Span(head.website),)"),
    Mutant("title from the source ignored", "layout/__init__.py",
           'title = letter.title or f"{letter.reference} {letter.recipient[0]}"',
           'title = f"{letter.reference} {letter.recipient[0]}"'),
    Mutant("only the first address line", "content.py",
           "for i, line in enumerate(head.address)]",
           "for i, line in enumerate(head.address[:1])]"),
    Mutant("only the first closing line", "content.py",
           "for i, line in enumerate(letter.closing)]",
           "for i, line in enumerate(letter.closing[:1])]"),
    Mutant("only the first signatory group", "content.py",
           "for g, group in enumerate(letter.signatories):",
           "for g, group in enumerate(letter.signatories[:1]):"),
    Mutant("role printed only beside an organisation", "content.py",
           '    if member.role:\n', '    if member.role and member.organisation:\n'),
    Mutant("role replaces the organisation", "content.py",
           'text += ", " + member.role', 'text = member.name + ", " + member.role'),
    Mutant("bold body text drawn regular", "layout/flow.py",
           "return [StyledText(s.text, style_of(s.bold, s.italic), size, s.href)",
           "return [StyledText(s.text, style_of(False, s.italic), size, s.href)"),
    Mutant("links in the body dropped", "layout/flow.py",
           "style_of(s.bold, s.italic), size, s.href) for s in field.spans]",
           "style_of(s.bold, s.italic), size, None) for s in field.spans]"),
    Mutant("two columns set as one", "layout/__init__.py",
           "        if group.columns == 2:\n            flow.columns(made, gutter)\n",
           ""),
    Mutant("language not in the metadata", "layout/__init__.py",
           "letter.language, f\"D:", "\"en\", f\"D:"),
    Mutant("Markdown importer cuts an organisation at its comma", "markdown/body.py",
           "plain(organisation, line,", 'plain(organisation.split(",")[0], line,'),
)


def copy_repository(target: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
        else:
            shutil.copy2(source, target / name)


def run_tests(copy: Path, tests: list[str]) -> tuple[int, float, str]:
    """Run ``tests`` against the copy's src/: (pytest's exit code, seconds, the first test
    that failed or else pytest's last line)."""
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONWARNINGS", None)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
         "-p", "no:randomly", *tests],
        cwd=copy, env=env, capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    failed = [line.split(" - ")[0].removeprefix("FAILED ") for line in lines
              if line.startswith(("FAILED ", "ERROR "))]
    detail = failed[0] if failed else lines[-1] if lines else ""
    return result.returncode, time.perf_counter() - start, detail


def uses_the_copy(copy: Path) -> bool:
    """The copy's package, not the installed one, must be the one the tests import."""
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    code = "import letterpress; print(letterpress.__file__)"
    found = subprocess.run([sys.executable, "-c", code], cwd=copy, env=env, capture_output=True,
                           text=True, check=True)
    return Path(found.stdout.strip()).resolve().is_relative_to(copy.resolve())


def try_mutant(mutant: Mutant, tests: list[str]) -> tuple[str, float, str]:
    with tempfile.TemporaryDirectory(prefix="letterpress-mutant-") as folder:
        copy = Path(folder)
        copy_repository(copy)
        path = copy / "src" / "letterpress" / mutant.file
        text = path.read_text(encoding="utf-8")
        if text.count(mutant.old) != 1:
            return "stale", 0.0, f"the text to replace occurs {text.count(mutant.old)} times"
        path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
        if not uses_the_copy(copy):
            raise SystemExit("the tests would import the installed letterpress, not the copy")
        code, seconds, last = run_tests(copy, tests)
    if code == 0:
        return "SURVIVED", seconds, last
    if code == 1:
        return "killed", seconds, last
    return "broken", seconds, last  # pytest could not run: the mutant is not a real program


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", dest="keywords", action="append", default=[],
                        help="only mutants whose name contains this (repeatable)")
    parser.add_argument("--tests", nargs="+", default=list(FAST_TESTS),
                        help="test files to run per mutant (default: the fast ones)")
    parser.add_argument("--deselect", nargs="+", default=[], metavar="TEST",
                        help="tests to leave out (pytest node ids), to see what else kills")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS
              if not args.keywords or any(k in m.name for k in args.keywords)]
    tests = [t for t in args.tests if (ROOT / t.split("::")[0]).exists()]
    tests += [f"--deselect={node}" for node in args.deselect]
    if args.list:
        for m in chosen:
            print(f"{m.name}  ({m.file})")
        return 0
    print(f"{len(chosen)} mutants against {' '.join(tests)}")
    outcomes = []
    for mutant in chosen:
        outcome, seconds, detail = try_mutant(mutant, tests)
        outcomes.append(outcome)
        print(f"{outcome:8}  {mutant.name:42} {seconds:5.1f} s  {detail}", flush=True)
    killed = outcomes.count("killed") + outcomes.count("broken")
    print(f"{killed} of {len(chosen)} killed; survived: {outcomes.count('SURVIVED')}; "
          f"stale: {outcomes.count('stale')}")
    return 0 if killed == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main())
