"""Parsing: a letter's text (YAML or Markdown) in, a SourceLetter out; nothing read, resolved
or linted."""
