"""Mutation testing of the modules that carry letterpress's promises, with mutmut.

    python bench/mutation.py                     # every module below
    python bench/mutation.py compare visibility  # some of them (names as in MODULES)
    python bench/mutation.py --list              # the modules and what each promises
    python bench/mutation.py compare --survivors # also print each survivor's diff
    python bench/mutation.py compare --mutants 'letterpress.check.compare.x_compare_[ci][on]*'
                                                 # only some functions' mutants (a glob)

mutmut changes the code in small ways (a comparison turned round, a number off by one, a
string emptied), one change a "mutant", and runs the tests that reach the changed function. A
mutant is *killed* when a test fails, *survives* when all pass. A survivor is either a promise
no test guards (write the test) or a change that makes no difference a reader, a file or a
caller could ever see: such an *equivalent* mutant is listed in bench/mutation-equivalent.txt
with the reason, and is left out of the kill rate.

The run happens in a copy of the repository in a temporary folder (the working tree is never
touched); mutmut needs the whole package beside each mutant, so it mutates src/letterpress and
this script asks it for the chosen modules only. Needs the ``mutation`` extra:
``pip install -c requirements.lock -e ".[test,mutation]"``. CI does not run it: a full run takes
hours on two cores. Prints figures; the exit status is 1 when a module is under TARGET.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("src", "tests", "source", "fonts", "icc", "bench", "docs", "README.md",
          "pyproject.toml", "requirements.lock")
EQUIVALENT = ROOT / "bench" / "mutation-equivalent.txt"
TARGET = 0.90  # killed share of the non-equivalent mutants, per module

# Name -> (module as mutmut names it, the promise its tests guard, the test files that guard
# it). mutmut's first pass runs the chosen files once to learn which test reaches which
# function; the whole suite under its tracing takes over an hour here, hence the lists.
CHECK = ("tests/check/test_compare.py", "tests/check/test_check_catches_forgeries.py",
         "tests/check/test_check_findings_name_what_differs.py",
         "tests/check/test_readback_reads_what_the_pdf_holds.py",
         "tests/check/test_align_in_order.py", "tests/check/test_oracle.py",
         # what the file holds, the glyphs and stray ink: readback reads them, compare judges
         "tests/check/test_the_file_holds_only_a_letter.py",
         "tests/check/test_contents_names_each_addition.py",
         "tests/check/test_glyphs_are_the_characters_claimed.py",
         "tests/check/test_all_ink_is_accounted_for.py")
SEEN = ("tests/check/test_visibility.py", "tests/check/test_visibility_styles.py",
        "tests/check/test_visibility_limits.py", "tests/check/test_visibility_reasons.py",
        "tests/check/test_bulk_clearing.py", "tests/check/test_check_speed.py",
        "tests/check/test_visibility_slivers_at_the_edges.py",
        "tests/check/test_visibility_ink_inside_the_box.py",
        "tests/check/test_visibility_crop_box_past_the_media_box.py",
        "tests/check/test_visibility_exact_edges.py",
        "tests/check/test_visibility_objects_asked_for.py",
        "tests/check/test_visibility_line_end_hyphens.py",
        "tests/check/test_visibility_unreadable_pdf_without_a_name.py",
        "tests/check/test_visibility_what_lies_under_the_middle.py",
        "tests/check/test_visibility_wholly_past_the_edge.py")
EXTRACT = ("tests/check/test_extract.py", "tests/check/test_extract_limits.py",
           "tests/check/test_extract_refuses_damaged_files.py",
           "tests/check/test_extract_refusals_name_everything.py",
           "tests/check/test_extract_reads_signed_letters.py",
           "tests/check/test_extract_decodes_with_a_bound.py",
           "tests/check/test_extract_reads_every_form_a_source_may_take.py")
PDF = ("tests/pdf/test_pdf_metadata_agrees.py", "tests/pdf/test_pdf_catalog_objects.py",
       "tests/pdf/test_pdfa.py", "tests/check/test_pdfa_rules_for_signature_objects.py")
SIGNED = ("tests/sign/test_signature_judgements.py", "tests/sign/test_verify_verdict.py",
          "tests/sign/test_verify_source.py", "tests/sign/test_sign.py")
CORRECTIONS = ("tests/corrections/test_incremental.py",
               "tests/corrections/test_rebuilds_follow_every_input.py",
               "tests/corrections/test_build_cache_is_never_trusted_blindly.py")
MODULES = {
    # compare_ink judges what PDFium saw: the visibility tests reach it
    "compare": ("letterpress.check.compare", "check: the PDF says what the source says",
                CHECK + SEEN + ("tests/check/test_contents_findings_say_where_and_what.py",
                                "tests/check/test_moved_and_hidden_text_is_named_where_it_stands.py")),
    "align": ("letterpress.check.align", "check: words in order, none missing or added",
              CHECK + ("tests/layout/test_scaling.py",
                       "tests/check/test_broken_words_join_only_inside_a_word.py",
                       "tests/check/test_gaps_and_moves_name_their_neighbours.py",
                       "tests/check/test_stray_lines_are_whole_lines.py",
                       "tests/check/test_words_left_in_a_gap_go_to_their_fields.py",
                       "tests/check/test_long_alignments_anchor_on_unique_words.py")),
    "readback": ("letterpress.check.readback", "check: the text layer read, damage reported",
                 CHECK + ("tests/check/test_readback_reads_every_font_and_content_once.py",)),
    "visibility": ("letterpress.check.visibility", "check: every glyph can be seen", SEEN),
    "inkmap": ("letterpress.check.inkmap", "check: bulk clearing finds what each glyph does", SEEN),
    "guard": ("letterpress.layout.guard", "layout: no glyph outside the text area",
              ("tests/layout/test_guard_keeps_glyphs_inside.py", "tests/layout/test_long_words.py",
               "tests/layout/test_running_header_fits.py")),
    # hyphenation_points is cached (lru_cache), and mutmut leaves decorated functions alone:
    # the syllable rule it calls is what can be mutated
    "hyphenation": ("letterpress.layout.paragraph", "layout: where words may break",
                    ("tests/layout/test_hyphenation_rules.py", "tests/layout/test_layout.py"),
                    "letterpress.layout.paragraph.x__azerbaijani_syllables*"),
    "xmp": ("letterpress.pdf.xmp", "PDF/A: XMP agrees with the document information", PDF),
    "catalog": ("letterpress.pdf.catalog", "PDF/A: output intent, embedded sources", PDF),
    "embedded": ("letterpress.check.pdfa", "PDF/A judgement and embedded files",
                 PDF + ("tests/archive/test_archive_verify_finds_every_change.py",)),
    "extract": ("letterpress.check.extract", "extract: only intact embedded files come out",
                EXTRACT),
    "contents": ("letterpress.check.contents", "check: the file holds only a letter",
                 ("tests/check/test_the_file_holds_only_a_letter.py",
                  "tests/check/test_compare.py",
                  "tests/check/test_contents_names_each_addition.py")),
    "glyphs": ("letterpress.check.glyphs", "check: each glyph is the character claimed",
               ("tests/check/test_glyphs_are_the_characters_claimed.py",
                "tests/check/test_check_catches_forgeries.py",
                "tests/check/test_glyphs_fonts_that_cannot_be_verified.py",
                "tests/check/test_glyphs_to_unicode_forms_and_shapes.py",
                "tests/check/test_glyphs_checked_in_a_process_of_its_own.py",
                "tests/check/test_glyphs_read_what_they_compare.py",
                "tests/check/test_glyphs_of_another_vendored_font.py")),
    "stray": ("letterpress.check.stray", "check: ink outside everything the letter draws",
              ("tests/check/test_stray_ink_regions.py",
               "tests/check/test_stray_ink_edges_and_neighbours.py")),
    "world": ("letterpress.world", "every file read is a regular file under its limit",
              ("tests/test_world.py", "tests/test_file_size_limits.py")),
    "images": ("letterpress.resolve.images", "a logo is a readable image under the pixel limit",
               ("tests/resolve/test_logo_pixel_limit.py", "tests/pdf/test_render.py")),
    "archive-verify": ("letterpress.archive.verify", "archive verify: any change is found",
                       ("tests/archive/test_archive_verify_finds_every_change.py",
                        "tests/archive/test_archive.py")),
    "signatures": ("letterpress.sign.signatures", "verify: the verdict on each signature", SIGNED),
    "verify": ("letterpress.sign.verdict", "verify: the signed text is the embedded source",
               SIGNED),
    "incremental": ("letterpress.corrections.incremental", "build: every changed input rebuilds",
                    CORRECTIONS),
    "registry": ("letterpress.resolve.registry", "members: every edit changes a member's digest",
                 ("tests/resolve/test_registry.py",
                  "tests/corrections/test_members_registry_edits_and_messages.py")
                 + CORRECTIONS),
    "diff": ("letterpress.corrections.diff", "diff: every change of a field is reported",
             ("tests/corrections/test_diff.py",
              "tests/corrections/test_diff_reports_every_field.py",
              "tests/corrections/test_diff_output.py")),
}

# Modules that keep what they read for the rest of the process (check/glyphs.py reads each
# vendored font once): their mutants are run in workers forked from a process that has run no
# test (mutmut's "forkserver"), else a mutant in that reading would run in a process that read
# the font before, unmutated, and never run at all.
FRESH = {"glyphs"}

STATUS = re.compile(r"^\s*(letterpress\.[\w.]+)\.x\S*__mutmut_\d+: (.+)$")


def equivalents() -> dict[str, str]:
    """Mutant name -> why it makes no difference, from bench/mutation-equivalent.txt."""
    found = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, why = line.partition(" ")
                found[name] = why.strip()
    return found


def pattern(name: str) -> str:
    """The mutants to run for one entry of MODULES: its own pattern, or all of its module's."""
    entry = MODULES[name]
    return entry[3] if len(entry) > 3 else entry[0] + ".*"  # type: ignore[misc]


def module_file(module: str) -> str:
    """``letterpress.pdf.xmp`` -> ``src/letterpress/pdf/xmp.py`` (a package: its __init__)."""
    path = Path("src", *module.split("."))
    return (path / "__init__.py").as_posix() if (ROOT / path).is_dir() else f"{path}.py"


def copy_repository(into: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.egg-info", ".hypothesis"))
        elif source.exists():
            shutil.copy2(source, into / name)


def run(chosen: list[str], tests: list[str], show_survivors: bool, only: str = "") -> int:
    patterns = [only] if only else [pattern(name) for name in chosen]
    tests = tests or sorted({t for name in chosen for t in MODULES[name][2]})
    with tempfile.TemporaryDirectory(prefix="letterpress-mutation-") as folder:
        work = Path(folder)
        copy_repository(work)
        # Appended to pyproject.toml's [tool.mutmut], its last table: mutants made only in
        # the chosen modules' files (making them for the whole package takes minutes), and
        # mutmut's first pass (which test reaches which function) over these tests only.
        files = [module_file(MODULES[name][0]) for name in chosen]
        with (work / "pyproject.toml").open("a", encoding="utf-8") as config:
            config.write(f"only_mutate = {files!r}\n".replace("'", '"'))
            config.write(f"pytest_add_cli_args_test_selection = {tests!r}\n".replace("'", '"'))
            if any(name in FRESH for name in chosen):
                config.write('process_isolation = "forkserver"\n')
        environ = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        environ.pop("PYTHONWARNINGS", None)
        ran = subprocess.run([sys.executable, "-m", "mutmut", "run", *patterns], cwd=work,
                             env=environ, capture_output=True, text=True, check=False)
        if ran.returncode != 0:
            print(ran.stdout[-3000:], ran.stderr[-3000:], sep="\n")
            print("mutmut failed: see above")
            return 2
        listing = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"],
                                 cwd=work, env=environ, capture_output=True, text=True,
                                 check=True).stdout
        statuses: dict[str, list[tuple[str, str]]] = {}
        for line in listing.splitlines():
            if match := STATUS.match(line):
                name = line.split(":")[0].strip()
                statuses.setdefault(match.group(1), []).append((name, match.group(2).strip()))
        known = equivalents()
        failing = 0
        print(f"{'module':<16}{'mutants':>8}{'killed':>8}{'equiv.':>8}{'survived':>9}"
              f"{'no test':>8}{'rate':>7}")
        for name in chosen:
            module = MODULES[name][0]
            rows = [row for key, values in statuses.items() if key == module
                    for row in values if row[1] != "not checked"]
            killed = sum(s in ("killed", "timeout") for _, s in rows)
            equivalent = [n for n, s in rows if s != "killed" and n in known]
            survived = [n for n, s in rows if s == "survived" and n not in known]
            untested = [n for n, s in rows if s == "no tests" and n not in known]
            judged = killed + len(survived) + len(untested)
            rate = killed / judged if judged else 1.0
            failing += rate < TARGET
            print(f"{name:<16}{len(rows):>8}{killed:>8}{len(equivalent):>8}{len(survived):>9}"
                  f"{len(untested):>8}{rate:>7.0%}")
            for mutant in survived + untested:
                print(f"    survives: {mutant}")
                if show_survivors:
                    diff = subprocess.run([sys.executable, "-m", "mutmut", "show", mutant],
                                          cwd=work, env=environ, capture_output=True,
                                          text=True, check=False).stdout
                    print("        " + diff.strip().replace("\n", "\n        "))
        return 1 if failing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help="names from --list (default: all)")
    parser.add_argument("--list", action="store_true", help="list the modules and stop")
    parser.add_argument("--survivors", action="store_true", help="print each survivor's diff")
    parser.add_argument("--tests", nargs="+", default=[], metavar="FILE",
                        help="test files to run (default: the modules' own lists; mutmut runs, "
                             "for each mutant, only those that reach its function)")
    parser.add_argument("--mutants", default="", metavar="GLOB",
                        help="run only the mutants whose names match GLOB (default: all of "
                             "the modules')")
    args = parser.parse_args()
    if args.list:
        for name, (module, promise, *_) in MODULES.items():
            print(f"{name:<16}{module:<32}{promise}")
        return 0
    unknown = [name for name in args.modules if name not in MODULES]
    if unknown:
        parser.error(f"unknown module {unknown[0]!r}: choose from {', '.join(MODULES)}")
    return run(args.modules or list(MODULES), args.tests, args.survivors, args.mutants)


if __name__ == "__main__":
    sys.exit(main())
