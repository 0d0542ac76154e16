"""The judge: does a PDF, read back, say what the letter says?

Every function takes the letter and a :class:`~letterpress.check.readback.PdfText` and returns
findings; nothing here writes a PDF or prints. The expected words come from
``content.fields`` (the same strings layout draws), so a finding means the PDF differs from
the source, never that two spellings of a label drifted apart.

How text is compared (docs/libraries.md, "Reading text back"):

* both sides are NFC-normalised, without soft hyphens, and never casefolded ('İ'.lower() is
  two characters);
* whitespace is insignificant, but a missing space between two words is a difference;
* a word broken at a line end may be joined again: "occu-" + "pied" reads "occupied" (a
  hyphen added by the layout), "Nagorno-" + "Karabakh" reads "Nagorno-Karabakh" (the
  source's hyphen), and "http://ex" + "ample.org" reads "http://example.org" (an over-long
  word broken without a hyphen). Joins happen only at line ends;
* page furniture (the running header on pages after the first, the page label on every page
  of a multi-page letter) is removed by exact line before comparing, and is itself checked.

Fields are found by exact match first; the heaviest chain of matches in source order anchors
the comparison, and only the text between anchors is explained (as a differing, missing,
moved or unexpected field), so one wrong field never makes all the following ones wrong.
Finding the matches, the chain and the gaps is align.py's work; this module judges them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..content import fields, page_label, revision_keywords, running_header
from ..fonts import DEFAULT_TYPEFACE, TYPEFACES
from ..model import Letter
from . import align
from .align import Expected, Gap, Token
from .readback import PdfText
from .visibility import PageInk

CONTEXT_WORDS = 3  # words shown either side of the first difference
CLIP_CHARS = 120  # longest expected/found text shown whole in a finding
# ISO 32000-1 9.6.2.2: the fonts a viewer supplies itself, so a PDF naming them embeds nothing.
BASE14 = frozenset({
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold",
    "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
})
# ISO 32000-1 9.6.4: a subset font's name starts with six capital letters and "+".
# ReportLab names its TTFont subsets AAAAAA+, AAAAAB+, ... (subset number, digits as letters).
SUBSET_TAG = re.compile(r"[A-Z]{6}\+")
REPORTLAB_UNTITLED = "untitled"  # the Title ReportLab writes when none was set
REPAIRS_SHOWN = 3  # of the repairs pypdf reports for a damaged file


@dataclass(frozen=True, slots=True)
class Finding:
    """One way the PDF differs from the letter. ``field`` is a source path such as
    ``signatories[0].members[27]`` ("" for text that belongs to no field); ``page`` is
    1-based, 0 when unknown."""

    field: str
    expected: str
    found: str
    message: str
    page: int = 0

    def format(self) -> str:
        head = f"{self.field}: {self.message}" if self.field else self.message
        if self.page:
            head += f" (page {self.page})"
        if self.expected and self.expected == self.found:
            return f"{head}\n  text:     {_clip(self.expected)}"
        if self.expected and self.found:
            return head + "\n" + _difference(self.expected.split(), self.found.split())
        lines = [head]
        if self.expected:
            lines.append(f"  expected: {_clip(self.expected)}")
        if self.found:
            lines.append(f"  found:    {_clip(self.found)}")
        return "\n".join(lines)


def compare_pdf(letter: Letter, pdf: PdfText, ink: Sequence[PageInk] = ()
                ) -> tuple[Finding, ...]:
    """Every check: the file's soundness, text, what is visible, metadata, fonts and links."""
    return (compare_repairs(pdf) + compare_text(letter, pdf) + compare_ink(letter, ink)
            + compare_metadata(letter, pdf) + compare_fonts(pdf, letter.typeface)
            + compare_links(letter, pdf)
            + compare_contents(pdf))


def _family_of(base: str) -> str | None:
    """The family of letterpress's whose PostScript name ``base`` bears (LiberationSans-Bold:
    Liberation Sans), or None."""
    for face in TYPEFACES.values():
        stem = face.family.replace(" ", "")
        if base == stem or base.startswith(stem + "-"):
            return face.family
    return None


def compare_contents(pdf: PdfText) -> tuple[Finding, ...]:
    """The file holds only what a letter holds (check/contents.py): no actions but links to
    URLs, no annotations but those links and signature fields, no forms, no optional
    content; XMP that says what the document information says; the same files named in /AF
    and in /EmbeddedFiles, with the same bytes."""
    out = [Finding("file", "", what, "not part of a letter", page + 1)
           for page, what in pdf.extras]
    out += [Finding("text", "", what, "the glyphs do not say what the text layer says",
                    page + 1) for page, what in pdf.misread]
    if pdf.xmp is None:
        out.append(Finding("metadata.xmp", "XMP metadata", "", "the PDF has no readable XMP"))
    else:
        for key in ("Title", "Author", "Subject", "Keywords", "Lang"):
            info, xmp = _nfc(pdf.metadata.get(key, "")), _nfc(pdf.xmp.get(key, ""))
            if info != xmp:
                out.append(Finding(f"metadata.xmp.{key.lower()}", info, xmp,
                                   f"XMP {key} differs from the document information"))
    named = {where: sorted((name, digest) for w, name, digest in pdf.attachments if w == where)
             for where in ("AF", "EmbeddedFiles")}
    if named["AF"] != named["EmbeddedFiles"]:
        out.append(Finding("file", ", ".join(n for n, _ in named["AF"]),
                           ", ".join(n for n, _ in named["EmbeddedFiles"]),
                           "the files in /EmbeddedFiles are not the sources in /AF"))
    return tuple(out)


def compare_metadata(letter: Letter, pdf: PdfText) -> tuple[Finding, ...]:
    """Title set (equal to ``letter.title`` when given, else to the subject when the letter
    has one), Author the sender, Lang the language,
    Keywords the revision a corrected letter is and the one it replaces."""
    meta = {key: _nfc(value) for key, value in pdf.metadata.items()}
    out = []
    title = meta.get("Title", "")
    named = letter.title or letter.subject
    if named and title != _nfc(named):
        out.append(Finding("metadata.title", _nfc(named), title, "PDF title differs"))
    elif title.strip() in ("", REPORTLAB_UNTITLED):
        out.append(Finding("metadata.title", "a title", title, "PDF title is not set"))
    for key, want in (("Author", letter.sender), ("Lang", letter.language),
                      ("Keywords", revision_keywords(letter))):
        if meta.get(key, "") != _nfc(want):
            out.append(Finding(f"metadata.{key.lower()}", _nfc(want), meta.get(key, ""),
                               f"PDF {key} differs"))
    return tuple(out)


def compare_fonts(pdf: PdfText, typeface: str = DEFAULT_TYPEFACE) -> tuple[Finding, ...]:
    """Only embedded subsets: a font the viewer substitutes may lack İ ı ə or change widths;
    and of letterpress's fonts, only those of the letter's ``typeface`` (another family's is a
    font swapped in, whose glyphs glyphs.py alone would find genuine)."""
    out = []
    own = TYPEFACES[typeface].family
    for name in pdf.fonts:
        base = SUBSET_TAG.sub("", name, count=1)
        other = _family_of(base)
        if other is not None and other != own and SUBSET_TAG.match(name):
            out.append(Finding("fonts", own, other, f"font {name} is {other}, but the letter "
                               f"is set in {own} (typeface: {typeface})"))
            continue
        if base in BASE14:
            message = f"standard font {base} is used; it is not embedded"
        elif name in pdf.unembedded:
            message = f"font {name} is not embedded"
        elif not SUBSET_TAG.match(name):
            message = f"font {name} is not a subset"
        else:
            continue
        out.append(Finding("fonts", "embedded subset fonts only", name, message))
    return tuple(out)


def compare_links(letter: Letter, pdf: PdfText) -> tuple[Finding, ...]:
    """Every href of the source is a link in the PDF, and the PDF links nowhere else."""
    wanted = {span.href: f.path for f in fields(letter) for span in f.spans if span.href}
    found = {uri for _, uri in pdf.links}
    out = [Finding(path, href, "", "link missing") for href, path in wanted.items()
           if href not in found]
    out += [Finding("", "", uri, "unexpected link", page + 1) for page, uri in pdf.links
            if uri not in wanted]
    return tuple(out)


# --- text ---------------------------------------------------------------------------------

def compare_text(letter: Letter, pdf: PdfText) -> tuple[Finding, ...]:
    """Compare the read-back text with the letter's fields, in source order."""
    tokens, furniture = _tokens(letter, pdf)
    expected = [Expected(f.path, w) for f in fields(letter) if (w := _words(f.text))]
    if align.in_order(tokens, expected):
        return tuple(furniture)
    occurrences = align.occurrences(tokens, expected)
    rare = [m for ms in occurrences if len(ms) <= align.MAX_OCCURRENCES for m in ms]
    occurrences = align.near_anchors(occurrences, align.chain(rare, expected), tokens)
    chain = align.chain([m for ms in occurrences for m in ms], expected)
    gaps = align.gaps(chain, expected, len(tokens))
    moves = align.moves(gaps, occurrences, {m.field for m in chain}, len(tokens))
    keyed: list[tuple[int, Finding]] = []
    for f, move in moves.items():
        gap = next(gap for gap in gaps if move.start in gap.tokens)
        keyed.append((move.start, Finding(
            expected[f].path, _text(expected[f].words), _found(tokens, move.start, move.end),
            "out of order: printed " + _between(gap), tokens[move.start].page)))
    taken = {t for m in moves.values() for t in range(m.start, m.end)}
    for gap in gaps:
        left = [t for t in gap.tokens if t not in taken]
        keyed += _explain(gap, [f for f in gap.fields if f not in moves], left, tokens, expected)
    keyed.sort(key=lambda pair: pair[0])
    return tuple(furniture) + tuple(finding for _, finding in keyed)


def _between(gap: Gap) -> str:
    if gap.after and gap.before:
        return f"between {gap.after} and {gap.before}"
    return f"after {gap.after}" if gap.after else f"before {gap.before or 'nothing'}"


def _tokens(letter: Letter, pdf: PdfText) -> tuple[list[Token], list[Finding]]:
    """The words of all pages with page furniture removed, and findings for missing furniture."""
    total = len(pdf.pages)
    tokens: list[Token] = []
    findings: list[Finding] = []
    for number, text in enumerate(pdf.pages, start=1):
        wanted = {}
        if number > 1:
            wanted["running_header"] = _words(running_header(letter))
        if total > 1:
            wanted["page_label"] = _words(page_label(letter.language, number, total))
        lines = [words for line in _nfc(text).splitlines() if (words := tuple(line.split()))]
        lines, missing = _strip_furniture(lines, wanted)
        findings += [Finding(name, _text(wanted[name]), "", "missing", number) for name in missing]
        for line in lines:
            tokens += [Token(word, i == len(line) - 1, number) for i, word in enumerate(line)]
    return tokens, findings


def _strip_furniture(lines: list[tuple[str, ...]], wanted: dict[str, tuple[str, ...]]
                     ) -> tuple[list[tuple[str, ...]], list[str]]:
    """Remove furniture lines from the first two lines (either may be furniture, in either
    order) and the page label from the last line: text is extracted in drawing order, so
    furniture drawn first or last comes out there. Returns the furniture not found."""
    remaining = dict(wanted)
    drop = set()
    for i, words in enumerate(lines[:2]):
        name = next((k for k, w in remaining.items() if w == words), None)
        if name:
            del remaining[name]
            drop.add(i)
    last = len(lines) - 1
    if last not in drop and lines and remaining.get("page_label") == lines[last]:
        del remaining["page_label"]
        drop.add(last)
    return [words for i, words in enumerate(lines) if i not in drop], list(remaining)


def _explain(gap: Gap, unmatched: list[int], left: list[int], tokens: list[Token],
             expected: list[Expected]) -> list[tuple[int, Finding]]:
    """Findings for the fields of a gap that did not match, given the tokens left there."""
    words = [expected[f].words for f in unmatched]
    stray = align.stray_lines(left, tokens, words) if unmatched and left else []
    if not unmatched or stray:
        return [(run[0], Finding("", "", _found(tokens, run[0], run[-1] + 1),
                                 "unexpected text", tokens[run[0]].page))
                for run in align.runs(stray or left)]
    shares = align.assign(words, [tokens[t] for t in left]) if left else [[] for _ in words]
    # A missing field is placed (for sorting, and its page) where the field before it starts.
    where = min(gap.tokens.start, len(tokens) - 1)
    out = []
    for f, share in zip(unmatched, shares, strict=True):
        want = _text(expected[f].words)
        where = left[share[0][0]] if share else where
        page = tokens[where].page if tokens else 0
        found = _text(w for _, w in share)
        out.append((where, Finding(expected[f].path, want, found,
                                   "text differs" if share else "missing", page)))
    return out


def _found(tokens: list[Token], start: int, end: int) -> str:
    return _text(t.text for t in tokens[start:end])


# --- what a reader sees ------------------------------------------------------------------

def compare_repairs(pdf: PdfText) -> tuple[Finding, ...]:
    """A file pypdf had to repair (a broken cross-reference table, objects not where the file
    says) is damaged: another reader may repair it differently, or not at all."""
    if not pdf.warnings:
        return ()
    repairs = list(dict.fromkeys(pdf.warnings))
    shown = "; ".join(repairs[:REPAIRS_SHOWN])
    more = len(repairs) - REPAIRS_SHOWN
    return (Finding("file", "", "", f"the file is damaged: pypdf repaired it ({shown}"
                    + (f"; and {more} more)" if more > 0 else ")")),)


def compare_ink(letter: Letter, ink: Sequence[PageInk]) -> tuple[Finding, ...]:
    """One finding per field, page and reason for the characters a reader cannot see.

    PDFium's text is aligned with the letter's fields as the text layer is, so each hidden
    character is named by the field it belongs to ("" when it belongs to none)."""
    stray = tuple(Finding("", "", f"ink at ({b[0]:.0f}, {b[1]:.0f}), {b[2] - b[0]:.0f} x "
                          f"{b[3] - b[1]:.0f} pt", message, number)
                  for number, page in enumerate(ink, 1)
                  for boxes, message in ((page.stray, "ink that is not part of the letter"),
                                         (page.printed, "ink that is not part of the letter, "
                                                        "on paper only"))
                  for b in boxes)
    stray += tuple(Finding("", f"a line at ({b[0]:.0f}, {b[1]:.0f}), {b[2] - b[0]:.0f} pt long",
                           "", "a line the letter draws is missing", number)
                   for number, page in enumerate(ink, 1) for b in page.missing)
    if not any(page.hidden for page in ink):
        return stray
    return _hidden_findings(letter, ink) + stray


def _hidden_findings(letter: Letter, ink: Sequence[PageInk]) -> tuple[Finding, ...]:
    tokens, token_of = _ink_tokens(ink)
    expected = [Expected(f.path, w) for f in fields(letter) if (w := _words(f.text))]
    occurrences = align.occurrences(tokens, expected)
    rare = [m for ms in occurrences if len(ms) <= align.MAX_OCCURRENCES for m in ms]
    occurrences = align.near_anchors(occurrences, align.chain(rare, expected), tokens)
    owner = {t: expected[m.field].path
             for m in align.chain([m for ms in occurrences for m in ms], expected)
             for t in range(m.start, m.end)}
    hidden: dict[tuple[str, int, str], dict[int, None]] = {}
    for number, page in enumerate(ink, start=1):
        for h in page.hidden:
            token = token_of[number - 1][h.index]
            if token >= 0:
                verdict = "text is not legible: " if h.seen else "text is not visible: "
                key = (owner.get(token, ""), number, verdict + h.reason)
                hidden.setdefault(key, {})[token] = None
    return tuple(Finding(path, text, text, message, number)
                 for (path, number, message), where in hidden.items()
                 if (text := _clip(_text(tokens[t].text for t in where))))


def _ink_tokens(ink: Sequence[PageInk]) -> tuple[list[Token], list[list[int]]]:
    """The words of PDFium's text of every page, and for each page the token each
    character index belongs to (-1 for spaces and line ends)."""
    tokens: list[Token] = []
    token_of: list[list[int]] = []
    for number, page in enumerate(ink, start=1):
        of = [-1] * len(page.text)
        for match in re.finditer(r"\S+", page.text):
            of[match.start():match.end()] = [len(tokens)] * (match.end() - match.start())
            line_end = page.text[match.end():match.end() + 1] in ("\r", "\n", "")
            tokens.append(Token(_nfc(match.group()), line_end, number))
        token_of.append(of)
    return tokens, token_of


# --- text helpers and the readable difference ---------------------------------------------

def _nfc(text: str) -> str:
    # A soft hyphen is invisible unless a line breaks there, and then it prints as "-",
    # which the line-end joins accept; so it is no part of a word on either side.
    return unicodedata.normalize("NFC", text).replace("\u00ad", "")


def _words(text: str) -> tuple[str, ...]:
    return tuple(_nfc(text).split())


def _text(words: Iterable[str]) -> str:
    return " ".join(words)


def _clip(text: str) -> str:
    return text if len(text) <= CLIP_CHARS else text[:CLIP_CHARS - 1] + "…"


def _difference(expected: list[str], found: list[str]) -> str:
    """Where the two word lists first differ, with a few words of context and a hint."""
    k = next((i for i, (e, f) in enumerate(zip(expected, found, strict=False)) if e != f),
             min(len(expected), len(found)))
    if k == len(expected) == len(found):
        return "  (the same words, differently spaced)"
    start = max(0, k - CONTEXT_WORDS)
    lead = "… " if start else ""

    def context(words: list[str]) -> str:
        tail = " …" if len(words) > k + CONTEXT_WORDS + 1 else ""
        return lead + " ".join(words[start:k + CONTEXT_WORDS + 1]) + tail

    same = " ".join(expected[start:k])
    caret = " " * (len("  expected: ") + len(lead) + len(same) + (1 if same else 0)) + "^"
    lines = [f"  at word {k + 1} of {len(expected)}:", "  expected: " + context(expected),
             "  found:    " + context(found), caret]
    hint = _hint(expected, found, k)
    return "\n".join(lines + ([f"  hint: {hint}"] if hint else []))


def _hint(expected: list[str], found: list[str], k: int) -> str:
    e = expected[k] if k < len(expected) else ""
    f = found[k] if k < len(found) else ""
    if f and k + 1 < len(expected) and f == e + expected[k + 1]:
        return f'a space is missing between "{e}" and "{expected[k + 1]}"'
    if not f:
        return "the text ends early"
    if not e:
        return "extra text at the end"
    if expected[k + 1:] == found[k:]:
        return f'the word "{e}" is missing'
    if found[k + 1:] == expected[k:]:
        return f'an extra word "{f}"'
    if _bare(e) == _bare(f):
        return f'"{f}" differs from "{e}" in its diacritics'
    return ""


def _bare(word: str) -> str:
    """``word`` without diacritics (İ has a combining dot; ı has no decomposition)."""
    decomposed = unicodedata.normalize("NFD", word.replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
