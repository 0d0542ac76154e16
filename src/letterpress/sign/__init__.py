"""Signing: a letter signed and stamped (pyHanko), and a signed letter judged."""
