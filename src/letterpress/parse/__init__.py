"""Parsing: a letter's text (YAML or Markdown) in, a :class:`~letterpress.model.SourceLetter`
out, with every problem found, each located by file, line and column.

Parsing reads no other file, resolves no reference (a letterhead file, a logo, a registry
member stays as written) and lints nothing: the resolve stage does that. ``textfile`` turns a
letter's bytes, served by the world, into text; ``yaml_source`` (with ``yamltree`` and the key
tables of ``schema``) and ``markdown`` read the two formats; ``dump`` writes a letter back as
YAML.
"""

from __future__ import annotations

from ..errors import Diagnostic
from ..model import SourceLetter

__all__ = ["MARKDOWN_SUFFIXES", "parse_text"]

MARKDOWN_SUFFIXES = (".md",)


def parse_text(text: str, filename: str, coverage: frozenset[int]
               ) -> tuple[SourceLetter, list[Diagnostic]]:
    """The source letter in ``text``, YAML or Markdown as ``filename``'s suffix says, and the
    problems found (Markdown raises SourceError with all of them at once). ``coverage`` is the
    set of code points the fonts can draw."""
    if filename.lower().endswith(MARKDOWN_SUFFIXES):
        from .markdown import parse_markdown_source

        return parse_markdown_source(text, filename, coverage), []
    from .yaml_source import parse_source

    return parse_source(text, filename, coverage)
