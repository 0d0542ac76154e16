"""Parsing: a letter's text (YAML or Markdown) in, a :class:`~letterpress.model.SourceLetter`
out, with every problem found, each located by file, line and column.

Parsing reads no other file, resolves no reference (a letterhead file, a logo, a registry
member stays as written) and lints nothing: the resolve stage does that. ``textfile`` turns a
letter's bytes, served by the world, into text; ``sniff`` says which format a text is written
in, whatever its file's name, or that it is not a letter source; ``yaml_source`` (with
``yamltree`` and the key tables of ``schema``) and ``markdown`` read the two formats; ``dump``
writes a letter back as YAML.
"""

from __future__ import annotations

from ..errors import Diagnostic
from ..model import SourceLetter

__all__ = ["parse_text"]


def parse_text(text: str, filename: str, coverage: frozenset[int]
               ) -> tuple[SourceLetter, list[Diagnostic]]:
    """The source letter in ``text``, YAML or Markdown as its shape says (:mod:`.sniff`; the
    suffix of ``filename`` decides only when the text shows neither), and the problems found:
    errors, and warnings (``severity="warning"``, which do not stop a build). A Markdown
    letter raises SourceError with all of its errors at once; a text that is no letter
    source raises it with what the text looks like. ``coverage`` is the set of code points
    the fonts can draw."""
    from .sniff import source_format

    if source_format(text, filename) == "markdown":
        from .markdown import parse_markdown_source

        return parse_markdown_source(text, filename, coverage)
    from .yaml_source import parse_source

    return parse_source(text, filename, coverage)
