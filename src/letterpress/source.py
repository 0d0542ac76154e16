"""Letter sources: YAML text in, a :class:`~letterpress.model.Letter` out, and back again.

The YAML is composed into a node tree (never constructed into Python objects, so no tag can
run code) and converted field by field, keeping the line and column of every value. Every
problem becomes a :class:`~letterpress.errors.Diagnostic`; all of them are raised together in
one :class:`~letterpress.errors.SourceError`, so a user fixes a file in one pass.

The format is described in ``docs/source-format.md``; :func:`json_schema` states it for
editors. Body paragraphs carry a small inline markup (:func:`parse_inline`); every other field
is literal text.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import fields
from functools import cache, partial
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any, Protocol, TypeVar

import yaml

from .errors import Diagnostic, SourceError
from .fonts import not_drawable
from .model import (
    LANGUAGES,
    PAPERS,
    Letter,
    Letterhead,
    Paragraph,
    Signatory,
    SignatoryGroup,
    Span,
)

__all__ = ["dump_letter", "escape_inline", "json_schema", "load_letter", "parse_inline",
           "parse_letter"]

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
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_INTEGER = re.compile(r"[0-9]{1,9}\Z")  # int() refuses very long digit strings
_SPACES = re.compile(r"[ \t\n\r]+")
_SAFE_URL = re.compile(r"(?:https?://|mailto:)", re.IGNORECASE)
_SIGNED_BY = re.compile(r"signed\s+by\s+([0-9]{1,9})(?![0-9])", re.IGNORECASE)
_SPECIAL = "\\*[]()"
_DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2020-10-08"
_URL_HINT = "links may point only to http://, https:// or mailto: addresses"

T = TypeVar("T")
Node = yaml.Node


class _Mark(Protocol):  # yaml.Mark, or the C loader's own Mark class
    line: int
    column: int


# --- the reader: one YAML file, its nodes and its diagnostics --------------------------------


class _Reader:
    """One YAML file being read: its text, the nodes met so far, and the diagnostics.

    A plain class, like the other private ones here: dataclass creation costs import time.
    """

    __slots__ = ("file", "text", "coverage", "base_dir", "prefix", "out", "lines", "keys",
                 "nodes", "visited", "bad")

    def __init__(self, file: str, text: str, coverage: frozenset[int], base_dir: Path,
                 prefix: PurePosixPath, out: list[Diagnostic]) -> None:
        self.file = file  # as given by the caller: diagnostics name the file the way the user did
        self.text = text
        self.coverage = coverage
        self.base_dir = base_dir
        self.prefix = prefix  # this file's directory relative to the letter's
        self.out = out  # shared by a letter and its letterhead file
        self.lines = _lines_of(text)
        self.keys: dict[str, Node] = {}  # key nodes by field path
        self.nodes: dict[str, Node] = {}  # body and closing nodes, for warnings
        self.visited: set[int] = set()  # each node converts once, aliases or not
        self.bad: set[int] = set()  # nodes already reported by _scan

    @property
    def errors(self) -> int:
        return len(self.out)

    def error(self, at: Node | _Mark | tuple[int, int], path: str, message: str,
              hint: str = "", severity: str = "error") -> None:
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
        self.error(node, path, f"expected {expected}, got {_kind(node)}")
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

    def child(self, file: Path, text: str, ref: str) -> _Reader:
        prefix = self.prefix / PurePosixPath(ref).parent
        return _Reader(str(file), text, self.coverage, file.parent, prefix, self.out)


def _kind(node: Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "nothing" if _is_null(node) else "text"


def _is_null(node: Node) -> bool:
    return node.tag == _CORE + "null" and getattr(node, "style", None) is None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# --- YAML to nodes ----------------------------------------------------------------------------


def _compose(r: _Reader) -> Node | None:
    """The document's root node, or None after reporting why there is none."""
    try:
        deep = _too_deep(r.text)
        if deep is not None:
            r.error(deep, "", f"the YAML nests more than {_MAX_DEPTH} levels deep",
                    "a letter needs only a few levels of lists and mappings")
            return None
        root = yaml.compose(r.text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        r.error(exc.problem_mark or exc.context_mark or (1, 1), "", _yaml_message(exc))
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


def _too_deep(text: str) -> _Mark | None:
    """Where the nesting passes _MAX_DEPTH, checked before libyaml's recursive composer runs."""
    # An upper bound on the depth, cheap to count, spares most files a second parse.
    if len(_NESTING.findall(text)) + 2 * (text.count("[") + text.count("{")) < _SAFE_DEPTH:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > _MAX_DEPTH and event.start_mark is not None:
                mark: _Mark = event.start_mark
                return mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _lines_of(text: str) -> list[str]:
    """The lines as YAML counts them (str.splitlines also breaks at \f, \v and \x1c-\x1e)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines[-1] == "" else lines


def _position(text: str, index: int) -> tuple[int, int]:
    lines = _LINE_BREAK.split(text[:index])
    return len(lines), len(lines[-1]) + 1


def _scan(r: _Reader, root: Node) -> None:
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


def _scan_reporting(r: _Reader, root: Node) -> None:
    seen: set[int] = set()
    aliases: Iterator[_Mark] | None = None
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
            yield value, _join(path, key.value if isinstance(key, yaml.ScalarNode) else "?")


def _alias_marks(text: str) -> Iterator[_Mark]:
    """Where the aliases are written, in document order: composed nodes only know anchors."""
    return (e.start_mark for e in yaml.parse(text, Loader=_LOADER)
            if isinstance(e, yaml.AliasEvent) and e.start_mark is not None)


# --- nodes to values --------------------------------------------------------------------------

_Convert = Callable[[_Reader, Node, str], Any]


def _mapping(r: _Reader, node: Node, path: str, spec: dict[str, tuple[bool, _Convert]]
             ) -> dict[str, Node] | None:
    """The known entries of a mapping, after reporting unknown, duplicate and missing keys."""
    if not r.expect(node, path, yaml.MappingNode, "a mapping"):
        return None
    found: dict[str, Node] = {}
    seen: dict[str, Node] = {}
    for key, value in node.value:
        if id(key) in r.bad:
            continue
        if not isinstance(key, yaml.ScalarNode):
            r.error(key, path, f"expected a key, got {_kind(key)}")
            continue
        name, where = key.value, _join(path, key.value)
        if name in seen:
            r.error(key, where, f"duplicate key '{name}'",
                    f"'{name}' is already given at line {seen[name].start_mark.line + 1}")
            continue
        seen[name] = r.keys[where] = key
        if name in spec:
            found[name] = value
        else:
            r.error(key, where, f"unknown key '{name}'", _suggest(name, spec))
    for name, (required, _) in spec.items():
        if required and name not in found:
            r.error(node, _join(path, name), f"missing required key '{name}'")
    return found


def _suggest(key: str, known: dict[str, Any]) -> str:
    import difflib  # only a misspelt key needs it

    close = difflib.get_close_matches(key, list(known), n=1)
    return f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(known)


def _record(r: _Reader, node: Node, path: str, spec: dict[str, tuple[bool, _Convert]],
            make: Callable[..., T]) -> T | None:
    """A mapping converted key by key into ``make(**values)``; None if anything was wrong."""
    before = r.errors
    found = _mapping(r, node, path, spec)
    if found is None:
        return None
    values = {name: spec[name][1](r, value, _join(path, name)) for name, value in found.items()}
    return make(**values) if r.errors == before else None


def _text(r: _Reader, node: Node, path: str, required: bool = True,
          printed: bool = True) -> str | None:
    """One line of text: the scalar as written (so 4925726 keeps its digits), NFC, stripped."""
    if not r.expect(node, path, yaml.ScalarNode, "text"):
        return None
    text = "" if _is_null(node) else unicodedata.normalize("NFC", node.value).strip()
    if required and not text:
        r.error(node, path, "must not be empty")
        return None
    return text if _check_chars(r, node, path, text, printed) else None


def _check_chars(r: _Reader, node: Node, path: str, text: str, printed: bool = True) -> bool:
    """Whether every character can be printed; reports each one that cannot, once."""
    if _printable(r.coverage).issuperset(map(ord, text)):
        return True
    before = r.errors
    for ch in dict.fromkeys(text):
        name = unicodedata.name(ch, "")
        if unicodedata.category(ch) in ("Cc", "Cf"):
            at = r.locate(node, ch) if ch not in "\t\n\r" else node
            named = f" ({name})" if name else ""
            r.error(at, path, f"control character U+{ord(ch):04X}{named} is not allowed",
                    _control_hint(ch))
        elif printed and ord(ch) not in r.coverage:
            r.error(r.locate(node, ch), path, *not_drawable(ch))
    return r.errors == before


@cache
def _printable(coverage: frozenset[int]) -> frozenset[int]:
    return frozenset(c for c in coverage if unicodedata.category(chr(c)) not in ("Cc", "Cf"))


def _control_hint(ch: str) -> str:
    if ch in "\n\r":
        return "a line break is not allowed here; write a list with one item per line"
    if ch == "\t":
        return "use a space instead of a tab"
    return "remove it: it prints nothing, or something other than intended"


# --- field readers: each returns the value, or None after reporting why -----------------------


def _optional(r: _Reader, node: Node, path: str) -> str | None:
    return _text(r, node, path, required=False)


def _lines(r: _Reader, node: Node, path: str, required: bool = True) -> tuple[str, ...] | None:
    """Lines of text: one string is one line."""
    if isinstance(node, yaml.ScalarNode):
        r.nodes[f"{path}[0]"] = node
        line = _text(r, node, path, required)
        return None if line is None else (line,) if line else ()
    lines = _items(r, node, path, _text, "text or a list of lines", required)
    if lines is not None:
        r.nodes.update((f"{path}[{i}]", item) for i, item in enumerate(node.value))
    return lines


def _items(r: _Reader, node: Node, path: str, convert: _Convert, expected: str,
           required: bool = True) -> tuple[Any, ...] | None:
    """A list converted item by item; None if any item was wrong."""
    if not required and isinstance(node, yaml.ScalarNode) and _is_null(node):
        return ()
    if not r.expect(node, path, yaml.SequenceNode, expected):
        return None
    if required and not node.value:
        r.error(node, path, "must not be empty")
        return None
    items = [convert(r, item, f"{path}[{i}]") for i, item in enumerate(node.value)]
    return None if any(item is None for item in items) else tuple(items)


def _paragraph(r: _Reader, node: Node, path: str) -> Paragraph | None:
    """A body paragraph: line breaks and runs of spaces are one space; inline markup applies."""
    if not r.expect(node, path, yaml.ScalarNode, "a paragraph of text"):
        return None
    r.nodes[path] = node
    raw = "" if _is_null(node) else unicodedata.normalize("NFC", node.value)
    raw = _SPACES.sub(" ", raw).strip()
    before = r.errors
    _check_chars(r, node, path, raw)
    spans = _tidy(parse_inline(raw))
    if not spans:
        r.error(node, path, "must not be empty")
        return None
    for href in dict.fromkeys(span.href for span in spans if span.href is not None):
        if not _SAFE_URL.match(href):
            r.error(r.locate(node, href), path, f"link target '{href}' is not allowed", _URL_HINT)
    return Paragraph(spans) if r.errors == before else None


def _date(r: _Reader, node: Node, path: str) -> datetime.date | None:
    if not r.expect(node, path, yaml.ScalarNode, "a date (YYYY-MM-DD)"):
        return None
    value = node.value.strip()
    if not _DATE.match(value):
        shown = f"'{value}'" if value else "nothing"
        r.error(node, path, f"expected a date (YYYY-MM-DD), got {shown}", _DATE_HINT)
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        r.error(node, path, f"'{value}' is not a valid date ({exc})", _DATE_HINT)
        return None


def _date_format(r: _Reader, node: Node, path: str) -> str | None:
    pattern = _text(r, node, path, required=False)
    if pattern == "":
        r.error(node, path, "must not be empty",
                "use the tokens DD D MM M MMMM YYYY and other characters, e.g. DD.MM.YYYY")
        return None
    return pattern


def _choice(r: _Reader, node: Node, path: str, values: tuple[str, ...]) -> str | None:
    value = _text(r, node, path, printed=False)
    if value is None or value in values:
        return value
    r.error(node, path, f"unknown {path.rsplit('.', 1)[-1]} '{value}'",
            "use one of: " + ", ".join(values))
    return None


def _integer(r: _Reader, node: Node, path: str, lowest: int, highest: int,
             expected: str) -> int | None:
    if not r.expect(node, path, yaml.ScalarNode, expected):
        return None
    value = node.value.strip()
    if _INTEGER.match(value) and lowest <= int(value) <= highest:
        return int(value)
    r.error(node, path, f"expected {expected}, got " + (f"'{value}'" if value else "nothing"))
    return None


def _url(r: _Reader, node: Node, path: str) -> str | None:
    url = _text(r, node, path, required=False, printed=False)
    if url and not _SAFE_URL.match(url):
        r.error(node, path, f"link target '{url}' is not allowed", _URL_HINT)
        return None
    return url


def _website(r: _Reader, node: Node, path: str) -> str | None:
    """Printed as written and linked: http:// is added unless it names its own scheme."""
    website = _text(r, node, path, required=False)
    if website and "://" in website and not _SAFE_URL.match(website):
        r.error(node, path, f"link target '{website}' is not allowed", _URL_HINT)
        return None
    return website


def _logo(r: _Reader, node: Node, path: str) -> str | None:
    """An image relative to the file that names it, returned relative to the letter's file."""
    logo = _text(r, node, path, required=False, printed=False)
    if not logo:
        return logo
    if not (r.base_dir / logo).is_file():
        r.error(node, path, f"the logo file {r.base_dir / logo} does not exist",
                "the name is relative to the file that gives it")
        return None
    return str(r.prefix / logo)


class _Unreadable(Exception):
    def __init__(self, reason: str, line: int = 0, column: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.line, self.column = reason, line, column


def _read(file: Path) -> str:
    """The UTF-8 text of ``file`` (a byte-order mark is dropped), or _Unreadable."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _Unreadable(exc.strerror or str(exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position(data.decode("latin-1"), exc.start)
        raise _Unreadable(f"not UTF-8 text (byte 0x{data[exc.start]:02X})", line, column) from None


def _letterhead(r: _Reader, node: Node, path: str) -> Letterhead | None:
    """A letterhead given inline, or in a file relative to the letter; that file's problems
    name that file, with field paths from the letter (``letterhead.name``)."""
    if isinstance(node, yaml.MappingNode):
        return _record(r, node, path, _LETTERHEAD, Letterhead)
    if not isinstance(node, yaml.ScalarNode):
        r.expect(node, path, yaml.MappingNode, "a file name or a mapping")
        return None
    ref = _text(r, node, path, printed=False)
    if ref is None:
        return None
    file = r.base_dir / ref
    try:
        text = _read(file)
    except _Unreadable as exc:
        message = f"cannot read the letterhead file {file}: {exc.reason}"
        if exc.line:
            r.out.append(Diagnostic(str(file), exc.line, exc.column, path, message))
        else:
            r.error(r.keys.get(path, node), path, message,
                    "the file name is relative to the letter's directory")
        return None
    sub = r.child(file, text, ref)
    root = _compose(sub)
    return None if root is None else _record(sub, root, path, _LETTERHEAD, Letterhead)


_MEMBER: dict[str, tuple[bool, _Convert]] = {
    "name": (True, _text), "organisation": (False, _optional), "role": (False, _optional),
}
_GROUP: dict[str, tuple[bool, _Convert]] = {
    "heading": (True, _text),
    "start": (False, partial(_integer, lowest=1, highest=10**9 - 1,
                             expected="a positive whole number")),
    "columns": (False, partial(_integer, lowest=1, highest=2, expected="1 or 2")),
    "members": (True, partial(_items, expected="a list of members",
                              convert=partial(_record, spec=_MEMBER, make=Signatory))),
}
_LETTERHEAD: dict[str, tuple[bool, _Convert]] = {
    "name": (True, _text),
    "address": (False, partial(_lines, required=False)),
    "telephone": (False, _optional),
    "email": (False, _optional),
    "website": (False, _website),
    "website_url": (False, _url),
    "logo": (False, _logo),
}
# In the documented order, which dump_letter follows.
_LETTER: dict[str, tuple[bool, _Convert]] = {
    "letterhead": (True, _letterhead),
    "reference": (True, _text),
    "date": (True, _date),
    "date_format": (False, _date_format),
    "language": (False, partial(_choice, values=LANGUAGES)),
    "paper": (False, partial(_choice, values=PAPERS)),
    "title": (False, _optional),
    "sender": (True, _text),
    "recipient": (True, _lines),
    "body": (True, partial(_items, convert=_paragraph, expected="a list of paragraphs")),
    "closing": (False, partial(_lines, required=False)),
    "signatories": (False, partial(_items, expected="a list of signatory groups", required=False,
                                   convert=partial(_record, spec=_GROUP, make=SignatoryGroup))),
}


# --- the public entry points ------------------------------------------------------------------


def load_letter(path: Path, coverage: frozenset[int]) -> tuple[Letter, tuple[Diagnostic, ...]]:
    """Read the letter at ``path``: the letter and its warnings, or SourceError with every error.

    ``coverage`` is the set of code points the fonts can draw (``load_fonts().coverage``).
    """
    try:
        text = _read(path)
    except _Unreadable as exc:
        message = f"cannot read the letter: {exc.reason}"
        diagnostic = Diagnostic(str(path), exc.line, exc.column, "", message)
        raise SourceError(f"{path}: {message}", (diagnostic,)) from None
    return parse_letter(text, str(path), coverage, path.parent)


def parse_letter(text: str, filename: str, coverage: frozenset[int],
                 base_dir: Path) -> tuple[Letter, tuple[Diagnostic, ...]]:
    """Like :func:`load_letter` for text in memory; files it names are found in ``base_dir``."""
    r = _Reader(filename, text, coverage, base_dir, PurePosixPath("."), [])
    root = _compose(r)
    letter = None if root is None else _record(r, root, "", _LETTER,
                                               partial(Letter, origin=filename))
    if letter is None or r.errors:
        errors = sorted(r.out, key=lambda d: (d.file != filename, d.file, d.line, d.column))
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        raise SourceError(f"{filename}: {count} in the letter source", tuple(errors))
    return letter, _warnings(r, letter)


def _warnings(r: _Reader, letter: Letter) -> tuple[Diagnostic, ...]:
    """A stated number of signatories ("signed by 44 members") that the list contradicts."""
    listed = sum(len(group.members) for group in letter.signatories)
    texts = [(f"body[{i}]", p.text) for i, p in enumerate(letter.body)]
    texts += [(f"closing[{i}]", line) for i, line in enumerate(letter.closing)]
    warnings = []
    for path, text in texts:
        for match in _SIGNED_BY.finditer(text):
            if int(match.group(1)) != listed:
                line, column = r.locate(r.nodes[path], match.group(0))
                warnings.append(Diagnostic(
                    r.file, line, column, path,
                    f"the text says signed by {match.group(1)}, but {listed} signatories are "
                    "listed", "correct the number or the list", "warning"))
    return tuple(warnings)


# --- inline markup of body paragraphs ---------------------------------------------------------

_INLINE = re.compile(r"[\\*\[\]]")
_STARS = re.compile(r"\*+")
_PAREN = re.compile(r"\\.|[()]", re.DOTALL)
_UNESCAPE = re.compile(r"\\([\\*\[\]()])")
_ESCAPE = re.compile(r"([\\*\[\]])")
_ESCAPE_TARGET = re.compile(r"([\\()])")


class _Token:
    __slots__ = ("kind", "text", "count", "href", "link")

    def __init__(self, kind: str, text: str = "", count: int = 0) -> None:
        self.kind = kind  # "text"; "star", a run of *; "open", a [
        self.text = text
        self.count = count  # stars of a run not (yet) used as emphasis
        self.href: str | None = None
        self.link = False  # an "open" that starts a link, and so prints nothing


class _Scanner:
    """Splits text into tokens, resolving links as their "](target)" is met."""

    __slots__ = ("text", "tokens", "opens", "plain", "parens")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[_Token] = []
        self.opens: list[int] = []  # "[" tokens that may still start a link
        self.plain: list[str] = []
        self.parens: dict[int, int] | None = None  # the ")" of each "(", found when needed

    def run(self) -> list[_Token]:
        text, pos = self.text, 0
        while (m := _INLINE.search(text, pos)) is not None:
            i = m.start()
            self.plain.append(text[pos:i])
            ch = text[i]
            if ch == "\\":
                pos = self.backslash(i)
            elif ch == "*":
                pos = _STARS.match(text, i).end()  # type: ignore[union-attr]
                self.push(_Token("star", count=pos - i))
            elif ch == "[":
                self.opens.append(self.push(_Token("open")))
                pos = i + 1
            else:
                pos = self.close(i)
        self.plain.append(text[pos:])
        self.flush()
        return self.tokens

    def backslash(self, i: int) -> int:
        following = self.text[i + 1:i + 2]
        if following and following in _SPECIAL:
            self.plain.append(following)
            return i + 2
        self.plain.append("\\")
        return i + 1

    def close(self, i: int) -> int:
        """At a "]": a link if a "[" with text since is open and "(target)" follows."""
        self.flush()
        target = self.target(i + 1) if self.opens else None
        if target is None or self.opens[-1] == len(self.tokens) - 1:
            self.plain.append("]")
            return i + 1
        href, end = target
        for token in self.tokens[self.opens[-1] + 1:]:
            token.href = href
        self.tokens[self.opens[-1]].link = True
        self.opens.clear()  # links do not nest: an earlier "[" stays literal
        return end

    def target(self, i: int) -> tuple[str, int] | None:
        """The link target in the parentheses opening at ``i``, and the index after them."""
        if not self.text.startswith("(", i):
            return None
        if self.parens is None:
            self.parens = _parens(self.text)
        end = self.parens.get(i)
        if end is None or end == i + 1:
            return None
        return _UNESCAPE.sub(r"\1", self.text[i + 1:end]), end + 1

    def push(self, token: _Token) -> int:
        self.flush()
        self.tokens.append(token)
        return len(self.tokens) - 1

    def flush(self) -> None:
        text = "".join(self.plain)
        self.plain.clear()
        if text:
            self.tokens.append(_Token("text", text))


def _parens(text: str) -> dict[int, int]:
    """The index of the matching ")" for each "(" that has one; escaped ones do not count.

    Found for the whole text at once, so that a link target may hold balanced parentheses
    (https://en.wikipedia.org/wiki/Baku_(city)) and scanning stays linear however many "]("
    fail to close.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _PAREN.finditer(text):
        if m.group() == "(":
            stack.append(m.start())
        elif m.group() == ")" and stack:
            pairs[stack.pop()] = m.start()
    return pairs


def _emphasis(tokens: list[_Token]) -> tuple[list[int], list[int]]:
    """Pair runs of * into bold (**) and italic (*); changes of depth at each token.

    There are no flanking rules: any two runs pair, and a literal star is written \\*.
    Pairing uses the innermost stars, two at a time while both runs have two, so that
    ``***x***`` is bold italic and runs where one span ends and the next begins split right.
    """
    bold, italic = [0] * (len(tokens) + 1), [0] * (len(tokens) + 1)
    openers: list[int] = []
    for j, closer in enumerate(tokens):
        if closer.kind != "star":
            continue
        while closer.count and openers:
            i = openers[-1]
            used = 2 if tokens[i].count >= 2 and closer.count >= 2 else 1
            tokens[i].count -= used
            closer.count -= used
            depth = bold if used == 2 else italic
            depth[i + 1] += 1
            depth[j] -= 1
            if not tokens[i].count:
                openers.pop()
        if closer.count:
            openers.append(j)
    return bold, italic


def parse_inline(text: str) -> tuple[Span, ...]:
    """The spans of a paragraph written with **bold**, *italic*, [text](url) and \\ escapes.

    Escapes are ``\\*``, ``\\[``, ``\\]``, ``\\\\``, ``\\(`` and ``\\)``; a backslash before
    anything else is itself. A ``*`` or ``[`` without a partner is printed as written. Link
    targets are not checked here. Adjacent spans of one style are merged; text is kept as is.
    """
    tokens = _Scanner(text).run()
    bold, italic = _emphasis(tokens)
    spans: list[Span] = []
    in_bold = in_italic = 0
    for k, token in enumerate(tokens):
        in_bold += bold[k]
        in_italic += italic[k]
        if token.kind == "text":
            piece = token.text
        elif token.kind == "star":
            piece = "*" * token.count
        else:
            piece = "" if token.link else "["
        if piece:
            _append(spans, Span(piece, in_bold > 0, in_italic > 0, token.href))
    return tuple(spans)


def escape_inline(text: str) -> str:
    """Markup that :func:`parse_inline` reads back as exactly ``text``, unstyled."""
    return _ESCAPE.sub(r"\\\1", text)


def _append(spans: list[Span], span: Span) -> None:
    last = spans[-1] if spans else None
    if last is not None and (last.bold, last.italic, last.href) == (
            span.bold, span.italic, span.href):
        spans[-1] = Span(last.text + span.text, span.bold, span.italic, span.href)
    else:
        spans.append(span)


def _tidy(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Spaces collapsed across span boundaries and the paragraph's ends stripped."""
    out: list[Span] = []
    for span in spans:
        text = span.text
        if not out:
            text = text.lstrip()
        elif out[-1].text.endswith(" "):
            text = text.lstrip(" ")
        if text:
            _append(out, Span(text, span.bold, span.italic, span.href))
    while out and out[-1].text != out[-1].text.rstrip():
        last = out.pop()
        if last.text.rstrip():
            out.append(Span(last.text.rstrip(), last.bold, last.italic, last.href))
    return tuple(out)


# --- Letter to YAML ---------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key, as docs/source-format.md writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_letter(letter: Letter, letterhead_ref: str | None = None) -> str:
    """YAML source of ``letter``, such that :func:`parse_letter` gives ``letter`` back.

    The letterhead is written inline unless ``letterhead_ref`` names its file (relative to
    where the letter will be). Optional fields with their default value are left out.
    """
    data = _data(letter, _LETTER)
    if letterhead_ref is not None:
        data["letterhead"] = letterhead_ref
    # The pure-Python dumper: the same bytes whether or not libyaml is installed.
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10**6, default_flow_style=False)


def _data(record: Any, spec: dict[str, tuple[bool, _Convert]]) -> dict[str, Any]:
    """A record as a mapping in the documented key order, defaults left out."""
    defaults = {f.name: f.default for f in fields(record)}
    return {name: _plain(getattr(record, name)) for name, (required, _) in spec.items()
            if required or getattr(record, name) != defaults[name]}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Paragraph):
        return _markup(value.spans)
    specs: dict[type, dict[str, tuple[bool, _Convert]]] = {
        Letterhead: _LETTERHEAD, SignatoryGroup: _GROUP, Signatory: _MEMBER}
    spec = specs.get(type(value))
    return value if spec is None else _data(value, spec)


def _markup(spans: tuple[Span, ...]) -> str:
    out = []
    for span in spans:
        stars = "*" * (2 * span.bold + span.italic)
        text = stars + escape_inline(span.text) + stars
        if span.href is not None:
            text = "[" + text + "](" + _ESCAPE_TARGET.sub(r"\\\1", span.href) + ")"
        out.append(text)
    return "".join(out)


# --- JSON Schema ------------------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a letter source, for editors and other tools.

    It checks shape only; the fonts' coverage, dates such as 2020-02-30 and body link targets
    are checked by :func:`parse_letter`. Dates are strings here, as JSON has no date type.
    Descriptions follow docs/source-format.md.
    """
    required = [name for name, (needed, _) in _LETTER.items() if needed]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "letterpress letter source",
            "description": "One letter. Keys equal the field names of letterpress.model.",
            **_object(_letter_properties(), required),
            "$defs": _definitions()}


def _text_schema(description: str, required: bool = True) -> dict[str, Any]:
    # YAML reads 2020 as a number and yes as a boolean; the loader takes them as written.
    return {"description": description, "type": ["string", "number", "boolean"],
            **({"minLength": 1} if required else {})}


def _lines_schema(description: str, required: bool) -> dict[str, Any]:
    many = {"type": "array", "items": _text_schema("a line"),
            **({"minItems": 1} if required else {})}
    return {"description": description, "anyOf": [_text_schema("one line", required), many]}


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": required,
            "properties": properties}


def _letter_properties() -> dict[str, Any]:
    text, lines = _text_schema, _lines_schema
    return {
        "letterhead": {"description": "A file relative to this one (shared by many letters), "
                                      "or a mapping",
                       "oneOf": [{"type": "string", "minLength": 1},
                                 {"$ref": "#/$defs/letterhead"}]},
        "reference": text('The reference, e.g. "05/20"; quote it: YAML reads 2020 as a number'),
        "date": {"description": "A YAML date (year-month-day)", "type": "string",
                 "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "date_format": {**text("Optional; tokens DD D MM M MMMM YYYY; default DD.MM.YYYY"),
                        "default": "DD.MM.YYYY"},
        "language": {"description": "en, az or ru; labels, hyphenation and month names "
                                    "follow it", "enum": list(LANGUAGES), "default": "en"},
        "paper": {"description": "Optional: a4 (default) or letter", "enum": list(PAPERS),
                  "default": "a4"},
        "title": text('Optional PDF title; default "<reference> <first recipient line>"', False),
        "sender": text("Who sends the letter"),
        "recipient": lines("One or more lines (a single string is one line)", required=True),
        "body": {"description": "Paragraphs; inline **bold**, *italic*, [text](url); "
                               "\\ escapes", "type": "array", "minItems": 1,
                 "items": text("A paragraph")},
        "closing": lines("Optional lines after the body", required=False),
        "signatories": {"description": "Optional; one or more groups", "type": "array",
                        "items": {"$ref": "#/$defs/group"}},
    }


def _definitions() -> dict[str, Any]:
    text = _text_schema
    safe_url = "^([hH][tT][tT][pP][sS]?://|[mM][aA][iI][lL][tT][oO]:)"
    return {
        "letterhead": _object({
            "name": text("The organisation's name, printed in bold at the top"),
            "address": _lines_schema("Address lines", required=False),
            "telephone": text("Optional telephone number, printed as written", False),
            "email": text("Optional; printed as a mailto: link", False),
            "website": text("Optional; printed as written, linked", False),
            "website_url": {**text("Optional link target (default http:// + website)", False),
                            "pattern": safe_url},
            "logo": text("Optional image, relative to the letterhead's file", False),
        }, ["name"]),
        "group": _object({
            "heading": text('The group\'s heading, e.g. "NGO Representatives:"'),
            "start": {"description": "Optional number of the first member (default 1)",
                      "type": "integer", "minimum": 1, "default": 1},
            "columns": {"description": "Optional: 2 sets a long list in two columns",
                        "enum": [1, 2], "default": 1},
            "members": {"description": "The signatories, in order", "type": "array",
                        "minItems": 1, "items": {"$ref": "#/$defs/member"}},
        }, ["heading", "members"]),
        "member": _object({
            "name": text("The signatory's name"),
            "organisation": text("Optional organisation", False),
            "role": text("Optional role", False),
        }, ["name"]),
    }
