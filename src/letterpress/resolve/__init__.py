"""Resolving: a SourceLetter's references (letterhead file, logo, registry members) followed
through the world."""
