"""Scans of printed letters: read (images from a PDF or image files), recognised with OCR
(Tesseract), and matched against the letters they are copies of.

Building and checking letters never import this package; Tesseract is needed only here, and
a machine without it is told what to install (:class:`ocr.Missing`).
"""
