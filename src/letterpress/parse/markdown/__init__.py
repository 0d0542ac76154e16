"""Import a letter written in Markdown, in the shape of an exported letter, into the model.

The shape (``tests/data/seed-appeal.md`` is a real one)::

    ## Letterhead name                      letterhead.name
    Azerbaijan, Baku, AZ 1001               letterhead.address[0]
    Tel.: (994 12) 4925726                  letterhead.telephone
    E-mail: [a@b.az](mailto:a@b.az)         letterhead.email
    [www.b.az](http://www.b.az)             letterhead.website and website_url
    05/20                                   reference
    08.10.2020                              date (and date_format)
    **From: Sender**                        sender
    **To: First line                        recipient[0]
    Second line**                           recipient[1]
    Paragraphs ...                          body, then closing
    **NGO Representatives:**                signatories[0].heading
    1. Name – Organisation                  signatories[0].members[0]

The rules, in reading order (docs/markdown.md says them for writers, with an example a
language):

* Front matter (optional): a first non-blank line ``---``, then ``language: az`` and
  ``typeface: sans`` (its only keys, each optional), then ``---``; :mod:`.language`. A
  letter that does not state its language has it guessed from its body's letters, its From/To
  labels or the month of its date, and the guess is a warning naming what it was based on.
* Lines: the text is NFC-normalised and split at line ends (LF, CR LF or CR, as in YAML). Trailing
  spaces (two of them make a Markdown hard break) are removed, a run of spaces inside a line
  counts as one (as Markdown renders it), and blank lines separate blocks. In the letterhead
  and the From/To blocks every source line is one line of its field.
* Letterhead: the first non-blank line is a heading (``#`` to ``######``; an enclosing ``**``
  is dropped because the name prints bold anyway). The lines after it, up to the reference:
  ``Tel.:`` and ``E-mail:`` (the labels the letter prints, in any of its languages: a label
  of another language than the letter's is a warning, as it prints in the letter's) give the
  telephone and the email (plain, or ``[x](mailto:x)``); a line that is only a link
  ``[text](url)`` gives website and website_url; a bare ``www.`` or ``http(s)://`` line gives
  the website alone; any other line is an address line, kept as written.
* Reference: a line of at most 20 characters of digits, ``/``, ``-`` and ``.`` that is not a
  date (so a postcode alone on a line would be taken for it).
* Date: the first date line: ``DD.MM.YYYY`` (one-digit day or month allowed), ``YYYY-MM-DD``,
  ``D Month YYYY`` or ``Month D, YYYY`` with the month named in the letter's language.
  date_format is chosen so that the date prints exactly as written.
* Parties: the blocks right after the date that start with ``From:`` or ``To:`` (or the labels
  of another language), bold as a whole
  (``**From: X**``) or bold on the label only (``**From:** X``). The sender is one line.
* Signatory groups: a block ``**Heading:**`` (bold, ending in a colon) followed by a numbered
  list (``1.`` or ``1)``). The list runs on across blank lines until a block that is not a list
  item; an indented line right under an item continues it. The first number is the group's
  start and every further number must be one more than the one before. An item splits into
  name and organisation at its *first separator*: an en or em dash, spaces optional, or a
  hyphen (or two) with white space on at least one side, so "Nagorno-Karabakh" and "Al-Hassan"
  stay whole and "Orduhanli- Assistance" splits. No separator: the whole item is the name.
  role stays empty and columns 1: Markdown has no way to say them.
* Closing: of the paragraphs between the parties and the first signatory group (or the end of
  the file), the longest run at the end in which every paragraph is a single source line of at
  most 120 characters without formatting; one closing line per paragraph. The first paragraph
  always stays in the body.
* Subject and salutation (:mod:`.parts`): the first prose paragraph, when it is one line
  starting with a subject's label (``Subject:``, ``Re:``, ``Mövzu:``, ``Тема:``, bare or
  bold), is the subject; the next (or the first), when it is one line of at most 120
  characters without formatting that opens with a salutation's word (``Dear``, ``Hörmətli``,
  ``Уважаем``...) and ends with ``,`` or ``!``, is the salutation. Either needs a paragraph
  of body after it.
* Enclosures and copies (:mod:`.parts`): blocks starting with the labels the letter prints
  (``Enclosure:``, ``Enclosures: 2``, ``cc:``, in any of its languages), after the closing
  or the signatory lists, with a numbered or bulleted list under a count; nothing may follow
  them.
* Body: the other paragraphs. The lines of a paragraph are joined with a space; a hard break
  inside a body paragraph is an error, since a paragraph of the model has no line break.
  Inline ``**bold**``, ``*italic*``, ``***both***`` (nested as in ``**a *b* c**``),
  ``[text](url)`` and backslash escapes of ASCII punctuation are read as in CommonMark, by the
  parser the YAML source uses (:mod:`letterpress.inline`); a ``*`` or ``[`` that opens nothing
  stays a literal character; a link target may hold balanced parentheses but no white space
  (a title is not read); links may point only to http://, https:// or mailto: addresses (as
  in the YAML source). ``_``, HTML, entities and autolinks are not interpreted: they stay as
  written. Every other field reads only backslash escapes; formatting there is an error,
  because the field prints in one style.

Nothing is dropped silently. A line that fits no field, a construct the model cannot hold (a
heading, a bulleted list, a quote or a table in the body), a control or invisible format
character, and a character the fonts cannot draw are errors with line and column (columns count
characters of the NFC-normalised line). All problems are collected and raised as one
SourceError.

The stages, in the order of :func:`parse_markdown_source`: :mod:`.blocks` (lines, blocks, the report
and one-style text), :mod:`.head` (letterhead, reference, date, From and To) and :mod:`.body`
(body, closing and signatory lists).
"""

from __future__ import annotations

from ...errors import Diagnostic
from ...model import Letterhead, Position, SourceLetter
from .blocks import Block, Report, split_blocks, split_lines
from .body import CLOSING_MAX_CHARS, read_rest, split_prose
from .head import check_labels, read_date, read_head, read_parties
from .language import STATE_HINT, guess_language, read_front_matter
from .parts import read_opening

__all__ = ["CLOSING_MAX_CHARS", "parse_markdown_source"]


def parse_markdown_source(text: str, filename: str, coverage: frozenset[int]
                          ) -> tuple[SourceLetter, list[Diagnostic]]:
    """The source letter of Markdown ``text`` and its warnings, or SourceError listing every
    problem."""
    report = Report(filename)
    lines = split_lines(text, coverage, report)
    stated, start = read_front_matter(lines, report)
    blocks = split_blocks(lines[start:])
    head, index = read_head(blocks, report)
    parties, index = read_parties(blocks, index, report)
    prose, groups, tail = read_rest(blocks, index, report)
    language = stated.language
    if language is None:
        language, basis, line = guess_language(prose, parties.labels, head.date_line)
        report.warn(line, f"the letter does not state its language; guessed '{language}' "
                    f"from {basis}", STATE_HINT.format(language=language), "language")
    date, date_format = read_date(head.date_line, language, report)
    check_labels(head, parties, language, stated.language is not None, report)
    subject, salutation, rest = read_opening(prose, report)
    body, closing = split_prose(rest, report)
    report.raise_if_any()
    assert date is not None and head.reference is not None and parties.sender is not None
    letterhead = Letterhead(name=head.name or "", address=tuple(head.address),
                            telephone=head.telephone, email=head.email,
                            website=head.website, website_url=head.website_url)
    values = {"letterhead": letterhead, "reference": head.reference, "date": date,
              "sender": parties.sender, "recipient": parties.recipient, "body": body,
              "closing": closing, "signatories": tuple(groups), "language": language,
              "date_format": date_format}
    # the parts of a formal letter, each only when the letter has it (as YAML leaves it out)
    parts = {"subject": subject, "salutation": salutation,
             "enclosures": tuple(tail.enclosures), "cc": tuple(tail.cc)}
    values |= {key: value for key, value in parts.items() if value}
    paths = [key for key in ("subject", "salutation") if parts[key]]
    paths += [f"body[{i}]" for i in range(len(body))]
    paths += [f"closing[{i}]" for i in range(len(closing))]
    positions = {path: _position(filename, block) for path, block in zip(paths, prose,
                                                                          strict=False)}
    positions |= tail.positions
    if stated.line is not None:
        positions["language"] = _position(filename, (stated.line,))
    if stated.typeface is not None and stated.typeface_line is not None:
        values["typeface"] = stated.typeface
        positions["typeface"] = _position(filename, (stated.typeface_line,))
    source = SourceLetter(file=filename, format="markdown", values=values, positions=positions,
                          lines=tuple(line.text for line in lines))
    return source, report.warnings


def _position(filename: str, block: Block) -> Position:
    first, last = block[0], block[-1]
    return Position(file=filename, line=first.number, column=first.column, end_line=last.number,
                    end_column=len(last.text) + 1)
