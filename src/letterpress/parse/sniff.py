"""What a file given as a letter is, whatever its name: a YAML letter, a Markdown letter, or
not a letter source (and then what it looks like, and what to do).

A file is read for what it is. Its first bytes say whether it is a kind of file no letter is
(a PDF, a Word or OpenDocument file, an image, an archive); its text then says which format
it is written in, by the shape each format has:

* a **Markdown letter** starts (after blank lines and an optional front matter block between
  two ``---`` lines) with a heading, ``## Name``, and has a line that starts a From or To
  block (``**From: ...``, ``To: ...``, or the labels of another language) at the start of a
  line;
* a **YAML letter** has a top-level key of a letter (``letterhead:``, ``body:``, ...; not
  ``language:`` alone, which front matter says too) at the start of a line.

A file with both shapes is Markdown; a file with half the Markdown shape (the heading, or a
From/To line) is Markdown too, so that its parser says what is missing. Only when the text
shows neither does the name decide (``.yaml``/``.yml``: YAML; ``.md``: Markdown), so a
broken letter gets the messages of the format its writer meant. Anything else is not a
letter source. In a folder, a file not named .yaml, .yml or .md is one of its letters only if
it has the whole shape of one (:func:`letter_shape`), so notes beside the letters are left
alone. The rules are in docs/markdown.md ("Which files are letters").
"""

from __future__ import annotations

import re
from typing import Literal

from ..content import LABELS
from ..errors import Diagnostic, SourceError
from .schema import LETTER_KEYS

__all__ = ["SourceFormat", "binary_kind", "letter_shape", "not_a_letter", "source_format",
           "text_format"]

SourceFormat = Literal["yaml", "markdown"]

YAML_SUFFIXES = (".yaml", ".yml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_KEY_LINE = re.compile(r"^([a-z_][a-z0-9_]*)[ \t]*:(?:[ \t]|$)", re.MULTILINE)
_LETTER_KEY_LINE = re.compile(r"^(?:{})[ \t]*:(?:[ \t]|$)".format("|".join(
    key for key in LETTER_KEYS if key != "language")), re.MULTILINE)
_HEADING = re.compile(r"#{1,6}[ \t]+\S")
_PARTY_LINE = re.compile(r"^(?:\*\*)?(?:{})".format("|".join(
    re.escape(LABELS[lang][key]) for lang in LABELS for key in ("sender", "recipient"))),
    re.MULTILINE)
# From and To come right after the letterhead, reference and date: looked for in this much
# of the text (a letterhead of 64 KiB is no letterhead).
_PARTY_REACH = 64 * 1024
# A first non-blank line ---, then anything, then a line --- or ... (the text's line ends
# made \n first).
_FRONT_MATTER = re.compile(r"(?:[ \t]*\n)*---[ \t]*\n(?:.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)",
                           re.DOTALL)

# The first bytes of kinds of files no letter is, and what they are called.
_OFFICE_HINT = ("copy the letter's text into a Markdown file shaped as docs/markdown.md "
                "shows (or save it as plain text) and give that file")
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF", "give the letter's source (.yaml or .md); to check a built PDF against "
     "the source inside it: letterpress check FILE.pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (Word 97-2003, .doc)",
     _OFFICE_HINT),
    (b"{\\rtf", "an RTF document", _OFFICE_HINT),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "an image is a letterhead's logo (logo: in the "
     "letterhead); give the letter's source (.yaml or .md)"),
    (b"\xff\xd8\xff", "a JPEG image", "an image is a letterhead's logo (logo: in the "
     "letterhead); give the letter's source (.yaml or .md)"),
    (b"GIF8", "a GIF image", "an image is a letterhead's logo (logo: in the letterhead); give "
     "the letter's source (.yaml or .md)"),
)


def binary_kind(data: bytes) -> tuple[str, str] | None:
    """(what it is, what to do) if ``data`` is a kind of file no letter is, else None."""
    if data.startswith(b"PK\x03\x04"):  # a zip: the names of its members are stored as is
        if b"word/" in data:
            return "a Word document (.docx)", _OFFICE_HINT
        if b"application/vnd.oasis.opendocument" in data:
            return "an OpenDocument file (.odt)", _OFFICE_HINT
        return "a zip archive", "unpack it and give the letter inside"
    for magic, what, hint in _SIGNATURES:
        if data.startswith(magic):
            return what, hint
    if _SVG.match(data[:4096]):  # XML whose first element is <svg: a vector logo
        return "an SVG image", _SIGNATURES[-1][2]
    return None


# An XML declaration, comments and a DOCTYPE may come before an SVG's root element.
_SVG = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*"
                  rb"<svg[\s>/]", re.DOTALL)


def letter_shape(text: str) -> SourceFormat | None:
    """The format of ``text`` if it has the whole shape of a letter in it (see the module):
    how a folder's files other than .yaml, .yml and .md are told to be letters."""
    return _shape(text)[0]


def text_format(text: str, filename: str = "") -> SourceFormat | None:
    """The format ``text`` is written in, by its shape (see the module); None if neither.
    ``filename``'s suffix decides only when the text shows neither shape."""
    whole, heading, party, body = _shape(text)
    if whole is not None:
        return whole
    suffix = filename.lower()
    if suffix.endswith(YAML_SUFFIXES):
        return "yaml"
    if heading or party or suffix.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    keys = _KEY_LINE.findall(body)
    if "language" in keys or len(keys) >= 2:  # a YAML letter with keys misspelt: YAML says
        return "yaml"
    return None


def source_format(text: str, filename: str) -> SourceFormat:
    """The format of the letter ``text`` from the file ``filename``; SourceError (one line,
    with a hint) if it is not a letter source."""
    found = text_format(text, filename) if text.strip() else (
        "yaml" if filename.lower().endswith(YAML_SUFFIXES) else None)
    if found is None:
        raise not_a_letter(filename, *describe_text(text))
    return found


def describe_text(text: str) -> tuple[str, str]:
    """(what it looks like, what to do) for text that is not a letter source."""
    formats = "docs/source-format.md (YAML) or docs/markdown.md (Markdown)"
    if not text.strip():
        return "the file is empty", f"write a letter in it, as {formats} shows"
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype html", "<html")):
        return ("it is an HTML page", "save the letter as Markdown or plain text (not as a web "
                f"page), shaped as {formats} shows")
    return ("it reads as plain text, neither a YAML letter (no line like 'letterhead:') nor a "
            "Markdown letter (no '## Name' heading first, no 'From:' or 'To:' line)",
            f"shape it as {formats} shows")


def not_a_letter(filename: str, what: str, hint: str) -> SourceError:
    """The one-line error for a file that is not a letter source."""
    message = f"not a letter source: {what}"
    return SourceError(f"{filename}: {message}",
                       (Diagnostic(filename, 0, 0, "", message, hint),))


def _shape(text: str) -> tuple[SourceFormat | None, bool, bool, str]:
    """The format the whole shape shows (or None), whether the text starts with a heading,
    whether a line starts a From/To block, and the text whose keys count (after a front
    matter block, when the letter goes on after it). Whole-text searches: a letter of
    10,000 signatories is looked at in a few milliseconds."""
    # CR LF and CR end lines as LF does (textfile.LINE_END), so ^ finds every line's start
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front = _FRONT_MATTER.match(text)
    rest = text[front.end():] if front else text
    heading = bool(_HEADING.match(rest.lstrip()))
    party = _PARTY_LINE.search(rest, 0, _PARTY_REACH) is not None
    body = rest if front and rest.strip() else text
    if heading and party:
        return "markdown", heading, party, body
    # language: alone is no sign of YAML: it is what a Markdown letter's front matter says
    if _LETTER_KEY_LINE.search(body):
        return "yaml", heading, party, body
    return None, heading, party, body
