"""The archive: one BagIt bag per filed letter, and a register that finds them.

The folder's layout is in folder.py; bags are written by bag.py (the bagit library), the
register by register.py (SQLite with FTS5), filing in filing.py, verification in verify.py.
These functions are what the command line calls; each takes the archive folder and the world
(a letter source is loaded again, to index its words) and returns plain values with notices
for the user, never printing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .filing import Filed, Prepared, file_letter, prepare
    from .folder import locate, require
    from .listing import Found, Reindexed, find, reindex
    from .register import Entry, Hit
    from .verify import Verified, verify

__all__ = ["Entry", "Filed", "Found", "Hit", "Prepared", "Reindexed", "Verified", "file_letter",
           "find", "locate", "prepare", "reindex", "require", "verify"]

# Each name from the module that defines it, imported when first asked for: a build asks the
# archive only where it is (folder.py) and whether a letter is filed (sent.py), and never
# loads filing, verification or scans (about 40 ms of imports).
_WHERE = {"Filed": "filing", "Prepared": "filing", "file_letter": "filing", "prepare": "filing",
          "locate": "folder", "require": "folder", "Found": "listing", "Reindexed": "listing",
          "find": "listing", "reindex": "listing", "Entry": "register", "Hit": "register",
          "Verified": "verify", "verify": "verify"}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    if name == _WHERE[name]:  # importing verify.py made `verify` name the module: the function
        globals()[name] = value
    return value
