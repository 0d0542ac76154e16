"""letterpress: structured letters in, faithful letterhead PDFs out, proven by reading back."""

__version__ = "0.1.0"
