"""The YAML of a letter source, read safely into a node tree with the position of every value.

The text is composed into nodes (never constructed into Python objects, so no tag can run
code). Aliases, object tags and nesting deep enough to crash libyaml are refused before any
value is converted. :class:`Reader` holds one file's text and nodes and collects the
diagnostics; :mod:`letterpress.parse.yaml_source` turns the nodes into a letter through it.

This module and :mod:`letterpress.parse.yaml_source` (with :mod:`letterpress.parse.dump`, which
writes YAML) are the only ones that use yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from pathlib import PurePosixPath
from typing import Any, Protocol

import yaml

from ..errors import Diagnostic, Severity
from ..model import Position

__all__ = ["Mark", "Node", "Reader", "compose", "describe", "is_null", "join_path"]

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
# Tags the resolver gives plain values; anything else was written by hand (!!python/object,
# !!binary, !!set ...) and asks for a Python object a letter never needs.
_PLAIN_TAGS = frozenset(_CORE + t for t in
                        ("str", "int", "float", "bool", "null", "timestamp", "merge", "value",
                         "seq", "map"))
# libyaml's composer recurses once per nesting level and kills the interpreter (SIGSEGV) at
# about 19,000 levels on an 8 MiB stack, and below 1,000 in a thread with 256 KiB. A file
# that might nest deeper than _SAFE_DEPTH is parsed to events first and refused if it nests
# deeper than _MAX_DEPTH; a letter nests 6 deep.
_MAX_DEPTH = 64
_SAFE_DEPTH = 500
# Every level of nesting opens with [ or { (at most two levels each, with a flow pair inside)
# or with a block indicator - ? : followed by white space or the end.
_NESTING = re.compile("[-?:](?:[ \t\r\n\x85\u2028\u2029]|\\Z)")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A line's indentation and the indicators that open compact collections on it (see
# _depth_bound); a document start ("--- - a") counts as one of them.
_OPENING = re.compile("[ \t]*(?:(?:---|[-?:])(?:[ \t]+|\\Z))*")

Node = yaml.Node


class Mark(Protocol):  # yaml.Mark, or the C loader's own Mark class
    line: int
    column: int


# --- the reader: one YAML file, its nodes and its diagnostics --------------------------------


class Reader:
    """One YAML file being read: its text, the nodes met so far, and the diagnostics.

    Diagnostics go to ``out``, which a letter shares with its letterhead file. A plain class:
    dataclass creation costs import time.
    """

    __slots__ = ("file", "text", "coverage", "prefix", "out", "lines", "keys",
                 "positions", "references", "visited", "bad")

    def __init__(self, file: str, text: str, coverage: frozenset[int],
                 prefix: PurePosixPath, out: list[Diagnostic]) -> None:
        self.file = file  # as given by the caller: diagnostics name the file the way the user did
        self.text = text
        self.coverage = coverage
        self.prefix = prefix  # this file's directory relative to the letter's
        self.out = out  # shared by a letter and its letterhead file
        self.lines = _lines_of(text)
        self.keys: dict[str, Node] = {}  # key nodes by field path
        self.positions: dict[str, Position] = {}  # where each field's value is written
        self.references: dict[str, str] = {}  # field path -> a file it names, from the letter
        self.visited: set[int] = set()  # each node converts once, aliases or not
        self.bad: set[int] = set()  # nodes already reported by _scan

    @property
    def errors(self) -> int:
        return len(self.out)

    def error(self, at: Node | Mark | tuple[int, int], path: str, message: str,
              hint: str = "", severity: Severity = "error") -> None:
        if isinstance(at, tuple):
            line, column = at
        else:
            mark = at.start_mark if isinstance(at, Node) else at
            line, column = mark.line + 1, mark.column + 1
        if line > len(self.lines) > 0:  # the end of the text: name its last line instead
            line, column = len(self.lines), len(self.lines[-1]) + 1
        self.out.append(Diagnostic(self.file, line, column, path, message, hint, severity))

    def expect(self, node: Node, path: str, kind: type[Node], expected: str) -> bool:
        """Whether ``node`` is a ``kind``; reports it if not. Each node is read only once."""
        if id(node) in self.bad or id(node) in self.visited:
            return False
        self.visited.add(id(node))
        if isinstance(node, kind):
            return True
        hint = ""
        if kind is yaml.ScalarNode and isinstance(node, yaml.MappingNode) and \
                node.start_mark.line == _last_line(node) and node.start_mark.line < len(
                    self.lines):  # "Subject: we ask ...": a colon made a text a mapping
            hint = ("a colon and a space inside a text start a new key: "
                    + _quote(self.lines[node.start_mark.line], whole=True))
        self.error(node, path, f"expected {expected}, got {describe(node)}", hint)
        return False

    def locate(self, node: Node, needle: str) -> tuple[int, int]:
        """Line and column of ``needle`` written inside ``node``, else of the node itself."""
        start, end = node.start_mark, node.end_mark
        for n in range(start.line, min(end.line, len(self.lines) - 1) + 1):
            line = self.lines[n]
            low = start.column if n == start.line else 0
            high = end.column if n == end.line else len(line)
            i = line.find(needle, low, high)
            if i >= 0:
                return n + 1, i + 1
        return start.line + 1, start.column + 1

    def mark(self, path: str, node: Node) -> None:
        """Record where the value of the field ``path`` is written."""
        start, end = node.start_mark, node.end_mark
        self.positions[path] = Position(file=self.file, line=start.line + 1,
                                        column=start.column + 1,
                                        end_line=end.line + 1, end_column=end.column + 1)


def _last_line(node: Node) -> int:
    """The line a node's text ends on (a block mapping ends at the start of the next line)."""
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def describe(node: Node) -> str:
    """What ``node`` is, in the words of a diagnostic ("expected text, got a list")."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "nothing" if is_null(node) else "text"


def is_null(node: Node) -> bool:
    """Whether ``node`` is written as nothing (``key:``, ``~``, ``null``), not as quoted text.

    A plain scalar's style is None in PyYAML's composer and "" in libyaml's: both mean plain.
    """
    return node.tag == _CORE + "null" and not getattr(node, "style", None)


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# --- YAML to nodes ----------------------------------------------------------------------------


def compose(r: Reader) -> Node | None:
    """The document's root node, or None after reporting why there is none.

    Aliases and object tags anywhere in the tree are reported here, known keys or not.
    """
    try:
        deep = _too_deep(r.text, r.lines)
        if deep is not None:
            r.error(deep, "", f"the YAML nests more than {_MAX_DEPTH} levels deep",
                    "a letter needs only a few levels of lists and mappings")
            return None
        root = yaml.compose(r.text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        r.error(exc.problem_mark or exc.context_mark or (1, 1), "", _yaml_message(exc),
                _yaml_hint(exc, r.lines))
        return None
    except yaml.reader.ReaderError as exc:
        # The only reader error for text: a character YAML forbids. Worded here, since
        # libyaml and PyYAML word it differently.
        r.error(_position(r.text, exc.position), "",
                f"invalid YAML: control character U+{exc.character:04X} is not allowed",
                "remove it")
        return None
    except yaml.YAMLError as exc:  # none other is known to reach here; still a diagnostic
        r.error((1, 1), "", f"invalid YAML: {exc}")
        return None
    except RecursionError:  # the pure-Python composer, where libyaml is missing
        r.error((1, 1), "", "the YAML nests too deeply")
        return None
    if root is None:
        r.error((1, 1), "", "the file is empty")
        return None
    _scan(r, root)
    return root


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    message = f"invalid YAML: {exc.problem or exc.context}"
    mark = exc.context_mark
    if exc.problem and exc.context and mark is not None:
        message += f" ({exc.context} at line {mark.line + 1}, column {mark.column + 1})"
    return message


# What YAML's own words mean for someone writing a letter. A plain text that starts with one
# of these characters is read as YAML syntax instead of text.
_SYNTAX_STARTS = "*&!|>%@`[{"


def _yaml_hint(exc: yaml.MarkedYAMLError, lines: list[str]) -> str:
    """A hint for the YAML mistakes people make when writing a letter by hand."""
    problem, context = exc.problem or "", exc.context or ""
    mark, start = exc.problem_mark, exc.context_mark
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    column = mark.column if mark is not None else 0
    if "\t" in line[:column + 1]:
        return "YAML indents with spaces; this line has a tab character"
    if "quoted scalar" in context and "end of stream" in problem:
        where = f" at line {start.line + 1}, column {start.column + 1}" if start else ""
        return f"the quotation mark{where} is never closed"
    first = _char_at(lines, start) if start is not None else ""
    if first not in _SYNTAX_STARTS or not first:
        first = line[column:column + 1]
    if first and first in _SYNTAX_STARTS and ("cannot start any token" in problem or any(
            word in context for word in ("alias", "anchor", "tag", "flow"))):
        return f"a text that starts with {first} is read as YAML syntax: {_quote(line)}"
    if "mapping values are not allowed" in problem:
        return f"a colon and a space inside a text start a new key: {_quote(line)}"
    if line[:column].rstrip().endswith(('"', "'")):
        return f"the text goes on after its closing quotation mark: {_quote(line)}"
    if any(words in problem for words in ("<block end>", "expected key", "'-' indicator")):
        return ("check this line's indentation against the lines above it: the items of one "
                "list, and the keys of one mapping, start in the same column")
    return ""


def _char_at(lines: list[str], mark: Mark) -> str:
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column:mark.column + 1]


# A line of a letter: its indentation, a list item's dash, a key of the source format, the
# text, and a comment after it.
_LINE = re.compile(r"(?P<indent>\s*)(?P<dash>-\s+)?(?:(?P<key>[A-Za-z_][\w-]*):\s+)?"
                   r"(?P<text>.*?)(?P<comment>\s+#.*)?$")


def _quote(line: str, whole: bool = False) -> str:
    """Advice to quote a text, with the line as it should be written: the text after a key of
    the source format in double quotes (``heading: "NGO Representatives:"``), or, with
    ``whole`` or when what comes before the colon is no key of the format (a body line that
    starts ``Subject: ...``), the whole item."""
    from .schema import KNOWN_KEYS

    parts = _LINE.match(line.rstrip("\r\n"))
    if parts is None or not (parts["text"] or parts["key"]):
        return "put the whole text in double quotes"
    key, text = parts["key"], parts["text"]
    if key and (whole or key not in KNOWN_KEYS):
        key, text = None, f"{key}: {text}" if text else f"{key}:"
    escaped = text.strip().replace("\\", "\\\\").replace('"', '\\"')
    fixed = (parts["indent"] + (parts["dash"] or "") + (f"{key}: " if key else "")
             + f'"{escaped}"' + (parts["comment"] or ""))
    return f"put the text in double quotes; write the line as: {fixed}"


def _too_deep(text: str, lines: list[str]) -> Mark | None:
    """Where the nesting passes _MAX_DEPTH, checked before libyaml's recursive composer runs."""
    # Upper bounds on the depth, cheap to count, spare most files a second parse.
    if _depth_bound(text, lines) <= _MAX_DEPTH:
        return None
    if len(_NESTING.findall(text)) + 2 * (text.count("[") + text.count("{")) < _SAFE_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _MAX_DEPTH and event.start_mark is not None:
                    mark: Mark = event.start_mark
                    return mark
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # PyYAML 6.0.4 and later stop deep nesting themselves, in their own words.
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            return exc.problem_mark
        raise
    return None


def _depth_bound(text: str, lines: list[str]) -> int:
    """An upper bound on how deep the YAML nests, from columns and brackets alone.

    A block collection inside another starts in a later column, except a list that is a
    mapping's value, which may share the mapping's column; never twice running, since the
    list's items start further in. A block collection starts where a line's indentation and
    the indicators that open compact collections end (``- - a``, ``- key: b``, ``? - a``).
    So block nesting is at most twice (the last such column + 1); each bracket adds at most
    two levels (a single pair mapping inside it). A letter of 10,000 signatories bounds at
    about 30, where counting the indicators (below) gives 40,000 and a second parse.
    """
    widest = max((m.end() for m in map(_OPENING.match, lines) if m), default=0)
    return 2 * (widest + 1) + 2 * (text.count("[") + text.count("{"))


def _lines_of(text: str) -> list[str]:
    """The lines as YAML counts them (str.splitlines also breaks at \f, \v and \x1c-\x1e)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines[-1] == "" else lines


def _position(text: str, index: int) -> tuple[int, int]:
    lines = _LINE_BREAK.split(text[:index])
    return len(lines), len(lines[-1]) + 1


def _scan(r: Reader, root: Node) -> None:
    """Report aliases and object tags anywhere in the tree, known keys or not.

    Aliases are refused rather than expanded: a few lines of them expand to billions of
    nodes. Composing shares the aliased node, so an alias is a node seen twice. The walks are
    iterative and never enter a node twice, so they are linear in the size of the text; the
    first one skips field paths, which only a problem needs.
    """
    seen: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen or node.tag not in _PLAIN_TAGS:
            _scan_reporting(r, root)
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(chain.from_iterable(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _scan_reporting(r: Reader, root: Node) -> None:
    seen: set[int] = set()
    aliases: Iterator[Mark] | None = None
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            if aliases is None:
                aliases = _alias_marks(r.text)
            r.error(next(aliases, node.start_mark), path, "aliases (*name) are not allowed",
                    "write the value out in full")
            continue
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            r.bad.add(id(node))
            tag = node.tag.replace(_CORE, "!!", 1)
            r.error(node, path, f"the tag {tag} is not allowed",
                    "a letter holds only text, lists and mappings")
        stack.extend(reversed(list(_children(node, path))))


def _children(node: Node, path: str) -> Iterator[tuple[Node, str]]:
    if isinstance(node, yaml.SequenceNode):
        yield from ((item, f"{path}[{i}]") for i, item in enumerate(node.value))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key, path
            yield value, join_path(path, key.value if isinstance(key, yaml.ScalarNode) else "?")


def _alias_marks(text: str) -> Iterator[Mark]:
    """Where the aliases are written, in document order: composed nodes only know anchors."""
    return (e.start_mark for e in yaml.parse(text, Loader=_LOADER)
            if isinstance(e, yaml.AliasEvent) and e.start_mark is not None)
