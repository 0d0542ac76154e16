"""Document-level objects: what the PDF says about itself.

The document information dictionary (title, author, subject, dates), set through the canvas.
"""

from __future__ import annotations

import datetime
from typing import Any

from ..layout.boxes import Document
from .options import RenderOptions

PRODUCER = "letterpress"


def describe(canvas: Any, document: Document, options: RenderOptions) -> None:
    """Title, author, subject, creator and producer; creation and modification date."""
    canvas.setTitle(document.title)
    canvas.setAuthor(document.author)
    canvas.setSubject(document.subject)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    created = pdf_date(options.timestamp)
    canvas.setDateFormatter(lambda *_: created)


def pdf_date(moment: datetime.datetime) -> str:
    """A PDF date string (ISO 32000-1 7.9.4) in UTC, e.g. ``D:20201008000000Z``."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("D:%Y%m%d%H%M%SZ")
