"""Warnings: what is right to print but probably not what the writer meant.

One step for every source format, run on the resolved letter with its source's positions, so
a Markdown letter and the same letter imported to YAML warn alike (and ``--strict`` refuses
both). Errors are the parser's and the resolver's business; nothing here stops a build.
"""

from __future__ import annotations

import re

from ..errors import Diagnostic
from ..model import Correction, Letter, SourceLetter
from .names import mixed_script_message, mixed_scripts

_SIGNED_BY = re.compile(r"signed\s+by\s+([0-9]{1,9})(?![0-9])", re.IGNORECASE)


def lint(letter: Letter, source: SourceLetter) -> tuple[Diagnostic, ...]:
    """Every warning about ``letter``, located in ``source``."""
    return (_signatory_count(letter, source) + _idle_correction(letter, source)
            + _mixed_scripts(letter, source))


def _signatory_count(letter: Letter, source: SourceLetter) -> tuple[Diagnostic, ...]:
    """A stated number of signatories ("signed by 44 members") that the list contradicts."""
    listed = sum(len(group.members) for group in letter.signatories)
    texts = [(f"body[{i}]", p.text) for i, p in enumerate(letter.body)]
    texts += [(f"closing[{i}]", line) for i, line in enumerate(letter.closing)]
    warnings = []
    for path, text in texts:
        for match in _SIGNED_BY.finditer(text):
            if int(match.group(1)) != listed:
                line, column = source.locate(path, match.group(0))
                warnings.append(Diagnostic(
                    source.file, line, column, path,
                    f"the text says signed by {match.group(1)}, but {listed} signatories are "
                    "listed", "correct the number or the list", "warning"))
    return tuple(warnings)


def _idle_correction(letter: Letter, source: SourceLetter) -> tuple[Diagnostic, ...]:
    """A correction note that revision 1 does not print: the revision was probably not
    raised."""
    if letter.revision > 1 or letter.correction == Correction():
        return ()
    where = source.positions.get("correction")
    line, column = (where.line, where.column) if where else (0, 0)
    return (Diagnostic(source.file, line, column, "correction",
                       "revision 1 prints no correction note", "raise revision to 2",
                       "warning"),)


def _mixed_scripts(letter: Letter, source: SourceLetter) -> tuple[Diagnostic, ...]:
    """A name (of the sender, a recipient, a signatory, their organisation or role) with a
    word in Latin letters and a Cyrillic one among them, or the reverse: it looks right, but
    nobody finds it. A signatory taken from the registry is located at its member line."""
    texts = [("sender", letter.sender)]
    texts += [(f"recipient[{i}]", line) for i, line in enumerate(letter.recipient)]
    for g, group in enumerate(letter.signatories):
        for i, member in enumerate(group.members):
            path = f"signatories[{g}].members[{i}]"
            texts += [(f"{path}.{key}", getattr(member, key))
                      for key in ("name", "organisation", "role")]
    for i, signer in enumerate(letter.signature.signers if letter.signature else ()):
        texts += [(f"signature.signers[{i}].{key}", getattr(signer, key))
                  for key in ("name", "title", "organisation")]
    warnings = []
    for path, text in texts:
        for word, letter_, said in mixed_scripts(text):
            line, column = source.locate(path, letter_)
            if not line:  # from the registry: the letter names it by its id
                line, column = source.locate(path.rsplit(".", 1)[0] + ".member", "")
            warnings.append(Diagnostic(source.file, line, column, path,
                                       mixed_script_message(text, word, letter_, said),
                                       "write every letter of a word in one script",
                                       "warning"))
    return tuple(warnings)
