"""Words recognised on a page image by Tesseract, in the letter's language.

The one module that runs Tesseract. It is called as a program (``tesseract IMAGE stdout -l
LANG tsv``), one process a page, pages run side by side on every core; each process is held
to one thread (``OMP_THREAD_LIMIT=1``), which is faster for a page than Tesseract's own
threads on a small machine, and lets pages run in parallel instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..model import Language
from ..scanned import ReadPage, ScanImage, Word

# Tesseract's trained data for each language a letter may be in, and the Debian package
# that brings it.
TRAINED = {"en": "eng", "az": "aze", "ru": "rus"}
PACKAGES = {"en": "tesseract-ocr-eng", "az": "tesseract-ocr-aze", "ru": "tesseract-ocr-rus"}
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-aze tesseract-ocr-rus"
SECONDS_PER_PAGE = 120  # a page that takes longer is not a page of a letter


class Missing(RuntimeError):
    """Tesseract, or its data for a language, is not installed: the message names the
    Debian package to install."""


class Failed(RuntimeError):
    """Tesseract could not read a page (the message says which and why)."""


def available(language: Language | Sequence[Language]) -> str:
    """The reason OCR in ``language`` (or in all of several) cannot run here, or "" when it
    can."""
    program = shutil.which("tesseract")
    if program is None:
        return f"Tesseract is not installed; install it with `{INSTALL}`"
    try:
        listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({exc}); reinstall it with `{INSTALL}`"
    for one in _each(language):
        if TRAINED[one] not in listed:
            return (f"Tesseract has no {TRAINED[one]!r} data for language {one!r}; "
                    f"install it with `apt-get install {PACKAGES[one]}`")
    return ""


def _each(language: Language | Sequence[Language]) -> tuple[Language, ...]:
    return (language,) if isinstance(language, str) else tuple(language)


def recognise(images: Sequence[ScanImage], language: Language | Sequence[Language],
              workers: int | None = None) -> tuple[ReadPage, ...]:
    """Every page of ``images`` read in ``language`` (several: a page that may be in any of
    them, read more slowly), in their order. Missing or Failed."""
    reason = available(language)
    if reason:
        raise Missing(reason)
    workers = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=min(workers, len(images) or 1)) as pool:
        return tuple(pool.map(lambda image: _page(image, language), images))


def _page(image: ScanImage, language: Language | Sequence[Language]) -> ReadPage:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="letterpress-ocr-") as tmp:
        path = Path(tmp) / f"page.{'jpg' if image.format == 'jpeg' else image.format}"
        path.write_bytes(image.data)
        args = ["tesseract", str(path), "stdout", "-l",
                "+".join(TRAINED[one] for one in _each(language)),
                "--dpi", str(round(image.dpi[0])), "tsv"]
        try:
            done = subprocess.run(args, capture_output=True, timeout=SECONDS_PER_PAGE,
                                  env=env, check=False)
        except subprocess.TimeoutExpired:
            raise Failed(f"{image.origin}: OCR took more than {SECONDS_PER_PAGE} s; "
                         "is it a page of a letter?") from None
        if done.returncode:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise Failed(f"{image.origin}: Tesseract could not read it"
                         f" ({said[-1] if said else f'exit code {done.returncode}'})")
    return ReadPage(image, tuple(read_tsv(done.stdout.decode("utf-8", "replace"))))


def read_tsv(tsv: str) -> list[Word]:
    """The words of Tesseract's TSV (level 5 rows), each with the line it is on counted
    through the page in reading order."""
    words, lines = [], {}  # type: ignore[var-annotated]
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        key = (int(cells[2]), int(cells[3]), int(cells[4]))  # block, paragraph, line
        line = lines.setdefault(key, len(lines))
        words.append(Word(unicodedata.normalize("NFC", cells[11].strip()),
                          (int(cells[6]), int(cells[7]), int(cells[8]), int(cells[9])),
                          float(cells[10]), line))
    return words
