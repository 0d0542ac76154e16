"""A Markdown letter as lines and blocks, the report of its problems, and one-style text.

Lines are NFC-normalised and checked character by character; blocks are runs of non-blank
lines. :func:`plain` reads a field that prints in one style: backslash escapes are read and
formatting is an error. Inline markup is read by :mod:`letterpress.inline` (Markdown dialect).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ...errors import Diagnostic, SourceError
from ...fonts import not_drawable, not_placeable, uncomposed_marks
from ...inline import MARKDOWN, parse_inline
from ...model import Span
from ..textfile import LINE_END

HEADING = re.compile(r"#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?")
_FORBIDDEN_CATEGORIES = {"Cc": "control", "Cf": "invisible format", "Zl": "line separator",
                         "Zp": "paragraph separator", "Cs": "surrogate"}
_SPACES = re.compile(r" {2,}")


@dataclass(frozen=True, slots=True)
class Line:
    """One source line."""

    number: int  # 1-based
    text: str  # NFC, trailing white space removed, indentation kept
    hard_break: bool  # ended in two or more spaces

    @property
    def column(self) -> int:
        return len(self.text) - len(self.text.lstrip()) + 1

    @property
    def content(self) -> str:
        """The text without indentation; runs of spaces count as one, as in rendered Markdown."""
        return _SPACES.sub(" ", self.text.strip())


Block = tuple[Line, ...]


class Report:
    """Collects diagnostics so that every problem of a file is reported in one run; warnings
    (what prints, but maybe not as the writer meant) apart from errors."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.diagnostics: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def add(self, line: int, column: int, message: str, hint: str = "", field: str = "") -> None:
        self.diagnostics.append(Diagnostic(self.filename, line, column, field, message, hint))

    def at(self, line: Line, message: str, hint: str = "", field: str = "") -> None:
        self.add(line.number, line.column, message, hint, field)

    def warn(self, line: Line | None, message: str, hint: str = "", field: str = "") -> None:
        number, column = (line.number, line.column) if line else (0, 0)
        self.warnings.append(Diagnostic(self.filename, number, column, field, message, hint,
                                        "warning"))

    def raise_if_any(self) -> None:
        if not self.diagnostics:
            return
        found = sorted(self.diagnostics, key=lambda d: (d.line == 0, d.line, d.column))
        raise SourceError(f"{self.filename}: {len(found)} problem(s) in the Markdown letter",
                          tuple(found))


def split_lines(text: str, coverage: frozenset[int], report: Report) -> tuple[Line, ...]:
    """The lines of ``text``, NFC, split at line ends; bad characters are reported.

    CR LF, CR and LF each end a line (textfile.LINE_END): a file saved with old Mac line
    ends, or one whose last line lost its LF, reads like any other."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    lines = []
    for number, raw in enumerate(LINE_END.split(text), start=1):
        _check_characters(raw, number, coverage, report)
        lines.append(Line(number, raw.rstrip(), raw.endswith("  ")))
    return tuple(lines)


def _check_characters(text: str, number: int, coverage: frozenset[int], report: Report) -> None:
    """Report each character of a line that must not or cannot be printed, once per line."""
    seen: set[str] = set()
    for column, char in enumerate(text, start=1):
        problem = None if char in seen else _character_problem(char, coverage)
        if problem:
            report.add(number, column, *problem)
            seen.add(char)
    for index, cluster in uncomposed_marks(text):
        if cluster not in seen:
            report.add(number, index + 1, *not_placeable(cluster))
            seen.add(cluster)


def _character_problem(char: str, coverage: frozenset[int]) -> tuple[str, str] | None:
    """(message, hint) if ``char`` must not or cannot be printed."""
    label = f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()
    kind = _FORBIDDEN_CATEGORIES.get(unicodedata.category(char))
    if kind:
        return (f"{kind} character {label} is not allowed",
                "delete it; use spaces, line breaks and blank lines for layout")
    if ord(char) not in coverage:
        return not_drawable(char)
    return None


def split_blocks(lines: tuple[Line, ...]) -> list[Block]:
    """Runs of non-blank lines."""
    blocks: list[Block] = []
    current: list[Line] = []
    for line in lines:
        if line.content:
            current.append(line)
        elif current:
            blocks.append(tuple(current))
            current = []
    if current:
        blocks.append(tuple(current))
    return blocks


# --- one-style text and inline markup -------------------------------------------------------

def read_spans(text: str) -> tuple[Span, ...]:
    """Inline Markdown to spans (:mod:`letterpress.inline`); what opens nothing stays text."""
    return parse_inline(text, MARKDOWN)


def read_link(text: str) -> tuple[tuple[Span, ...], str] | None:
    """The spans and the target of ``text`` if it is a link and nothing else."""
    spans = read_spans(text)
    targets = {span.href for span in spans}
    if not (text.startswith("[") and text.endswith(")") and len(targets) == 1):
        return None
    target = targets.pop()
    return None if target is None else (spans, target)


def styled(spans: tuple[Span, ...]) -> bool:
    return any(span.bold or span.italic or span.href for span in spans)


def plain(text: str | tuple[Span, ...], line: Line, path: str, report: Report) -> str:
    """A one-style field: backslash escapes are read, formatting is an error."""
    spans = read_spans(text) if isinstance(text, str) else text
    if styled(spans):
        report.at(line, "formatting cannot be kept here: this field prints in one style",
                  "remove the ** * or [](), or escape the character with a backslash, like \\*",
                  path)
    return "".join(span.text for span in spans)


def unwrap_bold(text: str) -> str:
    """``text`` without a ``**`` on each end that enclose all of it."""
    inner = text[2:-2]
    if len(text) > 4 and text.startswith("**") and text.endswith("**") and "**" not in inner:
        return inner.strip()
    return text
