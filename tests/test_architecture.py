"""Each third-party library lives behind the module that owns it (docs/architecture.md), and
the slow ones stay off the start-up path: checked by parsing the imports, not by convention."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

PACKAGE = REPO / "src" / "letterpress"
OWNERS = {
    "yaml": {"parse/yaml_source.py", "parse/yamltree.py", "parse/dump.py", "parse/edit.py",
             "resolve/registry.py"},
    "reportlab": {"fonts.py", "pdf/__init__.py", "pdf/catalog.py", "pdf/draw.py",
                  "pdf/identifier.py", "pdf/syntax.py", "pdf/scanned.py", "pdf/subsets.py"},
    "pypdf": {"check/readback.py"},
    "pypdfium2": {"check/visibility.py"},
    "numpy": {"check/inkmap.py", "check/stray.py"},
    "pyphen": {"layout/paragraph.py"},
    "pyhanko": {"sign/signer.py", "sign/stamp.py", "sign/signatures.py"},
    "fontTools": {"sign/stamp.py", "check/glyphs.py"},
    # scan/read.py takes the page images out of a scanner's PDF (issue 22)
    # an enclosure's PDF judged (resolve/enclosures.py) and appended (pdf/append.py, issue 23)
    "pikepdf": {"check/pdfa.py", "check/extract.py", "check/bounds.py",
                "check/filesyntax.py", "scan/read.py", "resolve/enclosures.py",
                "pdf/append.py"},
    # a logo checked; a scan's pages read (scan/read.py) and drawn into its PDF/A
    "PIL": {"resolve/images.py", "scan/read.py", "pdf/scanned.py"},
    "watchfiles": {"corrections/watch.py"},
    "bagit": {"archive/bag.py"},
    "svglib": {"pdf/draw.py"},
    # the archive's register, the build cache of an output folder (a row a PDF), and the
    # keys a merge remembers of each row (in a temporary file)
    "sqlite3": {"archive/register.py", "corrections/records.py", "seen.py"},
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("library", sorted(OWNERS))
def test_a_library_is_imported_only_by_its_owner(library: str) -> None:
    users = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if library in imports(p)}
    assert users and users <= OWNERS[library]


@pytest.mark.slow
def test_nothing_but_the_cli_prints_or_exits() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "cli" or path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {node.func.id for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert not calls & {"print", "exit", "quit"}, path
        assert "sys.exit" not in path.read_text(encoding="utf-8"), path


def test_building_does_not_load_the_pdf_reader() -> None:
    code = ("import sys; from pathlib import Path; import letterpress.pipeline as p;"
            "from letterpress.world import World; w = World();"
            "p.typeset(p.load(Path(sys.argv[1]), w).letter, w.fonts);"
            "print(sorted(m for m in ('pypdf', 'pdfminer', 'pikepdf', 'pypdfium2', 'pyhanko',"
            " 'bagit', 'sqlite3') if m in sys.modules))")
    sample = PACKAGE.parents[1] / "source" / "2020-10-08-amnesty-appeal.yaml"
    out = subprocess.run([sys.executable, "-c", code, str(sample)], capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(PACKAGE.parent)},
                         timeout=120)
    assert out.stdout.strip() == "[]"


def private_uses(code: str) -> list[str]:
    """Private names of letterpress a test reaches: imported, or read off an imported module."""
    tree = ast.parse(code)
    modules, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("letterpress"):
            found += [alias.name for alias in node.names if alias.name.startswith("_")]
            modules.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name.split(".")[0] for alias in node.names
                           if alias.name.startswith("letterpress"))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in modules and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_tests_use_no_private_names() -> None:
    """Tests go through public functions, so the code behind them can change freely."""
    assert private_uses("from letterpress.layout.flow import Unit, _page_end\n"
                        "from letterpress import pipeline\nimport letterpress.cli as c\n"
                        "pipeline._create_beside; c._say; c.__name__") == [
        "_page_end", "pipeline._create_beside", "c._say"]
    found = {p.name: private_uses(p.read_text(encoding="utf-8"))
             for p in (REPO / "tests").rglob("*.py")}
    assert {name: uses for name, uses in found.items() if uses} == {}


@pytest.mark.parametrize("library", ["pdfminer", "pymupdf", "fitz"])
def test_test_only_pdf_readers_stay_out_of_the_package(library: str) -> None:
    """pdfminer.six and MuPDF check reading order in the tests; letterpress never uses them."""
    assert not [p for p in PACKAGE.rglob("*.py") if library in imports(p)]


# --- the stages in the order data flows (docs/architecture.md) --------------------------------

# Each room of the package and the rooms it may import from: its own and those listed before
# it. The core types serve every stage; the command line serves none.
LAYERS = ("core", "parse", "resolve", "layout", "pdf", "check", "pipeline", "batch", "merge",
          "sign", "corrections", "scan", "archive", "cli")
CORE = {"__init__", "errors", "model", "inline", "content", "fonts", "world", "outputs",
        "vendored", "scanned", "derived", "seen"}


def layer_of(module: str) -> str:
    """The layer of ``letterpress.x.y`` (x names a package, or a module at the top)."""
    top = module.split(".")[1] if "." in module else "__init__"
    if top == "__main__":
        return "cli"
    if top in CORE:
        return "core"
    assert top in LAYERS, f"{module} is in no layer: add it to LAYERS or CORE"
    return top


def module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def internal_imports(path: Path) -> set[str]:
    """Every letterpress module ``path`` imports, at the top or inside a function."""
    module = module_of(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("letterpress")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("letterpress"):
                target = node.module
            else:
                continue
            for alias in node.names:  # `from . import align` imports a module
                sub = f"{target}.{alias.name}"
                found.add(sub if (PACKAGE.parent / (sub.replace(".", "/") + ".py")).exists()
                          or (PACKAGE.parent / sub.replace(".", "/")).is_dir() else target)
    return found


GRAPH = {module_of(p): internal_imports(p) for p in PACKAGE.rglob("*.py")}


def test_the_layer_table_knows_every_module() -> None:
    assert {layer_of(m) for m in GRAPH} == set(LAYERS)


def test_no_stage_imports_from_a_later_one() -> None:
    against = sorted(f"{m} -> {i}" for m, imported in GRAPH.items() for i in imported
                     if LAYERS.index(layer_of(i)) > LAYERS.index(layer_of(m)))
    assert against == []


def test_parsing_reads_resolves_and_lints_nothing() -> None:
    """Parse turns text into a source letter: the world (files) and the later stages are
    out of its reach, apart from the one door that reads the letter's own file."""
    reaches = sorted(f"{m} -> {i}" for m, imported in GRAPH.items() if layer_of(m) == "parse"
                     for i in imported if i == "letterpress.world"
                     and m != "letterpress.parse.textfile")
    assert reaches == []


def test_no_import_circle() -> None:
    """Not even through imports inside functions: a circle is a plan nobody can draw."""
    def circle_from(start: str) -> list[str]:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in GRAPH.get(node, ()):
                if nxt == start:
                    return [*path, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
        return []

    circles = [circle_from(m) for m in sorted(GRAPH)]
    assert [c for c in circles if c] == []


def test_the_layer_check_sees_an_edge_against_the_order(tmp_path: Path) -> None:
    """The checks above would pass on nothing: they see a planted backward import."""
    planted = tmp_path / "letterpress" / "parse"
    planted.mkdir(parents=True)
    (planted / "bad.py").write_text("from ..pipeline import load\n"
                                    "def f():\n    from letterpress.cli import run\n")
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path / "letterpress"
    try:
        found = internal_imports(planted / "bad.py")
    finally:
        PACKAGE = saved
    assert found == {"letterpress.pipeline", "letterpress.cli"}
    assert [LAYERS.index(layer_of(i)) > LAYERS.index("parse") for i in sorted(found)] == [
        True, True]


def test_a_test_file_imports_no_other_test_file_and_no_bench_script() -> None:
    """Shared code lives in tests/helpers/; an oracle a test judges by is not a benchmark."""
    found = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(REPO)}: {n}" for n in names
                      if n.split(".")[0].startswith(("test_", "conftest"))]
        reach = re.search(r"(sys\.path\.(insert|append)|syspath_prepend)\([^\n]*bench",
                          path.read_text(encoding="utf-8"))
        if reach:
            found.append(f"{path.relative_to(REPO)}: {reach.group(0)}")
    assert found == []


def test_the_tests_mirror_the_packages() -> None:
    """Each package of letterpress has its folder of tests, and each folder a package."""
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    folders = {p.name for p in (REPO / "tests").iterdir()
               if p.is_dir() and any(p.glob("test_*.py"))}
    assert folders == packages


def test_the_build_command_loads_no_archive_work_it_does_not_do(tmp_path: Path) -> None:
    """`letterpress build` asks the archive only where it is (archive/folder.py) and, when
    there is a register, whether a letter is filed: filing, verifying, listing, the register
    (where no archive is), and scans (and OCR) stay unloaded (about 40 ms of imports).
    SQLite is the build cache's (corrections/records.py)."""
    sample = str(PACKAGE.parents[1] / "source" / "2020-10-08-amnesty-appeal.yaml")
    code = ("import sys; from letterpress.cli import main; "
            f"main(['build', {sample!r}, '-o', {str(tmp_path / 'x.pdf')!r}, '--force']); "
            "print(sorted(m for m in sys.modules if m.startswith(('letterpress.archive.', "
            "'letterpress.scan', 'letterpress.check'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(PACKAGE.parent)}, cwd=tmp_path,
                         timeout=120)
    loaded = out.stdout.strip().splitlines()[-1]
    assert loaded == "['letterpress.archive.folder']"


def test_a_build_without_merge_letters_loads_only_the_merge_detector(tmp_path: Path) -> None:
    """Every letter of a build is asked whether it is a merge letter (merge/detect.py); the
    merging itself (its rows, csv) loads only for a merge letter."""
    sample = str(PACKAGE.parents[1] / "source" / "2020-10-08-amnesty-appeal.yaml")
    code = ("import sys; from letterpress.cli import main; "
            f"main(['build', {sample!r}, '-o', {str(tmp_path / 'x.pdf')!r}, '--force']); "
            "print(sorted(m for m in sys.modules if m.startswith('letterpress.merge.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(PACKAGE.parent)}, cwd=tmp_path,
                         timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "['letterpress.merge.detect']"
