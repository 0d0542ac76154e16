"""The language of a Markdown letter: stated in a front matter block, or guessed (a warning).

A letter states its language in a front matter block before its heading::

    ---
    language: az
    ---

The block is the first non-blank line ``---``, lines ``key: value``, and a closing ``---``
(or ``...``); its keys are ``language`` and ``typeface`` (serif or sans, as in a YAML
letter), each at most once. A letter that states nothing has its language
guessed, and the guess is a warning naming what it was based on, in this order: the text of
the body and closing (Cyrillic letters: ru; the Azerbaijani letters ə, ğ, ı, İ: az), a month
name in the date, the From/To labels; else en. The labels come last because they are often
left as an exported template wrote them ("From:" in an Azerbaijani letter), while a month
name must be the letter's language to print as written.
"""

from __future__ import annotations

import re

from ...content import MONTHS
from ...model import LANGUAGES, TYPEFACE_NAMES
from .blocks import Block, Line, Report

__all__ = ["STATE_HINT", "Stated", "guess_language", "read_front_matter"]

STATE_HINT = ("state it in a front matter block before the heading: a line '---', a line "
              "'language: {language}', a line '---' (docs/markdown.md)")
_FENCE = "---"
_FENCE_ENDS = ("---", "...")
_ENTRY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")
_AZ_LETTERS = frozenset("əƏğĞıİ")
# Share of the letters of the body and closing that decides: Azerbaijani text has about one
# 'ə' in twelve letters, so 1 in 100 is clear of a few quoted names in an English letter.
_AZ_SHARE = 0.01
_CYRILLIC_SHARE = 0.3
_MIN_LETTERS = 40


class Stated:
    """What the front matter stated: the language (or None) and the line it is on; the
    typeface (or None) and its line."""

    __slots__ = ("language", "line", "typeface", "typeface_line")

    def __init__(self, language: str | None = None, line: Line | None = None) -> None:
        self.language, self.line = language, line
        self.typeface: str | None = None
        self.typeface_line: Line | None = None


def read_front_matter(lines: tuple[Line, ...], report: Report) -> tuple[Stated, int]:
    """The front matter opening ``lines``, if any, and the index of the first line after it."""
    start = next((i for i, line in enumerate(lines) if line.content), len(lines))
    if start == len(lines) or lines[start].text != _FENCE:
        return Stated(), 0
    end = next((i for i in range(start + 1, len(lines)) if lines[i].text in _FENCE_ENDS), None)
    if end is None:  # read on from the first line that is not an entry: the heading, surely
        report.at(lines[start], "the front matter opened here is never closed",
                  "end it with a line '---' before the heading", "language")
        rest = next((i for i in range(start + 1, len(lines))
                     if lines[i].content and not _ENTRY.fullmatch(lines[i].content)),
                    len(lines))
        return Stated(), rest
    stated = Stated()
    for line in lines[start + 1:end]:
        if not line.content or line.content.startswith("#"):
            continue
        match = _ENTRY.fullmatch(line.content)
        if match is not None and match.group(1) == "typeface":
            _typeface(stated, match.group(2).strip().strip("'\""), line, report)
        elif match is None or match.group(1) != "language":
            report.at(line, "the front matter holds the keys language and typeface: like "
                      "'language: az'", "delete this line", "language")
        elif stated.language is not None:
            report.at(line, "a second language: line", "delete one of them", "language")
        else:
            value = match.group(2).strip().strip("'\"")
            if value not in LANGUAGES:
                report.at(line, f"'{value}' is not a language letterpress prints (it prints "
                          f"{', '.join(LANGUAGES)})", "write one of them", "language")
            stated.language, stated.line = (value if value in LANGUAGES else None), line
    return stated, end + 1


def _typeface(stated: Stated, value: str, line: Line, report: Report) -> None:
    if stated.typeface_line is not None:
        report.at(line, "a second typeface: line", "delete one of them", "typeface")
    elif value not in TYPEFACE_NAMES:
        report.at(line, f"unknown typeface '{value}'", "use one of: " + ", ".join(TYPEFACE_NAMES),
                  "typeface")
    else:
        stated.typeface, stated.typeface_line = value, line


def guess_language(prose: list[Block], labels: list[tuple[str, str, str, Line]],
                   date_line: Line | None) -> tuple[str, str, Line | None]:
    """The guessed language, what the guess was based on (words for the warning) and the
    line that shows it. ``labels`` are (key, language, label, line) of the From/To labels."""
    by_text = _language_of_text(prose)
    if by_text is not None:
        language, what, line = by_text
        basis = f"the {what} of the body"
        others = sorted({label for _, lang, label, _ in labels if lang != language})
        if others:
            basis += f" (the labels {', '.join(repr(o) for o in others)} are of another language)"
        return language, basis, line
    if date_line is not None:
        for language in LANGUAGES:
            for month in MONTHS[language]:
                if re.search(rf"(?<!\w){re.escape(month)}(?!\w)", date_line.content,
                             re.IGNORECASE):
                    return language, f"the month name '{month}' in the date", date_line
    if labels:
        language = labels[0][1]
        shown = ", ".join(repr(label) for _, _, label, _ in labels)
        return language, f"the label{'s' * (len(labels) > 1)} {shown}", labels[0][3]
    return "en", "nothing in the letter (en is the default)", None


def _language_of_text(prose: list[Block]) -> tuple[str, str, Line] | None:
    """(language, what shows it, first line showing it) if the body's letters decide."""
    letters = [(char, line) for block in prose for line in block for char in line.content
               if char.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return None
    cyrillic = [line for char, line in letters if "\u0400" <= char <= "\u04ff"]
    if len(cyrillic) >= _CYRILLIC_SHARE * len(letters):
        return "ru", "Cyrillic letters", cyrillic[0]
    azeri = [(char, line) for char, line in letters if char in _AZ_LETTERS]
    if len(azeri) >= _AZ_SHARE * len(letters):
        shown = "".join(sorted({char for char, _ in azeri}))
        return "az", f"Azerbaijani letters ({shown})", azeri[0][1]
    return None
