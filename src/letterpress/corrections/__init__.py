"""Corrections: the members registry, changes between letters, and rebuilding what a change
affects."""
