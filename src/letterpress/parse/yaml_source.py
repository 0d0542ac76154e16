"""Letter sources: YAML text in, a :class:`~letterpress.model.Letter` out.

The YAML is read into a node tree by :mod:`letterpress.parse.yamltree`, keeping the line and column
of every value, and converted here field by field, by the key tables of
:mod:`letterpress.parse.schema`. Every problem becomes a :class:`~letterpress.errors.Diagnostic`;
all of them are raised together in one :class:`~letterpress.errors.SourceError`, so a user fixes a
file in one pass.

The format is described in ``docs/source-format.md``. Body paragraphs carry a small inline
markup (:mod:`letterpress.inline`); every other field is literal text. The way back is
:func:`dump_letter` (:mod:`letterpress.parse.dump`), and :func:`json_schema`
(:mod:`letterpress.parse.schema`) states the format for editors; both are re-exported here with the
inline functions, as this is where callers look for them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from functools import cache, partial
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from ..content import date_tokens
from ..errors import Diagnostic
from ..fonts import not_drawable, not_placeable, uncomposed_marks
from ..inline import URL_HINT, escape_inline, is_safe_url, parse_inline
from ..model import (
    LANGUAGES,
    PAPERS,
    PLACES,
    TYPEFACE_NAMES,
    WINDOWS,
    Correction,
    Enclosure,
    Labels,
    Letterhead,
    LetterheadRef,
    LetterheadText,
    MemberRef,
    Merge,
    Paragraph,
    Position,
    Signatory,
    SignatoryGroup,
    Signature,
    Signer,
    SourceLetter,
    Span,
)
from .dump import dump_letter
from .schema import (
    CORRECTION_KEYS,
    ENCLOSURE_KEYS,
    GROUP_KEYS,
    LABEL_KEYS,
    LETTER_KEYS,
    LETTERHEAD_KEYS,
    LETTERHEAD_TEXT_KEYS,
    MEMBER_ID,
    MEMBER_KEYS,
    MEMBER_REF_KEYS,
    MERGE_KEYS,
    SIGNATURE_KEYS,
    SIGNER_KEYS,
    json_schema,
)

if TYPE_CHECKING:
    pass
from .yamltree import (
    Node,
    Reader,
    compose,
    describe,
    is_null,
    join_path,
)

__all__ = ["dump_letter", "escape_inline", "field_spec", "json_schema", "member_id",
           "parse_recipients",
           "parse_inline", "parse_letterhead", "parse_source", "read_mapping", "read_optional",
           "read_record"]

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_INTEGER = re.compile(r"[0-9]{1,9}\Z")  # int() refuses very long digit strings
_SPACES = re.compile(r"[ \t\n\r]+")
_DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2020-10-08"
_DATE_FORMAT_HINT = "use the tokens DD D MM M MMMM YYYY and other characters, e.g. DD.MM.YYYY"

T = TypeVar("T")


# --- nodes to values --------------------------------------------------------------------------

_Convert = Callable[[Reader, Node, str], Any]


def read_mapping(r: Reader, node: Node, path: str, spec: dict[str, tuple[bool, _Convert]]
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
            r.error(key, path, f"expected a key, got {describe(key)}")
            continue
        name, where = key.value, join_path(path, key.value)
        if name in seen:
            r.error(key, where, f"duplicate key '{name}'",
                    f"'{name}' is already given at line {seen[name].start_mark.line + 1}")
            continue
        seen[name] = r.keys[where] = key
        if name in spec:
            found[name] = value
            r.mark(where, value)
        else:
            r.error(key, where, f"unknown key '{name}'", _suggest(name, spec))
    for name, (required, _) in spec.items():
        if required and name not in found:
            r.error(node, join_path(path, name), f"missing required key '{name}'")
    return found


def _suggest(key: str, known: dict[str, Any]) -> str:
    import difflib  # only a misspelt key needs it

    close = difflib.get_close_matches(key, list(known), n=1)
    return f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(known)


def read_record(r: Reader, node: Node, path: str, spec: dict[str, tuple[bool, _Convert]],
            make: Callable[..., T]) -> T | None:
    """A mapping converted key by key into ``make(**values)``; None if anything was wrong.

    A reader returns None only after a problem was reported, though perhaps before this
    mapping was read (a tagged value is reported when the file is composed), so a None
    value counts as a problem as much as a new diagnostic does."""
    before = r.errors
    found = read_mapping(r, node, path, spec)
    if found is None:
        return None
    values = {name: spec[name][1](r, value, join_path(path, name)) for name, value in found.items()}
    if r.errors != before or any(value is None for value in values.values()):
        return None
    return make(**values)


def _text(r: Reader, node: Node, path: str, required: bool = True,
          printed: bool = True) -> str | None:
    """One line of text: the scalar as written (so 4925726 keeps its digits), NFC, stripped."""
    if not r.expect(node, path, yaml.ScalarNode, "text"):
        return None
    text = "" if is_null(node) else unicodedata.normalize("NFC", node.value).strip()
    if required and not text:
        r.error(node, path, "must not be empty")
        return None
    return text if _check_chars(r, node, path, text, printed) else None


def _check_chars(r: Reader, node: Node, path: str, text: str, printed: bool = True) -> bool:
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
    if printed:
        for cluster in dict.fromkeys(cluster for _, cluster in uncomposed_marks(text)):
            # the file may hold the cluster decomposed, as NFC found it before composing
            written = cluster if cluster in str(node.value) else unicodedata.normalize(
                "NFD", cluster)
            r.error(r.locate(node, written), path, *not_placeable(cluster))
    return r.errors == before


@cache
def _printable(coverage: frozenset[int]) -> frozenset[int]:
    """The characters that need no closer look: no control or format characters, and no
    combining marks (one that NFC could not compose is refused, see uncomposed_marks)."""
    return frozenset(c for c in coverage if unicodedata.category(chr(c)) not in ("Cc", "Cf")
                     and not unicodedata.category(chr(c)).startswith("M"))


def _control_hint(ch: str) -> str:
    if ch in "\n\r":
        return "a line break is not allowed here; write a list with one item per line"
    if ch == "\t":
        return "use a space instead of a tab"
    return "remove it: it prints nothing, or something other than intended"


# --- field readers: each returns the value, or None after reporting why -----------------------


def read_optional(r: Reader, node: Node, path: str) -> str | None:
    return _text(r, node, path, required=False)


def _lines(r: Reader, node: Node, path: str, required: bool = True) -> tuple[str, ...] | None:
    """Lines of text: one string is one line."""
    if isinstance(node, yaml.ScalarNode):
        r.mark(f"{path}[0]", node)
        line = _text(r, node, path, required)
        return None if line is None else (line,) if line else ()
    return _items(r, node, path, _text, "text or a list of lines", required)


def _items(r: Reader, node: Node, path: str, convert: _Convert, expected: str,
           required: bool = True) -> tuple[Any, ...] | None:
    """A list converted item by item; None if any item was wrong."""
    if not required and isinstance(node, yaml.ScalarNode) and is_null(node):
        return ()
    if not r.expect(node, path, yaml.SequenceNode, expected):
        return None
    if required and not node.value:
        r.error(node, path, "must not be empty")
        return None
    for i, item in enumerate(node.value):
        r.mark(f"{path}[{i}]", item)
    items = [convert(r, item, f"{path}[{i}]") for i, item in enumerate(node.value)]
    return None if any(item is None for item in items) else tuple(items)


def _paragraph(r: Reader, node: Node, path: str) -> Paragraph | None:
    """A body paragraph: line breaks and runs of spaces are one space; inline markup applies."""
    if not r.expect(node, path, yaml.ScalarNode, "a paragraph of text"):
        return None
    raw = "" if is_null(node) else unicodedata.normalize("NFC", node.value)
    raw = _SPACES.sub(" ", raw).strip()
    before = r.errors
    _check_chars(r, node, path, raw)
    spans = _tidy(parse_inline(raw))
    if not spans:
        r.error(node, path, "must not be empty")
        return None
    for href in dict.fromkeys(span.href for span in spans if span.href is not None):
        if not is_safe_url(href):
            r.error(r.locate(node, href), path, f"link target '{href}' is not allowed", URL_HINT)
    return Paragraph(spans=spans) if r.errors == before else None


def _append(spans: list[Span], span: Span) -> None:
    last = spans[-1] if spans else None
    if last is not None and (last.bold, last.italic, last.href) == (
            span.bold, span.italic, span.href):
        spans[-1] = Span(text=last.text + span.text, bold=span.bold, italic=span.italic,
                         href=span.href)
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
            _append(out, Span(text=text, bold=span.bold, italic=span.italic, href=span.href))
    while out and out[-1].text != out[-1].text.rstrip():
        last = out.pop()
        if last.text.rstrip():
            out.append(Span(text=last.text.rstrip(), bold=last.bold, italic=last.italic,
                            href=last.href))
    return tuple(out)


def _date(r: Reader, node: Node, path: str) -> datetime.date | None:
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


def _date_format(r: Reader, node: Node, path: str) -> str | None:
    pattern = _text(r, node, path, required=False)
    if pattern == "":
        r.error(node, path, "must not be empty", _DATE_FORMAT_HINT)
        return None
    if pattern and not date_tokens(pattern):
        # "dd.mm.yyyy" is a common spelling; "on the day" holds a D only by chance
        upper = {t for t in date_tokens(pattern.upper()) if len(t) > 1}
        capitals = " (tokens are written in capitals)" if upper else ""
        r.error(node, path, f"'{pattern}' has no date token, so it would print itself instead "
                f"of the date{capitals}", _DATE_FORMAT_HINT)
        return None
    return pattern


def _choice(r: Reader, node: Node, path: str, values: tuple[str, ...]) -> str | None:
    value = _text(r, node, path, printed=False)
    if value is None or value in values:
        return value
    r.error(node, path, f"unknown {path.rsplit('.', 1)[-1]} '{value}'",
            "use one of: " + ", ".join(values))
    return None


def _integer(r: Reader, node: Node, path: str, lowest: int, highest: int,
             expected: str) -> int | None:
    if not r.expect(node, path, yaml.ScalarNode, expected):
        return None
    value = node.value.strip()
    if _INTEGER.match(value) and lowest <= int(value) <= highest:
        return int(value)
    r.error(node, path, f"expected {expected}, got " + (f"'{value}'" if value else "nothing"))
    return None


def _url(r: Reader, node: Node, path: str) -> str | None:
    url = _text(r, node, path, required=False, printed=False)
    if url and not is_safe_url(url):
        r.error(node, path, f"link target '{url}' is not allowed", URL_HINT)
        return None
    return url


def _website(r: Reader, node: Node, path: str) -> str | None:
    """Printed as written and linked: http:// is added unless it names its own scheme."""
    website = _text(r, node, path, required=False)
    if website and "://" in website and not is_safe_url(website):
        r.error(node, path, f"link target '{website}' is not allowed", URL_HINT)
        return None
    return website


def _logo(r: Reader, node: Node, path: str) -> str | None:
    """An image relative to the file that names it, returned relative to the letter's file
    (the resolve stage reads it)."""
    logo = _text(r, node, path, required=False, printed=False)
    if not logo:
        return logo
    r.references[path] = str(r.prefix / logo)
    return r.references[path]


def _letterhead(r: Reader, node: Node, path: str) -> Letterhead | LetterheadRef | None:
    """A letterhead given inline, or a reference to its file (read by the resolve stage)."""
    if isinstance(node, yaml.MappingNode):
        return read_record(r, node, path, _LETTERHEAD, Letterhead)
    if not isinstance(node, yaml.ScalarNode):
        r.expect(node, path, yaml.MappingNode, "a file name or a mapping")
        return None
    ref = _text(r, node, path, printed=False)
    if ref is None:
        return None
    r.references[path] = ref
    return LetterheadRef(file=ref)


def field_spec(keys: dict[str, bool], **readers: _Convert) -> dict[str, tuple[bool, _Convert]]:
    """A key table of :mod:`letterpress.parse.schema` with a reader for each key."""
    assert readers.keys() == keys.keys(), "a reader for each key, and no other"
    return {name: (required, readers[name]) for name, required in keys.items()}


def member_id(r: Reader, node: Node, path: str) -> str | None:
    """A member's id, as the registry gives it and letters name it."""
    value = _text(r, node, path, printed=False)
    if value is not None and not re.match(MEMBER_ID, value):
        r.error(node, path, f"'{value}' is not a member id",
                "an id is lowercase letters a-z, digits, '.', '_' and '-', e.g. rafik-ismayilov")
        return None
    return value


def _member(r: Reader, node: Node, path: str) -> Signatory | MemberRef | None:
    """A member written out, or ``member: ID`` naming one in the members registry."""
    if isinstance(node, yaml.MappingNode) and any(
            isinstance(key, yaml.ScalarNode) and key.value == "member" for key, _ in node.value):
        return read_record(r, node, path, _MEMBER_REF, lambda member: MemberRef(id=member))
    return read_record(r, node, path, _MEMBER, Signatory)


def _signer(r: Reader, node: Node, path: str) -> Signer | MemberRef | None:
    """A signer written out, or ``member: ID`` naming one in the members registry (whose
    role is the signer's title)."""
    if isinstance(node, yaml.MappingNode) and any(
            isinstance(key, yaml.ScalarNode) and key.value == "member" for key, _ in node.value):
        return read_record(r, node, path, _MEMBER_REF, lambda member: MemberRef(id=member))
    return read_record(r, node, path, _SIGNER, Signer)


def _signers(r: Reader, node: Node, path: str) -> tuple[Signer | MemberRef, ...] | None:
    """One or more signers: an empty list is a signature block no one signs."""
    if isinstance(node, yaml.SequenceNode) and not node.value or is_null(node):
        r.error(node, path, "must not be empty",
                "list who signs: '- name: ...' or '- member: ID'; a letter no one signs in "
                "ink leaves 'signature' out")
        return None
    return _items(r, node, path, _signer, "a list of signers")


def _enclosure(r: Reader, node: Node, path: str) -> Enclosure | None:
    """An enclosure: a line of text, or a mapping (``title:``)."""
    if isinstance(node, yaml.MappingNode):
        return read_record(r, node, path, _ENCLOSURE, Enclosure)
    title = _text(r, node, path)
    return None if title is None else Enclosure(title=title)


def _enclosure_file(r: Reader, node: Node, path: str) -> str | None:
    """The PDF an enclosure appends, relative to the letter's folder (resolved later)."""
    name = _text(r, node, path, printed=False)
    if name:
        r.references[path] = name
    return name


def _flag(r: Reader, node: Node, path: str) -> bool | None:
    """true or false."""
    if not r.expect(node, path, yaml.ScalarNode, "true or false"):
        return None
    value = str(node.value).strip()
    if value in ("true", "false"):
        return value == "true"
    r.error(node, path, "expected true or false, got " + (f"'{value}'" if value else "nothing"))
    return None


# DIN 5008's address zone holds six lines (the three above it are for postal remarks).
ADDRESS_LINES = 6


def _address(r: Reader, node: Node, path: str) -> tuple[str, ...] | None:
    """The recipient's postal address: at most as many lines as a window shows."""
    lines = _lines(r, node, path)
    if lines is not None and len(lines) > ADDRESS_LINES:
        r.error(node, path, f"{len(lines)} lines; a window envelope's address zone holds at "
                f"most {ADDRESS_LINES} (DIN 5008)",
                "join lines (name and department, say) or leave some out")
        return None
    return lines


def _window_rules(r: Reader, found: dict[str, Node], values: dict[str, Any],
                  merge: bool = False) -> None:
    """What ``address``, ``window`` and ``marks`` need of each other and of the paper (a
    merge letter's address comes from each recipient's row)."""
    if "window" in values and "address" not in found and not merge:
        r.error(found["window"], "window", "a window shows the recipient's postal address: "
                "'address' is missing", "add 'address:' with the lines the post reads")
    if "return_address" in values and "window" not in found:
        r.error(found["return_address"], "return_address", "a return address is printed "
                "above the address in a window: 'window' is missing",
                "add 'window: din-a' (or din-b, right)")
    if "address" in values and "window" not in found:
        r.error(found["address"], "address", "the postal address is printed in an envelope's "
                "window: 'window' is missing", "add 'window: din-a' (or din-b, right)")
    if values.get("marks") and "window" not in found:
        r.error(found["marks"], "marks", "fold marks fold a letter for a window envelope: "
                "'window' is missing", "add 'window: din-a' (or din-b, right)")
    if "window" in values and values.get("paper", "a4") != "a4":
        r.error(found["window"], "window", f"the window layouts are drawn on A4 paper (DIN "
                f"5008); this letter's paper is {values['paper']}",
                "leave 'window' out, or set 'paper: a4'")


# A PDF's name from a merge's output pattern: portable characters only, as the recipients'
# names become (letters, digits, '-', and '.' or '_' written in the pattern itself).
_FILE_NAME = re.compile(r"[A-Za-z0-9._-]+\Z")


def _pattern(r: Reader, node: Node, path: str, fields: dict[str, Any],
             printed: bool) -> str | None:
    """A merge's pattern: text with ``{field}`` or ``{field:spec}`` of ``fields`` (whose
    values are samples to try the pattern on), ``{{`` and ``}}`` for a brace itself."""
    import string

    text = _text(r, node, path, printed=printed)
    if text is None:
        return None
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
        unknown = [name for name in names if name not in fields]
        if unknown:
            r.error(r.locate(node, unknown[0]), path, f"unknown field '{{{unknown[0]}}}'",
                    "use " + ", ".join(f"{{{name}}}" for name in fields))
            return None
        sample = text.format(**fields)
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        r.error(node, path, f"'{text}' is not a pattern ({exc})",
                "write fields as {n} or {n:04}, a brace itself as {{ or }}")
        return None
    if not printed and not _FILE_NAME.match(sample):
        r.error(node, path, f"'{text}' does not make a portable file name (letters, digits, "
                "'.', '_' and '-')", "e.g. {stem}-{name} or {n:04}-{name}")
        return None
    return text


def _merge(r: Reader, node: Node, path: str) -> Merge | None:
    return read_record(r, node, path, _MERGE, Merge)


_MERGE = field_spec(
    MERGE_KEYS, recipients=partial(_text, printed=False),
    reference=partial(_pattern, fields={"reference": "05/20", "n": 1}, printed=True),
    output=partial(_pattern, fields={"stem": "letter", "name": "name", "n": 1}, printed=False))
_ENCLOSURE = field_spec(ENCLOSURE_KEYS, title=_text, file=_enclosure_file)
_CORRECTION = field_spec(CORRECTION_KEYS, text=read_optional, place=partial(_choice, values=PLACES),
                    replaces=_date)


_MEMBER = field_spec(MEMBER_KEYS, name=_text, organisation=read_optional, role=read_optional)
_MEMBER_REF = field_spec(MEMBER_REF_KEYS, member=member_id)
_SIGNER = field_spec(SIGNER_KEYS, name=_text, title=read_optional, organisation=read_optional)
_SIGNATURE = field_spec(SIGNATURE_KEYS, place=read_optional, date=_date, signers=_signers)
_GROUP = field_spec(
    GROUP_KEYS, heading=_text,
    start=partial(_integer, lowest=1, highest=10**9 - 1,
                  expected="a whole number from 1 to 999,999,999"),
    columns=partial(_integer, lowest=1, highest=2, expected="1 or 2"),
    members=partial(_items, expected="a list of members", convert=_member))
_LABELS = field_spec(LABEL_KEYS, **{key: _text for key in LABEL_KEYS})
_labels = partial(read_record, spec=_LABELS, make=Labels)
_LETTERHEAD_TEXT = field_spec(LETTERHEAD_TEXT_KEYS, name=_text,
                              address=partial(_lines, required=False), labels=_labels)
_LETTERHEAD = field_spec(
    LETTERHEAD_KEYS, name=_text, address=partial(_lines, required=False), telephone=read_optional,
    email=read_optional, website=_website, website_url=_url, logo=_logo, labels=_labels,
    typeface=partial(_choice, values=TYPEFACE_NAMES),
    **{language: partial(read_record, spec=_LETTERHEAD_TEXT, make=LetterheadText)
       for language in LANGUAGES})
_LETTER = field_spec(
    LETTER_KEYS, letterhead=_letterhead, reference=_text, date=_date, date_format=_date_format,
    language=partial(_choice, values=LANGUAGES), paper=partial(_choice, values=PAPERS),
    typeface=partial(_choice, values=TYPEFACE_NAMES), title=read_optional,
    revision=partial(_integer, lowest=1, highest=999_999,
                     expected="a whole number from 1 to 999,999"),
    correction=partial(read_record, spec=_CORRECTION, make=Correction),
    sender=_text, recipient=_lines,
    body=partial(_items, convert=_paragraph, expected="a list of paragraphs"),
    closing=partial(_lines, required=False),
    signature=partial(read_record, spec=_SIGNATURE, make=Signature),
    signatories=partial(_items, expected="a list of signatory groups", required=False,
                        convert=partial(read_record, spec=_GROUP, make=SignatoryGroup)),
    subject=read_optional, salutation=read_optional, place=read_optional,
    reference_label=read_optional,
    enclosures=partial(_items, convert=_enclosure, required=False,
                       expected="a list of enclosures (lines of text)"),
    cc=partial(_lines, required=False),
    address=_address, return_address=read_optional,
    window=partial(_choice, values=WINDOWS), marks=_flag, merge=_merge)
# A merge letter: each recipient's row gives the recipient lines (and the window's address).
_MERGE_LETTER = {**_LETTER, "recipient": (False, _LETTER["recipient"][1])}


# --- the public entry points ------------------------------------------------------------------


def parse_source(text: str, filename: str, coverage: frozenset[int]
                 ) -> tuple[SourceLetter, list[Diagnostic]]:
    """Parse a YAML letter: the source letter (with the keys that read correctly) and every
    problem found. ``coverage`` is the set of code points the fonts can draw."""
    r = Reader(filename, text, coverage, PurePosixPath("."), [])
    root = compose(r)
    values: dict[str, Any] = {}
    merge = isinstance(root, yaml.MappingNode) and any(
        isinstance(key, yaml.ScalarNode) and key.value == "merge" for key, _ in root.value)
    spec = _MERGE_LETTER if merge else _LETTER
    found = None if root is None else read_mapping(r, root, "", spec)
    for name, node in (found or {}).items():
        value = spec[name][1](r, node, name)
        if value is not None:
            values[name] = value
    if found:
        _window_rules(r, found, values, merge)
    return SourceLetter(file=filename, format="yaml", values=values, positions=r.positions,
                        references=r.references,
                        lines=tuple(r.lines)), r.out


def parse_letterhead(text: str, filename: str, ref: str, coverage: frozenset[int],
                     out: list[Diagnostic]
                     ) -> tuple[Letterhead | None, dict[str, Position], dict[str, str]]:
    """Parse a letterhead file named ``ref`` in a letter; its problems, added to ``out``, name
    that file with field paths from the letter (``letterhead.name``). Also where each field
    is written and the files it names (relative to the letter)."""
    r = Reader(filename, text, coverage, PurePosixPath(ref).parent, out)
    root = compose(r)
    letterhead = None if root is None else read_record(r, root, "letterhead", _LETTERHEAD,
                                                   Letterhead)
    return letterhead, r.positions, r.references


# A cell of a recipients file: its text (an address's lines joined by line breaks), and the
# line and column where it is written.
RecipientCell = tuple[str, int, int]


RecipientRow = tuple[int, int, dict[str, RecipientCell], tuple[Diagnostic, ...]]


def parse_recipients(text: str, filename: str) -> tuple[list[RecipientRow], list[Diagnostic]]:
    """The rows of a YAML recipients file (a list of mappings of text; an ``address`` may be a
    list of lines), each as (line, column, cells, the row's problems), and the problems of
    the whole file (then there are no rows). The text's characters are checked by the merge,
    which knows which fields the letter prints."""
    r = Reader(filename, text, frozenset(), PurePosixPath("."), [])
    root = compose(r)
    rows: list[RecipientRow] = []
    if root is None or not r.expect(root, "recipients", yaml.SequenceNode,
                                     "a list of recipients (one mapping each)"):
        return rows, r.out
    if r.out:  # an alias or a tag anywhere: the file is refused whole
        return rows, r.out
    for i, item in enumerate(root.value):
        before = len(r.out)
        path = f"recipients[{i}]"
        cells: dict[str, RecipientCell] = {}
        if r.expect(item, path, yaml.MappingNode, "a mapping (name: ..., organisation: ...)"):
            for key, value in item.value:
                if not isinstance(key, yaml.ScalarNode):
                    r.error(key, path, f"expected a key, got {describe(key)}")
                    continue
                where = join_path(path, key.value)
                if isinstance(value, yaml.SequenceNode) and all(
                        isinstance(v, yaml.ScalarNode) for v in value.value):
                    cell = "\n".join("" if is_null(v) else str(v.value) for v in value.value)
                elif isinstance(value, yaml.ScalarNode):
                    cell = "" if is_null(value) else str(value.value)
                else:
                    r.error(value, where, f"expected text, got {describe(value)}")
                    continue
                cells[key.value] = (cell, value.start_mark.line + 1,
                                    value.start_mark.column + 1)
        rows.append((item.start_mark.line + 1, item.start_mark.column + 1, cells,
                     tuple(r.out[before:])))
    return rows, []
