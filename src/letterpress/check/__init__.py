"""Checking: a PDF read back (pypdf, PDFium, pikepdf) and judged against its source."""
